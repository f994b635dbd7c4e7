"""Event places in the store: the action_geo_* columns round trip, the event_places view,
and migration 4 on a store made before them."""

from __future__ import annotations

import pytest

from sword.coding.places import Place, set_place
from sword.store import Store
from sword.store.schema import SCHEMA_VERSION
from test_store_fixtures import Row, coded_documents

SOCHI = Place("Sochi, Russia", "city", "RUS", 43.597, 39.7248, "RU38", 327608)
GEORGIA = Place("Georgia", "country", "GEO", 42.0, 43.5)
GEO_COLUMNS = ("action_geo_name", "action_geo_country", "action_geo_adm1", "action_geo_lat",
               "action_geo_lon", "action_geo_type")


def _placed_documents():
    coded = coded_documents([
        Row("d1", "2024-01-05", "RUSGOV", "AZEGOV", "057"),
        Row("d1", "2024-01-05", "AZEGOV", "RUSGOV", "057"),
        Row("d2", "2024-02-10", "RUSMIL", "GEO", "190", sentence_index=1),
        Row("d3", "2024-03-15", "ARMGOV", "FRA", "036"),  # no place
    ])
    for event in coded[0].events:
        set_place(event, SOCHI)
    set_place(coded[1].events[0], GEORGIA)
    return coded


def test_store_places_round_trip(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest(_placed_documents())
        events = {e["doc_id"]: e for e in store.events(limit=10)}
    sochi = events["d1"]
    assert [sochi[c] for c in GEO_COLUMNS] == ["Sochi, Russia", "RUS", "RU38", 43.597, 39.7248,
                                               "city"]
    assert events["d2"]["action_geo_type"] == "country" and events["d2"]["action_geo_adm1"] == ""
    unplaced = events["d3"]
    assert unplaced["action_geo_name"] == "" and unplaced["action_geo_lat"] is None


def test_store_places_view_counts_unique_events_at_places(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest(_placed_documents())
        rows = store.con.execute(
            "SELECT place, place_type, a, b, count(*) FROM event_places "
            "GROUP BY ALL ORDER BY place").fetchall()
    # both directions of the Sochi agreement, the strike in Georgia; d3 has no place
    assert rows == [("Georgia", "country", "GEO", "RUS", 1), ("Sochi, Russia", "city", "AZE",
                                                              "RUS", 2)]


def test_store_places_migration_4_upgrades_an_older_store(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store(path) as store:  # make it look like a store of schema version 3
        store.ingest(coded_documents([Row("d1", "2024-01-05", "RUSGOV", "AZEGOV", "057")]))
        store.con.execute("DROP VIEW event_places")
        for column in GEO_COLUMNS:
            store.con.execute(f"ALTER TABLE events DROP COLUMN {column}")
        store.con.execute("DROP TABLE reasons")  # migration 5's, made after this one
        store.con.execute("DELETE FROM schema_version WHERE version > 3")
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        [event] = store.events()
        assert all(event[c] is None for c in GEO_COLUMNS)  # the old rows: unknown
        store.ingest(_placed_documents()[1:2])  # the strike in Georgia, placed
        assert store.con.execute("SELECT place FROM event_places").fetchall() == [("Georgia",)]
    assert SCHEMA_VERSION >= 4


@pytest.mark.parametrize("table", ["event_places"])
def test_store_places_view_exports(tmp_path, table):
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest(_placed_documents())
        assert store.export_parquet(table, tmp_path / "places.parquet") == 3
