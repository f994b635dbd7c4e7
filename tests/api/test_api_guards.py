"""The server's guards: token length, failed-authentication limit (429), the Host check,
security headers on every page and file, 415 for a body not sent as JSON, and an OpenAPI
schema that admits what the server accepts."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sword.api import ApiLimits, create_app
from sword.api.guards import AuthThrottle, answered_hosts, host_name
from sword.api.params import CALENDAR_PATTERN, WINDOW_SCHEMA_PATTERN, _check_date, _check_window
from sword.api.server import check_token
from sword.cli.main import app as cli
from sword.errors import SwordError
from sword.model import CodedDocument

TOKEN = "guards-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def no_events(documents):
    return [CodedDocument(d) for d in documents]


@pytest.fixture
def client(tmp_path: Path):
    limits = ApiLimits(max_failed_auth=3, failed_auth_window=60.0,
                       allowed_hosts=("sword.example.org",))
    app = create_app(tmp_path / "g.duckdb", token=TOKEN, coder=no_events, limits=limits,
                     host="127.0.0.1")
    with TestClient(app, base_url="http://127.0.0.1:8000") as test_client:
        yield test_client


# --- the token ----------------------------------------------------------------------------


def test_api_guards_short_token_is_refused_with_how_to_make_one() -> None:
    with pytest.raises(SwordError, match=r"E530.*openssl rand -hex 16"):
        check_token("1234")
    check_token("0123456789abcdef")  # 16 characters
    check_token(None)  # writes disabled


def test_api_guards_serve_command_refuses_a_short_token(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "s.duckdb")],
                                env={"SWORD_API_TOKEN": "1234"})
    assert result.exit_code == 1
    assert "E530" in result.stderr and "openssl rand -hex 16" in result.stderr
    assert not (tmp_path / "s.duckdb").exists()  # refused before opening anything


# --- failed authentication ----------------------------------------------------------------


def test_api_guards_429_with_retry_after_after_failures(client: TestClient) -> None:
    wrong = {"Authorization": "Bearer wrong-token-0123456789"}
    for _ in range(3):
        assert client.post("/api/documents", json={"text": "x"}, headers=wrong).status_code == 401
    refused = client.post("/api/documents", json={"text": "x"}, headers=wrong)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert refused.json()["code"] == "E531" and refused.json()["error"] == "too_many_requests"
    # Even the right token waits: the answer must not tell a guesser when it is right.
    assert client.post("/api/documents", json={"text": "x"}, headers=AUTH).status_code == 429
    assert client.get("/api/summary").status_code == 200  # reads are not limited


def test_api_guards_throttle_window_memory_and_success() -> None:
    now = [0.0]
    throttle = AuthThrottle(attempts=2, window=10.0, max_clients=3, clock=lambda: now[0])
    throttle.failed("a")
    assert throttle.wait("a") == 0
    throttle.failed("a")
    assert throttle.wait("a") == 10
    now[0] = 9.5
    assert throttle.wait("a") == 1
    now[0] = 10.0
    assert throttle.wait("a") == 0
    throttle.succeeded("a")
    assert len(throttle) == 0
    for client in "bcdef":
        throttle.failed(client)
    assert len(throttle) == 3  # bounded: the oldest clients are forgotten


# --- the Host header ----------------------------------------------------------------------


def test_api_guards_foreign_host_refused(client: TestClient) -> None:
    refused = client.get("/api/summary", headers={"Host": "attacker.example:8000"})
    assert refused.status_code == 421
    body = refused.json()
    assert body["code"] == "E532" and body["error"] == "misdirected_request"
    assert "attacker.example" in body["message"] and "--allow-host" in body["message"]
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 421


@pytest.mark.parametrize(
    "host", ["127.0.0.1:8000", "localhost:8000", "LOCALHOST.", "[::1]:8000", "sword.example.org"]
)
def test_api_guards_allowed_host_accepted(client: TestClient, host: str) -> None:
    assert client.get("/api/summary", headers={"Host": host}).status_code == 200


def test_api_guards_host_names() -> None:
    assert host_name("[::1]:8000") == "::1" and host_name("::1") == "::1"
    assert host_name("Example.ORG.:80") == "example.org"
    assert answered_hosts("0.0.0.0") == {"localhost", "127.0.0.1", "::1"}
    assert "192.168.1.5" in answered_hosts("192.168.1.5", ["[fe80::1]"])
    assert "fe80::1" in answered_hosts("192.168.1.5", ["[fe80::1]"])


# --- security headers and content type ----------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/docs", "/static/index.html", "/static/app.js",
                                  "/static/vendor/plotly.min.js", "/static/missing.css"])
def test_api_guards_security_headers_on_pages_and_files(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          None])
def test_api_guards_415_for_a_body_not_sent_as_json(client: TestClient, content_type) -> None:
    headers = {**AUTH, **({"Content-Type": content_type} if content_type else {})}
    refused = client.post("/api/documents", content=b'{"text": "Hello."}', headers=headers)
    assert refused.status_code == 415
    assert refused.json()["code"] == "E533"
    accepted = client.post("/api/documents", content=b'{"text": "Hello."}',
                           headers={**AUTH, "Content-Type": "application/json; charset=utf-8"})
    assert accepted.status_code == 200


# --- the OpenAPI schema -------------------------------------------------------------------


def test_api_guards_schema_documents_error_statuses(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    post = paths["/api/documents"]["post"]
    assert {"401", "403", "413", "415", "421", "422", "429"} <= set(post["responses"])
    assert "Retry-After" in post["responses"]["429"]["headers"]
    body = post["requestBody"]["content"]["application/json"]["schema"]["anyOf"]
    assert [b.get("minItems") for b in body if b.get("type") == "array"] == [1]
    assert "404" in paths["/api/documents/{doc_id}"]["get"]["responses"]
    dyad = next(p for p in paths["/api/events"]["get"]["parameters"] if p["name"] == "dyad")
    assert not re.search(dyad["schema"]["anyOf"][0]["pattern"], "00,00")


def _server_accepts(check, value: str) -> bool:
    try:
        check(value)
    except ValueError:
        return False
    return True


def test_api_guards_date_pattern_admits_exactly_what_the_server_accepts() -> None:
    pattern = re.compile(CALENDAR_PATTERN)
    values = {f"{y:04d}" for y in range(1690, 2211)}
    values |= {f"{y:04d}-{m:02d}" for y in range(1690, 2211) for m in range(0, 14)}
    # The month ends of every year (leap years, centuries) and nonsense days around them.
    values |= {f"{y:04d}-{m:02d}-{d:02d}" for y in range(1690, 2211) for m in range(0, 14)
               for d in (0, 1, 28, 29, 30, 31, 32)}
    day = date(2023, 1, 1)
    while day <= date(2024, 12, 31):  # every day of a common and a leap year
        values.add(day.isoformat())
        day += timedelta(days=1)
    values |= {"0000", "0000-00-00", "9999-12-31"}
    for value in values:
        assert bool(pattern.match(value)) == _server_accepts(_check_date, value), value


def test_api_guards_window_pattern_admits_exactly_what_the_server_accepts() -> None:
    pattern = re.compile(WINDOW_SCHEMA_PATTERN)
    for unit in "dwmy":
        for n in range(1, 10000):
            value = f"{n}{unit}"
            assert bool(pattern.match(value)) == _server_accepts(_check_window, value), value
    assert not pattern.match("0d") and not pattern.match("012m")
