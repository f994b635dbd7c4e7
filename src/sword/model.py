"""The plain dataclasses that flow between stages: Document → Mention → Event."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date

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


@dataclass(slots=True)
class Event:
    """One coded event; field names are the public record contract (DESIGN.md)."""

    doc_id: str
    sentence_index: int
    evidence: str
    evidence_start: int
    evidence_end: int
    event_date: str | None
    date_precision: str
    source: str
    target: str
    source_name: str
    target_name: str
    source_country: str
    target_country: str
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    plover: str
    confidence: float
    pattern: str
    flags: list[str] = field(default_factory=list)
    event_id: str = ""

    def __post_init__(self) -> None:
        if not self.event_id:
            self.event_id = make_event_id(
                self.doc_id, self.sentence_index, self.source, self.target, self.cameo
            )

    def to_record(self) -> dict:
        record = asdict(self)
        record["flags"] = list(self.flags)
        return {"event_id": record.pop("event_id"), **record}


RECORD_FIELDS: tuple[str, ...] = (
    "event_id",
    "doc_id",
    "sentence_index",
    "evidence",
    "evidence_start",
    "evidence_end",
    "event_date",
    "date_precision",
    "source",
    "target",
    "source_name",
    "target_name",
    "source_country",
    "target_country",
    "cameo",
    "root",
    "quad_class",
    "goldstein",
    "plover",
    "confidence",
    "pattern",
    "flags",
)


def make_event_id(doc_id: str, sentence_index: int, source: str, target: str, cameo: str) -> str:
    """A stable id: the same document, sentence, actors and code always give the same id."""
    key = f"{doc_id}\x1f{sentence_index}\x1f{source}\x1f{target}\x1f{cameo}"
    return hashlib.blake2b(key.encode("utf-8"), digest_size=10).hexdigest()


@dataclass(slots=True)
class CodedDocument:
    """A document with what the coder found in it: the unit the store ingests."""

    document: Document
    events: list[Event] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
