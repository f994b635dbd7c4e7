"""The event-code tables and the event lexicon: cameo.csv, verbs.tsv, nouns.tsv.

These are data files other stages trust blindly (the coder looks codes up, the store
copies Goldstein values and PLOVER types), so their shape and facts are checked here.
No spaCy model is loaded.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "src" / "sword" / "data"
REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT"}
FRAME_CLASSES = {"@say", "@chain", "@intend", "@threaten", "@refuse", "@appeal", "@demand",
                 "@negate"}
# CAMEO 1.1b3 codes missing from the GDELT-derived reference list; they take the value of
# their parent (121), like their siblings 1211 and 1212.
EXTRA_CODES = {"1213", "1214"}
# verb [particle words] [+[modifier words] head]; lemmas are lower case.
PATTERN = re.compile(r"^[a-zé]+( [a-zé]+)*( \+([a-zé0-9]+( [a-zé0-9]+)*|@person))?$")


def read_cameo() -> list[dict[str, str]]:
    with (DATA / "cameo.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_tsv(name: str) -> list[tuple[int, list[str]]]:
    rows = []
    with (DATA / name).open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                rows.append((line_no, line.split("\t")))
    return rows


def verb_entries() -> list[tuple[str, str, str]]:
    """The verb patterns with word classes ({halt}) expanded, as the loader sees them."""
    from sword.coding.lexicon import expand_classes

    rows = read_tsv("verbs.tsv")
    classes = {cells[0][1:]: cells[1].split("|") for _, cells in rows if cells[0][0] == "="}
    return [(cells[0], text, cells[2]) for line_no, cells in rows if cells[0][0] != "="
            for text in expand_classes(cells[1], classes, str(line_no))]


def verb_map() -> dict[str, str]:
    return {pattern: code for code, pattern, _ in verb_entries()}


def noun_map() -> dict[str, str]:
    return {cells[1]: cells[0] for _, cells in read_tsv("nouns.tsv")}


def root_of(code: str) -> str:
    return code[:2]


# ------------------------------------------------------------------ cameo.csv
def test_lexicon_cameo_header_and_columns():
    with (DATA / "cameo.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == ["code", "label", "goldstein", "quad_class", "plover"]
    for row in read_cameo():
        assert all(row[key].strip() for key in header), row


def test_lexicon_cameo_codes_are_unique_strings_with_leading_zero():
    codes = [row["code"] for row in read_cameo()]
    assert [c for c, n in Counter(codes).items() if n > 1] == []
    for code in codes:
        assert re.fullmatch(r"\d{2,4}", code), code
        assert 1 <= int(code[:2]) <= 20, code
    assert {c for c in codes if len(c) == 2} == {f"{i:02d}" for i in range(1, 21)}


def test_lexicon_cameo_every_code_has_its_parents():
    codes = {row["code"] for row in read_cameo()}
    for code in codes:
        if len(code) >= 3:
            assert code[:2] in codes, code
        if len(code) == 4:
            assert code[:3] in codes, code


def test_lexicon_cameo_quad_class_follows_the_root():
    def expected(code: str) -> int:
        root = int(code[:2])
        return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4

    for row in read_cameo():
        assert int(row["quad_class"]) == expected(row["code"]), row


def test_lexicon_cameo_goldstein_in_range_and_plover_known():
    for row in read_cameo():
        assert -10.0 <= float(row["goldstein"]) <= 10.0, row
        assert row["plover"] in PLOVER_TYPES, row


def test_lexicon_cameo_labels_are_ours():
    # labels are written for Sword, not the reference's upper-case or "not specified" wording
    for row in read_cameo():
        assert row["label"] != row["label"].upper(), row
        assert "not specified" not in row["label"].lower(), row


def test_lexicon_cameo_spot_values():
    by_code = {row["code"]: row for row in read_cameo()}
    assert by_code["042"]["plover"] == "CONSULT"
    assert by_code["173"]["plover"] == "COERCE"
    assert by_code["190"]["plover"] == "ASSAULT"
    assert by_code["02"]["plover"] == "REQUEST"
    assert by_code["016"]["plover"] == "REJECT"
    assert float(by_code["057"]["goldstein"]) == 8.0
    assert float(by_code["1823"]["goldstein"]) == -10.0


@pytest.mark.skipif(not (REFERENCE / "CAMEO.goldsteinscale.txt").exists(),
                    reason="shared/reference is not beside the checkout")
def test_lexicon_cameo_goldstein_equals_reference():
    reference = {}
    for line in (REFERENCE / "CAMEO.goldsteinscale.txt").read_text().splitlines():
        code, _, value = line.partition("\t")
        if code.isdigit():
            reference[code] = float(value)
    ours = {row["code"]: float(row["goldstein"]) for row in read_cameo()}
    assert set(ours) == set(reference) | EXTRA_CODES
    for code, value in ours.items():
        expected = reference.get(code, reference.get(code[:3]))
        assert value == expected, code


@pytest.mark.skipif(not (REFERENCE / "CAMEO2PLOVER-2021.txt").exists(),
                    reason="shared/reference is not beside the checkout")
def test_lexicon_cameo_plover_equals_reference_mapping():
    reference = {}
    for line in (REFERENCE / "CAMEO2PLOVER-2021.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        code, sep, rest = line.partition(":")
        if sep and code.isdigit() and len(code) >= 3:
            reference[code] = rest.split(",")[0].strip()
    assert len(reference) > 200
    ours = {row["code"]: row["plover"] for row in read_cameo()}
    for code, plover in reference.items():
        if code in ours:
            assert ours[code] == plover, code


# ------------------------------------------------------------------ verbs.tsv / nouns.tsv
def test_lexicon_verbs_lines_have_three_fields_and_a_valid_pattern():
    rows = read_tsv("verbs.tsv")
    assert len(rows) >= 800
    for line_no, cells in rows:
        assert len(cells) == 3 or (cells[0][0] == "=" and len(cells) == 2), (line_no, cells)
    for code, pattern, _ in verb_entries():
        assert PATTERN.match(pattern), (code, pattern)


def test_lexicon_word_classes_expand_and_unknown_classes_are_refused():
    from sword.coding.lexicon import expand_classes
    from sword.errors import KnowledgeError

    classes = {"halt": ["suspend", "cut off"], "aid": ["aid", "military aid"]}
    assert expand_classes("{halt} +{aid}", classes, "t") == [
        "suspend +aid", "suspend +military aid", "cut off +aid", "cut off +military aid"]
    with pytest.raises(KnowledgeError, match="unknown word class"):
        expand_classes("{stop} +aid", classes, "verbs.tsv:9")


def test_lexicon_codes_used_exist():
    codes = {row["code"] for row in read_cameo()}
    for code, pattern, _ in verb_entries():
        assert code in codes or code in FRAME_CLASSES, (code, pattern)
    for noun, code in noun_map().items():
        assert code in codes, (code, noun)


def test_lexicon_frame_classes_are_known_to_the_loader():
    from sword.coding.lexicon import SPECIAL

    used = {code for code, _, _ in verb_entries() if code.startswith("@")}
    assert used <= SPECIAL


def test_lexicon_every_root_is_reachable_from_verbs():
    roots = {root_of(code) for code, _, _ in verb_entries() if not code.startswith("@")}
    assert roots == {f"{i:02d}" for i in range(1, 21)}


def test_lexicon_no_pattern_twice():
    patterns = Counter(pattern for _, pattern, _ in verb_entries())
    assert [p for p, n in patterns.items() if n > 1] == []
    nouns = Counter(cells[1] for _, cells in read_tsv("nouns.tsv"))
    assert [n for n, count in nouns.items() if count > 1] == []


def test_lexicon_loads_with_the_package_loader():
    from sword.coding.lexicon import load_lexicon

    lexicon = load_lexicon(DATA)
    assert sum(len(p) for p in lexicon.verbs.values()) == len(verb_entries())
    assert len(lexicon.nouns) == len(noun_map())
    assert lexicon.codes["0874"].quad_class == 2


@pytest.mark.parametrize(("pattern", "expected"), [
    ("accuse", "11"), ("criticise", "111"), ("criticize", "111"), ("condemn", "111"),
    ("arrest", "173"), ("detain", "173"), ("hold +talk", "04"), ("meet", "04"),
    ("visit", "042"), ("host", "043"), ("negotiate", "046"), ("mediate", "045"),
    ("sign +agreement", "057"), ("ratify", "057"), ("apologise", "055"), ("apologize", "055"),
    ("praise", "051"), ("congratulate", "018"), ("express +condolence", "018"),
    ("deny", "016"), ("claim +responsibility", "015"), ("decline +comment", "011"),
    ("call for +ceasefire", "0256"), ("demand +release", "1053"),
    ("provide +military aid", "072"), ("provide +humanitarian aid", "073"),
    ("grant +asylum", "075"), ("release +prisoner", "0841"), ("lift +sanction", "085"),
    ("withdraw +troop", "0874"), ("investigate", "090"), ("issue +ultimatum", "139"),
    ("warn", "130"), ("go on +hunger strike", "142"), ("stage +protest", "141"),
    ("mobilize", "154"), ("mobilise", "154"), ("recall +ambassador", "161"),
    ("cut +tie", "161"), ("impose +sanction", "163"), ("withdraw from +negotiation", "164"),
    ("expel +diplomat", "174"), ("deport", "174"), ("raid", "171"), ("confiscate", "1711"),
    ("impose +curfew", "1723"), ("crack down", "175"), ("kidnap", "181"), ("torture", "1822"),
    ("assassinate", "186"), ("shell", "194"), ("launch +air strike", "195"),
    ("invade", "192"), ("blockade", "191"), ("violate +ceasefire", "196"),
    ("massacre", "202"), ("use +chemical weapon", "2041"),
])
def test_lexicon_verbs_spot_checks(pattern, expected):
    code = verb_map().get(pattern)
    assert code is not None, pattern
    assert code.startswith(expected), (pattern, code)


@pytest.mark.parametrize(("pattern", "expected"), [
    ("say", "@say"), ("threaten", "@threaten"), ("urge", "@appeal"), ("call on", "@appeal"),
    ("demand", "@demand"), ("refuse", "@refuse"), ("vow", "@chain"), ("want", "@intend"),
    ("begin", "@chain"),
    ("fail", "@negate"),
])
def test_lexicon_verbs_frame_classes(pattern, expected):
    assert verb_map().get(pattern) == expected


def test_lexicon_speech_verbs_do_not_shadow_their_objects():
    # "call for" and "call on" are appeals: a bare "call" would make every naming a phone call
    verbs = verb_map()
    assert "call" not in verbs
    assert verbs["release +report"] == "010"
    assert verbs["release"].startswith("084")


@pytest.mark.parametrize(("pattern", "expected"), [
    ("tear +face", "16"), ("sue for +peace", "08"), ("lean towards", "05"),
    ("give +green light", "051"), ("cede", "08"), ("humiliate", "111"),
    ("throw into +arm", "05"), ("regret", "111"),
])
def test_lexicon_translated_english_idioms(pattern, expected):
    code = verb_map().get(pattern)
    assert code is not None and code.startswith(expected), (pattern, code)


def test_lexicon_specific_pattern_differs_from_its_verb():
    # the object changes the code: these pairs are the reason specific patterns exist
    verbs = verb_map()
    pairs = [("withdraw", "withdraw from +negotiation"), ("seize", "seize +asset"),
             ("hold +citizen", "hold +talk"), ("welcome", "welcome +delegation"),
             ("hold +exercise", "hold with +exercise"), ("reject", "reject +allegation")]
    for general, specific in pairs:
        assert verbs[general] != verbs[specific], (general, specific)


def test_lexicon_nouns_are_singular_lemmas_with_spot_checks():
    nouns = noun_map()
    assert len(nouns) >= 80
    for noun in nouns:
        assert noun == noun.lower() and " " not in noun, noun
        assert not noun.endswith("s") or noun.endswith("ss"), noun
    for noun, expected in [("killing", "1823"), ("arrest", "173"), ("raid", "171"),
                           ("talk", "046"), ("invasion", "192"), ("sanction", "163"),
                           ("expulsion", "174"), ("assassination", "186"),
                           ("shelling", "194"), ("protest", "141")]:
        assert nouns.get(noun) == expected, noun
    for not_an_event in ["agreement", "treaty", "war", "relation", "cooperation"]:
        assert not_an_event not in nouns


def test_lexicon_rules_words_are_words(tmp_path):
    """YAML reads a bare on/off/yes/no/false as a boolean; the loader must refuse that."""
    import shutil

    import sword
    from sword.coding.lexicon import load_lexicon
    from sword.errors import KnowledgeError

    data = Path(sword.__file__).parent / "data"
    for name in ("cameo.csv", "verbs.tsv", "nouns.tsv", "wrappers.csv", "rules.yaml"):
        shutil.copy(data / name, tmp_path / name)
    rules = load_lexicon(tmp_path).rules
    assert "on" in rules.target_preps and "false" in rules.evaluative_negative
    text = (tmp_path / "rules.yaml").read_text(encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(text.replace('"on"', "on"), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="target_preps"):
        load_lexicon(tmp_path)
