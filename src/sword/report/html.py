"""The report: one self-contained HTML page of what a store says about who stands with whom.

    findings = collect_findings(store.con, ReportConfig())
    build_report(store.con, "report.html", findings=findings)

Sections: key findings in words, shift alerts with their evidence sentences, why the first
shifts happened as far as the data says (co-moves in time; reasons the press gives), timelines of
the dyads that changed most, the busiest dyads, the signed network of the latest window,
triad tensions with each edge's evidence, and per-outlet framing of the top dyads.

Choices, stated once:
- Everything is computed by the analysis modules (relations, shifts, network, framing);
  this module only selects, orders and draws. Counts are of unique events as there.
- Plotly's JavaScript is inlined once in the page head and every chart is a div that
  uses it, so the page opens with no network and stays one file (about 5 MB).
- Every string that comes from the database (news sentences, outlet names, titles,
  actor codes) is escaped with `html.escape` before it enters the page; chart data go
  through plotly's JSON encoder, which escapes `<`, `>` and `/`.
- Shifts are the significant ones of `find_shifts`, in its order: the size of the turn ×
  its evidence (shifts.shift_score), the one ranking of the CLI, this report and the
  dashboard, so that a full swing resting on six reports does not outrank a large one
  resting on sixty. Every balance is shown with its 90% interval. Triad tensions:
  events on the weakest edge × √(windows in which the tension held), so that a tension
  that lasted years outranks a one-window spike of similar weight.
- The timelines show the dyads of the first shifts (one chart per dyad), filled up with
  the busiest dyads when fewer dyads shifted. They start at the first publication date:
  events dated earlier are history the articles recall, not the period they cover.
- A sentence that gave events in both directions (A → B and B → A) is shown once.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import networkx as nx

from sword.analysis.comoves import CoMove
from sword.analysis.findings import Findings, ReportConfig, collect_findings
from sword.analysis.network import Tension, balance_summary
from sword.analysis.places import map_rows
from sword.analysis.relations import Evidence, timeline_figure
from sword.analysis.why import ReasonRow
from sword.errors import Errors, SwordError
from sword.model import QUAD_NAMES
from sword.report.labels import Box, place_labels
from sword.report.map import map_section

DEFAULT_REPORT = "report.html"

# Colours shared by the page and its charts (cooperation green, conflict red).
COOP = "#1b7837"
CONFLICT = "#b2182b"
NEUTRAL = "#8c96a0"
ACCENT = "#24527a"
LAYOUT_CAP = 3.0  # longest path length the network layout distinguishes
NETWORK_HEIGHT = 620  # px of the network drawing (its labels are placed for this size)
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'












# --- findings ----------------------------------------------------------------------------
















# --- the page ----------------------------------------------------------------------------


def build_report(
    con: duckdb.DuckDBPyConnection,
    out_path: str | Path = DEFAULT_REPORT,
    config: ReportConfig | None = None,
    *,
    findings: Findings | None = None,
) -> Path:
    """Write the report to `out_path` and return it; `findings` skips the analyses."""
    config = config or ReportConfig()
    findings = findings or collect_findings(con, config)
    target = Path(out_path)
    page = render_report(findings, config, places=map_rows(con))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
    except OSError as e:
        raise SwordError(Errors.E220.format(target=target, reason=e)) from e
    return target


def render_report(findings: Findings, config: ReportConfig,
                  places: list[dict[str, Any]] | None = None) -> str:
    """The whole page as one string; `places` (`map_rows`) adds the map."""
    from plotly.offline import get_plotlyjs

    charts = _Charts()
    sections = [
        ("findings", "Key findings", _key_findings(findings)),
        ("shifts", "Shift alerts", _shifts_section(findings)),
        ("why", "Why", _why_section(findings)),
        ("timelines", "Timelines", _timelines_section(findings, charts)),
        ("dyads", "Top dyads", _dyads_section(findings)),
        ("network", "Network", _network_section(findings, config, charts)),
        *([("map", "Map", map_section(places))] if places is not None else []),
        ("tensions", "Triad tensions", _tensions_section(findings, config)),
        ("framing", "Framing by outlet", _framing_section(findings)),
        ("method", "How to read this", _method_section(config)),
    ]
    nav = "".join(f'<a href="#{key}">{html.escape(title)}</a>' for key, title, _ in sections)
    body = "".join(
        f'<section id="{key}"><h2>{html.escape(title)}</h2>{content}</section>'
        for key, title, content in sections
    )
    s = findings.summary
    period = (f"published {_day(s.first_published)} to {_day(s.last_published)}"
              if s.first_published else "publication dates unknown")
    generated = datetime.now().strftime("%Y-%m-%d %H:%M")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(config.title)}</title><style>{_page_css()}</style>"
        # Plotly once, for every chart below; `charset` matters for its non-ASCII text.
        f'<script charset="utf-8">{get_plotlyjs()}</script></head><body>'
        f'<header><div class="wrap"><h1>{html.escape(config.title)}</h1>'
        f'<p class="lede">{s.documents:,} articles {_outlets(s.publishers)}, '
        f"{html.escape(period)}; {s.events:,} coded events ({s.unique_events:,} unique). "
        f"Generated {generated} by Sword.</p>"
        f"<nav>{nav}</nav></div></header>"
        f'<main class="wrap">{body}</main>'
        '<footer class="wrap">Sword: political event data from international news. '
        "Every number above comes from coded events; every claim has its sentence.</footer>"
        "</body></html>\n"
    )


class _Charts:
    """Numbers the chart divs of one page."""

    def __init__(self) -> None:
        self.count = 0

    def div(self, figure: Any) -> str:
        self.count += 1
        return figure.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=f"chart-{self.count}",
            config={"displaylogo": False, "responsive": True},
        )


def _key_findings(f: Findings) -> str:
    items = []
    explained = {id(w.shift): i for i, w in enumerate(f.whys, 1)}
    for shift in f.shifts[:3]:
        why = (f' <a href="#why-{explained[id(shift)]}">Why?</a>' if id(shift) in explained
               else "")
        items.append(
            f"<li><b>{_e(f.pair(shift.dyad))}</b> turned <b class=\"{_turn_class(shift.size)}\">"
            f"{_e(shift.direction)}</b> around {_e(_month(shift.date))}: balance "
            f"{_signed(shift.level_before)} → {_signed(shift.level_after)} "
            f"({shift.events_before} events before, {shift.events_after} after).{why}</li>"
        )
    for tension in f.tensions[:2]:
        items.append(
            f"<li><b>Tension:</b> {_e(_tension_words(f, tension))} "
            f"({_e(_month(tension.first_at))} to {_e(_month(tension.last_at))}).</li>"
        )
    if f.top_dyads:
        d = f.top_dyads[0]
        items.append(
            f"<li>The most reported relationship is <b>{_e(f.pair((d.a, d.b)))}</b> with "
            f"{d.events} unique events, balance {_signed(d.balance)}.</li>"
        )
    if not items:
        return '<p class="empty">The store holds no events between two different actors yet.</p>'
    return f'<ul class="findings">{"".join(items)}</ul>'


def _shifts_section(f: Findings) -> str:
    if not f.shifts:
        return ('<p class="empty">No shift found: no dyad has enough events over time for a '
                "change in its cooperation score to stand out.</p>")
    cards = []
    for shift in f.shifts:
        cards.append(
            f'<article class="card"><h3>{_e(f.pair(shift.dyad))}: '
            f'<span class="{_turn_class(shift.size)}">{_e(shift.direction)}</span> '
            f"from {_e(_month(shift.date))}</h3>"
            f'<p class="stats">Balance {_bar(shift.level_before)} {_signed(shift.level_before)} '
            f"before → {_bar(shift.level_after)} {_signed(shift.level_after)} after "
            f"(turn {_signed(shift.size)}; score {shift.score:.1f}, p = {shift.p_value:.2g}). "
            f"90% intervals: {_e(_interval(shift.interval_before))} before, "
            f"{_e(_interval(shift.interval_after))} after. "
            f"Before: {_e(_day(shift.segment_before[0]))} to "
            f"{_e(_day(shift.segment_before[1]))}, {shift.events_before} events; after: "
            f"{_e(_day(shift.segment_after[0]))} to {_e(_day(shift.segment_after[1]))}, "
            f"{shift.events_after} events.</p>"
            '<div class="sides">'
            f'<div><h4>Before</h4>{_evidence_list(f, shift.evidence_before)}</div>'
            f'<div><h4>After</h4>{_evidence_list(f, shift.evidence_after)}</div>'
            "</div></article>"
        )
    return (
        "<p>Significant change points in each pair's cooperation score, ranked by the size "
        "of the turn × the events behind it. The sentences prove the turn: cooperative "
        "events on the cooperative side, conflictual ones on the other, first-hand reports "
        "before claims (marked <span class=\"flag\">reported</span>), the events told by "
        "more outlets first.</p>" + "".join(cards)
    )


def _why_section(f: Findings) -> str:
    """For each key finding: what moved around it (in time, not cause) and the reasons the
    press gives, each sentence with its outlet and a link to its article."""
    if not f.whys:
        return '<p class="empty">No key finding to explain.</p>'
    cards = []
    for index, alert in enumerate(f.whys, 1):
        shift = alert.shift
        moves = "".join(_comove_item(f, m) for m in alert.comoves if m.beyond_chance) or (
            '<li class="empty">Nothing else moved beyond chance in these months.</li>')
        weak = [m for m in alert.comoves if not m.beyond_chance][:3]
        if weak:
            moves += ('<li class="weak">Weaker signs (within chance, not findings): '
                      + "; ".join(f"{_e(f.pair(m.dyad))} {_e(m.direction)}" for m in weak)
                      + "</li>")
        reasons = "".join(_reason_item(f, r) for r in alert.reasons) or (
            '<li class="empty">No sentence of this period gives a reason.</li>')
        around = "".join(
            f"<h4>… and for {_e(f.pair(dyad))}</h4><ul class=\"evidence\">"
            + "".join(_reason_item(f, r) for r in rows) + "</ul>"
            for dyad, rows in alert.comove_reasons.items())
        cards.append(
            f'<article class="card why" id="why-{index}"><h3>{_e(f.pair(shift.dyad))}: '
            f'<span class="{_turn_class(shift.size)}">{_e(shift.direction)}</span> from '
            f"{_e(_month(shift.date))}</h3>"
            "<h4>In the same months</h4>"
            f'<ul class="comoves">{moves}</ul>'
            f'<h4>Reasons the press gives</h4><ul class="evidence">{reasons}</ul>{around}'
            "</article>"
        )
    return (
        "<p>For each key finding: the other shifts and sharp changes involving either party "
        "(or a partner of both) within a year of the turn — an association in time, not a "
        "cause — and the sentences in which the press says why (because, in response to, "
        "citing …), marked as one side's claim or the outlet's own analysis.</p>"
        + "".join(cards)
    )


def _comove_item(f: Findings, move: CoMove) -> str:
    if move.kind == "shift":
        what = (f"turned ({_e(_month(move.date))}, balance {_signed(move.before)} → "
                f"{_signed(move.after)})")
    else:
        what = (f"net cooperation {move.before:+.0f} in the year before, {move.after:+.0f} "
                f"after ({move.events_before} → {move.events_after} events)")
    evidence = "".join(
        f'<blockquote>{_e(_day(e.event_date))} · {_link(e.url, e.publisher)}: '
        f"{_e(e.sentence)}</blockquote>" for e in move.evidence[:1])
    return (f'<li><b>{_e(f.pair(move.dyad))}</b> <span class="{_turn_class(move.size)}">'
            f"{_e(move.direction)}</span>: {what}{evidence}</li>")


def _reason_item(f: Findings, r: ReasonRow) -> str:
    return (
        f'<li><div class="meta">{_e(_day(r.event_date))} · {_link(r.url, r.publisher)} · '
        f"{_e(f.name(r.actor))} → {_e(f.name(r.partner))} · {_e(r.kind)} · "
        f"<i>{_e(r.voice)}</i></div><blockquote>{_e(r.sentence)}</blockquote>"
        f'<div class="meta">document {_e(r.doc_id)}, characters {r.sentence_start}–'
        f"{r.sentence_end}</div></li>"
    )


def _link(url: str | None, text: str | None) -> str:
    label = _e(text or "unknown outlet")
    if url and url.startswith(("https://", "http://")):
        return f'<a href="{_e(url)}">{label}</a>'
    return label


def _timelines_section(f: Findings, charts: _Charts) -> str:
    if not f.timelines:
        return '<p class="empty">No dyad to chart.</p>'
    parts = ["<p>Unique events per period by kind (bars) and the cooperation–conflict "
             "balance of each direction (lines, −1 all conflict … +1 all cooperation). "
             "Dashed lines mark detected shifts.</p>"]
    for timeline in f.timelines:
        a, b = timeline.dyad
        frame = timeline.frame.copy()
        if frame.empty:
            continue
        # Show country names in the legend rather than codes.
        frame["direction"] = frame["direction"].map(
            lambda d, a=a, b=b: d.replace(a, f.name(a)).replace(b, f.name(b))
        )
        figure = timeline_figure(frame, _e(f.pair(timeline.dyad)))
        for day in timeline.shift_dates:
            figure.add_vline(x=day.isoformat(), line_dash="dash",
                             line_color=ACCENT, row="all", col=1)
        # The pooled balance is the headline; the two directions are thinner and dotted.
        figure.for_each_trace(
            lambda t: t.update(line={"color": "#1d232b", "width": 3}, marker={"size": 6})
            if t.name == "balance both" else
            t.update(line={"width": 1.5, "dash": "dot"}, marker={"size": 4})
            if (t.name or "").startswith("balance") else None
        )
        # Quarters without news have no balance; join the reported ones into one line.
        figure.update_traces(connectgaps=True, selector={"type": "scatter"})
        figure.update_layout(height=520, margin={"l": 50, "r": 20, "t": 70, "b": 40},
                             legend={"orientation": "h", "y": -0.12}, font={"family": FONT})
        parts.append(f'<div class="chart">{charts.div(figure)}</div>')
    return "".join(parts)


def _dyads_section(f: Findings) -> str:
    if not f.top_dyads:
        return '<p class="empty">No events between two different actors.</p>'
    rows = []
    for d in f.top_dyads:
        rows.append(
            f"<tr><td>{_e(f.pair((d.a, d.b)))}</td><td class=\"num\">{d.events}</td>"
            f"<td class=\"num\">{d.a_to_b} / {d.b_to_a}</td>"
            f"<td class=\"num\">{d.cooperation}</td><td class=\"num\">{d.conflict}</td>"
            f"<td class=\"num\">{_bar(d.balance)} {_signed(d.balance)}</td>"
            f"<td>{_e(d.stance.label)} {_e(_interval((d.stance.low, d.stance.high)))}</td>"
            f"<td class=\"num\">{d.goldstein_mean:+.1f}</td><td class=\"num\">{d.articles}</td>"
            f"<td>{_e(_day(d.first))} – {_e(_day(d.last))}</td></tr>"
        )
    return (
        "<p>The relationships with the most unique events, both directions together.</p>"
        '<table><thead><tr><th>Pair (A – B)</th><th>Events</th><th>A→B / B→A</th>'
        "<th>Cooperation</th><th>Conflict</th><th>Balance</th><th>Stance, 90% interval</th>"
        "<th>Mean Goldstein</th>"
        f"<th>Articles</th><th>Period</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _network_section(f: Findings, config: ReportConfig, charts: _Charts) -> str:
    graph = f.graph
    if graph.number_of_edges() == 0:
        return '<p class="empty">No events in the network window.</p>'
    shown = network_subgraph(graph, config.network_nodes)
    summary = balance_summary(graph)
    figure = network_figure(shown, f.names)
    note = (
        f"<p>Who stood with whom from {_e(graph.graph.get('since', '?'))} to "
        f"{_e(graph.graph.get('at', '?'))} (window {_e(config.network_window)}): "
        f"{shown.number_of_nodes()} of {graph.number_of_nodes()} actors (the busiest), "
        f"lines <span class=\"coop\">green</span> where the pair is friendly, "
        f"<span class=\"conflict\">red</span> where it is hostile (the 90% interval of its "
        "balance excludes neutral, with 5 events or more), grey where the events are mixed "
        "or too few; thicker lines carry more events. "
        f"{summary['triads']} signed triangles, {summary['unbalanced']} of them unbalanced.</p>"
    )
    return note + f'<div class="chart">{charts.div(figure)}</div>'


def network_subgraph(graph: nx.Graph, nodes: int) -> nx.Graph:
    """The `nodes` busiest actors and the edges among them."""
    busiest = sorted(graph.nodes, key=lambda n: (-graph.nodes[n].get("events", 0), n))[:nodes]
    return graph.subgraph(busiest).copy()


def network_layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Node positions: allies close, rivals twice as far apart (Kamada–Kawai on path
    lengths in which a friendly edge is 1 long and a hostile one 2), deterministic."""
    layout_graph = nx.Graph()
    layout_graph.add_nodes_from(sorted(graph.nodes))
    for u, v, data in sorted(graph.edges(data=True)):
        sign = data.get("sign", 0)
        layout_graph.add_edge(u, v, length=1.0 if sign > 0 else 2.0 if sign < 0 else 1.5)
    if layout_graph.number_of_nodes() < 3:
        return {n: tuple(p) for n, p in nx.circular_layout(layout_graph).items()}
    # Capping path lengths keeps a long chain of minor actors from squeezing the busy core
    # into a corner; actors with no path between them sit at the cap too.
    lengths = dict(nx.all_pairs_dijkstra_path_length(layout_graph, weight="length"))
    dist = {u: {v: min(lengths[u].get(v, LAYOUT_CAP), LAYOUT_CAP) for v in layout_graph}
            for u in layout_graph}
    start = nx.circular_layout(layout_graph)
    return {n: tuple(p) for n, p in
            nx.kamada_kawai_layout(layout_graph, dist=dist, pos=start).items()}


