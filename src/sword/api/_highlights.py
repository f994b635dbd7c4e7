"""Which spans of a text to mark for an event: its actors and the words of its action, so a
reader sees at a glance why the coder found the event there."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["action_words", "event_highlights", "sentence_highlights"]

# Particles and prepositions of phrasal patterns ("apologise to"): marking every "to" in
# a sentence would drown the verb.
_PARTICLES = frozenset(
    {"about", "against", "and", "for", "from", "into", "off", "out", "over", "the", "with"}
)
_PATTERN_WORDS = re.compile(r"(?:verb|noun|evaluation):([^>()]+)")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def action_words(pattern: str | None) -> list[str]:
    """The lexicon words of an event's pattern ("verb:sign agreement" → sign, agreement)."""
    chunks = _PATTERN_WORDS.findall(pattern or "")
    if (pattern or "").startswith("not "):
        chunks.append(pattern[4:])
    words = [w.lower() for chunk in chunks for w in _WORD.findall(chunk)]
    return list(dict.fromkeys(w for w in words if len(w) > 2 and w not in _PARTICLES))


def event_highlights(
    text: str, event: dict[str, Any], mentions: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Spans of the document text to mark for one event: its actors and its action words.

    Actors come from the coder's mentions inside the evidence sentence that name the
    event's source or target (or match their words); action words are found by stem,
    since the pattern holds lemmas ("raid" marks "raided").
    """
    start, end = event.get("evidence_start"), event.get("evidence_end")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end:
        return []
    end = min(end, len(text))
    spans: list[dict[str, Any]] = []
    names = {n for n in (event.get("source_name"), event.get("target_name")) if n}
    codes = {c for c in (event.get("source"), event.get("target")) if c}
    for mention in mentions:
        m_start, m_end = mention.get("start"), mention.get("end")
        if not isinstance(m_start, int) or not isinstance(m_end, int):
            continue
        if start <= m_start < m_end <= end and (
            mention.get("text") in names or mention.get("code") in codes
        ):
            spans.append({"start": m_start, "end": m_end, "kind": "actor"})
    sentence = text[start:end]
    if not spans:
        for name in names:
            at = sentence.find(name)
            if at >= 0:
                spans.append({"start": start + at, "end": start + at + len(name), "kind": "actor"})
    for word in action_words(event.get("pattern")):
        stem = word if len(word) <= 4 else word[: max(4, len(word) - 2)]
        for match in _WORD.finditer(sentence):
            if match.group().lower().startswith(stem):
                spans.append(
                    {"start": start + match.start(), "end": start + match.end(), "kind": "action"}
                )
    spans.sort(key=lambda s: (s["start"], -s["end"]))
    kept: list[dict[str, Any]] = []
    for span in spans:  # overlapping marks cannot nest in flat text: first one wins
        if not kept or span["start"] >= kept[-1]["end"]:
            kept.append(span)
    return kept


def sentence_highlights(event: dict[str, Any]) -> list[dict[str, Any]]:
    """Highlights of an event's actors and action words, as offsets into its evidence."""
    sentence = event.get("evidence") or ""
    local = {**event, "evidence_start": 0, "evidence_end": len(sentence)}
    return event_highlights(sentence, local, [])
