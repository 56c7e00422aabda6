"""Reads from the store: events, actors, articles, rejects, summaries and exports.

Every value from a caller travels as a query parameter; nothing is pasted into SQL
except file paths for COPY, which DuckDB cannot bind and which are quoted here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from dyad.errors import NotFound, StoreError
from dyad.records import Actor, Learned

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


def events_by_article(
    con: duckdb.DuckDBPyConnection, article_ids: list[str]
) -> dict[str, list[dict[str, Any]]]:
    """All events of each of these articles (factual or not), each article's in the order
    ``events`` gives them, in one query."""
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in article_ids}
    sql = "SELECT * FROM events WHERE article_id IN (SELECT UNNEST(?))" + _ORDER
    for row in _dicts(con.execute(sql, [article_ids])):
        out[row["article_id"]].append(row)
    return out


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
            "SELECT a.id, a.title, a.date, a.date_source, a.date_flag, a.date_given, "
            "a.url, a.source, a.origin_path, "
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
            ORDER BY mentions DESC, a.code, a.name, a.id
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
            "ORDER BY name_key, article_date NULLS LAST, article_id, start_char",
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
            "l.earliest, l.latest, l.background, a.title, a.url AS article_url, "
            "a.source AS publisher_field, "
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


ANCHOR_CANDIDATES = 500


def anchor_rows(
    con: duckdb.DuckDBPyConnection, countries: str, plover_type: str
) -> list[dict[str, Any]]:
    """Mentions with a published date, this type and country pair ("CHN|VEN"), the oldest
    ``ANCHOR_CANDIDATES``."""
    return anchor_rows_of(con, [(countries, plover_type)])[(countries, plover_type)]


def anchor_rows_of(
    con: duckdb.DuckDBPyConnection, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """``anchor_rows`` for many (country pair, PLOVER type) keys, in one query."""
    out: dict[tuple[str, str], list[dict[str, Any]]] = {k: [] for k in keys}
    if not keys:
        return out
    rows = con.execute(
        "SELECT * EXCLUDE (n) FROM ("
        "SELECT e.id, e.article_id, e.plover_type, e.cameo, e.quadclass, "
        "e.source_actor_id, e.source_code, e.target_actor_id, e.target_code, "
        "e.sentence, e.sentence_start, e.predicate_start, l.* EXCLUDE (mention_id), "
        "k.pair AS anchor_pair, row_number() OVER "
        "(PARTITION BY k.pair, e.plover_type ORDER BY l.earliest, e.id) AS n "
        "FROM event_links l JOIN events e ON e.id = l.mention_id "
        "JOIN (SELECT UNNEST(?) AS pair, UNNEST(?) AS plover_type) k "
        # a block is "<country>|<country>|<bucket>": its pair is what precedes the bucket
        "ON split_part(l.block, '|', 1) || '|' || split_part(l.block, '|', 2) = k.pair "
        "AND e.plover_type = k.plover_type "
        "WHERE l.article_dated = 'published' AND l.earliest IS NOT NULL "
        "AND NOT l.background"
        ") WHERE n <= ? ORDER BY anchor_pair, plover_type, earliest, id",
        [[k[0] for k in keys], [k[1] for k in keys], ANCHOR_CANDIDATES],
    )
    for row in _dicts(rows):
        out[(row.pop("anchor_pair"), row["plover_type"])].append(row)
    return out


def signatures(
    con: duckdb.DuckDBPyConnection, bands: list[str]
) -> list[tuple[str, list[int], set[str]]]:
    """Articles sharing any of these LSH bands, with their signatures and the bands they
    share, oldest first (one query for a whole batch of articles)."""
    rows = con.execute(
        "SELECT s.article_id, s.signature, list(b.band) FROM article_signatures s "
        "JOIN articles a ON a.id = s.article_id "
        "JOIN article_bands b ON b.article_id = s.article_id "
        "WHERE b.band IN (SELECT UNNEST(?)) "
        "GROUP BY s.article_id, s.signature, a.coded_at ORDER BY a.coded_at, s.article_id",
        [bands],
    ).fetchall()
    return [(r[0], list(r[1]), set(r[2])) for r in rows]


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


def undated_articles(
    con: duckdb.DuckDBPyConnection, ids: list[str] | None = None
) -> list[dict[str, Any]]:
    """Articles without a published date (those of ``ids``, if given), with their text,
    sentences and near-duplicate mark."""
    only = "" if ids is None else "AND a.id IN (SELECT UNNEST(?)) "
    return _dicts(
        con.execute(
            "SELECT a.id, a.text, a.source, a.url, a.sentence_starts, a.sentence_ends, "
            "s.duplicate_of FROM articles a LEFT JOIN article_signatures s ON s.article_id = a.id "
            f"WHERE a.date IS NULL {only}ORDER BY a.coded_at, a.id",
            [] if ids is None else [ids],
        )
    )


def cut_short_before(con: duckdb.DuckDBPyConnection, run_id: str) -> bool:
    """Whether the run started before this one did not finish (killed, stopped, failed)."""
    row = con.execute(
        "SELECT status FROM runs WHERE id != ? ORDER BY started_at DESC, id LIMIT 1", [run_id]
    ).fetchone()
    return row is not None and row[0] != "done"


def undated_clues(
    con: duckdb.DuckDBPyConnection,
) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str]]]:
    """What could date each article without a published date: (article id, source code,
    target code, PLOVER type) of its events, and (article id, person id) of the people
    it mentions."""
    events = con.execute(
        "SELECT e.article_id, coalesce(e.source_code, ''), coalesce(e.target_code, ''), "
        "e.plover_type FROM events e JOIN articles a ON a.id = e.article_id "
        "WHERE a.date IS NULL"
    ).fetchall()
    people = con.execute(
        "SELECT DISTINCT m.article_id, m.actor_id FROM mentions m "
        "JOIN articles a ON a.id = m.article_id "
        "WHERE a.date IS NULL AND m.actor_id LIKE 'person:%'"
    ).fetchall()
    return events, people


def actor_spans_by_article(
    con: duckdb.DuckDBPyConnection, article_ids: list[str]
) -> dict[str, list[tuple]]:
    """(start, end, actor id) of every actor mention in each of these articles, in text
    order, in one query."""
    out: dict[str, list[tuple]] = {i: [] for i in article_ids}
    rows = con.execute(
        "SELECT article_id, start_char, end_char, actor_id FROM mentions "
        "WHERE article_id IN (SELECT UNNEST(?)) ORDER BY article_id, start_char, end_char",
        [article_ids],
    ).fetchall()
    for article_id, *span in rows:
        out[article_id].append(tuple(span))
    return out


def actor_sentences(
    con: duckdb.DuckDBPyConnection, actor_id: str, limit: int = 50
) -> list[tuple[str, str]]:
    """(article id, sentence) of dated articles' sentences that mention this actor, newest
    first."""
    rows = con.execute(
        "SELECT a.id, a.text, a.sentence_starts, a.sentence_ends, m.start_char "
        "FROM mentions m JOIN articles a ON a.id = m.article_id "
        "WHERE m.actor_id = ? AND a.date IS NOT NULL "
        "ORDER BY a.date DESC, a.id, m.start_char LIMIT ?",
        [actor_id, limit],
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
    """How many mentions, merged events, near-duplicate articles and inferred dates, and
    how many mentions wait to be merged (``unmerged``: left by a run cut short)."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM event_links), (SELECT count(*) FROM merged_events), "
        "(SELECT count(*) FROM article_signatures WHERE duplicate_of IS NOT NULL), "
        "(SELECT count(*) FROM article_dates), (SELECT count(*) FROM events e "
        "WHERE NOT EXISTS (SELECT 1 FROM event_links l WHERE l.mention_id = e.id))"
    ).fetchone()
    assert row is not None
    keys = ("mentions", "events", "duplicate_articles", "inferred_dates", "unmerged")
    return dict(zip(keys, row, strict=True))


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# --- Browsing: the queries behind `dyad serve`, its pages and its JSON API alike. ---
# Every aggregate is computed in DuckDB and every list is paged, so a store of a
# million events never travels whole to Python (or to a browser).

