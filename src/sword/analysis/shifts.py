"""Shift alerts: when did a relationship turn, by how much, and which sentences show it.

Choices, stated once:
- A dyad is an unordered country pair with both directions pooled: a turn in a
  relationship shows in what each side does to the other, and one direction alone is
  usually too thin for monthly series.
- The cooperation score of a period is the balance of relations.py,
  (cooperation − conflict) / total over the period's unique events. Periods without
  events are left out (no news is not neutral news), so the series runs over the
  periods in which the pair was reported.
- Change points: penalised least squares on the score, each period weighted by its
  number of events (a month of twenty reports outweighs a month of one), solved by
  ruptures' KernelCPD with a linear kernel: the l2 cost in compiled code, ~1,000× faster
  than `Pelt(model="l2")`. The penalty is `penalty × σ² × ln N`, with σ² one event's
  score variance estimated from differences of neighbouring periods (a few breaks barely
  move it) and N the number of events. On simulated flat dyads (1–9 events a month,
  12–96 months) `penalty=4` raises a false alert for about 1 series in 75, and finds a
  fall from 95% to 30% cooperative events nine times in ten.
- Levels before and after are the balance over all unique events of the neighbouring
  segments (volume-weighted, unlike the per-period series), each with its 90% interval
  (relations.balance_interval), and `size` is after − before.
- A change point is an alert only when the turn is significant (`ShiftTest`): each side
  has at least `min_side_events` unique events, and a permutation test on the segment
  means rejects "the same events in any order" at `alpha`. The statistic is the binomial
  likelihood ratio of two levels against one (cooperative vs conflictual events); its null
  distribution is that of the *largest* ratio over every admissible cut of the two
  segments, with the events shuffled across them, so that the search for the best cut is
  paid for. A shuffle only moves cooperative events between periods of fixed sizes, so
  each is drawn as the periods' cooperative counts from the multivariate hypergeometric
  distribution (numpy), in time per period rather than per event. The shuffles are
  seeded: same store, same alerts. A window of ASYMPTOTIC_EVENTS events or more whose
  turn is plain (the χ² tail of the ratio times the number of cuts, a conservative
  large-sample bound, is below alpha / 10) takes that bound as its p-value and skips
  the shuffles.
- Alerts are ranked by one score, used by the CLI, the report and the dashboard alike:
  the size of the turn × its evidence, |size| × √(n_before · n_after / (n_before +
  n_after)), the turn in units of its own standard error up to the event variance: a
  full swing resting on six reports does not outrank a large one resting on sixty.
- Evidence: the three best events on each side that prove the turn: cooperative before
  and conflictual after a turn towards conflict (and the reverse), first-hand before
  `reported`, more publishers and higher confidence first, then the strongest Goldstein
  against the turn before it and along it after, the one nearest the break first among
  equals, one row per unique event (relations.strongest_evidence).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import ruptures as rpt
from scipy.special import xlogy
from scipy.stats import chi2

from sword.analysis.relations import FREQS, Evidence, balance_interval, strongest_evidence
from sword.errors import Errors, SwordError
from sword.store.queries import PAIR_EVENTS, window_clause

DEFAULT_PENALTY = 4.0
MIN_VARIANCE = 1e-3  # below it a series is flat: keep the penalty from vanishing
MAX_SAMPLES = 500  # repeated samples per dyad handed to ruptures (see change_points)
ASYMPTOTIC_EVENTS = 500  # a test window this large may use the χ² bound (module docstring)


@dataclass(frozen=True, slots=True)
class ShiftTest:
    """When a change point becomes a shift alert (see the module docstring).

    min_side_events: unique events needed on each side of the turn.
    alpha: the largest p-value of the permutation test that still raises an alert.
    permutations: shuffles of the events in the test (the smallest p is 1/(permutations+1)).
    seed: of the shuffles, so that the same store gives the same alerts.
    """

    min_side_events: int = 5
    alpha: float = 0.002
    permutations: int = 1999
    seed: int = 7

    def __post_init__(self) -> None:
        if not 0 < self.alpha < 1 or self.min_side_events < 1 or self.permutations < 99:
            raise SwordError(Errors.E432.format(alpha=self.alpha,
                                                min_side_events=self.min_side_events,
                                                permutations=self.permutations))


@dataclass(slots=True)
class Shift:
    """A change point in a dyad's cooperation score."""

    dyad: tuple[str, str]  # country codes in alphabetical order
    date: date  # first period of the new level
    last_before: date  # last period (with events) of the old level
    level_before: float
    level_after: float
    size: float  # level_after − level_before: negative is a turn towards conflict
    events_before: int
    events_after: int
    segment_before: tuple[date, date]  # date window of the old level
    segment_after: tuple[date, date]
    evidence_before: list[Evidence] = field(default_factory=list)
    evidence_after: list[Evidence] = field(default_factory=list)
    p_value: float = 0.0  # of the permutation test (ShiftTest)
    interval_before: tuple[float, float] = (-1.0, 1.0)  # 90% interval of level_before
    interval_after: tuple[float, float] = (-1.0, 1.0)

    @property
    def direction(self) -> str:
        return "towards cooperation" if self.size > 0 else "towards conflict"

    @property
    def score(self) -> float:
        """The one ranking of alerts: size of the turn × its evidence (`shift_score`)."""
        return shift_score(self.size, self.events_before, self.events_after)

    def to_dict(self) -> dict:
        return {
            "dyad": list(self.dyad),
            "date": self.date.isoformat(),
            "last_before": self.last_before.isoformat(),
            "level_before": self.level_before,
            "level_after": self.level_after,
            "size": self.size,
            "direction": self.direction,
            "events_before": self.events_before,
            "events_after": self.events_after,
            "p_value": self.p_value,
            "score": self.score,
            "interval_before": list(self.interval_before),
            "interval_after": list(self.interval_after),
            "segment_before": [d.isoformat() for d in self.segment_before],
            "segment_after": [d.isoformat() for d in self.segment_after],
            "evidence_before": [e.to_dict() for e in self.evidence_before],
            "evidence_after": [e.to_dict() for e in self.evidence_after],
        }


