"""Signed graphs and structural balance, on hand-built graphs and a hand-built store."""

from __future__ import annotations

import json
from datetime import date

import networkx as nx
import pytest

from sword.analysis.network import (
    balance_summary,
    parse_window,
    signed_graph,
    triad_history,
    unbalanced_triads,
    write_graph,
)
from sword.analysis.relations import StanceConfig
from sword.errors import SwordError
from test_store_fixtures import Row, build_store


def graph_of(*edges: tuple[str, str, int, int]) -> nx.Graph:
    g = nx.Graph()
    for u, v, sign, weight in edges:
        g.add_edge(u, v, sign=sign, weight=weight, balance=float(sign))
    return g


def test_network_one_hostile_edge_is_unbalanced_with_pivot():
    triads = unbalanced_triads(graph_of(("A", "B", 1, 5), ("A", "C", 1, 4), ("B", "C", -1, 3)))
    assert len(triads) == 1
    assert triads[0].nodes == ("A", "B", "C") and triads[0].pivot == "A"
    assert triads[0].hostile == 1 and triads[0].strength == 3
    assert "A is friendly with B and C" in triads[0].describe()


def test_network_all_hostile_is_unbalanced_without_pivot():
    triads = unbalanced_triads(graph_of(("A", "B", -1, 1), ("A", "C", -1, 1), ("B", "C", -1, 1)))
    assert [(t.nodes, t.pivot, t.hostile) for t in triads] == [(("A", "B", "C"), None, 3)]


@pytest.mark.parametrize("signs", [(1, 1, 1), (-1, -1, 1), (1, -1, -1)])
def test_network_balanced_triads_are_not_listed(signs):
    g = graph_of(("A", "B", signs[0], 1), ("A", "C", signs[1], 1), ("B", "C", signs[2], 1))
    assert unbalanced_triads(g) == []


def test_network_neutral_edge_and_open_triads_are_ignored():
    assert unbalanced_triads(graph_of(("A", "B", 1, 1), ("A", "C", 1, 1), ("B", "C", 0, 1))) == []
    assert unbalanced_triads(graph_of(("A", "B", 1, 1), ("A", "C", 1, 1), ("B", "D", -1, 1))) == []


def test_network_triads_ranked_by_weakest_edge_and_counted():
    g = graph_of(
        ("A", "B", 1, 9), ("A", "C", 1, 9), ("B", "C", -1, 1),  # weakest edge 1
        ("X", "Y", 1, 4), ("X", "Z", 1, 4), ("Y", "Z", -1, 4),  # weakest edge 4
        ("P", "Q", 1, 2), ("P", "R", 1, 2), ("Q", "R", 1, 2),  # balanced
    )
    assert [t.pivot for t in unbalanced_triads(g)] == ["X", "A"]
    summary = balance_summary(g)
    assert summary["triads"] == 3 and summary["unbalanced"] == 2
    assert summary["balanced_share"] == pytest.approx(1 / 3)


def test_network_every_triangle_once_in_a_clique():
    g = nx.complete_graph(["A", "B", "C", "D"])
    nx.set_edge_attributes(g, -1, "sign")
    assert len(unbalanced_triads(g)) == 4  # C(4,3), all hostile


def test_network_parse_window():
    assert parse_window("12m").months == 12 and parse_window("90D").days == 90
    assert parse_window("1y").years == 1 and parse_window("2w").weeks == 2
    with pytest.raises(SwordError):
        parse_window("twelve months")


ROWS = [
    # inside the 12 months up to 2023-12-31
    Row("r1", "2023-03-01", "RUSGOV", "ARMGOV", "057", "Daily", sentence="Moscow signed with Yerevan."),
    Row("r2", "2023-04-01", "ARM", "RUS", "042", "Daily"),
    Row("r3", "2023-05-01", "RUSGOV", "AZEGOV", "057", "Daily", sentence="Moscow signed with Baku."),
    Row("r4", "2023-06-01", "AZE", "RUS", "071", "Herald"),
    Row("r5", "2023-09-19", "AZEMIL", "ARM", "190", "Herald", sentence="Baku's troops attacked."),
    Row("r6", "2023-09-20", "ARMGOV", "AZEGOV", "112", "Herald"),
    Row("r6", "2023-09-20", "EU", "ARM", "071", "Herald", sentence_index=1),
    # outside the window: an old clash between RUS and ARM must not count
    Row("o1", "2021-05-01", "RUSMIL", "ARMMIL", "190", "Daily"),
    Row("o2", "2021-05-02", "RUSMIL", "ARMMIL", "173", "Daily"),
]


# The store above has one or two events a pair: these tests of the graph's mechanics call a
# pair friendly or hostile on so little (the default needs five events and a 90% interval).
LOOSE = StanceConfig(level=0.5, min_events=1)


@pytest.fixture
def con(tmp_path):
    store = build_store(tmp_path / "s.duckdb", ROWS)
    yield store.con
    store.close()


def test_network_signed_graph_from_store(con):
    assert set(signed_graph(con, at=date(2023, 12, 31), window="12m").nodes) == {
        "RUS", "ARM", "AZE"}  # states only by default, as in the API and the report
    g = signed_graph(con, at=date(2023, 12, 31), window="12m", states_only=False,
                     stance_config=LOOSE)
    assert set(g.nodes) == {"RUS", "ARM", "AZE", "EU"}
    assert g.nodes["EU"]["kind"] == "organisation" and g.nodes["RUS"]["kind"] == "state"
    assert g.edges["RUS", "ARM"]["sign"] == 1 and g.edges["RUS", "ARM"]["weight"] == 2
    assert g.edges["ARM", "AZE"]["sign"] == -1 and g.edges["ARM", "AZE"]["balance"] == -1.0
    assert g.graph["since"] == "2022-12-31" and g.graph["at"] == "2023-12-31"
    triads = unbalanced_triads(g)
    assert [(t.nodes, t.pivot) for t in triads] == [(("ARM", "AZE", "RUS"), "RUS")]
    edge = next(e for e in triads[0].edges if e.sign < 0)
    assert edge.evidence[0].sentence == "Baku's troops attacked."  # most hostile first
    friendly = next(e for e in triads[0].edges if {e.u, e.v} == {"AZE", "RUS"})
    assert friendly.evidence[0].sentence == "Moscow signed with Baku."


