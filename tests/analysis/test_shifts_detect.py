"""Change points: found on synthetic series with known breaks, none on flat noise."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from sword.analysis.shifts import change_points, find_shifts
from sword.errors import SwordError
from test_store_fixtures import Row, build_store


def test_shifts_single_break_found_where_it_is():
    rng = np.random.default_rng(1)
    series = np.r_[rng.normal(0.6, 0.3, 24), rng.normal(-0.5, 0.3, 18)]
    assert change_points(series) == [24]


@pytest.mark.parametrize("seed", range(5))
def test_shifts_two_breaks_found(seed):
    rng = np.random.default_rng(seed)
    series = np.r_[rng.normal(0.0, 0.25, 15), rng.normal(0.8, 0.25, 15),
                   rng.normal(-0.6, 0.25, 15)]
    found = change_points(series)
    assert len(found) == 2
    assert abs(found[0] - 15) <= 1 and abs(found[1] - 30) <= 1


@pytest.mark.parametrize("seed", range(12))
def test_shifts_flat_noise_has_none(seed):
    rng = np.random.default_rng(100 + seed)
    n = (12, 24, 48, 96)[seed % 4]
    assert change_points(rng.normal(0.3, 0.4, n)) == []


def test_shifts_weights_let_heavy_months_outweigh_thin_ones():
    # Heavy months (20 events) turn from +0.8 to -0.8; thin months (1 event) go the other
    # way. Unweighted the halves average out; weighted, the turn is plain.
    values = np.array([0.8, -1.0] * 5 + [-0.8, 1.0] * 5)
    weights = np.array([20, 1] * 10)
    assert change_points(values) == []
    found = change_points(values, weights)
    # month 9 is a thin conflictual month: it may open the new level as well as close the old
    assert len(found) == 1 and found[0] in (9, 10)


@pytest.mark.parametrize("seed", range(8))
def test_shifts_flat_event_noise_has_none(seed):
    # months of 1–9 events, each cooperative with the same probability
    rng = np.random.default_rng(200 + seed)
    events = rng.poisson(3, 36) + 1
    cooperative = rng.binomial(events, (0.95, 0.7, 0.5, 0.8)[seed % 4])
    assert change_points((2 * cooperative - events) / events, events) == []


def test_shifts_weights_must_fit():
    with pytest.raises(SwordError):
        change_points(np.zeros(6), np.array([1, 2, 0, 1, 1, 1]))


def test_shifts_constant_series_has_none():
    assert change_points(np.ones(30)) == []
    assert change_points(np.array([1.0, -1.0, 1.0])) == []  # too short to split


def test_shifts_higher_penalty_finds_fewer():
    rng = np.random.default_rng(7)
    series = np.r_[rng.normal(0, 0.5, 20), rng.normal(0.6, 0.5, 20)]
    assert len(change_points(series, penalty=50)) <= len(change_points(series, penalty=1))
    assert change_points(series, penalty=1000) == []


def month(i: int) -> str:
    return f"{2022 + i // 12}-{i % 12 + 1:02d}-15"


def turning_rows() -> list[Row]:
    rows = []
    # RUS–AZE: 12 months of agreements and aid, then 8 months of arrests and force.
    for i in range(12):
        rows.append(Row(f"c{i}", month(i), "RUSGOV", "AZEGOV", "057", "Daily",
                        sentence=f"Moscow and Baku signed accord number {i}."))
        rows.append(Row(f"c{i}", month(i), "AZEGOV", "RUSGOV", "042", "Daily",
                        sentence=f"Aliyev visited Moscow, visit {i}.", sentence_index=1))
    rows.append(Row("cx", month(11), "AZE", "RUS", "071", "Herald",
                    sentence="Baku sent aid to Russia."))
    for i in range(12, 20):
        rows.append(Row(f"k{i}", month(i), "RUSCOP", "AZE", "173", "Herald",
                        sentence=f"Russian police arrested Azerbaijanis, raid {i}."))
    rows.append(Row("kx", month(13), "AZEMIL", "RUS", "190", "Herald",
                    sentence="Azerbaijani forces struck a Russian post."))
    # ARM–FRA: steady cooperation every month: no shift.
    for i in range(20):
        rows.append(Row(f"f{i}", month(i), "FRA", "ARM", "036", "Herald",
                        sentence=f"Paris plans to meet Yerevan, round {i}."))
    return rows


@pytest.fixture
def con(tmp_path):
    store = build_store(tmp_path / "s.duckdb", turning_rows())
    yield store.con
    store.close()


def test_shifts_find_the_turn_with_levels(con):
    shifts = find_shifts(con, min_events=5)
    assert len(shifts) == 1
    shift = shifts[0]
    assert shift.dyad == ("AZE", "RUS")
    assert shift.date == date(2023, 1, 1) and shift.last_before == date(2022, 12, 1)
    assert shift.level_before == pytest.approx(1.0)
    assert shift.level_after == pytest.approx(-1.0)
    assert shift.size == pytest.approx(-2.0) and shift.direction == "towards conflict"
    assert shift.events_before == 25 and shift.events_after == 9


def test_shifts_evidence_strongest_on_each_side(con):
    shift = find_shifts(con, min_events=5)[0]
    before = [e.goldstein for e in shift.evidence_before]
    after = [e.goldstein for e in shift.evidence_after]
    # before a turn to conflict: the most cooperative (accords, 8.0, above aid at 7.4)
    assert before == [8.0, 8.0, 8.0]
    # nearest the break first among equals
    assert [e.event_date for e in shift.evidence_before] == [
        date(2022, 12, 15), date(2022, 11, 15), date(2022, 10, 15)]
    assert after[0] == -10.0 and after[1:] == [-5.0, -5.0]
    assert shift.evidence_after[0].sentence == "Azerbaijani forces struck a Russian post."
    assert shift.evidence_after[0].publisher == "Herald"
    assert {e.doc_id for e in shift.evidence_before} <= {f"c{i}" for i in range(12)}


def test_shifts_min_events_and_since_filter(con):
    assert find_shifts(con, min_events=1000) == []
    # after the turn the series is flat conflict: nothing to find
    assert find_shifts(con, since="2023-01-01", min_events=5) == []


def test_shifts_quarterly(con):
    shifts = find_shifts(con, min_events=5, freq="quarter")
    assert [s.date for s in shifts] == [date(2023, 1, 1)]


def test_shifts_rejects_bad_penalty(con):
    with pytest.raises(SwordError):
        find_shifts(con, penalty=0)
