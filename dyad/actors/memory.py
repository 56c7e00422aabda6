"""What Dyad learned from other articles: roles stated in one article that resolve the
same bare name in another ("opposition candidate Edmundo González" -> a later
"González said" is VENOPP).

The pipeline reads every fact the store holds into a ``Memory`` before a run, adds each
article's facts as it codes them, and the store keeps them with their evidence
(``learned_actors``). A name resolves to the fact nearest in time to the article's date.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

from dyad.actors.kb import normalise
from dyad.records import Actor, Learned


class Memory:
    """Learned facts by name: the full name and, when only one actor has it, the surname."""

    def __init__(self, facts: Iterable[Learned] = ()) -> None:
        self.by_key: dict[str, list[Learned]] = defaultdict(list)
        self.by_surname: dict[str, list[Learned]] = defaultdict(list)
        self.size = 0
        self.add(facts)

    def add(self, facts: Iterable[Learned]) -> None:
        for fact in facts:
            self.by_key[fact.key].append(fact)
            self.by_surname[fact.key.split(" ")[-1]].append(fact)
            self.size += 1

    def lookup(self, text: str, when: date | None, article_id: str = "") -> Actor | None:
        """Who ``text`` is by what other articles said, nearest in time to ``when``."""
        key = normalise(text)
        facts = [f for f in self.by_key.get(key, []) if f.article_id != article_id]
        if not facts and " " not in key:
            facts = [f for f in self.by_surname.get(key, []) if f.article_id != article_id]
            if len({f.actor.id for f in facts}) != 1:
                return None  # a surname several learned people share says nothing
        if not facts:
            return None

        def distance(fact: Learned) -> int:
            if when is None or fact.date is None:
                return 10**6
            return abs((when - fact.date).days)

        nearest = min(distance(f) for f in facts)
        close = [f for f in facts if distance(f) == nearest]
        code, _ = Counter(f.actor.code for f in close).most_common(1)[0]
        fact = next(f for f in close if f.actor.code == code)
        a = fact.actor
        return Actor(
            a.id,
            a.name,
            a.country,
            a.sectors,
            0.7,
            f"learned from article {fact.article_id[:16]} ({fact.date or 'undated'}): "
            f"'{fact.evidence}'",
        )
