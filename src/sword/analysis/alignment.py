"""Where a state stands relative to the others, period by period, and which way it drifts.

Plain statistics a reader can check against the events:
- **Profile.** For each partner and period: the unique events between the state and the
  partner (both directions), the cooperation–conflict balance of relations.py, and a 90%
  interval for it (Wilson's score interval for the share of cooperative events among
  cooperative and conflictual ones, mapped to the balance's −1…+1 scale).
- **Weight.** A balance says nothing of volume: Armenia and the United States were on good
  terms in 2019 and in 2024, but in 2024 they did much more together. The signed weight of
  a partner in a window is (cooperative − conflictual events with it) / (all the state's
  events in the window): how much of what the state does, with anyone, is cooperation (+)
  or conflict (−) with that partner. Its standard error follows from the events being a
  sample: each event scores +1, −1 or 0 for that partner.
- **Drift.** For each partner, the month that best splits the window into a before and an
  after with different weights (the largest |z| of the difference), then the same within
  the later side (the recent drift: two moves a partner at most); a move is reported when
  |z| ≥ `z` (3 by default: the scan tries every month, so a lower bar finds noise), the
  weight changes by at least `min_change` and the after-side has at least three events
  with the partner (a partner the news stops mentioning has not moved: no news is not
  neutral news). Each
  move carries the strongest events of the after-side along its direction.
- **Poles.** Optional partners a user names (RUS, USA, CHN, TUR, EU): the state's
  strongest move relative to each, in one line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from sword.analysis.relations import FREQS, Evidence, normalise_actor, strongest_evidence
from sword.days import optional_day
from sword.errors import Errors, SwordError
from sword.store.queries import PAIR_EVENTS, window_clause

Z90 = 1.6449  # two-sided 90% normal quantile
MIN_AFTER = 3  # events with the partner a move needs after its date
MAX_MOVES = 2  # per partner: the first split and the best one after it


@dataclass(frozen=True, slots=True)
class AlignmentConfig:
    """freq: period of the profile; min_events: events a partner needs over the window to
    be profiled; partners: how many partners (busiest first) the profile keeps; z and
    min_change: the bar a move must pass; min_side: the state's events needed on each side
    of a split; evidence: sentences per move."""

    freq: str = "year"
    min_events: int = 4
    partners: int = 10
    z: float = 3.0
    min_change: float = 0.03
    min_side: int = 20
    evidence: int = 2
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        if self.freq not in FREQS:
            raise SwordError(Errors.E407.format(freq=self.freq, choices=", ".join(FREQS)))
        if self.z <= 0 or self.min_side < 1:
            raise SwordError(Errors.E450)


@dataclass(frozen=True, slots=True)
class Standing:
    """The state's relation with one partner in one period."""

    partner: str
    period: date
    events: int
    cooperation: int
    conflict: int
    balance: float | None  # None: no event in the period
    low: float | None  # 90% interval of the balance
    high: float | None
    weight: float  # (cooperation − conflict) / the state's events in the period
    weight_se: float


@dataclass(slots=True)
class Move:
    """A change in how much of the state's activity is cooperation or conflict with one
    partner: `towards` (+) or `away` (−) from it since `since`."""

    partner: str
    since: date
    weight_before: float
    weight_after: float
    z: float
    events_before: int  # events with the partner
    events_after: int
    balance_before: float | None
    balance_after: float | None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def change(self) -> float:
        return self.weight_after - self.weight_before

    @property
    def direction(self) -> str:
        return "towards" if self.change > 0 else "away from"


@dataclass(slots=True)
class Alignment:
    """One state's profile by period, its moves, and its standing against named poles."""

    state: str
    periods: list[date]
    partners: list[str]  # busiest first
    profile: list[Standing]
    moves: list[Move]  # by date
    poles: list[tuple[str, Move | None]] = field(default_factory=list)

    def standing(self, partner: str, period: date) -> Standing | None:
        for item in self.profile:
            if item.partner == partner and item.period == period:
                return item
        return None


def state_events(con: duckdb.DuckDBPyConnection, state: str, since: date | None = None,
                 until: date | None = None) -> pd.DataFrame:
    """The state's unique events per partner and month: events, cooperation, conflict."""
    extra, params = window_clause(since, until)
    params["s"] = state
    sql = f"""
        SELECT CASE WHEN source_country = $s THEN target_country ELSE source_country END
                   AS partner,
               CAST(date_trunc('month', event_date) AS DATE) AS month,
               count(*) AS events,
               count_if(quad_class <= 2) AS cooperation,
               count_if(quad_class >= 3) AS conflict
        FROM {PAIR_EVENTS}
        WHERE (source_country = $s OR target_country = $s) {extra}
        GROUP BY ALL ORDER BY month, partner
    """
    frame = con.cursor().execute(sql, params).df()
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


def alignment(con: duckdb.DuckDBPyConnection, state: str,
              config: AlignmentConfig | None = None,
              poles: list[str] | None = None) -> Alignment:
    """The state's profile, moves and (optionally) standing against `poles`."""
    config = config or AlignmentConfig()
    state = normalise_actor(state)
    frame = state_events(con, state, config.since, config.until)
    if frame.empty:
        raise SwordError(Errors.E451.format(actor=state))
    totals = frame.groupby("partner")["events"].sum().sort_values(ascending=False, kind="stable")
    partners = [p for p, n in totals.items() if n >= config.min_events][: config.partners]
    pole_codes = [normalise_actor(p) for p in poles or []]
    profile, periods = _profile(frame, partners, config.freq)
    moves = [m for p in dict.fromkeys([*partners, *pole_codes]) for m in _moves(frame, p, config)]
    moves.sort(key=lambda m: (m.since, m.partner))
    if config.evidence > 0 and moves:
        _attach_evidence(con, state, moves, config)
    by_partner: dict[str, Move] = {}  # the strongest move of each partner
    for move in moves:
        if move.partner not in by_partner or abs(move.z) > abs(by_partner[move.partner].z):
            by_partner[move.partner] = move
    return Alignment(state, periods, partners, profile, moves,
                     [(p, by_partner.get(p)) for p in pole_codes])


