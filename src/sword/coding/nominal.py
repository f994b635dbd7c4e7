"""Events named by nouns ("the killing of two Azerbaijani citizens by Russian police",
"fighting between Sudan's army and the RSF") and the counting that makes a killing a mass
killing or an expulsion a mass expulsion."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from sword.coding.actors import noun_phrase_modifiers
from sword.coding.context import Actor, Candidate, SentenceContext
from sword.coding.lexicon import Rules
from sword.coding.phrases import OBJECT_DEPS, NounPhrases, is_speech

if TYPE_CHECKING:
    from sword.coding.verbs import ClauseFilter


class NounEvents:
    """Codes the event nouns of a sentence."""

    def __init__(self, ctx: SentenceContext, phrases: NounPhrases,
                 blocking: ClauseFilter) -> None:
        self.ctx = ctx
        self.actors = ctx.actors
        self.lexicon = ctx.lexicon
        self.rules = ctx.rules
        self.phrases = phrases
        self.blocking = blocking

    def code_noun(self, noun: Token) -> list[Candidate]:
        """Nominal events: "the killing of two Azerbaijani brothers by Russian police"."""
        pattern = self.lexicon.nouns[noun.lemma_.lower()]
        if self.blocking.blocked(noun.head) and noun.head.pos_ in {"VERB", "AUX"}:
            return []
        if noun.dep_ == "pobj" and noun.head.lower_ in self.rules.background_preps:
            return []  # "days after Baku's offensive", "protests over the killing of …"
        if self._reacted_to(noun):
            return []
        sources: list[Actor] = []
        targets: list[Actor] = []
        for modifier in noun_phrase_modifiers(noun):
            mention = self.actors.at(modifier)
            if mention is not None and modifier.dep_ in {"poss", "amod", "compound"}:
                sources = [Actor.from_mention(mention, mention.sector, modifier.text)]
                break
        for token in noun.subtree:
            if token.head.pos_ in {"VERB", "AUX"} and is_speech(self.lexicon, token.head):
                continue  # "a ceasefire announced by Putin": the announcer is no party
            if token.dep_ == "agent" or (token.dep_ == "prep" and token.lower_ == "by"):
                found = [a for p in token.children if p.dep_ == "pobj"
                         for a in self.phrases.actor_of(p)]
                if found:
                    sources = found
                    break
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in self.rules.noun_target_preps:
                found = [a for p in child.children if p.dep_ == "pobj"
                         for a in self.phrases.actor_of(p)]
                if found:
                    targets = found
                    break
        if not sources:
            sources = self._performer(noun)
        if (not sources and noun.dep_ == "pobj" and noun.head.lower_ == "for"
                and noun.head.head.lemma_.lower() == "responsibility"):
            # "the Houthis claimed responsibility for a missile attack on …"
            sources = self.phrases.subject_actors(noun.head.head.head)
        if not sources and noun.dep_ == "nsubj":
            # "fighting (erupted) between Sudan's army and the Rapid Support Forces": each side
            # (a clause's own news; "to oversee a ceasefire between …" is background)
            holders = [noun, noun.head]
            sides = [a for h in holders for c in h.children if c.dep_ == "prep"
                     and c.lower_ == "between" for p in c.children if p.dep_ == "pobj"
                     for a in self.phrases.actor_of(p)]
            if len({a.code for a in sides}) > 1:
                sources = targets = sides
        if not sources or not targets:
            return []
        self.ctx.sentence_actors.extend(sources + targets)
        symmetric = pattern.code in self.rules.symmetric_codes
        out = []
        for s in sources:
            for t in targets:
                if s.code != t.code:
                    out.append(Candidate(s, t, pattern.code, f"noun:{pattern.text}", 0.55))
                    if symmetric:
                        out.append(Candidate(t, s, pattern.code, f"noun:{pattern.text}", 0.5))
        return out

    def _performer(self, noun: Token) -> list[Actor]:
        """"Russia carried out the expulsion of two Estonian diplomats", "Britain announced
        the expulsion of …", "the British side took the decision on the expulsion of …"
        (wire and translated prose name the act by a noun under a light verb): who does the
        verb does the act."""
        holder = noun.head
        if noun.dep_ == "pobj" and holder.lower_ in self.rules.performed_preps:
            holder = holder.head
            if (holder.pos_ == "NOUN" and holder.lemma_.lower() in self.rules.decision_nouns
                    and holder.dep_ in OBJECT_DEPS):
                holder = holder.head  # "took the decision on …"
        elif noun.dep_ not in OBJECT_DEPS:
            return []
        if (holder.pos_ != "VERB" or holder.lemma_.lower() not in self.rules.performing_verbs
                or self.blocking.blocked(holder)):
            return []
        return self.phrases.subject_actors(holder)

    def _reacted_to(self, noun: Token) -> bool:
        """"condemned Russia's annexation of …", "criticised Orban's trip to Moscow": an act
        named as what another side condemns, rejects or calls for is what the reaction is
        about; it was news (or is not yet done) when it happened, and is no event here."""
        holder, particle = noun.head, None
        if noun.dep_ == "pobj" and holder.dep_ in {"prep", "prt"}:
            holder, particle = holder.head, holder.lower_
        elif noun.dep_ not in OBJECT_DEPS:
            return False
        if holder.pos_ not in {"VERB", "AUX"}:
            return False
        # the verb's senses with this preposition (or none): "condemn", not "condemn to"
        patterns = [p for p in self.lexicon.patterns_for(holder.lemma_.lower())
                    if p.particle == particle]
        return bool(patterns) and all(
            p.code[:2] in self.rules.reacting_roots or p.code in self.rules.reacting_wrappers
            for p in patterns)



def mass_violence(rules: Rules, head: Token, victims: Token | None, code: str) -> str:
    """An assault with a chemical weapon is 2041; a killing of hundreds of civilians is
    a mass killing (202), as are the killings of an ethnic-cleansing campaign (203); an
    expulsion of thousands is a mass expulsion (201)."""
    if victims is None:
        victims = next((c for c in head.children
                        if c.dep_ in OBJECT_DEPS or c.dep_ == "nsubjpass"), None)
    if code.startswith("174"):  # "deported hundreds of thousands of Afghans"
        many = victims is not None and head_count(rules, quantity_phrase(rules, victims)) >= 1000
        return "201" if many else code
    if code[:2] not in {"18", "19"}:
        return code
    words = [t for c in head.children if c.dep_ == "prep"
             and c.lower_ in rules.weapon_preps for t in c.subtree]
    words += [t for t in head.lefts if t.dep_ in {"compound", "amod"}]  # "a sarin attack"
    # what was used: "dropped a chlorine cylinder …, killing 43 people" (an object is
    # what was attacked otherwise: "struck chemical weapons sites")
    for user in [head] + ([head.head] if head.dep_ == "advcl" else []):
        if user.lemma_.lower() in rules.weapon_use_verbs:
            words += [t for c in user.children if c.dep_ in OBJECT_DEPS
                      for t in c.subtree if t.i <= c.i]  # not "strikes on … sites"
    lemmas = {t.lemma_.lower() for t in words}
    text = " ".join(t.lower_ for t in words)
    if lemmas & rules.chemical_weapons or any(
            " " in w and w in text for w in rules.chemical_weapons):
        return "2041"
    if victims is None or code[:3] not in {"180", "182", "183"}:
        return code  # killings, not abductions ("hijacked a train carrying 400 people")
    if (counted(rules, victims).lemma_.lower() not in rules.civilian_nouns
            or head_count(rules, quantity_phrase(rules, victims)) < 100):
        return code
    return "203" if any(t.lower_ == "cleansing" for t in head.subtree) else "202"


def quantity_phrase(rules: Rules, noun: Token) -> Token:
    """The whole counted phrase of a noun: "hundreds of civilians" for "civilians"."""
    while noun.dep_ == "pobj" and noun.head.head.lemma_.lower() in rules.quantifier_nouns:
        noun = noun.head.head
    return noun


def counted(rules: Rules, noun: Token) -> Token:
    """What a count counts: "tens of thousands of people" → people."""
    while noun.lemma_.lower() in rules.quantifier_nouns | rules.count_leads or noun.like_num:
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if pobj is None:
            return noun
        noun = pobj
    return noun


def head_count(rules: Rules, noun: Token) -> float:
    """How many a noun phrase counts: "43 people", "more than 80 people", "hundreds of
    civilians", "thousands of people", "1,500 troops"; 0 when it does not say."""
    best = 0.0
    for token in noun.subtree:
        lower = token.lower_.replace(",", "")
        if lower in rules.magnitude_words:
            best = max(best, rules.magnitude_words[lower])
        elif token.like_num:
            try:
                best = max(best, float(lower))
            except ValueError:
                best = max(best, rules.number_words.get(lower, 0.0))
    return best
