"""The Ray engine: the local pipeline, run as a Ray Dataset over a pool of workers.

    files --(read: dyad.ingest, one task per file)--> record rows
          --(map_batches: Coder, one Pipeline per worker)--> Parquet parts + merge input
    merge input --(group-bys: dyad.engine.raymerge)--> near-duplicates, dates, merged events

Every worker is a Ray actor that loads the spaCy pipeline and the actor knowledge once
(``Coder.__init__``) and codes batch after batch with ``Pipeline.code``, exactly as the
local engine does. A worker that dies is restarted and its batch retried (Ray Data's
actor pool sets ``max_restarts`` and ``max_task_retries`` to -1, unbounded); because each
batch's files are named by a hash of what they hold, a retried batch rewrites its own
files and the output never holds a batch twice.
"""

from __future__ import annotations

import logging
import os
import re
import resource
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import spacy

from dyad import __version__, ingest, merge, store
from dyad.config import Settings
from dyad.engine import raymerge
from dyad.engine.batches import FIELDS, code_records, record_from_row, record_row
from dyad.errors import EngineError, InputError
from dyad.pipeline import Pipeline
from dyad.records import CodedArticle, Origin
from dyad.store import parquet

log = logging.getLogger(__name__)

READ_CHUNK = 256  # records per block out of a read task: the reader never holds a whole file


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise EngineError(
            "the Ray engine needs Ray: pip install 'dyad-events[ray]' (or run without --engine ray)"
        ) from None
    return ray


@dataclass
class RayRun:
    """What a Ray engine run did."""

    run_id: str
    out: str
    workers: int
    read: int = 0
    articles: int = 0
    repeats: int = 0
    events: int = 0
    merged: int = 0
    rejects: list[str] = field(default_factory=list)
    seconds: float = 0.0
    code_seconds: float = 0.0  # reading and coding, workers' start-up included
    peak_mb: dict[int, float] = field(default_factory=dict)  # worker pid -> peak RSS


def _record_schema() -> Any:
    import pyarrow as pa

    return pa.schema([(name, pa.string()) for name in FIELDS])


def read_files(batch: Any, settings: Settings) -> Iterator[Any]:
    """A Ray task: read the files named in ``batch`` with ``dyad.ingest`` into record rows."""
    import pyarrow as pa

    schema = _record_schema()
    for path in batch.column("path").to_pylist():
        chunk = []
        for record in ingest.read_file(path, settings):
            chunk.append(record_row(record))
            if len(chunk) >= READ_CHUNK:
                yield pa.Table.from_pylist(chunk, schema=schema)
                chunk = []
        if chunk:
            yield pa.Table.from_pylist(chunk, schema=schema)


class Coder:
    """A Ray actor: one Pipeline, loaded once, coding batch after batch into Parquet."""

    def __init__(self, settings: Settings, out: str, run_id: str, paths: Sequence[str]) -> None:
        self.pipe = Pipeline(settings)
        self.out = out
        self.run_id = run_id
        self.place = {p: n for n, p in enumerate(paths)}

    def ordinal(self, origin: Origin) -> int:
        """A record's place in the input: its file's, then its line or row in it."""
        number = re.search(r"\d+", origin.locator)
        return self.place.get(origin.path, len(self.place)) * 10**9 + int(
            number.group(0) if number else 0
        )

    def __call__(self, batch: Any) -> dict[str, list[Any]]:
        records = [record_from_row(row) for row in batch.to_pylist()]
        coded, rejects, repeats = code_records(self.pipe, records)
        rows = store.write.batch_rows(self.run_id, coded, rejects)
        rows[parquet.MERGE_INPUT] = merge_input(coded)
        rows[parquet.MERGE_ARTICLES] = raymerge.article_rows(coded, self.ordinal)
        rows[parquet.MERGE_PEOPLE] = raymerge.people_rows(coded)
        rows["article_bands"] = [
            {"band": band, "article_id": r["article_id"]}
            for r in rows[parquet.MERGE_ARTICLES]
            for band in r["bands"]
        ]
        parquet.write_part(self.out, rows)
        return {
            "read": [len(records)],
            "articles": [len(coded)],
            "repeats": [repeats],
            "events": [len(rows["events"])],
            "rejects": ["\n".join(r.message for r in rejects)],
            "pid": [os.getpid()],
            "peak_mb": [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024],
        }


def merge_input(coded: Sequence[CodedArticle]) -> list[dict[str, Any]]:
    """The merge's view of each event (``dyad.merge.mention_of``) as a row with its block key.

    The row has the shape ``dyad.merge.mention_from_row`` reads, so the merge step
    needs no NLP and no store.
    """
    return [
        raymerge.mention_row(merge.mention_of(event, item.article), event.sentence)
        for item in coded
        for event in item.events
    ]


