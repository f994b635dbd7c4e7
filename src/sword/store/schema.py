"""The store's schema: Arrow schemas and DuckDB DDL, the event columns generated from the
one column spec (`sword.model.EVENT_COLUMNS`), and the migrations that build them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from sword.model import EVENT_COLUMNS

# How each kind of record column is typed in the store: Arrow type and DuckDB type.
_STORE_TYPES: dict[str, tuple[pa.DataType, str]] = {
    "text": (pa.string(), "VARCHAR"),
    "index": (pa.int32(), "INTEGER"),
    "offset": (pa.int32(), "INTEGER"),
    "small": (pa.int8(), "TINYINT"),
    "real": (pa.float64(), "DOUBLE"),
    "date": (pa.date32(), "DATE"),
    "list": (pa.list_(pa.string()), "VARCHAR[]"),
}
_REQUIRED = frozenset({"event_id", "doc_id"})

EVENT_SCHEMA = pa.schema([(c.name, _STORE_TYPES[c.kind][0]) for c in EVENT_COLUMNS])


def events_ddl() -> str:
    """CREATE TABLE events: the record's columns plus `group_id`, the unique event's key."""
    columns = [
        f"{c.name} {_STORE_TYPES[c.kind][1]}{' NOT NULL' if c.name in _REQUIRED else ''}"
        for c in EVENT_COLUMNS
    ]
    return "CREATE TABLE events (\n    " + ",\n    ".join([*columns, "group_id VARCHAR"]) + "\n);\n"


def add_missing_event_columns(con: duckdb.DuckDBPyConnection) -> None:
    """A record field added to the spec after a store was made becomes a column of it."""
    present = {row[0] for row in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'"
    ).fetchall()}
    for column in EVENT_COLUMNS:
        if column.name not in present:
            con.execute(f"ALTER TABLE events ADD COLUMN {column.name} {_STORE_TYPES[column.kind][1]}")


DOCUMENT_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("content_hash", pa.string()),
        ("title", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("date", pa.date32()),
        ("lang", pa.string()),
        ("text", pa.string()),
        ("origin", pa.string()),
    ]
)

MENTION_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("sentence_index", pa.int32()),
        ("text", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("code", pa.string()),
        ("country", pa.string()),
        ("sector", pa.string()),
        ("how", pa.string()),
        ("original", pa.string()),
        ("person", pa.string()),
    ]
)

# The reasons the press gives (sword.coding.reasons): opinions and accounts, never events.
REASON_SCHEMA = pa.schema(
    [
        ("reason_id", pa.string()),
        ("doc_id", pa.string()),
        ("sentence_index", pa.int32()),
        ("sentence", pa.string()),
        ("sentence_start", pa.int32()),
        ("sentence_end", pa.int32()),
        ("reason", pa.string()),
        ("reason_start", pa.int32()),
        ("reason_end", pa.int32()),
        ("marker", pa.string()),
        ("kind", pa.string()),
        ("actor", pa.string()),
        ("partner", pa.string()),
        ("partner_how", pa.string()),
        ("attribution", pa.string()),
        ("speaker", pa.string()),
        ("speaker_name", pa.string()),
        ("event_date", pa.date32()),
        ("date_precision", pa.string()),
        ("confidence", pa.float64()),
    ]
)


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step; `apply` runs inside a transaction and the version is recorded."""

    version: int
    description: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


# The key of a unique event: an undated event cannot be matched with other articles' reports,
# so its document is part of its key.
GROUP_ID_SQL = (
    "substr(md5(concat_ws('|', coalesce(CAST(event_date AS VARCHAR), 'undated:' || doc_id), "
    "source, target, cameo)), 1, 16)"
)


