"""The dashboard in Debian's chromium (Playwright, `executable_path`, never `playwright
install`) against a real uvicorn server on 127.0.0.1 over a hand-built store.

The page is queried for what it rendered — plotly's SVG paths, list items, <mark>
elements — and a stored cross-site-scripting attempt must stay text. The pages forbid
eval (Content-Security-Policy), so waits use locator assertions, not wait_for_function.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sword.analysis.findings import ReportConfig, collect_findings
from sword.api import create_app
from sword.api.server import ServerThread
from sword.store import Store
from test_api_fixtures import (
    PUBLISHERS,
    XSS_DOC_ID,
    build_story_store,
    reported_flags,
    story,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="Debian's chromium is not installed at /usr/bin/chromium "
                              "(`make chromium` or `apt-get install chromium`)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    db = build_story_store(tmp_path_factory.mktemp("browser") / "story.duckdb")
    with ServerThread(create_app(db)) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page with everything it reported: console errors, uncaught errors, dialogs."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def watched(browser, server: ServerThread) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  base_url=server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    watch = Watched(page)
    yield watch
    context.close()
    assert watch.errors == [], watch.errors


def open_page(watch: Watched, fragment: str = "") -> object:
    page = watch.page
    page.goto("/" + fragment)
    page.wait_for_selector("body[data-ready]", state="attached")
    return page


def test_dashboard_overview_draws_network_and_feeds(watched: Watched) -> None:
    page = open_page(watched)
    page.wait_for_selector("#network-plot[data-state=loaded]", state="attached")
    edges = int(page.get_attribute("#network-plot", "data-edges"))
    assert edges == 2  # the last 12 months: Russia–Azerbaijan and Armenia–France
    # edges are drawn as line segments, grouped by sign and width into few paths
    paths = page.locator("#network-plot .scatterlayer .js-line").evaluate_all(
        "lines => lines.map(l => l.getAttribute('d'))")
    assert sum(d.count("M") for d in paths) == edges
    assert page.locator("#network-plot .annotation-text").count() == 4
    feed = page.locator("#shift-feed li.shift")
    assert feed.count() >= 1
    assert "AZE–RUS" in feed.first.inner_text()
    assert "towards conflict" in feed.first.inner_text()
    assert page.locator("#dyad-list li a").first.inner_text() == "AZE–RUS"
    assert "No unbalanced triads" in page.inner_text("#triad-list")


def test_dashboard_time_slider_moves_the_window(watched: Watched) -> None:
    page = open_page(watched)
    page.wait_for_selector("#network-plot[data-state=loaded]", state="attached")
    # The slider runs over month ends from the first event; index 11 is 2023-12-31.
    page.eval_on_selector("#time-slider", "s => { s.value = '11'; "
                                          "s.dispatchEvent(new Event('input')); "
                                          "s.dispatchEvent(new Event('change')); }")
    assert page.inner_text("#time-label") == "2023-12-31"
    expect(page.locator("#network-plot")).to_have_attribute("data-edges", "3")
    paths = page.locator("#network-plot .scatterlayer .js-line").evaluate_all(
        "lines => lines.map(l => l.getAttribute('d'))")
    assert sum(d.count("M") for d in paths) == 3
    page.wait_for_selector("#triad-list li.tension")
    tension = page.inner_text("#triad-list li.tension")
    assert "RUS is friendly with ARM and AZE" in tension
    assert page.locator("#triad-list li.tension .quote a").count() == 3


def test_dashboard_dyad_page_shows_timeline_shifts_and_evidence(watched: Watched) -> None:
    page = open_page(watched)
    page.click("#dyad-list li a >> text=AZE–RUS")
    page.wait_for_selector("#timeline-plot[data-state=loaded]", state="attached")
    page.wait_for_selector("#evidence-list[data-state=loaded]", state="attached")
    assert page.url.endswith("#/dyad/AZE/RUS")
    assert page.inner_text("#dyad-title") == "Azerbaijan (AZE) and Russia (RUS)"
    # plotly drew stacked bars, a balance line per direction and the shift marker
    assert page.locator("#timeline-plot .barlayer .point path").count() > 0
    assert page.locator("#timeline-plot .scatterlayer .js-line").count() >= 2
    assert page.locator("#timeline-plot .shapelayer path").count() >= 1
    assert page.get_attribute("#timeline-plot", "data-shifts") == "1"
    assert "towards conflict" in page.inner_text("#dyad-shifts")

    items = page.locator("#evidence-list li.evidence-item")
    expected = sum({s.source, s.target} == {"AZE", "RUS"} for s in story()) + 1
    assert page.inner_text("#evidence-count") == f"{expected} sentences"
    assert items.count() == 25  # one page
    second = items.nth(1)  # the newest after the stored-XSS article
    assert second.locator("time").inner_text() == "2025-07-20"
    assert second.locator(".outlet").inner_text() in PUBLISHERS
    assert second.locator("mark.actor").all_inner_texts() == ["Russia", "Azerbaijan"]
    assert second.locator("mark.action").all_inner_texts() == ["accused"]

    page.click("#evidence-next")
    expect(page.locator("#evidence-page")).to_have_text("page 2 of 2")
    expect(items).to_have_count(expected - 25)

    page.fill("#evidence-filter", "arrested")
    expect(items).to_have_count(10)
    assert all("arrested" in t for t in page.locator("#evidence-list .sentence").all_inner_texts())
    # the CSV download carries the list's filters and holds every matching sentence
    href = page.get_attribute("#evidence-csv", "href")
    assert href.startswith("/api/events.csv?") and "q=arrested" in href
    csv_text = page.evaluate("async (url) => (await fetch(url)).text()", href)
    assert len(csv_text.strip().splitlines()) == 1 + 10


def test_dashboard_dyad_page_has_a_why_panel(watched: Watched) -> None:
    page = open_page(watched, "#/dyad/RUS/AZE")
    page.wait_for_selector("#dyad-why[data-state=loaded]", state="attached")
    panel = page.inner_text("#dyad-why")
    assert "towards conflict from" in panel  # the story's turn, as in the shifts list
    assert "Reasons the press gives" in panel and "In the same months" in panel
    # the story stores no reason sentence: the panel says so rather than inventing one
    assert "No sentence of this period gives a reason." in panel


def test_dashboard_evidence_links_to_the_highlighted_article(watched: Watched) -> None:
    page = open_page(watched, "#/dyad/RUS/AZE")
    page.wait_for_selector("#evidence-list[data-state=loaded]", state="attached")
    item = page.locator("#evidence-list li.evidence-item").nth(1)
    sentence = item.locator(".sentence").inner_text()
    item.locator("a.open-document").click()
    page.wait_for_selector("#doc-text .evidence-span")
    assert page.url.split("#")[1].startswith("/document/doc-")
    assert page.inner_text("#doc-text .evidence-span") == sentence
    assert page.locator("#doc-text mark.actor").all_inner_texts() == ["Russia", "Azerbaijan"]
    assert page.locator("#doc-text mark.action").all_inner_texts() == ["accused"]
    assert page.inner_text("#doc-text").startswith("Report ")
    assert page.locator("#doc-events li.selected").count() == 1


def test_dashboard_actor_search_finds_a_leader(watched: Watched) -> None:
    page = open_page(watched)
    page.fill("#actor-search", "Aliyev")
    first = page.locator("#search-results li.search-result").first
    first.wait_for()
    assert first.get_attribute("data-code") == "AZE"
    assert "Azerbaijan" in first.inner_text() and "Aliyev" in first.inner_text()
    page.press("#actor-search", "Enter")
    page.wait_for_selector("#actor-dyads li a")
    assert page.url.endswith("#/actor/AZE")
    assert page.inner_text("#actor-title") == "Azerbaijan (AZE)"
    assert "AZE–RUS" in page.locator("#actor-dyads li a").all_inner_texts()


def test_dashboard_stored_xss_stays_text(watched: Watched) -> None:
    page = open_page(watched, "#/dyad/RUS/AZE")
    page.wait_for_selector("#evidence-list[data-state=loaded]", state="attached")
    newest = page.locator("#evidence-list li.evidence-item").first
    assert "<script>" in newest.locator(".sentence").inner_text()
    assert "onerror=" in newest.inner_text()
    assert newest.locator(".outlet").inner_text().startswith("<b onmouseover=")
    newest.locator(".outlet").hover()

    page.goto(f"/#/document/{XSS_DOC_ID}")
    page.wait_for_selector("#doc-text .evidence-span")
    assert page.inner_text("#doc-title").startswith("<img src=x onerror=")
    assert "<script>window.__xss_lead=1</script>" in page.inner_text("#doc-text")
    page.wait_for_timeout(300)  # an injected image would have failed to load by now

    assert watched.dialogs == []
    fired = page.evaluate("Object.keys(window).filter(k => k.startsWith('__xss'))")
    assert fired == []
    injected = page.evaluate("""() => ({
        images: document.querySelectorAll('main img').length,
        inlineScripts: [...document.scripts].filter(s => !s.src).length,
        handlers: document.querySelectorAll('[onerror], [onmouseover], [onload]').length,
        bold: document.querySelectorAll('main b').length,
        jsLinks: document.querySelectorAll('a[href^="javascript:"]').length,
    })""")
    assert injected == {"images": 0, "inlineScripts": 0, "handlers": 0, "bold": 0,
                        "jsLinks": 0}
    # the javascript: URL of the article is not offered as a link
    assert page.locator("#doc-meta a").count() == 0


def test_dashboard_api_reference_page_lists_the_routes(watched: Watched) -> None:
    page = watched.page
    page.goto("/docs")
    page.wait_for_selector("#operations section.operation")
    headings = page.locator("#operations h3 code").all_inner_texts()
    assert "GET /api/events" in headings and "POST /api/documents" in headings
    assert "curl" in page.inner_text("#operations")


LABEL_BOXES = """els => els.map(e => { const r = e.getBoundingClientRect();
    return [e.textContent, r.left, r.top, r.right, r.bottom]; })"""


def overlapping(boxes: list[list]) -> list[tuple[str, str]]:
    """Pairs of labels (or a label and a node, named '•') whose boxes intersect."""
    found = []
    for i, (name, *a) in enumerate(boxes):
        for other, *b in boxes[i + 1:]:
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                found.append((name, other))
    return [pair for pair in found if pair[0] != "•" or pair[1] != "•"]


@pytest.mark.parametrize("width", [1400, 420])
def test_dashboard_network_labels_never_overlap(browser, server: ServerThread, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, base_url=server.url)
    page = context.new_page()
    try:
        page.goto("/")
        page.wait_for_selector("#network-plot[data-state=loaded]", state="attached")
        for position in ("11", "30"):  # the 2023 window (five states) and the latest
            page.eval_on_selector("#time-slider", f"s => {{ s.value = '{position}'; "
                                  "s.dispatchEvent(new Event('input')); "
                                  "s.dispatchEvent(new Event('change')); }")
            page.wait_for_timeout(600)
            page.wait_for_selector("#network-plot[data-state=loaded]", state="attached")
            labels = page.locator("#network-plot .annotation-text").evaluate_all(LABEL_BOXES)
            nodes = page.locator("#network-plot .scatterlayer .trace:last-child .point"
                                 ).evaluate_all(LABEL_BOXES)
            assert len(labels) == len(nodes) >= 3
            # a node's own label may not touch it either; labels stay inside the plot
            assert overlapping(labels + [["•", *n[1:]] for n in nodes]) == []
            plot = page.locator("#network-plot .main-svg").first.bounding_box()
            for _, left, top, right, bottom in labels:
                assert plot["x"] - 1 <= left and right <= plot["x"] + plot["width"] + 1
                assert plot["y"] - 1 <= top and bottom <= plot["y"] + plot["height"] + 1
            page.locator("#network-plot").screenshot(
                path=f"/tmp/sword-dashboard-network-{width}-{position}.png")
    finally:
        context.close()


def test_dashboard_unknown_actor_says_so(watched: Watched) -> None:
    page = open_page(watched, "#/dyad/XYZ/RUS")
    message = page.locator("#dyad-message")
    expect(message).to_be_visible()
    assert "unknown actor: XYZ" in message.inner_text()
    assert page.locator("#timeline-plot .main-svg").count() == 0  # no empty chart
    assert page.locator("#dyad-body").is_hidden()
    page.screenshot(path="/tmp/sword-dashboard-unknown-actor.png")
    # a good dyad afterwards draws its chart again
    page.goto("/#/dyad/AZE/RUS")
    page.wait_for_selector("#timeline-plot[data-state=loaded]", state="attached")
    assert message.is_hidden() and page.locator("#timeline-plot .main-svg").count() >= 1
    # a known pair with no events is no chart either, and says why
    page.goto("/#/dyad/FRA/TUR")
    expect(message).to_be_visible()
    assert "No events between" in message.inner_text()
    watched.errors.clear()  # the 404 of the unknown actor is logged by the browser


def test_dashboard_evidence_filters_reset_per_dyad(watched: Watched) -> None:
    page = open_page(watched, "#/dyad/AZE/RUS")
    page.wait_for_selector("#evidence-list[data-state=loaded]", state="attached")
    page.fill("#evidence-filter", "arrested")
    page.select_option("#evidence-quad", "4")
    expect(page.locator("#evidence-list li.evidence-item")).to_have_count(10)
    page.goto("/#/dyad/ARM/FRA")
    expect(page.locator("#dyad-title")).to_contain_text("FRA")
    expect(page.locator("#evidence-filter")).to_have_value("")
    expect(page.locator("#evidence-quad")).to_have_value("")
    expected = sum({s.source, s.target} == {"ARM", "FRA"} for s in story())
    expect(page.locator("#evidence-count")).to_have_text(f"{expected} sentences")


def test_dashboard_ranks_shifts_as_the_report_does(watched: Watched, tmp_path) -> None:
    with Store(build_story_store(tmp_path / "copy.duckdb"), read_only=True) as store:
        report = [f"{a}–{b}" for a, b in (s.dyad for s in
                                            collect_findings(store.con, ReportConfig()).shifts)]
    page = open_page(watched)
    feed = page.locator("#shift-feed li.shift .headline a")
    expect(feed.first).to_be_visible()
    assert feed.all_inner_texts()[: len(report)] == report and report
    meta = page.locator("#shift-feed li.shift .meta").first.inner_text()
    assert "score" in meta and "p = " in meta and "[" in meta  # with intervals


def test_dashboard_shows_reported_flags(watched: Watched) -> None:
    page = open_page(watched, "#/dyad/AZE/RUS")
    page.wait_for_selector("#evidence-list[data-state=loaded]", state="attached")
    page.select_option("#evidence-quad", "3")
    expect(page.locator("#evidence-page")).to_have_text("page 1 of 1")
    items = page.locator("#evidence-list li.evidence-item")
    flagged = sum(1 for i, s in enumerate(story())
                  if {s.source, s.target} == {"AZE", "RUS"} and reported_flags(i, s))
    expect(items.locator(".flag")).to_have_count(flagged)
    assert flagged and set(items.locator(".flag").all_inner_texts()) == {"reported"}
    page.screenshot(path="/tmp/sword-dashboard-dyad.png", full_page=True)
