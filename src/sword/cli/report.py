"""Commands that read a whole store: `sword report` and `sword demo`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from sword.analysis.findings import Findings, ReportConfig
from sword.analysis.relations import Evidence
from sword.cli.common import fail
from sword.errors import SwordError
from sword.report.html import DEFAULT_REPORT, _day, _tension_words, build_report


def register(app: typer.Typer) -> None:
    """Add `sword report` and `sword demo` to the command line."""
    from sword.store.store import DEFAULT_DB

    @app.command("report")
    def report_command(
        db: Annotated[Path, typer.Option("--db", help="The Sword store to report on.")] = Path(
            DEFAULT_DB),
        out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path(
            DEFAULT_REPORT),
        freq: Annotated[str, typer.Option(
            "--freq", help="Period of the timeline charts: month, quarter or year.")] = "quarter",
        window: Annotated[str, typer.Option(
            "--window", help="Window of the network drawing, ending at the latest event "
                             "(e.g. 12m, 18m, 2y).")] = "18m",
        min_events: Annotated[int, typer.Option(
            "--min-events", min=1, help="Unique events a dyad needs to be searched for "
                                        "shifts.")] = 10,
    ) -> None:
        """Write one self-contained HTML report (opens offline): top dyads, timelines, shift
        alerts with evidence, the network, triad tensions and framing by outlet."""
        from rich.console import Console

        from sword.store.store import Store

        err = Console(stderr=True)
        try:
            config = ReportConfig(freq=freq, network_window=window, min_events=min_events)
            with Store(db, read_only=True) as store:
                path = build_report(store.con, out, config)
        except SwordError as e:
            raise fail(e, err) from e
        typer.echo(str(path))

    @app.command("demo")
    def demo_command(
        db: Annotated[Path, typer.Option(
            "--db", help="The DuckDB file to create; an old one at this path is replaced.")] = Path(
            "sword-demo.duckdb"),
        out: Annotated[Path, typer.Option("--out", "-o", help="The HTML report to write.")] = Path(
            DEFAULT_REPORT),
        quiet: Annotated[bool, typer.Option(
            "--quiet", "-q", help="No progress bar (it is off anyway when standard error is "
                                  "not a terminal).")] = False,
        limit: Annotated[int | None, typer.Option(
            "--limit", min=1, help="Code only this many documents, spread evenly over the "
                                   "corpus (a quick look).")] = None,
    ) -> None:
        """Code the bundled corpus (South Caucasus and neighbours, 2018–2025) into a fresh
        store, print the main findings and write the HTML report.

        The store (default ./sword-demo.duckdb) is deleted and rebuilt on every run; the
        report (default ./report.html) opens offline in any browser.
        """
        from rich.console import Console

        from sword.demo import corpus_size, run_demo

        console = Console()
        err = Console(stderr=True)
        try:
            total = corpus_size() if limit is None else min(limit, corpus_size())
            with _ProgressBar(err, quiet, total) as advance:
                result = run_demo(db, out, progress=advance, limit=limit)
        except SwordError as e:
            raise fail(e, err) from e
        print_findings(console, result.findings)
        console.print(
            f"\nCoded {result.documents} documents into {result.events} events in "
            f"{result.seconds:.0f} s; store: {result.db_path}", highlight=False)
        console.print(f"Report: [bold]{result.report_path.resolve()}[/]", highlight=False)


class _ProgressBar:
    """A rich progress bar on standard error with documents/s, or nothing."""

    def __init__(self, console: Any, quiet: bool, total: int) -> None:
        self.enabled = not quiet and console.is_terminal
        self.console = console
        self.total = total
        self.bar: Any = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return None
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.bar = Progress(
            TextColumn("coding"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self.bar.start()
        task = self.bar.add_task("coding", total=self.total, rate="")

        def advance(n: int) -> None:
            self.bar.advance(task, n)
            speed = self.bar.tasks[0].speed
            self.bar.update(task, rate=f"{speed:.1f} docs/s" if speed else "")

        return advance

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def print_findings(console: Any, f: Findings, shifts: int = 6) -> None:
    """The demo's terminal summary: shifts with a line of evidence, top dyads, tensions."""
    from rich.table import Table

    table = Table(title="Biggest shifts", title_justify="left", show_lines=True)
    for column in ("pair", "from", "turn", "balance", "evidence"):
        table.add_column(column, overflow="fold")
    for shift in f.shifts[:shifts]:
        lines = [_evidence_line(f, "before", shift.evidence_before),
                 _evidence_line(f, "after", shift.evidence_after)]
        colour = "green" if shift.size > 0 else "red"
        table.add_row(
            f.pair(shift.dyad),
            shift.date.strftime("%Y-%m"),
            f"[{colour}]{shift.direction}[/]",
            f"{shift.level_before:+.2f} → {shift.level_after:+.2f}",
            "\n".join(line for line in lines if line),
        )
    if not f.shifts:
        table.add_row("(no shift found)", "", "", "", "")
    console.print(table)

    table = Table(title="Top dyads", title_justify="left")
    for column in ("pair", "events", "coop", "conflict", "balance", "period"):
        table.add_column(column, justify="right" if column in
                         ("events", "coop", "conflict", "balance") else "left")
    for d in f.top_dyads[:8]:
        table.add_row(f.pair((d.a, d.b)), str(d.events), str(d.cooperation), str(d.conflict),
                      f"{d.balance:+.2f}", f"{d.first:%Y-%m} – {d.last:%Y-%m}")
    console.print(table)

    table = Table(title="Triad tensions", title_justify="left", show_lines=True)
    for column in ("tension", "windows", "hostile edge evidence"):
        table.add_column(column, overflow="fold")
    for tension in f.tensions[:5]:
        hostile = [e for e in tension.strongest.edges if e.sign < 0]
        line = _evidence_line(f, "", hostile[0].evidence) if hostile else ""
        table.add_row(
            f"{_tension_words(f, tension)}",
            f"{tension.first_at:%Y-%m} – {tension.last_at:%Y-%m}",
            line,
        )
    if not f.tensions:
        table.add_row("(no unbalanced triad)", "", "")
    console.print(table)


def _evidence_line(f: Findings, label: str, evidence: list[Evidence]) -> str:
    from rich.markup import escape

    if not evidence:
        return ""
    e = evidence[0]
    head = f"{label}: " if label else ""
    return escape(f"{head}{_day(e.event_date)} {e.publisher or 'unknown outlet'}"
                  f"{e.mark_text()}: “{_clip(e.sentence, 220)}”")


def _clip(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
