"""Pieces every command module shares: date options, the skipped-input reporter and
the one way an error that stops a command is shown and turned into an exit code."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from sword.days import optional_day
from sword.errors import DateError, InputError, SwordError, exit_code_for

# Options that `sword code` and `sword ingest` share.
InputsArgument = Annotated[list[str], typer.Argument(
    help=".txt, .jsonl or .html files, folders of them, or - for standard input.")]
DateOption = Annotated[str | None, typer.Option(
    "--date", help="Publication date (YYYY-MM-DD) for documents that carry none.")]
ModelOption = Annotated[str | None, typer.Option(
    "--model", help="spaCy pipeline to use (default: best installed English one).")]
NoModelOption = Annotated[bool, typer.Option(
    "--no-model", help="Code with the lexicon alone: no learned model for the predicates it "
                       "does not know.")]
TranslatedOption = Annotated[bool, typer.Option(
    "--translated", help="Mark every event as coming from machine-translated text.")]


def parse_date_option(value: str | None, option: str | None = None) -> date | None:
    """A YYYY-MM-DD option value; a wrong one is a usage error (exit code 2)."""
    try:
        return optional_day(value)
    except DateError as e:
        raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form",
                                 param_hint=option) from e


def fail(error: SwordError, console: Console | None = None) -> typer.Exit:
    """Print `error` (its catalogue code in front) on standard error and return the exit
    its class maps to in `sword.errors.EXIT_CODES`; raise the result `from` the error."""
    (console or Console(stderr=True)).print(
        f"[red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
    return typer.Exit(exit_code_for(error))


class InputProblems:
    """Reports each skipped input on standard error as it happens and counts them."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.count = 0

    def __call__(self, error: InputError) -> None:
        self.count += 1
        self.console.print(f"[yellow]skipped[/] {escape(str(error))}", highlight=False,
                           soft_wrap=True)
