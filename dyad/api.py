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
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyad import ingest, merge, store
from dyad.actors import Memory
from dyad.config import DEFAULT_DB, DEFAULT_PARQUET, Settings
from dyad.errors import InputError, StoreError
from dyad.ingest.dates import parse_article_date
from dyad.pipeline import Pipeline
from dyad.records import Actor, Article, CodedArticle, Event, Learned, Origin, Rejected
from dyad.remerge import Merger
from dyad.store.query import (
    INTERVALS,
    NETWORK_FORMATS,
    SELECTION_FORMATS,
    SERIES,
    SORTS,
    EventFilter,
    Selection,
)

if TYPE_CHECKING:
    from dyad.events.classify import Classification

log = logging.getLogger(__name__)

EVERYTHING = Selection()


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
    learned: Iterable[Learned] = (),
) -> Actor | None:
    """Who a name refers to, as of a date: ``resolve_actor("Peskov", date="2024-07-30")``.

    Args:
        text: the name or phrase ("Maduro", "the Kremlin", "opposition leader Juan Guaido").
        context: optional surrounding text (earlier sentences of the article) that
            introduces the name; it is read first, as the resolver would read an article.
        date: resolve offices as of this date.
        learned: roles learned from other articles (``Dyad.resolve_actor`` passes the
            store's).
    """
    from dyad.actors import Memory, normalise, resolve_doc

    pipe = pipeline(settings)
    prefix = (context.strip() + "\n\n") if context else ""
    doc = pipe.nlp(prefix + text)
    found = resolve_doc(doc, pipe.kb, _as_date(date), Memory(learned))
    inside = [m for m in found.mentions if m.start >= len(prefix)]
    if inside:
        return max(inside, key=lambda m: m.end - m.start).actor
    # A bare surname the context introduced ("Price" after "spokesperson Ned Price").
    surname = normalise(text).split(" ")[-1]
    for mention in reversed(found.mentions):
        if normalise(mention.actor.name).split(" ")[-1] == surname:
            return mention.actor
    return None


@dataclass(frozen=True)
class ActorFileReport:
    """What ``check_actor_files`` found: actors, names, and conflicts with other codes."""

    actors: int
    names: int
    conflicts: list[str]


def check_actor_files(paths: Sequence[str]) -> ActorFileReport:
    """Read the user's actor files as a run would, and report what they add and where
    they disagree with the shipped knowledge base or with each other.

    Raises:
        ConfigError: a file is missing or malformed (the message names file and line).
    """
    from dyad.actors import kb, user

    found = [a for path in paths for a in user.read(path)]
    merged = kb.load(tuple(paths))
    return ActorFileReport(
        len(found), len({kb.normalise(p) for a in found for p in a.phrases}), merged.conflicts
    )


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


def explain_classify(
    text: str,
    source_span: tuple[int, int] | str,
    target_span: tuple[int, int] | str | None,
    *,
    settings: Settings | None = None,
) -> Classification:
    """``classify`` with what decided: a predicates.csv row (rule) or the trained back-off.

    The result has ``plover_type`` (None when nothing relates the spans), ``decided_by``
    (``"rule"``, ``"model"`` or ``"none"``) and ``why`` (the row, or the model's top words).
    """
    from dyad.events.classify import explain_pair

    pipe = pipeline(settings)
    return explain_pair(
        pipe.nlp(text), _span(text, source_span), _span(text, target_span), pipe.onto
    )


