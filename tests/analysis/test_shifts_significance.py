"""Shift alerts are significant turns: found on synthetic stores with known turns, never on
pure noise, ranked by one score, with evidence that proves the turn."""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow as pa
import pytest

from sword.analysis.relations import strongest_evidence
from sword.analysis.shifts import ShiftTest, find_shifts, shift_score, turn_p_value
from sword.errors import SwordError
from test_store_fixtures import Row, build_store

COOPERATIVE = ("057", "042", "036", "071")
CONFLICTUAL = ("112", "173", "161", "130")


def month(i: int, day: int = 10) -> str:
    return f"{2019 + i // 12}-{i % 12 + 1:02d}-{day:02d}"


def dyad_rows(pair: tuple[str, str], shares: list[float], rng: np.random.Generator,
              per_month: tuple[int, int] = (2, 6)) -> list[Row]:
    """One row per event: month i has 2–6 events, each cooperative with shares[i]."""
    a, b = pair
    rows = []
    for i, share in enumerate(shares):
        for k in range(int(rng.integers(*per_month, endpoint=True))):
            cooperative = rng.random() < share
            code = (COOPERATIVE if cooperative else CONFLICTUAL)[k % 4]
            source, target = (a, b) if k % 2 else (b, a)
            rows.append(Row(f"{a}{b}-{i}-{k}", month(i, 1 + k), source, target, code,
                            f"Outlet {k % 3}", sentence=f"{source} and {target}, {i}/{k}.",
                            flags=()))
    return rows


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shifts")
    rng = np.random.default_rng(11)
    turned = (dyad_rows(("AZE", "RUS"), [0.9] * 24 + [0.2] * 18, rng)
              + dyad_rows(("ARM", "TUR"), [0.15] * 20 + [0.85] * 20, rng)
              + dyad_rows(("FRA", "GEO"), [0.7] * 40, rng))  # no turn here
    noise = []
    for n, pair in enumerate((("IRN", "IRQ"), ("KAZ", "UZB"), ("CHN", "IND"), ("DEU", "POL"),
                              ("EGY", "SDN"), ("BRA", "ARG"))):
        noise += dyad_rows(pair, [(0.9, 0.6, 0.4, 0.75, 0.5, 0.25)[n]] * 36, rng)
    with build_store(folder / "turned.duckdb", turned) as a, \
            build_store(folder / "noise.duckdb", noise) as b:
        yield a.con, b.con


def test_shifts_known_turns_found_where_they_are(stores):
    turned, _ = stores
    shifts = find_shifts(turned, min_events=10)
    found = {s.dyad: s for s in shifts}
    assert set(found) == {("AZE", "RUS"), ("ARM", "TUR")}
    assert found["AZE", "RUS"].size < -0.8 and found["ARM", "TUR"].size > 0.8
    assert abs((found["AZE", "RUS"].date - date(2021, 1, 1)).days) <= 62
    assert abs((found["ARM", "TUR"].date - date(2020, 9, 1)).days) <= 62
    for shift in shifts:
        assert shift.p_value <= ShiftTest().alpha
        low, high = shift.interval_before
        assert low <= shift.level_before <= high and high - low < 0.5


def test_shifts_pure_noise_gives_no_alert(stores):
    _, noise = stores
    assert find_shifts(noise, min_events=10) == []


def test_shifts_ranked_by_one_score(stores):
    turned, _ = stores
    shifts = find_shifts(turned, min_events=10)
    scores = [s.score for s in shifts]
    assert scores == sorted(scores, reverse=True)
    assert shifts[0].to_dict()["score"] == pytest.approx(scores[0])
    # a full swing on six events does not outrank a large turn on sixty
    assert shift_score(-2.0, 3, 3) < shift_score(-1.2, 60, 60)


def test_shifts_need_events_on_each_side(stores):
    turned, _ = stores
    strict = ShiftTest(min_side_events=500)
    assert find_shifts(turned, min_events=10, test=strict) == []
    with pytest.raises(SwordError):
        ShiftTest(alpha=0)


def test_shifts_permutation_test_separates_turn_from_noise():
    rng = np.random.default_rng(3)
    events = rng.integers(2, 7, 30)
    flat = rng.binomial(events, 0.6)
    turn = np.r_[rng.binomial(events[:15], 0.9), rng.binomial(events[15:], 0.2)]
    assert turn_p_value(turn, events, 15) <= 0.002
    # the best cut of a flat series, searched for, is still not significant
    best = max(range(2, 29), key=lambda k: abs(flat[:k].sum() / events[:k].sum()
                                               - flat[k:].sum() / events[k:].sum()))
    assert turn_p_value(flat, events, best) > 0.05
    # a side with too few events is no cut at all
    assert turn_p_value(turn, events, 1) == 1.0


def evidence_rows() -> list[Row]:
    return [
        Row("e1", "2022-03-01", "AZE", "RUS", "190", "Herald", sentence="Russia's guns fired, "
            "Baku claims.", flags=("reported",)),
        Row("e2", "2022-03-02", "RUS", "AZE", "173", "Herald", sentence="Police held Azeris."),
        Row("e3", "2022-03-02", "RUS", "AZE", "173", "Daily", sentence="Azeris were held."),
        Row("e4", "2022-03-03", "AZE", "RUS", "112", "Herald", sentence="Baku accused Moscow.",
            flags=()),
        Row("e5", "2022-03-04", "AZE", "RUS", "057", "Herald", sentence="They signed a deal."),
        Row("e6", "2022-03-05", "AZE", "RUS", "042", "Herald", sentence="Aliyev visited.",
            flags=("repaired_actor",)),
        Row("e7", "2022-03-06", "RUS", "AZE", "012", "Herald", sentence="Moscow urged calm."),
    ]


def test_evidence_proves_the_claim_first_hand_and_many_outlets_first(tmp_path):
    with build_store(tmp_path / "e.duckdb", evidence_rows()) as store:
        windows = pa.table({"key": [0, 1], "a": ["AZE", "AZE"], "b": ["RUS", "RUS"],
                            "lo": [date(2022, 1, 1)] * 2, "hi": [date(2022, 12, 31)] * 2,
                            "sign": [-1.0, 1.0], "near": [date(2022, 3, 1)] * 2})
        found = strongest_evidence(store.con, windows, n=5)
    conflict, cooperation = found[0], found[1]
    # conflictual evidence only; told by two outlets first, the reported claim last
    assert [e.quad_class >= 3 for e in conflict] == [True, True, True]
    assert conflict[0].cameo == "173" and conflict[0].sources == 2
    assert conflict[-1].sentence.startswith("Russia's guns") and conflict[-1].reported
    assert conflict[-1].marks == ("reported",) and "reported" in conflict[-1].to_dict()["flags"]
    # a pessimistic remark is verbal cooperation below zero: evidence of neither
    assert {e.cameo for e in cooperation} == {"057", "042"}
    assert next(e for e in cooperation if e.cameo == "042").mark_text() == " [repaired_actor]"


def test_shifts_large_plain_turn_uses_the_chi2_bound():
    rng = np.random.default_rng(4)
    events = np.full(30, 50)
    turn = np.r_[rng.binomial(events[:15], 0.9), rng.binomial(events[15:], 0.3)]
    # below any permutation p-value (1/2000): the large-sample bound was taken
    assert turn_p_value(turn, events, 15) < 1e-6
    flat = rng.binomial(events, 0.6)
    assert turn_p_value(flat, events, 15) > 0.01  # no shortcut for a doubtful turn
