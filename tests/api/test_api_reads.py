"""The read endpoints of the HTTP API, in-process, over a hand-built store."""

from __future__ import annotations

import itertools
from pathlib import Path

import plotly
import pytest
from fastapi.testclient import TestClient

from sword.api import action_words, create_app, event_highlights
from test_api_fixtures import XSS_DOC_ID, build_story_store, story

STORY = story()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = build_story_store(tmp_path_factory.mktemp("api") / "story.duckdb")
    with TestClient(create_app(db)) as test_client:
        yield test_client


def get(client: TestClient, url: str, **params: object) -> object:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


# --- summary and events ------------------------------------------------------------------


def test_api_summary_counts_the_store(client: TestClient) -> None:
    summary = get(client, "/api/summary")
    assert summary["documents"] == len(STORY) + 1  # plus the XSS article
    assert summary["events"] == len(STORY) + 1
    assert summary["first_event"] == min(s.day for s in STORY)
    assert summary["last_event"] == "2025-08-15"


def test_api_events_paginate_with_total(client: TestClient) -> None:
    first = get(client, "/api/events", page_size=10)
    second = get(client, "/api/events", page_size=10, page=2)
    assert first["total"] == len(STORY) + 1
    assert first["pages"] == -(-first["total"] // 10)
    assert len(first["items"]) == len(second["items"]) == 10
    ids = {e["event_id"] for e in first["items"]} | {e["event_id"] for e in second["items"]}
    assert len(ids) == 20
    last = get(client, "/api/events", page_size=10, page=first["pages"])
    assert len(last["items"]) == first["total"] - 10 * (first["pages"] - 1)


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [("date", "event_date", False), ("-date", "event_date", True),
     ("goldstein", "goldstein", False), ("-goldstein", "goldstein", True)],
)
def test_api_events_sorted(client: TestClient, sort: str, key: str, reverse: bool) -> None:
    items = get(client, "/api/events", sort=sort, page_size=500)["items"]
    values = [item[key] for item in items]
    assert values == sorted(values, reverse=reverse)
    assert len(set(values)) > 1


def test_api_events_actor_matches_either_side(client: TestClient) -> None:
    items = get(client, "/api/events", actor="FRA", page_size=500)["items"]
    assert len(items) == sum("FRA" in (s.source, s.target) for s in STORY)
    assert all("FRA" in (e["source_country"], e["target_country"]) for e in items)


def test_api_events_source_and_target(client: TestClient) -> None:
    items = get(client, "/api/events", source="ARM", target="FRA", page_size=500)["items"]
    assert len(items) == sum((s.source, s.target) == ("ARM", "FRA") for s in STORY)
    # A full actor code matches that actor only: the fixtures' sources are <country>GOV.
    assert get(client, "/api/events", source="ARMGOV", target="FRA")["total"] == len(items)
    assert get(client, "/api/events", source="ARMMIL")["total"] == 0


def test_api_events_dyad_covers_both_directions(client: TestClient) -> None:
    items = get(client, "/api/events", dyad="AZE,RUS", page_size=500)["items"]
    expected = sum({s.source, s.target} == {"AZE", "RUS"} for s in STORY) + 1  # + XSS
    assert len(items) == expected
    directions = {(e["source_country"], e["target_country"]) for e in items}
    assert directions == {("RUS", "AZE"), ("AZE", "RUS")}


