"""Benchmark the merge: time per 10,000 event mentions at two corpus sizes.

    python benchmarks/bench_merge.py [--sizes 20000 80000]

Codes the test corpus once (tests/corpus/summit plus the demo corpus), then makes
synthetic corpora of the requested sizes by copying its mentions onto many dyads,
days and articles (ids and dates made distinct, so the blocks fill the way a large
news corpus fills them), and times ``block_key`` + ``merge_block`` over each. Merging
is near-linear when the time per 10,000 mentions stays flat as the corpus grows.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def base_mentions() -> list:
    from dyad import ingest
    from dyad.api import pipeline
    from dyad.merge import mention_of
    from dyad.records import Article

    pipe = pipeline()
    paths = [str(ROOT / "demo" / "corpus"), str(ROOT / "tests" / "corpus" / "summit")]
    articles = [a for a in ingest.read(paths, pipe.settings) if isinstance(a, Article)]
    return [mention_of(e, c.article) for c in pipe.code(articles) for e in c.events]


def synthetic(base: list, size: int, seed: int = 7) -> list:
    """``size`` mentions: copies of the base ones on 300 dyads over three years."""
    rng = random.Random(seed)
    countries = [f"C{i:02d}" for i in range(25)]
    out = []
    for n in range(size):
        m = rng.choice(base)
        day = date(2021, 1, 1) + timedelta(days=rng.randrange(3 * 365))
        src, tgt = rng.sample(countries, 2)
        out.append(
            replace(
                m,
                id=f"m{n}",
                article_id=f"a{n // 8}",
                source_code=src + "GOV",
                source_actor_id=src,
                target_code=tgt,
                target_actor_id=tgt,
                date=day,
                date_precision="day",
                date_source="text",
                earliest=day,
                latest=day,
                background=False,
                article_date=day,
            )
        )
    return out


def run(mentions: list) -> tuple[float, int]:
    from dyad.merge import block_key, merge_block

    start = time.perf_counter()
    blocks: dict[str, list] = {}
    for m in mentions:
        blocks.setdefault(block_key(m), []).append(m)
    events = sum(len(merge_block(ms)) for ms in blocks.values())
    return time.perf_counter() - start, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[20_000, 80_000])
    args = parser.parse_args()
    base = base_mentions()
    print(f"base: {len(base)} mentions coded from the demo and summit corpora")
    print(f"{'mentions':>10} {'events':>10} {'seconds':>9} {'s per 10k':>10}")
    for size in args.sizes:
        seconds, events = run(synthetic(base, size))
        print(f"{size:>10} {events:>10} {seconds:>9.2f} {seconds / size * 10_000:>10.3f}")


if __name__ == "__main__":
    main()
