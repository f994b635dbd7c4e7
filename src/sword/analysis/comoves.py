"""Concurrent moves: what else changed around a shift alert, in time — never why.

For a shift alert in a dyad A–B at date t (shifts.py), within `window` months either side:
- **other shift alerts** (shifts.py, the same test) in a dyad that shares a party with
  A–B (A–C, B–C) or links two of their common partners' relations (C–D, where C has events
  with both A and B in the window);
- **sharp changes** in a dyad of a party (A–C, B–C) whose own series is too thin for a
  change point: the net cooperation (cooperative − conflictual unique events) in the
  `window` months from t against the `window` months before t. Each event is +1, −1 or 0,
  so under no change the difference has a standard deviation of about √(events on both
  sides, less one step for continuity); a change is reported when |z| ≥ `z` and the net
  moves by at least `min_change`, with at least three events after the alert (silence is
  not a move). Other alerts count only with `min_side_events` events
  on each side of their turn.

Moves that pass these bars are `beyond_chance`; weaker signs (|z| ≥ `weak_z`, or another
alert resting on fewer than `min_side_events` events a side) are kept apart for a reader to
weigh and never counted as findings. Ordered by that, then nearness in time, then size.
Every item is an association in time: the texts may give reasons
(sword.coding.reasons), the statistics never do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd
import pyarrow as pa

from sword.analysis.relations import Evidence, strongest_evidence
from sword.analysis.shifts import DEFAULT_PENALTY, Shift, find_shifts
from sword.errors import Errors, SwordError
from sword.store.queries import PAIR_EVENTS

MIN_AFTER = 3  # events a sharp change needs after the alert: silence is not a move


@dataclass(frozen=True, slots=True)
class CoMoveConfig:
    """window: months either side of an alert; min_events, penalty, freq: how other shift
    alerts are searched (shifts.find_shifts); min_side_events: events another alert needs
    on each side of its turn to count (a turn of two thin months is noise more often than
    not); z, min_change: the bar of a sharp change; weak_z: the lower bar of a weaker
    sign, kept apart (`beyond_chance` false) for a reader to weigh, never counted as a
    finding; evidence: sentences per co-move."""

    window: int = 12
    freq: str = "month"
    min_events: int = 6
    penalty: float = DEFAULT_PENALTY
    z: float = 3.0
    min_change: int = 3
    min_side_events: int = 5
    weak_z: float = 1.5
    evidence: int = 1

    def __post_init__(self) -> None:
        if self.window < 1 or self.z <= 0:
            raise SwordError(Errors.E452)


@dataclass(slots=True)
class CoMove:
    """Another dyad's move near an alert."""

    dyad: tuple[str, str]
    kind: str  # "shift" (a change point of its own) or "change" (a sharp change in volume)
    date: date  # the co-move's shift date, or the alert's date for a change
    lag_days: int  # date − the alert's date
    size: float  # a shift's balance turn; a change's net difference
    link: str  # "A" (shares A), "B", or "common partner C"
    before: float  # balance before (shift) or net cooperation before (change)
    after: float
    events_before: int
    events_after: int
    z: float | None = None
    beyond_chance: bool = True  # false: a weaker sign, shown apart
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def direction(self) -> str:
        return "warmed" if self.size > 0 else "cooled"


@dataclass(slots=True)
class AlertContext:
    """A shift alert with the moves around it."""

    shift: Shift
    comoves: list[CoMove]


def months_from(day: date, months: int) -> date:
    return (pd.Timestamp(day) + pd.DateOffset(months=months)).date()


def concurrent_moves(con: duckdb.DuckDBPyConnection, shifts: list[Shift],
                     config: CoMoveConfig | None = None,
                     others: list[Shift] | None = None) -> list[AlertContext]:
    """The co-moves of each alert in `shifts`; `others` are the alerts to look among
    (found with `config`'s settings when not given)."""
    config = config or CoMoveConfig()
    if others is None:
        others = find_shifts(con, min_events=config.min_events, freq=config.freq,
                             penalty=config.penalty, evidence=0)
    out = []
    for shift in shifts:
        lo, hi = months_from(shift.date, -config.window), months_from(shift.date, config.window)
        partners = common_partners(con, shift.dyad, lo, hi)
        found = _shift_comoves(shift, others, partners, lo, hi)
        for move in found:
            move.beyond_chance = (min(move.events_before, move.events_after)
                                  >= config.min_side_events)
        seen = {m.dyad for m in found} | {shift.dyad}
        found += [m for m in sharp_changes(con, shift, config) if m.dyad not in seen]
        found.sort(key=lambda m: (not m.beyond_chance, abs(m.lag_days) // 31,
                                  -abs(_scaled(m)), m.dyad))
        out.append(AlertContext(shift, found))
    if config.evidence > 0:
        _attach_evidence(con, [m for ctx in out for m in ctx.comoves], config)
    return out


