"""Blocking and merging: which reports may tell the same happening, and which do.

Two functions make the whole merge, and both are pure, so a cluster can run them as a
group-by and a map:

- ``block_key(mention) -> str``: mentions that could be one happening share a key:
  the unordered pair of the actors' countries ("RUS|VEN|dated"). Dates are not part
  of the key: any fixed date bucket (a year, a month) has edges, and two reports of a
  happening on 2019-12-31 and 2020-01-01, or a range that straddles the edge, would
  fall on either side and never meet. Inside a block the date order does the
  blocking instead (see ``merge_block``). Historical references go to
  "…|background"; mentions with no date at all can only merge inside their own
  article (or its near-duplicates), so their key names that article. Nothing is ever
  compared across keys.
- ``merge_block(mentions, previous) -> list[MergedEvent]``: merges one block. Inside a
  block, mentions of one article are compared with each other, and mentions of
  different articles only with their neighbours in date order (at most ``WINDOW`` of
  them), so a block of n mentions costs O(n log n + n * WINDOW).

Two mentions merge when they have the same PLOVER type, the same actors in the same
roles (either way round for CONSULT, AGREE, COOPERATE), and dates that agree within
their precision; across articles their agreement must also score at least
``THRESHOLD`` (actors, dates and shared evidence words weighed as ``match`` says).
A cluster never holds dates that do not overlap. Every decision is kept as a
``MergeLink`` saying which mention it joined and why, so a merge can be explained and
undone from the stored mentions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from dyad.records import EventMention, MergedEvent, MergeLink, content_id

SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})
WINDOW = 64  # cross-article neighbours compared per mention, in date order
THRESHOLD = 0.7  # the least cross-article agreement that merges
MAX_IN_ARTICLE = 200  # mentions of one article compared all-pairs (more: neighbours only)
_TOLERANCE = timedelta(days=1)  # time zones: "Tuesday" in Caracas is Wednesday in Beijing
_PRECISION = {"day": 0, "week": 1, "month": 2, "range": 3, "year": 4, "unknown": 5}
_PROVENANCE = {"text": 0, "inferred": 1, "article": 2, "unknown": 3}


def _country(code: str) -> str:
    return code[:3] if code else "-"


def block_key(m: EventMention) -> str:
    """The blocking key of a mention: candidates for one happening share it.

    ``"<country>|<country>|<bucket>"``, countries sorted (so X->Y and Y->X meet), bucket
    ``dated``, ``background``, or ``article:<id>`` for mentions with no date.
    """
    pair = pair_key(m.source_code, m.target_code)
    if m.background:
        bucket = "background"
    elif m.date is None:
        bucket = f"article:{group_of(m)}"
    else:
        bucket = "dated"  # every date of the dyad: see the module docstring for why
    return f"{pair}|{bucket}"


def pair_key(source_code: str, target_code: str) -> str:
    """The country pair of a block key ("RUS|VEN"): the countries of two codes, sorted."""
    a, b = sorted((_country(source_code), _country(target_code)))
    return f"{a}|{b}"


def group_of(m: EventMention) -> str:
    """The article a mention speaks for: itself, or the article it near-duplicates."""
    return m.duplicate_of or m.article_id


def _order(m: EventMention) -> tuple:
    return (m.article_date or date.max, group_of(m), m.article_id, m.sentence_start,
            m.predicate_start, m.id)  # fmt: skip


def _same_actor(id_a: str, code_a: str, id_b: str, code_b: str) -> tuple[float, str] | None:
    """How surely two sides are the same actor: (strength, why), or None."""
    if not (id_a or code_a) and not (id_b or code_b):
        return 1.0, "unsaid"
    if id_a and id_a == id_b:
        return 1.0, id_a
    if code_a and code_a == code_b:
        return 0.8, code_a
    nested = code_a.startswith(code_b) or code_b.startswith(code_a)
    if code_a and code_b and nested and min(len(code_a), len(code_b)) >= 3:
        return 0.6, f"{code_a}~{code_b}"
    return None


def actors(a: EventMention, b: EventMention) -> tuple[float, str] | None:
    """Whether two mentions have the same actors in the same roles: (strength, why)."""
    src = _same_actor(a.source_actor_id, a.source_code, b.source_actor_id, b.source_code)
    tgt = _same_actor(a.target_actor_id, a.target_code, b.target_actor_id, b.target_code)
    if src and tgt:
        return min(src[0], tgt[0]), f"same actors ({src[1]} -> {tgt[1]})"
    if a.plover_type in SYMMETRIC:
        src = _same_actor(a.source_actor_id, a.source_code, b.target_actor_id, b.target_code)
        tgt = _same_actor(a.target_actor_id, a.target_code, b.source_actor_id, b.source_code)
        if src and tgt:
            return min(src[0], tgt[0]), f"same actors, either way round ({src[1]} <-> {tgt[1]})"
    return None


def _overlap(lo_a: date | None, hi_a: date | None, lo_b: date | None, hi_b: date | None) -> bool:
    if None in (lo_a, hi_a, lo_b, hi_b):
        return False
    return lo_a <= hi_b + _TOLERANCE and lo_b <= hi_a + _TOLERANCE  # type: ignore[operator]


def _when(m: EventMention) -> str:
    if m.date is None:
        return "undated" if m.earliest is None else f"{m.earliest}..{m.latest} ({m.date_source})"
    return f"{m.date} ({m.date_precision}, {m.date_source})"


def _dates(a: EventMention, b: EventMention, same_article: bool) -> float | None:
    """Whether two mentions' dates agree within their precision: how strongly, or None."""
    if a.earliest is None or b.earliest is None:
        if same_article and a.earliest is None and b.earliest is None:
            return 0.5  # both undated
        return None
    if not _overlap(a.earliest, a.latest, b.earliest, b.latest):
        return None
    stated = {"text", "inferred"}
    if a.date_source in stated and b.date_source in stated:
        if a.date_precision == b.date_precision == "day" and a.date == b.date:
            return 1.0
        return 0.8
    if a.date_source in stated or b.date_source in stated:
        return 0.7
    return 0.5


