"""The coding pipeline: read documents → parse → actors → events, as plain functions.

    >>> import sword
    >>> events = sword.code("Azeri police raided the Sputnik office in Baku.", date="2025-07-01")
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import chain, groupby, islice
from typing import Any

from spacy.tokens import Doc

from sword.coding.actors import ActorRecognizer
from sword.coding.context import Discourse, SentenceContext
from sword.coding.events import EventCoder, SentenceCoder
from sword.coding.knowledge import default_knowledge
from sword.coding.language import is_coded_language
from sword.coding.learned import EventTypeModel
from sword.coding.lexicon import default_lexicon
from sword.coding.parse import OnError, Window, document_error, load_pipeline, parse_windows
from sword.coding.places import PlaceResolver, default_gazetteer
from sword.coding.predicates import Predicate
from sword.coding.reasons import ReasonFinder
from sword.config import CoderConfig
from sword.days import optional_day
from sword.errors import InputError, SwordError
from sword.model import CodedDocument, Document, Event, Reason, make_event_id


class Coder:
    """The loaded pipeline: spaCy model, actor recognizer and event coder.

    spaCy keeps every word type it has seen in its vocabulary (about 500 bytes each), so
    a long run's memory would grow with the corpus: every `vocab_check_every` documents,
    once the vocabulary has grown by more than `vocab_growth_limit` types (about 100 MB),
    the pipeline is loaded afresh. Parses do not depend on what the vocabulary has seen:
    the events are the same."""

    vocab_check_every = 1_000
    vocab_growth_limit = 200_000

    def __init__(self, config: CoderConfig | None = None) -> None:
        self.config = config or CoderConfig()
        self.nlp = load_pipeline(self.config.model)
        self.kb = default_knowledge()
        self.lexicon = default_lexicon()
        self.recognizer = ActorRecognizer(self.nlp, self.kb)
        self.vocab_size = len(self.nlp.vocab)
        model = EventTypeModel() if self.config.event_model else None
        self.events = EventCoder(self.lexicon, self.kb, model)
        self.places = PlaceResolver(default_gazetteer()) if self.config.places else None
        self.reasons = ReasonFinder(self.lexicon, self.kb)

    def _reload_if_grown(self) -> None:
        if len(self.nlp.vocab) - self.vocab_size <= self.vocab_growth_limit:
            return
        load_pipeline.cache_clear()  # the cache would keep the grown vocabulary alive
        self.nlp = load_pipeline(self.config.model)
        self.recognizer = ActorRecognizer(self.nlp, self.kb)
        self.vocab_size = len(self.nlp.vocab)

    def code_parsed(self, document: Document, doc: Doc) -> CodedDocument:
        when = document.date or self.config.default_date
        actors = self.recognizer(doc, when, repair=self.config.repair_actors)
        events = self.events.code_document(document, doc, actors, self.config)
        if self.places is not None:
            self.places.place_events(document.text, doc, events, actors.mentions)
        reasons = self.reasons.find(dataclasses.replace(document, date=when), doc, actors)
        return CodedDocument(document, events, actors.mentions, reasons)

    def predicates(self, doc: Doc, when: date | None = None) -> list[Predicate]:
        """Every actor-to-actor predicate the learned model could be asked about in a
        parsed text, sentence by sentence (each sentence read alone: no discourse)."""
        actors = self.recognizer(doc, when)
        out: list[Predicate] = []
        for index, sent in enumerate(doc.sents):
            mentions = [m for m in actors.mentions if m.sentence_index == index]
            ctx = SentenceContext(sent, actors, mentions, self.kb, self.lexicon, Discourse(),
                                  self.events.event_nouns)
            sentence = SentenceCoder(ctx)
            sentence.code()
            out.extend(sentence.predicates())
        return out

    def code_documents(self, documents: Iterable[Document],
                       on_error: OnError | None = None) -> Iterator[CodedDocument]:
        """One CodedDocument per document, in order; one in a language without a model
        (`Document.lang`, set by the reader) has no events and is never parsed."""
        iterator = iter(documents)
        while (first := next(iterator, None)) is not None:
            segment = chain([first], islice(iterator, self.vocab_check_every - 1))
            for coded, run in groupby(segment, key=lambda d: is_coded_language(d.lang)):
                if coded:
                    yield from self._code_documents(run, on_error)
                else:
                    yield from (CodedDocument(document) for document in run)
            self._reload_if_grown()

    def _code_documents(self, documents: Iterable[Document],
                        on_error: OnError | None = None) -> Iterator[CodedDocument]:
        """One CodedDocument per document, in order. A document in several windows is
        coded window by window (each its own discourse) and comes out whole, its offsets
        and sentence indexes the document's own.

        A document over the size limit, or one whose coding fails, is reported to
        `on_error` (an `InputError` with its id, and file:line when known) and the others
        go on; without `on_error` the error is raised."""
        number, coded, sentences = -1, None, 0
        for window in parse_windows(self.nlp, documents, self.config, on_error):
            if window.number != number:  # a new document; an unfinished one had failed
                number, coded, sentences = window.number, CodedDocument(window.document), 0
            if coded is None:
                continue  # this document failed in an earlier window
            try:
                part = self._code_window(window, sentences)
            except InputError as e:
                error: InputError = e
            except SwordError:
                raise  # a model or data file that cannot be used stops every document
            except Exception as e:  # one document's failure never stops the others
                if on_error is None:
                    raise
                error = document_error(window.document, e)
            else:
                if window.start == 0 and window.last:
                    yield part  # one window: the document as it always was
                    continue
                sentences += sum(1 for _ in window.doc.sents)
                coded.events.extend(part.events)
                coded.mentions.extend(part.mentions)
                coded.reasons.extend(part.reasons)
                if window.last:
                    yield coded
                continue
            coded = None
            if on_error is None:
                raise error
            on_error(error)

    def _code_window(self, window: Window, first_sentence: int) -> CodedDocument:
        """Code one window; its events and mentions carry the document's offsets."""
        document, start = window.document, window.start
        if start == 0 and window.last:
            return self.code_parsed(document, window.doc)
        piece = dataclasses.replace(document, text=document.text[start:start + len(
            window.doc.text)])
        part = self.code_parsed(piece, window.doc)
        for event in part.events:
            _shift_event(event, start, first_sentence)
        for mention in part.mentions:
            mention.start += start
            mention.end += start
            mention.sentence_index += first_sentence
        for reason in part.reasons:
            _shift_reason(reason, start, first_sentence)
        return CodedDocument(document, part.events, part.mentions, part.reasons)