def network_figure(graph: nx.Graph, names: dict[str, str] | None = None) -> Any:
    """A plotly drawing of a signed graph: edges coloured by sign, width by events."""
    import plotly.graph_objects as go

    names = names or {}
    positions = network_layout(graph)
    heaviest = max((d.get("weight", 1) for _, _, d in graph.edges(data=True)), default=1)
    figure = go.Figure()
    hover_x, hover_y, hover_text, hover_colour = [], [], [], []
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: e[2].get("weight", 1)):
        sign = data.get("sign", 0)
        colour = COOP if sign > 0 else CONFLICT if sign < 0 else NEUTRAL
        width = 1.0 + 7.0 * math.sqrt(data.get("weight", 1) / heaviest)
        (x0, y0), (x1, y1) = positions[u], positions[v]
        figure.add_trace(go.Scatter(
            x=[x0, x1], y=[y0, y1], mode="lines", hoverinfo="skip", showlegend=False,
            line={"color": colour, "width": width}, opacity=0.75,
        ))
        hover_x.append((x0 + x1) / 2)
        hover_y.append((y0 + y1) / 2)
        hover_colour.append(colour)
        hover_text.append(
            f"{_e(names.get(u, u))} – {_e(names.get(v, v))}<br>"
            f"{data.get('weight', 0)} events: {data.get('cooperation', 0)} cooperation, "
            f"{data.get('conflict', 0)} conflict<br>balance {data.get('balance', 0):+.2f}"
        )
    figure.add_trace(go.Scatter(
        x=hover_x, y=hover_y, mode="markers", hovertext=hover_text, hoverinfo="text",
        marker={"size": 8, "color": hover_colour, "opacity": 0.0}, showlegend=False,
    ))
    ordered = sorted(graph.nodes)
    busiest = max((graph.nodes[n].get("events", 1) for n in ordered), default=1)
    sizes = {n: 12 + 24 * math.sqrt(graph.nodes[n].get("events", 1) / busiest) for n in ordered}
    figure.add_trace(go.Scatter(
        x=[positions[n][0] for n in ordered],
        y=[positions[n][1] for n in ordered],
        mode="markers",
        hovertext=[f"{_e(names.get(n, n))} ({_e(n)}): {graph.nodes[n].get('events', 0)} events"
                   for n in ordered],
        hoverinfo="text",
        marker={
            "size": [sizes[n] for n in ordered],
            "color": [ACCENT if graph.nodes[n].get("kind") == "state" else "#7a5195"
                      for n in ordered],
            "line": {"color": "#fff", "width": 1.5},
        },
        showlegend=False,
    ))
    x_range, y_range, annotations = _node_labels(graph, positions, sizes)
    figure.update_layout(
        template="plotly_white",
        height=NETWORK_HEIGHT,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"visible": False, "range": x_range},
        yaxis={"visible": False, "scaleanchor": "x", "range": y_range},
        hovermode="closest",
        font={"family": FONT},
        annotations=annotations,
    )
    return figure


