"""`sword framing`: publishers side by side."""

from __future__ import annotations

from test_framing_publishers import ROWS
from typer.testing import CliRunner

from test_cli_fixtures import analysis_app
from test_store_fixtures import build_store


def test_framing_cli_table(tmp_path):
    db = tmp_path / "s.duckdb"
    build_store(db, ROWS).close()
    app = analysis_app()
    result = CliRunner().invoke(app, ["framing", "RUS", "AZE", "--db", str(db)],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    hawk = next(line for line in lines if "Hawk Weekly" in line)
    friendly = next(line for line in lines if "Friendly Post" in line)
    assert "-0.50" in hawk and "2 (50%)" in hawk
    assert "+0.33" in friendly
    assert lines.index(hawk) < lines.index(friendly)  # most events first
