"""The attribute ruler's rules, matched without spaCy's ``Matcher``.

English pipelines map each fine tag to its coarse part of speech and fix a few words
("ai n't", "gon na") with an ``attribute_ruler`` of about 180 one- and two-token rules.
spaCy matches them with its general ``Matcher``, a state machine run over every token:
an eighth of the whole parse of ``en_core_web_sm``. ``speed_up`` gives the ruler a
``match`` that finds the same matches from the document's attribute arrays, each token
checked only against the rules its tag or lower-case form can satisfy (plus the few rules
that name neither), and leaves the ruler's own ``set_annotations`` to apply them, in the
same order. A ruler whose rules use anything else (other attributes, operators, more
than two tokens) keeps its ``Matcher``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc

_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}  # of the ``to_array`` rows
_SEEN = 200_000
Test = Callable[[Sequence[int]], bool]  # one token's constraint, on its row of hashes


class _Unsupported(Exception):
    """A rule this matcher cannot read exactly; the ruler keeps spaCy's Matcher."""


def speed_up(nlp: Language) -> bool:
    """Give every attribute ruler of ``nlp`` the fast ``match``; whether any got it."""
    done = False
    for _, proc in nlp.pipeline:
        if isinstance(proc, AttributeRuler):
            try:
                proc.match = _Rules(proc).match  # type: ignore[method-assign]
            except _Unsupported:
                continue
            done = True
    return done


class _Rules:
    """An attribute ruler's rules, indexed by the tag or lower-case form they require."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.strings = ruler.vocab.strings
        self.by_tag: dict[int, list[tuple[int, list[list[Test]]]]] = {}
        self.by_lower: dict[int, list[tuple[int, list[list[Test]]]]] = {}
        self.always: list[tuple[int, list[list[Test]]]] = []
        # A token's rows of (tag, lower, dep, is_space) repeat: what their first tokens
        # match is kept, up to _SEEN rows.
        self.seen: dict[tuple[int, ...], list[tuple[int, list[Test]]]] = {}
        for attr_id in range(len(ruler.attrs)):
            for pattern in ruler.matcher.get(str(attr_id))[1]:
                if not 1 <= len(pattern) <= 2 or not all(pattern):
                    raise _Unsupported(pattern)
                rule = (attr_id, [[self._test(k, v) for k, v in t.items()] for t in pattern])
                first = pattern[0]
                for key, index in (("LOWER", self.by_lower), ("TAG", self.by_tag)):
                    values = _values(first.get(key))
                    if values is not None:
                        for value in values:
                            index.setdefault(get_string_id(value), []).append(rule)
                        break
                else:
                    self.always.append(rule)

    def _test(self, key: str, value: Any) -> Test:
        if key not in _COLUMNS:
            raise _Unsupported(key)
        col = _COLUMNS[key]
        if key == "IS_SPACE":
            if not isinstance(value, bool):
                raise _Unsupported(value)
            return lambda row: bool(row[col]) == value
        if isinstance(value, str):
            wanted = get_string_id(value)
            return lambda row: row[col] == wanted
        if isinstance(value, dict) and len(value) == 1:
            ((op, arg),) = value.items()
            if op in ("IN", "NOT_IN") and isinstance(arg, list):
                hashes = frozenset(get_string_id(a) for a in arg)
                if op == "IN":
                    return lambda row: row[col] in hashes
                return lambda row: row[col] not in hashes
            if op == "REGEX" and isinstance(arg, str):
                search, strings = re.compile(arg).search, self.strings
                return lambda row: bool(search(strings[row[col]]))
        raise _Unsupported(value)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """What ``AttributeRuler.match`` returns: (rule, its key's hash, start, end),
        sorted, so that later rules win."""
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        found = set()
        for i, row in enumerate(rows):
            key = tuple(row)
            first = self.seen.get(key)
            if first is None:
                if len(self.seen) > _SEEN:
                    self.seen.clear()
                first = self.seen[key] = self._first(row)
            for attr_id, second in first:
                if not second:
                    found.add((attr_id, i, i + 1))
                elif i + 1 < len(rows) and all(test(rows[i + 1]) for test in second):
                    found.add((attr_id, i, i + 2))
        return sorted((a, get_string_id(str(a)), s, e) for a, s, e in found)

    def _first(self, row: Sequence[int]) -> list[tuple[int, list[Test]]]:
        """The rules whose first token this row satisfies, each with its second token's
        tests (none for a one-token rule)."""
        rules = self.by_tag.get(row[0], []) + self.by_lower.get(row[1], []) + self.always
        return [(a, tests[1:] and tests[1]) for a, tests in rules if all(t(row) for t in tests[0])]


def _values(value: Any) -> list[str] | None:
    """The values a constraint allows, if it is an equality or an IN list; else None."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and list(value) == ["IN"]:
        return list(value["IN"])
    return None
