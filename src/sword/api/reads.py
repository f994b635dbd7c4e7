"""The read routes of the API — events, actors, dyads and their timelines, shifts, the
network of states and its unbalanced triads, stored documents, the store's summary and
stats — and the queries behind them.

Every route reads on a cursor of its own (`SwordAPI.reading`); analyses over the whole
store are cached until the next write.
"""

from __future__ import annotations

import csv
import io
import math
import re
from typing import Annotated, Any

import duckdb
from fastapi import FastAPI, Query, Response
from fastapi import Path as PathParam

from sword.analysis.network import unbalanced_triads
from sword.analysis.relations import dyad_timeline
from sword.analysis.shifts import find_shifts
from sword.api._highlights import event_highlights, sentence_highlights
from sword.api._json import plain, plain_rows
from sword.api._network import network_payload, whole_layout, window_graph
from sword.api.errors import ApiError, error_responses
from sword.api.params import (
    ACTOR_PATTERN,
    ActorQuery,
    DyadsQuery,
    EventQuery,
    NetworkQuery,
    NoQuery,
    ShiftQuery,
    StatsQuery,
    TimelineQuery,
    TriadQuery,
    date_window,
)
from sword.api.state import SwordAPI
from sword.coding.knowledge import KnowledgeBase
from sword.errors import Errors
from sword.model import RECORD_FIELDS
from sword.store.queries import PAIR_EVENTS, event_filters, pair_event_counts

__all__ = [
    "add_read_routes",
    "document_payload",
    "query_events",
    "search_actors",
    "store_summary",
    "timeline_payload",
    "top_dyads",
]

EVENT_SORTS: dict[str, str] = {
    "date": "e.event_date ASC NULLS LAST, e.event_id",
    "-date": "e.event_date DESC NULLS LAST, e.event_id",
    "goldstein": "e.goldstein ASC, e.event_id",
    "-goldstein": "e.goldstein DESC, e.event_id",
    "confidence": "e.confidence ASC, e.event_id",
    "-confidence": "e.confidence DESC, e.event_id",
}


MAX_CSV_ROWS = 100_000


def add_read_routes(app: FastAPI, state: SwordAPI) -> None:
    """The GET routes of /api, in the order the OpenAPI document lists them."""
    _add_table_routes(app, state)
    _add_analysis_routes(app, state)
    _add_document_route(app, state)


def _add_table_routes(app: FastAPI, state: SwordAPI) -> None:
    """Routes that read the stored tables directly."""

    @app.get("/api/summary", tags=["read"])
    def summary(query: Annotated[NoQuery, Query()]) -> dict[str, Any]:
        """How much the store holds and the span of its events."""
        def compute() -> dict[str, Any]:
            with state.reading() as con:
                return store_summary(con)

        return state.cached(("summary",), compute)

    @app.get("/api/stats", tags=["read"])
    def stats(query: Annotated[StatsQuery, Query()]) -> dict[str, Any]:
        """Unique events (as every analysis counts them), the country pairs they join and
        their first and last date, in the window `since` … `until`."""
        since, until = date_window(query.since, query.until)
        with state.reading() as con:
            return plain(pair_event_counts(con, since, until))

    @app.get("/api/events", tags=["read"])
    def events(query: Annotated[EventQuery, Query()]) -> dict[str, Any]:
        """Events matching every given filter, one page at a time."""
        with state.reading() as con:
            return query_events(con, query)

    @app.get("/api/events.csv", tags=["read"], response_model=None, responses={
        200: {"description": "the events as CSV",
              "content": {"text/csv": {"schema": {"type": "string"}}}}})
    def events_csv(query: Annotated[EventQuery, Query()]) -> Response:
        """Every event matching the filters of `/api/events` as CSV, in its order (the
        dashboard's "Download CSV"; page and page_size are ignored; at most 100,000 rows):
        the event record's columns, then publisher, title and url."""
        with state.reading() as con:
            text = events_csv_text(con, query)
        return Response(text, media_type="text/csv", headers={
            "Content-Disposition": 'attachment; filename="sword-events.csv"'})

    @app.get("/api/actors", tags=["read"])
    def actors(query: Annotated[ActorQuery, Query()]) -> list[dict[str, Any]]:
        """Find actors by name, demonym, capital, organisation or leader ("Aliyev" → AZE)."""
        kb = state.knowledge()
        with state.reading() as con:
            return search_actors(kb, con, query.q, query.limit)

    @app.get("/api/dyads", tags=["read"])
    def dyads(query: Annotated[DyadsQuery, Query()]) -> list[dict[str, Any]]:
        """The pairs of countries with most unique events."""
        with state.reading() as con:
            return top_dyads(con, query)


