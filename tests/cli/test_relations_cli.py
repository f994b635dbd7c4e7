"""`sword relations`: the table in the terminal and the chart."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from test_cli_fixtures import analysis_app as make_app
from test_store_fixtures import Row, build_store

ROWS = [
    Row("a1", "2024-01-10", "RUSGOV", "AZEGOV", "057", "Daily"),
    Row("a2", "2024-01-20", "AZE", "RUS", "112", "Daily"),
    Row("a3", "2024-04-05", "RUSCOP", "AZE", "173", "Herald"),
]


def test_relations_cli_table_and_plot(tmp_path):
    db = tmp_path / "s.duckdb"
    build_store(db, ROWS).close()
    result = CliRunner().invoke(make_app(), ["relations", "rus", "aze", "--db", str(db),
                                             "--plot", str(tmp_path / "c.html")],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # 1 coop, 1 conflict; counts print as integers
    january = next(line for line in lines if "2024-01" in line)
    assert "+0.00" in january
    assert january.split()[1:6] == ["2", "1", "0", "1", "0"]
    assert any("2024-04" in line and "-1.00" in line for line in lines)
    assert not any("2024-02" in line for line in lines)  # empty months are left out
    assert (tmp_path / "c.html").stat().st_size > 1_000_000


@pytest.mark.browser
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium")
def test_relations_cli_quarter_png(tmp_path):
    db = tmp_path / "s.duckdb"
    build_store(db, ROWS).close()
    result = CliRunner().invoke(make_app(), ["relations", "RUS", "AZE", "--freq", "quarter",
                                             "--db", str(db), "--plot", str(tmp_path / "c.png")],
                                env={"COLUMNS": "200"})
    assert "2024 Q1" in result.stdout and "2024 Q2" in result.stdout
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_relations_cli_no_events_and_bad_date(tmp_path):
    db = tmp_path / "s.duckdb"
    build_store(db, ROWS).close()
    app = make_app()
    empty = CliRunner().invoke(app, ["relations", "USA", "CHN", "--db", str(db)])
    assert empty.exit_code == 0 and "no events" in empty.stdout
    bad = CliRunner().invoke(app, ["relations", "RUS", "AZE", "--since", "May", "--db", str(db)])
    assert bad.exit_code == 2
