"""Precision classes of the lexicon-and-rules coder: the wrong root where the dyad is right,
reversed dyads, and events that are not there. Each test is one class, on sentences written
for it."""

from __future__ import annotations

import pytest

from conftest import dyads

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("text", [
    "Chile and Peru signed a pact in Lima on Friday formally ending hostilities between them.",
    "Chile and Peru signed a pact in Lima on Friday, pledging military assistance to each other.",
    "The Brazilian foreign minister held talks with Argentine President Javier Milei in Buenos "
    "Aires, offering more trade credits to Argentina.",
])
def test_precision_a_participle_on_an_agreement_or_meeting_is_its_content(code, text):
    roots = {root for _, _, root in dyads(code(text))}
    assert roots & {"04", "05"}  # the signing or the meeting is coded
    assert not roots - {"04", "05"}  # what was agreed or offered there is not a second event


def test_precision_a_participle_on_another_act_is_still_coded(code):
    events = code("Colombian troops shelled a village in Venezuela on Monday, and Venezuela "
                  "recalled its ambassador, accusing Bogota of aggression.")
    assert ("VEN", "COL", "11") in dyads(events)
