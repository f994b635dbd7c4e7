"""Event dates resolved against the document date (2023-12-26 and 2025-07-14)."""

from __future__ import annotations

from datetime import date

import pytest

from sword.coding.dates import EventDate, explicit_day, resolve_event_date

DEC26 = date(2023, 12, 26)  # a Tuesday
JUL14 = date(2025, 7, 14)  # a Monday


def resolved(sentence: str, doc_date: date | None, spans: tuple[str, ...] = ()) -> tuple:
    found = resolve_event_date(sentence, doc_date, spans)
    return found.iso(), found.precision


@pytest.mark.parametrize(
    ("sentence", "doc_date", "iso", "precision"),
    [
        # weekdays: the most recent such day on or before the document date
        ("Armenia accused Russia on Friday of violating the deal.", DEC26, "2023-12-22", "day"),
        ("Friday's talks ended without a deal.", DEC26, "2023-12-22", "day"),
        ("The ministers met on Tuesday.", DEC26, "2023-12-26", "day"),
        ("The ministers met last Tuesday.", DEC26, "2023-12-19", "day"),
        ("Police raided the office on Monday night.", JUL14, "2025-07-14", "day"),
        ("Police raided the office on Sunday night.", JUL14, "2025-07-13", "day"),
        ("Baku recalled its envoy yesterday.", DEC26, "2023-12-25", "day"),
        ("Baku recalled its envoy yesterday.", JUL14, "2025-07-13", "day"),
        ("Baku recalls its envoy today.", JUL14, "2025-07-14", "day"),
        ("Talks broke down the day before yesterday.", JUL14, "2025-07-12", "day"),
        # a day without a year: this year, or last year when that would be in the future
        ("According to a report on December 24, Putin held talks.", DEC26, "2023-12-24", "day"),
        ("The report of 24 December said so.", DEC26, "2023-12-24", "day"),
        ("The report of Dec. 24 said so.", DEC26, "2023-12-24", "day"),
        ("The report of December 24 said so.", JUL14, "2024-12-24", "day"),
        ("The report of December 28 said so.", DEC26, "2022-12-28", "day"),
        ("The report of Dec 27 said so.", DEC26, "2023-12-27", "day"),  # one day of slack
        # months
        ("In September this year, Azerbaijan took Karabakh.", DEC26, "2023-09-01", "month"),
        ("This September, Azerbaijan took Karabakh.", DEC26, "2023-09-01", "month"),
        ("Relations soured last December.", DEC26, "2022-12-01", "month"),
        ("Relations soured last December.", JUL14, "2024-12-01", "month"),
        ("A saga that began in December of last year.", JUL14, "2024-12-01", "month"),
        ("A saga that began in December last year.", JUL14, "2024-12-01", "month"),
        ("The embassy closed in March.", JUL14, "2025-03-01", "month"),
        ("The embassy closed in September.", JUL14, "2024-09-01", "month"),
        ("Prices rose earlier this month.", JUL14, "2025-07-01", "month"),
        ("Prices rose last month.", JUL14, "2025-06-01", "month"),
        ("Prices rose last month.", date(2025, 1, 10), "2024-12-01", "month"),
        ("They signed it in March 2024.", JUL14, "2024-03-01", "month"),
        ("They signed it in December of 2024.", JUL14, "2024-12-01", "month"),
        # years
        ("Russia armed Azerbaijan last year.", JUL14, "2024-01-01", "year"),
        ("Russia armed Azerbaijan earlier this year.", JUL14, "2025-01-01", "year"),
        ("Azerbaijan won in 2020.", JUL14, "2020-01-01", "year"),
        ("Memories of the 44-day war of 2020 linger.", JUL14, "2020-01-01", "year"),
        ("The 2020 elections were disputed.", JUL14, "2020-01-01", "year"),
        ("Relations broke three years ago.", JUL14, "2022-01-01", "year"),
        ("Relations broke two decades ago.", JUL14, "2005-01-01", "year"),
        # weeks and days ago: a point estimate with day precision (see module docstring)
        ("Police arrested them last week.", JUL14, "2025-07-07", "day"),
        ("Police arrested them two weeks ago.", DEC26, "2023-12-12", "day"),
        ("Police arrested them 3 days ago.", DEC26, "2023-12-23", "day"),
        ("Police arrested them six months ago.", DEC26, "2023-06-01", "month"),
        ("Police arrested them over the weekend.", JUL14, "2025-07-12", "day"),
        # absolute dates need no document date
        ("Talks were held on 12 March 2024 in Geneva.", JUL14, "2024-03-12", "day"),
        ("Talks were held on 12 March 2024 in Geneva.", None, "2024-03-12", "day"),
        ("Talks were held on March 12, 2024, in Geneva.", None, "2024-03-12", "day"),
        ("Talks were held on 2024-03-12 in Geneva.", None, "2024-03-12", "day"),
        ("Talks were held in March 2024.", None, "2024-03-01", "month"),
        ("Talks were held in 2020.", None, "2020-01-01", "year"),
    ],
)
def test_dates_expression_resolves(sentence, doc_date, iso, precision):
    assert resolved(sentence, doc_date) == (iso, precision)


