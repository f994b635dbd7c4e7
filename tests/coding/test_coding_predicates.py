"""Every actor-to-actor predicate of a sentence: the candidates the learned model codes."""

from __future__ import annotations

from datetime import date

import pytest

from sword.coding.pipeline import get_coder
from sword.config import CoderConfig

pytestmark = pytest.mark.slow


def predicates(text: str) -> set[tuple[str, str, str, frozenset[str]]]:
    coder = get_coder(CoderConfig(event_model=False))
    return {(p.source.country, p.target.country, p.verb.lemma_, frozenset(p.flags))
            for p in coder.predicates(coder.nlp(text), date(2010, 5, 4))}


def test_coding_predicates_a_complement_inherits_its_subject_through_an_adjective():
    found = predicates("Kenya said it was willing to pull its soldiers out of Somalia.")
    assert ("KEN", "SOM", "pull", frozenset()) in found


def test_coding_predicates_only_target_prepositions_and_named_actors():
    found = predicates("Ghana expanded trade with Togo despite Nigerian objections to a "
                       "French-built pipeline.")
    assert {(s, t) for s, t, _, _ in found} == {("GHA", "TGO")}


def test_coding_predicates_a_state_and_its_own_government_are_no_pair():
    assert not predicates("Erdogan said Turkey would open a consulate in Shusha.")


def test_coding_predicates_a_group_of_no_stated_nationality_acts_where_it_is():
    found = predicates("Gunmen clobbered Malian soldiers near Gao on Sunday.")
    assert any(s == "MLI" and "implicit_source" in flags for s, _, _, flags in found)


def test_coding_predicates_reported_by_someone_else():
    found = predicates("Rwandan troops crossed into Uganda on Monday, a UN spokesman said.")
    assert any(flags == {"reported"} for *_, flags in found)


def test_coding_predicates_a_state_is_not_implied_to_act_on_its_own_forces():
    found = predicates("Yerevan is rebuilding its army through cooperation with many countries.")
    assert not any(s == t for s, t, _, _ in found)


def test_coding_predicates_an_actor_named_inside_the_object():
    found = predicates("Kenyan police searched the home of Uganda's military attache in "
                       "Nairobi on Friday.")
    assert {(s, t) for s, t, _, _ in found} == {("KEN", "UGA")}


def test_coding_predicates_co_subjects_are_a_pair_both_ways():
    found = predicates("Chile and Peru agreed on Monday to reopen their shared border.")
    assert {("CHL", "PER"), ("PER", "CHL")} <= {(s, t) for s, t, _, _ in found}


def test_coding_predicates_an_event_noun_with_its_possessor_and_object():
    found = predicates("Ethiopia's bombardment of Eritrea drew wide condemnation.")
    assert ("ETH", "ERI", "bombardment", frozenset()) in found


def test_coding_predicates_a_speaker_and_whom_he_addresses():
    found = predicates("The Ghanaian president told Togo's foreign minister that the border "
                       "would stay open.")
    assert ("GHA", "TGO", "tell", frozenset()) in found


def test_coding_predicates_a_place_that_only_locates_is_no_target():
    found = predicates("Bolivian and Paraguayan negotiators met in Buenos Aires on Monday.")
    assert "ARG" not in {t for _, t, _, _ in found}


def test_coding_predicates_a_question_has_none():
    assert predicates("Kenya pulled its soldiers out of Somalia.")
    assert not predicates("Will Kenya pull its soldiers out of Somalia?")



def test_coding_predicates_an_object_it_after_a_thing_is_that_thing():
    import sword

    # the last "it" is the expulsion (the nearest argument before it), not Azerbaijan
    text = ("Moscow watched as Baku moved in. It could have halted the expulsion of the "
            "Armenians of Karabakh, but not only did it fail to stop it, it actively enabled it.")
    assert not [e for e in sword.code(text, date="2023-10-02") if e.source_country == "RUS"]


@pytest.mark.parametrize(("text", "pair", "verb"), [
    # the people hit are where it happens: police of Bolivia against Bolivian miners
    pytest.param("Riot police fired tear gas and rubber bullets at hundreds of miners in La "
                 "Paz on Tuesday.", ("BOL", "BOL"), "fire", id="a_thing_fired_at_people"),
    pytest.param("The Sudanese government and the armed opposition signed a truce in Juba on "
                 "Friday.", ("SDN", "SDN"), "sign", id="a_group_beside_a_state_is_of_it"),
    pytest.param("Bolivia declared about the rupture of diplomatic relations with Israel on "
                 "Tuesday.", ("BOL", "ISR"), "declare", id="a_translation_declares_about"),
    pytest.param("A senior Somali minister was shot dead by a sniper in Mogadishu on Friday.",
                 ("SOM", "SOM"), "shoot", id="a_sniper_acts_where_he_is"),
    # one word of the parse names both leaders
    pytest.param("Indian Prime Minister Manmohan Singh and Pakistani President Asif Ali "
                 "Zardari agreed on Thursday on the sidelines of a summit in Sharm el-Sheikh "
                 "to resume a composite dialogue.", ("PAK", "IND"), "agree",
                 id="two_leaders_the_parse_ran_together"),
])
def test_coding_predicates_pair_is_found(text, pair, verb):
    assert (*pair, verb) in {(s, t, v) for s, t, v, _ in predicates(text)}
