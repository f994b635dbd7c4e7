"""`sword demo`: the bundled corpus coded into a fresh store, findings and the report."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sword.cli.main import app
from sword.coding.read import ReadConfig, iter_documents
from sword.demo import corpus_files, corpus_size, remove_store, run_demo, spread_sample
from sword.errors import StoreError
from sword.model import Document
from sword.store import Store
from test_report_fixtures import build_report_store


def test_demo_help_documents_the_defaults():
    result = CliRunner().invoke(app, ["demo", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--out", "--quiet"):
        assert option in result.output
    assert "sword-demo.duckdb" in result.output and "report.html" in result.output


def test_demo_corpus_is_bundled_and_counted_without_parsing():
    files = corpus_files()
    assert files and all(f.suffix == ".jsonl" for f in files)
    errors = []
    read = sum(1 for _ in iter_documents(files, ReadConfig(), errors.append))
    assert corpus_size(files) == read + len(errors) > 0


def test_demo_sample_spreads_over_the_corpus():
    docs = [Document(id=str(i), text="x") for i in range(100)]
    picked = [int(d.id) for d in spread_sample(iter(docs), 100, 10)]
    assert len(picked) == 10
    assert picked[0] < 10 and picked[-1] >= 90
    assert [int(d.id) for d in spread_sample(iter(docs), 100, 500)] == list(range(100))


def test_demo_refuses_to_replace_what_is_not_a_duckdb_file(tmp_path):
    precious = tmp_path / "notes.duckdb"
    precious.write_text("not a database, do not delete", encoding="utf-8")
    with pytest.raises(StoreError, match="not a DuckDB file"):
        remove_store(precious)
    assert precious.exists()


def test_demo_removes_an_old_store(tmp_path):
    db = tmp_path / "old.duckdb"
    build_report_store(db).close()
    remove_store(db)
    assert not db.exists()
    remove_store(db)  # nothing there: nothing to do


@pytest.mark.slow
def test_demo_codes_a_sample_into_a_fresh_store_and_reports(tmp_path):
    db, out = tmp_path / "demo.duckdb", tmp_path / "report.html"
    build_report_store(db).close()  # an old store whose documents must not survive
    seen = []
    result = run_demo(db, out, progress=seen.append, limit=40)
    assert sum(seen) == 40
    assert result.documents == 40 and result.events > 0
    assert result.report_path == out and out.exists()
    page = out.read_text(encoding="utf-8")
    assert '<section id="shifts">' in page and '<section id="tensions">' in page
    assert result.findings.top_dyads and result.findings.summary.documents == 40
    with Store(db, read_only=True) as store:
        ids = [r[0] for r in store.con.execute("SELECT doc_id FROM documents").fetchall()]
    assert len(ids) == 40 and not any(i.startswith("r") and i[1:].isdigit() for i in ids)


@pytest.mark.slow
def test_demo_cli_prints_findings_and_the_report_path(tmp_path):
    db, out = tmp_path / "cli.duckdb", tmp_path / "cli.html"
    result = CliRunner().invoke(app, ["demo", "--db", str(db), "--out", str(out),
                                      "--limit", "20", "--quiet"])
    assert result.exit_code == 0, result.output
    for title in ("Biggest shifts", "Top dyads", "Triad tensions"):
        assert title in result.output
    assert "Report:" in result.output and out.exists()
    assert "docs/s" not in result.output  # no progress bar when not on a terminal
