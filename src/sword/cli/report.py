"""Commands that read a whole store: `sword report` and `sword demo`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

import sword.analysis  # says which extra to install when [store] is missing
import sword.report  # noqa: F401  (the same for [report])
from sword.cli.common import DEMO_STORE, REPORT_FILE, fail, find_store
from sword.errors import SwordError

if TYPE_CHECKING:  # the analyses and the report load when a command runs, not on `--help`
    from sword.analysis.findings import Findings
    from sword.analysis.relations import Evidence

DEFAULT_REPORT = REPORT_FILE


def register(app: typer.Typer) -> None:
    """Add `sword report` and `sword demo` to the command line."""

    @app.command("report")
    def report_command(
        db: Annotated[Path | None, typer.Option(
            "--db", metavar="FILE", show_default=False,
            help="The Sword store to report on (default: ./sword.duckdb, or "
                 "./sword-demo.duckdb when only the demo's store is there).")] = None,
        out: Annotated[Path, typer.Option(
            "--out", "-o", metavar="FILE", help="The HTML file to write.")] = Path(
            DEFAULT_REPORT),
        freq: Annotated[str, typer.Option(
            "--freq", metavar="PERIOD",
            help="Period of the timeline charts: month, quarter or year.")] = "quarter",
        window: Annotated[str, typer.Option(
            "--window", metavar="LENGTH", help="Window of the network drawing, ending at the "
                                               "latest event (e.g. 12m, 18m, 2y).")] = "18m",
        min_events: Annotated[int, typer.Option(
            "--min-events", min=1, metavar="N", help="Unique events a pair needs to be "
                                                     "searched for shifts.")] = 10,
    ) -> None:
        """Write one self-contained HTML report (it opens offline): top pairs, timelines,
        shift alerts with evidence, the network, triad tensions and framing by outlet.

        Examples:
          sword report
          sword report --db sword.duckdb --out report.html --freq month
        """
        from rich.console import Console

        from sword.analysis.findings import ReportConfig
        from sword.report.html import build_report
        from sword.store.store import Store

        err = Console(stderr=True)
        db = find_store(db, console=err)
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
            "--db", metavar="FILE",
            help="The DuckDB file to create; an old one at this path is replaced.")] = Path(
            DEMO_STORE),
        out: Annotated[Path, typer.Option(
            "--out", "-o", metavar="FILE", help="The HTML report to write.")] = Path(
            DEFAULT_REPORT),
        quiet: Annotated[bool, typer.Option(
            "--quiet", "-q", help="No progress bar (it is off anyway when standard error is "
                                  "not a terminal).")] = False,
        limit: Annotated[int | None, typer.Option(
            "--limit", min=1, metavar="N", show_default=False,
            help="Code only this many documents, spread evenly over the corpus (a quick "
                 "look).")] = None,
    ) -> None:
        """Code the bundled corpus (South Caucasus and neighbours, 2018–2025) into a fresh
        store, print the main findings and write the HTML report.

        The store (default ./sword-demo.duckdb) is deleted and rebuilt on every run; the
        report (default ./report.html) opens offline in any browser. The analyses (`sword
        relations`, `shifts`, `network`, `framing`, `report`, `serve`) read this store when
        no ./sword.duckdb is there.

        Examples:
          sword demo
          sword demo --limit 100 --out quick.html
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
        # a path is never broken across lines: it is there to be copied
        console.print(f"Report: [bold]{escape(str(result.report_path.resolve()))}[/]",
                      highlight=False, soft_wrap=True)


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
    """The demo's terminal summary: shifts with a line of evidence, top pairs, tensions."""
    from rich.text import Text

    from sword.cli.tables import Column, Row, print_table
    from sword.report.html import _tension_words

    rows = []
    for shift in f.shifts[:shifts]:
        notes = [_evidence_line(f, "before", shift.evidence_before),
                 _evidence_line(f, "after", shift.evidence_after)]
        rows.append(Row([f.pair(shift.dyad), shift.date.strftime("%Y-%m"),
                         Text(shift.direction, style="green" if shift.size > 0 else "red"),
                         f"{shift.level_before:+.2f} → {shift.level_after:+.2f}"],
                        [n for n in notes if n]))
    if not f.shifts:
        rows.append(Row(["(no shift found)", "", "", ""]))
    print_table(console, "Biggest shifts", [Column("pair", "left"), Column("from", "left"),
                                            Column("turn", "left"), Column("balance")], rows)

    console.print()
    rows = [Row([f.pair((d.a, d.b)), str(d.events), str(d.cooperation), str(d.conflict),
                 f"{d.balance:+.2f}", f"{d.first:%Y-%m} – {d.last:%Y-%m}"])
            for d in f.top_dyads[:8]]
    print_table(console, "Top dyads", [Column("pair", "left"), Column("events"),
                                       Column("coop"), Column("conflict"), Column("balance"),
                                       Column("period", "left")], rows)

    console.print()
    rows = []
    for tension in f.tensions[:5]:
        hostile = [e for e in tension.strongest.edges if e.sign < 0]
        line = _evidence_line(f, "", hostile[0].evidence) if hostile else ""
        rows.append(Row([_tension_words(f, tension),
                         f"{tension.first_at:%Y-%m} – {tension.last_at:%Y-%m}"],
                        [line] if line else []))
    if not f.tensions:
        rows.append(Row(["(no unbalanced triad)", ""]))
    print_table(console, "Triad tensions (evidence: a hostile edge)",
                [Column("tension", "left", wrap=True, min_width=30),
                 Column("windows", "left")], rows)


def _evidence_line(f: Findings, label: str, evidence: list[Evidence]) -> str:
    from sword.report.html import _day

    if not evidence:
        return ""
    e = evidence[0]
    head = f"{label}: " if label else ""
    return (f"{head}{_day(e.event_date)} {e.publisher or 'unknown outlet'}{e.mark_text()}: "
            f"“{_clip(e.sentence, 220)}”")


def _clip(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
