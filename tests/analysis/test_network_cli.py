"""`sword network`: summary, triads with evidence, graph files."""

from __future__ import annotations

import json

from test_network_balance import ROWS
from typer.testing import CliRunner

from test_cli_fixtures import analysis_app as make_app
from test_store_fixtures import build_store

# ROWS has one or two events a pair: call pairs on that little (test_network_balance.LOOSE)
LOOSE = ["--stance-events", "1", "--level", "0.5"]


def test_network_cli_triad_and_json(tmp_path):
    db = tmp_path / "s.duckdb"
    build_store(db, ROWS).close()
    out = tmp_path / "g.json"
    result = CliRunner().invoke(make_app(), ["network", "--at", "2023-12-31", "--db", str(db),
                                             "--out", str(out), "--organisations",
                                             *LOOSE],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "1 unbalanced" in result.stdout
    assert "RUS is friendly with ARM and AZE" in result.stdout
    assert "Baku's troops attacked." in result.stdout
    assert {n["id"] for n in json.loads(out.read_text())["nodes"]} == {"ARM", "AZE", "RUS", "EU"}


def test_network_cli_history_and_bad_window(tmp_path):
    db = tmp_path / "s.duckdb"
    build_store(db, ROWS).close()
    app = make_app()
    result = CliRunner().invoke(app, ["network", "--history", "--step", "1m", "--db", str(db),
                                      *LOOSE], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "2023-09 … 2023-09" in result.stdout  # only the window ending at the last event
    bad = CliRunner().invoke(app, ["network", "--window", "forever", "--db", str(db)])
    assert bad.exit_code == 2


def test_network_cli_default_calls_no_pair_on_two_events(tmp_path):
    db = tmp_path / "s.duckdb"
    build_store(db, ROWS).close()
    result = CliRunner().invoke(make_app(), ["network", "--at", "2023-12-31", "--db", str(db)],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "0 signed triads, 0 unbalanced" in result.stdout
    assert "friendly" not in result.stdout
    bad = CliRunner().invoke(make_app(), ["network", "--level", "1.5", "--db", str(db)])
    assert bad.exit_code == 2
