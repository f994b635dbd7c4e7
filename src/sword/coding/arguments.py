"""Who does a verb's act and to whom, when the clause does not simply say: passive agents
and instruments ("destroyed by a Russian air strike"), groups of no stated nationality
("protesters stormed …"), and the targets a verb's objects, prepositions, conditions and
the discourse name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from sword.coding.context import Actor, SentenceContext
from sword.coding.nominal import counted
from sword.coding.phrases import OBJECT_DEPS, SUBJECT_DEPS, NounPhrases, with_conjuncts

if TYPE_CHECKING:
    from sword.coding.verbs import VerbMatcher

# material conflict: an operation against someone
CONFLICT_ROOTS = frozenset({"17", "18", "19", "20"})


class Sources:
    """The sources of an act that its clause names no subject for."""

    def __init__(self, ctx: SentenceContext, phrases: NounPhrases) -> None:
        self.ctx = ctx
        self.actors = ctx.actors
        self.lexicon = ctx.lexicon
        self.rules = ctx.rules
        self.mentions = ctx.mentions
        self.phrases = phrases

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
        subject = counted(self.rules, subjects[0])  # "tens of thousands of people"
        sector = self.phrases.sector_for(subject)
        if not sector or sector in {"GOV", "IGO"}:
            return []  # "the government", "officials": whose is unknown
        if any(t.lemma_.lower() in self.rules.patron_words for t in subject.subtree):
            return []  # "Iranian-backed militias": their own state is not said
        inside = self.rules.inside_preps
        where = self.phrases.prep_actors(verb, inside) or self.phrases.prep_actors(subject, inside)
        for token in (c for c in verb.children if c.dep_ in OBJECT_DEPS):
            where = where or self.phrases.prep_actors(token, inside)
        states = {m.country for m in self.mentions if len(m.country) == 3}
        if where:
            country = where[0].country
        elif len(states) == 1:
            country = next(iter(states))
        else:
            return []
        # "shot by a 71-year-old man": one civilian is no crowd (and no riot)
        how = "individual" if sector == "CVL" and subject.tag_ == "NN" else "implicit"
        return [Actor(country, sector, self.phrases.phrase(subject), how)]

    def attack_means(self, verb: Token) -> Token | None:
        """The attack noun a passive act was done by ("by a Russian air strike")."""
        for child in verb.children:
            if child.dep_ == "agent" or (child.dep_ == "prep"
                                         and child.lower_ in self.rules.means_preps):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and self.attack_noun(pobj):
                        return pobj
        return None

    def attack_noun(self, token: Token) -> bool:
        pattern = self.lexicon.nouns.get(token.lemma_.lower())
        return pattern is not None and pattern.code[:2] == "19"

    def agent_actors(self, verb: Token) -> list[Actor]:
        for child in verb.children:
            if child.dep_ == "agent":
                return [a for p in child.children if p.dep_ == "pobj" for a in self.phrases.actor_of(p)]
        return []

    def instrument_actors(self, verb: Token) -> list[Actor]:
        """"killed in Israeli tank shelling", "fired from the Gaza Strip": the actor of an
        event noun or an origin named by a preposition of a passive verb."""
        for child in verb.children:
            if child.dep_ != "prep" or child.lower_ not in self.rules.instrument_preps:
                continue
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                if pobj.lemma_.lower() in self.lexicon.nouns or child.lower_ == "from":
                    # "in a clash with Chinese troops": the other side of the clash
                    actors = self.phrases.actor_of(pobj) or self.phrases.prep_actors(
                        pobj, frozenset({"with"}))
                    if actors:
                        return actors
        return []


class Targets:
    """The targets of an act: named by the clause, or implied by it."""

    def __init__(self, ctx: SentenceContext, phrases: NounPhrases, matcher: VerbMatcher) -> None:
        self.ctx = ctx
        self.actors = ctx.actors
        self.lexicon = ctx.lexicon
        self.rules = ctx.rules
        self.mentions = ctx.mentions
        self.discourse = ctx.discourse
        self.event_nouns = ctx.event_nouns
        self.phrases = phrases
        self.matcher = matcher

    def with_party(self, verb: Token, obj: Token | None, targets: list[Actor]) -> bool:
        codes = {t.code for t in targets}
        return any(a.code in codes for h in (verb, obj) if h is not None
                   for a in self.phrases.prep_actors(h, frozenset({"with"})))

    def relational(self, verb: Token, obj: Token | None) -> bool:
        words = {t.lemma_.lower() for t in ([obj] if obj is not None else self.matcher.objects(verb))}
        return bool(words & self.rules.relational_nouns)

    def investigated(self, verb: Token, obj: Token | None, own: set[str]) -> list[Actor]:
        """"an investigation into killings in the Philippines", "into brandy imported from
        the EU", "into deaths during a Russian police operation": whom an inquiry is into
        is the first other actor named inside its "into" phrase."""
        holders = [verb, *([obj] if obj is not None else self.matcher.objects(verb))]
        for prep in (c for h in holders for c in h.children
                     if c.dep_ == "prep" and c.lower_ in self.rules.inquiry_preps):
            for token in prep.subtree:
                mention = self.actors.at(token)
                if mention is None or mention.country in own or len(mention.country) < 2:
                    continue
                head = token.head if token.dep_ in {"amod", "compound", "poss"} else token
                found = [a for a in self.phrases.actor_of(head) if a.country not in own]
                if found:
                    return found
        return []

    def condition_party(self, verb: Token, own: set[str]) -> list[Actor]:
        """"threatened to use force if Niger's junta did not reinstate Bazoum", "to launch
        an offensive unless Baghdad accepted": an act made to hang on what another side
        does is aimed at that side."""
        holders = [verb] + ([verb.head] if verb.dep_ == "xcomp" else [])
        for clause in (c for h in holders for c in h.children if c.dep_ == "advcl"):
            if not any(m.dep_ == "mark" and m.lower_ in self.rules.condition_marks
                       for m in clause.children):
                continue
            found = [a for a in self.phrases.subject_actors(clause) if a.country not in own]
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
            doers = [a for c in cause.children if c.dep_ == "poss" for a in self.phrases.actor_of(c)]
            doers += [a for t in cause.subtree if t.dep_ == "prep" and t.lower_ == "by"
                      for p in t.children if p.dep_ == "pobj" for a in self.phrases.actor_of(p)]
            found = [a for a in doers if a.country not in own]
            if found:
                return found[:1]
        return []

    def act_reference(self, obj: Token | None, own: set[str]) -> list[Actor]:
        """"Pakistani warplanes struck … . Kabul condemned the strikes": a definite act noun
        with no actor of its own is the latest act of another state told before."""
        if obj is None or obj.lemma_.lower() not in self.event_nouns:
            return []
        if not any(c.dep_ == "det" and c.lower_ in self.rules.definite_determiners
                   for c in obj.children):
            return []
        agents = [*reversed(self.ctx.sentence_agents), *reversed(self.discourse.agents)]
        subjects = list(reversed(self.discourse.subjects))
        # a decision or a move is the main actor's; a strike is whoever struck last
        pool = subjects + agents if obj.lemma_.lower() in self.rules.act_nouns else (
            agents + subjects)
        agent = next((a for a in pool if a.country not in own and len(a.country) == 3), None)
        if agent is None:
            return []
        return [Actor(agent.country, agent.sector, self.phrases.phrase(obj), "coref", agent.repaired,
                      agent.original)]

    def default_targets(self, verb: Token, obj: Token | None, code: str,
                        source: Actor) -> list[Actor]:
        """Targets CAMEO coders assume when the text names none:
        - people of no stated nationality ("police detained hundreds of people") belong to
          the country where it happens, else to the acting state;
        - a protest with no target is aimed at the government of the protesters' state."""
        if len(source.country) != 3:
            return []
        objects = [obj] if obj is not None else self.matcher.objects(verb)
        for token in objects:
            if self.actors.at(token) is not None:
                continue
            sector = self.phrases.sector_for(token)
            if sector and token.pos_ in {"NOUN", "PROPN"}:
                where = self.phrases.place_actors(verb) or self.phrases.place_actors(token) or [
                    # "killed in a Russian drone strike near Kharkiv": where the means struck
                    a for c in verb.children if c.dep_ in {"prep", "agent"}
                    for p in c.children if p.dep_ == "pobj"
                    for a in self.phrases.place_actors(p)][:1]
                # (not a fellow subject's: "Rwandan and Congolese militias raped women")
                fellows = {a.country for a in self.phrases.subject_actors(verb)}
                others = [a for a in self.ctx.sentence_actors if a.country != source.country
                          and len(a.country) == 3 and a.country not in fellows]
                states = {m.country for m in self.mentions if len(m.country) == 3}
                if where:
                    country = where[0].country
                elif source.sector == "COP":
                    country = source.country  # police act at home: "police fired at protesters"
                elif others and not self._unplaced_origin(token):
                    country = others[-1].country  # "fired missiles at Kyiv, killing civilians"
                elif states <= {source.country}:
                    # where no other state is named, its own people: "soldiers in Niger
                    # detained President Bazoum", "protesters clashed with riot police"
                    country = source.country
                else:
                    return []
                return [Actor(country, sector, self.phrases.phrase(token), "implicit")]
        if code[:2] == "14" and source.sector not in {"GOV", "MIL", "COP", "JUD", "LEG"}:
            return [Actor(source.country, "GOV", "the government", "implicit")]
        return []

    def _unplaced_origin(self, token: Token) -> bool:
        """"Congolese troops", "Tamil civilians": the phrase says whose the people are, in a
        word Sword could not place, so they are not the last foreign state's."""
        return any(t.is_title and t.i > t.sent.start and t.pos_ in {"ADJ", "PROPN"}
                   and self.actors.at(t) is None
                   for t in token.lefts if t.dep_ in {"amod", "compound", "nmod"})

    def partner(self, source: Actor) -> Actor | None:
        """The other state the discourse is about: the latest actor of another country,
        this sentence first; a place named only as where something happened ("said in
        Vilnius") is the last resort."""
        earlier = [a for a in [*reversed(self.ctx.sentence_actors), *reversed(self.discourse.actors)]
                   if a.country != source.country and len(a.country) == 3]
        for actor in sorted(earlier, key=lambda a: a.how in {"place", "city"}):
            return Actor(actor.country, actor.sector if actor.how != "person" else "GOV",
                         actor.name, "implicit")
        return None

    def target_actors(self, verb: Token, obj: Token | None, code: str,
                      particle: str | None = None) -> list[Actor]:
        if code in {"043", "045"}:
            # "hosted talks earlier in the day between Sweden's and Turkey's leaders": the
            # parties a host or mediator stands between, wherever the parse hung them
            sides = [a for t in verb.subtree if t.dep_ == "prep" and t.lower_ == "between"
                     for p in t.children if p.dep_ == "pobj" for a in self.phrases.actor_of(p)]
            if sides:
                return sides
        if particle and obj is None:
            # the lexicon's own preposition names the target: "withdrew from Karabakh"
            actors = self.phrases.prep_actors(verb, frozenset(particle.split()[-1:]))
            if actors:
                return actors
        candidates = self._object_candidates(verb, obj)
        # cooperation is never with whom a thing is "against": "support its war against
        # Ukraine" supports no Ukraine
        against = frozenset({"against"}) if code[:2] > "08" else frozenset()
        direct = self.rules.target_preps - self.rules.place_preps - {"against"} | against
        housed = self._housed(verb, candidates) if code[:2] in CONFLICT_ROOTS else []
        if housed:
            return housed
        for token in candidates:
            actors = [] if self._topic(token, code) else self.phrases.actor_of(token)
            if actors:
                return actors
            actors = self.phrases.prep_actors(token, direct)
            if actors:
                return actors
        actors = self.phrases.prep_actors(verb, direct)
        if actors:
            return actors
        for token in candidates:
            actors = self._near_object(token, code, against)
            if actors:
                return actors
        for child in verb.children:
            if child.dep_ == "ccomp" and code[:2] in {"11", "12", "13", "16"}:
                # "regret that this measure by the Asian side has undermined …"
                actors = self.phrases.subject_actors(child)
                if actors:
                    return actors
        actors = self._purpose_target(verb, candidates) if code[:2] in CONFLICT_ROOTS else []
        if actors:
            return actors
        if code[:2] in {"04", "14", "15", "18", "19", "20"} and code != "043":
            # where an act happens names whom it concerns: "staged a protest in Beijing"
            # (but a host is where it hosts: "NATO hosted talks in Vilnius")
            for token in (verb, *(candidates if code[:2] in {"14", "15"} else ())):
                actors = self.phrases.place_actors(token)
                if actors:
                    self.ctx.target_via = "place"
                    return actors
        return []

    def _topic(self, token: Token, code: str) -> bool:
        """"discussed Iran's nuclear programme", "to discuss a US proposal": what is talked
        about is a thing of another state, not a party to the talks (but "met Iran's envoy"
        and "received the Iranian delegation" name a party)."""
        return (code[:2] == "04" and token.pos_ == "NOUN" and self.actors.at(token) is None
                and not self.phrases.sector_for(token))

    def _housed(self, verb: Token, candidates: list[Token]) -> list[Actor]:
        """"fired missiles at two Iraqi bases housing US troops": an attack on a place that
        houses another side's forces is aimed at those forces."""
        places = [*candidates, *(p for c in verb.children if c.dep_ == "prep"
                                 for p in c.children if p.dep_ == "pobj")]
        return [a for token in places for clause in token.children
                if clause.dep_ == "acl" and (clause.lemma_.lower() in self.rules.housing_verbs
                                             or clause.lower_ in self.rules.housing_verbs)
                for obj in clause.children if obj.dep_ in OBJECT_DEPS
                for a in self.phrases.actor_of(obj)]

    def _purpose_target(self, verb: Token, candidates: list[Token]) -> list[Actor]:
        """"launched an offensive to disarm Armenian formations": an operation is aimed at
        whom its purpose names."""
        for token in (*candidates, verb):
            for clause in token.children:
                if clause.dep_ not in {"acl", "advcl"} or not any(
                        c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
                    continue
                for obj in clause.children:
                    actors = self.phrases.actor_of(obj) if obj.dep_ in OBJECT_DEPS else []
                    if actors:
                        return actors
        return []

    def _object_candidates(self, verb: Token, obj: Token | None) -> list[Token]:
        """The words that may name a verb's target: its objects and datives, counted
        things, names parsed as adverbs."""
        self.ctx.target_via = "object"
        candidates: list[Token] = []
        if obj is not None:
            candidates.append(obj)
            if obj.dep_ == "pobj":
                self.ctx.target_via = "particle"
        for child in verb.children:
            if child.dep_ == "dative" and child.pos_ == "ADP":  # "provide support to Israel"
                candidates.extend(p for p in child.children if p.dep_ == "pobj")
            elif child.dep_ in OBJECT_DEPS or child.dep_ in {"dative", "attr"}:
                candidates.extend(with_conjuncts(child))
                if child.lemma_.lower() in self.rules.quantifier_nouns:
                    candidates.extend(p for prep in child.children if prep.lower_ == "of"
                                      for p in prep.children if p.dep_ == "pobj")
            elif child.dep_ == "npadvmod" and self.actors.at(child) is not None:
                candidates.append(child)
            elif child.dep_ == "prep" and child.lower_ == "as" and obj is None:
                # "denounced as an ugly crime Serbia's suppression of …": the object shifted
                # behind its predicate is parsed as the predicate's apposition
                candidates.extend(a for p in child.children if p.dep_ == "pobj"
                                  for a in p.children if a.dep_ == "appos")
        return candidates

    def _near_object(self, token: Token, code: str, against: frozenset[str]) -> list[Actor]:
        """A target named around an object: "talks with Baku", "responsibility for an attack
        on the ship", "events planned with Russia", "struck the station in Kramatorsk"."""
        actors = self.phrases.prep_actors(token, self.rules.partner_preps | against)
        if actors:
            return actors
        # "claimed responsibility for an attack on the ship": the target of the deed
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in self.rules.deed_preps:
                for deed in prep.children:
                    if deed.dep_ == "pobj" and deed.lemma_.lower() in self.lexicon.nouns:
                        actors = self.phrases.prep_actors(deed,
                                                             self.rules.deed_target_preps)
                        if actors:
                            return actors
        # "events planned with Russia", "its participation in the CSTO"
        for child in token.children:
            if child.dep_ in {"acl", "relcl"}:
                actors = self.phrases.prep_actors(child, self.rules.planned_with_preps)
                if actors:
                    return actors
        actors = [a for a in self.phrases.prep_actors(token, frozenset({"in"}))
                  if a.how == "org"]
        if actors:
            return actors
        if code[:2] in {"17", "18", "19", "20"}:
            # "struck the railway station in Kramatorsk": where the target stands
            actors = self.phrases.place_actors(token)
            if actors:
                self.ctx.target_via = "place"
                return actors
        return []
