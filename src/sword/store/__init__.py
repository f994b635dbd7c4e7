"""The DuckDB store and the queries every analysis reads."""

from sword.store.store import DEFAULT_DB, TABLES, IngestStats, Store

__all__ = ["DEFAULT_DB", "TABLES", "IngestStats", "Store"]
