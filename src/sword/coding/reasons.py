"""The reasons stage: sentences that say why a state acts ("… because …", "in response to
…", "…, citing …", "X is more important to Moscow than Y"), linked to the pair of states
whose behaviour they explain and to the date they speak of.

A reason is an account or a claim, not an event: it is never coded as one and is stored in
a table of its own. It is found in the parse: a cause or purpose marker (`mark`, `prep`,
`advcl` heads, from `data/reasons.yaml`), the clause it explains (the marker's governing
verb), the actor doing what is explained (that verb's subject, resolved by the coder's own
noun-phrase machinery, pronouns included), the other states named in the sentence (or the
document's other party when the sentence names none), and who says it: a speaker whose
words the sentence reports ("…, Pashinyan said", "according to the Kremlin") makes it a
claim; without one it is the outlet's own analysis.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from sword.coding.actors import DocumentActors
from sword.coding.context import Actor, Discourse, SentenceContext
from sword.coding.knowledge import KnowledgeBase
from sword.coding.lexicon import Lexicon
from sword.coding.phrases import NounPhrases
from sword.coding.recode import event_date, sentence_entities
from sword.errors import Errors, KnowledgeError
from sword.model import Document, Mention, Reason

MAX_PARTNERS = 4  # pairs one reason sentence may explain
VERBS = frozenset({"VERB", "AUX"})


@dataclass(frozen=True, slots=True)
class Marker:
    """A word sequence that introduces a reason, and which kind."""

    words: tuple[str, ...]
    kind: str
    deps: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ReasonWords:
    """The word lists of `data/reasons.yaml`."""

    markers: tuple[Marker, ...]
    citing_verbs: frozenset[str]
    priority_adjectives: frozenset[str]
    priority_comparatives: frozenset[str]
    speech_verbs: frozenset[str]


def load_reason_words(path: Path | None = None) -> ReasonWords:
    """Read the marker lists (longest markers first, so "because of" wins over "because")."""
    path = path or Path(__file__).parent.parent / "data" / "reasons.yaml"
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    try:
        markers = tuple(sorted(
            (Marker(tuple(str(m["words"]).lower().split()), str(m["kind"]),
                    frozenset(m.get("deps") or ())) for m in raw["markers"]),
            key=lambda m: -len(m.words)))
        lists = {key: frozenset(str(w).lower() for w in raw[key])
                 for key in ("citing_verbs", "priority_adjectives", "priority_comparatives",
                             "speech_verbs")}
    except (KeyError, TypeError) as e:
        raise KnowledgeError(Errors.E149.format(path=path, reason=e)) from e
    return ReasonWords(markers, **lists)


@functools.lru_cache(maxsize=2)
def default_reason_words() -> ReasonWords:
    return load_reason_words()


@dataclass(slots=True)
class Cue:
    """A reason marker found in a sentence: what it introduces and what it explains."""

    marker: str
    kind: str
    first: Token  # the marker's first token
    end: Token  # last token of the reason's words
    explained: Token  # the verb (or head) whose action the reason explains
    exact: bool  # the parse put the marker where a marker belongs


class ReasonFinder:
    """Finds the reasons of a parsed document. Holds only read-only tables."""

    def __init__(self, lexicon: Lexicon, kb: KnowledgeBase,
                 words: ReasonWords | None = None) -> None:
        self.lexicon = lexicon
        self.kb = kb
        self.words = words or default_reason_words()
        self.event_nouns = frozenset(lexicon.nouns) | lexicon.rules.act_nouns
        self.by_first: dict[str, list[Marker]] = {}
        for marker in self.words.markers:  # longest first, as loaded
            self.by_first.setdefault(marker.words[0], []).append(marker)

    def find(self, document: Document, doc: Doc, actors: DocumentActors) -> list[Reason]:
        """Every reason sentence of the document, one `Reason` per dyad it explains."""
        discourse = Discourse()
        sents = list(doc.sents)
        entities = sentence_entities(doc, sents)
        by_sentence: dict[int, list[Mention]] = {}
        for mention in actors.mentions:
            by_sentence.setdefault(mention.sentence_index, []).append(mention)
        out: list[Reason] = []
        for index, sent in enumerate(sents):
            mentions = by_sentence.get(index, [])
            cues = self.cues(sent) if mentions or discourse.actors else []
            if cues:
                ctx = SentenceContext(sent, actors, mentions, self.kb, self.lexicon,
                                      discourse, self.event_nouns)
                phrases = NounPhrases(ctx)
                when = event_date(self.lexicon.rules, sent, document.date, entities[index])
                for cue in cues:
                    for reason in self._reasons(document, index, ctx, phrases, cue):
                        reason.event_date, reason.date_precision = when.iso(), when.precision
                        out.append(reason)
            # what later sentences' pronouns and partners may refer to
            discourse.remember([Actor.from_mention(m, m.sector, m.text) for m in mentions])
        return _unique(out)

    # --- markers ---------------------------------------------------------------------

    def cues(self, sent: Span) -> list[Cue]:
        """The reason markers of a sentence, left to right, none overlapping."""
        found: list[Cue] = []
        taken: set[int] = set()
        tokens = list(sent)
        for pos, token in enumerate(tokens):
            if token.i in taken:
                continue
            cue = (self._marker_at(tokens, pos) or self._citing(token)
                   or self._priority(token))
            if cue is not None:
                found.append(cue)
                taken.update(range(cue.first.i, cue.end.i + 1))
        return found

    def _marker_at(self, tokens: list[Token], pos: int) -> Cue | None:
        for marker in self.by_first.get(tokens[pos].lower_, ()):
            size = len(marker.words)
            words = tuple(t.lower_ for t in tokens[pos:pos + size])
            if words != marker.words:
                continue
            first, last = tokens[pos], tokens[pos + size - 1]
            if marker.deps and first.dep_ not in marker.deps:
                continue
            if pos > 0 and first.is_title:
                continue  # capitalised inside a sentence: part of a title or a name
            after = tokens[pos + size] if pos + size < len(tokens) else None
            if marker.kind == "cause" and marker.words[-1] == "to" and after is not None \
                    and after.tag_ == "VB":
                continue  # "due to open this summer": a schedule, not a cause
            if first.dep_ == "mark" and first.head.i > first.i:
                reason_head = first.head  # "because he …": the clause the mark opens
                explained = reason_head.head if reason_head.dep_ != "ROOT" else reason_head
                end = reason_head.right_edge
                exact = reason_head.dep_ == "advcl"
            else:
                explained = _governing_verb(first)
                end = max((t.right_edge for t in tokens[pos:pos + size]), key=lambda t: t.i)
                exact = first.dep_ in {"prep", "advmod", "mark", "amod", "agent"}
            if end.i <= last.i:
                end = _clause_end(tokens, pos + size)
            while end.i > last.i and end.is_punct:
                end = end.doc[end.i - 1]
            return Cue(" ".join(marker.words), marker.kind, first, end, explained, exact)
        return None

    def _citing(self, token: Token) -> Cue | None:
        if (token.lemma_.lower() in self.words.citing_verbs and token.tag_ == "VBG"
                and token.dep_ in {"advcl", "xcomp", "conj", "acl"}):
            return Cue("citing", "stated", token, token.right_edge, token.head, True)
        return None

    def _priority(self, token: Token) -> Cue | None:
        """"X is (far) more important (for Moscow) than Y"."""
        if token.lemma_.lower() not in self.words.priority_adjectives:
            return None
        if not any(c.lower_ in self.words.priority_comparatives for c in token.children):
            return None
        if not any(t.lower_ == "than" for t in token.subtree):
            return None
        head = token.head if token.dep_ in {"acomp", "attr"} else token
        first = min(head.subtree, key=lambda t: t.i)
        marker = f"more {token.lower_} than"
        return Cue(marker, "priority", first, head.right_edge, head, True)

    # --- who, whom, who says ---------------------------------------------------------

    def _reasons(self, document: Document, index: int, ctx: SentenceContext,
                 phrases: NounPhrases, cue: Cue) -> list[Reason]:
        inside = range(cue.first.i, cue.end.i + 1)
        actor = self._actor(ctx, phrases, cue, inside)
        if actor is None:
            return []
        partners, how = self._partners(ctx, actor)
        if not partners:
            return []
        speaker, speaker_name = self._speaker(ctx, phrases, cue, actor)
        sent, doc = ctx.sent, ctx.sent.doc
        raw = document.text[sent.start_char:sent.end_char]
        sentence = raw.strip()
        start = sent.start_char + (len(raw) - len(raw.lstrip()))
        reason_start, reason_end = cue.first.idx, cue.end.idx + len(cue.end.text)
        confidence = (0.7 if cue.exact else 0.5) - (0.15 if how == "discourse" else 0.0)
        return [
            Reason(
                doc_id=document.id, sentence_index=index, sentence=sentence,
                sentence_start=start, sentence_end=start + len(sentence),
                reason=doc.text[reason_start:reason_end], reason_start=reason_start,
                reason_end=reason_end, marker=cue.marker, kind=cue.kind,
                actor=actor.country, partner=partner, partner_how=how,
                attribution="claim" if speaker_name else "analysis",
                speaker=speaker, speaker_name=speaker_name, confidence=round(confidence, 2),
            )
            for partner in partners[:MAX_PARTNERS]
        ]

    def _actor(self, ctx: SentenceContext, phrases: NounPhrases, cue: Cue,
               inside: range) -> Actor | None:
        """Whose behaviour is explained: the subject of the explained verb, else of the
        nearest verb above it that has an actor for subject, else the first actor named
        before the marker."""
        token: Token | None = cue.explained
        for _ in range(6):
            if token is None:
                break
            if token.pos_ in VERBS or token.dep_ == "ROOT":
                found = [a for a in phrases.subject_actors(token) if a.country]
                if found:
                    return found[0]
            token = token.head if token.head is not token else None
        for mention in ctx.mentions:
            span = ctx.actors.span_of(mention)
            if span.start < cue.first.i and span.start not in inside:
                return Actor.from_mention(mention, mention.sector, mention.text)
        return None

    def _partners(self, ctx: SentenceContext, actor: Actor) -> tuple[list[str], str]:
        # the states the sentence names (what "the two sides" stands for is too often
        # another pair of the discourse)
        named: list[str] = [m.country for m in ctx.mentions]
        partners = list(dict.fromkeys(c for c in named if c and c != actor.country))
        if partners:
            return partners, "sentence"
        # No other state named. A pronoun in the reason ("to show its anger") refers to the
        # actor as often as to another state: the document's other party is safer.
        pair = ctx.discourse.pair
        if pair is not None and actor.country in {pair[0].country, pair[1].country}:
            other = pair[1] if pair[0].country == actor.country else pair[0]
            return [other.country], "discourse"
        return [], ""

    def _speaker(self, ctx: SentenceContext, phrases: NounPhrases, cue: Cue,
                 actor: Actor) -> tuple[str, str]:
        """Who the sentence says gives the reason: (country, words), or ("", "")."""
        if cue.kind == "stated":
            return actor.country, actor.name
        for token in ctx.sent:
            if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
                to = next(c for c in token.children if c.lower_ == "to")
                objects = [c for c in to.children if c.dep_ == "pobj"]
                if objects:
                    found = phrases.actor_of(objects[0])
                    return (found[0].country if found else ""), _phrase(objects[0])
        token = cue.explained
        for _ in range(6):
            head = token.head
            if head is token:
                break
            if head.lemma_.lower() in self.words.speech_verbs and head.pos_ in VERBS:
                subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
                found = phrases.subject_actors(head)
                if found:
                    return found[0].country, found[0].name
                if subjects:
                    return "", _phrase(subjects[0])
            token = head
        return "", ""


def _governing_verb(token: Token) -> Token:
    """The nearest verb above `token` (the root when there is none)."""
    head = token.head
    for _ in range(8):
        if head.pos_ in VERBS or head.head is head:
            return head
        head = head.head
    return head


def _clause_end(tokens: list[Token], pos: int) -> Token:
    """The last token of the words after a marker, up to a comma, semicolon or the end."""
    end = tokens[min(pos, len(tokens) - 1)]
    for token in tokens[pos:]:
        if token.text in {",", ";", ":", "."} and token.i > end.i - 1:
            break
        end = token
    return end


def _phrase(token: Token) -> str:
    words = [t for t in token.subtree]
    return " ".join(t.text for t in words[:8])


def _unique(reasons: list[Reason]) -> list[Reason]:
    seen: dict[str, Reason] = {}
    for reason in reasons:
        seen.setdefault(reason.reason_id, reason)
    return list(seen.values())
