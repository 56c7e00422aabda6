"""Parsing in worker processes (``Settings.processes``): the same store as one process."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from dyad.api import Dyad
from dyad.config import DEFAULT_MODEL, Settings
from dyad.ingest import read
from dyad.nlp import load
from dyad.nlp.workers import parse_ahead, parse_texts
from dyad.records import Article

from conftest import DEMO


def _stored(path: Path) -> dict[str, Any]:
    """Everything a run stored that does not depend on when it ran."""
    store = Dyad(path)
    stamps = ("merged_at", "coded_at", "run_id", "learned_at", "seen_at")

    def plain(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if k not in stamps} for r in rows]

    return {
        "mentions": plain(store.events(mentions=True, include_nonfactual=True)),
        "events": plain(store.events(include_nonfactual=True)),
        "actors": plain(store.actors()),
        "articles": plain(store.articles()),
        "learned": sorted(map(repr, plain(store.learned()))),
        "rejects": plain(store.rejects()),
        "merge": store.merge_counts(),
    }


def _corpus(path: Path, extra: list[dict[str, Any]] = ()) -> Path:
    """The demo articles as JSONL, some twice (a copy in the batches parsed ahead of its
    first one being stored, others later), plus extra."""
    articles = [r for r in read([str(DEMO)]) if isinstance(r, Article)]
    rows = [{"id": a.id, "text": a.text, "date": a.date and a.date.isoformat()} for a in articles]
    with path.open("w", encoding="utf-8") as out:
        for row in rows[:20] + rows[14:22] + list(extra) + rows[20:] + rows[5:15]:
            out.write(json.dumps(row) + "\n")
    return path


def _code(tmp_path: Path, corpus: Path, processes: int, **settings: Any) -> Path:
    db = tmp_path / f"p{processes}.duckdb"
    settings = Settings(batch_size=4, processes=processes, **settings)
    Dyad(db, settings=settings).code([str(corpus)])
    return db


def test_processes_store_the_same_as_one(tmp_path: Path):
    corpus = _corpus(tmp_path / "corpus.jsonl")
    one, two = (_stored(_code(tmp_path, corpus, n)) for n in (1, 2))
    assert one["mentions"] and one["merge"]["events"] > 100
    for part in one:
        assert one[part] == two[part], part


def test_processes_reject_an_article_the_parser_refuses(tmp_path: Path):
    # spaCy refuses a text over its max_length (1,000,000 characters) with E088; in a
    # worker, as in one process, that article alone is rejected and the run goes on.
    huge = {"id": "huge", "text": "Russia condemned the United States. " * 28_000}
    corpus = _corpus(tmp_path / "corpus.jsonl", [huge])
    one, two = (_stored(_code(tmp_path, corpus, n, max_chars=2_000_000)) for n in (1, 2))
    assert [r["locator"] for r in two["rejects"]] == ["line 29"], two["rejects"]
    assert "E088" in two["rejects"][0]["reason"]
    assert one == two


@pytest.mark.parametrize("processes", [1, 2])
def test_processes_running_twice_changes_nothing(tmp_path: Path, processes: int):
    corpus = _corpus(tmp_path / "corpus.jsonl")
    db = _code(tmp_path, corpus, processes)
    before = _stored(db)
    summary = Dyad(db, settings=Settings(batch_size=4, processes=processes)).code([str(corpus)])
    assert summary.articles == 0 and summary.events == 0
    assert _stored(db) == before


def _children() -> list[int]:
    """This process's worker processes (Linux: from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        if int(stat[1]) == os.getpid() and b"dyad.nlp.workers" in cmdline:
            found.append(int(entry.name))
    return found


def test_processes_a_worker_that_dies_costs_no_article(caplog: pytest.LogCaptureFixture):
    # A worker killed in the middle of a run: this process parses its batches instead.
    texts = [a.text for a in read([str(DEMO)]) if isinstance(a, Article)]
    batches = [texts[i : i + 3] for i in range(0, 24, 3)]
    nlp = load(DEFAULT_MODEL)
    killed: list[int] = []

    def batch_texts(batch: list[str]) -> list[str]:
        if batch is batches[5] and not killed:
            killed.extend(_children())
            for pid in killed:
                os.kill(pid, signal.SIGKILL)
        return batch

    parsed = list(parse_ahead(nlp, DEFAULT_MODEL, batches, batch_texts, processes=2))
    assert len(killed) == 2
    assert [item for item, _ in parsed] == batches
    for batch, docs in parsed:
        here = parse_texts(nlp, batch, 64)
        assert [d.to_json() for d in docs] == [d.to_json() for d in here]
    assert "a parse worker stopped" in caplog.text
    assert not _children()
