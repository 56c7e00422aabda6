"""Readers: turn input paths into a lazy stream of Article or Rejected records.

One reader per format. Each yields one record per input record, so nothing read
is lost: what cannot become an article becomes a ``Rejected`` with its reason.
"""

from __future__ import annotations

import codecs
import csv
import glob
import io
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import charset_normalizer

from dyad.config import Settings
from dyad.ingest.clean import (
    clean_field,
    clean_text,
    guess_title,
    has_words,
    split_date_marker,
    visible_text,
)
from dyad.ingest.dates import check_article_date
from dyad.records import Article, Origin, Rejected, content_id

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}
HTML_SUFFIXES = {".html", ".htm"}
PARQUET_SUFFIXES = {".parquet"}
SUPPORTED = TEXT_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | HTML_SUFFIXES | PARQUET_SUFFIXES
# trafilatura's own limit; a bigger page is refused with that reason, not dropped silently.
MAX_HTML_BYTES = 20_000_000

Record = Article | Rejected


def expand(paths: Iterable[str]) -> Iterator[str]:
    """Files named, files under folders (recursive, sorted), glob matches, and ``-``.

    Inside folders only supported formats are read; other files are logged and skipped.
    A path that matches nothing is yielded as is, so the reader reports it.
    """
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.name.startswith(".") or not (child.is_file() or child.is_symlink()):
                    continue
                if child.suffix.lower() in SUPPORTED:
                    yield str(child)
                else:
                    log.info("skipping %s: not a supported input format", child)
        elif not path.exists() and glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield raw
            yield from expand(matches)
        else:
            yield raw


def read(paths: Iterable[str], settings: Settings | None = None) -> Iterator[Record]:
    """Read every input, yielding an Article or a Rejected for each record."""
    settings = settings or Settings()
    for name in expand(paths):
        yield from read_file(name, settings)


def read_file(name: str, settings: Settings) -> Iterator[Record]:
    # A file name that is not UTF-8 reaches Python with surrogate escapes; show it printable.
    origin = Origin(name.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
    try:
        if name == "-":
            stream: BinaryIO = sys.stdin.buffer
            data = stream.read()
            kind = ".jsonl" if data.lstrip()[:1] == b"{" else ".txt"
            yield from read_bytes(data, kind, origin, settings)
            return
        suffix = Path(name).suffix.lower()
        if suffix in JSONL_SUFFIXES:
            with open(name, "rb") as handle:
                yield from _read_jsonl(handle, origin, settings)
        elif suffix in PARQUET_SUFFIXES:
            yield from _read_parquet(name, origin, settings)
        else:
            yield from read_bytes(Path(name).read_bytes(), suffix, origin, settings)
    except FileNotFoundError:
        yield Rejected.of(origin, "no such file or folder")
    except IsADirectoryError:
        yield Rejected.of(origin, "is a directory that could not be listed")
    except PermissionError:
        yield Rejected.of(origin, "cannot be read: permission denied")
    except OSError as exc:
        yield Rejected.of(origin, f"cannot be read: {exc.strerror or exc}")


def read_bytes(data: bytes, suffix: str, origin: Origin, settings: Settings) -> Iterator[Record]:
    """Records from the bytes of one input whose format ``suffix`` (".jsonl", ".csv" ...) names."""
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(io.BytesIO(data), origin, settings)
        return
    if suffix in CSV_SUFFIXES:
        yield from _read_csv(data, origin, settings)
        return
    if not data.strip():
        yield Rejected.of(origin, "file is empty")
        return
    text = decode(data)
    if text is None:
        yield Rejected.of(origin, _why_undecodable(data), _peek(data))
        return
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(text)):
        if len(data) > MAX_HTML_BYTES:
            size = f"{len(data) / 1e6:.0f} MB"
            yield Rejected.of(
                origin,
                f"HTML page is {size}, over the {MAX_HTML_BYTES // 10**6} MB "
                "that can be parsed; save its text as .txt to code it",
                _peek(data),
            )
            return
        yield _from_html(text, origin)
    else:
        yield make_article(text, {}, origin)


