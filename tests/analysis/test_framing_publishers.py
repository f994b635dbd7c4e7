"""Framing: each publisher's event mix and mean Goldstein for one dyad."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sword.analysis.framing import framing
from sword.errors import SwordError
from sword.model import CodedDocument
from test_store_fixtures import Row, build_store, coded_documents

ROWS = [
    # "Friendly Post" tells RUS–AZE as cooperation; the same accord in two of its articles.
    Row("f1", "2024-01-10", "RUSGOV", "AZEGOV", "057", "Friendly Post"),
    Row("f2", "2024-01-10", "RUS", "AZE", "057", "Friendly Post"),
    Row("f3", "2024-02-10", "AZE", "RUS", "071", "Friendly Post"),
    Row("f3", "2024-02-10", "AZE", "RUS", "112", "Friendly Post", sentence_index=1),
    # "Hawk Weekly" tells it as conflict, and reports the same accord once.
    Row("h1", "2024-01-10", "RUSGOV", "AZEGOV", "057", "Hawk Weekly"),
    Row("h2", "2024-02-01", "RUSCOP", "AZE", "173", "Hawk Weekly"),
    Row("h3", "2024-02-02", "AZEMIL", "RUS", "190", "Hawk Weekly"),
    Row("h4", "2024-02-03", "AZE", "RUS", "130", "Hawk Weekly"),
    # no publisher; and another dyad that must not count
    Row("u1", "2024-03-01", "AZE", "RUS", "042", None),
    Row("x1", "2024-03-01", "RUS", "ARM", "190", "Hawk Weekly"),
]


@pytest.fixture
def con(tmp_path):
    store = build_store(tmp_path / "s.duckdb", ROWS)
    yield store.con
    store.close()


def by_publisher(df):
    return {row.publisher: row for row in df.itertuples()}


def test_framing_counts_per_publisher(con):
    df = framing(con, "RUS", "AZE")
    assert list(df["publisher"]) == ["Hawk Weekly", "Friendly Post", "(unknown)"]
    rows = by_publisher(df)
    friendly, hawk = rows["Friendly Post"], rows["Hawk Weekly"]
    # the accord in two articles of one publisher is one event for it
    assert (friendly.articles, friendly.events, friendly.a_to_b, friendly.b_to_a) == (3, 3, 1, 2)
    assert (hawk.articles, hawk.events, hawk.a_to_b, hawk.b_to_a) == (4, 4, 2, 2)
    assert (friendly.verbal_coop, friendly.material_coop, friendly.verbal_conflict) == (1, 1, 1)
    assert (hawk.material_conflict, hawk.verbal_conflict, hawk.verbal_coop) == (2, 1, 1)


def test_framing_mean_goldstein_and_balance_differ_by_slant(con):
    rows = by_publisher(framing(con, "AZE", "RUS"))
    assert rows["Friendly Post"].goldstein_mean == pytest.approx((8.0 + 7.4 - 2.0) / 3)
    assert rows["Hawk Weekly"].goldstein_mean == pytest.approx((8.0 - 5.0 - 10.0 - 4.4) / 4)
    assert rows["Friendly Post"].balance == pytest.approx(1 / 3)
    assert rows["Hawk Weekly"].balance == pytest.approx(-0.5)
    assert rows["Hawk Weekly"].material_conflict_share == pytest.approx(0.5)


def test_framing_period_and_empty(con):
    df = framing(con, "RUS", "AZE", since="2024-02-01", until="2024-02-28")
    assert set(df["publisher"]) == {"Friendly Post", "Hawk Weekly"}
    assert by_publisher(df)["Hawk Weekly"].events == 3
    assert framing(con, "USA", "CHN").empty
    with pytest.raises(SwordError):
        framing(con, "RUS", "RUS")


def test_framing_counts_a_wire_copy_for_each_outlet_that_carried_it(tmp_path):
    store = build_store(tmp_path / "wire.duckdb", ROWS)
    hawk_story = next(cd for cd in coded_documents(ROWS) if cd.document.id == "h2")
    copy = replace(hawk_story.document, id="wire-h2", source="Friendly Post")
    store.ingest([CodedDocument(document=copy, events=[], mentions=[])])
    rows = by_publisher(framing(store.con, "RUS", "AZE"))
    store.close()
    # the police action now also counts for the second outlet, once, as its fourth article
    friendly = rows["Friendly Post"]
    assert (friendly.articles, friendly.events, friendly.material_conflict) == (4, 4, 1)
    assert rows["Hawk Weekly"].events == 4
