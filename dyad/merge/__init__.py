"""Merge: one happening, one event. Repeated reports become one event with its mentions.

    Iterable[EventMention] -> group by block_key -> merge_block per block -> MergedEvent

The interface a cluster needs is two pure functions, stable across versions:

- ``block_key(mention) -> str``: candidates for one happening share a key (the dyad's
  countries; not the year, so New Year splits nothing); nothing is compared across keys;
- ``merge_block(mentions, previous=None) -> list[MergedEvent]``: merge one block;
  ``previous`` (mention id -> event id from an earlier merge) keeps event ids stable.

``mention_of(event, article)`` and ``mention_from_row(row)`` build the ``EventMention``
records they take; ``merge(mentions)`` runs the whole thing in one process.
Near-duplicate articles are found by ``neardup``; undated articles are dated by
``dating``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from dyad.merge.block import SYMMETRIC, THRESHOLD, WINDOW, block_key, match, merge_block
from dyad.merge.mention import content_words, interval, mention_from_row, mention_of
from dyad.records import EventMention, InferredDate, MergedEvent, MergeLink


def merge(
    mentions: Iterable[EventMention], previous: Mapping[str, str] | None = None
) -> list[MergedEvent]:
    """Merge mentions in one process: group them by ``block_key``, merge each block."""
    blocks: dict[str, list[EventMention]] = {}
    for m in mentions:
        blocks.setdefault(block_key(m), []).append(m)
    out: list[MergedEvent] = []
    for key in sorted(blocks):
        out.extend(merge_block(blocks[key], previous))
    return out


__all__ = [
    "SYMMETRIC",
    "THRESHOLD",
    "WINDOW",
    "EventMention",
    "InferredDate",
    "MergeLink",
    "MergedEvent",
    "block_key",
    "content_words",
    "interval",
    "match",
    "mention_from_row",
    "mention_of",
    "merge",
    "merge_block",
]
