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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from dyad import ingest, merge, store
from dyad.config import DEFAULT_DB, DEFAULT_PARQUET, Settings
from dyad.errors import InputError
from dyad.ingest.dates import parse_article_date
from dyad.pipeline import Pipeline
from dyad.records import Actor, Article, CodedArticle, Event, Origin, Rejected
from dyad.remerge import Merger
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


def code_ray(
    paths: Sequence[str],
    out: str | Path = DEFAULT_PARQUET,
    *,
    address: str | None = None,
    workers: int | None = None,
    settings: Settings | None = None,
    command: str = "api",
    progress: Callable[[int], None] | None = None,
) -> Any:
    """Code inputs on Ray (a local Ray, or the cluster at ``address``) into Parquet.

    The same pipeline as ``Dyad.code``, on ``workers`` Ray workers; writes events,
    mentions, articles, rejects and merged events as Parquet partitioned by year/month
    under ``out`` (see ``dyad.store.parquet``); ``Dyad.import_parquet`` loads them into
    a store. Returns a ``dyad.engine.raydata.RayRun``. Needs the ``ray`` extra.
    """
    from dyad.engine import raydata

    return raydata.code(
        paths,
        out,
        settings or Settings.from_env(),
        address=address,
        workers=workers,
        command=command,
        progress=progress,
    )


def evaluate_records(
    records: Sequence[dict[str, Any]],
    *,
    settings: Settings | None = None,
    details: list[Any] | None = None,
    merged: bool = True,
) -> dict[str, Any]:
    """Score Dyad on gold records (see ``dyad.evaluate``); each distinct text is coded once.

    With ``merged`` (the default, as ``dyad events`` shows them) each event record's
    repeated reports are merged first and scored once; the report's ``merge`` says how
    many. Pair records score every report's spans, unmerged.
    """
    from dyad import evaluate
    from dyad.events.classify import classify_pair

    pipe = pipeline(settings)
    coded: dict[tuple[str, str | None], CodedArticle] = {}
    parsed: dict[str, Any] = {}

    tally = {"mentions": 0, "events": 0}
    # Pairs score the spans of every report; only event records are scored merged.
    event_texts = {r["text"] for r in records if "events" in r}

    def code(text: str, when: str | None) -> CodedArticle:
        if (text, when) not in coded:
            item = _code_article(text, when, settings)
            if merged and text in event_texts:
                tally["mentions"] += len(item.events)
                item = merge_article(item)
                tally["events"] += len(item.events)
            coded[(text, when)] = item
        return coded[(text, when)]

    def classify(text: str, source: tuple[int, int], target: tuple[int, int] | None) -> str | None:
        if text not in parsed:
            parsed[text] = pipe.nlp(text)
        return classify_pair(parsed[text], source, target, pipe.onto)

    report = evaluate.evaluate(records, code, classify, details=details)
    if merged and tally["mentions"]:
        report["merge"] = {**tally, "merged": tally["mentions"] - tally["events"]}
    return report


def merge_article(item: CodedArticle) -> CodedArticle:
    """One article with its repeated reports merged: one event (its best report) each.

    Nothing is stored; ``Dyad.code`` merges across articles too.
    """
    by_id = {e.id: e for e in item.events}
    events = merge.merge(merge.mention_of(e, item.article) for e in item.events)
    kept = tuple(by_id[e.representative] for e in events)
    kept = tuple(sorted(kept, key=lambda e: (e.sentence_start, e.predicate_start)))
    return CodedArticle(item.article, item.sentences, item.mentions, kept)


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
    ) -> RunSummary:
        """Read, code and store every input; articles already in the store are skipped.

        Each batch is committed in one transaction together with the run's progress,
        so an interrupted run loses at most the batch in flight.
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
                # Newly stored dated articles may date undated ones stored before, and an
                # interrupted run may have left mentions unmerged.
                Merger(con).refresh_undated()
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
        coded = list(pipe.code(fresh.values()))
        n_known = len(articles) - len(fresh)
        store.write.write_batch(con, summary.run_id, coded, rejects, n_known=n_known)
        Merger(con).add(coded)
        summary.read += len(batch)
        summary.articles += len(coded)
        summary.known += n_known
        summary.events += sum(len(c.events) for c in coded)
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
        mentions: bool = False,
        include_inferred: bool = True,
    ) -> list[dict[str, Any]]:
        """Stored events matching the filters, oldest first.

        Args:
            mentions: every report as extracted, instead of merged events (one per
                happening, with ``n_mentions``, ``n_articles`` and ``n_sources``).
            include_inferred: merged events dated from an undated article's inferred
                date are included; False leaves them out.
        """
        f = EventFilter(
            actor,
            type,
            _as_date(since),
            _as_date(until),
            article_id,
            include_nonfactual,
            limit,
            offset,
            include_inferred,
        )
        with self._connection() as con:
            return store.query.events(con, f) if mentions else store.query.merged_events(con, f)

    def event(self, event_id: str) -> dict[str, Any]:
        """One merged event with all its mentions, their evidence and dates, and why merged.

        Raises:
            NotFound: no merged event has this id.
        """
        with self._connection() as con:
            return store.query.merged_event(con, event_id)

    def merge_counts(self) -> dict[str, int]:
        """Mentions, merged events, near-duplicate articles and inferred article dates."""
        with self._connection() as con:
            return store.query.merge_counts(con)

    def merge(self) -> dict[str, int]:
        """Merge every stored mention again, from the stored mentions alone.

        Idempotent: event ids are kept, so running it twice changes nothing. Returns the
        counts (``mentions``, ``events``, ``duplicate_articles``, ``inferred_dates``).
        """
        with self._connection(read_only=False) as con:
            Merger(con).rebuild()
            return store.query.merge_counts(con)

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

    def import_parquet(self, folder: str | Path) -> dict[str, int]:
        """Load a Ray engine's Parquet output into this store; return rows added per table.

        Idempotent: keys are content hashes, so importing the same folder twice adds
        nothing. Raises StoreError when the folder is not Ray engine output.
        """
        from dyad.store import parquet

        with self._connection(read_only=False) as con:
            return parquet.import_dir(con, folder)

    def export(self, fmt: str, out: str | Path, **filters: Any) -> int:
        """Write stored events as jsonl, csv or parquet; return how many were written."""
        f = EventFilter(**filters)
        with self._connection() as con:
            return store.query.export(con, f, fmt, Path(out))


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
