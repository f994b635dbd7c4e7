"""Noun phrases to actors: who a phrase names ("Azeri police" → AZECOP, "the president of
Russia", "envoys from Armenia", "Russian and Ukrainian negotiators"), pronouns and "the two
leaders" resolved within the document, and the words that named them."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from sword.coding.actors import noun_phrase_modifiers
from sword.coding.context import Actor, SentenceContext
from sword.coding.lexicon import Lexicon
from sword.model import Mention

CLAUSE_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "obj"})
# the arguments a later pronoun most often points back to
CORE_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "attr"})
INHERIT_DEPS = frozenset({"conj", "xcomp", "advcl", "acl", "pcomp"})
CLAUSE_CHAIN = frozenset({"xcomp", "ccomp", "conj", "advcl", "pcomp", "acl", "relcl", "prep",
                          "pobj"})
RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})






class NounPhrases:
    """Resolves the noun phrases of one sentence to actors, and says who does a verb.

    Built from the sentence's context; the pronouns and references to earlier actors it
    meets are resolved by its `Pronouns` part.
    """

    def __init__(self, ctx: SentenceContext) -> None:
        self.ctx = ctx
        self.actors = ctx.actors
        self.kb = ctx.kb
        self.rules = ctx.rules
        self.event_nouns = ctx.event_nouns
        self.pronouns = Pronouns(self)

    def subject_actors(self, verb: Token) -> list[Actor]:
        return next(iter(self.subject_chain(verb)), [])

    def actor_of(self, token: Token) -> list[Actor]:
        """The actors a noun phrase names, with its conjuncts (remembered per sentence)."""
        cached = self.ctx.actor_cache.get(token.i)
        if cached is None:
            cached = self.ctx.actor_cache[token.i] = self._resolve_phrase(token)
        return list(cached)

    def _resolve_phrase(self, token: Token) -> list[Actor]:
        heads = with_conjuncts(token)
        for appos in (c for c in token.children if c.dep_ == "appos"):
            # "Foreign Minister Jeyhun Bayramov and Armenia's Ararat Mirzoyan": the second
            # name is parsed as a conjunct of the first's apposition
            heads.extend(with_conjuncts(appos)[1:])
        mention = self.actors.at(token)
        if mention is not None:
            # "Barack Obama and Vladimir Putin": the conjunct may hang on any word of a name;
            # "The US, Russia, and Switzerland": a list of states parsed as apposition
            span = self.actors.span_of(mention)
            for word in span:
                for child in word.children:
                    if child.dep_ == "conj" and child.i not in {h.i for h in heads}:
                        heads.extend(with_conjuncts(child))
                    other = self.actors.at(child)
                    if (child.dep_ == "appos" and other is not None and other.how == "name"
                            and other.country != mention.country):
                        heads.extend(with_conjuncts(child))
        out: list[Actor] = []
        for head in heads:
            out.extend(self._actors_of_head(head))
            out.extend(self._misattached_people(head))
        if not out:
            # "the Moskva, the flagship of Russia's Black Sea Fleet": what the apposition says
            out = [a for c in token.children if c.dep_ == "appos"
                   for a in self._actors_of_head(c)]
        return out

    def _misattached_people(self, head: Token) -> list[Actor]:
        """"Russia's Putin and Azerbaijan Aliyev held talks" is often parsed with Putin as a
        modifier of Aliyev; another known person inside a person's phrase is a co-actor."""
        mention = self.actors.at(head)
        if mention is None or mention.how != "person":
            return []
        out: list[Actor] = []
        for child in head.children:
            other = self.actors.at(child)
            if (child.dep_ in {"nmod", "compound"} and other is not None and other is not mention
                    and other.how == "person" and other.person != mention.person):
                out.append(Actor.from_mention(other, other.sector, other.text))
        return out

    def _actors_of_head(self, head: Token, depth: int = 0) -> list[Actor]:
        mention = self.actors.at(head)
        residence = self._residence(head)
        if residence:
            return residence
        if mention is not None:
            seat = self._foreign_seat(head, mention)
            if seat:
                return seat
            sector = self.sector_for(head) or mention.sector
            if mention.how == "person" or (mention.how == "org" and mention.sector):
                sector = mention.sector  # "the Rapid Support Forces" are no army
            return [Actor.from_mention(mention, sector, self.phrase(head))]
        lower = head.lower_
        if head.pos_ == "PRON" or lower in self.rules.pronouns_group:
            group = self.pronouns.group_coref(head)
            if group:
                return group
            actor = self.pronouns.coref(head)
            return [actor] if actor else []
        pair = self.pronouns.pair_reference(head) or self._border_partner(head)
        if pair:
            return pair
        sector = self.sector_for(head)
        seat = self._seat_of_government(head, sector)
        if seat:
            return seat
        owners = self._owner_actors(head, sector, depth)
        for modifier in sorted(noun_phrase_modifiers(head),
                               key=lambda t: (self.actors.at(t) is None, t.dep_ != "poss")):
            mention = self.actors.at(modifier)
            if mention is not None and (modifier.head.lemma_.lower() in self.rules.patron_words
                                        or _pro(modifier)):
                continue  # "Iranian-backed militias", "pro-Russian separatists": not Russia's own
            if mention is not None:
                if (mention.how == "place" and modifier.dep_ == "compound"
                        and (head.pos_ == "PROPN" or owners)):
                    continue  # "the Rome Statute"; "the Baku office of Sputnik"
                own = mention.sector if mention.how in {"person", "org"} else ""
                found = [Actor(mention.country, sector or own or mention.sector,
                               self.phrase(head), mention.how, mention.repaired,
                               mention.original)]
                others = with_conjuncts(modifier, adjectives=True)[1:]  # "Armenian and US troops"
                if any(c.dep_ == "cc" and c.lower_ == "and" for m in head.children for c in m.children
                       if m.dep_ in {"amod", "compound"}):
                    # the same, parsed as two modifiers of the noun
                    others += [m for m in head.children if m.dep_ in {"amod", "compound"}
                               and m is not modifier]
                for conj in others:
                    other = self.actors.at(conj)
                    if other is not None and other.country != mention.country:
                        found.append(Actor(other.country, sector or other.sector,
                                           self.phrase(head), other.how, other.repaired,
                                           other.original))
                return found
            if modifier.dep_ == "poss" and modifier.pos_ == "PRON":
                bound = self.pronouns.binder(modifier)
                actor = bound[0] if bound else self.pronouns.coref(modifier)
                if actor and head.lemma_.lower() in self.rules.counterpart_nouns:
                    # "accusing its neighbour": the other state, not the possessor
                    return [a for a in [self.pronouns.counterpart(actor)] if a is not None]
                if bound:  # "froze its participation in the CSTO": no other party here
                    return owners
                if actor:
                    return [Actor(actor.country, sector or actor.sector, self.phrase(head),
                                  "coref", actor.repaired, actor.original)]
        return owners or self.pronouns.definite_reference(head, sector)

    def _residence(self, head: Token) -> list[Actor]:
        """"ethnic Albanians in Serbia", "ethnic Turks of Bulgaria": an ethnic group is coded
        by the state it lives in, when the text names that state."""
        if not any(t.lower_ == "ethnic" for t in head.subtree if t.i < head.i):
            return []
        preps = [c for c in head.children if c.lower_ in self.rules.residence_preps]
        if head.dep_ in {"nsubj", "nsubjpass", "dobj"}:
            # "ethnic Albanians demonstrated in Serbia", "killed three ethnic Albanians in a
            # gunbattle in southeastern Serbia"
            verb_preps = [c for c in head.head.children if c.lower_ == "in"]
            preps += verb_preps + [g for c in verb_preps for p in c.children
                                   for g in p.children if g.lower_ == "in"]
        for child in preps:
            if child.dep_ != "prep":
                continue
            for pobj in child.children:
                state = self.actors.at(pobj)
                if pobj.dep_ == "pobj" and state is not None and state.how == "name":
                    return [Actor(state.country, "CVL", self.phrase(head), "name")]
        return []

    def _seat_of_government(self, head: Token, sector: str) -> list[Actor]:
        """"the Tajik government in Kabul": a government sits in its own capital, so where
        the words name another state's, the capital wins (a translation slip, repaired)."""
        if sector != "GOV" or head.lemma_.lower() not in self.rules.seated_nouns:
            return []  # an embassy sits abroad
        for child in head.children:
            if child.dep_ != "prep" or child.lower_ != "in":
                continue
            for pobj in child.children:
                seat = self.actors.at(pobj)
                if pobj.dep_ != "pobj" or seat is None or seat.how != "place" or seat.sector != "GOV":
                    continue
                named = [m for t in noun_phrase_modifiers(head)
                         if (m := self.actors.at(t)) is not None and m.how in {"name", "demonym"}]
                if named and all(m.country != seat.country for m in named):
                    return [Actor(seat.country, "GOV", self.phrase(head), "place", True,
                                  named[0].text)]
        return []

    def _foreign_seat(self, head: Token, seat: Mention) -> list[Actor]:
        """"the White House of Armenia": a seat of power said to be another state's is that
        state's seat under a borrowed name (a translation's habit), repaired."""
        if seat.how != "place" or seat.sector != "GOV":
            return []
        owners = [m for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                  for p in c.children if p.dep_ == "pobj"
                  and (m := self.actors.at(p)) is not None and m.how in {"name", "demonym"}]
        if len(owners) != 1 or len(owners[0].country) != 3 or owners[0].country == seat.country:
            return []
        return [Actor(owners[0].country, "GOV", self.phrase(head), "place", True, seat.country)]

    def _border_partner(self, head: Token) -> list[Actor]:
        """"its border with Ukraine": the other side of a border."""
        if head.lemma_.lower() not in self.rules.border_nouns:
            return []
        return [a for c in head.children if c.dep_ == "prep" and c.lower_ == "with"
                for p in c.children if p.dep_ == "pobj" for a in self.actor_of(p)]

    def _owner_actors(self, head: Token, sector: str, depth: int) -> list[Actor]:
        """"the president of Russia", "envoys from Armenia", "a measure by the Asian side",
        "the leaders of Kazakhstan, Kyrgyzstan and Tajikistan"."""
        if depth >= 2:
            return []
        for child in head.children:
            located = child.lower_ in self.rules.location_preps and bool(sector)  # "police in Tbilisi"
            if child.dep_ != "prep" or (child.lower_ not in self.rules.owner_preps and not located):
                continue
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                inner = self.actor_of(pobj) if depth == 0 else [
                    a for h in with_conjuncts(pobj) for a in self._actors_of_head(h, depth + 1)]
                if inner:
                    if sector and child.lower_ != "by":
                        inner = [Actor(a.country, sector, self.phrase(head), a.how,
                                       a.repaired, a.original) for a in inner]
                    return inner
        return []

    def sector_for(self, head: Token) -> str:
        """The sector a noun phrase's head words give ("news agency" → MED)."""
        # with the modifiers of modifiers: "opposition leader Kem Sokha"
        modifiers = [t for t in _left_modifiers(head) if self.actors.at(t) is None]
        chain = [*sorted(modifiers, key=lambda t: t.i), head]
        words = [t.lower_ for t in chain]
        lemmas = [t.lemma_.lower() for t in chain]
        # a phrase must end in a noun: "news agency office" gives MED by "news agency", but
        # "military exercises" are no military unit
        ends = {i for i, t in enumerate(chain) if t.pos_ in {"NOUN", "PROPN"} or t is head}
        for size in range(min(3, len(chain)), 0, -1):
            for seq in (words, lemmas):
                for start in range(len(seq) - size, -1, -1):
                    if start + size - 1 not in ends:
                        continue
                    found = self.kb.sector_of(" ".join(seq[start:start + size]))
                    if found in {"GOV", "MIL", "LEG", "JUD", "COP"} and any(
                            t.lower_ in self.rules.former_words for t in head.subtree if t.i < head.i):
                        return "ELI"  # "former chief ministers": no longer in office
                    if found:
                        return found
        return ""

    @staticmethod
    def phrase(head: Token) -> str:
        """The words that named an actor: the head with its pre-modifiers."""
        lefts = [t for t in head.lefts if t.dep_ in {"compound", "amod", "poss", "case",
                                                     "nummod"}]
        start = min([head.i, *(t.left_edge.i for t in lefts)])
        return head.doc[start:head.i + 1].text

    def place_actors(self, token: Token) -> list[Actor]:
        """Where something happens: "in Kharkiv", but not "in a Russian drone strike"."""
        return self.prep_actors(token, self.rules.place_preps, places=True)

    def prep_actors(self, token: Token, preps: frozenset[str],
                    places: bool = False) -> list[Actor]:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and not (
                            places and pobj.lemma_.lower() in self.event_nouns):
                        actors = self.actor_of(pobj)
                        if actors:
                            return actors
        return []

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