def _read_jsonl(handle: BinaryIO, origin: Origin, settings: Settings) -> Iterator[Record]:
    columns = settings.columns
    seen_any = False
    for number, raw in enumerate(handle, start=1):
        if not raw.strip():
            continue
        seen_any = True
        where = Origin(origin.path, f"line {number}")
        line = decode(raw)
        if line is None:
            yield Rejected.of(where, _why_undecodable(raw), _peek(raw))
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejected.of(where, f"not valid JSON ({exc.msg} at column {exc.colno})", line)
            continue
        except RecursionError:
            yield Rejected.of(where, "JSON is nested too deeply to read", line)
            continue
        except ValueError as exc:  # e.g. an integer of more than 4300 digits
            yield Rejected.of(where, f"JSON value cannot be read ({exc})", line)
            continue
        if not isinstance(record, dict):
            kind = type(record).__name__
            yield Rejected.of(where, f"expected a JSON object, found {kind}", line)
            continue
        yield _from_mapping(record, columns, where, line)
    if not seen_any:
        yield Rejected.of(origin, "file is empty")


def _read_csv(data: bytes, origin: Origin, settings: Settings) -> Iterator[Record]:
    columns = settings.columns
    if not data.strip():
        yield Rejected.of(origin, "file is empty")
        return
    text = decode(data)
    if text is None:
        yield Rejected.of(origin, _why_undecodable(data), _peek(data))
        return
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    text_column = columns["text"]
    if text_column not in header:
        found = ", ".join(repr(h) for h in header) or "none"
        yield Rejected.of(
            origin,
            f"CSV has no {text_column!r} column (columns: {found}); "
            f"name the text column with --csv-column text=NAME",
        )
        return
    row_start = 2
    while True:
        where = Origin(origin.path, f"line {row_start}")
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # The reader carries on at the next line; one bad row never ends the file.
            yield Rejected.of(where, f"malformed CSV: {exc}")
            row_start = reader.line_num + 1
            continue
        row_start = reader.line_num + 1
        if None in row:
            yield Rejected.of(where, "row has more fields than the header", str(row[None]))
            continue
        yield _from_mapping(row, columns, where, json.dumps(row)[:200])


def _read_parquet(name: str, origin: Origin, settings: Settings) -> Iterator[Record]:
    """Rows of a Parquet file with the same fields as CSV/JSONL; pyarrow is the ray extra's."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield Rejected.of(
            origin, "reading Parquet needs pyarrow: pip install 'dyad-events[ray]' (or pyarrow)"
        )
        return
    columns = settings.columns
    try:
        handle = pq.ParquetFile(name)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        yield Rejected.of(origin, f"not a readable Parquet file ({exc})")
        return
    header = handle.schema_arrow.names
    if columns["text"] not in header:
        yield Rejected.of(
            origin,
            f"Parquet file has no {columns['text']!r} column (columns: "
            f"{', '.join(repr(h) for h in header) or 'none'}); "
            f"name the text column with --csv-column text=NAME",
        )
        return
    wanted = [c for c in columns.values() if c in header]
    number = 0
    for batch in handle.iter_batches(batch_size=1024, columns=wanted):
        for row in batch.to_pylist():
            number += 1
            raw = json.dumps(row, default=str)[:200]
            yield _from_mapping(row, columns, Origin(origin.path, f"row {number}"), raw)


def _from_mapping(
    record: Mapping[str, Any], columns: Mapping[str, str], where: Origin, raw: str
) -> Record:
    text = record.get(columns["text"])
    if not isinstance(text, str) or not text.strip():
        found = "missing" if text is None else ("empty" if text == "" else type(text).__name__)
        return Rejected.of(
            where,
            f'field "{columns["text"]}" is {found}; every record needs non-empty text',
            raw,
        )
    meta = {key: record.get(column) for key, column in columns.items() if key != "text"}
    return make_article(text, meta, where, date_source="field")


def _from_html(html: str, origin: Origin) -> Record:
    import trafilatura  # imported here: loading it costs ~0.3 s that text-only runs skip

    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises many types on hostile markup
        log.info("%s: trafilatura failed (%s: %s)", origin, type(exc).__name__, exc)
        doc = None
    if doc is None or not (doc.text or "").strip():
        # Markup the extractor cannot read (e.g. nested deeper than lxml goes) still
        # holds words: keep every visible one rather than lose the page.
        try:
            text, title = visible_text(html)
        except (AssertionError, ValueError) as exc:  # html.parser on "<![" junk (fuzzer)
            return Rejected.of(origin, f"HTML could not be parsed ({type(exc).__name__}: {exc})")
        if not has_words(text):
            return Rejected.of(origin, "HTML page has no article text that could be extracted")
        return make_article(text, {"title": title}, origin, date_source="html")
    meta = {"title": doc.title, "date": doc.date, "url": doc.url, "source": doc.sitename}
    return make_article(doc.text, meta, origin, date_source="html")


def make_article(
    raw_text: str, meta: Mapping[str, Any], origin: Origin, *, date_source: str = "field"
) -> Record:
    """Clean a text and its metadata into an Article, or say why it cannot be one."""
    marker, body = split_date_marker(raw_text)
    if not has_words(body):
        return Rejected.of(
            origin, "text has no words (only spaces, punctuation or symbols)", raw_text
        )
    text = clean_text(body)
    if not has_words(text):
        return Rejected.of(origin, "text is empty once site boilerplate is removed", raw_text)
    # A doubtful date never costs the article: it is left unknown (or kept) and flagged.
    checked = check_article_date(meta.get("date"))
    source = date_source if checked.date else "none"
    if checked.date is None and marker is not None:
        from_marker = check_article_date(marker)
        if from_marker.date is not None:
            source = "marker"
        if from_marker.date is not None or checked.flag is None:
            checked = from_marker
    if checked.flag:
        log.info("%s: %s", origin, checked.reason)
    return Article(
        id=content_id(text),
        text=text,
        title=clean_field(meta.get("title")) or guess_title(text),
        date=checked.date,
        date_source=source,
        url=clean_field(meta.get("url")),
        source=clean_field(meta.get("source")),
        origin=origin,
        external_id=clean_field(meta.get("id")),
        date_flag=checked.flag,
        date_given=checked.given,
    )


def _single_bytes(error: UnicodeError) -> tuple[str, int]:
    """Decode error handler: read bytes that are not UTF-8 as Windows-1252 (else Latin-1)."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return "".join(_CP1252.get(b, chr(b)) for b in bad), error.end


