"""The ingest and export commands, and --help on every analysis command."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from sword.model import CodedDocument
from sword.store import Store
from test_cli_fixtures import analysis_app
from test_store_fixtures import Row, make_event

COMMANDS = ("ingest", "relations", "shifts", "network", "framing", "export")


@pytest.fixture
def app() -> typer.Typer:
    return analysis_app()


def fake_code_documents(documents, config=None, on_error=None):
    """Code "SRC TGT CAMEO" texts without spaCy: the CLI wiring is under test here."""
    for document in documents:
        source, target, cameo = document.text.split()[:3]
        row = Row(document.id, document.date.isoformat(), source, target, cameo)
        yield CodedDocument(document, [make_event(document.id, row, document.text, 0)], [])


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "RUS AZE 057 signed", "date": "2024-01-02",
                    "source": "Daily"}),
        json.dumps({"id": "b", "text": "AZE RUS 190 struck", "date": "2024-02-03"}),
        "{this line is broken",
        json.dumps({"id": "c", "text": "ARM FRA 036 will meet", "date": "2024-03-04"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_store_cli_every_command_has_help(app):
    runner = CliRunner()
    for name in COMMANDS:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert len(result.output.split()) > 20, name
        assert "--db" in result.output, name
    assert "exit code is then 3" in " ".join(
        runner.invoke(app, ["ingest", "--help"]).output.split())


def test_store_cli_ingest_reports_bad_line_and_is_idempotent(app, corpus, tmp_path,
                                                            monkeypatch):
    monkeypatch.setattr("sword.coding.pipeline.code_documents", fake_code_documents)
    db = tmp_path / "s.duckdb"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert first.exit_code == 3, first.output
    assert f"{corpus}:3" in first.stderr
    assert "3 documents added, 0 already stored, 3 events" in first.stdout
    second = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert "0 documents added, 3 already stored" in second.stdout
    with Store(db, read_only=True) as store:
        assert store.counts()["documents"] == 3 and store.counts()["events"] == 3


def test_store_cli_ingest_clean_input_exits_zero_and_quiet_is_silent(app, tmp_path,
                                                                    monkeypatch):
    monkeypatch.setattr("sword.coding.pipeline.code_documents", fake_code_documents)
    path = tmp_path / "ok.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "USA CHN 036 talks", "date": "2024-01-01"}))
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", str(tmp_path / "s.duckdb"),
                                      "--quiet"])
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""


def test_store_cli_locked_database_is_a_clear_error(app, tmp_path):
    db = tmp_path / "s.duckdb"
    Store(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys
            con = duckdb.connect({str(db)!r})
            print("held", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        result = CliRunner().invoke(app, ["shifts", "--db", str(db)])
        assert result.exit_code == 1
        assert "in use by another process" in result.stderr
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_store_cli_missing_database_is_a_clear_error(app, tmp_path):
    result = CliRunner().invoke(app, ["relations", "RUS", "AZE", "--db",
                                      str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "sword ingest" in result.stderr


def test_store_cli_export(app, corpus, tmp_path, monkeypatch):
    monkeypatch.setattr("sword.coding.pipeline.code_documents", fake_code_documents)
    db = tmp_path / "s.duckdb"
    runner = CliRunner()
    runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "-q"])
    result = runner.invoke(app, ["export", "events", str(tmp_path / "e.parquet"), "--db",
                                 str(db)])
    assert result.exit_code == 0 and "3 rows of events" in result.stdout
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 3
    bad = runner.invoke(app, ["export", "nope", str(tmp_path / "x.parquet"), "--db", str(db)])
    assert bad.exit_code == 1 and "unknown table" in bad.stderr


@pytest.mark.slow
def test_store_cli_ingest_with_the_real_pipeline(app, tmp_path):
    path = tmp_path / "news.jsonl"
    docs = [
        {"id": "n1", "date": "2024-05-02", "source": "Daily",
         "text": "Russian President Vladimir Putin met Azerbaijani President Ilham Aliyev "
                 "in Moscow on Thursday. The two leaders signed an agreement on trade."},
        {"id": "n2", "date": "2025-07-01", "source": "Herald",
         "text": "Azerbaijani police raided the office of Sputnik Azerbaijan in Baku and "
                 "arrested two Russian citizens."},
    ]
    path.write_text("\n".join(json.dumps(d) for d in docs) + "\n")
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        counts = store.counts()
        assert counts["documents"] == 2 and counts["events"] >= 2, (result.stdout, counts)
        pairs = {(e["source_country"], e["target_country"]) for e in store.events(limit=50)}
        assert pairs & {("RUS", "AZE"), ("AZE", "RUS")}
