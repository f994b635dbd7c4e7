"""Documents of any length: coded in windows with the document's own offsets and sentence
indexes; one document over the size limit, or whose coding fails, is reported alone."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from sword.coding.pipeline import Coder, get_coder
from sword.config import CoderConfig
from sword.errors import InputError
from sword.model import Document

CORPUS = Path(__file__).resolve().parents[2] / "src" / "sword" / "data" / "corpus"
STRIKE = "Russian forces shelled the Ukrainian city of Kharkiv on Monday."
VISIT = "Turkish President Recep Tayyip Erdogan visited Azerbaijan on Tuesday."

pytestmark = pytest.mark.slow


def _corpus_texts(count: int) -> list[str]:
    lines = (CORPUS / "world.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines[:count]]


@pytest.fixture(scope="module")
def lexicon_coder() -> Coder:
    return get_coder(CoderConfig(event_model=False))


def _windowed(coder: Coder, **fields: int) -> Coder:
    """The loaded coder with other window settings (no second model load)."""
    other = object.__new__(Coder)
    other.__dict__.update(vars(coder))
    other.config = dataclasses.replace(coder.config, **fields)
    return other


def test_pipeline_windows_give_the_document_offsets_and_sentence_indexes(lexicon_coder):
    text = "\n\n".join(_corpus_texts(12))
    document = Document("long", text, date(2020, 1, 1))
    whole = next(lexicon_coder.code_documents([document]))
    windowed = next(_windowed(lexicon_coder, window_chars=800).code_documents([document]))
    assert windowed.events and len({e.sentence_index for e in windowed.events}) > 3
    for event in windowed.events:
        assert text[event.evidence_start:event.evidence_end] == event.evidence
    # paragraphs parse alike alone and together: the same events, the same places
    assert ([(e.sentence_index, e.evidence_start, e.cameo, e.event_id) for e in windowed.events]
            == [(e.sentence_index, e.evidence_start, e.cameo, e.event_id) for e in whole.events])
    for mention in windowed.mentions:
        assert text[mention.start:mention.end] == mention.text


def test_pipeline_document_over_the_size_limit_is_reported_and_the_others_coded(lexicon_coder):
    coder = _windowed(lexicon_coder, max_document_chars=200)
    documents = [Document("a", STRIKE, date(2024, 3, 4), origin="f.jsonl:1"),
                 Document("big", STRIKE + " " + "x" * 300, origin="f.jsonl:2"),
                 Document("c", VISIT, date(2024, 3, 5), origin="f.jsonl:3")]
    errors: list[InputError] = []
    coded = list(coder.code_documents(documents, errors.append))
    assert [c.document.id for c in coded] == ["a", "c"] and all(c.events for c in coded)
    assert [e.code for e in errors] == ["E030"]
    assert str(errors[0]).startswith("f.jsonl:2: [E030] document 'big' is 364 characters")
    with pytest.raises(InputError, match="E030"):
        list(coder.code_documents(documents[1:2]))  # no handler: the library raises


def test_pipeline_error_in_one_document_is_reported_and_the_others_coded(
        lexicon_coder, monkeypatch):
    original = lexicon_coder.events.code_document

    def failing(document, *args, **kwargs):
        if document.id == "bad":
            raise RuntimeError("injected")
        return original(document, *args, **kwargs)

    monkeypatch.setattr(lexicon_coder.events, "code_document", failing)
    documents = [Document("a", STRIKE, date(2024, 3, 4)),
                 Document("bad", VISIT, origin="in.jsonl:7"),
                 Document("c", VISIT, date(2024, 3, 5))]
    errors: list[InputError] = []
    coded = list(lexicon_coder.code_documents(documents, errors.append))
    assert [c.document.id for c in coded] == ["a", "c"] and all(c.events for c in coded)
    assert [str(e) for e in errors] == [
        "in.jsonl:7: [E031] document 'bad' could not be coded (RuntimeError: injected)"]
    with pytest.raises(RuntimeError, match="injected"):
        list(lexicon_coder.code_documents(documents[1:2]))


def test_pipeline_document_of_a_million_characters_is_coded_in_windows(lexicon_coder):
    """Over spaCy's nlp.max_length: coded in windows, every event pointing at its own
    sentence of the original text. Filler paragraphs of one long word keep it fast."""
    texts = _corpus_texts(60)
    filler = "Lorem" * 4000 + "."
    parts: list[str] = []
    for i, text in enumerate(texts):
        parts.append(text)
        parts.append(filler if i % 6 else text.replace("**", "*"))
    while sum(len(p) + 2 for p in parts) < 1_200_000:
        parts.extend([filler, texts[len(parts) % len(texts)]])
    text = "\n\n".join(parts)
    assert len(text) > lexicon_coder.nlp.max_length
    document = Document("huge", text, date(2020, 6, 1))
    coded = next(lexicon_coder.code_documents([document]))
    assert len(coded.events) > 50
    indexes = [e.sentence_index for e in coded.events]
    assert indexes == sorted(indexes) and indexes[-1] > 200
    assert max(e.evidence_start for e in coded.events) > 1_000_000
    originals = texts + [t.replace("**", "*") for t in texts]
    starts: dict[int, int] = {}
    for event in coded.events:
        assert text[event.evidence_start:event.evidence_end] == event.evidence
        assert starts.setdefault(event.sentence_index, event.evidence_start) == event.evidence_start
        # its words are the corpus texts' own (spaCy may join paragraphs into a sentence)
        for words in event.evidence.split("\n\n"):
            assert words.strip() == filler or any(words.strip() in t for t in originals)
    assert list(starts.values()) == sorted(starts.values())
