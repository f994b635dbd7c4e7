"""Reasons: sentences that say why a state acts, found in the parse, kept apart from events."""

from __future__ import annotations

from datetime import date

import pytest

from sword.coding.reasons import load_reason_words
from sword.errors import KnowledgeError
from sword.model import Document

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reasons(coder):
    def run(text: str, day: str = "2024-05-02"):
        document = Document(id="r", text=text, date=date.fromisoformat(day))
        coded = next(coder.code_documents([document]))
        return coded

    return run


def pairs(coded) -> set[tuple[str, str, str]]:
    return {(r.actor, r.partner, r.kind) for r in coded.reasons}


def test_reasons_response_marker_links_the_dyad_and_the_words(reasons):
    text = ("France expelled two Azerbaijani diplomats on Thursday in response to Baku's "
            "expulsion of two French embassy employees.")
    coded = reasons(text)
    assert pairs(coded) == {("FRA", "AZE", "response")}
    reason = coded.reasons[0]
    assert reason.reason.startswith("in response to Baku's expulsion")
    assert text[reason.reason_start:reason.reason_end] == reason.reason
    assert text[reason.sentence_start:reason.sentence_end] == reason.sentence
    assert reason.attribution == "analysis" and reason.event_date == "2024-05-02"


def test_reasons_a_speaker_makes_it_a_claim_of_that_side(reasons):
    coded = reasons("Armenia froze its participation in the alliance because of Russia's "
                    "failure to defend it, Pashinyan said.")
    found = [r for r in coded.reasons if r.partner == "RUS"]
    assert found and found[0].actor == "ARM"
    assert found[0].attribution == "claim" and found[0].speaker == "ARM"
    assert found[0].marker == "because of"


def test_reasons_citing_is_the_actors_own_stated_reason(reasons):
    coded = reasons("Armenia suspended the broadcasts of Russia's Channel One on Wednesday, "
                    "citing the broadcaster's debt to a state agency.")
    assert ("ARM", "RUS", "stated") in pairs(coded)
    assert coded.reasons[0].speaker == "ARM"


def test_reasons_a_stated_priority(reasons):
    coded = reasons("The Kremlin believes that maintaining relations with Turkey is far more "
                    "important than protecting Armenia.")
    assert {("RUS", "TUR", "priority"), ("RUS", "ARM", "priority")} <= pairs(coded)
    assert all(r.attribution == "analysis" for r in coded.reasons)  # a belief, not words


def test_reasons_partner_from_the_discourse_when_the_sentence_names_none(reasons):
    coded = reasons("Russia and Azerbaijan exchanged protests on Monday. Baku cancelled the "
                    "festival in order to show its anger.")
    assert ("AZE", "RUS", "purpose") in pairs(coded)
    assert coded.reasons[0].partner_how == "discourse"


def test_reasons_none_without_a_marker(reasons):
    coded = reasons("France expelled two Azerbaijani diplomats on Thursday.")
    assert coded.events and coded.reasons == []


def test_reasons_because_inside_a_name_is_no_marker(reasons):
    coded = reasons('Armenia and Russia discussed the film "Because We Can" in Moscow.')
    assert coded.reasons == []


def test_reasons_due_to_before_a_verb_is_a_schedule(reasons):
    coded = reasons("Turkey and Azerbaijan discussed the pipeline due to open this summer.")
    assert coded.reasons == []
    coded = reasons("Azerbaijan cancelled the talks with Russia due to the raids.")
    assert ("AZE", "RUS", "cause") in pairs(coded)


def test_reasons_word_list_errors_name_the_file(tmp_path):
    bad = tmp_path / "reasons.yaml"
    bad.write_text("markers: [{kind: cause}]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"reasons\.yaml"):
        load_reason_words(bad)