def _node_labels(
    graph: nx.Graph, positions: dict[str, tuple[float, float]], sizes: dict[str, float]
) -> tuple[list[float], list[float], list[dict[str, Any]]]:
    """Square axis ranges around the nodes and one annotation per node label, placed so
    that no two labels and no label and node overlap (sword.report.labels) at the
    drawing's height (the page is wider than it is, so the height sets the scale)."""
    if not positions:
        return [-1.0, 1.0], [-1.0, 1.0], []
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-6) * 1.3
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    pixels = NETWORK_HEIGHT - 20  # the plot area: the figure less its margins
    scale = pixels / span

    def px(node: str) -> tuple[float, float]:
        x, y = positions[node]
        return (x - cx + span / 2) * scale, (y - cy + span / 2) * scale

    order = sorted(graph.nodes, key=lambda n: (-graph.nodes[n].get("events", 0), n))
    spots = place_labels([(n, *px(n), sizes[n] / 2) for n in order],
                         Box(0.0, 0.0, float(pixels), float(pixels)))
    annotations = []
    for node in order:
        spot = spots[node]
        common = {"x": positions[node][0], "y": positions[node][1], "text": _e(node),
                  "font": {"size": 12, "color": "#1d232b"}, "xanchor": "center",
                  "yanchor": "middle"}
        if spot.leader:
            annotations.append({**common, "showarrow": True, "ax": spot.dx, "ay": -spot.dy,
                                "arrowhead": 0, "arrowwidth": 1, "arrowcolor": NEUTRAL,
                                "standoff": sizes[node] / 2})
        else:
            annotations.append({**common, "showarrow": False, "xshift": spot.dx,
                                "yshift": spot.dy})
    return ([cx - span / 2, cx + span / 2], [cy - span / 2, cy + span / 2], annotations)


