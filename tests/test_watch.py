"""Continuous ingestion (sword.watch): new files are read once, after they stop changing;
a restart goes on where the watch stopped; bad files and a busy store cost nothing else;
feeds are polled for new items only. Real store, real coder, a real HTTP server."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from datetime import date

import pytest

from sword.errors import InputError, InputWarning
from sword.store import Store
from sword.watch import WatchConfig, Watcher, check_targets, state_path
from test_feed_fixtures import ARTICLES, Item, news_site, page_html, rss

FAST = WatchConfig(interval=0.05, feed_interval=0.0)


def article(name: str, day: str = "2025-07-14") -> str:
    title, text = ARTICLES[name]
    return f"{title}\ndate {day}\n{text}\n"


def drain(watcher: Watcher, steps: int = 100) -> None:
    """Step until a scan finds nothing new and nothing settling."""
    for _ in range(steps):
        if not watcher.step():
            return
        time.sleep(watcher.config.interval)
    raise AssertionError("the watch never went idle")


def stored(db) -> dict[str, tuple]:
    with Store(db, read_only=True) as store:
        rows = store.con.execute("SELECT doc_id, url, date, text FROM documents").fetchall()
    return {row[0]: row[1:] for row in rows}


class Heard:
    """What a watch reported: errors, warnings and the names of what it read."""

    def __init__(self) -> None:
        self.errors: list[InputError] = []
        self.warnings: list[InputWarning] = []
        self.read: list[str] = []

    def options(self) -> dict:
        return {"on_error": self.errors.append, "on_warning": self.warnings.append,
                "on_ingested": lambda name, result: self.read.append(name)}


def test_watch_reads_new_files_once_and_a_restart_goes_on(tmp_path):
    folder, db = tmp_path / "in", tmp_path / "s.duckdb"
    folder.mkdir()
    (folder / "recall.txt").write_text(article("recall"))
    (folder / "wire.jsonl").write_text(json.dumps({"id": "talks", "text": ARTICLES["talks"][1],
                                                   "date": "2025-07-15"}) + "\n")
    first = Watcher([folder], db, FAST)
    drain(first)
    assert set(stored(db)) == {"recall", "talks"}
    assert (first.summary.files, first.summary.documents_added) == (2, 2)

    # While no watch runs: a new file, a file touched but unchanged, a file grown by a line.
    (folder / "raid.txt").write_text(article("raid", "2025-06-30"))
    (folder / "recall.txt").touch()
    with (folder / "wire.jsonl").open("a") as wire:
        wire.write(json.dumps({"id": "recall-2", "text": ARTICLES["recall"][1] + " Again.",
                               "date": "2025-07-16"}) + "\n")
    time.sleep(0.1)
    heard = Heard()
    second = Watcher([folder], db, FAST, **heard.options())
    drain(second)
    assert sorted(heard.read) == [str(folder / "raid.txt"), str(folder / "wire.jsonl")]
    assert second.summary.documents_added == 2 and second.summary.already_stored == 1
    assert set(stored(db)) == {"recall", "talks", "raid", "recall-2"}
    assert heard.errors == [] and heard.warnings == []
    drain(Watcher([folder], db, FAST, **(third := Heard()).options()))
    assert third.read == []


def test_watch_waits_until_a_file_stops_changing(tmp_path):
    folder, db = tmp_path / "in", tmp_path / "s.duckdb"
    folder.mkdir()
    text = article("raid", "2025-06-30")
    path = folder / "raid.txt"
    # settle leaves a wide margin: a loaded machine may stretch the pause below
    watcher = Watcher([folder], db, WatchConfig(interval=0.05, settle=2.0))
    with path.open("w") as out:
        out.write(text[:40])
        out.flush()
        assert watcher.step() is True  # seen, settling
        time.sleep(0.3)
        assert watcher.step() is True  # unchanged for 0.3 s of the 2 needed
        out.write(text[40:])
    drain(watcher)
    (row,) = stored(db).values()
    assert row[2] == text and watcher.summary.files == 1


def test_watch_reports_a_bad_file_with_its_path_and_goes_on(tmp_path):
    folder, db = tmp_path / "in", tmp_path / "s.duckdb"
    folder.mkdir()
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 not text")
    heard = Heard()
    watcher = Watcher([folder], db, FAST, **heard.options())
    drain(watcher)
    (folder / "talks.txt").write_text(article("talks"))
    drain(watcher)
    assert [e.where for e in heard.errors] == [str(folder / "broken.txt")]
    assert set(stored(db)) == {"talks"} and watcher.summary.skipped == 1


def test_watch_waits_for_a_store_in_use_and_then_stores(tmp_path):
    folder, db = tmp_path / "in", tmp_path / "s.duckdb"
    folder.mkdir()
    Store(db).close()
    (folder / "talks.txt").write_text(article("talks"))
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys
            con = duckdb.connect({str(db)!r})
            print("held", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    heard = Heard()
    watcher = Watcher([folder], db, FAST, **heard.options())
    try:
        assert holder.stdout.readline().strip() == "held"
        for _ in range(4):
            assert watcher.step() is True
            time.sleep(0.05)
    finally:
        holder.communicate("", timeout=30)
    assert [w.code for w in heard.warnings] == ["E062"]  # said once, not at every scan
    assert "in use by another process" in str(heard.warnings[0])
    drain(watcher)
    assert set(stored(db)) == {"talks"}


def test_watch_polls_a_feed_and_fetches_only_new_items(tmp_path):
    db = tmp_path / "s.duckdb"
    with news_site() as site:
        for name, (title, text) in ARTICLES.items():
            site.serve(f"/news/{name}.html", page_html(title, text))
        items = [Item("urn:cw:recall", "/news/recall.html", "Recall",
                      "Mon, 14 Jul 2025 10:00:00 +0000"),
                 Item("urn:cw:talks", "/news/talks.html", "Talks",
                      "Tue, 15 Jul 2025 10:00:00 +0000")]
        feed = site.serve("/feed.xml", rss("Caspian Wire", items, site.base),
                          "application/rss+xml")
        drain(Watcher([feed], db, FAST))
        site.serve("/feed.xml", rss("Caspian Wire", [*items, Item(
            "urn:cw:raid", "/news/raid.html", "Raid", "Wed, 16 Jul 2025 10:00:00 +0000")],
            site.base), "application/rss+xml")
        restarted = Watcher([feed], db, FAST)
        drain(restarted)
        asked = {name: site.asked(f"/news/{name}.html") for name in ARTICLES}
    assert asked == {"recall": 1, "talks": 1, "raid": 1}
    assert restarted.summary.feed_items == 1
    rows = stored(db)
    assert rows["urn:cw:raid"][:2] == (f"{site.base}/news/raid.html", date(2025, 7, 16))
    assert set(rows) == {"urn:cw:recall", "urn:cw:talks", "urn:cw:raid"}


def test_watch_state_line_cut_short_is_reported_and_ignored(tmp_path):
    folder, db = tmp_path / "in", tmp_path / "s.duckdb"
    folder.mkdir()
    (folder / "talks.txt").write_text(article("talks"))
    time.sleep(0.1)
    drain(Watcher([folder], db, FAST))
    with state_path(db).open("a") as state:
        state.write('{"file": "/else/where.txt", "size": 1')  # a watch killed mid-line
    heard = Heard()
    drain(Watcher([folder], db, FAST, **heard.options()))
    assert [w.code for w in heard.warnings] == ["E061"] and heard.read == []


def test_watch_targets_are_folders_readable_files_or_feed_addresses(tmp_path):
    (tmp_path / "notes.doc").write_text("x")
    check_targets([tmp_path, "https://wire.example/feed.xml"])
    for bad in ("-", str(tmp_path / "missing"), str(tmp_path / "notes.doc")):
        with pytest.raises(InputError, match=r"\[E060\]"):
            check_targets([bad])