def _migration_1(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE documents (
            doc_id VARCHAR PRIMARY KEY,
            content_hash VARCHAR NOT NULL UNIQUE,
            title VARCHAR,
            source VARCHAR,
            url VARCHAR,
            date DATE,
            lang VARCHAR,
            text VARCHAR,
            origin VARCHAR,
            ingested_at TIMESTAMP
        );
        CREATE TABLE sentences (
            doc_id VARCHAR NOT NULL,
            sentence_index INTEGER NOT NULL,
            text VARCHAR,
            "start" INTEGER,
            "end" INTEGER
        );
        CREATE TABLE mentions (
            doc_id VARCHAR NOT NULL,
            sentence_index INTEGER,
            text VARCHAR,
            "start" INTEGER,
            "end" INTEGER,
            code VARCHAR,
            country VARCHAR,
            sector VARCHAR,
            how VARCHAR,
            original VARCHAR,
            person VARCHAR
        );
        """
        + events_ddl()
        + """
        CREATE VIEW event_groups AS
        -- Three steps of plain grouping (per article, per publisher, per event) instead of
        -- count(DISTINCT …): about six times faster on millions of rows. The evidence stays
        -- in `events` (WHERE group_id = …): carrying sentences through the groupings would
        -- cost more than all the rest.
        WITH per_article AS (
            SELECT group_id, event_date, source, target, cameo, source_country,
                   target_country, doc_id,
                   any_value(root) AS root, any_value(quad_class) AS quad_class,
                   any_value(goldstein) AS goldstein, any_value(plover) AS plover,
                   count(*) AS mentions, max(confidence) AS confidence
            FROM events
            GROUP BY group_id, event_date, source, target, cameo, source_country,
                     target_country, doc_id
        ), per_source AS (
            SELECT p.group_id, p.event_date, p.source, p.target, p.cameo, p.source_country,
                   p.target_country, coalesce(d.source, 'document:' || p.doc_id) AS publisher,
                   any_value(p.root) AS root, any_value(p.quad_class) AS quad_class,
                   any_value(p.goldstein) AS goldstein, any_value(p.plover) AS plover,
                   sum(p.mentions) AS mentions, count(*) AS articles,
                   max(p.confidence) AS confidence
            FROM per_article p LEFT JOIN documents d ON d.doc_id = p.doc_id
            GROUP BY p.group_id, p.event_date, p.source, p.target, p.cameo, p.source_country,
                     p.target_country, publisher
        )
        SELECT group_id, event_date, source, target, cameo, source_country, target_country,
               any_value(root) AS root, any_value(quad_class) AS quad_class,
               any_value(goldstein) AS goldstein, any_value(plover) AS plover,
               CAST(sum(mentions) AS BIGINT) AS mentions, count(*) AS sources,
               CAST(sum(articles) AS BIGINT) AS articles, max(confidence) AS confidence
        FROM per_source
        GROUP BY group_id, event_date, source, target, cameo, source_country, target_country;
        """
    )


def _migration_2(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        -- THE unique events every analysis counts (relations, shifts, network, framing, the
        -- report, the API and the dashboard): one per event date, source country, target
        -- country and CAMEO code, between two different known countries, dated. Filters on
        -- its key columns reach the events scan.
        CREATE VIEW pair_events AS
        SELECT event_date, source_country, target_country, cameo,
               least(source_country, target_country) AS a,
               greatest(source_country, target_country) AS b,
               any_value(quad_class) AS quad_class, any_value(goldstein) AS goldstein,
               count(*) AS mentions
        FROM events
        WHERE event_date IS NOT NULL AND source_country <> '' AND target_country <> ''
          AND source_country <> target_country
        GROUP BY event_date, source_country, target_country, cameo;
        """
    )


# The key of one appearance of a text: the same text from another outlet, date or address
# is another appearance; the same appearance read twice is one.
def appearance_id_sql(table: str) -> str:
    """SQL for the appearance key of the rows of `table` (an alias or a table name)."""
    return (
        f"substr(md5(concat_ws('|', {table}.content_hash, coalesce({table}.source, ''), "
        f"coalesce(CAST({table}.date AS VARCHAR), ''), coalesce({table}.url, ''))), 1, 16)"
    )


# Events counted once per appearance of their text: mentions, outlets and articles.
_EVENT_GROUPS_VIEW = """
    CREATE OR REPLACE VIEW event_groups AS
    -- Three steps of plain grouping (per text, per publisher, per event) instead of
    -- count(DISTINCT …): about six times faster on millions of rows. The evidence stays
    -- in `events` (WHERE group_id = …). A text stored once but published by several
    -- outlets (wire copy) counts once for each of its appearances.
    WITH per_text AS (
        SELECT group_id, event_date, source, target, cameo, source_country,
               target_country, doc_id,
               any_value(root) AS root, any_value(quad_class) AS quad_class,
               any_value(goldstein) AS goldstein, any_value(plover) AS plover,
               count(*) AS mentions, max(confidence) AS confidence
        FROM events
        GROUP BY group_id, event_date, source, target, cameo, source_country,
                 target_country, doc_id
    ), per_source AS (
        SELECT p.group_id, p.event_date, p.source, p.target, p.cameo, p.source_country,
               p.target_country, coalesce(a.source, 'document:' || p.doc_id) AS publisher,
               any_value(p.root) AS root, any_value(p.quad_class) AS quad_class,
               any_value(p.goldstein) AS goldstein, any_value(p.plover) AS plover,
               sum(p.mentions) AS mentions, count(*) AS articles,
               max(p.confidence) AS confidence
        FROM per_text p LEFT JOIN appearances a ON a.doc_id = p.doc_id
        GROUP BY p.group_id, p.event_date, p.source, p.target, p.cameo, p.source_country,
                 p.target_country, publisher
    )
    SELECT group_id, event_date, source, target, cameo, source_country, target_country,
           any_value(root) AS root, any_value(quad_class) AS quad_class,
           any_value(goldstein) AS goldstein, any_value(plover) AS plover,
           CAST(sum(mentions) AS BIGINT) AS mentions, count(*) AS sources,
           CAST(sum(articles) AS BIGINT) AS articles, max(confidence) AS confidence
    FROM per_source
    GROUP BY group_id, event_date, source, target, cameo, source_country, target_country;
"""


