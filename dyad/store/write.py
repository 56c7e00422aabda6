"""Writes to the store. Every key is a content hash, so writing twice changes nothing.

A batch (its articles, mentions, actors, events, rejects and the run's progress)
is written in one transaction: after a crash the store holds whole batches only.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import duckdb

from dyad.records import (
    CodedArticle,
    Event,
    EventMention,
    InferredDate,
    Learned,
    Mention,
    MergedEvent,
    Rejected,
    content_id,
)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


_OPEN: set[int] = set()  # ids of connections inside a transaction()


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction; nested uses join the outer one, so a caller can make several
    writes (a batch and its merge) commit or roll back together."""
    if id(con) in _OPEN:
        yield
        return
    _OPEN.add(id(con))
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        _OPEN.discard(id(con))


_TYPES: dict[str, dict[str, str]] = {}


def _column_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Column types of a table; the same in every store of this schema version."""
    if table not in _TYPES:
        rows = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
        _TYPES[table] = dict(rows)
    return _TYPES[table]


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows, ignoring those whose key is already there.

    Rows travel as one list per column and are unnested in DuckDB: far faster than
    ``executemany``, which costs a round trip per row.
    """
    if not rows:
        return
    types = _column_types(con, table)
    columns = list(rows[0])
    values = [[row[c] for row in rows] for c in columns]
    selects = ", ".join(f"UNNEST(${i + 1}::{types[c]}[])" for i, c in enumerate(columns))
    con.execute(f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) SELECT {selects}", values)


def known_articles(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> set[str]:
    """Which of these article ids the store already holds."""
    ids = list(ids)
    if not ids:
        return set()
    rows = con.execute("SELECT id FROM articles WHERE id IN (SELECT UNNEST(?))", [ids])
    return {r[0] for r in rows.fetchall()}


def start_run(
    con: duckdb.DuckDBPyConnection,
    *,
    command: str,
    inputs: Sequence[str],
    settings: dict[str, Any],
    versions: dict[str, str],
) -> str:
    run_id = uuid.uuid4().hex[:16]
    # This process holds the file for writing, so a run still marked running was killed.
    con.execute("UPDATE runs SET status = 'abandoned' WHERE status = 'running'")
    con.execute(
        "INSERT INTO runs (id, started_at, status, command, inputs, settings, versions) "
        "VALUES (?, ?, 'running', ?, ?, ?, ?)",
        [
            run_id,
            _now(),
            command,
            json.dumps(list(inputs)),
            json.dumps(settings, default=str),
            json.dumps(versions),
        ],
    )
    return run_id


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str) -> None:
    con.execute(
        "UPDATE runs SET finished_at = ?, status = ? WHERE id = ?", [_now(), status, run_id]
    )


def batch_rows(
    run_id: str, coded: Sequence[CodedArticle], rejects: Sequence[Rejected]
) -> dict[str, list[dict[str, Any]]]:
    """The rows a batch adds to each table: articles, actors, mentions, events, rejects.

    The same rows go to a DuckDB store (``write_batch``) and to Parquet parts
    (``dyad.store.parquet``), so both hold the same columns and keys.
    """
    now = _now()
    articles, mentions, actors, events, learned = [], [], {}, [], []
    for item in coded:
        a = item.article
        articles.append(
            {
                "id": a.id,
                "text": a.text,
                "title": a.title,
                "date": a.date,
                "date_source": a.date_source,
                "date_flag": a.date_flag,
                "date_given": a.date_given,
                "url": a.url,
                "source": a.source,
                "external_id": a.external_id,
                "origin_path": a.origin.path,
                "origin_locator": a.origin.locator,
                "sentence_starts": [s for s, _ in item.sentences],
                "sentence_ends": [e for _, e in item.sentences],
                "run_id": run_id,
                "coded_at": now,
            }
        )
        for m in item.mentions:
            mentions.append(_mention_row(a.id, m))
            actors[m.actor.id] = _actor_row(m)
        events.extend(_event_row(e) for e in item.events)
        learned.extend(_learned_row(fact) for fact in item.learned)
    reject_rows = [
        {
            "id": r.id,
            "path": r.origin.path,
            "locator": r.origin.locator,
            "reason": r.reason,
            "excerpt": r.excerpt,
            "run_id": run_id,
            "seen_at": now,
        }
        for r in rejects
    ]
    return {
        "articles": articles,
        "actors": list(actors.values()),
        "mentions": mentions,
        "events": events,
        "learned_actors": learned,
        "rejects": reject_rows,
    }


