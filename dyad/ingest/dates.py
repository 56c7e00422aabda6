"""Article dates: parse what the input says, and flag what cannot be a publication date.

An input's date is evidence, not truth. ``check_article_date`` never raises: a value
that is not a date, does not exist (2021-02-30), lies before 1900 or in the future is
dropped (the date is left unknown) and flagged; a weekday that contradicts the date
("Tuesday, 13 August 2021" was a Friday) keeps the date and flags it. The flag and the
value as given are stored with the article, so an analyst can find and fix them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import dateparser

from dyad.errors import InputError

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.+\-Z]*)?")
_EARLIEST = date(1900, 1, 1)
# A feed's clock may run ahead of ours by a time zone; more than a day ahead is wrong.
_AHEAD = timedelta(days=1)
# Longer values are not dates (and would make the parser slow); they are flagged unread.
_MAX_LENGTH = 80
_PARSER_SETTINGS = {
    # Never fill a missing part from today: "August 5" alone is not a publication date.
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}
_WEEKDAY = re.compile(r"\b(" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\b\.?", re.I)

# The flags, in the order they are checked. All but WEEKDAY leave the date unknown.
UNPARSEABLE = "unparseable"
IMPOSSIBLE = "impossible"
BEFORE_1900 = "before_1900"
FUTURE = "future"
WEEKDAY = "weekday_mismatch"
FLAGS = (UNPARSEABLE, IMPOSSIBLE, BEFORE_1900, FUTURE, WEEKDAY)


class BadDate(InputError, ValueError):
    """A date value that cannot be an article's date; the message says why."""


@dataclass(frozen=True, slots=True)
class DateCheck:
    """What an input's date value turned out to be.

    Attributes:
        date: the date to use, or None when unknown or not trusted.
        flag: None when the value is a plausible date, else one of ``FLAGS``.
        given: the value as the input gave it (cut to 200 characters), or None.
        reason: for a flag, what was wrong, for people.
    """

    date: date | None
    flag: str | None = None
    given: str | None = None
    reason: str = ""


def check_article_date(value: object, *, today: date | None = None) -> DateCheck:
    """Check an input's date field or marker; never raises.

    Accepts ISO dates and timestamps, and anything dateparser reads as a full date
    ("13 August 2021", "Fri, 13 Aug 2021 10:00 GMT"). Empty values are unknown, unflagged.
    """
    if value is None:
        return DateCheck(None)
    if isinstance(value, datetime):
        parsed, given = value.date(), value.isoformat()
    elif isinstance(value, date):
        parsed, given = value, value.isoformat()
    else:
        # Kept for the analyst, so only text a store can hold ("?" for half surrogates).
        given = str(value).strip().encode("utf-8", "replace").decode("utf-8")
        if not given:
            return DateCheck(None)
        parsed = None
    shown = _shown(given)
    if parsed is None:
        try:
            parsed = _parse_text(given)
        except BadDate as exc:
            flag = IMPOSSIBLE if "does not exist" in str(exc) else UNPARSEABLE
            return DateCheck(None, flag, given[:200], str(exc))
    if parsed < _EARLIEST:
        reason = f"date {shown} is before 1900; it cannot be a news article's publication date"
        return DateCheck(None, BEFORE_1900, given[:200], reason)
    today = today or date.today()
    if parsed > today + _AHEAD:
        reason = f"date {shown} is in the future (today is {today}); left unknown"
        return DateCheck(None, FUTURE, given[:200], reason)
    weekday = _WEEKDAY.search(given)
    if weekday and _WEEKDAYS[weekday.group(1).lower()] != parsed.weekday():
        said, real = weekday.group(1), parsed.strftime("%A")
        reason = f"date {shown} says {said}, but {parsed} was a {real}; the date is kept"
        return DateCheck(parsed, WEEKDAY, given[:200], reason)
    return DateCheck(parsed, None, given)


def parse_article_date(value: object, *, today: date | None = None) -> date | None:
    """Parse a date given by a caller (not read from input), refusing a doubtful one.

    Raises:
        BadDate: the value is not a date, an impossible date (2021-02-30), before
            1900, or in the future.
    """
    checked = check_article_date(value, today=today)
    if checked.flag and checked.flag != WEEKDAY:
        raise BadDate(checked.reason)
    return checked.date


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _parse_text(text: str) -> date:
    match = _ISO.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError as exc:
            raise BadDate(f"date {_shown(text)} does not exist ({exc})") from None
    # A full date has digits; without them dateparser reads "yesterday" relative to now.
    if len(text) > _MAX_LENGTH or not any(c.isdigit() for c in text):
        raise BadDate(f"date {_shown(text)} is not a date; give YYYY-MM-DD or leave it empty")
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=_PARSER_SETTINGS)
    except (ValueError, OverflowError, RecursionError):
        parsed = None
    if parsed is None:
        raise BadDate(f"date {_shown(text)} is not a date; give YYYY-MM-DD or leave it empty")
    return parsed.date()
