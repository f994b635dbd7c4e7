"""How each outlet portrays a dyad: event mix and mean Goldstein per publisher, side by side.

The publisher is the `source` of each appearance of a text: a wire story carried by two
outlets counts for both. Both directions of the dyad are pooled (with
the count of each direction beside them). Within one publisher an event reported by
several of its articles counts once (unique by event date, source country, target
country and CAMEO code, as in relations.py); the same event in two publishers counts
once for each, since the point is to compare what each chose to report.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from sword.analysis.relations import QUAD_COLUMNS, normalise_actor
from sword.errors import Errors, SwordError
from sword.store.queries import window_clause

UNKNOWN_PUBLISHER = "(unknown)"
FRAMING_COLUMNS: tuple[str, ...] = (
    "publisher",
    "articles",
    "events",
    "a_to_b",
    "b_to_a",
    *QUAD_COLUMNS,
    *(f"{c}_share" for c in QUAD_COLUMNS),
    "goldstein_mean",
    "balance",
)


def framing(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    since: date | str | None = None,
    until: date | str | None = None,
) -> pd.DataFrame:
    """One row per publisher that reported the dyad, most events first.

    Columns: articles, events (unique within the publisher), a_to_b, b_to_a, counts and
    shares of the four quad classes, mean Goldstein and balance (coop − conflict) / total.
    """
    a, b = normalise_actor(a), normalise_actor(b)
    if a == b:
        raise SwordError(Errors.E402.format(actor=a))
    extra, params = window_clause(since, until, column="e.event_date")
    params.update(a=a, b=b, unknown=UNKNOWN_PUBLISHER)
    sql = f"""
        WITH dyad AS (
            SELECT coalesce(p.source, $unknown) AS publisher, p.appearance_id, e.*
            FROM events e LEFT JOIN appearances p ON p.doc_id = e.doc_id
            WHERE e.event_date IS NOT NULL
              AND ((e.source_country = $a AND e.target_country = $b)
                OR (e.source_country = $b AND e.target_country = $a))
              {extra}
        ), u AS (
            SELECT publisher, event_date, source_country, target_country, cameo,
                   any_value(quad_class) AS quad_class, any_value(goldstein) AS goldstein
            FROM dyad GROUP BY ALL
        ), arts AS (
            SELECT publisher, count(DISTINCT appearance_id) AS articles
            FROM dyad GROUP BY publisher
        )
        SELECT publisher,
               any_value(articles) AS articles,
               count(*) AS events,
               count_if(source_country = $a) AS a_to_b,
               count_if(source_country = $b) AS b_to_a,
               count_if(quad_class = 1) AS verbal_coop,
               count_if(quad_class = 2) AS material_coop,
               count_if(quad_class = 3) AS verbal_conflict,
               count_if(quad_class = 4) AS material_conflict,
               avg(goldstein) AS goldstein_mean
        FROM u JOIN arts USING (publisher)
        GROUP BY publisher
    """
    frame = con.cursor().execute(sql, params).df()
    if frame.empty:
        return pd.DataFrame(columns=list(FRAMING_COLUMNS))
    for column in ("articles", "events", "a_to_b", "b_to_a", *QUAD_COLUMNS):
        frame[column] = frame[column].astype("int64")
    for column in QUAD_COLUMNS:
        frame[f"{column}_share"] = frame[column] / frame["events"]
    cooperation = frame["verbal_coop"] + frame["material_coop"]
    conflict = frame["verbal_conflict"] + frame["material_conflict"]
    frame["balance"] = (cooperation - conflict) / frame["events"]
    frame = frame.sort_values(["events", "publisher"], ascending=[False, True])
    return frame[list(FRAMING_COLUMNS)].reset_index(drop=True)
