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
from dyad.records import Actor, Learned

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
    """

    actor: str | None = None
    type: str | None = None
    since: date | None = None
    until: date | None = None
    article_id: str | None = None
    include_nonfactual: bool = False
    limit: int | None = None
    offset: int = 0


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
                   list(DISTINCT m.code ORDER BY m.code) AS codes,
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


def learned(con: duckdb.DuckDBPyConnection) -> list[Learned]:
    """Every role learned from stored articles, oldest article first."""
    rows = con.execute(
        "SELECT name_key, actor_id, name, country, sectors, confidence, rule, article_id, "
        "article_date, evidence, start_char, end_char FROM learned_actors "
        "ORDER BY article_date NULLS LAST, article_id, start_char"
    ).fetchall()
    return [
        Learned(key, Actor(aid, name, country, tuple(sectors), conf, rule), art, when, ev, s, e)
        for key, aid, name, country, sectors, conf, rule, art, when, ev, s, e in rows
    ]


def learned_rows(
    con: duckdb.DuckDBPyConnection, name_key: str | None = None
) -> list[dict[str, Any]]:
    """Learned roles as rows (for ``dyad learned``), optionally for one normalised name."""
    where, params = ("WHERE name_key = ?", [name_key]) if name_key else ("", [])
    return _dicts(
        con.execute(
            "SELECT name_key, code, name, rule, evidence, article_id, article_date, "
            f"start_char, end_char FROM learned_actors {where} "
            "ORDER BY name_key, article_date NULLS LAST",
            params,
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


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
