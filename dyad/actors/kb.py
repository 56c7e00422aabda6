"""The actor knowledge base: countries, organisations, role nouns, office holders and places.

Loaded once from the data files shipped in ``dyad/data`` (see each file's header for
where its facts come from). Every name is indexed by its normalised form, so
"Nicolás Maduro", "NICOLAS MADURO" and "nicolas maduro" find the same entries.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from dyad.data import split, table
from dyad.errors import ConfigError

# Entry kinds, from most to least specific. A place (a city or province from places.csv)
# is the least: it only names where something is, never who acts.
PERSON, ORG, METONYM, COUNTRY, DEMONYM, CAPITAL, REGION, ROLE, PLACE = (
    "person",
    "org",
    "metonym",
    "country",
    "demonym",
    "capital",
    "region",
    "role",
    "place",
)
log = logging.getLogger(__name__)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


def normalise(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces, no leading "the"."""
    if text.isascii():  # most names are: skip the per-character pass (100,000 at load)
        text = text.replace("`", "'")
    else:
        text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(text.lower().split())
    return text.removeprefix("the ")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(text)).strip("-")


@dataclass(frozen=True)
class Entry:
    """One thing a name can refer to.

    Attributes:
        kind: person, org, metonym, country, demonym, capital, region, role or place.
        name: canonical name ("Nicolás Maduro", "Venezuela", "foreign minister").
        country: ISO alpha-3, "IGO"/"NGO", or None (roles).
        sectors: sector codes this entry implies.
        role: for people, the office ("president"); for roles, "person" or "group".
        start, end: for people, the term of office (end None while in office).
        source: the data file and line that says so.
    """

    kind: str
    name: str
    country: str | None
    sectors: tuple[str, ...]
    role: str = ""
    start: date | None = None
    end: date | None = None
    source: str = ""

    stale_after: date | None = None  # an open term last confirmed on this date
    user: bool = False  # from the user's own actor files

    def overlaps(self, other: Entry) -> bool:
        """Whether two entries can hold at the same time (an undated one always can)."""
        if not self.dated or not other.dated:
            return True
        return (self.start is None or other.end is None or self.start <= other.end) and (
            other.start is None or self.end is None or other.start <= self.end
        )

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    @property
    def code(self) -> str:
        return (self.country or "---") + "".join(self.sectors)

    def holds(self, when: date | None) -> bool:
        """Whether this office was held on ``when`` (unknown dates never hold)."""
        if when is None or not self.dated:
            return False
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass
class KnowledgeBase:
    """Names to entries, plus the tables resolution needs."""

    names: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    country_names: dict[str, str] = field(default_factory=dict)
    sector_names: dict[str, str] = field(default_factory=dict)
    first_words: dict[str, int] = field(default_factory=dict)  # first word -> most words
    conflicts: list[str] = field(default_factory=list)  # user entries that met another code
    # one-word country names by first letter, built on first use (dyad.actors.spelling)
    spellings: dict[str, dict[str, list[Entry]]] | None = field(
        default=None, repr=False, compare=False
    )

    def copy(self) -> KnowledgeBase:
        """An independent copy to add the user's entries to (the shipped base stays shared)."""
        names: dict[str, list[Entry]] = defaultdict(list)
        names.update((k, list(v)) for k, v in self.names.items())
        return KnowledgeBase(
            names, dict(self.country_names), dict(self.sector_names), dict(self.first_words)
        )

    def add_user(self, entries: list[Entry], phrases: tuple[str, ...], where: str) -> None:
        """Add one user actor (its entries, one per term) under each of its phrases.

        A phrase the shipped base gives another code at an overlapping time is taken
        from the user (the shipped entries for it are dropped); one an earlier user entry
        already gives another code keeps the earlier entry. Either way it is reported in
        ``conflicts``, never overwritten silently.
        """
        for phrase in phrases:
            key = normalise(phrase)
            clash = [
                old
                for old in self.names.get(key, [])
                if old.kind not in (ROLE, PLACE)
                and not (old.user and _same_file_and_name(old, entries[0]))
                and any(old.code != new.code and old.overlaps(new) for new in entries)
            ]
            earlier = [old for old in clash if old.user]
            if earlier:
                self.conflicts.append(
                    f"{where}: {phrase!r} is {entries[0].code} here but {earlier[0].code} in "
                    f"{earlier[0].source}; the earlier entry is kept"
                )
                continue
            if clash:
                self.conflicts.append(
                    f"{where}: {phrase!r} is {entries[0].code} here but {clash[0].code} in "
                    f"dyad/data/{clash[0].source}; your entry is used"
                )
                self.names[key] = [e for e in self.names[key] if e.user or e.kind in (ROLE, PLACE)]
            for entry in entries:
                self.add(phrase, entry)

    def add(self, phrase: str, entry: Entry) -> None:
        key = normalise(phrase)
        if not key or entry in self.names[key]:
            return
        self.names[key].append(entry)
        words = key.split(" ")
        self.first_words[words[0]] = max(self.first_words.get(words[0], 0), len(words))

    def lookup(self, phrase: str) -> list[Entry]:
        return self.names.get(normalise(phrase), [])

    def code_name(self, country: str | None, sectors: tuple[str, ...]) -> str:
        """A readable name for a code-level actor: "Venezuela government"."""
        base = self.country_names.get(country or "", country or "unknown")
        words = [self.sector_names.get(s, s) for s in sectors]
        return " ".join([base, *words])


