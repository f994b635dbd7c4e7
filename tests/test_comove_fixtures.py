"""Synthetic worlds for the co-move and alignment tests (no tests here): dyads whose events
arrive month by month at known rates and cooperative shares, some of them changing at a
known date, stored through the store's bulk path."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa

from sword.model import Event
from sword.store import Store
from sword.store.schema import DOCUMENT_SCHEMA, EVENT_SCHEMA

START = date(2019, 1, 1)
MONTHS = 72  # 2019-01 … 2024-12
TURN = 36  # 2022-01: where planted changes happen


@dataclass(frozen=True)
class Regime:
    """A dyad's monthly event rate and cooperative share, before and after TURN."""

    a: str
    b: str
    rate: float
    coop: float
    rate_after: float | None = None
    coop_after: float | None = None


def month_day(index: int, day: int) -> date:
    return date(START.year + index // 12, index % 12 + 1, day)


def events_of(regimes: list[Regime], seed: int) -> list[Event]:
    rng = np.random.default_rng(seed)
    out = []
    for regime in regimes:
        for month in range(MONTHS):
            after = month >= TURN
            rate = regime.rate_after if after and regime.rate_after is not None else regime.rate
            coop = regime.coop_after if after and regime.coop_after is not None else regime.coop
            for _ in range(rng.poisson(rate)):
                friendly = rng.random() < coop
                source, target = (regime.a, regime.b) if rng.random() < 0.5 else (regime.b,
                                                                                   regime.a)
                day = month_day(month, int(rng.integers(1, 29)))
                out.append(_event(len(out), source, target, day, friendly))
    return out


def _event(i: int, source: str, target: str, day: date, friendly: bool) -> Event:
    cameo, quad, goldstein = ("057", 1, 8.0) if friendly else ("112", 3, -2.0)
    sentence = f"{source} {'agreed with' if friendly else 'accused'} {target} ({i})."
    return Event(doc_id=f"d{i}", sentence_index=0, evidence=sentence, evidence_start=0,
                 evidence_end=len(sentence), event_date=day.isoformat(), date_precision="day",
                 source=source, target=target, source_name=source, target_name=target,
                 source_country=source, target_country=target, cameo=cameo, root=cameo[:2],
                 quad_class=quad, goldstein=goldstein, plover="X", confidence=0.9,
                 pattern="synthetic")


def build_world(path: Path, regimes: list[Regime], seed: int) -> Store:
    """A store holding one synthetic document per event."""
    events = events_of(regimes, seed)
    records = []
    for event in events:
        record = event.to_record()
        record["event_date"] = date.fromisoformat(event.event_date)
        records.append(record)
    documents = [{"doc_id": e.doc_id, "content_hash": hashlib.sha256(e.doc_id.encode()).hexdigest(),
                  "title": e.evidence, "source": "Synthetic Wire", "url": None,
                  "date": date.fromisoformat(e.event_date), "lang": "en", "text": e.evidence,
                  "origin": None} for e in events]
    store = Store(path)
    store.ingest_arrow(pa.Table.from_pylist(documents, schema=DOCUMENT_SCHEMA),
                       pa.Table.from_pylist(records, schema=EVENT_SCHEMA))
    return store


def planted_world(path: Path, seed: int = 3) -> Path:
    """The planted world, stored at `path` and closed (tests open it read-only)."""
    build_world(path, [TURNING, *STATIONARY, *PLANTED], seed).close()
    return path


# A turning pair (ARM–RUS cools at TURN) among stationary ones.
TURNING = Regime("ARM", "RUS", 3.0, 0.95, coop_after=0.2)
STATIONARY = [
    Regime("AZE", "RUS", 2.5, 0.85),
    Regime("ARM", "AZE", 2.0, 0.3),
    Regime("ARM", "FRA", 1.0, 0.9),
    Regime("ARM", "IRN", 0.6, 0.9),
    Regime("RUS", "TUR", 1.5, 0.7),
    Regime("AZE", "TUR", 1.5, 0.95),
    Regime("RUS", "UKR", 4.0, 0.1),
    Regime("GEO", "RUS", 1.0, 0.3),
]
# What moves with it in the planted world: ARM–USA warms (more, and more cooperative,
# events); ARM–EU stays as it was.
PLANTED = [
    Regime("ARM", "USA", 0.3, 0.8, rate_after=3.0, coop_after=0.95),
    Regime("ARM", "EU", 0.4, 0.8, rate_after=0.4),  # stays as it was
]
