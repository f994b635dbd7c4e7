"""The state behind the routes: one open store, its locks and caches, the coder of posted
documents and the actor knowledge, with the limits of one request.

Reads take a cursor of their own (`SwordAPI.reading`); writes hold `write_lock`, and the
coder runs under `coder_lock`. Analyses over the whole store are cached until the next
write (`SwordAPI.cached`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import duckdb

from sword.api.errors import ApiError
from sword.api.guards import AuthThrottle
from sword.coding.knowledge import KnowledgeBase
from sword.config import CoderConfig
from sword.errors import Errors
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
    """The state behind the routes: the store, the write lock, the coder, the knowledge,
    and the failed authentications of each client (`auth_throttle`)."""

    def __init__(
        self,
        store: Store,
        token: str | None,
        limits: ApiLimits,
        coder: DocumentCoder,
        knowledge: Callable[[], KnowledgeBase],
    ) -> None:
        self.store = store
        self.token = token or None
        self.limits = limits
        self.coder = coder
        self.knowledge = knowledge
        self.auth_throttle = AuthThrottle(limits.max_failed_auth, limits.failed_auth_window)
        self.write_lock = threading.Lock()
        self.coder_lock = threading.Lock()  # spaCy pipelines are not promised thread-safe
        self._reader = store.con.cursor()
        self._reader_lock = threading.Lock()
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
        """A cursor of its own for one request; closed afterwards."""
        with self._reader_lock:
            cursor = self._reader.cursor()
        try:
            yield cursor
        except duckdb.Error as e:
            raise ApiError(Errors.E505.format(reason=e), status=503, kind="store_error") from e
        finally:
            cursor.close()

    def close(self) -> None:
        self._reader.close()
        self.store.close()


def default_coder(config: CoderConfig) -> DocumentCoder:
    """The whole Sword pipeline with `config`, loaded on the first write."""

    def coder(documents: list[Document]) -> Iterable[CodedDocument]:
        # Imported on first write: the read-only API should not pay for spaCy at start-up.
        from sword.coding.pipeline import code_documents

        return code_documents(documents, config)

    return coder
