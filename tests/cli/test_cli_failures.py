"""One document that cannot be coded is reported with its id and file:line; the others
are coded (`sword code`) and stored (`sword ingest`), and the exit code is 3."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sword.cli.main import app
from sword.coding.events import EventCoder

pytestmark = pytest.mark.slow

runner = CliRunner()


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "in.jsonl"
    records = [
        {"id": "a", "text": "Russian forces shelled the Ukrainian city of Kharkiv.",
         "date": "2024-03-04"},
        {"id": "bad", "text": "Turkey condemned the Israeli strike on Gaza.",
         "date": "2024-03-04"},
        {"id": "c", "text": "Turkish President Erdogan visited Azerbaijan on Tuesday.",
         "date": "2024-03-05"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def failing_bad(monkeypatch):
    original = EventCoder.code_document

    def code_document(self, document, *args, **kwargs):
        if document.id == "bad":
            raise RuntimeError("injected")
        return original(self, document, *args, **kwargs)

    monkeypatch.setattr(EventCoder, "code_document", code_document)


def test_cli_code_reports_a_failing_document_and_codes_the_others(corpus, failing_bad):
    result = runner.invoke(app, ["code", str(corpus), "--no-model"])
    assert result.exit_code == 3, result.output
    assert f"{corpus}:2: [E031] document 'bad' could not be coded (RuntimeError: injected)" \
        in result.stderr
    ids = {json.loads(line)["doc_id"] for line in result.stdout.splitlines()}
    assert ids == {"a", "c"}


def test_cli_ingest_stores_the_others_when_one_document_fails(tmp_path, corpus, failing_bad):
    pytest.importorskip("duckdb")
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--no-model", "-q"])
    assert result.exit_code == 3, result.output
    assert "[E031] document 'bad' could not be coded" in result.stderr
    from sword.store import Store

    with Store(db, read_only=True) as store:
        ids = {row[0] for row in store.con.execute("SELECT doc_id FROM documents").fetchall()}
    assert ids == {"a", "c"}
