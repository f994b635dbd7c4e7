"""The actor stage: find the names of states, organisations, places and people in a parsed
document, resolve each to an actor code at the document's date, and repair the actors that
a machine translation garbled ("Argentine Prime Minister Pashinyan")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from sword.coding.knowledge import KnowledgeBase
from sword.coding.lookalikes import LookAlikes, Reading, dictionary_nouns
from sword.model import Mention

# "factions including Hamas", "groups such as the Taliban": a group named by its members
MEMBER_PREPS = frozenset({"including", "as", "among"})
# Modifiers that name who a person or group belongs to ("Russian police", "Russia's Putin").
NP_MODIFIERS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})


@dataclass(slots=True)
class DocumentActors:
    """Mentions of one document, indexed by token for the event coder."""

    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)
    spans: dict[int, Span] = field(default_factory=dict)  # id(mention) → token span
    garbled: bool = False  # the document shows a translation garble (see repair_mentions)
    # mentions whose name a confusion could have made from a state the document names
    # outright ("Kazakh militants" beside Hamas: 哈 covers both), left unrepaired
    doubtful: set[int] = field(default_factory=set)

    def is_doubtful(self, country: str) -> bool:
        return any(id(m) in self.doubtful and not m.repaired and m.country == country
                   for m in self.mentions)

    def at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def span_of(self, mention: Mention) -> Span:
        return self.spans[id(mention)]


class PhraseIndex:
    """Every place in a document where one of a set of phrases occurs, token by token.

    spaCy's PhraseMatcher needs each phrase as a `Doc`, and making 20,000 of them at each
    start (a lexeme for every new word) cost seconds and 100 MB; the phrases' tokens are
    kept instead (tokenized once, cached with the knowledge: `phrase_tokens`) and looked
    up as tuples. Like the PhraseMatcher, it finds every match, overlapping ones too."""

    def __init__(self, phrases: Iterable[tuple[str, ...]]) -> None:
        self.phrases = frozenset(p for p in phrases if p)
        lengths: dict[str, set[int]] = {}
        for phrase in self.phrases:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
        self.lengths = {first: tuple(sorted(n)) for first, n in lengths.items()}

    def spans(self, doc: Doc, words: list[str]) -> list[Span]:
        """The spans of `doc` whose `words` (one per token) form a phrase."""
        found = []
        for i, word in enumerate(words):
            for n in self.lengths.get(word, ()):  # ascending
                if i + n > len(words):
                    break
                if tuple(words[i:i + n]) in self.phrases:
                    found.append(Span(doc, i, i + n))
        return found


def phrase_tokens(nlp: Language, phrases: list[str]) -> list[tuple[str, ...]]:
    """Each phrase's tokens as `nlp` tokenizes it, from the user's cache when the same
    phrases were tokenized by the same pipeline before (`sword.cache`)."""
    import spacy

    from sword.cache import cached, fingerprint

    meta = nlp.meta
    key = fingerprint([spacy.__version__, meta.get("lang", ""), meta.get("name", ""),
                       meta.get("version", ""), "\n".join(phrases)])
    return cached("phrases", key, lambda: [tuple(t.text for t in doc)
                                           for doc in nlp.tokenizer.pipe(phrases)])


class ActorRecognizer:
    """Finds actor mentions with one phrase index built from the knowledge base."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        surfaces = sorted(set(kb.names) | set(kb.pseudo))
        # Careless casing ("tunisian rioters", "iSrael") for names of states only, and never
        # for names that are also ordinary words ("turkey", "china").
        self.folded = {
            surface.lower(): surface for surface, entry in kb.names.items()
            if entry.how in {"name", "demonym"} and len(surface) >= 4
            and surface.lower() not in kb.common_words
        }
        folded = sorted(self.folded)
        tokens = phrase_tokens(nlp, [*surfaces, *folded])
        self.matcher = PhraseIndex(tokens[:len(surfaces)])
        self.folded_matcher = PhraseIndex(tokens[len(surfaces):])
        self.lookalikes = LookAlikes(kb, dictionary_nouns(nlp))

    def __call__(self, doc: Doc, when: date | None, repair: bool = True) -> DocumentActors:
        exact = self.matcher.spans(doc, [t.text for t in doc])
        taken = {i for span in exact for i in range(span.start, span.end)}
        folded = [span for span in self.folded_matcher.spans(doc, [t.lower_ for t in doc])
                  if span.text not in self.kb.names
                  and not any(i in taken for i in range(span.start, span.end))]
        spans = filter_spans(exact + folded)
        sentence_of = {sent.start: i for i, sent in enumerate(doc.sents)}
        sent_starts = sorted(sentence_of)
        found = DocumentActors()
        # a known surname alone may be another person's ("Kenya Morales"): not covered
        covered = {i for span in spans for i in range(span.start, span.end)
                   if len(span) > 1 or getattr(self.kb.names.get(span.text), "how", "") != "person"}
        people: set[str] = set()  # state names this document uses as a person's name
        for span in spans:
            other = self._other_reading(span, covered, people)
            mention = self._mention(span, when) if other is None else (
                Mention(span.text, span.start_char, span.end_char, other.country,
                        other.country, how="name") if other.country else None)
            if mention is None:
                continue
            mention.sentence_index = _sentence_index(span.start, sent_starts)
            found.mentions.append(mention)
            found.spans[id(mention)] = span
            for token in span:
                found.by_token[token.i] = mention
        if repair:
            repair_mentions(found, self.kb)
        found.mentions = [m for m in found.mentions if m.country]
        found.by_token = {i: m for i, m in found.by_token.items() if m.country}
        return found

    def _other_reading(self, span: Span, covered: set[int], people: set[str]) -> Reading | None:
        """What a state's name names instead here (lookalikes.py); once a document has used
        a name for a person ("Michael Jordan"), the bare name is that person later on."""
        entry = self.kb.names.get(span.text) or self.kb.names.get(
            self.folded.get(span.text.lower(), ""))
        if entry is None or entry.how not in {"name", "demonym", "place", "city"}:
            return None
        other = self.lookalikes.reading(span, covered)
        if other is not None and other.why in {"given name", "surname"}:
            people.add(span.text)
        elif other is None and span.text in people:
            other = Reading("", "surname")
        return other

    def _state_word_before(self, span: Span) -> bool:
        """A state's name or demonym before a name, over at most two more capitalised
        words: the body named is that state's ("US National Security Council")."""
        for i in range(span.start - 1, max(span.start - 4, -1), -1):
            token = span.doc[i]
            before = self.kb.names.get(token.text)
            if before is not None:
                return before.how in {"name", "demonym"}
            if not token.is_title or token.pos_ != "PROPN":
                return False
        return False

    def _other_given_name(self, token: Token) -> bool:
        """A capitalised name word before a surname that is not a title or a known name."""
        return (token.pos_ == "PROPN" and token.is_title and token.text not in self.kb.names
                and token.lower_ not in self.kb.sector_titles
                and not any(token.lower_ in title.split() for title in self.kb.sector_titles))

    def _place_name_part(self, token: Token) -> bool:
        """A surname that is the first word of another proper name ("Khan Shaykhun")."""
        head = token.head
        return (token.dep_ == "compound" and head.i == token.i + 1 and head.pos_ == "PROPN"
                and head.is_title and head.text not in self.kb.names
                and head.ent_type_ not in {"DATE", "TIME"} and not self.kb.sector_of(head.lower_))

    def _mention(self, span: Span, when: date | None) -> Mention | None:
        text = span.text
        entry = self.kb.names.get(text) or self.kb.names.get(self.folded.get(text.lower(), ""))
        if entry is None:
            if text in self.kb.pseudo:
                return Mention(text, span.start_char, span.end_char, "", "", how="pseudo")
            return None
        if entry.how == "person":
            before = span.doc[span.start - 1] if span.start > 0 else None
            if (len(span) == 1 and before is not None and (
                    self._other_given_name(before)
                    or "given name" in self.kb.lookalikes.get(before.text, {}))
                    and not any(term.person.split()[0] == before.text
                                for term in self.kb.people.get(text, []))):
                return None  # "Karim Khan" is not Imran Khan; "Serdar Berdimuhamedov" is
            if len(span) == 1 and self._place_name_part(span[0]):
                return None  # "Khan Shaykhun" is a town
            term = self.kb.person_at(text, when)
            if term is None:
                return None
            in_office = when is None or term.covers(when)
            # a former office holder is an elite; a group's leader stays with the group
            sector = term.sector if in_office or term.role == "group leader" else "ELI"
            country = term.country
            return Mention(text, span.start_char, span.end_char, country + sector
                           if len(country) == 3 else country, country, sector,
                           how="person", person=term.person)
        if entry.how == "org" and entry.code == entry.country and self._state_word_before(span):
            return None  # "the Russian Security Council", "the US National Security Council"
        if entry.how == "city":
            after = span.doc[span.end] if span.end < len(span.doc) else None
            if span.root.pos_ != "PROPN" or (
                    after is not None and after.pos_ == "PROPN" and after.is_title
                    and after.text not in self.kb.names):
                return None  # "Nice to see"; "Nancy Pelosi" is a person
        code = entry.code if entry.how == "org" else entry.country + entry.sector
        return Mention(text, span.start_char, span.end_char, code, entry.country,
                       entry.sector, how=entry.how)


