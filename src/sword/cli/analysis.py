"""CLI commands over the store: ingest, relations, shifts, network, framing, export.

Each command is a thin wrapper over a library function (store.py, relations.py,
shifts.py, network.py, framing.py). `register(app)` adds them to a Typer app.

Exit codes (as everywhere in Sword): 0 success; 1 an error stopped the command (a
locked or missing database included); 2 the command line was wrong; 3 the command
completed but some input was skipped (each reported on standard error with file:line).
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn
from rich.table import Table
from rich.text import Text

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
from sword.errors import SwordError
from sword.store.store import DEFAULT_DB, READ_WAIT, TABLES, WRITE_WAIT, Store

DB_HELP = "DuckDB database file."
DbOption = Annotated[Path, typer.Option("--db", help=DB_HELP)]
SinceOption = Annotated[str | None, typer.Option("--since", help="First day (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Last day (YYYY-MM-DD).")]
PREFILTER_CHUNK = 256


def register(app: typer.Typer) -> None:
    """Add the store and analysis commands to `app`."""
    commands = {
        "ingest": ingest_command,
        "relations": relations_command,
        "shifts": shifts_command,
        "network": network_command,
        "framing": framing_command,
        "export": export_command,
    }
    for name, function in commands.items():
        app.command(name, help=_reflow(function.__doc__ or ""))(function)


def _reflow(doc: str) -> str:
    """Docstring paragraphs as single lines: rich help would keep the source's line breaks
    and wrap them again at the terminal's width."""
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


# --- shared helpers --------------------------------------------------------------------


def _stderr() -> Console:
    return Console(stderr=True)


@contextmanager
def _open_store(db: Path, read_only: bool) -> Iterator[Store]:
    """Open the store, turning store errors (a lock held elsewhere…) into exit code 1."""
    def waiting(message: str) -> None:
        _stderr().print(f"[yellow]note[/] {message}", highlight=False)

    try:
        store = Store(db, read_only=read_only, wait=READ_WAIT if read_only else WRITE_WAIT,
                      on_wait=waiting)
    except SwordError as e:
        raise fail(e) from e
    try:
        yield store
    except SwordError as e:
        raise fail(e) from e
    finally:
        store.close()


def _fmt(value: float | None, digits: int = 2) -> str:
    if value is None or value != value:  # NaN: an empty period
        return "–"
    return f"{value:+.{digits}f}"


