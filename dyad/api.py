"""Dyad's Python API: code text, fill a store, and query it.

    >>> import dyad
    >>> events = dyad.code_text("The Kremlin on Tuesday called on the Venezuelan opposition "
    ...                         "to accept its defeat.", date="2024-07-30")
    >>> store = dyad.Dyad("dyad.duckdb"); store.code(["articles/"]); store.events(actor="VEN")

The CLI and the HTTP server are thin layers over this module.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from dyad import ingest, store
from dyad.config import DEFAULT_DB, Settings
from dyad.errors import InputError
from dyad.ingest.dates import parse_article_date
from dyad.pipeline import Pipeline
from dyad.records import Actor, Article, CodedArticle, Event, Origin, Rejected
from dyad.store.query import EventFilter

log = logging.getLogger(__name__)


@cache
def _pipeline(settings: Settings) -> Pipeline:
    return Pipeline(settings)


def pipeline(settings: Settings | None = None) -> Pipeline:
    """The shared pipeline for these settings, loaded on first use."""
    return _pipeline(settings or Settings.from_env())


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return parse_article_date(value)


def _bound(value: date | str | None) -> date | None:
    """A query's date bound: any real date, the future included (unlike an article's date)."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"date bound {value!r} is not a YYYY-MM-DD date") from None


def code_text(
    text: str, date: date | str | None = None, *, settings: Settings | None = None
) -> list[Event]:
    """Code one text and return its events (nothing is stored).

    Args:
        text: an article or a sentence; a leading `` date YYYY-MM-DD`` marker is honoured.
        date: the article's publication date, which relative dates in the text refer to.

    Raises:
        InputError: the text is empty or the date is not a date.
    """
    return list(_code_article(text, date, settings).events)


def _code_article(text: str, date: date | str | None, settings: Settings | None) -> CodedArticle:
    article = ingest.make_article(text, {"date": _as_date(date)}, Origin("<text>"))
    if isinstance(article, Rejected):
        raise InputError(article.reason, path="<text>")
    return pipeline(settings).code_one(article)


def evaluate_records(
    records: Sequence[dict[str, Any]],
    *,
    settings: Settings | None = None,
    details: list[Any] | None = None,
) -> dict[str, Any]:
    """Score Dyad on gold records (see ``dyad.evaluate``); each distinct text is coded once."""
    from dyad import evaluate
    from dyad.events.classify import classify_pair

    pipe = pipeline(settings)
    coded: dict[tuple[str, str | None], CodedArticle] = {}
    parsed: dict[str, Any] = {}

    def code(text: str, when: str | None) -> CodedArticle:
        if (text, when) not in coded:
            coded[(text, when)] = _code_article(text, when, settings)
        return coded[(text, when)]

    def classify(text: str, source: tuple[int, int], target: tuple[int, int] | None) -> str | None:
        if text not in parsed:
            parsed[text] = pipe.nlp(text)
        return classify_pair(parsed[text], source, target, pipe.onto)

    return evaluate.evaluate(records, code, classify, details=details)


def resolve_actor(
    text: str,
    context: str | None = None,
    date: date | str | None = None,
    *,
    settings: Settings | None = None,
) -> Actor | None:
    """Who a name refers to, as of a date: ``resolve_actor("Peskov", date="2024-07-30")``.

    Args:
        text: the name or phrase ("Maduro", "the Kremlin", "opposition leader Juan Guaido").
        context: optional surrounding text (earlier sentences of the article) that
            introduces the name; it is read first, as the resolver would read an article.
        date: resolve offices as of this date.
    """
    from dyad.actors import normalise, resolve_doc

    pipe = pipeline(settings)
    prefix = (context.strip() + "\n\n") if context else ""
    doc = pipe.nlp(prefix + text)
    found = resolve_doc(doc, pipe.kb, _as_date(date))
    inside = [m for m in found.mentions if m.start >= len(prefix)]
    if inside:
        return max(inside, key=lambda m: m.end - m.start).actor
    # A bare surname the context introduced ("Price" after "spokesperson Ned Price").
    surname = normalise(text).split(" ")[-1]
    for mention in reversed(found.mentions):
        if normalise(mention.actor.name).split(" ")[-1] == surname:
            return mention.actor
    return None


def classify(
    text: str,
    source_span: tuple[int, int] | str,
    target_span: tuple[int, int] | str | None,
    *,
    settings: Settings | None = None,
) -> str | None:
    """The PLOVER type of what the source does to the target in ``text``.

    Spans are (start, end) character offsets or the exact words. Returns None when no
    predicate in the text relates them.
    """
    from dyad.events.classify import classify_pair

    pipe = pipeline(settings)
    return classify_pair(
        pipe.nlp(text), _span(text, source_span), _span(text, target_span), pipe.onto
    )


def _span(text: str, span: tuple[int, int] | str | None) -> tuple[int, int] | None:
    if span is None:
        return None
    if isinstance(span, str):
        start = text.find(span)
        return None if start < 0 else (start, start + len(span))
    return span


