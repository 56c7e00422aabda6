"""The merge against a real store: one happening told by three articles, near-duplicates,
inferred dates, re-runs, and the CLI that shows it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dyad import api, evaluate
from dyad.api import Dyad
from dyad.config import Settings

from conftest import GOLD, SEEDS

SUMMIT = Path(__file__).parent / "corpus" / "summit"
FILES = sorted(str(p) for p in SUMMIT.glob("*.txt"))


def _consult(store: Dyad) -> list[dict]:
    return [e for e in store.events(type="CONSULT") if e["source_code"][:3] in ("CHN", "RUS")]


def test_merge_store_three_articles_one_event_with_the_right_date(db: Path):
    store = Dyad(db)
    store.code([str(SUMMIT)])
    (event,) = _consult(store)
    assert (event["n_mentions"], event["n_articles"], event["n_sources"]) == (3, 3, 3)
    assert event["n_duplicates"] == 1  # the republished copy joins but is not counted
    assert event["event_date"] == date(2023, 3, 20) and event["date_precision"] == "day"
    assert event["first_reported"] == date(2023, 3, 21)
    shown = store.event(event["id"])
    assert len(shown["mentions"]) == 4
    assert all(m["reason"] for m in shown["mentions"])
    undated = [m for m in shown["mentions"] if m["article_dated"] == "inferred"]
    assert len(undated) == 1 and undated[0]["article_date"] == date(2023, 3, 20)
    assert "reports the CONSULT" in undated[0]["date_reason"]


def test_merge_store_more_articles_update_events_without_duplicating(db: Path):
    store = Dyad(db)
    store.code(FILES[:1])
    (first,) = _consult(store)
    store.code(FILES[1:])
    (after,) = _consult(store)
    assert after["id"] == first["id"] and after["n_articles"] == 3
    before = _without_times(store.events())
    assert store.merge() == store.merge()
    assert _without_times(store.events()) == before


def _without_times(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k != "merged_at"} for row in rows]


def test_merge_store_coding_twice_changes_no_merged_event(db: Path):
    store = Dyad(db)
    store.code([str(SUMMIT)])
    before, counts = _without_times(store.events()), store.merge_counts()
    store.code([str(SUMMIT)])
    assert _without_times(store.events()) == before and store.merge_counts() == counts
    assert counts == {
        "mentions": 4,
        "events": 1,
        "duplicate_articles": 1,
        "inferred_dates": 1,
        "unmerged": 0,
    }


def test_merge_store_undated_article_first_is_dated_when_the_others_arrive(db: Path):
    store = Dyad(db)
    store.code(FILES[2:3])  # the undated article alone: nothing to date it by
    assert all(e["date_source"] != "inferred" for e in store.events())
    assert all(e["event_date"] is None for e in store.events())
    store.code(FILES)
    (event,) = _consult(store)
    assert event["n_articles"] == 3 and event["event_date"] == date(2023, 3, 20)
    dated = {m["article_dated"] for m in store.event(event["id"])["mentions"]}
    assert dated == {"published", "inferred"}


def test_merge_store_seeds_mark_history_as_background(db: Path):
    store = Dyad(db)
    store.code([str(SEEDS)])
    rows = [e for e in store.events() if e["background"]]
    assert any("Previously" in e["sentence"] for e in rows)
    assert all(e["event_date"] is None for e in rows)


def test_merge_cli_events_merged_by_default_and_event_shows_why(cli, db: Path):
    cli("code", SUMMIT, "--db", db)
    merged = [
        json.loads(r)
        for r in cli("events", "--db", db, "--format", "jsonl").stdout.split("\n")
        if r
    ]
    mentions = cli("events", "--db", db, "--mentions", "--format", "jsonl").stdout.splitlines()
    assert len(mentions) > len(merged)
    top = max(merged, key=lambda e: e["n_articles"])
    shown = cli("event", top["id"], "--db", db)
    assert shown.exit_code == 0
    assert "3 mentions in 3 articles" in shown.stdout and "why: same type CONSULT" in shown.stdout
    assert "inferred" in shown.stdout
    missing = cli("event", "nope", "--db", db)
    assert missing.exit_code == 1 and "no merged event" in missing.stderr
    again = cli("merge", "--db", db)
    assert again.exit_code == 0 and "near-duplicate articles" in again.stderr


def test_merge_eval_precision_does_not_fall_on_the_seeds():
    records = evaluate.read_gold(GOLD / "seeds_gold.jsonl")
    plain = api.evaluate_records(records, merged=False)
    merged = api.evaluate_records(records, merged=True)
    for level in ("country", "full"):
        assert merged["events"][level]["precision"] >= plain["events"][level]["precision"]
    assert merged["merge"]["merged"] >= 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia, Belarus and Turkey voiced support for Maduro.", None),
        ("An August 5, 2019 order froze assets. It came a week after talks.", date(2019, 8, 5)),
    ],
)
def test_merge_dating_needs_a_clue_that_fixes_the_year(text: str, expected: date | None):
    from dyad.merge import dating

    found = dating.infer("x", text, today=date(2026, 1, 1))
    assert (found.earliest if found else None) == expected


def test_merge_store_undated_seed_is_dated_by_the_other_seeds(db: Path):
    # The example: 001 is undated; it speaks of an "August 5" action and of
    # Guaido's claim "in January", which another seed dates to 2019.
    store = Dyad(db)
    store.code([str(SEEDS)])
    (undated,) = [a for a in store.articles() if a["date"] is None]
    shown = [e for e in store.events() if e["article_id"] == undated["id"]]
    freeze = [e for e in shown if e["predicate"] == "freeze"]
    assert freeze and freeze[0]["event_date"] == date(2019, 8, 5)
    assert freeze[0]["date_source"] == "inferred"
    details = store.event(freeze[0]["id"])["mentions"][0]
    assert "2019" in details["date_reason"] and 0 < details["date_confidence"] < 1
    # without inferred dates the freeze is left out (the dated article's own reference to
    # "new sanctions imposed by Washington" stays)
    dated = store.events(include_inferred=False, actor="USAGOV", type="SANCTION")
    assert freeze[0]["id"] not in {e["id"] for e in dated}
    assert all(e["date_source"] != "inferred" for e in dated)


def test_merge_store_mentions_left_unmerged_by_a_crash_are_merged_next_run(db: Path, cli):
    import duckdb

    store = Dyad(db)
    store.code([str(SUMMIT)])
    counts = store.merge_counts()
    assert "in no merged event" not in cli("events", "--db", db).stderr
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM event_links")  # as if the run died before its merge step
    con.execute("DELETE FROM merged_events")
    con.close()
    assert store.merge_counts()["unmerged"] == 4
    shown = cli("events", "--db", db)
    assert "4 reports of a run cut short are in no merged event yet" in shown.stderr
    store.code([str(SUMMIT)])  # nothing new to code, but the next run merges what is left
    assert store.merge_counts() == counts
    assert _consult(store)[0]["n_articles"] == 3
    assert "in no merged event" not in cli("events", "--db", db).stderr


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("an action by President Donald Trump", [(date(2017, 1, 20), date(2021, 1, 20))]),
        ("Former US President Donald Trump", []),
        ("Donald Trump", []),  # no title: says nothing of when
    ],
)
def test_merge_dating_titles_of_office_bound_the_article_date(words: str, expected):
    from dyad.remerge import offices

    at = words.index("Donald")
    found = offices(words, [(at, at + 12, "person:donald-trump")], today=date(2024, 1, 1))
    assert [s for o in found for s in o.spans] == expected
    assert all("people.csv" in o.reason for o in found)


def test_merge_store_migration_renames_year_blocks(db: Path, tmp_path: Path):
    # Stores written before 0007 keyed blocks by year; a new mention's block ("|dated")
    # would then not meet the stored ones until every block was renamed.
    import duckdb

    Dyad(db).code([FILES[0]])
    con = duckdb.connect(str(db))
    for table in ("event_links", "merged_events"):
        con.execute(f"UPDATE {table} SET block = replace(block, '|dated', '|2023')")
    con.execute("DELETE FROM dyad_migrations WHERE name = '0007_merge_blocks_span_years'")
    con.close()
    store = Dyad(db)
    store.code(FILES[1:])
    (event,) = _consult(store)
    assert event["n_articles"] == 3
    con = duckdb.connect(str(db), read_only=True)
    blocks = {r[0] for r in con.execute("SELECT block FROM event_links").fetchall()}
    con.close()
    assert blocks and not any(b.endswith("|2023") for b in blocks)


def test_merge_a_description_dates_no_undated_article(tmp_path: Path):
    # "the US-backed opposition leader" describes a standing relation: it is no happening
    # that a dated report of US support could date the undated article by
    dated = tmp_path / "dated.txt"
    dated.write_text(
        " date 2021-08-13\nThe talks are between the government and opposition leader Juan "
        "Guaido, whom the US considers interim president, officials said.\n",
        encoding="utf-8",
    )
    undated = tmp_path / "undated.txt"
    undated.write_text(
        "The government met the US-backed opposition leader, Juan Guaido, officials said.\n",
        encoding="utf-8",
    )
    store = Dyad(tmp_path / "t.duckdb")
    store.code([str(dated), str(undated)])
    (article,) = [a for a in store.articles() if a["date"] is None]
    assert not [e for e in store.events() if e["article_id"] == article["id"] and e["event_date"]]


def test_merge_store_merging_every_batch_or_once_makes_the_same_events(tmp_path: Path):
    """How often a run merges (``merge_every``) changes its speed, not its events."""
    import duckdb

    demo = str(Path(__file__).parent.parent / "demo" / "corpus")
    found = []
    for every in (1, 4096):
        store = Dyad(
            tmp_path / f"every-{every}.duckdb", settings=Settings(merge_every=every, batch_size=4)
        )
        store.code([demo])
        # Ids differ: an event keeps the id it was first given, and merging after every
        # batch gives it before its earliest report is read.
        events = [
            {k: v for k, v in e.items() if k not in ("id", "merged_at")} for e in store.events()
        ]
        found.append(sorted(events, key=lambda e: json.dumps(e, sort_keys=True, default=str)))
        con = duckdb.connect(str(tmp_path / f"every-{every}.duckdb"), read_only=True)
        unlinked = (
            "SELECT count(*) FROM events WHERE id NOT IN (SELECT mention_id FROM event_links)"
        )
        assert con.execute(unlinked).fetchone() == (0,)
        con.close()
    assert found[0] == found[1]
    assert len(found[0]) > 100


def _dated_state(db: Path) -> tuple[list, list]:
    """Inferred article dates and merged events, without the times they were written."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        dates = con.execute(
            "SELECT article_id, date, earliest, latest, confidence, reason "
            "FROM article_dates ORDER BY article_id"
        ).fetchall()
    finally:
        con.close()
    return dates, _without_times(Dyad(db).events())


