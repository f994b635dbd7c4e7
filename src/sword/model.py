"""The plain dataclasses that flow between stages: Document → Mention → Event."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(slots=True)
class Document:
    """One article. `date` is the publication date when known."""

    id: str
    text: str
    date: date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    lang: str = "en"
    origin: str | None = None  # "file:line" the document was read from, for messages

    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Mention:
    """A span of text that names an actor, resolved to a code."""

    text: str
    start: int  # character offsets in the document text
    end: int
    code: str  # e.g. RUSGOV, AZEMIL, NATO
    country: str  # ISO alpha-3 or organisation code
    sector: str = ""  # GOV, MIL, COP, ...
    how: str = "name"  # name | demonym | place | person | org | coref | repaired
    sentence_index: int = -1
    original: str | None = None  # the code the text's own words gave, when repaired
    person: str | None = None  # canonical name of a known person

    @property
    def repaired(self) -> bool:
        return self.original is not None and self.original != self.country


def _column(kind: str, doc: str, **default: object) -> Any:
    """A field of the event record: `kind` says how files and the store type it."""
    return field(metadata={"kind": kind, "doc": doc}, **default)


@dataclass(slots=True)
class Event:
    """One coded event. Its fields are THE column spec of the event record (DESIGN.md):
    JSONL keys, CSV and Parquet columns, the store's Arrow schema and its DDL are all
    generated from them (`EVENT_COLUMNS`), so adding a field is one edit here."""

    doc_id: str = _column("text", "the document the event was found in")
    sentence_index: int = _column("index", "the sentence's position in the document")
    evidence: str = _column("text", "the sentence that proves the event")
    evidence_start: int = _column("offset", "character offset of the sentence in the text")
    evidence_end: int = _column("offset", "character offset of the sentence's end")
    event_date: str | None = _column("date", "ISO date of the event (not of the article)")
    date_precision: str = _column("text", "day, month or year")
    source: str = _column("text", "actor code of the source (RUSGOV, AZEMIL, NATO)")
    target: str = _column("text", "actor code of the target")
    source_name: str = _column("text", "the words in the text that named the source")
    target_name: str = _column("text", "the words in the text that named the target")
    source_country: str = _column("text", "ISO alpha-3 state (or organisation) of the source")
    target_country: str = _column("text", "ISO alpha-3 state (or organisation) of the target")
    cameo: str = _column("text", "CAMEO event code with its leading zero")
    root: str = _column("text", "CAMEO root code")
    quad_class: int = _column("small", "1-4: verbal/material cooperation, verbal/material conflict")
    goldstein: float = _column("real", "Goldstein score, -10 to +10")
    plover: str = _column("text", "PLOVER event type")
    confidence: float = _column("real", "how sure the coder is, 0-1")
    pattern: str = _column("text", "the lexicon entry or rule that produced the code")
    flags: list[str] = _column("list", "repaired_actor, reported, implicit_target, ...",
                               default_factory=list)
    event_id: str = _column("text", "stable hash of document, sentence, actors and code",
                            default="")
    # where it happened (GDELT's ActionGeo), from `sword.coding.places`; empty when unknown
    action_geo_name: str = _column("text", "the place: 'Sochi, Russia', 'Texas, United States'",
                                   default="")
    action_geo_country: str = _column("text", "ISO alpha-3 state the place lies in", default="")
    action_geo_adm1: str = _column("text", "ISO alpha-2 + GeoNames ADM1 code ('USTX')",
                                   default="")
    action_geo_lat: float | None = _column("real", "latitude in degrees", default=None)
    action_geo_lon: float | None = _column("real", "longitude in degrees", default=None)
    action_geo_type: str = _column("text", "how precise: city, adm1 or country (its centre)",
                                   default="")

    def __post_init__(self) -> None:
        if not self.event_id:
            self.event_id = make_event_id(
                self.doc_id, self.sentence_index, self.source, self.target, self.cameo
            )

    def to_record(self) -> dict:
        return {name: (list(self.flags) if name == "flags" else getattr(self, name))
                for name in RECORD_FIELDS}


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the event record: its name, its kind (text, index, offset, small,
    real, date, list) and what it holds."""

    name: str
    kind: str
    doc: str


# The record leads with its id; the rest follow the dataclass's order.
EVENT_COLUMNS: tuple[Column, ...] = tuple(
    sorted((Column(f.name, f.metadata["kind"], f.metadata["doc"]) for f in fields(Event)),
           key=lambda column: column.name != "event_id")
)
RECORD_FIELDS: tuple[str, ...] = tuple(column.name for column in EVENT_COLUMNS)


def make_event_id(doc_id: str, sentence_index: int, source: str, target: str, cameo: str) -> str:
    """A stable id: the same document, sentence, actors and code always give the same id."""
    key = f"{doc_id}\x1f{sentence_index}\x1f{source}\x1f{target}\x1f{cameo}"
    return hashlib.blake2b(key.encode("utf-8"), digest_size=10).hexdigest()


@dataclass(frozen=True, slots=True)
class Reach:
    """How widely an event was reported (GDELT's NumMentions, NumSources, NumArticles),
    where to read it, and the key of the unique event it is one report of. An event
    straight from the coder has one mention in one article of one source."""

    mentions: int = 1
    sources: int = 1
    articles: int = 1
    url: str | None = None
    group_id: str | None = None  # the store's unique-event key (events.group_id)


@dataclass(slots=True)
class Reason:
    """A sentence that gives a motive or a cause for what `actor` does towards `partner`
    ("… because …", "in response to …"): an account or a claim, never an event, so it is
    kept apart from the events (`sword.coding.reasons`)."""

    doc_id: str
    sentence_index: int
    sentence: str
    sentence_start: int  # character offsets of the sentence in the document text
    sentence_end: int
    reason: str  # the words that give the reason ("in response to Baku's expulsion …")
    reason_start: int
    reason_end: int
    marker: str  # "because", "in response to", "citing", "more important than"
    kind: str  # cause, purpose, response, exchange, concession, pretext, stated, priority
    actor: str  # the country whose behaviour is explained
    partner: str  # the other country of the dyad it explains
    partner_how: str  # "sentence" (named in it) or "discourse" (the document's other party)
    attribution: str  # "claim" (a speaker's words) or "analysis" (the outlet's own account)
    speaker: str = ""  # the speaker's country when it is an actor
    speaker_name: str = ""  # the words that named the speaker
    event_date: str | None = None  # the date the sentence speaks of (as events are dated)
    date_precision: str = "day"
    confidence: float = 0.5
    reason_id: str = ""

    def __post_init__(self) -> None:
        if not self.reason_id:
            key = (f"{self.doc_id}\x1f{self.sentence_index}\x1f{self.actor}\x1f"
                   f"{self.partner}\x1f{self.marker}")
            self.reason_id = hashlib.blake2b(key.encode("utf-8"), digest_size=10).hexdigest()


@dataclass(slots=True)
class CodedDocument:
    """A document with what the coder found in it: the unit the store ingests."""

    document: Document
    events: list[Event] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
