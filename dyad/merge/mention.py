"""The merge's view of one event report: its dyad, its time as an interval, its words.

``mention_of(event, article)`` turns an extracted ``Event`` into an ``EventMention``;
``mention_from_row(row)`` does the same for a stored row, so a cluster worker can build
mentions from the ``events`` table without the NLP.

Time is an interval, because reports state it at different precisions: "on August 5"
is one day, "in August" a month, "in 2019" a year, and an event dated only by its
article happened on or shortly before the publication day. A historical reference
("sanctions imposed ... in the aftermath of a disputed election in 2018", in a 2021
article) is marked ``background`` and given the interval from that year to the article
date instead of the article's own day.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from spacy.lang.en.stop_words import STOP_WORDS

from dyad.data import table
from dyad.events import when as dates
from dyad.records import Article, Event, EventMention, InferredDate

# An event dated only by its article was reported on the day it was published, or
# happened a few days before ("on Thursday" left unsaid).
ARTICLE_LAG = timedelta(days=3)
NEAR = 40  # characters between a predicate and a date expression the parse left unattached
_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*[a-z0-9]|[a-z0-9]")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MATERIAL = {2, 4}  # quadclasses of material acts: done in office, never "as a former"


@cache
def cues(kind: str) -> re.Pattern[str]:
    """The cue expressions of one kind (``background`` or ``ahead``) from time_cues.csv."""
    rows = table("time_cues.csv", ("cue", "kind"))
    found = [row["cue"] for _, row in rows if row["kind"] == kind]
    return re.compile(r"\b(?:" + "|".join(f"(?:{c})" for c in found) + r")\b", re.I)


def content_words(text: str) -> tuple[str, ...]:
    """The words of a sentence that carry content: lowercased, no stop words, sorted."""
    words = {w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 1}
    return tuple(sorted(words))


def interval(when: date | None, precision: str, source: str) -> tuple[date | None, date | None]:
    """The inclusive range of days a date of this precision and provenance stands for."""
    if when is None or precision == "unknown":
        return None, None
    if source == "article":
        return when - ARTICLE_LAG, when
    if precision == "day":
        return when, when
    if precision == "week":
        return when - timedelta(days=3), when + timedelta(days=3)
    if precision == "month":
        last = calendar.monthrange(when.year, when.month)[1]
        return when.replace(day=1), when.replace(day=last)
    if precision == "year":
        return date(when.year, 1, 1), date(when.year, 12, 31)
    return when, when


def publisher(article: Article) -> str | None:
    """Who published the article: its ``source``, else its URL's host, else unknown."""
    return publisher_of(article.source, article.url)


def publisher_of(source: str | None, url: str | None) -> str | None:
    """A publisher from an article's ``source`` field, else its URL's host."""
    if source:
        return source.strip().lower()
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def background(
    sentence: str,
    article_date: date | None,
    *,
    date_source: str,
    quadclass: int,
    source_text: str = "",
) -> tuple[bool, date | None, str]:
    """Whether an event without its own date is told as history, and since when.

    Only events dated by their article are judged: one with a date in its own clause
    already has its time. Returns (background, earliest possible date, why).
    """
    if date_source != "article" or article_date is None:
        return False, None, ""
    years = [int(y) for y in _YEAR.findall(sentence) if int(y) < article_date.year]
    if years:
        earliest = date(min(years), 1, 1)
        return True, earliest, f"the sentence speaks of {min(years)}, before the article's year"
    if m := cues("background").search(sentence):
        return True, None, f"the sentence tells it as history ('{m.group(0)}')"
    if quadclass in _MATERIAL and re.search(r"\bformer\b", source_text, re.I):
        return True, None, f"a material act by '{source_text}', done while still in office"
    return False, None, ""


@dataclass(frozen=True, slots=True)
class Report:
    """What the merge needs of one extracted event, from an ``Event`` or a stored row."""

    id: str
    plover_type: str
    cameo: str
    quadclass: int
    source_actor_id: str
    source_code: str
    source_text: str
    target_actor_id: str
    target_code: str
    date: date | None
    date_precision: str
    date_source: str
    sentence: str
    sentence_start: int
    predicate_start: int
    rule: str = ""  # the extraction rule ("participle modifier; ...")

    @property
    def describes(self) -> bool:
        """Whether the text only describes a standing relation ("the US-backed opposition
        leader") rather than telling something that happened."""
        return self.rule.startswith("participle modifier")

    @classmethod
    def of(cls, e: Event) -> Report:
        src, tgt = e.source, e.target
        return cls(
            e.id, e.plover_type, e.cameo, e.quadclass,
            src.actor.id if src else "", src.actor.code if src else "", src.text if src else "",
            tgt.actor.id if tgt else "", tgt.actor.code if tgt else "",
            e.date, e.date_precision, e.date_source, e.sentence, e.sentence_start,
            e.predicate_start, e.rule,
        )  # fmt: skip

    @classmethod
    def of_row(cls, r: Mapping[str, Any]) -> Report:
        """From a row of the ``events`` table."""
        return cls(
            r["id"], r["plover_type"], r["cameo"], r["quadclass"], r["source_actor_id"] or "",
            r["source_code"] or "", r["source_text"] or "", r["target_actor_id"] or "",
            r["target_code"] or "", r["event_date"], r["date_precision"], r["date_source"],
            r["sentence"], r["sentence_start"], r["predicate_start"], r.get("rule") or "",
        )  # fmt: skip