def noise_variance(values: np.ndarray, weights: np.ndarray | None = None) -> float:
    """Variance of one event's score around a piecewise-constant level, from first
    differences: a period's score averages `weight` events, so the difference of two
    neighbours has variance σ² (1/w₁ + 1/w₂) when the level does not move."""
    if len(values) < 2:
        return MIN_VARIANCE
    w = np.ones(len(values)) if weights is None else np.asarray(weights, dtype=float)
    diffs = np.diff(values)
    spread = 1.0 / w[:-1] + 1.0 / w[1:]
    return max(float(np.mean(diffs**2 / spread)), MIN_VARIANCE)


def change_points(
    values: np.ndarray,
    weights: np.ndarray | None = None,
    penalty: float = DEFAULT_PENALTY,
    min_size: int = 2,
) -> list[int]:
    """Indices at which a new level starts (empty when the series is flat).

    `weights` (events per period) make a period of twenty events count twenty times as
    much as a period of one: the least-squares cost is that of the events themselves,
    each scored by its period's mean, with breaks only between periods. Each period is
    repeated `weight` times for ruptures (scaled down to at most MAX_SAMPLES samples in
    all, which keeps large dyads fast); the penalty scales with it.
    """
    series = np.asarray(values, dtype=float)
    n = len(series)
    if n < 2 * min_size:
        return []
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    if len(w) != n or np.any(w <= 0):
        raise SwordError(Errors.E411)
    scale = min(1.0, MAX_SAMPLES / float(w.sum()))
    repeats = np.maximum(1, np.rint(w * scale)).astype(int)
    samples = np.repeat(series, repeats)
    pen = penalty * noise_variance(series, w) * scale * np.log(w.sum())
    algo = rpt.KernelCPD(kernel="linear", min_size=1, jump=1).fit(samples.reshape(-1, 1))
    block_ends = np.cumsum(repeats)
    # A break inside a run of equal samples never lowers the cost, so breaks fall on
    # period boundaries; searchsorted maps each to the period that starts there.
    starts = sorted({int(np.searchsorted(block_ends, b, side="right"))
                     for b in algo.predict(pen=pen)[:-1]})
    kept: list[int] = []
    for start in starts:
        if start - (kept[-1] if kept else 0) >= min_size and n - start >= min_size:
            kept.append(start)
    return kept


