"""Optional parts: a missing extra gives one sentence saying what to install."""

from __future__ import annotations

import importlib.util
import types

import pytest
import typer
from typer.testing import CliRunner

from sword.cli.main import register_groups
from sword.errors import MissingExtra
from sword.extras import require


def test_extras_require_names_the_extra_and_the_command(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "duckdb" else real(name, *a))
    with pytest.raises(MissingExtra, match=r"pip install 'project-sword\[store\]'"):
        require("store")
    require("report")  # plotly is installed


def test_extras_cli_lists_commands_of_a_missing_extra_and_says_how_to_install(monkeypatch):
    def broken(name):  # a command group whose extra is not installed
        if name == "fake.group":
            raise MissingExtra("needs the [store] extra: pip install 'project-sword[store]'")
        return types.ModuleType(name)

    monkeypatch.setattr("importlib.import_module", broken)
    app = typer.Typer()
    app.command("noop")(lambda: None)
    register_groups(app, {"fake.group": ("ingest",)})
    result = CliRunner().invoke(app, ["ingest", "corpus/"])
    assert result.exit_code == 1
    assert "project-sword[store]" in result.output
