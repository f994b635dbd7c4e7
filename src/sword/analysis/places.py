"""Where events happen: the map's data, from the store's `event_places` view (unique
country-pair events, each at its place; see `sword.store.schema`).

`map_rows` gives one row per place, country pair and month, small enough for a page to
filter by pair and time without asking again: the report embeds them, the dashboard asks
`/api/places` for them. A point's size is its unique events; its colour the balance of
cooperation and conflict among them, (cooperation − conflict) / events as in `relations`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from sword.store.queries import window_clause

PLACES_VIEW = "event_places"
MAP_COLUMNS: tuple[str, ...] = (
    "place", "place_type", "country", "lat", "lon", "a", "b", "month", "events",
    "conflict", "goldstein",
)


def map_rows(
    con: duckdb.DuckDBPyConnection,
    since: date | str | None = None,
    until: date | str | None = None,
    dyad: tuple[str, str] | None = None,
    limit: int = 20_000,
) -> list[dict[str, Any]]:
    """Unique placed events per place, pair and month (YYYY-MM), busiest first: `events`,
    how many of them were conflict (quad class 3–4), and their summed Goldstein score."""
    extra, params = window_clause(since, until)
    if dyad is not None:
        a, b = sorted(code.upper() for code in dyad)
        extra += " AND a = $a AND b = $b"
        params.update(a=a, b=b)
    rows = con.cursor().execute(
        f"""
        SELECT place, any_value(place_type), any_value(place_country), lat, lon, a, b,
               strftime(event_date, '%Y-%m') AS month, count(*) AS events,
               count(*) FILTER (WHERE quad_class >= 3) AS conflict,
               round(sum(goldstein), 2) AS goldstein
        FROM {PLACES_VIEW}
        WHERE true {extra}
        GROUP BY place, lat, lon, a, b, month
        ORDER BY events DESC, place, a, b, month
        LIMIT $limit
        """,
        {**params, "limit": int(limit)},
    ).fetchall()
    return [dict(zip(MAP_COLUMNS, row, strict=True)) for row in rows]
