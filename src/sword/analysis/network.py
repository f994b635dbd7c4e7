"""Who stands with whom: the signed, weighted graph of actors in a time window, and the
triads that structural balance says cannot last.

Choices, stated once:
- Nodes are country codes (and organisation codes such as EU, NATO: the node attribute
  `kind` says which; `states_only=True` keeps states alone). An edge pools both
  directions of a pair over the window's unique events (as in relations.py).
- Edge weight is the number of unique events; the balance is (cooperation − conflict) /
  total with its 90% interval, and the sign says what the interval settles
  (relations.stance): +1 friendly and −1 hostile only when the interval excludes neutral
  and the edge rests on `StanceConfig.min_events` events or more; 0 for "mixed" and "too
  few events". An edge with a zero sign takes no part in balance analysis, so a triad is
  built only from edges that pass.
- A triangle is unbalanced when it has an odd number of hostile edges: one (A friendly
  with B and with C while B and C are hostile: A is caught between them, the `pivot`) or
  three (all hostile). Triads are ranked by their weakest edge's volume, so a tension
  resting on one stray report comes last.
- The window is (at − window, at]; `at` defaults to the latest event date.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any

import duckdb
import networkx as nx
import pandas as pd
import pyarrow as pa
import pycountry

from sword.analysis.relations import Evidence, StanceConfig, stance, strongest_evidence
from sword.days import as_day
from sword.errors import Errors, SwordError
from sword.store.queries import PAIR_EVENTS

_WINDOW = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)
STATE_LIKE: frozenset[str] = frozenset({"XKX", "PSE", "TWN", "ESH"})


@dataclass(frozen=True, slots=True)
class TriadEdge:
    u: str
    v: str
    sign: int
    weight: int
    balance: float
    evidence: list[Evidence] = field(default_factory=list)
    label: str = ""  # friendly or hostile (relations.stance)
    low: float = -1.0  # the balance's 90% interval
    high: float = 1.0


@dataclass(frozen=True, slots=True)
class Triad:
    """Three actors whose relations cannot all hold (an odd number of hostile edges)."""

    nodes: tuple[str, str, str]
    pivot: str | None  # the actor friendly with two that are hostile to each other
    edges: tuple[TriadEdge, TriadEdge, TriadEdge]

    @property
    def strength(self) -> int:
        return min(e.weight for e in self.edges)

    @property
    def hostile(self) -> int:
        return sum(1 for e in self.edges if e.sign < 0)

    def describe(self) -> str:
        if self.pivot:
            others = [n for n in self.nodes if n != self.pivot]
            return (
                f"{self.pivot} is friendly with {others[0]} and {others[1]}, "
                f"who are hostile to each other"
            )
        return f"{', '.join(self.nodes)} are all hostile to one another"

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": list(self.nodes),
            "pivot": self.pivot,
            "description": self.describe(),
            "strength": self.strength,
            "edges": [
                {
                    "u": e.u,
                    "v": e.v,
                    "sign": e.sign,
                    "weight": e.weight,
                    "balance": e.balance,
                    "label": e.label,
                    "low": e.low,
                    "high": e.high,
                    "evidence": [x.to_dict() for x in e.evidence],
                }
                for e in self.edges
            ],
        }


def parse_window(window: str) -> pd.DateOffset:
    """'12m', '6M', '90d', '2w', '1y' → a calendar offset."""
    match = _WINDOW.match(window)
    if not match:
        raise SwordError(Errors.E403.format(window=window))
    n, unit = int(match.group(1)), match.group(2).lower()
    if n < 1:
        raise SwordError(Errors.E404)
    return {
        "d": pd.DateOffset(days=n),
        "w": pd.DateOffset(weeks=n),
        "m": pd.DateOffset(months=n),
        "y": pd.DateOffset(years=n),
    }[unit]


def is_state(code: str) -> bool:
    return code in STATE_LIKE or (
        len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None
    )


def latest_event_date(con: duckdb.DuckDBPyConnection) -> date | None:
    return con.cursor().execute("SELECT max(event_date) FROM events").fetchone()[0]


def signed_graph(
    con: duckdb.DuckDBPyConnection,
    at: date | str | None = None,
    window: str = "12m",
    *,
    min_events: int = 1,
    evidence: int = 3,
    states_only: bool = True,
    stance_config: StanceConfig | None = None,
) -> nx.Graph:
    """The signed graph of the window ending at `at` (see the module docstring).

    Edge attributes: weight, sign, label, balance, low, high (its interval),
    goldstein_mean, cooperation, conflict, evidence (the `evidence` best events that
    prove the label; for an unsettled edge the strongest either way).
    Node attributes: kind ("state" or "organisation"), events.
    """
    if at is None:
        at = latest_event_date(con)
    elif isinstance(at, str):
        at = as_day(at)
    graph = nx.Graph(window=window)
    if at is None:  # an empty store
        return graph
    since = (pd.Timestamp(at) - parse_window(window)).date()
    graph.graph.update(at=at.isoformat(), since=since.isoformat())
    edges = con.cursor().execute(
        f"""
        SELECT a, b,
               count(*) AS events,
               count_if(quad_class <= 2) AS cooperation,
               count_if(quad_class >= 3) AS conflict,
               avg(goldstein) AS goldstein_mean
        FROM {PAIR_EVENTS} WHERE event_date > $since AND event_date <= $at
        GROUP BY ALL HAVING count(*) >= $min_events ORDER BY a, b
        """,
        {"since": since, "at": at, "min_events": int(min_events)},
    ).fetchall()
    for a, b, events, coop, conflict, gmean in edges:
        if states_only and not (is_state(a) and is_state(b)):
            continue
        settled = stance(coop, conflict, stance_config)
        for node in (a, b):
            if node not in graph:
                graph.add_node(node, kind="state" if is_state(node) else "organisation",
                               events=0)
            graph.nodes[node]["events"] += events
        graph.add_edge(
            a,
            b,
            weight=int(events),
            sign=settled.sign,
            label=settled.label,
            balance=settled.balance,
            low=settled.low,
            high=settled.high,
            goldstein_mean=float(gmean),
            cooperation=int(coop),
            conflict=int(conflict),
            evidence=[],
        )
    if evidence > 0 and graph.number_of_edges():
        _attach_edge_evidence(con, graph, since, at, evidence)
    return graph


def _attach_edge_evidence(
    con: duckdb.DuckDBPyConnection, graph: nx.Graph, since: date, at: date, n: int
) -> None:
    edges = [(min(u, v), max(u, v), d["sign"]) for u, v, d in graph.edges(data=True)]
    windows = pa.table({
        "key": list(range(len(edges))),
        "a": [e[0] for e in edges],
        "b": [e[1] for e in edges],
        "lo": [since + timedelta(days=1)] * len(edges),  # the window is (since, at]
        "hi": [at] * len(edges),
        "sign": [float(e[2]) for e in edges],
        "near": [at] * len(edges),  # among equals, the most recent first
    })
    found = strongest_evidence(con, windows, n)
    for key, (a, b, _) in enumerate(edges):
        graph.edges[a, b]["evidence"] = found.get(key, [])


def unbalanced_triads(graph: nx.Graph) -> list[Triad]:
    """Triangles with an odd number of hostile edges, strongest (weakest edge heaviest) first.

    Edges with sign 0 are not part of any triad.
    """
    signed = nx.Graph()
    signed.add_edges_from(
        (u, v, d) for u, v, d in graph.edges(data=True) if d.get("sign", 0) != 0
    )
    triads = []
    for x, y in signed.edges():
        u, v = min(x, y), max(x, y)
        for w in sorted(set(signed[u]) & set(signed[v])):
            # visit each triangle once: from the edge between its two smallest nodes
            if w <= v:
                continue
            nodes = (u, v, w)
            edges = tuple(_triad_edge(signed, x, y) for x, y in combinations(nodes, 2))
            hostile = sum(1 for e in edges if e.sign < 0)
            if hostile % 2 == 0:
                continue
            pivot = None
            if hostile == 1:
                negative = next(e for e in edges if e.sign < 0)
                pivot = next(n for n in nodes if n not in (negative.u, negative.v))
            triads.append(Triad(nodes=nodes, pivot=pivot, edges=edges))
    triads.sort(key=lambda t: (-t.strength, -sum(e.weight for e in t.edges), t.nodes))
    return triads


def _triad_edge(graph: nx.Graph, u: str, v: str) -> TriadEdge:
    data = graph.edges[u, v]
    return TriadEdge(
        u=u,
        v=v,
        sign=int(data["sign"]),
        weight=int(data.get("weight", 1)),
        balance=float(data.get("balance", data["sign"])),
        evidence=list(data.get("evidence", [])),
        label=data.get("label", "friendly" if data["sign"] > 0 else "hostile"),
        low=float(data.get("low", -1.0)),
        high=float(data.get("high", 1.0)),
    )


def balance_summary(graph: nx.Graph) -> dict[str, float]:
    """How many signed triangles there are and the share that is balanced."""
    signed = nx.Graph()
    signed.add_edges_from(
        (u, v, d) for u, v, d in graph.edges(data=True) if d.get("sign", 0) != 0
    )
    total = sum(nx.triangles(signed).values()) // 3
    unbalanced = len(unbalanced_triads(signed))
    return {
        "triads": total,
        "unbalanced": unbalanced,
        "balanced_share": (total - unbalanced) / total if total else 1.0,
    }


@dataclass(slots=True)
class Tension:
    """An unbalanced triad seen over consecutive windows (one per `triad_history` step)."""

    nodes: tuple[str, str, str]
    pivot: str | None
    first_at: date  # end of the first window in which the triad was unbalanced
    last_at: date
    windows: int  # how many windows showed it
    strongest: Triad  # the triad, with evidence, in the window where it was strongest
    strongest_at: date

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": list(self.nodes),
            "pivot": self.pivot,
            "first_at": self.first_at.isoformat(),
            "last_at": self.last_at.isoformat(),
            "windows": self.windows,
            "strongest_at": self.strongest_at.isoformat(),
            "strongest": self.strongest.to_dict(),
        }


def triad_history(
    con: duckdb.DuckDBPyConnection,
    window: str = "12m",
    step: str = "3m",
    *,
    since: date | str | None = None,
    until: date | str | None = None,
    min_events: int = 1,
    evidence: int = 3,
    states_only: bool = True,
    stance_config: StanceConfig | None = None,
) -> list[Tension]:
    """Unbalanced triads in windows ending every `step` from `since` (default: one window
    after the first event) to `until` (default: the last event), strongest first.

    A tension that held in 2023 and was resolved by 2025 is listed too, with the window
    where its weakest edge was heaviest and that window's evidence.
    """
    cur = con.cursor()
    first, last = cur.execute("SELECT min(event_date), max(event_date) FROM events").fetchone()
    if first is None:
        return []
    span = parse_window(window)
    start = as_day(since) if isinstance(since, str) else since
    end = as_day(until) if isinstance(until, str) else until
    end = end or last
    at = pd.Timestamp(start) if start else pd.Timestamp(first) + span
    if at > pd.Timestamp(end):
        at = pd.Timestamp(end)
    seen: dict[tuple, dict[str, Any]] = {}
    offset = parse_window(step)
    ends = []
    while at <= pd.Timestamp(end):
        ends.append(at.date())
        at = at + offset
    if not ends or ends[-1] < end:
        ends.append(end)  # the window ending at the last event is always looked at
    for day in ends:
        graph = signed_graph(con, day, window, min_events=min_events, evidence=0,
                             states_only=states_only, stance_config=stance_config)
        for triad in unbalanced_triads(graph):
            key = (triad.nodes, triad.pivot)
            entry = seen.setdefault(key, {"first": day, "windows": 0, "best": None})
            entry["last"] = day
            entry["windows"] += 1
            if entry["best"] is None or triad.strength > entry["best"][0]:
                entry["best"] = (triad.strength, day)
    tensions = []
    for (nodes, pivot), entry in seen.items():
        best_at = entry["best"][1]
        graph = signed_graph(con, best_at, window, min_events=min_events, evidence=evidence,
                             states_only=states_only, stance_config=stance_config)
        triad = next(t for t in unbalanced_triads(graph) if (t.nodes, t.pivot) == (nodes, pivot))
        tensions.append(
            Tension(nodes=nodes, pivot=pivot, first_at=entry["first"], last_at=entry["last"],
                    windows=entry["windows"], strongest=triad, strongest_at=best_at)
        )
    tensions.sort(key=lambda t: (-t.strongest.strength, -t.windows, t.nodes))
    return tensions


def write_graph(graph: nx.Graph, path: str | Path) -> Path:
    """Write .graphml (evidence as a JSON string per edge) or .json (node-link)."""
    target = Path(path)
    suffix = target.suffix.lower()
    target.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".json":
        data = nx.node_link_data(_plain(graph, json_evidence=False), edges="links")
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    elif suffix == ".graphml":
        nx.write_graphml(_plain(graph, json_evidence=True), target)
    else:
        raise SwordError(Errors.E405.format(name=target.name))
    return target


def _plain(graph: nx.Graph, json_evidence: bool) -> nx.Graph:
    """A copy whose attributes a writer can serialise (Evidence → dicts or JSON text)."""
    out = nx.Graph(**{k: v for k, v in graph.graph.items() if v is not None})
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        attrs = dict(data)
        evidence = [e.to_dict() for e in attrs.pop("evidence", [])]
        attrs["evidence"] = json.dumps(evidence, ensure_ascii=False) if json_evidence else evidence
        out.add_edge(u, v, **attrs)
    return out
