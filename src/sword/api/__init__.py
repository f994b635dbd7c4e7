"""Sword's HTTP API and dashboard over one store.

    from sword.api import create_app, ApiLimits
    app = create_app("sword.duckdb", token, limits=ApiLimits(max_documents=100))

The modules: `app` builds the application; `reads`, `writes` and `dashboard` add its
routes; `params` checks what requests say; `errors` answers what goes wrong; `state`
holds the open store; `server` runs it all (`sword serve`).

The names below load on first use: every `sword` command imports `sword.api.server`,
and FastAPI, DuckDB and the analyses take a second or two to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sword.api._highlights import action_words, event_highlights
    from sword.api.app import create_app
    from sword.api.errors import ApiError
    from sword.api.state import ApiLimits

_EXPORTS = {
    "ApiError": "sword.api.errors",
    "ApiLimits": "sword.api.state",
    "action_words": "sword.api._highlights",
    "create_app": "sword.api.app",
    "event_highlights": "sword.api._highlights",
}

__all__ = ["ApiError", "ApiLimits", "action_words", "create_app", "event_highlights"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'sword.api' has no attribute {name!r}")
