"""The progress bar of `sword code` and `sword ingest`: shown on a terminal only, with the
total the inputs tell."""

from __future__ import annotations

import io
import json

from rich.console import Console

from sword.cli.progress import document_progress
from sword.coding.read import ReadConfig, count_documents


def _jsonl(path, n: int) -> None:
    path.write_text("".join(json.dumps({"id": str(i), "text": "Text."}) + "\n"
                            for i in range(n)), encoding="utf-8")


def test_read_count_documents_counts_files_and_jsonl_lines(tmp_path):
    _jsonl(tmp_path / "a.jsonl", 3)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("One document.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an input", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"text": "no newline at the end"}', encoding="utf-8")
    assert count_documents([tmp_path], ReadConfig()) == 5
    assert count_documents([tmp_path], ReadConfig(recursive=False)) == 4
    assert count_documents([tmp_path / "a.jsonl", tmp_path / "missing.txt"], ReadConfig()) == 3
    assert count_documents(["-"], ReadConfig()) is None


def test_progress_on_a_terminal_shows_done_of_total(tmp_path):
    _jsonl(tmp_path / "a.jsonl", 4)
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    with document_progress(console, [tmp_path / "a.jsonl"], "coding") as bar:
        bar.advance(3)
        bar.progress.refresh()
        assert bar.progress.tasks[0].total == 4
    assert "3/4" in screen.getvalue() and "coding" in screen.getvalue()


def test_progress_off_a_terminal_or_quiet_draws_nothing(tmp_path):
    _jsonl(tmp_path / "a.jsonl", 4)
    for terminal, quiet in ((False, False), (True, True)):
        screen = io.StringIO()
        console = Console(file=screen, force_terminal=terminal, width=120)
        with document_progress(console, [tmp_path / "a.jsonl"], "coding", quiet) as bar:
            bar.advance(3)
        assert screen.getvalue() == "" and bar.progress.tasks[0].total is None
