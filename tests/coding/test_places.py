"""Event places (ActionGeo): the gazetteer, choosing among namesakes, and the coder's
places on written sentences."""

from __future__ import annotations

import csv

import pytest

from sword.coding.knowledge import DATA_DIR
from sword.coding.places import Place, choose_place, default_gazetteer

PARIS_FR = Place("Paris, France", "city", "FRA", 48.85, 2.35, "FR11", 2_100_000)
PARIS_TX = Place("Paris, Texas, United States", "city", "USA", 33.66, -95.56, "USTX", 25_000)
GEORGIA = Place("Georgia", "country", "GEO", 42.0, 43.5)
GEORGIA_US = Place("Georgia, United States", "adm1", "USA", 33.4, -84.0, "USGA", 3_400_000)
ARMENIA_CO = Place("Armenia, Colombia", "city", "COL", 4.5, -75.7, "CO23", 300_000)
ARMENIA = Place("Armenia", "country", "ARM", 40.0, 45.0)
TRIPOLI_LY = Place("Tripoli, Libya", "city", "LBY", 32.9, 13.2, "LY77", 1_300_000)
TRIPOLI_LB = Place("Tripoli, Lebanon", "city", "LBN", 34.4, 35.8, "LB09", 230_000)


def test_places_choose_dominant_city_without_context():
    assert choose_place([PARIS_TX, PARIS_FR]) == PARIS_FR


def test_places_choose_by_actor_state():
    assert choose_place([PARIS_FR, PARIS_TX], actors=("USA", "MEX")) == PARIS_TX
    assert choose_place([TRIPOLI_LY, TRIPOLI_LB], actors=("LBN",)) == TRIPOLI_LB


def test_places_choose_by_document_states_after_actors():
    assert choose_place([TRIPOLI_LY, TRIPOLI_LB], context=("LBN", "ISR")) == TRIPOLI_LB
    assert choose_place([TRIPOLI_LY, TRIPOLI_LB], actors=("LBY",),
                        context=("LBN",)) == TRIPOLI_LY


def test_places_close_namesakes_without_context_stay_unplaced():
    assert choose_place([TRIPOLI_LY, TRIPOLI_LB]) is None


def test_places_country_against_region_of_another_state():
    assert choose_place([GEORGIA, GEORGIA_US]) is None
    assert choose_place([GEORGIA, GEORGIA_US], actors=("RUS", "GEO")) == GEORGIA
    assert choose_place([GEORGIA, GEORGIA_US], context=("USA",)) == GEORGIA_US


def test_places_country_beats_city_of_its_name():
    assert choose_place([ARMENIA_CO, ARMENIA]) == ARMENIA


@pytest.fixture(scope="module")
def gazetteer():
    return default_gazetteer()


def test_places_gazetteer_knows_namesakes_from_package_data(gazetteer):
    found = {(p.country, p.adm1) for p in gazetteer.lookup("Paris")}
    assert {("FRA", "FR11"), ("USA", "USTX")} <= found
    assert {p.kind for p in gazetteer.lookup("Georgia")} == {"country", "adm1"}
    assert [p.name for p in gazetteer.lookup("Kiev")] == ["Kyiv, Ukraine"]  # another spelling


def test_places_gazetteer_country_centres_and_seats(gazetteer):
    armenia = gazetteer.countries["ARM"]
    assert armenia.kind == "country" and 38 < armenia.lat < 42 and 43 < armenia.lon < 47
    assert gazetteer.countries["PSE"].kind == "country"  # from regions.csv
    assert [p.name for p in gazetteer.lookup("the Kremlin")] == ["Moscow, Russia"]