def dyad_series(
    con: duckdb.DuckDBPyConnection,
    since: date | str | None = None,
    until: date | str | None = None,
    min_events: int = 10,
    freq: str = "month",
) -> pd.DataFrame:
    """Per unordered country pair and period with events: unique events, cooperation and
    conflict counts. Only pairs with at least `min_events` unique events."""
    if freq not in FREQS:
        raise SwordError(Errors.E407.format(freq=freq, choices=", ".join(FREQS)))
    extra, params = window_clause(since, until)
    params["min_events"] = int(min_events)
    sql = f"""
        WITH p AS (
            SELECT a, b, CAST(date_trunc('{freq}', event_date) AS DATE) AS period,
                   count(*) AS events,
                   count_if(quad_class <= 2) AS cooperation,
                   count_if(quad_class >= 3) AS conflict
            FROM {PAIR_EVENTS} WHERE true {extra} GROUP BY ALL
        ), keep AS (
            SELECT a, b FROM p GROUP BY a, b HAVING sum(events) >= $min_events
        )
        SELECT p.* FROM p JOIN keep USING (a, b) ORDER BY a, b, period
    """
    return con.cursor().execute(sql, params).df()


def shift_score(size: float, events_before: int, events_after: int) -> float:
    """|size| × √(n_before · n_after / (n_before + n_after)): the size of a turn × its evidence."""
    total = events_before + events_after
    if total <= 0:
        return 0.0
    return abs(size) * math.sqrt(events_before * events_after / total)


def turn_p_value(
    cooperation: np.ndarray,
    events: np.ndarray,
    cut: int,
    *,
    min_size: int = 2,
    test: ShiftTest | None = None,
) -> float:
    """p-value of a turn at period `cut` of a window of periods (cooperative and all unique
    events per period): a permutation test of the largest two-level likelihood ratio over
    the admissible cuts (module docstring). 1.0 when `cut` itself is not admissible."""
    test = test or ShiftTest()
    coop = np.asarray(cooperation, dtype=np.int64)
    counts = np.asarray(events, dtype=np.int64)
    ends = np.cumsum(counts)
    total, cooperative = int(ends[-1]), int(coop.sum())
    cuts = [k for k in range(min_size, len(counts) - min_size + 1)
            if ends[k - 1] >= test.min_side_events
            and total - ends[k - 1] >= test.min_side_events]
    if cut not in cuts or cooperative in (0, total):
        return 1.0
    splits = ends[np.array(cuts) - 1]
    observed = float(_likelihood_ratio(coop[:cut].sum(), ends[cut - 1], cooperative, total))
    if total >= ASYMPTOTIC_EVENTS:
        bound = len(cuts) * float(chi2.sf(2.0 * observed, df=1))
        if bound <= test.alpha / 10:
            return bound
    rng = np.random.default_rng(test.seed)
    # the cooperative events of each shuffle, counted per period
    shuffled = rng.multivariate_hypergeometric(counts, cooperative, size=test.permutations)
    before = np.cumsum(shuffled, axis=1)[:, np.array(cuts) - 1]
    largest = _likelihood_ratio(before, splits, cooperative, total).max(axis=1)
    exceed = int(np.count_nonzero(largest >= observed - 1e-9))
    return (1 + exceed) / (1 + test.permutations)


def _likelihood_ratio(x_before: Any, n_before: Any, x: int, n: int) -> Any:
    """Log-likelihood ratio of two binomial levels (split after n_before events) to one."""
    def loglik(k: Any, m: Any) -> Any:
        m = np.maximum(m, 1)
        return xlogy(k, k / m) + xlogy(m - k, (m - k) / m)

    return loglik(x_before, n_before) + loglik(x - x_before, n - n_before) - loglik(x, n)