def train_classifier(training: str | Path, out: str | Path | None = None) -> dict[str, Any]:
    """Fit classify's back-off on a CSV of labelled texts and write it (by default over the
    shipped model); returns what was written: texts, types, words and path."""
    from dyad.events import backoff

    rows = backoff.read_training(Path(training))
    model = backoff.train(rows)
    target = Path(out) if out else backoff.MODEL_PATH
    backoff.save(model, target)
    return {
        "texts": len(rows),
        "types": len(model["types"]),  # type: ignore[arg-type]
        "words": len(model["weights"]),  # type: ignore[arg-type]
        "path": str(target),
    }


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
        self._held: Any = None
        self._held_read_only = True

    def hold(self, *, read_only: bool = False) -> None:
        """Keep one connection open until ``release()``: every call then uses a cursor of it.

        A long-running process (``dyad serve``) holds the store so that its readers
        and its writer (articles sent to it to be coded) share one DuckDB instance:
        DuckDB allows one writing process per file, and readers in that process see
        each batch as soon as it commits.
        """
        if self._held is None:
            self._held = store.connect(self.db, read_only=read_only)
            self._held_read_only = read_only

    def release(self) -> None:
        """Close the held connection (see ``hold``)."""
        if self._held is not None:
            self._held.close()
            self._held = None

    @property
    def writable(self) -> bool:
        """Whether ``code`` can write: not while held read-only."""
        return self._held is None or not self._held_read_only

    @contextlib.contextmanager
    def _connection(self, read_only: bool = True) -> Iterator[Any]:
        if self._held is not None:
            if not read_only and self._held_read_only:
                raise StoreError("the store is open read-only here", path=str(self.db))
            cursor = self._held.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
            return
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
            memory = Memory(store.query.learned(con))
            merger = Merger(con, self.settings.merge_every)
            merger.resume(run_id)  # what a run cut short left unmerged or undated
            try:
                records = ingest.read(paths, self.settings)
                batches = _batches(records, self.settings.batch_size)
                parsed = pipe.parse_ahead(batches, lambda b: _candidates(con, b))
                with contextlib.closing(parsed):
                    for batch, docs in parsed:
                        self._code_batch(con, pipe, batch, docs, summary, merger, memory, on_reject)
                        if progress:
                            progress(len(batch))
                        if stop is not None and stop.is_set():
                            summary.status = "interrupted"
                            break
                if summary.status != "interrupted":
                    # The run's undated articles, and older ones its dated articles may
                    # date, are dated; an interrupted run may have left mentions unmerged.
                    merger.refresh(redate=summary.articles > 0)
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
        parsed: dict[str, Any],
        summary: RunSummary,
        merger: Merger,
        memory: Memory,
        on_reject: Callable[[Rejected], None] | None,
    ) -> None:
        rejects = [r for r in batch if isinstance(r, Rejected)]
        articles = [a for a in batch if isinstance(a, Article)]
        fresh = _candidates(con, batch)  # again: batches parsed ahead were not stored yet
        coded = _code_each(pipe, fresh, rejects, memory, parsed)
        n_known = len(articles) - len(fresh)
        # The batch and its near-duplicate marks commit together; its reports are merged
        # with those of the next batches (``Merger.add``). Reports a kill or a stop leaves
        # stored but unmerged are merged by the next run (``Merger.resume``).
        with store.write.transaction(con):
            store.write.write_batch(con, summary.run_id, coded, rejects, n_known=n_known)
            merger.add(coded, len(batch))
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
            _bound(since),
            _bound(until),
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

    def learned(self, name: str | None = None) -> list[dict[str, Any]]:
        """Roles learned from stored articles, with their evidence (for one name, if given)."""
        from dyad.actors import normalise

        with self._connection() as con:
            return store.query.learned_rows(con, normalise(name) if name else None)

    def resolve_actor(
        self, text: str, context: str | None = None, date: date | str | None = None
    ) -> Actor | None:
        """``resolve_actor``, also using what the store learned from its articles."""
        learned: list[Learned] = []
        if self.db.exists():
            with self._connection() as con:
                learned = store.query.learned(con)
        return resolve_actor(text, context, date, settings=self.settings, learned=learned)

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
        """Write stored events to ``out``; return how many events were written.

        Formats: jsonl, csv, parquet (the events table), polecat (PLOVER/POLECAT-style
        JSONL), gdelt (a tab-separated table with GDELT's column names), and gexf or
        graphml (the actor network of the selected events; the count is of edges).
        ``filters`` are those of ``selection``: merged events unless ``reports=True``
        (one record per report). The HTTP API's downloads call the same function.
        """
        sel = selection(**filters)
        if fmt in NETWORK_FORMATS:
            return self.export_network(fmt, out, sel)
        return self.export_selection(fmt, out, sel)

    # --- Browsing (``dyad serve`` pages and JSON API are built on these) ---

    def overview(self, *, top: int = 10) -> dict[str, Any]:
        """Counts of articles, events and actors, the date span, top dyads, latest events."""
        with self._connection() as con:
            return store.query.overview(con, top=_page_size(top))

    def event_page(
        self,
        sel: Selection = EVERYTHING,
        *,
        sort: str = "date",
        descending: bool = False,
        limit: int = 50,
        offset: int = 0,
    ) -> dict[str, Any]:
        """One page of the selected events and how many there are in all."""
        if sort not in SORTS:
            raise InputError(f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}")
        limit, offset = _page_size(limit), _offset(offset)
        with self._connection() as con:
            rows = store.query.select_events(
                con, sel, sort=sort, descending=descending, limit=limit, offset=offset
            )
            total = store.query.count_selection(con, sel)
        return {"total": total, "limit": limit, "offset": offset, "events": rows}

    def report(self, event_id: str) -> dict[str, Any]:
        """One stored report (a row of the events table) by id. Raises NotFound."""
        with self._connection() as con:
            return store.query.event(con, event_id)

    def dyads(self, sel: Selection = EVERYTHING, *, limit: int = 50, offset: int = 0) -> dict:
        """Source -> target pairs of the selection with their counts, most events first."""
        limit, offset = _page_size(limit), _offset(offset)
        with self._connection() as con:
            rows = store.query.dyads(con, sel, limit=limit, offset=offset)
            total = store.query.count_dyads(con, sel)
        return {"total": total, "limit": limit, "offset": offset, "dyads": rows}

    def network(self, sel: Selection = EVERYTHING, *, max_edges: int = 150) -> dict[str, Any]:
        """The actor network of the selection: its ``max_edges`` heaviest edges."""
        with self._connection() as con:
            return store.query.network(con, sel, max_edges=_page_size(max_edges))

    def timeline(
        self, sel: Selection = EVERYTHING, *, interval: str = "month", by: str = "quadclass"
    ) -> dict[str, Any]:
        """Events per day/week/month/year, split by QuadClass, PLOVER type or not at all."""
        if interval not in INTERVALS:
            raise InputError(f"unknown interval {interval!r}; choose one of {', '.join(INTERVALS)}")
        if by not in SERIES:
            raise InputError(f"unknown series {by!r}; choose one of {', '.join(SERIES)}")
        with self._connection() as con:
            found = store.query.timeline(con, sel, interval=interval, by=by)
        return {"interval": interval, "by": by, **found}

    def actor_page(self, q: str | None = None, *, limit: int = 50, offset: int = 0) -> dict:
        """A page of actors whose name, id or code contains ``q``, most mentioned first."""
        limit, offset = _page_size(limit), _offset(offset)
        with self._connection() as con:
            rows, total = store.query.browse_actors(con, q=q, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "actors": rows}

    def actor(self, actor_id: str) -> dict[str, Any]:
        """An actor's codes, aliases (with how each was resolved), timeline and partners.

        Raises:
            NotFound: no actor has this id.
        """
        with self._connection() as con:
            return store.query.actor_profile(con, actor_id)

    def evidence(self, article_id: str) -> dict[str, Any]:
        """An article's text, mentions and events. Raises NotFound."""
        with self._connection() as con:
            return store.query.evidence(con, article_id)

    def export_selection(self, fmt: str, out: str | Path, sel: Selection = EVERYTHING) -> int:
        """Write the selected events as csv, jsonl, parquet, polecat or gdelt; return how many."""
        if fmt not in SELECTION_FORMATS:
            raise InputError(
                f"unknown format {fmt!r}; choose one of {', '.join(SELECTION_FORMATS)}"
            )
        with self._connection() as con:
            return store.exports.export_selection(con, sel, fmt, Path(out))

    def export_network(self, fmt: str, out: str | Path, sel: Selection = EVERYTHING) -> int:
        """Write the whole network of the selection as GEXF or GraphML; return its edges."""
        if fmt not in NETWORK_FORMATS:
            raise InputError(
                f"unknown network format {fmt!r}; choose one of {', '.join(NETWORK_FORMATS)}"
            )
        with self._connection() as con:
            net = store.query.network(con, sel, max_edges=None)
        writer = store.graph.write_gexf if fmt == "gexf" else store.graph.write_graphml
        writer(net, Path(out))
        return len(net["edges"])