def _scaled(move: CoMove) -> float:
    """Sizes on one scale for ordering: a shift's turn (−2…+2); a change's z / 3."""
    return move.size if move.kind == "shift" else (move.z or 0.0) / 3.0


def common_partners(con: duckdb.DuckDBPyConnection, dyad: tuple[str, str], lo: date,
                    hi: date) -> set[str]:
    """States with events with both members of `dyad` between `lo` and `hi`."""
    a, b = dyad
    rows = con.cursor().execute(
        f"""
        SELECT CASE WHEN a IN ($a, $b) THEN b ELSE a END AS other
        FROM {PAIR_EVENTS}
        WHERE (a IN ($a, $b) OR b IN ($a, $b)) AND NOT (a = $a AND b = $b)
          AND event_date BETWEEN $lo AND $hi
        GROUP BY other HAVING count(DISTINCT CASE WHEN a IN ($a, $b) THEN a ELSE b END) = 2
        """,
        {"a": a, "b": b, "lo": lo, "hi": hi},
    ).fetchall()
    return {r[0] for r in rows}


def _shift_comoves(shift: Shift, others: list[Shift], partners: set[str], lo: date,
                   hi: date) -> list[CoMove]:
    out = []
    for other in others:
        if other.dyad == shift.dyad or not lo <= other.date <= hi:
            continue
        shared = [p for p in shift.dyad if p in other.dyad]
        if shared:
            link = shared[0]
        elif set(other.dyad) <= partners:
            link = "common partners"
        elif set(other.dyad) & partners:
            link = "common partner " + next(p for p in other.dyad if p in partners)
        else:
            continue
        out.append(CoMove(other.dyad, "shift", other.date, (other.date - shift.date).days,
                          other.size, link, other.level_before, other.level_after,
                          other.events_before, other.events_after))
    return out


def sharp_changes(con: duckdb.DuckDBPyConnection, shift: Shift,
                  config: CoMoveConfig) -> list[CoMove]:
    """Dyads of either party whose net cooperation changed sharply at the alert's date."""
    t = shift.date
    lo, hi = months_from(t, -config.window), months_from(t, config.window)
    a, b = shift.dyad
    rows = con.cursor().execute(
        f"""
        SELECT a, b, event_date >= $t AS after,
               count(*) AS n, count_if(quad_class <= 2) - count_if(quad_class >= 3) AS net
        FROM {PAIR_EVENTS}
        WHERE (a IN ($x, $y) OR b IN ($x, $y)) AND NOT (a = $x AND b = $y)
          AND event_date >= $lo AND event_date < $hi
        GROUP BY ALL
        """,
        {"x": a, "y": b, "t": t, "lo": lo, "hi": hi},
    ).fetchall()
    sides: dict[tuple[str, str], dict[bool, tuple[int, int]]] = {}
    for da, db, after, n, net in rows:
        sides.setdefault((da, db), {})[bool(after)] = (int(n), int(net))
    out = []
    for dyad, by_side in sorted(sides.items()):
        nb, netb = by_side.get(False, (0, 0))
        na, neta = by_side.get(True, (0, 0))
        change = neta - netb
        # net counts move in whole steps: a continuity correction of one step
        z = math.copysign(max(abs(change) - 1, 0), change) / math.sqrt(na + nb) if na + nb else 0.0
        if (abs(z) < min(config.z, config.weak_z) or abs(change) < config.min_change
                or na < MIN_AFTER):
            continue  # a pair the news stops mentioning has not moved
        link = a if a in dyad else b
        out.append(CoMove(dyad, "change", t, 0, float(change), link, float(netb),
                          float(neta), nb, na, z, beyond_chance=abs(z) >= config.z))
    return out


def _attach_evidence(con: duckdb.DuckDBPyConnection, moves: list[CoMove],
                     config: CoMoveConfig) -> None:
    if not moves:
        return
    columns: dict[str, list] = {k: [] for k in ("key", "a", "b", "lo", "hi", "sign", "near")}
    for key, move in enumerate(moves):
        lo = move.date
        hi = months_from(move.date, config.window)
        for column, value in zip(columns, (key, *move.dyad, lo, hi,
                                           1.0 if move.size > 0 else -1.0, move.date),
                                 strict=True):
            columns[column].append(value)
    found = strongest_evidence(con, pa.table(columns), config.evidence)
    for key, move in enumerate(moves):
        move.evidence = found.get(key, [])
