"""`sword shifts`: the ranked table and the evidence lines."""

from __future__ import annotations

import re

from test_shifts_detect import turning_rows
from typer.testing import CliRunner

from test_cli_fixtures import analysis_app as make_app
from test_store_fixtures import Row, build_store


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


def test_shifts_cli_score_interval_and_flags(tmp_path):
    db = tmp_path / "s.duckdb"
    rows = turning_rows()
    rows.append(Row("kr", "2023-03-15", "AZE", "RUS", "190", "Herald", flags=("reported",),
                    sentence="Baku says Russian jets struck its post."))
    build_store(db, rows).close()
    result = CliRunner().invoke(make_app(), ["shifts", "--min-events", "5", "--evidence", "12",
                                             "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "score " in result.stdout and "p = 0.0005" in result.stdout
    assert "+1.00 [+0.8" in result.stdout  # the level before with its interval
    claim = next(line for line in result.stdout.splitlines() if "Russian jets" in line)
    assert "[reported]" in claim and claim.lstrip().startswith("after")
    # the first-hand strike comes before the claimed one
    lines = result.stdout.splitlines()
    assert lines.index(claim) > next(i for i, line in enumerate(lines)
                                     if "forces struck a Russian post" in line)
    # every after-line is conflictual (Goldstein below zero)
    after = [line for line in lines if line.lstrip().startswith("after")]
    assert after and all(re.search(r", -\d+\.\d\)$", line) for line in after)
    strict = CliRunner().invoke(make_app(), ["shifts", "--min-events", "5", "--db", str(db),
                                             "--min-side-events", "100"])
    assert strict.exit_code == 0 and "no shifts found" in strict.stdout
