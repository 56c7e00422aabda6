"""The merge stage against a store: near-duplicates, inferred dates, and re-merging blocks.

``dyad.merge`` is pure; this module feeds it from the store and writes back what it
decides. After each batch ``Merger.add`` marks near-duplicates and holds the dated
articles' reports; every ``hold`` records read (``Settings.merge_every``) and at the end
of the run (``flush``, ``refresh``) it merges again only the blocks they fall in, keeping
their events' ids, so adding articles updates events and never duplicates them. Merging
a block costs its whole size, and the reports of one happening keep falling in the same
block, so merging once per hold rather than once per batch saves most of the work on a
long run. At the end ``refresh`` dates the run's undated articles, and the older ones
its dated articles may date, and merges their reports. A run after one cut short holds
what that run stored but did not merge (``resume``), so it ends as a run never stopped.
``Merger.rebuild`` re-dates every undated article and re-merges every block, from the
stored mentions alone (``dyad merge``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import cache
from typing import Any

from dyad import actors, merge, store
from dyad.actors.kb import slug
from dyad.config import Settings
from dyad.events import when as dates
from dyad.merge import dating, neardup
from dyad.merge.block import actors as same_actors
from dyad.merge.block import pair_key, similarity
from dyad.merge.mention import Report, content_words, expression_near, judge, publisher_of
from dyad.records import CodedArticle, EventMention, InferredDate

ANCHOR_WORDS = 2  # shared evidence words an event needs to date another article by
ANCHOR_SIMILARITY = 0.25
STATEMENT_WORDS = 3  # a sentence without a coded event needs more: a person and 3 words
STATEMENT_SIMILARITY = 0.3
_HORIZONS = {
    "month_day": dating.MONTH_DAY_HORIZON,
    "month": dating.MONTH_HORIZON,
    "weekday": dating.NEWS_LAG,
}
_REDATE_CHUNK = 500  # undated articles whose events and mentions are read in one query
Spans = Sequence[tuple[int, int]]
Actors = Sequence[tuple[int, int, str]]  # (start, end, actor id) of each actor mention


class Merger:
    """The merge stage over one open store connection."""

    def __init__(self, con: Any, hold: int = Settings.merge_every) -> None:
        self.con = con
        self.hold = hold
        self._read = 0  # records of the run's input read so far
        self._held: list[EventMention] = []  # stored reports not merged yet
        # What the run's articles could date undated ones by (see ``_to_redate``).
        self._undated: set[str] = set()  # the run's undated articles
        self._pairs: set[tuple[str, str]] = set()  # (country pair, type) of its dated reports
        self._people: set[str] = set()  # people its dated articles mention
        self._everything = False  # date every undated article again
        # What dated articles say that could date an undated one, by query and key.
        self._dated: dict[tuple[Any, ...], list[Any]] = {}
        self._dates: dict[str, InferredDate | None] = {}  # inferred, not yet written

    def add(self, coded: Sequence[CodedArticle], records: int) -> None:
        """Take a batch of newly stored articles: mark their near-duplicates, and hold
        their reports; merge what is held when the records read cross a multiple of
        ``hold``. Undated articles' reports wait for ``refresh``, which dates them from
        every dated article of the run.

        Args:
            records: the batch's records, rejects and stored articles included. A run
                resumed after a kill reads the input from its start again (skipping
                stored articles), so it merges the same reports together as a run never
                killed, and its events get the same ids.
        """
        duplicates = self._near_duplicates(coded)
        for item in coded:
            a = item.article
            if a.date is None:
                self._undated.add(a.id)
                continue
            who = publisher_of(a.source, a.url)
            held = [
                judge(Report.of(e), article_id=a.id, publisher=who, published=a.date,
                      duplicate_of=duplicates.get(a.id))
                for e in item.events
            ]  # fmt: skip
            self._held += held
            self._pairs |= {(pair_key(m.source_code, m.target_code), m.plover_type) for m in held}
            self._people |= {m.actor.id for m in item.mentions if m.actor.id.startswith("person:")}
        before, self._read = self._read, self._read + records
        if self._read // self.hold > before // self.hold:
            self.flush()

    def resume(self, run_id: str) -> None:
        """Start run ``run_id``: hold the dated reports a run cut short stored but did not
        merge, to merge them with the reports read with them (see ``add``); after a run
        cut short, ``refresh`` dates every undated article, not only those the run's
        articles may date (what that run stored is not known)."""
        self._held += self._orphans()[0]
        self._everything = store.query.cut_short_before(self.con, run_id)

    def flush(self) -> None:
        """Merge the held reports into the blocks they fall in."""
        held, self._held = self._held, []
        if held:
            self.remerge(sorted({merge.block_key(m) for m in held}), held)

    def rebuild(self) -> None:
        """Date every undated article again and merge every block again."""
        self.adopt_orphans()
        self.remerge(store.query.merge_blocks(self.con), self._redate())

    def refresh(self, *, redate: bool) -> None:
        """After a run: merge the held reports, adopt mentions a cut-short run stored
        but did not merge, and with ``redate`` (the run stored new articles, undated
        ones to date and dated ones that may date older undated ones) date the undated
        articles again and merge again the blocks their mentions were and are in."""
        self.flush()
        waiting = self.adopt_orphans() - self._undated  # undated, left by a cut-short run
        fresh: list[EventMention] = []
        if waiting or self._everything:
            fresh = self._redate()
        elif redate:
            fresh = self._redate(self._to_redate())
        if fresh:
            old = store.query.blocks_of(self.con, [m.id for m in fresh])
            self.remerge(sorted(set(old) | {merge.block_key(m) for m in fresh}), fresh)

    def adopt_orphans(self) -> set[str]:
        """Merge stored mentions no merge has seen (a run cut short). Those of undated
        articles are left to ``_redate``; returns those articles."""
        orphans, undated = self._orphans()
        if orphans:
            self.remerge(sorted({merge.block_key(m) for m in orphans}), orphans)
        return undated

    def _orphans(self) -> tuple[list[EventMention], set[str]]:
        """Stored mentions of dated articles no merge has seen, and the undated articles
        that have such mentions."""
        rows = store.query.unmerged_events(self.con)
        orphans = [
            judge(Report.of_row(r), article_id=r["article_id"],
                  publisher=publisher_of(r["article_source"], r["article_url"]),
                  published=r["article_date"], duplicate_of=r["duplicate_of"])
            for r in rows
            if r["article_date"] is not None
        ]  # fmt: skip
        return orphans, {r["article_id"] for r in rows if r["article_date"] is None}

    def _to_redate(self) -> list[str]:
        """The undated articles whose date the run's articles may change: its own, and
        those whose events or people its dated articles could date them by (the anchors
        ``date`` reads: dated reports of the same country pair and type, and dated
        sentences about the same person). The others' anchors are as they were."""
        events, people = store.query.undated_clues(self.con)
        ids = set(self._undated)
        ids |= {a for a, src, tgt, kind in events if (pair_key(src, tgt), kind) in self._pairs}
        ids |= {a for a, person in people if person in self._people}
        return sorted(ids)

    def _redate(self, ids: list[str] | None = None) -> list[EventMention]:
        """Date the undated articles (those of ``ids``, if given) again; their reports."""
        fresh: list[EventMention] = []
        undated = store.query.undated_articles(self.con, ids)
        originals = self._read_originals(a["duplicate_of"] for a in undated)
        # Their events and actor mentions, read a chunk of articles per query.
        events: dict[str, list[dict[str, Any]]] = {}
        spans: dict[str, list[tuple]] = {}
        for n, a in enumerate(undated):
            if a["id"] not in events:
                chunk = [b["id"] for b in undated[n : n + _REDATE_CHUNK]]
                events = store.query.events_by_article(self.con, chunk)
                spans = store.query.actor_spans_by_article(self.con, chunk)
                self._read_anchors(Report.of_row(r) for rows in events.values() for r in rows)
            reports = [Report.of_row(r) for r in events[a["id"]]]
            found = spans[a["id"]]
            sentences = list(zip(a["sentence_starts"], a["sentence_ends"], strict=True))
            inferred = self.date(
                a["id"],
                a["text"],
                reports,
                found,
                sentences,
                a["duplicate_of"],
                originals.get(a["duplicate_of"]),
            )
            who = publisher_of(a["source"], a["url"])
            fresh += [
                judge(r, article_id=a["id"], publisher=who, published=None,
                      duplicate_of=a["duplicate_of"], inferred=inferred)
                for r in reports
            ]  # fmt: skip
        self._write_dates()
        return fresh

    def _read_originals(self, ids: Iterable[str | None]) -> dict[str, date | None]:
        """The publication days of these articles (near-duplicates' originals), in one query."""
        wanted = sorted({i for i in ids if i is not None})
        found = store.query.article_dates(self.con, wanted) if wanted else {}
        return {i: found.get(i, {}).get("date") for i in wanted}

    def _read_anchors(self, reports: Iterable[Report]) -> None:
        """Read, in one query, the dated mentions that could date these reports (what
        ``date`` would otherwise read one country pair and type at a time)."""
        keys = {(pair_key(r.source_code, r.target_code), r.plover_type) for r in reports}
        wanted = sorted(k for k in keys if (_anchor_mentions, *k) not in self._dated)
        for key, rows in store.query.anchor_rows_of(self.con, wanted).items():
            self._dated[(_anchor_mentions, *key)] = [merge.mention_from_row(r) for r in rows]

    def _write_dates(self) -> None:
        if self._dates:
            store.write.write_article_dates(self.con, self._dates)
            self._dates = {}

    def remerge(self, blocks: Iterable[str], fresh: Sequence[EventMention] = ()) -> None:
        """Merge these blocks again, with ``fresh`` mentions replacing any stored ones."""
        blocks = list(blocks)
        rows = store.query.mention_rows(self.con, blocks)
        previous = {r["id"]: r["event_id"] for r in rows}
        new = {m.id for m in fresh}
        mentions = [merge.mention_from_row(r) for r in rows if r["id"] not in new]
        mentions += fresh
        self._dated.clear()  # the blocks' dated mentions may change
        grouped: dict[str, list[EventMention]] = {}
        for m in mentions:
            grouped.setdefault(merge.block_key(m), []).append(m)
        merged = [e for key in sorted(grouped) for e in merge.merge_block(grouped[key], previous)]
        store.write.replace_merged(self.con, sorted(set(blocks) | set(grouped)), mentions, merged)

    def _lookup(self, query: Callable[..., list[Any]], *key: str) -> list[Any]:
        """A store query's rows, read once per merge of the blocks, not once per report."""
        if (query, *key) not in self._dated:
            self._dated[(query, *key)] = query(self.con, *key)
        return self._dated[(query, *key)]

    def _near_duplicates(self, coded: Sequence[CodedArticle]) -> dict[str, str]:
        """Sign each article, mark it a near-duplicate of the oldest earlier one it matches
        (stored, or earlier in this batch), and store the signatures in one write."""
        rows: list[tuple[str, list[int], list[str], str | None, float | None]] = []
        signed = []
        for item in coded:
            sig = neardup.signature(item.article.text)
            signed.append((item, sig, neardup.bands(sig)))
        stored = store.query.signatures(self.con, sorted({b for _, _, bs in signed for b in bs}))
        for item, sig, bands in signed:
            mine = set(bands)
            earlier = [(other, other_sig) for other, other_sig, shared in stored if mine & shared]
            earlier += [(r[0], r[1]) for r in rows if mine & set(r[2])]
            found, score = None, None
            for other, other_sig in earlier:
                s = neardup.similarity(sig, other_sig)
                if other != item.article.id and s >= neardup.THRESHOLD:
                    found, score = other, s
                    break  # the oldest: the story as first stored
            rows.append((item.article.id, sig, bands, found, score))
        store.write.write_signatures(self.con, rows)
        return {r[0]: r[3] for r in rows if r[3] is not None}

    def date(
        self,
        article_id: str,
        text: str,
        reports: Sequence[Report],
        found: Actors,
        sentences: Spans,
        duplicate_of: str | None,
        original_day: date | None,
    ) -> InferredDate | None:
        """Infer an undated article's date, return it; it is stored (or an old one
        forgotten) with the others of the batch. ``original_day`` is the publication
        day of ``duplicate_of``, if it has one."""
        inferred = None
        if duplicate_of is not None:
            inferred = duplicate_date(article_id, duplicate_of, original_day)
        if inferred is None:
            # Both look up dated articles only, so never this undated one: the same rows
            # serve every undated article of the batch.
            def dated(pair: str, plover_type: str) -> list[EventMention]:
                return self._lookup(_anchor_mentions, pair, plover_type)

            def said(person: str) -> list[tuple[str, str]]:
                return self._lookup(store.query.actor_sentences, person)

            anchors = event_anchors(article_id, reports, dated)
            anchors += statement_anchors(text, found, sentences, said)
            inferred = infer_date(article_id, text, found, anchors)
        self._dates[article_id] = inferred
        return inferred


