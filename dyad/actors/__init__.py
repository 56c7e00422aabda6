"""Actors: find political actors in parsed text and resolve them to coded actors."""

from dyad.actors.kb import KnowledgeBase, load, normalise
from dyad.actors.memory import Memory
from dyad.actors.offices import as_of_event
from dyad.actors.resolve import DocActors, resolve_doc

__all__ = [
    "DocActors",
    "KnowledgeBase",
    "Memory",
    "as_of_event",
    "load",
    "normalise",
    "resolve_doc",
]