def test_network_window_and_default_date(con):
    old = signed_graph(con, at="2021-12-31", window="1y", stance_config=LOOSE)
    assert list(old.edges(data="sign")) == [("ARM", "RUS", -1)]
    latest = signed_graph(con)  # ends at the last event, 2023-09-20
    assert latest.graph["at"] == "2023-09-20"
    assert signed_graph(con, states_only=True, at="2023-12-31").number_of_nodes() == 3


def test_network_write_graphml_and_json(con, tmp_path):
    g = signed_graph(con, at=date(2023, 12, 31), stance_config=LOOSE)
    back = nx.read_graphml(write_graph(g, tmp_path / "g.graphml"))
    assert back.edges["ARM", "AZE"]["sign"] == -1
    assert json.loads(back.edges["ARM", "AZE"]["evidence"])[0]["publisher"] == "Herald"
    data = json.loads(write_graph(g, tmp_path / "g.json").read_text())
    link = next(x for x in data["links"] if {x["source"], x["target"]} == {"ARM", "AZE"})
    assert link["weight"] == 2 and link["evidence"][0]["cameo"] == "190"
    with pytest.raises(SwordError):
        write_graph(g, tmp_path / "g.gexf")


def test_network_triad_history_finds_tension_that_later_resolved(con):
    # Windows end on the 1st of each month from 2022-05-01 (a year after the first event).
    # Those that hold both the 2023-09 clash and RUS–ARM cooperation (2023-03, 2023-04) see RUS
    # between ARM and AZE; by 2025 it is gone.
    tensions = triad_history(con, window="12m", step="1m", until="2025-06-30",
                             stance_config=LOOSE)
    assert [(t.nodes, t.pivot) for t in tensions] == [(("ARM", "AZE", "RUS"), "RUS")]
    tension = tensions[0]
    assert tension.first_at == date(2023, 10, 1) and tension.last_at == date(2024, 3, 1)
    assert tension.windows == 6
    assert tension.strongest.edges[0].evidence  # evidence fetched for the strongest window
    assert triad_history(con, since="2025-01-01", until="2025-06-30") == []


def test_network_default_stance_needs_events_and_a_settled_interval(con):
    # the same store with the default stance: no edge rests on five events, so none is
    # friendly or hostile and no triad is built
    g = signed_graph(con, at=date(2023, 12, 31), window="12m")
    assert {d["label"] for _, _, d in g.edges(data=True)} == {"too few events"}
    assert {d["sign"] for _, _, d in g.edges(data=True)} == {0}
    assert unbalanced_triads(g) == []
    assert triad_history(con, window="12m", step="1m", until="2025-06-30") == []
    edge = g.edges["ARM", "AZE"]
    assert edge["low"] <= edge["balance"] < edge["high"]  # all conflict: the interval reaches -1


def mixed_rows() -> list[Row]:
    # ARM–AZE: 12 clashes; ARM–RUS: 6 agreements, 5 threats (mixed); AZE–RUS: 8 agreements
    rows = [Row(f"h{i}", f"2023-{i % 12 + 1:02d}-03", "AZE", "ARM", "190", "Herald",
                sentence=f"Baku attacked, time {i}.") for i in range(12)]
    rows += [Row(f"m{i}", f"2023-{i % 12 + 1:02d}-05", "RUS", "ARM", "057", "Daily",
                 sentence=f"Moscow signed with Yerevan, time {i}.") for i in range(6)]
    rows += [Row(f"t{i}", f"2023-{i % 12 + 1:02d}-07", "RUS", "ARM", "130", "Daily",
                 sentence=f"Moscow threatened Yerevan, time {i}.") for i in range(5)]
    rows += [Row(f"f{i}", f"2023-{i % 12 + 1:02d}-09", "RUS", "AZE", "057", "Daily",
                 sentence=f"Moscow signed with Baku, time {i}.") for i in range(8)]
    return rows


def test_network_mixed_edge_breaks_the_triad(tmp_path):
    store = build_store(tmp_path / "m.duckdb", mixed_rows())
    try:
        g = signed_graph(store.con, at=date(2023, 12, 31), window="12m")
    finally:
        store.close()
    assert g.edges["ARM", "AZE"]["label"] == "hostile" and g.edges["ARM", "AZE"]["sign"] == -1
    assert g.edges["AZE", "RUS"]["label"] == "friendly"
    # +0.09 from eleven events: the interval spans neutral
    assert g.edges["ARM", "RUS"]["label"] == "mixed" and g.edges["ARM", "RUS"]["sign"] == 0
    assert g.edges["ARM", "RUS"]["low"] < 0 < g.edges["ARM", "RUS"]["high"]
    assert unbalanced_triads(g) == []
    # the hostile edge's evidence is conflictual only, the friendly edge's cooperative only
    assert {e.quad_class for e in g.edges["ARM", "AZE"]["evidence"]} == {4}
    assert {e.cameo for e in g.edges["AZE", "RUS"]["evidence"]} == {"057"}
