"""Store schema, migrations, locking, export and the query helpers the API uses."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sword.errors import StoreError, StoreLocked
from sword.store import Store
from sword.store.schema import MIGRATIONS, SCHEMA_VERSION, Migration
from test_store_fixtures import Row, build_store

ROWS = [
    Row("d1", "2024-01-05", "RUSGOV", "AZE", "057", "Daily"),
    Row("d2", "2024-02-10", "AZEMIL", "RUS", "190", "Herald"),
    Row("d3", "2024-03-15", "ARMGOV", "FRA", "036", "Herald"),
]


def test_store_schema_version_recorded_once(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
    with Store(path) as store:
        rows = store.con.execute("SELECT version FROM schema_version").fetchall()
        assert rows == [(m.version,) for m in MIGRATIONS]


def test_store_applies_pending_migrations_in_order(tmp_path, monkeypatch):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    extra = Migration(
        SCHEMA_VERSION + 1,
        "test column",
        lambda con: con.execute("ALTER TABLE documents ADD COLUMN note VARCHAR"),
    )
    monkeypatch.setattr("sword.store.store.MIGRATIONS", (*MIGRATIONS, extra))
    monkeypatch.setattr("sword.store.store.SCHEMA_VERSION", extra.version)
    with Store(path) as store:
        assert store.schema_version() == extra.version
        assert "note" in store.con.table("documents").columns


def test_store_refuses_newer_schema(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.con.execute("INSERT INTO schema_version VALUES (999, 'future', now())")
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_store_read_only_missing_file_is_clear(tmp_path):
    with pytest.raises(StoreError, match="sword ingest"):
        Store(tmp_path / "absent.duckdb", read_only=True)


def test_store_read_only_refuses_ingest(tmp_path):
    path = tmp_path / "s.duckdb"
    build_store(path, ROWS).close()
    with Store(path, read_only=True) as store:
        assert store.counts()["events"] == 3
        with pytest.raises(StoreError, match="read-only"):
            store.ingest([])


def test_store_locked_by_other_process(tmp_path):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(path)!r})
            print("held", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreLocked, match="another process"):
            Store(path, read_only=True)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_store_export_parquet_every_table(tmp_path):
    with build_store(tmp_path / "s.duckdb", ROWS) as store:
        n = store.export_parquet("events", tmp_path / "out" / "events.parquet")
        table = pq.read_table(tmp_path / "out" / "events.parquet")
        assert n == 3 and table.num_rows == 3
        assert pa.types.is_list(table.schema.field("flags").type)
        assert table.column("event_date").type == pa.date32()
        assert store.export_parquet("event_groups", tmp_path / "g.parquet") == 3
        with pytest.raises(StoreError, match="unknown table"):
            store.export_parquet("events; DROP TABLE events", tmp_path / "x.parquet")


def test_store_events_filters_and_order(tmp_path):
    with build_store(tmp_path / "s.duckdb", ROWS) as store:
        assert [e["doc_id"] for e in store.events(dyad=("AZE", "RUS"))] == ["d1", "d2"]
        assert [e["doc_id"] for e in store.events(source="RUS")] == ["d1"]
        assert [e["doc_id"] for e in store.events(country="RUS", order="goldstein")] == [
            "d2", "d1"]
        assert [e["doc_id"] for e in store.events(since="2024-02-01", until="2024-02-28")] == [
            "d2"]
        assert [e["doc_id"] for e in store.events(cameo="19")] == ["d2"]
        assert [e["doc_id"] for e in store.events(publisher="Herald", order="-date")] == [
            "d3", "d2"]
        assert [e["doc_id"] for e in store.events(limit=1, offset=1)] == ["d2"]
        assert store.count_events(publisher="Herald") == 2
        record = store.events(doc_id="d2")[0]
        assert record["event_date"] == "2024-02-10" and record["publisher"] == "Herald"
        assert record["flags"] == [] and record["group_id"]
        with pytest.raises(StoreError):
            store.events(order="evil")


def test_store_document_with_events_and_mentions(tmp_path):
    with build_store(tmp_path / "s.duckdb", ROWS) as store:
        doc = store.document("d2")
        assert doc["source"] == "Herald" and doc["date"] == "2024-02-10"
        assert [e["cameo"] for e in doc["events"]] == ["190"]
        assert [m["code"] for m in doc["mentions"]] == ["AZEMIL"]
        assert store.document("nope") is None


def test_store_sentences_only_those_with_events(tmp_path):
    with build_store(tmp_path / "s.duckdb", ROWS) as store:
        rows = store.con.execute(
            'SELECT s.text, d.text[s."start" + 1 : s."end"] FROM sentences s '
            "JOIN documents d USING (doc_id)"
        ).fetchall()
        assert len(rows) == 3
        assert all(sentence == piece for sentence, piece in rows)


def test_store_ingest_arrow_skips_stored_documents(tmp_path):
    with build_store(tmp_path / "s.duckdb", ROWS) as store:
        docs = store.con.sql("SELECT * EXCLUDE (ingested_at) FROM documents").to_arrow_table()
        events = store.con.sql("SELECT * FROM events").to_arrow_table()
        stats = store.ingest_arrow(docs, events)
        assert stats.documents_added == 0 and stats.documents_skipped_duplicate == 3
        assert store.counts()["events"] == 3


def test_store_duckdb_error_is_store_error(tmp_path):
    path = tmp_path / "not-a-db.duckdb"
    path.write_text("this is not a database")
    with pytest.raises(StoreError):
        Store(path)
    assert issubclass(StoreLocked, StoreError)
    assert duckdb  # the store is a real DuckDB file in every other test


def test_store_creates_missing_folder(tmp_path):
    with Store(tmp_path / "new" / "deeper" / "s.duckdb") as store:
        assert store.schema_version() == SCHEMA_VERSION


def test_store_made_before_appearances_gets_one_per_document(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))  # a store as version 2 made it
    con.execute("CREATE TABLE schema_version "
                "(version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)")
    for migration in (m for m in MIGRATIONS if m.version <= 2):
        migration.apply(con)
        con.execute("INSERT INTO schema_version VALUES (?, ?, now())",
                    [migration.version, migration.description])
    con.execute("""INSERT INTO documents (doc_id, content_hash, source, date, text) VALUES
                   ('d1', 'h1', 'Daily', '2024-01-05', 'one'),
                   ('d2', 'h2', NULL, '2024-02-10', 'two')""")
    con.execute("INSERT INTO events (event_id, doc_id, event_date, source, target, cameo, "
                "source_country, target_country, group_id) VALUES "
                "('e1', 'd1', '2024-01-05', 'RUS', 'AZE', '057', 'RUS', 'AZE', 'g1')")
    con.close()
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        rows = store.con.execute(
            "SELECT doc_id, source, date FROM appearances ORDER BY doc_id").fetchall()
        assert [(r[0], r[1], r[2].isoformat()) for r in rows] == [
            ("d1", "Daily", "2024-01-05"), ("d2", None, "2024-02-10")]
        assert store.con.execute(
            "SELECT mentions, sources, articles FROM event_groups").fetchall() == [(1, 1, 1)]
