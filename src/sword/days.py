"""Date values given by users, files and the store, parsed in one place.

Dates in running text ("on Friday", "last December") are the coder's business
(`sword.coding.dates`); this module reads the dates people type and programs write:
`YYYY-MM-DD` days, and `YYYY-MM` or `YYYY` periods.
"""

from __future__ import annotations

from datetime import date, timedelta

from sword.errors import DateError, Errors


def as_day(value: date | str) -> date:
    """A day from a `date` or a `YYYY-MM-DD` string; anything else raises DateError."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as e:
        raise DateError(Errors.E201.format(value=value)) from e


def optional_day(value: date | str | None) -> date | None:
    """`as_day`, with None (or an empty string) passed through."""
    return None if value is None or value == "" else as_day(value)


def period_bounds(value: str) -> tuple[date, date] | None:
    """First and last day of the day, month or year that `YYYY-MM-DD`, `YYYY-MM` or
    `YYYY` names; None when it names none."""
    try:
        parts = [int(p) for p in value.strip().split("-")]
        if len(parts) == 3:
            day = date(*parts)
            return day, day
        if len(parts) == 2:
            first = date(parts[0], parts[1], 1)
            following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return first, following - timedelta(days=1)
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except (ValueError, OverflowError):
        pass
    return None


def period_start(value: str | date | None) -> date | None:
    """The first day of the period an event date names ("2024", "2024-05", "2024-05-17");
    None when it is empty or names no period."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    bounds = period_bounds(value[:10])
    return bounds[0] if bounds else None
