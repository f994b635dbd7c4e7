"""Why a relationship shifted, as far as the data can say: the dyad's shift alerts, the
moves around each (comoves.py: association in time, never cause), and the reasons the
press gives (the `reasons` table the coder fills: sentences with "because", "in response
to", "citing" …), each linked to the alert whose period it falls in.

    why = explain_dyad(con, "ARM", "RUS")
    why.alerts[0].comoves        # what else moved around the first turn
    why.alerts[0].reasons        # what the press said was behind it
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from sword.analysis.comoves import AlertContext, CoMove, CoMoveConfig, concurrent_moves
from sword.analysis.comoves import months_from as _months_from
from sword.analysis.relations import normalise_actor
from sword.analysis.shifts import DEFAULT_PENALTY, Shift, find_shifts
from sword.errors import Errors, SwordError


@dataclass(frozen=True, slots=True)
class WhyConfig:
    """How a dyad is explained: its alerts are searched as the report searches them
    (`min_events`, `freq`, `penalty`); `comoves` sets the window and bar of co-moves;
    `reasons` is how many reason sentences an alert keeps (most confident, then nearest)."""

    min_events: int = 10
    freq: str = "month"
    penalty: float = DEFAULT_PENALTY
    comoves: CoMoveConfig = field(default_factory=CoMoveConfig)
    reasons: int = 6
    evidence: int = 2


@dataclass(frozen=True, slots=True)
class ReasonRow:
    """A stored reason sentence with its outlet."""

    reason_id: str
    doc_id: str
    event_date: date | None
    actor: str
    partner: str
    kind: str
    marker: str
    reason: str
    sentence: str
    sentence_start: int
    sentence_end: int
    attribution: str  # claim | analysis
    speaker: str
    speaker_name: str
    confidence: float
    publisher: str | None
    title: str | None
    url: str | None

    @property
    def voice(self) -> str:
        """Whose reason: "claim by ARM", "claim by analysts", or "outlet's analysis"."""
        if self.attribution == "claim":
            return f"claim by {self.speaker or self.speaker_name}"
        return "outlet's analysis"

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in self.__slots__}
        out["event_date"] = self.event_date.isoformat() if self.event_date else None
        out["voice"] = self.voice
        return out


@dataclass(slots=True)
class AlertWhy:
    """One shift alert of the dyad with its co-moves and the reasons of its period."""

    shift: Shift
    comoves: list[CoMove]
    reasons: list[ReasonRow]
    comove_reasons: dict[tuple[str, str], list[ReasonRow]] = field(default_factory=dict)


@dataclass(slots=True)
class DyadWhy:
    dyad: tuple[str, str]
    alerts: list[AlertWhy]
    reasons: list[ReasonRow]  # every reason of the dyad, by date


def reasons_for(con: duckdb.DuckDBPyConnection, a: str, b: str,
                since: date | None = None, until: date | None = None,
                limit: int = 200) -> list[ReasonRow]:
    """The reason sentences of a dyad (either side as actor), by date; one row per
    sentence (a sentence that explains both directions shows once)."""
    if not _has_reasons(con):
        return []
    rows = con.cursor().execute(
        """
        SELECT r.reason_id, r.doc_id, r.event_date, r.actor, r.partner, r.kind, r.marker,
               r.reason, r.sentence, r.sentence_start, r.sentence_end, r.attribution,
               r.speaker, r.speaker_name, r.confidence, d.source, d.title, d.url
        FROM reasons r LEFT JOIN documents d USING (doc_id)
        WHERE ((r.actor = $a AND r.partner = $b) OR (r.actor = $b AND r.partner = $a))
          AND ($since IS NULL OR r.event_date >= $since)
          AND ($until IS NULL OR r.event_date <= $until)
        QUALIFY row_number() OVER (PARTITION BY r.doc_id, r.sentence_index, r.marker
                                   ORDER BY r.confidence DESC, r.actor) = 1
        ORDER BY r.event_date NULLS LAST, r.doc_id, r.sentence_index
        LIMIT $limit
        """,
        {"a": a, "b": b, "since": since, "until": until, "limit": int(limit)},
    ).fetchall()
    return [ReasonRow(*row) for row in rows]


def _has_reasons(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.cursor().execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'reasons'"
    ).fetchone()[0])


def explain_dyad(con: duckdb.DuckDBPyConnection, a: str, b: str,
                 config: WhyConfig | None = None,
                 shifts: list[Shift] | None = None) -> DyadWhy:
    """The dyad's alerts with their co-moves and reasons (see the module docstring).
    `shifts` are the store's alerts when the caller has found them already."""
    config = config or WhyConfig()
    a, b = normalise_actor(a), normalise_actor(b)
    if a == b:
        raise SwordError(Errors.E402.format(actor=a))
    dyad = (a, b) if a < b else (b, a)
    if shifts is None:
        shifts = find_shifts(con, min_events=config.min_events, freq=config.freq,
                             penalty=config.penalty, evidence=config.evidence)
    mine = sorted((s for s in shifts if s.dyad == dyad), key=lambda s: s.date)
    contexts = concurrent_moves(con, mine, config.comoves)
    every = reasons_for(con, *dyad)
    return DyadWhy(dyad, [alert_why(con, ctx, every, config) for ctx in contexts], every)


