"""Continuous ingestion: watch folders, files and feeds, and code and store what is new.

    with Store("sword.duckdb") as store:
        summary = watch(["incoming/", "https://host/feed.xml"], store, WatchConfig())

Folders are scanned every `WatchConfig.interval` seconds (polling: it works the same on
local disks and network mounts, and needs nothing beyond the standard library). A file is
read once its size and modification time have stayed the same for `settle` seconds, so
one still being written is not read half-done; a writer that may pause for longer writes
under a name Sword does not read (".x.jsonl" or "x.jsonl.part") and renames the file
when it is complete. Feeds at web addresses are polled
every `feed_interval` seconds; only their items not seen before are fetched.

What was ingested is kept in a state file next to the store (`<db>.watch.jsonl`, one JSON
line a file: path, size, mtime, sha256; or a feed item: its key), written after the
file's documents are committed. A restart reads it and goes on where the watch stopped:
a file seen before is read again only when its content changed (its sha256), a feed item
is never fetched twice. A crash between the commit and the state line makes the file be
read again on restart; the store, which keeps each text once, then adds nothing.

A file or item that cannot be read is reported to `on_error` (with its path) and skipped,
and the watch goes on; an unreadable file is tried again once it changes, a feed item that
could not be fetched at the feed's next poll. A state file that cannot be read or written
stops the watch (StoreError). KeyboardInterrupt
(Ctrl-C) ends the watch between two steps, with the summary of what it did.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sword.coding.feeds import feed_documents, is_web_address
from sword.coding.read import (
    ReadConfig,
    file_document_id,
    folder_inputs,
    input_kind,
    read_input_file,
    with_language,
)
from sword.config import CoderConfig
from sword.errors import Errors, InputError, InputWarning, StoreError, StoreLocked
from sword.ingest import IngestProgress, IngestResult, ingest
from sword.model import Document

if TYPE_CHECKING:
    from sword.store import Store

STATE_SUFFIX = ".watch.jsonl"
_HASH_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class WatchConfig:
    """How a watch runs.

    interval: seconds between two scans of the watched folders and files.
    settle: seconds a file's size and modification time must stay unchanged before it is
      read (None: `interval`).
    feed_interval: seconds between two polls of a feed at a web address.
    max_idle: stop after this many seconds with nothing new and nothing pending (None:
      run until interrupted).
    batch_size: documents per database transaction.
    """

    interval: float = 5.0
    settle: float | None = None
    feed_interval: float = 900.0
    max_idle: float | None = None
    batch_size: int = 500


@dataclass(slots=True)
class WatchSummary:
    """What a watch did, in all: files and feed items read, documents and events stored,
    input items skipped, and whether it ended by an interrupt."""

    files: int = 0
    feed_items: int = 0
    documents_added: int = 0
    already_stored: int = 0
    events_added: int = 0
    skipped: int = 0
    interrupted: bool = False

    def add(self, result: IngestResult) -> None:
        self.documents_added += result.documents_added
        self.already_stored += result.already_stored
        self.events_added += result.events_added


def state_path(db: str | Path) -> Path:
    """The watch-state file of the store at `db`: next to it, named `<db>.watch.jsonl`."""
    db = Path(db)
    return db.with_name(db.name + STATE_SUFFIX)


def check_targets(inputs: Sequence[str | Path]) -> None:
    """Raise InputError (E060) for an input a watch cannot follow: it must be a folder, a
    file Sword reads, or a feed's web address."""
    for item in inputs:
        text = str(item)
        if is_web_address(text):
            continue
        path = Path(text)
        if path.is_dir() or (path.is_file() and input_kind(path) is not None):
            continue
        raise InputError(Errors.E060.format(path=text), where=text)


# --- the state file ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileMark:
    """A file as it was when read: size, modification time (ns) and sha256."""

    size: int
    mtime_ns: int
    sha256: str


@dataclass(slots=True)
class WatchState:
    """What a watch has ingested (files by path, feed items by key), appended to a JSONL
    file line by line. Load it with `WatchState.load`."""

    path: Path
    files: dict[str, FileMark] = field(default_factory=dict)
    items: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path, on_warning: Callable[[InputWarning], None] | None = None
             ) -> WatchState:
        """The state in `path` (empty when there is none). A line that is not a record
        (the last one of a watch killed while writing it) is reported and ignored."""
        state = cls(path)
        if not path.exists():
            return state
        try:
            with path.open(encoding="utf-8") as lines:
                for lineno, line in enumerate(lines, 1):
                    if not line.strip():
                        continue
                    try:
                        state._apply(json.loads(line))
                    except (ValueError, KeyError, TypeError) as e:
                        if on_warning is not None:
                            on_warning(InputWarning(Errors.E061.format(
                                path=path, line=lineno, reason=e)))
        except OSError as e:  # UnicodeDecodeError is a ValueError: caught per line above
            raise StoreError(Errors.E063.format(path=path, reason=e.strerror or e)) from e
        return state

    def _apply(self, record: dict) -> None:
        if "item" in record:
            self.items.add(str(record["item"]))
        else:
            self.files[str(record["file"])] = FileMark(int(record["size"]),
                                                       int(record["mtime_ns"]),
                                                       str(record["sha256"]))

    def has_item(self, key: str) -> bool:
        return key in self.items

    def record_file(self, path: Path, mark: FileMark, documents: int) -> None:
        self.files[str(path)] = mark
        self._append({"file": str(path), "size": mark.size, "mtime_ns": mark.mtime_ns,
                      "sha256": mark.sha256, "documents": documents})

    def record_items(self, keys: Iterable[str], feed: str) -> None:
        for key in keys:
            if key not in self.items:
                self.items.add(key)
                self._append({"item": key, "feed": feed})

    def _append(self, record: dict) -> None:
        record["at"] = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            with self.path.open("a", encoding="utf-8") as out:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                out.flush()
                os.fsync(out.fileno())
        except OSError as e:
            raise StoreError(Errors.E063.format(path=self.path, reason=e.strerror or e)) from e


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- the watch ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Pending:
    """A file seen with this size and mtime since `since` (monotonic seconds)."""

    size: int
    mtime_ns: int
    since: float


