"""How the relationship between two actors moves: the dyad's time series in both directions.

Choices, stated once:
- Actors match by country: `RUS` covers RUSGOV, RUSMIL, RUSCOP… (the store's
  `source_country`/`target_country`); organisation codes (EU, NATO) match themselves.
- Counts are of unique events, not raw rows: one (event date, source country, target
  country, CAMEO code) reported by five articles counts once. This is coarser than the
  store's `event_groups` (which keys on full actor codes) because the same act is often
  "Russia" in one article and "the Kremlin" (RUSGOV) in another. Undated events are left
  out of time series.
- The cooperation–conflict balance is (cooperation − conflict) / total, with cooperation
  the quad classes 1–2 and conflict 3–4: −1 (all conflict) … +1 (all cooperation),
  independent of volume. Mean Goldstein is given beside it.
- Every balance comes with its number of events and a Bayesian interval: the share of
  cooperative events has a Beta(cooperation + ½, conflict + ½) posterior (Jeffreys prior),
  mapped to the balance scale (2p − 1). A pair is "friendly" or "hostile" only when the
  interval excludes 0 (neutral) and it rests on at least `min_events` unique events;
  otherwise "mixed" or "too few events" (`StanceConfig`, `stance`).
- Evidence proves the claim it is shown for: a cooperative claim is shown by cooperative
  events only (quad classes 1–2 with a positive Goldstein score: "urged restraint" or a
  pessimistic remark, verbal cooperation below zero, proves nothing), a conflictual one by
  conflictual events (3–4, negative Goldstein). Among
  them, first-hand reports come before `reported` ones (someone's claim), then the events
  told by more independent publishers, then higher coding confidence, then the strongest
  Goldstein score, then the nearest to the date asked for.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
from scipy.stats import beta

from sword.errors import Errors, SwordError
from sword.model import QUAD_NAMES
from sword.store.queries import PAIR_EVENTS, window_clause

FREQS: tuple[str, ...] = ("month", "quarter", "year")
QUAD_COLUMNS: tuple[str, ...] = (
    "verbal_coop",
    "material_coop",
    "verbal_conflict",
    "material_conflict",
)
TIMELINE_COLUMNS: tuple[str, ...] = (
    "period",
    "direction",
    "events",
    *QUAD_COLUMNS,
    "cooperation",
    "conflict",
    "goldstein_sum",
    "goldstein_mean",
    "balance",
    "balance_low",
    "balance_high",
)
BOTH = "both"
FRIENDLY, HOSTILE, MIXED, TOO_FEW = "friendly", "hostile", "mixed", "too few events"


@dataclass(frozen=True, slots=True)
class StanceConfig:
    """How sure a balance must be before a pair is called friendly or hostile.

    level: probability mass of the balance interval (0.9: a 90% credible interval).
    min_events: fewer unique events than this are "too few events", whatever the balance.
    prior: Beta pseudo-events on each side (0.5 is the Jeffreys prior).
    """

    level: float = 0.9
    min_events: int = 5
    prior: float = 0.5

    def __post_init__(self) -> None:
        if not 0 < self.level < 1 or self.min_events < 1 or self.prior <= 0:
            raise SwordError(Errors.E431.format(level=self.level, min_events=self.min_events,
                                                prior=self.prior))


@dataclass(frozen=True, slots=True)
class Stance:
    """What a pair's events say about it: the balance, how sure it is, and in words."""

    events: int
    cooperation: int
    conflict: int
    balance: float
    low: float
    high: float
    label: str  # friendly, hostile, mixed or "too few events"

    @property
    def sign(self) -> int:
        """+1 friendly, −1 hostile, 0 when the events do not settle it."""
        return {FRIENDLY: 1, HOSTILE: -1}.get(self.label, 0)

    def to_dict(self) -> dict[str, Any]:
        return {"events": self.events, "cooperation": self.cooperation,
                "conflict": self.conflict, "balance": self.balance, "low": self.low,
                "high": self.high, "label": self.label}