SORTS = {
    "date": "event_date",
    "type": "plover_type",
    "cameo": "cameo",
    "quadclass": "quadclass",
    "goldstein": "goldstein",
    "source": "source_code",
    "target": "target_code",
}
INTERVALS = ("day", "week", "month", "year")
SERIES = ("quadclass", "type", "none")
SELECTION_FORMATS = ("csv", "jsonl", "parquet", "polecat", "gdelt")
NETWORK_FORMATS = ("gexf", "graphml")


@dataclass(frozen=True)
class Selection:
    """Which events a page, an API call or a download is about.

    Attributes:
        actor: either side: an actor id ("person:nicolas-maduro"), a code matched by
            prefix ("VEN" finds VENGOV and VENOPP) or a case-insensitive part of a name.
        source, target: one side only, by exact actor id (a dyad or a network edge
            is ``source`` + ``target``).
        country: an ISO 3166-1 alpha-3 code (or IGO/NGO) of either side's actor.
        type: a PLOVER type ("SANCTION") or a CAMEO code prefix ("16").
        quadclass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
            4 material conflict.
        since, until: inclusive event-date bounds.
        q: words that the evidence sentence contains (case-insensitive).
        article_id: only events of this article.
        include_nonfactual: also negated, hypothetical and question events.
        reports: every report (a row of ``events``) instead of merged events (one per
            happening, with ``n_mentions``, ``n_articles`` and ``n_sources``; its coding
            from its representative report, its evidence from its first report).
    """

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    country: str | None = None
    type: str | None = None
    quadclass: int | None = None
    since: date | None = None
    until: date | None = None
    q: str | None = None
    article_id: str | None = None
    include_nonfactual: bool = False
    reports: bool = False