def explain_alerts(con: duckdb.DuckDBPyConnection, shifts: list[Shift],
                   config: WhyConfig | None = None) -> list[AlertWhy]:
    """Co-moves and reasons for alerts found elsewhere (the report's key findings)."""
    config = config or WhyConfig()
    contexts = concurrent_moves(con, shifts, config.comoves)
    return [alert_why(con, ctx, reasons_for(con, *ctx.shift.dyad), config) for ctx in contexts]


def why_payload(found: DyadWhy) -> dict[str, Any]:
    """`DyadWhy` as JSON-ready values (the API's answer)."""
    return {
        "dyad": list(found.dyad),
        "note": "co-moves are associations in time, not causes",
        "alerts": [alert_payload(alert) for alert in found.alerts],
        "reasons": [r.to_dict() for r in found.reasons],
    }


def alert_payload(alert: AlertWhy) -> dict[str, Any]:
    return {
        "shift": alert.shift.to_dict(),
        "comoves": [comove_payload(m) for m in alert.comoves],
        "reasons": [r.to_dict() for r in alert.reasons],
        "comove_reasons": [{"dyad": list(dyad), "reasons": [r.to_dict() for r in rows]}
                           for dyad, rows in alert.comove_reasons.items()],
    }


def comove_payload(move: CoMove) -> dict[str, Any]:
    return {
        "dyad": list(move.dyad), "kind": move.kind, "date": move.date.isoformat(),
        "lag_days": move.lag_days, "size": move.size, "direction": move.direction,
        "link": move.link, "before": move.before, "after": move.after,
        "beyond_chance": move.beyond_chance,
        "events_before": move.events_before, "events_after": move.events_after, "z": move.z,
        "evidence": [e.to_dict() for e in move.evidence],
    }


def alert_why(con: duckdb.DuckDBPyConnection, ctx: AlertContext, dyad_reasons: list[ReasonRow],
              config: WhyConfig) -> AlertWhy:
    """The reasons of an alert's period: from `window` months before its date to the end
    of its new level; the most confident first, then the nearest to the turn."""
    shift = ctx.shift
    lo = _months_from(shift.date, -config.comoves.window)
    hi = shift.segment_after[1]
    chosen = _pick([r for r in dyad_reasons if r.event_date and lo <= r.event_date <= hi],
                   shift.date, config.reasons)
    around: dict[tuple[str, str], list[ReasonRow]] = {}
    for move in [m for m in ctx.comoves if m.beyond_chance][:6]:
        found = reasons_for(con, *move.dyad, since=lo,
                            until=_months_from(shift.date, config.comoves.window))
        if found:
            around[move.dyad] = _pick(found, shift.date, 2)
    return AlertWhy(shift, ctx.comoves, chosen, around)


def _pick(rows: list[ReasonRow], near: date, n: int) -> list[ReasonRow]:
    ranked = sorted(rows, key=lambda r: (-r.confidence, abs((r.event_date - near).days)
                                         if r.event_date else 10**6, r.reason_id))
    return sorted(ranked[:n], key=lambda r: (r.event_date or near, r.reason_id))
