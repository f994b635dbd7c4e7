"""The post-rules of a sentence's candidates (sword.coding.recode), on hand-built candidates:
no spaCy model is loaded."""

from __future__ import annotations

import pytest

from sword.coding.context import Actor, Candidate
from sword.coding.lexicon import default_lexicon
from sword.coding.recode import aim_within_state, recode_by_sector, without_attack_killings


def candidate(source: Actor, target: Actor, code: str) -> Candidate:
    return Candidate(source, target, code, "test", 0.6)


RUSMIL = Actor("RUS", "MIL", "Russian troops")
UKR = Actor("UKR", "", "Ukraine")


def test_coding_recode_a_killing_by_the_attacker_is_part_of_the_attack():
    kept = without_attack_killings([candidate(RUSMIL, UKR, "190"), candidate(RUSMIL, UKR, "180")])
    assert [c.code for c in kept] == ["190"]


def test_coding_recode_a_killing_without_an_attack_stays():
    kept = without_attack_killings([candidate(RUSMIL, UKR, "180")])
    assert [c.code for c in kept] == ["180"]


@pytest.mark.parametrize(("source", "code", "expected"), [
    (Actor("RUS", "MED", "state television"), "190", "111"),  # media attack in words
    (Actor("SRB", "OPP", "protesters"), "180", "145"),        # a crowd's violence is a riot
    (Actor("RUS", "GOV", "Russia's Foreign Ministry", "name"), "141", "114"),  # official
    (RUSMIL, "190", "190"),
])
def test_coding_recode_by_the_sector_of_the_source(source, code, expected):
    cand = candidate(source, UKR, code)
    recode_by_sector(default_lexicon().rules, [], cand)
    assert cand.code == expected


def test_coding_recode_a_protest_within_a_state_is_against_its_government():
    rules = default_lexicon().rules
    protest = candidate(Actor("SRB", "CVL", "ethnic Albanians"), Actor("SRB", "", "Serbia"), "141")
    assert aim_within_state(rules, protest) and protest.target.code == "SRBGOV"
    assert not aim_within_state(rules, candidate(Actor("USA", "MIL", "US troops"),
                                                 Actor("USA", "", "America"), "190"))


def test_coding_recode_an_armed_groups_force_against_its_own_state_stays():
    rules = default_lexicon().rules
    shelling = candidate(Actor("AGO", "REB", "UNITA rebels"), Actor("AGO", "", "Angolan city"),
                         "194")
    assert aim_within_state(rules, shelling) and shelling.target.code == "AGO"
    talks = candidate(Actor("AGO", "REB", "UNITA"), Actor("AGO", "", "Angola"), "040")
    assert not aim_within_state(rules, talks)