def balance_interval(
    cooperation: Any, conflict: Any, level: float = 0.9, prior: float = 0.5
) -> tuple[Any, Any]:
    """The central `level` interval of the balance (numbers or numpy arrays of counts):
    2p − 1 for the quantiles of p ~ Beta(cooperation + prior, conflict + prior)."""
    a = np.asarray(cooperation, dtype=float) + prior
    b = np.asarray(conflict, dtype=float) + prior
    low = 2.0 * beta.ppf((1.0 - level) / 2.0, a, b) - 1.0
    high = 2.0 * beta.ppf((1.0 + level) / 2.0, a, b) - 1.0
    # With no event of one kind the interval reaches the end of the scale (the Jeffreys
    # interval's usual fix), so that it always holds the observed balance.
    low = np.where(np.asarray(cooperation) == 0, -1.0, low)
    high = np.where(np.asarray(conflict) == 0, 1.0, high)
    if np.ndim(low) == 0:
        return float(low), float(high)
    return low, high


def stance(cooperation: int, conflict: int, config: StanceConfig | None = None) -> Stance:
    """The balance of `cooperation` and `conflict` unique events, its interval and label."""
    config = config or StanceConfig()
    events = int(cooperation) + int(conflict)
    balance = (cooperation - conflict) / events if events else 0.0
    low, high = balance_interval(cooperation, conflict, config.level, config.prior)
    if events < config.min_events:
        label = TOO_FEW
    elif low > 0:
        label = FRIENDLY
    elif high < 0:
        label = HOSTILE
    else:
        label = MIXED
    return Stance(events, int(cooperation), int(conflict), float(balance), low, high, label)

# The unique events of one country pair, both directions; `{extra}` adds filters.
UNIQUE_DYAD_EVENTS = f"""
    SELECT * FROM {PAIR_EVENTS}
    WHERE ((source_country = $a AND target_country = $b)
        OR (source_country = $b AND target_country = $a)) {{extra}}
"""


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence that proves an event, with where it was published and how far to trust it:
    `flags` (`reported`: someone claims it; `repaired_actor`: an actor name was corrected),
    the coder's `confidence` and the number of publishers that told the same event."""

    event_id: str
    doc_id: str
    event_date: date | None
    source: str
    target: str
    cameo: str
    quad_class: int
    goldstein: float
    sentence: str
    publisher: str | None
    title: str | None = None
    url: str | None = None
    flags: tuple[str, ...] = ()
    confidence: float | None = None
    sources: int = 1

    @property
    def reported(self) -> bool:
        return "reported" in self.flags

    @property
    def marks(self) -> tuple[str, ...]:
        """The flags every view shows beside the sentence (SHOWN_FLAGS)."""
        return tuple(f for f in SHOWN_FLAGS if f in self.flags)

    def mark_text(self) -> str:
        """The marks as plain text: ' [reported, repaired_actor]', or '' when none."""
        return f" [{', '.join(self.marks)}]" if self.marks else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "source": self.source,
            "target": self.target,
            "cameo": self.cameo,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "sentence": self.sentence,
            "publisher": self.publisher,
            "title": self.title,
            "url": self.url,
            "flags": list(self.flags),
            "confidence": self.confidence,
            "sources": self.sources,
        }


# Candidates fetched per window before duplicates are dropped and the pool is re-ranked;
# top-N by a heap (max_by) is far cheaper than ranking every row with a window function.
EVIDENCE_POOL = 40
# The flags every view shows beside a sentence (the others stay in the data).
SHOWN_FLAGS: tuple[str, ...] = ("reported", "repaired_actor")


