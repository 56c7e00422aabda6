"""Opening a Dyad store: recognise it, refuse what is not ours, and migrate the schema.

A store is one DuckDB file. Its ``dyad_meta`` table says it is a Dyad store; its
``dyad_migrations`` table lists the named migrations (``migrations/NNNN_name.sql``)
applied so far, in order.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb

from dyad.errors import StoreError

log = logging.getLogger(__name__)

APPLICATION = "dyad"


def migrations() -> list[tuple[str, str]]:
    """The shipped migrations as (name, sql), in the order they apply."""
    folder = resources.files("dyad.store").joinpath("migrations")
    files = sorted(f.name for f in folder.iterdir() if f.name.endswith(".sql"))
    return [(name.removesuffix(".sql"), folder.joinpath(name).read_text("utf-8")) for name in files]


def connect(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) a Dyad store and bring its schema up to date.

    Raises:
        StoreError: the file is not a DuckDB database, is another application's
            database, was written by a newer Dyad, or is locked by another process.
    """
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if read_only and not exists:
        raise StoreError(
            "no such store; create it with `dyad code INPUT --db FILE`", path=str(path)
        )
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        message = str(exc)
        if "lock" in message.lower():
            raise StoreError(
                "the store is open for writing in another process; wait for it to finish, "
                "or read with a read-only command",
                path=str(path),
            ) from None
        raise StoreError(f"not a DuckDB database, or corrupt ({message})", path=str(path)) from None
    except duckdb.Error as exc:
        raise StoreError(f"cannot open the store ({exc})", path=str(path)) from None
    try:
        _check_and_migrate(con, str(path), read_only=read_only)
    except Exception:
        con.close()
        raise
    return con


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    return {r[0] for r in rows}


def _check_and_migrate(con: duckdb.DuckDBPyConnection, path: str, *, read_only: bool) -> None:
    tables = _tables(con)
    if "dyad_meta" not in tables:
        if tables:
            raise StoreError(
                "this DuckDB file is not a Dyad store (it has other tables); "
                "choose another file with --db",
                path=path,
            )
        if read_only:
            raise StoreError("the store is empty; code something into it first", path=path)
        con.execute("CREATE TABLE dyad_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
        con.execute("INSERT INTO dyad_meta VALUES ('application', ?)", [APPLICATION])
        con.execute(
            "CREATE TABLE dyad_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)"
        )
    app = con.execute("SELECT value FROM dyad_meta WHERE key = 'application'").fetchone()
    if not app or app[0] != APPLICATION:
        raise StoreError("this DuckDB file is not a Dyad store", path=path)
    applied = {r[0] for r in con.execute("SELECT name FROM dyad_migrations").fetchall()}
    known = migrations()
    unknown = applied - {name for name, _ in known}
    if unknown:
        raise StoreError(
            f"the store was written by a newer Dyad (migrations {sorted(unknown)} are unknown "
            f"here); upgrade Dyad to open it",
            path=path,
        )
    pending = [(name, sql) for name, sql in known if name not in applied]
    if pending and read_only:
        raise StoreError(
            "the store needs a schema upgrade; open it once for writing (e.g. `dyad code`)",
            path=path,
        )
    for name, sql in pending:
        log.info("migrating %s: %s", path, name)
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO dyad_migrations VALUES (?, ?)", [name, datetime.now(UTC)])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"migration {name} failed: {exc}", path=path) from None
