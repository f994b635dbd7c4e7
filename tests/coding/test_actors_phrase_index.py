"""The actors' phrase index finds what spaCy's PhraseMatcher finds, from cached tokens."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.matcher import PhraseMatcher

from sword import cache
from sword.coding.actors import PhraseIndex, phrase_tokens

PHRASES = ["Russia", "Russian Federation", "the Kremlin", "Kremlin", "New York",
           "New York City", "York", "Nagorno-Karabakh", "U.S.", "Prime Minister Pashinyan",
           "Pashinyan", "Moscow's"]
TEXT = ("The Kremlin said the Russian Federation and the U.S. met in New York City, while "
        "Prime Minister Pashinyan flew to Nagorno-Karabakh; Moscow's envoy stayed in York. "
        "Russia, russia and RUSSIA: only the first is Russia. New York")


@pytest.fixture
def nlp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    return spacy.blank("en")


def matcher_spans(nlp, phrases: list[str], text: str, attr: str) -> set[tuple[int, int]]:  # type: ignore[no-untyped-def]
    matcher = PhraseMatcher(nlp.vocab, attr=attr)
    matcher.add("X", list(nlp.tokenizer.pipe(phrases)))
    return {(start, end) for _, start, end in matcher(nlp(text))}


def index_spans(nlp, phrases: list[str], text: str, lower: bool) -> set[tuple[int, int]]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    index = PhraseIndex(phrase_tokens(nlp, phrases))
    words = [t.lower_ if lower else t.text for t in doc]
    return {(span.start, span.end) for span in index.spans(doc, words)}


def test_actors_phrase_index_finds_what_the_phrase_matcher_finds(nlp) -> None:  # type: ignore[no-untyped-def]
    exact = index_spans(nlp, PHRASES, TEXT, lower=False)
    assert exact == matcher_spans(nlp, PHRASES, TEXT, "ORTH")
    doc = nlp(TEXT)
    found = {doc[s:e].text for s, e in exact}
    assert {"New York", "New York City", "York", "Russia", "Nagorno-Karabakh"} <= found
    assert "russia" not in found and "RUSSIA" not in found


def test_actors_phrase_index_folded_like_the_lower_matcher(nlp) -> None:  # type: ignore[no-untyped-def]
    folded = sorted({p.lower() for p in PHRASES})
    assert (index_spans(nlp, folded, TEXT, lower=True)
            == matcher_spans(nlp, folded, TEXT, "LOWER"))
    doc = nlp(TEXT)
    assert [doc[s:e].text for s, e in sorted(index_spans(nlp, ["russia"], TEXT, True))] == [
        "Russia", "russia", "RUSSIA", "Russia"]


def test_actors_phrase_tokens_are_cached_per_pipeline(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = phrase_tokens(nlp, PHRASES)
    assert first[PHRASES.index("Moscow's")] == ("Moscow", "'s")
    assert len(list((tmp_path / "cache").glob("phrases-*.pickle"))) == 1
    assert phrase_tokens(nlp, PHRASES) == first
    nlp.meta["version"] = "9.9.9"  # another pipeline: tokenized anew, the old file replaced
    assert phrase_tokens(nlp, PHRASES) == first
    assert len(list((tmp_path / "cache").glob("phrases-*.pickle"))) == 1