def strongest_evidence(
    con: duckdb.DuckDBPyConnection, windows: pa.Table, n: int = 3
) -> dict[int, list[Evidence]]:
    """The `n` best events of each window, one per unique event and per sentence.

    `windows` has columns key (int), a, b (country pair, a < b), lo, hi (inclusive dates),
    sign (+1: cooperative events only, most cooperative first; −1: conflictual events only,
    most conflictual first; 0: any, largest |Goldstein| first; module docstring) and near (a date: among
    equals the nearest comes first). First-hand reports come before `reported` ones, then
    events told by more publishers, then higher confidence (module docstring).
    """
    cur = con.cursor()
    cur.register("_evidence_windows", windows)
    try:
        # Rank by row id only: carrying whole rows through max_by is 7× slower.
        ranked = cur.execute(
            """
            SELECT w.key,
                   max_by(e.rowid,
                          [CASE WHEN list_contains(e.flags, 'reported') THEN 0 ELSE 1 END,
                           round(coalesce(e.confidence, 0), 1),
                           (CASE WHEN w.sign = 0 THEN abs(e.goldstein)
                                 ELSE e.goldstein * w.sign END) * 100000
                           - abs(date_diff('day', e.event_date, w.near))
                           - (hash(e.event_id) % 1000) / 10000.0],
                          $pool)
            FROM _evidence_windows w
            JOIN events e
              ON least(e.source_country, e.target_country) = w.a
             AND greatest(e.source_country, e.target_country) = w.b
             AND e.event_date BETWEEN w.lo AND w.hi
             AND (w.sign = 0 OR (w.sign > 0 AND e.quad_class <= 2 AND e.goldstein > 0)
                  OR (w.sign < 0 AND e.quad_class >= 3 AND e.goldstein < 0))
            GROUP BY w.key
            """,
            {"pool": max(EVIDENCE_POOL, 4 * n)},
        ).fetchall()
    finally:
        cur.unregister("_evidence_windows")
    rows = _rows_by_id(cur, {rid for _, ids in ranked for rid in ids})
    signs = dict(zip(windows.column("key").to_pylist(), windows.column("sign").to_pylist(),
                     strict=True))
    nears = dict(zip(windows.column("key").to_pylist(), windows.column("near").to_pylist(),
                     strict=True))
    picked = {key: _pick(sorted((rows[rid] for rid in ids),
                                key=lambda item, k=key: _rank(item, signs[k], nears[k])), n)
              for key, ids in ranked}
    documents = _documents(cur, {i["doc_id"] for items in picked.values() for i in items})
    return {
        key: [_evidence(item, documents.get(item["doc_id"], (None, None, None)))
              for item in items]
        for key, items in picked.items()
    }


def _rank(item: dict, sign: float, near: date | None) -> tuple:
    """Sort key of a candidate, best first (the order of the module docstring)."""
    strength = abs(item["goldstein"]) if not sign else item["goldstein"] * sign
    distance = abs((item["event_date"] - near).days) if near and item["event_date"] else 0
    return ("reported" in (item["flags"] or ()), -min(item["publishers"], 3),
            -round(item["confidence"] or 0.0, 1), -strength, distance, item["event_id"])


def _pick(items: list[dict], n: int) -> list[dict]:
    seen_events, seen_sentences, chosen = set(), set(), []
    for item in items:  # best first
        # A met B and B met A on one day are one meeting
        event_key = (item["event_date"], frozenset((item["source_country"],
                                                    item["target_country"])), item["cameo"])
        if event_key in seen_events or item["sentence"] in seen_sentences:
            continue  # the same event from another article, or A→B and B→A in one sentence
        seen_events.add(event_key)
        seen_sentences.add(item["sentence"])
        chosen.append(item)
        if len(chosen) == n:
            break
    return chosen


def _rows_by_id(cur: duckdb.DuckDBPyConnection, row_ids: set[int]) -> dict[int, dict]:
    """The candidate rows, each with the number of publishers that told its unique event."""
    if not row_ids:
        return {}
    cur.register("_evidence_rows", pa.table({"rid": pa.array(sorted(row_ids), pa.int64())}))
    try:
        result = cur.execute(
            """
            WITH c AS (
                SELECT rowid, event_id, doc_id, event_date, source, target, source_country,
                       target_country, cameo, quad_class, goldstein, evidence AS sentence,
                       flags, confidence
                FROM events WHERE rowid IN (SELECT rid FROM _evidence_rows)
            ), told AS (
                SELECT e.event_date, e.source_country, e.target_country, e.cameo,
                       count(DISTINCT coalesce(d.source, 'document:' || e.doc_id)) AS publishers
                FROM events e
                JOIN (SELECT DISTINCT event_date, source_country, target_country, cameo FROM c)
                  k USING (event_date, source_country, target_country, cameo)
                LEFT JOIN documents d ON d.doc_id = e.doc_id
                GROUP BY ALL
            )
            SELECT c.*, told.publishers FROM c
            JOIN told USING (event_date, source_country, target_country, cameo)
            """
        )
        names = [d[0] for d in result.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in result.fetchall()}
    finally:
        cur.unregister("_evidence_rows")