def _anchor_mentions(con: Any, pair: str, plover_type: str) -> list[EventMention]:
    return [merge.mention_from_row(r) for r in store.query.anchor_rows(con, pair, plover_type)]


def duplicate_date(article_id: str, duplicate_of: str, day: date | None) -> InferredDate | None:
    """The date of an undated near-duplicate: its original's publication day, if it has one."""
    if day is None:
        return None
    why = f"a near-duplicate of article {duplicate_of}, published {day}"
    return InferredDate(article_id, day, day, day, 0.9, why)


def infer_date(
    article_id: str, text: str, found: Actors, anchors: Sequence[dating.Anchor]
) -> InferredDate | None:
    """``dating.infer`` with the article's titles of office, its anchors in a fixed order
    (so the same anchors give the same date, however they were found)."""
    ordered = sorted(set(anchors), key=lambda a: (-a.confidence, a.earliest, a.latest, a.reason))
    return dating.infer(article_id, text, ordered, offices(text, found))


def event_anchors(
    article_id: str,
    reports: Sequence[Report],
    dated: Callable[[str, str], Iterable[EventMention]],
) -> list[dating.Anchor]:
    """Dated reports, in other articles, of the same happenings as these events.

    ``dated(countries, plover_type)`` gives the candidates: other articles' mentions
    with a published date, that type and the country pair ("CHN|VEN"), as
    ``store.query.anchor_rows`` finds them.
    """
    anchors = []
    for r in reports:
        if r.describes:
            continue  # "the US-backed opposition leader": no happening to date the article by
        undated = judge(r, article_id=article_id, publisher=None, published=None)
        pair = pair_key(undated.source_code, undated.target_code)
        stated = expression_near(r)
        kind = dates.expressions(stated)[0].kind if stated else ""
        for other in dated(pair, r.plover_type):
            agree = same_actors(undated, other)
            if agree is None:
                continue
            share, shared = similarity(undated.words, other.words)
            if shared < ANCHOR_WORDS or share < ANCHOR_SIMILARITY:
                continue
            assert other.earliest is not None and other.latest is not None
            anchors.append(
                dating.Anchor(
                    other.earliest,
                    other.latest,
                    _HORIZONS.get(kind, dating.NEWS_LAG),
                    f"reports the {r.plover_type} of article {other.article_id} "
                    f"({agree[1]}, {other.date} {other.date_source}); evidence shares "
                    f"{shared} words",
                    0.7 if other.date_source == "text" else 0.5,
                )
            )
    return anchors


