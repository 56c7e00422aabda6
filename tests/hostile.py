"""What every reader promises on any input, checked by the property tests and the fuzzer.

``check_records`` asserts the promise for the records read from one input: each is an
Article or a Rejected with a reason; an article has words, holds only text a store can
encode, and a date that is unknown or plausible, with a known flag.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from dyad.ingest.clean import has_words
from dyad.ingest.dates import FLAGS
from dyad.records import Article, Rejected, content_id

# Characters the cleaner removes: controls (but newline), zero-width and bidi controls,
# and half surrogate pairs.
_UNCLEAN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\ud800-\udfff]"
)
FORMATS = (".txt", ".jsonl", ".csv", ".html")


def _encodable(value: str | None, what: str) -> None:
    if value is not None:
        value.encode("utf-8")  # raises on what no UTF-8 store can hold
        assert isinstance(value, str), what


def check_records(records: Sequence[object], path: str) -> None:
    """Assert the readers' promise for the records read from the input at ``path``."""
    assert records, f"{path}: an input gave no record at all"
    latest = date.today() + timedelta(days=1)
    for record in records:
        if isinstance(record, Rejected):
            assert record.reason.strip(), f"{path}: a reject without a reason"
            assert record.origin.path == path
            assert record.message.startswith(path)
            for value in (record.reason, record.excerpt, record.origin.locator):
                _encodable(value, "reject")
            continue
        assert isinstance(record, Article), f"{path}: {type(record).__name__} is not a record"
        assert has_words(record.text), f"{path}: an article without words"
        assert not _UNCLEAN.search(record.text), f"{path}: unclean characters kept"
        assert record.id == content_id(record.text)
        for value in (
            record.text,
            record.title,
            record.url,
            record.source,
            record.external_id,
            record.date_given,
            record.origin.locator,
        ):
            _encodable(value, "article")
        assert record.date_flag is None or record.date_flag in FLAGS
        if record.date is not None:
            assert date(1900, 1, 1) <= record.date <= latest, record.date
        assert record.date_source in ("field", "html", "marker", "none")
        assert (record.date is None) == (record.date_source == "none")
