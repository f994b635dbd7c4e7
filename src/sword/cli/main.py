"""The `sword` command line: thin wrappers over the library.

Exit codes: 0 success; 1 an error stopped the command; 2 the command line was wrong;
3 the command completed but some input was skipped (each reported on standard error).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from sword import __version__
from sword.cli.common import (
    DateOption,
    InputProblems,
    InputsArgument,
    LangOption,
    ModelOption,
    NoModelOption,
    TranslatedOption,
    fail,
    parse_date_option,
    parse_lang_option,
)
from sword.errors import MissingExtra, SwordError

app = typer.Typer(
    name="sword",
    help="Sword: political event data from international news (CAMEO/PLOVER, with evidence).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sword {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Sword turns news into evidence-backed CAMEO/PLOVER events and relationship analysis."""


@app.command("code")
def code_command(
    inputs: InputsArgument,
    out: Annotated[str | None, typer.Option("-o", "--out",
                                            help="Output file (default: standard output).")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", help="jsonl, csv, parquet or gdelt (default: from OUT's extension).")] = None,
    when: DateOption = None,
    lang: LangOption = None,
    model: ModelOption = None,
    translated: TranslatedOption = False,
    no_model: NoModelOption = False,
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", min=0.0, max=1.0, help="Drop events below this confidence.")] = 0.0,
    no_repair: Annotated[bool, typer.Option(
        "--no-repair", help="Do not repair actors garbled by machine translation.")] = False,
) -> None:
    """Code documents into events, one JSON object a line (or CSV/Parquet/GDELT TSV).

    A broken input line or file, a document over the size limit or one whose coding
    fails is reported on standard error with its id and file:line, skipped, and the rest
    is coded; the exit code is then 3. So it is when a document is not in English: it is
    reported ("not English, not coded") unless --lang en says it is. A bad optional field
    (date, url, title, …) is a warning: the document is coded without it.
    """
    from sword.coding.pipeline import code_documents
    from sword.coding.read import ReadConfig, iter_documents
    from sword.coding.write import EventWriter, format_for
    from sword.config import CoderConfig

    err = Console(stderr=True)
    problems = InputProblems(err)
    default_date = parse_date_option(when)
    read_lang = parse_lang_option(lang)
    config = CoderConfig(model=model, default_date=default_date, translated=translated,
                         min_confidence=min_confidence, repair_actors=not no_repair,
                         event_model=not no_model)
    try:
        output_format = format_for(out, fmt)
        read = ReadConfig(default_date=default_date, lang=read_lang)
        documents = iter_documents(inputs, read, problems, problems.warn)
        with EventWriter(out, output_format) as writer:
            for coded in code_documents(documents, config, on_error=problems):
                writer.write(coded.events)
    except SwordError as e:
        raise fail(e, err) from e
    problems.finish()


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold file: JSONL (PETRARCH-2 / Sword layout) "
                                              "or a PLOVER JSON list.", exists=True)],
    verbose: Annotated[bool, typer.Option("-v", "--verbose",
                                          help="List every miss and every extra.")] = False,
    model: Annotated[str | None, typer.Option("--model", help="spaCy pipeline to use.")] = None,
    no_model: NoModelOption = False,
) -> None:
    """Print precision, recall and F1 against a gold file, overall and per root code."""
    from sword.coding.evaluate import evaluate, read_gold
    from sword.coding.knowledge import default_knowledge
    from sword.coding.pipeline import get_coder
    from sword.config import CoderConfig
    from sword.model import Document

    console = Console()
    try:
        coder = get_coder(CoderConfig(model=model, event_model=not no_model))
        countries = frozenset(default_knowledge().country_names)

        def code_record(record):  # type: ignore[no-untyped-def]
            document = Document(id=record.id, text=record.text, date=record.date)
            return next(coder.code_documents([document])).events

        report = evaluate(read_gold(gold), code_record, countries)
    except SwordError as e:
        raise fail(e) from e
    print_report(console, report, str(gold), verbose)


