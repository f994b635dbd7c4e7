"""The reasons table (migration 5): reason sentences stored apart from events."""

from __future__ import annotations

from datetime import date

from sword.model import CodedDocument, Document, Reason
from sword.store import Store


def _coded(doc_id: str, text: str) -> CodedDocument:
    reason = Reason(doc_id=doc_id, sentence_index=0, sentence=text, sentence_start=0,
                    sentence_end=len(text), reason="because of gas", reason_start=10,
                    reason_end=24, marker="because of", kind="cause", actor="AZE",
                    partner="TUR", partner_how="sentence", attribution="analysis",
                    event_date="2024-05", date_precision="month")
    return CodedDocument(Document(id=doc_id, text=text, date=date(2024, 5, 2)), reasons=[reason])


def test_store_reasons_stored_with_their_document(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        stats = store.ingest([_coded("a", "Baku met because of gas.")])
        rows = store.con.execute(
            "SELECT doc_id, actor, partner, event_date, kind FROM reasons").fetchall()
        assert stats.events_added == 0
    assert rows == [("a", "AZE", "TUR", date(2024, 5, 1), "cause")]


def test_store_reasons_of_a_renamed_document_get_their_own_id(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest([_coded("a", "Baku met because of gas.")])
        store.ingest([_coded("a", "Another text because of gas.")])
        ids = store.con.execute("SELECT doc_id, reason_id FROM reasons ORDER BY doc_id").fetchall()
    assert ids[0][0] == "a" and ids[1][0].startswith("a#")
    assert ids[0][1] != ids[1][1]


def test_store_reasons_table_added_to_an_older_store(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store(path) as store:  # make it look like a store from before migration 5
        store.con.execute("DROP TABLE reasons")
        store.con.execute("DELETE FROM schema_version WHERE version = 5")
    with Store(path) as store:
        assert store.schema_version() == 5
        assert store.con.execute("SELECT count(*) FROM reasons").fetchone()[0] == 0
