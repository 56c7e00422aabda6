"""How fast the queries behind `dyad serve` answer on a large store.

    python benchmarks/bench_web.py [--events 1000000] [--db FILE]

Builds a store of at least --events events (benchmarks/synthetic.py) unless --db names
one, then times each call that a page or API endpoint makes, in-process (the median of
three runs after one warm-up), and prints milliseconds per call. Every call pages or
aggregates in DuckDB, so none returns more than one page of rows.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def cases(d, selection) -> dict:
    return {
        "overview": lambda: d.overview(),
        "events, first page": lambda: d.event_page(),
        "events actor=VEN, offset 50000": lambda: d.event_page(
            selection(actor="VEN"), offset=50_000
        ),
        "events q=sanction by goldstein": lambda: d.event_page(
            selection(q="sanction"), sort="goldstein", descending=True
        ),
        "events type=SANCTION 2019": lambda: d.event_page(
            selection(type="SANCTION", since="2019-01-01", until="2019-12-31")
        ),
        "network (150 edges)": lambda: d.network(),
        "network 2019, quadclass 4": lambda: d.network(
            selection(since="2019-01-01", until="2019-12-31", quadclass=4)
        ),
        "timeline per day by type": lambda: d.timeline(interval="day", by="type"),
        "timeline per month, actor=USA": lambda: d.timeline(selection(actor="USA")),
        "actors, first page": lambda: d.actor_page(),
        "actor person:nicolas-maduro": lambda: d.actor("person:nicolas-maduro"),
        "dyads, first page": lambda: d.dyads(),
        "story source=USA target=VENGOV": lambda: d.event_page(
            selection(source="USA", target="VENGOV")
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    from dyad.api import Dyad, selection

    with tempfile.TemporaryDirectory(prefix="dyad-bench-web-") as tmp:
        db = args.db
        if db is None:
            import synthetic

            db = Path(tmp) / "bench.duckdb"
            synthetic.build(db, args.events)
        d = Dyad(db)
        d.hold(read_only=True)
        print(f"{d.counts()['events']} events in {db}")
        print(f"{'call':40} {'ms (median of 3)':>16}")
        for name, call in cases(d, selection).items():
            call()
            times = []
            for _ in range(3):
                started = time.perf_counter()
                call()
                times.append((time.perf_counter() - started) * 1000)
            print(f"{name:40} {statistics.median(times):16.1f}")
        d.release()


if __name__ == "__main__":
    main()
