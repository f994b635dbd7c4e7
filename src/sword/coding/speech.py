"""What speakers say about others: accusations in reported speech ("Israel said Gaza fired a
rocket at it"), charges ("accused X of V-ing"), verdicts ("called the move unfair"),
evaluations ("said Russia is not reliable") and obligations ("said China must drop …")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from sword.coding.context import Actor, Candidate, SentenceContext
from sword.coding.phrases import (
    OBJECT_DEPS,
    SUBJECT_DEPS,
    NounPhrases,
    is_speech,
    reporting_verb,
    with_conjuncts,
)

if TYPE_CHECKING:
    from sword.coding.arguments import Targets
    from sword.coding.verbs import ClauseFilter, VerbMatcher


class SpeechCoder:
    """Codes what a sentence's speakers say of other actors."""

    def __init__(self, ctx: SentenceContext, phrases: NounPhrases, matcher: VerbMatcher,
                 blocking: ClauseFilter, targets: Targets) -> None:
        self.ctx = ctx
        self.lexicon = ctx.lexicon
        self.rules = ctx.rules
        self.sent = ctx.sent
        self.phrases = phrases
        self.matcher = matcher
        self.blocking = blocking
        self.targets = targets

    def allegation(self, verb: Token, sources: list[Actor]) -> bool:
        """Is `verb` what an accuser charges its object with ("accused X of V-ing")?"""
        token = verb
        # "accused Kyiv of trying to assassinate Putin": up through conjuncts and complements
        while token.dep_ in {"conj", "xcomp"} and token.head is not token:
            token = token.head
        if token.dep_ != "pcomp" or token.head.dep_ != "prep":
            return False
        governor = token.head.head
        match = self.matcher.match(governor)
        # "accused X of V-ing", "jailed X for V-ing": the charge, not an act seen done
        if match is None or match[0].code[:2] not in {"11", "17"}:
            return False
        accused = {a.country for c in governor.children if c.dep_ in OBJECT_DEPS
                   for a in self.phrases.actor_of(c)}
        return bool(sources) and {s.country for s in sources} <= accused

    def accusations(self, speech: Token, verb: Token, code: str, sources: list[Actor],
                    pattern: str, confidence: float) -> list[Candidate]:
        """"Israel said Gaza fired a rocket at it", "the US said Iraq had attacked itself":
        the speaker accuses the actor it names of a hostile act. Only for a speaker who
        opens the sentence (not a trailing "officials said")."""
        info = self.lexicon.codes.get(code)
        speakers = self.phrases.subject_actors(speech)
        if info is None or info.quad_class < 3 or not speakers or not any(
                c.dep_ in SUBJECT_DEPS and c.i < speech.i < verb.i for c in speech.children):
            return []
        accused = {s.code: s for s in sources}.values()
        return [Candidate(speaker, actor, "112", f"@say > accuse({pattern})", confidence - 0.05)
                for actor in accused for speaker in speakers
                if speaker.country != actor.country]

    def code_evaluations(self) -> list[Candidate]:
        """"Pashinyan said ... Russia is not enough to protect Armenia": a speaker's verdict
        on an actor is criticism (or praise) of it."""
        out: list[Candidate] = []
        for token in self.sent:
            if token.dep_ not in {"ccomp", "conj"} or reporting_verb(self.lexicon, token) is None:
                continue
            if token.lemma_.lower() != "be":
                continue
            predicate = next((c for c in token.children if c.dep_ in {"acomp", "attr"}), None)
            subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
            if predicate is None or subject is None:
                continue
            word = predicate.lemma_.lower()
            negated = any(c.dep_ == "neg" for c in (*token.children, *predicate.children))
            if word in self.rules.evaluative_flip:
                polarity = -1 if negated else 0
            elif word in self.rules.evaluative_negative:
                polarity = 0 if negated else -1
            elif word in self.rules.evaluative_positive:
                polarity = -1 if negated else 1
            else:
                polarity = 0
            if polarity == 0:
                continue
            speech = reporting_verb(self.lexicon, token)
            if speech is None:
                continue
            speakers = self.phrases.subject_actors(speech)
            targets = self.phrases.actor_of(subject)
            code = "111" if polarity < 0 else "051"
            for s in speakers:
                for t in targets:
                    if s.country != t.country:
                        out.append(Candidate(s, t, code, f"@say > evaluation:{word}", 0.6))
        return out

    def code_verdicts(self) -> list[Candidate]:
        """"India called the move 'unfair, unjustified'", "the Kremlin called the decision
        wrong": a verdict on an act or an actor is criticism (or praise) of whoever it is."""
        out: list[Candidate] = []
        for verb in self.sent:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in self.rules.verdict_verbs:
                continue
            obj = next((c for c in verb.children if c.dep_ in OBJECT_DEPS), None)
            if obj is None or self.blocking.blocked(verb):
                continue
            words = [c for c in verb.children if c.dep_ in {"oprd", "acomp", "xcomp", "ccomp"}
                     and c.pos_ == "ADJ"] + [c for c in obj.rights if c.pos_ == "ADJ"]
            lemmas = {w.lemma_.lower() for ws in words for w in with_conjuncts(ws, True)}
            if lemmas & self.rules.evaluative_negative:
                code = "111"
            elif lemmas & self.rules.evaluative_positive:
                code = "051"
            else:
                continue
            sources = self.phrases.subject_actors(verb)
            own = {s.country for s in sources}
            targets = [a for a in self.phrases.actor_of(obj) if a.country not in own] or (
                self.targets.act_reference(obj, own))
            out.extend(Candidate(s, t, code, f"verdict:{verb.lemma_} {sorted(lemmas)[0]}", 0.6)
                       for s in sources for t in targets)
        return out

    def code_obligations(self) -> list[Candidate]:
        """"The Bush administration declared that China must drop barriers": what a speaker
        says another must or should do is a demand on it."""
        out: list[Candidate] = []
        for token in self.sent:
            if token.dep_ != "ccomp" or not is_speech(self.lexicon, token.head):
                continue
            if not any(c.dep_ == "aux" and c.lower_ in self.rules.obligation_modals
                       for c in token.children):
                continue
            speakers = self.phrases.subject_actors(token.head)
            targets = [a for c in token.children if c.dep_ in SUBJECT_DEPS
                       for a in self.phrases.actor_of(c)]
            match = self.matcher.match(token)
            inner = match[0].code if match and not match[0].code.startswith("@") else ""
            code = self.lexicon.wrap("@demand", inner) if inner else self.lexicon.wrap(
                "@demand", "")
            if not code:
                continue
            for s in speakers:
                for t in targets:
                    if s.country != t.country:
                        out.append(Candidate(s, t, code, f"@say > must {token.lemma_}", 0.6))
        return out
