"""Every table of every command at 80 columns (no line wider, no header cut short,
evidence on lines of its own) and at 200 (the width is used)."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console
from typer.testing import CliRunner

from sword.cli.main import app, print_report
from sword.cli.report import print_findings
from sword.cli.tables import Column, Row, fit_widths, print_table, split_columns
from test_report_fixtures import report_rows
from test_store_fixtures import build_store

LONG = ("Kremlin spokesman Dmitry Peskov confirmed on Wednesday that peacekeepers had begun "
        "withdrawing from the region, a step the foreign ministry called overdue [{n}].")
OUTLET = "Borealis News Agency (machine-translated)"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store with a turning pair, a triad and long evidence sentences from an outlet
    with a long name (brackets in the text must print as they are)."""
    rows = report_rows()
    for n, row in enumerate(rows):
        row.sentence = LONG.format(n=n)
        if n % 3 == 0:
            row.publisher = OUTLET
    path = tmp_path_factory.mktemp("terminal") / "s.duckdb"
    build_store(path, rows).close()
    return path


def run(args: list[str], columns: int) -> str:
    result = CliRunner().invoke(app, args, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def assert_readable(output: str, headers: list[str], width: int = 80) -> None:
    lines = output.splitlines()
    too_wide = [line for line in lines if len(line) > width]
    assert not too_wide, too_wide
    words = set(output.split())
    for header in headers:  # wrapped onto lines of its own, never cut to "per…"
        missing = [w for w in header.split() if w not in words]
        assert not missing, (header, missing)


ANALYSES = {
    "relations": (["relations", "RUS", "AZE"],
                  ["period", "events", "verbal coop", "material conflict", "Goldstein sum",
                   "mean Goldstein", "balance", "RUS→AZE events, balance"]),
    "framing": (["framing", "RUS", "AZE"],
                ["publisher", "articles", "RUS→AZE", "AZE→RUS", "verbal conflict",
                 "material conflict", "mean Goldstein", "balance"]),
    "shifts": (["shifts", "--min-events", "5"],
               ["#", "pair", "from", "before", "after", "turn", "events before, after"]),
    "network": (["network", "--history", "--window", "6m"],
                ["triad", "caught between", "edges (sign, events)", "seen"]),
}


@pytest.mark.parametrize("name", list(ANALYSES))
def test_cli_terminal_analysis_tables_fit_80_columns(store, name):
    args, headers = ANALYSES[name]
    output = run([*args, "--db", str(store)], 80)
    assert_readable(output, headers)


def test_cli_terminal_evidence_is_a_line_of_its_own(store):
    output = run(["shifts", "--min-events", "5", "--db", str(store)], 80)
    lines = output.splitlines()
    row = next(i for i, line in enumerate(lines) if line.split()[:2] == ["1", "AZE–RUS"])
    evidence = [line for line in lines[row + 1:] if line.startswith("    ")]
    # the sentence runs across the width under its row, not down a narrow column
    assert len(evidence) >= 3 and max(len(line) for line in evidence) > 60
    assert "[" in output and "withdrawing" in output  # brackets are text, not markup


def test_cli_terminal_uses_the_width_it_has(store):
    narrow = run(["relations", "RUS", "AZE", "--db", str(store)], 80)
    wide = run(["relations", "RUS", "AZE", "--db", str(store)], 200)
    assert "(continued)" in narrow and "(continued)" not in wide
    assert max(len(line) for line in wide.splitlines()) > 100
    assert_readable(wide, ANALYSES["relations"][1], width=200)
    shifts = run(["shifts", "--min-events", "5", "--db", str(store)], 200)
    assert max(len(line) for line in shifts.splitlines()) > 120  # evidence takes the width


def test_cli_terminal_demo_summary_fits_80_columns(store):
    from sword.analysis.findings import ReportConfig, collect_findings
    from sword.store import Store

    with Store(store, read_only=True) as opened:
        findings = collect_findings(opened.con, ReportConfig(min_events=5))
    assert findings.shifts and findings.tensions
    out = io.StringIO()
    print_findings(Console(file=out, width=80), findings)
    assert_readable(out.getvalue(), ["pair", "from", "turn", "balance", "events", "coop",
                                     "conflict", "period", "tension", "windows"])
    assert "before: " in out.getvalue() and OUTLET.split()[0] in out.getvalue()


def test_cli_terminal_eval_tables_fit_80_columns(tmp_path):
    from sword.coding.evaluate import evaluate, read_gold

    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({
        "id": f"g{i}", "date": "2024-01-02", "text": "Germany expelled two diplomats.",
        "events": [{"source": "DEU", "target": "RUS", "cameo": code}]}) + "\n"
        for i, code in enumerate(("1663", "042", "190"))))
    report = evaluate(read_gold(gold), lambda record: [], frozenset({"DEU", "RUS"}))
    out = io.StringIO()
    print_report(Console(file=out, width=80), report, str(gold), verbose=True)
    assert_readable(out.getvalue(), ["level", "precision", "recall", "F1", "TP", "FP", "FN",
                                     "root code", "gold", "found"])


def test_cli_terminal_wide_tables_split_and_repeat_their_key_columns():
    columns = [Column("period", "left"), *(Column(f"statistic number {i}") for i in range(12))]
    rows = [Row(["2024-01", *(f"{i * 1000:+.2f}" for i in range(12))])]
    parts = split_columns(columns, rows, 80, keys=1)
    assert len(parts) > 1 and all(part[0] == 0 for part in parts)
    assert sorted({i for part in parts for i in part}) == list(range(13))
    out = io.StringIO()
    print_table(Console(file=out, width=80), "wide", columns, rows)
    assert_readable(out.getvalue(), [c.header for c in columns])
    # with room enough, nothing wraps: each column its natural width
    assert fit_widths(columns, rows, 400) == [max(len(c.header), 9) if i else 7
                                              for i, c in enumerate(columns)]


def test_cli_terminal_new_statistics_get_columns(store, monkeypatch):
    from sword.analysis.shifts import Shift

    plain = Shift.to_dict
    monkeypatch.setattr(Shift, "to_dict", lambda self: {
        **plain(self), "turn_interval": [-1.5, -0.25], "bayes_factor": 12.3456})
    output = run(["shifts", "--min-events", "5", "--db", str(store)], 80)
    assert_readable(output, ["turn interval", "bayes factor"])
    assert "-1.50…-0.25" in output and "12.35" in output
