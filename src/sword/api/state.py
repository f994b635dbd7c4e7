"""The state behind the routes: the store's file and the server's hold on it, caches, the
coder of posted documents and the actor knowledge, with the limits of one request.

The file is shared with other processes while the server runs (DuckDB's rule: one writer
process, and no reader beside it). So the server keeps it open read-only between writes,
which lets notebooks, `duckdb.connect(path, read_only=True)` and `sword relations`/
`shifts`/`network`/`report` read it alongside, and takes the write lock only for one
write (`SwordAPI.writing`): reads in flight finish, the read-only connection closes, the
write opens the file read-write, and the read-only connection comes back after it.

Reads take a cursor of their own (`SwordAPI.reading`); the coder runs under `coder_lock`.
Analyses over the whole store are cached until the next write (`SwordAPI.cached`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from sword.api.errors import ApiError
from sword.api.guards import AuthThrottle
from sword.coding.knowledge import KnowledgeBase
from sword.config import CoderConfig
from sword.errors import Errors, StoreError, StoreLocked
from sword.model import CodedDocument, Document
from sword.store.store import Store

__all__ = ["ApiLimits", "DocumentCoder", "SwordAPI", "default_coder"]

DocumentCoder = Callable[[list[Document]], Iterable[CodedDocument]]


@dataclass(frozen=True, slots=True)
class ApiLimits:
    """What one request may carry, which Host names the server answers to besides its own
    address and the loopback names, and how many failed authentications a client address
    may make in a window (seconds) before it is told to wait (429)."""

    max_body_bytes: int = 10 * 1024 * 1024
    max_documents: int = 1000
    allowed_hosts: tuple[str, ...] = ()
    max_failed_auth: int = 5
    failed_auth_window: float = 60.0


class SwordAPI:
    """The state behind the routes: the store's file, the server's hold on it, the
    coder, the knowledge, and the failed authentications of each client
    (`auth_throttle`)."""

    def __init__(
        self,
        db_path: str | Path,
        token: str | None,
        limits: ApiLimits,
        coder: DocumentCoder,
        knowledge: Callable[[], KnowledgeBase],
        write_wait: float = 10.0,
    ) -> None:
        self.path = Path(db_path)
        self.token = token or None
        self.limits = limits
        self.coder = coder
        self.knowledge = knowledge
        self.write_wait = write_wait  # how long a write waits for other processes' reads
        self.auth_throttle = AuthThrottle(limits.max_failed_auth, limits.failed_auth_window)
        self.coder_lock = threading.Lock()  # spaCy pipelines are not promised thread-safe
        # Reads share the read-only connection; a write has the file to itself.
        self._access = threading.Condition()
        self._readers = 0
        self._writers_waiting = 0  # new reads wait behind them, so writes are not starved
        self._writing = False
        _prepare(self.path)
        self._reader: duckdb.DuckDBPyConnection | None = _open_reader(self.path)
        # Analyses over the whole store (shifts, network layout) are cached until the next
        # write: `generation` counts writes, and a cache entry remembers the one it saw.
        self.generation = 0
        self._cache: dict[tuple, tuple[int, Any]] = {}
        self._cache_lock = threading.Lock()

    def cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """What `compute` answers, remembered under `key` until the next write."""
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == self.generation:
                return hit[1]
            generation = self.generation
        value = compute()
        with self._cache_lock:
            if len(self._cache) >= 64:
                self._cache.clear()
            self._cache[key] = (generation, value)
        return value

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one request, on the read-only connection; closed
        afterwards. Waits while the server writes."""
        with self._access:
            while self._writing or self._writers_waiting:
                self._access.wait()
            if self._reader is None:  # it could not come back after a write: try again
                try:
                    self._reader = _open_reader(self.path)
                except StoreError as e:
                    raise ApiError(Errors.E505.format(reason=e), status=503,
                                   kind="store_error") from e
                self.generation += 1  # another process may have written meanwhile
            cursor = self._reader.cursor()
            self._readers += 1
        try:
            yield cursor
        except duckdb.Error as e:
            raise ApiError(Errors.E505.format(reason=e), status=503, kind="store_error") from e
        finally:
            cursor.close()
            with self._access:
                self._readers -= 1
                self._access.notify_all()

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """The store open read-write, to this caller alone: reads in flight finish first,
        new ones wait. Another process reading the file makes the write wait (up to
        `write_wait` seconds, then 503)."""
        with self._access:
            self._writers_waiting += 1
            while self._writing or self._readers:
                self._access.wait()
            self._writers_waiting -= 1
            self._writing = True
        try:
            if self._reader is not None:
                self._reader.close()
                self._reader = None
            try:
                store = Store(self.path, wait=self.write_wait)
            except StoreError as e:
                raise ApiError(Errors.E507.format(reason=e), status=503,
                               kind="store_error") from e
            try:
                yield store
            finally:
                store.close()
        finally:
            with self._access:
                try:
                    self._reader = _open_reader(self.path)
                except StoreError:
                    self._reader = None  # the next read tries again
                self.generation += 1
                self._writing = False
                self._access.notify_all()

    def close(self) -> None:
        with self._access:
            if self._reader is not None:
                self._reader.close()
                self._reader = None


def _prepare(path: Path) -> None:
    """Create the store or bring its schema up to date (a moment of write lock); when
    other processes are reading it, it is served as it is."""
    try:
        Store(path).close()
    except StoreLocked:  # readers elsewhere (or a read-only connection of this process)
        if not path.exists():
            raise


def _open_reader(path: Path) -> duckdb.DuckDBPyConnection:
    """The server's read-only connection (waiting a moment for another process's write)."""
    return Store(path, read_only=True, wait=5.0).con
def default_coder(config: CoderConfig) -> DocumentCoder:
    """The whole Sword pipeline with `config`, loaded on the first write."""

    def coder(documents: list[Document]) -> Iterable[CodedDocument]:
        # Imported on first write: the read-only API should not pay for spaCy at start-up.
        from sword.coding.pipeline import code_documents

        return code_documents(documents, config)

    return coder
