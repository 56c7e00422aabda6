"""Ingest: every input record becomes an article or a reject with a reason."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from dyad.config import Settings
from dyad.ingest import read
from dyad.ingest.clean import clean_text, split_date_marker
from dyad.records import Article, Rejected

from conftest import DEMO, SEEDS


def _read(*paths: object, settings: Settings | None = None) -> list[Article | Rejected]:
    return list(read([str(p) for p in paths], settings))


def test_ingest_seed_dates_and_cleaning():
    articles = {a.origin.path.rsplit("/", 1)[-1][:3]: a for a in _read(SEEDS)}
    assert articles["000"].date == date(2021, 8, 13)
    assert articles["000"].date_source == "marker"
    assert articles["001"].date is None and articles["001"].date_source == "none"
    assert articles["002"].date == date(2024, 7, 30)
    for article in articles.values():
        assert "Latest News" not in article.text
        assert not article.text.lstrip().startswith("date ")
    assert articles["000"].text.startswith("Following the United States' call")


@pytest.mark.parametrize(
    ("raw", "marker", "rest"),
    [
        (" date 2021-08-13 Following the call.", "2021-08-13", "Following the call."),
        ("date 2024-07-30 The Kremlin said.", "2024-07-30", "The Kremlin said."),
        ("The date 2021-08-13 is here.", None, "The date 2021-08-13 is here."),
        ("No marker here.", None, "No marker here."),
    ],
)
def test_ingest_date_marker(raw, marker, rest):
    assert split_date_marker(raw) == (marker, rest)


@pytest.mark.parametrize(
    "junk",
    [
        "Latest News",
        "Share this article",
        "Subscribe to our newsletter",
        "Twitter",
        "Read more",
        "Most read",
        "© 2024 Example Media. All rights reserved.",
    ],
)
def test_ingest_boilerplate_lines_removed(junk):
    text = f"Maduro spoke in Caracas on Monday.\n\n{junk}\n\nThe opposition rejected the results."
    cleaned = clean_text(text)
    assert junk not in cleaned
    assert "The opposition rejected the results." in cleaned


def test_ingest_trailing_navigation_fragments_removed():
    cleaned = clean_text("Maduro spoke on Monday.\n\nHome\nWorld | Americas\nVenezuela")
    assert cleaned == "Maduro spoke on Monday."


def test_ingest_normalises_quotes_and_spaces_length_preserving_quotes():
    cleaned = clean_text("He said \u201cno\u201d  to  the \u2018deal\u2019.")
    assert cleaned == "He said \"no\" to the 'deal'."


def test_ingest_same_text_same_id(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Russia voiced support for Maduro on Monday.")
    (tmp_path / "b.txt").write_text("Russia voiced support for Maduro on Monday.\n\nLatest News")
    first, second = _read(tmp_path / "a.txt", tmp_path / "b.txt")
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == second.id


def test_ingest_jsonl_fields_and_date(tmp_path: Path):
    path = tmp_path / "wire.jsonl"
    path.write_text(
        json.dumps(
            {
                "id": "w1",
                "text": "Cuba backed Maduro.",
                "date": "2019-01-24",
                "title": "Cuba backs Maduro",
                "url": "https://news.example.org/1",
                "source": "Wire",
            }
        )
        + "\n"
    )
    (article,) = _read(path)
    assert isinstance(article, Article)
    assert (article.date, article.date_source, article.title, article.external_id) == (
        date(2019, 1, 24),
        "field",
        "Cuba backs Maduro",
        "w1",
    )
    assert article.origin.locator == "line 1"


def test_ingest_csv_configurable_columns(tmp_path: Path):
    path = tmp_path / "export.csv"
    path.write_text('body,published\n"Iran voiced support for Maduro.",2019-01-25\n')
    settings = Settings().with_columns(text="body", date="published")
    (article,) = _read(path, settings=settings)
    assert isinstance(article, Article) and article.date == date(2019, 1, 25)


def test_ingest_html_page_text_and_metadata():
    (page,) = sorted((DEMO / "pages").glob("*.html"))
    (article,) = _read(page)
    assert isinstance(article, Article)
    assert article.date is not None and article.date_source == "html"
    assert article.title
    assert "cookie" not in article.text.lower()


def test_ingest_latin1_is_decoded(tmp_path: Path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Nicolás Maduro met the opposition in Caracas on Tuesday.".encode("latin-1"))
    (article,) = _read(path)
    assert isinstance(article, Article) and "Nicolás" in article.text


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Write one bad input per kind; return file name -> words its reject reason must hold."""
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (folder / "punctuation.txt").write_text("... !!! ---")
    (folder / "no_text_column.csv").write_text("body,date\nhello,2020-01-01\n")
    os.symlink(folder / "missing-target.txt", folder / "dangling.txt")
    return {
        "empty.txt": "empty",
        "binary.txt": "binary",
        "punctuation.txt": "no words",
        "no_text_column.csv": "no 'text' column",
        "dangling.txt": "no such file",
    }


def test_ingest_bad_inputs_rejected_with_reason(tmp_path: Path):
    expected = _bad_inputs(tmp_path)
    records = _read(tmp_path)
    rejects = {Path(r.origin.path).name: r for r in records if isinstance(r, Rejected)}
    assert set(rejects) == set(expected)
    for name, words in expected.items():
        assert words in rejects[name].reason, rejects[name].message
        assert name in rejects[name].message


def test_ingest_malformed_jsonl_line_named(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    good = json.dumps({"text": "Russia backed Maduro."})
    path.write_text(f"{good}\n{{not json\n[1, 2]\n{json.dumps({'text': ''})}\n{good}\n")
    records = _read(path)
    assert [type(r).__name__ for r in records] == [
        "Article",
        "Rejected",
        "Rejected",
        "Rejected",
        "Article",
    ]
    assert [r.origin.locator for r in records] == [f"line {n}" for n in range(1, 6)]
    assert "not valid JSON" in records[1].reason
    assert "expected a JSON object" in records[2].reason
    assert 'field "text" is empty' in records[3].reason


def test_ingest_mixed_folder_loses_no_record(tmp_path: Path):
    """Every record of a mixed folder comes out as exactly one article or reject."""
    _bad_inputs(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.txt").write_text(" date 2019-08-06 Washington froze assets.")
    lines = [
        json.dumps({"text": f"Story {i} about Venezuela.", "date": "2020-01-0" + str(i)})
        for i in range(1, 6)
    ] + ["{broken"]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "rows.csv").write_text("id,text\n1,First row text.\n2,\n3,Third row text.\n")
    (tmp_path / "notes.md").write_text("not an input format: skipped, not a record")
    expected_records = 5 + 1 + 6 + 3  # bad inputs, one txt, jsonl lines, csv rows
    records = _read(tmp_path)
    assert len(records) == expected_records
    assert sum(isinstance(r, Article) for r in records) == 1 + 5 + 2


def test_ingest_glob_pattern(tmp_path: Path):
    for name in ("a.txt", "b.txt", "c.jsonl"):
        (tmp_path / name).write_text(f"Russia voiced support for Maduro ({name}).")
    records = _read(tmp_path / "*.txt")
    assert sorted(Path(r.origin.path).name for r in records) == ["a.txt", "b.txt"]


def test_ingest_glob_matching_nothing_is_a_reject(tmp_path: Path):
    (reject,) = _read(tmp_path / "*.nothing")
    assert isinstance(reject, Rejected) and "no such file" in reject.reason
