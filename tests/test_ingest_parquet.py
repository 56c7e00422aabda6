"""Parquet input (pyarrow, from the ray extra): rows become articles, bad rows rejects."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dyad.ingest import read
from dyad.records import Article, Rejected


def test_ingest_parquet_rows_become_articles_and_bad_rows_rejects(tmp_path: Path):
    path = tmp_path / "feed.parquet"
    rows = [
        {"id": "a1", "text": "Russia voiced support for Maduro.", "date": "2019-01-24"},
        {"id": "a2", "text": "   ", "date": "2019-01-25"},
        {"id": "a3", "text": "The EU imposed sanctions on Venezuela.", "date": "2030-01-01"},
    ]
    pq.write_table(pa.Table.from_pylist(rows), path)
    found = list(read([str(tmp_path)]))
    assert [type(r) for r in found] == [Article, Rejected, Article]
    assert found[0].external_id == "a1" and found[0].date.isoformat() == "2019-01-24"
    assert [r.origin.locator for r in found] == ["row 1", "row 2", "row 3"]
    assert "non-empty text" in found[1].reason
    # A date in the future is not trusted: the article is kept, undated, with the flag.
    assert found[2].date is None and found[2].date_flag == "future"
    assert found[2].date_given == "2030-01-01"


def test_ingest_parquet_without_text_column_is_rejected_with_the_fix(tmp_path: Path):
    path = tmp_path / "feed.parquet"
    pq.write_table(pa.table({"body": ["Russia voiced support for Maduro."]}), path)
    [reject] = list(read([str(path)]))
    assert isinstance(reject, Rejected)
    assert "no 'text' column (columns: 'body')" in reject.reason
    assert "--csv-column text=NAME" in reject.reason


def test_ingest_parquet_not_parquet_is_rejected(tmp_path: Path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"not a parquet file at all")
    [reject] = list(read([str(path)]))
    assert isinstance(reject, Rejected) and "not a readable Parquet file" in reject.reason