def print_report(console: Console, report, name: str, verbose: bool) -> None:  # type: ignore[no-untyped-def]
    level = "PLOVER type" if report.kind == "plover" else "root code"
    table = Table(title=f"{name}: {report.records} records")
    for column in ("level", "precision", "recall", "F1", "TP", "FP", "FN"):
        table.add_column(column, justify="right" if column != "level" else "left")
    rows = [(f"country dyad + {level}", report.dyad_root)]
    if report.kind != "plover":
        rows.append(("country dyad + full code", report.full_code))
    for label, score in rows:
        table.add_row(label, f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}",
                      str(score.tp), str(score.fp), str(score.fn))
    console.print(table)
    per = Table(title=f"per {level}")
    for column in (level, "precision", "recall", "F1", "gold", "found"):
        per.add_column(column, justify="right")
    for root, score in sorted(report.per_root.items()):
        per.add_row(root, f"{score.precision:.2f}", f"{score.recall:.2f}", f"{score.f1:.2f}",
                    str(score.tp + score.fn), str(score.tp + score.fp))
    console.print(per)
    if report.garbles:
        console.print(f"machine-translation garbles: no wrong state in {report.garbles_right}/"
                      f"{report.garbles} records; every gold dyad found as well in "
                      f"{report.garbles_complete}/{report.garbles}")
    if verbose:
        for result in report.results:
            if not result.missed and not result.extra:
                continue
            console.print(f"\n[bold]{result.record.id}[/] {result.record.text}", highlight=False)
            for item in result.missed:
                console.print(f"  [red]missed[/] {' '.join(item)}", highlight=False)
            for item in result.extra:
                console.print(f"  [yellow]extra[/]  {' '.join(item)}", highlight=False)
            for event in result.events:
                console.print(f"    found {event.source}→{event.target} {event.cameo} "
                              f"({event.pattern})", highlight=False)


# The command groups that need an extra, and the commands each adds.
COMMAND_GROUPS: dict[str, tuple[str, ...]] = {
    "sword.cli.analysis": ("ingest", "relations", "shifts", "network", "framing", "export"),
    "sword.cli.serve": ("serve",),
    "sword.cli.report": ("report", "demo"),
}


def register_groups(app: typer.Typer, groups: dict[str, tuple[str, ...]]) -> None:
    """Add each group's commands; a group whose extra is not installed still lists its
    commands, and each says which extra to install (exit code 1)."""
    import importlib

    for module, commands in groups.items():
        try:
            importlib.import_module(module).register(app)
        except MissingExtra as e:
            for name in commands:
                app.command(name, help=f"(not installed) {e}", add_help_option=False,
                            context_settings={"allow_extra_args": True,
                                              "ignore_unknown_options": True})(
                    _missing(e))


def _missing(error: MissingExtra):  # type: ignore[no-untyped-def]
    def command() -> None:
        raise fail(error)

    return command


class LazyGroup(TyperGroup):
    """The `sword` group, whose command groups are imported only when one of their
    commands runs (or `--help` lists them): `sword code` never pays for DuckDB, pandas,
    SciPy or plotly, which the other groups import."""

    groups = COMMAND_GROUPS

    def list_commands(self, ctx: Any) -> list[str]:
        own = super().list_commands(ctx)
        return own + [n for names in self.groups.values() for n in names if n not in own]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands:
            module = next((m for m, names in self.groups.items() if cmd_name in names), None)
            if module is not None:
                self._load(module)
        return super().get_command(ctx, cmd_name)

    def _load(self, module: str) -> None:
        group = typer.Typer()
        group.callback()(lambda: None)  # always a group, even for one command
        register_groups(group, {module: self.groups[module]})
        loaded = typer.main.get_command(group)
        assert isinstance(loaded, TyperGroup)
        for name, command in loaded.commands.items():
            self.add_command(command, name)


app.info.cls = LazyGroup


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
