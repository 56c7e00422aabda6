"""Parsing in worker processes, so that it overlaps with everything after it.

    Iterable[Item] -> Iterator[(Item, list[Doc | Exception])]

``parse_ahead`` parses the texts of each item (a batch of articles) and yields the item
with one result per text, a ``Doc`` or the exception that parsing it raised, in the
order the items came. With one process it parses each item in this process when it is
asked for; with N, N worker processes parse the next items while this process works on
the current one.

A worker is a fresh interpreter (``_serve`` run by ``python -c``) that
loads the spaCy pipeline once, reads batches of texts on its stdin and answers each with
its docs serialised by ``Doc.to_bytes`` on its stdout. A fresh interpreter rather than
``multiprocessing``: nothing is forked from a process whose DuckDB or server threads may
hold locks, and the caller's ``__main__`` is not imported again (a script without an
``if __name__ == "__main__"`` guard works).

Each batch is parsed whole by one ``nlp.pipe`` call, in a worker or (while the workers
are still loading the pipeline) in this process, and the results are yielded in the
order of the items: the same docs, in the same order, whatever the number of workers.
A text that breaks the parser costs only itself (the batch is parsed again text by
text). A worker that dies is not replaced: this process parses what it would have.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from queue import SimpleQueue
from typing import IO, Any, Generic, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

log = logging.getLogger(__name__)

Item = TypeVar("Item")
Result = Doc | Exception
_HEADER = struct.Struct(">Q")  # the length of the pickled frame that follows
# Not sent back: tok2vec's output, which nothing after the parse reads (a tenth of a
# megabyte per thousand tokens), and the extension attributes, which Dyad does not set.
_EXCLUDE = ["tensor", "user_data"]
_READY = "ready"  # a worker's first answer, once it has loaded the pipeline
_WORKER = "import sys; from dyad.nlp.workers import _serve; _serve(sys.argv[1], int(sys.argv[2]))"


def parse_texts(nlp: Language, texts: Sequence[str], batch_size: int) -> list[Result]:
    """Parse texts in one ``nlp.pipe`` call; if it fails, text by text, keeping each error."""
    try:
        return list(nlp.pipe(texts, batch_size=batch_size))
    except Exception:
        log.exception("parsing a batch of %d texts failed; parsing them one by one", len(texts))
    results: list[Result] = []
    for text in texts:
        try:
            results.append(nlp(text))
        except Exception as exc:
            results.append(exc)
    return results


def parse_ahead(
    nlp: Language,
    model: str,
    items: Iterable[Item],
    texts: Callable[[Item], Sequence[str]],
    *,
    processes: int = 1,
    batch_size: int = 64,
) -> Iterator[tuple[Item, list[Result]]]:
    """Each item with the parse of its texts (a Doc or an exception each), in order.

    Args:
        nlp: the pipeline, loaded in this process: it parses when ``processes`` is 1 or a
            worker has died, and its vocabulary reads the workers' docs.
        model: the pipeline's package name, which the workers load.
        texts: the texts of an item; it is called when the item is taken from ``items``,
            up to ``2 * processes`` items ahead of the one yielded.
        processes: worker processes; 1 parses here, on demand, with no worker.
    """
    if processes <= 1:
        for item in items:
            yield item, parse_texts(nlp, texts(item), batch_size)
        return
    items = iter(items)
    first = next(items, None)
    second = next(items, None) if first is not None else None
    if second is None:  # one batch: starting workers would cost more than they save
        if first is not None:
            yield first, parse_texts(nlp, texts(first), batch_size)
        return
    pool = _Pool(model, processes, batch_size)
    pending: deque[_Batch[Item]] = deque()
    try:
        for item in chain((first, second), items):
            pending.append(_Batch(item, texts(item)))
            if len(pending) >= 2 * processes:
                yield pool.result(nlp, pending, batch_size)
        while pending:
            yield pool.result(nlp, pending, batch_size)
    finally:
        pool.close()


@dataclass
class _Batch(Generic[Item]):
    """An item waiting for its parse, and the worker it was sent to (None: not sent)."""

    item: Item
    texts: Sequence[str]
    worker: _Worker | None = None


class _Worker:
    """One worker process, and a thread that feeds it (so a full pipe never blocks us)."""

    def __init__(self, model: str, batch_size: int) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self.process = subprocess.Popen(
            [sys.executable, "-c", _WORKER, model, str(batch_size)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            start_new_session=True,  # Ctrl-C is for Dyad's process, which then closes us
        )
        self.outbox: SimpleQueue[Sequence[str] | None] = SimpleQueue()
        self.feeder = threading.Thread(target=self._feed, daemon=True)
        self.feeder.start()
        self.alive = True
        self.loaded = False
        self.sent: deque[None] = deque()  # one entry per batch sent and not yet answered

    def ready(self) -> bool:
        """Whether the worker is alive and has loaded the pipeline (it said so), at once."""
        if self.alive and not self.loaded:
            assert self.process.stdout is not None
            try:
                said = bool(select.select([self.process.stdout], [], [], 0)[0])
            except (OSError, ValueError):  # pipes cannot be polled here (Windows): wait
                said = True
            if said:
                self.loaded = self.receive() == _READY
        return self.alive and self.loaded

    def send(self, texts: Sequence[str]) -> None:
        self.sent.append(None)
        self.outbox.put(texts)

    def _feed(self) -> None:
        assert self.process.stdin is not None
        try:
            while (batch := self.outbox.get()) is not None:
                _write(self.process.stdin, list(batch))
            self.process.stdin.close()
        except (BrokenPipeError, OSError, ValueError):
            pass  # the worker died; its reader reports it

    def receive(self) -> Any:
        """The worker's next answer; None if it died (it is then given no more batches)."""
        assert self.process.stdout is not None
        if self.sent:
            self.sent.popleft()
        if not self.alive:
            return None
        try:
            answer = _read(self.process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError, struct.error) as exc:
            answer = None
            log.warning(
                "a parse worker stopped (%s, exit code %s); parsing in this process",
                type(exc).__name__,
                self.process.poll(),
            )
        if answer is None:
            self.alive = False
        return answer

    def close(self) -> None:
        """End the worker: it holds nothing but batches no one will read any more."""
        self.process.terminate()
        self.outbox.put(None)
        self.process.wait()
        self.feeder.join()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


