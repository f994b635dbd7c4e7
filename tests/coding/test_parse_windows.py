"""Long documents in windows: where texts are cut, and that a cut never splits a sentence."""

from __future__ import annotations

from sword.coding.parse import window_bounds


def _pieces(text: str, size: int) -> list[str]:
    return [text[start:end] for start, end in window_bounds(text, size)]


def test_parse_window_bounds_one_window_up_to_the_size():
    text = "Armenia and Azerbaijan signed a treaty. " * 10
    assert window_bounds(text, len(text)) == [(0, len(text))]


def test_parse_window_bounds_cover_the_text_and_cut_at_paragraphs():
    paragraph = "Russia struck Kyiv on Monday. Ukraine condemned the attack."
    text = "\n\n".join([paragraph] * 40)
    bounds = window_bounds(text, 500)
    assert len(bounds) > 1
    assert "".join(text[s:e] for s, e in bounds) == text
    assert all(e - s <= 500 for s, e in bounds)
    assert all(text[s:e].startswith("Russia") for s, e in bounds)  # a paragraph starts each


def test_parse_window_bounds_cut_a_long_paragraph_at_sentence_ends_only():
    sentence = "Mr. Smith said U.S. troops left Kabul on Aug. 30 after talks with J. Doe. "
    text = sentence * 60  # one paragraph, no line break
    for piece in _pieces(text, 700):
        assert piece.startswith("Mr. Smith said") and piece.rstrip().endswith("J. Doe.")


def test_parse_window_bounds_keep_a_sentence_longer_than_a_window_whole():
    long_sentence = "Talks went on " + "and on " * 200 + "until dawn. "
    text = "The ministers met. " + long_sentence + "They left."
    pieces = [text[s:e] for s, e in window_bounds(text, 300, longest=2000)]
    assert any(piece.startswith("Talks went on") and piece.rstrip().endswith("until dawn.")
               for piece in pieces)


def test_parse_window_bounds_cut_at_a_space_past_the_longest_sentence():
    text = "word " * 1000  # no sentence end at all
    bounds = window_bounds(text, 300, longest=600)
    assert all(e - s <= 600 for s, e in bounds) and "".join(text[s:e] for s, e in bounds) == text
    assert all(text[s:e].startswith("word") for s, e in bounds)
