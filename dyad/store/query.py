"""Reads from the store: events, actors, articles, rejects, summaries and exports.

Every value from a caller travels as a query parameter; nothing is pasted into SQL
except file paths for COPY, which DuckDB cannot bind and which are quoted here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from dyad.errors import NotFound, StoreError

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
_CODE = re.compile(r"[A-Z]{3}(?:[A-Z]{3})*")


@dataclass(frozen=True)
class EventFilter:
    """Which events to return.

    Attributes:
        actor: a code ("VEN", "RUSGOV": matches source or target codes by prefix), or an
            actor id or a case-insensitive part of an actor's name or mention text.
        type: a PLOVER type ("SANCTION") or a CAMEO code prefix ("16").
        since, until: inclusive event-date bounds.
        article_id: only events of this article.
        include_nonfactual: also negated, hypothetical and question events.
        limit, offset: paging.
        include_inferred: merged events only: also those whose date is inferred (from an
            undated article's inferred date); False leaves them out.
    """

    actor: str | None = None
    type: str | None = None
    since: date | None = None
    until: date | None = None
    article_id: str | None = None
    include_nonfactual: bool = False
    limit: int | None = None
    offset: int = 0
    include_inferred: bool = True


def _where(f: EventFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if f.actor and _CODE.fullmatch(f.actor):
        # A code ("VEN", "RUSGOV") matches by prefix, so "VEN" finds VENGOV and VENOPP.
        clauses.append("(source_code LIKE ? OR target_code LIKE ?)")
        params += [f.actor + "%"] * 2
    elif f.actor:
        like = f"%{f.actor.lower()}%"
        side = "({s}_actor_id = ? OR lower({s}_name) LIKE ? OR lower({s}_text) LIKE ?)"
        clauses.append(f"({side.format(s='source')} OR {side.format(s='target')})")
        params += [f.actor, like, like] * 2
    if f.type:
        clauses.append("(plover_type = ? OR cameo LIKE ?)")
        params += [f.type.upper(), f.type + "%"]
    if f.since:
        clauses.append("event_date >= ?")
        params.append(f.since)
    if f.until:
        clauses.append("event_date <= ?")
        params.append(f.until)
    if f.article_id:
        clauses.append("article_id = ?")
        params.append(f.article_id)
    if not f.include_nonfactual:
        clauses.append("NOT (negated OR hypothetical OR question)")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


_ORDER = " ORDER BY event_date NULLS LAST, article_id, sentence_start, predicate_start, id"


def events(con: duckdb.DuckDBPyConnection, f: EventFilter) -> list[dict[str, Any]]:
    """Events matching the filter, oldest first, as dicts of column -> value."""
    where, params = _where(f)
    sql = "SELECT * FROM events" + where + _ORDER
    if f.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [f.limit, f.offset]
    return _dicts(con.execute(sql, params))


def iter_events(
    con: duckdb.DuckDBPyConnection, f: EventFilter, chunk: int = 10_000
) -> Iterator[dict[str, Any]]:
    """Stream matching events without holding them all in memory."""
    where, params = _where(f)
    cursor = con.execute("SELECT * FROM events" + where + _ORDER, params)
    names = [d[0] for d in cursor.description]
    while rows := cursor.fetchmany(chunk):
        for row in rows:
            yield dict(zip(names, row, strict=True))


def event(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any]:
    rows = _dicts(con.execute("SELECT * FROM events WHERE id = ?", [event_id]))
    if not rows:
        raise NotFound(f"no event with id {event_id!r}")
    return rows[0]


def article(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any]:
    rows = _dicts(con.execute("SELECT * FROM articles WHERE id = ?", [article_id]))
    if not rows:
        raise NotFound(f"no article with id {article_id!r}")
    return rows[0]


def articles(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Articles without their text, in the order they were read."""
    return _dicts(
        con.execute(
            "SELECT a.id, a.title, a.date, a.date_source, a.url, a.source, a.origin_path, "
            "a.origin_locator, len(a.sentence_starts) AS sentences, "
            "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events "
            "FROM articles a ORDER BY a.origin_path, a.origin_locator"
        )
    )


def actors(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Actors with their aliases (mention texts), counts, and first and last seen dates."""
    return _dicts(
        con.execute(
            """
            SELECT a.id, a.name, a.code, a.country, a.sectors,
                   count(*) AS mentions,
                   count(DISTINCT m.article_id) AS articles,
                   list(DISTINCT m.text ORDER BY m.text)[:8] AS aliases,
                   min(ar.date) AS first_seen, max(ar.date) AS last_seen
            FROM actors a
            JOIN mentions m ON m.actor_id = a.id
            JOIN articles ar ON ar.id = m.article_id
            GROUP BY ALL
            ORDER BY mentions DESC, a.code, a.name
            """
        )
    )


def rejects(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return _dicts(con.execute("SELECT * FROM rejects ORDER BY path, locator"))


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    row = con.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM rejects), "
        "(SELECT count(*) FROM events), (SELECT count(*) FROM actors), "
        "(SELECT count(*) FROM mentions)"
    ).fetchone()
    assert row is not None
    return dict(zip(("articles", "rejects", "events", "actors", "mentions"), row, strict=True))


def runs(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return _dicts(con.execute("SELECT * FROM runs ORDER BY started_at"))


def export(con: duckdb.DuckDBPyConnection, f: EventFilter, fmt: str, out: Path) -> int:
    """Write matching events to ``out`` as JSONL, CSV or Parquet; return how many."""
    if fmt not in EXPORT_FORMATS:
        raise StoreError(
            f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    where, params = _where(f)
    options = {
        "jsonl": "FORMAT json",
        "csv": "FORMAT csv, HEADER true",
        "parquet": "FORMAT parquet",
    }
    target = str(out).replace("'", "''")
    con.execute(
        f"COPY (SELECT * FROM events{where}{_ORDER}) TO '{target}' ({options[fmt]})", params
    )
    row = con.execute("SELECT count(*) FROM events" + where, params).fetchone()
    return int(row[0]) if row else 0


# -- merged events (dyad.merge) --------------------------------------------------------------

# A merged event with the words of its representative mention, shaped like an events row
# so that EventFilter applies to it unchanged.
_MERGED = """
    SELECT m.*, m.first_article_id AS article_id, r.goldstein,
           r.source_text, r.source_name, r.target_text, r.target_name, r.predicate,
           r.sentence, r.sentence_start, r.predicate_start, r.negated, r.hypothetical,
           r.future, r.question, r.rule
    FROM merged_events m JOIN events r ON r.id = m.representative
"""


def merged_events(con: duckdb.DuckDBPyConnection, f: EventFilter) -> list[dict[str, Any]]:
    """Merged events matching the filter, oldest first, with their counts."""
    where, params = _where(f)
    if not f.include_inferred:
        where += (" AND " if where else " WHERE ") + "date_source <> 'inferred'"
    sql = f"SELECT * FROM ({_MERGED}){where}{_ORDER}"
    if f.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [f.limit, f.offset]
    return _dicts(con.execute(sql, params))


def merged_event(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any]:
    """One merged event, with ``mentions``: every report, its evidence, dates and link."""
    rows = _dicts(con.execute(f"SELECT * FROM ({_MERGED}) WHERE id = ?", [event_id]))
    if not rows:
        raise NotFound(f"no merged event with id {event_id!r}; list them with `dyad events`")
    event = rows[0]
    event["mentions"] = _dicts(
        con.execute(
            "SELECT e.*, l.event_id, l.joined_to, l.score, l.reason, l.duplicate_of, "
            "l.article_date, l.article_dated, l.event_date AS merge_date, "
            "l.date_precision AS merge_precision, l.date_source AS merge_date_source, "
            "l.earliest, l.latest, l.background, a.title, a.source AS publisher_field, "
            "d.reason AS date_reason, d.confidence AS date_confidence "
            "FROM event_links l JOIN events e ON e.id = l.mention_id "
            "JOIN articles a ON a.id = e.article_id "
            "LEFT JOIN article_dates d ON d.article_id = e.article_id "
            "WHERE l.event_id = ? ORDER BY l.article_date NULLS LAST, e.article_id, "
            "e.sentence_start, e.predicate_start",
            [event_id],
        )
    )
    return event


def mention_rows(con: duckdb.DuckDBPyConnection, blocks: list[str]) -> list[dict[str, Any]]:
    """Stored mentions of these blocks, ready for ``dyad.merge.mention_from_row``.

    Each row is an ``events`` row joined with its ``event_links`` row (the dates the
    merge used, the publisher, the near-duplicate mark, and ``event_id``, the merged
    event it was in), so a re-merge can keep event ids.
    """
    return _dicts(
        con.execute(
            "SELECT e.id, e.article_id, e.plover_type, e.cameo, e.quadclass, "
            "e.source_actor_id, e.source_code, e.target_actor_id, e.target_code, "
            "e.sentence, e.sentence_start, e.predicate_start, l.* EXCLUDE (mention_id) "
            "FROM event_links l JOIN events e ON e.id = l.mention_id "
            "WHERE l.block IN (SELECT UNNEST(?))",
            [blocks],
        )
    )


def anchor_rows(
    con: duckdb.DuckDBPyConnection, countries: str, plover_type: str, article_id: str
) -> list[dict[str, Any]]:
    """Dated mentions of other articles with this type and country pair ("CHN|VEN")."""
    return _dicts(
        con.execute(
            "SELECT e.id, e.article_id, e.plover_type, e.cameo, e.quadclass, "
            "e.source_actor_id, e.source_code, e.target_actor_id, e.target_code, "
            "e.sentence, e.sentence_start, e.predicate_start, l.* EXCLUDE (mention_id) "
            "FROM event_links l JOIN events e ON e.id = l.mention_id "
            "WHERE l.block LIKE ? AND e.plover_type = ? AND e.article_id <> ? "
            "AND l.article_dated = 'published' AND l.earliest IS NOT NULL AND NOT l.background "
            "LIMIT 500",
            [countries + "|%", plover_type, article_id],
        )
    )


def signatures(con: duckdb.DuckDBPyConnection, bands: list[str]) -> list[tuple[str, list[int]]]:
    """Articles sharing any of these LSH bands, with their signatures, oldest first."""
    rows = con.execute(
        "SELECT s.article_id, s.signature FROM article_signatures s "
        "JOIN articles a ON a.id = s.article_id "
        "WHERE s.article_id IN (SELECT article_id FROM article_bands WHERE band IN "
        "(SELECT UNNEST(?))) ORDER BY a.coded_at, s.article_id",
        [bands],
    ).fetchall()
    return [(r[0], list(r[1])) for r in rows]


def article_dates(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Published and inferred dates of these articles, by id."""
    rows = _dicts(
        con.execute(
            "SELECT a.id, a.date, d.earliest, d.latest, d.date AS inferred, d.confidence, "
            "d.reason FROM articles a LEFT JOIN article_dates d ON d.article_id = a.id "
            "WHERE a.id IN (SELECT UNNEST(?))",
            [ids],
        )
    )
    return {r["id"]: r for r in rows}


def undated_articles(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Articles without a published date, with their text, sentences and near-duplicate mark."""
    return _dicts(
        con.execute(
            "SELECT a.id, a.text, a.source, a.url, a.sentence_starts, a.sentence_ends, "
            "s.duplicate_of FROM articles a LEFT JOIN article_signatures s ON s.article_id = a.id "
            "WHERE a.date IS NULL ORDER BY a.coded_at, a.id"
        )
    )


def article_actor_spans(con: duckdb.DuckDBPyConnection, article_id: str) -> list[tuple]:
    """(start, end, actor id) of every actor mention in an article."""
    rows = con.execute(
        "SELECT start_char, end_char, actor_id FROM mentions WHERE article_id = ? "
        "ORDER BY start_char",
        [article_id],
    ).fetchall()
    return [tuple(r) for r in rows]


def actor_sentences(
    con: duckdb.DuckDBPyConnection, actor_id: str, article_id: str, limit: int = 50
) -> list[tuple[str, str]]:
    """(article id, sentence) of dated articles' sentences that mention this actor."""
    rows = con.execute(
        "SELECT a.id, a.text, a.sentence_starts, a.sentence_ends, m.start_char "
        "FROM mentions m JOIN articles a ON a.id = m.article_id "
        "WHERE m.actor_id = ? AND a.id <> ? AND a.date IS NOT NULL "
        "ORDER BY a.date DESC, a.id, m.start_char LIMIT ?",
        [actor_id, article_id, limit],
    ).fetchall()
    out = []
    for other, text, starts, ends, at in rows:
        for start, end in zip(starts, ends, strict=True):
            if start <= at < end:
                out.append((other, text[start:end]))
                break
    return list(dict.fromkeys(out))


def unmerged_events(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Events rows no merge has linked yet, with their article's date, source and url."""
    return _dicts(
        con.execute(
            "SELECT e.*, a.date AS article_date, a.source AS article_source, "
            "a.url AS article_url, s.duplicate_of FROM events e "
            "JOIN articles a ON a.id = e.article_id "
            "LEFT JOIN article_signatures s ON s.article_id = e.article_id "
            "WHERE NOT EXISTS (SELECT 1 FROM event_links l WHERE l.mention_id = e.id)"
        )
    )


def blocks_of(con: duckdb.DuckDBPyConnection, mention_ids: list[str]) -> list[str]:
    """The blocks these mentions are stored in."""
    rows = con.execute(
        "SELECT DISTINCT block FROM event_links WHERE mention_id IN (SELECT UNNEST(?))",
        [mention_ids],
    ).fetchall()
    return [r[0] for r in rows]


def merge_blocks(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every blocking key with stored mentions."""
    return [
        r[0] for r in con.execute("SELECT DISTINCT block FROM event_links ORDER BY 1").fetchall()
    ]


def merge_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """How many mentions, merged events, near-duplicate articles and inferred dates."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM event_links), (SELECT count(*) FROM merged_events), "
        "(SELECT count(*) FROM article_signatures WHERE duplicate_of IS NOT NULL), "
        "(SELECT count(*) FROM article_dates)"
    ).fetchone()
    assert row is not None
    keys = ("mentions", "events", "duplicate_articles", "inferred_dates")
    return dict(zip(keys, row, strict=True))


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
