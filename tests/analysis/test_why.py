"""Why a dyad moved: alerts with co-moves and stored reasons, through the library, the
CLI (plain, ≤ 80 columns), the API route and the report's Why section."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sword.analysis.findings import ReportConfig, collect_findings
from sword.analysis.why import explain_dyad, reasons_for
from sword.api import create_app
from sword.cli.main import app
from sword.model import CodedDocument, Document, Reason
from sword.report.html import build_report
from sword.store import Store
from test_comove_fixtures import PLANTED, STATIONARY, TURNING, build_world

REASON_TEXT = ("Armenia froze its ties with Russia because <b>Moscow</b> failed to defend it, "
               "the prime minister said.")


def _reason(doc_id: str, day: str, actor: str, partner: str, text: str, **extra) -> Reason:
    return Reason(doc_id=doc_id, sentence_index=0, sentence=text, sentence_start=0,
                  sentence_end=len(text), reason=text[text.index("because"):],
                  reason_start=text.index("because"), reason_end=len(text), marker="because",
                  kind="cause", actor=actor, partner=partner, partner_how="sentence",
                  event_date=day, **extra)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    path = tmp_path_factory.mktemp("why") / "w.duckdb"
    store = build_world(path, [TURNING, *STATIONARY, *PLANTED], seed=3)
    reasons = [
        ("r1", "2022-03-10", _reason("r1", "2022-03-10", "ARM", "RUS", REASON_TEXT,
                                     attribution="claim", speaker="ARM",
                                     speaker_name="the prime minister")),
        ("r2", "2022-05-02", _reason("r2", "2022-05-02", "ARM", "USA",
                                     "Armenia turned to Washington because it wanted arms.",
                                     attribution="analysis")),
        ("r3", "2019-02-01", _reason("r3", "2019-02-01", "AZE", "TUR",
                                     "Azerbaijan met Turkey because of gas.",
                                     attribution="analysis")),
    ]
    store.ingest([CodedDocument(Document(id=doc, text=r.sentence, date=date.fromisoformat(day),
                                         source="Reason Wire", url=f"https://example.org/{doc}"),
                                reasons=[r]) for doc, day, r in reasons])
    store.close()
    return path


@pytest.fixture
def store(world):
    with Store(world, read_only=True) as opened:
        yield opened


def test_why_reasons_are_stored_apart_from_events(store):
    assert store.con.execute("SELECT count(*) FROM reasons").fetchone()[0] == 3
    assert store.con.execute(
        "SELECT count(*) FROM events WHERE doc_id IN ('r1', 'r2', 'r3')").fetchone()[0] == 0
    rows = reasons_for(store.con, "RUS", "ARM")
    assert [r.doc_id for r in rows] == ["r1"]
    assert rows[0].voice == "claim by ARM" and rows[0].publisher == "Reason Wire"


def test_why_links_reasons_and_comoves_to_the_alert(store):
    found = explain_dyad(store.con, "RUS", "ARM")
    assert found.dyad == ("ARM", "RUS") and len(found.alerts) == 1
    alert = found.alerts[0]
    assert [r.doc_id for r in alert.reasons] == ["r1"]
    assert ("ARM", "USA") in {m.dyad for m in alert.comoves if m.beyond_chance}
    assert [r.doc_id for r in alert.comove_reasons[("ARM", "USA")]] == ["r2"]


def test_why_cli_plain_and_narrow(world):
    result = CliRunner().invoke(app, ["why", "ARM", "RUS", "--db", str(world)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Why Armenia – Russia moved (association in time")
    assert max(len(line) for line in lines) <= 80
    text = " ".join(line.strip() for line in lines)
    assert "Armenia – United States warmed" in text
    assert "claim by ARM" in text and "[r1, characters 0–" in text
    assert "\x1b[" not in result.output  # no terminal markup


def test_alignment_cli_projects_on_poles(world):
    result = CliRunner().invoke(app, ["alignment", "arm", "--db", str(world),
                                      "--poles", "RUS,USA,CHN"])
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
    summary = " ".join(result.output.split("\n\n")[-1].split())
    assert "Armenia: away from Russia (−) since 2022" in summary
    assert "towards United States (+) since 2022" in summary
    assert "no clear move with China" in summary


def test_why_cli_unknown_store_is_exit_1(tmp_path):
    result = CliRunner().invoke(app, ["why", "ARM", "RUS", "--db", str(tmp_path / "no.duckdb")])
    assert result.exit_code == 1


def test_why_api_route(world):
    with TestClient(create_app(world)) as client:
        answer = client.get("/api/dyads/rus/arm/why", params={"window": 12})
        assert answer.status_code == 200
        body = answer.json()
        assert body["dyad"] == ["ARM", "RUS"] and "not causes" in body["note"]
        alert = body["alerts"][0]
        assert alert["reasons"][0]["doc_id"] == "r1"
        assert any(m["dyad"] == ["ARM", "USA"] for m in alert["comoves"])
        assert client.get("/api/dyads/ARM/ARM/why").status_code == 422
        assert client.get("/api/dyads/ARM/RUS/why", params={"windw": 3}).status_code == 422


def test_report_why_section(store, tmp_path):
    findings = collect_findings(store.con, ReportConfig())
    page = build_report(store.con, tmp_path / "r.html", findings=findings).read_text("utf-8")
    assert '<section id="why">' in page and 'href="#why-1"' in page
    why = page[page.index('<section id="why">'):page.index('<section id="timelines">')]
    assert "Reasons the press gives" in why and "claim by ARM" in why
    assert "&lt;b&gt;Moscow&lt;/b&gt;" in why and "<b>Moscow</b>" not in why  # escaped
    assert 'href="https://example.org/r1"' in why
