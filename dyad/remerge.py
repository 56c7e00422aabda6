"""The merge stage against a store: near-duplicates, inferred dates, and re-merging blocks.

``dyad.merge`` is pure; this module feeds it from the store and writes back what it
decides. After each batch ``Merger.add`` marks near-duplicates, dates the undated
articles, and merges again only the blocks the new mentions fall in, keeping their
events' ids, so adding articles updates events and never duplicates them.
``Merger.rebuild`` re-dates every undated article and re-merges every block, from the
stored mentions alone (``dyad merge``).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from dyad import merge, store
from dyad.events import when as dates
from dyad.merge import dating, neardup
from dyad.merge.block import actors, similarity
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
Spans = Sequence[tuple[int, int]]
Actors = Sequence[tuple[int, int, str]]  # (start, end, actor id) of each actor mention


class Merger:
    """The merge stage over one open store connection."""

    def __init__(self, con: Any) -> None:
        self.con = con

    def add(self, coded: Sequence[CodedArticle]) -> None:
        """Merge newly stored articles into the store's events."""
        duplicates = self._near_duplicates(coded)
        # Dated articles first, so that undated ones in the same batch can be dated by them.
        dated = [c for c in coded if c.article.date is not None]
        undated = [c for c in coded if c.article.date is None]
        for group in (dated, undated):
            fresh: list[EventMention] = []
            for item in group:
                a = item.article
                duplicate_of = duplicates.get(a.id)
                reports = [Report.of(e) for e in item.events]
                inferred = None
                if a.date is None:
                    found = [(m.start, m.end, m.actor.id) for m in item.mentions]
                    inferred = self.date(a.id, a.text, reports, found, item.sentences, duplicate_of)
                who = publisher_of(a.source, a.url)
                fresh += [
                    judge(r, article_id=a.id, publisher=who, published=a.date,
                          duplicate_of=duplicate_of, inferred=inferred)
                    for r in reports
                ]  # fmt: skip
            if fresh:
                self.remerge(sorted({merge.block_key(m) for m in fresh}), fresh)

    def rebuild(self) -> None:
        """Date every undated article again and merge every block again."""
        self._adopt_orphans()
        self.remerge(store.query.merge_blocks(self.con), self._redate())

    def refresh_undated(self) -> None:
        """Adopt mentions a cut-short run stored but did not merge, date the undated
        articles again (newer dated ones may date them now), and merge again the blocks
        their mentions were and are in."""
        self._adopt_orphans()
        fresh = self._redate()
        if fresh:
            old = store.query.blocks_of(self.con, [m.id for m in fresh])
            self.remerge(sorted(set(old) | {merge.block_key(m) for m in fresh}), fresh)

    def _adopt_orphans(self) -> None:
        orphans = self._orphans()
        if orphans:
            self.remerge(sorted({merge.block_key(m) for m in orphans}), orphans)

    def _orphans(self) -> list[EventMention]:
        """Stored mentions of dated articles that no merge has seen (a run cut short);
        those of undated articles are judged again by ``_redate``."""
        return [
            judge(Report.of_row(r), article_id=r["article_id"],
                  publisher=publisher_of(r["article_source"], r["article_url"]),
                  published=r["article_date"], duplicate_of=r["duplicate_of"])
            for r in store.query.unmerged_events(self.con)
            if r["article_date"] is not None
        ]  # fmt: skip

    def _redate(self) -> list[EventMention]:
        fresh: list[EventMention] = []
        for a in store.query.undated_articles(self.con):
            rows = store.query.events(
                self.con, store.query.EventFilter(article_id=a["id"], include_nonfactual=True)
            )
            reports = [Report.of_row(r) for r in rows]
            found = store.query.article_actor_spans(self.con, a["id"])
            spans = list(zip(a["sentence_starts"], a["sentence_ends"], strict=True))
            inferred = self.date(a["id"], a["text"], reports, found, spans, a["duplicate_of"])
            who = publisher_of(a["source"], a["url"])
            fresh += [
                judge(r, article_id=a["id"], publisher=who, published=None,
                      duplicate_of=a["duplicate_of"], inferred=inferred)
                for r in reports
            ]  # fmt: skip
        return fresh

    def remerge(self, blocks: Iterable[str], fresh: Sequence[EventMention] = ()) -> None:
        """Merge these blocks again, with ``fresh`` mentions replacing any stored ones."""
        blocks = list(blocks)
        rows = store.query.mention_rows(self.con, blocks)
        previous = {r["id"]: r["event_id"] for r in rows}
        new = {m.id for m in fresh}
        mentions = [merge.mention_from_row(r) for r in rows if r["id"] not in new]
        mentions += fresh
        grouped: dict[str, list[EventMention]] = {}
        for m in mentions:
            grouped.setdefault(merge.block_key(m), []).append(m)
        merged = [e for key in sorted(grouped) for e in merge.merge_block(grouped[key], previous)]
        store.write.replace_merged(self.con, sorted(set(blocks) | set(grouped)), mentions, merged)

    def _near_duplicates(self, coded: Sequence[CodedArticle]) -> dict[str, str]:
        """Sign each article, mark it a near-duplicate of the oldest earlier one it matches
        (stored, or earlier in this batch), and store the signatures in one write."""
        rows: list[tuple[str, list[int], list[str], str | None, float | None]] = []
        for item in coded:
            sig = neardup.signature(item.article.text)
            bands = neardup.bands(sig)
            mine = set(bands)
            earlier = store.query.signatures(self.con, bands)
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
    ) -> InferredDate | None:
        """Infer an undated article's date, store it (or forget an old one), return it."""
        inferred = None
        if duplicate_of is not None:
            known = store.query.article_dates(self.con, [duplicate_of]).get(duplicate_of, {})
            if known.get("date"):
                day = known["date"]
                why = f"a near-duplicate of article {duplicate_of}, published {day}"
                inferred = InferredDate(article_id, day, day, day, 0.9, why)
        if inferred is None:
            anchors = self._event_anchors(article_id, reports)
            anchors += self._statement_anchors(article_id, text, found, sentences)
            inferred = dating.infer(article_id, text, anchors)
        store.write.write_article_date(self.con, article_id, inferred)
        return inferred

    def _event_anchors(self, article_id: str, reports: Sequence[Report]) -> list[dating.Anchor]:
        """Dated reports, in other articles, of the same happenings as these events."""
        anchors = []
        for r in reports:
            undated = judge(r, article_id=article_id, publisher=None, published=None)
            pair = merge.block_key(undated).rsplit("|", 1)[0]
            stated = expression_near(r)
            kind = dates.expressions(stated)[0].kind if stated else ""
            for row in store.query.anchor_rows(self.con, pair, r.plover_type, article_id):
                dated = merge.mention_from_row(row)
                agree = actors(undated, dated)
                share, shared = similarity(undated.words, dated.words)
                if agree is None or shared < ANCHOR_WORDS or share < ANCHOR_SIMILARITY:
                    continue
                assert dated.earliest is not None and dated.latest is not None
                anchors.append(
                    dating.Anchor(
                        dated.earliest,
                        dated.latest,
                        _HORIZONS.get(kind, dating.NEWS_LAG),
                        f"reports the {r.plover_type} of article {dated.article_id} "
                        f"({agree[1]}, {dated.date} {dated.date_source}); evidence shares "
                        f"{shared} words",
                        0.7 if dated.date_source == "text" else 0.5,
                    )
                )
        return anchors

    def _statement_anchors(
        self, article_id: str, text: str, found: Actors, sentences: Spans
    ) -> list[dating.Anchor]:
        """Sentences that give a month without its year ("in January") and tell what a
        dated article's sentence, about the same person, tells with its year."""
        anchors = []
        for start, end in sentences:
            sentence = text[start:end]
            partial = [e for e in dates.expressions(sentence) if e.kind in ("month", "month_day")]
            people = {a for s, _, a in found if start <= s < end and a.startswith("person:")}
            if not partial or not people:
                continue
            words = content_words(sentence)
            for person in sorted(people):
                for other, other_sentence in store.query.actor_sentences(
                    self.con, person, article_id
                ):
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