def _dates_reason(a: EventMention, b: EventMention) -> str:
    if a.earliest is None and b.earliest is None:
        return "both undated"
    return f"dates agree ({_when(a)} / {_when(b)})"


def similarity(a: Sequence[str], b: Sequence[str]) -> tuple[float, int]:
    """Shared evidence words: (overlap coefficient, how many are shared)."""
    if not a or not b:
        return 0.0, 0
    shared = len(set(a) & set(b))
    return shared / min(len(a), len(b)), shared


def match(a: EventMention, b: EventMention) -> tuple[float, str] | None:
    """Whether two mentions report the same happening: (score, reason), or None."""
    found = _score(a, b)
    return None if found is None else (found.score, found.reason(a, b))


@dataclass(frozen=True)
class _Match:
    """What ``match`` decided for two mentions, before it is put in words (a block
    compares many pairs, and only the links kept need their reason)."""

    score: float
    agree: tuple[float, str]
    same_article: bool
    sim: float
    shared: int

    def reason(self, a: EventMention, b: EventMention) -> str:
        reason = f"same type {a.plover_type}; {self.agree[1]}; {_dates_reason(a, b)}"
        if self.same_article:
            where = "same article" if a.article_id == b.article_id else "near-duplicate articles"
            return f"{reason}; {where}"
        return (
            f"{reason}; evidence shares {self.shared} words ({self.sim:.2f});"
            f" score {self.score:.2f}"
        )


