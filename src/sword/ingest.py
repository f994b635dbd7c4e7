"""Read → code → store, as one library call: used by `sword ingest`, the demo and the API;
with a Dask client the coding runs on its workers (`sword.scale`).

    import sword
    stats = sword.ingest(["corpus/"], "sword.duckdb")

Documents stream through in batches (memory stays bounded); each batch is one
transaction, so an interrupted run loses at most one batch and a rerun completes it. A
document whose text the store already holds is not coded again: where it appeared (outlet,
date, address) is recorded as another appearance of that text. A document
that cannot be read or coded (over the size limit, or an error in coding it) is reported
and skipped: it never costs the other documents their place in the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sword.config import CoderConfig
from sword.errors import InputError
from sword.model import CodedDocument, Document

if TYPE_CHECKING:
    from sword.store import Store

PREFILTER_CHUNK = 256
# DuckDB's own cap while ingesting (its default is 80% of the machine's memory): without
# it the buffer pool and the key indexes grow with the store (+180 MB over 150,000
# documents); with it they stay near the cap, spilling the rest to the file.
STORE_MEMORY_LIMIT = "128MB"


@dataclass(slots=True)
class IngestProgress:
    """Callbacks a caller may pass to follow an ingest: `documents(n)` as n more documents
    are stored or found already stored, `events(total)` with the running number of events
    coded, `skipped(error)` for each input item that could not be read or coded."""

    documents: Callable[[int], None] = lambda n: None
    events: Callable[[int], None] = lambda total: None
    skipped: Callable[[InputError], None] | None = None


@dataclass(slots=True)
class IngestResult:
    """What one ingest did: the store's counts plus what never reached the coder."""

    documents_added: int = 0
    already_stored: int = 0  # known before coding, or found so by the store
    copies_recorded: int = 0  # of those, appearances under a new outlet, date or address
    events_added: int = 0
    skipped: list[str] = field(default_factory=list)  # items that could not be read or coded


def ingest(
    inputs: Iterable[str | Path | Document],
    db: str | Path | None = None,
    *,
    store: Store | None = None,
    config: CoderConfig | None = None,
    batch_size: int = 500,
    progress: IngestProgress | None = None,
    client: Any = None,
) -> IngestResult:
    """Code `inputs` (paths of .txt/.jsonl/.html files and folders, "-", or Document
    objects) and store them with their events in the DuckDB store at `db`, or in `store`
    when the caller holds it open. With `client` (a `dask.distributed.Client`) the coding
    runs on its workers; this process alone reads and writes the store."""
    from sword.store import DEFAULT_DB, Store  # the [store] extra

    progress = progress or IngestProgress()
    config = config or CoderConfig()
    result = IngestResult()

    def note(error: InputError) -> None:
        result.skipped.append(str(error))
        if progress.skipped is not None:
            progress.skipped(error)

    documents = _documents(inputs, config, note)
    if store is None:
        with Store(db or DEFAULT_DB) as opened:
            return _ingest_into(opened, documents, config, batch_size, progress, result, note,
                                client)
    return _ingest_into(store, documents, config, batch_size, progress, result, note, client)


def _documents(inputs: Iterable[str | Path | Document], config: CoderConfig,
               note: Callable[[InputError], None]) -> Iterator[Document]:
    from sword.coding.read import ReadConfig, iter_documents

    read = ReadConfig(default_date=config.default_date)
    for item in inputs:
        if isinstance(item, Document):
            yield item
        else:
            yield from iter_documents([item], read, note)


def _ingest_into(store: Store, documents: Iterator[Document], config: CoderConfig,
                 batch_size: int, progress: IngestProgress, result: IngestResult,
                 note: Callable[[InputError], None], client: Any = None) -> IngestResult:
    def known(n: int, new_appearances: int) -> None:
        result.already_stored += n
        result.copies_recorded += new_appearances
        progress.documents(n)

    with _memory_limit(store, STORE_MEMORY_LIMIT):
        return _store_coded(store, documents, config, batch_size, progress, result, note,
                            client, known)


def _store_coded(store: Store, documents: Iterator[Document], config: CoderConfig,
                 batch_size: int, progress: IngestProgress, result: IngestResult,
                 note: Callable[[InputError], None], client: Any,
                 known: Callable[[int, int], None]) -> IngestResult:
    fresh = unstored(documents, store, known)
    if client is None:
        from sword.coding.pipeline import code_documents

        coded = code_documents(fresh, config, on_error=note)
    else:
        from sword.scale import code_on_cluster

        coded = code_on_cluster(fresh, client, config, note)
    stats = store.ingest(_counting_events(coded, progress.events), batch_size=batch_size,
                         progress=progress.documents)
    result.documents_added = stats.documents_added
    result.already_stored += stats.documents_skipped_duplicate
    result.copies_recorded += stats.appearances_added - stats.documents_added
    result.events_added = stats.events_added
    return result


@contextmanager
def _memory_limit(store: Store, limit: str) -> Iterator[None]:
    """DuckDB's memory limit set to `limit` for the block, then put back (the store may be
    the caller's, open for other work): reset to DuckDB's default when it was that, else
    set to the value DuckDB showed (rounded to a tenth of its unit)."""
    def current() -> str:
        return store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]

    before = current()
    store.con.execute("RESET memory_limit")
    default = current() == before
    store.con.execute(f"SET memory_limit = '{limit}'")
    try:
        yield
    finally:
        store.con.execute("RESET memory_limit" if default else f"SET memory_limit = '{before}'")


def unstored(documents: Iterable[Document], store: Store,
             on_known: Callable[[int, int], None]) -> Iterator[Document]:
    """Drop documents whose text the store already holds, before the costly coding, and
    record where they appeared; `on_known(copies, new appearances)` is told of each chunk.

    The store checks again after coding (the coder may clean the text), so this only
    saves time; it never decides what is stored.
    """
    iterator = iter(documents)
    while chunk := list(islice(iterator, PREFILTER_CHUNK)):
        known = store.known_hashes([d.content_hash() for d in chunk])
        copies = [d for d in chunk if d.content_hash() in known]
        if copies:
            on_known(len(copies), store.record_appearances(copies))
        yield from (d for d in chunk if d.content_hash() not in known)


def _counting_events(coded: Iterable[CodedDocument], report: Callable[[int], None]
                     ) -> Iterator[CodedDocument]:
    total = 0
    for item in coded:
        total += len(item.events)
        report(total)
        yield item