def test_merge_store_a_run_dates_again_only_the_undated_articles_it_may_date(db: Path, monkeypatch):
    """At its end a run dates its undated articles and those its dated articles share a
    country pair and type, or a person, with: the same dates as dating every one again."""
    from dyad import store as stored

    asked: list[list[str] | None] = []
    every = stored.query.undated_articles

    def spy(con, ids=None):
        asked.append(None if ids is None else list(ids))
        return every(con, ids)

    monkeypatch.setattr(stored.query, "undated_articles", spy)
    txt = Path(__file__).parent.parent / "demo" / "corpus" / "txt"
    unrelated = [
        str(txt / "001_guaido-claims-presidency.txt"),
        str(txt / "009_barbados-talks-begin.txt"),
    ]
    store = Dyad(db)
    store.code(FILES[2:3])  # the undated summit article
    store.code(unrelated)  # nothing of China, Russia or their leaders: it stays as it was
    store.code(FILES[:2])  # the dated reports of the summit: they date it
    (undated,) = [a["id"] for a in store.articles() if a["date"] is None]
    assert undated in asked[0] and undated not in asked[1] and undated in asked[2]
    (event,) = _consult(store)
    assert event["n_articles"] == 3 and event["event_date"] == date(2023, 3, 20)
    before = _dated_state(db)
    store.merge()  # every undated article dated again, every block merged again
    assert _dated_state(db) == before
