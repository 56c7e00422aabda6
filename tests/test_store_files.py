"""Opening store files: older schemas are migrated; foreign, empty or corrupt files are
refused with a clear message and left byte for byte as they were."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from dyad import store
from dyad.api import Dyad
from dyad.errors import StoreError

from conftest import SEEDS

# A DuckDB file: three 4 KiB headers, then 256 KiB blocks, each with its own checksum.
HEADERS, BLOCK = 3 * 4096, 256 * 1024


@pytest.fixture(scope="module")
def coded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "seeds.duckdb"
    Dyad(path).code([str(SEEDS)])
    return path


def _text_file(path: Path) -> None:
    path.write_text("my precious notes, not a database\n")


def _random_bytes(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 64)


def _sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE prices (x INTEGER)")
    con.commit()
    con.close()


def _other_duckdb(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE prices (x INTEGER)")
    con.close()


FOREIGN: dict[str, tuple[Callable[[Path], None], str]] = {
    "text": (_text_file, "not a DuckDB database"),
    "random": (_random_bytes, "not a DuckDB database"),
    "sqlite": (_sqlite, "is a SQLite database"),
    "other-duckdb": (_other_duckdb, "not a Dyad store"),
}


def _corrupt(source: Path, target: Path, how: str) -> None:
    shutil.copy(source, target)
    size = target.stat().st_size
    with target.open("r+b") as handle:
        if how == "truncated":
            handle.truncate(HEADERS + 100)
        elif how == "header":
            handle.seek(4096 + 8)
            handle.write(b"\xff" * 64)
        else:  # every block: whatever DuckDB reads first fails its checksum
            for start in range(HEADERS, size, BLOCK):
                handle.seek(start + 5000)
                handle.write(b"\xde\xad" * 50)


def _assert_refused(path: Path, words: str, cli) -> None:
    before = path.read_bytes()
    for read_only in (True, False):
        with pytest.raises(StoreError, match=words) as caught:
            store.connect(path, read_only=read_only).close()
        assert str(path) in str(caught.value)
    result = cli("code", SEEDS / "000_2a3f4ed957ddbd9d.txt", "--db", path)
    assert result.exit_code == 1
    assert result.stderr.startswith("error:") and str(path) in result.stderr
    assert "Traceback" not in result.output
    assert path.read_bytes() == before, "a refused file must never be written"
    assert not Path(f"{path}.wal").exists()


@pytest.mark.parametrize("kind", sorted(FOREIGN))
def test_store_foreign_file_refused_and_untouched(tmp_path: Path, kind: str, cli):
    make, words = FOREIGN[kind]
    path = tmp_path / "store.duckdb"
    make(path)
    _assert_refused(path, words, cli)


@pytest.mark.parametrize("how", ["truncated", "header", "blocks"])
def test_store_corrupt_file_refused_and_untouched(tmp_path: Path, coded_store: Path, how, cli):
    path = tmp_path / "store.duckdb"
    _corrupt(coded_store, path, how)
    _assert_refused(path, "corrupt", cli)


def test_store_corrupt_block_found_later_is_a_store_error(tmp_path: Path, coded_store: Path):
    """A block that is corrupt but not read at opening fails as a StoreError when read."""
    path = tmp_path / "store.duckdb"
    shutil.copy(coded_store, path)
    size = path.stat().st_size
    failures = 0
    for start in range(HEADERS + BLOCK, size, BLOCK):  # leave the first block whole
        shutil.copy(coded_store, path)
        with path.open("r+b") as handle:
            handle.seek(start + 5000)
            handle.write(b"\xde\xad" * 50)
        try:
            dyad = Dyad(path)
            dyad.counts(), dyad.articles(), dyad.events(), dyad.actors()
        except StoreError as exc:
            assert "corrupt" in str(exc) and str(path) in str(exc)
            failures += 1
    assert failures > 0  # some block holds data that these reads need


def test_store_folder_refused(tmp_path: Path):
    with pytest.raises(StoreError, match="is a folder"):
        store.connect(tmp_path)


def test_store_empty_file_becomes_a_store(tmp_path: Path):
    # What a process killed while DuckDB created the file leaves behind: nothing to lose.
    path = tmp_path / "store.duckdb"
    path.touch()
    with pytest.raises(StoreError, match="empty"):
        store.connect(path, read_only=True)
    store.connect(path).close()
    assert Dyad(path).counts()["articles"] == 0


def _store_at_first_migration(path: Path) -> None:
    """A store as the first release of Dyad wrote it: migration 0001 only, one article."""
    name, sql = store.schema.migrations()[0]
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE dyad_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
    con.execute("INSERT INTO dyad_meta VALUES ('application', 'dyad')")
    con.execute("CREATE TABLE dyad_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    con.execute(sql)
    con.execute("INSERT INTO dyad_migrations VALUES (?, now())", [name])
    con.execute(
        "INSERT INTO articles (id, text, date, date_source, origin_path, origin_locator, "
        "sentence_starts, sentence_ends, run_id, coded_at) VALUES ('old1', 'Cuba backed "
        "Maduro.', '2019-01-24', 'field', 'old.jsonl', 'line 1', [0], [19], 'r0', now())"
    )
    con.close()


def test_store_older_schema_is_migrated_keeping_its_data(tmp_path: Path):
    path = tmp_path / "old.duckdb"
    _store_at_first_migration(path)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="needs a schema upgrade"):
        store.connect(path, read_only=True)
    assert path.read_bytes() == before  # a read-only open never migrates
    summary = Dyad(path).code([str(SEEDS / "000_2a3f4ed957ddbd9d.txt")])
    assert summary.articles == 1
    con = store.connect(path, read_only=True)
    applied = [r[0] for r in con.execute("SELECT name FROM dyad_migrations ORDER BY 1").fetchall()]
    assert applied == [name for name, _ in store.schema.migrations()]
    old = con.execute("SELECT text, date_flag FROM articles WHERE id = 'old1'").fetchone()
    assert old == ("Cuba backed Maduro.", None)
    con.close()
