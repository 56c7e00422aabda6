"""The spaCy pipeline as Dyad loads it: the attribute ruler's rules matched without the
Matcher (``dyad.nlp.attributes``) give what spaCy's Matcher gives."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.pipeline import AttributeRuler

from dyad.config import DEFAULT_MODEL
from dyad.ingest import read
from dyad.nlp import attributes, load
from dyad.records import Article

from conftest import DEMO, GOLD

EDGES = [
    "He ain't gonna do it, we gotta go.",
    "I'm gon na wanna see y'all. AIN'T NO WAY.",
    "  \n\n  Tabs\tand   spaces  ",
    "",
]


def _texts() -> list[str]:
    texts = [a.text for a in read([str(DEMO)]) if isinstance(a, Article)]
    with (GOLD / "plover_gsr.jsonl").open(encoding="utf-8") as f:
        texts += [json.loads(line)["text"] for line in f][:150]
    return texts + EDGES


def test_nlp_attribute_rules_match_as_spacys_matcher():
    nlp = load(DEFAULT_MODEL)
    ruler = nlp.get_pipe("attribute_ruler")
    assert ruler.match != AttributeRuler.match.__get__(ruler)  # the fast one is in place
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = list(nlp.pipe(_texts()))
    for doc in docs:
        assert ruler.match(doc) == sorted(set(AttributeRuler.match(ruler, doc))), doc.text[:60]


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "a", "OP": "+"}],  # an operator
        [{"POS": "NOUN"}],  # an attribute it does not read
        [{"LOWER": "a"}, {"LOWER": "b"}, {"LOWER": "c"}],  # three tokens
        [{"LOWER": "a"}, {}],  # any token
    ],
)
def test_nlp_attribute_rules_leave_what_they_cannot_read_to_the_matcher(pattern):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN"})
    ruler.add([pattern], {"LEMMA": "x"})
    assert not attributes.speed_up(nlp)
    assert ruler.match == AttributeRuler.match.__get__(ruler)