class _Pool:
    """Worker processes, each sent batches once it has loaded the pipeline (until then,
    and for a worker that died, this process parses them), at most two at a time."""

    def __init__(self, model: str, processes: int, batch_size: int) -> None:
        self.workers = [_Worker(model, batch_size) for _ in range(processes)]
        log.info("parsing in %d worker processes", processes)

    def result(
        self, nlp: Language, pending: deque[_Batch[Item]], batch_size: int
    ) -> tuple[Item, list[Result]]:
        """The first pending item with its parse; first, send waiting batches to workers."""
        for batch in pending:
            if batch.worker is None:
                free = [w for w in self.workers if w.ready() and len(w.sent) < 2]
                if free:
                    batch.worker = min(free, key=lambda w: len(w.sent))
                    batch.worker.send(batch.texts)
        batch = pending.popleft()
        answer = batch.worker.receive() if batch.worker is not None else None
        if answer is None:  # sent to no worker, or to one that died
            return batch.item, parse_texts(nlp, batch.texts, batch_size)
        docs = [r if isinstance(r, Exception) else Doc(nlp.vocab).from_bytes(r) for r in answer]
        return batch.item, docs

    def close(self) -> None:
        for worker in self.workers:
            worker.close()


def _write(stream: IO[bytes], obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _read(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("no answer")
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("a cut answer")
    return pickle.loads(data)


def _portable(result: Result) -> bytes | Exception:
    """A doc as bytes; an exception as itself if it pickles, else as a RuntimeError."""
    if isinstance(result, Doc):
        return result.to_bytes(exclude=_EXCLUDE)
    try:
        pickle.loads(pickle.dumps(result))
    except Exception:
        return RuntimeError(f"{type(result).__name__}: {result}")
    return result


def _serve(model: str, batch_size: int) -> None:
    """A worker's life: parse each batch read on stdin, answer on stdout, until stdin ends."""
    from dyad.nlp import load

    nlp = load(model)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # anything printed goes to stderr, not into the answers
    _write(stdout, _READY)
    while True:
        try:
            batch = _read(stdin)
        except EOFError:
            return
        try:
            _write(stdout, [_portable(r) for r in parse_texts(nlp, batch, batch_size)])
        except BrokenPipeError:
            return  # the parent stopped reading: it needs no more
