"""Crashes and restarts: `dyad code` killed at random points loses nothing it reported.

A generated corpus of a few thousand articles is coded once without interruption. Then
the same command is run on a new store and killed with SIGKILL at random moments (model
loading, store creation, mid-batch, mid-commit ...) several times, stopped once with
SIGINT and once with SIGTERM (each must finish its batch and say how to resume), and
finally run to the end. After every kill the store must open and hold whole batches
only; at the end it must equal the uninterrupted run's store exactly.

Sizes come from the environment so `make stress` can run longer:
DYAD_KILL_ARTICLES (default 2000), DYAD_KILL_CYCLES (SIGKILLs, default 4), DYAD_KILL_SEED.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from dyad import store

from generated import write_corpus

ARTICLES = int(os.environ.get("DYAD_KILL_ARTICLES", "2000"))
KILLS = int(os.environ.get("DYAD_KILL_CYCLES", "4"))
SEED = int(os.environ.get("DYAD_KILL_SEED", str(time.time_ns() % 1_000_000)))
BATCH = 64
MERGE_EVERY = 5 * BATCH  # several merges in a run, so kills land between them
DYAD = Path(sys.executable).with_name("dyad")


def _code(corpus: Path, db: Path, log: Path) -> subprocess.Popen[bytes]:
    sizes = ["--batch-size", str(BATCH), "--merge-every", str(MERGE_EVERY)]
    with log.open("ab") as err:
        return subprocess.Popen(
            [str(DYAD), "code", str(corpus), "--db", str(db), *sizes],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )


def _wait_until_open(proc: subprocess.Popen[bytes], db: Path) -> None:
    """Wait until the process holds the store open: its signal handlers are in place then."""
    deadline = time.monotonic() + 120
    fds = Path(f"/proc/{proc.pid}/fd")
    while time.monotonic() < deadline and proc.poll() is None:
        with contextlib.suppress(OSError):
            if any(os.readlink(fd) == str(db) for fd in fds.iterdir()):
                return
        time.sleep(0.05)
    raise AssertionError(f"dyad code never opened {db}")


def _snapshot(db: Path) -> dict[str, Any]:
    """What the store holds, read the way every Dyad command reads it."""
    con = store.connect(db, read_only=True)
    try:

        def ids(sql: str) -> set[str]:
            return {r[0] for r in con.execute(sql).fetchall()}

        def one(sql: str) -> Any:
            row = con.execute(sql).fetchone()
            assert row is not None
            return row[0]

        return {
            "articles": ids("SELECT id FROM articles"),
            "article_rows": one("SELECT count(*) FROM articles"),
            "events": ids("SELECT id FROM events"),
            "event_rows": one("SELECT count(*) FROM events"),
            "mentions": one("SELECT count(*) FROM mentions"),
            "rejects": ids("SELECT id FROM rejects"),
            "merged": ids("SELECT id FROM merged_events"),
            "links": one("SELECT count(*) FROM event_links"),
            "runs": con.execute(
                "SELECT status, n_read, n_articles FROM runs ORDER BY started_at"
            ).fetchall(),
            "orphans": one(
                "SELECT (SELECT count(*) FROM events WHERE article_id NOT IN "
                "(SELECT id FROM articles)) + (SELECT count(*) FROM mentions WHERE "
                "article_id NOT IN (SELECT id FROM articles))"
            ),
            "unlinked": one(
                "SELECT count(*) FROM events WHERE id NOT IN (SELECT mention_id FROM event_links)"
            ),
            "event_pairs": set(con.execute("SELECT article_id, id FROM events").fetchall()),
        }
    finally:
        con.close()


def _assert_whole_batches(now: dict[str, Any], full: dict[str, Any], where: str) -> None:
    """Every stored article has all its events, and the runs' progress matches the rows.

    A run merges its reports every few thousand records and at its end, so a run killed
    or stopped leaves reports no merged event holds yet: the next run merges them with
    the records read with them, and the final store must equal the uninterrupted run's.
    """
    assert now["article_rows"] == len(now["articles"]), f"{where}: an article stored twice"
    assert now["event_rows"] == len(now["events"]), f"{where}: an event stored twice"
    assert now["orphans"] == 0, f"{where}: events or mentions without their article"
    assert now["articles"] <= full["articles"], f"{where}: an article the full run lacks"
    expected = {pair for pair in full["event_pairs"] if pair[0] in now["articles"]}
    assert now["event_pairs"] == expected, f"{where}: an article stored without all its events"
    stored = sum(n for _, _, n in now["runs"])
    assert stored == len(now["articles"]), f"{where}: run progress and rows disagree"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("corpus")
    return folder, write_corpus(folder, ARTICLES)


@pytest.fixture(scope="module")
def uninterrupted(corpus, tmp_path_factory) -> tuple[dict[str, Any], float]:
    folder, _ = corpus
    db = tmp_path_factory.mktemp("full") / "full.duckdb"
    started = time.monotonic()
    proc = _code(folder, db, db.with_suffix(".log"))
    assert proc.wait() == 0, db.with_suffix(".log").read_text()
    return _snapshot(db), time.monotonic() - started


def test_crash_killed_runs_resume_to_the_uninterrupted_result(corpus, uninterrupted, tmp_path):
    folder, written = corpus
    full, seconds = uninterrupted
    assert len(full["articles"]) == written["articles"]
    assert len(full["rejects"]) == written["bad"]
    rng = random.Random(SEED)
    db, log = tmp_path / "killed.duckdb", tmp_path / "killed.log"
    # The first kill lands early (loading, creating the store); later ones anywhere.
    latest = max(3.0, 1.2 * seconds / KILLS)  # so the kills leave work for the signals
    delays = [rng.uniform(0.2, 5.0)] + [rng.uniform(1.0, latest) for _ in range(KILLS - 1)]
    cycles: list[str] = []
    for n, delay in enumerate(delays, start=1):
        proc = _code(folder, db, log)
        time.sleep(delay)
        if proc.poll() is not None:  # finished before the kill: nothing left to interrupt
            cycles.append(f"{n}: finished before SIGKILL at {delay:.1f}s")
            break
        proc.send_signal(signal.SIGKILL)
        assert proc.wait() == -signal.SIGKILL
        if not db.exists():
            cycles.append(f"{n}: SIGKILL at {delay:.1f}s, before the store was created")
            continue
        now = _snapshot(db)
        _assert_whole_batches(now, full, f"seed {SEED} kill {n} at {delay:.1f}s")
        cycles.append(f"{n}: SIGKILL at {delay:.1f}s, {len(now['articles'])} articles stored")
    for name in ("SIGINT", "SIGTERM"):
        number = getattr(signal, name)
        proc = _code(folder, db, log)
        _wait_until_open(proc, db)
        time.sleep(rng.uniform(0.5, 3.0))
        if proc.poll() is not None:
            cycles.append(f"{name}: finished before the signal")
            continue
        mark = log.stat().st_size
        proc.send_signal(number)
        assert proc.wait(timeout=120) == 128 + number
        said = log.read_bytes()[mark:].decode()
        assert "stopping after the current batch" in said
        assert "To resume, run the same command again" in said
        now = _snapshot(db)
        _assert_whole_batches(now, full, f"seed {SEED} {name}")
        status, n_read, _ = now["runs"][-1]
        assert status == "interrupted"
        assert n_read % BATCH == 0, "a signal stops after a whole batch"
        cycles.append(f"{name}: stopped cleanly after {n_read} records")
    proc = _code(folder, db, log)
    assert proc.wait() == 0, log.read_text()
    final = _snapshot(db)
    print(f"\nkill/restart cycles (seed {SEED}):\n  " + "\n  ".join(cycles))
    print(f"  final run: {len(final['articles'])} articles, {len(final['events'])} events")
    keys = ("articles", "article_rows", "events", "event_rows", "mentions", "rejects", "merged")
    for key in (*keys, "links"):
        assert final[key] == full[key], f"seed {SEED}: {key} differ from the uninterrupted run"
    assert final["unlinked"] == full["unlinked"] == 0, "reports that no merged event holds"
    statuses = [status for status, _, _ in final["runs"]]
    assert statuses[-1] == "done" and "running" not in statuses
