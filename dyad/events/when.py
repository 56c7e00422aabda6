"""When an event happened: resolve a sentence's date expression against the article date.

News dates are relative: "on Tuesday (30)", "on Monday", "last week", "August 5",
"in 2019". A weekday names the latest such day on or before the article date (the
article's own weekday is the same day), unless the text looks ahead ("scheduled for",
"will"), when it names the next one.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b(?:\s*\(\s*(\d{1,2})\s*\))?", re.I)
_MONTH_DAY = re.compile(
    r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s+(\d{4}))?\b",
    re.I,
)
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?("
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")\.?(?:,?\s+(\d{4}))?\b",
    re.I,
)
_MONTH_YEAR = re.compile(r"\b(" + "|".join(_MONTHS) + r")\.?(?:\s+(?:of\s+)?(\d{4}))?\b", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_RELATIVE = {
    "today": (0, "day"),
    "tonight": (0, "day"),
    "yesterday": (-1, "day"),
    "tomorrow": (1, "day"),
    "last week": (-7, "week"),
    "this week": (0, "week"),
    "next week": (7, "week"),
    "last month": (-30, "month"),
    "next month": (30, "month"),
    "last year": (-365, "year"),
    "next year": (365, "year"),
}


@dataclass(frozen=True)
class When:
    """A resolved date with its precision (day/week/month/year/unknown) and source."""

    date: date | None
    precision: str
    source: str  # text | article | unknown


UNKNOWN = When(None, "unknown", "unknown")


def from_article(published: date | None) -> When:
    return When(published, "day", "article") if published else UNKNOWN


def resolve(expression: str, published: date | None, *, ahead: bool = False) -> When | None:
    """Resolve a date expression from the text; None when it cannot be read as a date.

    Args:
        expression: the words, e.g. "Tuesday (30)", "August 5", "2019", "last week".
        published: the article date the expression is relative to (may be unknown).
        ahead: the text looks ahead ("scheduled for", "will"): prefer future dates.
    """
    text = expression.strip().lower()
    for phrase, (days, precision) in _RELATIVE.items():
        if phrase in text:
            if published is None:
                return None
            return When(published + timedelta(days=days), precision, "text")
    if m := _MONTH_DAY.search(text):
        return _month_day(
            _MONTHS[m.group(1).lower()], int(m.group(2)), m.group(3), published, ahead
        )
    if m := _DAY_MONTH.search(text):
        return _month_day(
            _MONTHS[m.group(2).lower()], int(m.group(1)), m.group(3), published, ahead
        )
    if m := _WEEKDAY.search(text):
        return _weekday(_WEEKDAYS[m.group(1).lower()], m.group(2), published, ahead)
    if m := _MONTH_YEAR.search(text):
        month = _MONTHS[m.group(1).lower()]
        if m.group(2):
            return When(date(int(m.group(2)), month, 1), "month", "text")
        if published is None:
            return None
        year = published.year
        if (month > published.month) != ahead and month != published.month:
            year += 1 if ahead else -1
        return When(date(year, month, 1), "month", "text")
    if m := _YEAR.search(text):
        return When(date(int(m.group(1)), 1, 1), "year", "text")
    return _fallback(text, published)


def _month_day(
    month: int, day: int, year: str | None, published: date | None, ahead: bool
) -> When | None:
    try:
        if year:
            return When(date(int(year), month, day), "day", "text")
        if published is None:
            return None
        candidates = []
        for y in (published.year - 1, published.year, published.year + 1):
            try:
                candidates.append(date(y, month, day))
            except ValueError:
                continue
        if not candidates:
            return None
        pool = [c for c in candidates if (c >= published if ahead else c <= published)]
        best = min(pool or candidates, key=lambda c: abs((c - published).days))
        return When(best, "day", "text")
    except ValueError:
        return None


def _weekday(
    weekday: int, day_number: str | None, published: date | None, ahead: bool
) -> When | None:
    if published is None:
        return None
    step = 1 if ahead else -1
    for offset in range(0, 14):
        candidate = published + timedelta(days=step * offset)
        if candidate.weekday() != weekday:
            continue
        if day_number is None or candidate.day == int(day_number):
            return When(candidate, "day", "text")
    # "(30)" disagrees with every nearby weekday: trust the weekday, nearest first.
    for offset in range(0, 7):
        candidate = published + timedelta(days=step * offset)
        if candidate.weekday() == weekday:
            return When(candidate, "day", "text")
    return None


def _fallback(text: str, published: date | None) -> When | None:
    # Only expressions with a number ("three days ago", "12/08/2021"); dateparser reads
    # too much into bare words such as "daily".
    if published is None or not re.search(r"\d", text):
        return None
    settings = {
        "RELATIVE_BASE": datetime.combine(published, datetime.min.time()),
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
    if parsed is None:
        return None
    return When(parsed.date(), "day", "text")


@dataclass(frozen=True)
class Expression:
    """A date expression found in text, read as far as the text alone allows.

    Attributes:
        start, end: character offsets in the text scanned.
        text: the words.
        kind: ``date`` (day, month and year), ``month_day``, ``month_year``, ``month``,
            ``year``, ``weekday`` (with ``day`` when a day number follows: "Tuesday (30)")
            or ``relative`` ("last week", "yesterday").
        year, month, day, weekday: the parts the words give (weekday 0 = Monday).
    """

    start: int
    end: int
    text: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None


_AMBIGUOUS_MONTHS = {"may", "march", "jan", "mar", "jun", "oct", "dec", "sept"}


_RELATIVE_WORDS = [re.compile(rf"\b{phrase}\b", re.I) for phrase in _RELATIVE]
_CACHED_CHARS = 2_000  # a sentence's expressions are remembered; an article's are not


def expressions(text: str) -> list[Expression]:
    """Every date expression in ``text``, in order; longer readings win over their parts.

    A bare month name counts only when capitalised and not also a common word ("may",
    "march") unless a year follows.
    """
    # The merge stage reads the same stored sentences again for every undated article
    # that mentions their people: a sentence is scanned once.
    if len(text) <= _CACHED_CHARS:
        return list(_sentence_expressions(text))
    return _scan(text)


@lru_cache(maxsize=8192)
def _sentence_expressions(text: str) -> tuple[Expression, ...]:
    return tuple(_scan(text))


def _scan(text: str) -> list[Expression]:
    found: list[Expression] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], kind: str, **parts: int | None) -> None:
        if any(m.start() < end and start < m.end() for start, end in taken):
            return
        taken.append((m.start(), m.end()))
        found.append(Expression(m.start(), m.end(), m.group(0), kind, **parts))

    for m in _MONTH_DAY.finditer(text):
        year = int(m.group(3)) if m.group(3) else None
        add(m, "date" if year else "month_day", year=year,
            month=_MONTHS[m.group(1).lower()], day=int(m.group(2)))  # fmt: skip
    for m in _DAY_MONTH.finditer(text):
        year = int(m.group(3)) if m.group(3) else None
        add(m, "date" if year else "month_day", year=year,
            month=_MONTHS[m.group(2).lower()], day=int(m.group(1)))  # fmt: skip
    for m in _MONTH_YEAR.finditer(text):
        word = m.group(1)
        if m.group(2):
            add(m, "month_year", year=int(m.group(2)), month=_MONTHS[word.lower()])
        elif word[0].isupper() and word.lower() not in _AMBIGUOUS_MONTHS and len(word) > 3:
            add(m, "month", month=_MONTHS[word.lower()])
    for m in _WEEKDAY.finditer(text):
        if m.group(1)[0].isupper():
            day = int(m.group(2)) if m.group(2) else None
            add(m, "weekday", weekday=_WEEKDAYS[m.group(1).lower()], day=day)
    for m in _YEAR.finditer(text):
        add(m, "year", year=int(m.group(1)))
    for pattern in _RELATIVE_WORDS:
        for m in pattern.finditer(text):
            add(m, "relative")
    return sorted(found, key=lambda e: e.start)
