"""Event dates: the date a sentence's event happened, resolved against the document's date.

News dates events relative to the day it is published ("on Friday", "December 24",
"in December of last year", "three years ago"), so the event date is not the article's
date. `resolve_event_date` finds the date expressions of one sentence with a handful of
regular expressions, resolves them against the document date, and falls back to
dateparser for spaCy DATE spans the rules do not know.

Conventions (the contract: `event_date` is an ISO date, `date_precision` says how much of
it is known):

- `EventDate.value` is always a full date; month precision gives the first day of the
  month, year precision the first of January. `precision` is "day", "month", "year", or
  "unknown" (no document date and nothing absolute in the sentence).
- A bare weekday ("on Friday", "Monday night") is the most recent such day on or before
  the document date; "last Friday" is strictly before it; "next Friday" after it.
- A day without a year ("December 24", "24 Dec.") is in the document's year, or the year
  before when that would put it more than one day after the document (one day of slack
  for time zones). A bare month ("in September") is the most recent such month.
- "last week" / "N weeks ago" give the document date minus 7·N days with precision "day":
  an estimate within a few days, kept as a point because time series bucket by day; the
  words are kept in `EventDate.text` so a reader can see what it rests on.
- "this week" / "earlier this week" give the document date itself.
- "N months ago" / "last month" have month precision; "N years ago" / "last year" year.
- Several expressions in one sentence: the finest precision wins, then the earliest.
- Expressions inferred from the document date are never put after it (plus one day);
  explicit future words ("tomorrow", "next week", "in 2030") are left as written — the
  event coder decides what a future date means.
- Nothing resolved: the document date with precision "day", or unknown without one.

Cost: a cheap gate regex turns away sentences without any date-like word before the rules
run; dateparser (about a millisecond a call) runs only on DATE spans the rules left
unresolved, through an lru_cache keyed on (span, document date).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

PRECISIONS: tuple[str, ...] = ("day", "month", "year", "unknown")
_RANK = {"day": 0, "month": 1, "year": 2, "unknown": 3}

# One day of slack: an article dated in one time zone reports "tomorrow" in another.
_SLACK = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class EventDate:
    """A resolved event date; `text` holds the words that gave it (None for the fallback)."""

    value: date | None
    precision: str  # "day" | "month" | "year" | "unknown"
    text: str | None = None

    def iso(self) -> str | None:
        return self.value.isoformat() if self.value is not None else None


# --- vocabulary -----------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "a couple of": 2, "couple of": 2,
}  # fmt: skip

# Month names are matched capitalised (or all capitals): "may", "march" and "sun" are
# ordinary words in lower case. Abbreviations only count next to a day or a year.
_FULL_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER"
    r"|NOVEMBER|DECEMBER)"
)
_ABBR_MONTH = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT|SEP|OCT|NOV|DEC)\.?"  # noqa: E501
_ANY_MONTH = rf"(?:{_FULL_MONTH}|{_ABBR_MONTH})"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_NUM = r"(?:\d{1,3}|a couple of|couple of|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|forty|fifty)"  # noqa: E501
# Words that make a bare month or year a point in time rather than a count ("in 2020",
# "the 2020 war", "since March"); "sent 2000 troops" has none of them.
_TIME_PREP = r"(?:in|of|on|since|during|until|till|by|from|through|throughout|before|after|early|late|mid|the|spring|summer|autumn|fall|winter)"  # noqa: E501
# After "of", "by" and "from" a round number is often a count ("a crowd of 2000 people",
# "won by 1500 votes"): there a multiple of 50 followed by a word that could be its noun is
# not taken for a year ("the war of 2020 lingers" still is).
_COUNT_PREP = r"(?i:of|by|from)"
_NOT_A_NOUN = (
    r"(?:and|or|to|when|after|before|until|as|that|which|was|were|is|in|on|at|with|the|a|an)\b"
)

# Any date-like word at all; sentences without one never reach the rules.
_GATE = re.compile(
    r"\d|\b(?i:january|february|march|april|may|june|july|august|september|october"
    r"|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|yesterday|today|tonight|tomorrow|last night|this morning|this afternoon"
    r"|this evening|weeks?|weekend|months?|years?|decades?|fortnight|days?)\b"
)


# --- small date arithmetic -------------------------------------------------------------


def _month_of(text: str) -> int:
    return MONTHS[text.rstrip(".").lower()]


def _day_of(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _number(text: str) -> int:
    text = " ".join(text.lower().split())
    return int(text) if text.isdigit() else _NUMBER_WORDS[text]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _month_date(year: int, month: int) -> date | None:
    return _safe_date(year, month, 1) if 1 <= year <= 9999 else None


def _year_date(year: int) -> date | None:
    return date(year, 1, 1) if 1 <= year <= 9999 else None


def _day_in_past(month: int, day: int, doc_date: date) -> date | None:
    """A month and day without a year: the doc's year, or the year before if it is later."""
    candidate = _safe_date(doc_date.year, month, day)
    if candidate is not None and candidate <= doc_date + _SLACK:
        return candidate
    return _safe_date(doc_date.year - 1, month, day)


