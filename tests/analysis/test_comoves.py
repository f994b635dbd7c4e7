"""Concurrent moves: a planted co-move is found beside a shift alert; stationary dyads
around it are not (the false co-move rate on noise is in README, `benchmarks/comoves.py`)."""

from __future__ import annotations

import pytest

from sword.analysis.comoves import CoMoveConfig, common_partners, concurrent_moves
from sword.analysis.shifts import find_shifts
from sword.errors import SwordError
from sword.store import Store
from test_comove_fixtures import STATIONARY, TURNING, Regime, build_world, month_day, planted_world


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    return planted_world(tmp_path_factory.mktemp("comoves") / "w.duckdb")


def _alert_context(store, config=None):
    shifts = find_shifts(store.con, min_events=10, evidence=0)
    mine = [s for s in shifts if s.dyad == ("ARM", "RUS")]
    assert mine, "the planted turn must be an alert"
    return concurrent_moves(store.con, mine[:1], config or CoMoveConfig())[0]


def test_comoves_planted_warming_found_beside_the_alert(planted):
    with Store(planted, read_only=True) as store:
        ctx = _alert_context(store)
    found = {m.dyad: m for m in ctx.comoves if m.beyond_chance}
    assert ("ARM", "USA") in found
    move = found[("ARM", "USA")]
    assert move.direction == "warmed" and move.link == "ARM"
    assert move.evidence and "agreed with" in move.evidence[0].sentence
    assert ("ARM", "EU") not in found  # planted as unchanged


def test_comoves_stationary_dyads_give_few(tmp_path):
    """Six noise worlds: every dyad but the alert's is stationary."""
    quiet = [Regime("ARM", "USA", 0.3, 0.8), Regime("ARM", "EU", 0.4, 0.8)]
    false = 0
    for seed in range(6):
        with build_world(tmp_path / f"n{seed}.duckdb", [TURNING, *STATIONARY, *quiet],
                         seed=seed) as store:
            moves = _alert_context(store, CoMoveConfig(evidence=0)).comoves
            false += sum(m.beyond_chance for m in moves)
    # ten candidate dyads an alert: ≤ 1 false co-move in 60 candidates
    assert false <= 1


def test_comoves_sharp_change_needs_its_bar(planted):
    """The same planted world with a bar no change passes gives no sharp change."""
    with Store(planted, read_only=True) as store:
        ctx = _alert_context(store, CoMoveConfig(z=50.0, weak_z=50.0, evidence=0))
    assert not [m for m in ctx.comoves if m.kind == "change"]


def test_comoves_weaker_signs_are_kept_apart(planted):
    """A bar above the planted change makes it a weaker sign, not a finding."""
    with Store(planted, read_only=True) as store:
        ctx = _alert_context(store, CoMoveConfig(z=50.0, weak_z=1.5, evidence=0))
    usa = [m for m in ctx.comoves if m.dyad == ("ARM", "USA")]
    assert usa and not usa[0].beyond_chance


def test_comoves_common_partners_have_events_with_both(planted):
    with Store(planted, read_only=True) as store:
        partners = common_partners(store.con, ("ARM", "RUS"), month_day(0, 1),
                                   month_day(71, 28))
    assert "AZE" in partners  # ARM–AZE and AZE–RUS both have events
    assert "UKR" not in partners and "FRA" not in partners  # one side only


def test_comoves_config_refuses_an_empty_window():
    with pytest.raises(SwordError):
        CoMoveConfig(window=0)