def partial_dates(sentence: str) -> list[dates.Expression]:
    """The dates a sentence gives without their year ("in January", "on August 5")."""
    return [e for e in dates.expressions(sentence) if e.kind in ("month", "month_day")]


def statement_anchors(
    text: str, found: Actors, sentences: Spans, said: Callable[[str], Iterable[tuple[str, str]]]
) -> list[dating.Anchor]:
    """Sentences that give a month without its year ("in January") and tell what a
    dated article's sentence, about the same person, tells with its year.

    ``said(person)`` gives (article id, sentence) of dated articles' sentences that
    mention the person, as ``store.query.actor_sentences`` does.
    """
    anchors = []
    for start, end in sentences:
        sentence = text[start:end]
        partial = partial_dates(sentence)
        people = {a for s, _, a in found if start <= s < end and a.startswith("person:")}
        if not partial or not people:
            continue
        words = content_words(sentence)
        for person in sorted(people):
            for other, other_sentence in said(person):
                years = [
                    e for e in dates.expressions(other_sentence)
                    if e.kind in ("year", "month_year", "date") and e.year
                ]  # fmt: skip
                share, shared = similarity(words, content_words(other_sentence))
                if not years or shared < STATEMENT_WORDS or share < STATEMENT_SIMILARITY:
                    continue
                anchor = _combine(partial[0], years[0], other, other_sentence, shared)
                if anchor is not None:
                    anchors.append(anchor)
    return anchors


