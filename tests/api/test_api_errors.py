"""The API's errors: JSON with a message, the right status, never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sword.api import ApiLimits, create_app
from sword.model import CodedDocument
from test_api_fixtures import build_story_store

TOKEN = "test-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def no_events(documents):
    return [CodedDocument(d) for d in documents]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_story_store(tmp_path_factory.mktemp("errors") / "story.duckdb")


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    app = create_app(db, token=TOKEN, coder=no_events,
                     limits=ApiLimits(max_body_bytes=2000, max_documents=3))
    with TestClient(app) as test_client:
        yield test_client


def error(response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= {"error", "message"}
    assert isinstance(body["message"], str) and body["message"]
    return body["message"]


# --- query parameters ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/api/summary", "/api/events", "/api/actors?q=x", "/api/dyads",
     "/api/dyads/RUS/AZE/timeline", "/api/shifts", "/api/network", "/api/triads"],
)
def test_api_unknown_query_parameter_is_422(client: TestClient, url: str) -> None:
    joiner = "&" if "?" in url else "?"
    message = error(client.get(f"{url}{joiner}colour=red"), 422)
    assert "unknown query parameter 'colour'" in message


def test_api_unknown_parameter_message_lists_the_allowed_ones(client: TestClient) -> None:
    message = error(client.get("/api/events?acter=RUS"), 422)
    assert "acter" in message and "actor" in message and "page_size" in message


@pytest.mark.parametrize(
    "value", ["2024-13-01", "2024-02-30", "yesterday", "2024/01/01", "24-01-01", "2024-1",
              "0000-01-01", "9999-01-01", ""],
)
def test_api_malformed_dates_are_422(client: TestClient, value: str) -> None:
    message = error(client.get("/api/events", params={"since": value}), 422)
    assert "since" in message


@pytest.mark.parametrize(
    ("url", "params", "words"),
    [
        ("/api/events", {"since": "2025-01-01", "until": "2024-01-01"}, "after"),
        ("/api/events", {"page_size": 0}, "page_size"),
        ("/api/events", {"page_size": 501}, "500"),
        ("/api/events", {"page_size": "ten"}, "page_size"),
        ("/api/events", {"page": 0}, "page"),
        ("/api/events", {"page": 10**12}, "page"),
        ("/api/events", {"quad_class": 5}, "quad_class"),
        ("/api/events", {"sort": "colour"}, "sort"),
        ("/api/events", {"dyad": "RUS"}, "dyad"),
        ("/api/events", {"dyad": "RUS,RUS"}, "two different"),
        ("/api/events", {"actor": "R; DROP TABLE events"}, "actor"),
        ("/api/events", {"min_confidence": 2}, "min_confidence"),
        ("/api/events", {"cameo": "abc"}, "cameo"),
        ("/api/actors", {}, "q"),
        ("/api/actors", {"q": ""}, "q"),
        ("/api/dyads/RUS/RUS/timeline", {}, "two different"),
        ("/api/dyads/RUS/AZE/timeline", {"freq": "week"}, "freq"),
        ("/api/dyads/R$S/AZE/timeline", {}, "a"),
        ("/api/network", {"window": "12x"}, "window"),
        ("/api/network", {"window": "999y"}, "100 years"),
        ("/api/network", {"at": "2024-99"}, "at"),
        ("/api/triads", {"limit": 0}, "limit"),
        ("/api/shifts", {"min_events": -1}, "min_events"),
    ],
)
def test_api_bad_values_are_422_with_a_message(client: TestClient, url: str, params: dict,
                                               words: str) -> None:
    message = error(client.get(url, params=params), 422)
    assert words in message


@pytest.mark.parametrize("url", ["/api/network", "/api/triads"])
def test_api_window_reaching_far_back_is_answered(client: TestClient, url: str) -> None:
    response = client.get(url, params={"at": "1700-06-01", "window": "99y"})
    assert response.status_code == 200, response.text
    assert response.json()["since"] == "1601-06-01"


def test_api_unknown_document_and_path_are_404_json(client: TestClient) -> None:
    assert "no-such-doc" in error(client.get("/api/documents/no-such-doc"), 404)
    assert "/api/nothing" in error(client.get("/api/nothing"), 404)


def test_api_wrong_method_is_405_json(client: TestClient) -> None:
    error(client.delete("/api/events"), 405)


# --- writes: authorisation ---------------------------------------------------------------


def test_api_writes_refused_without_a_configured_token(db: Path) -> None:
    with TestClient(create_app(db, token=None, coder=no_events)) as unconfigured:
        response = unconfigured.post("/api/documents", json={"text": "Hello."}, headers=AUTH)
        message = error(response, 403)
        assert "SWORD_API_TOKEN" in message and "Authorization: Bearer" in message
        assert unconfigured.get("/api/summary").status_code == 200  # reads stay open


def test_api_writes_need_the_bearer_token(client: TestClient) -> None:
    missing = client.post("/api/documents", json={"text": "Hello."})
    assert "Bearer" in error(missing, 401)
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = client.post("/api/documents", json={"text": "Hello."},
                        headers={"Authorization": "Bearer not-the-token"})
    assert "wrong" in error(wrong, 401)
    basic = client.post("/api/documents", json={"text": "Hello."},
                        headers={"Authorization": f"Basic {TOKEN}"})
    error(basic, 401)
    accepted = client.post("/api/documents", json={"text": "Hello."}, headers=AUTH)
    assert accepted.status_code == 200, accepted.text


# --- writes: limits and bodies ------------------------------------------------------------


def test_api_body_over_the_limit_is_413(client: TestClient) -> None:
    big = {"text": "x" * 3000}
    message = error(client.post("/api/documents", json=big, headers=AUTH), 413)
    assert "2000 bytes" in message


def test_api_chunked_body_over_the_limit_is_413(client: TestClient) -> None:
    def chunks():
        for _ in range(10):
            yield b'{"text": "' + b"y" * 400

    response = client.post("/api/documents", content=chunks(),
                           headers={**AUTH, "Content-Type": "application/json"})
    error(response, 413)


def test_api_default_body_limit_is_ten_megabytes(db: Path) -> None:
    with TestClient(create_app(db, token=TOKEN, coder=no_events)) as default:
        body = b'{"text": "' + b"z" * (10 * 1024 * 1024) + b'"}'
        message = error(default.post("/api/documents", content=body,
                                     headers={**AUTH, "Content-Type": "application/json"}), 413)
        assert "10 MB" in message


def test_api_too_many_documents_is_413(client: TestClient) -> None:
    docs = [{"text": f"Short {i}."} for i in range(4)]
    message = error(client.post("/api/documents", json=docs, headers=AUTH), 413)
    assert "limit is 3" in message


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ([], "no documents"),
        ({"title": "no text"}, "text"),
        ({"text": "   "}, "empty"),
        ({"text": 12}, "text"),
        ({"text": "A text.", "date": "the day after"}, "date"),
        ({"text": "A text.", "id": ["a"]}, "id"),
        ("just a string", "a document object or a list of them"),
        (3, "a document object or a list of them"),
        ([{"text": "ok."}, {"text": ""}], "body.1.text"),
    ],
)
def test_api_bad_documents_are_422(client: TestClient, body: object, words: str) -> None:
    message = error(client.post("/api/documents", json=body, headers=AUTH), 422)
    assert words in message


def test_api_lone_surrogate_is_422(client: TestClient) -> None:
    # JSON can escape half a UTF-16 pair; no database could store such a string.
    body = b'{"text": "Broken \\ud800 text."}'
    response = client.post("/api/documents", content=body,
                           headers={**AUTH, "Content-Type": "application/json"})
    assert "body.text" in error(response, 422)


def test_api_invalid_json_is_422(client: TestClient) -> None:
    response = client.post("/api/documents", content=b"{not json",
                           headers={**AUTH, "Content-Type": "application/json"})
    error(response, 422)
