"""Dating an undated article: a range, a best guess, the reasons and a confidence.

Never today's date. The clues, in the order they are weighed:

1. anchors: happenings the article shares with dated articles (an event that merges
   with a dated report, see ``Anchor``): the article was written after the happening,
   and soon after when it tells it as news; and titles of office ("President Donald
   Trump", see ``Office``): the article was written while the person held it;
2. full dates and years the text states, in the past ("an August 5, 2019 action",
   "in 2019"): the article is no earlier; in the future ("scheduled for 2020") no later;
3. relative clues that fix no year on their own, only narrow a range: a month and day
   ("an August 5 action": within half a year after some August 5), a month ("in
   January": within a year after one), a weekday with its day number ("Monday (13)":
   within a week after a Monday the 13th).

Without an anchor, a full date or a year nothing fixes the year, and nothing is guessed.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dyad.events.when import Expression, expressions
from dyad.merge.mention import cues
from dyad.records import InferredDate

NEWS_LAG = timedelta(days=7)  # an event told as news is at most a week old
MONTH_DAY_HORIZON = timedelta(days=183)  # "August 5" without a year: the last half year
MONTH_HORIZON = timedelta(days=366)  # "in January": the last twelve months
YEAR_HORIZON = 3  # "in 2019": written by the end of 2022
_EARLIEST = date(1900, 1, 1)
_LATEST = date(2200, 12, 31)
Span = tuple[date, date]


@dataclass(frozen=True)
class Anchor:
    """A happening this article shares with a dated article.

    Attributes:
        earliest, latest: when the happening was, by the dated report.
        horizon: how long after it this article may have been written (``NEWS_LAG``
            when the article tells it as news without a date of its own).
        reason: what matched, in words.
        confidence: how sure the match is, 0..1.
    """

    earliest: date
    latest: date
    horizon: timedelta
    reason: str
    confidence: float = 0.7


@dataclass(frozen=True)
class Office:
    """A title the text gives a person ("President Donald Trump") and the terms in which
    they held it: the article was written in one of them.

    Attributes:
        spans: the terms of office (an open term ends today).
        reason: what the text says, and the source of the terms.
    """

    spans: tuple[tuple[date, date], ...]
    reason: str
    confidence: float = 0.5


@dataclass(frozen=True)
class _Clue:
    spans: tuple[Span, ...]  # the article date lies in one of these
    reason: str
    confidence: float
    fixes_year: bool


def _ahead(text: str, e: Expression) -> bool:
    """Whether the words before an expression, in its sentence, look ahead."""
    start = max(text.rfind(".", 0, e.start), text.rfind("\n", 0, e.start), 0)
    return cues("ahead").search(text[start : e.start]) is not None


def _absolute(text: str, found: Sequence[Expression]) -> list[_Clue]:
    """Lower bounds from each past date or year, upper bounds from future ones and the latest."""
    clues: list[_Clue] = []
    latest: tuple[date, str] | None = None
    for e in found:
        if e.kind == "date" and e.year and e.month and e.day:
            try:
                first = last = date(e.year, e.month, e.day)
            except ValueError:
                continue
            strength = 0.7
        elif e.kind in ("year", "month_year") and e.year:
            if _in_year_range(text, e):
                continue  # "(1999-2013)": a life or a term of office, not news
            first, last, strength = date(e.year, e.month or 1, 1), date(e.year, 12, 31), 0.4
        else:
            continue
        if _ahead(text, e):
            clues.append(_Clue(((_EARLIEST, last),), f"'{e.text}' lies ahead", strength, True))
            continue
        clues.append(_Clue(((first, _LATEST),), f"'{e.text}' has happened", strength, True))
        if latest is None or first > latest[0]:
            latest = (first, e.text)
    if latest is not None:
        # News is written soon after the latest thing it dates; within a few years.
        until = date(latest[0].year + YEAR_HORIZON, 12, 31)
        why = f"the latest date told, '{latest[1]}', is at most {YEAR_HORIZON} years old"
        clues.append(_Clue(((_EARLIEST, until),), why, 0.2, True))
    return clues


def _in_year_range(text: str, e: Expression) -> bool:
    before, after = text[max(0, e.start - 6) : e.start], text[e.end : e.end + 6]
    return bool(re.search(r"\d{4}\s*[-–]\s*$", before) or re.match(r"\s*[-–]\s*\d{2,4}", after))


def _periodic(text: str, e: Expression, years: range) -> _Clue | None:
    if _ahead(text, e):
        return None
    spans: list[Span] = []
    if e.kind == "month_day" and e.month and e.day:
        for y in years:
            try:
                day = date(y, e.month, e.day)
            except ValueError:
                continue
            spans.append((day, day + MONTH_DAY_HORIZON))
        why = f"'{e.text}' without a year: written within half a year after it"
    elif e.kind == "month" and e.month:
        spans = [(date(y, e.month, 1), date(y, e.month, 1) + MONTH_HORIZON) for y in years]
        why = f"'{e.text}' without a year: written within a year after it"
    elif e.kind == "weekday" and e.day is not None and e.weekday is not None:
        for y in years:
            for month in range(1, 13):
                if e.day <= calendar.monthrange(y, month)[1]:
                    day = date(y, month, e.day)
                    if day.weekday() == e.weekday:
                        spans.append((day, day + timedelta(days=6)))
        why = f"'{e.text}': within a week after a {e.text.split()[0]} the {e.day}th"
    else:
        return None
    return _Clue(tuple(spans), why, 0.3, False) if spans else None


def _intersect(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    out = []
    for lo_a, hi_a in a:
        for lo_b, hi_b in b:
            lo, hi = max(lo_a, lo_b), min(hi_a, hi_b)
            if lo <= hi:
                out.append((lo, hi))
    return sorted(set(out))


def infer(
    article_id: str,
    text: str,
    anchors: Iterable[Anchor] = (),
    offices: Iterable[Office] = (),
    *,
    today: date | None = None,
) -> InferredDate | None:
    """The date range an undated article was most likely written in, or None.

    Args:
        article_id: the article.
        text: its text.
        anchors: happenings it shares with dated articles.
        offices: titles it gives people, with their terms of office.
        today: the latest possible date (an article cannot be from the future); only
            ever an upper bound, never a guess.
    """
    found = expressions(text)
    clues = [
        _Clue(((a.earliest, a.latest + a.horizon),), a.reason, a.confidence, True) for a in anchors
    ]
    clues += [_Clue(o.spans, o.reason, o.confidence, True) for o in offices]
    clues += _absolute(text, found)
    if not any(c.fixes_year for c in clues):
        return None
    upper = today or date.today()
    spans: list[Span] = [(_EARLIEST, upper)]
    used: list[_Clue] = []
    # Strongest first; a clue that contradicts the ones already used is left out.
    for clue in sorted(clues, key=lambda c: -c.confidence):
        narrowed = _intersect(spans, clue.spans)
        if narrowed:
            spans, used = narrowed, [*used, clue]
    if not used:
        return None
    if spans[0][1] - spans[0][0] > timedelta(days=3660):
        return None  # only open bounds: no range worth the name
    years = range(spans[0][0].year - 1, spans[-1][1].year + 1)
    for e in found:
        clue = _periodic(text, e, years)
        if clue is None:
            continue
        narrowed = _intersect(spans, clue.spans)
        if narrowed:
            spans, used = narrowed, [*used, clue]
    lo, hi = max(spans, key=lambda s: (s[1] - s[0], s[0]))
    confidence = _confidence(used, hi - lo, len(spans))
    reason = "; ".join(dict.fromkeys(c.reason for c in used))
    if len(spans) > 1:
        reason += f"; {len(spans)} ranges fit, the widest is kept"
    return InferredDate(article_id, lo, hi, lo, confidence, reason)


def _confidence(used: Sequence[_Clue], width: timedelta, pieces: int) -> float:
    """The strongest year-fixing clue, discounted for a wide range or several that fit."""
    strongest = max((c.confidence for c in used if c.fixes_year), default=0.0)
    factor = next((f for days, f in ((31, 1.0), (183, 0.8), (366, 0.6)) if width.days <= days), 0.4)
    return round(strongest * factor * (0.7 if pieces > 1 else 1.0), 2)
