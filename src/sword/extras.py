"""Optional parts of Sword and the packages each needs (`pip install 'project-sword[extra]'`).

The core codes text and writes files; a subpackage that needs an extra calls `require`
when it is imported, so a missing package gives one clear sentence instead of a traceback.
"""

from __future__ import annotations

import importlib.util

from sword.errors import Errors, MissingExtra

EXTRAS: dict[str, tuple[str, ...]] = {
    "store": ("duckdb", "pandas", "networkx", "ruptures"),
    "report": ("plotly",),
    "server": ("fastapi", "uvicorn"),
    "dask": ("dask", "distributed"),
}


def require(extra: str) -> None:
    """Raise MissingExtra, saying how to install it, when a package of `extra` is missing."""
    missing = [m for m in EXTRAS[extra] if importlib.util.find_spec(m) is None]
    if missing:
        raise MissingExtra(Errors.E130.format(extra=extra, missing=", ".join(missing)))
