"""The rules applied to a sentence's candidate events before they become records: the date
of the sentence's act, the sports filter, the merging of an attack with the killings it
caused, and the recoding of acts by the sector of their source."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date

from spacy.tokens import Doc, Span

from sword.coding.context import Actor, Candidate
from sword.coding.dates import EventDate, resolve_event_date
from sword.coding.lexicon import Rules

SCORE = re.compile(r"\b\d{1,3}\s?[-–]\s?\d{1,3}\b(?!\s*(?:percent|%|year|day|month|km))"
                   r"|\bby (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) "
                   r"(?:runs?|wickets?|points?|goals?)\b|\bon penalties\b|\bWorld Cup\b")


def sentence_entities(doc: Doc, sents: Sequence[Span]) -> list[list[Span]]:
    """The named entities of each sentence (those wholly inside it, as `Span.ents` gives
    them), found in one pass: `sent.ents` walks every entity of the document from its
    start, which made coding time grow with the square of a document's length."""
    starts = [sent.start for sent in sents]
    out: list[list[Span]] = [[] for _ in sents]
    for ent in doc.ents:
        index = bisect_right(starts, ent.start) - 1
        if index >= 0 and ent.end <= sents[index].end:
            out[index].append(ent)
    return out


def event_date(rules: Rules, sent: Span, reported: date | None,
               entities: Sequence[Span] | None = None) -> EventDate:
    """The date of the sentence's act, from its own date words and the report's date.
    `entities` are the sentence's own (`sentence_entities`), else read from the parse."""
    ents = sent.ents if entities is None else entities
    when = resolve_event_date(
        sent.text, reported,
        [ent.text for ent in ents if ent.label_ == "DATE" and _dates_an_act(rules, ent)],
    )
    if (reported is not None and when.value is not None and when.precision == "year"
            and when.value.year > reported.year):
        when = EventDate(reported, "day")  # "… by 2030": no act is dated in a later year
    return when


def is_sport_report(rules: Rules, sent: Span, candidates: list[Candidate]) -> bool:
    """A sentence of conflict codes that reads as a match: "Morocco beat Portugal 1-0"."""
    return any(c.code[:2] in rules.conflict_roots for c in candidates) and _sport(rules, sent)


def without_attack_killings(candidates: list[Candidate]) -> list[Candidate]:
    """"struck Iran's facilities and killed several commanders", "fired missiles at Kyiv,
    killing civilians": the killing is what the attack did, not a second event."""
    def killing(c: Candidate) -> bool:
        # a killing, or one counted a mass killing by its toll ("…, killing 200 people")
        return c.code[:2] == "18" or (c.code in {"202", "203"} and "kill" in c.pattern)

    attacks = {(c.source.country, c.target.country) for c in candidates
               if (c.code[:2] in {"19", "20"} or c.code == "175") and not killing(c)}
    return [c for c in candidates if not (
        killing(c) and (c.source.country, c.target.country) in attacks)]


def recode_by_sector(rules: Rules, sent: Span, cand: Candidate) -> None:
    """What an act is depends on who does it: words of media, a state's protest, a crowd's
    violence, troops that come to keep the peace."""
    if cand.source.sector in {"MED", "LEG"} and cand.code[:2] in {"18", "19", "20"}:
        # "state television stepped up attacks on the government", "lawmakers
        # attacked the prime minister": media and parliaments attack in words
        cand.code, cand.pattern = "111", f"{cand.pattern} (in words)"
    elif (cand.source.sector in {"MIL", "COP"} and cand.code in {"042", "043"}
          and any(t.lemma_.lower() in rules.peacekeeping_words for t in sent)):
        # "Kenyan police arrived in Haiti to lead a UN-backed mission": troops that
        # come to keep the peace give protection, they do not pay a visit
        cand.code, cand.pattern = "074", f"{cand.pattern} (peacekeeping)"
    elif cand.code.startswith("0874") and cand.source.sector == "MIL" and any(
            word in rules.peacekeeper_nouns for word in cand.source.name.lower().split()):
        # "Russian peacekeepers began withdrawing from Karabakh": a peacekeeping force
        # that leaves is withdrawn (1661), not an army in retreat
        cand.code, cand.pattern = "1661", f"{cand.pattern} (peacekeepers)"
    elif cand.code[:3] in {"140", "141"} and (
            (cand.source.sector == "GOV"
             and cand.source.how in {"place", "person", "name", "demonym"})
            or (cand.source.sector == "" and cand.source.how == "name")):
        # "Russia's Foreign Ministry summoned the ambassador to protest": a state
        # protests in a note, not in the street (114, an official complaint)
        cand.code, cand.pattern = "114", f"{cand.pattern} (official)"
    elif (cand.source.sector in {"OPP", "CVL"} and cand.code[:2] in {"17", "18", "19"}
          and cand.source.how != "individual"):
        # "protesters stormed the parliament", "a protester demolished the building":
        # a crowd's violence is a riot
        cand.code, cand.pattern = "145", f"{cand.pattern} (by a crowd: riot)"


def aim_within_state(rules: Rules, cand: Candidate) -> bool:
    """An act of a state's part on its own state as a whole: a protest is aimed at its
    government ("ethnic Albanians demonstrated in Serbia"); an armed group's force is
    against the state ("rebels shelled the Angolan city of Kuito"); anything else is no
    event ("US troops … ending America's war"). False when the candidate is to be dropped."""
    if (cand.target.country == cand.source.country and not cand.target.sector
            and cand.target.how not in {"city", "place"}):
        if (cand.source.sector in rules.armed_nonstate_sectors
                and cand.code[:2] in {"17", "18", "19", "20"}):
            return True
        if cand.code[:2] != "14":
            return False
        cand.target = Actor(cand.target.country, "GOV", cand.target.name, "implicit")
    return True


def _sport(rules: Rules, sent: Span) -> bool:
    """A sports report: a score ("1-0", "by 180 runs") or the words of a match."""
    if SCORE.search(sent.text):
        return True
    return any(t.lemma_.lower() in rules.sport_words for t in sent)


def _dates_an_act(rules: Rules, entity: Span) -> bool:
    """A date that modifies a verb dates the event ("met on Friday"); one inside a noun
    phrase names something else ("the 1997 treaty", "the 44-day war of 2020")."""
    token = entity.root
    if token.head.lower_ in rules.deadline_preps:
        return False  # "joining the EU by 2030": a deadline, not the act's date
    for _ in range(4):
        head = token.head
        if head is token or head.pos_ in {"VERB", "AUX"}:
            return True
        if head.pos_ in {"NOUN", "PROPN"} and head.ent_type_ != "DATE" and token.dep_ != "pobj":
            return False
        if head.pos_ in {"NOUN", "PROPN"} and head.ent_type_ != "DATE" and head.dep_ != "pobj":
            return False
        token = head
    return True