def _score(a: EventMention, b: EventMention) -> _Match | None:
    if a.plover_type != b.plover_type or a.background != b.background:
        return None
    same_article = group_of(a) == group_of(b)
    agree = actors(a, b)
    if agree is None:
        return None
    dates = _dates(a, b, same_article)
    if dates is None:
        return None
    if same_article:
        return _Match(1.0, agree, True, 0.0, 0)
    sim, shared = similarity(a.words, b.words)
    score = round(0.35 * agree[0] + 0.35 * dates + 0.3 * sim, 3)
    if score < THRESHOLD:
        return None
    return _Match(score, agree, False, sim, shared)


def _candidates(ms: Sequence[EventMention]) -> Iterable[tuple[int, int]]:
    """Index pairs worth comparing: within an article, and date-order neighbours across."""
    by_group: dict[str, list[int]] = {}
    for i, m in enumerate(ms):
        by_group.setdefault(group_of(m), []).append(i)
    for members in by_group.values():
        if len(members) <= MAX_IN_ARTICLE:
            for x, i in enumerate(members):
                for j in members[x + 1 :]:
                    yield i, j
        else:
            for x, i in enumerate(members):
                for j in members[x + 1 : x + 1 + WINDOW]:
                    yield i, j
    dated = sorted((i for i, m in enumerate(ms) if m.earliest is not None),
                   key=lambda i: (ms[i].earliest, ms[i].id))  # fmt: skip
    for x, i in enumerate(dated):
        a = ms[i]
        for j in dated[x + 1 : x + 1 + WINDOW]:
            b = ms[j]
            if b.earliest > a.latest + _TOLERANCE:  # type: ignore[operator]
                break
            if group_of(a) != group_of(b):
                yield i, j


class _Clusters:
    """Union-find whose clusters keep the intersection of their mentions' date ranges."""

    def __init__(self, ms: Sequence[EventMention]) -> None:
        self.parent = list(range(len(ms)))
        self.span = [(m.earliest, m.latest) for m in ms]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return False
        (lo_a, hi_a), (lo_b, hi_b) = self.span[ri], self.span[rj]
        if lo_a is not None and lo_b is not None:
            if not _overlap(lo_a, hi_a, lo_b, hi_b):
                return False  # the two groups' dates cannot be one day: keep them apart
            span = (max(lo_a, lo_b), min(hi_a, hi_b))  # type: ignore[type-var]
            if span[0] > span[1]:  # overlapping only within the tolerance
                span = (span[1], span[0])
        else:
            span = (lo_a, hi_a) if lo_a is not None else (lo_b, hi_b)
        self.parent[rj] = ri
        self.span[ri] = span
        return True


def merge_block(
    mentions: Iterable[EventMention], previous: Mapping[str, str] | None = None
) -> list[MergedEvent]:
    """Merge the mentions of one block into events.

    Pure and deterministic: the same mentions give the same events in any order.

    Args:
        mentions: mentions sharing one ``block_key`` (mixing keys is allowed, but then
            mentions of different keys may merge).
        previous: mention id -> the event id it had in an earlier merge. An event keeps
            the id most of its mentions had, so re-merging a block with more mentions
            updates its events instead of making new ones.

    Returns:
        The events, in reading order of their first mention, each with its links.
    """
    ms = sorted(mentions, key=_order)
    if not ms:
        return []
    edges = []
    for i, j in _candidates(ms):
        found = _score(ms[i], ms[j])
        if found is not None:
            edges.append((-found.score, ms[i].id, ms[j].id, i, j, found))
    edges.sort(key=lambda edge: edge[:5])  # each pair once: (i, j) settles every tie
    clusters = _Clusters(ms)
    tree: dict[int, list[tuple[int, float, str]]] = {}
    for negative, _, _, i, j, found in edges:
        if clusters.union(i, j):
            reason = found.reason(ms[i], ms[j])
            tree.setdefault(i, []).append((j, -negative, reason))
            tree.setdefault(j, []).append((i, -negative, reason))
    members: dict[int, list[int]] = {}
    for i in range(len(ms)):
        members.setdefault(clusters.find(i), []).append(i)
    events = [_event(ms, sorted(group), tree, clusters) for group in members.values()]
    events.sort(key=lambda e: _order(next(m for m in ms if m.id == e.mention_ids[0])))
    return _keep_ids(events, previous or {})