@cache
def _word(words: str) -> re.Pattern[str]:
    """A pattern for these words as whole words (compiled once per title of office)."""
    return re.compile(rf"\b{re.escape(words)}\b")


_NOT_NOW = re.compile(r"\b(?:former|ex|late|then|onetime|one-time|outgoing|future)\b", re.I)


@cache
def _terms() -> dict[str, list[tuple[str, date, date | None, str]]]:
    """Person actor id -> (office, start, end, source) of each dated term in the KB."""
    out: dict[str, list[tuple[str, date, date | None, str]]] = {}
    seen = set()
    for entries in actors.load().names.values():
        for e in entries:
            if e.kind == "person" and e.role and e.start and (e.name, e.start) not in seen:
                seen.add((e.name, e.start))
                out.setdefault(f"person:{slug(e.name)}", []).append(
                    (e.role, e.start, e.end, e.source)
                )
    return out


def offices(text: str, found: Actors, today: date | None = None) -> list[dating.Office]:
    """Titles the text gives people in office now ("President Donald Trump's"), with the
    terms the knowledge base dates them to; "former" and "then" titles say nothing."""
    out = []
    today = today or date.today()
    terms = _terms()
    for start, end, actor_id in found:
        held = terms.get(actor_id)
        if not held:
            continue
        window = text[max(0, start - 30) : end].lower()
        if _NOT_NOW.search(window):
            continue
        for role in sorted({t[0] for t in held}):
            if not _word(role).search(window):
                continue
            spans = tuple(
                sorted(
                    (s, min(e or today, today)) for r, s, e, _ in held if r == role and s <= today
                )
            )
            if not spans:
                continue
            source = "; ".join(sorted({t[3] for t in held if t[0] == role}))
            words = " ".join(text[max(0, start - 30) : end].split()[-6:])
            why = f"'{words}': {role} in " + ", ".join(f"{s}..{e}" for s, e in spans)
            out.append(dating.Office(spans, f"{why} ({source})"))
    return list({o.reason: o for o in out}.values())


def _combine(
    partial: dates.Expression, dated: dates.Expression, other: str, sentence: str, shared: int
) -> dating.Anchor | None:
    """The day or month a partial expression names, given the year another report gives."""
    assert dated.year is not None and partial.month is not None
    if dated.month is not None and dated.month != partial.month:
        return None
    try:
        if partial.kind == "month_day" and partial.day is not None:
            lo = hi = date(dated.year, partial.month, partial.day)
        else:
            lo = date(dated.year, partial.month, 1)
            hi = date(dated.year, partial.month, calendar.monthrange(dated.year, partial.month)[1])
    except ValueError:
        return None
    words = " ".join(sentence.split()[:12])
    why = (
        f"'{partial.text}' is {partial.text} {dated.year}: article {other} tells the same with "
        f'its year ("{words} ..."; a person and {shared} words in common)'
    )
    return dating.Anchor(lo, hi, _HORIZONS[partial.kind], why, 0.4)