@dataclass(frozen=True, slots=True)
class _ReadyFile:
    """A file to read: it settled and its content is not the one recorded."""

    path: Path
    key: str  # the absolute path: the state's key
    doc_id: str
    mark: FileMark


class Watcher:
    """A watch of `inputs` (folders, files, feeds' web addresses) into the store at `db`.

    `run()` scans until `max_idle` or an interrupt and returns the summary; `step()` does
    one scan and the feed polls that are due. The store is open only while new documents
    are stored, so other commands can read it between scans; a scan that finds it in use
    keeps its files for the next one. `on_ingested(name, result)` hears of every file or
    feed read; `on_error` of every item skipped; `on_warning` of fields left unknown,
    documents not coded and a store found in use.
    """

    def __init__(
        self,
        inputs: Sequence[str | Path],
        db: str | Path,
        config: WatchConfig | None = None,
        *,
        read: ReadConfig | None = None,
        coder: CoderConfig | None = None,
        on_error: Callable[[InputError], None] | None = None,
        on_warning: Callable[[InputWarning], None] | None = None,
        on_ingested: Callable[[str, IngestResult], None] | None = None,
    ) -> None:
        check_targets(inputs)
        self.db = Path(db)
        self.config = config or WatchConfig()
        self.read = read or ReadConfig()
        self.coder = coder or CoderConfig(default_date=self.read.default_date)
        self.summary = WatchSummary()
        self.state = WatchState.load(state_path(self.db), on_warning)
        self._paths = [Path(str(i)) for i in inputs if not is_web_address(str(i))]
        self._feeds = {str(i): 0.0 for i in inputs if is_web_address(str(i))}
        self._pending: dict[str, _Pending] = {}
        self._unreadable: dict[str, tuple[int, int]] = {}
        self._unlistable: set[str] = set()
        self._locked = False
        self._errors = on_error
        self._warnings = on_warning
        self._ingested = on_ingested or (lambda name, result: None)

    @property
    def has_feeds(self) -> bool:
        return bool(self._feeds)

    @property
    def settle(self) -> float:
        return self.config.interval if self.config.settle is None else self.config.settle

    def run(self) -> WatchSummary:
        """Scan every `interval` seconds until nothing has been new or pending for
        `max_idle` seconds, or until interrupted (Ctrl-C)."""
        idle_since = time.monotonic()
        try:
            while True:
                if self.step():
                    idle_since = time.monotonic()
                elif (self.config.max_idle is not None
                      and time.monotonic() - idle_since >= self.config.max_idle):
                    break
                time.sleep(self.config.interval)
        except KeyboardInterrupt:
            self.summary.interrupted = True
        return self.summary

    def step(self) -> bool:
        """One scan of the folders and files and the feed polls that are due; true when
        something was new or is still settling."""
        ready = [f for f in map(self._prepare, self._scan()) if f is not None]
        feeds = self._due_feeds()
        busy = bool(self._pending) or bool(ready)
        if not ready and not feeds:
            return busy
        from sword.store import Store  # the [store] extra

        try:
            with Store(self.db) as store:
                self._locked = False
                for file in ready:
                    self._ingest_file(store, file)
                for location in feeds:
                    busy = self._poll_feed(store, location) or busy
        except StoreLocked as e:
            if not self._locked and self._warnings is not None:
                self._warnings(InputWarning(Errors.E062.format(reason=e)))
            self._locked = True
            for location in feeds:
                self._feeds[location] = 0.0  # due again at the next scan
            return True
        return busy

    # scanning -----------------------------------------------------------------------------

    def _listing(self) -> Iterator[tuple[Path, str]]:
        own = self.state.path.absolute()
        for target in self._paths:
            if target.is_dir():
                found = folder_inputs(target, self.read.recursive, self._listing_error)
            else:
                found = iter([(target, file_document_id(target))])
            for path, doc_id in found:
                if path.absolute() != own:  # a store kept in the watched folder
                    yield path, doc_id

    def _scan(self) -> Iterator[tuple[Path, str, str, int, int]]:
        """(path, key, doc id, size, mtime) of each file that settled with a size or
        mtime other than the recorded ones."""
        now, wall = time.monotonic(), time.time()
        for path, doc_id in self._listing():
            key = str(path.absolute())
            try:
                stat = path.stat()
            except OSError:  # gone since it was listed
                self._pending.pop(key, None)
                continue
            size, mtime = stat.st_size, stat.st_mtime_ns
            mark = self.state.files.get(key)
            if (mark is not None and (mark.size, mark.mtime_ns) == (size, mtime)) \
                    or self._unreadable.get(key) == (size, mtime):
                continue
            if self._settling(key, size, mtime, now, wall):
                continue
            self._pending.pop(key, None)
            yield path, key, doc_id, size, mtime

    def _settling(self, key: str, size: int, mtime_ns: int, now: float, wall: float) -> bool:
        """Whether a file may still be being written: changed less than `settle` seconds
        ago, by its mtime and by what earlier scans saw (mtimes from a clock ahead of
        ours cannot keep a file waiting for ever)."""
        fresh = wall - mtime_ns / 1e9 < self.settle
        seen = self._pending.get(key)
        if seen is None or (seen.size, seen.mtime_ns) != (size, mtime_ns):
            self._pending[key] = _Pending(size, mtime_ns, now)
            return fresh
        return fresh and now - seen.since < self.settle

    def _prepare(self, found: tuple[Path, str, str, int, int]) -> _ReadyFile | None:
        """The file to read, or None when it cannot be read (reported; tried again once
        it changes) or holds the content recorded already (only touched or copied)."""
        path, key, doc_id, size, mtime = found
        try:
            digest = file_sha256(path)
        except OSError as e:
            self._on_error(InputError(Errors.E004.format(reason=e.strerror or e),
                                      where=str(path)))
            self._unreadable[key] = (size, mtime)
            return None
        mark = FileMark(size, mtime, digest)
        recorded = self.state.files.get(key)
        if recorded is not None and recorded.sha256 == digest:
            self.state.record_file(Path(key), mark, documents=0)
            return None
        return _ReadyFile(path, key, doc_id, mark)

    # reading and storing ------------------------------------------------------------------

    def _ingest_file(self, store: Store, file: _ReadyFile) -> None:
        if input_kind(file.path) == "feed":
            result, _ = self._ingest_feed(store, file.path)
        else:
            documents = read_input_file(file.path, file.doc_id, self.read, self._on_error,
                                        self._warnings)
            result = self._store(store, documents)
        try:
            stat = file.path.stat()
            unchanged = (stat.st_size, stat.st_mtime_ns) == (file.mark.size, file.mark.mtime_ns)
        except OSError:
            unchanged = False
        if unchanged:  # else it changed while being read: it is read again once settled
            self.state.record_file(Path(file.key), file.mark,
                                   result.documents_added + result.already_stored)
        self.summary.files += 1
        self._ingested(str(file.path), result)

    def _poll_feed(self, store: Store, location: str) -> bool:
        result, items = self._ingest_feed(store, location)
        self._feeds[location] = time.monotonic() + self.config.feed_interval
        if items:
            self._ingested(location, result)
        return items > 0

    def _ingest_feed(self, store: Store, source: str | Path) -> tuple[IngestResult, int]:
        """Store the feed's items not recorded yet; record them; (result, items read)."""
        keys: list[str] = []

        def noted(documents: Iterable[Document]) -> Iterator[Document]:
            for document in documents:
                keys.append(document.id)
                yield document

        documents = feed_documents(source, self.read.feeds, self._on_error,
                                   self.read.default_date, skip=self.state.has_item)
        result = self._store(store, with_language(noted(documents), self.read,
                                                  self._warnings))
        self.state.record_items(keys, feed=str(source))
        self.summary.feed_items += len(keys)
        return result, len(keys)

    def _store(self, store: Store, documents: Iterable[Document]) -> IngestResult:
        result = ingest(documents, store=store, config=self.coder,
                        batch_size=self.config.batch_size,
                        progress=IngestProgress(skipped=self._on_error))
        self.summary.add(result)
        return result

    def _due_feeds(self) -> list[str]:
        now = time.monotonic()
        return [location for location, due in self._feeds.items() if due <= now]

    def _listing_error(self, error: InputError) -> None:
        """A folder that cannot be listed is reported once, not at every scan."""
        if str(error) not in self._unlistable:
            self._unlistable.add(str(error))
            self._on_error(error)

    def _on_error(self, error: InputError) -> None:
        self.summary.skipped += 1
        if self._errors is not None:
            self._errors(error)


def watch(inputs: Sequence[str | Path], db: str | Path, config: WatchConfig | None = None,
          **options: object) -> WatchSummary:
    """Watch `inputs` into the store at `db` until `config.max_idle` or Ctrl-C; the
    keyword options are those of `Watcher`."""
    return Watcher(inputs, db, config, **options).run()  # type: ignore[arg-type]