def _documents(cur: duckdb.DuckDBPyConnection, doc_ids: set[str]) -> dict[str, tuple]:
    if not doc_ids:
        return {}
    cur.register("_evidence_docs", pa.table({"doc_id": sorted(doc_ids)}))
    try:
        rows = cur.execute(
            "SELECT d.doc_id, d.source, d.title, d.url FROM documents d "
            "JOIN _evidence_docs k ON k.doc_id = d.doc_id"
        ).fetchall()
    finally:
        cur.unregister("_evidence_docs")
    return {doc_id: (source, title, url) for doc_id, source, title, url in rows}


def _evidence(item: dict, document: tuple) -> Evidence:
    publisher, title, url = document
    return Evidence(
        event_id=item["event_id"],
        doc_id=item["doc_id"],
        event_date=item["event_date"],
        source=item["source"],
        target=item["target"],
        cameo=item["cameo"],
        quad_class=int(item["quad_class"]),
        goldstein=float(item["goldstein"]),
        sentence=item["sentence"],
        publisher=publisher,
        title=title,
        url=url,
        flags=tuple(item["flags"] or ()),
        confidence=None if item["confidence"] is None else float(item["confidence"]),
        sources=int(item["publishers"]),
    )


def normalise_actor(code: str) -> str:
    """Actor arguments are country or organisation codes; accept any case."""
    code = code.strip().upper()
    if not code:
        raise SwordError(Errors.E406)
    return code