class Pronouns:
    """Pronouns and references to actors named before: "they", "its neighbour", "the
    station", "the two countries" (a part of `NounPhrases`)."""

    def __init__(self, phrases: NounPhrases) -> None:
        self.phrases = phrases
        self.ctx = phrases.ctx
        self.lexicon = phrases.ctx.lexicon
        self.rules = phrases.ctx.rules
        self.discourse = phrases.ctx.discourse
        self.mentions = phrases.ctx.mentions
        self.event_nouns = phrases.ctx.event_nouns

    def definite_reference(self, head: Token, sector: str) -> list[Actor]:
        """"… suspended Radio France Internationale, accusing the station of …": "the" and a
        sector noun name the latest actor of that sector (not "the government": whose?)."""
        if not sector or sector == "GOV" or not any(
                c.dep_ == "det" and c.lower_ in self.rules.pointing_determiners for c in head.children):
            return []
        before = [Actor.from_mention(m, m.sector, m.text) for m in self.mentions
                  if m.start < head.idx]
        earlier = list(reversed(before)) + list(reversed(self.discourse.actors))
        found = next((a for a in earlier if a.sector == sector and a.how != "person"), None)
        if found is None:
            return []
        return [Actor(found.country, sector, self.phrases.phrase(head), "coref", found.repaired,
                      found.original)]

    def counterpart(self, actor: Actor) -> Actor | None:
        """The latest actor of another state than `actor`, in this sentence or before."""
        for other in reversed(self.ctx.sentence_actors + self.discourse.actors):
            if other.country != actor.country and len(other.country) == 3:
                return Actor(other.country, other.sector, other.name, "coref", other.repaired,
                             other.original)
        return None

    def binder(self, pronoun: Token) -> list[Actor]:
        """A possessive outside its clause's subject is bound by that subject: "Qatar said
        Israel and Hamas agreed to extend their truce" (theirs, not Qatar's)."""
        if (pronoun.lower_ not in self.rules.pronouns_group or pronoun.i in self.ctx.binding
                or pronoun.head.dep_ in CLAUSE_SUBJECTS):
            return []
        clause = clause_verb(pronoun)
        if any(c.dep_ in CLAUSE_SUBJECTS and c.lemma_.lower() in self.event_nouns
               for c in clause.children):
            return []  # "an Israeli air strike destroyed its consulate": not the strike's
        self.ctx.binding.add(pronoun.i)  # a pronoun inside its own binder binds to nothing
        try:
            return [a for a in self.phrases.subject_actors(clause) if a.how != "person"]
        finally:
            self.ctx.binding.discard(pronoun.i)

    def group_coref(self, pronoun: Token) -> list[Actor]:
        """"Armenia and Azerbaijan said they would exchange prisoners": a plural pronoun in
        what a group of speakers of several states says is the whole group."""
        if pronoun.lower_ not in self.rules.pronouns_plural:
            return []
        speech = reporting_verb(self.lexicon, clause_verb(pronoun))
        speakers = self.phrases.subject_actors(speech) if speech is not None else []
        if len({a.country for a in speakers}) < 2:
            return []
        return [Actor(a.country, a.sector, pronoun.text, "coref", a.repaired, a.original)
                for a in speakers]

    def coref(self, pronoun: Token) -> Actor | None:
        lower = pronoun.lower_
        if lower not in (self.rules.pronouns_person | self.rules.pronouns_group
                         | self.rules.pronouns_speaker):
            return None  # "whatever you want": no actor of the story
        speech = reporting_verb(self.lexicon, clause_verb(pronoun))
        speakers = self.phrases.subject_actors(speech) if speech is not None else []
        if lower in self.rules.pronouns_person:
            # "Obama said he would …": the speaker first, then the latest person; "the
            # prosecutor of the ICC said he …": a speaker named by office, before persons
            # of earlier sentences
            pool = [a for a in speakers if a.how == "person"] + \
                   [a for a in reversed(self.ctx.sentence_actors) if a.how == "person"] + \
                   [a for a in speakers if a.how not in {"person", "name"}] + \
                   list(reversed(self.discourse.persons))
        elif lower in self.rules.pronouns_speaker:
            pool = speakers
        elif lower in self.rules.pronouns_reflexive:
            pool = list(reversed(self.ctx.sentence_subjects))
        elif pronoun.dep_ in {"dobj", "pobj", "dative"} and not speakers:
            if self._thing_before(pronoun):
                return None
            # an object pronoun points back to a recent non-subject: "arresting journalists …,
            # accusing them of fraud"
            subjects = {a.code for a in self.ctx.sentence_subjects}
            pool = [a for a in reversed(self.ctx.sentence_actors) if a.code not in subjects] + \
                   [a for a in reversed(self.discourse.actors) if a.code not in subjects]
        else:
            # "Israel said a mortar bomb was fired at it": the speaker, then the last subject
            pool = [a for a in speakers if a.how != "person"] + \
                   [a for a in reversed(self.ctx.sentence_subjects) if a.how != "person"] + \
                   [a for a in reversed(self.discourse.subjects) if a.how != "person"]
        if pronoun.dep_ in {"dobj", "dative"} and lower not in self.rules.pronouns_reflexive:
            # "Baku …, accusing them of …": an object pronoun is not its own verb's subject
            own = {a.code for a in self.phrases.subject_actors(pronoun.head)}
            pool = [a for a in pool + list(reversed(self.ctx.sentence_actors)) if a.code not in own]
        found = pool[0] if pool else None
        if found is None:
            return None
        return Actor(found.country, found.sector, pronoun.text, "coref", found.repaired,
                     found.original)

    def _thing_before(self, pronoun: Token) -> bool:
        """"It could have halted the ethnic cleansing, but it failed to stop it": an object
        "it" whose nearest argument before it in the sentence (a subject or object, not a
        pronoun) is an act or an agreement refers to that, not to a state named further back
        (but "cut ties with the UAE, accusing it": ties are no act, "it" is the UAE)."""
        if pronoun.lower_ != "it":
            return False
        before = [t for t in pronoun.sent if t.i < pronoun.i and t.pos_ in {"NOUN", "PROPN"}
                  and t.dep_ in CORE_ARGUMENTS]
        if not before:
            return False
        nearest = before[-1]
        return (self.ctx.actors.at(nearest) is None
                and nearest.lemma_.lower() in self.event_nouns | self.rules.agreement_nouns)

    def pair_reference(self, head: Token) -> list[Actor]:
        """"the two countries", "both sides": the last pair of actors."""
        if head.lemma_.lower() not in self.rules.pair_heads or self.discourse.pair is None:
            return []
        if not any(c.lower_ in self.rules.pair_words for c in head.children):
            return []
        return [Actor(a.country, a.sector, self.phrases.phrase(head), "coref", a.repaired, a.original)
                for a in self.discourse.pair]


