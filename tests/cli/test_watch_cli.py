"""Feeds and continuous ingestion from the command line: `sword code`/`ingest` on a feed
served from 127.0.0.1, and `sword ingest --watch` as a real process that is stopped
(idle, then Ctrl-C), restarted, and neither misses nor repeats a file. The process codes
with a stand-in coder (no spaCy model to load, twice): what is under test there is the
watch; tests/test_watch.py runs it with the real one."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import sword
from sword.cli.main import app
from sword.store import Store
from test_feed_fixtures import ARTICLES, Item, news_site, page_html, rss

runner = CliRunner()
SRC = Path(sword.__file__).resolve().parents[1]


@pytest.fixture
def feed_site():
    """A feed of three items, each linking to its page, dated 14-16 July 2025."""
    with news_site() as site:
        items = []
        for day, (name, (title, text)) in enumerate(ARTICLES.items(), 14):
            site.serve(f"/news/{name}.html", page_html(title, text))
            items.append(Item(f"urn:cw:{name}", f"/news/{name}.html", title,
                              f"{['Mon', 'Tue', 'Wed'][day - 14]}, {day} Jul 2025 08:00:00 +0000"))
        site.serve("/feed.xml", rss("Caspian Wire", items, site.base), "application/rss+xml")
        yield site


@pytest.mark.slow
def test_watch_cli_ingest_a_feed_address_stores_items_with_urls_and_dates(feed_site, tmp_path):
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", f"{feed_site.base}/feed.xml", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "3 documents added" in result.stdout
    with Store(db, read_only=True) as store:
        documents = {row[0]: row[1:] for row in store.con.execute(
            "SELECT doc_id, url, date, source FROM documents").fetchall()}
        coded = {row[0] for row in store.con.execute("SELECT doc_id FROM events").fetchall()}
    assert documents["urn:cw:raid"] == (f"{feed_site.base}/news/raid.html", date(2025, 7, 16),
                                        "Caspian Wire")
    assert set(documents) == {"urn:cw:recall", "urn:cw:talks", "urn:cw:raid"}
    assert coded == set(documents)  # each report states an event between states


@pytest.mark.slow
def test_watch_cli_code_a_feed_file(feed_site, tmp_path):
    feed = tmp_path / "wire.rss"
    feed.write_bytes(rss("Caspian Wire", [Item("urn:cw:raid", "/news/raid.html", "Raid",
                                               "Wed, 16 Jul 2025 08:00:00 +0000")],
                         feed_site.base))
    result = runner.invoke(app, ["code", str(feed)])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events and {e["doc_id"] for e in events} == {"urn:cw:raid"}
    # the item's date (the page has none) dates the events: "on Wednesday" is 16 July
    assert {e["event_date"] for e in events} == {"2025-07-16"}


# --- the watch as a real process --------------------------------------------------------------


# Every document coded with no events: the store still keeps each document once.
LAUNCH = """
import sword.coding.pipeline as pipeline
from sword.model import CodedDocument

def code_documents(documents, config=None, on_error=None):
    return (CodedDocument(document, [], []) for document in documents)

pipeline.code_documents = code_documents
from sword.cli import main
main()
"""


class Running:
    """`sword ingest --watch …` in a process of its own; its standard output line by line."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        self.process = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, "ingest", "--watch", *args], env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put("")

    def wait_for(self, start: str, timeout: float = 180) -> str:
        while True:
            line = self.lines.get(timeout=timeout)
            if not line:
                raise AssertionError(f"ended before {start!r}: {self.seen}, "
                                     f"{self.process.stderr.read()}")
            self.seen.append(line)
            if line.startswith(start):
                return line

    def finish(self, timeout: float = 180) -> tuple[int, list[str], str]:
        code = self.process.wait(timeout)
        while (line := self.lines.get(timeout=timeout)) != "":
            self.seen.append(line)
        return code, self.seen, self.process.stderr.read()


def drop(folder: Path, name: str, text: str) -> None:
    """Write a file under a name the watch does not read, then rename it."""
    part = folder / f".{name}.part"
    part.write_text(text)
    part.rename(folder / name)


def test_watch_cli_stops_idle_and_on_ctrl_c_and_a_restart_misses_and_repeats_nothing(tmp_path):
    folder, db = tmp_path / "incoming", tmp_path / "news.duckdb"
    folder.mkdir()
    drop(folder, "recall.txt", "date 2025-07-14\n" + ARTICLES["recall"][1])
    first = Running(str(folder), "--db", str(db), "--interval", "0.2", "--max-idle", "3")
    first.wait_for(f"{folder / 'recall.txt'}: 1 documents added")
    drop(folder, "talks.txt", "date 2025-07-15\n" + ARTICLES["talks"][1])
    code, lines, errors = first.finish()
    assert code == 0, errors
    assert lines[-1].startswith("stopped (idle): 2 files and 0 feed items read; "
                                "2 documents added, 0 already stored")

    drop(folder, "raid.txt", "date 2025-06-30\n" + ARTICLES["raid"][1])  # while none runs
    second = Running(str(folder), "--db", str(db), "--interval", "0.2")
    second.wait_for(f"{folder / 'raid.txt'}: 1 documents added")
    second.process.send_signal(signal.SIGINT)
    code, lines, errors = second.finish()
    assert code == 0, errors
    assert lines[-1].startswith("stopped (interrupted): 1 files and 0 feed items read")
    assert not any("recall" in line or "talks" in line for line in lines)
    with Store(db, read_only=True) as store:
        ids = [row[0] for row in store.con.execute("SELECT doc_id FROM documents").fetchall()]
    assert sorted(ids) == ["raid", "recall", "talks"]


def test_watch_cli_needs_folders_files_or_feed_addresses(tmp_path):
    for target in ("-", str(tmp_path / "missing")):
        result = runner.invoke(app, ["ingest", "--watch", target, "--db",
                                     str(tmp_path / "s.duckdb")])
        assert result.exit_code == 2, result.output
        # the message sits in a box that may wrap the path: compare without the framing
        unboxed = re.sub(r"[\s│╭╮╰╯─]", "", result.output)
        assert "[E060]" in unboxed and target in unboxed
    assert not (tmp_path / "s.duckdb").exists()
