"""Sword: political event data from international news.

The pipeline reads documents, parses them with spaCy, resolves actors, codes events in
CAMEO/PLOVER with the sentence that proves them, stores them in DuckDB and analyses how
relationships between states move over time.
"""

__version__ = "0.1.0"

from sword.coding.pipeline import code, code_documents
from sword.config import CoderConfig
from sword.errors import SwordError
from sword.model import CodedDocument, Document, Event, Mention

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
]
