"""The user's cache: built once, loaded while its key holds, rebuilt when a data file
changes, never written inside the package, and never a reason to fail."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import numpy as np
import pytest

from sword import cache
from sword.coding import knowledge

PACKAGE_DATA = knowledge.DATA_DIR


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    monkeypatch.delenv(cache.SWITCH_ENV, raising=False)
    return folder


def test_cache_builds_once_then_loads(cache_dir: Path) -> None:
    calls = []

    def build() -> dict:
        calls.append(1)
        return {"built": len(calls)}

    assert cache.cached("thing", "k1", build) == {"built": 1}
    assert cache.cached("thing", "k1", build) == {"built": 1}
    assert len(calls) == 1
    assert [p.name for p in cache_dir.iterdir()] == ["thing-k1.pickle"]
    # a new key rebuilds and takes the stale file away
    assert cache.cached("thing", "k2", build) == {"built": 2}
    assert [p.name for p in cache_dir.iterdir()] == ["thing-k2.pickle"]


def test_cache_a_damaged_file_is_rebuilt(cache_dir: Path) -> None:
    cache.cached("thing", "k", lambda: [1, 2, 3])
    (cache_dir / "thing-k.pickle").write_bytes(b"not a pickle")
    assert cache.cached("thing", "k", lambda: [4]) == [4]
    assert cache.cached("thing", "k", lambda: [5]) == [4]


def test_cache_unwritable_directory_still_answers(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    assert cache.cached("thing", "k", lambda: "value") == "value"


def test_cache_switched_off_builds_every_time(cache_dir: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.SWITCH_ENV, "0")
    assert cache.cached("thing", "k", lambda: 1) == 1
    assert cache.cached("thing", "k", lambda: 2) == 2
    assert not cache_dir.exists()


def test_cache_default_directory_is_the_users(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    folder = cache.cache_dir()
    assert "sword" in folder.parts[-2:]
    assert not folder.resolve().is_relative_to(PACKAGE_DATA.parent.resolve())


def test_cache_arrays_are_mapped_read_only(cache_dir: Path) -> None:
    table = np.arange(12, dtype=np.uint32).reshape(3, 4)
    built = cache.cached_arrays("tables", "k", lambda: {"t": table, "labels": np.array(["a"])})
    assert np.array_equal(built["t"], table)
    loaded = cache.cached_arrays("tables", "k", lambda: pytest.fail("rebuilt"))
    assert np.array_equal(loaded["t"], table) and loaded["labels"].tolist() == ["a"]
    assert not loaded["t"].flags.writeable
    assert memoryview(loaded["t"]).cast("B").cast("I")[5] == 5


def _resident_kb(name: str) -> int:
    """Kilobytes of this process's mappings of files called `name` that are in memory."""
    total, mapped = 0, ""
    for line in Path("/proc/self/smaps").read_text().splitlines():
        parts = line.split()
        if parts and "-" in parts[0] and not parts[0].endswith(":"):
            mapped = parts[-1]
        elif parts and parts[0] == "Rss:" and mapped.endswith(name):
            total += int(parts[1])
    return total


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="reads Linux's smaps")
def test_cache_arrays_cost_only_the_pages_read(cache_dir: Path) -> None:
    table = np.arange(8 << 20, dtype=np.uint32)  # 32 MB
    cache.cached_arrays("big", "k", lambda: {"big_table": table})
    loaded = cache.cached_arrays("big", "k", lambda: pytest.fail("rebuilt"))
    cells = memoryview(loaded["big_table"])
    assert [cells[i] for i in range(0, 8 << 20, 1 << 20)] == list(range(0, 8 << 20, 1 << 20))
    # eight reads far apart: eight pages (and their neighbours), not eight 2 MB folios
    assert _resident_kb("big_table.npy") < 2048


