"""Coding documents on a Dask cluster, in the order they were read.

The driver (the process that reads and writes) reads documents lazily and cuts them into
partitions of whole documents (`ScaleConfig.partition_documents` documents, or fewer when
they carry more than `partition_chars` characters). At most `in_flight` partitions are
out at a time, so the driver holds a bounded number of documents whatever the corpus
size; workers code them with the coder their plugin loaded once (`sword.scale.worker`),
and send back only events and mentions. Results come back in reading order: the output
of a run is the serial run's, document for document, whatever the number of workers and
the partitioning. A document a worker fails on is reported to `on_error` exactly as the
serial path reports it (its id, and file:line), and the others go on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sword.coding.parse import OnError
from sword.config import CoderConfig
from sword.errors import ClusterError, Errors, SwordError
from sword.model import CodedDocument, Document
from sword.scale.worker import CoderPlugin, PartitionResult, code_partition, plugin_name

if TYPE_CHECKING:
    from distributed import Client, Future


@dataclass(frozen=True, slots=True)
class ScaleConfig:
    """How documents are cut and sent.

    partition_documents: documents in one task (a few seconds of coding: the cost of a
        task, some milliseconds, stays small beside it).
    partition_chars: a partition holding this many characters is sent even when shorter.
    in_flight: partitions out at a time; None gives two per worker thread plus two, so
        that every worker has the next partition queued while the driver waits.
    """

    partition_documents: int = 32
    partition_chars: int = 400_000
    in_flight: int | None = None


def partitions(documents: Iterable[Document], config: ScaleConfig) -> Iterator[list[Document]]:
    """Consecutive runs of whole documents, read lazily."""
    batch: list[Document] = []
    chars = 0
    for document in documents:
        batch.append(document)
        chars += len(document.text)
        if len(batch) >= config.partition_documents or chars >= config.partition_chars:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def register_coder(client: Client, config: CoderConfig) -> str:
    """Load the coder for `config` on every worker (once per worker process; a worker
    that joins later loads it as it starts) and return the plugin's name."""
    name = plugin_name(config)
    if not client.scheduler_info().get("workers"):
        raise ClusterError(Errors.E151.format(address=client.scheduler.address))
    client.register_plugin(CoderPlugin(config), name=name)  # idempotent: loaded once
    return name


def code_on_cluster(
    documents: Iterable[Document],
    client: Client,
    config: CoderConfig | None = None,
    on_error: OnError | None = None,
    scale: ScaleConfig | None = None,
) -> Iterator[CodedDocument]:
    """One CodedDocument per document that could be coded, in reading order, coded on the
    cluster of `client`. Without `on_error` a document that fails raises its error."""
    config = config or CoderConfig()
    scale = scale or ScaleConfig()
    name = register_coder(client, config)
    limit = scale.in_flight or 2 * _threads(client) + 2
    out: deque[tuple[list[Document], Future]] = deque()
    for batch in partitions(documents, scale):
        out.append((batch, client.submit(code_partition, name, batch, pure=False)))
        if len(out) >= limit:
            yield from _collect(*out.popleft(), on_error)
    while out:
        yield from _collect(*out.popleft(), on_error)


def _threads(client: Client) -> int:
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(w.get("nthreads", 1) for w in workers.values()))


def _collect(batch: list[Document], future: Future, on_error: OnError | None
             ) -> Iterator[CodedDocument]:
    result = _result(batch, future)
    for failure in result.failures:
        if on_error is None:
            raise failure.error()
        on_error(failure.error())
    for place, events, mentions, reasons in result.coded:
        yield CodedDocument(batch[place], events, mentions, reasons)


def _result(batch: list[Document], future: Future) -> PartitionResult:
    from distributed import KilledWorker

    try:
        return future.result()
    except SwordError:
        raise  # a model that cannot load stops every document, as in the serial run
    except (KilledWorker, OSError, TimeoutError) as e:
        raise ClusterError(Errors.E152.format(first=batch[0].id, last=batch[-1].id,
                                              reason=f"{type(e).__name__}: {e}")) from e