def _add_analysis_routes(app: FastAPI, state: SwordAPI) -> None:
    """Routes that answer with an analysis of the events (sword.analysis)."""

    @app.get("/api/dyads/{a}/{b}/timeline", tags=["read"], responses=error_responses(404))
    def timeline(
        a: Annotated[str, PathParam(pattern=ACTOR_PATTERN)],
        b: Annotated[str, PathParam(pattern=ACTOR_PATTERN)],
        query: Annotated[TimelineQuery, Query()],
    ) -> dict[str, Any]:
        """The dyad's series per period: A→B, B→A and both, with the balance and its 90%
        interval. 404 when an actor is neither a known country or organisation nor named
        by any stored event."""
        a, b = a.upper(), b.upper()
        if a == b:
            raise ApiError(Errors.E502.format(pair=f"{a}/{b}"))
        since, until = date_window(query.since, query.until)
        with state.reading() as con:
            frame = dyad_timeline(con, a, b, query.freq, since, until)
            unknown = [] if not frame.empty else unknown_actors(con, (a, b), state.knowledge())
        if unknown:
            raise ApiError(Errors.E529.format(codes=", ".join(unknown)), status=404)
        return timeline_payload(frame, a, b, query.freq)

    @app.get("/api/shifts", tags=["read"])
    def shifts(query: Annotated[ShiftQuery, Query()]) -> list[dict[str, Any]]:
        """Turns in dyads' cooperation score, largest first, with evidence on each side."""
        since, until = date_window(query.since, query.until)

        def compute() -> list[dict[str, Any]]:
            with state.reading() as con:
                found = find_shifts(
                    con, since=since, until=until, min_events=query.min_events, freq=query.freq
                )
            return [shift.to_dict() for shift in found]

        found = state.cached(("shifts", since, until, query.min_events, query.freq), compute)
        if query.dyad:
            pair = sorted(query.dyad.split(","))
            found = [s for s in found if s["dyad"] == pair]
        if query.actor:
            found = [s for s in found if query.actor in s["dyad"]]
        return [plain(s) for s in found[: query.limit]]

    @app.get("/api/network", tags=["read"])
    def network(query: Annotated[NetworkQuery, Query()]) -> dict[str, Any]:
        """The signed graph of the window ending at `at`: nodes placed by a layout of the
        whole store (so they stay put as the window moves), edges with sign and volume."""
        with state.reading() as con:
            graph = window_graph(con, query, evidence=0)
            layout = state.cached(
                ("layout", query.states_only), lambda: whole_layout(con, query.states_only)
            )
        return network_payload(graph, layout, state.knowledge())

    @app.get("/api/triads", tags=["read"])
    def triads(query: Annotated[TriadQuery, Query()]) -> dict[str, Any]:
        """Unbalanced triads of the window: A friendly with B and C while B and C are
        hostile (A is the pivot), or all three hostile; each edge with its evidence."""
        with state.reading() as con:
            graph = window_graph(con, query, evidence=3)
        found = unbalanced_triads(graph)
        return {
            "at": graph.graph.get("at"),
            "since": graph.graph.get("since"),
            "window": query.window,
            "total": len(found),
            "triads": [plain(t.to_dict()) for t in found[: query.limit]],
        }


def _add_document_route(app: FastAPI, state: SwordAPI) -> None:
    @app.get("/api/documents/{doc_id:path}", tags=["read"], responses=error_responses(404))
    def document(doc_id: str, query: Annotated[NoQuery, Query()]) -> dict[str, Any]:
        """A stored document, its events (with spans to highlight) and its mentions."""
        with state.reading() as con:
            doc = document_payload(con, doc_id)
        if doc is None:
            raise ApiError(Errors.E503.format(doc_id=doc_id), status=404)
        return doc