def test_cache_knowledge_key_follows_the_data_files(tmp_path: Path, cache_dir: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(PACKAGE_DATA, data, ignore=shutil.ignore_patterns("corpus", "*.npz"))
    key = knowledge.knowledge_key(data)
    assert knowledge.knowledge_key(data) == key
    (data / "verbs.tsv").write_text("not knowledge\n")  # the lexicon's, not the knowledge's
    assert knowledge.knowledge_key(data) == key
    places = data / "places.csv"
    places.write_text(places.read_text(encoding="utf-8") + "Testopolis,TST,,\n",
                      encoding="utf-8")
    assert knowledge.knowledge_key(data) != key


def test_cache_default_knowledge_is_cached_outside_the_package(cache_dir: Path) -> None:
    before = sorted(p.name for p in PACKAGE_DATA.rglob("*"))
    knowledge.default_knowledge.cache_clear()
    try:
        kb = knowledge.default_knowledge()
        files = list(cache_dir.glob("knowledge-*.pickle"))
        assert len(files) == 1
        knowledge.default_knowledge.cache_clear()
        again = knowledge.default_knowledge()  # from the cache this time
        assert again is not kb and again.names == kb.names and again.people == kb.people
        assert again.names == knowledge.load_knowledge().names
    finally:
        knowledge.default_knowledge.cache_clear()
    assert sorted(p.name for p in PACKAGE_DATA.rglob("*")) == before


def test_cache_default_lexicon_equals_the_files(cache_dir: Path) -> None:
    from types import MappingProxyType

    from sword.coding import lexicon

    lexicon.default_lexicon.cache_clear()
    try:
        built = lexicon.default_lexicon()
        lexicon.default_lexicon.cache_clear()
        loaded = lexicon.default_lexicon()  # from the cache
    finally:
        lexicon.default_lexicon.cache_clear()
    assert len(list(cache_dir.glob("lexicon-*.pickle"))) == 1
    assert built == loaded == lexicon.load_lexicon()
    assert isinstance(loaded.rules.number_words, MappingProxyType)


def test_cache_folder_is_built_once_and_whole(cache_dir: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def build(folder: Path) -> None:
        calls.append(1)
        (folder / "model.onnx").write_bytes(b"graph %d" % len(calls))
        (folder / "weights.bin").write_bytes(b"w" * 10)

    first = cache.cached_folder("model", "k1", build)
    assert first == cache_dir / "model-k1" and (first / "model.onnx").read_bytes() == b"graph 1"
    assert cache.cached_folder("model", "k1", build) == first and len(calls) == 1
    assert (cache.cached_folder("model", "k2", build) / "model.onnx").read_bytes() == b"graph 2"
    assert sorted(p.name for p in cache_dir.iterdir()) == ["model-k2"]  # no stale, no temp

    def broken(folder: Path) -> None:
        (folder / "half").write_bytes(b"x")
        raise OSError("disk full")

    assert cache.cached_folder("model", "k3", broken) is None  # and nothing half-written
    assert sorted(p.name for p in cache_dir.iterdir()) == ["model-k2"]
    monkeypatch.setenv(cache.SWITCH_ENV, "0")
    assert cache.cached_folder("model", "k2", build) is None


@dataclasses.dataclass(frozen=True, slots=True)
class _Base:
    name: str
    tags: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class _Place(_Base):
    lat: float = 0.0
    seen: list[str] = dataclasses.field(default_factory=list, compare=False)


def test_cache_frozen_dataclasses_come_back_equal_and_shared(cache_dir: Path) -> None:
    paris = _Place("Paris", ("city",), 48.85, ["fr"])
    value = {"paris": [paris], "capital of France": [paris], "other": [_Base("x")]}
    cache.cached("places", "k1", lambda: value)
    stored = (cache_dir / "places-k1.pickle").read_bytes()
    assert b"_rebuild_frozen" in stored  # not through each object's own __setstate__
    loaded = cache.cached("places", "k1", lambda: pytest.fail("rebuilt"))
    assert loaded == value and loaded["paris"][0].seen == ["fr"]
    assert loaded["paris"][0] is loaded["capital of France"][0]  # one object, as built
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded["paris"][0].lat = 1.0  # type: ignore[misc]
