"""`sword.ingest`: the library call behind `sword ingest`, the demo and the API."""

from __future__ import annotations

import json

import pytest

import sword
from sword.ingest import IngestProgress
from sword.store import Store

pytestmark = pytest.mark.slow

LINES = [
    {"id": "a", "date": "2025-06-30", "text": "Azerbaijani police raided the Sputnik office in Baku."},
    {"id": "b", "date": "2025-07-01", "text": "Russia summoned Azerbaijan's ambassador in Moscow."},
]


def test_ingest_paths_twice_stores_once_and_reports_bad_lines(tmp_path):
    feed = tmp_path / "news.jsonl"
    feed.write_text("\n".join([json.dumps(LINES[0]), "{not json", json.dumps(LINES[1])]) + "\n")
    seen: list[str] = []
    first = sword.ingest([feed], tmp_path / "s.duckdb",
                         progress=IngestProgress(skipped=lambda e: seen.append(str(e))))
    assert first.documents_added == 2 and first.events_added >= 2
    assert len(first.skipped) == 1 and "news.jsonl:2" in first.skipped[0] and seen == first.skipped
    second = sword.ingest([feed], tmp_path / "s.duckdb")
    assert (second.documents_added, second.already_stored, second.events_added) == (0, 2, 0)
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        assert store.counts()["documents"] == 2


def test_ingest_documents_into_an_open_store(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        result = sword.ingest([sword.Document(id="x", text=LINES[1]["text"])], store=store)
        assert result.documents_added == 1
        assert store.counts()["events"] == result.events_added
