"""Small hand-built coded documents shared by the store and analysis tests (no tests here)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sword.model import CodedDocument, Document, Event, Mention
from sword.store import Store

# CAMEO codes used in the tests with their quad class and Goldstein value.
CODES: dict[str, tuple[int, float]] = {
    "012": (1, -0.4),  # pessimistic remark: verbal cooperation below zero
    "036": (1, 4.0),  # express intent to meet
    "042": (1, 1.9),  # make a visit
    "057": (1, 8.0),  # sign agreement
    "061": (2, 6.4),  # cooperate economically
    "071": (2, 7.4),  # provide economic aid
    "112": (3, -2.0),  # accuse
    "130": (3, -4.4),  # threaten
    "161": (4, -4.0),  # reduce diplomatic relations
    "173": (4, -5.0),  # arrest
    "190": (4, -10.0),  # use conventional military force
}


@dataclass
class Row:
    """One event as a test writes it."""

    doc: str
    day: str
    source: str
    target: str
    cameo: str
    publisher: str | None = "Daily"
    sentence: str | None = None
    sentence_index: int = 0
    flags: tuple[str, ...] | None = None  # None: `reported` on verbal conflict, as before
    confidence: float = 0.9


def make_event(doc_id: str, row: Row, sentence: str, start: int) -> Event:
    quad, goldstein = CODES[row.cameo]
    return Event(
        doc_id=doc_id,
        sentence_index=row.sentence_index,
        evidence=sentence,
        evidence_start=start,
        evidence_end=start + len(sentence),
        event_date=row.day,
        date_precision="day",
        source=row.source,
        target=row.target,
        source_name=row.source,
        target_name=row.target,
        source_country=row.source[:3],
        target_country=row.target[:3],
        cameo=row.cameo,
        root=row.cameo[:2],
        quad_class=quad,
        goldstein=goldstein,
        plover="X",
        confidence=row.confidence,
        pattern="test",
        flags=list(row.flags) if row.flags is not None else ["reported"] if quad == 3 else [],
    )


def coded_documents(rows: Iterable[Row]) -> list[CodedDocument]:
    """Group rows by document; each document's text is the concatenation of its sentences."""
    by_doc: dict[str, list[Row]] = {}
    for row in rows:
        by_doc.setdefault(row.doc, []).append(row)
    out = []
    for doc_id, doc_rows in by_doc.items():
        sentences: dict[int, str] = {}
        for r in doc_rows:
            text = r.sentence or f"{r.source} did {r.cameo} to {r.target} on {r.day} ({doc_id})."
            sentences.setdefault(r.sentence_index, text)
        text, offsets = "", {}
        for index in sorted(sentences):
            offsets[index] = len(text)
            text += sentences[index] + " "
        events = [make_event(doc_id, r, sentences[r.sentence_index], offsets[r.sentence_index])
                  for r in doc_rows]
        mentions = [
            Mention(text=r.source, start=offsets[r.sentence_index], end=offsets[r.sentence_index]
                    + len(r.source), code=r.source, country=r.source[:3],
                    sentence_index=r.sentence_index)
            for r in doc_rows
        ]
        document = Document(
            id=doc_id, text=text.strip(), date=date.fromisoformat(doc_rows[0].day),
            title=f"Title {doc_id}", source=doc_rows[0].publisher, origin=f"test:{doc_id}",
        )
        out.append(CodedDocument(document=document, events=events, mentions=mentions))
    return out


def build_store(path: Path, rows: Iterable[Row]) -> Store:
    store = Store(path)
    store.ingest(coded_documents(rows))
    return store
