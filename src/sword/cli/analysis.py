"""CLI commands over the store: ingest, relations, shifts, network, framing.

Each command is a thin wrapper over a library function (store.py, relations.py,
shifts.py, network.py, framing.py). `register(app)` adds them to a Typer app.

Exit codes (as everywhere in Sword): 0 success; 1 an error stopped the command (a
locked or missing database included); 2 the command line was wrong; 3 the command
completed but some input was skipped (each reported on standard error with file:line).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from sword.cli.actors import resolve_actors
from sword.cli.common import (
    DateOption,
    InputProblems,
    InputsArgument,
    LangOption,
    ModelOption,
    NoModelOption,
    TranslatedOption,
    check_inputs,
    fail,
    find_store,
    parse_date_option,
    parse_lang_option,
)
from sword.cli.progress import SchedulerOption, WorkersOption, document_progress, scale_client
from sword.cli.tables import Column, Row, print_table
from sword.errors import SwordError
from sword.store.store import DEFAULT_DB, READ_WAIT, WRITE_WAIT, Store

DbOption = Annotated[Path, typer.Option(
    "--db", metavar="FILE", help="The DuckDB store to write (created when missing).")]
ReadDbOption = Annotated[Path | None, typer.Option(
    "--db", metavar="FILE", show_default=False,
    help="The DuckDB store to read (default: ./sword.duckdb, or ./sword-demo.duckdb when "
         "only the demo's store is there).")]
SinceOption = Annotated[str | None, typer.Option(
    "--since", metavar="DATE", help="Leave out events before this day (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option(
    "--until", metavar="DATE", help="Leave out events after this day (YYYY-MM-DD).")]
FreqOption = Annotated[str, typer.Option(
    "--freq", metavar="PERIOD", help="Count by month, quarter or year.")]
PREFILTER_CHUNK = 256
TRIADS_WITH_EVIDENCE = 10  # the first triads are shown with their evidence


def register(app: typer.Typer) -> None:
    """Add the store and analysis commands to `app`."""
    commands = {
        "ingest": ingest_command,
        "relations": relations_command,
        "shifts": shifts_command,
        "network": network_command,
        "framing": framing_command,
    }
    for name, function in commands.items():
        app.command(name)(function)  # help: the docstring, as `sword.cli.help` shows it


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
        "--batch-size", min=1, metavar="N", help="Documents per database transaction.")] = 500,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="No progress bar and no summary.")] = False,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    watch: Annotated[bool, typer.Option(
        "--watch", help="Keep running: code each new or changed file in the INPUTS folders "
                        "and each new item of the INPUTS feeds; Ctrl-C stops.")] = False,
    interval: Annotated[float, typer.Option(
        "--interval", min=0.05, help="With --watch: seconds between two scans of the "
                                     "folders; a file is read once unchanged this long.")] = 5.0,
    feed_interval: Annotated[float, typer.Option(
        "--feed-interval", min=1.0, help="With --watch: seconds between two polls of a "
                                         "feed's web address.")] = 900.0,
    max_idle: Annotated[float | None, typer.Option(
        "--max-idle", min=0.0, help="With --watch: stop after this many seconds with "
                                    "nothing new (default: run until Ctrl-C).")] = None,
) -> None:
    """Code documents and store them with their events in a DuckDB file.

    Documents stream through in batches (memory stays bounded on any corpus size); each
    batch is one transaction, so an interrupted run loses at most one batch and running
    the same command again completes it. A document whose text is already stored is not
    coded again, so ingesting a corpus twice stores it once; a copy of a stored text from
    another outlet, date or address is recorded as another appearance of it, and counts
    in the mentions, sources and articles of its events.

    A progress bar (documents, total, documents/s, time left) shows on a terminal (not
    with --quiet or when standard error is not a terminal). --workers N codes on N local
    Dask worker processes, --scheduler ADDRESS on a running Dask cluster; this process
    alone writes the database, and the events are the same as without them.

    A broken input line or file, a document over the size limit or one whose coding
    fails is reported on standard error with its id and file:line and skipped, and the
    other documents are stored; the exit code is then 3
    (0 when every input was coded, 1 when an error stopped the run, e.g. a locked
    database). A document not in English is stored with its language and no events,
    reported as "not English, not coded" (exit code 3), unless --lang en says it is
    English. A bad optional field (date, url, title, …) is a warning: the document is
    coded and stored without it.

    Examples:
      sword ingest corpus/ --db sword.duckdb
      cat news.jsonl | sword ingest - --date 2025-07-14
    An input may be a news feed (.rss, .atom, .xml, or its http/https address): each item
    is a document, its text from the item or from the page it links to. With --watch the
    command keeps running and codes each new or changed file of the INPUTS once it has
    stopped changing, and polls feeds for new items; what it read is kept in DB.watch.jsonl,
    so a restart goes on where it stopped, and Ctrl-C prints a summary.
    """
    from sword.coding.read import ReadConfig, iter_documents
    from sword.config import CoderConfig
    from sword.ingest import IngestProgress, ingest

    err = _stderr()
    if not watch:  # a watch checks its own targets (E060)
        check_inputs(inputs, err)
    problems = InputProblems(err)
    default_date = parse_date_option(when, "--date")
    read = ReadConfig(default_date=default_date, lang=parse_lang_option(lang))
    config = CoderConfig(model=model, default_date=default_date, translated=translated,
                         event_model=not no_model)
    if watch:
        from sword.cli.watch import run_watch
        from sword.watch import WatchConfig

        run_watch(inputs, db, WatchConfig(interval=interval, feed_interval=feed_interval,
                                          max_idle=max_idle, batch_size=batch_size),
                  read, config, quiet)
        return
    started = time.perf_counter()
    with _open_store(db, read_only=False) as store, scale_client(workers, scheduler, err) as \
            client, document_progress(err, inputs, "ingesting", quiet) as bar:
        problems.console = bar.console
        follow = IngestProgress(documents=bar.advance,
                                events=lambda total: bar.note(f"{total} events coded"),
                                skipped=bar.skipping(problems))
        try:
            documents = iter_documents(inputs, read, bar.skipping(problems), problems.warn)
            result = ingest(documents, store=store, config=config, batch_size=batch_size,
                            progress=follow, client=client)
        except SwordError as e:
            raise fail(e) from e
    elapsed = time.perf_counter() - started
    if not quiet:
        seen = result.documents_added + result.already_stored
        copies = (f" (of which {result.copies_recorded} from another outlet, date or address)"
                  if result.copies_recorded else "")
        typer.echo(
            f"{db}: {result.documents_added} documents added, {result.already_stored} already "
            f"stored{copies}, {result.events_added} events; "
            f"{seen / elapsed if elapsed else 0:.1f} docs/s"
        )
    problems.finish()


def relations_command(
    a: Annotated[str, typer.Argument(
        metavar="A", help="The first actor: a code (RUS), a country (Russia), a capital or "
                          "seat of power (the Kremlin), a leader (Putin) or an organisation.")],
    b: Annotated[str, typer.Argument(metavar="B", help="The second actor, the same way.")],
    freq: FreqOption = "month",
    since: SinceOption = None,
    until: UntilOption = None,
    plot: Annotated[Path | None, typer.Option(
        "--plot", metavar="FILE", help="Also draw a chart: FILE.html (opens offline) or "
                                       "FILE.png (needs kaleido).")] = None,
    db: ReadDbOption = None,
) -> None:
    """How the relationship of A and B moves over time, in both directions.

    For each period: the unique events (a story told by five articles counts once) by
    kind, the summed and mean Goldstein score, and the balance, (cooperation − conflict)
    / events, from −1 (all conflict) to +1 (all cooperation); then the same for each
    direction. Periods without events are left out of the table (not of the chart).

    Examples:
      sword relations RUS AZE
      sword relations Russia Azerbaijan --freq quarter
      sword relations "the Kremlin" Aliyev --since 2022-01-01 --plot rus-aze.html
    """
    from sword.analysis.relations import dyad_timeline, plot_timeline

    err = _stderr()
    a, b = resolve_actors({"A": a, "B": b}, err)
    store_path = find_store(db, console=err)
    with _open_store(store_path, read_only=True) as store:
        df = dyad_timeline(store.con, a, b, freq=freq, since=parse_date_option(since, "--since"),
                           until=parse_date_option(until, "--until"))
    if df.empty:
        typer.echo(f"no events between {a} and {b} in {store_path}")
        return
    columns, rows = timeline_table(df, freq)
    print_table(Console(), f"{a}–{b} by {freq} (unique events)", columns, rows)
    if plot is not None:
        try:
            path = plot_timeline(df, plot, title=f"{a}–{b}")
        except SwordError as e:
            raise fail(e) from e
        typer.echo(f"chart written to {path}")


# How the timeline's columns are shown; a column not named here (a new statistic) is
# shown under its own name, and one named None is left out (it repeats others).
TIMELINE_HEADERS: dict[str, tuple[str, str] | None] = {
    "events": ("events", "{:d}"),
    "verbal_coop": ("verbal coop", "{:d}"),
    "material_coop": ("material coop", "{:d}"),
    "verbal_conflict": ("verbal conflict", "{:d}"),
    "material_conflict": ("material conflict", "{:d}"),
    "cooperation": None,
    "conflict": None,
    "goldstein_sum": ("Goldstein sum", "{:+.1f}"),
    "goldstein_mean": ("mean Goldstein", "{:+.1f}"),
    "balance": ("balance", "{:+.2f}"),
}


def timeline_table(df, freq: str) -> tuple[list[Column], list[Row]]:  # type: ignore[no-untyped-def]
    """The dyad timeline as columns and rows: every statistic of both directions
    together, then events and balance in each direction."""
    directions = [d for d in df["direction"].unique() if d != "both"]
    shown = [c for c in df.columns if c not in ("period", "direction")
             and TIMELINE_HEADERS.get(c, (c, "")) is not None]
    wide = df.pivot(index="period", columns="direction")
    columns = [Column("period", "left")]
    columns += [Column((TIMELINE_HEADERS.get(c) or (c.replace("_", " "), ""))[0]) for c in shown]
    columns += [Column(f"{d} events, balance") for d in directions]
    rows = []
    for period, row in wide.iterrows():
        if row[("events", "both")] == 0:
            continue
        cells = [_period_label(period, freq)]
        cells += [_cell(row[(c, "both")], (TIMELINE_HEADERS.get(c) or ("", ""))[1])
                  for c in shown]
        cells += [f"{int(row[('events', d)])}, {_fmt(row[('balance', d)])}" for d in directions]
        rows.append(Row(cells))
    return columns, rows


def _cell(value, pattern: str = "") -> str:  # type: ignore[no-untyped-def]
    """A value as a table shows it: with the column's pattern when it has one, else
    integers as they are, other numbers with two decimals and intervals as a…b."""
    if isinstance(value, tuple | list):
        return "…".join(_cell(v) for v in value)
    if value is None or (isinstance(value, float) and value != value):  # NaN: nothing
        return "–"
    try:
        if pattern:
            return pattern.format(int(value) if pattern == "{:d}" else value)
        if float(value).is_integer() and not isinstance(value, float):
            return str(int(value))
        return f"{float(value):.2f}"
    except (TypeError, ValueError):
        return str(value)


def _period_label(period, freq: str) -> str:  # type: ignore[no-untyped-def]
    if freq == "year":
        return f"{period.year}"
    if freq == "quarter":
        return f"{period.year} Q{(period.month - 1) // 3 + 1}"
    return f"{period.year}-{period.month:02d}"


def shifts_command(
    actor: Annotated[list[str] | None, typer.Option(
        "--actor", metavar="NAME", show_default=False,
        help="Only shifts involving this actor (a code or a name: Russia, the Kremlin, "
             "Aliyev); give it twice for one pair.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_events: Annotated[int, typer.Option(
        "--min-events", min=1, metavar="N",
        help="Unique events a pair needs to be examined.")] = 10,
    freq: FreqOption = "month",
    penalty: Annotated[float, typer.Option(
        "--penalty", min=0.01, metavar="X", help="Change-point penalty (times the noise "
        "variance and ln n); a higher one finds fewer shifts.")] = 4.0,
    limit: Annotated[int, typer.Option("--limit", min=1, metavar="N",
                                       help="How many shifts to show.")] = 20,
    evidence: Annotated[int, typer.Option(
        "--evidence", min=0, metavar="N",
        help="Evidence sentences to show before and after each shift.")] = 3,
    min_side_events: Annotated[int, typer.Option(
        "--min-side-events", min=1, metavar="N",
        help="Unique events a shift needs on each side.")] = 5,
    alpha: Annotated[float, typer.Option(
        "--alpha", metavar="P", help="Largest p-value of a shift (permutation test).")] = 0.002,
    db: ReadDbOption = None,
) -> None:
    """Significant turning points in every pair's cooperation, ranked by the size of the
    turn × its evidence (the ranking of the report and the dashboard).

    Each shift gives the month the new level starts, the level before and after (the
    balance, −1…+1, with its 90% interval under the row), the size of the turn, its score
    and p-value (a permutation test; a shift needs --min-side-events on each side and
    p ≤ --alpha), and the evidence on each side that proves the turn; [reported] marks
    one side's claim, [repaired_actor] an actor name the coder corrected.

    Examples:
      sword shifts
      sword shifts --actor Russia --min-events 8
      sword shifts --actor Armenia --actor Turkey --evidence 1
    """
    from sword.analysis.shifts import ShiftTest, find_shifts

    try:
        test = ShiftTest(min_side_events=min_side_events, alpha=alpha)
    except SwordError as e:
        raise typer.BadParameter(str(e)) from e
    err = _stderr()
    wanted = resolve_actors({f"--actor {i + 1}": v for i, v in enumerate(actor or [])}, err)
    store_path = find_store(db, console=err)
    with _open_store(store_path, read_only=True) as store:
        shifts = find_shifts(store.con, since=parse_date_option(since, "--since"),
                             min_events=min_events, freq=freq, penalty=penalty,
                             until=parse_date_option(until, "--until"), evidence=evidence,
                             test=test)
    shifts = [s for s in shifts if all(code in s.dyad for code in wanted)]
    console = Console()
    if not shifts:
        console.print(f"no shifts found in {store_path} (pairs need {min_events}+ unique "
                      "events)", highlight=False)
        return
    shown = shifts[:limit]
    extra = _extra_fields(shown[0].to_dict())
    columns = [Column("#"), Column("pair", "left"), Column("from", "left"),
               Column("before"), Column("after"), Column("turn"),
               Column("events before, after"), Column("score"),
               *(Column(k.replace("_", " ")) for k in extra)]
    rows = [Row([str(rank), "–".join(s.dyad), s.date.strftime("%Y-%m"),
                 _fmt(s.level_before), _fmt(s.level_after), _fmt(s.size),
                 f"{s.events_before}, {s.events_after}", f"{s.score:.1f}",
                 *(_cell(s.to_dict()[k]) for k in extra)],
                _shift_notes(s))
            for rank, s in enumerate(shown, 1)]
    print_table(console, f"Shifts ({len(shifts)} found, largest first)", columns, rows,
                keys=2)


# Fields of a shift the table shows in its own way, or not at all (dates of segments,
# the evidence under the row); any other field (a new statistic) gets a column.
SHIFT_FIELDS_SHOWN = frozenset({
    "dyad", "date", "last_before", "level_before", "level_after", "size", "direction",
    "events_before", "events_after", "segment_before", "segment_after", "evidence_before",
    "evidence_after", "score", "p_value", "interval_before", "interval_after"})


def _extra_fields(record: dict) -> list[str]:
    return [k for k, v in record.items() if k not in SHIFT_FIELDS_SHOWN
            and (isinstance(v, int | float | str) or _is_interval(v))]


def _is_interval(value) -> bool:  # type: ignore[no-untyped-def]
    return (isinstance(value, list | tuple) and len(value) == 2
            and all(isinstance(v, int | float) for v in value))


def _shift_notes(shift) -> list[Text]:  # type: ignore[no-untyped-def]
    notes = [Text(f"turned {shift.direction}", style="green" if shift.size > 0 else "red")
             + Text(f": score {shift.score:.1f}, p = {shift.p_value:.2g}; balance "
                    f"{_interval(shift.level_before, shift.interval_before)} → "
                    f"{_interval(shift.level_after, shift.interval_after)} (90% intervals)")]
    for label, items in (("before", shift.evidence_before), ("after", shift.evidence_after)):
        notes += [evidence_note(label, item) for item in items]
    return notes


def evidence_note(label: str, item) -> Text:  # type: ignore[no-untyped-def]
    """One evidence sentence as a note under a row: when, who reported it, the sentence
    and its code."""
    note = Text(f"{label} " if label else "", style="bold")
    sentence = " ".join(item.sentence.split())
    note.append(f"{item.event_date} {item.publisher or 'unknown outlet'}"
                f"{item.mark_text()}: {sentence}")
    note.append(f" ({item.cameo}, {item.goldstein:+.1f})", style="dim")
    return note


def _interval(value: float, interval: tuple[float, float]) -> str:
    return f"{_fmt(value)} [{_fmt(interval[0])}, {_fmt(interval[1])}]"


def network_command(
    at: Annotated[str | None, typer.Option(
        "--at", metavar="DATE", show_default=False,
        help="Last day of the window (YYYY-MM-DD; default: the latest event).")] = None,
    window: Annotated[str, typer.Option(
        "--window", metavar="LENGTH",
        help="Length of the window: a number and d, w, m or y (e.g. 12m).")] = "12m",
    out: Annotated[Path | None, typer.Option(
        "--out", metavar="FILE", show_default=False,
        help="Also write the graph: FILE.graphml or FILE.json (node-link).")] = None,
    min_events: Annotated[int, typer.Option(
        "--min-events", min=1, metavar="N", help="Unique events an edge needs.")] = 1,
    history: Annotated[bool, typer.Option(
        "--history", help="Scan windows ending every --step over the whole store and list "
                          "every tension seen, not only those of one window.")] = False,
    step: Annotated[str, typer.Option(
        "--step", metavar="LENGTH", help="Step between windows with --history.")] = "3m",
    organisations: Annotated[bool, typer.Option(
        "--organisations", help="Keep organisations (EU, NATO, …) in the graph, not only "
                                "states.")] = False,
    stance_events: Annotated[int, typer.Option(
        "--stance-events", min=1, metavar="N",
        help="Unique events a pair needs to be called friendly or hostile.")] = 5,
    level: Annotated[float, typer.Option(
        "--level", metavar="P", help="Probability of the balance interval that must exclude "
                                     "neutral (0–1).")] = 0.9,
    db: ReadDbOption = None,
) -> None:
    """The signed graph of who cooperates and who clashes, and its unbalanced triads.

    Edge weight is the number of unique events between two actors in the window. A pair
    is friendly (+) or hostile (−) only when the 90% interval of its balance (cooperation
    − conflict) / events excludes neutral and it rests on enough events (5); otherwise it
    is "mixed" or "too few events" and takes no part in any triad (--stance-events and
    --level set these bars). A triad is unbalanced when it has an
    odd number of hostile edges, e.g. A friendly with B and with C while B and C are
    hostile: A is caught between them.

    Examples:
      sword network
      sword network --at 2025-06-30 --window 12m --out graph.graphml
      sword network --history --step 6m
    """
    from sword.analysis.network import (
        balance_summary,
        parse_window,
        signed_graph,
        triad_history,
        unbalanced_triads,
        write_graph,
    )
    from sword.analysis.relations import StanceConfig

    try:
        parse_window(window)
        if history:
            parse_window(step)
        stance = StanceConfig(level=level, min_events=stance_events)
    except SwordError as e:
        raise typer.BadParameter(str(e)) from e
    console = Console()
    db = find_store(db, console=_stderr())
    with _open_store(db, read_only=True) as store:
        graph = signed_graph(store.con, parse_date_option(at, "--at"), window,
                             min_events=min_events, states_only=not organisations,
                             stance_config=stance)
        tensions = (triad_history(store.con, window, step, min_events=min_events,
                                  states_only=not organisations, stance_config=stance)
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
    columns = [Column("triad", "left"), Column("caught between", "left"),
               Column("edges (sign, events)", "left", wrap=True), Column("seen", "left")]
    rows = []
    for number, triad in enumerate(triads):
        edges = ", ".join(f"{e.u}{'+' if e.sign > 0 else '−'}{e.v} ({e.weight})"
                          for e in triad.edges)
        notes: list[Text] = []
        if number < TRIADS_WITH_EVIDENCE:
            notes.append(Text(triad.describe()))
            notes += [evidence_note(f"{e.u}{'+' if e.sign > 0 else '−'}{e.v} ({e.label}, "
                                    f"{e.weight} events, balance "
                                    f"{_interval(e.balance, (e.low, e.high))})", e.evidence[0])
                      for e in triad.edges if e.evidence]
        rows.append(Row(["–".join(triad.nodes), triad.pivot or "(all hostile)", edges,
                         spans.get((triad.nodes, triad.pivot), "")], notes))
    print_table(console, "Unbalanced triads", columns, rows)


def framing_command(
    a: Annotated[str, typer.Argument(
        metavar="A", help="The first actor: a code (RUS) or a name (Russia, the Kremlin, "
                          "Putin).")],
    b: Annotated[str, typer.Argument(metavar="B", help="The second actor, the same way.")],
    since: SinceOption = None,
    until: UntilOption = None,
    db: ReadDbOption = None,
) -> None:
    """How each publisher portrays the relationship of A and B: the mix of kinds of
    event and the mean Goldstein score, outlet beside outlet (unique events).

    Examples:
      sword framing RUS ARM
      sword framing Russia Azerbaijan --since 2024-01-01
    """
    from sword.analysis.framing import framing

    err = _stderr()
    a, b = resolve_actors({"A": a, "B": b}, err)
    store_path = find_store(db, console=err)
    with _open_store(store_path, read_only=True) as store:
        df = framing(store.con, a, b, since=parse_date_option(since, "--since"),
                     until=parse_date_option(until, "--until"))
    if df.empty:
        typer.echo(f"no events between {a} and {b} in {store_path}")
        return
    columns = [Column("publisher", "left", wrap=True), *(Column(h) for h in (
        "articles", "events", f"{a}→{b}", f"{b}→{a}", "verbal coop",
        "material coop", "verbal conflict", "material conflict", "mean Goldstein", "balance"))]
    rows = [Row([
        str(row.publisher), str(row.articles), str(row.events), str(row.a_to_b),
        str(row.b_to_a),
        *(f"{getattr(row, q)} ({getattr(row, q + '_share'):.0%})"
          for q in ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict")),
        _fmt(row.goldstein_mean, 1), _fmt(row.balance),
    ]) for row in df.itertuples()]
    print_table(Console(), f"{a}–{b}: framing by publisher (unique events)", columns, rows)
