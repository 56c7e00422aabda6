"""Benchmark the Ray engine with 1 and 2 workers on a generated corpus.

    python benchmarks/bench_scale.py [--articles 20000] [--files 40] [--workers 1 2]

Builds a corpus of --articles articles from the demo articles repeated (each copy made
distinct, so every article is coded), split over --files JSONL files as a feed would
deliver them. Then, each in its own process with its own local Ray, runs
``dyad code --engine ray --workers W`` for each W and prints articles/s (reading and
coding; the workers' start-up included), the speed-up over the first W, the time the
distributed merge took, and the peak memory of each worker (RSS, from the workers).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo" / "corpus"


def build_corpus(folder: Path, n_articles: int, n_files: int) -> int:
    """Write ``n_articles`` distinct articles over ``n_files`` JSONL files; return the words."""
    from dyad.ingest import read
    from dyad.records import Article

    base = [r for r in read([str(DEMO)]) if isinstance(r, Article)]
    folder.mkdir(parents=True, exist_ok=True)
    handles = [(folder / f"feed-{i:03d}.jsonl").open("w", encoding="utf-8") for i in range(n_files)]
    words = 0
    for i in range(n_articles):
        article = base[i % len(base)]
        text = f"{article.text}\n\n(Copy {i // len(base) + 1} of this report.)"
        date = article.date.isoformat() if article.date else None
        record = {"id": f"{article.id}-{i}", "text": text, "date": date, "title": article.title}
        handles[i % n_files].write(json.dumps(record) + "\n")
        words += len(text.split())
    for handle in handles:
        handle.close()
    return words


def child(corpus: Path, out: Path, workers: int) -> dict:
    from dyad import api

    run = api.code_ray([str(corpus)], out, workers=workers, command="bench")
    return {
        "workers": run.workers,
        "articles": run.articles,
        "events": run.events,
        "merged": run.merged,
        "rejects": len(run.rejects),
        "code_seconds": run.code_seconds,
        "merge_seconds": run.seconds - run.code_seconds,
        "worker_peak_mb": sorted(run.peak_mb.values()),
    }


def _run_child(corpus: Path, out: Path, workers: int) -> dict:
    cmd = [sys.executable, __file__, "--child", str(workers), "--corpus", str(corpus)]
    done = subprocess.run(
        [*cmd, "--out", str(out)], check=True, capture_output=True, text=True, env=os.environ
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--child", type=int)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.corpus, args.out, args.child)))
        return

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        words = build_corpus(corpus, args.articles, args.files)
        print(
            f"corpus: {args.articles} articles, {words} words in {args.files} JSONL files; "
            f"{os.cpu_count()} cores"
        )
        runs = [_run_child(corpus, Path(tmp) / f"out{w}", w) for w in args.workers]

    print(
        f"{'workers':>7} {'articles/s':>10} {'speed-up':>8} {'code s':>8} {'merge s':>8}"
        f" {'events':>7} {'merged':>7}  peak MB per worker"
    )
    base = runs[0]["articles"] / runs[0]["code_seconds"]
    for r in runs:
        rate = r["articles"] / r["code_seconds"]
        peaks = ", ".join(f"{mb:.0f}" for mb in r["worker_peak_mb"])
        print(
            f"{r['workers']:>7} {rate:>10.1f} {rate / base:>8.2f} {r['code_seconds']:>8.1f}"
            f" {r['merge_seconds']:>8.1f} {r['events']:>7} {r['merged']:>7}  {peaks}"
        )


if __name__ == "__main__":
    main()