def test_api_events_csv_has_every_matching_event(client: TestClient) -> None:
    import csv
    import io

    from sword.model import RECORD_FIELDS

    response = client.get("/api/events.csv", params={"dyad": "AZE,RUS", "quad_class": 4,
                                                     "page_size": 1})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    listed = get(client, "/api/events", dyad="AZE,RUS", quad_class=4, page_size=500)["items"]
    assert rows and len(rows) == len(listed)  # all of them, not one page
    assert list(rows[0]) == [*RECORD_FIELDS, "publisher", "title", "url"]
    assert [r["event_id"] for r in rows] == [e["event_id"] for e in listed]
    assert all(r["quad_class"] == "4" for r in rows)


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"cameo": "17"}, lambda e: e["cameo"].startswith("17")),
        ({"cameo": "057"}, lambda e: e["cameo"] == "057"),
        ({"root": "11"}, lambda e: e["root"] == "11"),
        ({"quad_class": 4}, lambda e: e["quad_class"] == 4),
        ({"plover": "agree"}, lambda e: e["plover"] == "AGREE"),
        ({"publisher": "Ararat Weekly"}, lambda e: e["publisher"] == "Ararat Weekly"),
        ({"min_confidence": 0.7}, lambda e: e["confidence"] >= 0.7),
        ({"doc_id": "doc-003"}, lambda e: e["doc_id"] == "doc-003"),
    ],
)
def test_api_events_filters(client: TestClient, params: dict, check) -> None:
    result = get(client, "/api/events", page_size=500, **params)
    assert result["total"] > 0
    assert result["total"] < len(STORY) + 1
    assert all(check(e) for e in result["items"])


def test_api_events_date_range_month_precision(client: TestClient) -> None:
    items = get(client, "/api/events", since="2023-02", until="2023-03", page_size=500)["items"]
    expected = [s for s in STORY if "2023-02-01" <= s.day <= "2023-03-31"]
    assert len(items) == len(expected)
    assert {e["event_date"][:7] for e in items} == {"2023-02", "2023-03"}
    year = get(client, "/api/events", since="2025", page_size=500)["items"]
    assert len(year) == sum(s.day >= "2025" for s in STORY) + 1


def test_api_events_text_search_in_evidence(client: TestClient) -> None:
    items = get(client, "/api/events", q="ARRESTED citizens", page_size=500)["items"]
    assert len(items) == sum(s.cameo == "173" for s in STORY)
    assert all("arrested citizens" in e["evidence"] for e in items)


def test_api_events_carry_outlet_title_and_highlights(client: TestClient) -> None:
    item = get(client, "/api/events", doc_id="doc-000")["items"][0]
    assert item["publisher"] and item["title"] and item["url"]
    marked = {(item["evidence"][h["start"]:h["end"]], h["kind"])
              for h in item["evidence_highlights"]}
    assert marked == {("Russia", "actor"), ("Azerbaijan", "actor"), ("signed", "action"),
                      ("agreement", "action")}


# --- actors, dyads, timeline -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [("Aliyev", "AZE"), ("aliyev", "AZE"), ("Pashinyan", "ARM"), ("Kremlin", "RUS"),
     ("Azerbaij", "AZE"), ("FRA", "FRA"), ("Armenian", "ARM")],
)
def test_api_actor_search_finds_countries_and_leaders(client: TestClient, text: str,
                                                      code: str) -> None:
    found = get(client, "/api/actors", q=text)
    assert found, text
    assert found[0]["code"] == code
    assert found[0]["name"]
    assert found[0]["events"] > 0


def test_api_actor_search_says_how_it_matched(client: TestClient) -> None:
    best = get(client, "/api/actors", q="Aliyev")[0]
    assert (best["matched"], best["how"], best["name"]) == ("Aliyev", "person", "Azerbaijan")
    assert get(client, "/api/actors", q="zzqqxx") == []


def test_api_dyads_rank_by_unique_events(client: TestClient) -> None:
    dyads = get(client, "/api/dyads")
    assert (dyads[0]["a"], dyads[0]["b"]) == ("AZE", "RUS")
    counts = [d["events"] for d in dyads]
    assert counts == sorted(counts, reverse=True)
    first = dyads[0]
    assert first["balance"] == pytest.approx(
        (first["cooperation"] - first["conflict"]) / first["events"])
    only_france = get(client, "/api/dyads", actor="FRA")
    assert [(d["a"], d["b"]) for d in only_france] == [("ARM", "FRA")]


