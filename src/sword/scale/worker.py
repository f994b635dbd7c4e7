"""What runs inside a Dask worker: the loaded coder (a worker plugin) and the task that
codes one partition of documents with it.

`CoderPlugin` loads the spaCy pipeline, the actor knowledge, the lexicon and the event
model once per worker process when it is registered (and on every worker that joins
later); `code_partition` finds it on its worker by name, so no task ships a model and no
module holds one. A worker may run several threads: the plugin's lock lets one partition
at a time use the coder, which spaCy's pipeline and the coder's caches assume.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from distributed import WorkerPlugin, get_worker

from sword.config import CoderConfig
from sword.errors import InputError
from sword.model import Document, Event, Mention, Reason

if TYPE_CHECKING:
    from sword.coding.pipeline import Coder


WARM_UP = ("Armenia and Azerbaijan signed a peace agreement in Washington on Friday. "
           "Russian police raided the office of an Azerbaijani news agency in Moscow.")


def plugin_name(config: CoderConfig) -> str:
    """One plugin per coder configuration: two runs with different settings on one
    cluster each get their own coder."""
    return "sword-coder-" + hashlib.sha256(repr(config).encode("utf-8")).hexdigest()[:16]


class CoderPlugin(WorkerPlugin):
    """Holds one loaded `Coder` per worker process for `config`. Registering it again
    (a second run on the same cluster) keeps the loaded one."""

    idempotent = True

    def __init__(self, config: CoderConfig) -> None:
        self.config = config
        self.name = plugin_name(config)
        self.coder: Coder | None = None
        self.lock: threading.Lock | None = None

    def setup(self, worker: Any) -> None:
        from sword.coding.pipeline import Coder

        tune_worker(worker)
        self.lock = threading.Lock()
        self.coder = Coder(self.config)
        # The first document pays for what loads on first use (lazy tables, the event
        # model's embedder): paid here, while the worker starts, not by the first task.
        list(self.coder.code_documents([Document(id="warm-up", text=WARM_UP)]))
        if self.coder.events.model is not None:  # the lexicon codes WARM_UP by itself
            self.coder.events.model.embedder.pieces([WARM_UP])

    def __getstate__(self) -> dict[str, Any]:  # sent to workers without a loaded model
        return {"config": self.config, "name": self.name}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["config"])  # type: ignore[misc]


def tune_worker(worker: Any) -> None:
    """Give the coder a worker process that runs as fast as a plain one.

    Measured (600 documents, one worker against the serial process, CPU seconds): a Dask
    worker coded 17% slower, for Dask's defaults for generic work.
    (1) The nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which also fixes
    glibc's mmap threshold at 128 kB: every array spaCy and onnxruntime allocate above it
    is mapped afresh and faulted in page by page, then unmapped (twice the page faults,
    twice the system time of the serial process). (2) The worker samples every thread's
    stack every 10 ms for its profile page, taking the GIL from the coding thread.
    (3) Its event loop wakes every 20 ms to time itself and every 0.5 s to read the
    machine's counters for the dashboard: slowed to once a second and every 2 s (with
    the driver's side of a local cluster, 4% less CPU in all; `cluster.QUIET`).
    """
    _restore_heap_thresholds()
    callbacks = getattr(worker, "periodic_callbacks", {})
    for name in ("profile", "profile-cycle"):
        if name in callbacks:
            callbacks[name].stop()
    for name, milliseconds in QUIET_CALLBACKS.items():
        if name in callbacks:
            callbacks[name].callback_time = max(callbacks[name].callback_time, milliseconds)


# a worker's event loop: its own timing, and the machine's counters for the dashboard
QUIET_CALLBACKS = {"tick": 1000, "monitor": 2000}


# glibc's limits for its own dynamic thresholds (64-bit): blocks up to 32 MB come from
# the heap, and the heap keeps up to twice that before giving memory back.
MMAP_THRESHOLD = 32 * 1024 * 1024
TRIM_THRESHOLD = 2 * MMAP_THRESHOLD
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt's parameter numbers (malloc.h)


def _restore_heap_thresholds() -> None:
    """The heap's thresholds set to where glibc's dynamic ones end up in a plain process,
    when something set them low (Dask's MALLOC_TRIM_THRESHOLD_). Not glibc: nothing."""
    import ctypes
    import os

    if "MALLOC_TRIM_THRESHOLD_" not in os.environ and "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        return  # glibc's dynamic thresholds still work: leave them
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return
    mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)


@dataclass(frozen=True, slots=True)
class Failure:
    """A document the worker could not code, as the driver reports it: the error's
    class, its catalogue message and its `where` (exceptions with a `where` do not keep
    it through pickling)."""

    kind: type[InputError]
    message: str
    where: str | None

    @classmethod
    def of(cls, error: InputError) -> Failure:
        text = str(error)
        if error.where:
            text = text.removeprefix(f"{error.where}: ")
        return cls(type(error), text, error.where)

    def error(self) -> InputError:
        return self.kind(self.message, where=self.where)


@dataclass(slots=True)
class PartitionResult:
    """What one partition gave: for each coded document its place in the partition, its
    events, mentions and reasons (its text stays with the driver), and each document that
    failed."""

    coded: list[tuple[int, list[Event], list[Mention], list[Reason]]] = field(
        default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def code_partition(name: str, documents: list[Document]) -> PartitionResult:
    """Code `documents` with the coder of plugin `name` on this worker. A document that
    cannot be coded is returned as a failure and the others go on, as in the serial run."""
    plugin: CoderPlugin = get_worker().plugins[name]
    assert plugin.coder is not None and plugin.lock is not None, "plugin not set up"
    result = PartitionResult()
    places = {id(document): i for i, document in enumerate(documents)}
    with plugin.lock:
        for coded in plugin.coder.code_documents(
                documents, on_error=lambda e: result.failures.append(Failure.of(e))):
            result.coded.append((places[id(coded.document)], coded.events, coded.mentions,
                                 coded.reasons))
    return result