def _month_in_past(month: int, doc_date: date, strictly: bool = False) -> date | None:
    """The most recent such month on (or, when strictly, before) the document's month."""
    year = doc_date.year
    if month > doc_date.month or (strictly and month == doc_date.month):
        year -= 1
    return _month_date(year, month)


# --- the rules --------------------------------------------------------------------------
# Each rule is a regex and a handler turning a match (and the document date) into an
# EventDate or None. Matches that overlap are settled by length: the longest wins, so
# "December of last year" beats both "December" and "last year".

_Handler = Callable[[re.Match[str], date | None], EventDate | None]


def _iso(m: re.Match[str], doc_date: date | None) -> EventDate | None:
    value = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return EventDate(value, "day", m.group()) if value else None


def _day_month_year(m: re.Match[str], doc_date: date | None) -> EventDate | None:
    value = _safe_date(int(m["y"]), _month_of(m["mon"]), _day_of(m["d"]))
    return EventDate(value, "day", m.group()) if value else None


def _day_month(m: re.Match[str], doc_date: date | None) -> EventDate | None:
    if doc_date is None:
        return None
    value = _day_in_past(_month_of(m["mon"]), _day_of(m["d"]), doc_date)
    return EventDate(value, "day", m.group()) if value else None


def _month_year(m: re.Match[str], doc_date: date | None) -> EventDate | None:
    value = _month_date(int(m["y"]), _month_of(m["mon"]))
    return EventDate(value, "month", m.group()) if value else None


def _month_relative_year(m: re.Match[str], doc_date: date | None) -> EventDate | None:
    """Month and relative year: "September this year", "December of last year"."""
    if doc_date is None:
        return None
    offset = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    value = _month_date(doc_date.year + offset, _month_of(m["mon"]))
    return EventDate(value, "month", m.group()) if value else None


def _month_qualified(m: re.Match[str], doc_date: date | None) -> EventDate | None:
    """Qualified month: "this September", "last December", "next March"."""
    if doc_date is None:
        return None
    month, rel = _month_of(m["mon"]), m["rel"].lower()
    if rel == "this":
        value = _month_date(doc_date.year, month)
    elif rel == "next":
        year = doc_date.year if month > doc_date.month else doc_date.year + 1
        value = _month_date(year, month)
    else:
        value = _month_in_past(month, doc_date, strictly=True)
    return EventDate(value, "month", m.group()) if value else None


def _month_bare(m: re.Match[str], doc_date: date | None) -> EventDate | None:
    """A month after a preposition ("in September", "mid-December"): the most recent."""
    if doc_date is None:
        return None
    value = _month_in_past(_month_of(m["mon"]), doc_date)
    return EventDate(value, "month", m.group()) if value else None


def _weekday(m: re.Match[str], doc_date: date | None) -> EventDate | None:
    if doc_date is None:
        return None
    wanted = _WEEKDAYS.index(m["wd"].lower())
    rel = (m["rel"] or "").lower()
    if rel == "next":
        value = doc_date + timedelta(days=((wanted - doc_date.weekday()) % 7) or 7)
    else:
        back = (doc_date.weekday() - wanted) % 7
        if rel in ("last", "past") and back == 0:
            back = 7
        value = doc_date - timedelta(days=back)
    return EventDate(value, "day", m.group())


_RELATIVE_DAYS = {
    "the day before yesterday": -2,
    "yesterday": -1,
    "last night": -1,
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "tomorrow": 1,
}


def _relative_day(m: re.Match[str], doc_date: date | None) -> EventDate | None:
    if doc_date is None:
        return None
    offset = _RELATIVE_DAYS[" ".join(m.group().lower().split())]
    return EventDate(doc_date + timedelta(days=offset), "day", m.group())


def _weekend(m: re.Match[str], doc_date: date | None) -> EventDate | None:
    """Weekend: "over the weekend", "last weekend": the Saturday on or before the document date."""
    if doc_date is None:
        return None
    back = (doc_date.weekday() - 5) % 7
    return EventDate(doc_date - timedelta(days=back), "day", m.group())


