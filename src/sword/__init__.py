"""Sword: political event data from international news.

The pipeline reads documents, parses them with spaCy, resolves actors, codes events in
CAMEO/PLOVER with the sentence that proves them, stores them in DuckDB and analyses how
relationships between states move over time.

    import sword
    events = sword.code("Azeri police raided the Sputnik office in Baku.", date="2025-06-30")
    sword.ingest(["corpus/"], "sword.duckdb")
    with sword.store.Store("sword.duckdb", read_only=True) as store:
        sword.relations(store.con, "RUS", "AZE", freq="quarter")
        sword.shifts(store.con, min_events=8)
        sword.network(store.con, at="2025-06-30", window="12m")
"""

__version__ = "0.1.0"

from typing import Any

from sword.config import CoderConfig
from sword.errors import SwordError
from sword.ingest import ingest
from sword.model import CodedDocument, Document, Event, Mention

# Loaded on first use, so that `import sword` (and every `sword` command) stays light: the
# coder brings spaCy, the analyses pandas, DuckDB and networkx.
_LAZY = {
    "code": ("sword.coding.pipeline", "code"),
    "code_documents": ("sword.coding.pipeline", "code_documents"),
    "relations": ("sword.analysis.relations", "dyad_timeline"),
    "shifts": ("sword.analysis.shifts", "find_shifts"),
    "network": ("sword.analysis.network", "signed_graph"),
    "framing": ("sword.analysis.framing", "framing"),
}

__all__ = [
    "CodedDocument",
    "CoderConfig",
    "Document",
    "Event",
    "Mention",
    "SwordError",
    "__version__",
    "code",
    "code_documents",
    "framing",
    "ingest",
    "network",
    "relations",
    "shifts",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, function = _LAZY[name]
        return getattr(importlib.import_module(module), function)
    raise AttributeError(f"module 'sword' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
