"""Country names misspelt in the text: "Afganistan", "Isreal", "Ethopia".

Wire copy and scraped pages misspell country names often enough that an exact lookup
loses events ("rejected a fresh offer from Afganistan"). A capitalised word the knowledge
base does not know is matched against the country names it does know, by
optimal string alignment: one edit (a swap of two letters counting as one; for six-letter
words only a swap, since "Franco" is a name, not France), the first letter kept, and not
a name built on the country's ("Americas", "Indiana", "Hollande"). Words tagged as
people are not matched ("Cameron", "Lieberman"). rapidfuzz does the matching.
"""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from dyad.actors.kb import COUNTRY, Entry, KnowledgeBase

# Shorter words are too close to ordinary names ("Nigel" and Niger, "Malia" and Mali).
MIN_LENGTH = 6
# Real names one edit from a country: "Columbia" (British Columbia, the university).
_NOT_MISSPELT = {"columbia"}


def _names(kb: KnowledgeBase) -> dict[str, dict[str, list[Entry]]]:
    """Single-word country names, lowercased, with their entries, by first letter (built
    once per knowledge base). Demonyms are left out: too many words are one letter from one
    ("Brixton")."""
    if kb.spellings is not None:
        return kb.spellings
    out: dict[str, dict[str, list[Entry]]] = {}
    for key, entries in kb.names.items():
        if " " in key or len(key) < MIN_LENGTH or not key.isalpha():
            continue
        kept = [e for e in entries if e.kind == COUNTRY]
        if kept:
            out.setdefault(key[0], {})[key] = kept
    kb.spellings = out
    return out


def misspelt(word: str, kb: KnowledgeBase) -> list[Entry]:
    """The country entries ``word`` is a misspelling of, or [] if none.

    Each entry's ``source`` says what was written, so the actor's rule shows it.
    """
    lower = word.lower()
    if len(lower) < MIN_LENGTH or not lower.isalpha() or lower in _NOT_MISSPELT:
        return []
    candidates = _names(kb).get(lower[0], {})  # the first letter is kept
    if lower in candidates:
        return []
    found = process.extractOne(lower, candidates.keys(), scorer=OSA.distance, score_cutoff=1)
    if found is None:
        return []
    name = found[0]
    if len(lower) < 7 and Levenshtein.distance(lower, name) < 2:
        return []  # a short word may only swap two letters ("Isreal"), not change one ("Franco")
    if lower.startswith(name) or name.startswith(lower):
        return []  # "Americas", "Indiana", "Hollande", "Dominic": other names built on it
    return [replace(e, source=f"{e.source}, written '{word}'") for e in candidates[name]]
