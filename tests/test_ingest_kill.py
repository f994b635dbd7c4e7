"""`sword ingest` killed with SIGKILL at any point, then run again, leaves exactly the store
a clean run makes: each batch is one transaction, and a rerun stores what is missing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sword.store import Store

COUNTRIES = ["Russia", "Armenia", "Azerbaijan", "France", "Turkey", "Iran", "Georgia"]
VERBS = ["accused", "condemned", "praised", "criticised"]
TABLES = ("documents", "appearances", "sentences", "mentions", "events")


def corpus(path: Path, n: int = 32) -> Path:
    lines = []
    for i in range(n):
        a, b = COUNTRIES[i % 7], COUNTRIES[(i * 3 + 1) % 7]
        if a == b:
            b = COUNTRIES[(i + 2) % 7]
        text = (f"{a} {VERBS[i % 4]} {b} on Monday over the border incident number {i}, "
                f"the foreign ministry in the capital said in a statement.")
        lines.append(json.dumps({"id": f"k{i}", "text": text, "date": f"2024-{i % 12 + 1:02d}-10",
                                 "source": ["Wire", "Daily", "Herald"][i % 3]}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ingest(source: Path, db: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "sword", "ingest", str(source), "--db", str(db),
               "--batch-size", "2", "--no-model", "--quiet"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def snapshot(db: Path) -> dict[str, list[tuple]]:
    with Store(db, read_only=True) as store:
        out = {}
        for table in TABLES:
            columns = [c for c in store.con.table(table).columns if c != "ingested_at"]
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = store.con.execute(f"SELECT {quoted} FROM {table}").fetchall()
            out[table] = sorted(rows, key=repr)
    return out


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the ingest never reached the kill point")
        time.sleep(0.01)


def wal(db: Path) -> Path:
    return db.with_name(db.name + ".wal")


@pytest.mark.slow
def test_ingest_killed_at_any_point_then_rerun_equals_a_clean_run(tmp_path):
    source = corpus(tmp_path / "news.jsonl")
    clean = tmp_path / "clean.duckdb"
    assert ingest(source, clean).wait(timeout=300) == 0
    expected = snapshot(clean)
    assert len(expected["documents"]) == 32 and expected["events"]

    def first_batch(db: Path) -> bool:  # a transaction committed
        return wal(db).exists() and wal(db).stat().st_size > 0

    def later_batches(db: Path) -> bool:
        return wal(db).exists() and wal(db).stat().st_size > 30_000

    kill_points = {"after the first batch": first_batch, "after several batches": later_batches}
    for name, reached in kill_points.items():
        db = tmp_path / f"{name.replace(' ', '-')}.duckdb"
        process = ingest(source, db)
        try:
            wait_for(lambda db=db, reached=reached, process=process:
                     reached(db) or process.poll() is not None)
        finally:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL, f"{name}: it ended before the kill"
        assert db.exists()
        rerun = ingest(source, db)
        _, err = rerun.communicate(timeout=300)
        assert rerun.returncode == 0, (name, err.decode())
        assert snapshot(db) == expected, name
