"""`sword code` imports only what coding needs: no DuckDB, pandas, pyarrow, plotly, SciPy
or onnxruntime for a sentence the lexicon codes (start-up time and memory are measured by
benchmarks/startup.py, not here)."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

import pytest

HEAVY = ("duckdb", "pandas", "pyarrow", "plotly", "scipy", "networkx", "ruptures",
         "onnxruntime", "fastapi", "dask")
RUN = f"""
import sys
from sword.cli.main import main
try:
    main()
except SystemExit:
    pass
print("MODULES", [m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)
import gc
print("FROZEN", gc.get_freeze_count(), gc.get_threshold()[0], file=sys.stderr)
"""


def imported(args: list[str], stdin: str = "") -> tuple[list[str], str]:
    done = subprocess.run([sys.executable, "-c", RUN, *args], input=stdin, text=True,
                          capture_output=True, timeout=300)
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES"))
    return eval(line.removeprefix("MODULES "), {}), done.stdout


def test_cli_startup_help_imports_no_heavy_library() -> None:
    modules, out = imported(["code", "--help"])
    assert modules == [] and "--no-model" in out


def test_cli_startup_program_leaves_its_objects_to_the_exit() -> None:
    from typer.testing import CliRunner

    from sword.cli.main import GC_EVERY, app

    # the program freezes what it holds when it ends (the last collections would walk
    # every loaded object for nothing); `app`, which tests call in-process, does not
    done = subprocess.run([sys.executable, "-c", RUN, "--version"], text=True,
                          capture_output=True, timeout=300)
    frozen = next(x for x in done.stderr.splitlines() if x.startswith("FROZEN"))
    assert int(frozen.split()[1]) > 10_000
    assert int(frozen.split()[2]) == GC_EVERY  # collecting less often while it starts
    before = gc.get_freeze_count(), gc.get_threshold()
    assert CliRunner().invoke(app, ["--version"]).exit_code == 0
    assert (gc.get_freeze_count(), gc.get_threshold()) == before


@pytest.mark.slow
def test_cli_startup_code_one_sentence_imports_no_heavy_library() -> None:
    modules, out = imported(
        ["code", "-"], "Russia and Azerbaijan signed a strategic partnership agreement.\n")
    assert modules == []
    events = [json.loads(line) for line in out.splitlines()]
    assert {(e["source"], e["target"]) for e in events} >= {("RUS", "AZE")}


def test_cli_startup_analysis_command_loaded_on_demand() -> None:
    modules, out = imported(["shifts", "--help"])
    assert "--min-events" in out
    assert "duckdb" in modules  # its group (and the store) was loaded for it
    modules, out = imported(["--help"])
    for command in ("code", "ingest", "relations", "shifts", "serve", "report"):
        assert command in out
