"""What a store says, collected once for the report, the API and the demo: the corpus
summary, the busiest pairs, the shift alerts ranked by one score, the timelines to draw,
the signed network, the triad tensions and framing by outlet."""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import networkx as nx
import pandas as pd

from sword.analysis.framing import framing
from sword.analysis.network import Tension, signed_graph, triad_history
from sword.analysis.relations import FREQS, Stance, dyad_timeline, stance
from sword.analysis.shifts import Shift, ShiftTest, find_shifts
from sword.analysis.why import AlertWhy, explain_alerts
from sword.coding.knowledge import default_knowledge
from sword.errors import Errors, SwordError
from sword.store.queries import PAIR_EVENTS, pair_event_counts


@dataclass(frozen=True, slots=True)
class ReportConfig:
    """What the report shows and how much of it.

    freq: period of the timeline charts; shift_freq: period of the series in which
      shifts are searched (see shifts.py); min_events: unique events a dyad needs to be
      searched for shifts; shift_test: when a change point is an alert (events per side,
      significance level).
    network_window / network_at: the window of the network drawing (default: ending at
      the latest event); network_nodes: the busiest nodes drawn.
    triad_window / triad_step: the sliding windows in which triad tensions are looked for.
    evidence: sentences shown per side of a shift and per edge of a tension.
    """

    title: str = "Sword report"
    top_dyads: int = 12
    timelines: int = 4
    freq: str = "quarter"
    shifts: int = 8
    shift_freq: str = "month"
    min_events: int = 10
    shift_test: ShiftTest = field(default_factory=ShiftTest)
    network_window: str = "18m"
    network_at: date | None = None
    network_nodes: int = 30
    triads: int = 6
    triad_window: str = "12m"
    triad_step: str = "3m"
    framing_dyads: int = 4
    evidence: int = 3
    why_alerts: int = 3  # key findings explained: co-moves and reasons (analysis/why.py)

    def __post_init__(self) -> None:
        for name in ("freq", "shift_freq"):
            if getattr(self, name) not in FREQS:
                raise SwordError(Errors.E401.format(name=name, choices=", ".join(FREQS)))


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    documents: int
    publishers: int
    events: int
    unique_events: int
    first: date | None  # event dates (they can reach back before the articles)
    last: date | None
    first_published: date | None = None
    last_published: date | None = None


@dataclass(frozen=True, slots=True)
class DyadVolume:
    """One unordered pair of actors with its unique events over the whole store."""

    a: str
    b: str
    events: int
    a_to_b: int
    b_to_a: int
    cooperation: int
    conflict: int
    goldstein_mean: float
    articles: int
    first: date
    last: date

    @property
    def balance(self) -> float:
        return (self.cooperation - self.conflict) / self.events if self.events else 0.0

    @property
    def stance(self) -> Stance:
        """The balance with its 90% interval and label (relations.stance)."""
        return stance(self.cooperation, self.conflict)


@dataclass(slots=True)
class DyadTimeline:
    dyad: tuple[str, str]
    frame: pd.DataFrame  # relations.dyad_timeline
    shift_dates: list[date] = field(default_factory=list)


@dataclass(slots=True)
class Findings:
    """Everything the report and the demo's terminal tables show."""

    summary: CorpusSummary
    top_dyads: list[DyadVolume]
    shifts: list[Shift]
    timelines: list[DyadTimeline]
    graph: nx.Graph
    tensions: list[Tension]
    framing: list[tuple[tuple[str, str], pd.DataFrame]]
    names: dict[str, str]  # actor code → display name
    cameo_labels: dict[str, str]
    whys: list[AlertWhy] = field(default_factory=list)  # the first shifts, explained

    def name(self, code: str) -> str:
        return self.names.get(code, code)

    def pair(self, dyad: Sequence[str]) -> str:
        return f"{self.name(dyad[0])} – {self.name(dyad[1])}"


