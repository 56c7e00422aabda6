"""The merge's pure core: blocking keys and merging one block."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dyad.merge import block_key, content_words, interval, merge, merge_block, neardup
from dyad.merge.mention import background
from dyad.records import EventMention

from conftest import SEEDS


def _m(id: str, article: str, **kw) -> EventMention:
    base = dict(
        id=id,
        article_id=article,
        publisher=None,
        article_date=date(2024, 7, 30),
        article_dated="published",
        duplicate_of=None,
        plover_type="SUPPORT",
        cameo="051",
        quadclass=1,
        source_actor_id="person:xi-jinping",
        source_code="CHNGOV",
        target_actor_id="person:nicolas-maduro",
        target_code="VENGOV",
        date=date(2024, 7, 30),
        date_precision="day",
        date_source="text",
        earliest=date(2024, 7, 30),
        latest=date(2024, 7, 30),
        background=False,
        words=content_words("Xi sent a congratulatory message to Maduro for his re-election"),
        sentence_start=0,
        predicate_start=0,
    )
    base.update(kw)
    return EventMention(**base)


def test_merge_block_key_is_dyad_either_way_round():
    a = _m("a", "A")
    b = replace(a, source_code="VENGOV", target_code="CHN")
    assert block_key(a) == block_key(b) == "CHN|VEN|dated"
    assert block_key(replace(a, date=None, earliest=None, latest=None)) == "CHN|VEN|article:A"
    assert block_key(replace(a, background=True)) == "CHN|VEN|background"


@pytest.mark.parametrize(
    ("precision", "source", "expected"),
    [
        ("day", "text", (date(2019, 8, 5), date(2019, 8, 5))),
        ("month", "text", (date(2019, 8, 1), date(2019, 8, 31))),
        ("year", "text", (date(2019, 1, 1), date(2019, 12, 31))),
        ("day", "article", (date(2019, 8, 2), date(2019, 8, 5))),
        ("unknown", "unknown", (None, None)),
    ],
)
def test_merge_interval_follows_precision(precision, source, expected):
    assert interval(date(2019, 8, 5), precision, source) == expected


def test_merge_within_article_repeats_become_one_event_with_reasons():
    first = _m("a1", "A", sentence_start=10)
    again = _m("a2", "A", sentence_start=200, words=content_words("Xi said Maduro has led"))
    (event,) = merge_block([again, first])
    assert event.mention_ids == ("a1", "a2") and event.n_mentions == 2 and event.n_articles == 1
    link = {lk.mention_id: lk for lk in event.links}
    assert link["a1"].joined_to is None and link["a2"].joined_to == "a1"
    assert "same article" in link["a2"].reason and "same actors" in link["a2"].reason


def test_merge_across_articles_counts_articles_and_sources():
    a = _m("a", "A", publisher="efe")
    b = _m("b", "B", publisher="xinhua", words=content_words("Xi congratulated Maduro"))
    c = _m("c", "C", publisher="xinhua", article_date=date(2024, 7, 31))
    (event,) = merge_block([c, b, a])
    assert (event.n_mentions, event.n_articles, event.n_sources) == (3, 3, 2)
    assert event.first_reported == date(2024, 7, 30)


def _on(day: date, last: date | None = None, precision: str = "day") -> dict:
    return {"date": day, "date_precision": precision, "earliest": day, "latest": last or day}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (_on(date(2019, 12, 31)), _on(date(2020, 1, 1))),
        (_on(date(2019, 12, 28), date(2020, 1, 3), "range"), _on(date(2020, 1, 2))),
        (_on(date(2019, 12, 31)), _on(date(2020, 1, 1), date(2020, 1, 31), "month")),
    ],
    ids=["new-year-days", "range-straddles", "december-day-january-month"],
)
def test_merge_across_new_year(first, second):
    # Blocks were keyed by year, so these reports of one happening never met.
    a = _m("a", "A", article_date=date(2020, 1, 1), **first)
    b = _m("b", "B", article_date=date(2020, 1, 2), **second)
    assert block_key(a) == block_key(b)
    (event,) = merge([a, b])
    assert (event.n_mentions, event.n_articles) == (2, 2)


@pytest.mark.parametrize(
    "change",
    [
        {"plover_type": "REJECT"},
        {"target_actor_id": "person:juan-guaido", "target_code": "VENOPP"},
        {"date": date(2024, 8, 20), "earliest": date(2024, 8, 20), "latest": date(2024, 8, 20)},
        {"background": True},
    ],
    ids=["type", "target", "date", "background"],
)
def test_merge_keeps_apart_what_differs(change):
    a = _m("a", "A")
    b = replace(_m("b", "B"), **change)
    assert len(merge([a, b])) == 2


def test_merge_never_joins_clusters_whose_dates_disagree():
    # A year-precision mention agrees with two different days; it may join one, not both.
    aug = _m("aug", "A", date=date(2019, 8, 5), earliest=date(2019, 8, 5), latest=date(2019, 8, 5))
    nov = replace(aug, id="nov", article_id="B", date=date(2019, 11, 1),
                  earliest=date(2019, 11, 1), latest=date(2019, 11, 1))  # fmt: skip
    year = replace(aug, id="yr", article_id="C", date=date(2019, 1, 1), date_precision="year",
                   earliest=date(2019, 1, 1), latest=date(2019, 12, 31))  # fmt: skip
    events = merge([aug, nov, year])
    assert sorted(len(e.mention_ids) for e in events) == [1, 2]


def test_merge_symmetric_types_merge_either_way_round():
    a = _m("a", "A", plover_type="CONSULT")
    b = replace(
        _m("b", "B", plover_type="CONSULT"),
        source_actor_id=a.target_actor_id,
        source_code=a.target_code,
        target_actor_id=a.source_actor_id,
        target_code=a.source_code,
    )
    (event,) = merge([a, b])
    assert "either way round" in event.links[1].reason


def test_merge_is_order_free_and_keeps_ids_when_more_arrive():
    a, b = _m("a", "A"), _m("b", "B")
    first = merge([a])
    previous = {link.mention_id: e.id for e in first for link in e.links}
    again = merge([b, a], previous)
    assert [e.id for e in again] == [first[0].id] and again == merge([a, b], previous)


def test_merge_near_duplicate_articles_do_not_inflate_counts():
    a = _m("a", "A")
    copy = _m("b", "B", duplicate_of="A")
    (event,) = merge([a, copy])
    assert (event.n_mentions, event.n_articles, event.n_duplicates) == (1, 1, 1)
    assert "near-duplicate" in event.links[1].reason


@pytest.mark.parametrize(
    ("sentence", "kwargs", "expected"),
    [
        (
            "Venezuela is in the midst of a terrible economic crisis, which has been compounded "
            "by a slew of new sanctions imposed by Washington in the aftermath of a disputed "
            "election in 2018.",
            {"quadclass": 4},
            (True, date(2018, 1, 1)),
        ),
        ("Previously, Maduro stated that he was seeking relief.", {"quadclass": 3}, (True, None)),
        (
            "Former US President Donald Trump slapped extensive penalties on Maduro.",
            {"quadclass": 4, "source_text": "Former US President Donald Trump"},
            (True, None),
        ),
        ("The Kremlin called on the opposition to accept defeat.", {"quadclass": 3}, (False, None)),
    ],
    ids=["earlier-year", "previously", "former-office-holder", "news"],
)
def test_merge_history_in_todays_article_is_background(sentence, kwargs, expected):
    found = background(sentence, date(2021, 8, 13), date_source="article", **kwargs)
    assert found[:2] == expected


def test_merge_background_needs_an_event_without_its_own_date():
    stated = background("Guaido declared himself president in 2019.", date(2021, 8, 13),
                        date_source="text", quadclass=1)  # fmt: skip
    assert stated[0] is False


def test_merge_near_duplicate_signatures_survive_light_edits_only():
    story = (SEEDS / "001_db61c14585fe4d18.txt").read_text()
    edited = story.replace("Last week", "Earlier this month").replace("voiced", "expressed")
    other = (SEEDS / "000_2a3f4ed957ddbd9d.txt").read_text()
    a, b, c = (neardup.signature(t) for t in (story, edited, other))
    assert neardup.similarity(a, b) >= neardup.THRESHOLD > neardup.similarity(a, c)
    assert set(neardup.bands(a)) & set(neardup.bands(b))
    assert neardup.signature(story) == a  # the same text signs the same in every run