def _event(
    ms: Sequence[EventMention],
    group: list[int],
    tree: Mapping[int, list[tuple[int, float, str]]],
    clusters: _Clusters,
) -> MergedEvent:
    founder = group[0]
    links = {founder: MergeLink(ms[founder].id, "", None, 1.0, "first report")}
    queue = [founder]
    while queue:  # each mention's link is the match that brought it in, from the founder out
        i = queue.pop(0)
        for j, score, reason in tree.get(i, []):
            if j not in links:
                links[j] = MergeLink(ms[j].id, "", ms[i].id, score, reason)
                queue.append(j)
    chosen = [ms[i] for i in group]
    rep = min(chosen, key=lambda m: (_PRECISION.get(m.date_precision, 9),
                                     _PROVENANCE.get(m.date_source, 9),
                                     m.duplicate_of is not None, _order(m)))  # fmt: skip
    counted = [m for m in chosen if m.duplicate_of is None] or chosen
    published = [m for m in chosen if m.article_dated == "published"]
    dated = [m for m in chosen if m.article_date is not None]
    first = min(published or dated or chosen, key=_order)
    lo, hi = clusters.span[clusters.find(founder)]
    event_id = content_id("event", ms[founder].id)
    return MergedEvent(
        id=event_id,
        block=block_key(ms[founder]),
        plover_type=rep.plover_type,
        cameo=rep.cameo,
        quadclass=rep.quadclass,
        source_actor_id=rep.source_actor_id,
        source_code=_specific(rep.source_code, [m.source_code for m in chosen]),
        target_actor_id=rep.target_actor_id,
        target_code=_specific(rep.target_code, [m.target_code for m in chosen]),
        date=rep.date,
        date_precision=rep.date_precision,
        date_source=rep.date_source,
        earliest=lo,
        latest=hi,
        background=all(m.background for m in chosen),
        representative=rep.id,
        mention_ids=tuple(m.id for m in chosen),
        n_mentions=len(counted),
        n_articles=len({m.article_id for m in counted}),
        n_sources=len({m.publisher or f"article:{m.article_id}" for m in counted}),
        n_duplicates=sum(1 for m in chosen if m.duplicate_of is not None),
        first_reported=first.article_date,
        first_article_id=first.article_id,
        links=tuple(links[i] for i in group),
    )


def _specific(code: str, others: Iterable[str]) -> str:
    """The most specific code the mentions agree on ("RUSGOV" over "RUS")."""
    best = code
    for other in others:
        if other and other.startswith(best) and len(other) > len(best):
            best = other
    return best


def _keep_ids(events: list[MergedEvent], previous: Mapping[str, str]) -> list[MergedEvent]:
    """Give each event the id its mentions had before, when they had one."""
    taken: set[str] = set()
    out = []
    # Larger events choose first, so a split event's id stays with its bigger part.
    for e in sorted(events, key=lambda e: (-len(e.mention_ids), e.mention_ids[0])):
        votes: dict[str, int] = {}
        for mention_id in e.mention_ids:
            old = previous.get(mention_id)
            if old and old not in taken:
                votes[old] = votes.get(old, 0) + 1
        event_id = min(votes, key=lambda k: (-votes[k], k)) if votes else e.id
        if event_id in taken:  # a fresh id clashing with a kept one: derive another
            event_id = content_id("event", event_id, e.mention_ids[0])
        taken.add(event_id)
        out.append((e, event_id))
    order = {e.id: n for n, e in enumerate(events)}
    out.sort(key=lambda pair: order[pair[0].id])
    return [_with_id(e, event_id) for e, event_id in out]


def _with_id(e: MergedEvent, event_id: str) -> MergedEvent:
    links = tuple(replace(link, event_id=event_id) for link in e.links)
    return replace(e, id=event_id, links=links)
