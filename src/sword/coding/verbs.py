"""What a verb is in the lexicon and whether its clause can give an event: the pattern a
verb matches with its object (`VerbMatcher`), and the clauses that give none: negated,
conditional, hypothetical, background, forecast (`ClauseFilter`)."""

from __future__ import annotations

from spacy.tokens import Token

from sword.coding.context import SentenceContext
from sword.coding.lexicon import Pattern, Rules
from sword.coding.phrases import (
    CLAUSE_CHAIN,
    OBJECT_DEPS,
    RELATIVE_TAGS,
    is_speech,
    with_conjuncts,
)


class ClauseFilter:
    """Negated, conditional, hypothetical and background clauses."""

    def __init__(self, ctx: SentenceContext) -> None:
        self.ctx = ctx
        self.lexicon = ctx.lexicon
        self.rules = ctx.rules
        # by token index: the lexicon and the predicate finder ask of the same verbs
        self._blocked: dict[int, bool] = {}

    def blocked(self, verb: Token) -> bool:
        """Negated, conditional, hypothetical or merely wished-for clauses give no event."""
        if verb.i not in self._blocked:
            self._blocked[verb.i] = self._blocks(verb)
        return self._blocked[verb.i]

    def _blocks(self, verb: Token) -> bool:
        if self._standing_state(verb):
            return True
        token = verb
        for _ in range(6):
            for child in token.children:
                if child.dep_ == "neg":
                    return True
                if child.dep_ == "mark" and child.lower_ in self.rules.conditional_marks:
                    return True
                if child.dep_ == "aux" and child.lemma_.lower() in self.rules.hypothetical_modals:
                    return True
            if token.dep_ == "xcomp" and token.head.lemma_.lower() in self.rules.negating_verbs:
                return True
            if (token.dep_ in {"xcomp", "ccomp"}
                    and token.head.lemma_.lower() in self.rules.denial_verbs):
                return True  # "Russia denied killing civilians"
            auxiliaries = {c.lower_ for c in token.children if c.dep_ == "aux"}
            if "have" in auxiliaries and auxiliaries & self.rules.counterfactual_modals:
                return True  # "a resolution that would have condemned …": it did not
            if (token.dep_ in {"xcomp", "ccomp"}
                    and token.head.lemma_.lower() in self.rules.prediction_verbs):
                return True  # "analysts expect the junta to deepen its ties": a forecast
            if self._conditional_prediction(token):
                return True
            if (self._background_clause(token) or self._agreement_content(token)
                    or self._detail(token)):
                return True
            if token.dep_ not in CLAUSE_CHAIN or token.head is token:
                return False
            if (token.dep_ in {"ccomp", "relcl", "acl"} and token.head.pos_ in {"VERB", "AUX"}
                    and is_speech(self.lexicon, token.head)):
                # a reported clause keeps its own polarity (not "a post in …"), but what is
                # said in a background clause is background too
                return self._said_in_background(token.head)
            token = token.head
        return False

    def _said_in_background(self, speech: Token) -> bool:
        """"cut ties after Burundian officials said Rwandan troops had shelled Bujumbura":
        the speech is background, and so is what it says."""
        token = speech
        for _ in range(6):
            if self._background_clause(token) or self._detail(token):
                return True
            if token.dep_ not in CLAUSE_CHAIN or token.head is token:
                return False
            token = token.head
        return False

    @staticmethod
    def _standing_state(verb: Token) -> bool:
        """"Senegal has hosted French troops since 1960", "have fought three wars since
        independence", "Armenia is a member of the CSTO and hosts a Russian base": a state
        of long standing, not an event of the day."""
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "since" and any(
                    (t.like_num and len(t.text) == 4) or t.lower_ == "independence"
                    for t in child.subtree):
                return True
        head = verb.head
        return (verb.dep_ == "conj" and verb.tag_ in {"VBZ", "VBP"} and head.lemma_ == "be"
                and any(c.dep_ == "attr" for c in head.children))

    def _background_clause(self, verb: Token) -> bool:
        """"… days after Baku's offensive", "after Paris backed Morocco's plan": an earlier
        event given as background. It was reported when it happened, and dating it by this
        sentence would misdate it."""
        if any(c.dep_ == "mark" and c.lower_ in self.rules.background_marks
               for c in verb.children):
            return True  # (also "comes a day before Macron heads to Beijing", misparsed)
        if verb.dep_ == "advcl":
            return False
        if verb.dep_ == "pobj" and verb.head.lower_ in self.rules.background_preps:
            # "protested over a post in which the consul appeared to threaten …", "cut
            # ties over a cyberattack it blamed on Tehran": what the protest is about
            return True
        if verb.dep_ == "relcl" and self._aside(verb):
            return True
        return verb.dep_ == "pcomp" and verb.head.lower_ in self.rules.background_marks

    @staticmethod
    def _aside(verb: Token) -> bool:
        """"…, the International Criminal Court, which issued a warrant for Putin in March,
        …": a relative clause in the past, set off by a comma after a name, tells who the
        named one is."""
        relative = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}
                         and c.tag_ in RELATIVE_TAGS), None)
        if relative is None or relative.i == 0 or verb.head.pos_ != "PROPN":
            return False
        if verb.tag_ not in {"VBD", "VBN"}:
            return False  # "…, which is now expelling diplomats": news of the day
        return relative.doc[relative.i - 1].text == ","

    def _agreement_content(self, verb: Token) -> bool:
        """"signed a pact ending hostilities", "signed a treaty, pledging mutual assistance",
        "held talks with Milei, offering credits": a participle on an agreement, on the
        signing of one or on a meeting tells what was agreed or said there; the signing
        or the meeting is the event."""
        if verb.tag_ != "VBG" or verb.dep_ not in {"advcl", "acl"}:
            return False
        head = verb.head
        if verb.dep_ == "acl":
            return head.lemma_.lower() in self.rules.agreement_nouns
        objects = {c.lemma_.lower() for c in head.children if c.dep_ in OBJECT_DEPS}
        return bool((head.lemma_.lower() in self.rules.signing_verbs
                    and objects & self.rules.agreement_nouns)
                    or objects & self.rules.meeting_nouns
                    or head.lemma_.lower() in self.rules.meeting_verbs)

    def _detail(self, verb: Token) -> bool:
        """"said they would exchange prisoners, with Santiago freeing 12 fishermen": a
        with-clause tells how the act of its clause is done (the same act, and as sure as
        it); "summoned the ambassador to protest against …": what a summons is for is the
        summons; what a people votes for in a referendum is a result, no act of its state."""
        head = verb.head
        if (verb.dep_ in {"xcomp", "advcl"} and head.lemma_.lower() in self.rules.voting_verbs
                and any(t.lemma_.lower() in self.rules.ballot_nouns for t in head.subtree)):
            return True  # "Greece voted in a referendum to reject …": the electorate's say
        if verb.dep_ == "pcomp" and head.lower_ == "with":
            return head.head.pos_ in {"VERB", "AUX"}
        return (verb.dep_ in {"advcl", "xcomp"} and head.lemma_.lower() in self.rules.summoning_verbs
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children))

    def _conditional_prediction(self, verb: Token) -> bool:
        """"once the time is ripe …, Armenia will throw itself into the arms of …": a future
        that waits on a condition is a prediction, not an event."""
        if not any(c.dep_ == "aux" and c.lower_ in self.rules.future_auxiliaries
                   for c in verb.children):
            return False
        clauses = [verb, *(c for c in verb.children if c.dep_ == "conj")]
        if verb.dep_ == "conj":
            clauses.append(verb.head)
        return any(
            (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in self.rules.future_marks
                                       for m in c.children))
            or (c.dep_ == "advmod" and c.lower_ == "then")
            for clause in clauses for c in clause.children
        )

    def negated_commitment(self, verb: Token) -> bool:
        """"said it would not provide support": a negated promise of cooperation."""
        children = list(verb.children)
        return (any(c.dep_ == "neg" for c in children)
                and any(c.dep_ == "aux" and c.lemma_.lower() in self.rules.promise_auxiliaries
                        for c in children))