# A merged event shaped like an ``events`` row, so a Selection applies to either alike:
# the coding of its representative report, the evidence (sentence, offsets, article) of
# its first report, and its counts. Unsaid actors are NULL, as in ``events``.
HAPPENINGS = """
    SELECT m.id, m.plover_type, r.plover_mode, r.plover_context, m.cameo,
           left(m.cameo, 2) AS cameo_root, m.quadclass, r.goldstein,
           {f_sides},
           nullif(m.source_actor_id, '') AS source_actor_id, r.source_name,
           nullif(m.source_code, '') AS source_code, r.source_country, r.source_sectors,
           nullif(m.target_actor_id, '') AS target_actor_id, r.target_name,
           nullif(m.target_code, '') AS target_code, r.target_country, r.target_sectors,
           m.event_date, m.date_precision, m.date_source,
           f.location_name, f.location_country, f.location_start, f.location_end,
           r.negated, r.hypothetical, r.future, r.question,
           f.sentence, f.sentence_start, f.sentence_end,
           f.predicate, f.predicate_start, f.predicate_end, r.rule,
           f.article_id, f.id AS first_mention_id, m.representative,
           m.earliest, m.latest, m.background,
           m.n_mentions, m.n_articles, m.n_sources, m.n_duplicates,
           m.first_reported, m.first_article_id
    FROM merged_events m
    JOIN event_links fl ON fl.event_id = m.id AND fl.joined_to IS NULL
    JOIN events f ON f.id = fl.mention_id
    JOIN events r ON r.id = m.representative
"""
# The first report's actor spans, swapped when it tells a symmetric event (CONSULT, AGREE,
# COOPERATE) the other way round from the merged event, so spans and names agree.
_FLIPPED = (
    "(coalesce(f.source_actor_id, '') <> m.source_actor_id "
    "AND coalesce(f.source_actor_id, '') = m.target_actor_id)"
)
HAPPENINGS = HAPPENINGS.replace(
    "{f_sides}",
    ", ".join(
        f"CASE WHEN {_FLIPPED} THEN f.{other}_{part} ELSE f.{side}_{part} END AS {side}_{part}"
        for side, other in (("source", "target"), ("target", "source"))
        for part in ("text", "start", "end")
    ),
)


_MERGED_H = f"({HAPPENINGS}) h"


def relation(s: Selection) -> str:
    """What a selection reads: the reports, or the merged events (aliased ``h``)."""
    return "events h" if s.reports else _MERGED_H


def _side_match(side: str, value: str) -> tuple[str, list[Any]]:
    if _CODE.fullmatch(value):
        return f"({side}_actor_id = ? OR starts_with({side}_code, ?))", [value, value]
    return (
        f"({side}_actor_id = ? OR contains(lower({side}_name), ?) "
        f"OR contains(lower({side}_text), ?))",
        [value, value.lower(), value.lower()],
    )


