"""The DuckDB store: documents, the sentences that produced events, mentions and events.

One process owns the database file (DuckDB's rule): a second process that tries to open
it gets `StoreLocked`. Ingest is idempotent by a document's content hash and runs one
transaction per batch, so a crash loses at most the batch in flight and a rerun completes
it without duplicates. Rows go in through Arrow tables: DuckDB inserts them about 1,500
times faster than `executemany`.

Tables (see `MIGRATIONS` for the exact columns):

    schema_version   one row per applied migration
    documents        one row per distinct document text (content_hash UNIQUE)
    appearances      every outlet, date and address a stored text appeared under: the same
                     wire copy from two outlets is one document with two appearances
    sentences        only sentences that produced at least one event
    mentions         actor mentions the coder resolved
    events           one row per coded event occurrence: the Event record of DESIGN.md,
                     plus `group_id`, the key of the unique event it reports (its evidence
                     sentences are the `evidence` of the events with that group_id)

View:

    event_groups     one row per unique event (event date, source, target, CAMEO code)
                     with counts of mentions, sources (publishers) and articles, each
                     appearance of a text counting as an article;
                     filters on its key columns reach the events scan, so a dyad's
                     groups are quick on a large store

An undated event cannot be matched with reports in other articles, so it forms a group
of its own per document. A document without a publisher counts as its own source.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from sword.days import period_start
from sword.errors import Errors, StoreError, StoreLocked
from sword.model import CodedDocument, Document, Event, Mention, Reach, Reason, make_event_id
from sword.store.queries import event_filters, filter_day
from sword.store.schema import (
    DOCUMENT_SCHEMA,
    EVENT_SCHEMA,
    GROUP_ID_SQL,
    MENTION_SCHEMA,
    MIGRATIONS,
    REASON_SCHEMA,
    SCHEMA_VERSION,
    TABLES,
    add_missing_event_columns,
    appearance_id_sql,
)
from sword.store.serving import read_note

DEFAULT_DB = "sword.duckdb"

# DuckDB COPY options of the formats a whole table can be exported in.
_COPY_FORMATS = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER",
                 "jsonl": "FORMAT json"}

# --- results ---------------------------------------------------------------------------


@dataclass(slots=True)
class IngestStats:
    """What one `ingest` call did."""

    documents_added: int = 0
    documents_skipped_duplicate: int = 0  # text stored already (maybe a new appearance)
    appearances_added: int = 0  # new outlet, date or address for a text, stored or new
    documents_renamed: int = 0  # same id as a stored document but other text: id suffixed
    events_added: int = 0
    mentions_added: int = 0
    sentences_added: int = 0
    batches: int = 0

    def add(self, other: IngestStats) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


# --- the store -------------------------------------------------------------------------

_LOCK_PATTERN = re.compile(r"lock", re.IGNORECASE)
# How long a reader waits for a writer's lock (`sword serve` holds it only while it writes),
# and how long `sword ingest` waits for other processes' reads.
READ_WAIT = 10.0
WRITE_WAIT = 30.0
# DuckDB's memory limit for reading: the analyses of a 10M-event store stay within it
# (benchmarks/store.py), and the process (Python, pandas, DuckDB) under 1.5 GB.
READ_MEMORY_LIMIT = "1GB"
_SIZE = re.compile(r"\d+(\.\d+)?\s*[KMGT]?i?B", re.IGNORECASE)

EVENT_ORDERS: dict[str, str] = {
    "date": "event_date ASC NULLS LAST, event_id",
    "-date": "event_date DESC NULLS LAST, event_id",
    "goldstein": "goldstein ASC, event_id",
    "-goldstein": "goldstein DESC, event_id",
    "confidence": "confidence ASC, event_id",
    "-confidence": "confidence DESC, event_id",
}


class Store:
    """A Sword database file. Use as a context manager; `con` is the DuckDB connection."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False,
                 wait: float | None = None, on_wait: Callable[[str], None] | None = None,
                 memory_limit: str | None = READ_MEMORY_LIMIT, threads: int | None = None
                 ) -> None:
        """Open (or create) the store. While another process holds the file's lock, the
        open is retried for `wait` seconds (default READ_WAIT when reading, none when
        writing), and `on_wait` is told once why; after that, StoreLocked.

        memory_limit: DuckDB's memory limit for a read-only store ("1GB"; None leaves
        DuckDB's default, 80% of the machine): the analyses aggregate inside DuckDB, which
        spills to disk rather than grow past it. threads: DuckDB's threads (None: one
        per core)."""
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(Errors.E301.format(path=self.path))
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        if wait is None:
            wait = READ_WAIT if read_only else 0.0
        self.con = _connect(self.path, read_only, wait, on_wait)
        try:
            if read_only and memory_limit:
                self.con.execute(f"SET memory_limit = '{_size(memory_limit)}'")
            if threads:
                self.con.execute(f"SET threads = {int(threads)}")
            self._migrate()
        except BaseException:
            self.con.close()
            raise

    # context manager ------------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # schema ---------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The highest applied migration, 0 for an empty file."""
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()[0]
        if not exists:
            return 0
        return self.con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[
            0
        ]

    def _migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(Errors.E304.format(
                path=self.path, version=current, supported=SCHEMA_VERSION))
        pending = [m for m in MIGRATIONS if m.version > current]
        if not pending:
            if not self.read_only:
                add_missing_event_columns(self.con)
            return
        if self.read_only:
            if current == 0:
                raise StoreError(Errors.E305.format(path=self.path))
            raise StoreError(Errors.E306.format(
                path=self.path, version=current, supported=SCHEMA_VERSION))
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version "
            "(version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)"
        )
        for migration in pending:
            self.con.execute("BEGIN TRANSACTION")
            try:
                migration.apply(self.con)
                self.con.execute(
                    "INSERT INTO schema_version VALUES (?, ?, current_timestamp)",
                    [migration.version, migration.description],
                )
                self.con.execute("COMMIT")
            except duckdb.Error as e:
                self.con.execute("ROLLBACK")
                raise StoreError(Errors.E307.format(version=migration.version, reason=e)) from e

    # ingest ---------------------------------------------------------------------------

    def ingest(
        self,
        coded: Iterable[CodedDocument],
        batch_size: int = 500,
        progress: Callable[[int], None] | None = None,
    ) -> IngestStats:
        """Store coded documents, one transaction per `batch_size` documents.

        A document whose text is already stored (same content hash) is not coded again:
        its outlet, date and address are recorded as another appearance. A document
        whose id is taken by another text is stored as `<id>#<first 12 hex of its hash>`
        with event ids recomputed. `progress(n)` is called as documents are read from
        `coded` (n new documents each call), before their batch is committed.
        """
        if self.read_only:
            raise StoreError(Errors.E308.format(path=self.path))
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        stats = IngestStats()
        for batch in _batches(coded, batch_size, progress):
            stats.add(self._ingest_coded_batch(batch))
        return stats

    def ingest_arrow(
        self,
        documents: pa.Table,
        events: pa.Table,
        mentions: pa.Table | None = None,
    ) -> IngestStats:
        """Bulk path: store Arrow tables in one transaction (columns of the *_SCHEMA).

        Documents whose content hash is stored already are skipped with their events and
        mentions. Doc ids must be unique and free: a clash with another text raises
        `StoreError`, since rows of two documents with one id cannot be told apart.
        """
        if self.read_only:
            raise StoreError(Errors.E308.format(path=self.path))
        documents = _conform(documents, DOCUMENT_SCHEMA)
        events = _conform(events, EVENT_SCHEMA)
        mentions = _conform(mentions if mentions is not None else MENTION_SCHEMA.empty_table(),
                            MENTION_SCHEMA)
        hashes = documents.column("content_hash").to_pylist()
        ids = documents.column("doc_id").to_pylist()
        if len(set(ids)) != len(ids):
            raise StoreError(Errors.E309)
        self._begin()
        try:
            stored_hashes, stored_ids = self._stored_keys(hashes, ids)
            keep, seen = [], set()
            for doc_id, h in zip(ids, hashes, strict=True):
                fresh = h not in stored_hashes and h not in seen
                seen.add(h)
                if fresh and doc_id in stored_ids:
                    raise StoreError(Errors.E310.format(doc_id=doc_id))
                keep.append(fresh)
            mask = pa.array(keep, type=pa.bool_())
            kept_docs = documents.filter(mask)
            kept_ids = kept_docs.column("doc_id")
            events = events.filter(pc.is_in(events.column("doc_id"), value_set=kept_ids))
            mentions = mentions.filter(pc.is_in(mentions.column("doc_id"), value_set=kept_ids))
            stats = self._insert(kept_docs, events, mentions)
            copies = documents.filter(pc.invert(mask))
            stats.appearances_added += self._insert_appearances(copies)
            stats.documents_skipped_duplicate = copies.num_rows
            self.con.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return stats

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """The content hashes among `hashes` that are stored already."""
        keys = pa.table({"h": pa.array(list(hashes), pa.string())})
        cur = self.con.cursor()
        cur.register("_probe_hashes", keys)
        try:
            rows = cur.execute(
                "SELECT d.content_hash FROM documents d JOIN _probe_hashes k "
                "ON d.content_hash = k.h"
            ).fetchall()
        finally:
            cur.unregister("_probe_hashes")
        return {r[0] for r in rows}

    def _ingest_coded_batch(self, batch: list[CodedDocument]) -> IngestStats:
        hashes = [cd.document.content_hash() for cd in batch]
        ids = [cd.document.id for cd in batch]
        self._begin()
        try:
            stored_hashes, stored_ids = self._stored_keys(hashes, ids)
            rows = _Rows()
            seen_hashes: set[str] = set()
            seen_ids: set[str] = set()
            copies: list[Document] = []
            renamed = 0
            for cd, h in zip(batch, hashes, strict=True):
                if h in stored_hashes or h in seen_hashes:
                    copies.append(cd.document)
                    continue
                seen_hashes.add(h)
                doc_id = cd.document.id
                if doc_id in stored_ids or doc_id in seen_ids:
                    doc_id = f"{doc_id}#{h[:12]}"
                    renamed += 1
                seen_ids.add(doc_id)
                rows.add(cd, doc_id, h)
            *tables, reasons = rows.tables()
            stats = self._insert(*tables)
            self._insert_reasons(reasons)
            stats.appearances_added += self._insert_appearances(_appearance_table(copies))
            stats.documents_skipped_duplicate = len(copies)
            stats.documents_renamed = renamed
            self.con.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return stats

    def _begin(self) -> None:
        try:
            self.con.execute("BEGIN TRANSACTION")
        except duckdb.Error as e:
            raise StoreError(Errors.E311.format(path=self.path, reason=e)) from e

    def _rollback(self) -> None:
        # The transaction may already be aborted by DuckDB; nothing else to undo then.
        with contextlib.suppress(duckdb.Error):
            self.con.execute("ROLLBACK")

    def _stored_keys(self, hashes: list[str], ids: list[str]) -> tuple[set[str], set[str]]:
        keys = pa.table({"h": pa.array(hashes, pa.string()), "i": pa.array(ids, pa.string())})
        self.con.register("_batch_keys", keys)
        try:
            stored_hashes = {
                r[0]
                for r in self.con.execute(
                    "SELECT d.content_hash FROM documents d "
                    "JOIN _batch_keys k ON d.content_hash = k.h"
                ).fetchall()
            }
            stored_ids = {
                r[0]
                for r in self.con.execute(
                    "SELECT d.doc_id FROM documents d JOIN _batch_keys k ON d.doc_id = k.i"
                ).fetchall()
            }
        finally:
            self.con.unregister("_batch_keys")
        return stored_hashes, stored_ids

    def _insert(self, documents: pa.Table, events: pa.Table, mentions: pa.Table) -> IngestStats:
        """Insert within the caller's transaction; sentences are derived from the events."""
        stats = IngestStats(batches=1)
        now = datetime.now()
        try:
            self.con.register("_batch_documents", documents)
            self.con.register("_batch_events", events)
            self.con.register("_batch_mentions", mentions)
            self.con.execute(
                "INSERT INTO documents BY NAME SELECT *, ?::TIMESTAMP AS ingested_at "
                "FROM _batch_documents",
                [now],
            )
            self.con.execute(
                "INSERT INTO appearances SELECT "
                f"{appearance_id_sql('_batch_documents')}, doc_id, content_hash, source, url, "
                "date, title, origin, ?::TIMESTAMP FROM _batch_documents ON CONFLICT DO NOTHING",
                [now],
            )
            self.con.execute(
                f"INSERT INTO events BY NAME SELECT *, {GROUP_ID_SQL} AS group_id "
                "FROM _batch_events"
            )
            self.con.execute("INSERT INTO mentions BY NAME SELECT * FROM _batch_mentions")
            sentences = self.con.execute(
                """
                INSERT INTO sentences
                SELECT doc_id, sentence_index, any_value(evidence),
                       min(evidence_start), max(evidence_end)
                FROM _batch_events
                GROUP BY doc_id, sentence_index
                """
            ).fetchone()[0]
        except duckdb.Error as e:
            raise StoreError(Errors.E312.format(path=self.path, reason=e)) from e
        finally:
            for name in ("_batch_documents", "_batch_events", "_batch_mentions"):
                self.con.unregister(name)
        stats.documents_added = stats.appearances_added = documents.num_rows
        stats.events_added = events.num_rows
        stats.mentions_added = mentions.num_rows
        stats.sentences_added = int(sentences)
        return stats

    def record_appearances(self, documents: Iterable[Document]) -> int:
        """Record where copies of stored texts appeared (outlet, date, address), without
        coding them again; returns the number of appearances that were new."""
        if self.read_only:
            raise StoreError(Errors.E308.format(path=self.path))
        table = _appearance_table(list(documents))
        if table.num_rows == 0:
            return 0
        self._begin()
        try:
            added = self._insert_appearances(table)
            self.con.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return added

    def _insert_appearances(self, copies: pa.Table) -> int:
        """Appearances of texts stored already (within the caller's transaction); a copy
        whose outlet, date and address are recorded already adds nothing."""
        if copies.num_rows == 0:
            return 0
        before = self.con.execute("SELECT count(*) FROM appearances").fetchall()[0][0]
        self.con.register("_batch_copies", copies)
        try:
            self.con.execute(
                f"""
                INSERT INTO appearances
                SELECT {appearance_id_sql("c")} AS appearance_id, d.doc_id, c.content_hash,
                       c.source, c.url, c.date, c.title, c.origin, ?::TIMESTAMP
                FROM _batch_copies c JOIN documents d ON d.content_hash = c.content_hash
                QUALIFY row_number() OVER (PARTITION BY appearance_id) = 1
                ON CONFLICT DO NOTHING
                """,
                [datetime.now()],
            )
        except duckdb.Error as e:
            raise StoreError(Errors.E312.format(path=self.path, reason=e)) from e
        finally:
            self.con.unregister("_batch_copies")
        return self.con.execute("SELECT count(*) FROM appearances").fetchall()[0][0] - before

    def _insert_reasons(self, reasons: pa.Table) -> None:
        """Reason sentences go to their own table (within the caller's transaction)."""
        if reasons.num_rows == 0:
            return
        try:
            self.con.register("_batch_reasons", reasons)
            self.con.execute("INSERT INTO reasons BY NAME SELECT * FROM _batch_reasons")
        except duckdb.Error as e:
            raise StoreError(Errors.E312.format(path=self.path, reason=e)) from e
        finally:
            self.con.unregister("_batch_reasons")

    # export ---------------------------------------------------------------------------

    def export_table(self, table: str, path: str | Path, fmt: str = "parquet") -> int:
        """Write a table or view to a file as parquet, csv (with a header) or jsonl; returns
        the number of rows."""
        if table not in TABLES:
            raise StoreError(Errors.E313.format(table=table, choices=", ".join(TABLES)))
        options = _COPY_FORMATS.get(fmt)
        if options is None:
            raise StoreError(Errors.E318.format(fmt=fmt, table=table,
                                                choices=", ".join(_COPY_FORMATS)))
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        quoted = str(target).replace("'", "''")
        try:
            self.con.execute(f"COPY (SELECT * FROM {table}) TO '{quoted}' ({options})")
        except duckdb.Error as e:
            raise StoreError(Errors.E314.format(table=table, target=target, reason=e)) from e
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def export_parquet(self, table: str, path: str | Path) -> int:
        """Write a table or view to a Parquet file; returns the number of rows."""
        return self.export_table(table, path, "parquet")

    def export_events(self, *, unique: bool = False, chunk: int = 10_000
                      ) -> Iterator[tuple[Event, Reach]]:
        """Stored events with how widely each was reported, by event date. `unique`: one
        row per unique event (the occurrence the coder was surest of), as GDELT's event
        table has it; else every occurrence. Rows are fetched `chunk` at a time."""
        ranked = ("QUALIFY row_number() OVER (PARTITION BY e.group_id ORDER BY "
                  "e.confidence DESC, e.doc_id, e.sentence_index, e.event_id) = 1"
                  if unique else "")
        cur = self.con.cursor()
        cur.execute(
            f"""
            WITH urls AS (
                SELECT doc_id, min(url) AS url FROM appearances WHERE url IS NOT NULL
                GROUP BY doc_id
            )
            SELECT e.* EXCLUDE (group_id), e.group_id, g.mentions, g.sources, g.articles,
                   coalesce(d.url, u.url) AS url
            FROM events e
            JOIN event_groups g ON g.group_id = e.group_id
            LEFT JOIN documents d ON d.doc_id = e.doc_id
            LEFT JOIN urls u ON u.doc_id = e.doc_id
            {ranked}
            ORDER BY e.event_date NULLS LAST, e.group_id, e.event_id
            """
        )
        names = [d[0] for d in cur.description]
        record = len(EVENT_SCHEMA.names)
        while rows := cur.fetchmany(chunk):
            for row in rows:
                values = dict(zip(names[:record], row[:record], strict=True))
                day = values["event_date"]
                values["event_date"] = day.isoformat() if day is not None else None
                values["flags"] = list(values["flags"] or [])
                group_id, mentions, sources, articles, url = row[record:]
                yield Event(**values), Reach(int(mentions), int(sources), int(articles), url,
                                             group_id)

    # queries --------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows in each table, and unique events."""
        cur = self.con.cursor()
        return {
            name: cur.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            for name in ("documents", "appearances", "sentences", "mentions", "events",
                         "event_groups")
        }

    def events(
        self,
        *,
        source: str | None = None,
        target: str | None = None,
        country: str | None = None,
        dyad: tuple[str, str] | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        cameo: str | None = None,
        quad_class: int | None = None,
        doc_id: str | None = None,
        publisher: str | None = None,
        min_confidence: float | None = None,
        limit: int = 100,
        offset: int = 0,
        order: str = "date",
    ) -> list[dict[str, Any]]:
        """Event records matching every given filter, with `publisher` and `group_id`.

        source/target/country match the country code (RUS covers RUSGOV, RUSMIL…);
        dyad=(A, B) matches both directions; cameo matches a code prefix ("19" → 19x);
        order is one of EVENT_ORDERS ("date", "-date", "goldstein", "-goldstein", …).
        """
        where, params = event_filters(
            source=source,
            target=target,
            country=country,
            dyad=dyad,
            since=since,
            until=until,
            cameo=cameo,
            quad_class=quad_class,
            doc_id=doc_id,
            publisher=publisher,
            min_confidence=min_confidence,
        )
        if order not in EVENT_ORDERS:
            raise StoreError(
                Errors.E315.format(order=order, choices=", ".join(EVENT_ORDERS)))
        ordering = _qualify(EVENT_ORDERS[order])
        # Page first, then join the page to its documents: joining every event before
        # the LIMIT takes seconds on millions of rows.
        sql = (
            f"SELECT e.*, d.source AS publisher FROM (SELECT * FROM events e{where} "
            f"ORDER BY {ordering} LIMIT ? OFFSET ?) e "
            f"LEFT JOIN documents d ON d.doc_id = e.doc_id ORDER BY {ordering}"
        )
        return _records(self.con.cursor().execute(sql, [*params, int(limit), int(offset)]))

    def count_events(self, **filters: Any) -> int:
        """How many events `events(**filters)` would page through."""
        where, params = event_filters(**filters)
        sql = "SELECT count(*) FROM events e" + where
        return self.con.cursor().execute(sql, params).fetchone()[0]

    def event_groups(
        self,
        *,
        country: str | None = None,
        dyad: tuple[str, str] | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        min_articles: int = 1,
        limit: int = 100,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Unique events, most widely reported first, each with one evidence sentence
        (all of them: `group_evidence`).

        country matches either side, dyad=(A, B) both directions (country codes).
        """
        common, common_params = ["articles >= ?"], [int(min_articles)]
        if since:
            common.append("event_date >= ?")
            common_params.append(filter_day(since))
        if until:
            common.append("event_date <= ?")
            common_params.append(filter_day(until))
        # One branch per side, joined by UNION ALL: DuckDB pushes a plain AND of key
        # columns into the view's scan of events, but not an OR of them.
        sides: list[tuple[str, list[Any]]] = [("TRUE", [])]
        if dyad:
            a, b = dyad
            sides = [("source_country = ? AND target_country = ?", [a, b]),
                     ("source_country = ? AND target_country = ?", [b, a])]
        elif country:
            sides = [("source_country = ?", [country]),
                     ("target_country = ? AND source_country IS DISTINCT FROM ?",
                      [country, country])]
        branches, params = [], []
        for clause, values in sides:
            branches.append(
                "SELECT * FROM event_groups WHERE " + " AND ".join([clause, *common])
            )
            params += [*values, *common_params]
        sql = (
            " UNION ALL ".join(branches)
            + " ORDER BY articles DESC, mentions DESC, event_date, group_id LIMIT ? OFFSET ?"
        )
        cur = self.con.cursor()
        groups = _records(cur.execute(sql, [*params, int(limit), int(offset)]))
        if groups:
            # one sentence per group: the most confident report
            ids = pa.table({"group_id": [g["group_id"] for g in groups]})
            cur.register("_page_groups", ids)
            try:
                best = dict(cur.execute(
                    "SELECT group_id, arg_max(evidence, confidence) FROM events "
                    "WHERE group_id IN (SELECT group_id FROM _page_groups) GROUP BY group_id"
                ).fetchall())
            finally:
                cur.unregister("_page_groups")
            for group in groups:
                group["evidence"] = best.get(group["group_id"])
        return groups

    def group_evidence(self, group_id: str) -> list[dict[str, Any]]:
        """Every event row (and so every evidence sentence) of one unique event."""
        return _records(
            self.con.cursor().execute(
                "SELECT e.*, d.source AS publisher, d.title, d.url "
                "FROM events e LEFT JOIN documents d USING (doc_id) "
                "WHERE e.group_id = ? ORDER BY d.date, e.doc_id, e.sentence_index",
                [group_id],
            )
        )

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """A stored document with its events, mentions and appearances, or None."""
        cur = self.con.cursor()
        found = _records(cur.execute("SELECT * FROM documents WHERE doc_id = ?", [doc_id]))
        if not found:
            return None
        doc = found[0]
        doc["events"] = _records(
            cur.execute(
                "SELECT * FROM events WHERE doc_id = ? ORDER BY sentence_index, event_id",
                [doc_id],
            )
        )
        doc["mentions"] = _records(
            cur.execute(
                'SELECT * FROM mentions WHERE doc_id = ? ORDER BY "start", "end"', [doc_id]
            )
        )
        doc["appearances"] = _records(
            cur.execute(
                "SELECT * FROM appearances WHERE doc_id = ? "
                "ORDER BY date NULLS LAST, source NULLS LAST, url",
                [doc_id],
            )
        )
        return doc


# --- helpers ---------------------------------------------------------------------------


def _size(value: str) -> str:
    if not _SIZE.fullmatch(value.strip()):
        raise StoreError(Errors.E333.format(value=value))
    return value.strip()


def _connect(path: Path, read_only: bool, wait: float,
             on_wait: Callable[[str], None] | None) -> duckdb.DuckDBPyConnection:
    """Connect to the file, retrying while another process holds its lock."""
    deadline = time.monotonic() + wait
    delay, told = 0.05, False
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as e:
            # a lock held by another process, or (ConnectionException) a connection of
            # this process opened the other way: both are let go of in time
            if not _LOCK_PATTERN.search(str(e)) and "configuration" not in str(e):
                raise StoreError(Errors.E303.format(path=path, reason=e)) from e
            note = None if read_only else read_note(path)
            # served by another process: no write gets in while it runs, so none waits
            if note and note["pid"] != os.getpid():
                raise StoreLocked(Errors.E330.format(path=path, url=note["url"],
                                                     pid=note["pid"])) from e
            left = deadline - time.monotonic()
            if left <= 0:
                raise StoreLocked(Errors.E302.format(path=path)) from e
            if on_wait is not None and not told:
                on_wait(Errors.E331.format(path=path, wait=wait))
                told = True
        except duckdb.Error as e:
            raise StoreError(Errors.E303.format(path=path, reason=e)) from e
        time.sleep(min(delay, max(left, 0.0)))
        delay = min(delay * 2, 0.5)


def _batches(
    items: Iterable[CodedDocument], size: int, progress: Callable[[int], None] | None
) -> Iterator[list[CodedDocument]]:
    iterator = iter(items)
    if progress is None:
        while batch := list(islice(iterator, size)):
            yield batch
        return
    batch: list[CodedDocument] = []
    for item in iterator:
        batch.append(item)
        progress(1)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Rows:
    """Column lists for one batch, turned into Arrow tables at the end."""

    def __init__(self) -> None:
        self.documents: dict[str, list] = {f.name: [] for f in DOCUMENT_SCHEMA}
        self.events: dict[str, list] = {f.name: [] for f in EVENT_SCHEMA}
        self.mentions: dict[str, list] = {f.name: [] for f in MENTION_SCHEMA}
        self.reasons: dict[str, list] = {f.name: [] for f in REASON_SCHEMA}

    def add(self, cd: CodedDocument, doc_id: str, content_hash: str) -> None:
        doc = cd.document
        values = {
            "doc_id": doc_id,
            "content_hash": content_hash,
            "title": doc.title,
            "source": doc.source,
            "url": doc.url,
            "date": doc.date,
            "lang": doc.lang,
            "text": doc.text,
            "origin": doc.origin,
        }
        for name, value in values.items():
            self.documents[name].append(value)
        renamed = doc_id != doc.id
        seen_events: set[str] = set()
        for event in cd.events:
            record = _event_record(event, doc_id, renamed)
            # The same id means the same document, sentence, actors and code: one occurrence.
            if record["event_id"] in seen_events:
                continue
            seen_events.add(record["event_id"])
            for name, column in self.events.items():
                column.append(record[name])
        for mention in cd.mentions:
            for name, column in self.mentions.items():
                column.append(_mention_value(mention, name, doc_id))
        for reason in cd.reasons:
            for name, column in self.reasons.items():
                column.append(_reason_value(reason, name, doc_id))

    def tables(self) -> tuple[pa.Table, pa.Table, pa.Table, pa.Table]:
        return (
            pa.table(self.documents, schema=DOCUMENT_SCHEMA),
            pa.table(self.events, schema=EVENT_SCHEMA),
            pa.table(self.mentions, schema=MENTION_SCHEMA),
            pa.table(self.reasons, schema=REASON_SCHEMA),
        )


def _appearance_table(documents: list[Document]) -> pa.Table:
    columns = {
        "content_hash": [d.content_hash() for d in documents],
        "source": [d.source for d in documents],
        "url": [d.url for d in documents],
        "date": [d.date for d in documents],
        "title": [d.title for d in documents],
        "origin": [d.origin for d in documents],
    }
    return pa.table(columns, schema=pa.schema([DOCUMENT_SCHEMA.field(n) for n in columns]))


def _event_record(event: Event, doc_id: str, renamed: bool) -> dict[str, Any]:
    record = {name: getattr(event, name) for name in EVENT_SCHEMA.names}
    record["doc_id"] = doc_id
    if renamed:
        record["event_id"] = make_event_id(
            doc_id, event.sentence_index, event.source, event.target, event.cameo
        )
    record["event_date"] = period_start(event.event_date)
    record["flags"] = list(event.flags or [])
    return record


def _mention_value(mention: Mention, name: str, doc_id: str) -> Any:
    if name == "doc_id":
        return doc_id
    return getattr(mention, name)


def _reason_value(reason: Reason, name: str, doc_id: str) -> Any:
    if name == "doc_id":
        return doc_id
    if name == "event_date":
        return period_start(reason.event_date)
    if name == "reason_id" and doc_id != reason.doc_id:  # a renamed document: a fresh id
        return Reason(**{**{f: getattr(reason, f) for f in Reason.__slots__},
                         "doc_id": doc_id, "reason_id": ""}).reason_id
    return getattr(reason, name)


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    missing = [f.name for f in schema if f.name not in table.column_names]
    if missing:
        raise StoreError(Errors.E316.format(columns=", ".join(missing)))
    try:
        return table.select(schema.names).cast(schema)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as e:
        raise StoreError(Errors.E317.format(reason=e)) from e


def _qualify(order: str) -> str:
    # ORDER BY terms name event columns; qualify them so the join cannot make them ambiguous.
    return ", ".join("e." + term.strip() for term in order.split(","))


def _records(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    out = []
    for row in cursor.fetchall():
        record = dict(zip(names, row, strict=True))
        for key, value in record.items():
            if isinstance(value, date):  # datetime is a date too
                record[key] = value.isoformat()
        out.append(record)
    return out
