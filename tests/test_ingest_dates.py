"""Article dates from input are checked, not trusted: doubtful ones are flagged, never fatal."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dyad.api import Dyad
from dyad.errors import InputError
from dyad.ingest import read
from dyad.ingest.dates import BadDate, check_article_date, parse_article_date
from dyad.records import Article

TODAY = date(2024, 8, 1)


@pytest.mark.parametrize(
    ("value", "expected", "flag", "words"),
    [
        ("2021-08-13", date(2021, 8, 13), None, ""),
        ("2021-08-13T09:30:00Z", date(2021, 8, 13), None, ""),
        ("13 August 2021", date(2021, 8, 13), None, ""),
        ("Friday, 13 August 2021", date(2021, 8, 13), None, ""),
        ("Fri, 13 Aug 2021 10:00:00 GMT", date(2021, 8, 13), None, ""),
        ("Tuesday, 13 August 2021", date(2021, 8, 13), "weekday_mismatch", "was a Friday"),
        ("Mon 2021-08-13", date(2021, 8, 13), "weekday_mismatch", "says Mon"),
        ("2021-02-30", None, "impossible", "does not exist"),
        ("2021-13-01", None, "impossible", "does not exist"),
        ("1899-12-31", None, "before_1900", "before 1900"),
        ("0001-01-01", None, "before_1900", "before 1900"),
        ("2024-08-02", date(2024, 8, 2), None, ""),  # a time zone ahead: plausible
        ("2024-08-03", None, "future", "in the future"),
        ("3024-01-01", None, "future", "in the future"),
        ("13th of Smarch", None, "unparseable", "not a date"),
        ("yesterday", None, "unparseable", "not a date"),  # relative to what?
        ("12 " * 500, None, "unparseable", "not a date"),
        ("", None, None, ""),
        (None, None, None, ""),
        (date(2020, 5, 1), date(2020, 5, 1), None, ""),
    ],
)
def test_ingest_dates_checked_and_flagged(value, expected, flag, words):
    checked = check_article_date(value, today=TODAY)
    assert (checked.date, checked.flag) == (expected, flag)
    assert words in checked.reason
    if flag:
        assert checked.given and len(checked.given) <= 200
        assert len(checked.reason) < 200  # a huge value is shown cut, not whole


def test_ingest_dates_caller_dates_are_refused_when_doubtful():
    with pytest.raises(BadDate, match="does not exist"):
        parse_article_date("2021-02-30")
    assert parse_article_date("Tuesday, 13 August 2021") == date(2021, 8, 13)


def test_ingest_dates_doubtful_dates_keep_the_article(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    rows = [
        {"text": "Cuba backed Maduro.", "date": "2021-02-30"},
        {"text": "Iran backed Maduro.", "date": "2999-01-01"},
        {"text": "Russia backed Maduro.", "date": "1850-06-01"},
        {"text": "Syria backed Maduro.", "date": "Tuesday, 13 August 2021"},
        {"text": "China backed Maduro.", "date": "13th of Smarch"},
        {"text": "Turkey backed Maduro.", "date": "2021-08-13"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    records = list(read([str(path)]))
    assert all(isinstance(r, Article) for r in records)
    flags = [(r.date, r.date_flag, r.date_given) for r in records]
    assert flags == [
        (None, "impossible", "2021-02-30"),
        (None, "future", "2999-01-01"),
        (None, "before_1900", "1850-06-01"),
        (date(2021, 8, 13), "weekday_mismatch", "Tuesday, 13 August 2021"),
        (None, "unparseable", "13th of Smarch"),
        (date(2021, 8, 13), None, "2021-08-13"),
    ]
    assert [r.date_source for r in records] == ["none"] * 3 + ["field", "none", "field"]


def test_ingest_dates_impossible_marker_is_flagged(tmp_path: Path):
    (tmp_path / "a.txt").write_text(" date 2021-02-30 Cuba backed Maduro on Monday.")
    (article,) = read([str(tmp_path / "a.txt")])
    assert isinstance(article, Article)
    assert (article.date, article.date_flag, article.date_source) == (None, "impossible", "none")
    assert article.text == "Cuba backed Maduro on Monday."


def test_ingest_dates_flags_are_stored_and_listed(tmp_path: Path, cli):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "Cuba backed Maduro.", "date": "2021-02-30"}) + "\n")
    db = tmp_path / "s.duckdb"
    result = cli("code", path, "--db", db)
    assert "1 with a doubtful date" in result.stderr
    (row,) = Dyad(db).articles()
    assert (row["date"], row["date_flag"], row["date_given"]) == (None, "impossible", "2021-02-30")
    listing = cli("articles", "--db", db)
    assert "impossible" in listing.stdout


def test_ingest_dates_query_bounds_may_lie_in_the_future(tmp_path: Path):
    # Regression: query bounds went through the article-date check, so "until 2999" failed.
    db = tmp_path / "s.duckdb"
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "Cuba praised Iran.", "date": "2021-08-13"}) + "\n")
    Dyad(db).code([str(path)])
    assert Dyad(db).events()
    assert Dyad(db).events(until="2999-01-01") == Dyad(db).events()
    assert Dyad(db).events(since=date(2999, 1, 1)) == []
    with pytest.raises(InputError, match="not a YYYY-MM-DD date"):
        Dyad(db).events(since="last spring")