def _tensions_section(f: Findings, config: ReportConfig) -> str:
    if not f.tensions:
        return ('<p class="empty">No unbalanced triad: in no window were two friends of one '
                "actor hostile to each other.</p>")
    cards = []
    for tension in f.tensions:
        triad = tension.strongest
        edges = []
        for edge in triad.edges:
            edges.append(
                f'<li><b>{_e(f.pair((edge.u, edge.v)))}</b>: <span class="'
                f'{"coop" if edge.sign > 0 else "conflict"}">{_e(edge.label)}</span> '
                f"({edge.weight} events, balance {_signed(edge.balance)}, 90% interval "
                f"{_e(_interval((edge.low, edge.high)))})"
                f"{_evidence_list(f, edge.evidence[: max(1, config.evidence - 1)])}</li>"
            )
        cards.append(
            f'<article class="card"><h3>{_e(_tension_words(f, tension))}</h3>'
            f'<p class="stats">{_e(_seen(tension, config.triad_window))}; evidence from the '
            f"{_e(config.triad_window)} window ending {_e(_day(tension.strongest_at))}.</p>"
            f'<ul class="edges">{"".join(edges)}</ul></article>'
        )
    return (
        "<p>Structural balance says a friend of a friend should be a friend. A triad is "
        "under tension when one actor is friendly with two others who are hostile to each "
        "other (or all three are hostile): something has to give.</p>" + "".join(cards)
    )


