"""The right state or none: names of states that name a person, a smaller place or part of
a company's name, and translation garbles repaired from the first clue."""

from __future__ import annotations

import pytest

from conftest import dyads

pytestmark = pytest.mark.slow


def _countries(events) -> set[str]:
    return {e.source_country for e in events} | {e.target_country for e in events}


def _mentions(coder, text: str):
    from datetime import date

    from sword.model import Document

    document = Document("m", text, date(2024, 5, 2))
    return next(coder.code_documents([document])).mentions


@pytest.mark.parametrize(("text", "wrong"), [
    ("Jordan Whitfield, a radio host, accused Canada of censorship.", "JOR"),
    ("Chad Brennan, the festival's founder, criticized Norway on Tuesday.", "TCD"),
    ("The talk-show host Kenya Morales accused Spain of hypocrisy.", "KEN"),
    ("Basketball great Tom Jordan condemned China over its labour camps.", "JOR"),
    ("Congresswoman Jordan accused Iran of backing militias.", "JOR"),
])
def test_lookalikes_person_names_are_not_states(coder, code, text, wrong):
    events = code(text)
    assert wrong not in _countries(events), [(e.source, e.target) for e in events]
    assert wrong not in {m.country for m in _mentions(coder, text)}


def test_lookalikes_person_reading_holds_for_the_whole_document(code):
    events = code("Retired golfer Mark Jordan visited Beijing last week. "
                  "On Friday Jordan criticized China over its trade rules.")
    assert "JOR" not in _countries(events)


def test_lookalikes_real_states_with_person_names_stay(code):
    events = code("Jordan accused Israel of violating the ceasefire, and Chad condemned Sudan.")
    assert {("JOR", "ISR", "11"), ("TCD", "SDN", "11")} <= dyads(events)


def test_lookalikes_subnational_office_is_the_federal_state(coder):
    codes = {m.text: m.country for m in _mentions(
        coder, "Georgia Governor Amy Stone met Japanese investors in Atlanta.")}
    assert codes.get("Georgia") == "USA"


def test_lookalikes_town_of_another_state(code):
    events = code("Police in Lebanon, Ohio detained a Mexican citizen on Monday.")
    assert "LBN" not in _countries(events)


def test_lookalikes_country_georgia_stays(coder):
    codes = {m.text: m.country for m in _mentions(
        coder, "Georgia recalled its ambassador from Moscow after the border incident.")}
    assert codes.get("Georgia") == "GEO"


@pytest.mark.parametrize(("text", "wrong"), [
    ("A court in Chile fined Pinewood Mexican Kitchen for false advertising.", "MEX"),
    ("Ghana's regulator fined the Roman Quartz Italian Espresso chain.", "ITA"),
    ("Canada banned the Peruvian Glow skin cream over mercury.", "PER"),
])
def test_lookalikes_state_word_inside_a_brand(code, text, wrong):
    assert wrong not in _countries(code(text))


def test_lookalikes_office_after_a_demonym_is_the_state(code):
    events = code("The Turkish Foreign Ministry condemned Greece on Sunday.")
    assert ("TUR", "GRC", "11") in dyads(events)


def test_lookalikes_seat_named_by_a_confused_state_is_first_clue(code):
    events = code("Armenia suspended its membership of the Russian-led alliance. "
                  "The Croatian Palace said it deeply regretted the step by the Asian side.")
    assert "HRV" not in _countries(events)
    assert ("RUS", "ARM", "11") in dyads(events) or ("RUS", "ARM", "12") in dyads(events)
    assert all("repaired_actor" in e.flags for e in events)


def test_lookalikes_croatian_palace_in_a_croatian_story_stays(coder):
    text = ("Croatia's parliament met in Zagreb on Monday. "
            "The Croatian Palace said the president would veto the law.")
    codes = {m.text: m.country for m in _mentions(coder, text)}
    assert codes.get("Croatian") == "HRV"


def test_lookalikes_seat_of_another_state(code):
    events = code("The White House of Kyrgyzstan condemned Tajikistan on Monday.")
    assert ("KGZ", "TJK", "11") in dyads(events)
    assert all("repaired_actor" in e.flags for e in events)


def test_lookalikes_armed_neighbour_repaired_by_borders(code):
    events = code("Russian air defences said Ugandan drones had attacked a refinery in Russia.")
    assert "UGA" not in _countries(events)
    assert any(e.source_country == "UKR" and "repaired_actor" in e.flags for e in events)


def test_lookalikes_unconfused_or_bordering_states_are_not_repaired(code):
    events = code("Ugandan troops attacked rebel camps in Kenya.")
    assert "UKR" not in _countries(events)


def test_lookalikes_canada_gabon_confusion_with_a_known_leader(code):
    events = code("Canadian soldiers detained President Ali Bongo at his residence.")
    assert "CAN" not in _countries(events)


def test_lookalikes_region_after_a_demonym_is_the_states(code):
    events = code("Indian Punjab police arrested two Pakistani men near the border.")
    assert ("IND", "PAK", "17") in dyads(events)


def test_lookalikes_state_company_named_by_no_dictionary_word_stays(code):
    events = code("Houthi drones struck two Saudi Zarqon refineries on Sunday.")
    assert any(e.target_country == "SAU" for e in events)


def test_lookalikes_state_body_named_like_an_international_one(code):
    assert ("IRN", "ISR", "11") in dyads(code("The Iranian Security Council condemned Israel."))
    events = code("The UN Security Council condemned Israel on Friday.")
    assert any(e.source == "UN" and e.target_country == "ISR" for e in events)


def test_lookalikes_party_of_a_state_keeps_it(code):
    events = code("The Vietnamese Communist Party accused China of provocations.")
    assert any(e.source_country == "VNM" and e.target_country == "CHN" for e in events)


def test_lookalikes_state_given_name_before_a_known_surname_is_another_person(coder):
    # Morales alone would be Evo Morales (Bolivia); Kenya Morales is neither him nor Kenya
    countries = {m.country for m in _mentions(
        coder, "The talk-show host Kenya Morales accused Spain of hypocrisy.")}
    assert countries == {"ESP"}


def test_lookalikes_us_state_office_is_the_united_states(code):
    events = code("Ann Brody, an Arizona senator, condemned Mexico's border policy.")
    assert ("USA", "MEX", "11") in dyads(events)
