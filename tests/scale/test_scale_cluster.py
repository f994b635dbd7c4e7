"""Coding on a real Dask cluster: a scheduler and two worker processes started as
`dask scheduler` / `dask worker` would be on other machines, on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import sword
from sword.config import CoderConfig
from sword.store import Store

pytestmark = pytest.mark.slow

CORPUS = Path(sword.__file__).parent / "data" / "corpus" / "caucasus_2024_2025.jsonl"
DASK = Path(sys.executable).parent / "dask"
# A long document over this limit fails in the worker, as it would in one process.
CONFIG = CoderConfig(max_document_chars=3_000)


def _start(args: list[str], log: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    with log.open("w") as out:
        return subprocess.Popen([str(DASK), *args], stdout=out, stderr=subprocess.STDOUT,
                                env=env)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """The address of a scheduler with two single-threaded worker processes."""
    folder = tmp_path_factory.mktemp("cluster")
    info = folder / "scheduler.json"
    processes = [_start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                         "--scheduler-file", str(info)], folder / "scheduler.log")]
    try:
        deadline = time.monotonic() + 30
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        for n in range(2):
            processes.append(_start(["worker", address, "--nthreads", "1", "--host", "127.0.0.1",
                                     "--no-dashboard", "--name", f"w{n}"], folder / f"w{n}.log"))
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """24 documents of the bundled corpus, a broken line and one document over the limit."""
    lines = CORPUS.read_text(encoding="utf-8").splitlines()[:24]
    long = json.dumps({"id": "too-long", "date": "2025-01-01",
                       "text": "Russia criticised Azerbaijan. " * 200})
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    path.write_text("\n".join([*lines[:10], "{broken", long, *lines[10:]]) + "\n",
                    encoding="utf-8")
    return path


def _stored(db: Path) -> tuple[set[str], set[str]]:
    with Store(db, read_only=True) as store:
        events = {r[0] for r in store.con.execute("SELECT event_id FROM events").fetchall()}
        documents = {r[0] for r in store.con.execute("SELECT doc_id FROM documents").fetchall()}
    return events, documents


def _rows(db: Path) -> dict[str, list[tuple]]:
    """Every stored row of what the coder gives, but for the ingest time."""
    tables = {}
    with Store(db, read_only=True) as store:
        for table in ("documents", "appearances", "mentions", "events", "reasons"):
            columns = [c for c in store.con.table(table).columns if c != "ingested_at"]
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = store.con.execute(f"SELECT {quoted} FROM {table}").fetchall()
            tables[table] = sorted(rows, key=repr)
    return tables


def test_scale_ingest_on_two_workers_stores_the_serial_events(scheduler, corpus, tmp_path):
    from distributed import Client

    serial = sword.ingest([corpus], tmp_path / "serial.duckdb", config=CONFIG)
    with Client(scheduler) as client:
        spread = sword.ingest([corpus], tmp_path / "dask.duckdb", config=CONFIG, client=client)
        workers = client.run(lambda dask_worker: sorted(dask_worker.plugins))
        profiling = client.run(
            lambda dask_worker: dask_worker.periodic_callbacks["profile"].is_running())
    serial_events, serial_docs = _stored(tmp_path / "serial.duckdb")
    events, documents = _stored(tmp_path / "dask.duckdb")
    assert len(serial_events) > 24
    assert events == serial_events and documents == serial_docs
    # not only the events: mentions and the reasons the press gives come back too
    serial_rows = _rows(tmp_path / "serial.duckdb")
    assert serial_rows["reasons"] and serial_rows["mentions"]
    assert _rows(tmp_path / "dask.duckdb") == serial_rows
    assert spread.documents_added == serial.documents_added == 24
    # the broken line (read by the driver) and the long document (failed in a worker)
    assert sorted(spread.skipped) == sorted(serial.skipped)
    assert any("news.jsonl:12" in s and "too-long" in s and "E030" in s for s in spread.skipped)
    assert any("news.jsonl:11" in s and "E010" in s for s in spread.skipped)
    # both workers hold the coder, loaded by its plugin
    assert len(workers) == 2
    assert all(any(n.startswith("sword-coder-") for n in names) for names in workers.values())
    # and the plugin stopped their stack sampler, which took the GIL from the coder
    assert not any(profiling.values())


def test_scale_code_partitions_and_order_do_not_change_the_events(scheduler, corpus):
    from distributed import Client

    from sword.coding.read import ReadConfig, iter_documents
    from sword.scale import ScaleConfig, code_on_cluster

    def documents():
        return iter_documents([corpus], ReadConfig(), lambda error: None)

    serial = [(c.document.id, [e.event_id for e in c.events])
              for c in sword.code_documents(documents(), CONFIG, on_error=lambda e: None)]
    with Client(scheduler) as client:
        for size in (1, 7):
            failed: list[str] = []
            spread = [(c.document.id, [e.event_id for e in c.events]) for c in code_on_cluster(
                documents(), client, CONFIG, failed.append, ScaleConfig(partition_documents=size))]
            assert spread == serial
            assert [error.where for error in failed] == [f"{corpus}:12"]


def test_scale_cli_code_with_scheduler_writes_the_serial_output(scheduler, corpus, tmp_path):
    from typer.testing import CliRunner

    from sword.cli.main import app

    runner = CliRunner()
    serial = runner.invoke(app, ["code", str(corpus), "-o", str(tmp_path / "a.jsonl")])
    spread = runner.invoke(app, ["code", str(corpus), "-o", str(tmp_path / "b.jsonl"),
                                 "--scheduler", scheduler])
    assert serial.exit_code == spread.exit_code == 3  # the broken line was skipped
    assert "news.jsonl:11" in spread.output
    assert (tmp_path / "b.jsonl").read_bytes() == (tmp_path / "a.jsonl").read_bytes()
    assert (tmp_path / "a.jsonl").stat().st_size > 0