def _framing_section(f: Findings) -> str:
    if not f.framing:
        return '<p class="empty">No dyad to compare across outlets.</p>'
    parts = ["<p>How each outlet portrays the same relationship: the mix of events it "
             "reported and their mean Goldstein score (−10 most hostile … +10 most "
             "cooperative). An event counts once per outlet.</p>"]
    for (a, b), frame in f.framing:
        if frame.empty:
            continue
        rows = []
        for row in frame.itertuples(index=False):
            rows.append(
                f"<tr><td>{_e(row.publisher)}</td><td class=\"num\">{row.articles}</td>"
                f"<td class=\"num\">{row.events}</td>"
                f"<td class=\"num\">{row.a_to_b} / {row.b_to_a}</td>"
                + "".join(f'<td class="num">{getattr(row, f"{q}_share"):.0%}</td>'
                          for q in ("verbal_coop", "material_coop", "verbal_conflict",
                                    "material_conflict"))
                + f'<td class="num">{row.goldstein_mean:+.1f}</td>'
                f'<td class="num">{_bar(row.balance)} {_signed(row.balance)}</td></tr>'
            )
        quads = "".join(f"<th>{_e(QUAD_NAMES[q])}</th>" for q in (1, 2, 3, 4))
        parts.append(
            f"<h3>{_e(f.pair((a, b)))}</h3>"
            '<table><thead><tr><th>Outlet</th><th>Articles</th><th>Events</th>'
            f"<th>{_e(a)}→{_e(b)} / {_e(b)}→{_e(a)}</th>{quads}<th>Mean Goldstein</th>"
            f"<th>Balance</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    return "".join(parts)


def _method_section(config: ReportConfig) -> str:
    return (
        "<dl>"
        "<dt>Event</dt><dd>Who did what to whom and when, coded from one sentence of one "
        "article in the CAMEO scheme. The same act reported by several articles (same day, "
        "same pair of countries, same code) counts once.</dd>"
        "<dt>Balance</dt><dd>(cooperation − conflict) / all events of a period: +1 when every "
        "event is cooperative (statements of support, visits, agreements, aid), −1 when every "
        "one is conflictual (accusations, threats, sanctions, arrests, force).</dd>"
        "<dt>Goldstein score</dt><dd>How cooperative (+10) or hostile (−10) an event type "
        "is on the Goldstein scale.</dd>"
        "<dt>Interval</dt><dd>How sure a balance is: the central 90% of its Bayesian "
        "posterior (Jeffreys prior on the share of cooperative events). A pair is called "
        "friendly or hostile only when this interval excludes 0 and it rests on 5 events "
        "or more.</dd>"
        f"<dt>Shift</dt><dd>A change point in a pair's {_e(config.shift_freq)}ly balance "
        "(penalised least squares with the ruptures library) that a permutation test finds "
        f"significant (p ≤ {config.shift_test.alpha:g}, at least "
        f"{config.shift_test.min_side_events} events on each side); the date is the first "
        "period of the new level. Score: |turn| × √(n<sub>before</sub> n<sub>after</sub> / "
        "(n<sub>before</sub> + n<sub>after</sub>)).</dd>"
        "<dt>Flags</dt><dd><span class=\"flag\">reported</span>: one side's claim, as the "
        "article reports it; <span class=\"flag\">repaired_actor</span>: the coder corrected "
        "an actor's name (a garbled translation).</dd>"
        "<dt>Caveat</dt><dd>Machine coding makes mistakes and the news is not the world: read "
        "the sentences before quoting a number.</dd>"
        "</dl>"
    )


def _evidence_list(f: Findings, evidence: Iterable[Evidence]) -> str:
    items = []
    seen: set[tuple[str, str]] = set()
    for e in evidence:
        if (e.doc_id, e.sentence) in seen:
            continue
        seen.add((e.doc_id, e.sentence))
        label = f.cameo_labels.get(e.cameo, e.cameo)
        items.append(
            f'<li><div class="meta">{_e(_day(e.event_date))} · {_e(e.publisher or "unknown outlet")}'
            f" · {_e(_actor(f, e.source))} → {_e(_actor(f, e.target))}: "
            f'<span class="{"coop" if e.quad_class <= 2 else "conflict"}">{_e(label)}</span>'
            f"{_flags(e)}</div><blockquote>{_e(e.sentence)}</blockquote></li>"
        )
    if not items:
        return '<p class="empty">No sentence.</p>'
    return f'<ul class="evidence">{"".join(items)}</ul>'


def _flags(e: Evidence) -> str:
    """The evidence's shown flags as badges, and how many outlets told the event."""
    badges = "".join(f' <span class="flag">{_e(flag)}</span>' for flag in e.marks)
    told = f" · told by {e.sources} outlets" if e.sources > 1 else ""
    return badges + told


def _interval(bounds: tuple[float, float]) -> str:
    return f"[{_signed(bounds[0])}, {_signed(bounds[1])}]"


def _actor(f: Findings, code: str) -> str:
    """An actor code in words: its own name, else its country's (RUSGOV → Russia)."""
    if code in f.names:
        return f.names[code]
    return f.names.get(code[:3], code)


def _seen(tension: Tension, window: str) -> str:
    if tension.windows == 1 or tension.first_at == tension.last_at:
        return f"Seen in the {window} window ending {_month(tension.last_at)}"
    return (f"Seen in {tension.windows} windows of {window} ending between "
            f"{_month(tension.first_at)} and {_month(tension.last_at)}")


def _tension_words(f: Findings, tension: Tension) -> str:
    if tension.pivot:
        others = [n for n in tension.nodes if n != tension.pivot]
        return (f"{f.name(tension.pivot)} is friendly with both {f.name(others[0])} and "
                f"{f.name(others[1])}, who are hostile to each other")
    return f"{', '.join(f.name(n) for n in tension.nodes)} are all hostile to one another"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _day(value: date | str | None) -> str:
    if value is None:
        return "undated"
    return value.isoformat() if isinstance(value, date) else str(value)


def _month(value: date) -> str:
    return value.strftime("%B %Y")


def _signed(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:+.2f}"


def _turn_class(size: float) -> str:
    return "coop" if size > 0 else "conflict"


def _bar(balance: float) -> str:
    """A small horizontal bar from the centre: right and green for cooperation."""
    if balance is None or math.isnan(balance):
        return ""
    width = min(abs(balance), 1.0) * 50
    side = "pos" if balance >= 0 else "neg"
    return f'<span class="bal"><span class="{side}" style="width:{width:.0f}%"></span></span>'


def _outlets(publishers: int) -> str:
    """"from 3 outlets"; texts that name no outlet (plain files) are not "from 0"."""
    if publishers == 0:
        return "(no outlet named)"
    return f"from {publishers:,} outlet{'s' if publishers != 1 else ''}"


# --- command line ------------------------------------------------------------------------


def _page_css() -> str:
    return (Path(__file__).parent / "style.css").read_text(encoding="utf-8")