def _shift_event(event: Event, start: int, first_sentence: int) -> None:
    event.evidence_start += start
    event.evidence_end += start
    event.sentence_index += first_sentence
    event.event_id = make_event_id(event.doc_id, event.sentence_index, event.source,
                                   event.target, event.cameo)


def _shift_reason(reason: Reason, start: int, first_sentence: int) -> None:
    for name in ("sentence_start", "sentence_end", "reason_start", "reason_end"):
        setattr(reason, name, getattr(reason, name) + start)
    reason.sentence_index += first_sentence
    reason.reason_id = Reason(**{**{f: getattr(reason, f) for f in Reason.__slots__},
                                 "reason_id": ""}).reason_id


@functools.lru_cache(maxsize=2)
def get_coder(config: CoderConfig) -> Coder:
    """One loaded Coder per configuration per process (models are large)."""
    return Coder(config)


def code_documents(
    documents: Iterable[Document], config: CoderConfig | None = None,
    on_error: OnError | None = None, client: Any = None,
) -> Iterator[CodedDocument]:
    """Stream documents through the whole coder; yields one CodedDocument each. A document
    that cannot be coded goes to `on_error` and the others go on (raised without it).

    With `client` (a `dask.distributed.Client`) the documents are coded on its workers
    (`sword.scale`), in partitions, and come back in the same order with the same events."""
    if client is not None:
        from sword.scale import code_on_cluster

        return code_on_cluster(documents, client, config, on_error)
    return get_coder(config or CoderConfig()).code_documents(documents, on_error)


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