def test_api_timeline_both_directions(client: TestClient) -> None:
    timeline = get(client, "/api/dyads/rus/aze/timeline", freq="quarter")
    forward, backward = timeline["directions"]["forward"], timeline["directions"]["backward"]
    assert (forward, backward) == ("RUS→AZE", "AZE→RUS")
    series = timeline["series"]
    assert set(series) == {forward, backward, "both"}
    expected_forward = sum((s.source, s.target) == ("RUS", "AZE") for s in STORY) + 1
    assert sum(series[forward]["events"]) == expected_forward
    assert [a + b for a, b in zip(series[forward]["events"], series[backward]["events"],
                                   strict=True)] == series["both"]["events"]
    assert series["both"]["period"][0] == "2023-01-01"
    balances = [b for b in series["both"]["balance"] if b is not None]
    assert max(balances) == 1.0 and min(balances) == -1.0
    assert None in series["both"]["balance"]  # quarters without events: null, not NaN


def test_api_timeline_window(client: TestClient) -> None:
    timeline = get(client, "/api/dyads/RUS/AZE/timeline", since="2024-01", until="2024-12")
    periods = timeline["series"]["both"]["period"]
    assert periods[0] == "2024-01-01" and periods[-1] == "2024-12-01"


# --- analyses ------------------------------------------------------------------------------


def test_api_shifts_find_the_turn_with_evidence(client: TestClient) -> None:
    shifts = get(client, "/api/shifts")
    turn = next(s for s in shifts if s["dyad"] == ["AZE", "RUS"])
    assert turn["direction"] == "towards conflict"
    assert "2023-12-01" < turn["date"] <= "2024-10-01"
    assert turn["size"] < -1
    assert turn["evidence_before"] and turn["evidence_after"]
    assert all(e["goldstein"] > 0 for e in turn["evidence_before"])
    assert all(e["goldstein"] < 0 for e in turn["evidence_after"])
    assert get(client, "/api/shifts", dyad="RUS,AZE")[0]["dyad"] == ["AZE", "RUS"]
    assert all("FRA" in s["dyad"] for s in get(client, "/api/shifts", actor="FRA"))


def test_api_network_signed_edges_in_window(client: TestClient) -> None:
    graph = get(client, "/api/network", at="2023-12-31", window="12m")
    edges = {(e["a"], e["b"]): e for e in graph["edges"]}
    assert edges[("ARM", "AZE")]["sign"] == -1
    assert edges[("ARM", "RUS")]["sign"] == 1
    assert edges[("AZE", "RUS")]["sign"] == 1
    assert ("ARM", "FRA") not in edges  # that pair starts in 2024
    assert graph["since"] == "2022-12-31" and graph["at"] == "2023-12-31"
    later = get(client, "/api/network", at="2025-06-30", window="6m")
    assert {(e["a"], e["b"]): e["sign"] for e in later["edges"]} == {("AZE", "RUS"): -1}


def test_api_network_layout_is_stable_across_windows(client: TestClient) -> None:
    early = {n["id"]: (n["x"], n["y"]) for n in get(client, "/api/network", at="2023-12-31")["nodes"]}
    late = {n["id"]: (n["x"], n["y"]) for n in get(client, "/api/network", at="2025-06-30")["nodes"]}
    assert early["RUS"] == late["RUS"] and early["AZE"] == late["AZE"]
    assert len(set(early.values())) == len(early)  # no two states on one spot


def test_api_triads_russia_between_armenia_and_azerbaijan(client: TestClient) -> None:
    result = get(client, "/api/triads", at="2023-12-31")
    assert result["total"] == 1
    triad = result["triads"][0]
    assert triad["nodes"] == ["ARM", "AZE", "RUS"]
    assert triad["pivot"] == "RUS"
    assert all(edge["evidence"] for edge in triad["edges"])
    assert get(client, "/api/triads", at="2025-06-30")["total"] == 0


# --- documents -----------------------------------------------------------------------------


