"""What the command line accepts: actor names where a code goes, the store found the way
`serve` finds it, inputs checked before the model loads, and --help in words."""

from __future__ import annotations

import re
import shutil

import pytest
import typer
from typer.testing import CliRunner

from sword.cli.actors import resolve_actor, suggest
from sword.cli.common import DEMO_STORE, OWN_STORE, find_store
from sword.cli.main import app
from sword.coding.knowledge import default_knowledge
from sword.errors import EXIT_USAGE
from test_report_fixtures import build_report_store

runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("args") / "s.duckdb"
    build_report_store(path).close()
    return path


@pytest.mark.parametrize(("given", "code"), [
    ("RUS", "RUS"), ("aze", "AZE"), ("Russia", "RUS"), ("the Kremlin", "RUS"),
    ("Kremlin", "RUS"), ("Aliyev", "AZE"), ("Azeri", "AZE"), ("Baku", "AZE"),
    ("Pashinyan", "ARM"), ("nato", "NATO"), ("United Arab Emirates", "ARE"),
])
def test_cli_actor_names_resolve_to_codes(given, code):
    assert resolve_actor(given).code == code


def test_cli_actor_unknown_name_suggests_the_nearest():
    with pytest.raises(typer.BadParameter) as caught:
        resolve_actor("Azerbajan")
    assert "Azerbaijan (AZE)" in str(caught.value)
    assert suggest(default_knowledge(), "Rusia")[0] == "Russia (RUS)"


def test_cli_relations_by_name_prints_what_the_codes_print(store):
    by_code = runner.invoke(app, ["relations", "RUS", "AZE", "--db", str(store)])
    by_name = runner.invoke(app, ["relations", "the Kremlin", "Aliyev", "--db", str(store)])
    assert by_code.exit_code == by_name.exit_code == 0, by_name.output
    assert by_name.stdout == by_code.stdout and "RUS–AZE" in by_code.stdout
    assert "Aliyev: AZE (Azerbaijan)" in by_name.stderr


def test_cli_unknown_actor_is_a_usage_error_with_suggestions(store):
    result = runner.invoke(app, ["relations", "Rusia", "AZE", "--db", str(store)],
                           env={"COLUMNS": "200"})
    assert result.exit_code == EXIT_USAGE
    assert "no actor known as 'Rusia'" in result.output and "Russia (RUS)" in result.output


def test_cli_shifts_filter_by_actor_name(store):
    both = runner.invoke(app, ["shifts", "--min-events", "5", "--db", str(store)])
    mine = runner.invoke(app, ["shifts", "--min-events", "5", "--actor", "Putin",
                               "--actor", "Azerbaijan", "--db", str(store)])
    other = runner.invoke(app, ["shifts", "--min-events", "5", "--actor", "France",
                                "--db", str(store)])
    assert both.exit_code == mine.exit_code == other.exit_code == 0, mine.output
    assert "AZE–RUS" in mine.stdout and "no shifts found" in other.stdout


def test_cli_store_found_like_serve(tmp_path, store, monkeypatch):
    assert find_store(None, tmp_path) == tmp_path / OWN_STORE
    shutil.copy(store, tmp_path / DEMO_STORE)
    assert find_store(None, tmp_path) == tmp_path / DEMO_STORE
    (tmp_path / OWN_STORE).touch()
    assert find_store(None, tmp_path) == tmp_path / OWN_STORE
    assert find_store(tmp_path / "x.duckdb", tmp_path) == tmp_path / "x.duckdb"
    (tmp_path / OWN_STORE).unlink()
    monkeypatch.chdir(tmp_path)  # `sword demo` then `sword relations RUS AZE`
    result = runner.invoke(app, ["relations", "RUS", "AZE"])
    assert result.exit_code == 0, result.output
    assert "RUS–AZE" in result.stdout and DEMO_STORE in result.stderr


def test_cli_store_names_are_the_store_and_demo_defaults():
    from sword.cli.common import REPORT_FILE
    from sword.demo import DEFAULT_DEMO_DB
    from sword.report.html import DEFAULT_REPORT
    from sword.store import DEFAULT_DB

    assert (OWN_STORE, DEMO_STORE, REPORT_FILE) == (DEFAULT_DB, DEFAULT_DEMO_DB, DEFAULT_REPORT)


def test_cli_code_missing_input_fails_before_the_model_loads(tmp_path, monkeypatch):
    import sword.coding.pipeline as pipeline

    def no_model(*args, **kwargs):
        raise AssertionError("the model was loaded for an input that does not exist")

    monkeypatch.setattr(pipeline, "get_coder", no_model)
    monkeypatch.setattr(pipeline, "code_documents", no_model)
    missing = tmp_path / "nonexistent"
    result = runner.invoke(app, ["code", str(missing)])
    assert result.exit_code == EXIT_USAGE, result.output
    assert f"{missing}: [E001] no such file or directory" in result.stderr
    result = runner.invoke(app, ["ingest", str(missing), "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == EXIT_USAGE, result.output


def _commands() -> list[str]:
    import typer.main

    return sorted(typer.main.get_command(app).commands)


@pytest.mark.parametrize("name", _commands())
def test_cli_help_reads_as_prose_with_an_example(name):
    result = runner.invoke(app, [name, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    text = result.output
    assert not re.search(r"<(bool|str|int|float|path|list\[\w+\])[^>]*>", text), text
    assert "Example" in text, f"sword {name} --help shows no example"
    assert re.search(rf"^\s*(\S+ \| )?sword {name}\b", text, re.M), text
    usage = next(line for line in text.splitlines() if "Usage:" in line)
    assert "{" not in usage, usage  # INPUT..., not {inputs}...
    assert max(len(line) for line in text.splitlines()) <= 80


def test_cli_top_level_help_reads_as_prose():
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert "<bool>" not in result.output and "sword relations Russia Azerbaijan" in result.output
