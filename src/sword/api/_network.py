"""The signed graph of states as the API draws it: the graph of a window, placed by a layout
of the whole store (so nodes stay put as the window moves)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import duckdb
import networkx as nx

from sword.analysis.network import signed_graph
from sword.api._json import plain
from sword.api.errors import ApiError
from sword.api.params import NetworkQuery, TriadQuery, date_window
from sword.coding.knowledge import KnowledgeBase
from sword.errors import Errors

__all__ = ["network_payload", "whole_layout", "window_graph"]


def window_graph(
    con: duckdb.DuckDBPyConnection, query: NetworkQuery | TriadQuery, evidence: int
) -> Any:
    """The signed graph of the window a network or triad query names."""
    at = date_window(None, query.at)[1] if query.at else None
    return _analysis(lambda: signed_graph(con, at, query.window, min_events=query.min_events,
                                          evidence=evidence, states_only=query.states_only))


def _analysis(compute: Callable[[], Any]) -> Any:
    try:
        return compute()
    except (OverflowError, ValueError) as e:
        # Windows reaching outside the calendar pandas can represent, and the like.
        raise ApiError(Errors.E504.format(reason=e)) from e


MAX_KAMADA_KAWAI_NODES = 300  # its cost grows with the square of the nodes


def whole_layout(con: duckdb.DuckDBPyConnection, states_only: bool) -> dict[str, list[float]]:
    """Node positions from a spring layout of every pair ever reported (seeded: stable)."""
    graph = signed_graph(con, None, "100y", evidence=0, states_only=states_only)
    if graph.number_of_nodes() == 0:
        return {}
    # Attraction grows with volume but slowly, or the busiest pair would collapse to a point.
    for _, _, data in graph.edges(data=True):
        data["pull"] = math.log1p(data.get("weight", 1))
    positions = nx.spring_layout(graph, weight="pull", seed=7, iterations=50)
    if 2 < graph.number_of_nodes() <= MAX_KAMADA_KAWAI_NODES:
        # A spring layout crowds a dense core into a blot; Kamada-Kawai, started from it,
        # spreads the core out (graph distance ≈ drawn distance) in a few hundredths of a s.
        positions = nx.kamada_kawai_layout(graph, pos=positions, weight=None)
    positions = _spread_core(positions)
    return {node: [round(float(x), 4), round(float(y), 4)] for node, (x, y) in positions.items()}


def _spread_core(positions: dict[str, Any], power: float = 0.6) -> dict[str, Any]:
    """Pull distances from the centre towards it by a power below one: the busy states sit
    together in the middle and their labels would overlap, while a few outliers set the
    scale. Order along every ray is kept."""
    if len(positions) < 3:
        return positions
    xs = [float(p[0]) for p in positions.values()]
    ys = [float(p[1]) for p in positions.values()]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    radii = {n: math.hypot(float(p[0]) - cx, float(p[1]) - cy) for n, p in positions.items()}
    largest = max(radii.values()) or 1.0
    spread = {}
    for node, (x, y) in positions.items():
        r = radii[node]
        scale = (r / largest) ** power / (r / largest) if r > 0 else 0.0
        spread[node] = ((float(x) - cx) * scale / largest, (float(y) - cy) * scale / largest)
    return spread


def network_payload(
    graph: Any, layout: dict[str, list[float]], kb: KnowledgeBase
) -> dict[str, Any]:
    """The graph as the dashboard draws it: named nodes at their place in `layout`, and
    edges with sign and volume."""
    nodes = []
    missing = [n for n in graph.nodes if n not in layout]
    for node in sorted(graph.nodes):
        if node in layout:
            x, y = layout[node]
        else:  # a node the cached layout has not seen: on a circle outside it
            angle = 2 * math.pi * missing.index(node) / max(len(missing), 1)
            x, y = 1.2 * math.cos(angle), 1.2 * math.sin(angle)
        data = graph.nodes[node]
        nodes.append(
            {
                "id": node,
                "name": kb.display_name(node),
                "kind": data.get("kind"),
                "events": int(data.get("events", 0)),
                "x": x,
                "y": y,
            }
        )
    edges = [
        {
            "a": min(u, v),
            "b": max(u, v),
            **{k: plain(d[k]) for k in (
                "weight", "sign", "label", "balance", "low", "high", "goldstein_mean",
                "cooperation", "conflict"
            ) if k in d},
        }
        for u, v, d in graph.edges(data=True)
    ]
    edges.sort(key=lambda e: (e["a"], e["b"]))
    return {
        "at": graph.graph.get("at"),
        "since": graph.graph.get("since"),
        "window": graph.graph.get("window"),
        "nodes": nodes,
        "edges": edges,
    }