@pytest.mark.parametrize(
    "sentence",
    [
        "Azeri police raided the Russian news agency office in Baku.",
        "In recent days, we have witnessed a steady escalation.",  # no point in time
        "A crowd of 2000 people gathered outside the embassy.",  # a count, not a year
        "They won by 1500 votes.",
        "The 1990s were hard for both countries.",  # a decade
        "Russia may 5 times more.",  # the modal verb "may" is not May
        "They met after a 44-day war.",  # a length of time
    ],
)
def test_dates_fallback_is_the_document_date(sentence):
    assert resolve_event_date(sentence, JUL14) == EventDate(JUL14, "day")


def test_dates_without_document_date_relative_words_are_unknown():
    assert resolve_event_date("They met on Friday.", None) == EventDate(None, "unknown")
    assert resolve_event_date("They met last year.", None) == EventDate(None, "unknown")


def test_dates_keep_the_words_that_gave_the_date():
    found = resolve_event_date("A saga that began in December of last year.", JUL14)
    assert found.text == "in December of last year"


def test_dates_finest_precision_wins_then_earliest():
    sentence = "After the war of 2020, Aliyev met Putin on Friday and again on Monday."
    assert resolved(sentence, DEC26) == ("2023-12-22", "day")


def test_dates_inferred_dates_never_after_the_document():
    for sentence in ("They met on Wednesday.", "They met on December 30.", "They met in June."):
        found = resolve_event_date(sentence, date(2024, 1, 2))
        assert found.value is not None
        assert found.value <= date(2024, 1, 3), sentence


def test_dates_explicit_future_words_are_kept():
    assert resolved("They will meet tomorrow.", JUL14) == ("2025-07-15", "day")
    assert resolved("They will meet next week.", JUL14) == ("2025-07-21", "day")


def test_dates_spans_add_bare_years():
    # "2020 was a turning point" has no preposition before the year: only the span says so.
    assert resolved("2020 was a turning point.", JUL14) == ("2025-07-14", "day")
    assert resolved("2020 was a turning point.", JUL14, ("2020",)) == ("2020-01-01", "year")


def test_dates_spans_fall_back_to_dateparser():
    # no rule knows "fortnight" without "a ... ago" in the sentence; dateparser does
    assert resolved("Relations soured.", JUL14, ("a fortnight ago",)) == ("2025-06-30", "day")


def test_dates_span_durations_are_not_dates():
    for span in ("44-day", "two years", "the past decade", "decades"):
        assert resolve_event_date("Relations soured.", JUL14, (span,)) == EventDate(JUL14, "day")


def test_dates_iso_of_unknown_is_none():
    assert EventDate(None, "unknown").iso() is None
    assert EventDate(date(2023, 9, 1), "month").iso() == "2023-09-01"


def test_dates_explicit_day_reads_datelines():
    assert explicit_day(" date 2025-07-14 By KRIKOR KHODANIAN") == date(2025, 7, 14)
    assert explicit_day("Published 20 December 2023") == date(2023, 12, 20)
    assert explicit_day("December 20, 2023") == date(2023, 12, 20)
    assert explicit_day("MOSCOW, Dec 20 (Reuters) - Russia", DEC26) == date(2023, 12, 20)
    assert explicit_day("MOSCOW, Dec 20 (Reuters) - Russia") is None  # no year to give
    assert explicit_day("They met on Friday last year.", DEC26) is None