def wilson_balance(cooperation: int, conflict: int, z: float = Z90
                   ) -> tuple[float | None, float | None]:
    """A `z` interval for the balance from Wilson's interval for cooperation's share."""
    n = cooperation + conflict
    if n == 0:
        return None, None
    p = cooperation / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 2 * (centre - half) - 1, 2 * (centre + half) - 1


def signed_weight(cooperation: float, conflict: float, total: float) -> tuple[float, float]:
    """(cooperation − conflict) / total and its standard error (events scored +1/−1/0)."""
    if total <= 0:
        return 0.0, 0.0
    mean = (cooperation - conflict) / total
    second = (cooperation + conflict) / total
    return mean, math.sqrt(max(second - mean * mean, 0.0) / total)


def _profile(frame: pd.DataFrame, partners: list[str], freq: str
             ) -> tuple[list[Standing], list[date]]:
    from sword.analysis.relations import period_floor

    frame = frame.assign(period=[period_floor(m, freq) for m in frame["month"]])
    total = frame.groupby("period")["events"].sum()
    sums = frame.groupby(["partner", "period"])[["events", "cooperation", "conflict"]].sum()
    periods = [p.date() for p in total.index]
    out = []
    for partner in partners:
        for period in total.index:
            n, co, cf = (sums.loc[(partner, period)].tolist()
                         if (partner, period) in sums.index else (0, 0, 0))
            low, high = wilson_balance(int(co), int(cf))
            weight, se = signed_weight(co, cf, float(total[period]))
            out.append(Standing(partner, period.date(), int(n), int(co), int(cf),
                                (co - cf) / n if n else None, low, high, weight, se))
    return out, periods


def _moves(frame: pd.DataFrame, partner: str, config: AlignmentConfig) -> list[Move]:
    """The partner's moves: the month that best splits its weight in two, if it passes
    the bar, then the same within each side (binary segmentation, at most `MAX_MOVES`)."""
    months = frame.groupby("month")["events"].sum().sort_index()
    mine = (frame[frame["partner"] == partner].groupby("month")[["events", "cooperation",
                                                                "conflict"]].sum()
            .reindex(months.index, fill_value=0))
    if mine["events"].sum() == 0:
        return []
    zero = np.zeros(1)
    sums = {name: np.r_[zero, np.cumsum(values.to_numpy(dtype=float))]
            for name, values in (("n", months), ("co", mine["cooperation"]),
                                 ("cf", mine["conflict"]), ("ev", mine["events"]))}
    found: list[Move] = []
    pending = [(0, len(months))]
    while pending and len(found) < MAX_MOVES:
        lo, hi = pending.pop()
        best = _best_split(sums, lo, hi, config)
        if best is None:
            continue
        cut, z, before, after = best
        found.append(Move(partner, months.index[cut].date(), _weight(before), _weight(after),
                          z, int(before[2]), int(after[2]), _ratio(before), _ratio(after)))
        pending += [(lo, cut), (cut, hi)]
    return found


def _best_split(sums: dict[str, np.ndarray], lo: int, hi: int, config: AlignmentConfig
                ) -> tuple[int, float, tuple, tuple] | None:
    """Within months [lo, hi): the cut with the largest |z|, if it passes the bar."""
    def side(a: int, b: int) -> tuple[float, float, float, float]:
        return tuple(float(sums[k][b] - sums[k][a]) for k in ("co", "cf", "ev", "n"))

    best: tuple[int, float, tuple, tuple] | None = None
    for cut in range(lo + 1, hi):  # `cut` is the first month of the after-side
        before, after = side(lo, cut), side(cut, hi)
        if min(before[3], after[3]) < config.min_side or after[2] < MIN_AFTER:
            continue  # too few of the state's events, or the partner (nearly) fell silent
        wb, sb = signed_weight(before[0], before[1], before[3])
        wa, sa = signed_weight(after[0], after[1], after[3])
        spread = math.sqrt(sb * sb + sa * sa)
        if spread == 0:
            continue
        z = (wa - wb) / spread
        if best is None or abs(z) > abs(best[1]):
            best = (cut, z, before, after)
    if best is None or abs(best[1]) < config.z:
        return None
    if abs(_weight(best[3]) - _weight(best[2])) < config.min_change:
        return None
    return best


def _weight(side: tuple) -> float:
    co, cf, _, n = side
    return float((co - cf) / n)


def _ratio(side: tuple) -> float | None:
    co, cf, events = side[0], side[1], side[2]
    return float((co - cf) / events) if events else None


def _attach_evidence(con: duckdb.DuckDBPyConnection, state: str, moves: list[Move],
                     config: AlignmentConfig) -> None:
    until = config.until or con.cursor().execute(
        f"SELECT max(event_date) FROM {PAIR_EVENTS}").fetchone()[0]
    columns: dict[str, list] = {k: [] for k in ("key", "a", "b", "lo", "hi", "sign", "near")}
    for key, move in enumerate(moves):
        a, b = sorted((state, move.partner))
        for column, value in zip(columns, (key, a, b, move.since, optional_day(until),
                                           1.0 if move.change > 0 else -1.0, move.since),
                                 strict=True):
            columns[column].append(value)
    found = strongest_evidence(con, pa.table(columns), config.evidence)
    for key, move in enumerate(moves):
        move.evidence = found.get(key, [])
