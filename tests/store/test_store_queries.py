"""One unique-events definition: the report, the API, `sword network` and `/api/triads`
give the same counts for the same window."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sword.analysis.findings import corpus_summary
from sword.analysis.network import signed_graph, unbalanced_triads
from sword.analysis.relations import StanceConfig
from sword.api.app import create_app
from sword.cli import app as cli_app
from sword.store import Store
from sword.store.queries import pair_event_counts
from test_store_fixtures import Row, build_store

ROWS = [
    Row("d1", "2023-03-01", "RUSGOV", "ARMGOV", "057", "Daily"),
    Row("d2", "2023-03-01", "RUS", "ARMGOV", "057", "Herald"),  # the same event, another outlet
    Row("d3", "2023-04-01", "RUSGOV", "AZEGOV", "057", "Daily"),
    Row("d4", "2023-05-01", "AZEMIL", "ARM", "190", "Herald"),
    Row("d5", "2023-06-01", "ARMCOP", "ARMOPP", "173", "Daily"),  # one country: no pair
    Row("d6", "2023-07-01", "EU", "ARM", "071", "Daily"),
    Row("d7", "2022-01-05", "RUSMIL", "ARMMIL", "190", "Daily"),  # before the window
]


def test_store_queries_one_unique_count_everywhere(tmp_path):
    path = tmp_path / "s.duckdb"
    build_store(path, ROWS).close()
    with Store(path, read_only=True) as store:
        whole = pair_event_counts(store.con)
        window = pair_event_counts(store.con, date(2023, 1, 1), date(2023, 12, 31))
        report_unique = corpus_summary(store.con).unique_events
        graph = signed_graph(store.con, date(2023, 12, 31), "12m", states_only=False)
        # one or two events a pair: call pairs on that little (the default needs five)
        graph_states = signed_graph(store.con, date(2023, 12, 31), "12m",
                                    stance_config=StanceConfig(level=0.5, min_events=1))
        triads = len(unbalanced_triads(graph_states))
        default_triads = len(unbalanced_triads(signed_graph(store.con, date(2023, 12, 31),
                                                            "12m")))
    assert (whole["unique_events"], window["unique_events"]) == (5, 4)
    assert report_unique == whole["unique_events"]
    assert sum(w for _, _, w in graph.edges(data="weight")) == window["unique_events"]
    assert triads == 1  # RUS friendly with ARM and AZE, who fight

    result = CliRunner().invoke(cli_app, ["network", "--at", "2023-12-31", "--db", str(path),
                                          "--stance-events", "1", "--level", "0.5"],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert re.search(rf"\b{triads} unbalanced", result.stdout)

    client = TestClient(create_app(path))
    assert client.get("/api/summary").json()["unique_events"] == whole["unique_events"]
    stats = client.get("/api/stats", params={"since": "2023", "until": "2023"}).json()
    assert stats["unique_events"] == window["unique_events"] and stats["pairs"] == 4
    api_triads = client.get("/api/triads", params={"at": "2023-12-31", "window": "12m"}).json()
    assert api_triads["total"] == default_triads  # the API calls pairs by the default stance

