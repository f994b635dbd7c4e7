"""The tuning set (`training/tuning/`): written blind for Sword, read as gold is."""

from __future__ import annotations

from pathlib import Path

from sword.coding.evaluate import read_gold
from sword.coding.lexicon import load_lexicon

TUNING = Path(__file__).resolve().parents[2] / "training" / "tuning"


def test_tuning_set_reads_as_gold_with_known_codes():
    codes = load_lexicon().codes
    records = [r for path in sorted(TUNING.glob("wire_*.jsonl")) for r in read_gold(path)]
    assert len(records) == 520
    assert len({r.id for r in records}) == len(records)
    events = [e for r in records for e in r.events]
    assert len(events) == 1059
    assert {e.code for e in events} <= set(codes)
    # about one paragraph in ten has no event: statements of fact, markets, sport
    assert 0.05 < sum(not r.events for r in records) / len(records) < 0.15
