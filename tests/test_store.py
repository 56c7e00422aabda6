"""The store: idempotent writes, refusing foreign files, migrations, exports."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from dyad import store
from dyad.api import Dyad
from dyad.errors import StoreError

from conftest import SEEDS


def _counts(db: Path) -> dict[str, int]:
    return Dyad(db).counts()


def test_store_coding_twice_changes_nothing(db: Path):
    first = Dyad(db).code([str(SEEDS)])
    before = _counts(db)
    second = Dyad(db).code([str(SEEDS)])
    assert first.articles == 3 and first.events > 0
    assert second.articles == 0 and second.known == 3 and second.events == 0
    assert _counts(db) == before
    runs = [r["status"] for r in store.query.runs(store.connect(db, read_only=True))]
    assert runs == ["done", "done"]


def test_store_records_schema_migrations(db: Path):
    Dyad(db).code([str(SEEDS / "000_2a3f4ed957ddbd9d.txt")])
    con = duckdb.connect(str(db), read_only=True)
    names = [r[0] for r in con.execute("SELECT name FROM dyad_migrations ORDER BY name").fetchall()]
    assert names == [name for name, _ in store.schema.migrations()]


def test_store_refuses_other_duckdb_files(tmp_path: Path):
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE prices (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a Dyad store"):
        store.connect(other)


def test_store_refuses_and_keeps_a_non_database_file(tmp_path: Path):
    notes = tmp_path / "notes.duckdb"
    notes.write_text("my precious notes, not a database\n")
    with pytest.raises(StoreError, match="not a DuckDB database"):
        store.connect(notes)
    assert notes.read_text() == "my precious notes, not a database\n"


def test_store_refuses_a_newer_schema(db: Path):
    store.connect(db).close()
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO dyad_migrations VALUES ('9999_from_the_future', now())")
    con.close()
    with pytest.raises(StoreError, match="newer Dyad"):
        store.connect(db)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_store_export_reads_back(db: Path, tmp_path: Path, fmt: str):
    Dyad(db).code([str(SEEDS)])
    out = tmp_path / f"events.{fmt}"
    n = Dyad(db).export(fmt, out)
    assert n == _counts(db)["events"] or n <= _counts(db)["events"]
    reader = {"jsonl": "read_json_auto", "csv": "read_csv_auto", "parquet": "read_parquet"}[fmt]
    rows = duckdb.sql(f"SELECT * FROM {reader}('{out}')").fetchall()
    assert len(rows) == n > 0
    if fmt == "jsonl":
        first = json.loads(out.read_text().splitlines()[0])
        assert {"plover_type", "cameo", "source_code", "sentence", "event_date"} <= set(first)


def test_store_plover_events_list_coordinated_sources(db: Path, tmp_path: Path):
    # Dyadic rows stay one per source; the plover_events view (migration 0005) folds them
    # back into the one event the sentence reports.
    text = tmp_path / "support.txt"
    text.write_text("Russia, Belarus and Turkey voiced support for Maduro.\n", encoding="utf-8")
    Dyad(db).code([str(text)])
    con = duckdb.connect(str(db), read_only=True)
    dyads = con.execute("SELECT source_code FROM events WHERE plover_type = 'SUPPORT'").fetchall()
    rows = con.execute(
        "SELECT source_codes, target_codes, len(dyad_ids) FROM plover_events "
        "WHERE plover_type = 'SUPPORT'"
    ).fetchall()
    assert sorted(c for (c,) in dyads) == ["BLR", "RUS", "TUR"]
    assert rows == [(["BLR", "RUS", "TUR"], ["VENGOV"], 3)]
