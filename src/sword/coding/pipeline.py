"""The coding pipeline: read documents → parse → actors → events, as plain functions.

    >>> import sword
    >>> events = sword.code("Azeri police raided the Sputnik office in Baku.", date="2025-07-01")
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from datetime import date

from spacy.tokens import Doc

from sword.coding.actors import ActorRecognizer
from sword.coding.events import EventCoder
from sword.coding.knowledge import default_knowledge
from sword.coding.learned import EventTypeModel
from sword.coding.lexicon import default_lexicon
from sword.coding.parse import load_pipeline, parse_documents
from sword.config import CoderConfig
from sword.days import optional_day
from sword.model import CodedDocument, Document, Event


class Coder:
    """The loaded pipeline: spaCy model, actor recognizer and event coder."""

    def __init__(self, config: CoderConfig | None = None) -> None:
        self.config = config or CoderConfig()
        self.nlp = load_pipeline(self.config.model)
        self.kb = default_knowledge()
        self.lexicon = default_lexicon()
        self.recognizer = ActorRecognizer(self.nlp, self.kb)
        model = EventTypeModel() if self.config.event_model else None
        self.events = EventCoder(self.lexicon, self.kb, model)

    def code_parsed(self, document: Document, doc: Doc) -> CodedDocument:
        when = document.date or self.config.default_date
        actors = self.recognizer(doc, when, repair=self.config.repair_actors)
        events = self.events.code_document(document, doc, actors, self.config)
        return CodedDocument(document, events, actors.mentions)

    def code_documents(self, documents: Iterable[Document]) -> Iterator[CodedDocument]:
        for document, doc in parse_documents(self.nlp, documents, self.config):
            yield self.code_parsed(document, doc)


@functools.lru_cache(maxsize=2)
def get_coder(config: CoderConfig) -> Coder:
    """One loaded Coder per configuration per process (models are large)."""
    return Coder(config)


def code_documents(
    documents: Iterable[Document], config: CoderConfig | None = None
) -> Iterator[CodedDocument]:
    """Stream documents through the whole coder; yields one CodedDocument each."""
    return get_coder(config or CoderConfig()).code_documents(documents)


def code(
    text: str,
    date: date | str | None = None,
    source: str | None = None,
    doc_id: str = "doc",
    config: CoderConfig | None = None,
) -> list[Event]:
    """Code one text and return its events."""
    when = optional_day(date)
    document = Document(id=doc_id, text=text, date=when, source=source)
    return next(code_documents([document], config)).events
