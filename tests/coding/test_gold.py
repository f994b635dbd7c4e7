"""The coder held to minimum scores on the gold sets (raise the bars as it improves)."""

from __future__ import annotations

import pytest

from conftest import BLIND_GOLD, DEV_GOLD, HELDOUT_GOLD, OWN_GOLD, SHARED_GOLD

pytestmark = pytest.mark.slow

# Floors a little below what the coder measures now (README, "Measuring the coder"), so a
# regression fails; raise them as the coder improves. The held-out set was written without
# sight of the coder and is not used to tune it: its score is the honest one.
OWN_F1_FLOOR = 0.84
PETR_F1_FLOOR = 0.63
HELDOUT_F1_FLOOR = 0.56
DEV_F1_FLOOR = 0.70
# The blind set (2026-12-07) is only measured, never tuned on: this floor keeps a later
# change from losing what it measures (first contact 0.441).
BLIND_F1_FLOOR = 0.48


def _report(coder, path):
    from sword.coding.evaluate import evaluate, read_gold
    from sword.model import Document

    def code_record(record):
        document = Document(id=record.id, text=record.text, date=record.date)
        return next(coder.code_documents([document])).events

    return evaluate(read_gold(path), code_record, frozenset(coder.kb.country_names))


@pytest.fixture(scope="module")
def own(coder):
    return _report(coder, OWN_GOLD)


def test_gold_own_set_is_big_and_varied():
    from sword.coding.evaluate import read_gold

    records = list(read_gold(OWN_GOLD))
    assert len(records) >= 200
    assert sum(1 for r in records if not r.events) >= 40
    assert sum(1 for r in records if "mt_garble" in r.tags) >= 20


def test_gold_own_f1(own):
    assert own.dyad_root.f1 >= OWN_F1_FLOOR, (own.dyad_root.precision, own.dyad_root.recall)


def test_gold_own_translation_garbles_name_no_wrong_state(own):
    assert own.garbles >= 20
    assert own.garbles_right == own.garbles, own.garbles_right


@pytest.mark.skipif(not (SHARED_GOLD / "petr2_gsr.jsonl").exists(),
                    reason="../shared/gold is not beside the checkout")
def test_gold_petr2_f1(coder):
    report = _report(coder, SHARED_GOLD / "petr2_gsr.jsonl")
    assert report.dyad_root.f1 >= PETR_F1_FLOOR, (report.dyad_root.precision,
                                                  report.dyad_root.recall)


@pytest.mark.parametrize(("path", "floor"), [(HELDOUT_GOLD, HELDOUT_F1_FLOOR),
                                             (DEV_GOLD, DEV_F1_FLOOR)])
def test_gold_independent_sets_f1_and_garbles(coder, path, floor):
    report = _report(coder, path)
    assert report.dyad_root.f1 >= floor, (report.dyad_root.precision, report.dyad_root.recall)
    assert report.garbles >= 10 and report.garbles_right == report.garbles


def test_gold_blind_set_f1_floor(coder):
    report = _report(coder, BLIND_GOLD)
    assert report.records >= 300
    assert report.dyad_root.f1 >= BLIND_F1_FLOOR, (report.dyad_root.precision,
                                                    report.dyad_root.recall)
