"""A small hand-built store for the report tests (no tests here): one dyad that turns from
cooperation to conflict, a third party friendly with both sides of a hostile pair, and
evidence and outlet names carrying markup that the page must escape."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sword.store import Store
from test_store_fixtures import Row, build_store

HOSTILE_SENTENCE = "Officials said <script>window.__pwned = 1</script> the border clash was grave."
MARKUP_OUTLET = "Daily <i>Herald</i>"


def _months(start: date, count: int) -> list[date]:
    out = []
    year, month = start.year, start.month
    for _ in range(count):
        out.append(date(year, month, 10))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def report_rows() -> list[Row]:
    rows: list[Row] = []
    n = 0

    def add(day: date, source: str, target: str, cameo: str, sentence: str | None = None,
            publisher: str = "Wire") -> None:
        nonlocal n
        n += 1
        rows.append(Row(f"r{n}", day.isoformat(), source, target, cameo, publisher, sentence))

    # RUS–AZE: 18 months of agreements and visits, then 12 of accusations and arrests.
    for i, day in enumerate(_months(date(2022, 1, 1), 30)):
        if i < 18:
            add(day, "RUSGOV", "AZEGOV", "057" if i % 2 else "042")
        elif i == 24:
            add(day, "AZEMIL", "RUS", "190", HOSTILE_SENTENCE, MARKUP_OUTLET)
        else:
            add(day, "AZEGOV", "RUSGOV", "112" if i % 2 else "173", publisher=MARKUP_OUTLET)
    # RUS–ARM friendly, ARM–AZE hostile throughout (every month: enough events for either
    # to be called so): RUS is caught between them.
    for day in _months(date(2022, 1, 1), 18):
        add(day, "RUS", "ARM", "071")
        add(day, "ARM", "AZE", "130")
    return rows


def build_report_store(path: Path) -> Store:
    return build_store(path, report_rows())