def _event_where(query: EventQuery) -> tuple[str, list[Any]]:
    dyad = None
    if query.dyad:
        a, b = query.dyad.split(",")
        if a == b:
            raise ApiError(Errors.E502.format(pair=f"{a},{b}"))
        dyad = (a, b)
    since, until = date_window(query.since, query.until)
    return event_filters(
        country=query.actor, source=query.source, target=query.target, dyad=dyad,
        since=since, until=until, cameo=query.cameo, root=query.root,
        quad_class=query.quad_class, plover=query.plover, text=query.q,
        doc_id=query.doc_id, publisher=query.publisher, min_confidence=query.min_confidence,
    )


def query_events(con: duckdb.DuckDBPyConnection, query: EventQuery) -> dict[str, Any]:
    """One page of events matching the query, with the total and the publishers."""
    where, params = _event_where(query)
    base = "FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id" + where
    total = con.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    offset = (query.page - 1) * query.page_size
    items = plain_rows(
        con.execute(
            "SELECT e.*, d.source AS publisher, d.title, d.url, d.date AS published "
            f"{base} ORDER BY {EVENT_SORTS[query.sort]} LIMIT ? OFFSET ?",
            [*params, query.page_size, offset],
        )
    )
    for item in items:
        item["evidence_highlights"] = sentence_highlights(item)
    return {
        "total": total,
        "page": query.page,
        "page_size": query.page_size,
        "pages": math.ceil(total / query.page_size),
        "items": items,
    }


def events_csv_text(con: duckdb.DuckDBPyConnection, query: EventQuery) -> str:
    """The events matching `query` as RFC 4180 CSV with a header row."""
    where, params = _event_where(query)
    columns = [*RECORD_FIELDS, "publisher", "title", "url"]
    cursor = con.execute(
        "SELECT e.* EXCLUDE (group_id), d.source AS publisher, d.title, d.url "
        "FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id"
        f"{where} ORDER BY {EVENT_SORTS[query.sort]} LIMIT ?", [*params, MAX_CSV_ROWS])
    names = [d[0] for d in cursor.description]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in cursor.fetchall():
        record = dict(zip(names, row, strict=True))
        record["flags"] = ";".join(record["flags"] or [])
        writer.writerow(["" if record[c] is None else record[c] for c in columns])
    return out.getvalue()


def top_dyads(con: duckdb.DuckDBPyConnection, query: DyadsQuery) -> list[dict[str, Any]]:
    """Country pairs (unordered) by number of unique events, with their balance."""
    extra, params = [], []
    since, until = date_window(query.since, query.until)
    if since:
        extra.append("AND event_date >= ?")
        params.append(since)
    if until:
        extra.append("AND event_date <= ?")
        params.append(until)
    if query.actor:
        extra.append("AND (source_country = ? OR target_country = ?)")
        params += [query.actor, query.actor]
    sql = f"""
        SELECT a, b, count(*) AS events,
               count_if(quad_class <= 2) AS cooperation,
               count_if(quad_class >= 3) AS conflict,
               avg(goldstein) AS goldstein_mean,
               min(event_date) AS first, max(event_date) AS last
        FROM {PAIR_EVENTS} WHERE true {" ".join(extra)} GROUP BY ALL HAVING count(*) >= ?
        ORDER BY events DESC, a, b LIMIT ?
    """
    rows = plain_rows(con.execute(sql, [*params, query.min_events, query.limit]))
    for row in rows:
        row["balance"] = (row["cooperation"] - row["conflict"]) / row["events"]
    return rows