def write_batch(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    coded: Sequence[CodedArticle],
    rejects: Sequence[Rejected],
    *,
    n_known: int = 0,
) -> None:
    """Write one batch and the run's progress in a single transaction."""
    rows = batch_rows(run_id, coded, rejects)
    with transaction(con):
        for table, table_rows in rows.items():
            insert(con, table, table_rows)
        con.execute(
            "UPDATE runs SET n_read = n_read + ?, n_articles = n_articles + ?, "
            "n_known = n_known + ?, n_rejects = n_rejects + ?, n_events = n_events + ? "
            "WHERE id = ?",
            [
                len(coded) + len(rejects) + n_known,
                len(coded),
                n_known,
                len(rejects),
                len(rows["events"]),
                run_id,
            ],
        )


def _actor_row(m: Mention) -> dict[str, Any]:
    a = m.actor
    return {
        "id": a.id,
        "name": a.name,
        "code": a.code,
        "country": a.country,
        "sectors": "".join(a.sectors),
    }


def _learned_row(fact: Learned) -> dict[str, Any]:
    a = fact.actor
    return {
        "id": content_id(fact.article_id, str(fact.start), str(fact.end)),
        "name_key": fact.key,
        "actor_id": a.id,
        "name": a.name,
        "code": a.code,
        "country": a.country,
        "sectors": list(a.sectors),
        "confidence": a.confidence,
        "rule": a.rule,
        "article_id": fact.article_id,
        "article_date": fact.date,
        "evidence": fact.evidence,
        "start_char": fact.start,
        "end_char": fact.end,
    }


def _mention_row(article_id: str, m: Mention) -> dict[str, Any]:
    return {
        "id": content_id(article_id, str(m.start), str(m.end)),
        "article_id": article_id,
        "start_char": m.start,
        "end_char": m.end,
        "text": m.text,
        "actor_id": m.actor.id,
        "code": m.actor.code,
        "confidence": m.actor.confidence,
        "rule": m.actor.rule,
    }


_MENTION_KEYS = ("text", "start", "end", "actor_id", "name", "code", "country", "sectors")


def _side(prefix: str, m: Mention | None) -> dict[str, Any]:
    values = m.as_dict() if m is not None else {}
    return {f"{prefix}_{k}": values.get(k) for k in _MENTION_KEYS}


def _event_row(e: Event) -> dict[str, Any]:
    place = e.location
    return {
        "id": e.id,
        "article_id": e.article_id,
        "plover_type": e.plover_type,
        "plover_mode": e.plover_mode,
        "plover_context": e.plover_context,
        "cameo": e.cameo,
        "cameo_root": e.cameo_root,
        "quadclass": e.quadclass,
        "goldstein": e.goldstein,
        **_side("source", e.source),
        **_side("target", e.target),
        "event_date": e.date,
        "date_precision": e.date_precision,
        "date_source": e.date_source,
        "location_name": place.name if place else None,
        "location_country": place.country if place else None,
        "location_start": place.start if place else None,
        "location_end": place.end if place else None,
        "negated": e.modality.negated,
        "hypothetical": e.modality.hypothetical,
        "future": e.modality.future,
        "question": e.modality.question,
        "sentence": e.sentence,
        "sentence_start": e.sentence_start,
        "sentence_end": e.sentence_end,
        "predicate": e.predicate,
        "predicate_start": e.predicate_start,
        "predicate_end": e.predicate_end,
        "rule": e.rule,
    }


# -- merged events (dyad.merge) --------------------------------------------------------------


