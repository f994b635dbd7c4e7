"""JSON-ready values from what DuckDB and the analyses answer: dates as ISO strings, NaN
and infinities as null."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import duckdb

__all__ = ["plain", "plain_rows"]


def plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO strings, NaN as null."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def plain_rows(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The rows a query answered, as JSON-ready dicts by column name."""
    names = [d[0] for d in cursor.description]
    return [
        {name: plain(value) for name, value in zip(names, row, strict=True)}
        for row in cursor.fetchall()
    ]
