"""Store ingest: idempotence, per-batch transactions, id clashes, unique-event counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pyarrow as pa
import pytest

from sword.model import CodedDocument, Document
from sword.store import Store
from test_store_fixtures import Row, coded_documents

ROWS = [
    Row("d1", "2024-01-05", "RUSGOV", "AZE", "057", "Daily"),
    Row("d1", "2024-01-05", "AZEGOV", "RUS", "042", "Daily", sentence_index=1),
    Row("d2", "2024-02-10", "RUS", "ARM", "112", "Herald"),
    Row("d3", "2024-03-15", "ARMGOV", "FRA", "036", "Herald"),
    Row("d4", "2024-04-20", "RUSCOP", "AZE", "173", "Daily"),
]

TABLES = ("documents", "appearances", "sentences", "mentions", "events")


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, without the ingest timestamp."""
    out = {}
    for table in TABLES:
        cols = [c for c in store.con.table(table).columns if c != "ingested_at"]
        quoted = ", ".join(f'"{c}"' for c in cols)
        out[table] = sorted(
            store.con.execute(f"SELECT {quoted} FROM {table}").fetchall(), key=repr
        )
    return out


def test_store_ingest_twice_stores_once(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        first = store.ingest(coded_documents(ROWS), batch_size=2)
        before = snapshot(store)
        second = store.ingest(coded_documents(ROWS), batch_size=2)
        assert (first.documents_added, first.events_added, first.batches) == (4, 5, 2)
        assert first.sentences_added == 5 and first.mentions_added == 5
        assert second.documents_added == 0 and second.events_added == 0
        assert second.documents_skipped_duplicate == 4
        assert snapshot(store) == before


def test_store_ingest_same_text_twice_in_one_batch_is_one_document(tmp_path):
    docs = coded_documents(ROWS[:1])
    copy = CodedDocument(
        document=Document(id="other-id", text=docs[0].document.text), events=[], mentions=[]
    )
    with Store(tmp_path / "s.duckdb") as store:
        stats = store.ingest([docs[0], copy])
        assert stats.documents_added == 1 and stats.documents_skipped_duplicate == 1
        assert store.counts()["documents"] == 1


def test_store_ingest_id_clash_with_other_text_renames(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest(coded_documents(ROWS[:1]))
        clash = coded_documents([Row("d1", "2024-06-01", "TUR", "ARM", "036")])
        stats = store.ingest(clash)
        assert stats.documents_renamed == 1 and stats.documents_added == 1
        doc_ids = {r[0] for r in store.con.execute("SELECT doc_id FROM documents").fetchall()}
        renamed = (doc_ids - {"d1"}).pop()
        assert renamed.startswith("d1#")
        event = store.events(source="TUR")[0]
        assert event["doc_id"] == renamed
        assert event["event_id"] != clash[0].events[0].event_id


def failing_after(items, n):
    for i, item in enumerate(items):
        if i == n:
            raise RuntimeError("simulated crash")
        yield item


def test_store_ingest_crash_mid_batch_then_rerun_equals_clean_run(tmp_path):
    with Store(tmp_path / "clean.duckdb") as clean:
        clean.ingest(coded_documents(ROWS), batch_size=2)
        expected = snapshot(clean)
    with Store(tmp_path / "crash.duckdb") as store:
        with pytest.raises(RuntimeError):
            # The third document belongs to the second batch: the first batch is committed,
            # the second never is.
            store.ingest(failing_after(coded_documents(ROWS), 3), batch_size=2)
        assert store.counts()["documents"] == 2
        stats = store.ingest(coded_documents(ROWS), batch_size=2)
        assert stats.documents_skipped_duplicate == 2 and stats.documents_added == 2
        assert snapshot(store) == expected


def test_store_ingest_error_inside_batch_rolls_back_whole_batch(tmp_path, monkeypatch):
    with Store(tmp_path / "s.duckdb") as store:
        original = store._insert

        def insert_then_fail(*tables):
            original(*tables)
            raise RuntimeError("disk gone")

        monkeypatch.setattr(store, "_insert", insert_then_fail)
        with pytest.raises(RuntimeError):
            store.ingest(coded_documents(ROWS), batch_size=10)
        monkeypatch.undo()
        assert store.counts() == {t: 0 for t in (*TABLES, "event_groups")}


def test_store_ingest_reports_progress_per_document(tmp_path):
    seen = []
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest(coded_documents(ROWS), batch_size=3, progress=seen.append)
    assert sum(seen) == 4


def test_store_event_groups_count_mentions_sources_articles(tmp_path):
    same = ("2024-05-01", "RUSGOV", "AZEGOV", "190")
    rows = [
        Row("a", *same, publisher="Daily"),
        Row("a", *same, publisher="Daily", sentence_index=1),  # reported twice in one article
        Row("b", *same, publisher="Daily"),
        Row("c", *same, publisher="Herald"),
        Row("d", *same, publisher=None),  # unknown publisher: a source of its own
        Row("e", "2024-05-02", "RUSGOV", "AZEGOV", "190", "Herald"),  # another day
    ]
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest(coded_documents(rows))
        groups = store.event_groups()
        assert [(g["event_date"], g["mentions"], g["sources"], g["articles"]) for g in groups] == [
            ("2024-05-01", 5, 3, 4),
            ("2024-05-02", 1, 1, 1),
        ]
        evidence = store.group_evidence(groups[0]["group_id"])
        assert len(evidence) == 5
        assert groups[0]["evidence"] in {e["evidence"] for e in evidence}
        assert {e["doc_id"] for e in evidence} == {"a", "b", "c", "d"}
        assert store.counts()["event_groups"] == 2


def test_store_undated_events_are_not_matched_across_articles(tmp_path):
    docs = coded_documents([
        Row("u1", "2024-05-01", "RUS", "AZE", "190"),
        Row("u2", "2024-05-01", "RUS", "AZE", "190"),
        Row("u2", "2024-05-01", "RUS", "AZE", "190", sentence_index=1),
    ])
    for doc in docs:
        for event in doc.events:
            event.event_date = None
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest(docs)
        groups = store.event_groups()
        assert sorted((g["articles"], g["mentions"]) for g in groups) == [(1, 1), (1, 2)]


def wire_copy(doc: CodedDocument, doc_id: str, source: str | None, url: str | None = None,
              day: date | None = None) -> CodedDocument:
    """The same text as `doc`, published under another id, outlet, address or date."""
    copy = replace(doc.document, id=doc_id, source=source, url=url,
                   date=day or doc.document.date)
    return CodedDocument(document=copy, events=doc.events, mentions=doc.mentions)


def test_store_wire_copy_from_another_outlet_is_an_appearance_not_a_document(tmp_path):
    original = coded_documents(ROWS[:2])[0]
    copies = [wire_copy(original, "ap-7", "AP", "https://ap.example/7"),
              wire_copy(original, "afp-2", "AFP", day=date(2024, 1, 6))]
    with Store(tmp_path / "s.duckdb") as store:
        first = store.ingest([original, copies[0]])
        second = store.ingest([copies[1]])
        counts = store.counts()
        assert (counts["documents"], counts["appearances"], counts["events"]) == (1, 3, 2)
        assert first.appearances_added == 2 and second.appearances_added == 1
        assert second.documents_added == 0 and second.events_added == 0
        # each of the text's two events: one mention per appearance, three outlets
        groups = store.con.execute(
            "SELECT mentions, sources, articles FROM event_groups").fetchall()
        assert sorted(groups) == [(3, 3, 3), (3, 3, 3)]
        appearances = store.document("d1")["appearances"]
        assert {(a["doc_id"], a["source"], a["url"]) for a in appearances} == {
            ("d1", "Daily", None), ("d1", "AP", "https://ap.example/7"), ("d1", "AFP", None)}


def test_store_same_appearance_twice_is_recorded_once(tmp_path):
    original = coded_documents(ROWS[:1])[0]
    repeat = wire_copy(original, "again", "Daily")  # same outlet, date and address
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest([original])
        before = snapshot(store)
        stats = store.ingest([repeat, repeat])
        assert stats.documents_skipped_duplicate == 2 and stats.appearances_added == 0
        assert store.record_appearances([repeat.document]) == 0
        assert snapshot(store) == before


def test_store_copies_reach_the_arrow_path(tmp_path):
    original = coded_documents(ROWS[:1])[0]
    with Store(tmp_path / "a.duckdb") as source_store:
        source_store.ingest([original])
        tables = [source_store.con.sql(f"SELECT * FROM {t}").to_arrow_table()
                  for t in ("documents", "events", "mentions")]
    documents, events = tables[0].drop(["ingested_at"]), tables[1].drop(["group_id"])
    copy_row = documents.to_pylist()[0] | {"doc_id": "ap-1", "source": "AP"}
    with Store(tmp_path / "b.duckdb") as store:
        stats = store.ingest_arrow(pa.Table.from_pylist([copy_row], schema=documents.schema),
                                   events, tables[2])
        stats_again = store.ingest_arrow(documents, events, tables[2])
        assert stats.documents_added == 1 and stats_again.appearances_added == 1
        assert store.counts()["appearances"] == 2 and store.counts()["documents"] == 1