PAGE_MAX = 500
_COUNTRY = re.compile(r"[A-Z]{3}")
_CAMEO_PREFIX = re.compile(r"[0-9]{1,4}")


def _page_size(limit: int) -> int:
    if not 1 <= limit <= PAGE_MAX:
        raise InputError(f"page size {limit} is out of range; give 1 to {PAGE_MAX}")
    return limit


def _offset(offset: int) -> int:
    if offset < 0:
        raise InputError(f"offset {offset} is negative; give 0 or more")
    return offset


def event_types() -> tuple[str, ...]:
    """The PLOVER event types, in the ontology's order."""
    from dyad.events.ontology import PLOVER_TYPES

    return PLOVER_TYPES


def selection(
    *,
    actor: str | None = None,
    source: str | None = None,
    target: str | None = None,
    country: str | None = None,
    type: str | None = None,
    quadclass: int | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    q: str | None = None,
    article_id: str | None = None,
    include_nonfactual: bool = False,
    reports: bool = False,
) -> Selection:
    """A checked ``Selection``: which events a query, page or download is about.

    Raises:
        InputError: an unknown PLOVER type or CAMEO code, a country that is not a
            three-letter code, a QuadClass outside 1..4, a bad date, or ``since`` after
            ``until``.
    """
    from dyad.events.ontology import load

    type_, country_ = _text(type), _text(country)
    if type_ is not None:
        if _CAMEO_PREFIX.fullmatch(type_):
            if not any(code.startswith(type_) for code in load().codes):
                raise InputError(f"type {type_!r}: no CAMEO code starts with it")
        elif type_.upper() not in event_types():
            raise InputError(
                f"type {type_!r} is neither a PLOVER type ({', '.join(event_types())}) "
                "nor a CAMEO code prefix (digits, e.g. 16)"
            )
    if country_ is not None and not _COUNTRY.fullmatch(country_.upper()):
        raise InputError(f"country {country_!r} is not a three-letter code such as VEN or USA")
    if quadclass is not None and quadclass not in (1, 2, 3, 4):
        raise InputError(f"quadclass {quadclass} is not 1, 2, 3 or 4")
    since_, until_ = _checked_date(since, "since"), _checked_date(until, "until")
    if since_ and until_ and since_ > until_:
        raise InputError(f"since {since_} is after until {until_}")
    return Selection(
        actor=_text(actor),
        source=_text(source),
        target=_text(target),
        country=country_.upper() if country_ else None,
        type=type_,
        quadclass=quadclass,
        since=since_,
        until=until_,
        q=_text(q),
        article_id=_text(article_id),
        include_nonfactual=include_nonfactual,
        reports=reports,
    )


