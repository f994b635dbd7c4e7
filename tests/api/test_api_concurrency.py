"""Eight clients post 200 documents each, at once, to a real server: exactly 1,600 stored.

Over HTTP to uvicorn on 127.0.0.1, while another client keeps reading. Each client also
posts its first batch a second time at the end, as a client retrying after a timeout
would: those must come back as duplicates and change nothing. Run twice: 8 × 200 with a
coder that costs nothing, so that writes collide as often as they can (the storage test),
and 8 × 25 through the real coder (its lock must keep spaCy to one request at a time).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from sword.api import create_app
from sword.api.server import ServerThread
from sword.model import CodedDocument, Document, Event
from sword.store import Store

TOKEN = "concurrency-token"
CLIENTS = 8
PER_CLIENT = 200
BATCH = 20
PAIRS = [("Russia", "Armenia"), ("Azerbaijan", "Russia"), ("France", "Armenia"),
         ("Turkey", "Azerbaijan")]


def documents_of(client: int, count: int = PER_CLIENT) -> list[dict]:
    docs = []
    for i in range(count):
        source, target = PAIRS[(client + i) % len(PAIRS)]
        docs.append({
            "id": f"c{client}-d{i}",
            "text": f"{source} condemned {target} in report {i} of desk {client}.",
            "date": f"2024-{1 + i % 12:02d}-{1 + client:02d}",
            "source": f"Desk {client}",
        })
    return docs


def instant_coder(documents: list[Document]) -> list[CodedDocument]:
    """One event per document, from its first two words and the fourth: no parsing."""
    codes = {"Russia": "RUS", "Armenia": "ARM", "Azerbaijan": "AZE", "France": "FRA",
             "Turkey": "TUR"}
    out = []
    for document in documents:
        words = document.text.replace(".", " ").split()
        source, target = codes[words[0]], codes[words[2]]
        sentence = document.text
        event = Event(
            doc_id=document.id, sentence_index=0, evidence=sentence, evidence_start=0,
            evidence_end=len(sentence), event_date=document.date.isoformat(),
            date_precision="day", source=source, target=target, source_name=words[0],
            target_name=words[2], source_country=source, target_country=target, cameo="111",
            root="11", quad_class=3, goldstein=-2.0, plover="ACCUSE", confidence=0.7,
            pattern="verb:condemn")
        out.append(CodedDocument(document, [event]))
    return out


def test_api_eight_concurrent_clients_store_every_document_once(tmp_path: Path) -> None:
    run_clients(tmp_path / "concurrent.duckdb", instant_coder, PER_CLIENT)


@pytest.mark.slow
def test_api_eight_concurrent_clients_through_the_real_coder(tmp_path: Path) -> None:
    run_clients(tmp_path / "concurrent-real.duckdb", None, 25)


def run_clients(db: Path, coder, per_client: int) -> None:
    app = create_app(db, token=TOKEN, coder=coder)
    answers: dict[str, dict] = {}
    retries: list[dict] = []
    read_failures: list[str] = []
    done = threading.Event()
    with ServerThread(app) as server:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        # Load the model before the clock starts, so the clients really overlap.
        with httpx.Client(base_url=server.url, headers=headers, timeout=120) as warm:
            warm_doc = {"id": "warm", "text": "Russia condemned Armenia. Warm up.",
                        "date": "2024-01-01"}
            assert warm.post("/api/documents", json=warm_doc).status_code == 200

        def client(number: int) -> None:
            docs = documents_of(number, per_client)
            with httpx.Client(base_url=server.url, headers=headers, timeout=120) as http:
                for start in range(0, per_client, BATCH):
                    response = http.post("/api/documents", json=docs[start:start + BATCH])
                    assert response.status_code == 200, response.text
                    for item in response.json()["documents"]:
                        answers[item["id"]] = item
                response = http.post("/api/documents", json=docs[:BATCH])
                assert response.status_code == 200, response.text
                retries.extend(response.json()["documents"])

        def reader() -> None:
            with httpx.Client(base_url=server.url, timeout=60) as http:
                while not done.is_set():
                    for url in ("/api/summary", "/api/events?page_size=20&sort=-date",
                                "/api/dyads"):
                        response = http.get(url)
                        if response.status_code != 200:
                            read_failures.append(f"{url}: {response.status_code}")
                    done.wait(0.05)

        watcher = threading.Thread(target=reader)
        watcher.start()
        try:
            with ThreadPoolExecutor(CLIENTS) as pool:
                list(pool.map(client, range(CLIENTS)))
        finally:
            done.set()
            watcher.join()
        summary = httpx.get(server.url + "/api/summary").json()

    total = CLIENTS * per_client
    assert read_failures == []
    assert len(answers) == total
    assert all(a["status"] == "added" and a["doc_id"] == a["id"] for a in answers.values())
    assert len(retries) == CLIENTS * BATCH
    assert all(r["status"] == "duplicate" for r in retries)
    assert summary["documents"] == total + 1  # and the warm-up document
    returned_events = [e["event_id"] for a in answers.values() for e in a["events"]]
    assert len(returned_events) >= total  # every text names two states and a condemnation

    with Store(db, read_only=True) as store:
        con = store.con
        ids = {row[0] for row in con.execute("SELECT doc_id FROM documents").fetchall()}
        assert ids == {f"c{c}-d{i}" for c in range(CLIENTS) for i in range(per_client)} | {"warm"}
        assert con.execute("SELECT count(DISTINCT content_hash) FROM documents").fetchone()[0] \
            == total + 1
        stored_events = [row[0] for row in con.execute(
            "SELECT event_id FROM events WHERE doc_id <> 'warm'").fetchall()]
        assert len(stored_events) == len(set(stored_events))
        assert sorted(stored_events) == sorted(returned_events)
