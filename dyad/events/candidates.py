"""Predicate candidates: the words of a sentence that may express an event (a verb or an
event noun in ``predicates.csv``, an event noun carried by a light verb: "voiced *support*"),
each with the sense that applies; and the grammar helpers the extraction rules share
(children by dependency, prepositional objects, infinitive and "that" clauses).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from dyad.events.ontology import Ontology, Sense

SUBJECTS = {"nsubj", "csubj"}
PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
OBJECTS = {"dobj", "dative", "attr", "oprd"}
TARGET_PREPS = {
    "on",
    "to",
    "with",
    "against",
    "for",
    "toward",
    "towards",
    "at",
    "over",
    "upon",
    "into",
    "from",
    "between",
    "among",
    "of",
    "about",
}
# Prepositions that say where or when, never whom ("agreed to a truce *in* Syria").
_NOT_TARGET_PREPS = {"in", "after", "before", "during", "since", "until"}
# predicates.csv's prep for a sense that takes an infinitive clause ("a call to free Guevara")
_TO_INFINITIVE = "to-infinitive"
CONTROL = {"xcomp", "ccomp", "conj", "advcl", "pcomp", "acomp"}
RELATIVE = {"who", "whom", "which", "that", "whose"}
# "X said Y must hand over the suspects": words of obligation in a reported clause.
OBLIGATION = {"must", "should", "ought"}
# Nouns that measure what they carry ("dollars of aid", "tons of grain").
_MEASURES = {"dollar", "ton", "tonne", "kg", "worth", "shipment", "consignment", "amount"}
_GOVERNED_DEPS = {"dobj", "pobj", "prep", "xcomp", "ccomp", "pcomp"}


@dataclass(frozen=True)
class Candidate:
    """A predicate found in a sentence, before its arguments are attached."""

    token: Token  # the word that carries the meaning (a verb or an event noun)
    sense: Sense
    via: Token | None = None  # the light verb or participle that governs an event noun


def children_of(token: Token, deps: set[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def prep_objects(token: Token, preps: set[str]) -> list[tuple[str, Token]]:
    out = []
    for prep in token.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps:
            objects = [p for p in prep.children if p.dep_ == "pobj"]
            if not objects:  # "travel curbs to and from North Korea": the last one's object
                for conj in prep.conjuncts:
                    objects += [p for p in conj.children if p.dep_ == "pobj"]
            out.extend((prep.lower_, p) for p in objects)
    return out


def own_preps(verb: Token) -> set[str]:
    """The target prepositions, and the particles a verb carries ("pull *out* of a deal")."""
    own = {c.lower_ for c in verb.children if c.dep_ in ("prep", "prt")} - _NOT_TARGET_PREPS
    return TARGET_PREPS | own


def _has_prep(token: Token, prep: str) -> bool:
    if prep == _TO_INFINITIVE:  # "a call to free Guevara"
        return any(c.dep_ in ("acl", "xcomp") and is_infinitive(c) for c in token.children)
    words = prep.split()
    for child in token.children:
        if child.dep_ in ("prep", "prt", "agent", "dative", "advmod") and child.lower_ == words[0]:
            return True
    return False


def _has_object(token: Token, lemma: str) -> bool:
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr", "pobj") and child.lemma_.lower() == lemma:
            return True
        if is_small_clause(child, lemma):
            return True  # "found the man *guilty*"
        if child.dep_ == "dobj" and any(
            g.dep_ == "amod" and g.i > child.i and g.lemma_.lower() == lemma for g in child.children
        ):
            return True  # the same, parsed as an adjective after its noun
        if child.dep_ in ("dobj", "nsubjpass") and any(
            g.dep_ == "compound" and g.lemma_.lower() == lemma for g in child.children
        ):
            return True  # "suspended *aid* deliveries": the object's kind
        if child.dep_ in ("dobj", "nsubjpass") and any(
            p.lemma_.lower() == lemma for _, p in prep_objects(child, {"of"})
        ):
            return True  # "expelled some of the *peacekeepers*": what the part is of
        if child.dep_ == "prep" and any(
            g.lemma_.lower() == lemma for g in child.children if g.dep_ == "pobj"
        ):
            return True
    return token.dep_ == "acl" and token.head.lemma_.lower() == lemma


def is_small_clause(child: Token, lemma: str) -> bool:
    """Whether a verb's child is the adjective of a small clause: "found the man *guilty*"."""
    return child.dep_ in ("ccomp", "oprd") and child.pos_ == "ADJ" and child.lemma_.lower() == lemma


