"""POST /api/documents: code, store once, answer with the events."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from sword.api import create_app
from sword.model import CodedDocument, Document, Event
from sword.store import Store

TOKEN = "write-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
COUNTRIES = {"Russia": "RUS", "Armenia": "ARM", "Azerbaijan": "AZE", "France": "FRA"}


class KeywordCoder:
    """A stand-in coder: "X accused Y" gives one 112 event; it records what it was given."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, documents: list[Document]) -> list[CodedDocument]:
        out = []
        for document in documents:
            self.seen.append(document.id)
            events = []
            words = document.text.rstrip(".").split()
            if len(words) >= 3 and words[1] == "accused":
                source, target = COUNTRIES[words[0]], COUNTRIES[words[2]]
                events.append(Event(
                    doc_id=document.id, sentence_index=0, evidence=document.text,
                    evidence_start=0, evidence_end=len(document.text),
                    event_date=document.date.isoformat() if document.date else None,
                    date_precision="day", source=source, target=target,
                    source_name=words[0], target_name=words[2], source_country=source,
                    target_country=target, cameo="112", root="11", quad_class=3,
                    goldstein=-2.0, plover="ACCUSE", confidence=0.7, pattern="verb:accuse"))
            out.append(CodedDocument(document, events))
        return out


@pytest.fixture
def setup(tmp_path: Path):
    coder = KeywordCoder()
    db = tmp_path / "writes.duckdb"
    with TestClient(create_app(db, token=TOKEN, coder=coder)) as client:
        yield client, coder, db