def test_api_document_with_highlights(client: TestClient) -> None:
    doc = get(client, "/api/documents/doc-000")
    assert doc["doc_id"] == "doc-000"
    assert doc["publisher"] and doc["date"] == STORY[0].day
    event = doc["events"][0]
    assert doc["text"][event["evidence_start"]:event["evidence_end"]] == event["evidence"]
    marked = [(doc["text"][h["start"]:h["end"]], h["kind"]) for h in event["highlights"]]
    assert marked == [("Russia", "actor"), ("signed", "action"), ("agreement", "action"),
                      ("Azerbaijan", "actor")]
    assert {m["text"] for m in doc["mentions"]} == {"Russia", "Azerbaijan"}


def test_api_document_text_is_returned_verbatim(client: TestClient) -> None:
    doc = get(client, f"/api/documents/{XSS_DOC_ID}")
    assert "<script>" in doc["text"] and "onerror=" in doc["events"][0]["evidence"]


# --- helpers -------------------------------------------------------------------------------


def test_api_action_words_from_patterns() -> None:
    assert action_words("verb:sign agreement") == ["sign", "agreement"]
    assert action_words("@say > accuse(verb:condemn)") == ["condemn"]
    assert action_words("noun:talks") == ["talks"]
    assert action_words("not cooperate") == ["cooperate"]
    assert action_words("verb:apologise to") == ["apologise"]
    assert action_words("verb:step up pressure") == ["step", "pressure"]
    assert action_words("") == []


def test_api_highlights_never_overlap_and_stay_in_the_sentence() -> None:
    text = "Lead. Russia raided raids in Russia. Tail Russia."
    event = {"evidence_start": 6, "evidence_end": 36, "source_name": "Russia",
             "target_name": "Russia", "pattern": "verb:raid", "source": "RUS", "target": "RUS"}
    mentions = [{"start": 6, "end": 12, "text": "Russia", "code": "RUS"},
                {"start": 6, "end": 9, "text": "Rus", "code": "RUS"},
                {"start": 42, "end": 48, "text": "Russia", "code": "RUS"}]
    spans = event_highlights(text, event, mentions)
    assert [(text[s["start"]:s["end"]], s["kind"]) for s in spans] == [
        ("Russia", "actor"), ("raided", "action"), ("raids", "action")]
    ends = [s["end"] for s in spans]
    assert all(a["end"] <= b["start"] for a, b in itertools.pairwise(spans))
    assert max(ends) <= 36


# --- dashboard and reference pages ---------------------------------------------------------


def test_api_dashboard_page_is_served_with_a_strict_policy(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert 'id="network-plot"' in response.text and 'id="evidence-list"' in response.text


def test_api_dashboard_bundles_plotly_and_uses_no_cdn(client: TestClient) -> None:
    bundled = client.get("/static/vendor/plotly.min.js")
    assert bundled.status_code == 200
    installed = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert bundled.content == installed.read_bytes()
    static = Path(__file__).parents[2] / "src" / "sword" / "api" / "static"
    for name in ("index.html", "app.js", "apidocs.html", "apidocs.js", "style.css"):
        text = (static / name).read_text(encoding="utf-8")
        assert "cdn" not in text.lower(), name
        assert 'src="http' not in text and "href=\"http" not in text, name
        assert client.get(f"/static/{name}").status_code == 200


def test_api_dashboard_script_never_writes_html() -> None:
    static = Path(__file__).parents[2] / "src" / "sword" / "api" / "static"
    for name in ("app.js", "apidocs.js"):
        script = (static / name).read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in script, f"{name} uses {sink}"


def test_api_reference_page_and_openapi(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "apidocs.js" in page.text
    spec = get(client, "/openapi.json")
    paths = set(spec["paths"])
    assert {
        "/api/summary", "/api/events", "/api/actors", "/api/dyads",
        "/api/dyads/{a}/{b}/timeline", "/api/shifts", "/api/network", "/api/triads",
        "/api/documents/{doc_id}", "/api/documents",
    } <= paths
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "dyad", "cameo", "root", "quad_class", "plover", "since", "until", "q",
            "sort", "page", "page_size"} <= names