def test_places_regions_file_seats_are_known_cities(gazetteer):
    with (DATA_DIR / "regions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        assert row["kind"] in {"adm1", "country"}, row
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, row
        if row["seat"]:
            seat = [p for p in gazetteer.lookup(row["seat"]) if p.country == row["country"]]
            assert seat, f"regions.csv: seat {row['seat']!r} of {row['name']} is unknown"
    crimea = gazetteer.lookup("Crimea")[0]
    assert crimea.adm1 == next(p.adm1 for p in gazetteer.lookup("Simferopol"))


# --- the coder ---------------------------------------------------------------------------


def _placed(events):
    return {(e.action_geo_name, e.action_geo_type, e.action_geo_country) for e in events}


@pytest.mark.slow
def test_places_event_in_a_named_city(code):
    events = code("Russian President Vladimir Putin met Azerbaijani President Ilham Aliyev "
                  "in Sochi on Friday.")
    assert events
    assert _placed(events) == {("Sochi, Russia", "city", "RUS")}
    event = events[0]
    assert event.action_geo_adm1.startswith("RU") and 43 < event.action_geo_lat < 44.5


@pytest.mark.slow
def test_places_event_in_a_named_country_gets_its_centre(code):
    events = code("The foreign ministers of Armenia and Azerbaijan met in Kazakhstan on Tuesday.")
    assert events
    assert _placed(events) == {("Kazakhstan", "country", "KAZ")}
    assert all(e.action_geo_adm1 == "" and e.action_geo_lon is not None for e in events)


@pytest.mark.slow
def test_places_look_alike_city_settled_by_the_name_beside_it(code):
    texan = code("American police arrested two Mexican nationals in Paris, Texas, on Monday.")
    french = code("French police arrested two Mexican nationals in Paris on Monday.")
    assert texan and french
    assert {(e.action_geo_country, e.action_geo_adm1) for e in texan} == {("USA", "USTX")}
    assert {(e.action_geo_country, e.action_geo_adm1) for e in french} == {("FRA", "FR11")}


@pytest.mark.slow
def test_places_event_with_no_place_stays_unplaced(code):
    events = code("Russia accused Azerbaijan of violating the agreement.")
    assert events
    for event in events:
        assert (event.action_geo_name, event.action_geo_type) == ("", "")
        assert event.action_geo_lat is None and event.action_geo_lon is None


@pytest.mark.slow
def test_places_dateline_places_an_event_its_sentence_does_not(code):
    events = code("YEREVAN, May 10 - Armenia accused Azerbaijan of violating the agreement.")
    assert events
    assert _placed(events) == {("Yerevan, Armenia", "city", "ARM")}


@pytest.mark.slow
def test_places_state_or_region_settled_by_the_actors(code):
    events = code("Russian troops shelled villages in Georgia on Monday.")
    assert events
    assert {e.action_geo_country for e in events} == {"GEO"}


def test_places_fill_gdelt_action_geo_columns():
    import dataclasses

    from sword.coding.places import set_place
    from sword.coding.write import gdelt_row
    from sword.model import Event

    unplaced = Event(doc_id="d", sentence_index=0, evidence="…", evidence_start=0,
                     evidence_end=1, event_date="2024-05-10", date_precision="day",
                     source="USACOP", target="MEXCVL", source_name="American police",
                     target_name="two Mexicans", source_country="USA", target_country="MEX",
                     cameo="173", root="17", quad_class=4, goldstein=-5.0, plover="ARREST",
                     confidence=0.7, pattern="x")
    in_texas, in_georgia = dataclasses.replace(unplaced), dataclasses.replace(unplaced)
    set_place(in_texas, PARIS_TX)
    set_place(in_georgia, GEORGIA)
    added = "20240510000000"
    # ActionGeo: Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID
    assert gdelt_row(in_texas, added)[51:59] == [
        "3", "Paris, Texas, United States", "USA", "USTX", "", "33.6600", "-95.5600", ""]
    assert gdelt_row(in_georgia, added)[51:54] == ["1", "Georgia", "GEO"]
    assert gdelt_row(unplaced, added)[51:59] == [""] * 8


@pytest.mark.slow
def test_places_a_list_of_states_is_not_a_place_and_its_state(code):
    events = code("Georgia, the United States and Britain on Thursday accused Russia of "
                  "a cyberattack.")
    assert len(events) >= 2
    assert not any(e.action_geo_adm1 == "USGA" for e in events)  # not the US state
    assert not any(e.action_geo_type == "country" for e in events)  # the actors are no place


@pytest.mark.slow
def test_places_a_visit_happens_in_the_state_visited(code):
    country = code("Armenia's prime minister visited France on Monday.")
    city = code("Armenia's prime minister visited Paris, France, on Monday.")
    assert {(e.cameo, e.action_geo_name) for e in country} >= {("042", "France")}
    assert {(e.cameo, e.action_geo_name) for e in city} >= {("042", "Paris, France")}