class RateColumn(ProgressColumn):
    """Documents per second since the start (rich's speed column is for bytes)."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:.1f} docs/s", style="cyan")


# --- commands --------------------------------------------------------------------------


def ingest_command(
    inputs: InputsArgument,
    db: DbOption = Path(DEFAULT_DB),
    when: DateOption = None,
    lang: LangOption = None,
    model: ModelOption = None,
    translated: TranslatedOption = False,
    no_model: NoModelOption = False,
    batch_size: Annotated[int, typer.Option(
        "--batch-size", min=1, help="Documents per database transaction.")] = 500,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="No progress bar and no summary.")] = False,
) -> None:
    """Code documents and store them with their events in a DuckDB file.

    Documents stream through in batches (memory stays bounded on any corpus size); each
    batch is one transaction, so an interrupted run loses at most one batch and running
    the same command again completes it. A document whose text is already stored is
    skipped, so ingesting a corpus twice stores it once.

    A progress bar with documents/s shows on a terminal (not with --quiet or when
    standard error is not a terminal). A broken input line or file, a document over the
    size limit or one whose coding fails is reported on standard error with its id and
    file:line and skipped, and the other documents are stored; the exit code is then 3
    (0 when every input was coded, 1 when an error stopped the run, e.g. a locked
    database). A document not in English is stored with its language and no events,
    reported as "not English, not coded" (exit code 3), unless --lang en says it is
    English. A bad optional field (date, url, title, …) is a warning: the document is
    coded and stored without it.
    """
    from sword.coding.read import ReadConfig, iter_documents
    from sword.config import CoderConfig
    from sword.ingest import IngestProgress, ingest

    err = _stderr()
    problems = InputProblems(err)
    default_date = parse_date_option(when, "--date")
    read = ReadConfig(default_date=default_date, lang=parse_lang_option(lang))
    config = CoderConfig(model=model, default_date=default_date, translated=translated,
                         event_model=not no_model)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("ingesting"),
        TextColumn("{task.completed} documents"),
        RateColumn(),
        TextColumn("{task.fields[events]} events stored"),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    )
    problems.console = progress.console
    started = time.perf_counter()
    with _open_store(db, read_only=False) as store, progress:
        task = progress.add_task("ingest", total=None, events=0)
        follow = IngestProgress(
            documents=lambda n: progress.advance(task, n),
            events=lambda total: progress.update(task, advance=0, events=total),
            skipped=problems,
        )
        try:
            documents = iter_documents(inputs, read, problems, problems.warn)
            result = ingest(documents, store=store, config=config, batch_size=batch_size,
                            progress=follow)
        except SwordError as e:
            raise fail(e) from e
    elapsed = time.perf_counter() - started
    if not quiet:
        seen = result.documents_added + result.already_stored
        typer.echo(
            f"{db}: {result.documents_added} documents added, {result.already_stored} already "
            f"stored, {result.events_added} events; {seen / elapsed if elapsed else 0:.1f} docs/s"
        )
    problems.finish()


def relations_command(
    a: Annotated[str, typer.Argument(help="First actor: country or organisation code (RUS).")],
    b: Annotated[str, typer.Argument(help="Second actor (AZE).")],
    freq: Annotated[str, typer.Option("--freq", help="month, quarter or year.")] = "month",
    since: SinceOption = None,
    until: UntilOption = None,
    plot: Annotated[Path | None, typer.Option(
        "--plot", help="Also write a chart: FILE.html (works offline) or FILE.png (kaleido).")
    ] = None,
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """The relationship of A and B over time, in both directions.

    Per period: unique events (a story told by five articles counts once) by quad class,
    summed and mean Goldstein, and the balance (cooperation − conflict) / events, from
    −1 (all conflict) to +1 (all cooperation). Periods without events are left out of
    the table (not of the chart).
    """
    from sword.analysis.relations import dyad_timeline, plot_timeline

    with _open_store(db, read_only=True) as store:
        df = dyad_timeline(store.con, a, b, freq=freq, since=parse_date_option(since, "--since"),
                           until=parse_date_option(until, "--until"))
    if df.empty:
        typer.echo(f"no events between {a.upper()} and {b.upper()} in {db}")
        return
    forward, backward = (d for d in df["direction"].unique() if d != "both")
    wide = df.pivot(index="period", columns="direction")
    table = Table(title=f"{a.upper()}–{b.upper()} by {freq} (unique events)")
    for column in ("period", "events", "verbal coop", "material coop", "verbal conflict",
                   "material conflict", "Goldstein sum", "mean", "balance",
                   f"{forward} n / bal.", f"{backward} n / bal."):
        table.add_column(column, justify="left" if column == "period" else "right")
    for period, row in wide.iterrows():
        if row[("events", "both")] == 0:
            continue
        table.add_row(
            _period_label(period, freq),
            str(int(row[("events", "both")])),
            *(str(int(row[(q, "both")])) for q in ("verbal_coop", "material_coop",
                                                   "verbal_conflict", "material_conflict")),
            f"{row[('goldstein_sum', 'both')]:+.1f}",
            _fmt(row[("goldstein_mean", "both")], 1),
            _fmt(row[("balance", "both")]),
            f"{int(row[('events', forward)])} / {_fmt(row[('balance', forward)])}",
            f"{int(row[('events', backward)])} / {_fmt(row[('balance', backward)])}",
        )
    Console().print(table)
    if plot is not None:
        try:
            path = plot_timeline(df, plot, title=f"{a.upper()}–{b.upper()}")
        except SwordError as e:
            raise fail(e) from e
        typer.echo(f"chart written to {path}")


def _period_label(period, freq: str) -> str:  # type: ignore[no-untyped-def]
    if freq == "year":
        return f"{period.year}"
    if freq == "quarter":
        return f"{period.year} Q{(period.month - 1) // 3 + 1}"
    return f"{period.year}-{period.month:02d}"


def shifts_command(
    since: SinceOption = None,
    until: UntilOption = None,
    min_events: Annotated[int, typer.Option(
        "--min-events", min=1, help="Unique events a dyad needs to be examined.")] = 10,
    freq: Annotated[str, typer.Option("--freq", help="month, quarter or year.")] = "month",
    penalty: Annotated[float, typer.Option(
        "--penalty", min=0.01, help="Change-point penalty (× noise variance × ln n); "
                                    "higher finds fewer shifts.")] = 4.0,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Shifts to show.")] = 20,
    evidence: Annotated[int, typer.Option(
        "--evidence", min=0, help="Evidence sentences to show on each side.")] = 3,
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Turning points in every dyad's cooperation score, largest turn first.

    Each shift gives the month the new level starts, the level before and after (the
    balance, −1…+1), the size of the turn and the strongest evidence on each side.
    """
    from sword.analysis.shifts import find_shifts

    with _open_store(db, read_only=True) as store:
        shifts = find_shifts(store.con, since=parse_date_option(since, "--since"),
                             min_events=min_events, freq=freq, penalty=penalty,
                             until=parse_date_option(until, "--until"), evidence=evidence)
    console = Console()
    if not shifts:
        console.print(f"no shifts found in {db} (dyads need {min_events}+ unique events)")
        return
    table = Table(title=f"Shifts ({len(shifts)} found)")
    for column in ("#", "dyad", "from", "before", "after", "turn", "events before/after"):
        table.add_column(column, justify="left" if column in ("dyad", "from") else "right")
    shown = shifts[:limit]
    for rank, shift in enumerate(shown, 1):
        table.add_row(str(rank), "–".join(shift.dyad), shift.date.strftime("%Y-%m"),
                      _fmt(shift.level_before), _fmt(shift.level_after), _fmt(shift.size),
                      f"{shift.events_before}/{shift.events_after}")
    console.print(table)
    if evidence:
        for rank, shift in enumerate(shown, 1):
            console.print(f"\n[bold]{rank}. {'–'.join(shift.dyad)}[/] turned "
                          f"{shift.direction} from {shift.date:%Y-%m}", highlight=False)
            for label, items in (("before", shift.evidence_before),
                                 ("after", shift.evidence_after)):
                for item in items:
                    console.print(f"  {label:6} {item.event_date} {item.publisher or '?'}: "
                                  f"{item.sentence} [dim]({item.cameo}, "
                                  f"{item.goldstein:+.1f})[/]", highlight=False,
                                  soft_wrap=True)


