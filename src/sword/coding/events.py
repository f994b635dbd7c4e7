"""The event stage: who did what to whom, from the dependency parse of each sentence.

For each verb the coder finds the action in the lexicon (verb, particle, object), the source
(subject or passive agent) and the target (object, prepositional object, the possessor or
modifier of the object), and codes it in CAMEO. Complement chains ("agreed to restore",
"threatened to strike", "urged Baku to withdraw"), reported speech, nominal events ("the
killing of two Azerbaijani citizens by Russian police") and compound actors are handled here;
negated, conditional, hypothetical and interrogative clauses give no event, and a verb the
lexicon does not know gives no event.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from sword.coding.actors import DocumentActors, noun_phrase_modifiers
from sword.coding.dates import EventDate, resolve_event_date
from sword.coding.knowledge import KnowledgeBase
from sword.coding.lexicon import Lexicon, Pattern
from sword.coding.phrases import Actor, Discourse, NounPhrases, clause_verb, with_conjuncts
from sword.config import CoderConfig
from sword.model import Document, Event, Mention

SCORE = re.compile(r"\b\d{1,3}\s?[-–]\s?\d{1,3}\b(?!\s*(?:percent|%|year|day|month|km))"
                   r"|\bby (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) "
                   r"(?:runs?|wickets?|points?|goals?)\b|\bon penalties\b|\bWorld Cup\b")
CONFLICT_ROOTS = frozenset({"11", "12", "13", "17", "18", "19", "20"})
REACTION_ROOTS = frozenset({"01", "02", "05", "10", "11", "12", "13", "14"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
PARTNER_PREPS = frozenset({"with", "to", "on", "between", "into"})
RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
FUTURE_AUX = frozenset({"will", "shall", "'ll"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "obj"})
INHERIT_DEPS = frozenset({"conj", "xcomp", "advcl", "acl", "pcomp"})
CLAUSE_CHAIN = frozenset({"xcomp", "ccomp", "conj", "advcl", "pcomp", "acl", "relcl", "prep",
                          "pobj"})
# Heads that only count or group: "a number of cultural events", "a group of journalists".
QUANTIFIERS = frozenset({"number", "series", "group", "couple", "range", "lot", "dozen", "host",
                         "set", "batch", "wave", "handful", "several", "some", "all", "many",
                         "package", "round", "raft", "slew", "string", "spate", "list",
                         # heads that carry what they are of: "a message of condolences"
                         "message", "letter", "note", "expression", "word", "gesture",
                         "hundred", "thousand", "score", "million", "day", "week",
                         # sums that carry what they buy: "2.5 billion pounds of military
                         # aid", "$1.85 billion in military aid"
                         "billion", "trillion", "dollar", "euro", "pound", "yuan", "rouble",
                         "ruble", "yen", "rupee", "franc", "shilling", "$"})

MAGNITUDES = {"hundreds": 200.0, "thousands": 2000.0, "millions": 2e6, "hundred": 100.0,
              "thousand": 1000.0, "million": 1e6, "dozens": 24.0, "scores": 40.0}
NUMBER_WORDS = {"ten": 10.0, "twenty": 20.0, "thirty": 30.0, "forty": 40.0, "fifty": 50.0}


@dataclass(slots=True)
class Candidate:
    source: Actor
    target: Actor
    code: str
    pattern: str
    confidence: float
    flags: set[str] = field(default_factory=set)


class EventCoder:
    """Codes the events of parsed documents. Holds only read-only tables."""

    def __init__(self, lexicon: Lexicon, kb: KnowledgeBase) -> None:
        self.lexicon = lexicon
        self.rules = lexicon.rules
        self.kb = kb
        self.event_nouns = frozenset(lexicon.nouns) | self.rules.act_nouns

    # ----------------------------------------------------------------- documents
    def code_document(self, document: Document, doc: Doc, actors: DocumentActors,
                      config: CoderConfig) -> list[Event]:
        discourse = Discourse()
        events: list[Event] = []
        by_sentence: dict[int, list[Mention]] = {}
        for mention in actors.mentions:
            by_sentence.setdefault(mention.sentence_index, []).append(mention)
        for index, sent in enumerate(doc.sents):
            coder = _SentenceCoder(self, sent, actors, discourse, by_sentence.get(index, []))
            candidates = coder.code()
            if candidates:
                events.extend(self._events(document, index, sent, candidates, config))
            coder.update_discourse()
        return events

    def _sport(self, sent: Span) -> bool:
        """A sports report: a score ("1-0", "by 180 runs") or the words of a match."""
        if SCORE.search(sent.text):
            return True
        return any(t.lemma_.lower() in self.rules.sport_words for t in sent)

    def _events(self, document: Document, index: int, sent: Span,
                candidates: list[Candidate], config: CoderConfig) -> list[Event]:
        reported = document.date or config.default_date
        when = resolve_event_date(
            sent.text, reported,
            [ent.text for ent in sent.ents if ent.label_ == "DATE" and _dates_an_act(ent)],
        )
        if (reported is not None and when.value is not None and when.precision == "year"
                and when.value.year > reported.year):
            when = EventDate(reported, "day")  # "… by 2030": no act is dated in a later year
        sport = any(c.code[:2] in CONFLICT_ROOTS for c in candidates) and self._sport(sent)
        # "struck Iran's facilities and killed several commanders", "fired missiles at Kyiv,
        # killing civilians": the killing is what the attack did, not a second event
        attacks = {(c.source.country, c.target.country) for c in candidates
                   if c.code[:2] in {"19", "20"} or c.code == "175"}
        candidates = [c for c in candidates if not (
            c.code[:2] == "18" and (c.source.country, c.target.country) in attacks)]
        # the document's own words: the parse saw its markup blanked out (parse.py)
        raw = document.text[sent.start_char:sent.end_char]
        evidence = raw.strip()
        start = sent.start_char + (len(raw) - len(raw.lstrip()))
        seen: dict[tuple[str, str, str], Event] = {}
        for cand in candidates:
            if cand.source.sector in {"MED", "LEG"} and cand.code[:2] in {"18", "19", "20"}:
                # "state television stepped up attacks on the government", "lawmakers
                # attacked the prime minister": media and parliaments attack in words
                cand.code, cand.pattern = "111", f"{cand.pattern} (in words)"
            elif (cand.source.sector in {"MIL", "COP"} and cand.code in {"042", "043"}
                  and any(t.lemma_.lower() in self.rules.peacekeeping_words for t in sent)):
                # "Kenyan police arrived in Haiti to lead a UN-backed mission": troops that
                # come to keep the peace give protection, they do not pay a visit
                cand.code, cand.pattern = "074", f"{cand.pattern} (peacekeeping)"
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
            if sport and cand.code[:2] in CONFLICT_ROOTS:
                continue  # "Morocco beat Portugal 1-0": a match, not a fight
            info = self.lexicon.codes.get(cand.code)
            if info is None or cand.source.code == cand.target.code:
                continue
            if (cand.target.country == cand.source.country and not cand.target.sector
                    and cand.target.how not in {"city", "place"}):
                if cand.code[:2] != "14":
                    continue  # "US troops … ending America's war": a state's organ and itself
                # "ethnic Albanians demonstrated in Serbia": against its government
                cand.target = Actor(cand.target.country, "GOV", cand.target.name, "implicit")
            flags = set(cand.flags) | set(config.extra_flags)
            if cand.source.repaired or cand.target.repaired:
                flags.add("repaired_actor")
            if config.translated:
                flags.add("translated")
            confidence = round(min(0.99, max(0.05, cand.confidence)), 2)
            if confidence < config.min_confidence:
                continue
            key = (cand.source.code, cand.target.code, cand.code)
            if key in seen:
                continue
            seen[key] = Event(
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
        return list(seen.values())


class _SentenceCoder(NounPhrases):
    """The coding of one sentence (a short-lived object: all state is local)."""

    def __init__(self, coder: EventCoder, sent: Span, actors: DocumentActors,
                 discourse: Discourse, mentions: list[Mention]) -> None:
        self.coder = coder
        self.mentions = mentions  # the actor mentions of this sentence
        self._actor_cache: dict[int, list[Actor]] = {}
        self._binding: set[int] = set()
        self.event_nouns = coder.event_nouns
        self.lexicon = coder.lexicon
        self.rules = coder.rules
        self.kb = coder.kb
        self.sent = sent
        self.actors = actors
        self.discourse = discourse
        self.consumed: set[int] = set()  # object nouns already part of a verb's pattern
        self._target_via = ""  # how target_actors found its last answer
        self.sentence_subjects: list[Actor] = []
        self.sentence_actors: list[Actor] = []
        self.coded: list[Candidate] = []
        self.sentence_agents: list[Actor] = []

    # ----------------------------------------------------------------- sentence
    def code(self) -> list[Candidate]:
        if self.sent.text.rstrip().rstrip('"”’\'').endswith("?"):
            return []
        if not self.mentions and not any(t.pos_ == "PRON" for t in self.sent):
            return []  # no actor named and none referred to: nothing can be coded
        out: list[Candidate] = []
        for token in self.sent:
            if token.pos_ in {"VERB", "AUX"} and self._lemma(token) in self.lexicon.verbs:
                if self._governing_special(token):
                    continue  # coded through the verb that governs it
                out.extend(self.code_verb(token))
        for token in self.sent:
            if (token.pos_ in {"NOUN", "PROPN"} and token.i not in self.consumed
                    and token.lemma_.lower() in self.lexicon.nouns):
                out.extend(self.code_noun(token))
        out.extend(self.code_evaluations())
        out.extend(self.code_verdicts())
        out.extend(self.code_obligations())
        self.coded = out
        return out

    def update_discourse(self) -> None:
        self.discourse.remember(self.sentence_actors)
        self.discourse.agents.extend(c.source for c in self.coded)
        if not self.sentence_subjects:
            root = self.sent.root
            self.sentence_subjects.extend(self.subject_actors(root)[:1])
        if self.sentence_subjects:
            self.discourse.subjects.append(self.sentence_subjects[0])
        for mention in self.mentions:
            actor = Actor.from_mention(mention, mention.sector, mention.text)
            self.discourse.actors.append(actor)
            if mention.how == "person":
                self.discourse.persons.append(actor)

    def _governing_special(self, token: Token) -> bool:
        """Is this verb the complement (or a conjunct of the complement) of "agreed to",
        "threatened to", "urged … to"?"""
        while token.dep_ == "conj" and token.head is not token:
            token = token.head
        if token.dep_ not in {"xcomp", "ccomp"}:
            return False
        head = token.head
        return any(p.code.startswith("@") and p.code != "@say"
                   for p in self.lexicon.patterns_for(head.lemma_.lower()))

    # ----------------------------------------------------------------- verbs
    def code_verb(self, verb: Token, depth: int = 0) -> list[Candidate]:
        if depth > 3 or self.blocked(verb):
            return self._refusal(verb) if self._negated_commitment(verb) else []
        converse = self.code_converse(verb)
        if converse:
            return converse
        match = self.match(verb)
        if match is None:
            return []
        pattern, obj = match
        if pattern.code == "@say":
            return []  # speech is handled with its content (code_reported / evaluations)
        if pattern.code.startswith("@"):
            return self.code_complement(verb, pattern, depth)
        return self.assemble(verb, pattern.code, obj, f"verb:{pattern.text}",
                             0.55 + 0.06 * min(pattern.specificity, 5), pattern.particle)

    def _lemma(self, token: Token) -> str:
        return self.lexicon.verb_key(token.lemma_.lower(), token.lower_)

    def code_converse(self, verb: Token) -> list[Candidate]:
        """"Ukraine received tanks from Germany" is Germany giving tanks to Ukraine: the
        giver's act, found through the lexicon's giving verbs."""
        if verb.lemma_.lower() not in self.rules.converse_verbs:
            return []
        objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
        if not objects:
            return []
        givers = self.prep_actors(verb, frozenset({"from"})) or self.prep_actors(
            objects[0], frozenset({"from"}))
        receivers = self.subject_actors(verb)
        if not givers or not receivers:
            return []
        for giving in self.rules.giving_verbs:
            for pattern in self.lexicon.patterns_for(giving):
                if (pattern.obj and not pattern.particle and not pattern.code.startswith("@")
                        and objects[0].lemma_.lower() == pattern.obj
                        and self._has_mods(objects[0], pattern.obj_mods)):
                    self.consumed.add(objects[0].i)
                    return [Candidate(g, r, pattern.code, f"{verb.lemma_} from = {pattern.text}",
                                      0.65) for g in givers for r in receivers
                            if g.code != r.code]
        return []

    def match(self, verb: Token) -> tuple[Pattern, Token | None] | None:
        preps = [c for c in verb.children if c.dep_ in {"prt", "prep", "agent"}
                 and not _is_time_phrase(c)]
        particles = {c.lower_ for c in preps}
        # a resultative word counts as a particle: "shot dead"
        particles |= {c.lower_ for c in verb.children if c.dep_ in {"oprd", "acomp"}
                      or (c.dep_ in {"advcl", "xcomp", "ccomp"} and c.pos_ == "ADJ")}
        particles |= {f"{c.lower_} {g.lower_}" for c in preps if c.dep_ == "prt"
                      for g in c.head.children if g.dep_ == "prep"}
        linked = self.linked_objects(verb)
        for pattern in self.lexicon.patterns_for(self._lemma(verb)):
            if pattern.particle and pattern.particle not in particles:
                continue
            if pattern.obj is None:
                return pattern, None
            # an object pattern takes the direct object, or the object of its own particle
            wanted = {None, *(pattern.particle.split() if pattern.particle else ())}
            for obj, via in linked:
                if via in wanted and self._object_fits(obj, pattern):
                    self.consumed.add(obj.i)
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
                if child.lemma_.lower() in QUANTIFIERS:
                    out.extend((p, None) for prep in child.children if prep.lower_ in {"of", "in"}
                               for p in prep.children if p.dep_ == "pobj")
            elif child.dep_ == "npadvmod" and self.actors.at(child) is not None:
                out.append((child, None))  # "warned Azerbaijan that …" is often parsed so
            elif child.dep_ in {"prep", "prt", "agent"}:
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        out.extend((c, child.lower_) for c in with_conjuncts(grand))
                        # "opened fire on hundreds of people": what is counted
                        out.extend((p, child.lower_) for prep in grand.children
                                   if grand.lemma_.lower() in QUANTIFIERS and prep.lower_ == "of"
                                   for p in prep.children if p.dep_ == "pobj")
                    elif grand.dep_ == "prep":
                        out.extend((g, grand.lower_) for g in grand.children if g.dep_ == "pobj")
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
        return pattern.obj in heads and self._has_mods(obj, pattern.obj_mods)

    @staticmethod
    def _has_mods(obj: Token, mods: tuple[str, ...]) -> bool:
        if not mods:
            return True
        words = {t.lemma_.lower() for t in obj.subtree} | {t.lower_ for t in obj.subtree}
        return all(m in words for m in mods)

    def wrapper_kind(self, verb: Token, code: str) -> str:
        """"wants Putin to attack": a wish addressed to someone is an appeal to them."""
        if code != "@intend":
            return code
        addressees = [c for c in verb.children if c.dep_ in OBJECT_DEPS] + [
            s for c in verb.children if c.dep_ == "ccomp" for s in c.children
            if s.dep_ in SUBJECT_DEPS]
        own = {a.country for a in self.subject_actors(verb)}
        if any(a.country not in own for c in addressees for a in self.actor_of(c)):
            return "@appeal"
        return code

    def code_complement(self, verb: Token, pattern: Pattern, depth: int) -> list[Candidate]:
        kind = self.wrapper_kind(verb, pattern.code)
        complements = [v for c in verb.children if c.dep_ in {"xcomp", "ccomp"}
                       and c.pos_ in {"VERB", "AUX"} for v in _verb_conjuncts(c)]
        if kind == "@negate":
            return []
        if not complements:
            if kind in {"@threaten", "@refuse", "@appeal", "@demand"}:
                code = self.lexicon.wrap(kind, "")
                obj = next(iter(self.objects(verb)), None)
                return self.assemble(verb, code, obj, f"verb:{pattern.text}", 0.6) if code else []
            return []
        out: list[Candidate] = []
        for comp in complements:
            inner = self.code_verb_as_complement(comp, verb, depth)
            for cand in inner:
                wrapper = kind
                if (kind == "@chain" and cand.code[:2] in {"18", "19", "20"}
                        and self._lemma(verb) in self.rules.vowing_verbs):
                    wrapper = "@threaten"  # "vowed to crush the mutiny": a threat
                elif (kind == "@chain" and cand.code[:2] == "04"
                      and self._lemma(verb) in self.rules.commitment_verbs):
                    wrapper = "@intend"  # "agreed to begin negotiations": not yet met
                code = cand.code if wrapper == "@chain" else self.lexicon.wrap(wrapper, cand.code)
                if not code:
                    continue
                cand.code = code
                cand.pattern = f"{pattern.text} > {cand.pattern}"
                out.append(cand)
            if not inner and kind == "@demand" and comp.lemma_.lower() in self.rules.departure_verbs:
                # "ordered the French ambassador to leave the country": an expulsion
                addressee = self._addressee(verb, comp)
                if addressee:
                    out.extend(self.assemble(verb, "174", addressee[0],
                                             f"{pattern.text} > {comp.lemma_}", 0.7))
                continue
            if (not inner and comp.dep_ == "ccomp"
                    and comp.lemma_.lower() in self.rules.retribution_verbs
                    and (kind == "@threaten" or self._lemma(verb) in self.rules.vowing_verbs)):
                # "Netanyahu vowed that Tehran would pay": a threat to the one who will pay
                own = {a.country for a in self.subject_actors(verb)}
                payer = [a for a in self.subject_actors(comp) if a.country not in own]
                if payer:
                    out.extend(Candidate(s, t, "130", f"{pattern.text} > {comp.lemma_}", 0.6)
                               for s in self.subject_actors(verb) for t in payer)
                continue
            if not inner and kind in {"@threaten", "@refuse", "@appeal", "@demand"}:
                # "urged Baku to show restraint": the appeal stands even when its content
                # is not in the lexicon; the target is whom the appeal is addressed to.
                addressee = self._addressee(verb, comp)
                code = self.lexicon.wrap(kind, "")
                if addressee and code:
                    out.extend(self.assemble(verb, code, addressee[0],
                                             f"verb:{pattern.text}", 0.55))
        return out

    @staticmethod
    def _addressee(governor: Token, complement: Token) -> list[Token]:
        """Whom an appeal or demand is addressed to: "urged Baku to …" or "demanded that
        Moscow admit …"."""
        objects = [c for c in governor.children if c.dep_ in OBJECT_DEPS]
        if objects:
            return objects
        if complement.dep_ == "ccomp":
            return [c for c in complement.children if c.dep_ in SUBJECT_DEPS]
        return []

    def code_verb_as_complement(self, comp: Token, governor: Token, depth: int) -> list[Candidate]:
        """Code "to restore ties" with the subject of "agreed" (or, for "urged Baku to
        withdraw", with the addressee as the complement's subject)."""
        cands = self.code_verb(comp, depth + 1)
        if not cands:
            return []
        addressee = self._addressee(governor, comp)
        governor_kind = self.match(governor)
        kind = self.wrapper_kind(governor, governor_kind[0].code) if governor_kind else ""
        if kind in {"@appeal", "@demand"} and addressee:
            # the appeal's source is the governor's subject, its target the addressee
            sources = self.subject_actors(governor)
            targets = self.actor_of(addressee[0])
            return [Candidate(s, t, c.code, c.pattern, c.confidence, c.flags)
                    for c in cands for s in sources for t in targets
                    if s.code != t.code][: max(1, len(cands))]
        return cands

    # ----------------------------------------------------------------- assembling
    def assemble(self, verb: Token, code: str, obj: Token | None, pattern: str,
                 confidence: float, particle: str | None = None) -> list[Candidate]:
        code = self.mass_violence(verb, obj, code)
        # "talks hosted by Erdogan": a participle after its noun is a passive too
        reduced = verb.tag_ == "VBN" and verb.head is not verb and (verb.dep_ == "acl" or (
            any(c.dep_ == "agent" for c in verb.children)
            and not any(c.dep_ in SUBJECT_DEPS | {"nsubjpass", "auxpass", "aux"}
                        for c in verb.children)))
        passive = reduced or any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        flags: set[str] = set()
        targets: list[Actor] = []
        if passive:
            targets = [a for c in verb.children if c.dep_ == "nsubjpass"
                       for a in self.actor_of(c)]
            if not targets and code[:2] in {"17", "18", "19", "20"}:
                # "the theatre in Mariupol was destroyed by a Russian air strike"
                targets = [a for c in verb.children if c.dep_ == "nsubjpass"
                           for a in self.place_actors(c)]
            if reduced and verb.dep_ == "acl":
                noun = verb.head
                targets = self.actor_of(noun) or (
                    self.subject_actors(noun.head) if noun.dep_ in OBJECT_DEPS else [])
                if not targets and code.startswith("045"):
                    # "exchanged prisoners in a swap mediated by the UAE": the mediator
                    # stands between the parties of the clause the noun belongs to
                    targets = self.subject_actors(clause_verb(noun))
            elif reduced:  # "…, hosted by Erdogan": what the main clause did was hosted
                head = verb.head
                targets = [a for c in head.children if c.dep_ in OBJECT_DEPS
                           for a in self.actor_of(c)] or self.subject_actors(head)
            sources = self.agent_actors(verb) or self.instrument_actors(verb)
            means = self._attack_means(verb)
            if means and code[:2] in {"17", "18"}:
                # "destroyed by a Russian air strike": the strike is the event
                code = self.lexicon.nouns[means.lemma_.lower()].code
            if not sources:
                sources = self.default_sources(verb)  # "arrested by anti-corruption investigators"
                if sources:
                    flags.add("implicit_source")
        else:
            means = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS
                          and self._attack_noun(c)), None)
            hit = obj if obj is not None else next(iter(self.objects(verb)), None)
            victim = self.actors.at(hit) if hit is not None else None
            if (means is not None and code[:2] in {"17", "18"}
                    and not (victim is not None and victim.how == "person")):
                # "a Myanmar military air strike killed scores": the strike is the event
                # (a strike that killed a named leader stays a killing)
                code = self.lexicon.nouns[means.lemma_.lower()].code
            targets = self.target_actors(verb, obj, code, particle)
            chain = [found for found in self.subject_chain(verb) if found]
            sources = next((found for found in chain
                            if any(t.country != s.country for t in targets for s in found)),
                           chain[0] if chain else [])
        if not targets and passive:
            targets = self.target_actors(verb, obj, code)
        if not sources and not passive:
            sources = self.default_sources(verb)
            if sources:
                flags.add("implicit_source")
                confidence -= 0.1
        if self._allegation(verb, sources):
            return []  # "accused Azerbaijan of launching an attack": the charge, not the act
        own = {s.code for s in sources}
        own_countries = {s.country for s in sources}
        if len(own_countries) > 1 and code[:2] in {"03", "04", "05", "06", "08"} and (
                self._target_via in {"place", "particle"}
                or {t.country for t in targets} <= own_countries):
            # "Russian and Ukrainian delegations met in Istanbul", "Iran and the US held
            # talks on Tehran's nuclear programme": each other
            targets = []
        # "Baku recalled its diplomats", "Iran and Saudi Arabia reopened their embassies"
        targets = [t for t in targets if t.code not in own
                   and not (t.how == "coref" and t.country in own_countries
                            and t.name.lower() not in {"them", "him", "her", "it"})]
        if not targets and sources:
            targets = self.condition_party(verb, own_countries)
        # a relation, or a threat ("warned of serious consequences"), is with the other
        # side the discourse is about
        if (not targets and len({s.country for s in sources}) == 1
                and (self._relational(verb, obj) or code[:2] == "13")):
            partner = self.partner(sources[0])
            if partner is not None:
                targets = [partner]
                flags.add("implicit_target")
                confidence -= 0.2
        if not targets and sources and code[:2] == "09":
            targets = self.investigated(verb, obj, own_countries)
        if not targets and sources and code[:2] in REACTION_ROOTS:
            targets = self.act_reference(obj or next(iter(self.objects(verb)), None),
                                         own_countries) or self.prompted_by(verb, own_countries)
        mutual = len(own_countries) > 1 or (
            len(own) > 1 and code[:2] in {"03", "04", "05", "06", "07", "08"})
        if not targets and sources:
            targets = self.default_targets(verb, obj, code, sources[0])
            if mutual and {t.country for t in targets} <= own_countries:
                # several parties act on each other, not on "prisoners": "Russian and
                # Ukrainian delegations agreed to exchange prisoners"
                targets = []
            if targets:
                flags.add("implicit_target")
                confidence -= 0.1
        reporter = self.reporter(verb)
        own_claim: Token | None = None
        if reporter is not None and {s.country for s in sources} <= {
                a.country for a in self.subject_actors(reporter)}:
            own_claim, reporter = reporter, None  # the speaker tells of its own act
            if any(c.dep_ == "aux" and c.lower_ in {"would", "will", "'ll"}
                   for c in verb.children):
                # "Israel announced it would free 150 prisoners": an announced intent
                code = self.lexicon.wrap("@intend", code) or code
                pattern = f"said it would > {pattern}"
        if reporter is not None:
            flags.add("reported")
            confidence -= 0.08
        if any(a.how == "coref" for a in sources + targets):
            confidence -= 0.08
        if any(a.repaired for a in sources + targets):
            confidence -= 0.05
        self.sentence_subjects.extend(sources[:1])
        self.sentence_actors.extend(sources + targets)
        if targets:
            self.sentence_agents.extend(sources)  # for "… condemned the attack"
        out: list[Candidate] = []
        if sources and not targets and mutual:
            # "Saudi Arabia and Iran agreed to restore ties": a mutual act between them
            for s in sources:
                for t in sources:
                    if s.code != t.code:
                        out.append(Candidate(s, t, code, pattern, confidence - 0.05, set(flags)))
            return out
        # "signed a security agreement with Zelensky": an agreement signed with someone is
        # signed by both
        symmetric = code in self.rules.symmetric_codes or (
            self._lemma(verb) in self.rules.signing_verbs and self._with_party(verb, obj, targets))
        for s in sources:
            for t in targets:
                if s.code == t.code:
                    continue
                out.append(Candidate(s, t, code, pattern, confidence, set(flags)))
                if symmetric:
                    out.append(Candidate(t, s, code, pattern, confidence - 0.05, set(flags)))
        if reporter is not None:
            out.extend(self.accusations(reporter, verb, code, sources, pattern, confidence))
        if (own_claim is not None and code[:2] in {"18", "19", "20"} and out
                and own_claim.lemma_.lower() in self.rules.claim_verbs):
            # "the Houthis claimed they had attacked the ship": responsibility claimed
            out.extend(Candidate(c.source, c.target, "015", f"claim > {c.pattern}",
                                 c.confidence) for c in list(out))
        return out

    def _with_party(self, verb: Token, obj: Token | None, targets: list[Actor]) -> bool:
        codes = {t.code for t in targets}
        return any(a.code in codes for h in (verb, obj) if h is not None
                   for a in self.prep_actors(h, frozenset({"with"})))

    def mass_violence(self, head: Token, victims: Token | None, code: str) -> str:
        """An assault with a chemical weapon is 2041; a killing of hundreds of civilians is
        a mass killing (202), as are the killings of an ethnic-cleansing campaign (203); an
        expulsion of thousands is a mass expulsion (201)."""
        if victims is None:
            victims = next((c for c in head.children
                            if c.dep_ in OBJECT_DEPS or c.dep_ == "nsubjpass"), None)
        if code.startswith("174"):  # "deported hundreds of thousands of Afghans"
            many = victims is not None and _head_count(_quantity_phrase(victims)) >= 1000
            return "201" if many else code
        if code[:2] not in {"18", "19"}:
            return code
        words = [t for c in head.children if c.dep_ == "prep"
                 and c.lower_ in {"with", "using", "in"} for t in c.subtree]
        words += [t for t in head.lefts if t.dep_ in {"compound", "amod"}]  # "a sarin attack"
        # what was used: "dropped a chlorine cylinder …, killing 43 people" (an object is
        # what was attacked otherwise: "struck chemical weapons sites")
        for user in [head] + ([head.head] if head.dep_ == "advcl" else []):
            if user.lemma_.lower() in self.rules.weapon_use_verbs:
                words += [t for c in user.children if c.dep_ in OBJECT_DEPS
                          for t in c.subtree if t.i <= c.i]  # not "strikes on … sites"
        lemmas = {t.lemma_.lower() for t in words}
        text = " ".join(t.lower_ for t in words)
        if lemmas & self.rules.chemical_weapons or any(
                " " in w and w in text for w in self.rules.chemical_weapons):
            return "2041"
        if victims is None or code[:3] not in {"180", "182", "183"}:
            return code  # killings, not abductions ("hijacked a train carrying 400 people")
        if (_counted(victims).lemma_.lower() not in self.rules.civilian_nouns
                or _head_count(_quantity_phrase(victims)) < 100):
            return code
        return "203" if any(t.lower_ == "cleansing" for t in head.subtree) else "202"

    def _allegation(self, verb: Token, sources: list[Actor]) -> bool:
        """Is `verb` what an accuser charges its object with ("accused X of V-ing")?"""
        token = verb
        # "accused Kyiv of trying to assassinate Putin": up through conjuncts and complements
        while token.dep_ in {"conj", "xcomp"} and token.head is not token:
            token = token.head
        if token.dep_ != "pcomp" or token.head.dep_ != "prep":
            return False
        governor = token.head.head
        match = self.match(governor)
        # "accused X of V-ing", "jailed X for V-ing": the charge, not an act seen done
        if match is None or match[0].code[:2] not in {"11", "17"}:
            return False
        accused = {a.country for c in governor.children if c.dep_ in OBJECT_DEPS
                   for a in self.actor_of(c)}
        return bool(sources) and {s.country for s in sources} <= accused

    def accusations(self, speech: Token, verb: Token, code: str, sources: list[Actor],
                    pattern: str, confidence: float) -> list[Candidate]:
        """"Israel said Gaza fired a rocket at it", "the US said Iraq had attacked itself":
        the speaker accuses the actor it names of a hostile act. Only for a speaker who
        opens the sentence (not a trailing "officials said")."""
        info = self.lexicon.codes.get(code)
        speakers = self.subject_actors(speech)
        if info is None or info.quad_class < 3 or not speakers or not any(
                c.dep_ in SUBJECT_DEPS and c.i < speech.i < verb.i for c in speech.children):
            return []
        accused = {s.code: s for s in sources}.values()
        return [Candidate(speaker, actor, "112", f"@say > accuse({pattern})", confidence - 0.05)
                for actor in accused for speaker in speakers
                if speaker.country != actor.country]

    def _relational(self, verb: Token, obj: Token | None) -> bool:
        words = {t.lemma_.lower() for t in ([obj] if obj is not None else self.objects(verb))}
        return bool(words & self.rules.relational_nouns)

    def investigated(self, verb: Token, obj: Token | None, own: set[str]) -> list[Actor]:
        """"an investigation into killings in the Philippines", "into brandy imported from
        the EU", "into deaths during a Russian police operation": whom an inquiry is into
        is the first other actor named inside its "into" phrase."""
        holders = [verb, *([obj] if obj is not None else self.objects(verb))]
        for prep in (c for h in holders for c in h.children
                     if c.dep_ == "prep" and c.lower_ in {"into", "of"}):
            for token in prep.subtree:
                mention = self.actors.at(token)
                if mention is None or mention.country in own or len(mention.country) < 2:
                    continue
                head = token.head if token.dep_ in {"amod", "compound", "poss"} else token
                found = [a for a in self.actor_of(head) if a.country not in own]
                if found:
                    return found
        return []

    def condition_party(self, verb: Token, own: set[str]) -> list[Actor]:
        """"threatened to use force if Niger's junta did not reinstate Bazoum", "to launch
        an offensive unless Baghdad accepted": an act made to hang on what another side
        does is aimed at that side."""
        holders = [verb] + ([verb.head] if verb.dep_ == "xcomp" else [])
        for clause in (c for h in holders for c in h.children if c.dep_ == "advcl"):
            if not any(m.dep_ == "mark" and m.lower_ in {"if", "unless"}
                       for m in clause.children):
                continue
            found = [a for a in self.subject_actors(clause) if a.country not in own]
            if found:
                return found
        return []

    def prompted_by(self, verb: Token, own: set[str]) -> list[Actor]:
        """"The arrest of dozens of Azerbaijanis by Russian police prompted Baku to demand
        an investigation": a reaction is aimed at whoever did the act that prompted it."""
        if verb.dep_ != "xcomp" or verb.head.lemma_.lower() not in self.rules.prompting_verbs:
            return []
        for cause in (c for c in verb.head.children if c.dep_ in SUBJECT_DEPS):
            if cause.lemma_.lower() not in self.lexicon.nouns:
                continue
            doers = [a for c in cause.children if c.dep_ == "poss" for a in self.actor_of(c)]
            doers += [a for t in cause.subtree if t.dep_ == "prep" and t.lower_ == "by"
                      for p in t.children if p.dep_ == "pobj" for a in self.actor_of(p)]
            found = [a for a in doers if a.country not in own]
            if found:
                return found[:1]
        return []

    def act_reference(self, obj: Token | None, own: set[str]) -> list[Actor]:
        """"Pakistani warplanes struck … . Kabul condemned the strikes": a definite act noun
        with no actor of its own is the latest act of another state told before."""
        if obj is None or obj.lemma_.lower() not in self.event_nouns:
            return []
        if not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in obj.children):
            return []
        agents = [*reversed(self.sentence_agents), *reversed(self.discourse.agents)]
        subjects = list(reversed(self.discourse.subjects))
        # a decision or a move is the main actor's; a strike is whoever struck last
        pool = subjects + agents if obj.lemma_.lower() in self.rules.act_nouns else (
            agents + subjects)
        agent = next((a for a in pool if a.country not in own and len(a.country) == 3), None)
        if agent is None:
            return []
        return [Actor(agent.country, agent.sector, self.phrase(obj), "coref", agent.repaired,
                      agent.original)]

    def default_sources(self, verb: Token) -> list[Actor]:
        """"Protesters stormed the presidential palace in Colombo": a group of no stated
        nationality acts where it is, or in the one state the sentence names."""
        holder = verb
        while (holder.dep_ in {"conj", "xcomp", "advcl"} and holder.head is not holder
               and not any(c.dep_ in SUBJECT_DEPS for c in holder.children)):
            holder = holder.head  # "rioters torched cars and attacked town halls"
        subjects = [c for c in holder.children if c.dep_ in SUBJECT_DEPS] or [
            p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
        if not subjects or self.actors.at(subjects[0]) is not None:
            return []
        subject = _counted(subjects[0])  # "tens of thousands of people"
        sector = self.sector_for(subject)
        if not sector or sector in {"GOV", "IGO"}:
            return []  # "the government", "officials": whose is unknown
        if any(t.lemma_.lower() in self.rules.patron_words for t in subject.subtree):
            return []  # "Iranian-backed militias": their own state is not said
        inside = frozenset({"in", "inside", "across", "throughout"})
        where = self.prep_actors(verb, inside) or self.prep_actors(subject, inside)
        for token in (c for c in verb.children if c.dep_ in OBJECT_DEPS):
            where = where or self.prep_actors(token, inside)
        states = {m.country for m in self.mentions if len(m.country) == 3}
        if where:
            country = where[0].country
        elif len(states) == 1:
            country = next(iter(states))
        else:
            return []
        # "shot by a 71-year-old man": one civilian is no crowd (and no riot)
        how = "individual" if sector == "CVL" and subject.tag_ == "NN" else "implicit"
        return [Actor(country, sector, self.phrase(subject), how)]

    def default_targets(self, verb: Token, obj: Token | None, code: str,
                        source: Actor) -> list[Actor]:
        """Targets CAMEO coders assume when the text names none:
        - people of no stated nationality ("police detained hundreds of people") belong to
          the country where it happens, else to the acting state;
        - a protest with no target is aimed at the government of the protesters' state."""
        if len(source.country) != 3:
            return []
        objects = [obj] if obj is not None else self.objects(verb)
        for token in objects:
            if self.actors.at(token) is not None:
                continue
            sector = self.sector_for(token)
            if sector and token.pos_ in {"NOUN", "PROPN"}:
                where = self.place_actors(verb) or self.place_actors(token) or [
                    # "killed in a Russian drone strike near Kharkiv": where the means struck
                    a for c in verb.children if c.dep_ in {"prep", "agent"}
                    for p in c.children if p.dep_ == "pobj"
                    for a in self.place_actors(p)][:1]
                others = [a for a in self.sentence_actors if a.country != source.country
                          and len(a.country) == 3]
                states = {m.country for m in self.mentions if len(m.country) == 3}
                if where:
                    country = where[0].country
                elif others:
                    country = others[-1].country  # "fired missiles at Kyiv, killing civilians"
                elif states <= {source.country}:
                    # where no other state is named, its own people: "soldiers in Niger
                    # detained President Bazoum", "protesters clashed with riot police"
                    country = source.country
                else:
                    return []
                return [Actor(country, sector, self.phrase(token), "implicit")]
        if code[:2] == "14" and source.sector not in {"GOV", "MIL", "COP", "JUD", "LEG"}:
            return [Actor(source.country, "GOV", "the government", "implicit")]
        return []

    def partner(self, source: Actor) -> Actor | None:
        """The other state the discourse is about: the latest actor of another country,
        this sentence first; a place named only as where something happened ("said in
        Vilnius") is the last resort."""
        earlier = [a for a in [*reversed(self.sentence_actors), *reversed(self.discourse.actors)]
                   if a.country != source.country and len(a.country) == 3]
        for actor in sorted(earlier, key=lambda a: a.how in {"place", "city"}):
            return Actor(actor.country, actor.sector if actor.how != "person" else "GOV",
                         actor.name, "implicit")
        return None

    # ----------------------------------------------------------------- blocking
    def blocked(self, verb: Token) -> bool:
        """Negated, conditional, hypothetical or merely wished-for clauses give no event."""
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
            auxiliaries = {c.lower_ for c in token.children if c.dep_ == "aux"}
            if {"would", "have"} <= auxiliaries or {"could", "have"} <= auxiliaries:
                return True  # "a resolution that would have condemned …": it did not
            if (token.dep_ in {"xcomp", "ccomp"}
                    and token.head.lemma_.lower() in self.rules.prediction_verbs):
                return True  # "analysts expect the junta to deepen its ties": a forecast
            if self._conditional_prediction(token):
                return True
            if self._background_clause(token):
                return True
            if token.dep_ not in CLAUSE_CHAIN or token.head is token:
                return False
            if token.dep_ in {"ccomp", "relcl", "acl"} and self._is_speech(token.head):
                return False  # a reported clause keeps its own polarity
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
        if verb.dep_ == "advcl":
            return any(c.dep_ == "mark" and c.lower_ in self.rules.background_marks
                       for c in verb.children)
        return verb.dep_ == "pcomp" and verb.head.lower_ in self.rules.background_marks

    def _conditional_prediction(self, verb: Token) -> bool:
        """"once the time is ripe …, Armenia will throw itself into the arms of …": a future
        that waits on a condition is a prediction, not an event."""
        if not any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in verb.children):
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

    def _negated_commitment(self, verb: Token) -> bool:
        """"said it would not provide support": a negated promise of cooperation."""
        children = list(verb.children)
        return (any(c.dep_ == "neg" for c in children)
                and any(c.dep_ == "aux" and c.lemma_.lower() in {"will", "would"}
                        for c in children))

    def _refusal(self, verb: Token) -> list[Candidate]:
        match = self.match(verb)
        if match is None or match[0].code.startswith("@"):
            return []
        info = self.lexicon.codes.get(match[0].code)
        if info is None or info.quad_class > 2:
            return []
        code = self.lexicon.wrap("@refuse", match[0].code)
        return self.assemble(verb, code, match[1], f"not {match[0].text}", 0.6) if code else []

    def _is_speech(self, token: Token) -> bool:
        return any(p.code == "@say" for p in self.lexicon.patterns_for(token.lemma_.lower()))

    def reporter(self, verb: Token) -> Token | None:
        """The speech verb this clause is reported by, when its speaker is someone else."""
        token = verb
        for _ in range(5):
            if token.head is token:
                return None
            if token.dep_ in {"ccomp", "parataxis", "advcl"} and self._is_speech(token.head):
                return token.head
            if token.dep_ not in CLAUSE_CHAIN:
                return None
            token = token.head
        return None

    # ----------------------------------------------------------------- actors
    def subject_actors(self, verb: Token) -> list[Actor]:
        return next(iter(self.subject_chain(verb)), [])

    def subject_chain(self, verb: Token) -> Iterator[list[Actor]]:
        """Who does `verb`, nearest first: its subject; for a clause without one, the
        subject it inherits ("Baku canceled events, withdrew …"); for "accused Russia of
        violating …" first the object of the governing verb (object control), then its
        subject, so that an implausible self-directed reading can be passed over."""
        token = verb
        for _ in range(6):
            subjects = [_participle_subject(c) for c in token.children if c.dep_ in SUBJECT_DEPS]
            if subjects and token.dep_ == "relcl" and subjects[0].tag_ in RELATIVE_TAGS:
                yield self.actor_of(token.head)  # "the ICC, which received …"
                return
            if subjects:
                found = [a for s in subjects for a in self.actor_of(s)]
                yield found
                if found or token is verb or token.dep_ != "ccomp":
                    return
                # "Egypt said talks had failed, blaming Addis Ababa": a participle hung on
                # a clause whose subject is no actor belongs to the speaker
                token = token.head
                continue
            if token.dep_ == "relcl":
                yield self.actor_of(token.head)
                return
            head = token.head
            if token.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ == "VERB":
                governor = head.head
                objects = [c for c in governor.children if c.dep_ in OBJECT_DEPS]
                if objects:
                    yield self.actor_of(objects[0])
                token = governor
                continue
            if token.dep_ == "xcomp" and any(c.dep_ in OBJECT_DEPS for c in head.children):
                # "urged Russia to withdraw": the object of the governor acts
                yield self.actor_of(next(c for c in head.children if c.dep_ in OBJECT_DEPS))
                return
            if token.dep_ not in INHERIT_DEPS or head is token:
                return
            token = head

    def _attack_means(self, verb: Token) -> Token | None:
        """The attack noun a passive act was done by ("by a Russian air strike")."""
        for child in verb.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in {"by", "in"}):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and self._attack_noun(pobj):
                        return pobj
        return None

    def _attack_noun(self, token: Token) -> bool:
        pattern = self.lexicon.nouns.get(token.lemma_.lower())
        return pattern is not None and pattern.code[:2] == "19"

    def agent_actors(self, verb: Token) -> list[Actor]:
        for child in verb.children:
            if child.dep_ == "agent":
                return [a for p in child.children if p.dep_ == "pobj" for a in self.actor_of(p)]
        return []

    def instrument_actors(self, verb: Token) -> list[Actor]:
        """"killed in Israeli tank shelling", "fired from the Gaza Strip": the actor of an
        event noun or an origin named by a preposition of a passive verb."""
        for child in verb.children:
            if child.dep_ != "prep" or child.lower_ not in {"in", "by", "from"}:
                continue
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                if pobj.lemma_.lower() in self.lexicon.nouns or child.lower_ == "from":
                    # "in a clash with Chinese troops": the other side of the clash
                    actors = self.actor_of(pobj) or self.prep_actors(pobj, frozenset({"with"}))
                    if actors:
                        return actors
        return []

    def target_actors(self, verb: Token, obj: Token | None, code: str,
                      particle: str | None = None) -> list[Actor]:
        if code in {"043", "045"}:
            # "hosted talks earlier in the day between Sweden's and Turkey's leaders": the
            # parties a host or mediator stands between, wherever the parse hung them
            sides = [a for t in verb.subtree if t.dep_ == "prep" and t.lower_ == "between"
                     for p in t.children if p.dep_ == "pobj" for a in self.actor_of(p)]
            if sides:
                return sides
        if particle and obj is None:
            # the lexicon's own preposition names the target: "withdrew from Karabakh"
            actors = self.prep_actors(verb, frozenset(particle.split()[-1:]))
            if actors:
                return actors
        self._target_via = "object"
        candidates: list[Token] = []
        if obj is not None:
            candidates.append(obj)
            if obj.dep_ == "pobj":
                self._target_via = "particle"
        for child in verb.children:
            if child.dep_ == "dative" and child.pos_ == "ADP":  # "provide support to Israel"
                candidates.extend(p for p in child.children if p.dep_ == "pobj")
            elif child.dep_ in OBJECT_DEPS or child.dep_ in {"dative", "attr"}:
                candidates.extend(with_conjuncts(child))
                if child.lemma_.lower() in QUANTIFIERS:
                    candidates.extend(p for prep in child.children if prep.lower_ == "of"
                                      for p in prep.children if p.dep_ == "pobj")
            elif child.dep_ == "npadvmod" and self.actors.at(child) is not None:
                candidates.append(child)
            elif child.dep_ == "prep" and child.lower_ == "as" and obj is None:
                # "denounced as an ugly crime Serbia's suppression of …": the object shifted
                # behind its predicate is parsed as the predicate's apposition
                candidates.extend(a for p in child.children if p.dep_ == "pobj"
                                  for a in p.children if a.dep_ == "appos")
        # cooperation is never with whom a thing is "against": "support its war against
        # Ukraine" supports no Ukraine
        against = frozenset({"against"}) if code[:2] > "08" else frozenset()
        direct = self.rules.target_preps - self.rules.place_preps - {"against"} | against
        for token in candidates:
            actors = self.actor_of(token)
            if actors:
                return actors
            actors = self.prep_actors(token, direct)
            if actors:
                return actors
        actors = self.prep_actors(verb, direct)
        if actors:
            return actors
        for token in candidates:
            actors = self.prep_actors(token, PARTNER_PREPS | against)
            if actors:
                return actors
            # "claimed responsibility for an attack on the ship": the target of the deed
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in {"for", "over"}:
                    for deed in prep.children:
                        if deed.dep_ == "pobj" and deed.lemma_.lower() in self.lexicon.nouns:
                            actors = self.prep_actors(deed, frozenset(
                                {"on", "against", "of", "to", "with"}))
                            if actors:
                                return actors
            # "events planned with Russia", "its participation in the CSTO"
            for child in token.children:
                if child.dep_ in {"acl", "relcl"}:
                    actors = self.prep_actors(child, frozenset({"with", "to"}))
                    if actors:
                        return actors
            actors = [a for a in self.prep_actors(token, frozenset({"in"})) if a.how == "org"]
            if actors:
                return actors
            if code[:2] in {"17", "18", "19", "20"}:
                # "struck the railway station in Kramatorsk": where the target stands
                actors = self.place_actors(token)
                if actors:
                    self._target_via = "place"
                    return actors
        for child in verb.children:
            if child.dep_ == "ccomp" and code[:2] in {"11", "12", "13", "16"}:
                # "regret that this measure by the Asian side has undermined …"
                actors = self.subject_actors(child)
                if actors:
                    return actors
        if code[:2] in {"04", "14", "15", "18", "19", "20"} and code != "043":
            # where an act happens names whom it concerns: "staged a protest in Beijing"
            # (but a host is where it hosts: "NATO hosted talks in Vilnius")
            for token in (verb, *(candidates if code[:2] in {"14", "15"} else ())):
                actors = self.place_actors(token)
                if actors:
                    self._target_via = "place"
                    return actors
        return []

    # ----------------------------------------------------------------- nouns
    def code_noun(self, noun: Token) -> list[Candidate]:
        """Nominal events: "the killing of two Azerbaijani brothers by Russian police"."""
        pattern = self.lexicon.nouns[noun.lemma_.lower()]
        if self.blocked(noun.head) and noun.head.pos_ in {"VERB", "AUX"}:
            return []
        if noun.dep_ == "pobj" and noun.head.lower_ in self.rules.background_preps:
            return []  # "days after Baku's offensive", "protests over the killing of …"
        sources: list[Actor] = []
        targets: list[Actor] = []
        for modifier in noun_phrase_modifiers(noun):
            mention = self.actors.at(modifier)
            if mention is not None and modifier.dep_ in {"poss", "amod", "compound"}:
                sources = [Actor.from_mention(mention, mention.sector, modifier.text)]
                break
        for token in noun.subtree:
            if token.dep_ == "agent" or (token.dep_ == "prep" and token.lower_ == "by"):
                found = [a for p in token.children if p.dep_ == "pobj" for a in self.actor_of(p)]
                if found:
                    sources = found
                    break
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in {"of", "on", "against", "with", "to",
                                                         "between", "into"}:
                found = [a for p in child.children if p.dep_ == "pobj" for a in self.actor_of(p)]
                if found:
                    targets = found
                    break
        if (not sources and noun.dep_ == "pobj" and noun.head.lower_ == "for"
                and noun.head.head.lemma_.lower() == "responsibility"):
            # "the Houthis claimed responsibility for a missile attack on …"
            sources = self.subject_actors(noun.head.head.head)
        if not sources and noun.dep_ == "nsubj":
            # "fighting (erupted) between Sudan's army and the Rapid Support Forces": each side
            # (a clause's own news; "to oversee a ceasefire between …" is background)
            holders = [noun, noun.head]
            sides = [a for h in holders for c in h.children if c.dep_ == "prep"
                     and c.lower_ == "between" for p in c.children if p.dep_ == "pobj"
                     for a in self.actor_of(p)]
            if len({a.code for a in sides}) > 1:
                sources = targets = sides
        if not sources or not targets:
            return []
        self.sentence_actors.extend(sources + targets)
        symmetric = pattern.code in self.rules.symmetric_codes
        out = []
        for s in sources:
            for t in targets:
                if s.code != t.code:
                    out.append(Candidate(s, t, pattern.code, f"noun:{pattern.text}", 0.55))
                    if symmetric:
                        out.append(Candidate(t, s, pattern.code, f"noun:{pattern.text}", 0.5))
        return out

    # ----------------------------------------------------------------- evaluations
    def code_evaluations(self) -> list[Candidate]:
        """"Pashinyan said ... Russia is not enough to protect Armenia": a speaker's verdict
        on an actor is criticism (or praise) of it."""
        out: list[Candidate] = []
        for token in self.sent:
            if token.dep_ not in {"ccomp", "conj"} or self.reporter(token) is None:
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
            speech = self.reporter(token)
            if speech is None:
                continue
            speakers = self.subject_actors(speech)
            targets = self.actor_of(subject)
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
            if obj is None or self.blocked(verb):
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
            sources = self.subject_actors(verb)
            own = {s.country for s in sources}
            targets = [a for a in self.actor_of(obj) if a.country not in own] or (
                self.act_reference(obj, own))
            out.extend(Candidate(s, t, code, f"verdict:{verb.lemma_} {sorted(lemmas)[0]}", 0.6)
                       for s in sources for t in targets)
        return out

    def code_obligations(self) -> list[Candidate]:
        """"The Bush administration declared that China must drop barriers": what a speaker
        says another must or should do is a demand on it."""
        out: list[Candidate] = []
        for token in self.sent:
            if token.dep_ != "ccomp" or not self._is_speech(token.head):
                continue
            if not any(c.dep_ == "aux" and c.lower_ in self.rules.obligation_modals
                       for c in token.children):
                continue
            speakers = self.subject_actors(token.head)
            targets = [a for c in token.children if c.dep_ in SUBJECT_DEPS
                       for a in self.actor_of(c)]
            match = self.match(token)
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


