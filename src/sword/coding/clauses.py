"""Verbs and their complements: the lexicon pattern a verb matches, the clauses that give no
event (negated, conditional, hypothetical, background), complement chains ("agreed to
restore", "threatened to strike", "urged Baku to withdraw") and the assembling of a verb's
source, target and code into candidate events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Token

from sword.coding.context import Actor, Candidate, SentenceContext
from sword.coding.lexicon import Pattern
from sword.coding.nominal import mass_violence
from sword.coding.phrases import (
    OBJECT_DEPS,
    SUBJECT_DEPS,
    NounPhrases,
    clause_verb,
    reporting_verb,
)
from sword.coding.verbs import ClauseFilter, VerbMatcher

if TYPE_CHECKING:
    from sword.coding.arguments import Sources, Targets
    from sword.coding.speech import SpeechCoder







class ClauseCoder:
    """Codes a verb: its pattern, or the complement its pattern governs."""

    def __init__(self, ctx: SentenceContext, phrases: NounPhrases, matcher: VerbMatcher,
                 blocking: ClauseFilter, assembler: Assembler) -> None:
        self.ctx = ctx
        self.lexicon = ctx.lexicon
        self.rules = ctx.rules
        self.phrases = phrases
        self.matcher = matcher
        self.blocking = blocking
        self.assembler = assembler

    def code_verb(self, verb: Token, depth: int = 0) -> list[Candidate]:
        if depth > 3 or self.blocking.blocked(verb):
            return self._refusal(verb) if self.blocking.negated_commitment(verb) else []
        converse = self.code_converse(verb)
        if converse:
            return converse
        match = self.matcher.match(verb)
        if match is None:
            return []
        pattern, obj = match
        if pattern.code == "@say":
            return []  # speech is handled with its content (code_reported / evaluations)
        if pattern.code.startswith("@"):
            return self.code_complement(verb, pattern, depth)
        code = self._sent_for(verb, pattern.code)
        if code is None:
            return []
        return self.assembler.assemble(verb, code, obj, f"verb:{pattern.text}",
                             0.55 + 0.06 * min(pattern.specificity, 5), pattern.particle)

    def _sent_for(self, verb: Token, code: str) -> str | None:
        """What a sending of forces is, by what they are sent to do: "sent warplanes to bomb
        Kurdish positions" is the bombing (None: no second event), "sent troops to Mali to
        support its army" is military protection (074), given here once (the support is
        what it is for); a purpose that gives no event leaves the code. A cooperative
        purpose of a sending is None when `verb` is that purpose."""
        sender = verb.head if verb.dep_ in {"advcl", "xcomp"} else None
        if (sender is not None and _purpose(verb) and code[:2] in self.rules.help_roots
                and self._forces_sent(sender)):
            return None
        if verb.lemma_.lower() not in self.rules.sending_verbs or code[:2] not in {"07", "15"}:
            return code
        for purpose in (c for c in verb.children if _purpose(c)):
            found = self.matcher.match(purpose)
            root = found[0].code[:2] if found else ""
            if root in {"18", "19", "20"}:
                return None
            if root in self.rules.help_roots:
                return "074"
        return code

    def _forces_sent(self, verb: Token) -> bool:
        found = (self.matcher.match(verb) if verb.lemma_.lower() in self.rules.sending_verbs
                 else None)
        return found is not None and found[0].code[:2] in {"07", "15"}

    def code_converse(self, verb: Token) -> list[Candidate]:
        """"Ukraine received tanks from Germany" is Germany giving tanks to Ukraine: the
        giver's act, found through the lexicon's giving verbs."""
        if verb.lemma_.lower() not in self.rules.converse_verbs:
            return []
        objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
        if not objects:
            return []
        givers = self.phrases.prep_actors(verb, frozenset({"from"})) or self.phrases.prep_actors(
            objects[0], frozenset({"from"}))
        receivers = self.phrases.subject_actors(verb)
        if not givers or not receivers:
            return []
        for giving in self.rules.giving_verbs:
            for pattern in self.lexicon.patterns_for(giving):
                if (pattern.obj and not pattern.particle and not pattern.code.startswith("@")
                        and objects[0].lemma_.lower() == pattern.obj
                        and self.matcher.has_mods(objects[0], pattern.obj_mods)):
                    self.ctx.consumed.add(objects[0].i)
                    return [Candidate(g, r, pattern.code, f"{verb.lemma_} from = {pattern.text}",
                                      0.65) for g in givers for r in receivers
                            if g.code != r.code]
        return []

    def wrapper_kind(self, verb: Token, code: str) -> str:
        """"wants Putin to attack": a wish addressed to someone is an appeal to them."""
        if code != "@intend":
            return code
        addressees = [c for c in verb.children if c.dep_ in OBJECT_DEPS] + [
            s for c in verb.children if c.dep_ == "ccomp" for s in c.children
            if s.dep_ in SUBJECT_DEPS]
        own = {a.country for a in self.phrases.subject_actors(verb)}
        named = {a.country for c in addressees for a in self.phrases.actor_of(c)}
        if named - own and not named & own:
            return "@appeal"
        return code  # "Putin proposed that Russia and Ukraine resume talks": his own intent

    def code_complement(self, verb: Token, pattern: Pattern, depth: int) -> list[Candidate]:
        kind = self.wrapper_kind(verb, pattern.code)
        complements = [v for c in verb.children if c.dep_ in {"xcomp", "ccomp"}
                       and c.pos_ in {"VERB", "AUX"} for v in _verb_conjuncts(c)]
        if kind == "@negate":
            return []
        if not complements:
            if kind in {"@threaten", "@refuse", "@appeal", "@demand"}:
                code = self.lexicon.wrap(kind, "")
                obj = next(iter(self.matcher.objects(verb)), None)
                if not code:
                    return []
                return self.assembler.assemble(verb, code, obj, f"verb:{pattern.text}", 0.6)
            return []
        out: list[Candidate] = []
        for comp in complements:
            inner = self.code_verb_as_complement(comp, verb, depth)
            for cand in inner:
                wrapper = kind
                if (kind == "@chain" and cand.code[:2] in {"18", "19", "20"}
                        and self.matcher.lemma(verb) in self.rules.vowing_verbs):
                    wrapper = "@threaten"  # "vowed to crush the mutiny": a threat
                elif (kind == "@chain" and cand.code[:2] == "04"
                      and self.matcher.lemma(verb) in self.rules.commitment_verbs):
                    wrapper = "@intend"  # "agreed to begin negotiations": not yet met
                code = cand.code if wrapper == "@chain" else self.lexicon.wrap(wrapper, cand.code)
                if not code:
                    continue
                if wrapper == "@refuse":
                    self._refuser_first(verb, cand)
                cand.code = code
                cand.pattern = f"{pattern.text} > {cand.pattern}"
                out.append(cand)
            if not inner and kind == "@demand" and comp.lemma_.lower() in self.rules.departure_verbs:
                # "ordered the French ambassador to leave the country": an expulsion
                addressee = self._addressee(verb, comp)
                if addressee:
                    out.extend(self.assembler.assemble(verb, "174", addressee[0],
                                             f"{pattern.text} > {comp.lemma_}", 0.7))
                continue
            if (not inner and comp.dep_ == "ccomp"
                    and comp.lemma_.lower() in self.rules.retribution_verbs
                    and (kind == "@threaten" or self.matcher.lemma(verb) in self.rules.vowing_verbs)):
                # "Netanyahu vowed that Tehran would pay": a threat to the one who will pay
                own = {a.country for a in self.phrases.subject_actors(verb)}
                payer = [a for a in self.phrases.subject_actors(comp) if a.country not in own]
                if payer:
                    out.extend(Candidate(s, t, "130", f"{pattern.text} > {comp.lemma_}", 0.6)
                               for s in self.phrases.subject_actors(verb) for t in payer)
                continue
            if not inner and kind in {"@threaten", "@refuse", "@appeal", "@demand"}:
                # "urged Baku to show restraint": the appeal stands even when its content
                # is not in the lexicon; the target is whom the appeal is addressed to.
                # (what is asked keeps its kind where the lexicon knows the verb: "asked
                # Kenya to withdraw its troops from Gedo" demands a withdrawal)
                addressee = self._addressee(verb, comp)
                asked = self.matcher.match(comp)
                code = self.lexicon.wrap(kind, asked[0].code if asked and not
                                         asked[0].code.startswith("@") else "")
                if addressee and code:
                    out.extend(self.assembler.assemble(verb, code, addressee[0],
                                             f"verb:{pattern.text}", 0.55))
        return out

    def _refuser_first(self, verb: Token, cand: Candidate) -> None:
        """"refused to receive a delegation from ECOWAS": the giving is ECOWAS's, but the
        refusal is the junta's, aimed at ECOWAS."""
        own = {a.country for a in self.phrases.subject_actors(verb)}
        if cand.target.country in own and cand.source.country not in own:
            cand.source, cand.target = cand.target, cand.source

    @staticmethod
    def _addressee(governor: Token, complement: Token) -> list[Token]:
        """Whom an appeal or demand is addressed to: "urged Baku to …" or "demanded that
        Moscow admit …"."""
        objects = [c for c in governor.children if c.dep_ in OBJECT_DEPS] or [
            # "called on Togo to release …", "appealed to Baku to …"
            p for c in governor.children if c.dep_ in {"prep", "prt"}
            and c.lower_ in {"on", "upon", "to"} and governor.i < c.i < complement.i
            for p in c.children if p.dep_ == "pobj"]
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
        governor_kind = self.matcher.match(governor)
        kind = self.wrapper_kind(governor, governor_kind[0].code) if governor_kind else ""
        if kind in {"@appeal", "@demand"} and addressee:
            # the appeal's source is the governor's subject, its target the addressee
            sources = self.phrases.subject_actors(governor)
            targets = self.phrases.actor_of(addressee[0])
            return [Candidate(s, t, c.code, c.pattern, c.confidence, c.flags)
                    for c in cands for s in sources for t in targets
                    if s.code != t.code][: max(1, len(cands))]
        if kind == "@intend" and governor.lemma_.lower() in self.rules.proposing_verbs:
            # "Putin proposed that Russia and Ukraine resume talks": the proposer's intent
            # towards the other parties, not theirs towards each other
            own = {a.country for a in self.phrases.subject_actors(governor)}
            return [c for c in cands if c.source.country in own]
        return cands

    def _refusal(self, verb: Token) -> list[Candidate]:
        match = self.matcher.match(verb)
        if match is None or match[0].code.startswith("@"):
            return []
        info = self.lexicon.codes.get(match[0].code)
        if info is None or info.quad_class > 2:
            return []
        code = self.lexicon.wrap("@refuse", match[0].code)
        if not code:
            return []
        return self.assembler.assemble(verb, code, match[1], f"not {match[0].text}", 0.6)