def write_signatures(
    con: duckdb.DuckDBPyConnection,
    rows: Sequence[tuple[str, Sequence[int], Sequence[str], str | None, float | None]],
) -> None:
    """Store articles' MinHash signatures, LSH bands and near-duplicate marks.

    Each row is (article id, signature, bands, duplicate_of, similarity).
    """
    insert(
        con,
        "article_signatures",
        [
            {"article_id": a, "signature": list(sig), "duplicate_of": dup, "similarity": sim}
            for a, sig, _, dup, sim in rows
        ],
    )
    insert(con, "article_bands", [{"band": b, "article_id": r[0]} for r in rows for b in r[2]])


def write_article_dates(
    con: duckdb.DuckDBPyConnection, dates: Mapping[str, InferredDate | None]
) -> None:
    """Store (or replace) undated articles' inferred dates; None forgets an old one."""
    con.execute("DELETE FROM article_dates WHERE article_id IN (SELECT UNNEST(?))", [list(dates)])
    rows = [article_date_row(d) for d in dates.values() if d is not None]
    if rows:
        insert(con, "article_dates", rows)


def article_date_row(inferred: InferredDate) -> dict[str, Any]:
    """The ``article_dates`` row of an inferred date (store or Parquet)."""
    return {
        "article_id": inferred.article_id,
        "earliest": inferred.earliest,
        "latest": inferred.latest,
        "date": inferred.date,
        "confidence": inferred.confidence,
        "reason": inferred.reason,
        "inferred_at": _now(),
    }


def replace_merged(
    con: duckdb.DuckDBPyConnection,
    blocks: Sequence[str],
    mentions: Sequence[EventMention],
    merged: Sequence[MergedEvent],
) -> None:
    """Replace the merged events of these blocks, in one transaction.

    Args:
        blocks: the blocking keys re-merged; their old events and links are dropped.
        mentions: every mention of those blocks, with the dates the merge used.
        merged: the events ``merge_block`` made of them.
    """
    rows = merged_rows(mentions, merged)
    links, rows = rows["event_links"], rows["merged_events"]
    with transaction(con):
        con.execute(
            "DELETE FROM merged_events WHERE id IN "
            "(SELECT event_id FROM event_links WHERE block IN (SELECT UNNEST(?)))",
            [list(blocks)],
        )
        con.execute(
            "DELETE FROM merged_events WHERE id IN (SELECT UNNEST(?))", [[r["id"] for r in rows]]
        )
        con.execute(
            "DELETE FROM event_links WHERE block IN (SELECT UNNEST(?)) "
            "OR mention_id IN (SELECT UNNEST(?))",
            [list(blocks), [m.id for m in mentions]],
        )
        insert(con, "merged_events", rows)
        insert(con, "event_links", links)


def merged_rows(
    mentions: Sequence[EventMention], merged: Sequence[MergedEvent]
) -> dict[str, list[dict[str, Any]]]:
    """The ``merged_events`` and ``event_links`` rows of merged blocks (store or Parquet)."""
    now = _now()
    link_of = {link.mention_id: (e, link) for e in merged for link in e.links}
    links = []
    for m in mentions:
        event, link = link_of[m.id]
        links.append(
            {
                "mention_id": m.id,
                "event_id": event.id,
                "block": event.block,
                "joined_to": link.joined_to,
                "score": link.score,
                "reason": link.reason,
                "publisher": m.publisher,
                "article_date": m.article_date,
                "article_dated": m.article_dated,
                "duplicate_of": m.duplicate_of,
                "event_date": m.date,
                "date_precision": m.date_precision,
                "date_source": m.date_source,
                "earliest": m.earliest,
                "latest": m.latest,
                "background": m.background,
            }
        )
    return {"merged_events": [_merged_row(e, now) for e in merged], "event_links": links}


def _merged_row(e: MergedEvent, now: datetime) -> dict[str, Any]:
    row = {f: getattr(e, f) for f in _MERGED_FIELDS}
    row["event_date"] = e.date
    row["merged_at"] = now
    return row


_MERGED_FIELDS = (
    "id", "block", "plover_type", "cameo", "quadclass", "source_actor_id", "source_code",
    "target_actor_id", "target_code", "date_precision", "date_source", "earliest", "latest",
    "background", "representative", "n_mentions", "n_articles", "n_sources", "n_duplicates",
    "first_reported", "first_article_id",
)  # fmt: skip
