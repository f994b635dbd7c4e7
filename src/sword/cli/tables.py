"""Tables for the terminal that read at any width.

Every command prints its tables through `print_table`: the columns take the width they
need when the terminal has it; on a narrow one, headers wrap at their spaces (never cut
to "per…"), text columns wrap, and when the columns still do not fit they are split into
several tables that repeat the key columns (the period, the pair). Evidence is never a
column: each row may carry notes (the sentences that prove it), printed on lines of
their own under the row, wrapped at the terminal's width.

    print_table(console, "RUS–AZE by month", [Column("period", "left"), Column("events")],
                [Row(["2024-01", "12"], notes=["before: 2024-01-03 Daily: “…”"])])

Rich draws the tables; this module only chooses the widths.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

GAP = 3  # cells between two columns: padding, the (blank) divider, padding
NOTE_INDENT = 4


@dataclass(slots=True)
class Column:
    """A column: its header, how its cells align, and whether long cells may wrap."""

    header: str
    justify: str = "right"  # "left" for text, "right" for figures
    wrap: bool = False  # text that may take several lines (a description, a list)
    min_width: int = 16  # the narrowest a wrapping column is made


@dataclass(slots=True)
class Row:
    """The cells of one row, and notes shown under it across the whole width."""

    cells: Sequence[str | Text]
    notes: Sequence[str | Text] = field(default_factory=list)


def print_table(console: Console, title: str, columns: Sequence[Column], rows: Sequence[Row],
                *, keys: int = 1) -> None:
    """Print `rows` under `columns` fitted to the console's width; `keys` leading columns
    are repeated when the table has to be split."""
    parts = split_columns(columns, rows, console.width, keys)
    for number, indexes in enumerate(parts):
        heading = title if number == 0 else f"{title} (continued)"
        console.print(Text(heading, style="bold"))
        part_columns = [columns[i] for i in indexes]
        part_rows = [Row([row.cells[i] for i in indexes], row.notes if number == 0 else [])
                     for row in rows]
        widths = fit_widths(part_columns, part_rows, console.width)
        _print_part(console, part_columns, part_rows, widths)
        if number < len(parts) - 1:
            console.print()


def _cell_len(cell: str | Text) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(cell)


def _longest_line(cell: str | Text) -> int:
    plain = cell.plain if isinstance(cell, Text) else cell
    return max((cell_len(line) for line in plain.splitlines()), default=0)


def _longest_word(text: str | Text) -> int:
    plain = text.plain if isinstance(text, Text) else text
    return max((cell_len(word) for word in plain.split()), default=0)


def _natural(column: Column, cells: Sequence[str | Text]) -> int:
    """The width at which neither the header nor any cell needs to wrap."""
    return max([cell_len(column.header), *(_longest_line(c) for c in cells)])


def _floor(column: Column, cells: Sequence[str | Text]) -> int:
    """The narrowest width: the header's longest word, and whole cells unless the
    column may wrap."""
    widest = max((_longest_line(c) for c in cells), default=0)
    if column.wrap:  # as narrow as min_width, but no word of a cell is cut
        words = max((_longest_word(c) for c in cells), default=0)
        widest = min(widest, max(column.min_width, words))
    return max(_longest_word(column.header), widest, 1)


def _table_width(widths: Sequence[int]) -> int:
    return sum(widths) + GAP * (len(widths) - 1)


def split_columns(columns: Sequence[Column], rows: Sequence[Row], width: int,
                  keys: int = 1) -> list[list[int]]:
    """Column indexes of each part: all in one part when their narrowest widths fit,
    else the key columns followed by as many others as fit, part after part."""
    floors = [_floor(c, [r.cells[i] for r in rows]) for i, c in enumerate(columns)]
    if _table_width(floors) <= width or len(columns) <= keys + 1:
        return [list(range(len(columns)))]
    key_indexes = list(range(keys))
    parts: list[list[int]] = []
    current = list(key_indexes)
    for index in range(keys, len(columns)):
        trial = [*current, index]
        if len(current) > keys and _table_width([floors[i] for i in trial]) > width:
            parts.append(current)
            current = [*key_indexes, index]
        else:
            current = trial
    parts.append(current)
    return parts


def fit_widths(columns: Sequence[Column], rows: Sequence[Row], width: int) -> list[int]:
    """Each column's width: natural when the table fits, else between floor and natural,
    the room left shared in proportion to what each column lacks."""
    cells = [[r.cells[i] for r in rows] for i in range(len(columns))]
    natural = [_natural(c, cells[i]) for i, c in enumerate(columns)]
    if _table_width(natural) <= width:
        return natural
    floors = [min(_floor(c, cells[i]), natural[i]) for i, c in enumerate(columns)]
    room = width - _table_width(floors)
    lacking = [n - f for n, f in zip(natural, floors, strict=True)]
    total = sum(lacking)
    if room <= 0 or total == 0:
        return floors
    widths = [f + room * lack // total for f, lack in zip(floors, lacking, strict=True)]
    # what integer division left over goes to the columns that still lack most
    left = width - _table_width(widths)
    for i in sorted(range(len(widths)), key=lambda i: widths[i] - natural[i]):
        if left <= 0:
            break
        if widths[i] < natural[i]:
            widths[i] += 1
            left -= 1
    return widths


def _cells(row: Row) -> list[Text]:
    # plain strings are text, never markup: a sentence may hold "[" and "]"
    return [c if isinstance(c, Text) else Text(c) for c in row.cells]


def _new_table(columns: Sequence[Column], widths: Sequence[int], header: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, show_header=header,
                  header_style="bold", padding=(0, 1), collapse_padding=False)
    for column, width in zip(columns, widths, strict=True):
        table.add_column(column.header, justify=column.justify,  # type: ignore[arg-type]
                         width=width, overflow="fold")
    return table


def _print_part(console: Console, columns: Sequence[Column], rows: Sequence[Row],
                widths: Sequence[int]) -> None:
    if not any(row.notes for row in rows):
        table = _new_table(columns, widths, header=True)
        for row in rows:
            table.add_row(*_cells(row))
        console.print(table)
        return
    # Rows with notes: the header, then each row as a table of its own (same widths) with
    # its notes under it, so that every sentence gets the whole width.
    console.print(_new_table(columns, widths, header=True))
    for number, row in enumerate(rows):
        if number:
            console.print()
        table = _new_table(columns, widths, header=False)
        table.add_row(*_cells(row))
        console.print(table)
        for note in row.notes:
            _print_note(console, note)


def _print_note(console: Console, note: str | Text) -> None:
    """A note wrapped at the console's width, every line indented (and no trailing
    blanks, so that a copied line is just the sentence)."""
    text = note if isinstance(note, Text) else Text(note)
    width = max(console.width - NOTE_INDENT, 20)
    for line in text.wrap(console, width, overflow="fold"):
        line.rstrip()
        console.print(Text(" " * NOTE_INDENT) + line, soft_wrap=True)
