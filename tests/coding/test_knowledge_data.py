"""The actor knowledge tables (countries, places, organisations, sectors) keep the layout of
FORMATS.md, cover every state, and never give one surface string to two states."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from importlib.util import find_spec
from pathlib import Path

import pycountry
import pytest

# find_spec locates the package without running its __init__: these tests read data only.
DATA = Path(find_spec("sword").origin).parent / "data"

HEADERS = {
    "countries.csv": ["code", "name", "status", "aliases", "adjectives", "plurals"],
    "places.csv": ["name", "code", "sector", "kind"],
    "organisations.csv": ["code", "name", "aliases", "country", "sector", "kind"],
    "sectors.csv": ["term", "sector", "kind"],
    "lookalikes.csv": ["surface", "reading", "country", "note"],
    "name_signals.csv": ["word", "signal", "note"],
}

# CAMEO-style sectors: the FORMATS.md list plus CAMEO's REL (religion) and CRM (criminals).
SECTORS = {
    "GOV", "MIL", "COP", "JUD", "LEG", "MED", "REB", "OPP", "CVL", "BUS", "EDU", "REF",
    "HLH", "LAB", "SPY", "UAF", "INS", "ELI", "AGR", "NGO", "IGO", "REL", "CRM",
}

# The 193 UN member states (ISO alpha-3), written out here as a fact to check the table against.
UN_MEMBERS = frozenset(re.findall(r"[A-Z]{3}", """
AFG AGO ALB AND ARE ARG ARM ATG AUS AUT AZE BDI BEL BEN BFA BGD BGR BHR BHS BIH BLR BLZ BOL BRA
BRB BRN BTN BWA CAF CAN CHE CHL CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE DEU DJI DMA DNK
DOM DZA ECU EGY ERI ESP EST ETH FIN FJI FRA FSM GAB GBR GEO GHA GIN GMB GNB GNQ GRC GRD GTM GUY
HND HRV HTI HUN IDN IND IRL IRN IRQ ISL ISR ITA JAM JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO
LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MOZ
MRT MUS MWI MYS NAM NER NGA NIC NLD NOR NPL NRU NZL OMN PAK PAN PER PHL PLW PNG POL PRK PRT PRY
QAT ROU RUS RWA SAU SDN SEN SGP SLB SLE SLV SMR SOM SRB SSD STP SUR SVK SVN SWE SWZ SYC SYR TCD
TGO THA TJK TKM TLS TON TTO TUN TUR TUV TZA UGA UKR URY USA UZB VCT VEN VNM VUT WSM YEM ZAF ZMB
ZWE
"""))
UN_OBSERVERS = {"VAT", "PSE"}
OTHER_STATES = {"TWN", "XKX", "ESH"}

# States whose capital has no row of its own, and why; each reason is checked below.
CAPITAL_EXCEPTIONS = {
    "BEL": "Brussels stands for the EU in the news, so its row carries the code EU",
    "SYC": "Victoria is a given name and an Australian state, too ambiguous to list",
}


def read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def split(cell: str) -> list[str]:
    return [part for part in cell.split("|") if part]


def strip_the(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


def country_surfaces(row: dict[str, str]) -> list[str]:
    return [row["name"], *split(row["aliases"]), *split(row["adjectives"]),
            *split(row["plurals"])]


@pytest.fixture(scope="module")
def countries() -> list[dict[str, str]]:
    return read("countries.csv")


@pytest.fixture(scope="module")
def places() -> list[dict[str, str]]:
    return read("places.csv")


@pytest.fixture(scope="module")
def organisations() -> list[dict[str, str]]:
    return read("organisations.csv")


@pytest.fixture(scope="module")
def sectors() -> list[dict[str, str]]:
    return read("sectors.csv")


@pytest.fixture(scope="module")
def country_of_surface(countries, places, organisations) -> dict[str, set[str]]:
    """Every surface string in the three name tables → the states it is given to."""
    owners: dict[str, set[str]] = defaultdict(set)
    for row in countries:
        for surface in country_surfaces(row):
            owners[strip_the(surface)].add(row["code"])
    for row in places:
        owners[strip_the(row["name"])].add(row["code"])
    for row in organisations:
        for surface in (row["name"], *split(row["aliases"])):
            owners[strip_the(surface)].add(row["country"])
    return owners


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_knowledge_data_header_and_row_width(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    assert not any(line.startswith("#") for line in text.splitlines()), name
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert next(reader) == HEADERS[name]
        for line_no, row in enumerate(reader, start=2):
            assert len(row) == len(HEADERS[name]), f"{name}:{line_no} {row}"


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_knowledge_data_cells_are_trimmed(name: str) -> None:
    for line_no, row in enumerate(read(name), start=2):
        for column, cell in row.items():
            values = split(cell) if "|" in cell else [cell]
            for value in values:
                assert value == value.strip() and "  " not in value, (
                    f"{name}:{line_no} {column}={cell!r}")
            assert "||" not in cell and not cell.endswith("|"), f"{name}:{line_no} {cell!r}"


def test_knowledge_data_country_codes_are_unique_iso(countries) -> None:
    codes = [row["code"] for row in countries]
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in codes)
    assert len(codes) == len(set(codes))
    # XKX is the code in common use for Kosovo; ISO itself has none.
    unknown = {c for c in codes if pycountry.countries.get(alpha_3=c) is None} - {"XKX"}
    assert not unknown


def test_knowledge_data_country_statuses_cover_the_un(countries) -> None:
    by_status: dict[str, set[str]] = defaultdict(set)
    for row in countries:
        by_status[row["status"]].add(row["code"])
    assert set(by_status) == {"member", "observer", "other"}
    assert len(UN_MEMBERS) == 193
    assert by_status["member"] == UN_MEMBERS
    assert by_status["observer"] == UN_OBSERVERS
    assert by_status["other"] == OTHER_STATES


def test_knowledge_data_every_country_has_a_capital(countries, places) -> None:
    with_capital = {row["code"] for row in places if row["kind"] == "capital"}
    missing = {row["code"] for row in countries} - with_capital
    assert missing == set(CAPITAL_EXCEPTIONS)
    brussels = [row for row in places if row["name"] == "Brussels"]
    assert [(r["code"], r["kind"]) for r in brussels] == [("EU", "seat")]
    assert not [row for row in places if row["name"] == "Victoria"]


def test_knowledge_data_no_surface_names_two_states(country_of_surface) -> None:
    clashes = {s: owners for s, owners in country_of_surface.items() if len(owners) > 1}
    assert not clashes


def test_knowledge_data_ambiguous_demonyms_are_left_out(country_of_surface) -> None:
    # "Congolese" and bare "Congo" fit COD and COG alike; giving them to either would
    # code the other state's actors wrongly, so neither gets them.
    assert "Congolese" not in country_of_surface
    assert "Congo" not in country_of_surface
    # Dominica's demonym is also "Dominican": the far more frequent Dominican Republic keeps it.
    assert country_of_surface["Dominican"] == {"DOM"}


@pytest.mark.parametrize(
    ("surface", "code"),
    [
        ("Azeri", "AZE"), ("Azeris", "AZE"), ("Azerbaijani", "AZE"), ("Azerbaijanis", "AZE"),
        ("Armenian", "ARM"), ("Emirati", "ARE"), ("UAE", "ARE"), ("US", "USA"),
        ("U.S.", "USA"), ("Americans", "USA"), ("UK", "GBR"), ("Britons", "GBR"),
        ("DPRK", "PRK"), ("North Korean", "PRK"), ("ROK", "KOR"), ("Korea", "KOR"),
        ("Korean", "KOR"), ("PRC", "CHN"), ("DRC", "COD"), ("Zaire", "COD"),
        ("Burma", "MMR"), ("Swaziland", "SWZ"), ("Czechia", "CZE"), ("Czech Republic", "CZE"),
        ("Türkiye", "TUR"), ("Turkey", "TUR"), ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"), ("Macedonia", "MKD"), ("North Macedonia", "MKD"),
        ("Kazakhstani", "KAZ"), ("Kyrgyz", "KGZ"), ("Taiwanese", "TWN"), ("Kosovar", "XKX"),
        ("Palestinians", "PSE"), ("Holy See", "VAT"), ("Sahrawi", "ESH"),
    ],
)
def test_knowledge_data_country_spot_checks(country_of_surface, surface, code) -> None:
    assert country_of_surface[surface] == {code}


@pytest.mark.parametrize(
    ("name", "code", "sector", "kind"),
    [
        ("the Kremlin", "RUS", "GOV", "seat"), ("Moscow", "RUS", "GOV", "capital"),
        ("the Pentagon", "USA", "MIL", "seat"), ("the White House", "USA", "GOV", "seat"),
        ("Downing Street", "GBR", "GOV", "seat"), ("Baku", "AZE", "GOV", "capital"),
        ("Yerevan", "ARM", "GOV", "capital"), ("Kiev", "UKR", "GOV", "capital"),
        ("Kyiv", "UKR", "GOV", "capital"), ("Artsakh", "AZE", "", "region"),
        ("Nagorno-Karabakh", "AZE", "", "region"), ("the Gaza Strip", "PSE", "", "region"),
        ("Crimea", "UKR", "", "region"), ("Ramallah", "PSE", "GOV", "capital"),
    ],
)
def test_knowledge_data_place_spot_checks(places, name, code, sector, kind) -> None:
    rows = [row for row in places if row["name"] == name]
    assert [(r["code"], r["sector"], r["kind"]) for r in rows] == [(code, sector, kind)]


def test_knowledge_data_places_are_well_formed(countries, places, organisations) -> None:
    known = {row["code"] for row in countries} | {row["code"] for row in organisations}
    names = [strip_the(row["name"]) for row in places]
    assert len(names) == len(set(names))
    for row in places:
        # a "stateless" place names no state though it holds a state's word: "Latin America"
        assert row["code"] in known or (row["kind"] == "stateless" and not row["code"]), row
        assert row["kind"] in {"capital", "seat", "region", "stateless"}, row
        assert row["sector"] == "" or row["sector"] in SECTORS, row
        if row["kind"] == "region":
            assert row["sector"] == "", row


def test_knowledge_data_organisations_are_well_formed(countries, organisations) -> None:
    states = {row["code"] for row in countries}
    own_codes = []
    for row in organisations:
        assert row["kind"] in {"igo", "court", "ngo", "armed_group", "party", "company"}, row
        if row["country"] == row["code"]:
            # An IGO, court, NGO or a group with no home state: coded by its own short code.
            assert row["sector"] == "", row
            assert row["code"] not in states, row
            own_codes.append(row["code"])
        else:
            assert row["country"] in states, row
            assert row["sector"] in SECTORS, row
            assert row["code"] == row["country"] + row["sector"], row
    assert len(own_codes) == len(set(own_codes))


@pytest.mark.parametrize(
    ("surface", "code", "country"),
    [
        ("CSTO", "CSTO", "CSTO"), ("NATO", "NATO", "NATO"), ("European Union", "EU", "EU"),
        ("European Commission", "EU", "EU"), ("UN Security Council", "UN", "UN"),
        ("OSCE Minsk Group", "OSCE", "OSCE"), ("ICC", "ICC", "ICC"),
        ("Hamas", "PSEREB", "PSE"), ("Hezbollah", "LBNREB", "LBN"),
        ("Houthis", "YEMREB", "YEM"), ("Daesh", "ISIS", "ISIS"),
        ("Wagner Group", "RUSUAF", "RUS"), ("Muslim Brotherhood", "EGYOPP", "EGY"),
    ],
)
def test_knowledge_data_organisation_spot_checks(organisations, surface, code, country) -> None:
    rows = [r for r in organisations if surface in (r["name"], *split(r["aliases"]))]
    assert [(r["code"], r["country"]) for r in rows] == [(code, country)]


def test_knowledge_data_sectors_are_well_formed(sectors) -> None:
    terms = [row["term"] for row in sectors]
    assert len(terms) >= 150
    assert len(terms) == len(set(terms))
    for row in sectors:
        assert row["term"] == row["term"].lower().strip(), row
        assert row["sector"] in SECTORS, row
        assert row["kind"] in {"noun", "title"}, row


@pytest.mark.parametrize(
    ("term", "sector", "kind"),
    [
        ("police", "COP", "noun"), ("troops", "MIL", "noun"), ("foreign ministry", "GOV", "noun"),
        ("foreign minister", "GOV", "title"), ("defence minister", "GOV", "title"),
        ("lawmakers", "LEG", "noun"), ("state news agency", "MED", "noun"),
        ("protesters", "OPP", "noun"), ("refugees", "REF", "noun"),
        ("security services", "SPY", "noun"), ("security forces", "COP", "noun"),
        ("prosecutors", "JUD", "noun"), ("citizens", "CVL", "noun"),
        ("ambassador", "GOV", "title"), ("insurgents", "INS", "noun"),
    ],
)
def test_knowledge_data_sector_spot_checks(sectors, term, sector, kind) -> None:
    assert [(r["sector"], r["kind"]) for r in sectors if r["term"] == term] == [(sector, kind)]


def test_knowledge_data_loader_keeps_every_country_name(countries) -> None:
    # The loader lets organisations and places win over country names; none may hide one.
    knowledge = pytest.importorskip("sword.coding.knowledge")
    kb = knowledge.load_knowledge(DATA)
    for row in countries:
        for surface in country_surfaces(row):
            entry = kb.names[strip_the(surface)]
            assert entry.country == row["code"], (surface, entry)
    assert kb.names["Kremlin"].country + kb.names["Kremlin"].sector == "RUSGOV"
    assert kb.names["Pentagon"].sector == "MIL"


def test_knowledge_data_irregular_plural_sector_nouns_register_both_numbers() -> None:
    from sword.coding.knowledge import load_knowledge

    kb = load_knowledge()
    assert kb.sector_of("gunman") == kb.sector_of("gunmen") != ""


def test_knowledge_data_lookalikes_name_states_and_their_other_state(countries) -> None:
    """Every look-alike is a state's name or demonym; a smaller place names the state it
    lies in; a person's reading names none."""
    surfaces = {strip_the(s) for row in countries for s in country_surfaces(row)}
    codes = {row["code"] for row in countries}
    readings = {"given name", "surname", "subnational", "town"}
    for line_no, row in enumerate(read("lookalikes.csv"), start=2):
        where = f"lookalikes.csv:{line_no}"
        assert row["surface"] in surfaces or row["surface"] in {
            strip_the(p["name"]) for p in read("places.csv")}, where
        assert row["reading"] in readings, where
        if row["reading"] in {"subnational", "town"}:
            assert row["country"] in codes, where
        else:
            assert not row["country"], where


def test_knowledge_data_name_signals_are_known_kinds() -> None:
    kinds = {"honorific", "subnational title", "seat", "side", "military", "team", "compass",
             "institution"}
    rows = read("name_signals.csv")
    assert all(row["signal"] in kinds and row["word"] == row["word"].lower() for row in rows)
    assert len({row["word"] for row in rows}) == len(rows)
