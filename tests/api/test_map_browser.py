"""The map in Debian's chromium (Playwright, `executable_path`): the dashboard's #/map view
against a real uvicorn server on 127.0.0.1, and the report's map section opened from a
file. Every request the page makes is intercepted: the map must draw with none leaving
127.0.0.1 (plotly fetches its world outline from a CDN unless given one)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sword.api import create_app
from sword.api.server import ServerThread
from sword.coding.places import Place, set_place
from sword.store import Store
from test_store_fixtures import Row, coded_documents

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]
PLACES = {
    "d1": Place("Sochi, Russia", "city", "RUS", 43.6, 39.72, "RU38", 327608),
    "d2": Place("Georgia", "country", "GEO", 42.0, 43.5),
    "d3": Place("Paris, France", "city", "FRA", 48.85, 2.35, "FR11", 2138551),
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="Debian's chromium is not installed at /usr/bin/chromium "
                              "(`make chromium` or `apt-get install chromium`)"),
]


def _store(path: Path) -> Path:
    coded = coded_documents([
        Row("d1", "2024-01-05", "RUSGOV", "AZEGOV", "057"),
        Row("d1", "2024-01-05", "AZEGOV", "RUSGOV", "057"),
        Row("d2", "2024-02-10", "RUSMIL", "GEO", "190"),
        Row("d3", "2024-03-15", "ARMGOV", "FRAGOV", "036"),
        Row("d4", "2024-03-20", "ARMGOV", "AZEGOV", "112"),  # no place: not on the map
    ])
    for document in coded:
        for event in document.events:
            if document.document.id in PLACES:
                set_place(event, PLACES[document.document.id])
    with Store(path) as store:
        store.ingest(coded)
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _store(tmp_path_factory.mktemp("map") / "places.duckdb")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Offline:
    """A page whose requests are all seen; those that would leave 127.0.0.1 (or the
    file the page was opened from) are refused and kept in `outside`."""

    def __init__(self, page, allowed: tuple[str, ...]) -> None:
        self.page = page
        self.seen: list[str] = []
        self.outside: list[str] = []
        self.errors: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

        def route(request_route) -> None:
            url = request_route.request.url
            self.seen.append(url)
            if url.startswith(allowed):
                request_route.continue_()
            else:
                self.outside.append(url)
                request_route.abort()

        page.route("**/*", route)


@pytest.fixture
def offline(browser) -> Iterator[callable]:
    contexts = []

    def open_offline(allowed: tuple[str, ...], base_url: str | None = None) -> Offline:
        context = browser.new_context(viewport={"width": 1300, "height": 950},
                                      base_url=base_url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        return Offline(page, allowed)

    yield open_offline
    for context in contexts:
        context.close()


def _drawn(page, prefix: str = "map") -> dict:
    page.wait_for_selector(f"#{prefix}-plot[data-state=loaded]", state="attached")
    land = page.locator(f"#{prefix}-plot .geo .layer.land path").get_attribute("d") or ""
    borders = page.locator(f"#{prefix}-plot .geo .layer.countries path").get_attribute("d") or ""
    return {
        "points": page.locator(f"#{prefix}-plot .scattergeo path.point").count(),
        "land": land.count("M"),
        "borders": len(borders),
    }


def test_map_dashboard_draws_points_on_the_served_outline(offline, store_path) -> None:
    with ServerThread(create_app(store_path)) as server:
        watch = offline((server.url,), base_url=server.url)
        page = watch.page
        page.goto("/#/map")
        drawn = _drawn(page)
        assert drawn["points"] == 3  # Sochi, Georgia, Paris; the unplaced event is not drawn
        assert drawn["land"] > 20 and drawn["borders"] > 5_000  # the world, outlined
        assert any(url.endswith("/static/map/world_110m.json") for url in watch.seen)
        page.screenshot(path="/tmp/sword_map_dashboard.png")
        # one pair, then a span of months that holds none of its events
        page.select_option("#map-pair", "GEO-RUS")
        page.wait_for_selector("#map-plot[data-points='1'][data-state=loaded]",
                               state="attached")
        assert "1 unique events at 1 places" in page.inner_text("#map-caption")
        page.select_option("#map-pair", "")
        page.select_option("#map-from", "2024-03")
        page.wait_for_selector("#map-plot[data-points='1'][data-state=loaded]",
                               state="attached")
        assert page.locator("#map-plot .scattergeo path.point").count() == 1  # Paris
    assert watch.outside == [] and watch.errors == [], (watch.outside, watch.errors)


def test_map_report_draws_with_no_network(offline, store_path, tmp_path) -> None:
    from sword.report.html import build_report

    with Store(store_path, read_only=True) as store:
        report = build_report(store.con, tmp_path / "report.html")
    watch = offline(("file://",))
    page = watch.page
    page.goto(report.as_uri())
    drawn = _drawn(page)
    assert drawn["points"] == 3 and drawn["land"] > 20
    page.locator("#map").screenshot(path="/tmp/sword_map_report.png")
    page.select_option("#map-pair", "AZE-RUS")
    page.wait_for_selector("#map-plot[data-points='1'][data-state=loaded]", state="attached")
    assert "2 unique events at 1 places" in page.inner_text("#map-caption")
    assert watch.outside == [] and watch.errors == [], (watch.outside, watch.errors)
