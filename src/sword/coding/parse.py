"""The spaCy stage: load an English pipeline and parse documents in batches.

A document longer than `CoderConfig.window_chars` is parsed in windows cut at paragraph or
sentence ends (`window_bounds`), each a `Doc` of its own that knows where its text starts
in the document: the cost of a document stays linear in its length and no `Doc` comes near
spaCy's `nlp.max_length`. A document over `CoderConfig.max_document_chars`, or one spaCy
fails on, is reported to `on_error` (or raised when there is none) and the others go on.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sword.config import DEFAULT_MODELS, CoderConfig
from sword.errors import Errors, InputError, ModelError, SwordError
from sword.model import Document

OnError = Callable[[InputError], None]


def installed_models() -> list[str]:
    return [name for name in DEFAULT_MODELS if spacy.util.is_package(name)]


@functools.lru_cache(maxsize=2)
def load_pipeline(model: str | None = None) -> Language:
    """Load `model`, or the best installed English pipeline. One copy per process."""
    names = [model] if model else installed_models()
    if not names:
        raise ModelError(Errors.E101)
    try:
        nlp = spacy.load(names[0])
    except OSError as e:
        raise ModelError(Errors.E102.format(
            name=names[0], installed=", ".join(installed_models()) or "none")) from e
    return nlp


MARKUP = re.compile(r"\*{2,}|_{2,}|^#+ ", re.MULTILINE)


def blank_markup(text: str) -> str:
    """Markdown emphasis ("**Putin and Azerbaijan** Aliyev") from pasted and translated
    articles garbles the parse: it is blanked out with spaces of the same length, so that
    every character offset still points into the document's own text."""
    if "**" not in text and "__" not in text and "#" not in text:
        return text
    return MARKUP.sub(lambda match: " " * len(match.group()), text)


# A sentence ends at . ! or ? (closing quotes and brackets after it), then space, then
# what can start a sentence; `_abbreviation` turns away "Mr. Smith" and "U.S. troops".
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "lt", "col", "maj", "capt", "sgt", "sen",
    "rep", "gov", "pres", "jr", "sr", "rev", "no", "vs", "etc", "inc", "ltd", "co", "corp",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def _abbreviation(text: str, end: int) -> bool:
    """Is the word before the full stop at `end` an abbreviation or an initial?"""
    start = end
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:end].rstrip(".").lower()
    return len(word) <= 1 or "." in word or word in ABBREVIATIONS


def _last_cut(pattern: re.Pattern[str], text: str, lo: int, hi: int,
              check: bool = False) -> int | None:
    """The end of the last match of `pattern` that lies in text[lo:hi]."""
    best = None
    for found in pattern.finditer(text, lo, hi):
        if not (check and _abbreviation(text, found.start())):
            best = found.end()
    return best


def window_bounds(text: str, size: int, longest: int | None = None) -> list[tuple[int, int]]:
    """The (start, end) of each window `text` is coded in: one window when it is at most
    `size` characters long; else windows of about `size` characters, each ending after a
    paragraph break when there is one in its second half, else after a sentence end.
    A sentence longer than a window stays whole up to `longest` characters (spaCy's
    limit); only a longer run without a sentence end is cut, at a space."""
    longest = max(size, longest or 4 * size)
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        limit = start + size
        middle = start + size // 2
        cut = (_last_cut(PARAGRAPH_BREAK, text, middle, limit)
               or _last_cut(SENTENCE_END, text, middle, limit, check=True)
               or _last_cut(SENTENCE_END, text, start + 1, limit, check=True))
        if cut is None:  # one sentence longer than a window: keep it whole if it fits
            ahead = (_first_cut(text, limit, start + longest))
            cut = ahead or (text.rfind(" ", start + 1, limit) + 1) or limit
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


def _first_cut(text: str, lo: int, hi: int) -> int | None:
    for pattern, check in ((SENTENCE_END, True), (PARAGRAPH_BREAK, False)):
        for found in pattern.finditer(text, lo, hi):
            if not (check and _abbreviation(text, found.start())):
                return found.end()
    return None


@dataclass(frozen=True, slots=True)
class Window:
    """A parsed piece of a document: `start` is where its text starts in the document's,
    `number` the document's place in the stream, `last` whether it ends the document."""

    document: Document
    number: int
    start: int
    last: bool
    doc: Doc


