"""Every actor-to-actor predicate of a sentence, whatever its verb: the candidates the
learned model codes where the lexicon is silent.

A predicate links a source (the subject, inherited through chained clauses, or the agent
of a passive) to a target (an object, a dative, the object of a preposition, or the
subject of a passive). Only explicit arguments count: the implied targets the lexicon's
rules infer for a known code are not guessed here, since no code is known yet. Clauses
that give no event (negated, conditional, background, forecast) give no candidate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Token

from sword.coding.context import Actor, SentenceContext
from sword.coding.nominal import counted
from sword.coding.phrases import (
    INHERIT_DEPS,
    OBJECT_DEPS,
    RELATIVE_TAGS,
    SUBJECT_DEPS,
    clause_verb,
    is_speech,
    reporting_verb,
    with_conjuncts,
)
from sword.coding.verbs import hoisted

if TYPE_CHECKING:
    from sword.coding.arguments import Sources, Targets
    from sword.coding.phrases import NounPhrases
    from sword.coding.verbs import ClauseFilter

TARGET_DEPS = OBJECT_DEPS | {"dative", "attr", "oprd"}
TIME_ENTITIES = frozenset({"DATE", "TIME"})
# "searched the residence of Saudi Arabia's consul general", "tariffs on Colombian goods",
# "positions of the Kurdish YPG": an actor named inside the argument's noun phrase
EMBEDDING_DEPS = frozenset({"poss", "compound", "amod", "nmod", "appos"})
EMBEDDING_PREPS = frozenset({"of", "on", "against", "to", "with", "from"})
# "is willing to pull out": an adjective's complement inherits the subject too
SUBJECT_INHERIT = INHERIT_DEPS | {"acomp"}


@dataclass(slots=True)
class Predicate:
    """A source and a target linked by a verb, with the words that name them."""

    verb: Token
    source: Actor
    target: Actor
    source_token: Token
    target_token: Token
    flags: set[str] = field(default_factory=set)
    linked: bool = True  # False: co-subjects, who may act on each other or only together


class Predicates:
    """Finds the predicates of one sentence (a part built from its `SentenceContext`)."""

    def __init__(self, ctx: SentenceContext, phrases: NounPhrases, blocking: ClauseFilter,
                 sources: Sources, targets: Targets) -> None:
        self.ctx = ctx
        self.phrases = phrases
        self.blocking = blocking
        self.sources = sources
        self.targets = targets

    def find(self) -> list[Predicate]:
        sent = self.ctx.sent
        verbs = [t for t in sent if t.pos_ == "VERB" and not self.blocking.blocked(t)]
        found = [p for verb in verbs for p in (
            self._of_speech(verb) if is_speech(self.ctx.lexicon, verb) else self._of_verb(verb))]
        found += [p for noun in sent if noun.pos_ == "NOUN" for p in self._of_noun(noun)]
        out: list[Predicate] = []
        seen: set[tuple[str, str]] = set()
        for predicate in found:
            key = (predicate.source.code, predicate.target.code)
            if (key not in seen and not self._own_state(predicate)
                    and not self._doubtful(predicate)):
                seen.add(key)
                out.append(predicate)
        return out

    def _of_speech(self, verb: Token) -> list[Predicate]:
        """"Erdogan told Sudan's army chief …": a speaker and whom he addresses (not what
        he says about others: that is the reported clause's own predicate)."""
        addressed = [t for c in verb.children if c.dep_ in {"dobj", "dative"}
                     for t in with_conjuncts(c)]
        # "declared about the rupture of relations with Qatar" (a translation's "about"):
        # the act the speaker announces, with whom
        addressed += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "about"
                      for p in c.children if p.dep_ == "pobj"
                      and p.lemma_.lower() in self.ctx.event_nouns]
        return self._pairs(verb, self._subjects(verb), addressed)

    def _of_noun(self, noun: Token) -> list[Predicate]:
        """"Russia's invasion of Ukraine", "Russian shelling of Kherson": an act named by a
        noun, its possessor or demonym the source and its object the target (not as the
        background of an "after …")."""
        if noun.dep_ == "pobj" and noun.head.lower_ in self.ctx.rules.background_preps:
            return []
        if self.blocking.blocked(clause_verb(noun)):
            return []
        sources = [c for c in noun.children if c.dep_ in {"poss", "amod", "compound"}
                   and self.ctx.actors.at(c) is not None]
        targets = [p for c in noun.children
                   if c.dep_ == "prep" and c.lower_ in self.ctx.rules.noun_target_preps
                   for p in c.children if p.dep_ == "pobj"]
        if not sources or not targets:
            return []
        return self._pairs(noun, sources, targets)

    def _pairs(self, verb: Token, sources: list[Token], targets: list[Token]) -> list[Predicate]:
        return [Predicate(verb, source, target, s_token, t_token)
                for s_token in self._named(sources) for source in self.phrases.actor_of(s_token)
                for t_token in self._named(targets)
                for target in self.phrases.actor_of(t_token)]

    def _of_verb(self, verb: Token) -> list[Predicate]:
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children) or (
            verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children))
        if passive:
            sources = [p for c in verb.children if c.dep_ == "agent"
                       for p in c.children if p.dep_ == "pobj"]
            targets = [c for c in verb.children if c.dep_ == "nsubjpass"]
        else:
            sources = self._subjects(verb)
            targets = self._objects(verb)
        # "thousands of protesters": the people counted
        sources = [counted(self.ctx.rules, t) for t in sources]
        targets = [counted(self.ctx.rules, t) for t in targets]
        flags = {"reported"} if self._reported(verb, sources) else set()
        found = [(token, actor, set()) for token in self._named(sources)
                 for actor in self.phrases.actor_of(token)]
        if not found and sources:
            # "suicide bombers … in Kabul": a group of no stated nationality acts where it is
            found = [(sources[0], actor, {"implicit_source"})
                     for actor in self.sources.default_sources(verb)]
        found += self._fellow_parties(sources, found)
        out = []
        for s_token, source, s_flags in found:
            ends = [(token, actor, set()) for token in self._named(targets)
                    for actor in self.phrases.actor_of(token)]
            if not ends and targets and not passive:
                ends = self._implicit_ends(verb, targets, source)
            out.extend(Predicate(verb, source, target, s_token, t_token,
                                 flags | s_flags | t_flags)
                       for t_token, target, t_flags in ends)
        named = {(token.i, actor.code) for token, actor, _ in found
                 if token in sources and self._names_actor(token)}
        if not passive and len(named) > 1:
            # "Ethiopia and Somalia agreed to end their feud": what the one does with the other
            # (only the verb says whether they act on each other or together on a third:
            # as sure a call as for actors that merely co-occur)
            # (of one state too, when parties of it: "the Syrian government and the armed
            # opposition signed a ceasefire"; one word may name both where the parse ran
            # the two names together)
            out.extend(Predicate(verb, a, b, a_token, b_token, set(flags), linked=False)
                       for a_token, a, _ in found for b_token, b, _ in found
                       if (a_token.i != b_token.i or a.country != b.country)
                       and (a.country != b.country or a.sector != b.sector))
        return out

    def _implicit_ends(self, verb: Token, targets: list[Token], source: Actor
                       ) -> list[tuple[Token, Actor, set[str]]]:
        """"… killing 12 civilians", "fired tear gas at crowds": the first of the targets
        that are people of no stated nationality, of where it happens (a state's own people
        or forces are no target it is implied to act on: "Yerevan is rebuilding its army")."""
        for token in targets:
            actors = [a for a in self.targets.default_targets(verb, token, "", source)
                      if a.country != source.country or source.sector not in {"", "GOV"}]
            if actors:
                return [(token, actor, {"implicit_target"}) for actor in actors]
        return []

    def _fellow_parties(self, sources: list[Token], found: list[tuple[Token, Actor, set[str]]]
                        ) -> list[tuple[Token, Actor, set[str]]]:
        """"the Syrian government and the armed opposition", "Kyiv and the separatists": a
        group of no stated nationality named beside the actors of one state is of it."""
        countries = {actor.country for _, actor, _ in found}
        if len(countries) != 1 or len(next(iter(countries))) != 3:
            return []
        country = next(iter(countries))
        placed = {token.i for token, _, _ in found}
        out = []
        for token in sources:
            sector = self.phrases.sector_for(token) if token.pos_ == "NOUN" else ""
            if token.i in placed or not sector or self.phrases.actor_of(token):
                continue
            out.append((token, Actor(country, sector, self.phrases.phrase(token), "implicit"),
                        {"implicit_source"}))
        return out

    def _own_state(self, predicate: Predicate) -> bool:
        """The same actor, or a state and a part of it as a whole ("Erdogan said Turkey
        would …"): no event between them, but for an armed group's force against the
        state it fights in."""
        source, target = predicate.source, predicate.target
        return source.code == target.code or (
            source.country == target.country and not (source.sector and target.sector)
            and source.sector not in self.ctx.rules.armed_nonstate_sectors)

    def _doubtful(self, predicate: Predicate) -> bool:
        """A name a translation garble could have made from a state the document names
        (and nothing repaired) may be the wrong state: the model, which sees less than
        the lexicon's rules, leaves it alone (a wrong state is worse than a missed event)."""
        return any(a.how in {"name", "demonym", "pseudo"} and not a.repaired
                   and ((self.ctx.actors.garbled and a.country in self.ctx.kb.confusable)
                        or self.ctx.actors.is_doubtful(a.country)
                        or self._unbacked_title(a, token))
                   for a, token in ((predicate.source, predicate.source_token),
                                    (predicate.target, predicate.target_token)))

    def _unbacked_title(self, actor: Actor, token: Token) -> bool:
        """"Malaysian Foreign Minister Abdoulaye Diop": a confusable demonym on the title
        of a person Sword does not know, in a document that never names the state itself
        (a translation may have confused the adjective; the lexicon's rules look further)."""
        if actor.how != "demonym" or actor.country not in self.ctx.kb.confusable:
            return False
        head = token
        while head.dep_ in EMBEDDING_DEPS and head.head.i != head.i:
            head = head.head
        return (head.pos_ == "PROPN" and self.ctx.actors.at(head) is None
                and not any(m.country == actor.country and m.how != "demonym"
                            for m in self.ctx.actors.mentions))

    def _subjects(self, verb: Token) -> list[Token]:
        """The subject of `verb`, or the one its clause inherits ("…, killing 12")."""
        token = verb
        for _ in range(6):
            subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
            if subjects:
                if token.dep_ == "relcl" and subjects[0].tag_ in RELATIVE_TAGS:
                    return [token.head]
                return [s for subject in subjects for s in with_conjuncts(subject)]
            if token.dep_ == "relcl":
                return [token.head]
            if token.dep_ not in SUBJECT_INHERIT or token.head is token:
                return []
            token = token.head
        return []

    def _objects(self, verb: Token) -> list[Token]:
        """Objects, datives and the objects of the verb's target prepositions ("pulled its
        troops out of Iraq"; not "despite US sanctions", not of time)."""
        preps = self.ctx.rules.target_preps
        out: list[Token] = []
        for child in verb.children:
            if child.dep_ in TARGET_DEPS:
                out.extend(with_conjuncts(child))
                if self.ctx.actors.at(child) is None:
                    out.extend(self._aimed_at(child))
            elif child.dep_ in {"prep", "dative"} or (child.dep_ in {"prt", "advmod"}
                                                       and child.n_rights):
                # ("handed the pilot back to Indian authorities": a particle's phrase)
                for pobj in child.subtree:
                    if (pobj.dep_ == "pobj" and pobj.head.head in (verb, child)
                            and pobj.head.lower_ in preps
                            and pobj.ent_type_ not in TIME_ENTITIES
                            and not self._locative(pobj)):
                        out.extend(with_conjuncts(pobj))
        out.extend(p for prep in hoisted(self.ctx.rules, verb)
                   for p in prep.children if p.dep_ == "pobj")
        return out

    def _aimed_at(self, thing: Token) -> list[Token]:
        """"fired tear gas and rubber bullets at protesters": whom a thing sent is aimed at,
        where the parse hangs the phrase on the thing (or on its last conjunct)."""
        return [p for t in with_conjuncts(thing) for c in t.children
                if c.dep_ == "prep" and c.lower_ in self.ctx.rules.aimed_preps
                for p in c.children if p.dep_ == "pobj" and p.ent_type_ not in TIME_ENTITIES]

    def _locative(self, pobj: Token) -> bool:
        """"met in Istanbul", "in the Saudi capital": where it happened, not to whom (but
        "fired at crowds": people a thing is aimed at are no place)."""
        if pobj.head.lower_ not in self.ctx.rules.place_preps:
            return False
        mention = self.ctx.actors.at(pobj)
        if mention is None:
            return not (pobj.head.lower_ in self.ctx.rules.aimed_preps
                        and self._names_actor(counted(self.ctx.rules, pobj)))
        return mention.how in {"place", "city"}

    def _named(self, arguments: list[Token]) -> list[Token]:
        """The arguments that name an actor, or else the actors named inside them."""
        named = [t for t in arguments if self._names_actor(t)]
        if named or not arguments:
            return named
        return [t for argument in arguments for t in self._embedded(argument)]

    def _embedded(self, token: Token, depth: int = 3) -> list[Token]:
        """Actors named inside a noun phrase, nearest first (not inside its clauses)."""
        if depth == 0:
            return []
        found: list[Token] = []
        for child in token.children:
            if child.dep_ in EMBEDDING_DEPS:
                # "the Spanish-language version", "Russian-made jets": a kind, not an actor
                hyphened = child.i + 1 < len(child.doc) and child.doc[child.i + 1].text == "-"
                mention = self.ctx.actors.at(child)
                # "the Baku office of Sputnik": a city before a noun says where it is
                where = child.dep_ == "compound" and mention is not None and mention.how in {
                    "place", "city"}
                inner = [child] if mention is not None and not hyphened and not where else []
            elif child.dep_ == "prep" and child.lower_ in EMBEDDING_PREPS:
                inner = [p for p in child.children if p.dep_ == "pobj"
                         and p.ent_type_ not in TIME_ENTITIES]
                inner = [p for p in inner if self.ctx.actors.at(p) is not None] or [
                    t for p in inner for t in self._embedded(p, depth - 1)]
            else:
                continue
            found.extend(inner or self._embedded(child, depth - 1))
        return found

    def _names_actor(self, token: Token) -> bool:
        """The argument itself names an actor (a name, a pronoun, a group noun such as
        "police"), not a thing an actor owns or shapes ("a US-controlled corridor")."""
        return (self.ctx.actors.at(token) is not None or token.pos_ == "PRON"
                or token.lemma_.lower() in self.ctx.kb.sector_nouns
                or token.lower_ in self.ctx.kb.sector_nouns)

    def _reported(self, verb: Token, sources: list[Token]) -> bool:
        """Told by someone other than its source: "…, police said"."""
        reporter = reporting_verb(self.ctx.lexicon, verb)
        if reporter is None:
            return False
        speakers = {a.country for a in self.phrases.subject_actors(reporter)}
        doers = {a.country for s in sources for a in self.phrases.actor_of(s)}
        return not doers <= speakers
