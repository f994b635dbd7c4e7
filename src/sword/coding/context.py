"""What the parts of the event coder share while they code one sentence.

`SentenceContext` holds the sentence, the document's actor mentions, the read-only tables
(knowledge base, lexicon, rules) and the discourse of earlier sentences, plus the few
things the parts learn about this sentence as they go (the actors named so far, the object
nouns already used by a verb's pattern). It lives for one sentence; nothing is global.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from sword.coding.actors import DocumentActors
from sword.coding.knowledge import KnowledgeBase
from sword.coding.lexicon import Lexicon, Rules
from sword.model import Mention


@dataclass(slots=True)
class Candidate:
    """An event found in a sentence, before it becomes an `Event` record."""

    source: Actor
    target: Actor
    code: str
    pattern: str
    confidence: float
    flags: set[str] = field(default_factory=set)


@dataclass(slots=True)
class SentenceContext:
    """One sentence with everything its coding reads, and what it has learnt so far."""

    sent: Span
    actors: DocumentActors
    mentions: list[Mention]  # the actor mentions of this sentence
    kb: KnowledgeBase
    lexicon: Lexicon
    discourse: Discourse
    event_nouns: frozenset[str]  # nouns that name an act ("strike", "decision")
    sentence_subjects: list[Actor] = field(default_factory=list)
    sentence_actors: list[Actor] = field(default_factory=list)
    sentence_agents: list[Actor] = field(default_factory=list)  # sources of coded acts
    consumed: set[int] = field(default_factory=set)  # object nouns already in a pattern
    actor_cache: dict[int, list[Actor]] = field(default_factory=dict)
    binding: set[int] = field(default_factory=set)  # pronouns being bound (no recursion)
    target_via: str = ""  # how the last target search found its answer

    @property
    def rules(self) -> Rules:
        return self.lexicon.rules


@dataclass(slots=True)
class Actor:
    """An argument of an event, resolved."""

    country: str
    sector: str
    name: str
    how: str = "name"
    repaired: bool = False
    original: str | None = None

    @property
    def code(self) -> str:
        return self.country + self.sector if len(self.country) == 3 else self.country

    @classmethod
    def from_mention(cls, mention: Mention, sector: str, name: str) -> Actor:
        return cls(mention.country, sector, name, mention.how, mention.repaired,
                   mention.original)


@dataclass(slots=True)
class Discourse:
    """What earlier sentences of the document said: for pronouns and implicit targets."""

    subjects: list[Actor] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    persons: list[Actor] = field(default_factory=list)
    agents: list[Actor] = field(default_factory=list)  # the sources of coded events
    pair: tuple[Actor, Actor] | None = None

    def remember(self, actors: list[Actor]) -> None:
        for actor in actors:
            if actor.how == "person":
                self.persons.append(actor)
            self.actors.append(actor)
        countries = {a.country for a in actors}
        if len(countries) >= 2:
            self.pair = (actors[0], next(a for a in actors if a.country != actors[0].country))
