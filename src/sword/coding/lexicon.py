"""The event lexicon: CAMEO code table, verb and noun patterns, complement wrappers and the
coder's word lists, read once from the package's data files."""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType

from sword.errors import Errors, KnowledgeError

CLASS_REF = re.compile(r"\{(\w+)\}")
SPECIAL = frozenset({"@say", "@chain", "@intend", "@threaten", "@refuse", "@appeal", "@demand",
                     "@negate"})


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    label: str
    goldstein: float
    quad_class: int
    plover: str

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True, slots=True)
class Pattern:
    """One lexicon line: verb lemma, optional particle/preposition, optional object."""

    code: str
    lemma: str
    particle: str | None = None
    obj: str | None = None  # head lemma of the object
    obj_mods: tuple[str, ...] = ()
    text: str = ""

    @property
    def specificity(self) -> int:
        return 4 * (self.obj is not None) + 2 * (self.particle is not None) + len(self.obj_mods)


@dataclass(slots=True)
class Rules:
    symmetric_codes: frozenset[str] = frozenset()
    target_preps: frozenset[str] = frozenset()
    place_preps: frozenset[str] = frozenset()
    relational_nouns: frozenset[str] = frozenset()
    evaluative_negative: frozenset[str] = frozenset()
    evaluative_positive: frozenset[str] = frozenset()
    evaluative_flip: frozenset[str] = frozenset()
    negating_verbs: frozenset[str] = frozenset()
    hypothetical_modals: frozenset[str] = frozenset()
    conditional_marks: frozenset[str] = frozenset()
    future_marks: frozenset[str] = frozenset()
    converse_verbs: frozenset[str] = frozenset()
    vowing_verbs: frozenset[str] = frozenset()
    commitment_verbs: frozenset[str] = frozenset()
    chemical_weapons: frozenset[str] = frozenset()
    weapon_use_verbs: frozenset[str] = frozenset()
    civilian_nouns: frozenset[str] = frozenset()
    act_nouns: frozenset[str] = frozenset()
    seated_nouns: frozenset[str] = frozenset()
    peacekeeping_words: frozenset[str] = frozenset()
    peacekeeper_nouns: frozenset[str] = frozenset()
    prediction_verbs: frozenset[str] = frozenset()
    prompting_verbs: frozenset[str] = frozenset()
    signing_verbs: frozenset[str] = frozenset()
    agreement_nouns: frozenset[str] = frozenset()
    meeting_nouns: frozenset[str] = frozenset()
    meeting_verbs: frozenset[str] = frozenset()
    verdict_verbs: frozenset[str] = frozenset()
    retribution_verbs: frozenset[str] = frozenset()
    background_marks: frozenset[str] = frozenset()
    background_preps: frozenset[str] = frozenset()
    departure_verbs: frozenset[str] = frozenset()
    claim_verbs: frozenset[str] = frozenset()
    admission_verbs: frozenset[str] = frozenset()
    confirmation_verbs: frozenset[str] = frozenset()
    obligation_modals: frozenset[str] = frozenset()
    counterpart_nouns: frozenset[str] = frozenset()
    patron_words: frozenset[str] = frozenset()
    border_nouns: frozenset[str] = frozenset()
    sport_words: frozenset[str] = frozenset()
    giving_verbs: tuple[str, ...] = ()
    pronouns_person: frozenset[str] = frozenset()
    pronouns_group: frozenset[str] = frozenset()
    pronouns_speaker: frozenset[str] = frozenset()
    pair_phrases: tuple[str, ...] = ()
    pronouns_plural: frozenset[str] = frozenset()
    pronouns_reflexive: frozenset[str] = frozenset()
    pronouns_object: frozenset[str] = frozenset()
    pair_heads: frozenset[str] = frozenset()
    pair_words: frozenset[str] = frozenset()
    pointing_determiners: frozenset[str] = frozenset()
    definite_determiners: frozenset[str] = frozenset()
    former_words: frozenset[str] = frozenset()
    residence_preps: frozenset[str] = frozenset()
    location_preps: frozenset[str] = frozenset()
    owner_preps: frozenset[str] = frozenset()
    partner_preps: frozenset[str] = frozenset()
    noun_target_preps: frozenset[str] = frozenset()
    aimed_preps: frozenset[str] = frozenset()
    performing_verbs: frozenset[str] = frozenset()
    performed_preps: frozenset[str] = frozenset()
    decision_nouns: frozenset[str] = frozenset()
    quantity_preps: frozenset[str] = frozenset()
    inside_preps: frozenset[str] = frozenset()
    instrument_preps: frozenset[str] = frozenset()
    means_preps: frozenset[str] = frozenset()
    inquiry_preps: frozenset[str] = frozenset()
    deed_preps: frozenset[str] = frozenset()
    deed_target_preps: frozenset[str] = frozenset()
    planned_with_preps: frozenset[str] = frozenset()
    weapon_preps: frozenset[str] = frozenset()
    deadline_preps: frozenset[str] = frozenset()
    future_auxiliaries: frozenset[str] = frozenset()
    counterfactual_modals: frozenset[str] = frozenset()
    promise_auxiliaries: frozenset[str] = frozenset()
    intent_auxiliaries: frozenset[str] = frozenset()
    condition_marks: frozenset[str] = frozenset()
    quantifier_nouns: frozenset[str] = frozenset()
    count_leads: frozenset[str] = frozenset()
    conflict_roots: frozenset[str] = frozenset()
    armed_nonstate_sectors: frozenset[str] = frozenset()
    reaction_roots: frozenset[str] = frozenset()
    dispute_verbs: frozenset[str] = frozenset()
    third_party_codes: frozenset[str] = frozenset()
    denial_verbs: frozenset[str] = frozenset()
    voting_verbs: frozenset[str] = frozenset()
    ballot_nouns: frozenset[str] = frozenset()
    housing_verbs: frozenset[str] = frozenset()
    summoning_verbs: frozenset[str] = frozenset()
    proposing_verbs: frozenset[str] = frozenset()
    sending_verbs: frozenset[str] = frozenset()
    help_roots: frozenset[str] = frozenset()
    inquiry_acts: frozenset[str] = frozenset()
    mutual_roots: frozenset[str] = frozenset()
    reciprocal_verbs: frozenset[str] = frozenset()
    reacting_roots: frozenset[str] = frozenset()
    reacting_wrappers: frozenset[str] = frozenset()
    magnitude_words: Mapping[str, float] = field(default_factory=dict)
    number_words: Mapping[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Lexicon:
    codes: dict[str, CameoCode] = field(default_factory=dict)
    verbs: dict[str, list[Pattern]] = field(default_factory=dict)
    nouns: dict[str, Pattern] = field(default_factory=dict)
    wrappers: dict[tuple[str, str], str] = field(default_factory=dict)
    rules: Rules = field(default_factory=Rules)

    def patterns_for(self, lemma: str) -> list[Pattern]:
        return self.verbs.get(lemma, [])

    def verb_key(self, lemma: str, lower: str) -> str:
        """The lexicon's key for a verb: its lemma, or a repair of a known lemmatiser slip
        ("staged" → "stag" → "stage"), or the word itself."""
        for key in (lemma, lemma + "e", lower):
            if key in self.verbs:
                return key
        return lemma

    def wrap(self, wrapper: str, complement: str) -> str | None:
        """The code of `wrapper` applied to a complement event ("threaten to attack")."""
        for size in range(len(complement), 1, -1):
            code = self.wrappers.get((wrapper, complement[:size]))
            if code:
                return code
        return self.wrappers.get((wrapper, "*"))


def parse_pattern(code: str, text: str) -> Pattern:
    words = text.split()
    if not words:
        raise KnowledgeError(Errors.E105.format(code=code))
    lemma, rest = words[0].lower(), words[1:]
    particle: str | None = None
    obj_words: list[str] = []
    for i, word in enumerate(rest):
        if word.startswith("+"):
            obj_words = [word[1:], *rest[i + 1:]]
            break
        particle = f"{particle} {word}" if particle else word
    obj_words = [w.lower() for w in obj_words if w]
    return Pattern(
        code=code,
        lemma=lemma,
        particle=particle.lower() if particle else None,
        obj=obj_words[-1] if obj_words else None,
        obj_mods=tuple(obj_words[:-1]),
        text=text,
    )


def expand_classes(text: str, classes: dict[str, list[str]], where: str) -> list[str]:
    """"{halt} +{aid}" → one pattern per member of each class ("suspend +aid", …)."""
    found = CLASS_REF.search(text)
    if found is None:
        return [text]
    members = classes.get(found.group(1))
    if members is None:
        raise KnowledgeError(
            Errors.E106.format(where=where, word_class=found.group(1)))
    return [expanded for member in members for expanded in expand_classes(
        text[:found.start()] + member + text[found.end():], classes, where)]


def _tsv_rows(path: Path) -> Iterable[tuple[int, list[str]]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = [cell.strip() for cell in line.split("\t")]
            if cells[0].lower() == "code":
                continue
            yield line_no, cells


def load_lexicon(data_dir: Path | None = None) -> Lexicon:
    import yaml  # only when the files are read, not when the lexicon comes from the cache

    root = data_dir or Path(__file__).parent.parent / "data"
    lexicon = Lexicon()
    with (root / "cameo.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            lexicon.codes[row["code"]] = CameoCode(
                row["code"], row["label"], float(row["goldstein"]), int(row["quad_class"]),
                row["plover"],
            )
    classes: dict[str, list[str]] = {}
    for line_no, cells in _tsv_rows(root / "verbs.tsv"):
        if len(cells) < 2:
            raise KnowledgeError(Errors.E107.format(line=line_no))
        code = cells[0]
        if code.startswith("="):  # a word class: "=halt<TAB>suspend|freeze|halt|…"
            classes[code[1:]] = [w.strip() for w in cells[1].split("|") if w.strip()]
            continue
        if code not in SPECIAL and code not in lexicon.codes:
            raise KnowledgeError(Errors.E108.format(line=line_no, code=code))
        for text in expand_classes(cells[1], classes, f"verbs.tsv:{line_no}"):
            pattern = parse_pattern(code, text)
            lexicon.verbs.setdefault(pattern.lemma, []).append(pattern)
    for patterns in lexicon.verbs.values():
        patterns.sort(key=lambda p: -p.specificity)
    for line_no, cells in _tsv_rows(root / "nouns.tsv"):
        if len(cells) < 2 or cells[0] not in lexicon.codes:
            raise KnowledgeError(Errors.E109.format(line=line_no))
        lexicon.nouns.setdefault(cells[1].lower(), Pattern(cells[0], cells[1].lower(),
                                                           text=cells[1]))
    with (root / "wrappers.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            lexicon.wrappers[(row["wrapper"], row["complement"])] = row["code"]
    with (root / "rules.yaml").open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    for key, value in raw.items():
        bad = [v for v in value if not isinstance(v, str)]
        if bad:  # YAML reads a bare on/off/yes/no as a boolean: quote such words
            raise KnowledgeError(Errors.E110.format(key=key, bad=bad))
    lexicon.rules = Rules(**{key: _rule_value(key, value) for key, value in raw.items()})
    return lexicon


def _rule_value(key: str, value: list | dict) -> object:
    """A word list as the coder reads it: ordered lists as tuples, sets as frozensets, and
    word-to-number tables ("hundreds: 200") as read-only mappings of floats."""
    if isinstance(value, dict):
        try:
            return MappingProxyType({word: float(number) for word, number in value.items()})
        except (TypeError, ValueError) as e:
            raise KnowledgeError(Errors.E111.format(key=key)) from e
    return tuple(value) if key in {"pair_phrases", "giving_verbs"} else frozenset(value)


@functools.lru_cache(maxsize=4)
def default_lexicon(data_dir: str | None = None) -> Lexicon:
    """The package's lexicon, read once per process (read-only after loading), from the
    user's cache while no lexicon file has changed (`sword.cache`)."""
    from sword import __version__
    from sword.cache import cached, file_parts, fingerprint

    root = Path(data_dir) if data_dir else Path(__file__).parent.parent / "data"
    files = [root / name for name in LEXICON_FILES if (root / name).exists()]
    # this module's own text too: a change to how the files are read changes the lexicon
    key = fingerprint([__version__, Path(__file__).read_bytes(), *file_parts(files)])
    # read-only mappings do not pickle: cached as plain dicts, wrapped again on loading
    plain = cached("lexicon", key, lambda: _with_rules(load_lexicon(root), dict))
    return _with_rules(plain, MappingProxyType)


LEXICON_FILES = ("cameo.csv", "verbs.tsv", "nouns.tsv", "wrappers.csv", "rules.yaml")


def _with_rules(lexicon: Lexicon, mapping: type) -> Lexicon:
    """The lexicon with each word-to-number table of its rules made a `mapping`."""
    rules = lexicon.rules
    tables = {f.name: mapping(dict(getattr(rules, f.name))) for f in fields(rules)
              if isinstance(getattr(rules, f.name), Mapping)}
    return replace(lexicon, rules=replace(rules, **tables))