def period_floor(day: date | pd.Timestamp, freq: str) -> pd.Timestamp:
    """The first day of the month, quarter or year that contains `day`."""
    ts = pd.Timestamp(day)
    if freq == "month":
        return pd.Timestamp(ts.year, ts.month, 1)
    if freq == "quarter":
        return pd.Timestamp(ts.year, 3 * ((ts.month - 1) // 3) + 1, 1)
    return pd.Timestamp(ts.year, 1, 1)


def period_range(start: pd.Timestamp, end: pd.Timestamp, freq: str) -> pd.DatetimeIndex:
    alias = {"month": "MS", "quarter": "QS", "year": "YS"}[freq]
    return pd.date_range(period_floor(start, freq), period_floor(end, freq), freq=alias)


def dyad_timeline(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    freq: str = "month",
    since: date | str | None = None,
    until: date | str | None = None,
) -> pd.DataFrame:
    """Per period and direction (`A→B`, `B→A` and `both`): unique events by quad class,
    summed and mean Goldstein and the balance (cooperation − conflict) / total.

    Every period between the first and last event (or `since`/`until`) has a row for
    each direction; an empty period has zero counts and NaN mean and balance.
    """
    a, b = normalise_actor(a), normalise_actor(b)
    if a == b:
        raise SwordError(Errors.E402.format(actor=a))
    if freq not in FREQS:
        raise SwordError(Errors.E407.format(freq=freq, choices=", ".join(FREQS)))
    extra, params = window_clause(since, until)
    params.update(a=a, b=b)
    sql = f"""
        WITH u AS ({UNIQUE_DYAD_EVENTS.format(extra=extra)})
        SELECT CAST(date_trunc('{freq}', event_date) AS DATE) AS period,
               CASE WHEN source_country = $a THEN 'fwd' ELSE 'back' END AS dir,
               count(*) AS events,
               count_if(quad_class = 1) AS verbal_coop,
               count_if(quad_class = 2) AS material_coop,
               count_if(quad_class = 3) AS verbal_conflict,
               count_if(quad_class = 4) AS material_conflict,
               sum(goldstein) AS goldstein_sum
        FROM u GROUP BY ALL
    """
    raw = con.cursor().execute(sql, params).df()
    forward, backward = f"{a}→{b}", f"{b}→{a}"
    directions = [forward, backward, BOTH]
    if raw.empty and since is None and until is None:
        return pd.DataFrame(columns=list(TIMELINE_COLUMNS))
    raw["period"] = pd.to_datetime(raw["period"])
    raw["direction"] = raw.pop("dir").map({"fwd": forward, "back": backward})
    numeric = ["events", *QUAD_COLUMNS, "goldstein_sum"]
    both = raw.groupby("period", as_index=False)[numeric].sum()
    both["direction"] = BOTH
    frame = pd.concat([raw, both], ignore_index=True)

    start = pd.Timestamp(since) if since else frame["period"].min()
    end = pd.Timestamp(until) if until else frame["period"].max()
    if pd.isna(start) or pd.isna(end):  # a since/until window with no events
        start = end = pd.Timestamp(since or until)
    grid = pd.MultiIndex.from_product(
        [period_range(start, end, freq), directions], names=["period", "direction"]
    )
    frame = frame.set_index(["period", "direction"]).reindex(grid)
    frame[numeric] = frame[numeric].fillna(0)
    frame = frame.reset_index()
    for column in ("events", *QUAD_COLUMNS):
        frame[column] = frame[column].astype("int64")
    frame["goldstein_sum"] = frame["goldstein_sum"].astype(float)
    return add_balance(frame)[list(TIMELINE_COLUMNS)]


def add_balance(frame: pd.DataFrame) -> pd.DataFrame:
    """Add cooperation, conflict, mean Goldstein, balance and its 90% interval
    (balance_low, balance_high; see `balance_interval`) from the quad-class counts."""
    frame = frame.copy()
    frame["cooperation"] = frame["verbal_coop"] + frame["material_coop"]
    frame["conflict"] = frame["verbal_conflict"] + frame["material_conflict"]
    total = frame["events"].where(frame["events"] > 0)
    frame["goldstein_mean"] = frame["goldstein_sum"] / total
    frame["balance"] = (frame["cooperation"] - frame["conflict"]) / total
    low, high = balance_interval(frame["cooperation"], frame["conflict"])
    empty = frame["events"] == 0
    frame["balance_low"] = np.where(empty, np.nan, low)
    frame["balance_high"] = np.where(empty, np.nan, high)
    return frame


def plot_timeline(df: pd.DataFrame, path: str | Path, title: str | None = None) -> Path:
    """Write the timeline as a chart: .html (plotly, JavaScript inlined) or .png (kaleido)."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".html", ".png"):
        raise SwordError(Errors.E408.format(name=target.name))
    if suffix == ".png" and importlib.util.find_spec("kaleido") is None:
        raise SwordError(Errors.E409)
    figure = timeline_figure(df, title)
    target.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".html":
        figure.write_html(target, include_plotlyjs=True, full_html=True)
        return target
    try:
        figure.write_image(target)  # kaleido drives the system's Chromium; nothing downloads
    except Exception as e:  # kaleido raises several kinds when no browser is found
        raise SwordError(Errors.E410.format(name=target.name, reason=e)) from e
    return target


def timeline_figure(df: pd.DataFrame, title: str | None = None) -> Any:
    """A plotly figure: unique events by quad class (stacked bars, both directions) above
    the balance of each direction (lines), the pooled one with its 90% interval."""
    from plotly.subplots import make_subplots

    figure = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.55, 0.45],
        vertical_spacing=0.08,
        subplot_titles=("Unique events by quad class", "Cooperation–conflict balance"),
    )
    # one period alone on a time axis is drawn at a scale of microseconds: name it instead
    single = df["period"].nunique() == 1

    def x_of(periods: pd.Series) -> pd.Series:
        return pd.to_datetime(periods).dt.strftime("%Y-%m-%d") if single else periods

    both = df[df["direction"] == BOTH]
    colours = ("#4c9f70", "#1b6e3c", "#e0883a", "#b2182b")
    for quad, (column, colour) in enumerate(zip(QUAD_COLUMNS, colours, strict=True), 1):
        figure.add_bar(
            x=x_of(both["period"]),
            y=both[column],
            name=QUAD_NAMES[quad],
            marker_color=colour,
            row=1,
            col=1,
        )
    for direction in df["direction"].unique():
        part = df[df["direction"] == direction]
        band = None
        if direction == BOTH and "balance_low" in part:  # the 90% interval of the headline
            band = {"type": "data", "symmetric": False, "thickness": 1, "width": 2,
                    "array": part["balance_high"] - part["balance"],
                    "arrayminus": part["balance"] - part["balance_low"]}
        figure.add_scatter(
            x=x_of(part["period"]),
            y=part["balance"],
            mode="lines+markers",
            name=f"balance {direction}",
            connectgaps=False,
            error_y=band,
            row=2,
            col=1,
        )
    figure.update_layout(
        barmode="stack",
        title=title or "Dyad timeline",
        template="plotly_white",
        height=620,
    )
    figure.update_yaxes(range=[-1.05, 1.05], row=2, col=1)
    if single:
        figure.update_xaxes(type="category")
    return figure
