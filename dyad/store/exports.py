"""Downloads of a selection: the events table, POLECAT-style JSONL, a GDELT-style table.

A selection of merged events (the default) writes one record per happening: GDELT's
``NumMentions``/``NumArticles``/``NumSources`` are its counts, and its evidence (sentence,
``SOURCEURL``) is its first report's; POLECAT records list its mention and article ids.
A selection with ``reports=True`` writes one record per report, each counted once.
The CLI (``dyad export``) and the HTTP API (``/api/export``) both call ``export_selection``,
so the two give the same file for the same selection.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dyad.errors import StoreError
from dyad.store.query import (
    _ORDER,
    SELECTION_FORMATS,
    Selection,
    _selection_where,
    count_selection,
    relation,
)

# Lists of a merged event's reports and their articles, in reading order.
_REPORT_LISTS = """
    SELECT l.event_id, list(e.id ORDER BY l.article_date NULLS LAST, e.article_id,
                            e.sentence_start, e.predicate_start, e.id) AS mention_ids,
           list(DISTINCT e.article_id ORDER BY e.article_id) AS article_ids
    FROM event_links l JOIN events e ON e.id = l.mention_id GROUP BY l.event_id
"""


def _polecat(merged: bool) -> str:
    lists = (
        "lists.mention_ids, lists.article_ids,"
        if merged
        else "[e.id] AS mention_ids, [e.article_id] AS article_ids,"
    )
    counts = (
        "e.n_mentions, e.n_articles, e.n_sources, e.n_duplicates,"
        if merged
        else "1 AS n_mentions, 1 AS n_articles, 1 AS n_sources, 0 AS n_duplicates,"
    )
    joins = f" JOIN ({_REPORT_LISTS}) lists ON lists.event_id = e.id" if merged else ""
    return f"""
    SELECT e.id AS event_id, e.event_date, a.date AS story_date,
           e.plover_type AS event_type, e.plover_mode AS event_mode,
           CASE WHEN e.plover_context = '' THEN []::VARCHAR[]
                ELSE string_split(e.plover_context, '|') END AS event_context,
           e.quadclass AS quad_code, e.goldstein AS intensity,
           CASE WHEN e.source_text IS NULL THEN []
                ELSE [{{'text': e.source_text, 'name': e.source_name, 'code': e.source_code,
                       'country': e.source_country, 'sector': e.source_sectors}}] END AS actor,
           CASE WHEN e.target_text IS NULL THEN []
                ELSE [{{'text': e.target_text, 'name': e.target_name, 'code': e.target_code,
                       'country': e.target_country, 'sector': e.target_sectors}}] END AS recipient,
           e.location_name AS placename, e.location_country AS country,
           e.cameo, {counts} {lists}
           e.sentence AS evidence, e.article_id, a.url AS source_url, a.source AS publisher
    FROM {{rows}} e JOIN articles a ON a.id = e.article_id{joins}
    """


def _gdelt(merged: bool) -> str:
    """GDELT 2.0 event-table names for what Dyad knows; a report counts once."""
    counts = (
        "e.n_mentions AS NumMentions, e.n_sources AS NumSources, e.n_articles AS NumArticles"
        if merged
        else "1 AS NumMentions, 1 AS NumSources, 1 AS NumArticles"
    )
    return f"""
    SELECT e.id AS GLOBALEVENTID,
           CAST(strftime(e.event_date, '%Y%m%d') AS INTEGER) AS SQLDATE,
           CAST(strftime(e.event_date, '%Y%m') AS INTEGER) AS MonthYear,
           year(e.event_date) AS Year,
           e.source_code AS Actor1Code, e.source_name AS Actor1Name,
           e.source_country AS Actor1CountryCode,
           nullif(left(e.source_sectors, 3), '') AS Actor1Type1Code,
           e.target_code AS Actor2Code, e.target_name AS Actor2Name,
           e.target_country AS Actor2CountryCode,
           nullif(left(e.target_sectors, 3), '') AS Actor2Type1Code,
           1 AS IsRootEvent, e.cameo AS EventCode, left(e.cameo, 3) AS EventBaseCode,
           e.cameo_root AS EventRootCode, e.quadclass AS QuadClass,
           e.goldstein AS GoldsteinScale, {counts},
           e.location_name AS ActionGeo_FullName, e.location_country AS ActionGeo_CountryCode,
           CAST(strftime(a.coded_at, '%Y%m%d%H%M%S') AS BIGINT) AS DATEADDED,
           a.url AS SOURCEURL,
           e.plover_type AS PloverType,
           regexp_replace(e.sentence, '\\s+', ' ', 'g') AS Evidence, e.article_id AS ArticleId
    FROM {{rows}} e JOIN articles a ON a.id = e.article_id
    """


_OPTIONS = {
    "csv": "FORMAT csv, HEADER true",
    "jsonl": "FORMAT json",
    "parquet": "FORMAT parquet",
    "polecat": "FORMAT json",
    "gdelt": "FORMAT csv, HEADER true, DELIMITER '\t'",
}


def export_selection(con: duckdb.DuckDBPyConnection, s: Selection, fmt: str, out: Path) -> int:
    """Write the selection to ``out`` in a ``SELECTION_FORMATS`` format; return how many.

    ``csv``/``jsonl``/``parquet`` hold the rows as ``select_events`` gives them;
    ``polecat`` is PLOVER/POLECAT-style JSONL (actor and recipient as lists of
    text/code/sector); ``gdelt`` is a tab-separated CAMEO table with GDELT's column names.
    """
    if fmt not in SELECTION_FORMATS:
        raise StoreError(
            f"unknown export format {fmt!r}; choose one of {', '.join(SELECTION_FORMATS)}"
        )
    where, params = _selection_where(s)
    rows = f"(SELECT * FROM {relation(s)}{where})"
    order = " ORDER BY e.event_date NULLS LAST, e.article_id, e.sentence_start, e.id"
    merged = not s.reports
    if fmt == "polecat":
        query = _polecat(merged).replace("{rows}", rows) + order
    elif fmt == "gdelt":
        query = _gdelt(merged).replace("{rows}", rows) + order
    else:
        query = f"SELECT * FROM {rows}{_ORDER}"
    target = str(out).replace("'", "''")
    con.execute(f"COPY ({query}) TO '{target}' ({_OPTIONS[fmt]})", params)
    return count_selection(con, s)
