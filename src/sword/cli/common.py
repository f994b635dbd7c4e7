"""Pieces every command module shares: date options, the skipped-input reporter and
the one way an error that stops a command is shown and turned into an exit code."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from sword.days import optional_day
from sword.errors import (
    EXIT_SKIPPED,
    EXIT_USAGE,
    DateError,
    Errors,
    InputError,
    InputWarning,
    NotCoded,
    SwordError,
    exit_code_for,
)

# Options that `sword code` and `sword ingest` share.
InputsArgument = Annotated[list[str], typer.Argument(
    metavar="INPUT", help=".txt, .jsonl or .html files, news feeds (.rss/.atom/.xml files or "
                          "http(s) addresses), folders of them, or - for standard input.")]
DateOption = Annotated[str | None, typer.Option(
    "--date", metavar="DATE", show_default=False,
    help="Publication date (YYYY-MM-DD) for documents that carry none.")]
ModelOption = Annotated[str | None, typer.Option(
    "--model", metavar="NAME", show_default=False,
    help="spaCy pipeline to use (default: the best English one installed).")]
NoModelOption = Annotated[bool, typer.Option(
    "--no-model", help="Code with the lexicon alone: no learned model for the predicates it "
                       "does not know.")]
TranslatedOption = Annotated[bool, typer.Option(
    "--translated", help="Mark every event as coming from machine-translated text.")]
LangOption = Annotated[str | None, typer.Option(
    "--lang", metavar="CODE", show_default=False,
    help="Language of documents that do not give theirs (ISO 639-1, e.g. en: code "
                   "them all as English). Default: detected in each text; a document not in "
                   "English is reported and not coded (ingest stores it with its language).")]


def parse_date_option(value: str | None, option: str | None = None) -> date | None:
    """A YYYY-MM-DD option value; a wrong one is a usage error (exit code 2)."""
    try:
        return optional_day(value)
    except DateError as e:
        raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form",
                                 param_hint=option) from e


def parse_lang_option(value: str | None) -> str | None:
    """A language code option value ("en", "en-GB", "eng", "English" → "en"); one that
    names no language is a usage error (exit code 2)."""
    from sword.coding.language import language_code

    if value is None:
        return None
    code = language_code(value)
    if code is None:
        raise typer.BadParameter(f"{value!r} is not a language code (e.g. en, ru, zh)",
                                 param_hint="--lang")
    return code


def fail(error: SwordError, console: Console | None = None) -> typer.Exit:
    """Print `error` (its catalogue code in front) on standard error and return the exit
    its class maps to in `sword.errors.EXIT_CODES`; raise the result `from` the error."""
    (console or Console(stderr=True)).print(
        f"[red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
    return typer.Exit(exit_code_for(error))


class InputProblems:
    """Reports each skipped input, each document not coded and each warning on standard
    error as it happens, and counts them: `count` the skipped inputs."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.count = 0
        self.not_coded = 0
        self.warnings = 0

    def __call__(self, error: InputError) -> None:
        self.count += 1
        self.console.print(f"[yellow]skipped[/] {escape(str(error))}", highlight=False,
                           soft_wrap=True)

    def warn(self, warning: InputWarning) -> None:
        if isinstance(warning, NotCoded):
            self.not_coded += 1
            label = "not coded"
        else:
            self.warnings += 1
            label = "warning"
        self.console.print(f"[yellow]{label}[/] {escape(str(warning))}", highlight=False,
                           soft_wrap=True)

    def finish(self) -> None:
        """Print the counts; exit 3 when an input was skipped or a document not coded (a
        warning alone leaves the exit code 0: its document was coded)."""
        parts = [f"{self.count} input item(s) skipped" if self.count else "",
                 f"{self.not_coded} document(s) not English, not coded" if self.not_coded else "",
                 f"{self.warnings} warning(s)" if self.warnings else ""]
        if any(parts):
            self.console.print(", ".join(p for p in parts if p), highlight=False)
        if self.count or self.not_coded:
            raise typer.Exit(EXIT_SKIPPED)


# The store a command reads when --db is not given: ./sword.duckdb (what `sword ingest`
# writes, sword.store.DEFAULT_DB), else the demo's (sword.demo.DEFAULT_DEMO_DB) when only
# that one exists, so that `sword demo` then `sword relations RUS AZE` just works.
OWN_STORE = "sword.duckdb"
DEMO_STORE = "sword-demo.duckdb"
REPORT_FILE = "report.html"  # sword.report.html.DEFAULT_REPORT, without loading the report


def find_store(db: Path | None, folder: Path | None = None, console: Console | None = None
               ) -> Path:
    """The store to read: `db` when given; else ./sword.duckdb, or ./sword-demo.duckdb when
    only the demo's exists (said on `console`, standard error by default). Every command
    that reads a store (`serve` too) finds it here."""
    if db is not None:
        return db
    base = folder if folder is not None else Path()  # Path(): relative to the working folder
    own, demo = base / OWN_STORE, base / DEMO_STORE
    if not own.exists() and demo.exists():
        (console or Console(stderr=True)).print(
            f"[yellow]note[/] reading the demo's store {escape(str(demo))} (pass --db to "
            "choose another)", highlight=False)
        return demo
    return own


def check_inputs(inputs: list[str], console: Console) -> None:
    """Fail before anything slow (the model) loads when no input exists (a feed's web
    address is taken as existing: the reader reports it if it is not): each missing
    path is reported and the command stops with exit code 2 (the command line was
    wrong). When some exist, the reader reports the others as skipped."""
    from sword.coding.feeds import is_web_address

    missing = [item for item in inputs
               if item != "-" and not is_web_address(item) and not Path(item).exists()]
    if not missing or len(missing) < len(inputs):
        return  # the reader reports each missing one as skipped (exit code 3)
    for item in missing:
        console.print(f"[red]error:[/] {escape(item)}: {escape(Errors.E001)}", highlight=False,
                      soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)