TITLE_OFFICES = {"president": "head of state", "prime minister": "head of government",
                 "premier": "head of government", "chancellor": "head of government",
                 "foreign minister": "foreign minister", "defence minister": "defence minister",
                 "defense minister": "defense minister"}


def _sentence_index(token_i: int, sent_starts: list[int]) -> int:
    lo, hi = 0, len(sent_starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if sent_starts[mid] <= token_i:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def noun_phrase_modifiers(token: Token) -> list[Token]:
    """The tokens that modify a noun inside its phrase: "Argentine Prime Minister" for
    "Pashinyan", "Russia 's" for "Putin"; appositions included."""
    out: list[Token] = []
    stack = [child for child in token.children if child.dep_ in NP_MODIFIERS or
             child.dep_ == "appos"]
    while stack:
        child = stack.pop()
        out.append(child)
        stack.extend(c for c in child.children if c.dep_ in NP_MODIFIERS or c.dep_ == "appos")
    return out


# Words that may stand between a nationality and a name: "Argentine Prime Minister Pashinyan".
TITLE_RUN_POS = frozenset({"PROPN", "ADJ", "NOUN", "DET", "PART"})


def _title_run(found: DocumentActors, span: Span) -> list[Mention]:
    """Country words in the run of title words right before a person's name, stopping at
    anything else (a conjunction, punctuation, another person)."""
    out: list[Mention] = []
    doc = span.doc
    i = span.start - 1
    while i >= 0 and span.start - i <= 6:
        token = doc[i]
        mention = found.by_token.get(i)
        if mention is not None:
            if mention.how == "person":
                break
            if mention.how in {"name", "demonym", "pseudo"}:
                out.append(mention)
            i = found.span_of(mention).start - 1
            continue
        if token.pos_ not in TITLE_RUN_POS or token.is_punct or token.is_sent_start:
            break
        i -= 1
    return out


def _set_country(mention: Mention, code: str, how: str = "repaired") -> None:
    mention.original = mention.country or mention.text
    mention.country = code[:3] if len(code) >= 3 and code[:3].isupper() else code
    mention.sector = code[3:] or mention.sector
    mention.code = mention.country + mention.sector
    mention.how = how


def repair_mentions(found: DocumentActors, kb: KnowledgeBase) -> None:
    """Knowledge wins over a translation's wrong name.

    1. A country word that modifies a known person ("Argentine Prime Minister Pashinyan")
       and contradicts the person's country takes the person's country.
    2. "the Uzbek president" with no name, after Zelensky was named: a description that
       points back to a person just named, with a country word that a known confusion
       explains (乌 covers Ukraine and Uzbekistan), takes that person's country.
    3. A name that a known confusion can produce (one Chinese abbreviation for Azerbaijan
       and Argentina; "Asia" for Armenia; "Croatian" for the Kremlin) and that nothing else
       in the document supports takes the supported member of its confusion group nearest
       in the text, when the document shows it was garbled (1, 2, or a word such as "the
       Asian side" that names no state standing where a state acts), or when the
       alternative is named by a person or place close by and the confusion is one of a
       shared Chinese abbreviation. A real story about Argentina keeps its Argentina; a real
       Armenian in a story from Baku stays Armenian; "Aliyev visited Algeria" stays so.
    4. First clues that need no second one: a seat named by a confused state ("the
       Croatian Palace", _repair_seats), "the Asian side", armed force across a border
       (_repair_by_borders).
    """
    garbled = _repair_title_runs(found)
    garbled = _repair_descriptions(found, kb) or garbled

    # a person's country is knowledge, even when the words around the name were wrong
    known = [m for m in found.mentions if m.country and (m.how == "person" or not m.repaired)]
    strong = Counter(
        m.country for m in known
        if m.how in {"person", "place", "org"} or m.country not in kb.confusable
    )
    anchors = [m for m in known if m.how in {"person", "place"}]
    named = Counter(m.country for m in known)
    sides = {id(m) for m in found.mentions if m.how == "pseudo" and _followed_by(
        found.span_of(m), kb, "side")}  # "the Asian side": a state's side, garbled
    garbled = _repair_seats(found, kb, named) or garbled
    _repair_by_members(found, kb, strong)  # local slips: not a garbled document
    _repair_by_borders(found, kb, strong)
    garbled = garbled or bool(sides) or any(
        m.how == "pseudo" and any(strong[row.code[:3]] for key in kb.pseudo.get(m.text, ())
                                  for row in kb.groups[key] if row.code)
        for m in found.mentions)
    found.garbled = garbled
    for mention in found.mentions:
        if mention.repaired or mention.how not in {"name", "demonym", "pseudo"}:
            continue
        keys = kb.pseudo.get(mention.text, set()) if mention.how == "pseudo" else (
            kb.confusable.get(mention.country, set()))
        if not keys or strong[mention.country]:
            continue
        if id(mention) in sides:  # a side is a state: one the document names will do
            _repair_side(found, kb, mention, keys, named)
            continue
        if any(row.code and row.code[:3] != mention.country and strong[row.code[:3]]
               for key in keys for row in kb.groups[key]):
            found.doubtful.add(id(mention))  # a garble could have made it; kept if no repair
        if not garbled:
            keys = {key for key in keys if key.startswith("zh:")}
        candidates = {row.code for key in keys for row in kb.groups[key]
                      if row.code and row.code[:3] != mention.country and strong[row.code[:3]]}
        if not garbled:
            candidates = {c for c in candidates if _near_support(mention, c[:3], anchors)
                          and not _named_beside(mention, c[:3], found.mentions)}
        if not candidates:
            continue
        best = _nearest(mention, candidates, found.mentions)
        if best:
            _set_country(mention, best)


def _repair_title_runs(found: DocumentActors) -> bool:
    """Step 1 of repair_mentions; returns whether a title was repaired."""
    garbled = False
    for mention in found.mentions:
        if mention.how != "person":
            continue
        for other in _title_run(found, found.span_of(mention)):
            if other.country != mention.country:
                mention.original = other.country or other.text  # the event is flagged too
                _set_country(other, mention.country + other.sector)
                garbled = True
    return garbled


def _repair_side(found: DocumentActors, kb: KnowledgeBase, mention: Mention, keys: set[str],
                 named: Counter[str]) -> None:
    """"the Asian side": the member of the confusion group the document names nearest."""
    best = _nearest(mention, {row.code for key in keys for row in kb.groups[key]
                              if len(row.code) == 3 and named[row.code]}, found.mentions)
    if best:
        _set_country(mention, best)


def _followed_by(span: Span, kb: KnowledgeBase, signal: str) -> bool:
    """Whether the word after a name is of a kind in name_signals.csv ("Palace", "side")."""
    if span.end >= len(span.doc):
        return False
    word = span.doc[span.end]
    return signal in {kb.name_signals.get(word.lower_), kb.name_signals.get(word.lemma_.lower())}


def _repair_seats(found: DocumentActors, kb: KnowledgeBase, named: Counter[str]) -> bool:
    """"The Croatian Palace said": a seat of power named by a state's word that a
    confusion makes of another state's seat (克 begins Croatia and the Kremlin) is that
    seat, when the document names the state of the word nowhere else. The first clue of a
    garble needs no second one; a palace in a story about Croatia stays Croatian."""
    repaired = False
    for mention in found.mentions:
        if (mention.how not in {"name", "demonym"} or mention.repaired
                or named[mention.country] > 1 or not _followed_by(found.span_of(mention),
                                                                  kb, "seat")):
            continue
        seats = sorted({row.code for key in kb.confusable.get(mention.country, ())
                        for row in kb.groups[key] if len(row.code) > 3
                        and row.code[:3] != mention.country
                        and getattr(kb.names.get(row.surface.removeprefix("the ")), "how",
                                    "") == "place"})
        if len(seats) == 1:
            _set_country(mention, seats[0])
            repaired = True
    return repaired


def _repair_by_members(found: DocumentActors, kb: KnowledgeBase, strong: Counter[str]) -> None:
    """"Fourteen Pakistani factions, including Hamas and Fatah": a group whose members are
    named is of their state, when that state and the group's word are one confusion apart
    (巴 covers Pakistan and Palestine) and nothing else in the document supports the word."""
    for mention in found.mentions:
        if mention.how != "demonym" or mention.repaired or strong[mention.country]:
            continue
        head = found.span_of(mention).root.head
        members = {found.by_token[t.i].country for prep in head.children
                   if prep.dep_ == "prep" and prep.lower_ in MEMBER_PREPS
                   for t in prep.subtree if t.i in found.by_token} - {mention.country}
        if len(members) != 1:
            continue
        group = {row.code[:3] for key in kb.confusable.get(mention.country, ())
                 for row in kb.groups[key] if row.code}
        if members <= group:
            _set_country(mention, members.pop() + mention.sector)


def _repair_by_borders(found: DocumentActors, kb: KnowledgeBase, strong: Counter[str]) -> None:
    """"Ugandan drones attacked an air base in Russia": force used across a border by a
    state that a shared Chinese abbreviation confuses with a neighbour of the other side
    (乌 covers Ukraine and Uganda) is the neighbour's, when only one of the group borders
    that side and the named state does not."""
    for mention in found.mentions:
        if (mention.how not in {"name", "demonym"} or mention.repaired
                or strong[mention.country] or not _armed(found.span_of(mention), kb)):
            continue
        group = {row.code for key in kb.confusable.get(mention.country, ())
                 if key.startswith("zh:") for row in kb.groups[key] if len(row.code) == 3}
        others = {m.country for m in found.mentions if m.sentence_index == mention.sentence_index
                  and len(m.country) == 3 and m.country not in group}
        near = {c for c in group - {mention.country} for other in others
                if other in kb.neighbours.get(c, ())
                and other not in kb.neighbours.get(mention.country, ())}
        if len(near) == 1:
            _set_country(mention, near.pop() + mention.sector)
    # a translation garbles a word the same way each time: its other mentions follow
    done = {m.text: m.country for m in found.mentions if m.repaired and m.how == "repaired"}
    for mention in found.mentions:
        if (mention.how in {"name", "demonym"} and not mention.repaired
                and mention.text in done and not strong[mention.country]):
            _set_country(mention, done[mention.text] + mention.sector)


def _armed(span: Span, kb: KnowledgeBase) -> bool:
    """A state's word that names its forces or weapons: "Ugandan drones", "the Panamanian
    army"."""
    word = span.root.head if span.root.head.i >= span.end else span.root
    if span.end < len(span.doc) and span.doc[span.end].pos_ in {"NOUN", "PROPN"}:
        word = span.doc[span.end] if word is span.root else word
    return (kb.sector_of(word.lemma_.lower()) == "MIL" or kb.sector_of(word.lower_) == "MIL"
            or kb.name_signals.get(word.lemma_.lower()) == "military")


def _near_support(mention: Mention, country: str, anchors: list[Mention]) -> bool:
    return any(a.country == country and abs(a.sentence_index - mention.sentence_index) <= 2
               for a in anchors)


def _named_beside(mention: Mention, country: str, mentions: list[Mention]) -> bool:
    """"Aliyev visited Algeria", "Iran threatened an offensive unless Baghdad …": a state
    named outright next to the other's leader, name or capital is meant as another side."""
    return mention.how == "name" and any(
        m.country == country and m.sentence_index == mention.sentence_index
        and m.how in {"person", "name", "place"} for m in mentions)


def _repair_descriptions(found: DocumentActors, kb: KnowledgeBase) -> bool:
    """Step 2 of repair_mentions; returns whether a description was repaired."""
    repaired = False
    people = [m for m in found.mentions if m.how == "person"]
    for mention in found.mentions:
        if mention.how != "demonym" or mention.repaired:
            continue
        span = found.span_of(mention)
        title = _title_after(span, kb)
        if title is None or any(found.by_token.get(t.i) is not None for t in title):
            continue
        earlier = [p for p in people if p.start < mention.start
                   and mention.sentence_index - p.sentence_index <= 2]
        office = TITLE_OFFICES.get(title.text.lower())
        if not earlier or any(p.country == mention.country and _holds(kb, p, office)
                              for p in earlier):
            continue  # "the Indian prime minister" after Modi is Modi; "the Indian president"
            # after Modi and Prabowo is not Modi, who was never president
        keys = kb.confusable.get(mention.country, set())
        for person in reversed(earlier):
            if person.country == mention.country or not _holds(kb, person, office):
                continue
            if any(row.code[:3] == person.country for key in keys for row in kb.groups[key]):
                mention.original = mention.country
                _set_country(mention, person.country + person.sector)
                repaired = True
                break
    return repaired


def _holds(kb: KnowledgeBase, person: Mention, office: str | None) -> bool:
    """Could `person` be meant by a description of `office` (any office when unknown)?"""
    if office is None:
        return True
    return any(term.role == office for term in kb.people.get(person.text, []))


def _title_after(span: Span, kb: KnowledgeBase) -> Span | None:
    """The office words right after a country word: "Uzbek [president]", "Argentine [prime
    minister]"; None when a name follows them ("Argentine Prime Minister Pashinyan")."""
    doc = span.doc
    for size in (3, 2, 1):
        words = doc[span.end:span.end + size]
        if len(words) == size and kb.sector_titles.get(words.text.lower()) and not (
                span.end + size < len(doc) and doc[span.end + size].pos_ == "PROPN"):
            return words
    return None


def _nearest(mention: Mention, candidates: set[str], mentions: list[Mention]) -> str | None:
    """The candidate named closest before the mention (else closest after)."""
    countries = {c[:3]: c for c in sorted(candidates)}  # sorted: the same answer every run
    best: tuple[int, str] | None = None
    for other in mentions:
        if other is mention or other.country not in countries or (
                other.repaired and other.how != "person"):
            continue
        before = other.start < mention.start
        distance = (mention.start - other.start) if before else 10**6 + other.start
        if best is None or distance < best[0]:
            best = (distance, countries[other.country])
    return best[1] if best else None