class VerbMatcher:
    """A verb's lexicon pattern, with the object it takes."""

    def __init__(self, ctx: SentenceContext) -> None:
        self.ctx = ctx
        self.actors = ctx.actors
        self.lexicon = ctx.lexicon
        self.rules = ctx.rules

    def governing_special(self, token: Token) -> bool:
        """Is this verb the complement (or a conjunct of the complement) of "agreed to",
        "threatened to", "urged … to"?"""
        while token.dep_ == "conj" and token.head is not token:
            token = token.head
        if token.dep_ not in {"xcomp", "ccomp"}:
            return False
        head = token.head
        return any(p.code.startswith("@") and p.code != "@say"
                   for p in self.lexicon.patterns_for(head.lemma_.lower()))

    def lemma(self, token: Token) -> str:
        return self.lexicon.verb_key(token.lemma_.lower(), token.lower_)

    def match(self, verb: Token) -> tuple[Pattern, Token | None] | None:
        preps = [c for c in verb.children if c.dep_ in {"prt", "prep", "agent"}
                 and not is_time_phrase(c)] + hoisted(self.rules, verb)
        particles = {c.lower_ for c in preps}
        # a resultative word counts as a particle: "shot dead"
        particles |= {c.lower_ for c in verb.children if c.dep_ in {"oprd", "acomp"}
                      or (c.dep_ in {"advcl", "xcomp", "ccomp"} and c.pos_ == "ADJ")}
        particles |= {f"{c.lower_} {g.lower_}" for c in preps if c.dep_ == "prt"
                      for g in c.head.children if g.dep_ == "prep"}
        linked = self.linked_objects(verb)
        for pattern in self.lexicon.patterns_for(self.lemma(verb)):
            if pattern.particle and pattern.particle not in particles:
                continue
            if pattern.obj is None:
                return pattern, None
            # an object pattern takes the direct object, or the object of its own particle
            wanted = {None, *(pattern.particle.split() if pattern.particle else ())}
            for obj, via in linked:
                if via in wanted and self._object_fits(obj, pattern):
                    self.ctx.consumed.add(obj.i)
                    return pattern, obj
        return None

    def objects(self, verb: Token) -> list[Token]:
        """Direct objects, objects of the verb's prepositions, passive subjects."""
        return [obj for obj, _ in self.linked_objects(verb)]

    def linked_objects(self, verb: Token) -> list[tuple[Token, str | None]]:
        """Objects with the preposition that links them (None for a direct object)."""
        out: list[tuple[Token, str | None]] = []
        if verb.dep_ in {"amod", "compound"} and verb.head.pos_ == "NOUN" and verb.i < verb.head.i:
            out.append((verb.head, None))  # "Orban held talks with …" misparsed with "held" as amod
        for child in verb.children:
            if child.dep_ in OBJECT_DEPS or child.dep_ in {"nsubjpass", "attr", "dative"}:
                out.extend((c, None) for c in with_conjuncts(child))
                if child.lemma_.lower() in self.rules.quantifier_nouns:
                    out.extend((p, None) for prep in child.children
                               if prep.lower_ in self.rules.quantity_preps
                               for p in prep.children if p.dep_ == "pobj")
            elif child.dep_ == "npadvmod" and self.actors.at(child) is not None:
                out.append((child, None))  # "warned Azerbaijan that …" is often parsed so
            elif child.dep_ in {"prep", "prt", "agent"}:
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        out.extend((c, child.lower_) for c in with_conjuncts(grand))
                        # "opened fire on hundreds of people": what is counted
                        out.extend((p, child.lower_) for prep in grand.children
                                   if grand.lemma_.lower() in self.rules.quantifier_nouns
                                   and prep.lower_ == "of"
                                   for p in prep.children if p.dep_ == "pobj")
                    elif grand.dep_ == "prep":
                        out.extend((g, grand.lower_) for g in grand.children if g.dep_ == "pobj")
        out.extend((p, prep.lower_) for prep in hoisted(self.rules, verb)
                   for p in prep.children if p.dep_ == "pobj")
        return out


    def _object_fits(self, obj: Token, pattern: Pattern) -> bool:
        """The object's head lemma, or `@person` for a known person ("welcomed Putin")."""
        if pattern.obj == "@person":
            mention = self.actors.at(obj)
            return mention is not None and mention.how == "person"
        # "pilot Abhinandan Varthaman": a name is matched by the role noun before it
        heads = {obj.lemma_.lower()} | ({c.lemma_.lower() for c in obj.children
                                          if c.dep_ == "compound" and c.pos_ == "NOUN"}
                                         if obj.pos_ == "PROPN" else set())
        return pattern.obj in heads and self.has_mods(obj, pattern.obj_mods)

    @staticmethod
    def has_mods(obj: Token, mods: tuple[str, ...]) -> bool:
        if not mods:
            return True
        words = {t.lemma_.lower() for t in obj.subtree} | {t.lower_ for t in obj.subtree}
        return all(m in words for m in mods)


def hoisted(rules: Rules, verb: Token) -> list[Token]:
    """"fired from rooftops on protesters", "shelled from the hills at the town": an aimed
    phrase the parse hung on the place the act came from or happened in."""
    return [aimed for child in verb.children
            if child.dep_ == "prep" and child.lower_ in rules.place_preps
            for place in child.children if place.dep_ == "pobj"
            for aimed in place.children
            if aimed.dep_ == "prep" and aimed.lower_ in rules.aimed_preps
            and aimed.lower_ != child.lower_ and not is_time_phrase(aimed)]


def is_time_phrase(prep: Token) -> bool:
    """"on Friday", "in 2020": a preposition of time is no particle of the verb."""
    return any(c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in prep.children)