class Assembler:
    """Puts a verb's source, target and code together into candidates."""

    def __init__(self, ctx: SentenceContext, phrases: NounPhrases, matcher: VerbMatcher,
                 sources: Sources, targets: Targets, speech: SpeechCoder) -> None:
        self.ctx = ctx
        self.actors = ctx.actors
        self.lexicon = ctx.lexicon
        self.rules = ctx.rules
        self.phrases = phrases
        self.matcher = matcher
        self.sources = sources
        self.targets = targets
        self.speech = speech

    def assemble(self, verb: Token, code: str, obj: Token | None, pattern: str,
                 confidence: float, particle: str | None = None) -> list[Candidate]:
        reading = _Reading(mass_violence(self.rules, verb, obj, code), pattern, confidence)
        if code in self.rules.inquiry_acts and self._within_inquiry(verb):
            reading.code, reading.pattern = "090", f"{pattern} (in an inquiry)"
        # "talks hosted by Erdogan": a participle after its noun is a passive too
        reduced = verb.tag_ == "VBN" and verb.head is not verb and (verb.dep_ == "acl" or (
            any(c.dep_ == "agent" for c in verb.children)
            and not any(c.dep_ in SUBJECT_DEPS | {"nsubjpass", "auxpass", "aux"}
                        for c in verb.children)))
        passive = reduced or any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        if passive:
            self._passive_roles(verb, obj, reduced, reading)
        else:
            self._active_roles(verb, obj, particle, reading)
        if (reading.code[:2] == "19" and verb.lemma_.lower() in self.rules.dispute_verbs
                and len(reading.sources + reading.targets) > 1
                and all(a.how == "person" for a in reading.sources + reading.targets)):
            # "Trump and Zelensky clashed in the Oval Office": leaders clash in words
            reading.code, reading.pattern = "111", f"{reading.pattern} (in words)"
        if self.speech.allegation(verb, reading.sources):
            return []  # "accused Azerbaijan of launching an attack": the charge, not the act
        mutual = self._implied_targets(verb, obj, reading)
        reporter, own_claim = self._speech_frame(verb, reading)
        sources, targets = reading.sources, reading.targets
        self.ctx.sentence_subjects.extend(sources[:1])
        self.ctx.sentence_actors.extend(sources + targets)
        if targets:
            self.ctx.sentence_agents.extend(sources)  # for "… condemned the attack"
        return self._candidates(verb, obj, reading, mutual, reporter, own_claim)

    def _within_inquiry(self, verb: Token) -> bool:
        """"searched the consul's residence as part of the investigation into …": a search
        made for an inquiry is the inquiry's act (090), not a seizure of property."""
        return any(t.pos_ == "NOUN" and t.lemma_.lower() in self.lexicon.nouns
                   and self.lexicon.nouns[t.lemma_.lower()].code[:2] == "09"
                   for c in verb.children if c.dep_ == "prep" for t in c.subtree)

    def _passive_roles(self, verb: Token, obj: Token | None, reduced: bool,
                       reading: _Reading) -> None:
        code = reading.code
        targets = [a for c in verb.children if c.dep_ == "nsubjpass"
                   for a in self.phrases.actor_of(c)]
        if not targets and code[:2] in {"17", "18", "19", "20"}:
            # "the theatre in Mariupol was destroyed by a Russian air strike"
            targets = [a for c in verb.children if c.dep_ == "nsubjpass"
                       for a in self.phrases.place_actors(c)]
        if reduced and verb.dep_ == "acl":
            noun = verb.head
            targets = self.phrases.actor_of(noun) or (
                self.phrases.subject_actors(noun.head) if noun.dep_ in OBJECT_DEPS else [])
            if not targets and code[:3] in self.rules.third_party_codes:
                # "exchanged prisoners in a swap mediated by the UAE", "held talks at a
                # meeting hosted by Michel": the mediator or host stands between the
                # parties of the clause the noun belongs to, or the sides its subject names
                clause = clause_verb(noun)
                targets = self.phrases.subject_actors(clause) or [
                    a for t in clause.subtree if t.dep_ == "prep" and t.lower_ == "between"
                    for p in t.children if p.dep_ == "pobj" for a in self.phrases.actor_of(p)]
        elif reduced:  # "…, hosted by Erdogan": what the main clause did was hosted
            head = verb.head
            targets = [a for c in head.children if c.dep_ in OBJECT_DEPS
                       for a in self.phrases.actor_of(c)] or self.phrases.subject_actors(head)
        sources = self.sources.agent_actors(verb) or self.sources.instrument_actors(verb)
        means = self.sources.attack_means(verb)
        if means and code[:2] in {"17", "18"}:
            # "destroyed by a Russian air strike": the strike is the event
            reading.code = self.lexicon.nouns[means.lemma_.lower()].code
        if not sources:
            # "arrested by anti-corruption investigators"
            sources = self.sources.default_sources(verb)
            if sources:
                reading.flags.add("implicit_source")
        if not targets:
            targets = self.targets.target_actors(verb, obj, reading.code)
        reading.sources, reading.targets = sources, targets

    def _active_roles(self, verb: Token, obj: Token | None, particle: str | None,
                      reading: _Reading) -> None:
        means = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS
                      and self.sources.attack_noun(c)), None)
        hit = obj if obj is not None else next(iter(self.matcher.objects(verb)), None)
        victim = self.actors.at(hit) if hit is not None else None
        if (means is not None and reading.code[:2] in {"17", "18"}
                and not (victim is not None and victim.how == "person")):
            # "a Myanmar military air strike killed scores": the strike is the event
            # (a strike that killed a named leader stays a killing)
            reading.code = self.lexicon.nouns[means.lemma_.lower()].code
        targets = self.targets.target_actors(verb, obj, reading.code, particle)
        chain = [found for found in self.phrases.subject_chain(verb) if found]
        sources = next((found for found in chain
                        if any(t.country != s.country for t in targets for s in found)),
                       chain[0] if chain else [])
        if not sources:
            sources = self.sources.default_sources(verb)
            if sources:
                reading.flags.add("implicit_source")
                reading.confidence -= 0.1
        reading.sources, reading.targets = sources, targets

    def _implied_targets(self, verb: Token, obj: Token | None, reading: _Reading) -> bool:
        """Drop the targets that are the sources themselves and find the ones the clause
        implies; True when the sources act on each other."""
        code, sources, targets = reading.code, reading.sources, reading.targets
        own = {s.code for s in sources}
        own_countries = {s.country for s in sources}
        if len(own_countries) > 1 and code[:2] in {"03", "04", "05", "06", "08"} and (
                self.ctx.target_via in {"place", "particle"}
                or {t.country for t in targets} <= own_countries):
            # "Russian and Ukrainian delegations met in Istanbul", "Iran and the US held
            # talks on Tehran's nuclear programme": each other
            targets = []
        # "Baku recalled its diplomats", "Iran and Saudi Arabia reopened their embassies"
        targets = [t for t in targets if t.code not in own
                   and not (t.how == "coref" and t.country in own_countries
                            and t.name.lower() not in self.rules.pronouns_object)]
        if not targets and sources:
            targets = self.targets.condition_party(verb, own_countries)
        # a relation, or a threat ("warned of serious consequences"), is with the other
        # side the discourse is about
        if (not targets and len({s.country for s in sources}) == 1
                and (self.targets.relational(verb, obj) or code[:2] == "13")):
            partner = self.targets.partner(sources[0])
            if partner is not None:
                targets = [partner]
                reading.flags.add("implicit_target")
                reading.confidence -= 0.2
        if sources and code[:2] == "09" and {t.country for t in targets} <= own_countries:
            # "a case into the deaths of Kazakh citizens during a Russian police raid": an
            # inquiry into harm done to one's own people is aimed at who did it
            targets = self.targets.investigated(verb, obj, own_countries) or targets
        if not targets and sources and code[:2] in self.rules.reaction_roots:
            acted_on = obj or next(iter(self.matcher.objects(verb)), None)
            targets = (self.targets.act_reference(acted_on, own_countries)
                       or self.targets.prompted_by(verb, own_countries))
        # "Thai and Cambodian troops clashed", "Kyiv and Moscow agreed to swap prisoners": a
        # relation or a fight between the subjects; "Erdogan and Aliyev attended a ceremony"
        # or "France and Chad criticised …" is something both did, not to each other (but
        # they "traded blame")
        # (co-mediators and co-hosts are no dyad: "brokered by the US, Egypt and Qatar")
        each_other = code[:3] not in self.rules.third_party_codes and (
            code[:2] in self.rules.mutual_roots
            or verb.lemma_.lower() in self.rules.reciprocal_verbs)
        mutual = each_other and (len(own_countries) > 1 or (
            len(own) > 1 and code[:2] in {"03", "04", "05", "06", "07", "08"}))
        if not targets and sources:
            targets = self.targets.default_targets(verb, obj, code, sources[0])
            if mutual and {t.country for t in targets} <= own_countries:
                # several parties act on each other, not on "prisoners": "Russian and
                # Ukrainian delegations agreed to exchange prisoners"
                targets = []
            if targets:
                reading.flags.add("implicit_target")
                reading.confidence -= 0.1
        reading.targets = targets
        return mutual

    def _speech_frame(self, verb: Token, reading: _Reading) -> tuple[Token | None, Token | None]:
        """The speech verb that reports the act (someone else's word for it), or the one
        with which its own source tells of it; the confidence lowered for what is hearsay
        or inferred."""
        sources, targets = reading.sources, reading.targets
        reporter = reporting_verb(self.lexicon, verb)
        own_claim: Token | None = None
        if reporter is not None and {s.country for s in sources} <= {
                a.country for a in self.phrases.subject_actors(reporter)}:
            own_claim, reporter = reporter, None  # the speaker tells of its own act
            if self._admission(own_claim, verb):
                reading.flags.add("reported")  # an admission tells of an act: no new one
            if any(c.dep_ == "aux" and c.lower_ in self.rules.intent_auxiliaries
                   for c in verb.children):
                # "Israel announced it would free 150 prisoners": an announced intent
                reading.code = self.lexicon.wrap("@intend", reading.code) or reading.code
                reading.pattern = f"said it would > {reading.pattern}"
        if reporter is not None:
            reading.flags.add("reported")
            reading.confidence -= 0.08
        if any(a.how == "coref" for a in sources + targets):
            reading.confidence -= 0.08
        if any(a.repaired for a in sources + targets):
            reading.confidence -= 0.05
        return reporter, own_claim

    def _admission(self, speech: Token, verb: Token) -> bool:
        """"admitted that …", "confirmed that its troops had shelled …": a speaker tells of
        an earlier act of its own side."""
        lemma = speech.lemma_.lower()
        return lemma in self.rules.admission_verbs or (
            lemma in self.rules.confirmation_verbs
            and any(c.dep_ == "aux" and c.lemma_.lower() == "have" and c.tag_ == "VBD"
                    for c in verb.children))

    def _candidates(self, verb: Token, obj: Token | None, reading: _Reading, mutual: bool,
                    reporter: Token | None, own_claim: Token | None) -> list[Candidate]:
        code, pattern, confidence, flags = (reading.code, reading.pattern, reading.confidence,
                                            reading.flags)
        sources, targets = reading.sources, reading.targets
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
            self.matcher.lemma(verb) in self.rules.signing_verbs
            and self.targets.with_party(verb, obj, targets))
        for s in sources:
            for t in targets:
                if s.code == t.code:
                    continue
                out.append(Candidate(s, t, code, pattern, confidence, set(flags)))
                if symmetric:
                    out.append(Candidate(t, s, code, pattern, confidence - 0.05, set(flags)))
        if reporter is not None:
            out.extend(self.speech.accusations(reporter, verb, code, sources, pattern,
                                               confidence))
        claim = own_claim.lemma_.lower() if own_claim is not None else ""
        info = self.lexicon.codes.get(code)
        if out and ((code[:2] in {"18", "19", "20"} and claim in self.rules.claim_verbs) or (
                "reported" in flags and info is not None and info.quad_class >= 3
                and own_claim is not None and self._admission(own_claim, verb))):
            # "the Houthis claimed they had attacked the ship": responsibility claimed;
            # "Putin admitted that Russian air defence damaged the plane": acknowledged
            out.extend(Candidate(c.source, c.target, "015", f"{claim} > {c.pattern}",
                                 c.confidence) for c in list(out))
        return out


@dataclass(slots=True)
class _Reading:
    """What assembling has found so far for one verb."""

    code: str
    pattern: str
    confidence: float
    sources: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)



def _verb_conjuncts(verb: Token) -> list[Token]:
    """"threatened to break away from the CSTO and ban the Russian media": both verbs."""
    out = [verb]
    stack = [c for c in verb.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}]
    while stack:
        child = stack.pop(0)
        out.append(child)
        stack.extend(c for c in child.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"})
    return out


def _purpose(clause: Token) -> bool:
    """"(sent troops) to support its army": an infinitive of purpose."""
    return clause.dep_ in {"advcl", "xcomp"} and clause.pos_ in {"VERB", "AUX"} and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