def _is_time_phrase(prep: Token) -> bool:
    """"on Friday", "in 2020": a preposition of time is no particle of the verb."""
    return any(c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in prep.children)


def _dates_an_act(entity: Span) -> bool:
    """A date that modifies a verb dates the event ("met on Friday"); one inside a noun
    phrase names something else ("the 1997 treaty", "the 44-day war of 2020")."""
    token = entity.root
    if token.head.lower_ in {"by", "until", "till", "before"}:
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


def _participle_subject(subject: Token) -> Token:
    """"The Red Cross operating in Iraq said …" is often parsed with the participle as the
    subject: the noun it describes is."""
    if subject.tag_ in {"VBG", "VBN"}:
        return next((c for c in subject.children if c.dep_ in {"nsubj", "nsubjpass"}), subject)
    return subject


def _quantity_phrase(noun: Token) -> Token:
    """The whole counted phrase of a noun: "hundreds of civilians" for "civilians"."""
    while noun.dep_ == "pobj" and noun.head.head.lemma_.lower() in QUANTIFIERS:
        noun = noun.head.head
    return noun


def _counted(noun: Token) -> Token:
    """What a count counts: "tens of thousands of people" → people."""
    while noun.lemma_.lower() in QUANTIFIERS | {"ten", "tens"} or noun.like_num:
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if pobj is None:
            return noun
        noun = pobj
    return noun


def _head_count(noun: Token) -> float:
    """How many a noun phrase counts: "43 people", "more than 80 people", "hundreds of
    civilians", "thousands of people", "1,500 troops"; 0 when it does not say."""
    best = 0.0
    for token in noun.subtree:
        lower = token.lower_.replace(",", "")
        if lower in MAGNITUDES:
            best = max(best, MAGNITUDES[lower])
        elif token.like_num:
            try:
                best = max(best, float(lower))
            except ValueError:
                best = max(best, NUMBER_WORDS.get(lower, 0.0))
    return best


def _verb_conjuncts(verb: Token) -> list[Token]:
    """"threatened to break away from the CSTO and ban the Russian media": both verbs."""
    out = [verb]
    stack = [c for c in verb.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}]
    while stack:
        child = stack.pop(0)
        out.append(child)
        stack.extend(c for c in child.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"})
    return out