def network_command(
    at: Annotated[str | None, typer.Option(
        "--at", help="Last day of the window (YYYY-MM-DD; default: latest event).")] = None,
    window: Annotated[str, typer.Option(
        "--window", help="Window length: a number and d, w, m or y (12m).")] = "12m",
    out: Annotated[Path | None, typer.Option(
        "--out", help="Write the graph: FILE.graphml or FILE.json (node-link).")] = None,
    min_events: Annotated[int, typer.Option(
        "--min-events", min=1, help="Unique events an edge needs.")] = 1,
    history: Annotated[bool, typer.Option(
        "--history", help="Scan windows ending every --step over the whole store and list "
                          "every tension seen, not only those of one window.")] = False,
    step: Annotated[str, typer.Option("--step", help="Step between windows with --history.")
                    ] = "3m",
    organisations: Annotated[bool, typer.Option(
        "--organisations", help="Keep organisations (EU, NATO, …) in the graph, not only "
                                "states.")] = False,
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """The signed graph of who cooperates and who clashes, and its unbalanced triads.

    Edge weight is the number of unique events between two actors in the window; the sign
    is that of the balance (cooperation − conflict). A triad is unbalanced when it has an
    odd number of hostile edges, e.g. A friendly with B and with C while B and C are
    hostile: A is caught between them.
    """
    from sword.analysis.network import (
        balance_summary,
        parse_window,
        signed_graph,
        triad_history,
        unbalanced_triads,
        write_graph,
    )

    try:
        parse_window(window)
        if history:
            parse_window(step)
    except SwordError as e:
        raise typer.BadParameter(str(e)) from e
    console = Console()
    with _open_store(db, read_only=True) as store:
        graph = signed_graph(store.con, parse_date_option(at, "--at"), window,
                             min_events=min_events, states_only=not organisations)
        tensions = (triad_history(store.con, window, step, min_events=min_events,
                                  states_only=not organisations)
                    if history else None)
    if graph.number_of_nodes() == 0:
        console.print(f"no events in {db} for this window")
    else:
        summary = balance_summary(graph)
        console.print(
            f"window {graph.graph['since']} … {graph.graph['at']}: "
            f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} relations, "
            f"{summary['triads']} signed triads, {summary['unbalanced']} unbalanced",
            highlight=False,
        )
    if tensions is not None:
        triads = [t.strongest for t in tensions]
        spans = {(t.nodes, t.pivot): f"{t.first_at:%Y-%m} … {t.last_at:%Y-%m}"
                 for t in tensions}
    else:
        triads = unbalanced_triads(graph)
        spans = {}
    if triads:
        _print_triads(console, triads, spans)
    if out is not None:
        try:
            path = write_graph(graph, out)
        except SwordError as e:
            raise fail(e) from e
        typer.echo(f"graph written to {path}")