def _same_file_and_name(a: Entry, b: Entry) -> bool:
    """Two blocks of one actor in one file are more terms of it, not a conflict."""
    return a.name == b.name and a.source.rsplit(":", 1)[0] == b.source.rsplit(":", 1)[0]


def _date(value: str, where: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{value!r} is not a YYYY-MM-DD date", path=where) from None


def _sectors(value: str) -> tuple[str, ...]:
    """ "GOV" -> ("GOV",); "EUREEC" -> ("EUREEC",); "" -> ()."""
    return (value,) if value else ()


def split_code(code: str) -> tuple[str, tuple[str, ...]]:
    """ "VENGOV" -> ("VEN", ("GOV",)); "VENGOVMIL" -> ("VEN", ("GOV", "MIL"));
    "IGOEUREEC" -> ("IGO", ("EUREEC",)): an IGO/NGO code's rest names one organisation."""
    country, rest = code[:3], code[3:]
    if country in ("IGO", "NGO"):
        return country, _sectors(rest)
    return country, tuple(rest[i : i + 3] for i in range(0, len(rest), 3))


@cache
def shipped() -> KnowledgeBase:
    """Read and index every shipped data file (once per process)."""
    kb = KnowledgeBase()
    for _, row in table("sectors.csv", ("code", "name")):
        kb.sector_names[row["code"]] = row["name"]
    _load_countries(kb)
    for line, row in table("regions.csv", ("code", "name", "aliases", "demonyms")):
        region = Entry(REGION, row["name"], row["code"], (), source=f"regions.csv:{line}")
        kb.country_names[row["code"]] = row["name"]
        for phrase in [row["name"], *split(row["aliases"]), *split(row["demonyms"])]:
            kb.add(phrase, region)
    for line, row in table("organizations.csv", ("name", "aliases", "code", "country", "sector")):
        entry = Entry(
            ORG,
            row["name"],
            row["country"] or None,
            _sectors(row["sector"]),
            source=f"organizations.csv:{line}",
        )
        for phrase in [row["name"], *split(row["aliases"])]:
            kb.add(phrase, entry)
    for line, row in table("roles.csv", ("term", "sector", "kind")):
        entry = Entry(
            ROLE,
            row["term"],
            None,
            _sectors(row["sector"]),
            role=row["kind"],
            source=f"roles.csv:{line}",
        )
        kb.add(row["term"], entry)
    columns = ("name", "aliases", "country", "sector", "role", "start", "end")
    for line, row in table("people.csv", columns):
        where = f"dyad/data/people.csv line {line}"
        entry = Entry(
            PERSON,
            row["name"],
            row["country"] or None,
            _sectors(row["sector"]),
            role=row["role"],
            start=_date(row["start"], where),
            end=_date(row["end"], where),
            source=f"people.csv:{line}",
        )
        for phrase in [row["name"], *split(row["aliases"])]:
            kb.add(phrase, entry)
    _load_officials(kb)
    _load_places(kb)
    return kb


def load(extra: tuple[str, ...] = ()) -> KnowledgeBase:
    """The shipped knowledge base, plus the user's actor files ``extra`` if any.

    Raises:
        ConfigError: a user file is missing or malformed (the message names file and line).
    """
    if not extra:
        return shipped()
    return _with_user_files(tuple(extra))


@cache
def _with_user_files(paths: tuple[str, ...]) -> KnowledgeBase:
    from dyad.actors import user

    kb = shipped().copy()
    for path in paths:
        for actor in user.read(path):
            kb.add_user(user.entries(actor), actor.phrases, f"{actor.path} line {actor.line}")
    for conflict in kb.conflicts:
        log.warning("%s", conflict)
    return kb


def _load_officials(kb: KnowledgeBase) -> None:
    """officials.csv: one row per term, consecutive rows of a person share its name."""
    columns = ("name", "aliases", "code", "start", "end", "confirmed")
    for line, row in table("officials.csv", columns):
        where = f"dyad/data/officials.csv line {line}"
        country, sectors = split_code(row["code"])
        start, end = _date(row["start"], where), _date(row["end"], where)
        role = row["code"] if (start or end) else "otherwise"
        entry = Entry(
            PERSON,
            row["name"],
            country,
            sectors,
            role=role,
            start=start,
            end=end,
            source=f"officials.csv:{line}",
            stale_after=_date(row["confirmed"], where),
        )
        for phrase in [row["name"], *split(row["aliases"])]:
            kb.add(phrase, entry)


def _load_places(kb: KnowledgeBase) -> None:
    """places.csv, last: a name any other file gives is never also a place.

    The file's 65,000 names are keyed here directly (one ``normalise`` each, rather than
    the two of ``lookup`` and ``add``): the knowledge base loads once per process, but
    every process pays for it."""
    columns = ("name", "aliases", "country", "kind")
    names, first_words = kb.names, kb.first_words
    for line, row in table("places.csv", columns):
        entry = Entry(
            PLACE, row["name"], row["country"], (), role=row["kind"], source=f"places.csv:{line}"
        )
        for phrase in [row["name"], *split(row["aliases"])]:
            key = normalise(phrase)
            known = names.get(key)
            if not key or (known and any(e.kind != PLACE or e == entry for e in known)):
                continue
            names[key].append(entry)
            words = key.split(" ")
            first_words[words[0]] = max(first_words.get(words[0], 0), len(words))


def _load_countries(kb: KnowledgeBase) -> None:
    columns = ("iso3", "name", "aliases", "demonyms", "capital", "metonyms")
    for line, row in table("countries.csv", columns):
        iso3, where = row["iso3"], f"countries.csv:{line}"
        kb.country_names[iso3] = row["name"]
        country = Entry(COUNTRY, row["name"], iso3, (), source=where)
        for phrase in [row["name"], *split(row["aliases"])]:
            kb.add(phrase, country)
        for phrase in split(row["demonyms"]):
            kb.add(phrase, Entry(DEMONYM, row["name"], iso3, (), source=where))
        if row["capital"]:
            kb.add(row["capital"], Entry(CAPITAL, row["capital"], iso3, (), source=where))
        for phrase in split(row["metonyms"]):
            # A seat of government stands for the government; a capital for the country.
            sectors = () if normalise(phrase) == normalise(row["capital"]) else ("GOV",)
            kind = CAPITAL if not sectors else METONYM
            kb.add(phrase, Entry(kind, phrase, iso3, sectors, source=where))
