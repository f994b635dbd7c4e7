"""The README's example outputs are what the commands print (`make docs` writes them)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "readme_examples.py"


@pytest.fixture(scope="module")
def examples():
    spec = importlib.util.spec_from_file_location("readme_examples", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_readme_examples_blocks_are_rewritten_between_markers(examples):
    readme = ("intro\n<!-- example: x -->\n```console\n$ sword old\nold output\n```\n"
              "<!-- /example -->\nmiddle\n<!-- example: y -->\n```console\n$ kept\n```\n"
              "<!-- /example -->\nend\n")
    fresh = {"x": "$ sword x\nnew output\n"}
    written = examples.rewrite(readme, fresh)
    assert examples.read_blocks(written) == {"x": fresh["x"], "y": "$ kept\n"}
    assert written.startswith("intro\n") and "\nmiddle\n" in written and written.endswith("end\n")
    assert examples.drift(written, fresh) == []
    assert examples.drift(readme, fresh)  # the old output is drift
    assert examples.drift(written, {"x": "$ sword x\nnew outpot\n"})


def test_readme_examples_seconds_are_not_drift(examples):
    old = ("<!-- example: demo -->\n```console\nCoded 5 documents into 9 events in 20 s; "
           "store: s\n```\n<!-- /example -->\n")
    assert examples.drift(old, {"demo": "Coded 5 documents into 9 events in 71 s; store: s\n"}) == []
    assert examples.drift(old, {"demo": "Coded 5 documents into 8 events in 20 s; store: s\n"})


@pytest.mark.slow
def test_readme_examples_match_a_fresh_run(examples, tmp_path):
    """Runs the demo on the bundled corpus and every example command (about 30 s of CPU)."""
    readme = examples.README.read_text(encoding="utf-8")
    assert set(examples.read_blocks(readme)) == {e.name for e in examples.EXAMPLES}
    blocks = examples.render(tmp_path)
    diffs = examples.drift(readme, blocks)
    assert not diffs, ("README.md's examples differ from what the commands print; run "
                       "`make docs`:\n" + "\n".join(diffs))
