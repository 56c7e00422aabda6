"""Event extraction on sentences of the kinds news is made of."""

from __future__ import annotations

from datetime import date

import pytest

import dyad


def _triples(text: str, when: str | None = None) -> set[tuple[str | None, str, str | None]]:
    return {
        (
            e.source.actor.code if e.source else None,
            e.plover_type,
            e.target.actor.code if e.target else None,
        )
        for e in dyad.code_text(text, when)
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X called on Y to ...": the content of the request is not an event of its own.
        (
            "The Kremlin on Tuesday called on the Venezuelan opposition to accept its defeat.",
            {("RUSGOV", "REQUEST", "VENOPP")},
        ),
        # coordinated sources: one event each
        (
            "Russia, Belarus and Turkey voiced support for Maduro.",
            {
                ("RUS", "SUPPORT", "VENGOV"),
                ("BLR", "SUPPORT", "VENGOV"),
                ("TUR", "SUPPORT", "VENGOV"),
            },
        ),
        # a title in front of the name gives country and sector
        (
            "Russian President Vladimir Putin congratulated Venezuelan President Nicolas Maduro.",
            {("RUSGOV", "SUPPORT", "VENGOV")},
        ),
        # a negated cooperative act is a refusal
        (
            "Venezuelan President Nicolas Maduro decided not to attend talks with the opposition.",
            {("VENGOV", "REJECT", "VENOPP")},
        ),
        # passive voice
        (
            "The opposition leader was arrested by Venezuelan police.",
            {("VENCOP", "COERCE", "VENOPP")},
        ),
        # a participle modifier: "US-backed"
        (
            "The US-backed opposition leader, Juan Guaido, spoke in Caracas.",
            {("USA", "SUPPORT", "VENOPP")},
        ),
    ],
)
def test_extract_sentences(text, expected):
    found = _triples(text, "2019-08-10")
    assert expected <= found, found


def test_extract_evidence_offsets_point_into_the_text():
    text = "The Kremlin on Tuesday called on the Venezuelan opposition to accept its defeat."
    (event,) = [e for e in dyad.code_text(text, "2024-07-30") if e.plover_type == "REQUEST"]
    assert event.sentence == text
    assert text[event.predicate_start : event.predicate_end] == "called"
    assert text[event.source.start : event.source.end] == "Kremlin"
    assert text[event.target.start : event.target.end] == "Venezuelan opposition"
    assert "predicates.csv" in event.rule


@pytest.mark.parametrize(
    ("text", "published", "expected", "precision"),
    [
        (
            "The Kremlin on Tuesday (30) called on the opposition to accept defeat.",
            "2024-07-30",
            date(2024, 7, 30),
            "day",
        ),  # the article's own weekday is the same day
        (
            "Putin congratulated Maduro on Monday (29) for his victory.",
            "2024-07-30",
            date(2024, 7, 29),
            "day",
        ),
        ("Putin congratulated Maduro for his victory.", "2024-07-30", date(2024, 7, 30), "day"),
        ("Putin congratulated Maduro in 2019.", "2024-07-30", date(2019, 1, 1), "year"),
    ],
)
def test_extract_event_dates(text, published, expected, precision):
    events = dyad.code_text(text, published)
    assert events, text
    assert (events[0].date, events[0].date_precision) == (expected, precision)


def test_extract_undated_article_has_unknown_date():
    (event, *_) = dyad.code_text("Putin congratulated Maduro on Monday.")
    assert event.date is None and event.date_source == "unknown"


def test_extract_location():
    events = dyad.code_text(
        "Maduro met opposition leader Juan Guaido in Barbados on Monday.", "2019-07-10"
    )
    assert any(e.location and e.location.country == "BRB" for e in events)


def test_extract_no_event_without_predicate():
    assert (
        dyad.code_text("Venezuela is in the midst of a terrible economic crisis.", "2021-08-13")
        == []
    )


def test_extract_question_is_not_kept():
    text = "Would the regime dare to arrest the opposition leader?"
    assert dyad.code_text(text, "2019-08-10") == []
