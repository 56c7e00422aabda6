"""A Parquet store: the store's tables as partitioned Parquet files, and loading them back.

    OUT/
      _dyad_run.json                         what run wrote it (inputs, settings, versions, counts)
      events/year=2024/month=7/part-<k>.parquet     by the event's date
      articles/year=2024/month=7/part-<k>.parquet   by the article's date
      mentions/year=2024/month=7/part-<k>.parquet   by their article's date
      rejects/year=0/month=0/part-<k>.parquet       rejects have no date
      actors/part-<k>.parquet
      merged_events/year=2024/month=7/...           the merge's events, by their date
      event_links/year=2024/month=7/...             which merged event each mention is in
      article_signatures/ article_bands/ article_dates/   near-duplicates, inferred dates
      _merge_input/ _merge_articles/ _merge_people/       what the merge step groups
                                                          (dyad.engine.raymerge; not imported)

``year=0/month=0`` holds what has no date: an integer rather than a null partition,
because pandas and Spark cannot yet read a null partition beside dated ones.

The columns are exactly the DuckDB store's (read from its migrations), so
``dyad import`` is a plain ``INSERT OR IGNORE ... SELECT`` and DuckDB, pandas or Spark
read the folder directly. Each part is named by a content hash of what it holds, so a
retried batch rewrites its own files and never adds a copy.

pyarrow comes with the ``ray`` extra; it is imported only here.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from dyad.errors import StoreError
from dyad.records import content_id
from dyad.store.schema import migrations

TABLES = (
    "articles",
    "actors",
    "mentions",
    "events",
    "learned_actors",
    "rejects",
    "merged_events",
    "event_links",
    "article_signatures",
    "article_bands",
    "article_dates",
)
# What the coding workers write for the merge step (dyad.engine.raymerge), not imported.
MERGE_INPUT = "_merge_input"
MERGE_ARTICLES = "_merge_articles"
MERGE_PEOPLE = "_merge_people"
INTERNAL = (MERGE_INPUT, MERGE_ARTICLES, MERGE_PEOPLE)
MANIFEST = "_dyad_run.json"
# What dyad.merge.mention_from_row reads: an events row joined with its event_links row,
# the shape of dyad.store.query.mention_rows.
_MERGE_INPUT_SQL = (
    "SELECT e.id, e.article_id, e.plover_type, e.cameo, e.quadclass, "
    "e.source_actor_id, e.source_code, e.target_actor_id, e.target_code, "
    "e.sentence, e.sentence_start, e.predicate_start, l.* EXCLUDE (mention_id) "
    "FROM event_links l JOIN events e ON e.id = l.mention_id LIMIT 0"
)
_INTERNAL_SQL = {
    MERGE_INPUT: _MERGE_INPUT_SQL,
    MERGE_ARTICLES: (
        "SELECT ''::VARCHAR AS article_id, 0::BIGINT AS ordinal, NULL::DATE AS date, "
        "[]::UBIGINT[] AS signature, []::VARCHAR[] AS bands, NULL::VARCHAR AS text, "
        "[]::INTEGER[] AS sentence_starts, []::INTEGER[] AS sentence_ends, "
        "[]::INTEGER[] AS actor_starts, []::INTEGER[] AS actor_ends, "
        "[]::VARCHAR[] AS actor_ids LIMIT 0"
    ),
    MERGE_PEOPLE: (
        "SELECT ''::VARCHAR AS person, ''::VARCHAR AS article_id, NULL::DATE AS date, "
        "0::INTEGER AS start_char, NULL::VARCHAR AS sentence LIMIT 0"
    ),
}
UNDATED = (0, 0)


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise StoreError(
            "Parquet needs pyarrow, which comes with Dyad's ray extra: "
            "pip install 'dyad-events[ray]'"
        ) from None
    return pyarrow


@cache
def arrow_schema(table: str) -> Any:
    """The Arrow schema of a store table, from the same migrations that make DuckDB stores."""
    _pyarrow()
    con = duckdb.connect(":memory:")
    try:
        for _name, sql in migrations():
            con.execute(sql)
        sql = _INTERNAL_SQL.get(table, f"SELECT * FROM {table} LIMIT 0")
        return con.sql(sql).to_arrow_table().schema
    finally:
        con.close()


def _month(value: date | None) -> tuple[int, int]:
    return (value.year, value.month) if value else UNDATED


def partitions(rows: Mapping[str, Sequence[dict[str, Any]]]) -> dict[str, dict[tuple, list]]:
    """Split a batch's rows (``write.batch_rows``) into (year, month) partitions per table."""
    article_month = {a["id"]: _month(a["date"]) for a in rows.get("articles", ())}
    key = {
        "articles": lambda r: _month(r["date"]),
        "events": lambda r: _month(r["event_date"]),
        "mentions": lambda r: article_month.get(r["article_id"], UNDATED),
        "learned_actors": lambda r: _month(r["article_date"]),
        "rejects": lambda r: UNDATED,
        "actors": lambda r: (),
        "merged_events": lambda r: _month(r["event_date"]),
        "event_links": lambda r: _month(r["event_date"]),
    }
    split: dict[str, dict[tuple, list]] = {}
    for table in rows:
        groups: dict[tuple, list] = defaultdict(list)
        for row in rows.get(table, ()):
            groups[key[table](row) if table in key else ()].append(row)
        split[table] = dict(groups)
    return split