def mention_of(
    event: Event,
    article: Article,
    *,
    duplicate_of: str | None = None,
    inferred: InferredDate | None = None,
) -> EventMention:
    """The merge's view of an extracted event: its dates judged, its words counted.

    Args:
        event: the event as extracted.
        article: its article (for the publisher and the publication date).
        duplicate_of: the article this one near-duplicates, if any.
        inferred: the article's inferred date, when it has no published one (see
            ``judge``).
    """
    return judge(
        Report.of(event),
        article_id=article.id,
        publisher=publisher(article),
        published=article.date,
        duplicate_of=duplicate_of,
        inferred=inferred,
    )


def judge(
    r: Report,
    *,
    article_id: str,
    publisher: str | None,
    published: date | None,
    duplicate_of: str | None = None,
    inferred: InferredDate | None = None,
) -> EventMention:
    """Judge a report's time: its interval, history or news, and inferred dates.

    Events of an undated article that has an inferred date: those the text dates
    relative to the article ("an August 5 action") are resolved against it, and those
    dated by nothing take its range; either way their provenance is "inferred".
    """
    day, precision, provenance = r.date, r.date_precision, r.date_source
    earliest, latest = interval(day, precision, provenance)
    article_date, dated = published, "published" if published else "none"
    if published is None and inferred is not None:
        article_date, dated = inferred.date, "inferred"
        if provenance in ("unknown", "article"):
            day, precision, provenance = inferred.date, "range", "inferred"
            earliest, latest = inferred.earliest - ARTICLE_LAG, inferred.latest
            stated = expression_near(r)
            resolved = dates.resolve(stated, inferred.date) if stated else None
            if resolved is not None and resolved.date is not None:
                day, precision = resolved.date, resolved.precision
                earliest, latest = interval(day, precision, "text")
    elif provenance == "article" and published is not None:
        # "The Kremlin on Tuesday (30) called": a date the parse did not attach to the
        # predicate, right beside it.
        stated = expression_near(r, reach=NEAR)
        resolved = dates.resolve(stated, published, ahead=_ahead(r, stated)) if stated else None
        if resolved is not None and resolved.date is not None and resolved.precision == "day":
            day, precision, provenance = resolved.date, "day", "text"
            earliest, latest = interval(day, precision, provenance)
    is_background, since, _ = background(
        r.sentence,
        published,
        date_source=provenance,
        quadclass=r.quadclass,
        source_text=r.source_text,
    )
    if is_background:
        # History told in today's article: not the article's day, but some time before it.
        day, precision, provenance = None, "unknown", "unknown"
        earliest, latest = since, published
    return EventMention(
        id=r.id,
        article_id=article_id,
        publisher=publisher,
        article_date=article_date,
        article_dated=dated,
        duplicate_of=duplicate_of,
        plover_type=r.plover_type,
        cameo=r.cameo,
        quadclass=r.quadclass,
        source_actor_id=r.source_actor_id,
        source_code=r.source_code,
        target_actor_id=r.target_actor_id,
        target_code=r.target_code,
        date=day,
        date_precision=precision,
        date_source=provenance,
        earliest=earliest,
        latest=latest,
        background=is_background,
        words=content_words(r.sentence),
        sentence_start=r.sentence_start,
        predicate_start=r.predicate_start,
    )


def _ahead(r: Report, stated: str) -> bool:
    at = r.sentence.find(stated)
    return cues("ahead").search(r.sentence[: max(at, 0)]) is not None


def expression_near(r: Report | Event, reach: int = 80) -> str | None:
    """The date expression in the evidence sentence closest to the predicate, if near."""
    at = r.predicate_start - r.sentence_start
    found = dates.expressions(r.sentence)
    near = [(min(abs(e.start - at), abs(e.end - at)), e.text) for e in found]
    near = [n for n in near if n[0] <= reach]
    return min(near)[1] if near else None


def mention_from_row(row: Mapping[str, Any]) -> EventMention:
    """A stored mention: an ``events`` row joined with its ``event_links`` row.

    The row holds what ``mention_of`` decided (the dates the merge uses, background,
    the publisher and near-duplicate mark), so no judgement is made again here: see
    ``dyad.store.query.mention_rows``.
    """
    return EventMention(
        id=row["id"],
        article_id=row["article_id"],
        publisher=row["publisher"],
        article_date=row["article_date"],
        article_dated=row["article_dated"],
        duplicate_of=row["duplicate_of"],
        plover_type=row["plover_type"],
        cameo=row["cameo"],
        quadclass=row["quadclass"],
        source_actor_id=row["source_actor_id"] or "",
        source_code=row["source_code"] or "",
        target_actor_id=row["target_actor_id"] or "",
        target_code=row["target_code"] or "",
        date=row["event_date"],
        date_precision=row["date_precision"],
        date_source=row["date_source"],
        earliest=row["earliest"],
        latest=row["latest"],
        background=row["background"],
        words=content_words(row["sentence"]),
        sentence_start=row["sentence_start"],
        predicate_start=row["predicate_start"],
    )