def _selection_where(s: Selection) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if s.actor:
        src, p1 = _side_match("source", s.actor)
        tgt, p2 = _side_match("target", s.actor)
        clauses.append(f"({src} OR {tgt})")
        params += p1 + p2
    for side, value in (("source", s.source), ("target", s.target)):
        if value:
            clauses.append(f"{side}_actor_id = ?")
            params.append(value)
    if s.country:
        clauses.append("(source_country = ? OR target_country = ?)")
        params += [s.country.upper()] * 2
    if s.type:
        clauses.append("(plover_type = ? OR starts_with(cameo, ?))")
        params += [s.type.upper(), s.type]
    if s.quadclass is not None:
        clauses.append("quadclass = ?")
        params.append(s.quadclass)
    if s.since:
        clauses.append("event_date >= ?")
        params.append(s.since)
    if s.until:
        clauses.append("event_date <= ?")
        params.append(s.until)
    if s.q:
        clauses.append("contains(lower(sentence), ?)")
        params.append(s.q.lower())
    if s.article_id and s.reports:
        clauses.append("article_id = ?")
        params.append(s.article_id)
    elif s.article_id:  # a merged event with any report in the article
        clauses.append(
            "EXISTS (SELECT 1 FROM event_links l JOIN events e ON e.id = l.mention_id "
            "WHERE l.event_id = h.id AND e.article_id = ?)"
        )
        params.append(s.article_id)
    if not s.include_nonfactual:
        clauses.append("NOT (negated OR hypothetical OR question)")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def count_selection(con: duckdb.DuckDBPyConnection, s: Selection) -> int:
    where, params = _selection_where(s)
    row = con.execute(f"SELECT count(*) FROM {relation(s)}" + where, params).fetchone()
    return int(row[0]) if row else 0