def is_speech(lexicon: Lexicon, token: Token) -> bool:
    lemma = token.lemma_.lower()
    return lemma in lexicon.rules.admission_verbs or any(
        p.code == "@say" for p in lexicon.patterns_for(lemma))


def reporting_verb(lexicon: Lexicon, verb: Token) -> Token | None:
    """The speech verb this clause is reported by, when its speaker is someone else."""
    token = verb
    for _ in range(5):
        if token.head is token:
            return None
        if token.dep_ in {"ccomp", "parataxis", "advcl"} and is_speech(lexicon, token.head):
            return token.head
        if token.dep_ not in CLAUSE_CHAIN:
            return None
        token = token.head
    return None


def _participle_subject(subject: Token) -> Token:
    """"The Red Cross operating in Iraq said …" is often parsed with the participle as the
    subject: the noun it describes is."""
    if subject.tag_ in {"VBG", "VBN"}:
        return next((c for c in subject.children if c.dep_ in {"nsubj", "nsubjpass"}), subject)
    return subject


def with_conjuncts(token: Token, adjectives: bool = False) -> list[Token]:
    kinds = {"NOUN", "PROPN", "PRON", "ADJ"} if adjectives else {"NOUN", "PROPN", "PRON"}
    out = [token]
    stack = [c for c in token.children if c.dep_ == "conj"]
    while stack:
        child = stack.pop(0)
        if child.pos_ in kinds:
            out.append(child)
            stack.extend(c for c in child.children if c.dep_ == "conj")
    return out


def clause_verb(token: Token) -> Token:
    """The verb of the clause a word is in ("its drones had hit": hit)."""
    while token.head.i != token.i and token.pos_ not in {"VERB", "AUX"}:
        token = token.head
    return token


def _pro(token: Token) -> bool:
    """"pro-Russian": the word after a "pro-" prefix names whom a group supports."""
    doc = token.doc
    return token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ == "pro"


def _left_modifiers(token: Token) -> Iterator[Token]:
    for child in token.lefts:
        if child.dep_ in {"compound", "amod"}:
            yield child
            yield from _left_modifiers(child)
