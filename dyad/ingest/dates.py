"""Article dates: parse what the input says, and refuse what cannot be a publication date."""

from __future__ import annotations

import re
from datetime import date, datetime

import dateparser

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.+\-Z]*)?")
_EARLIEST = date(1900, 1, 1)
_PARSER_SETTINGS = {
    # Never fill a missing part from today: "August 5" alone is not a publication date.
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
}


class BadDate(ValueError):
    """A date value that cannot be an article's date; the message says why."""


def parse_article_date(value: object, *, today: date | None = None) -> date | None:
    """Parse a record's date field or metadata.

    Accepts ISO dates and timestamps, and anything dateparser reads as a full date
    ("13 August 2021", "Aug 13, 2021"). Empty values give None (unknown).

    Raises:
        BadDate: the value is not a date, an impossible date (2021-02-30), before
            1900, or in the future.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    else:
        text = str(value).strip()
        if not text:
            return None
        parsed = _parse_text(text)
    today = today or date.today()
    if parsed < _EARLIEST:
        raise BadDate(f"date {value!r} is before 1900; give the article's publication date")
    if parsed > today:
        raise BadDate(f"date {value!r} is in the future; give the article's publication date")
    return parsed


def _parse_text(text: str) -> date:
    match = _ISO.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError as exc:
            raise BadDate(f"date {text!r} does not exist ({exc})") from None
    parsed = dateparser.parse(text, languages=["en"], settings=_PARSER_SETTINGS)
    if parsed is None:
        raise BadDate(f"date {text!r} is not a date; give YYYY-MM-DD or leave it empty")
    return parsed.date()