def select_events(
    con: duckdb.DuckDBPyConnection,
    s: Selection,
    *,
    sort: str = "date",
    descending: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """One page of the selected events, sorted by a ``SORTS`` key (ties: oldest first)."""
    if sort not in SORTS:
        raise StoreError(f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}")
    where, params = _selection_where(s)
    direction = "DESC" if descending else "ASC"
    order = f" ORDER BY {SORTS[sort]} {direction} NULLS LAST, " + _ORDER.removeprefix(" ORDER BY ")
    # Sort the keys alone, then fetch the page's full rows: a deep page then costs a
    # sort of a few columns, not of every column of every matching event.
    sql = f"SELECT id FROM {relation(s)}" + where + order + " LIMIT ? OFFSET ?"
    ids = [row[0] for row in con.execute(sql, [*params, limit, offset]).fetchall()]
    if not ids:
        return []
    rows = _dicts(con.execute(f"SELECT * FROM {relation(s)} WHERE id IN (SELECT UNNEST(?))", [ids]))
    position = {event_id: i for i, event_id in enumerate(ids)}
    return sorted(rows, key=lambda row: position[row["id"]])


def overview(con: duckdb.DuckDBPyConnection, *, top: int = 10) -> dict[str, Any]:
    """Counts, the date span, the most active dyads and the latest events."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM merged_events), "
        "(SELECT count(*) FROM actors), (SELECT count(*) FROM rejects), "
        "min(event_date), max(event_date), (SELECT count(*) FROM events) FROM merged_events"
    ).fetchone()
    assert row is not None
    return {
        "articles": row[0],
        "events": row[1],
        "reports": row[6],
        "actors": row[2],
        "rejects": row[3],
        "first_date": row[4],
        "last_date": row[5],
        "top_dyads": dyads(con, Selection(), limit=top),
        "latest_events": select_events(con, Selection(), descending=True, limit=top),
    }


_DYAD_COLUMNS = """
    source_actor_id, any_value(source_name) AS source_name,
    any_value(source_code) AS source_code,
    target_actor_id, any_value(target_name) AS target_name,
    any_value(target_code) AS target_code,
    count(*) AS events,
    count(*) FILTER (WHERE quadclass <= 2) AS cooperation,
    count(*) FILTER (WHERE quadclass >= 3) AS conflict,
    round(avg(goldstein), 2) AS goldstein_mean,
    min(event_date) AS first_date, max(event_date) AS last_date
"""


def _with_both_sides(where: str) -> str:
    both = "source_actor_id IS NOT NULL AND target_actor_id IS NOT NULL"
    return f"{where} AND {both}" if where else f" WHERE {both}"


def dyads(
    con: duckdb.DuckDBPyConnection, s: Selection, *, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Source -> target pairs of the selection, most events first."""
    where, params = _selection_where(s)
    sql = (
        f"SELECT {_DYAD_COLUMNS} FROM {relation(s)}{_with_both_sides(where)} "
        "GROUP BY source_actor_id, target_actor_id "
        "ORDER BY events DESC, source_actor_id, target_actor_id LIMIT ? OFFSET ?"
    )
    return _dicts(con.execute(sql, [*params, limit, offset]))


def count_dyads(con: duckdb.DuckDBPyConnection, s: Selection) -> int:
    where, params = _selection_where(s)
    sql = (
        "SELECT count(*) FROM (SELECT DISTINCT source_actor_id, target_actor_id "
        f"FROM {relation(s)}{_with_both_sides(where)})"
    )
    row = con.execute(sql, params).fetchone()
    return int(row[0]) if row else 0


def network(
    con: duckdb.DuckDBPyConnection, s: Selection, *, max_edges: int | None = 200
) -> dict[str, Any]:
    """Actors as nodes and dyads as edges (event counts, cooperation vs conflict).

    Only the ``max_edges`` heaviest edges are kept (None: all); ``total_edges`` says
    how many the selection has.
    """
    edges = dyads(con, s, limit=max_edges if max_edges is not None else 2**62)
    nodes: dict[str, dict[str, Any]] = {}
    for e in edges:
        for side, role in (("source", "given"), ("target", "received")):
            key = e[f"{side}_actor_id"]
            node = nodes.setdefault(
                key,
                {
                    "id": key,
                    "name": e[f"{side}_name"],
                    "code": e[f"{side}_code"],
                    "given": 0,
                    "received": 0,
                },
            )
            node[role] += e["events"]
    return {
        "nodes": sorted(nodes.values(), key=lambda n: (-(n["given"] + n["received"]), n["id"])),
        "edges": edges,
        "total_edges": count_dyads(con, s),
    }


_PERIOD = {
    "day": "event_date",
    "week": "CAST(date_trunc('week', event_date) AS DATE)",
    "month": "CAST(date_trunc('month', event_date) AS DATE)",
    "year": "CAST(date_trunc('year', event_date) AS DATE)",
}
_SERIES_COLUMN = {"quadclass": "CAST(quadclass AS VARCHAR)", "type": "plover_type", "none": "'all'"}


def timeline(
    con: duckdb.DuckDBPyConnection, s: Selection, *, interval: str = "month", by: str = "quadclass"
) -> dict[str, Any]:
    """Events per period (``INTERVALS``) and series (``SERIES``) for a selection.

    Returns ``{"points": [{period, series, events}], "undated": n}``; periods with no
    events are left out.
    """
    if interval not in INTERVALS:
        raise StoreError(f"unknown interval {interval!r}; choose one of {', '.join(INTERVALS)}")
    if by not in SERIES:
        raise StoreError(f"unknown series {by!r}; choose one of {', '.join(SERIES)}")
    where, params = _selection_where(s)
    dated = f"{where} AND event_date IS NOT NULL" if where else " WHERE event_date IS NOT NULL"
    sql = (
        f"SELECT {_PERIOD[interval]} AS period, {_SERIES_COLUMN[by]} AS series, "
        f"count(*) AS events FROM {relation(s)}{dated} GROUP BY ALL ORDER BY period, series"
    )
    points = _dicts(con.execute(sql, params))
    undated = f"{where} AND event_date IS NULL" if where else " WHERE event_date IS NULL"
    row = con.execute(f"SELECT count(*) FROM {relation(s)}" + undated, params).fetchone()
    return {"points": points, "undated": int(row[0]) if row else 0}


def browse_actors(
    con: duckdb.DuckDBPyConnection, *, q: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """A page of actors (most mentioned first) whose name, id or code contains ``q``."""
    where, params = "", []
    if q:
        where = (
            " WHERE contains(lower(a.name), ?) OR contains(lower(a.id), ?) "
            "OR starts_with(a.code, ?)"
        )
        params = [q.lower(), q.lower(), q.upper()]
    total = con.execute("SELECT count(*) FROM actors a" + where, params).fetchone()
    rows = _dicts(
        con.execute(
            f"""
            WITH page AS (
                SELECT a.*, (SELECT count(*) FROM mentions m WHERE m.actor_id = a.id) AS mentions
                FROM actors a{where}
                ORDER BY mentions DESC, a.code, a.id LIMIT ? OFFSET ?
            )
            SELECT page.*,
                (SELECT count(*) FROM merged_events e WHERE e.source_actor_id = page.id) AS given,
                (SELECT count(*) FROM merged_events e WHERE e.target_actor_id = page.id) AS received
            FROM page ORDER BY mentions DESC, code, id
            """,
            [*params, limit, offset],
        )
    )
    return rows, int(total[0]) if total else 0


def actor_profile(
    con: duckdb.DuckDBPyConnection, actor_id: str, *, partners: int = 10
) -> dict[str, Any]:
    """An actor: codes, aliases and how each was resolved, merged events given and
    received per month, and the main partners split by cooperation and conflict.

    Raises:
        NotFound: no actor has this id.
    """
    rows = _dicts(con.execute("SELECT * FROM actors WHERE id = ?", [actor_id]))
    if not rows:
        raise NotFound(f"no actor with id {actor_id!r}")
    profile = rows[0]
    profile["aliases"] = _dicts(
        con.execute(
            "SELECT text, rule, count(*) AS mentions, round(avg(confidence), 2) AS confidence "
            "FROM mentions WHERE actor_id = ? GROUP BY text, rule "
            "ORDER BY mentions DESC, text, rule LIMIT 100",
            [actor_id],
        )
    )
    counts = con.execute(
        "SELECT count(*) FILTER (WHERE source_actor_id = $1), "
        "count(*) FILTER (WHERE target_actor_id = $1) FROM " + _MERGED_H + " "
        "WHERE (source_actor_id = $1 OR target_actor_id = $1) "
        "AND NOT (negated OR hypothetical OR question)",
        [actor_id],
    ).fetchone()
    assert counts is not None
    profile["given"], profile["received"] = counts
    profile["timeline"] = _dicts(
        con.execute(
            "SELECT CAST(date_trunc('month', event_date) AS DATE) AS period, "
            "count(*) FILTER (WHERE source_actor_id = $1) AS given, "
            "count(*) FILTER (WHERE target_actor_id = $1) AS received "
            "FROM " + _MERGED_H + " WHERE (source_actor_id = $1 OR target_actor_id = $1) "
            "AND event_date IS NOT NULL AND NOT (negated OR hypothetical OR question) "
            "GROUP BY period ORDER BY period",
            [actor_id],
        )
    )
    for kind, test in (("cooperation", "quadclass <= 2"), ("conflict", "quadclass >= 3")):
        profile[kind] = _dicts(
            con.execute(
                f"""
                SELECT partner_id, any_value(partner_name) AS partner_name,
                       any_value(partner_code) AS partner_code, count(*) AS events,
                       count(*) FILTER (WHERE given) AS given,
                       count(*) FILTER (WHERE NOT given) AS received
                FROM (
                    SELECT target_actor_id AS partner_id, target_name AS partner_name,
                           target_code AS partner_code, true AS given
                    FROM {_MERGED_H} WHERE source_actor_id = $1 AND {test}
                        AND NOT (negated OR hypothetical OR question)
                    UNION ALL
                    SELECT source_actor_id, source_name, source_code, false
                    FROM {_MERGED_H} WHERE target_actor_id = $1 AND {test}
                        AND NOT (negated OR hypothetical OR question)
                )
                WHERE partner_id IS NOT NULL AND partner_id <> $1
                GROUP BY partner_id ORDER BY events DESC, partner_id LIMIT $2
                """,
                [actor_id, partners],
            )
        )
    return profile


def evidence(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any]:
    """An article with its text, its actor mentions and its events (all of them).

    Raises:
        NotFound: no article has this id.
    """
    found = article(con, article_id)
    found["mentions"] = _dicts(
        con.execute(
            "SELECT m.start_char, m.end_char, m.text, m.actor_id, m.code, m.confidence, m.rule, "
            "a.name FROM mentions m LEFT JOIN actors a ON a.id = m.actor_id "
            "WHERE m.article_id = ? ORDER BY m.start_char, m.end_char",
            [article_id],
        )
    )
    found["events"] = _dicts(
        con.execute(
            "SELECT * FROM events WHERE article_id = ? "
            "ORDER BY sentence_start, predicate_start, id",
            [article_id],
        )
    )
    return found
