"""The records that flow between Dyad's stages.

    ingest -> Article | Rejected
    nlp/actors -> Mention (with its resolved Actor)
    events -> Event

Every record is a small frozen dataclass. Character offsets always refer to the
stored (cleaned) article text, so ``article.text[start:end]`` is the evidence.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any


def content_id(*parts: str, length: int = 16) -> str:
    """A stable hex id from the given strings (sha256, truncated)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record came from.

    Attributes:
        path: the input file (``-`` for stdin).
        locator: the line or record inside the file ("line 14", "record 3"), or "".
    """

    path: str
    locator: str = ""

    def __str__(self) -> str:
        return f"{self.path} {self.locator}".strip()


@dataclass(frozen=True, slots=True)
class Article:
    """One cleaned news article, ready for coding.

    Attributes:
        id: content hash of the cleaned text: the same article given twice gets one id.
        text: the cleaned text; every stored offset refers to it.
        title: headline, if the input had one.
        date: publication date, or None when unknown (never guessed as today).
        date_source: where ``date`` came from: "field", "html", "marker" or "none".
        url: the article's address, if known.
        source: the publisher or feed, if known.
        origin: the input file and record it was read from.
        external_id: the id the input gave it, if any.
        date_flag: None when the input's date is plausible, else why it is not trusted
            (``dyad.ingest.dates.FLAGS``: unparseable, impossible, before_1900, future,
            weekday_mismatch); all but weekday_mismatch leave ``date`` unknown.
        date_given: the date value as the input gave it, when it gave one.
    """

    id: str
    text: str
    title: str | None
    date: date | None
    date_source: str
    url: str | None
    source: str | None
    origin: Origin
    external_id: str | None = None
    date_flag: str | None = None
    date_given: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input record that could not become an article, with the reason.

    Attributes:
        id: hash of origin and reason, so re-reading the same bad input stores it once.
        origin: the file and line or record.
        reason: what was wrong and how to fix it.
        excerpt: the first characters of the offending input, for the analyst.
    """

    id: str
    origin: Origin
    reason: str
    excerpt: str = ""

    @classmethod
    def of(cls, origin: Origin, reason: str, excerpt: str = "") -> Rejected:
        # Input can hold half surrogate pairs, which no store can encode: show them as "?".
        shown = excerpt[:200].encode("utf-8", "replace").decode("utf-8")
        return cls(content_id(origin.path, origin.locator, reason), origin, reason, shown)

    @property
    def message(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor: who a mention refers to.

    Attributes:
        id: stable actor id (``"VENGOV"``, ``"person:nicolas-maduro"``).
        name: canonical name ("Nicolás Maduro", "Venezuela").
        country: ISO 3166-1 alpha-3, or "IGO"/"NGO", or None when unknown.
        sectors: CAMEO sector codes ("GOV",), ("OPP",), ("EUREEC",).
        confidence: 0..1, how sure the resolver is.
        rule: why: the rule or source that decided it.
    """

    id: str
    name: str
    country: str | None
    sectors: tuple[str, ...] = ()
    confidence: float = 1.0
    rule: str = ""

    @property
    def code(self) -> str:
        """The combined CAMEO-style code: VENGOV, USA, IGOEUREEC."""
        return (self.country or "---") + "".join(self.sectors)


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of article text that names an actor.

    Attributes:
        text: the words as written.
        start, end: character offsets in the article text.
        actor: who it resolves to.
    """

    text: str
    start: int
    end: int
    actor: Actor

    def as_dict(self) -> dict[str, Any]:
        """The mention and its actor, flat (``sectors`` joined: "GOV")."""
        a = self.actor
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "actor_id": a.id,
            "name": a.name,
            "code": a.code,
            "country": a.country,
            "sectors": "".join(a.sectors),
            "confidence": a.confidence,
            "rule": a.rule,
        }


@dataclass(frozen=True, slots=True)
class Modality:
    """How the text presents an event. An event that "happened" has all flags False."""

    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    question: bool = False

    @property
    def factual(self) -> bool:
        return not (self.negated or self.hypothetical or self.question)


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened, when the text says."""

    name: str
    country: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: who did what to whom, when and where, with its evidence.

    Attributes:
        id: content hash of article, predicate offsets, type and actors.
        article_id: the article it was read from.
        plover_type, plover_mode, plover_context: PLOVER coding ("" when none).
        cameo: the most specific CAMEO code; ``cameo_root`` its two-digit root.
        quadclass: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict.
        goldstein: the Goldstein value of ``cameo``.
        source, target: the actor mentions, or None when the text leaves them unsaid.
        date: when it happened, or None; ``date_precision`` is day/month/year/unknown;
            ``date_source`` is text/article/unknown.
        location: where, if said.
        modality: negated/hypothetical/future/question flags.
        sentence_start, sentence_end: the evidence sentence's offsets in the article.
        predicate_start, predicate_end: the predicate word's offsets.
        predicate: the predicate as written ("called on", "sanctions").
        rule: which extraction rule decided it.
    """

    id: str
    article_id: str
    plover_type: str
    plover_mode: str
    plover_context: str
    cameo: str
    cameo_root: str
    quadclass: int
    goldstein: float
    source: Mention | None
    target: Mention | None
    date: date | None
    date_precision: str
    date_source: str
    location: Place | None
    modality: Modality
    sentence: str
    sentence_start: int
    sentence_end: int
    predicate: str
    predicate_start: int
    predicate_end: int
    rule: str

    def to_dict(self) -> dict[str, Any]:
        """A flat, JSON-ready dict (dates as ISO strings)."""
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        for side in ("source", "target"):
            mention = getattr(self, side)
            data[side] = None if mention is None else mention.as_dict()
        return data


