"""The spaCy stage: load an English pipeline and parse documents in batches."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sword.config import DEFAULT_MODELS, CoderConfig
from sword.errors import Errors, ModelError
from sword.model import Document


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


def parse_documents(
    nlp: Language, documents: Iterable[Document], config: CoderConfig
) -> Iterator[tuple[Document, Doc]]:
    """Parse documents through nlp.pipe in batches, keeping each Document with its parse."""
    pairs = ((blank_markup(document.text), document) for document in documents)
    yield from (
        (document, repair_parse(doc))
        for doc, document in nlp.pipe(
            pairs, as_tuples=True, batch_size=config.batch_size, n_process=config.n_process
        )
    )


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
