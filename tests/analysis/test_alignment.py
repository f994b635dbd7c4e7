"""Alignment: a state's profile by period with intervals, its moves towards and away from
partners, and the poles a user names."""

from __future__ import annotations

from datetime import date

import pytest

from sword.analysis.alignment import (
    AlignmentConfig,
    alignment,
    signed_weight,
    wilson_balance,
)
from sword.errors import SwordError
from sword.store import Store
from test_comove_fixtures import TURNING, build_world, planted_world


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    return planted_world(tmp_path_factory.mktemp("alignment") / "w.duckdb")


def test_alignment_wilson_interval_holds_the_balance_and_narrows_with_events():
    low, high = wilson_balance(9, 1)
    assert low < 0.8 < high <= 1.0
    wide = wilson_balance(2, 0)
    narrow = wilson_balance(40, 0)
    assert wide[1] - wide[0] > narrow[1] - narrow[0]
    assert wilson_balance(0, 0) == (None, None)


def test_alignment_signed_weight_and_its_error():
    weight, se = signed_weight(6, 2, 40)
    assert weight == pytest.approx(0.1)
    assert se == pytest.approx(((8 / 40 - 0.01) / 40) ** 0.5)


def test_alignment_finds_the_planted_moves(planted):
    with Store(planted, read_only=True) as store:
        found = alignment(store.con, "arm", AlignmentConfig(), poles=["RUS", "USA", "CHN"])
    moves = {m.partner: m for m in found.moves}
    assert moves["RUS"].direction == "away from" and moves["USA"].direction == "towards"
    for partner in ("RUS", "USA"):  # planted in January 2022
        assert abs((moves[partner].since - date(2022, 1, 1)).days) <= 120
    assert "EU" not in moves and "FRA" not in moves
    assert moves["RUS"].evidence and "accused" in moves["RUS"].evidence[0].sentence
    assert dict(found.poles)["CHN"] is None and dict(found.poles)["RUS"] is moves["RUS"]


def test_alignment_profile_by_year_with_intervals(planted):
    with Store(planted, read_only=True) as store:
        found = alignment(store.con, "ARM", AlignmentConfig(freq="year"))
    assert [p.year for p in found.periods] == list(range(2019, 2025))
    early, late = found.standing("RUS", date(2019, 1, 1)), found.standing("RUS", date(2024, 1, 1))
    assert early.balance > 0.6 > late.balance
    assert early.low <= early.balance <= early.high
    assert early.events == early.cooperation + early.conflict


def test_alignment_unknown_state_is_an_error(tmp_path):
    with build_world(tmp_path / "w.duckdb", [TURNING], seed=0) as store, \
            pytest.raises(SwordError, match="XYZ"):
        alignment(store.con, "XYZ")
