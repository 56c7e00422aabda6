"""Reading PETRARCH/TABARI/Phoenix ``.actors`` dictionaries.

The format, one actor per block::

    NICOLAS_MADURO          # the actor's phrase; words joined by "_", a trailing "_"
    +MADURO                 #   means "whole word" (ignored here: Dyad matches whole words)
    +NICOLAS_MADURO_MOROS_  # "+" lines are synonyms of the block's phrase
        [VENGOV >060901]    # codes, optionally dated: >YYMMDD (from), <YYMMDD (before),
        [VENELI]            #   YYMMDD-YYMMDD (between); an undated code holds otherwise
    VENEZUELA_  [VEN]       # a code may also follow the phrase on its line

Dates are YYMMDD (years below 30 are 20xx) or YYYYMMDD. ``#`` starts a comment.
``read`` returns the blocks as ``DictActor`` records; a malformed line raises
``ConfigError`` naming the file and line, or, with ``strict=False``, is skipped and
reported in the returned problems (the shipped data builder reads the Phoenix file so).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from dyad.errors import ConfigError

_CODE = re.compile(r"\[([^\]]*)\]")
_VALUE = re.compile(r"^([A-Z]{3}(?:[A-Z]{3})*)(?:\s+(.+))?$")
_STAMP = r"(\d{6}|\d{8})"
_RANGE = re.compile(rf"^{_STAMP}\s*-\s*{_STAMP}$")
_FROM = re.compile(rf"^>\s*{_STAMP}$")
_BEFORE = re.compile(rf"^<\s*{_STAMP}$")


@dataclass(frozen=True, slots=True)
class Term:
    """A code that holds between two dates (None: open on that side; both None: undated)."""

    code: str
    start: date | None = None
    end: date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass(frozen=True, slots=True)
class DictActor:
    """One block of an actor dictionary.

    Attributes:
        name: the block's phrase, with spaces ("Nicolas Maduro").
        aliases: its synonyms ("Maduro", "President Maduro").
        terms: its codes in file order; undated ones hold whenever no dated one does.
        path, line: where the block starts.
    """

    name: str
    aliases: tuple[str, ...]
    terms: tuple[Term, ...]
    path: str
    line: int

    @property
    def phrases(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class _Block:
    name: str
    line: int
    aliases: list[str] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)


def phrase(raw: str) -> str:
    """ "NICOLAS_MADURO_MOROS_" -> "Nicolas Maduro Moros" (case is not used in matching)."""
    words = [w for w in raw.strip().split("_") if w]
    return " ".join(w.capitalize() if w.isupper() else w for w in words)


def parse_stamp(stamp: str) -> date:
    """ "060901" -> 2006-09-01, "891231" -> 1989-12-31, "19270101" -> 1927-01-01."""
    if len(stamp) == 6:
        yy = int(stamp[:2])
        year = 2000 + yy if yy < 30 else 1900 + yy
        return date(year, int(stamp[2:4]), int(stamp[4:6]))
    return date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))


def parse_code(text: str) -> Term:
    """One bracketed value: "VENGOV >060901" -> Term("VENGOV", 2006-09-01, None).

    Raises:
        ValueError: the value is not a code with an optional date restriction.
    """
    match = _VALUE.match(text.strip())
    if not match:
        raise ValueError(f"[{text}] is not a code: expected letters in threes, e.g. [VENGOV]")
    code, restriction = match.group(1), (match.group(2) or "").strip()
    if not restriction:
        return Term(code)
    try:
        if m := _RANGE.match(restriction):
            start, end = parse_stamp(m.group(1)), parse_stamp(m.group(2))
            if end < start:
                raise ValueError(f"the range ends ({end}) before it starts ({start})")
            return Term(code, start, end)
        if m := _FROM.match(restriction):
            return Term(code, parse_stamp(m.group(1)), None)
        if m := _BEFORE.match(restriction):
            return Term(code, None, parse_stamp(m.group(1)))
    except ValueError as exc:
        raise ValueError(f"[{text}]: {exc}") from None
    raise ValueError(
        f"[{text}]: {restriction!r} is not a date restriction; use >YYMMDD, <YYMMDD or "
        "YYMMDD-YYMMDD"
    )


def _lines(text: str) -> Iterator[tuple[int, str, bool]]:
    """(line number, content without comment, indented) for non-empty lines."""
    for number, raw in enumerate(text.splitlines(), start=1):
        content = raw.split("#", 1)[0].rstrip()
        if content.strip():
            yield number, content.strip(), raw[:1].isspace()


def read(
    text: str, path: str = "<text>", *, strict: bool = True
) -> tuple[list[DictActor], list[str]]:
    """Parse an actor dictionary.

    Returns:
        The actor blocks that have at least one code, and the problems met (only when
        ``strict`` is False; each names the file and line).

    Raises:
        ConfigError: with ``strict``, the first malformed line, naming file and line.
    """
    actors: list[DictActor] = []
    problems: list[str] = []
    block: _Block | None = None

    def fail(line: int, message: str) -> None:
        if strict:
            raise ConfigError(message, path=path, line=line)
        problems.append(f"{path} line {line}: {message}")

    def close() -> None:
        if block is not None and block.terms:
            actors.append(
                DictActor(block.name, tuple(block.aliases), tuple(block.terms), path, block.line)
            )
        elif block is not None and strict:
            fail(block.line, f"actor {block.name!r} has no code; add one such as [VENGOV]")

    for number, content, _indented in _lines(text):
        codes = _CODE.findall(content)
        words = _CODE.sub("", content).strip()
        if "[" in words or "]" in words:
            fail(number, f"unbalanced brackets in {content!r}")
            continue
        if words.startswith("+"):
            if block is None:
                fail(number, f"synonym {words!r} comes before any actor")
                continue
            if name := phrase(words[1:]):
                block.aliases.append(name)
        elif words:
            close()
            block = _Block(phrase(words), number)
        if not codes:
            continue
        if block is None:
            fail(number, f"code {codes[0]!r} comes before any actor")
            continue
        for value in codes:
            try:
                block.terms.append(parse_code(value))
            except ValueError as exc:
                fail(number, str(exc))
    close()
    return actors, problems
