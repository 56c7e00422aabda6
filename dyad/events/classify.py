"""Classify a given dyad: what type of event does the source direct at the target?

Used by ``dyad eval`` for the ``classify`` figure and by coders checking candidate
pairs. The answer comes from the same predicate lexicon, complement rule and modality
rules as extraction: among the sentence's predicates that are not the complement of
another ("refused to *take part*"), the one that governs both spans most closely wins,
and its type is read with its modality ("will not lift the ban" is REJECT, "is willing
to withdraw" AGREE).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dyad.events import backoff
from dyad.events.candidates import CONTROL, Candidate, candidates, is_governed
from dyad.events.modality import decide
from dyad.events.ontology import Ontology


@dataclass(frozen=True)
class Classification:
    """A pair's type and what decided it.

    ``decided_by`` is ``"rule"`` (a predicates.csv row, named in ``why``), ``"model"`` (the
    trained back-off, with the words that weighed most) or ``"none"``.
    """

    plover_type: str | None
    decided_by: str
    why: str


def _root(doc: Doc, span: tuple[int, int] | None) -> Token | None:
    if span is None:
        return None
    found = doc.char_span(span[0], span[1], alignment_mode="expand")
    return found.root if found is not None and len(found) else None


def _depth(token: Token, ancestor: Token) -> int | None:
    """Steps from ``token`` up to ``ancestor``, or None if it is not an ancestor."""
    steps, current = 0, token
    while current.i != ancestor.i:
        if current.head.i == current.i:
            return None
        current, steps = current.head, steps + 1
    return steps


def _complement(c: Candidate, heads: set[int]) -> bool:
    token, hops = c.via or c.token, 0
    while token.dep_ in CONTROL and token.dep_ != "advcl" and hops < 3:
        token, hops = token.head, hops + 1
        if token.i in heads:
            return True
    return False


def classify_pair(
    doc: Doc, source: tuple[int, int] | None, target: tuple[int, int] | None, onto: Ontology
) -> str | None:
    """The PLOVER type linking the two character spans of ``doc``, or None."""
    return explain_pair(doc, source, target, onto).plover_type


def explain_pair(
    doc: Doc, source: tuple[int, int] | None, target: tuple[int, int] | None, onto: Ontology
) -> Classification:
    """The PLOVER type linking the two character spans of ``doc``, and what decided it."""
    src, tgt = _root(doc, source), _root(doc, target)
    if src is None:
        return Classification(None, "none", "the source span is not in the text")
    best = _best(doc, src, tgt, onto)
    if best is not None:
        _, plover, _, _, how = decide(best, best.token.sent, onto)
        s = best.sense
        row = ",".join((s.lemma, s.pos, s.prep, s.obj, s.code.code, s.plover_type))
        word = f"{best.via.text} {best.token.text}" if best.via is not None else best.token.text
        return Classification(plover, "rule", f"predicates.csv row {row} ('{word}'){how}")
    model = backoff.load()
    guess = model.guess(src.sent.text) if model is not None else None
    if guess is None:
        return Classification(None, "none", "no lexicon predicate and no known word")
    return Classification(
        guess.plover_type,
        "model",
        f"no lexicon predicate; model p={guess.probability}, top features "
        + ", ".join(guess.features),
    )


def _best(doc: Doc, src: Token, tgt: Token | None, onto: Ontology) -> Candidate | None:
    found = [c for sent in doc.sents for c in candidates(sent, onto)]
    if not found:
        return None
    heads = {c.token.i for c in found} | {c.via.i for c in found if c.via is not None}
    free = [
        c
        for c in found
        if not _complement(c, heads) and not is_governed(c.via or c.token, heads, 6)
    ] or found

    def score(c: Candidate) -> tuple[int, int, int]:
        anchor = c.via or c.token
        up_src = _depth(src, anchor)
        up_tgt = _depth(tgt, anchor) if tgt is not None else 0
        if up_src is not None and up_tgt is not None:
            return (0, up_src + up_tgt, abs(anchor.i - src.i))
        if up_src is not None or up_tgt is not None:
            return (1, (up_src or 0) + (up_tgt or 0), abs(anchor.i - src.i))
        return (2, 0, abs(anchor.i - src.i))

    return min(free, key=score)
