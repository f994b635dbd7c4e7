"""`sword shifts`: the ranked table and the evidence lines."""

from __future__ import annotations

import typer
from test_shifts_detect import turning_rows
from typer.testing import CliRunner

from sword.cli.analysis import register
from test_store_fixtures import build_store


def make_app() -> typer.Typer:
    app = typer.Typer()
    app.command("noop")(lambda: None)
    register(app)
    return app


def test_shifts_cli_lists_turn_with_evidence(tmp_path):
    db = tmp_path / "s.duckdb"
    build_store(db, turning_rows()).close()
    result = CliRunner().invoke(make_app(), ["shifts", "--min-events", "5", "--db", str(db)],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "AZE–RUS" in result.stdout and "2023-01" in result.stdout
    assert "turned towards conflict" in result.stdout
    assert "Azerbaijani forces struck a Russian post." in result.stdout
    assert "ARM–FRA" not in result.stdout


def test_shifts_cli_none_found(tmp_path):
    db = tmp_path / "s.duckdb"
    build_store(db, turning_rows()).close()
    result = CliRunner().invoke(make_app(), ["shifts", "--min-events", "500", "--db", str(db)])
    assert result.exit_code == 0 and "no shifts found" in result.stdout
