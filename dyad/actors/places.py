"""Whether a name the gazetteer knows is read as a place, and what it attaches to.

``places.csv`` holds 65,000 names of cities and provinces, many of them also words or
people's names elsewhere ("Reading", "Jackson"). A name from it is a place only where the
parse says so: a capitalised proper name that is a place entity, the object of a place
preposition ("in Hodeidah"), named by a place noun ("near the town of Samarra") or the
modifier of a noun ("Boston police").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

# Lower-case words inside a name: "al-Qaeda", "de Klerk", "Rio de Janeiro".
NAME_PARTICLES = frozenset(
    {"al", "el", "de", "del", "da", "dos", "van", "von", "bin", "ibn", "le", "la"}
)
# "in Caracas", "at the White House": where something is.
PLACE_PREPS = frozenset(
    {"in", "at", "near", "across", "throughout", "inside", "outside", "within", "into"}
)
# ... and, for a gazetteer place (which never acts), also where something comes from or goes.
_PLACE_OBJECT_PREPS = PLACE_PREPS | {"from", "around", "to", "toward", "towards"}
# "the town of Cizre", "the Bosnian enclave of Gorazde": nouns that only say what a place is.
PLACE_NOUNS = frozenset(
    {
        "town",
        "city",
        "village",
        "province",
        "region",
        "state",
        "district",
        "enclave",
        "governorate",
        "county",
        "area",
        "port",
        "capital",
        "suburb",
        "suburbs",
        "outskirts",
        "parts",
        "part",
        "centre",
        "center",
        "heart",
        "streets",
        "peninsula",
        "valley",
        "island",
        "coast",
    }
)
# "north of Baghdad", "outside of the city of Basra": a direction's "of" names a place.
DIRECTIONS = frozenset(
    {
        "outside",
        "inside",
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
    }
)
# Entity types a gazetteer name never overrules ("in March", "the 1995 Dayton accords").
NOT_PLACE_ENTS = frozenset(
    {
        "DATE",
        "TIME",
        "MONEY",
        "PERCENT",
        "QUANTITY",
        "CARDINAL",
        "ORDINAL",
        "EVENT",
        "LAW",
        "WORK_OF_ART",
        "LANGUAGE",
        "PRODUCT",
    }
)
# ... and those it overrules only where the syntax says place ("near the town of Samarra",
# which the small model tags NORP).
_WEAK_NOT_PLACE_ENTS = frozenset({"PERSON", "NORP", "ORG"})


def place_reading(span: Span) -> bool:
    """Whether the parse supports reading a gazetteer name as a place: a capitalised proper
    name that is a place entity, the object of a place preposition ("in Samarra"), named by
    a place noun ("the town of Cizre") or the modifier of a noun ("Boston police")."""
    words = [t for t in span if t.is_alpha]
    if not words or not all(
        t.text[:1].isupper() or t.lower_ in NAME_PARTICLES or t.lower_ in PLACE_NOUNS for t in words
    ):
        return False
    if any(t.ent_type_ in NOT_PLACE_ENTS for t in span):
        return False
    if _inside_longer_name(span):
        return False  # "Jammu and Kashmir Liberation Front", "Kandahar Airfield"
    root = span.root
    if root.ent_type_ in ("GPE", "LOC") and not any(t.ent_type_ == "PERSON" for t in span):
        return True
    if root.pos_ != "PROPN" and root.lower_ not in PLACE_NOUNS:
        return False
    if place_object(root) is not None:
        return True
    if any(t.ent_type_ in _WEAK_NOT_PLACE_ENTS for t in span):
        return False
    return root.dep_ == "compound" and root.head.pos_ == "NOUN"


def _inside_longer_name(span: Span) -> bool:
    """Whether the span is part of a longer organisation or facility name."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    return any(
        t is not None and t.ent_iob_ == "I" and t.ent_type_ in ("ORG", "FAC")
        for t in (span[0], after)
    )


def place_object(root: Token) -> Token | None:
    """The token that attaches a place to what happened there, whose head's head is the word
    it attaches to: the place after a place preposition ("in Samarra"), its place noun ("near
    *the town* of Samarra"), or the "of" of a direction ("north *of* Baghdad", "outside *of*
    the city of Basra")."""
    if root.dep_ != "pobj":
        return None
    prep = root.head
    if prep.lower_ in _PLACE_OBJECT_PREPS:
        return root
    if prep.lower_ == "of" and prep.head.lower_ in DIRECTIONS:
        return prep
    noun = prep.head
    # "in parts of the western city of Ahmedabad": place nouns may nest through "of"
    while prep.lower_ == "of" and noun.lemma_.lower() in PLACE_NOUNS and noun.dep_ == "pobj":
        outer = noun.head
        if outer.lower_ in _PLACE_OBJECT_PREPS:
            return noun
        if outer.lower_ != "of":
            return None
        if outer.head.lower_ in DIRECTIONS:
            return outer
        prep, noun = outer, outer.head
    return None