def collect_findings(con: duckdb.DuckDBPyConnection, config: ReportConfig | None = None) -> Findings:
    """Run the analyses the report shows, once."""
    config = config or ReportConfig()
    summary = corpus_summary(con)
    top = top_dyads(con, config.top_dyads)
    shifts = find_shifts(con, min_events=config.min_events, freq=config.shift_freq,
                         evidence=config.evidence, test=config.shift_test)[: config.shifts]
    timelines = _timelines(con, shifts, top, config)
    graph = signed_graph(con, config.network_at, config.network_window, evidence=0)
    tensions = sorted(
        triad_history(con, window=config.triad_window, step=config.triad_step,
                      evidence=config.evidence),
        key=lambda t: (-tension_weight(t), t.nodes, t.pivot or ""),
    )[: config.triads]
    framings = [((d.a, d.b), framing(con, d.a, d.b)) for d in top[: config.framing_dyads]]
    whys = explain_alerts(con, shifts[: config.why_alerts]) if config.why_alerts else []
    codes = {c for d in top for c in (d.a, d.b)} | set(graph.nodes)
    codes |= {c for w in whys for m in w.comoves for c in m.dyad}
    codes |= {c for s in shifts for c in s.dyad} | {c for t in tensions for c in t.nodes}
    kb = default_knowledge()
    return Findings(
        summary=summary,
        top_dyads=top,
        shifts=shifts,
        timelines=timelines,
        graph=graph,
        tensions=tensions,
        framing=framings,
        names={code: kb.display_name(code) for code in codes},
        cameo_labels=cameo_labels(),
        whys=whys,
    )


def shift_weight(shift: Shift) -> float:
    """How much a shift should catch the eye: its score (shifts.shift_score), the one
    ranking find_shifts, the CLI, the report and the dashboard share."""
    return shift.score


def tension_weight(tension: Tension) -> float:
    """Weakest edge's events (in the strongest window) × √(windows that showed it)."""
    return tension.strongest.strength * math.sqrt(tension.windows)


def corpus_summary(con: duckdb.DuckDBPyConnection) -> CorpusSummary:
    cur = con.cursor()
    documents, publishers, published_first, published_last = cur.execute(
        "SELECT count(*), count(DISTINCT source), min(date), max(date) FROM documents"
    ).fetchone()
    events, first, last = cur.execute(
        "SELECT count(*), min(event_date), max(event_date) FROM events"
    ).fetchone()
    unique = pair_event_counts(con)["unique_events"]
    return CorpusSummary(int(documents), int(publishers), int(events), int(unique), first, last,
                         published_first, published_last)


def top_dyads(con: duckdb.DuckDBPyConnection, limit: int = 12) -> list[DyadVolume]:
    """The pairs of different actors with the most unique (dated) events, both directions."""
    rows = con.cursor().execute(
        f"""
        WITH arts AS (
            SELECT least(source_country, target_country) AS a,
                   greatest(source_country, target_country) AS b,
                   count(DISTINCT doc_id) AS articles
            FROM events
            WHERE event_date IS NOT NULL AND source_country <> '' AND target_country <> ''
              AND source_country <> target_country
            GROUP BY ALL
        )
        SELECT u.a, u.b,
               count(*) AS events,
               count_if(source_country < target_country) AS a_to_b,
               count_if(source_country > target_country) AS b_to_a,
               count_if(quad_class <= 2) AS cooperation,
               count_if(quad_class >= 3) AS conflict,
               avg(goldstein) AS goldstein_mean,
               any_value(arts.articles) AS articles,
               min(event_date) AS first, max(event_date) AS last
        FROM {PAIR_EVENTS} u JOIN arts ON arts.a = u.a AND arts.b = u.b
        GROUP BY 1, 2
        ORDER BY events DESC, a, b
        LIMIT $limit
        """,
        {"limit": int(limit)},
    ).fetchall()
    return [
        DyadVolume(a, b, int(n), int(ab), int(ba), int(co), int(cf), float(g), int(arts), f, la)
        for a, b, n, ab, ba, co, cf, g, arts, f, la in rows
    ]


def cameo_labels(data_dir: Path | None = None) -> dict[str, str]:
    """CAMEO code → our label, from the package's cameo.csv."""
    path = (data_dir or Path(__file__).parent.parent / "data") / "cameo.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["label"] for row in csv.DictReader(handle)}


def _timelines(
    con: duckdb.DuckDBPyConnection,
    shifts: list[Shift],
    top: list[DyadVolume],
    config: ReportConfig,
) -> list[DyadTimeline]:
    chosen: list[tuple[str, str]] = []
    for dyad in [s.dyad for s in shifts] + [(d.a, d.b) for d in top]:
        if dyad not in chosen:
            chosen.append(dyad)
    since = con.cursor().execute("SELECT min(date) FROM documents").fetchone()[0]
    out = []
    for dyad in chosen[: config.timelines]:
        frame = dyad_timeline(con, dyad[0], dyad[1], freq=config.freq, since=since)
        dates = sorted(s.date for s in shifts if s.dyad == dyad)
        out.append(DyadTimeline(dyad, frame, dates))
    return out