def search_actors(
    kb: KnowledgeBase, con: duckdb.DuckDBPyConnection, text: str, limit: int
) -> list[dict[str, Any]]:
    """Actors whose names, demonyms, places, organisations or people match `text`.

    A person resolves to the country of their most recent office ("Aliyev" → AZE).
    Exact matches rank first, then prefixes, then words inside names; actors with events
    in the store before those without.
    """
    needle = text.strip().casefold()
    if not needle:
        return []
    found: dict[str, dict[str, Any]] = {}

    def consider(code: str, surface: str, how: str) -> None:
        folded = surface.casefold()
        if folded == needle:
            rank = 0
        elif folded.startswith(needle):
            rank = 1
        elif any(word.startswith(needle) for word in re.split(r"[\s\-']+", folded)):
            rank = 2
        elif needle in folded:
            rank = 3
        else:
            return
        best = found.get(code)
        if best is None or (rank, len(surface)) < (best["rank"], len(best["matched"])):
            found[code] = {"code": code, "matched": surface, "how": how, "rank": rank}

    for code, name in kb.country_names.items():
        consider(code, code, "code")
        consider(code, name, "name")
    for surface, entry in kb.names.items():
        if entry.how == "person":
            term = kb.person_at(surface, None)
            code = term.country if term else entry.country
            consider(code, surface, "person")
        else:
            consider(entry.country or entry.code, surface, entry.how)
    if not found:
        return []
    codes = list(found)
    counts = dict(
        con.execute(
            """
            SELECT code, count(*) FROM (
                SELECT source_country AS code FROM events WHERE source_country IN ?
                UNION ALL
                SELECT target_country FROM events WHERE target_country IN ?
            ) GROUP BY code
            """,
            [codes, codes],
        ).fetchall()
    )
    results = []
    for item in found.values():
        item["name"] = kb.display_name(item["code"])
        item["events"] = int(counts.get(item["code"], 0))
        results.append(item)
    results.sort(key=lambda r: (r["rank"], r["events"] == 0, -r["events"], r["code"]))
    for item in results:
        del item["rank"]
    return results[:limit]


def store_summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Counts and the span of the events; unique events as every analysis counts them
    (`pair_events`)."""
    row = con.execute(
        f"""
        SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events),
               (SELECT count(*) FROM {PAIR_EVENTS}),
               (SELECT count(DISTINCT source) FROM documents),
               (SELECT min(event_date) FROM events), (SELECT max(event_date) FROM events)
        """
    ).fetchone()
    documents, events, unique, publishers, first, last = row
    return {
        "documents": documents,
        "events": events,
        "unique_events": unique,
        "publishers": publishers,
        "first_event": plain(first),
        "last_event": plain(last),
    }


def unknown_actors(
    con: duckdb.DuckDBPyConnection, codes: tuple[str, ...], kb: KnowledgeBase
) -> list[str]:
    """The codes that name no known country or organisation and no stored event's actor."""
    unknown = []
    for code in codes:
        if code in kb.country_names:
            continue
        seen = con.cursor().execute(
            "SELECT 1 FROM events WHERE source_country = $c OR target_country = $c "
            "OR source = $c OR target = $c LIMIT 1", {"c": code}).fetchone()
        if seen is None:
            unknown.append(code)
    return unknown


def timeline_payload(frame: Any, a: str, b: str, freq: str) -> dict[str, Any]:
    """A dyad timeline as one series of columns per direction (what a chart plots)."""
    series: dict[str, dict[str, list[Any]]] = {}
    columns = [c for c in frame.columns if c not in ("period", "direction")]
    for direction, part in frame.groupby("direction", sort=False):
        part = part.sort_values("period")
        entry: dict[str, list[Any]] = {
            "period": [p.date().isoformat() for p in part["period"]]
        }
        for column in columns:
            entry[column] = [plain(v.item() if hasattr(v, "item") else v) for v in part[column]]
        series[str(direction)] = entry
    forward, backward = f"{a}→{b}", f"{b}→{a}"
    return {
        "a": a,
        "b": b,
        "freq": freq,
        "directions": {"forward": forward, "backward": backward, "both": "both"},
        "series": series,
    }


def document_payload(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any] | None:
    """A stored document with its events (each with the spans to highlight), mentions and
    appearances (every outlet, date and address its text appeared under); None when there
    is no such document."""
    found = plain_rows(
        con.execute(
            "SELECT doc_id, title, source AS publisher, url, date, lang, text, ingested_at "
            "FROM documents WHERE doc_id = ?",
            [doc_id],
        )
    )
    if not found:
        return None
    doc = found[0]
    events = plain_rows(
        con.execute(
            "SELECT * FROM events WHERE doc_id = ? ORDER BY sentence_index, event_id", [doc_id]
        )
    )
    mentions = plain_rows(
        con.execute('SELECT * FROM mentions WHERE doc_id = ? ORDER BY "start", "end"', [doc_id])
    )
    text = doc["text"] or ""
    for event in events:
        event["highlights"] = event_highlights(text, event, mentions)
    doc["events"] = events
    doc["mentions"] = mentions
    doc["appearances"] = plain_rows(
        con.execute(
            "SELECT source AS publisher, date, url, title FROM appearances WHERE doc_id = ? "
            "ORDER BY date NULLS LAST, publisher NULLS LAST, url",
            [doc_id],
        )
    )
    return doc