def post(client: TestClient, body: object) -> dict:
    response = client.post("/api/documents", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    return response.json()


def test_api_post_one_document_returns_its_events(setup) -> None:
    client, coder, _ = setup
    answer = post(client, {"id": "a1", "text": "Russia accused Armenia.", "date": "2025-07-14",
                           "source": "Daily", "title": "T", "url": "https://x.example/a1"})
    assert answer["added"] == 1 and answer["duplicates"] == 0 and answer["events"] == 1
    (doc,) = answer["documents"]
    assert (doc["id"], doc["doc_id"], doc["status"]) == ("a1", "a1", "added")
    (event,) = doc["events"]
    assert (event["source"], event["target"], event["cameo"]) == ("RUS", "ARM", "112")
    assert event["event_date"] == "2025-07-14"
    stored = client.get("/api/documents/a1").json()
    assert stored["publisher"] == "Daily" and stored["date"] == "2025-07-14"
    assert [e["event_id"] for e in stored["events"]] == [event["event_id"]]
    assert coder.seen == ["a1"]


def test_api_post_many_and_written_dates(setup) -> None:
    client, _, _ = setup
    answer = post(client, [
        {"id": "b1", "text": "France accused Russia.", "date": "14 July 2025"},
        {"id": "b2", "text": "Nothing happened today."},
    ])
    assert [d["status"] for d in answer["documents"]] == ["added", "added"]
    assert [len(d["events"]) for d in answer["documents"]] == [1, 0]
    assert client.get("/api/documents/b1").json()["date"] == "2025-07-14"
    assert client.get("/api/summary").json()["documents"] == 2


def test_api_post_same_text_again_is_a_duplicate_not_recoded(setup) -> None:
    client, coder, _ = setup
    first = post(client, {"id": "c1", "text": "Armenia accused Azerbaijan."})
    again = post(client, {"id": "c1-copy", "text": "Armenia accused Azerbaijan."})
    (doc,) = again["documents"]
    assert doc["status"] == "duplicate" and doc["doc_id"] == "c1"
    assert doc["events"] == first["documents"][0]["events"]
    assert again["added"] == 0 and again["duplicates"] == 1 and again["events"] == 0
    assert coder.seen == ["c1"]
    assert client.get("/api/summary").json()["documents"] == 1


def test_api_post_repeated_text_within_one_request(setup) -> None:
    client, coder, _ = setup
    answer = post(client, [{"id": "d1", "text": "Russia accused France."},
                           {"id": "d2", "text": "Russia accused France."}])
    assert [d["status"] for d in answer["documents"]] == ["added", "duplicate"]
    assert answer["documents"][1]["doc_id"] == "d1"
    assert coder.seen == ["d1"]


def test_api_post_taken_id_with_new_text_gets_a_suffixed_id(setup) -> None:
    client, _, _ = setup
    post(client, {"id": "e1", "text": "Russia accused Armenia."})
    answer = post(client, {"id": "e1", "text": "Armenia accused Russia."})
    (doc,) = answer["documents"]
    assert doc["status"] == "added" and doc["doc_id"].startswith("e1#")
    assert doc["events"][0]["doc_id"] == doc["doc_id"]
    fetched = client.get("/api/documents/" + quote(doc["doc_id"], safe=""))
    assert fetched.status_code == 200 and fetched.json()["text"] == "Armenia accused Russia."


def test_api_post_without_id_derives_one_from_the_text(setup) -> None:
    client, _, _ = setup
    one = post(client, {"text": "France accused Azerbaijan."})["documents"][0]
    two = post(client, {"text": "France accused Azerbaijan."})["documents"][0]
    assert one["doc_id"].startswith("api-") and one["doc_id"] == two["doc_id"]


def test_api_post_ids_with_slashes_can_be_read_back(setup) -> None:
    client, _, _ = setup
    post(client, {"id": "2025/07/report one", "text": "Russia accused Azerbaijan."})
    fetched = client.get("/api/documents/" + quote("2025/07/report one", safe="/"))
    assert fetched.status_code == 200 and fetched.json()["doc_id"] == "2025/07/report one"


def test_api_post_refreshes_cached_analyses(setup) -> None:
    client, _, _ = setup
    assert client.get("/api/network").json()["edges"] == []
    post(client, {"text": "Russia accused Armenia.", "date": "2025-01-02"})
    edges = client.get("/api/network").json()["edges"]
    # one accusation: conflictual, but too few events to call the pair hostile
    assert [(e["a"], e["b"], e["weight"], e["balance"], e["sign"], e["label"])
            for e in edges] == [("ARM", "RUS", 1, -1.0, 0, "too few events")]


def test_api_post_is_visible_in_the_file_after_shutdown(setup) -> None:
    client, _, db = setup
    post(client, {"id": "f1", "text": "Azerbaijan accused Russia."})
    client.__exit__(None, None, None)  # lifespan end: the app closes the store
    with Store(db, read_only=True) as store:
        assert store.counts()["documents"] == 1
        assert store.counts()["events"] == 1


@pytest.mark.slow
def test_api_post_through_the_real_coder(tmp_path: Path) -> None:
    from sword.coding.pipeline import code

    text = "Russia condemned Armenia on Tuesday. Azerbaijani police raided the Sputnik office."
    with TestClient(create_app(tmp_path / "real.duckdb", token=TOKEN)) as client:
        answer = post(client, {"id": "real-1", "text": text, "date": "2025-07-01",
                               "source": "Wire"})
        (doc,) = answer["documents"]
        assert doc["status"] == "added"
        found = {(e["source"], e["target"], e["cameo"], e["evidence"]) for e in doc["events"]}
        expected = {(e.source, e.target, e.cameo, e.evidence)
                    for e in code(text, date="2025-07-01", doc_id="real-1")}
        assert found == expected
        assert any(e[:2] == ("RUS", "ARM") for e in found)
        timeline = client.get("/api/dyads/RUS/ARM/timeline").json()
        assert sum(timeline["series"]["both"]["events"]) >= 1


def test_api_post_copy_from_another_outlet_is_another_appearance(setup) -> None:
    client, coder, _ = setup
    post(client, {"id": "w1", "text": "Russia accused France.", "source": "Herald",
                  "date": "2025-03-02", "url": "https://herald.example/1"})
    copy = post(client, {"id": "w2", "text": "Russia accused France.", "source": "Post",
                         "date": "2025-03-02", "url": "https://post.example/9"})
    again = post(client, {"id": "w3", "text": "Russia accused France.", "source": "Post",
                          "date": "2025-03-02", "url": "https://post.example/9"})
    assert copy["duplicates"] == 1 and again["duplicates"] == 1 and coder.seen == ["w1"]
    stored = client.get("/api/documents/w1").json()
    assert [(a["publisher"], a["url"]) for a in stored["appearances"]] == [
        ("Herald", "https://herald.example/1"), ("Post", "https://post.example/9")]


def test_api_post_without_lang_has_its_language_detected(setup) -> None:
    client, _, _ = setup
    russian = ("Президент России Владимир Путин провёл переговоры с президентом "
               "Азербайджана Ильхамом Алиевым в Москве.")
    answer = post(client, [{"id": "ru", "text": russian},
                           {"id": "en", "text": "Russia accused Armenia."},
                           {"id": "tagged", "text": "Armenia accused Russia.", "lang": "EN-gb"}])
    assert [(d["lang"], d["coded"]) for d in answer["documents"]] == [
        ("ru", False), ("en", True), ("en", True)]
    assert answer["not_coded"] == 1
    assert client.get("/api/documents/ru").json()["lang"] == "ru"
