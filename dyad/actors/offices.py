"""A known person's office as of a date: the article's, or the event's own when the text
dates it ("On August 5, 2019, Trump ordered ..." in a 2024 article: USAGOV, not USAELI)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dyad.actors.kb import PERSON, Entry, KnowledgeBase
from dyad.records import Actor, Event, Mention


def person_as_of(
    person_id: str, name: str, terms: list[Entry], when: date | None, clue_sectors: tuple[str, ...]
) -> Actor:
    """A known person's actor as of ``when``, from the terms the knowledge base gives."""
    held = [e for e in terms if e.holds(when)]
    if held:
        term = next((e for e in held if e.sectors == clue_sectors), held[0])
        stale = term.stale_after is not None and when is not None and when > term.stale_after
        note = f"; last confirmed {term.stale_after}" if stale else ""
        return Actor(
            person_id,
            name,
            term.country,
            term.sectors,
            0.6 if stale else 0.95,
            f"{term.role} {term.start or '..'}..{term.end or 'now'} ({term.source}{note})",
        )
    dated = [e for e in terms if e.dated]
    otherwise = next((e for e in terms if not e.dated), None)
    if when is None and dated:
        term = max(dated, key=lambda e: e.start or date.min)
        return Actor(
            person_id,
            name,
            term.country,
            term.sectors,
            0.7,
            f"latest office, {term.role} (no date to check; {term.source})",
        )
    if otherwise is not None:
        return Actor(
            person_id,
            name,
            otherwise.country,
            otherwise.sectors,
            0.7,
            f"code outside dated terms ({otherwise.source})",
        )
    before = [e for e in dated if e.end is not None and when is not None and e.end < when]
    if before:
        term = max(before, key=lambda e: e.end or date.min)
        return Actor(
            person_id,
            name,
            term.country,
            ("ELI",),
            0.8,
            f"former {term.role} (left office {term.end}; {term.source})",
        )
    term = terms[0]
    return Actor(
        person_id,
        name,
        term.country,
        clue_sectors,
        0.6,
        f"{term.role} from {term.start}, not yet in office ({term.source})",
    )


# Dates precise enough to tell which office someone held: "in 2019" is not.
_PRECISE = frozenset({"day", "week", "month"})


def as_of_event(event: Event, kb: KnowledgeBase) -> Event:
    """``event`` with its people's offices as of the event's own date, when the text
    dates it and that date changes the office: in a 2024 article, "on 5 August 2019
    Trump ordered ..." makes Trump USAGOV, not the USAELI of the article's date.

    Mentions whose office the text states ("introduced as", "former ...") keep it.
    """
    if event.date is None or event.date_source != "text" or event.date_precision not in _PRECISE:
        return event
    source = _mention_as_of(event.source, event.date, kb)
    target = _mention_as_of(event.target, event.date, kb)
    if source is event.source and target is event.target:
        return event
    return replace(event, source=source, target=target)


def _mention_as_of(mention: Mention | None, when: date, kb: KnowledgeBase) -> Mention | None:
    if mention is None or not mention.actor.id.startswith("person:"):
        return mention
    actor = mention.actor
    if actor.rule.startswith("introduced as") or "former office holder" in actor.rule:
        return mention
    terms = [e for e in kb.lookup(actor.name) if e.kind == PERSON and e.name == actor.name]
    if not any(e.dated for e in terms):
        return mention
    then = person_as_of(actor.id, actor.name, terms, when, ())
    if then.code == actor.code:
        return mention
    return replace(mention, actor=replace(then, rule=f"{then.rule}; as of the event date {when}"))
