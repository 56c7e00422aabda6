"""The Ray engine: the demo corpus coded on a local Ray with 2 workers, against the local engine.

Each Ray run starts a real Ray on this machine and loads the real spaCy pipeline in each
worker, so the runs are shared by module-scoped fixtures.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from dyad import api, merge
from dyad.cli import main
from dyad.config import Settings
from dyad.store import parquet

from conftest import DEMO

# Columns a run stamps with its own id and clock; everything else must match.
_RUN_COLUMNS = {"run_id", "coded_at", "seen_at", "merged_at", "inferred_at"}


def _cli(*args: object):
    runner = CliRunner()
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The demo corpus, its wire stories also as Parquet, one bad JSONL line, and two
    republished copies of a dated story (one keeping its date, one without it)."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(DEMO / "txt", root / "txt")
    story = (DEMO / "txt" / "010_trump-freezes-venezuelan-assets.txt").read_text(encoding="utf-8")
    copy = story.replace("Venezuelan", "Venezuela's", 1) + "\nShare this story.\n"
    (root / "txt" / "900_republished.txt").write_text(copy, encoding="utf-8")
    undated = copy.split(" ", 3)[3].replace("Washington", "Washington, D.C.,", 1)
    (root / "txt" / "901_republished-undated.txt").write_text(undated, encoding="utf-8")
    shutil.copytree(DEMO / "pages", root / "pages")
    lines = (DEMO / "wire.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    (root / "wire.jsonl").write_text("\n".join(lines[:3]) + "\n{not json\n", encoding="utf-8")
    pq.write_table(pa.Table.from_pylist(records[3:]), root / "wire.parquet")
    return root


@pytest.fixture(scope="module")
def local_db(corpus: Path, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("local") / "local.duckdb"
    assert _cli("code", corpus, "--db", db).exit_code == 0
    return db


@pytest.fixture(scope="module")
def ray_out(corpus: Path, tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("ray") / "out"
    result = _cli("code", corpus, "--engine", "ray", "--workers", "2", "--out", out)
    assert result.exit_code == 0, result.stderr
    return out, result.stderr


def _store_rows(db: Path, table: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        keep = ", ".join(c for c in columns if c not in _RUN_COLUMNS)
        return con.execute(f"SELECT {keep} FROM {table} ORDER BY id").fetchall()
    finally:
        con.close()


def _parquet_rows(out: Path, table: str) -> list[tuple]:
    columns = [f.name for f in parquet.arrow_schema(table) if f.name not in _RUN_COLUMNS]
    rows = parquet.read_table(out, table, columns)
    return sorted((tuple(r[c] for c in columns) for r in rows), key=lambda r: r[0])


@pytest.mark.parametrize("table", ["events", "articles", "mentions", "actors", "rejects"])
def test_engine_ray_same_rows_as_local(ray_out, local_db: Path, table: str):
    out, _ = ray_out
    ray_rows = _parquet_rows(out, table)
    assert ray_rows, f"the Ray run wrote no {table}"
    assert ray_rows == _store_rows(local_db, table)


def test_engine_ray_cli_summary_and_reject_reported(ray_out, local_db: Path):
    _, stderr = ray_out
    con = duckdb.connect(str(local_db), read_only=True)
    try:
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        merged = con.execute("SELECT count(*) FROM merged_events").fetchone()[0]
    finally:
        con.close()
    assert events > 100 and merged < events  # the corpus repeats some of its reports
    assert "37 records read on 2 Ray workers" in stderr
    assert f"36 articles, 1 rejected; {events} events, {merged} merged events" in stderr
    assert "rejected " in stderr and "wire.jsonl line 4: not valid JSON" in stderr


def test_engine_ray_parquet_partitioned_by_event_month(ray_out):
    out, _ = ray_out
    files = parquet.files(out, "events")
    assert all("/year=" in f and "/month=" in f for f in files)
    rows = duckdb.sql(
        "SELECT year, month, event_date FROM read_parquet(?, hive_partitioning = true)",
        params=[files],
    ).fetchall()
    dated = [(y, m, d) for y, m, d in rows if d is not None]
    assert dated and all((y, m) == (d.year, d.month) for y, m, d in dated)
    assert all((y, m) == (0, 0) for y, m, d in rows if d is None)
    import pandas as pd

    frame = pd.read_parquet(out / "events")
    assert len(frame) == len(rows) and {"year", "month", "plover_type"} <= set(frame.columns)


def test_engine_ray_rejects_kept_with_reason(ray_out):
    out, _ = ray_out
    rejects = parquet.read_table(out, "rejects")
    assert [(Path(r["path"]).name, r["locator"]) for r in rejects] == [("wire.jsonl", "line 4")]
    assert rejects[0]["reason"].startswith("not valid JSON")


def test_engine_ray_parquet_input_rows_are_located(ray_out):
    out, _ = ray_out
    articles = parquet.read_table(out, "articles", ["origin_path", "origin_locator"])
    located = sorted(r["origin_locator"] for r in articles if r["origin_path"].endswith(".parquet"))
    assert located == ["row 1", "row 2", "row 3"]


def _members(links: list[dict]) -> dict[str, tuple[str, ...]]:
    """Merged event id -> its mention ids: events are compared by what they hold, because
    a store that merged batch by batch keeps the ids events had before."""
    members: dict[str, list[str]] = {}
    for link in links:
        members.setdefault(link["event_id"], []).append(link["mention_id"])
    return {k: tuple(sorted(v)) for k, v in members.items()}


def _store_dicts(db: Path, table: str) -> list[dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        result = con.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
    finally:
        con.close()


def _comparable(rows: list[dict]) -> list[dict]:
    """Rows without the columns a run stamps (or the partition adds), in a fixed order."""
    drop = _RUN_COLUMNS | {"year", "month"}
    kept = [{k: v for k, v in r.items() if k not in drop} for r in rows]
    return sorted(kept, key=lambda r: (r["article_id"], r.get("band", "")))


def _by_members(events: list[dict], links: list[dict]) -> dict[tuple, dict]:
    members = _members(links)
    drop = _RUN_COLUMNS | {"id"}
    return {members[e["id"]]: {k: v for k, v in e.items() if k not in drop} for e in events}


def test_engine_ray_merge_same_as_local(ray_out, local_db: Path):
    """Near-duplicates, inferred dates and merged events: what the local merge stage
    stored, the distributed one wrote."""
    out, _ = ray_out
    for table in ("article_signatures", "article_dates", "article_bands"):
        ray_rows = _comparable(parquet.read_table(out, table))
        assert ray_rows, f"the Ray run wrote no {table}"
        assert ray_rows == _comparable(_store_dicts(local_db, table)), table
    signatures = parquet.read_table(out, "article_signatures")
    copies = {r["article_id"]: r["duplicate_of"] for r in signatures if r["duplicate_of"]}
    assert len(copies) == 2 and len(set(copies.values())) == 1  # both copies of one story
    dated = {r["article_id"]: r for r in parquet.read_table(out, "article_dates")}
    assert any("near-duplicate" in dated[a]["reason"] for a in copies if a in dated)

    local_links = _store_dicts(local_db, "event_links")
    ray_links = parquet.read_table(out, "event_links")
    local = _by_members(_store_dicts(local_db, "merged_events"), local_links)
    ray = _by_members(
        [{k: v for k, v in e.items() if k not in ("year", "month")}
         for e in parquet.read_table(out, "merged_events")],
        ray_links,
    )  # fmt: skip
    assert ray.keys() == local.keys()
    assert ray == local
    link = lambda r: {k: v for k, v in r.items() if k not in ("event_id", "year", "month")}  # noqa: E731
    key = lambda r: r["mention_id"]  # noqa: E731
    assert sorted(map(link, ray_links), key=key) == sorted(map(link, local_links), key=key)


def test_engine_ray_merge_matches_one_process(ray_out):
    """The blocks merged apart on the cluster give what ``dyad.merge.merge`` gives on all
    the judged mentions at once."""
    out, _ = ray_out
    con = duckdb.connect(":memory:")
    rows = con.execute(
        "SELECT e.id, e.article_id, e.plover_type, e.cameo, e.quadclass, e.source_actor_id, "
        "e.source_code, e.target_actor_id, e.target_code, e.sentence, e.sentence_start, "
        "e.predicate_start, l.* EXCLUDE (mention_id, year, month) "
        "FROM read_parquet(?, hive_partitioning = true) l "
        "JOIN read_parquet(?, hive_partitioning = true) e ON e.id = l.mention_id",
        [parquet.files(out, "event_links"), parquet.files(out, "events")],
    )
    names = [d[0] for d in rows.description]
    mentions = [merge.mention_from_row(dict(zip(names, r, strict=True))) for r in rows.fetchall()]
    expected = {(e.id, e.n_mentions, tuple(sorted(e.mention_ids))) for e in merge.merge(mentions)}
    members = _members(parquet.read_table(out, "event_links", ["mention_id", "event_id"]))
    merged = parquet.read_table(out, "merged_events", ["id", "n_mentions"])
    assert expected == {(e["id"], e["n_mentions"], members[e["id"]]) for e in merged}
    assert len(merged) < len(mentions)  # repeated reports did merge


def test_engine_ray_import_is_idempotent_and_serves_the_ui(ray_out, tmp_path: Path):
    out, _ = ray_out
    db = tmp_path / "imported.duckdb"
    first = _cli("import", out, "--db", db)
    assert first.exit_code == 0 and "added 36 articles" in first.stderr
    store = api.Dyad(db)
    counts = dict(store.counts())
    assert counts["events"] == len(parquet.read_table(out, "events", ["id"]))
    again = _cli("import", out, "--db", db)
    assert again.exit_code == 0
    assert "added 0 articles, 0 actors, 0 mentions, 0 events, 0 learned_actors" in again.stderr
    assert dict(store.counts()) == counts
    merged = store.events()
    assert merged and all(e["n_mentions"] >= 1 for e in merged)
    assert {r["locator"] for r in store.rejects()} == {"line 4"}


def test_engine_ray_import_refuses_other_folders(tmp_path: Path):
    result = CliRunner().invoke(main, ["import", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1 and "not a folder written by `dyad code --engine ray`" in (
        result.stderr
    )


def _descendants(pid: int) -> dict[int, str]:
    """Processes under ``pid`` (this test's own Ray), by id, with their command lines."""
    parents, names = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            names[int(entry.name)] = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = {}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in found:
                found[child] = names.get(child, "")
                frontier.append(child)
    return found


def test_engine_ray_dead_worker_batch_is_retried(ray_out, corpus: Path, tmp_path: Path):
    """A coding worker killed mid-run: Ray restarts it and retries its batch; nothing lost."""
    out = tmp_path / "again"
    killed: list[int] = []
    parts_at_kill: list[int] = []

    def kill_one_worker() -> None:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not killed:
            done = parquet.files(out, "articles")
            if done:  # a worker has finished a batch: the pool is busy
                workers = [
                    pid
                    for pid, cmd in _descendants(os.getpid()).items()
                    if cmd.startswith("ray::MapWorker(") and "MapBatches(Coder)" in cmd
                ]
                if workers:
                    os.kill(workers[0], signal.SIGKILL)
                    killed.append(workers[0])
                    parts_at_kill.append(len(done))
                    return
            time.sleep(0.2)

    killer = threading.Thread(target=kill_one_worker, daemon=True)
    killer.start()
    settings = Settings.from_env(batch_size=2)
    run = api.code_ray([str(corpus)], out, workers=2, settings=settings)
    killer.join(timeout=5)
    assert killed, "no worker was killed: the run ended before a batch was done"
    assert parts_at_kill[0] < len(parquet.files(out, "articles"))  # killed before the end
    first, _ = ray_out
    for table in ("events", "articles", "rejects", "merged_events", "article_dates"):
        assert _parquet_rows(out, table) == _parquet_rows(first, table), table
    assert run.read == 37 and run.articles == 36


def test_engine_ray_refuses_stdin_before_starting_ray(tmp_path: Path):
    result = CliRunner().invoke(
        main, ["code", "-", "--engine", "ray", "--out", str(tmp_path / "out")], input="text"
    )
    assert result.exit_code == 1 and "reads files, not stdin" in result.stderr
    assert not (tmp_path / "out").exists()


def test_engine_ray_refuses_a_folder_it_did_not_write(tmp_path: Path, corpus: Path):
    (tmp_path / "mine.txt").write_text("an analyst's notes")
    result = CliRunner().invoke(
        main, ["code", str(corpus), "--engine", "ray", "--out", str(tmp_path)]
    )
    assert result.exit_code == 1 and "holds no Dyad output" in result.stderr
    assert (tmp_path / "mine.txt").exists()