@dataclass(frozen=True, slots=True)
class Learned:
    """What one article says about who a name is, kept to resolve the bare name elsewhere.

    Attributes:
        key: the normalised name it resolves ("edmundo gonzalez").
        actor: who the article says it is (country and sectors from its title).
        article_id, date: the article that says so, and its date (None if unknown).
        evidence: the words that say so ("opposition candidate Edmundo Gonzalez"), at
            ``start``..``end`` in the article text.
    """

    key: str
    actor: Actor
    article_id: str
    date: date | None
    evidence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class CodedArticle:
    """An article with everything Dyad found in it (``learned``: roles it states)."""

    article: Article
    sentences: tuple[tuple[int, int], ...]
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...]
    learned: tuple[Learned, ...] = ()


# -- the merge stage: one happening, many reports -------------------------------------------


@dataclass(frozen=True, slots=True)
class EventMention:
    """One report of an event (a row of the ``events`` table), as the merge sees it.

    Built from an ``Event`` and its ``Article`` (``dyad.merge.mention_of``) or from a
    stored row (``dyad.merge.mention_from_row``); small and picklable, so a cluster can
    ship blocks of them to workers.

    Attributes:
        id: the event row's id (a content hash; stable across runs).
        article_id: the article it was read from.
        publisher: who published the article (``Article.source``, else the URL's host),
            or None when unknown; distinct publishers are counted as sources.
        article_date: the article's date: published, or inferred (see ``article_dated``).
        article_dated: how ``article_date`` is known: "published", "inferred" or "none".
        duplicate_of: the article this one is a near-duplicate of (a republished wire
            story), or None. Its mentions join events but do not add to the counts.
        plover_type, cameo, quadclass: the coding.
        source_actor_id, source_code, target_actor_id, target_code: the dyad ("" when the
            text leaves a side unsaid).
        date, date_precision, date_source: when it happened (precision day/week/month/
            year/unknown; source text/article/inferred/unknown).
        earliest, latest: the inclusive interval the date stands for, or None when unknown.
        background: a historical reference ("sanctions imposed ... after a disputed
            election in 2018"), not news of the day.
        words: the evidence sentence's content words, lowercased, sorted.
        sentence_start, predicate_start: where the evidence is in the article.
    """

    id: str
    article_id: str
    publisher: str | None
    article_date: date | None
    article_dated: str
    duplicate_of: str | None
    plover_type: str
    cameo: str
    quadclass: int
    source_actor_id: str
    source_code: str
    target_actor_id: str
    target_code: str
    date: date | None
    date_precision: str
    date_source: str
    earliest: date | None
    latest: date | None
    background: bool
    words: tuple[str, ...]
    sentence_start: int
    predicate_start: int


@dataclass(frozen=True, slots=True)
class MergeLink:
    """Why one mention belongs to its merged event: the stored, reversible merge decision.

    Attributes:
        mention_id: the event row (``events.id``).
        event_id: the merged event it belongs to.
        joined_to: the mention it was matched with, or None for the event's first mention.
        score: how strongly the two agree, 0..1 (1.0 for the first mention).
        reason: the evidence for the match, in words ("same article; same actors ...").
    """

    mention_id: str
    event_id: str
    joined_to: str | None
    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One happening: the mentions that report it, merged, with GDELT-style counts.

    Attributes:
        id: stable id: kept from the previous merge when any of its mentions had one,
            else a hash of its first mention's id.
        block: the blocking key its mentions share (``dyad.merge.block_key``).
        plover_type, cameo, quadclass: the coding (the representative mention's).
        source_actor_id, source_code, target_actor_id, target_code: the dyad.
        date, date_precision, date_source, earliest, latest: when, from the mention with
            the most precise date.
        background: every mention is a historical reference.
        representative: the mention whose coding and date the event takes.
        mention_ids: every mention, in reading order.
        n_mentions, n_articles, n_sources: counts over mentions that are not in
            near-duplicate articles (GDELT's NumMentions, NumArticles, NumSources).
        n_duplicates: mentions from near-duplicate articles, not counted above.
        first_reported: the earliest article date among its mentions (None if undated).
        first_article_id: the article that reported it first.
        links: one ``MergeLink`` per mention.
    """

    id: str
    block: str
    plover_type: str
    cameo: str
    quadclass: int
    source_actor_id: str
    source_code: str
    target_actor_id: str
    target_code: str
    date: date | None
    date_precision: str
    date_source: str
    earliest: date | None
    latest: date | None
    background: bool
    representative: str
    mention_ids: tuple[str, ...]
    n_mentions: int
    n_articles: int
    n_sources: int
    n_duplicates: int
    first_reported: date | None
    first_article_id: str
    links: tuple[MergeLink, ...]


@dataclass(frozen=True, slots=True)
class InferredDate:
    """An undated article's date, inferred: a range, a best guess, the reason, a confidence.

    Attributes:
        article_id: the article.
        earliest, latest: the inclusive range the article was most likely written in.
        date: the best single guess inside the range.
        confidence: 0..1.
        reason: the clues used, in words ("'August 5' (past) ...; shares ... with ...").
    """

    article_id: str
    earliest: date
    latest: date
    date: date
    confidence: float
    reason: str
