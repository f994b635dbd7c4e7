"""CLI commands that explain: `sword why A B` (a dyad's shifts, the moves around them and
the reasons the press gives) and `sword alignment STATE` (where a state stands and which
way it drifts). Plain text, at most 80 columns; thin wrappers over
sword.analysis.why / alignment.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from sword.cli.actors import resolve_actors
from sword.cli.analysis import FreqOption, ReadDbOption, _open_store, _stderr
from sword.cli.common import find_store

if TYPE_CHECKING:
    from sword.analysis.alignment import Alignment
    from sword.analysis.comoves import CoMove
    from sword.analysis.why import DyadWhy, ReasonRow

WIDTH = 80


def register(app: typer.Typer) -> None:
    """Add `why` and `alignment` to `app`."""
    for name, function in {"why": why_command, "alignment": alignment_command}.items():
        app.command(name)(function)  # help: the docstring, as `sword.cli.help` shows it


def why_command(
    a: Annotated[str, typer.Argument(
        metavar="A", help="One state: a code (ARM) or a name (Armenia, Pashinyan).")],
    b: Annotated[str, typer.Argument(metavar="B", help="The other state, the same way.")],
    db: ReadDbOption = None,
    window: Annotated[int, typer.Option(
        "--window", min=1, max=60, metavar="MONTHS",
        help="Months either side of a shift for co-moves.")] = 12,
    min_events: Annotated[int, typer.Option(
        "--min-events", min=2, metavar="N",
        help="Unique events a dyad needs to be searched for shifts.")
    ] = 10,
    reasons: Annotated[int, typer.Option(
        "--reasons", min=0, metavar="N", help="Reason sentences shown per shift.")] = 6,
) -> None:
    """Why a relationship shifted, as far as the data says: each shift alert of the pair,
    the other shifts and sharp changes involving either party (or a common partner) in
    the months around it — an association in time, never a cause — and the sentences in
    which the press gives a reason (because, in response to, citing …), each with its
    outlet, whether it is a side's claim or the outlet's own analysis, and the document
    it is in.

    Examples:
      sword why ARM RUS
      sword why Azerbaijan Russia --window 6
    """
    from sword.analysis.comoves import CoMoveConfig
    from sword.analysis.why import WhyConfig, explain_dyad
    from sword.coding.knowledge import default_knowledge

    config = WhyConfig(min_events=min_events, reasons=reasons,
                       comoves=CoMoveConfig(window=window))
    err = _stderr()
    a, b = resolve_actors({"A": a, "B": b}, err)
    with _open_store(find_store(db, console=err), read_only=True) as store:
        found = explain_dyad(store.con, a, b, config)
    name = default_knowledge().display_name
    typer.echo("\n".join(why_lines(found, name, window)))


def why_lines(found: DyadWhy, name: Callable[[str], str], window: int) -> list[str]:
    """The text of `sword why` (also what tests read)."""
    a, b = found.dyad
    out = [f"Why {name(a)} – {name(b)} moved (association in time, not cause)"]
    if not found.alerts:
        out.append("No shift alert for this pair.")
    for alert in found.alerts:
        s = alert.shift
        out += ["", f"{s.date:%Y-%m}: {s.direction}, balance {s.level_before:+.2f} → "
                    f"{s.level_after:+.2f} ({s.events_before} events before, "
                    f"{s.events_after} after)"]
        for label, items in (("before", s.evidence_before[:1]), ("after", s.evidence_after[:1])):
            for e in items:
                out += _wrap(f"{label}: {e.event_date} {e.publisher}: “{e.sentence}”", 2)
        strong = [m for m in alert.comoves if m.beyond_chance]
        weak = [m for m in alert.comoves if not m.beyond_chance]
        out.append(f"  In the same months (±{window}), beyond chance:")
        if not strong:
            out.append("    nothing else moved beyond chance")
        for move in strong[:8]:
            out += _wrap(comove_text(move, name), 4, "- ")
            for e in move.evidence[:1]:
                out += _wrap(f"{e.event_date} {e.publisher}: “{e.sentence}”", 6)
        if weak:
            out.append("  Weaker signs in those months (within chance, not findings):")
        for move in weak[:3]:
            out += _wrap(comove_text(move, name), 4, "- ")
        out.append("  Reasons the press gives:")
        if not alert.reasons:
            out.append("    none found in the texts of this period")
        for r in alert.reasons:
            out += reason_lines(r, 4)
        for dyad, rows in alert.comove_reasons.items():
            out.append(f"  … and for {name(dyad[0])} – {name(dyad[1])}:")
            for r in rows:
                out += reason_lines(r, 4)
    if not found.alerts and found.reasons:
        out.append("Reasons the press gives:")
        for r in found.reasons[-8:]:
            out += reason_lines(r, 2)
    return out


def comove_text(move: CoMove, name: Callable[[str], str]) -> str:
    pair = f"{name(move.dyad[0])} – {name(move.dyad[1])}"
    when = f"{move.date:%Y-%m}"
    if move.kind == "shift":
        return (f"{when} {pair} {move.direction} (shift, balance {move.before:+.2f} → "
                f"{move.after:+.2f})")
    return (f"{pair} {move.direction}: net cooperation {move.before:+.0f} in the months "
            f"before, {move.after:+.0f} after ({move.events_before} → {move.events_after} "
            f"events, z {move.z:+.1f})")


def reason_lines(r: ReasonRow, indent: int) -> list[str]:
    head = (f"{r.event_date or 'undated'} {r.publisher or r.doc_id} ({r.voice}, "
            f"{r.kind}): “{excerpt(r)}”")
    where = f"[{r.doc_id}, characters {r.sentence_start}–{r.sentence_end}]"
    return _wrap(head, indent, "- ") + _wrap(where, indent + 2)


def excerpt(r: ReasonRow, limit: int = 260) -> str:
    """The sentence, or the part of a long one around its reason words."""
    if len(r.sentence) <= limit:
        return r.sentence
    at = max(r.sentence.find(r.reason[:40]), 0)
    start = max(0, min(at - limit // 3, len(r.sentence) - limit))
    if start:  # begin at a word
        start = r.sentence.find(" ", start) + 1 or start
    text = r.sentence[start:start + limit]
    return ("…" if start else "") + text + ("…" if start + limit < len(r.sentence) else "")


def _wrap(text: str, indent: int, bullet: str = "") -> list[str]:
    pad = " " * indent
    return textwrap.wrap(text, WIDTH, initial_indent=pad + bullet,
                         subsequent_indent=pad + " " * len(bullet)) or [pad]


def alignment_command(
    state: Annotated[str, typer.Argument(
        metavar="STATE", help="A state: a code (ARM) or a name (Armenia).")],
    db: ReadDbOption = None,
    poles: Annotated[str | None, typer.Option(
        "--poles", metavar="CODES",
        help="Partners to project onto, comma-separated (RUS,USA,CHN,TUR,EU).")
    ] = None,
    freq: FreqOption = "year",
    periods: Annotated[int, typer.Option(
        "--periods", min=1, max=12, metavar="N", help="Latest periods shown in the profile.")] = 6,
) -> None:
    """Where a state stands relative to its partners, period by period, and which way it
    drifts: the balance of cooperation and conflict with each partner (with a 90%
    interval for the latest period), the moves towards or away from each partner (the
    month that best splits its share of the state's cooperation and conflict, |z| ≥ 3),
    with the events behind each move; --poles projects the moves onto partners you name.

    Examples:
      sword alignment ARM --poles RUS,USA,EU,FRA,TUR
      sword alignment Azerbaijan --freq quarter
    """
    from sword.analysis.alignment import AlignmentConfig, alignment
    from sword.coding.knowledge import default_knowledge

    err = _stderr()
    (state,) = resolve_actors({"STATE": state}, err)
    pole_list = [p for p in (poles or "").split(",") if p.strip()]
    with _open_store(find_store(db, console=err), read_only=True) as store:
        found = alignment(store.con, state, AlignmentConfig(freq=freq), pole_list)
    typer.echo("\n".join(alignment_lines(found, default_knowledge().display_name, periods)))


def alignment_lines(found: Alignment, name: Callable[[str], str], periods: int) -> list[str]:
    """The text of `sword alignment` (also what tests read)."""
    shown = found.periods[-periods:]
    out = [f"{name(found.state)}: balance of cooperation − conflict with each partner",
           "and its unique events in the period (– none)", ""]
    out.append(f"{'partner':<14}" + "".join(f"{_period(p):>11}" for p in shown))
    for partner in found.partners:
        cells = []
        for period in shown:
            s = found.standing(partner, period)
            cells.append(f"{s.balance:+.2f} {s.events:>3}" if s and s.balance is not None
                         else "–")
        out.append(f"{name(partner)[:13]:<14}" + "".join(f"{c:>11}" for c in cells))
    last = shown[-1]
    out += ["", f"In {_period(last)}, with 90% intervals:"]
    for partner in found.partners:
        s = found.standing(partner, last)
        if s and s.events:
            out.append(f"  {name(partner)[:22]:<24}{s.balance:+.2f}  [{s.low:+.2f}, "
                       f"{s.high:+.2f}]  {s.events} events")
    out += ["", "Moves (share of its cooperation − conflict with the partner):"]
    if not found.moves:
        out.append("  none beyond chance")
    for m in found.moves:
        out += _wrap(f"{m.since:%Y-%m} {m.direction} {name(m.partner)}: "
                     f"{m.weight_before:+.3f} → {m.weight_after:+.3f} (z {m.z:+.1f}; "
                     f"{m.events_before} → {m.events_after} events)", 2, "- ")
        for e in m.evidence[:1]:
            out += _wrap(f"{e.event_date} {e.publisher}: “{e.sentence}”", 4)
    if found.poles:
        out += ["", pole_summary(found, name)]
    return out


def pole_summary(found: Alignment, name: Callable[[str], str]) -> str:
    """"Armenia: away from Russia (−) since 2023-01; towards the US (+) since …"."""
    parts = []
    for pole, move in found.poles:
        if move is None:
            parts.append(f"no clear move with {name(pole)}")
        else:
            sign = "+" if move.change > 0 else "−"
            parts.append(f"{move.direction} {name(pole)} ({sign}) since {move.since:%Y-%m}")
    return "\n".join(_wrap(f"{name(found.state)}: " + "; ".join(parts), 0))


def _period(day: date) -> str:
    return f"{day:%Y-%m}" if day.month != 1 else f"{day:%Y}"