def _ago(m: re.Match[str], doc_date: date | None) -> EventDate | None:
    if doc_date is None:
        return None
    count, unit = _number(m["n"]), m["unit"].lower()
    if unit == "day":
        return EventDate(doc_date - timedelta(days=count), "day", m.group())
    if unit in ("week", "fortnight"):
        days = 7 * count if unit == "week" else 14 * count
        return EventDate(doc_date - timedelta(days=days), "day", m.group())
    if unit == "month":
        value = _month_date(*_shift_month(doc_date.year, doc_date.month, -count))
        return EventDate(value, "month", m.group()) if value else None
    years = count * (10 if unit == "decade" else 1)
    value = _year_date(doc_date.year - years)
    return EventDate(value, "year", m.group()) if value else None


def _relative_period(m: re.Match[str], doc_date: date | None) -> EventDate | None:
    """Relative period: "last week", "earlier this month", "last year", "next year"."""
    if doc_date is None:
        return None
    offset = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    unit = m["unit"].lower()
    if unit == "week":
        return EventDate(doc_date + timedelta(days=7 * offset), "day", m.group())
    if unit == "month":
        value = _month_date(*_shift_month(doc_date.year, doc_date.month, offset))
        return EventDate(value, "month", m.group()) if value else None
    value = _year_date(doc_date.year + offset)
    return EventDate(value, "year", m.group()) if value else None


_COUNT_NOUN = re.compile(rf"\s+(?!{_NOT_A_NOUN})[a-z]")


def _year(m: re.Match[str], doc_date: date | None) -> EventDate | None:
    if (
        int(m["y"]) % 50 == 0
        and re.fullmatch(_COUNT_PREP, m["prep"])
        and _COUNT_NOUN.match(m.string, m.end())
    ):
        return None
    return EventDate(date(int(m["y"]), 1, 1), "year", m.group())


_RULES: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (re.compile(r"\b(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)\b"), _iso),
    (
        re.compile(rf"\b(?P<mon>{_ANY_MONTH})\s+(?P<d>{_DAY})(?:,\s*|\s+)(?P<y>{_YEAR})\b"),
        _day_month_year,
    ),
    (
        re.compile(rf"\b(?P<d>{_DAY})(?:\s+of)?\s+(?P<mon>{_ANY_MONTH}),?\s+(?P<y>{_YEAR})\b"),
        _day_month_year,
    ),
    (re.compile(rf"\b(?P<mon>{_ANY_MONTH})\s+(?P<d>{_DAY})\b(?!\s*[:.]\d)"), _day_month),
    (re.compile(rf"\b(?P<d>{_DAY})(?:\s+of)?\s+(?P<mon>{_ANY_MONTH})(?![A-Za-z])"), _day_month),
    (re.compile(rf"\b(?P<mon>{_ANY_MONTH})(?:\s+of)?,?\s+(?P<y>{_YEAR})\b"), _month_year),
    (
        re.compile(
            rf"\b(?:(?i:in|since|during|until|by|from)\s+)?(?P<mon>{_FULL_MONTH})\s+"
            r"(?:(?i:of)\s+)?(?P<rel>(?i:this|last|next))\s+(?i:year)\b"
        ),
        _month_relative_year,
    ),
    (
        re.compile(rf"\b(?P<rel>(?i:this|last|next|past))\s+(?P<mon>{_FULL_MONTH})\b"),
        _month_qualified,
    ),
    (
        re.compile(
            r"\b(?:(?i:in|since|during|until|till|by|from|through|throughout|before|after"
            r"|around|early|late|mid)[\s-]+)(?:(?i:early|late|mid)[\s-]+)?"
            rf"(?P<mon>{_FULL_MONTH})\b"
        ),
        _month_bare,
    ),
    (
        re.compile(
            rf"\b(?:(?P<rel>(?i:on|last|this|next|past))\s+)?(?P<wd>{_WEEKDAY})"
            r"(?:\s+(?i:night|morning|afternoon|evening))?\b"
        ),
        _weekday,
    ),
    (
        re.compile(
            r"\b(?i:the\s+day\s+before\s+yesterday|yesterday|last\s+night|today|tonight"
            r"|this\s+(?:morning|afternoon|evening)|tomorrow)\b"
        ),
        _relative_day,
    ),
    (re.compile(r"\b(?i:(?:last|this|over\s+the|at\s+the|on\s+the)\s+weekend)\b"), _weekend),
    (
        re.compile(
            rf"\b(?P<n>(?i:{_NUM}))\s+(?P<unit>(?i:day|week|fortnight|month|year|decade))s?"
            r"\s+(?i:ago)\b"
        ),
        _ago,
    ),
    (
        re.compile(
            r"\b(?:(?i:earlier|later)\s+)?(?P<rel>(?i:this|last|next))\s+"
            r"(?P<unit>(?i:week|month|year))\b"
        ),
        _relative_period,
    ),
    (
        re.compile(
            rf"\b(?:(?P<prep>(?i:{_TIME_PREP}))[\s-]+(?:(?i:early|late|mid)[\s-]+)?)"
            rf"(?P<y>{_YEAR})\b(?!\s*(?:%|(?i:per\s*cent|percent)))"
        ),
        _year,
    ),
)

