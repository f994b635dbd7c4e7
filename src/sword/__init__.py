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

from sword.coding.pipeline import code, code_documents
from sword.config import CoderConfig
from sword.errors import SwordError
from sword.ingest import ingest
from sword.model import CodedDocument, Document, Event, Mention

# The analyses, loaded on first use (they bring pandas, DuckDB and networkx).
_ANALYSES = {
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
    if name in _ANALYSES:
        import importlib

        module, function = _ANALYSES[name]
        return getattr(importlib.import_module(module), function)
    raise AttributeError(f"module 'sword' has no attribute {name!r}")
