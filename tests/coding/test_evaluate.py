"""Scoring maths on hand-built gold and hand-built events (no model)."""

from __future__ import annotations

import json

import pytest

from sword.coding.evaluate import country_of, evaluate, read_gold
from sword.errors import GoldFormatError
from sword.model import Event

COUNTRIES = frozenset({"RUS", "AZE", "ARM", "USA"})


def _event(source: str, target: str, cameo: str, plover: str = "ACCUSE") -> Event:
    return Event("d", 0, "s", 0, 1, None, "unknown", source, target, source, target,
                 source[:3], target[:3], cameo, cameo[:2], 3, -2.0, plover, 0.5, "p")


def _gold(tmp_path, records):
    path = tmp_path / "g.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return list(read_gold(path))


def test_evaluate_precision_recall_f1(tmp_path):
    records = _gold(tmp_path, [
        {"id": "1", "text": "a", "events": [{"source": "RUSGOV", "target": "AZE", "cameo": "112"}]},
        {"id": "2", "text": "b", "events": [{"source": "ARM", "target": "USA", "cameo": "062"}]},
        {"id": "3", "text": "c", "events": []},
    ])
    found = {"1": [_event("RUS", "AZEGOV", "111")], "2": [], "3": [_event("USA", "ARM", "130")]}
    report = evaluate(records, lambda r: found[r.id], COUNTRIES)
    assert (report.dyad_root.tp, report.dyad_root.fp, report.dyad_root.fn) == (1, 1, 1)
    assert report.dyad_root.f1 == pytest.approx(0.5)
    assert report.full_code.tp == 0  # 111 is not 112
    assert report.per_root["11"].f1 == 1.0


def test_evaluate_organisations_compare_as_igo():
    assert country_of("IGOEUREEC", COUNTRIES) == "IGO"
    assert country_of("EU", COUNTRIES) == "IGO"
    assert country_of("RUSMIL", COUNTRIES) == "RUS"


def test_evaluate_reads_plover_lists(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([
        {"id": "doc", "event": "DOCUMENT"},
        {"id": "x", "text": "t", "event": "DISAPPROVE", "source": [{"code": "RUS"}],
         "target": [{"code": "ARM"}]},
    ]))
    (record,) = read_gold(path)
    assert record.kind == "plover" and record.events[0].code == "ACCUSE"


def test_evaluate_bad_gold_line_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1", "text": "a", "events": []}\n{"id": 2}\n')
    with pytest.raises(GoldFormatError, match=r"bad\.jsonl:2"):
        list(read_gold(path))
