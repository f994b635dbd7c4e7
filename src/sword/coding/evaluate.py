"""Scoring the coder against gold standards: precision, recall and F1 at two levels
(country dyad + root code, and country dyad + full code), overall and per root code.

Gold formats read:
- JSONL, one record a line: `id`, `text`, optional `date`, `events: [{source, target, cameo}]`
  (the PETRARCH-2 validation layout, and Sword's own gold set, which may add `tags`).
- JSON list of PLOVER records: `text`, `source: [{code}]`, `target: [{code}]`, `event` (a
  PLOVER type); scored on country dyad + PLOVER type, since those records carry no CAMEO code.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sword.errors import Errors, GoldFormatError
from sword.model import Event

# Older PLOVER labels in gold files → the PLOVER 2021 types Sword emits.
PLOVER_ALIASES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
                  "FIGHT": "ASSAULT"}
UNKNOWN = "---"


@dataclass(frozen=True, slots=True)
class GoldEvent:
    source: str
    target: str
    code: str  # CAMEO code, or a PLOVER type for PLOVER gold
    repaired: bool = False


@dataclass(slots=True)
class GoldRecord:
    id: str
    text: str
    date: date | None
    events: list[GoldEvent]
    tags: tuple[str, ...] = ()
    kind: str = "cameo"  # cameo | plover


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: Counter, found: Counter) -> None:
        self.tp += sum((gold & found).values())
        self.fp += sum((found - gold).values())
        self.fn += sum((gold - found).values())


@dataclass(slots=True)
class RecordResult:
    record: GoldRecord
    events: list[Event]
    missed: list[tuple[str, str, str]]
    extra: list[tuple[str, str, str]]


@dataclass(slots=True)
class EvalReport:
    kind: str
    records: int = 0
    dyad_root: Score = field(default_factory=Score)
    full_code: Score = field(default_factory=Score)
    per_root: dict[str, Score] = field(default_factory=dict)
    results: list[RecordResult] = field(default_factory=list)
    garbles: int = 0
    garbles_right: int = 0  # no event names a state the gold does not have
    garbles_complete: int = 0  # and every gold dyad was found


def read_gold(path: str | Path) -> Iterator[GoldRecord]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise GoldFormatError(Errors.E120.format(path=path, reason=e)) from e
    stripped = text.lstrip()
    if stripped.startswith("["):
        yield from _read_plover(path, stripped)
        return
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            events = [GoldEvent(e["source"], e["target"], str(e["cameo"]),
                                bool(e.get("repaired", False))) for e in raw.get("events", [])]
            yield GoldRecord(str(raw.get("id", line_no)), raw["text"], _date(raw.get("date")),
                             events, tuple(raw.get("tags", ())))
        except (ValueError, KeyError, TypeError) as e:
            raise GoldFormatError(Errors.E122.format(path=path, line=line_no, reason=e)) from e


def _read_plover(path: Path, text: str) -> Iterator[GoldRecord]:
    try:
        records = json.loads(text)
    except ValueError as e:
        raise GoldFormatError(Errors.E121.format(path=path, reason=e)) from e
    for raw in records:
        if not isinstance(raw, dict) or "text" not in raw or raw.get("event") == "DOCUMENT":
            continue
        label = PLOVER_ALIASES.get(raw["event"], raw["event"])
        sources = [_actor_code(a) for a in raw.get("source", [])]
        targets = [_actor_code(a) for a in raw.get("target", [])] or [UNKNOWN]
        events = [GoldEvent(s, t, label) for s in sources for t in targets]
        yield GoldRecord(str(raw.get("id")), raw["text"], _date(raw.get("date")), events,
                         kind="plover")


def _actor_code(actor: object) -> str:
    """A PLOVER actor is an object with a `code`, or (in some records) a bare string."""
    if isinstance(actor, dict):
        return str(actor.get("code") or UNKNOWN)
    return str(actor) if actor else UNKNOWN


def _date(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def country_of(code: str, countries: frozenset[str]) -> str:
    """The comparable part of an actor code: its state, or IGO for organisations."""
    if not code:
        return UNKNOWN
    head = code[:3]
    if head in countries or head == UNKNOWN:
        return head
    return "IGO"


def evaluate(
    records: Iterable[GoldRecord],
    code_record: Callable[[GoldRecord], list[Event]],
    countries: frozenset[str],
) -> EvalReport:
    """Score `code_record` on every gold record."""
    report: EvalReport | None = None
    for record in records:
        if report is None:
            report = EvalReport(kind=record.kind)
        events = code_record(record)
        report.records += 1
        plover = record.kind == "plover"

        def key(src: str, tgt: str, code: str) -> tuple[str, str, str]:
            return (country_of(src, countries), country_of(tgt, countries), code)

        gold_full = Counter(key(e.source, e.target, e.code) for e in record.events)
        found_full = Counter(
            key(e.source, e.target, e.plover if plover else e.cameo) for e in events
        )
        # duplicates of one triple in our output are one event
        found_full = Counter(set(found_full))
        gold_full = Counter(set(gold_full))
        if plover:
            gold_root, found_root = gold_full, found_full
        else:
            gold_root = Counter({(s, t, c[:2]) for s, t, c in gold_full})
            found_root = Counter({(s, t, c[:2]) for s, t, c in found_full})
        report.dyad_root.add(gold_root, found_root)
        report.full_code.add(gold_full, found_full)
        for root in {k[2] for k in gold_root} | {k[2] for k in found_root}:
            report.per_root.setdefault(root, Score()).add(
                Counter({k: 1 for k in gold_root if k[2] == root}),
                Counter({k: 1 for k in found_root if k[2] == root}),
            )
        missed = sorted((gold_root - found_root).elements())
        extra = sorted((found_root - gold_root).elements())
        report.results.append(RecordResult(record, events, missed, extra))
        if "mt_garble" in record.tags:
            report.garbles += 1
            gold_dyads = {(s, t) for s, t, _ in gold_root}
            found_dyads = {(s, t) for s, t, _ in found_root}
            gold_states = {c for d in gold_dyads for c in d}
            wrong = {c for d in found_dyads for c in d} - gold_states - {"IGO"}
            if not wrong:
                report.garbles_right += 1
                if gold_dyads <= found_dyads:
                    report.garbles_complete += 1
    return report or EvalReport(kind="cameo")
