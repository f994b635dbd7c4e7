"""Relationship maths on a hand-built event table."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sword.analysis.relations import dyad_timeline, plot_timeline, timeline_figure
from sword.errors import SwordError
from test_store_fixtures import Row, build_store

ROWS = [
    # January 2024: RUS→AZE agreement (+8.0), reported by two articles: one unique event.
    Row("a1", "2024-01-10", "RUSGOV", "AZEGOV", "057", "Daily"),
    Row("a2", "2024-01-10", "RUS", "AZE", "057", "Herald"),
    # January: AZE→RUS visit (+1.9) and AZE→RUS accusation (−2.0).
    Row("a3", "2024-01-20", "AZEGOV", "RUSGOV", "042", "Daily"),
    Row("a3", "2024-01-20", "AZEGOV", "RUSGOV", "112", "Daily", sentence_index=1),
    # March: RUS→AZE arrest (−5.0), AZE→RUS force (−10.0); nothing in February.
    Row("a4", "2024-03-05", "RUSCOP", "AZE", "173", "Daily"),
    Row("a5", "2024-03-07", "AZEMIL", "RUS", "190", "Herald"),
    # Noise that must not count: other dyads and an event of RUS with itself.
    Row("n1", "2024-01-15", "RUS", "ARM", "112", "Daily"),
    Row("n2", "2024-01-15", "AZE", "TUR", "057", "Daily"),
    Row("n3", "2024-01-16", "RUSGOV", "RUSMIL", "042", "Daily"),
]


@pytest.fixture
def con(tmp_path):
    store = build_store(tmp_path / "s.duckdb", ROWS)
    yield store.con
    store.close()


def cell(df, period, direction, column):
    row = df[(df["period"] == pd.Timestamp(period)) & (df["direction"] == direction)]
    assert len(row) == 1
    return row.iloc[0][column]


def test_relations_monthly_counts_both_directions(con):
    df = dyad_timeline(con, "rus", "AZE")
    assert sorted(df["period"].unique()) == list(pd.to_datetime(
        ["2024-01-01", "2024-02-01", "2024-03-01"]))
    assert set(df["direction"]) == {"RUS→AZE", "AZE→RUS", "both"}
    # the agreement reported twice counts once
    assert cell(df, "2024-01-01", "RUS→AZE", "events") == 1
    assert cell(df, "2024-01-01", "RUS→AZE", "verbal_coop") == 1
    assert cell(df, "2024-01-01", "AZE→RUS", "events") == 2
    assert cell(df, "2024-01-01", "AZE→RUS", "verbal_conflict") == 1
    assert cell(df, "2024-01-01", "both", "events") == 3
    assert cell(df, "2024-03-01", "both", "material_conflict") == 2


def test_relations_goldstein_and_balance(con):
    df = dyad_timeline(con, "RUS", "AZE")
    assert cell(df, "2024-01-01", "both", "goldstein_sum") == pytest.approx(8.0 + 1.9 - 2.0)
    assert cell(df, "2024-01-01", "both", "goldstein_mean") == pytest.approx(7.9 / 3)
    # two cooperative, one conflictual of three
    assert cell(df, "2024-01-01", "both", "balance") == pytest.approx(1 / 3)
    assert cell(df, "2024-01-01", "AZE→RUS", "balance") == pytest.approx(0.0)
    assert cell(df, "2024-03-01", "both", "balance") == pytest.approx(-1.0)
    assert cell(df, "2024-03-01", "RUS→AZE", "goldstein_mean") == pytest.approx(-5.0)


def test_relations_empty_period_has_zero_counts_and_no_balance(con):
    df = dyad_timeline(con, "RUS", "AZE")
    assert cell(df, "2024-02-01", "both", "events") == 0
    assert math.isnan(cell(df, "2024-02-01", "both", "balance"))
    assert math.isnan(cell(df, "2024-02-01", "both", "goldstein_mean"))


def test_relations_quarter_and_window(con):
    quarter = dyad_timeline(con, "AZE", "RUS", freq="quarter")
    assert list(quarter[quarter["direction"] == "both"]["events"]) == [5]
    assert cell(quarter, "2024-01-01", "AZE→RUS", "events") == 3
    window = dyad_timeline(con, "RUS", "AZE", since="2024-03-01", until="2024-04-30")
    assert sorted(window["period"].unique()) == list(pd.to_datetime(
        ["2024-03-01", "2024-04-01"]))
    assert cell(window, "2024-04-01", "both", "events") == 0


def test_relations_unknown_dyad_is_empty(con):
    assert dyad_timeline(con, "USA", "CHN").empty


def test_relations_rejects_bad_arguments(con):
    with pytest.raises(SwordError):
        dyad_timeline(con, "RUS", "rus")
    with pytest.raises(SwordError):
        dyad_timeline(con, "RUS", "AZE", freq="week")


def test_relations_plot_html_inlines_plotly(con, tmp_path):
    out = plot_timeline(dyad_timeline(con, "RUS", "AZE"), tmp_path / "t.html")
    html = out.read_text()
    assert "<script src=\"http" not in html  # no CDN: opens offline
    assert len(html) > 1_000_000  # plotly.js itself is in the page
    assert "Plotly.newPlot" in html
    assert "balance RUS→AZE" in html or "balance RUS\\u2192AZE" in html


def test_relations_plot_of_one_period_names_it_on_the_axis(con):
    one = dyad_timeline(con, "RUS", "AZE", since="2024-03-01", until="2024-03-31")
    assert one["period"].nunique() == 1
    figure = timeline_figure(one)
    assert figure.layout.xaxis.type == "category"  # not a time axis in microseconds
    assert set(figure.data[0].x) == {"2024-03-01"}
    assert timeline_figure(dyad_timeline(con, "RUS", "AZE")).layout.xaxis.type is None


def test_relations_plot_rejects_unknown_suffix(con, tmp_path):
    with pytest.raises(SwordError, match=r"\.html"):
        plot_timeline(dyad_timeline(con, "RUS", "AZE"), tmp_path / "t.svg")
