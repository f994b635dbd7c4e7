"""The command line, called in-process."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sword.cli.main import app

runner = CliRunner()


def test_cli_every_command_is_documented():
    import typer.main

    group = typer.main.get_command(app)
    assert group.commands, "no commands registered"
    for name, command in group.commands.items():
        assert command.help and len(command.help.strip()) > 20, f"{name} lacks --help text"
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)


def test_cli_version():
    import sword

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and sword.__version__ in result.output


@pytest.mark.slow
def test_cli_code_txt_and_jsonl_to_stdout(tmp_path):
    (tmp_path / "a.txt").write_text("Germany expelled two Russian diplomats on Monday.\n")
    (tmp_path / "b.jsonl").write_text(json.dumps(
        {"id": "b1", "text": "Turkey condemned the Israeli strike on Gaza.", "date": "2024-05-02"}
    ) + "\n")
    result = runner.invoke(app, ["code", str(tmp_path), "--date", "2024-05-06"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert {r["doc_id"] for r in records} == {"a", "b1"}
    # expelling diplomats: CAMEO allows 1663 (reduce relations) or 174 (expel)
    assert any(r["source"].startswith("DEU") and r["root"] in {"16", "17"} for r in records)


@pytest.mark.slow
def test_cli_code_bad_line_is_reported_and_skipped(tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(
        json.dumps({"id": "ok1", "text": "Germany expelled two Russian diplomats."}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "ok2", "text": "France condemned Iran's missile test."}) + "\n"
    )
    out = tmp_path / "events.csv"
    result = runner.invoke(app, ["code", str(corpus), "-o", str(out), "--date", "2024-01-02"])
    assert result.exit_code == 3
    assert f"{corpus}:2" in result.stderr
    rows = out.read_text().splitlines()
    assert rows[0].startswith("event_id,doc_id")
    assert {row.split(",")[1] for row in rows[1:]} == {"ok1", "ok2"}


@pytest.mark.slow
def test_cli_code_stdin(tmp_path):
    result = runner.invoke(app, ["code", "-", "--date", "2024-01-02"],
                           input="Germany expelled two Russian diplomats.\n")
    assert result.exit_code == 0, result.output
    assert '"source_country": "DEU"' in result.stdout


def test_cli_code_bad_date_is_a_usage_error():
    result = runner.invoke(app, ["code", "-", "--date", "yesterday"], input="x\n")
    assert result.exit_code == 2


@pytest.mark.slow
def test_cli_eval_prints_scores(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "date": "2024-01-02",
                                "text": "Germany expelled two Russian diplomats.",
                                "events": [{"source": "DEU", "target": "RUS", "cameo": "1663"}]})
                    + "\n")
    result = runner.invoke(app, ["eval", str(gold), "-v"])
    assert result.exit_code == 0, result.output
    assert "precision" in result.output and "country dyad + root code" in result.output
