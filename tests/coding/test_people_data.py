"""Checks on the office-holder tables in src/sword/data/people/*.csv.

Every file in the folder is validated (format, dates, roles, overlapping terms, aliases that
would collide with country or place names), and a few well-known facts are spot-checked
through a small "who holds this office on this day" lookup written here on purpose: the
real resolver lives in sword.coding.knowledge and must not be what proves the data right.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "src" / "sword" / "data"
PEOPLE = DATA / "people"
HEADER = ["name", "aliases", "country", "sector", "role", "start", "end"]
GOVERNMENT_ROLES = {"head of state", "head of government", "foreign minister",
                    "defence minister"}
# Figures outside government who act in the news (non_state_and_security.csv).
OTHER_ROLES = {"army chief", "military commander", "intelligence chief", "group leader",
               "militia leader", "opposition leader", "prosecutor", "deputy head of state",
               "first vice president", "regional head", "parliament speaker"}
ROLES = GOVERNMENT_ROLES | OTHER_ROLES
# codes of organisations that stand for themselves (their country is their own code)
ORGANISATIONS = {row["code"] for row in csv.DictReader(
    (PEOPLE.parent / "organisations.csv").open(encoding="utf-8")) if row["code"] == row["country"]}
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
FILES = sorted(PEOPLE.glob("*.csv"))


@dataclass(frozen=True)
class Term:
    """One row of a people table, dates parsed; `end` None means still in office."""

    where: str
    name: str
    aliases: tuple[str, ...]
    country: str
    sector: str
    role: str
    start: date
    end: date | None

    def surfaces(self) -> set[str]:
        return {self.name, *self.aliases}

    def holds_on(self, day: date) -> bool:
        # `end` is the handover day; like sword.coding.knowledge, count it as still in office.
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, other: Term) -> bool:
        # Touching terms (one ends the day the next starts) are a handover, not an overlap.
        self_end = self.end or date.max
        other_end = other.end or date.max
        return self.start < other_end and other.start < self_end


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _terms(path: Path) -> list[Term]:
    _, rows = _read(path)
    terms = []
    for line_no, row in enumerate(rows, start=2):
        terms.append(
            Term(
                where=f"{path.name}:{line_no}",
                name=row["name"],
                aliases=tuple(a for a in row["aliases"].split("|") if a),
                country=row["country"],
                sector=row["sector"],
                role=row["role"],
                start=date.fromisoformat(row["start"]),
                end=date.fromisoformat(row["end"]) if row["end"] else None,
            )
        )
    return terms


def _all_terms() -> list[Term]:
    return [term for path in FILES for term in _terms(path)]


def holders(terms: list[Term], surface: str, day: date) -> list[Term]:
    """Every term of a person called `surface` (name or alias) that covers `day`."""
    return [t for t in terms if surface in t.surfaces() and t.holds_on(day)]


def _place_names() -> set[str]:
    """Country names, demonyms, capitals and organisation names: a person's alias equal to
    one of these would hijack it, since the loader reads people first."""
    names: set[str] = set()
    sources = {
        "countries.csv": ("name", "aliases", "adjectives", "plurals"),
        "places.csv": ("name",),
        "organisations.csv": ("code", "name", "aliases"),
    }
    for file_name, columns in sources.items():
        path = DATA / file_name
        if not path.exists():
            continue
        for row in _read(path)[1]:
            for column in columns:
                for value in (row.get(column) or "").split("|"):
                    value = value.strip()
                    if value.lower().startswith("the "):
                        value = value[4:]
                    if value:
                        names.add(value)
    return names


@pytest.fixture(scope="module")
def mine() -> list[Term]:
    path = PEOPLE / "g20_europe.csv"
    if not path.exists():
        pytest.skip("g20_europe.csv not written yet")
    return _terms(path)


def test_people_data_folder_has_tables():
    assert FILES, f"no people tables in {PEOPLE}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_people_data_rows_are_well_formed(path: Path):
    header, rows = _read(path)
    assert header == HEADER
    problems = []
    for line_no, row in enumerate(rows, start=2):
        where = f"{path.name}:{line_no}"
        if None in row or any(value is None for value in row.values()):
            problems.append(f"{where}: wrong number of fields")
            continue
        if not row["name"] or row["name"] != row["name"].strip():
            problems.append(f"{where}: empty or padded name")
        aliases = row["aliases"].split("|") if row["aliases"] else []
        if any(not a or a != a.strip() for a in aliases):
            problems.append(f"{where}: empty or padded alias in {row['aliases']!r}")
        if not (re.fullmatch(r"[A-Z]{3}", row["country"]) or row["country"] in ORGANISATIONS):
            problems.append(f"{where}: bad country {row['country']!r}")
        if not re.fullmatch(r"[A-Z]{3}", row["sector"]):
            problems.append(f"{where}: bad sector {row['sector']!r}")
        if row["role"] not in ROLES:
            problems.append(f"{where}: unknown role {row['role']!r}")
        end_ok = not row["end"] or ISO_DAY.fullmatch(row["end"])
        if not ISO_DAY.fullmatch(row["start"]) or not end_ok:
            problems.append(f"{where}: dates not YYYY-MM-DD: {row['start']!r} {row['end']!r}")
            continue
        try:
            start = date.fromisoformat(row["start"])
            end = date.fromisoformat(row["end"]) if row["end"] else None
        except ValueError:
            problems.append(f"{where}: impossible date {row['start']!r} {row['end']!r}")
            continue
        if end is not None and end < start:
            problems.append(f"{where}: ends {end} before it starts {start}")
        if start > date(2025, 12, 31):
            problems.append(f"{where}: starts after the table's horizon: {start}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_people_data_no_overlapping_terms_for_one_person(path: Path):
    by_office: dict[tuple[str, str, str], list[Term]] = defaultdict(list)
    for term in _terms(path):
        by_office[(term.name, term.country, term.role)].append(term)
    clashes = [
        f"{a.where} and {b.where}: {a.name} ({a.country}, {a.role})"
        for terms in by_office.values()
        for i, a in enumerate(terms)
        for b in terms[i + 1 :]
        if a.overlaps(b)
    ]
    assert not clashes, "\n".join(clashes)


def test_people_data_shared_alias_never_names_two_people_at_once(mine):
    # A bare surname is only allowed when, within one country, it cannot point at two
    # different people on the same day (the Kaczyński twins, the two Ivanovs). Checked on
    # this table only: elsewhere a shared name for two holders of one state (a father and
    # son both in office for weeks) is tolerated because both resolve to the same actor.
    by_surface: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for term in mine:
        for surface in term.surfaces():
            by_surface[(surface, term.country)].append(term)
    clashes = sorted(
        f"{surface!r} ({country}): {a.name} at {a.where} and {b.name} at {b.where}"
        for (surface, country), terms in by_surface.items()
        for i, a in enumerate(terms)
        for b in terms[i + 1 :]
        if a.name != b.name and a.overlaps(b)
    )
    assert not clashes, "\n".join(clashes)


def test_people_data_aliases_do_not_shadow_places_or_states():
    taken = _place_names()
    if not taken:
        pytest.skip("no country, place or organisation tables yet")
    shadowing = sorted(
        f"{term.where}: {surface!r}"
        for term in _all_terms()
        for surface in term.surfaces()
        if surface in taken
    )
    assert not shadowing, "\n".join(shadowing)


def test_people_data_holders_lookup_respects_dates():
    terms = [
        Term("t:1", "Ann Example", ("Example",), "AAA", "GOV", "head of state",
             date(2001, 1, 1), date(2005, 1, 1)),
        Term("t:2", "Bob Example", ("Example",), "AAA", "GOV", "head of state",
             date(2005, 1, 1), None),
    ]
    assert [t.name for t in holders(terms, "Example", date(2003, 6, 1))] == ["Ann Example"]
    assert [t.name for t in holders(terms, "Example", date(2020, 6, 1))] == ["Bob Example"]
    assert holders(terms, "Example", date(2000, 6, 1)) == []
    assert holders(terms, "Nobody", date(2003, 6, 1)) == []


# (surface as news writes it, day, country, role) — facts that must hold in g20_europe.csv.
IN_OFFICE = [
    ("Putin", "2025-07-14", "RUS", "head of state"),
    ("Putin", "2010-01-01", "RUS", "head of government"),
    ("Putin", "2004-06-01", "RUS", "head of state"),
    ("Medvedev", "2010-01-01", "RUS", "head of state"),
    ("Medvedev", "2015-01-01", "RUS", "head of government"),
    ("Mishustin", "2023-03-01", "RUS", "head of government"),
    ("Lavrov", "2023-12-20", "RUS", "foreign minister"),
    ("Shoigu", "2022-03-01", "RUS", "defence minister"),
    ("Shoygu", "2022-03-01", "RUS", "defence minister"),
    ("Belousov", "2025-01-15", "RUS", "defence minister"),
    ("Biden", "2023-06-01", "USA", "head of state"),
    ("Trump", "2019-06-01", "USA", "head of state"),
    ("Trump", "2025-07-14", "USA", "head of state"),
    ("Bush", "2003-03-20", "USA", "head of state"),
    ("Blinken", "2023-06-01", "USA", "foreign minister"),
    ("Rubio", "2025-07-14", "USA", "foreign minister"),
    ("Hegseth", "2025-07-14", "USA", "defence minister"),
    ("Xi", "2020-01-01", "CHN", "head of state"),
    ("Xi Jinping", "2025-07-14", "CHN", "head of state"),
    ("Wang Yi", "2024-01-01", "CHN", "foreign minister"),
    ("Macron", "2025-07-14", "FRA", "head of state"),
    ("Scholz", "2023-01-01", "DEU", "head of government"),
    ("Merz", "2025-07-14", "DEU", "head of government"),
    ("Merkel", "2010-01-01", "DEU", "head of government"),
    ("Starmer", "2025-07-14", "GBR", "head of government"),
    ("Zelensky", "2023-01-01", "UKR", "head of state"),
    ("Zelenskyy", "2025-07-14", "UKR", "head of state"),
    ("Zelenskiy", "2022-03-01", "UKR", "head of state"),
    ("Lukashenko", "2020-08-10", "BLR", "head of state"),
    ("Lukashenka", "2005-01-01", "BLR", "head of state"),
    ("Tusk", "2016-06-01", "EU", "head of state"),
    ("Tusk", "2024-06-01", "POL", "head of government"),
    ("Kallas", "2022-06-01", "EST", "head of government"),
    ("Kallas", "2025-07-14", "EU", "foreign minister"),
    ("Guterres", "2020-01-01", "UN", "head of state"),
    ("Stoltenberg", "2020-01-01", "NATO", "head of state"),
    ("Rutte", "2025-07-14", "NATO", "head of state"),
    ("Rutte", "2020-01-01", "NLD", "head of government"),
    ("Orbán", "2025-07-14", "HUN", "head of government"),
    ("Vučić", "2025-07-14", "SRB", "head of state"),
    ("Kim Jong Un", "2018-06-12", "PRK", "head of state"),
    ("Kim Jong Il", "2005-01-01", "PRK", "head of state"),
    ("Abe", "2015-01-01", "JPN", "head of government"),
    ("Lula", "2024-01-01", "BRA", "head of state"),
    ("Lula", "2005-01-01", "BRA", "head of state"),
    ("Milei", "2025-07-14", "ARG", "head of state"),
    ("Ramaphosa", "2025-07-14", "ZAF", "head of state"),
    ("Jokowi", "2020-01-01", "IDN", "head of state"),
]


@pytest.mark.parametrize(("surface", "day", "country", "role"), IN_OFFICE)
def test_people_data_known_office_holders(mine, surface, day, country, role):
    found = {(t.country, t.role) for t in holders(mine, surface, date.fromisoformat(day))}
    assert (country, role) in found


# (surface, day, country, role) that must NOT be found: out of office on that day.
OUT_OF_OFFICE = [
    ("Putin", "2010-01-01", "RUS", "head of state"),
    ("Putin", "2015-01-01", "RUS", "head of government"),
    ("Medvedev", "2021-01-01", "RUS", "head of government"),
    ("Lavrov", "2003-01-01", "RUS", "foreign minister"),
    ("Shoigu", "2024-07-01", "RUS", "defence minister"),
    ("Trump", "2022-01-01", "USA", "head of state"),
    ("Biden", "2025-07-14", "USA", "head of state"),
    ("Merkel", "2023-01-01", "DEU", "head of government"),
    ("Tusk", "2016-06-01", "POL", "head of government"),
]


@pytest.mark.parametrize(("surface", "day", "country", "role"), OUT_OF_OFFICE)
def test_people_data_former_holders_are_out(mine, surface, day, country, role):
    found = {(t.country, t.role) for t in holders(mine, surface, date.fromisoformat(day))}
    assert (country, role) not in found


def test_people_data_one_holder_of_each_office_at_a_time(mine):
    # Each office has one holder on any day; a forgotten or mistyped `end` shows up as two.
    # Shared offices: Bosnia's three-member presidency, and Serbia until 2003, when
    # FR Yugoslavia's president and the Republic of Serbia's president (both coded SRB)
    # were in office together.
    shared = {("BIH", "head of state"), ("SRB", "head of state")}
    by_office: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for term in mine:
        if (term.country, term.role) not in shared:
            by_office[(term.country, term.role)].append(term)
    clashes = [
        f"{a.where} {a.name} and {b.where} {b.name} ({a.country}, {a.role})"
        for terms in by_office.values()
        for i, a in enumerate(terms)
        for b in terms[i + 1 :]
        if a.name != b.name and a.overlaps(b)
    ]
    assert not clashes, "\n".join(clashes)


def test_people_data_covers_every_g20_state_in_every_role(mine):
    # The four roles for G20 states outside the Middle East and South Asia; heads of state
    # of realms whose monarch is another state's (CAN, AUS) are not listed, and in
    # presidential systems the president is the head of government too (one row).
    states = ["USA", "CAN", "MEX", "BRA", "ARG", "GBR", "FRA", "DEU", "ITA", "RUS", "CHN",
              "JPN", "KOR", "IDN", "AUS", "ZAF"]
    presidential = {"USA", "MEX", "BRA", "ARG", "IDN", "ZAF"}
    covered = {(t.country, t.role) for t in mine}
    missing = [
        (state, role)
        for state in states
        for role in sorted(GOVERNMENT_ROLES)
        if (state, role) not in covered
        and not (state in {"CAN", "AUS"} and role == "head of state")
        and not (state in presidential and role == "head of government")
    ]
    assert not missing, missing