@dataclass
class RunSummary:
    """What a ``Dyad.code`` run did."""

    run_id: str
    db: str
    read: int = 0
    articles: int = 0
    known: int = 0
    events: int = 0
    rejects: list[Rejected] = field(default_factory=list)
    dates_flagged: int = 0
    status: str = "running"


class Dyad:
    """A Dyad store (one DuckDB file) and the operations on it."""

    def __init__(self, db: str | Path = DEFAULT_DB, *, settings: Settings | None = None) -> None:
        self.db = Path(db)
        self.settings = settings or Settings.from_env()

    @contextlib.contextmanager
    def _connection(self, read_only: bool = True) -> Iterator[Any]:
        con = store.connect(self.db, read_only=read_only)
        try:
            with store.schema.reading(self.db):
                yield con
        finally:
            con.close()

    def code(
        self,
        paths: Sequence[str],
        *,
        command: str = "api",
        progress: Callable[[int], None] | None = None,
        on_reject: Callable[[Rejected], None] | None = None,
        stop: threading.Event | None = None,
    ) -> RunSummary:
        """Read, code and store every input; articles already in the store are skipped.

        Each batch is committed in one transaction together with the run's progress,
        so an interrupted run loses at most the batch in flight, and running the same
        command again resumes it.

        Args:
            stop: when set (by a signal handler, another thread), the run stops after the
                batch in flight is stored, with status "interrupted".
        """
        pipe = pipeline(self.settings)
        with self._connection(read_only=False) as con:
            run_id = store.write.start_run(
                con,
                command=command,
                inputs=list(paths),
                settings=self.settings.as_dict(),
                versions=pipe.versions,
            )
            summary = RunSummary(run_id, str(self.db))
            try:
                records = ingest.read(paths, self.settings)
                for batch in _batches(records, self.settings.batch_size):
                    self._code_batch(con, pipe, batch, summary, on_reject)
                    if progress:
                        progress(len(batch))
                    if stop is not None and stop.is_set():
                        summary.status = "interrupted"
                        break
                else:
                    summary.status = "done"
            except KeyboardInterrupt:
                summary.status = "interrupted"
                raise
            except BaseException:
                summary.status = "failed"
                raise
            finally:
                store.write.finish_run(con, run_id, summary.status)
        return summary

    def _code_batch(
        self,
        con: Any,
        pipe: Pipeline,
        batch: list[Article | Rejected],
        summary: RunSummary,
        on_reject: Callable[[Rejected], None] | None,
    ) -> None:
        rejects = [r for r in batch if isinstance(r, Rejected)]
        articles = [a for a in batch if isinstance(a, Article)]
        known = store.write.known_articles(con, (a.id for a in articles))
        fresh: dict[str, Article] = {}
        for article in articles:
            if article.id not in known and article.id not in fresh:
                fresh[article.id] = article
        coded = _code_each(pipe, list(fresh.values()), rejects)
        n_known = len(articles) - len(fresh)
        store.write.write_batch(con, summary.run_id, coded, rejects, n_known=n_known)
        summary.read += len(batch)
        summary.articles += len(coded)
        summary.known += n_known
        summary.events += sum(len(c.events) for c in coded)
        summary.dates_flagged += sum(c.article.date_flag is not None for c in coded)
        summary.rejects.extend(rejects)
        for reject in rejects:
            log.warning("rejected %s", reject.message)
            if on_reject:
                on_reject(reject)

    def events(
        self,
        *,
        actor: str | None = None,
        type: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        article_id: str | None = None,
        include_nonfactual: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Stored events matching the filters, oldest first."""
        f = EventFilter(
            actor,
            type,
            _bound(since),
            _bound(until),
            article_id,
            include_nonfactual,
            limit,
            offset,
        )
        with self._connection() as con:
            return store.query.events(con, f)

    def actors(self) -> list[dict[str, Any]]:
        with self._connection() as con:
            return store.query.actors(con)

    def articles(self) -> list[dict[str, Any]]:
        with self._connection() as con:
            return store.query.articles(con)

    def rejects(self) -> list[dict[str, Any]]:
        with self._connection() as con:
            return store.query.rejects(con)

    def counts(self) -> dict[str, int]:
        with self._connection() as con:
            return store.query.counts(con)

    def export(self, fmt: str, out: str | Path, **filters: Any) -> int:
        """Write stored events as jsonl, csv or parquet; return how many were written."""
        f = EventFilter(**filters)
        with self._connection() as con:
            return store.query.export(con, f, fmt, Path(out))


def _code_each(
    pipe: Pipeline, articles: list[Article], rejects: list[Rejected]
) -> list[CodedArticle]:
    """Code a batch; if it fails, code its articles one by one and reject those that fail.

    One article that breaks a stage never costs the batch: it is stored as a reject whose
    reason names the error, so it can be reported and coded again once fixed.
    """
    try:
        return list(pipe.code(articles))
    except Exception:
        log.exception("a batch of %d articles failed; coding them one by one", len(articles))
    coded = []
    for article in articles:
        try:
            coded.append(pipe.code_one(article))
        except Exception as exc:
            reason = f"Dyad failed while coding this article ({type(exc).__name__}: {exc})"
            rejects.append(Rejected.of(article.origin, reason, article.text))
    return coded


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
