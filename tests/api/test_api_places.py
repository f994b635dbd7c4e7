"""GET /api/places and the map's files, through the app (FastAPI's TestClient over a real
DuckDB file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sword.api import create_app
from sword.coding.places import Place, set_place
from sword.store import Store
from test_store_fixtures import Row, coded_documents

SOCHI = Place("Sochi, Russia", "city", "RUS", 43.6, 39.72, "RU38", 327608)
GEORGIA = Place("Georgia", "country", "GEO", 42.0, 43.5)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    coded = coded_documents([
        Row("d1", "2024-01-05", "RUSGOV", "AZEGOV", "057"),
        Row("d2", "2024-02-10", "RUSMIL", "GEO", "190"),
        Row("d3", "2024-02-12", "RUSMIL", "GEO", "190"),
    ])
    for document, place in zip(coded, (SOCHI, GEORGIA, GEORGIA), strict=True):
        for event in document.events:
            set_place(event, place)
    db: Path = tmp_path_factory.mktemp("places") / "s.duckdb"
    with Store(db) as store:
        store.ingest(coded)
    with TestClient(create_app(db)) as test_client:
        yield test_client


def test_api_places_rows_by_place_pair_and_month(client: TestClient) -> None:
    rows = client.get("/api/places").json()
    assert rows[0] == {"place": "Georgia", "place_type": "country", "country": "GEO",
                       "lat": 42.0, "lon": 43.5, "a": "GEO", "b": "RUS", "month": "2024-02",
                       "events": 2, "conflict": 2, "goldstein": -20.0}
    assert [r["place"] for r in rows] == ["Georgia", "Sochi, Russia"]


def test_api_places_filters_by_pair_and_window(client: TestClient) -> None:
    assert [r["place"] for r in client.get("/api/places?dyad=rus,aze").json()] == [
        "Sochi, Russia"]
    assert client.get("/api/places?since=2024-02-11").json()[0]["events"] == 1
    assert client.get("/api/places?until=2023-12").json() == []
    assert client.get("/api/places?near=Sochi").status_code == 422


def test_api_places_map_files_are_served_from_the_package(client: TestClient) -> None:
    world = client.get("/static/map/world_110m.json")
    assert world.status_code == 200
    topology = world.json()
    assert topology["type"] == "Topology"
    ids = {g["id"] for g in topology["objects"]["countries"]["geometries"]}
    assert {"ARM", "AZE", "GEO", "RUS", "USA"} <= ids
    assert len(topology["objects"]["land"]["geometries"][0]["arcs"]) > 100
    script = client.get("/static/map/map.js")
    assert script.status_code == 200 and "SwordMap" in script.text
