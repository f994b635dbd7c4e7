"""The DuckDB store and the queries every analysis reads."""

from sword.extras import require

require("store")

from sword.store.store import DEFAULT_DB, TABLES, IngestStats, Store  # noqa: E402

__all__ = ["DEFAULT_DB", "TABLES", "IngestStats", "Store"]