def find_shifts(
    con: duckdb.DuckDBPyConnection,
    since: date | str | None = None,
    min_events: int = 10,
    freq: str = "month",
    penalty: float = DEFAULT_PENALTY,
    *,
    until: date | str | None = None,
    min_turn: float = 0.2,
    min_size: int = 2,
    evidence: int = 3,
    test: ShiftTest | None = None,
) -> list[Shift]:
    """Significant change points in every dyad's cooperation score, highest score first.

    min_events: unique events a dyad needs over the window to be examined.
    penalty: multiplier of σ² ln n (see the module docstring); higher finds fewer shifts.
    min_turn: smallest |level after − level before| reported (the balance runs −1…+1).
    min_size: fewest periods with events on each side of a change point.
    test: when a change point is significant (ShiftTest: events per side, alpha).
    """
    if penalty <= 0:
        raise SwordError(Errors.E412)
    test = test or ShiftTest()
    series = dyad_series(con, since=since, until=until, min_events=min_events, freq=freq)
    shifts: list[Shift] = []
    for (a, b), group in series.groupby(["a", "b"], sort=True):
        shifts.extend(dyad_shifts((a, b), group, freq, penalty=penalty, min_size=min_size,
                                  min_turn=min_turn, test=test))
    shifts.sort(key=lambda s: (-s.score, s.dyad, s.date))
    if evidence > 0 and shifts:
        _attach_evidence(con, shifts, evidence)
    return shifts


def dyad_shifts(
    dyad: tuple[str, str],
    group: pd.DataFrame,
    freq: str = "month",
    *,
    penalty: float = DEFAULT_PENALTY,
    min_size: int = 2,
    min_turn: float = 0.2,
    test: ShiftTest | None = None,
) -> list[Shift]:
    """The significant shifts of one dyad's series (columns period, events, cooperation,
    conflict; periods with events only, in order), without evidence."""
    test = test or ShiftTest()
    events = group["events"].to_numpy()
    coop = group["cooperation"].to_numpy()
    conflict = group["conflict"].to_numpy()
    periods = [pd.Timestamp(p).date() for p in group["period"]]
    breaks = change_points((coop - conflict) / events, events, penalty=penalty,
                           min_size=min_size)
    bounds = [0, *breaks, len(events)]
    out = []
    for i, cut in enumerate(breaks):
        before, after = slice(bounds[i], cut), slice(cut, bounds[i + 2])
        level_before = _balance(coop[before], conflict[before], events[before])
        level_after = _balance(coop[after], conflict[after], events[after])
        size = level_after - level_before
        if abs(size) < min_turn:
            continue
        window = slice(bounds[i], bounds[i + 2])
        p_value = turn_p_value(coop[window], events[window], cut - bounds[i],
                               min_size=min_size, test=test)
        if p_value > test.alpha:
            continue
        out.append(
            Shift(
                dyad=dyad,
                date=periods[cut],
                last_before=periods[cut - 1],
                level_before=level_before,
                level_after=level_after,
                size=size,
                events_before=int(events[before].sum()),
                events_after=int(events[after].sum()),
                segment_before=(periods[bounds[i]], _period_end(periods[cut - 1], freq)),
                segment_after=(periods[cut], _period_end(periods[bounds[i + 2] - 1], freq)),
                p_value=p_value,
                interval_before=balance_interval(coop[before].sum(), conflict[before].sum()),
                interval_after=balance_interval(coop[after].sum(), conflict[after].sum()),
            )
        )
    return out


def _balance(coop: np.ndarray, conflict: np.ndarray, events: np.ndarray) -> float:
    return float((coop.sum() - conflict.sum()) / events.sum())


def _period_end(start: date, freq: str) -> date:
    months = {"month": 1, "quarter": 3, "year": 12}[freq]
    nxt = pd.Timestamp(start) + pd.DateOffset(months=months)
    return (nxt - timedelta(days=1)).date()


def _attach_evidence(con: duckdb.DuckDBPyConnection, shifts: list[Shift], n: int) -> None:
    """Fetch the evidence of every shift in one query (one per shift is slow on 10M rows)."""
    columns: dict[str, list] = {k: [] for k in ("key", "a", "b", "lo", "hi", "sign", "near")}
    for index, shift in enumerate(shifts):
        turn = 1.0 if shift.size > 0 else -1.0
        # key 2i: the old level, shown by what the turn undid; 2i+1: the new level
        for side, (lo, hi), sign in ((0, shift.segment_before, -turn),
                                     (1, shift.segment_after, turn)):
            for column, value in zip(
                columns, (2 * index + side, *shift.dyad, lo, hi, sign, shift.date), strict=True
            ):
                columns[column].append(value)
    found = strongest_evidence(con, pa.table(columns), n)
    for index, shift in enumerate(shifts):
        shift.evidence_before = found.get(2 * index, [])
        shift.evidence_after = found.get(2 * index + 1, [])
