"""The progress bar of `sword code` and `sword ingest`, and their scale-out options.

The bar (rich) shows documents done, the total when the inputs tell it (files and JSONL
lines are counted first; standard input has no total), documents/s and the time left. It
is drawn only when standard error is a terminal and --quiet is not given; otherwise
nothing is counted and nothing drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from sword.cli.common import fail
from sword.errors import Errors, InputError, SwordError

WorkersOption = Annotated[int | None, typer.Option(
    "--workers", min=1, help="Code on a Dask cluster of N local worker processes (on "
                             "127.0.0.1; needs the dask extra).")]
SchedulerOption = Annotated[str | None, typer.Option(
    "--scheduler", help="Code on the running Dask cluster whose scheduler is at ADDRESS "
                        "(tcp://host:8786), started with `dask scheduler` and `dask worker`.")]


class RateColumn(ProgressColumn):
    """Documents per second since the start (rich's speed column is for bytes)."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:.1f} docs/s", style="cyan")


class DocumentProgress:
    """A bar over documents: `advance(n)` as n more are done; `note(text)` sets what the
    bar shows after the counts (events stored, say)."""

    def __init__(self, progress: Progress, task: Any) -> None:
        self.progress = progress
        self.task = task

    @property
    def console(self) -> Console:
        return self.progress.console

    def advance(self, n: int = 1) -> None:
        self.progress.advance(self.task, n)

    def note(self, text: str) -> None:
        self.progress.update(self.task, note=text)

    def skipping(self, report: Callable[[InputError], None]) -> Callable[[InputError], None]:
        """`report`, also counting the skipped item as done (a total counts it too)."""
        def skipped(error: InputError) -> None:
            report(error)
            self.advance()

        return skipped


@contextmanager
def document_progress(console: Console, inputs: Sequence[str | Path], verb: str,
                      quiet: bool = False, recursive: bool = True) -> Iterator[DocumentProgress]:
    """A bar for `verb` ("coding", "ingesting") over the documents of `inputs`, drawn on
    `console` (standard error) when it is a terminal."""
    from sword.coding.read import ReadConfig, count_documents

    shown = not quiet and console.is_terminal
    total = count_documents(inputs, ReadConfig(recursive=recursive)) if shown else None
    progress = Progress(
        SpinnerColumn(), TextColumn(verb), BarColumn(), MofNCompleteColumn(),
        TextColumn("documents"), RateColumn(), TimeRemainingColumn(),
        TextColumn("{task.fields[note]}"),
        console=console, disable=not shown, transient=True,
    )
    with progress:
        yield DocumentProgress(progress, progress.add_task(verb, total=total, note=""))


@contextmanager
def scale_client(workers: int | None, scheduler: str | None, console: Console
                 ) -> Iterator[Any]:
    """The Dask client `--workers` / `--scheduler` ask for (None for neither); an error
    in reaching or starting the cluster stops the command (exit 1)."""
    if not workers and not scheduler:
        yield None
        return
    if workers and scheduler:
        raise typer.BadParameter(Errors.E153, param_hint="--workers/--scheduler")
    try:
        from sword.scale import cluster_client

        with cluster_client(workers, scheduler) as client:
            yield client
    except SwordError as e:
        raise fail(e, console) from e
