"""Dyad: turn news text into political event data (who did what to whom, when and where).

The public API:

- ``code_text(text, date=None) -> list[Event]``: code one text, store nothing;
- ``Dyad(db)``: a store, with ``code(paths)``, ``events(...)``, ``actors()``, ``export(...)``;
- ``resolve_actor(text, context=None, date=None) -> Actor | None``;
- ``classify(text, source_span, target_span) -> str | None``;
- ``explain_classify(text, source_span, target_span) -> Classification``: the type and
  what decided it (a predicates.csv row, or the trained back-off and its top words).
"""

__version__ = "0.1.0"

from dyad.api import Dyad, RunSummary, classify, code_text, explain_classify, resolve_actor
from dyad.config import Settings
from dyad.errors import (
    ConfigError,
    DyadError,
    InputError,
    ModelMissing,
    NotFound,
    StoreError,
)
from dyad.records import Actor, Article, Event, Mention, Rejected

__all__ = [
    "Actor", "Article", "ConfigError", "Dyad", "DyadError", "Event", "InputError", "Mention",
    "ModelMissing", "NotFound", "Rejected", "RunSummary", "Settings", "StoreError", "classify",
    "code_text", "explain_classify", "resolve_actor",
]  # fmt: skip
