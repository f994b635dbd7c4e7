"""The report opened in Debian's chromium: its charts render, offline, with no errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from sword.report.html import ReportConfig, build_report, collect_findings
from test_report_fixtures import HOSTILE_SENTENCE, build_report_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make chromium)")
    folder = tmp_path_factory.mktemp("browser")
    with build_report_store(folder / "store.duckdb") as store:
        findings = collect_findings(store.con, ReportConfig())
        report = build_report(store.con, folder / "report.html", findings=findings)
    problems: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.as_uri(), wait_until="load")
        charts = len(findings.timelines) + 1
        page.wait_for_function(
            f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}",
            timeout=15000,
        )
        yield page, findings, problems, requests
        browser.close()


def count(page, selector: str) -> int:
    return page.locator(selector).count()


def test_report_browser_renders_every_chart(opened):
    page, findings, _, _ = opened
    charts = len(findings.timelines) + 1
    assert count(page, ".js-plotly-plot") == charts
    assert count(page, ".js-plotly-plot .main-svg") >= charts
    for i in range(1, charts + 1):
        assert count(page, f"#chart-{i} .main-svg") >= 1, f"chart {i} did not render"


def test_report_browser_draws_bars_lines_and_the_network(opened):
    page, findings, _, _ = opened
    # timelines: stacked bars and balance lines with real path geometry
    assert count(page, "#chart-1 .barlayer .trace .point path") > 0
    lines = page.eval_on_selector_all(
        "#chart-1 .scatterlayer .trace path.js-line", "els => els.map(e => e.getAttribute('d'))"
    )
    assert lines and all(d and d.startswith("M") for d in lines)
    # network: one line per edge, then the edge hover markers and the nodes
    network = f"#chart-{len(findings.timelines) + 1}"
    edges = findings.graph.number_of_edges()
    assert count(page, f"{network} .scatterlayer .trace") == edges + 2
    labels = page.locator(f"{network} .annotation-text").all_text_contents()
    assert {"RUS", "AZE", "ARM"} <= set(labels)


def test_report_browser_network_labels_never_overlap(opened):
    page, findings, _, _ = opened
    network = f"#chart-{len(findings.timelines) + 1}"
    labels = page.eval_on_selector_all(
        f"{network} .annotation-text",
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [e.textContent, r.left, r.top, r.right, r.bottom]; })")
    nodes = page.eval_on_selector_all(
        f"{network} .scatterlayer .trace:last-child .point",
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; })")
    assert len(labels) == findings.graph.number_of_nodes() == len(nodes)
    boxes = [box for _, *box in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:] + nodes:
            assert not _overlap(a, b), (labels[i], b)


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_report_browser_no_errors_and_no_network(opened):
    _, _, problems, requests = opened
    assert problems == []
    assert requests and all(url.startswith(("file://", "data:")) for url in requests), requests


def test_report_browser_evidence_is_text_not_code(opened):
    page, _, _, _ = opened
    assert page.evaluate("window.__pwned") is None
    quotes = page.locator("blockquote").all_inner_texts()
    assert HOSTILE_SENTENCE in quotes
