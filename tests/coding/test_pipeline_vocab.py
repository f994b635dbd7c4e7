"""A long run does not keep every word type spaCy has seen: the coder reloads its
pipeline once the vocabulary has grown past a limit, and codes the same events."""

from __future__ import annotations

import pytest

from sword.model import Document

pytestmark = pytest.mark.slow


def _documents() -> list[Document]:
    # each document brings word types no other has (made-up place names)
    return [Document(id=f"d{i}", text=f"Russia criticised Azerbaijan over Zqx{i}vor and "
                                      f"Plen{i}ark on Monday. Armenia and Georgia signed a "
                                      f"trade agreement in Tbilisi.") for i in range(6)]


def test_pipeline_vocab_reload_bounds_the_vocabulary_and_keeps_the_events(coder):
    expected = [[e.event_id for e in c.events] for c in coder.code_documents(_documents())]
    first_nlp = coder.nlp
    coder.vocab_check_every, coder.vocab_growth_limit = 2, 3
    try:
        events = [[e.event_id for e in c.events] for c in coder.code_documents(_documents())]
    finally:
        del coder.vocab_check_every, coder.vocab_growth_limit  # back to the class's
    assert coder.nlp is not first_nlp  # reloaded
    assert len(coder.nlp.vocab) - coder.vocab_size <= 3
    assert events == expected and any(events)