def _print_triads(console: Console, triads, spans: dict) -> None:  # type: ignore[no-untyped-def]
    table = Table(title="Unbalanced triads")
    for column in ("triad", "caught between", "edges (sign, events)", "seen"):
        table.add_column(column)
    for triad in triads:
        edges = ", ".join(f"{e.u}{'+' if e.sign > 0 else '−'}{e.v} ({e.weight})"
                          for e in triad.edges)
        table.add_row("–".join(triad.nodes), triad.pivot or "(all hostile)", edges,
                      spans.get((triad.nodes, triad.pivot), ""))
    console.print(table)
    for triad in triads[:10]:
        console.print(f"\n[bold]{'–'.join(triad.nodes)}[/]: {triad.describe()}",
                      highlight=False)
        for edge in triad.edges:
            if edge.evidence:
                item = edge.evidence[0]
                console.print(f"  {edge.u}{'+' if edge.sign > 0 else '−'}{edge.v} "
                              f"{item.event_date} {item.publisher or '?'}: {item.sentence}",
                              highlight=False, soft_wrap=True)


def framing_command(
    a: Annotated[str, typer.Argument(help="First actor (RUS).")],
    b: Annotated[str, typer.Argument(help="Second actor (AZE).")],
    since: SinceOption = None,
    until: UntilOption = None,
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """How each publisher portrays the dyad: event mix and mean Goldstein side by side."""
    from sword.analysis.framing import framing

    with _open_store(db, read_only=True) as store:
        df = framing(store.con, a, b, since=parse_date_option(since, "--since"),
                     until=parse_date_option(until, "--until"))
    if df.empty:
        typer.echo(f"no events between {a.upper()} and {b.upper()} in {db}")
        return
    table = Table(title=f"{a.upper()}–{b.upper()}: framing by publisher (unique events)")
    for column in ("publisher", "articles", "events", f"{a.upper()}→{b.upper()}",
                   f"{b.upper()}→{a.upper()}", "verbal coop", "material coop",
                   "verbal conflict", "material conflict", "mean Goldstein", "balance"):
        table.add_column(column, justify="left" if column == "publisher" else "right")
    for row in df.itertuples():
        table.add_row(
            str(row.publisher), str(row.articles), str(row.events), str(row.a_to_b),
            str(row.b_to_a),
            *(f"{getattr(row, q)} ({getattr(row, q + '_share'):.0%})"
              for q in ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict")),
            _fmt(row.goldstein_mean, 1), _fmt(row.balance),
        )
    Console().print(table)


def export_command(
    table: Annotated[str, typer.Argument(help=f"One of: {', '.join(TABLES)}.")],
    out: Annotated[Path, typer.Argument(help="Parquet file to write.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Write a table or view of the store to a Parquet file."""
    with _open_store(db, read_only=True) as store:
        rows = store.export_parquet(table, out)
    typer.echo(f"{rows} rows of {table} written to {out}")