def _pos(token: Token) -> str | None:
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        return "VERB"
    if token.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    if token.pos_ == "ADJ" and token.tag_ in ("VBN", "JJ") and token.dep_ == "amod":
        return "VERB"  # "US-backed": a participle tagged as an adjective
    return None


def senses_of(token: Token, onto: Ontology) -> list[Sense]:
    pos = _pos(token)
    if pos is None:
        return []
    lemma = token.lemma_.lower()
    senses = onto.senses.get((lemma, pos), ())
    if not senses and "-" in token.text:  # "US-backed": the part after the hyphen
        senses = onto.senses.get((token.text.rsplit("-", 1)[1].lower(), pos), ())
    return [
        s
        for s in senses
        if (not s.prep or _has_prep(token, s.prep))
        and (not s.obj or (_has_modifier if pos == "NOUN" else _has_object)(token, s.obj))
    ]


def event_noun_sense(token: Token, onto: Ontology) -> Sense | None:
    senses = onto.senses.get((token.lemma_.lower(), "NOUN"), ())
    applicable = [
        s
        for s in senses
        if (not s.prep or _has_prep(token, s.prep)) and (not s.obj or _has_modifier(token, s.obj))
    ]
    return applicable[0] if applicable else None


def _has_modifier(noun: Token, lemma: str) -> bool:
    """ "a *congratulatory* message", "*air* strikes": a noun row's required modifier."""
    return any(
        c.dep_ in ("amod", "compound", "nmod") and c.lemma_.lower() == lemma for c in noun.children
    )


def phrase_of(token: Token) -> Iterator[Token]:
    """A noun phrase's tokens, without its relative and participial clauses."""
    yield token
    for child in token.children:
        if child.dep_ not in ("relcl", "acl", "punct"):
            yield from phrase_of(child)


def phrase_with_participles(token: Token) -> Iterator[Token]:
    """A noun phrase's tokens with its participial modifiers ("positions belonging to X")."""
    yield token
    for child in token.children:
        if child.dep_ not in ("relcl", "punct", "cc") and not (
            child.dep_ == "acl" and child.tag_ not in ("VBG", "VBN")
        ):
            yield from phrase_with_participles(child)


def _light_nouns(verb: Token) -> list[Token]:
    """The nouns a light verb may carry: "voiced *support*", "*sanctions* imposed by",
    and the noun a quantity measures ("gave 5 million dollars of *aid*")."""
    nouns = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if not nouns:  # "went on strike", "remained on alert": with no object, the noun after "on"
        nouns = [
            p
            for prep in children_of(verb, {"prep"})
            if prep.lower_ == "on"
            for p in children_of(prep, {"pobj"})
        ]
    nouns += [
        p
        for n in list(nouns)
        if _quantity(n)
        for prep in n.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for p in prep.children
        if p.dep_ == "pobj"
    ]
    if verb.dep_ == "acl":
        nouns.append(verb.head)
    return nouns


def _quantity(noun: Token) -> bool:
    """ "5 million dollars", "700 kg", "a shipment": a noun that measures another."""
    return noun.lemma_.lower() in _MEASURES or any(c.dep_ == "nummod" for c in noun.children)


