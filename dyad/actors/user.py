"""The user's own actor files: a simple CSV or TOML of actors and aliases, or a
PETRARCH/Phoenix actor dictionary.

CSV (``.csv``), one row per actor or per term, ``#`` lines are comments::

    name,aliases,code,start,end
    Edmundo González,Edmundo Gonzalez|González Urrutia,VENOPP,2024-04-19,
    Chavismo,chavistas,VENGOV,,

TOML (``.toml``), one ``[[actor]]`` table each::

    [[actor]]
    name = "Edmundo González"
    aliases = ["Edmundo Gonzalez"]
    code = "VENOPP"          # or terms = [{code = "VENOPP", start = 2024-04-19}]
    start = 2024-04-19

Anything else is read as a PETRARCH dictionary (see ``dyad.actors.petrarch``). An
actor with dated terms is a person, whose code is looked up as of the event's date;
one without is a name that always denotes its code.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from dyad.actors import petrarch
from dyad.actors.kb import ORG, PERSON, Entry, split_code
from dyad.actors.petrarch import DictActor, Term
from dyad.data import split, table
from dyad.errors import ConfigError

_CODE = re.compile(r"^[A-Z]{3}(?:[A-Z]{3})*$")


def read(path: str | Path) -> list[DictActor]:
    """Every actor in a user's file.

    Raises:
        ConfigError: the file is missing or a line or table is malformed (named).
    """
    file = Path(path)
    if not file.is_file():
        raise ConfigError(
            "no such actor file; give a .csv, .toml or PETRARCH .txt file", path=str(path)
        )
    try:
        text = file.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text ({exc.reason})", path=str(path)) from None
    suffix = file.suffix.lower()
    if suffix == ".csv":
        return _read_csv(file)
    if suffix == ".toml":
        return _read_toml(text, str(path))
    return petrarch.read(text, str(path))[0]


def entries(actor: DictActor) -> list[Entry]:
    """The knowledge-base entries of a user's actor, one per term."""
    kind = PERSON if any(t.dated for t in actor.terms) else ORG
    out = []
    for term in actor.terms:
        country, sectors = split_code(term.code)
        out.append(
            Entry(
                kind,
                actor.name,
                country,
                sectors,
                role=term.code if term.dated else "otherwise",
                start=term.start,
                end=term.end,
                source=f"{actor.path}:{actor.line}",
                user=True,
            )
        )
    return out


def _term(code: Any, start: Any, end: Any, where: str, line: int | None) -> Term:
    if not isinstance(code, str) or not _CODE.match(code.strip()):
        raise ConfigError(
            f"code {code!r} is not a CAMEO-style actor code (letters in threes: VEN, VENGOV, "
            "IGOEUREEC)",
            path=where,
            line=line,
        )
    dates = []
    for label, value in (("start", start), ("end", end)):
        if value in (None, ""):
            dates.append(None)
        elif isinstance(value, date):
            dates.append(value)
        else:
            try:
                dates.append(date.fromisoformat(str(value).strip()))
            except ValueError:
                raise ConfigError(
                    f"{label} {value!r} is not a YYYY-MM-DD date", path=where, line=line
                ) from None
    if dates[0] and dates[1] and dates[1] < dates[0]:
        raise ConfigError(f"end {dates[1]} is before start {dates[0]}", path=where, line=line)
    return Term(code.strip(), dates[0], dates[1])


def _read_csv(file: Path) -> list[DictActor]:
    actors: dict[str, tuple[DictActor, list[Term], list[str]]] = {}
    for line, row in table(file, ("name", "code")):
        name = row["name"]
        if not name:
            raise ConfigError('field "name" is empty', path=str(file), line=line)
        term = _term(row["code"], row.get("start"), row.get("end"), str(file), line)
        aliases = split(row.get("aliases", ""))
        if name in actors:  # another term of the same actor
            _, terms, known = actors[name]
            terms.append(term)
            known.extend(a for a in aliases if a not in known)
        else:
            actors[name] = (DictActor(name, (), (), str(file), line), [term], aliases)
    return [
        DictActor(a.name, tuple(aliases), tuple(terms), a.path, a.line)
        for a, terms, aliases in actors.values()
    ]


def _read_toml(text: str, where: str) -> list[DictActor]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=where) from None
    tables = data.get("actor")
    if not isinstance(tables, list):
        raise ConfigError("expected [[actor]] tables (name, aliases, code, start, end)", path=where)
    lines = [n for n, ln in enumerate(text.splitlines(), start=1) if ln.strip() == "[[actor]]"]
    actors = []
    for index, item in enumerate(tables):
        line = lines[index] if index < len(lines) else None
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError('an [[actor]] needs a "name" string', path=where, line=line)
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ConfigError('"aliases" must be a list of strings', path=where, line=line)
        raw_terms = item.get("terms") or [item]
        terms = tuple(
            _term(t.get("code"), t.get("start"), t.get("end"), where, line) for t in raw_terms
        )
        actors.append(DictActor(name.strip(), tuple(aliases), terms, where, line or 0))
    return actors