_CP1252 = {b: bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(0x80, 0x100)}
codecs.register_error("dyad-single-bytes", _single_bytes)
# A valid multi-byte UTF-8 sequence: a file holding one is UTF-8 with some stray bytes.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else the encoding charset-normalizer detects; None if binary.

    A file that is mostly UTF-8 with stray single-byte characters (text pasted together
    from UTF-8 and Windows-1252 sources) keeps its UTF-8 and reads the strays as Windows-1252.
    """
    if _is_binary(data):
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig").replace("\x00", "")
    except UnicodeDecodeError:
        pass
    if _UTF8_SEQUENCE.search(data):
        return data.decode("utf-8-sig", errors="dyad-single-bytes")
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    if best.encoding.startswith(("utf_16", "utf_32")):
        # Without a BOM and without NUL bytes this is a guess on too few bytes.
        return data.decode("ascii", errors="dyad-single-bytes")
    text = str(best)
    return None if "\x00" in text else text


def _why_undecodable(data: bytes) -> str:
    if _is_binary(data):
        return "binary file (contains NUL bytes), not text"
    return "bytes are not UTF-8 and no text encoding could be detected"


def _is_binary(data: bytes) -> bool:
    """NUL bytes mark binary data (images, archives, UTF-16 without a BOM), unless they are
    a few strays in text: more than 1 in 100 of the first 8 KiB is binary when the bytes
    are not UTF-8 or the NULs fall on every other byte, as UTF-16's do. Valid UTF-8 with
    NULs elsewhere is text with strays (a CSV field holding one), read without them."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    head = data[:8192]
    nuls = head.count(b"\x00")
    if nuls <= 1 + len(head) // 100:
        return False
    if head.startswith(b"\x00"):
        return True  # text does not open with NULs; many binary formats do
    half = max(len(head) // 2, 1)
    if max(head[0::2].count(0), head[1::2].count(0)) > 0.3 * half:
        return True  # UTF-16 (or UTF-32) without a BOM
    try:
        head.decode("utf-8", errors="surrogatepass")
    except UnicodeDecodeError as exc:
        return exc.start < len(head) - 3  # a sequence cut at 8 KiB is no evidence
    return False


def _looks_like_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


def _peek(data: bytes) -> str:
    return data[:80].decode("utf-8", "replace")
