"""`sword.ingest` caps DuckDB's memory while it writes, and puts the caller's back."""

from __future__ import annotations

import pytest

import sword
from sword.ingest import STORE_MEMORY_LIMIT, IngestProgress
from sword.store import Store

pytestmark = pytest.mark.slow


def _limit(store: Store) -> str:
    return store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]


def test_ingest_memory_limit_holds_while_ingesting_and_is_restored(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        before = _limit(store)
        during: list[str] = []
        sword.ingest([sword.Document(id="a", text="Russia criticised Azerbaijan on Monday.")],
                     store=store, progress=IngestProgress(documents=lambda n: during.append(
                         _limit(store))))
        after = _limit(store)
        store.con.execute(f"SET memory_limit = '{STORE_MEMORY_LIMIT}'")
        capped = _limit(store)
    assert during and set(during) == {capped}
    assert after == before != capped