def part_name(rows: Mapping[str, Sequence[dict[str, Any]]]) -> str:
    """A name for a batch's files, from the ids of what it holds: the same batch, the same name."""
    keyed = ("articles", "rejects", "merged_events", "article_signatures", "article_dates")
    ids = [r.get("id") or r["article_id"] for table in keyed for r in rows.get(table, ())]
    return content_id(*sorted(ids))


def write_part(out: str | Path, rows: Mapping[str, Sequence[dict[str, Any]]]) -> list[Path]:
    """Write one batch's rows as Parquet files under ``out``; return the files written.

    Each file is written beside its final name and renamed into place, so a reader
    (or a worker that died half-way) never leaves half a file.
    """
    pa = _pyarrow()
    name = part_name(rows)
    written = []
    for table, groups in partitions(rows).items():
        for partition, table_rows in groups.items():
            folder = Path(out) / table
            if partition:
                folder = folder / f"year={partition[0]}" / f"month={partition[1]}"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"part-{name}.parquet"
            tmp = folder / f".part-{name}-{uuid.uuid4().hex[:8]}.tmp"
            arrow = pa.Table.from_pylist(list(table_rows), schema=arrow_schema(table))
            pa.parquet.write_table(arrow, tmp)
            os.replace(tmp, path)
            written.append(path)
    return written


def prepare(out: str | Path) -> Path:
    """Make ``out`` ready for a run: create it, or clear a previous run's tables from it.

    Raises:
        StoreError: ``out`` is a file, or a non-empty folder that no Dyad run wrote.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise StoreError("is a file; give a folder for the Parquet output", path=str(out))
    if out.is_dir() and any(out.iterdir()):
        if not (out / MANIFEST).exists():
            raise StoreError(
                "folder is not empty and holds no Dyad output; choose a new or empty folder",
                path=str(out),
            )
        for table in (*TABLES, *INTERNAL):
            shutil.rmtree(out / table, ignore_errors=True)
        (out / MANIFEST).unlink()
    out.mkdir(parents=True, exist_ok=True)
    return out


def write_manifest(out: str | Path, run: dict[str, Any]) -> None:
    path = Path(out) / MANIFEST
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(run, indent=2, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def read_manifest(out: str | Path) -> dict[str, Any]:
    path = Path(out) / MANIFEST
    if not path.exists():
        raise StoreError(
            f"no {MANIFEST} here: not a folder written by `dyad code --engine ray`",
            path=str(out),
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise StoreError(f"{MANIFEST} is not valid JSON ({exc.msg})", path=str(out)) from None


def files(out: str | Path, table: str) -> list[str]:
    """The Parquet files of one table, sorted (empty if the run wrote none)."""
    return sorted(str(p) for p in (Path(out) / table).rglob("*.parquet"))


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def import_dir(con: duckdb.DuckDBPyConnection, out: str | Path) -> dict[str, int]:
    """Load a Parquet output folder into an open store; return rows added per table.

    Keys are content hashes, so importing the same folder twice adds nothing; the
    run that wrote it is recorded in ``runs`` under its own id, once.
    """
    run = read_manifest(out)
    added = {}
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "INSERT OR IGNORE INTO runs (id, started_at, finished_at, status, command, inputs, "
            "settings, versions, n_read, n_articles, n_known, n_rejects, n_events) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run["run_id"],
                run["started_at"],
                run.get("finished_at"),
                run["status"],
                run["command"],
                json.dumps(run["inputs"]),
                json.dumps(run["settings"], default=str),
                json.dumps(run["versions"]),
                run["counts"]["read"],
                run["counts"]["articles"],
                0,
                run["counts"]["rejects"],
                run["counts"]["events"],
            ],
        )
        for table in TABLES:
            paths = files(out, table)
            if not paths:
                added[table] = 0
                continue
            columns = ", ".join(_columns(con, table))
            before = _count(con, table)
            # hive_partitioning off: year/month are in the path only, not store columns.
            con.execute(
                f"INSERT OR IGNORE INTO {table} ({columns}) SELECT {columns} "
                "FROM read_parquet(?, hive_partitioning = false, union_by_name = true)",
                [paths],
            )
            added[table] = _count(con, table) - before
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise StoreError(f"cannot import the Parquet files ({exc})", path=str(out)) from None
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return added


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def read_table(out: str | Path, table: str, columns: Iterable[str] | None = None) -> list[dict]:
    """One table of a Parquet output folder as rows (for checks and small outputs)."""
    paths = files(out, table)
    if not paths:
        return []
    con = duckdb.connect(":memory:")
    try:
        select = ", ".join(columns) if columns else "*"
        result = con.execute(
            f"SELECT {select} FROM read_parquet(?, hive_partitioning = true) ORDER BY ALL",
            [paths],
        )
        names = [d[0] for d in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
    finally:
        con.close()
