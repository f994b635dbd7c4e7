"""`sword serve` as a user runs it: a separate process that serves the store file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from sword.api.server import default_store, free_port, is_loopback
from sword.cli.main import app
from sword.errors import StoreLocked
from sword.store import Store
from test_api_fixtures import build_story_store, story

TOKEN = "command-token-0123456789"


def start_serve(db: Path, port: int, token: str | None) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "SWORD_API_TOKEN"}
    if token:
        env["SWORD_API_TOKEN"] = token
    return subprocess.Popen(
        [sys.executable, "-c", "from sword.cli.main import main; main()", "serve", "--db", str(db),
         "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"sword serve exited: {process.stderr.read()}")
        try:
            if httpx.get(url + "/api/summary", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("sword serve did not answer in time")


def stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGINT)  # uvicorn shuts down cleanly and closes the store
    try:
        _, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    return err


@pytest.mark.slow
def test_api_serve_command_owns_the_store_and_takes_writes(tmp_path: Path) -> None:
    db = build_story_store(tmp_path / "served.duckdb", with_xss=False)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start_serve(db, port, TOKEN)
    try:
        wait_until_up(url, process)
        assert httpx.get(url + "/api/summary").json()["documents"] == len(story())
        assert httpx.get(url + "/").status_code == 200
        # One process may write the file: a second writer is told where the server is.
        with pytest.raises(StoreLocked, match=rf"served by `sword serve` at {url} .*"
                                              r"POST .*/api/documents"):
            Store(db)
        assert httpx.post(url + "/api/documents", json={"text": "x"}).status_code == 401
        posted = httpx.post(
            url + "/api/documents",
            json={"id": "cli-1", "text": "Russia condemned Armenia on Tuesday.",
                  "date": "2025-07-01"},
            headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60,
        )
        assert posted.status_code == 200, posted.text
        assert posted.json()["documents"][0]["status"] == "added"
    finally:
        err = stop(process)
    assert "Sword dashboard on" in err and f":{port}/" in err
    with Store(db, read_only=True) as store:
        assert store.counts()["documents"] == len(story()) + 1


@pytest.mark.slow
def test_api_serve_command_without_token_says_how_to_set_one(tmp_path: Path) -> None:
    db = tmp_path / "fresh.duckdb"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start_serve(db, port, None)
    try:
        wait_until_up(url, process)
        refused = httpx.post(url + "/api/documents", json={"text": "Hello."})
        assert refused.status_code == 403
        assert "SWORD_API_TOKEN" in refused.json()["message"]
    finally:
        err = stop(process)
    assert "writes are disabled" in err and "SWORD_API_TOKEN" in err
    assert "starting an empty store" in err


def test_api_serve_command_help() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--max-body-mb", "--max-documents",
                   "--allow-host"):
        assert option in result.output
    assert "SWORD_API_TOKEN" in result.output


def test_api_serve_loopback_hosts() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_api_serve_default_store_falls_back_to_the_demo(tmp_path: Path) -> None:
    assert default_store(tmp_path) == tmp_path / "sword.duckdb"
    (tmp_path / "sword-demo.duckdb").touch()
    assert default_store(tmp_path) == tmp_path / "sword-demo.duckdb"
    (tmp_path / "sword.duckdb").touch()
    assert default_store(tmp_path) == tmp_path / "sword.duckdb"
