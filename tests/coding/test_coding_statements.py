"""Statements about acts that are not new acts, co-mediators that are no dyad, claims by
one side, and operations aimed at someone's forces (issue 9, point 5)."""

from __future__ import annotations

import pytest

from conftest import dyads

pytestmark = pytest.mark.slow


def test_statements_admission_is_acknowledgement_not_a_new_act(code):
    events = code("Moscow admitted on Friday that Russian missiles had hit the Polish farm.")
    acts = [e for e in events if e.root == "19" or e.cameo.startswith("17")]
    assert any(e.cameo == "015" and e.source_country == "RUS" for e in events)
    assert all("reported" in e.flags for e in acts)


def test_statements_claim_by_one_side_is_reported(code):
    events = code("Greece's coast guard said a Turkish patrol boat rammed a Greek vessel.")
    rammed = [e for e in events if e.source_country == "TUR" and e.target_country == "GRC"]
    assert rammed and all("reported" in e.flags for e in rammed)


def test_statements_co_mediators_are_no_dyad(code):
    events = code("The truce between Sudan and South Sudan was brokered by Ethiopia, Kenya "
                  "and Uganda.")
    mediators = {"ETH", "KEN", "UGA"}
    assert not any(e.source_country in mediators and e.target_country in mediators
                   for e in events)


def test_statements_separate_talks_are_no_dyad_between_the_guests(code):
    events = code("Xi held separate talks with Lula and Ramaphosa in Beijing.")
    assert not any({e.source_country, e.target_country} == {"BRA", "ZAF"} for e in events)


@pytest.mark.parametrize("text", [
    "Serbia launched an operation to disarm Kosovar militias near the border.",
    "Serbian troops moved to disarm Kosovar fighters.",
])
def test_statements_disarming_anothers_forces_is_an_attack(code, text):
    events = code(text)
    assert ("SRB", "XKX", "19") in dyads(events)
    assert not any(e.cameo == "0873" for e in events)


def test_statements_forces_that_disarm_themselves_demobilise(code):
    events = code("The rebels agreed to disarm under the deal with Colombia.")
    assert not any(e.root == "19" for e in events)