def _connect(address: str | None, workers: int | None) -> tuple[int, bool]:
    """Join the cluster at ``address``, or start Ray on this machine; (workers, started)."""
    ray = _ray()
    started = False
    if not ray.is_initialized():
        kwargs: dict[str, Any] = {
            "include_dashboard": False,
            "logging_level": logging.WARNING,
            "configure_logging": False,
        }
        try:
            if address:
                ray.init(address=address, **kwargs)
            else:
                n = workers or os.cpu_count() or 1
                # One CPU slot more than workers, for the read tasks to run beside them.
                ray.init(num_cpus=n + 1, **kwargs)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise EngineError(f"cannot start or join Ray ({exc})", address=address or "") from None
        started = True
    if workers is None:
        cpus = int(ray.cluster_resources().get("CPU", 1))
        workers = max(1, cpus - 1)
    # One "execution finished" line per step is noise to a user; warnings still show.
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    data = ray.data.DataContext.get_current()
    data.enable_progress_bars = False
    data.print_on_execution_start = False
    return workers, started


def code(
    inputs: Sequence[str],
    out: str | Path,
    settings: Settings | None = None,
    *,
    address: str | None = None,
    workers: int | None = None,
    command: str = "api",
    progress: Callable[[int], None] | None = None,
) -> RayRun:
    """Code ``inputs`` on Ray into a Parquet output folder ``out``, then merge its events.

    Args:
        inputs: files, folders and globs, as for the local engine (not ``-``).
        out: the output folder (on a cluster, a path every node can write).
        address: a Ray cluster to join (``ray://host:10001`` or ``host:6379``); None
            starts Ray on this machine's cores.
        workers: how many coding workers (default: this machine's cores, or the
            cluster's CPUs less one).
        progress: called with the number of records of each finished batch.

    Raises:
        EngineError: Ray is not installed, or the cluster cannot be reached.
        InputError: stdin was given as input.
        StoreError: ``out`` is not a folder Dyad may write.
    """
    ray = _ray()
    settings = settings or Settings.from_env()
    if "-" in inputs:
        raise InputError("the Ray engine reads files, not stdin; save the input to a file first")
    paths = [str(Path(p).resolve()) for p in ingest.expand(inputs)]
    out_dir = parquet.prepare(out).resolve()
    started_at = datetime.now(UTC).replace(tzinfo=None)
    run = RayRun(uuid.uuid4().hex[:16], str(out_dir), 0)
    run.workers, started = _connect(address, workers)
    begin = time.perf_counter()
    status = "failed"
    try:
        _code(ray, run, paths, settings, progress)
        run.code_seconds = time.perf_counter() - begin
        _merge(ray, run)
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    except ray.exceptions.RayError as exc:
        raise EngineError(f"the run failed ({exc})", address=address or "") from None
    finally:
        run.seconds = time.perf_counter() - begin
        parquet.write_manifest(
            out_dir,
            {
                "run_id": run.run_id,
                "started_at": started_at.isoformat(),
                "finished_at": datetime.now(UTC).replace(tzinfo=None).isoformat(),
                "status": status,
                "command": command,
                "engine": "ray",
                "workers": run.workers,
                "inputs": list(inputs),
                "settings": settings.as_dict(),
                "versions": {"dyad": __version__, "spacy": spacy.__version__},
                "counts": {
                    "read": run.read,
                    "articles": run.articles,
                    "repeats": run.repeats,
                    "rejects": len(run.rejects),
                    "events": run.events,
                    "merged_events": run.merged,
                },
            },
        )
        if started:
            ray.shutdown()
    return run


def _code(
    ray: Any,
    run: RayRun,
    paths: list[str],
    settings: Settings,
    progress: Callable[[int], None] | None,
) -> None:
    if not paths:
        return
    files = ray.data.from_items([{"path": p} for p in paths], override_num_blocks=len(paths))
    # A read task asks for a quarter CPU: it runs beside the workers, and Ray does not fuse
    # it into the worker pool (fused, one worker would code every record of a file).
    records = files.map_batches(
        read_files,
        fn_kwargs={"settings": settings},
        batch_size=1,
        batch_format="pyarrow",
        num_cpus=0.25,
    )
    coded = records.map_batches(
        Coder,
        fn_constructor_kwargs={
            "settings": settings,
            "out": run.out,
            "run_id": run.run_id,
            "paths": paths,
        },
        batch_size=settings.batch_size,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=run.workers),
        num_cpus=1,
    )
    for done in coded.iter_rows():
        run.read += done["read"]
        run.articles += done["articles"]
        run.repeats += done["repeats"]
        run.events += done["events"]
        run.rejects += [line for line in done["rejects"].split("\n") if line]
        run.peak_mb[done["pid"]] = max(run.peak_mb.get(done["pid"], 0.0), done["peak_mb"])
        if progress:
            progress(done["read"])


def _merge(ray: Any, run: RayRun) -> None:
    """Near-duplicates, inferred dates and merged events, as distributed group-bys."""
    partitions = max(1, 2 * run.workers)
    run.merged = raymerge.run(ray, run.out, partitions)
