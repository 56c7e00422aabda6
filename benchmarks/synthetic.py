"""A large store made from the demo corpus, for load tests and benchmarks.

    python benchmarks/synthetic.py OUT.duckdb --events 100000

The demo articles are coded once with the real pipeline; the coded articles are then
copied (each copy a distinct article with its own ids, its dates moved by a few days
per copy) and written through the store's own batch writer until the store holds at
least ``--events`` events, then merged as a run would merge them (the web reads merged
events; undated copies stay unmerged). The text, mentions and events are real Dyad
output; only their repetition is synthetic.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo" / "corpus"


def _copies(base: list, copy: int) -> Iterator:
    from dyad.records import content_id

    shift = timedelta(days=(copy * 3) % 2000)
    for coded in base:
        a = coded.article
        article_id = content_id(a.id, str(copy))
        article = dataclasses.replace(a, id=article_id, date=a.date + shift if a.date else None)
        events = tuple(
            dataclasses.replace(
                e,
                id=content_id(e.id, str(copy)),
                article_id=article_id,
                date=e.date + shift if e.date else None,
            )
            for e in coded.events
        )
        yield dataclasses.replace(coded, article=article, events=events)


def build(db: Path, events: int, *, log=print) -> int:
    """Fill ``db`` (a new file) with at least ``events`` events; return how many."""
    from dyad import api, ingest, store
    from dyad.records import Article
    from dyad.remerge import Merger

    if db.exists():
        db.unlink()
    started = time.perf_counter()
    pipe = api.pipeline()
    base = list(pipe.code(r for r in ingest.read([str(DEMO)]) if isinstance(r, Article)))
    per_copy = sum(len(c.events) for c in base)
    con = store.connect(db)
    try:
        run_id = store.write.start_run(
            con, command="synthetic", inputs=[str(DEMO)], settings={}, versions=pipe.versions
        )
        written, copy, batch = 0, 0, []
        while written < events:
            copy += 1
            batch.extend(_copies(base, copy))
            written += per_copy
            if len(batch) >= 500 or written >= events:
                store.write.write_batch(con, run_id, batch, [])
                batch = []
        # Merge what a run would: the web reads merged events. Undated copies are left
        # unmerged (their dating compares every copy with every other, which tells
        # nothing about the queries timed here).
        with store.write.transaction(con):
            Merger(con).adopt_orphans()
        store.write.finish_run(con, run_id, "done")
        total = store.query.counts(con)["events"]
        merged = con.execute("SELECT count(*) FROM merged_events").fetchone()[0]
    finally:
        con.close()
    log(
        f"built {db}: {total} events ({merged} merged) in {copy} copies of the demo corpus, "
        f"{time.perf_counter() - started:.0f} s"
    )
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    build(args.out, args.events, log=lambda m: print(m, file=sys.stderr))


if __name__ == "__main__":
    main()
