"""While `sword serve` runs, others read the same file: the CLI's analyses, a plain
read-only DuckDB connection, all at once; a write through the API shows up in them; and
`sword ingest` into the served store stops at once, saying where the server is.

A real server (the `sword serve` command in a process of its own, on 127.0.0.1) and real
CLI processes, since DuckDB's lock is between processes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from sword.api.server import free_port
from sword.store import Store
from sword.store.serving import note_path, read_note
from test_api_fixtures import build_story_store, story

TOKEN = "shared-store-token-0123456789"
SWORD = [sys.executable, "-c", "from sword.cli.main import main; main()"]


def sword(*args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "SWORD_API_TOKEN"}
    return subprocess.Popen([*SWORD, *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One server for the module (starting one is the slow part)."""
    db = build_story_store(tmp_path_factory.mktemp("shared") / "shared.duckdb", with_xss=False)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*SWORD, "serve", "--db", str(db), "--port", str(port)],
        env={**os.environ, "SWORD_API_TOKEN": TOKEN}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            try:
                if httpx.get(url + "/api/summary", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "sword serve did not answer in time"
            time.sleep(0.2)
        yield db, url
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()


@pytest.mark.slow
def test_api_served_store_is_read_by_cli_and_duckdb_at_once(served) -> None:
    db, url = served
    assert read_note(db) == {"pid": read_note(db)["pid"], "url": url}
    plain = duckdb.connect(str(db), read_only=True)  # a notebook's connection, held open
    try:
        assert plain.execute("SELECT count(*) FROM documents").fetchone()[0] == len(story())
        relations = sword("relations", "RUS", "AZE", "--freq", "year", "--db", str(db))
        shifts = sword("shifts", "--min-events", "3", "--db", str(db))
        code, out, err = finish(relations)
        assert code == 0, err
        assert "RUS" in out and "AZE" in out
        code, out, err = finish(shifts)
        assert code == 0, err
        assert httpx.get(url + "/api/summary").json()["documents"] == len(story())
        assert plain.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    finally:
        plain.close()  # a reader elsewhere holds up the server's writes: let it go

    posted = httpx.post(url + "/api/documents", headers={"Authorization": f"Bearer {TOKEN}"},
                        json={"id": "shared-1", "date": "2025-07-01",
                              "text": "Russia condemned Armenia on Tuesday."}, timeout=120)
    assert posted.status_code == 200, posted.text
    assert posted.json()["added"] == 1
    # the server is back to reading only: others read what it wrote
    with Store(db, read_only=True) as store:
        assert store.counts()["documents"] == len(story()) + 1
    assert httpx.get(url + "/api/summary").json()["documents"] == len(story()) + 1


@pytest.mark.slow
def test_api_ingest_into_a_served_store_says_where_the_server_is(served, tmp_path) -> None:
    db, url = served
    before = httpx.get(url + "/api/summary").json()["documents"]
    corpus = tmp_path / "one.jsonl"
    corpus.write_text('{"id": "x1", "text": "Russia condemned Armenia on Tuesday."}\n')
    code, _, err = finish(sword("ingest", str(corpus), "--db", str(db), "--quiet"))
    assert code == 1
    message = " ".join(err.split())
    assert f"served by `sword serve` at {url}" in message
    assert f"{url}/api/documents" in message and "SWORD_API_TOKEN" in message
    assert httpx.get(url + "/api/summary").json()["documents"] == before


def test_api_served_note_is_ignored_once_its_server_is_gone(tmp_path: Path) -> None:
    db = tmp_path / "gone.duckdb"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    note_path(db).write_text(f'{{"pid": {dead.pid}, "url": "http://127.0.0.1:1"}}')
    assert read_note(db) is None
    with Store(db) as store:  # a stale note never stops a writer
        assert store.counts()["documents"] == 0
