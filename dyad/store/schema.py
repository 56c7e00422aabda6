"""Opening a Dyad store: recognise it, refuse what is not ours, and migrate the schema.

A store is one DuckDB file. Its ``dyad_meta`` table says it is a Dyad store; its
``dyad_migrations`` table lists the named migrations (``migrations/NNNN_name.sql``)
applied so far, in order.

A file that is not ours is never written to: its first bytes are checked before DuckDB
opens it (DuckDB would otherwise try to fetch an extension for a SQLite file), and a
DuckDB file without ``dyad_meta`` is refused unless it is empty.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb

from dyad.errors import StoreError

log = logging.getLogger(__name__)

APPLICATION = "dyad"
# A DuckDB file says "DUCK" at byte 8; a SQLite file starts with its own header.
_DUCKDB_MAGIC = (8, b"DUCK")
_SQLITE_MAGIC = b"SQLite format 3\x00"
# Nothing is fetched at run time: no extension is installed or loaded behind our back.
_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


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
    if path.is_dir():
        raise StoreError("is a folder, not a store file; give a file name", path=str(path))
    exists = path.exists()
    if read_only and not exists:
        raise StoreError(
            "no such store; create it with `dyad code INPUT --db FILE`", path=str(path)
        )
    if exists and path.stat().st_size == 0:
        if read_only:
            raise StoreError(
                "the store is empty (0 bytes); code something into it first", path=str(path)
            )
        # Nothing to lose (a `touch`, or a process killed as DuckDB created the file), and
        # DuckDB will not open a 0-byte file: start it afresh.
        path.unlink()
    elif exists:
        _check_header(path)
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=_CONFIG)
    except duckdb.IOException as exc:
        message = str(exc)
        if "lock" in message.lower():
            raise StoreError(
                "the store is open for writing in another process; wait for it to finish, "
                "or read with a read-only command",
                path=str(path),
            ) from None
        raise StoreError(
            f"not a DuckDB database, or corrupt ({message}); it was left as it is",
            path=str(path),
        ) from None
    except duckdb.Error as exc:
        raise StoreError(
            f"the store is corrupt or unreadable ({exc}); it was left as it is", path=str(path)
        ) from None
    try:
        with reading(path):
            _check_and_migrate(con, str(path), read_only=read_only)
    except Exception:
        con.close()
        raise
    return con


def _check_header(path: Path) -> None:
    """Refuse a file that is not a DuckDB database before DuckDB touches it."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise StoreError(f"cannot be read ({exc.strerror or exc})", path=str(path)) from None
    offset, magic = _DUCKDB_MAGIC
    if head[offset : offset + len(magic)] == magic:
        return
    if head.startswith(_SQLITE_MAGIC):
        what = "a SQLite database"
    else:
        what = "not a DuckDB database (or its header is corrupt)"
    raise StoreError(
        f"is {what}, not a Dyad store; it was left as it is. Choose another file with --db",
        path=str(path),
    )


# What a damaged file, a full disk or a failing device raise, as opposed to a bad query.
_BROKEN = (
    duckdb.IOException,
    duckdb.InternalException,
    duckdb.FatalException,
    duckdb.SerializationException,
    duckdb.OutOfMemoryException,
)


@contextlib.contextmanager
def reading(path: str | Path) -> Iterator[None]:
    """Turn DuckDB's errors while using a store into one clear StoreError.

    A corrupt block is found only when it is read (DuckDB checksums every block), so
    every use of a store, not only opening it, reports corruption the same way.
    """
    try:
        yield
    except duckdb.Error as exc:
        if isinstance(exc, duckdb.InterruptException):
            raise KeyboardInterrupt from None
        if not isinstance(exc, _BROKEN) and "corrupt" not in str(exc).lower():
            raise  # a mistake in a query, not a broken file: keep its traceback
        raise StoreError(
            f"the store could not be read or written ({type(exc).__name__}: {exc}); if it is "
            "corrupt, restore it from a copy or code the inputs into a new file",
            path=str(path),
        ) from None


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
        # One transaction: a process killed here leaves an empty file, not half a store.
        con.execute("BEGIN TRANSACTION")
        con.execute("CREATE TABLE dyad_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
        con.execute("INSERT INTO dyad_meta VALUES ('application', ?)", [APPLICATION])
        con.execute(
            "CREATE TABLE dyad_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)"
        )
        con.execute("COMMIT")
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
