"""Data files shipped with Dyad: lexicons, gazetteers and code tables.

Each ``.csv`` here starts with ``#`` comment lines saying what it holds and where its
facts come from, then a header line. ``table`` is the one function that reads them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path

from dyad.errors import ConfigError


def table(name: str | Path, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a data CSV as (line number, row), with every value stripped.

    ``name`` is a file shipped in this package, or a path to a user's file.

    Raises:
        ConfigError: the file lacks one of ``columns``, or a row has the wrong shape;
            the message names the file and line.
    """
    if isinstance(name, Path):
        label, text = str(name), name.read_text("utf-8")
    else:
        label = f"dyad/data/{name}"
        text = resources.files(__package__).joinpath(name).read_text("utf-8")
    lines = text.splitlines()
    first = next((i for i, ln in enumerate(lines) if ln.strip() and not ln.startswith("#")), None)
    if first is None:
        raise ConfigError("file has no header line", path=label)
    reader = csv.reader(io.StringIO("\n".join(lines[first:])))
    header = [h.strip() for h in next(reader)]
    missing = [c for c in columns if c not in header]
    if missing:
        raise ConfigError(
            f"missing column(s) {missing}; the header is {header}", path=label, line=first + 1
        )
    for offset, values in enumerate(reader):
        line = first + 2 + offset
        if not values or (len(values) == 1 and not values[0].strip()):
            continue
        if values[0].startswith("#"):
            continue
        if len(values) != len(header):
            raise ConfigError(
                f"expected {len(header)} fields ({', '.join(header)}), found {len(values)}",
                path=label,
                line=line,
            )
        yield line, {h: v.strip() for h, v in zip(header, values, strict=True)}


def split(value: str) -> list[str]:
    """A multi-valued field ("a|b|c") as a list, without empty items."""
    return [v.strip() for v in value.split("|") if v.strip()]