def _migration_3(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        f"""
        CREATE TABLE appearances (
            appearance_id VARCHAR PRIMARY KEY,
            doc_id VARCHAR NOT NULL,
            content_hash VARCHAR NOT NULL,
            source VARCHAR,
            url VARCHAR,
            date DATE,
            title VARCHAR,
            origin VARCHAR,
            ingested_at TIMESTAMP
        );
        INSERT INTO appearances
        SELECT {appearance_id_sql("documents")}, doc_id, content_hash, source, url, date,
               title, origin, ingested_at
        FROM documents;
        """
        + _EVENT_GROUPS_VIEW
    )


def _migration_4(con: duckdb.DuckDBPyConnection) -> None:
    # a store made before event places: their columns (a new store has them already)
    for column in EVENT_COLUMNS:
        if column.name.startswith("action_geo_"):
            con.execute(f"ALTER TABLE events ADD COLUMN IF NOT EXISTS {column.name} "
                        f"{_STORE_TYPES[column.kind][1]}")
    con.execute(
        """
        -- The map's unit: pair_events' unique events, each at the place it happened
        -- (an event reported at two places counts at both). Unplaced events are left out.
        CREATE VIEW event_places AS
        SELECT event_date, source_country, target_country, cameo,
               least(source_country, target_country) AS a,
               greatest(source_country, target_country) AS b,
               action_geo_name AS place, action_geo_country AS place_country,
               action_geo_adm1 AS place_adm1, action_geo_type AS place_type,
               action_geo_lat AS lat, action_geo_lon AS lon,
               any_value(quad_class) AS quad_class, any_value(goldstein) AS goldstein,
               count(*) AS mentions
        FROM events
        WHERE event_date IS NOT NULL AND source_country <> '' AND target_country <> ''
          AND source_country <> target_country
          AND action_geo_lat IS NOT NULL AND action_geo_lon IS NOT NULL
        GROUP BY event_date, source_country, target_country, cameo, action_geo_name,
                 action_geo_country, action_geo_adm1, action_geo_type, action_geo_lat,
                 action_geo_lon;
        """
    )


def _migration_5(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        -- Sentences that give a motive or cause for what `actor` does towards `partner`
        -- (sword.coding.reasons). Opinions, not events: no analysis of events reads them.
        CREATE TABLE reasons (
            reason_id VARCHAR NOT NULL,
            doc_id VARCHAR NOT NULL,
            sentence_index INTEGER,
            sentence VARCHAR,
            sentence_start INTEGER,
            sentence_end INTEGER,
            reason VARCHAR,
            reason_start INTEGER,
            reason_end INTEGER,
            marker VARCHAR,
            kind VARCHAR,
            actor VARCHAR,
            partner VARCHAR,
            partner_how VARCHAR,
            attribution VARCHAR,
            speaker VARCHAR,
            speaker_name VARCHAR,
            event_date DATE,
            date_precision VARCHAR,
            confidence DOUBLE
        );
        """
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents, sentences, mentions, events; event_groups view", _migration_1),
    Migration(2, "pair_events view: the unique country-pair events every analysis reads",
              _migration_2),
    Migration(3, "appearances: every outlet, date and address a stored text appeared under; "
              "event_groups counts them", _migration_3),
    Migration(4, "event places: action_geo_* columns and the event_places view", _migration_4),
    Migration(5, "reasons: sentences that say why a state acts (not events)", _migration_5),
)
SCHEMA_VERSION = MIGRATIONS[-1].version

TABLES: tuple[str, ...] = (
    "documents",
    "appearances",
    "sentences",
    "mentions",
    "events",
    "event_groups",
    "pair_events",
    "event_places",
    "reasons",
    "schema_version",
)


