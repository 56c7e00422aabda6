"""The event ontology: CAMEO codes with their PLOVER type, QuadClass and Goldstein value,
and the predicate lexicon that maps words to codes.

All are data files in ``dyad/data`` (``cameo.csv``, ``predicates.csv``, ``light_verbs.csv``,
``reporting_verbs.csv``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from dyad.data import table
from dyad.errors import ConfigError

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE"})


@dataclass(frozen=True)
class Code:
    """A CAMEO code and what it means in PLOVER."""

    code: str
    name: str
    root: str
    quadclass: int
    goldstein: float
    plover_type: str
    plover_mode: str
    plover_context: str


@dataclass(frozen=True)
class Sense:
    """One meaning of a predicate word (a row of predicates.csv).

    ``prep`` and ``obj`` name a preposition/particle and a direct-object lemma that must
    be attached to the word for this sense; empty means "any".
    """

    lemma: str
    pos: str
    prep: str
    obj: str
    code: Code
    plover_type: str
    plover_mode: str
    source: str

    @property
    def specificity(self) -> int:
        return 2 * bool(self.obj) + bool(self.prep)


@dataclass(frozen=True)
class Ontology:
    codes: dict[str, Code]
    senses: dict[tuple[str, str], tuple[Sense, ...]]
    light_verbs: frozenset[str]
    lemmas: frozenset[str]
    reporting: dict[str, str]  # reporting verb lemma -> its row ("reporting_verbs.csv:12")

    def code(self, code: str) -> Code:
        return self.codes[code]


@cache
def load() -> Ontology:
    """Read and check the event data files (once per process)."""
    codes: dict[str, Code] = {}
    columns = (
        "code",
        "name",
        "root",
        "quadclass",
        "goldstein",
        "plover_type",
        "plover_mode",
        "plover_context",
    )
    for line, row in table("cameo.csv", columns):
        try:
            codes[row["code"]] = Code(
                row["code"],
                row["name"],
                row["root"],
                int(row["quadclass"]),
                float(row["goldstein"]),
                row["plover_type"],
                row["plover_mode"],
                row["plover_context"],
            )
        except ValueError as exc:
            raise ConfigError(str(exc), path="dyad/data/cameo.csv", line=line) from None
    senses: dict[tuple[str, str], list[Sense]] = defaultdict(list)
    columns = ("lemma", "pos", "prep", "object", "cameo", "plover", "mode")
    for line, row in table("predicates.csv", columns):
        where = "dyad/data/predicates.csv"
        code = codes.get(row["cameo"])
        if code is None:
            raise ConfigError(f"unknown CAMEO code {row['cameo']!r}", path=where, line=line)
        plover = row["plover"] or code.plover_type
        if plover not in PLOVER_TYPES:
            raise ConfigError(
                f"no PLOVER type for {row['lemma']!r} ({row['cameo']})", path=where, line=line
            )
        mode = row["mode"] or (code.plover_mode if plover == code.plover_type else "")
        senses[(row["lemma"].lower(), row["pos"].upper())].append(
            Sense(
                row["lemma"].lower(),
                row["pos"].upper(),
                row["prep"].lower(),
                row["object"].lower(),
                code,
                plover,
                mode,
                f"predicates.csv:{line}",
            )
        )
    light = frozenset(row["lemma"].lower() for _, row in table("light_verbs.csv", ("lemma",)))
    reporting = {
        row["lemma"].lower(): f"reporting_verbs.csv:{line}"
        for line, row in table("reporting_verbs.csv", ("lemma",))
    }
    ordered = {k: tuple(sorted(v, key=lambda s: -s.specificity)) for k, v in senses.items()}
    lemmas = frozenset(k[0] for k in ordered) | light | frozenset(reporting)
    return Ontology(codes, ordered, light, lemmas, reporting)
