"""The HTML report built from a hand-made store (no model needed)."""

from __future__ import annotations

import html
import re

import pytest
from typer.testing import CliRunner

from sword.analysis.findings import (
    ReportConfig,
    collect_findings,
    shift_weight,
    tension_weight,
    top_dyads,
)
from sword.cli.main import app
from sword.report.html import build_report
from sword.store import Store
from test_report_fixtures import HOSTILE_SENTENCE, MARKUP_OUTLET, build_report_store

SECTIONS = ("findings", "shifts", "timelines", "dyads", "network", "tensions", "framing")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "store.duckdb"
    store = build_report_store(path)
    findings = collect_findings(store.con, ReportConfig())
    out = build_report(store.con, path.parent / "report.html", findings=findings)
    page = out.read_text(encoding="utf-8")
    yield store, findings, page
    store.close()


def test_report_has_every_section(built):
    _, _, page = built
    for key in SECTIONS:
        assert f'<section id="{key}">' in page, key
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_report_escapes_markup_from_the_database(built):
    _, _, page = built
    assert "<script>window.__pwned" not in page
    assert html.escape(HOSTILE_SENTENCE) in page
    assert "<i>Herald</i>" not in page and html.escape(MARKUP_OUTLET) in page


def test_report_inlines_plotly_once_and_loads_nothing(built):
    from plotly.offline import get_plotlyjs

    _, findings, page = built
    assert page.count(get_plotlyjs()[:300]) == 1
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    charts = len(re.findall(r'<div id="chart-\d+"', page))
    assert charts == len(findings.timelines) + 1  # timelines and the network


def test_report_finds_the_turn_and_the_tension(built):
    _, findings, page = built
    first = findings.shifts[0]
    assert first.dyad == ("AZE", "RUS") and first.size < 0
    assert first.date.isoformat() == "2023-07-01"
    assert "Azerbaijan – Russia" in page and "towards conflict" in page
    pivots = [(t.pivot, t.nodes) for t in findings.tensions]
    assert ("RUS", ("ARM", "AZE", "RUS")) in pivots
    assert "Russia is friendly with both Armenia and Azerbaijan" in page


def test_report_top_dyads_count_unique_events(built):
    store, findings, _ = built
    dyads = top_dyads(store.con, 2)
    assert [(d.a, d.b, d.events) for d in dyads] == [("AZE", "RUS", 30), ("ARM", "AZE", 18)]
    assert dyads[0].a_to_b == 12 and dyads[0].b_to_a == 18
    assert dyads[0].cooperation == 18 and dyads[0].conflict == 12
    assert findings.framing[0][0] == ("AZE", "RUS")


def test_report_shift_weight_prefers_turns_backed_by_events(built):
    _, findings, _ = built
    shift = findings.shifts[0]
    thin = type(shift)(**{**{f: getattr(shift, f) for f in shift.__slots__},
                          "events_before": 4, "size": -2.0})
    assert shift_weight(shift) > shift_weight(thin)


def test_report_of_an_empty_store_says_so(tmp_path):
    with Store(tmp_path / "empty.duckdb") as store:
        out = build_report(store.con, tmp_path / "r.html")
    page = out.read_text(encoding="utf-8")
    assert "No shift found" in page and "No events in the network window" in page
    assert '<div id="chart-' not in page
    assert "0 articles (no outlet named)" in page  # not "from 0 outlets"


def test_report_cli_writes_the_page(tmp_path):
    db = tmp_path / "cli.duckdb"
    build_report_store(db).close()
    out = tmp_path / "out" / "r.html"
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and str(out) in result.output


def test_report_cli_without_a_store_fails_cleanly(tmp_path):
    result = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "none.duckdb"),
                                      "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 1
    assert "no Sword store" in result.output
    assert not (tmp_path / "r.html").exists()


def test_report_tension_weight_rewards_persistence(built):
    from dataclasses import replace

    _, findings, _ = built
    tension = findings.tensions[0]
    once = replace(tension, windows=1)
    lasting = replace(tension, windows=4)
    assert tension_weight(lasting) == 2 * tension_weight(once) > 0


def test_report_shows_intervals_scores_and_flags(built):
    _, findings, page = built
    shift = findings.shifts[0]
    assert f"score {shift.score:.1f}" in page and "90% intervals:" in page
    # the hostile edge of the tension rests on threats the articles report as claims
    assert '<span class="flag">reported</span>' in page
    assert "friendly</span> (12 events" in page and "90% interval [" in page
    # the before side of a turn to conflict shows cooperative events only
    assert all(e.quad_class <= 2 and e.goldstein > 0 for e in shift.evidence_before)
    assert all(e.quad_class >= 3 for e in shift.evidence_after)
