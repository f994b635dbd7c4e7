"""`sword export`: tables of the store as files others load (JSONL, CSV, Parquet, and
GDELT 2.0's event table). `register(app)` adds the command to a Typer app."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sword.cli.analysis import ReadDbOption, _open_store, _stderr
from sword.cli.common import fail, find_store
from sword.coding.write import EventWriter, format_for
from sword.errors import Errors, SwordError, UnknownFormat
from sword.store.store import TABLES


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)


def export_command(
    table: Annotated[str, typer.Argument(
        metavar="TABLE", help=f"What to write: {', '.join(TABLES)}.")],
    out: Annotated[Path, typer.Argument(
        metavar="FILE", help="The file to write; its extension gives the format (.jsonl, "
                             ".csv, .parquet, .tsv for GDELT) unless --format does.")],
    fmt: Annotated[str | None, typer.Option(
        "--format", metavar="FORMAT", help="jsonl, csv, parquet or gdelt (events only).")] = None,
    unique: Annotated[bool, typer.Option(
        "--unique", help="Events: one row per unique event instead of per report.")] = False,
    header: Annotated[bool, typer.Option(
        "--header", help="GDELT: start with a row of GDELT 2.0's column names.")] = False,
    db: ReadDbOption = None,
) -> None:
    """Write a table of the store to a file: JSONL, CSV, Parquet or GDELT 2.0 TSV.

    Events are written with the fields of `sword code`'s output, one row per report of
    an event (--unique: one per unique event). GDELT output is GDELT 2.0's event table:
    one row per unique event with an integer GLOBALEVENTID that stays the same across
    runs, NumMentions, NumSources and NumArticles counted over every article and outlet
    that carried it, and SOURCEURL from the article's url. Other tables and views
    (documents, appearances, event_groups, …) are written as they are stored.

    Examples:
      sword export events events.tsv --header
      sword export events events.csv --db sword-demo.duckdb
    """
    try:
        chosen = format_for(out, fmt)
    except SwordError as e:
        raise fail(e) from e
    with _open_store(find_store(db, console=_stderr()), read_only=True) as store:
        if table == "events" and chosen in ("gdelt", "jsonl", "csv", "parquet"):
            with EventWriter(out, chosen, header=header) as writer:
                for event, reach in store.export_events(unique=unique or chosen == "gdelt"):
                    writer.write([event], reach)
            rows = writer.count
        elif chosen == "gdelt":
            raise fail(UnknownFormat(Errors.E318.format(
                table=table, fmt=chosen, choices="jsonl, csv, parquet")))
        else:
            rows = store.export_table(table, out, chosen)
    typer.echo(f"{rows} rows of {table} written to {out} ({chosen})")