def _text(value: str | None) -> str | None:
    """A parameter's text without surrounding blanks; None when nothing is left."""
    return (value.strip() or None) if value is not None else None


def _checked_date(value: date | str | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{name} {value!r} is not a YYYY-MM-DD date") from None


def _candidates(con: Any, batch: list[Article | Rejected]) -> list[Article]:
    """A batch's articles that are worth parsing: not stored, each id once. Chosen ahead
    of coding (``parse_ahead``); ``_code_batch`` checks again which are fresh by then."""
    articles = [a for a in batch if isinstance(a, Article)]
    known = store.write.known_articles(con, (a.id for a in articles))
    fresh: dict[str, Article] = {}
    for article in articles:
        if article.id not in known and article.id not in fresh:
            fresh[article.id] = article
    return list(fresh.values())


def _code_each(
    pipe: Pipeline,
    articles: list[Article],
    rejects: list[Rejected],
    memory: Memory | None = None,
    parsed: dict[str, Any] | None = None,
) -> list[CodedArticle]:
    """Code a batch; if it fails, code its articles one by one and reject those that fail.

    One article that breaks a stage never costs the batch: it is stored as a reject whose
    reason names the error, so it can be reported and coded again once fixed.
    """
    try:
        return list(pipe.code(articles, memory, parsed))
    except Exception:
        log.exception("a batch of %d articles failed; coding them one by one", len(articles))
    coded = []
    for article in articles:
        try:
            coded.append(next(pipe.code([article], memory, parsed)))
        except Exception as exc:
            reason = f"Dyad failed while coding this article ({type(exc).__name__}: {exc})"
            rejects.append(Rejected.of(article.origin, reason, article.text))
    return coded


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