@dataclass(frozen=True, slots=True)
class _Piece:
    document: Document
    number: int
    start: int
    last: bool


def document_error(document: Document, error: Exception) -> InputError:
    """An unexpected error in coding one document, as the input error that reports it."""
    if isinstance(error, InputError):
        return error
    return InputError(Errors.E031.format(doc_id=document.id, kind=type(error).__name__,
                                         reason=error), where=document.origin)


def _report(on_error: OnError | None, error: InputError) -> None:
    if on_error is None:
        raise error
    on_error(error)


def _pieces(documents: Iterable[Document], config: CoderConfig, longest: int,
            on_error: OnError | None) -> Iterator[tuple[str, _Piece]]:
    for number, document in enumerate(documents):
        if len(document.text) > config.max_document_chars:
            _report(on_error, InputError(Errors.E030.format(
                doc_id=document.id, size=len(document.text),
                limit=config.max_document_chars), where=document.origin))
            continue
        text = blank_markup(document.text)
        bounds = window_bounds(text, config.window_chars, longest)
        for i, (start, end) in enumerate(bounds):
            yield text[start:end], _Piece(document, number, start, i == len(bounds) - 1)


def parse_windows(nlp: Language, documents: Iterable[Document], config: CoderConfig,
                  on_error: OnError | None = None) -> Iterator[Window]:
    """Parse documents through nlp.pipe in batches, window by window (one window for a
    document up to `config.window_chars`); the windows of a document come in order.

    A document over the size limit or that spaCy fails on is reported to `on_error` (raised
    without one); none of its windows is yielded after that, so a consumer that meets the
    next document before a `last` window drops what it had of the failed one."""
    longest = max(config.window_chars, nlp.max_length - 1)
    pieces = _pieces(documents, config, longest, on_error)
    chunk_size = config.batch_size * max(1, config.n_process)
    failed: set[int] = set()
    while chunk := _chunk(pieces, chunk_size, 3 * config.window_chars):
        for doc, piece in _parse_chunk(nlp, chunk, config, on_error, failed):
            yield Window(piece.document, piece.number, piece.start, piece.last,
                         repair_parse(doc))


def _chunk(pieces: Iterator[tuple[str, _Piece]], size: int, max_chars: int
           ) -> list[tuple[str, _Piece]]:
    """Up to `size` windows, and no more text than `max_chars` beyond the first: the
    parses of a chunk live together, so long windows go a few at a time (a 5 MB document
    in one chunk of 64 windows took 14 GB)."""
    chunk: list[tuple[str, _Piece]] = []
    chars = 0
    for item in pieces:
        chunk.append(item)
        chars += len(item[0])
        if len(chunk) >= size or chars >= max_chars:
            break
    return chunk


def _parse_chunk(nlp: Language, chunk: list[tuple[str, _Piece]], config: CoderConfig,
                 on_error: OnError | None, failed: set[int]) -> list[tuple[Doc, _Piece]]:
    chunk = [(text, piece) for text, piece in chunk if piece.number not in failed]
    try:
        return list(nlp.pipe(chunk, as_tuples=True, batch_size=config.batch_size,
                             n_process=config.n_process))
    except SwordError:
        raise
    except Exception:
        if on_error is None:
            raise
    # which window failed is not known: parse them one by one, skipping its document
    out: list[tuple[Doc, _Piece]] = []
    for text, piece in chunk:
        if piece.number in failed:
            continue
        try:
            out.append((nlp(text), piece))
        except Exception as e:  # one document's failure never stops the others
            failed.add(piece.number)
            on_error(document_error(piece.document, e))
    return [(doc, piece) for doc, piece in out if piece.number not in failed]


def repair_parse(doc: Doc) -> Doc:
    """Mend what the small model reliably misparses. "declared two diplomats persona non
    grata" comes out with "persona" as a verb whose subject is the diplomats; it is set
    back to the object predicate it is, the diplomats to the object of "declared"."""
    if "persona non grata" not in doc.text.lower():
        return doc
    for token in doc:
        if token.lower_ != "persona" or token.dep_ not in {"ccomp", "xcomp", "conj", "advcl"}:
            continue
        verb = token.head
        for child in list(token.children):
            if child.dep_ in {"nsubj", "nsubjpass"}:
                child.dep_ = "dobj"
            if child.lower_ not in {"non", "grata"}:
                child.head = verb
        token.dep_, token.pos_ = "oprd", "NOUN"
    return doc