_BARE_YEAR = re.compile(rf"(?P<y>{_YEAR})")
# A span that is only a length of time ("44-day", "two years", "the past decade") is not
# a point in time; dateparser would still turn it into one.
_DURATION = re.compile(
    rf"^(?i:the\s+)?(?i:past\s+|last\s+|next\s+|previous\s+|coming\s+|recent\s+|few\s+"
    rf"|several\s+|many\s+)*(?:(?i:{_NUM})[\s-]+)?(?i:days?|weeks?|months?|years?|decades?"
    r"|centuries|century|hours?)$"
)
_DECADE = re.compile(r"\d0s\b|\b(?i:decades|centuries)\b")


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    date: EventDate


def _scan(text: str, doc_date: date | None) -> list[_Found]:
    found = []
    for pattern, handler in _RULES:
        for m in pattern.finditer(text):
            resolved = handler(m, doc_date)
            if resolved is not None and resolved.value is not None:
                found.append(_Found(m.start(), m.end(), resolved))
    # Longest first, then keep what does not overlap something already kept.
    found.sort(key=lambda f: (f.start - f.end, f.start))
    kept: list[_Found] = []
    for f in found:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


@lru_cache(maxsize=4096)
def _dateparser_lookup(text: str, doc_date: date) -> tuple[date, str] | None:
    """dateparser on one span, relative to the document date; (date, period) or None."""
    from dateparser.date import DateDataParser  # imported late: it costs ~0.3 s

    settings = {
        "RELATIVE_BASE": datetime(doc_date.year, doc_date.month, doc_date.day),
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
        # No timestamp parsers: "1215" or "20231224" in a span would become times.
        "PARSERS": ["relative-time", "absolute-time", "custom-formats"],
    }
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


def _from_dateparser(span: str, doc_date: date) -> EventDate | None:
    span = span.strip()
    if not span or _DURATION.match(span) or _DECADE.search(span) or not _GATE.search(span):
        return None
    looked_up = _dateparser_lookup(span, doc_date)
    if looked_up is None:
        return None
    value, period = looked_up
    if value.year < 1800 or value > doc_date + _SLACK:
        return None
    if period == "year":
        return EventDate(date(value.year, 1, 1), "year", span)
    if period == "month":
        return EventDate(date(value.year, value.month, 1), "month", span)
    return EventDate(value, "day", span)  # day, week and time periods are days


def resolve_event_date(
    sentence: str, doc_date: date | None, date_spans: Sequence[str] = ()
) -> EventDate:
    """The event date of `sentence`, relative to the document's date.

    `date_spans` are the texts of the sentence's DATE entities (spaCy); the sentence is
    scanned either way, the spans add bare years ("2020") and dateparser's coverage.
    """
    fallback = EventDate(doc_date, "day") if doc_date else EventDate(None, "unknown")
    if not date_spans and not _GATE.search(sentence):
        return fallback
    found = [f.date for f in _scan(sentence, doc_date)]
    for span in date_spans:
        bare = _BARE_YEAR.fullmatch(span.strip())
        if bare and not any(f.text and bare["y"] in f.text for f in found):
            found.append(EventDate(date(int(bare["y"]), 1, 1), "year", span.strip()))
    if not found and doc_date is not None:
        for span in date_spans:
            resolved = _from_dateparser(span, doc_date)
            if resolved is not None:
                found.append(resolved)
    if not found:
        return fallback
    # Finest precision first; ties keep sentence order (sorted is stable).
    return min(found, key=lambda d: _RANK[d.precision])


def explicit_day(text: str, reference: date | None = None) -> date | None:
    """The first calendar day written out in `text` ("2023-12-26", "20 December 2023",
    "Dec 20, 2023", or "Dec 20" with the year taken from `reference`), else None.

    Used for datelines, where weekdays and "last year" are not publication dates.
    """
    found = explicit_day_span(text, reference)
    return found[0] if found else None


def explicit_day_span(text: str, reference: date | None = None) -> tuple[date, int, int] | None:
    """Like `explicit_day`, with the start and end offsets of the words that gave it."""
    best: tuple[date, int, int] | None = None
    for pattern, handler in _RULES[:5]:  # ISO, day-month-year twice, day-month twice
        for m in pattern.finditer(text):
            resolved = handler(m, reference)
            if resolved is not None and resolved.value is not None:
                # an earlier rule (with a year) keeps a tie at the same start
                if best is None or m.start() < best[1]:
                    best = (resolved.value, m.start(), m.end())
                break
    return best
