"""`sword ingest --watch`: the command-line side of `sword.watch` (a line per file or feed
read, a summary when the watch stops, exit codes as for every ingest)."""

from __future__ import annotations

import signal
from collections.abc import Sequence
from pathlib import Path

import typer
from rich.console import Console

from sword.cli.common import InputProblems, fail
from sword.coding.read import ReadConfig
from sword.config import CoderConfig
from sword.errors import InputError, SwordError
from sword.ingest import IngestResult
from sword.watch import WatchConfig, Watcher, WatchSummary, state_path


def run_watch(inputs: Sequence[str], db: Path, config: WatchConfig, read: ReadConfig,
              coder: CoderConfig, quiet: bool) -> None:
    """Watch `inputs` into `db` until Ctrl-C (or SIGTERM) or `config.max_idle`; print a
    line for each file or feed read and the summary; exit 3 when an item was skipped."""
    err = Console(stderr=True)
    problems = InputProblems(err)

    def ingested(name: str, result: IngestResult) -> None:
        if not quiet:
            counts = _counts(result.documents_added, result.already_stored, result.events_added)
            typer.echo(f"{name}: {counts}")

    try:
        watcher = Watcher(inputs, db, config, read=read, coder=coder, on_error=problems,
                          on_warning=problems.warn, on_ingested=ingested)
    except InputError as e:
        raise typer.BadParameter(str(e), param_hint="INPUTS") from e
    except SwordError as e:  # a watch state that cannot be read
        raise fail(e) from e
    _check_store(db)
    if not quiet:
        feeds = f", feeds every {config.feed_interval:g} s" if watcher.has_feeds else ""
        typer.echo(f"watching {', '.join(inputs)} every {config.interval:g} s{feeds} "
                   f"into {db} (state: {state_path(db)}); Ctrl-C stops")
    # SIGTERM (a service manager's stop) ends the watch as Ctrl-C does; so does SIGINT in a
    # background job, where the shell starts it ignored.
    previous = {sig: signal.signal(sig, signal.default_int_handler)
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        summary = watcher.run()
    except SwordError as e:
        raise fail(e) from e
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if not quiet:
        typer.echo(_summary(summary))
    problems.finish()


def _check_store(db: Path) -> None:
    """Open the store once before watching, so that a locked or broken file stops the
    command at once (exit 1) rather than at the first new file."""
    from sword.store import Store

    try:
        Store(db).close()
    except SwordError as e:
        raise fail(e) from e


def _counts(added: int, known: int, events: int) -> str:
    return f"{added} documents added, {known} already stored, {events} events"


def _summary(summary: WatchSummary) -> str:
    how = "stopped (interrupted)" if summary.interrupted else "stopped (idle)"
    return (f"{how}: {summary.files} files and {summary.feed_items} feed items read; "
            f"{_counts(summary.documents_added, summary.already_stored, summary.events_added)}")
