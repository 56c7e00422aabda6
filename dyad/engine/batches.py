"""What a Ray worker does to one batch, in plain Python (no Ray here).

Records cross between Ray tasks as flat rows of strings (``record_row``): Arrow
carries them cheaply and their schema never depends on which fields a batch happens
to leave empty. ``code_records`` is the worker's job: the same ``Pipeline.code`` the
local engine runs, with the same rule for bad input (kept as ``Rejected``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from typing import Any

from dyad.pipeline import Pipeline
from dyad.records import Article, CodedArticle, Origin, Rejected

log = logging.getLogger(__name__)

FIELDS = (
    "kind",
    "id",
    "text",
    "title",
    "date",
    "date_source",
    "date_flag",
    "date_given",
    "url",
    "source",
    "external_id",
    "origin_path",
    "origin_locator",
    "reason",
    "excerpt",
)


def record_row(record: Article | Rejected) -> dict[str, str | None]:
    """An Article or Rejected as one flat row of strings (dates in ISO form)."""
    row: dict[str, str | None] = dict.fromkeys(FIELDS)
    row.update(
        id=record.id,
        origin_path=record.origin.path,
        origin_locator=record.origin.locator,
    )
    if isinstance(record, Rejected):
        row.update(kind="rejected", reason=record.reason, excerpt=record.excerpt)
        return row
    row.update(
        kind="article",
        text=record.text,
        title=record.title,
        date=record.date.isoformat() if record.date else None,
        date_source=record.date_source,
        date_flag=record.date_flag,
        date_given=record.date_given,
        url=record.url,
        source=record.source,
        external_id=record.external_id,
    )
    return row


def record_from_row(row: dict[str, Any]) -> Article | Rejected:
    """The record ``record_row`` flattened."""
    origin = Origin(row["origin_path"], row["origin_locator"] or "")
    if row["kind"] == "rejected":
        return Rejected(row["id"], origin, row["reason"], row["excerpt"] or "")
    return Article(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        date=date.fromisoformat(row["date"]) if row["date"] else None,
        date_source=row["date_source"],
        url=row["url"],
        source=row["source"],
        origin=origin,
        external_id=row["external_id"],
        date_flag=row.get("date_flag"),
        date_given=row.get("date_given"),
    )


def code_records(
    pipe: Pipeline, records: Iterable[Article | Rejected]
) -> tuple[list[CodedArticle], list[Rejected], int]:
    """Code a batch: (coded articles, rejects, repeats of an article already in the batch).

    One article whose coding raises does not sink its batch: the batch is coded again
    one article at a time and the article that fails is rejected with the error, so
    nothing is dropped and Ray does not retry a batch that would fail the same way.
    """
    rejects: list[Rejected] = []
    fresh: dict[str, Article] = {}
    repeats = 0
    for record in records:
        if isinstance(record, Rejected):
            rejects.append(record)
        elif record.id in fresh:
            repeats += 1
        else:
            fresh[record.id] = record
    try:
        return list(pipe.code(fresh.values())), rejects, repeats
    except Exception:
        log.exception("a batch failed to code; coding its %d articles one by one", len(fresh))
    coded = []
    for article in fresh.values():
        try:
            coded.append(pipe.code_one(article))
        except Exception as exc:
            reason = f"coding failed ({type(exc).__name__}: {exc}); please report this article"
            rejects.append(Rejected.of(article.origin, reason, article.text))
    return coded, rejects, repeats
