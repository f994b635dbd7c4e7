"""The event stage: who did what to whom, from the dependency parse of each sentence.

`EventCoder` walks a document's sentences, codes each with a `SentenceCoder` built from
one `SentenceContext`, applies the post-rules of `recode` and builds the `Event` records.
The parts read alone: `phrases` (noun phrases to actors), `clauses` (verbs, complements,
blocked clauses, assembling), `arguments` (implied sources and targets), `speech`
(accusations, verdicts, evaluations, obligations), `nominal` (event nouns, mass violence).
Negated, conditional, hypothetical and interrogative clauses give no event. Where the
lexicon is silent on a whole sentence, its actor-to-actor predicates (`predicates`) go to
the learned model (`learned`), in one batch per document, and so do those of a clause with
its own subject in a sentence the lexicon coded, for a pair it did not code; the model codes
them or abstains, and never overrides a lexicon code.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from sword.coding.actors import DocumentActors
from sword.coding.arguments import Sources, Targets
from sword.coding.clauses import Assembler, ClauseCoder
from sword.coding.context import Actor, Candidate, Discourse, SentenceContext
from sword.coding.dates import EventDate
from sword.coding.knowledge import KnowledgeBase
from sword.coding.learned import EventTypeModel, mark_candidate
from sword.coding.lexicon import Lexicon
from sword.coding.nominal import NounEvents
from sword.coding.phrases import CLAUSE_SUBJECTS, NounPhrases, clause_verb
from sword.coding.predicates import Predicate, Predicates
from sword.coding.recode import (
    aim_within_state,
    event_date,
    is_sport_report,
    recode_by_sector,
    sentence_entities,
    without_attack_killings,
)
from sword.coding.speech import SpeechCoder
from sword.coding.verbs import ClauseFilter, VerbMatcher
from sword.config import CoderConfig
from sword.model import Document, Event, Mention


class EventCoder:
    """Codes the events of parsed documents. Holds only read-only tables."""

    def __init__(self, lexicon: Lexicon, kb: KnowledgeBase,
                 model: EventTypeModel | None = None) -> None:
        self.lexicon = lexicon
        self.rules = lexicon.rules
        self.kb = kb
        self.model = model  # codes the predicates of sentences the lexicon is silent on
        self.event_nouns = frozenset(lexicon.nouns) | self.rules.act_nouns

    def code_document(self, document: Document, doc: Doc, actors: DocumentActors,
                      config: CoderConfig) -> list[Event]:
        discourse = Discourse()
        coded: dict[int, list[Event]] = {}
        silent: dict[int, list[Predicate]] = {}
        sents = list(doc.sents)
        entities = sentence_entities(doc, sents)
        by_sentence: dict[int, list[Mention]] = {}
        for mention in actors.mentions:
            by_sentence.setdefault(mention.sentence_index, []).append(mention)
        for index, sent in enumerate(sents):
            ctx = SentenceContext(sent, actors, by_sentence.get(index, []), self.kb,
                                  self.lexicon, discourse, self.event_nouns)
            coder = SentenceCoder(ctx)
            candidates = coder.code()
            found = self._events(document, index, sent, candidates, config,
                                 entities[index]) if candidates else []
            if found:
                coded[index] = found
            if self.model is not None and len(ctx.mentions) + len(discourse.actors) > 1:
                asked = coder.predicates() if not found else coder.silent_clauses(candidates)
                if asked:
                    silent[index] = asked
            coder.update_discourse(candidates)
        for index, candidates in self._model_candidates(silent).items():
            coded.setdefault(index, []).extend(self._events(
                document, index, sents[index], candidates, config, entities[index]))
        return [event for index in sorted(coded) for event in coded[index]]

    def _model_candidates(self, silent: dict[int, list[Predicate]]
                          ) -> dict[int, list[Candidate]]:
        """The learned model's codes for the predicates of silent sentences, one batch (a
        sentence the lexicon coded keeps its codes alone: measured, asking the model there
        too cost more time than the events it added were worth)."""
        pending = [(index, p) for index, found in silent.items() for p in found]
        if not pending or self.model is None:
            return {}
        codes = self.model.predict([mark_candidate(p.source_token, p.target_token)
                                    for _, p in pending], [p.linked for _, p in pending])
        out: dict[int, list[Candidate]] = {}
        for (index, p), code in zip(pending, codes, strict=True):
            if code is None or code.code not in self.lexicon.codes:
                continue
            confidence = code.confidence - (0.08 if "reported" in p.flags else 0.0)
            out.setdefault(index, []).append(Candidate(
                p.source, p.target, code.code, f"{code.label} ({p.verb.lemma_})", confidence,
                set(p.flags)))
        return out

    def _events(self, document: Document, index: int, sent: Span,
                candidates: list[Candidate], config: CoderConfig,
                entities: list[Span]) -> list[Event]:
        when = event_date(self.rules, sent, document.date or config.default_date, entities)
        sport = is_sport_report(self.rules, sent, candidates)
        seen: dict[tuple[str, str, str], Event] = {}
        for cand in without_attack_killings(candidates):
            recode_by_sector(self.rules, sent, cand)
            if sport and cand.code[:2] in self.rules.conflict_roots:
                continue  # "Morocco beat Portugal 1-0": a match, not a fight
            if (cand.code not in self.lexicon.codes or cand.source.code == cand.target.code
                    or not aim_within_state(self.rules, cand)):
                continue
            flags = set(cand.flags) | set(config.extra_flags)
            if cand.source.repaired or cand.target.repaired:
                flags.add("repaired_actor")
            if config.translated:
                flags.add("translated")
            confidence = round(min(0.99, max(0.05, cand.confidence)), 2)
            if confidence < config.min_confidence:
                continue
            key = (cand.source.code, cand.target.code, cand.code)
            if key not in seen:
                seen[key] = self._record(document, index, sent, when, cand, confidence, flags)
        return list(seen.values())

    def _record(self, document: Document, index: int, sent: Span, when: EventDate,
                cand: Candidate, confidence: float, flags: set[str]) -> Event:
        info = self.lexicon.codes[cand.code]
        # the document's own words: the parse saw its markup blanked out (parse.py)
        raw = document.text[sent.start_char:sent.end_char]
        evidence = raw.strip()
        start = sent.start_char + (len(raw) - len(raw.lstrip()))
        return Event(
            doc_id=document.id,
            sentence_index=index,
            evidence=evidence,
            evidence_start=start,
            evidence_end=start + len(evidence),
            event_date=when.iso(),
            date_precision=when.precision,
            source=cand.source.code,
            target=cand.target.code,
            source_name=cand.source.name,
            target_name=cand.target.name,
            source_country=cand.source.country,
            target_country=cand.target.country,
            cameo=cand.code,
            root=info.root,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            plover=info.plover,
            confidence=confidence,
            pattern=cand.pattern,
            flags=sorted(flags),
        )


class SentenceCoder:
    """The coding of one sentence: its verbs, its event nouns and what its speakers say,
    by parts built from one `SentenceContext` (short-lived: all state is the context's)."""

    def __init__(self, ctx: SentenceContext) -> None:
        self.ctx = ctx
        self.phrases = NounPhrases(ctx)
        self.matcher = VerbMatcher(ctx)
        self.blocking = ClauseFilter(ctx)
        self.targets = Targets(ctx, self.phrases, self.matcher)
        self.sources = Sources(ctx, self.phrases)
        self.speech = SpeechCoder(ctx, self.phrases, self.matcher, self.blocking, self.targets)
        assembler = Assembler(ctx, self.phrases, self.matcher, self.sources, self.targets,
                              self.speech)
        self.clauses = ClauseCoder(ctx, self.phrases, self.matcher, self.blocking, assembler)
        self.nouns = NounEvents(ctx, self.phrases, self.blocking)
        self.coded_verbs: set[int] = set()  # the clauses the lexicon coded (by verb index)

    def code(self) -> list[Candidate]:
        ctx = self.ctx
        if self.is_question():
            return []
        if not ctx.mentions and not any(t.pos_ == "PRON" for t in ctx.sent):
            return []  # no actor named and none referred to: nothing can be coded
        out: list[Candidate] = []
        for token in ctx.sent:
            if (token.pos_ in {"VERB", "AUX"}
                    and self.matcher.lemma(token) in ctx.lexicon.verbs):
                if self.matcher.governing_special(token):
                    continue  # coded through the verb that governs it
                found = self.clauses.code_verb(token)
                if found:
                    self.coded_verbs.add(token.i)
                out.extend(found)
        for token in ctx.sent:
            if (token.pos_ in {"NOUN", "PROPN"} and token.i not in ctx.consumed
                    and token.lemma_.lower() in ctx.lexicon.nouns):
                found = self.nouns.code_noun(token)
                if found:
                    self.coded_verbs.add(clause_verb(token).i)
                out.extend(found)
        out.extend(self.speech.code_evaluations())
        out.extend(self.speech.code_verdicts())
        out.extend(self.speech.code_obligations())
        return out

    def is_question(self) -> bool:
        """A question states no event ("Will Seoul keep its thaw with Tokyo alive?")."""
        return self.ctx.sent.text.rstrip().rstrip('"”’\'').endswith("?")

    def predicates(self) -> list[Predicate]:
        """Every actor-to-actor predicate, for the learned model (none in a question)."""
        if self.is_question():
            return []
        return Predicates(self.ctx, self.phrases, self.blocking, self.sources,
                          self.targets).find()

    def silent_clauses(self, coded: list[Candidate]) -> list[Predicate]:
        """In a sentence the lexicon coded, the predicates of the clauses it was silent on:
        a verb it did not code, with its own subject, linking two states (or two parties of
        one state) the lexicon coded in neither direction ("Hezbollah captured two Israeli
        soldiers, and Israel responded with a naval blockade of Lebanon")."""
        def pair(source: Actor, target: Actor) -> frozenset[str]:
            # two states, or two parties of one state (police and protesters)
            if source.country != target.country:
                return frozenset({source.country, target.country})
            return frozenset({source.code, target.code})

        known = {pair(c.source, c.target) for c in coded}
        return [p for p in self.predicates()
                if p.linked and pair(p.source, p.target) not in known
                and p.verb.i not in self.coded_verbs
                and any(c.dep_ in CLAUSE_SUBJECTS for c in p.verb.children)]

    def update_discourse(self, coded: list[Candidate]) -> None:
        """Tell the discourse what this sentence named and who acted in it."""
        ctx = self.ctx
        ctx.discourse.remember(ctx.sentence_actors)
        ctx.discourse.agents.extend(c.source for c in coded)
        if not ctx.sentence_subjects:
            ctx.sentence_subjects.extend(self.phrases.subject_actors(ctx.sent.root)[:1])
        if ctx.sentence_subjects:
            ctx.discourse.subjects.append(ctx.sentence_subjects[0])
        for mention in ctx.mentions:
            actor = Actor.from_mention(mention, mention.sector, mention.text)
            ctx.discourse.actors.append(actor)
            if mention.how == "person":
                ctx.discourse.persons.append(actor)
