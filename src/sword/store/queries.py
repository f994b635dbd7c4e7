"""The queries every reader of the store shares: event filters, date windows, and the
one definition of a unique event (the `pair_events` view, see `schema.py`).

Every count a user sees (the report's header, `/api/summary` and `/api/stats`, `sword
relations`, `shifts`, `network` and `framing`, the dashboard) is taken over
`pair_events`, so the same window gives the same numbers everywhere.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from sword.days import period_start
from sword.errors import DateError, Errors

PAIR_EVENTS = "pair_events"


def window_clause(
    since: date | str | None, until: date | str | None, column: str = "event_date"
) -> tuple[str, dict[str, Any]]:
    """SQL `AND …` clauses and named parameters for an inclusive date window."""
    clauses, params = [], {}
    if since:
        clauses.append(f"AND {column} >= $since")
        params["since"] = filter_day(since)
    if until:
        clauses.append(f"AND {column} <= $until")
        params["until"] = filter_day(until)
    return " ".join(clauses), params


def pair_event_counts(
    con: duckdb.DuckDBPyConnection, since: date | str | None = None,
    until: date | str | None = None,
) -> dict[str, Any]:
    """Unique events, the pairs they join, and their first and last date in a window."""
    extra, params = window_clause(since, until)
    unique, pairs, first, last = con.cursor().execute(
        f"SELECT count(*), count(DISTINCT (a, b)), min(event_date), max(event_date) "
        f"FROM {PAIR_EVENTS} WHERE true {extra}", params,
    ).fetchone()
    return {"unique_events": int(unique), "pairs": int(pairs), "first": first, "last": last}


def event_filters(
    *,
    source: str | None = None,
    target: str | None = None,
    country: str | None = None,
    dyad: tuple[str, str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    cameo: str | None = None,
    root: str | None = None,
    quad_class: int | None = None,
    plover: str | None = None,
    text: str | None = None,
    doc_id: str | None = None,
    publisher: str | None = None,
    min_confidence: float | None = None,
) -> tuple[str, list[Any]]:
    """The WHERE clause (over `events e`) and its parameters for the store's event filters.

    An actor given as a three-letter country code matches every actor of that country; a
    longer code (RUSGOV) or an organisation code matches that actor exactly."""
    clauses: list[str] = []
    params: list[Any] = []

    def side(column: str, code: str) -> str:
        params.extend([code, code])
        return f"(e.{column}_country = ? OR e.{column} = ?)"

    if source:
        clauses.append(side("source", source))
    if target:
        clauses.append(side("target", target))
    if country:
        clauses.append(f"({side('source', country)} OR {side('target', country)})")
    if dyad:
        a, b = dyad
        clauses.append(f"(({side('source', a)} AND {side('target', b)}) OR "
                       f"({side('source', b)} AND {side('target', a)}))")
    simple = (  # (value, clause with one parameter)
        (filter_day(since) if since else None, "e.event_date >= ?"),
        (filter_day(until) if until else None, "e.event_date <= ?"),
        (cameo, "starts_with(e.cameo, ?)"),
        (root, "e.root = ?"),
        (None if quad_class is None else int(quad_class), "e.quad_class = ?"),
        (plover, "upper(e.plover) = upper(?)"),
        (text, "contains(lower(e.evidence), lower(?))"),
        (doc_id, "e.doc_id = ?"),
        (publisher, "e.doc_id IN (SELECT doc_id FROM documents WHERE source = ?)"),
        (None if min_confidence is None else float(min_confidence), "e.confidence >= ?"),
    )
    for value, clause in simple:
        if value is not None and value != "":
            clauses.append(clause)
            params.append(value)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return where, params



def filter_day(value: date | str) -> date:
    day = period_start(value)
    if day is None:
        raise DateError(Errors.E201.format(value=value))
    return day