def candidates(sent: Span, onto: Ontology) -> Iterator[Candidate]:
    """The predicates of a sentence, each with the sense that applies."""
    handled: set[int] = set()
    light = [t for t in sent if _pos(t) == "VERB" and t.lemma_.lower() in onto.light_verbs]
    for verb in light:  # their nouns first: "sanctions imposed by" is one event, not two
        for noun in _light_nouns(verb):
            if event_noun_sense(noun, onto) is not None:
                handled.add(noun.i)
    for token in sent:
        if token.lemma_.lower() not in onto.lemmas or token.ent_type_ in ("DATE", "TIME"):
            continue  # "last March" is a month, not a march
        lemma = token.lemma_.lower()
        if token.i in handled and token not in light:
            continue
        if token.dep_ in ("compound", "appos") and _pos(token) == "NOUN" == _pos(token.head):
            # "riot police", "border patrol agents", "aid workers": a kind, no act; "the
            # intifada (uprising)": a gloss of another noun
            continue
        if _in_protest(token):
            continue  # "shut down the capital in protest of ...": the purpose of another act
        if _pos(token) == "VERB" and lemma in onto.light_verbs:
            # "sign an agreement", "lodge a protest": a verb+object idiom comes first.
            idiom = [s for s in senses_of(token, onto) if s.obj]
            if idiom:
                for noun in _light_nouns(token):
                    handled.add(noun.i)
                yield Candidate(token, idiom[0])
                continue
            # "voiced support", "sent a congratulatory message": the noun carries the event.
            for noun in _light_nouns(token):
                sense = event_noun_sense(noun, onto)
                if sense is not None:
                    handled.add(noun.i)
                    yield Candidate(noun, sense, via=token)
                    break
            else:
                own = _own_candidate(token, onto)
                if own is not None:
                    yield own
            continue
        own = _own_candidate(token, onto)
        if own is not None:
            yield own


def _in_protest(token: Token) -> bool:
    """ "in protest of/at/against": the purpose of the act it is attached to."""
    return (
        token.lemma_.lower() == "protest"
        and token.dep_ == "pobj"
        and token.head.lower_ == "in"
        and token.head.head.pos_ in ("VERB", "AUX", "NOUN")
    )


def _own_candidate(token: Token, onto: Ontology) -> Candidate | None:
    """The word's own sense, or, for a reporting verb, a reported demand."""
    senses = senses_of(token, onto)
    if senses:
        return Candidate(token, senses[0])
    lemma = token.lemma_.lower()
    if lemma in onto.reporting and _pos(token) == "VERB" and _reports_obligation(token):
        # "Russia said that Sudan must return the helicopter": a demand (CAMEO 10).
        row = onto.reporting[lemma]
        demand = Sense(lemma, "VERB", "", "", onto.code("100"), "REQUEST", "", row)
        return Candidate(token, demand)
    return None


def _reports_obligation(verb: Token) -> bool:
    """Whether a reporting verb's complement says that someone must or should act."""
    for clause in children_of(verb, {"ccomp"}):
        modal = any(a.dep_ == "aux" and a.lower_ in OBLIGATION for a in clause.children)
        if modal and children_of(clause, SUBJECTS | PASSIVE_SUBJECTS):
            return True
    return False


def is_governed(token: Token, predicates: set[int], budget: int) -> bool:
    """Whether a predicate word is the object or complement of another predicate."""
    if budget <= 0 or token.head.i == token.i:
        return False
    if token.dep_ == "conj":  # "accept its defeat and congratulate": as its first conjunct
        return is_governed(token.head, predicates, budget - 1)
    if token.dep_ == "advcl" and is_infinitive(token):
        # "staged demonstrations to demand reforms", "offered troops to help him": the
        # purpose of an act is what the act is for, not a second event
        return token.head.i in predicates
    if token.dep_ == "acl" and (is_infinitive(token) or is_that_clause(token)):
        # "its refusal to accept the independence of Chechnya", "a call to free Guevara",
        # "its demands that the government grant more rights": what the noun refuses,
        # asks for or alleges is its content, not a second event
        return token.head.i in predicates
    if token.dep_ not in _GOVERNED_DEPS:
        return False
    return token.head.i in predicates or is_governed(token.head, predicates, budget - 1)


def is_that_clause(clause: Token) -> bool:
    """ "(demands) that the government grant ...": a clause marked by "that"."""
    return any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)


def is_infinitive(clause: Token) -> bool:
    """ "to meet", "(in order) to help": an infinitive clause (not a participle, "a strategy
    based on ...", "after helping")."""
    return clause.tag_ == "VB" and any(
        a.dep_ == "aux" and a.lower_ == "to" for a in clause.children
    )
