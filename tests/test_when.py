"""Dates in the sentence, resolved against the article date (dyad/events/when.py)."""

from __future__ import annotations

from datetime import date

import pytest

from dyad.events import when

TUESDAY = date(2024, 7, 30)


@pytest.mark.parametrize(
    ("expression", "ahead", "expected", "precision"),
    [
        ("Tuesday (30)", False, date(2024, 7, 30), "day"),  # the article's own weekday
        ("Tuesday", False, date(2024, 7, 30), "day"),
        ("Monday (29)", False, date(2024, 7, 29), "day"),
        ("Monday", False, date(2024, 7, 29), "day"),
        ("Friday", True, date(2024, 8, 2), "day"),  # looking ahead: the next Friday
        ("last week", False, date(2024, 7, 23), "week"),
        ("in 2019", False, date(2019, 1, 1), "year"),
        ("August 5", False, date(2023, 8, 5), "day"),  # past: the last August 5
        ("August 30", True, date(2024, 8, 30), "day"),  # "scheduled for August 30"
        ("in January", False, date(2024, 1, 1), "month"),
    ],
)
def test_when_resolves_against_the_article_date(expression, ahead, expected, precision):
    found = when.resolve(expression, TUESDAY, ahead=ahead)
    assert found is not None
    assert (found.date, found.precision, found.source) == (expected, precision, "text")


def test_when_without_an_article_date_relative_words_stay_unknown():
    assert when.resolve("Tuesday (30)", None) is None
    assert when.resolve("on August 5, 2019", None) == when.When(date(2019, 8, 5), "day", "text")


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("The Kremlin on Tuesday (30) called", ["weekday"]),
        ("an August 5 action in 2019", ["month_day", "year"]),
        ("in May 2020 they may meet", ["month_year"]),
        ("on 13 March 2023", ["date"]),
        ("Last week, talks", ["relative"]),
    ],
)
def test_when_finds_expressions_in_text(text, kinds):
    assert [e.kind for e in when.expressions(text)] == kinds
