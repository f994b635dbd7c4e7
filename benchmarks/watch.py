"""What watching costs when nothing is new, and what reading a large feed costs.

    python benchmarks/watch.py [FILES] [ITEMS]

1. A folder of FILES (default 10,000) small .txt files, all recorded in the watch state as
   read already: the time to load the state (a restart) and the time of one scan that
   finds nothing new (the price of every `--interval` while idle). The store is not
   opened on such a scan.
2. A feed of ITEMS (default 1,000) items with full-text content: the time to parse it into
   items (feedparser), and to take the text out of each item's HTML content (trafilatura;
   only for items not read before).
Nothing is coded and nothing is fetched.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from sword.coding.feeds import parse_feed
from sword.watch import WatchConfig, Watcher, WatchState, file_sha256, state_path

PARAGRAPH = ("The foreign ministers of Armenia and France met in Paris on Tuesday. France "
             "promised Armenia new help for its border villages, and both sides agreed to meet "
             "again in the autumn. ")


def idle_scan(files: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder, db = Path(tmp) / "in", Path(tmp) / "s.duckdb"
        folder.mkdir()
        with state_path(db).open("w", encoding="utf-8") as state:
            for n in range(files):
                path = folder / f"{n:06d}.txt"
                path.write_text(f"Report {n}. {PARAGRAPH}")
                stat = path.stat()
                state.write(json.dumps({"file": str(path.absolute()), "size": stat.st_size,
                                        "mtime_ns": stat.st_mtime_ns,
                                        "sha256": file_sha256(path)}) + "\n")
        started = time.perf_counter()
        WatchState.load(state_path(db))
        loaded = time.perf_counter() - started
        watcher = Watcher([folder], db, WatchConfig(interval=1.0))
        started = time.perf_counter()
        busy = watcher.step()
        scanned = time.perf_counter() - started
        assert not busy and not db.exists(), "an idle scan found work or opened the store"
        print(f"{files:,} files recorded: state loaded in {loaded:.2f} s; an idle scan takes "
              f"{scanned:.2f} s ({scanned / files * 1e6:.0f} µs a file)")


def feed_parse(items: int) -> None:
    entries = "".join(
        f"<item><title>Report {n}</title><link>https://wire.example/{n}</link>"
        f"<guid>urn:wire:{n}</guid><pubDate>Tue, 15 Jul 2025 08:00:00 +0000</pubDate>"
        f"<content:encoded><![CDATA[<p>{PARAGRAPH * 4}</p><p>{PARAGRAPH}</p>]]>"
        "</content:encoded></item>" for n in range(items))
    data = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>Wire</title>{entries}</channel></rss>").encode()
    parse_feed(data[:2000] + b"</channel></rss>", "wire.xml")  # imports out of the timing
    started = time.perf_counter()
    feed = parse_feed(data, "wire.xml")
    parsed = time.perf_counter() - started
    started = time.perf_counter()
    chars = sum(len(item.own_text()) for item in feed.items)
    texts = time.perf_counter() - started
    count = len(feed.items)
    print(f"feed of {count:,} items ({len(data) / 1e6:.1f} MB) parsed in {parsed:.2f} s "
          f"({count / parsed:.0f} items/s); their texts ({chars / 1e6:.1f} M characters) "
          f"taken out in {texts:.2f} s ({count / texts:.0f} items/s)")


if __name__ == "__main__":
    idle_scan(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
    feed_parse(int(sys.argv[2]) if len(sys.argv) > 2 else 1_000)
