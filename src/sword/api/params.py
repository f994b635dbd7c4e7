"""What requests may say: the parameter types (dates, windows, actor codes), one model per
endpoint's query parameters, and the document a client posts.

Every query model forbids unknown parameters, so a typo is an error rather than a wider
query. Values are checked here; what they mean in SQL is the routes' business.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)

from sword.api.errors import ApiError
from sword.days import period_bounds
from sword.errors import Errors

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE",
    "MAX_PAGE_SIZE",
    "ActorCode",
    "ActorQuery",
    "DateParam",
    "DocumentIn",
    "DocumentList",
    "DyadParam",
    "DyadsQuery",
    "EventQuery",
    "NetworkQuery",
    "NoQuery",
    "ShiftQuery",
    "StatsQuery",
    "TimelineQuery",
    "TriadQuery",
    "WindowParam",
    "date_window",
]

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50
MAX_PAGE = 1_000_000  # keeps page × page_size far from integer overflow in SQL

DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
_DATE_RE = re.compile(DATE_PATTERN)


MIN_YEAR, MAX_YEAR = 1700, 2200  # inside pandas' Timestamp range, which analyses use


def _calendar_pattern() -> str:
    """A pattern admitting exactly the dates `_check_date` accepts: YYYY, YYYY-MM or a day
    of the calendar (29 February in leap years only), years MIN_YEAR…MAX_YEAR. The OpenAPI
    document carries it, so clients (and schemathesis) see what the server takes; a test
    holds the two to agreement, day by day."""
    year = r"(?:1[7-9][0-9]{2}|2[01][0-9]{2}|2200)"
    leap = r"(?:(?:1[7-9]|2[01])(?:0[48]|[2468][048]|[13579][26])|2000)"
    month = r"(?:0[1-9]|1[0-2])"
    month_day = (
        r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
        r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
        r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    )
    return rf"^(?:{year}(?:-{month})?|{year}-{month_day}|{leap}-02-29)$"


CALENDAR_PATTERN = _calendar_pattern()


def _check_date(value: str) -> str:
    if not _DATE_RE.match(value) or period_bounds(value) is None:
        raise ValueError(f"{value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
    if not MIN_YEAR <= int(value[:4]) <= MAX_YEAR:
        raise ValueError(f"{value!r} is out of range: years {MIN_YEAR}–{MAX_YEAR}")
    return value


# A date parameter: checked by our own validator (for a readable message) but documented
# with its pattern, so clients and schemathesis see the format.
DateParam = Annotated[
    str,
    AfterValidator(_check_date),
    WithJsonSchema(
        {"type": "string", "pattern": CALENDAR_PATTERN, "examples": ["2024-05-01", "2024-05"]}
    ),
]
# Actor codes start with a letter (RUS, RUSGOV, IGOUNO): every code of the actor knowledge.
ACTOR_PATTERN = r"^[A-Za-z][A-Za-z0-9]{1,15}$"
ActorCode = Annotated[str, StringConstraints(pattern=ACTOR_PATTERN, to_upper=True)]
DyadParam = Annotated[
    str,
    StringConstraints(pattern=rf"{ACTOR_PATTERN[:-1]},{ACTOR_PATTERN[1:]}", to_upper=True),
]
WINDOW_PATTERN = r"^[1-9][0-9]{0,3}[dwmy]$"
MAX_WINDOW_DAYS = 100 * 366
_UNIT_DAYS = {"d": 1, "w": 7, "m": 31, "y": 366}


def _check_window(value: str) -> str:
    n, unit = int(value[:-1]), value[-1]
    if n * _UNIT_DAYS[unit] > MAX_WINDOW_DAYS:
        raise ValueError(f"window {value!r} is longer than 100 years")
    return value


def _one_to(n: int) -> str:
    """A pattern of the whole numbers 1…n, written without leading zeros."""
    digits = str(n)
    parts = [f"[1-9][0-9]{{0,{len(digits) - 2}}}"] if len(digits) > 1 else []
    for i, digit in enumerate(digits):
        lowest, rest = (1 if i == 0 else 0), len(digits) - i - 1
        if int(digit) > lowest:
            parts.append(digits[:i] + f"[{lowest}-{int(digit) - 1}]"
                         + (f"[0-9]{{{rest}}}" if rest else ""))
    parts.append(digits)
    return "(?:" + "|".join(parts) + ")"


# What the OpenAPI document shows: the windows `_check_window` lets through, unit by unit
# (up to 9999d, 5228w, 1180m, 100y), so a schema-valid window is never refused.
WINDOW_SCHEMA_PATTERN = "^(?:" + "|".join(
    _one_to(min(9999, MAX_WINDOW_DAYS // days)) + unit for unit, days in _UNIT_DAYS.items()
) + ")$"
WindowParam = Annotated[
    str,
    StringConstraints(pattern=WINDOW_PATTERN),
    AfterValidator(_check_window),
    WithJsonSchema({"type": "string", "pattern": WINDOW_SCHEMA_PATTERN,
                    "examples": ["90d", "26w", "12m", "2y"]}),
]
SearchText = Annotated[str, StringConstraints(min_length=1, max_length=200)]


# --- query models ------------------------------------------------------------------------


class _Query(BaseModel):
    # Unknown query parameters are an error (a typo would otherwise silently widen a query).
    model_config = ConfigDict(extra="forbid")


class EventQuery(_Query):
    actor: ActorCode | None = Field(
        None, description="country or actor code on either side (RUS matches RUSGOV, RUSMIL…)"
    )
    source: ActorCode | None = Field(None, description="country or actor code of the source")
    target: ActorCode | None = Field(None, description="country or actor code of the target")
    dyad: DyadParam | None = Field(None, description="two codes, A,B: both directions")
    cameo: Annotated[str, StringConstraints(pattern=r"^[0-9]{2,4}$")] | None = Field(
        None, description="CAMEO code or prefix: 19 matches 190…196"
    )
    root: Annotated[str, StringConstraints(pattern=r"^[0-9]{2}$")] | None = None
    quad_class: int | None = Field(None, ge=1, le=4)
    plover: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_]{2,24}$", to_upper=True)] | None = (
        None
    )
    since: DateParam | None = None
    until: DateParam | None = None
    q: SearchText | None = Field(None, description="text searched in the evidence sentence")
    publisher: SearchText | None = None
    doc_id: Annotated[str, StringConstraints(min_length=1, max_length=512)] | None = None
    min_confidence: float | None = Field(None, ge=0, le=1)
    sort: Literal["date", "-date", "goldstein", "-goldstein", "confidence", "-confidence"] = (
        "-date"
    )
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class NoQuery(_Query):
    """For endpoints without query parameters: any parameter is a mistake to report."""


class StatsQuery(_Query):
    since: DateParam | None = None
    until: DateParam | None = None


class TimelineQuery(_Query):
    freq: Literal["month", "quarter", "year"] = "month"
    since: DateParam | None = None
    until: DateParam | None = None


class DyadsQuery(_Query):
    actor: ActorCode | None = None
    since: DateParam | None = None
    until: DateParam | None = None
    min_events: int = Field(1, ge=1, le=1_000_000)
    limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


class ActorQuery(_Query):
    q: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    limit: int = Field(10, ge=1, le=100)


class ShiftQuery(_Query):
    dyad: DyadParam | None = Field(None, description="only this pair: A,B")
    actor: ActorCode | None = Field(None, description="only pairs with this country")
    since: DateParam | None = None
    until: DateParam | None = None
    freq: Literal["month", "quarter", "year"] = "month"
    min_events: int = Field(10, ge=1, le=1_000_000, description="unique events a pair needs")
    limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


class NetworkQuery(_Query):
    at: DateParam | None = Field(None, description="end of the window (default: last event)")
    window: WindowParam = Field("12m", description="length: 90d, 26w, 12m, 2y")
    min_events: int = Field(1, ge=1, le=1_000_000, description="unique events an edge needs")
    states_only: bool = Field(True, description="leave out organisations (EU, NATO, …)")


class TriadQuery(NetworkQuery):
    limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


# --- the posted document ------------------------------------------------------------------


class DocumentIn(BaseModel):
    """One document, with the fields of a JSONL input line (DESIGN.md)."""

    model_config = ConfigDict(extra="ignore")

    id: Annotated[str, StringConstraints(max_length=512)] | None = Field(
        None, description="document id; default: derived from the text's hash"
    )
    text: Annotated[str, StringConstraints(min_length=1)]
    date: Annotated[str, StringConstraints(max_length=64)] | None = Field(
        None, description="publication date, ISO or written out"
    )
    title: Annotated[str, StringConstraints(max_length=2000)] | None = None
    source: Annotated[str, StringConstraints(max_length=500)] | None = Field(
        None, description="publisher"
    )
    url: Annotated[str, StringConstraints(max_length=4000)] | None = None
    lang: Annotated[str, StringConstraints(max_length=16)] | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty")
        return value


# The POST body's list form; minItems documents what the route refuses (E511), which
# answers an empty list itself.
DocumentList = Annotated[list[DocumentIn], Field(json_schema_extra={"minItems": 1})]


def date_window(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """Dates of a since/until pair; a month or year names its whole period."""
    first = period_bounds(since)[0] if since else None  # type: ignore[index]
    last = period_bounds(until)[1] if until else None  # type: ignore[index]
    if first and last and first > last:
        raise ApiError(Errors.E501.format(since=since, until=until))
    return first, last
