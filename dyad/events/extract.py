"""Event extraction: rules over the dependency parse, driven by the predicate lexicon.

For every sentence that holds a predicate word (a verb or an event noun in
``predicates.csv``), find who did it (source) and to whom (target):

- verbs: subject -> source, object or prepositional object -> target; passive voice
  swaps them ("sanctions imposed by Washington"); controlled verbs inherit their
  governor's subject ("decided not to attend"); relative clauses take their head noun
  ("Freddy Guevara, who was just imprisoned");
- event nouns: possessor, "by"-agent, modifier or the subject of a light verb
  ("voiced support for") -> source; "for/on/against/to/with" objects -> target;
- coordinated actors ("Russia, Belarus ... and Turkey") give one event each.

Each event records the rule that produced it in ``Event.rule``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from dyad.actors.kb import COUNTRY, REGION
from dyad.actors.resolve import GUESSED_COUNTRY, DocActors
from dyad.events import when as dates
from dyad.events.ontology import COOPERATIVE, SYMMETRIC, Code, Ontology, Sense
from dyad.records import Article, Event, Mention, Modality, Place, content_id

_SUBJECTS = {"nsubj", "csubj"}
_PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
_OBJECTS = {"dobj", "dative", "attr", "oprd"}
_TARGET_PREPS = {
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
_NOUN_SOURCE_PREPS = {"by", "from"}
# Prepositions that say where or when, never whom ("agreed to a truce *in* Syria").
_NOT_TARGET_PREPS = {"in", "after", "before", "during", "since", "until"}
# predicates.csv's prep for a sense that takes an infinitive clause ("a call to free Guevara")
_TO_INFINITIVE = "to-infinitive"
_CONTROL = {"xcomp", "ccomp", "conj", "advcl", "pcomp", "acomp"}
_PERSONAL = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
_RELATIVE = {"who", "whom", "which", "that", "whose"}
_IMPERSONAL = {"it", "its", "they", "their", "them"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_HYPOTHETICAL_MARK = {"if", "unless", "whether"}
_AHEAD = {"schedule", "plan", "expect", "set", "due", "will", "intend", "prepare"}
_REJECT_CODE = {"CONSULT": "125", "AID": "122", "RETREAT": "124"}
# Types coded with a source alone ("protests broke out"), and with a target alone
# ("Freddy Guevara, who was just imprisoned": the agent is left unsaid).
_MONADIC = {"PROTEST", "MOBILIZE"}
_OF_AGENT = {"SUPPORT", "AID", "COOPERATE"}
# Acts that, done abroad with no one named, target the country they are done in
# ("arrived in Amman", "suspended aid deliveries in Baghdad", "refused to deploy in Iraq").
_PLACE_TARGET = {"CONSULT", "AID", "ASSAULT", "MOBILIZE", "RETREAT", "AGREE", "SUPPORT"}
_PLACE_TARGET |= {"COOPERATE", "SANCTION", "REJECT"}
_AT_HOME = {"CONCEDE", "COERCE", "THREATEN", "RETREAT", "ASSAULT", "MOBILIZE"}
# Acts against the people of a town or province, not its state: "imposed a curfew in Cizre"
# targets Cizre's civilians (TURCVL), "declared a state of siege in Haiti" Haiti.
_AGAINST_PEOPLE = {"COERCE", "THREATEN", "ASSAULT"}
_TO_AGREE = COOPERATIVE | {"RETREAT", "CONCEDE"}
_REFUSABLE = COOPERATIVE | {"RETREAT"}
_TO_THREATEN = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}
_THREAT_CODE = {"ASSAULT": "138", "MOBILIZE": "138", "PROTEST": "133", "SANCTION": "1312"}
# Possibility, not an act: "the administration can provide a route", "talks may resume".
_POSSIBILITY = {"can", "could", "may", "might"}
_INTENT_WORDS = {
    "ready",
    "willing",
    "prepared",
    "eager",
    "determined",
    "keen",
    "poised",
    "plan",
    "intend",
    "hope",
    "want",
    "expect",
    "aim",
    "vow",
}
_AGENTLESS = {"COERCE", "ASSAULT", "SANCTION"}
# "X said Y must hand over the suspects": words of obligation in a reported clause.
_OBLIGATION = {"must", "should", "ought"}
# Types whose target may be the subject of their clausal complement ("demanded that the US cancel").
_CLAUSE_TARGET = {"REQUEST", "ACCUSE"}
# A source's own instruments ("contribute troops", "deploy peacekeepers") are not its target.
_INSTRUMENTS = {"MIL", "IGO"}
# Sectors of a state and its organs, which own their country's troops and peacekeepers.
_STATE_SECTORS = {"GOV", "MIL", "LEG", "COP", "SPY", "IGO"}
_ACCUSED_PREPS = {"against", "over", "about", "of"}
_SIGN_AGREEMENT = "057"  # CAMEO: sign formal agreement, an act of all its parties
_EXTRADITE = "063"  # CAMEO: judicial cooperation, with the state a suspect is handed to
_PRESSURE = {"pressure", "call", "demand", "request", "appeal", "urging"}
_SEEK_ASYLUM = "0233"  # CAMEO: request asylum (or refuge), of the country it is sought in
_VIOLATE_CEASEFIRE = "196"  # CAMEO: a ceasefire binds both sides; breaking it needs no other named
# Who mentions, cites or reports an event is not its agent ("did not mention the protests").
_NOT_AGENTIVE = {"mention", "cite", "recall", "describe", "report", "ignore", "discuss", "deny"}
# Reporting verbs that enact the act they name ("Italy announced a suspension of air links").
_ENACTING = {"announce", "declare"}
_MUTUAL = {"bilateral", "mutual", "joint"}
# Participles that, after "be", state their subject's own stance ("is opposed to").
_STATIVE = {"oppose", "commit", "determine", "dedicate", "devote", "resolve"}
# A text its author puts out, and the verbs that put it out: "issued a declaration
# demanding that ..." is the author's demand (not "rejected a resolution condemning ...").
_DOCUMENTS = {"declaration", "statement", "communique", "letter", "appeal", "message", "note"}
_ISSUING = {"issue", "publish", "release", "send", "deliver", "circulate", "put", "sign"}
# A visit (CAMEO 042), and the words that make troops arriving an act of relief.
_VISIT = "042"
_RELIEF = {"peacekeeping", "peacekeeper", "aid", "relief", "humanitarian", "rescue", "help"}
# Nouns that measure what they carry ("dollars of aid", "tons of grain").
_MEASURES = {"dollar", "ton", "tonne", "kg", "worth", "shipment", "consignment", "amount"}


@dataclass(frozen=True)
class Candidate:
    """A predicate found in a sentence, before its arguments are attached."""

    token: Token  # the word that carries the meaning (a verb or an event noun)
    sense: Sense
    via: Token | None = None  # the light verb or participle that governs an event noun


def _child(token: Token, deps: set[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _prep_objects(token: Token, preps: set[str]) -> list[tuple[str, Token]]:
    out = []
    for prep in token.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps:
            objects = [p for p in prep.children if p.dep_ == "pobj"]
            if not objects:  # "travel curbs to and from North Korea": the last one's object
                for conj in prep.conjuncts:
                    objects += [p for p in conj.children if p.dep_ == "pobj"]
            out.extend((prep.lower_, p) for p in objects)
    return out


def _own_preps(verb: Token) -> set[str]:
    """The target prepositions, and the particles a verb carries ("pull *out* of a deal")."""
    own = {c.lower_ for c in verb.children if c.dep_ in ("prep", "prt")} - _NOT_TARGET_PREPS
    return _TARGET_PREPS | own


def _has_prep(token: Token, prep: str) -> bool:
    if prep == _TO_INFINITIVE:  # "a call to free Guevara"
        return any(c.dep_ in ("acl", "xcomp") and _infinitive(c) for c in token.children)
    words = prep.split()
    for child in token.children:
        if child.dep_ in ("prep", "prt", "agent", "dative", "advmod") and child.lower_ == words[0]:
            return True
    return False


def _has_object(token: Token, lemma: str) -> bool:
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr", "pobj") and child.lemma_.lower() == lemma:
            return True
        if _small_clause(child, lemma):
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
            p.lemma_.lower() == lemma for _, p in _prep_objects(child, {"of"})
        ):
            return True  # "expelled some of the *peacekeepers*": what the part is of
        if child.dep_ == "prep" and any(
            g.lemma_.lower() == lemma for g in child.children if g.dep_ == "pobj"
        ):
            return True
    return token.dep_ == "acl" and token.head.lemma_.lower() == lemma


def _small_clause(child: Token, lemma: str) -> bool:
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


def _senses(token: Token, onto: Ontology) -> list[Sense]:
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


def _event_noun(token: Token, onto: Ontology) -> Sense | None:
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


def _phrase(token: Token) -> Iterator[Token]:
    """A noun phrase's tokens, without its relative and participial clauses."""
    yield token
    for child in token.children:
        if child.dep_ not in ("relcl", "acl", "punct"):
            yield from _phrase(child)


def _phrase_with_participles(token: Token) -> Iterator[Token]:
    """A noun phrase's tokens with its participial modifiers ("positions belonging to X")."""
    yield token
    for child in token.children:
        if child.dep_ not in ("relcl", "punct", "cc") and not (
            child.dep_ == "acl" and child.tag_ not in ("VBG", "VBN")
        ):
            yield from _phrase_with_participles(child)


def read_modality(c: Candidate, sent: Span) -> Modality:
    """How the text presents a predicate: negated, hypothetical, future, a question."""
    heads = [c.token] + ([c.via] if c.via is not None else [])
    governor = _governing_verb(c)
    if governor is not None:  # "would tighten the blockade": the verb carries the modality
        heads.append(governor)
    negated = any(ch.dep_ == "neg" for h in heads for ch in h.children)
    negated |= any(
        ch.lower_ in ("no", "never") and ch.dep_ in ("det", "neg") for ch in c.token.children
    )
    # "failed to reach agreement": what was not achieved did not happen
    negated |= any(h.dep_ == "xcomp" and h.head.lemma_.lower() == "fail" for h in heads)
    # "will be attended by neither Maduro nor Guaido"
    negated |= any(
        g.lower_ == "neither"
        for h in heads
        for ch in h.children
        for g in ch.subtree
        if g.dep_ in ("preconj", "det")
    )
    future = any(ch.lower_ in _FUTURE_AUX for h in heads for ch in h.children if ch.dep_ == "aux")
    # "said they would boycott": the future of reported speech
    future |= any(
        ch.lower_ == "would" and ch.dep_ == "aux" and h.dep_ == "ccomp"
        for h in heads
        for ch in h.children
    )
    hypothetical = any(
        ch.lower_ in _POSSIBILITY for h in heads for ch in h.children if ch.dep_ == "aux"
    )
    token = heads[-1]
    for _ in range(4):
        if any(ch.dep_ == "mark" and ch.lower_ in _HYPOTHETICAL_MARK for ch in token.children):
            hypothetical = True
        if token.head.i == token.i:
            break
        token = token.head
    question = sent.text.rstrip().rstrip("\"'").endswith("?")
    return Modality(negated=negated, hypothetical=hypothetical, future=future, question=question)


def decide(c: Candidate, sent: Span, onto: Ontology) -> tuple[Code, str, str, Modality, str]:
    """The code and PLOVER type of a predicate once its modality is read.

    A negated cooperative act is a refusal (REJECT); a stated intention is AGREE, or
    THREATEN when it would hurt; an act made conditional with "unless" is a threat.
    Returns the code, type, mode, modality and what the rule did (for ``Event.rule``).
    """
    modality = read_modality(c, sent)
    how = ""
    sense = c.sense
    code = sense.code
    plover, mode = sense.plover_type, sense.plover_mode
    if modality.negated and plover in _REFUSABLE and c.token.pos_ == "VERB":
        # "decided not to attend the talks", "will not release the hostages": refusing is
        # the event (PLOVER REJECT; a retreat refused is CAMEO 124, refuse to yield).
        code = onto.code(_REJECT_CODE.get(plover, "120"))
        how += f", negated {plover} -> REJECT"
        plover, mode = "REJECT", ""
        modality = Modality(
            future=modality.future,
            hypothetical=modality.hypothetical,
            question=modality.question,
        )
    intended = modality.future or _intends(c)
    # "will withdraw ... unless": a threat; "will not accept refugees unless": still a refusal.
    conditional = plover != "REJECT" and _conditional(c, "unless")
    if intended and plover not in ("THREATEN", "AGREE") and conditional:
        # "will withdraw its force from Chad unless ...": a conditional act is a threat.
        code, plover, mode = onto.code("130"), "THREATEN", ""
        how += ", act 'unless' -> THREATEN"
    elif plover in _TO_THREATEN and _possible(c) and _conditional(c, "if"):
        # "the EC may halt its mediation if cooperation founders": a harm held out on a
        # condition is a threat, and the threat itself is made (not a mere possibility)
        code = onto.code(_THREAT_CODE.get(plover, "130"))
        plover, mode = "THREATEN", code.plover_mode
        how += ", possible act 'if' -> THREATEN"
        modality = Modality(
            negated=modality.negated, future=modality.future, question=modality.question
        )
    if plover not in ("AGREE", "THREATEN") and intended:
        # PLOVER codes a stated intention as AGREE, and a stated intention to hurt as
        # THREATEN: "Israel will evacuate", "ready to contribute troops", "will attack".
        if plover in _TO_AGREE:
            code, plover, mode = onto.code("030"), "AGREE", ""
            how += ", intention -> AGREE"
        elif plover in _TO_THREATEN:
            code = onto.code(_THREAT_CODE.get(plover, "130"))
            plover, mode = "THREATEN", code.plover_mode
            how += ", intention -> THREATEN"
    return code, plover, mode, modality, how


def _conditional(c: Candidate, mark: str) -> bool:
    """Whether the predicate carries a condition clause ("... unless Baghdad accepts")."""
    token = c.via or c.token
    for _ in range(3):
        for clause in token.children:
            if clause.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ == mark for m in clause.children
            ):
                return True
        if token.dep_ not in ("xcomp", "ccomp", "conj") or token.head.i == token.i:
            return False
        token = token.head
    return False


def _possible(c: Candidate) -> bool:
    """Whether the predicate itself carries "may", "could" or "might"."""
    token = c.via or c.token
    return any(ch.dep_ == "aux" and ch.lower_ in _POSSIBILITY for ch in token.children)


def _governing_verb(c: Candidate) -> Token | None:
    """The verb an event noun is the object of, when no light verb carries it: "would
    *tighten* the blockade", "prepared to *step up* attacks"."""
    noun = c.token
    if c.via is not None or noun.pos_ not in ("NOUN", "PROPN") or noun.dep_ != "dobj":
        return None
    verb = noun.head
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() in _NOT_AGENTIVE:
        return None  # "did not mention the protests": the protests still happened
    return verb


def _intends(c: Candidate) -> bool:
    """Whether the predicate is what someone is ready, willing or planning to do."""
    token = c.via or _governing_verb(c) or c.token
    for _ in range(3):
        if token.dep_ not in ("xcomp", "acomp") or token.head.i == token.i:
            return False
        token = token.head
        if token.lemma_.lower() in _INTENT_WORDS:
            return True
    return False


def _light_nouns(verb: Token) -> list[Token]:
    """The nouns a light verb may carry: "voiced *support*", "*sanctions* imposed by",
    and the noun a quantity measures ("gave 5 million dollars of *aid*")."""
    nouns = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if not nouns:  # "went on strike", "remained on alert": with no object, the noun after "on"
        nouns = [
            p
            for prep in _child(verb, {"prep"})
            if prep.lower_ == "on"
            for p in _child(prep, {"pobj"})
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
            if _event_noun(noun, onto) is not None:
                handled.add(noun.i)
    for token in sent:
        if token.lemma_.lower() not in onto.lemmas or token.ent_type_ in ("DATE", "TIME"):
            continue  # "last March" is a month, not a march
        lemma = token.lemma_.lower()
        if token.i in handled and token not in light:
            continue
        if _pos(token) == "VERB" and lemma in onto.light_verbs:
            # "sign an agreement", "lodge a protest": a verb+object idiom comes first.
            idiom = [s for s in _senses(token, onto) if s.obj]
            if idiom:
                for noun in _light_nouns(token):
                    handled.add(noun.i)
                yield Candidate(token, idiom[0])
                continue
            # "voiced support", "sent a congratulatory message": the noun carries the event.
            for noun in _light_nouns(token):
                sense = _event_noun(noun, onto)
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


def _own_candidate(token: Token, onto: Ontology) -> Candidate | None:
    """The word's own sense, or, for a reporting verb, a reported demand."""
    senses = _senses(token, onto)
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
    for clause in _child(verb, {"ccomp"}):
        modal = any(a.dep_ == "aux" and a.lower_ in _OBLIGATION for a in clause.children)
        if modal and _child(clause, _SUBJECTS | _PASSIVE_SUBJECTS):
            return True
    return False


class Extractor:
    """Turns one parsed article, with its resolved actors, into events."""

    def __init__(self, doc: Doc, actors: DocActors, article: Article, onto: Ontology) -> None:
        self.doc = doc
        self.actors = actors
        self.article = article
        self.onto = onto
        # Per-document indexes, built once: ``Token.sent``, ``Span.ents`` and a scan of
        # every place cost time in proportion to the article, paid per candidate, which
        # made long articles quadratic.
        self.text = doc.text  # spaCy joins every token's text again on each access
        self.sents = list(doc.sents)
        self._sent_of = [0] * len(doc)
        for n, sent in enumerate(self.sents):
            self._sent_of[sent.start : sent.end] = [n] * (sent.end - sent.start)
        self._dates: list[list[Span]] = [[] for _ in self.sents]
        for ent in doc.ents:
            n = self._sent_of[ent.start]
            if ent.label_ == "DATE" and ent.end <= self.sents[n].end:  # as ``Span.ents``
                self._dates[n].append(ent)
        self._places_at: dict[int, tuple[int, Span, str | None]] = {}
        for order, (index, (span, country)) in enumerate(actors.places.items()):
            self._places_at.setdefault(doc[index].head.head.i, (order, span, country))

    def sent_of(self, token: Token) -> Span:
        """The sentence that holds ``token`` (what ``token.sent`` gives, without a scan)."""
        return self.sents[self._sent_of[token.i]]

    # -- arguments -------------------------------------------------------------------------

    def mentions_at(self, token: Token, depth: int = 2) -> list[Mention]:
        """The actor(s) a token stands for, following coordination ("X, Y and Z")."""
        found = self._mention(token, depth)
        if found is None:
            return []
        out = [found]
        conjuncts = list(token.conjuncts)
        if token.i not in self.actors.by_token:
            # "Sierra Leonean and Liberian refugees": coordinated modifiers, one actor each
            for child in token.children:
                if child.dep_ in ("amod", "compound", "nmod") and child.i in self.actors.by_token:
                    conjuncts += child.conjuncts
        for conj in conjuncts:
            other = self._mention(conj, depth)
            if other is not None and other not in out:
                out.append(other)
        return out

    def _mention(self, token: Token, depth: int) -> Mention | None:
        by_token = self.actors.by_token
        if token.i in by_token:
            return by_token[token.i]
        lower = token.lower_
        if lower in _PERSONAL:
            return self._person(token)
        if lower in _IMPERSONAL and token.pos_ == "PRON":
            return self.actors.actor_before(token.i, self.sent_of(token).start)
        if lower in _RELATIVE and token.head.dep_ == "relcl":
            return self._mention(token.head.head, depth - 1)
        if depth <= 0:
            return None
        # "members of the Marxist government", "the leaders of Russia": look inside the phrase.
        for child in token.children:
            if child.dep_ in ("compound", "poss", "appos", "nmod", "amod"):
                found = self._mention(child, depth - 1)
                if found is not None:
                    return found
            if child.dep_ == "amod" and child.lemma_.lower() == "lead":
                # "the Saudi-led coalition": the leader stands for what it leads
                for leader in child.children:
                    if leader.dep_ in ("npadvmod", "compound", "nmod", "advmod", "nsubj"):
                        found = self._mention(leader, depth - 1)
                        if found is not None:
                            return found
            if child.dep_ == "acl":  # "sanctions imposed by the US"
                for _, agent in _prep_objects(child, {"by"}):
                    found = self._mention(agent, depth - 1)
                    if found is not None:
                        return found
            if child.dep_ in ("prep", "agent") and child.lower_ in ("of", "by"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = self._mention(pobj, depth - 1)
                        if found is not None:
                            return found
        return None

    def _person(self, pronoun: Token) -> Mention | None:
        """Who "he", "him" or "his" stands for: the last person named before it, except
        that the subject of a reported clause is its speaker ("Katsav refused to meet King
        Abdullah, saying he would only welcome him in Jerusalem": he is Katsav), and an
        object is not its own clause's subject (him is Abdullah)."""
        clause = pronoun.head
        if pronoun.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS:
            reporting = clause.head
            if (
                clause.dep_ == "ccomp"
                and reporting.i != clause.i
                and reporting.lemma_.lower() in self.onto.reporting
            ):
                speakers, _ = self._subject(reporting)
                if len(speakers) == 1 and speakers[0].actor.id.startswith("person:"):
                    return speakers[0]
        elif pronoun.dep_ in _OBJECTS and pronoun.lower_ in ("him", "her"):
            if clause.dep_ == "conj":
                # "convicted a Norwegian man of spying and sentenced him": the object of the
                # clause it is conjoined to
                for obj in _child(clause.head, {"dobj"}):
                    found = self._mention(obj, 0)
                    if found is not None:
                        return found
            for subject in _child(clause, _SUBJECTS):
                doer = self._mention(subject, 0)
                if doer is not None and doer.actor.id.startswith("person:"):
                    return self.actors.person_before(pronoun.i, besides=doer)
        return self.actors.person_before(pronoun.i)

    def _subject(self, verb: Token) -> tuple[list[Mention], str]:
        """Who does ``verb``: its subject, or its governor's, or the relative clause's head."""
        seen = 0
        token = verb
        while seen < 4:
            subjects = _child(token, _SUBJECTS)
            if subjects:
                # "JUBA -- President Kiir accused ...": the parser may take a dateline for a
                # second subject; the one that names an actor is the subject
                found = next((m for m in map(self.mentions_at, subjects) if m), [])
                return found, "subject" if token.i == verb.i else "inherited"
            if token.dep_ == "relcl" and not _child(token, _PASSIVE_SUBJECTS):
                return self.mentions_at(token.head), "relative clause"
            if token.dep_ == "acl":
                # "an action by the Trump administration to freeze assets": the noun's agent.
                noun = token.head
                agents = [p for _, p in _prep_objects(noun, {"by"})]
                agents += [c for c in noun.children if c.dep_ == "poss"]
                for agent in agents:
                    found = self.mentions_at(agent)
                    if found:
                        return found, f"agent of '{noun.text}'"
                if token.tag_ == "VBG":
                    found = self.mentions_at(noun)
                    if found or not _issued(noun):
                        return found, "participle"
                    # "issued a declaration demanding that ...": the issuer demands
                    token = noun.head
                    seen += 1
                    continue
            if token.dep_ == "pcomp" and token.tag_ == "VBG" and token.head.dep_ == "prep":
                # "continues its efforts by donating supplies", "after meeting the king":
                # a gerund after a preposition is done by the subject of what it modifies
                token = token.head.head
                seen += 1
                continue
            if token.dep_ not in _CONTROL or token.head.i == token.i:
                break
            # "called on the opposition to accept": object control gives the object.
            if token.dep_ == "xcomp":
                objects = _child(token.head, {"dobj"}) + [
                    p for _, p in _prep_objects(token.head, {"on", "upon"})
                ]
                # "decided on Thursday to ease sanctions": a date controls nothing
                objects = [o for o in objects if o.ent_type_ not in ("DATE", "TIME")]
                if objects:
                    return self.mentions_at(objects[0]), "object control"
            token = token.head
            seen += 1
        return [], ""

    def _verb_arguments(self, c: Candidate) -> tuple[list[Mention], list[Mention], str]:
        verb = c.token
        passive = (
            _child(verb, _PASSIVE_SUBJECTS)
            or any(ch.dep_ == "auxpass" for ch in verb.children)
            # "sanctions imposed by Washington": a past participle on a noun is passive
            or (verb.dep_ == "acl" and verb.tag_ == "VBN")
        )
        if verb.dep_ == "amod" and verb.head.pos_ in ("NOUN", "PROPN"):
            # "the US-backed opposition leader": modifier -> source, modified noun -> target.
            sources = []
            for child in verb.children:
                if child.dep_ in ("npadvmod", "compound", "nmod", "advmod", "nsubj"):
                    sources = self.mentions_at(child)
            if not sources:
                prev = self.doc[verb.i - 1] if verb.i > 0 else None
                if prev is not None and prev.text == "-" and verb.i > 1:
                    sources = self.mentions_at(self.doc[verb.i - 2])
            return sources, self.mentions_at(verb.head), "participle modifier"
        targets: list[Mention] = []
        if passive and verb.lemma_.lower() in _STATIVE and not _prep_objects(verb, {"by"}):
            # "Israel is opposed to French mediation": a stance its subject holds
            sources = [m for s in _child(verb, _PASSIVE_SUBJECTS) for m in self.mentions_at(s)]
            targets = self._object_targets(verb, {"to"}, sources)
            return sources, targets, "verb stative"
        if passive:
            sources = [m for _, p in _prep_objects(verb, {"by"}) for m in self.mentions_at(p)]
            for subject in _child(verb, _PASSIVE_SUBJECTS):
                targets = self.mentions_at(subject)
            if not targets and verb.dep_ in ("acl", "relcl"):
                # (not the agent, found again inside the noun: "a view backed by the EU")
                targets = [m for m in self.mentions_at(verb.head) if m not in sources]
            return sources, targets, "passive"
        sources, how = self._subject(verb)
        preps = {c.sense.prep} if c.sense.prep else _TARGET_PREPS
        # What is requested is no addressee: "called for respect for the Venezuelan people".
        deep = c.sense.plover_type != "REQUEST"
        accused = c.sense.plover_type == "ACCUSE"
        targets = self._object_targets(verb, preps, sources, deep, accused, bool(c.sense.obj))
        if c.sense.code.code == _EXTRADITE:
            # "Zambia extradited a British militant to Britain": the cooperation is with
            # the state the suspect is handed to, not with the suspect
            to = [m for _, p in _prep_objects(verb, {"to"}) for m in self.mentions_at(p)]
            targets = self._strong(to, sources) or targets
        small_clause = bool(c.sense.obj) and any(
            _small_clause(ch, c.sense.obj) for ch in verb.children
        )
        if not targets and (c.sense.plover_type in _CLAUSE_TARGET or small_clause):
            # "demanded that the US cancel the sale", "found the man guilty", "said Libya
            # must hand over", "insisted on its demands that the government grant ..."
            nouns = [p for _, p in _prep_objects(verb, {"on", "upon"})]
            targets = self._clause_subject([verb, *nouns], sources)
            if targets:
                how += ", target is the complement's subject"
        if not targets:
            # "refused to take part in talks with the opposition", "agreed to lift the
            # embargo on Iran", "accepted an invitation to meet with Kim": the complement
            # (or the infinitive on the object) names whom the act concerns.
            complements = _child(verb, {"xcomp", "ccomp"})
            complements += [
                a for o in _child(verb, {"dobj"}) for a in _child(o, {"acl"}) if _infinitive(a)
            ]
            for complement in complements:
                targets = self._object_targets(complement, _own_preps(complement), sources)
                if not targets:
                    for inner in _child(complement, {"xcomp", "ccomp"}):
                        targets = self._object_targets(inner, _own_preps(inner), sources)
                        if targets:
                            break
                if targets:
                    how += ", target from complement"
                    break
        return sources, [t for t in targets if t not in sources], f"verb {how}".strip()

    def _clause_subject(self, heads: list[Token], sources: list[Mention]) -> list[Mention]:
        """The subject of a "that" clause on one of ``heads``: whom a demand or charge is put to."""
        for head in heads:
            for clause in head.children:
                if clause.dep_ == "ccomp" or (
                    clause.dep_ == "acl" and any(m.lower_ == "that" for m in clause.children)
                ):
                    for subject in _child(clause, _SUBJECTS | _PASSIVE_SUBJECTS):
                        found = self._strong(self.mentions_at(subject), sources)
                        if found:
                            return found
        return []

    def _object_targets(
        self,
        verb: Token,
        preps: set[str],
        sources: list[Mention] | None = None,
        deep: bool = True,
        accused: bool = False,
        idiom: bool = False,
    ) -> list[Mention]:
        """Whom a verb acts on: its object, a prepositional object, or its object's partner.

        With ``deep``, also the first actor named inside the object or prepositional phrase.
        With ``idiom`` (a verb+object sense: "lift" + "embargo"), whoever the object names
        as its own agent comes after its partner: "lifted the *US* embargo on arms sales *to
        Vietnam*", "ordered an *FBI* investigation *into* ...".
        """
        sources = sources or []
        agents: list[Mention] = []
        for obj in _child(verb, _OBJECTS):
            found = self._strong(self.mentions_at(obj), sources)
            if found and idiom and obj.i not in self.actors.by_token and not agents:
                agents = found
            elif found:
                return found
        attached = _prep_objects(verb, preps)
        if accused:
            # "complained to the UN over Israeli air raids": the accused, not the addressee.
            attached.sort(key=lambda p: p[0] not in _ACCUSED_PREPS)
        # (The accused may be named inside the phrase: "complained over Israeli air raids".)
        for _, pobj in attached:
            found = self._strong(self.mentions_at(pobj, depth=2 if accused else 0), sources)
            if found:
                return found
        for _, pobj in attached if accused else ():
            # "called for sanctions against Nigeria": who is to be punished is accused
            for _, partner in _prep_objects(pobj, {"against", "on"}):
                found = self._strong(self.mentions_at(partner), sources)
                if found:
                    return found
        # "attend the talks with the opposition": the object's own partner; what is
        # requested is asked of its "from" ("demanded an apology from the Prime Minister").
        partners = {"with", "to", "against", "between", "on", "into"}
        partners |= {"from"} if not deep else set()
        for obj in _child(verb, _OBJECTS):
            for _, pobj in _prep_objects(obj, partners):
                found = self._strong(self.mentions_at(pobj), sources)
                if found:
                    return found
        if agents:
            return agents
        # An actor inside a prepositional phrase comes after the object's partner
        # ("suspended aid to the police over the use of vehicles donated by Washington").
        for _, pobj in attached if not accused else ():
            found = self._strong(self.mentions_at(pobj), sources)
            if found:
                return found
        # "rejected demands from the rebel group", "attacked positions belonging to
        # terrorist groups": the actor the object phrase names.
        phrases = _child(verb, _OBJECTS) + [
            p
            for p in verb.children
            if p.dep_ in ("prep", "dative") and (p.lower_ in preps or p.lower_ == "in")
        ]
        if not deep:
            return []
        for phrase in phrases:
            found = self._named_in(phrase, sources)
            if found:
                return found
        return []

    def _strong(
        self, mentions: list[Mention], sources: list[Mention], instruments: bool = False
    ) -> list[Mention]:
        """Mentions that can be a target: not a source, nor (unless ``instruments``) the
        source's own troops ("contribute troops to a force in Liberia"). Only a state
        owns its country's troops: "Taliban militants killed Afghan soldiers" targets them."""
        own = {s.actor.country for s in sources if _state(s)}
        return [
            m
            for m in mentions
            if m not in sources
            and not (
                not instruments
                and m.actor.country in own
                and m.actor.sectors
                and set(m.actor.sectors) <= _INSTRUMENTS
                and not any(set(s.actor.sectors) & _INSTRUMENTS for s in sources)
            )
        ]

    def _named_in(self, phrase: Token, sources: list[Mention]) -> list[Mention]:
        """The first actor named inside a noun phrase (without its relative clauses)."""
        for token in sorted(_phrase_with_participles(phrase), key=lambda t: t.i):
            if token.i in self.actors.by_token:
                # A phrase naming the source's own country or sector ("a strategy based on
                # US alliances") says where, not whom.
                own = {(s.actor.country, s.actor.sectors) for s in sources}
                own |= {(s.actor.country, ()) for s in sources}
                found = [
                    m
                    for m in self._strong(self.mentions_at(token), sources)
                    if (m.actor.country, m.actor.sectors) not in own
                ]
                if found:
                    return found
        return []

    def _noun_arguments(self, c: Candidate) -> tuple[list[Mention], list[Mention], str]:
        noun = c.token
        sources: list[Mention] = []
        targets: list[Mention] = []
        how = "event noun"
        for child in noun.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod") and not sources:
                sources = self.mentions_at(child, depth=0)
        for _, pobj in _prep_objects(noun, _NOUN_SOURCE_PREPS):
            if not sources:
                sources = self.mentions_at(pobj)
        if not sources and c.sense.plover_type in _OF_AGENT and noun.dep_ == "pobj":
            # "weathered the strain with the help of the military, Russia and China"
            helpers = [m for _, p in _prep_objects(noun, {"of"}) for m in self.mentions_at(p)]
            clause = noun.head.head
            if helpers and clause.pos_ in ("VERB", "AUX"):
                helped, _ = self._subject(clause)
                if helped:
                    return helpers, helped, "event noun, 'of' agent helps the clause subject"
        for child in noun.children:
            if child.dep_ in ("acl", "relcl") and not sources:
                agents = [m for _, p in _prep_objects(child, {"by"}) for m in self.mentions_at(p)]
                if agents:
                    sources, how = agents, "event noun, agent of participle"
        if c.via is not None and not sources and c.via.dep_ != "acl":
            sources, _ = self._subject(c.via)
            how = f"light verb '{c.via.text}'"
        # "launched air and artillery strikes": a conjunct stands where its first one does
        anchor = noun
        while anchor.dep_ == "conj" and anchor.head.pos_ in ("NOUN", "PROPN"):
            anchor = anchor.head
        governor = anchor.head if anchor.dep_ == "dobj" else anchor.head.head
        governed_by = None  # the verb whose subject is the source
        if (
            not sources
            and anchor.dep_ in ("dobj", "pobj")
            and anchor.head.pos_ == "VERB"
            and governor.lemma_.lower() not in _NOT_AGENTIVE
            and (
                governor.lemma_.lower() not in self.onto.reporting
                or (governor.lemma_.lower() in _ENACTING and anchor.dep_ == "dobj")
            )
        ):
            subject, _ = self._subject(anchor.head if anchor.dep_ == "dobj" else anchor.head.head)
            if subject:
                sources, how = subject, f"subject of '{anchor.head.text}'"
                governed_by = anchor.head
        between = [p for prep, p in _prep_objects(noun, {"between"})]
        if not between and c.via is not None:  # "launched a mediation effort between X and Y"
            between = [p for prep, p in _prep_objects(c.via, {"between"})]
        if between:
            # "a meeting between members of the government and opposition leader Guaido"
            people: list[Mention] = []
            for token in _phrase(between[0]):
                found = self.actors.by_token.get(token.i)
                if found is not None and found not in people and found not in sources:
                    people.append(found)
            own = {m.actor.country for m in sources}
            if sources and people and not any(m.actor.country in own for m in people):
                # "X's mediation between Y and Z": a third party's act; the parties are the
                # targets (not "Maduro leading the partnership between China and Venezuela")
                return sources, people, how + ", targets 'between'"
            if len(people) >= 2:
                return people[:1], people[1:], "event noun 'between'"
        preps = {c.sense.prep} if c.sense.prep else _TARGET_PREPS
        if c.sense.plover_type != "RETREAT":  # "withdrawal from Panama"; else "from" is a source
            preps = preps - {"from"}
        attached = _prep_objects(noun, preps)
        if anchor is not noun:  # "air and artillery strikes on Y": Y hangs on "air"
            attached += _prep_objects(anchor, preps)
        if governed_by is not None and anchor.dep_ == "dobj":
            # "launched strikes on Y", with "on Y" attached to the verb
            attached += _prep_objects(governed_by, preps & {"on", "against"})
        for _, pobj in attached:
            found = [m for m in self.mentions_at(pobj) if m not in sources]
            if found:
                targets = found
                break
        if not targets:
            # "a suspension of air links with Serbia": the partner of what the act concerns
            for _, pobj in _prep_objects(noun, {"of"}):
                for _, partner in _prep_objects(pobj, {"with", "to"}):
                    targets = [m for m in self.mentions_at(partner) if m not in sources]
                    if targets:
                        break
        if not targets and c.via is not None:
            for _, pobj in _prep_objects(c.via, {"to", "on", "against", "with", "for"}):
                targets = self.mentions_at(pobj)
                if targets:
                    break
        if not targets and c.sense.plover_type in _CLAUSE_TARGET:
            # "reiterated its demand that Israel ease restrictions"
            targets = self._clause_subject([noun] + ([c.via] if c.via is not None else []), sources)
            if targets:
                how += ", target is the complement's subject"
        if not targets and c.via is not None:
            # "gave Tanzania a grant": the light verb's indirect object receives it
            for dative in _child(c.via, {"dative"}):
                targets = [m for m in self.mentions_at(dative) if m not in sources]
                if targets:
                    how += ", target the indirect object"
                    break
        return sources, targets, how

    # -- modality, date, place -------------------------------------------------------------

    def _when(self, c: Candidate, modality: Modality) -> dates.When:
        published = self.article.date
        heads = {c.token.i} | ({c.via.i} if c.via is not None else set())
        ahead = (
            modality.future
            or any(t.lemma_.lower() in _AHEAD for h in heads for t in self.doc[h].ancestors)
            or any(t.lemma_.lower() in _AHEAD for t in self.doc[c.token.i].children)
        )
        for ent in self._dates[self._sent_of[c.token.i]]:
            root = ent.root
            anchor = root.head.head if root.dep_ == "pobj" else root.head
            if root.dep_ in ("pobj", "npadvmod", "tmod", "appos", "nmod") and anchor.i in heads:
                resolved = dates.resolve(ent.text, published, ahead=ahead)
                if resolved is not None:
                    return resolved
        return dates.from_article(published)

    def _where(self, c: Candidate, near: bool = False) -> Place | None:
        """The place attached to the predicate by "in"/"at"; with ``near``, also one
        attached to its object or complement ("lifted a state of emergency in Darfur")."""
        heads = {c.token.i} | ({c.via.i} if c.via is not None else set())
        if near:
            for head in list(heads):
                for child in self.doc[head].children:
                    if child.dep_ in _OBJECTS | {"xcomp"}:
                        heads.add(child.i)
                        heads |= {g.i for g in child.children if g.dep_ in _OBJECTS}
                    elif child.dep_ == "prep" and child.lower_ in ("to", "on", "against"):
                        # "agreed to a ceasefire in Syria", "attacks against targets in Kirkuk"
                        heads |= {g.i for g in child.children if g.dep_ == "pobj"}
        found = [self._places_at[h] for h in heads if h in self._places_at]
        if not found:
            return None
        _, span, country = min(found, key=lambda p: p[0])  # the first place, in text order
        return Place(span.text, country, span.start_char, span.end_char)

    # -- events ----------------------------------------------------------------------------

    def _governed_by_predicate(self, c: Candidate, predicates: set[int]) -> bool:
        """ "refused to take part in talks", "called on X to accept": the complement is no event."""
        return _governed(c.via or c.token, predicates, 6)

    def events(self) -> Iterator[Event]:
        for sent in self.sents:
            found = list(candidates(sent, self.onto))
            if not found:
                continue
            predicate_tokens = {c.token.i for c in found} | {c.via.i for c in found if c.via}
            for c in found:
                if self._governed_by_predicate(c, predicate_tokens):
                    continue
                yield from self._events_for(c, sent)

    def _events_for(self, c: Candidate, sent: Span) -> Iterator[Event]:
        if (
            (c.token.pos_ in ("NOUN", "PROPN") and c.via is None)
            or (c.via is not None and c.via.dep_ == "acl")
            or c.via is not None
        ):
            sources, targets, rule = self._noun_arguments(c)
        else:
            sources, targets, rule = self._verb_arguments(c)
        code, plover, mode, modality, how = decide(c, sent, self.onto)
        rule += how
        if code.code == _VISIT and sources and all("MIL" in s.actor.sectors for s in sources):
            # troops do not visit: "NATO peacekeeping troops arrived in Bosnia", "US troops
            # arrived in Nepal to help deliver aid" is aid (the PLOVER manual codes relief by
            # the military as AID); otherwise a deployment, a military move (MOBILIZE)
            relief = any(t.lemma_.lower() in _RELIEF for t in sent)
            code = self.onto.code("074" if relief else "154")
            plover, mode = code.plover_type, code.plover_mode
            rule += ", troops arriving -> " + plover
        if plover == "PROTEST" and sources and not targets:
            # "staged a hunger strike in protest against X", "blocked roads to demand Y from Z"
            targets = self._purpose_target(c.via or c.token, sources)
            if targets:
                rule += ", target from its purpose"
        if plover == "PROTEST" and sources and not targets:
            # "prisoners rioted at a jail in northern Israel", "opposition parties organized a
            # general strike": unless the text names a target, a protest is against the
            # government of the place, or else of the protesters' own country
            targets = self._protested_government(c, sources)
            if targets:
                rule += ", target the government by default"
        if plover == "PROTEST" and not sources:
            # "protests broke out in Caracas": the country's civilians protest, and unless
            # the text names a target, they protest against its government.
            if c.token.pos_ != "NOUN" or (c.via is not None and _child(c.via, _SUBJECTS)):
                return  # a verb whose subject is no actor, or a noun whose agent is unknown
            place = self._where(c)
            country = place.country if place is not None and place.country else self.actors.dominant
            if country is None:
                return
            span = self.doc[c.token.i : c.token.i + 1]
            sources = [self.actors.group(span, country, "CVL", "unnamed protesters")]
            if not targets:
                targets = [self.actors.group(span, country, "GOV", "protest target by default")]
            rule += ", unnamed protesters"
        if plover == "THREATEN" and not targets:
            # "threatened to strike unless Israel rescinded the annexation": whom the
            # condition is put to is the target of the threat
            targets = self._condition_target(c.via or c.token, sources)
            if targets:
                rule += ", target is the condition's subject"
        if plover == "ASSAULT" and sources and not targets:
            # "carried out near-daily attacks, mainly targeting the Afghan government"
            targets = self._aimed_at(c, sources)
            if targets:
                rule += ", target whom it targets"
        if plover == "ACCUSE" and sources and not targets:
            # "condemned the terrorist attack in Kabul": an attack whose agent is unsaid is
            # by the unidentified armed forces of the place, as when it is reported itself
            targets = self._attackers_in(c.via or c.token)
            if targets:
                rule += ", target the attack's unidentified attackers"
        if plover == "REJECT" and sources and not targets:
            # "declined to resign despite the pressure by the US Congress": a refusal
            # answers whoever pressed for it
            targets = self._pressing(c.via or c.token, sources)
            if targets:
                rule += ", target is who pressed for it"
        if not sources and not targets:
            return
        rule, targets = self._default_target(c, plover, sources, targets, rule)
        # "X and Y held talks", "X and Y failed to reach agreement": each codes one
        # (not "will be attended by neither X nor Y": no one refused anyone there)
        refused_jointly = c.sense.plover_type in SYMMETRIC and not rule.startswith("passive")
        signed = code.code == _SIGN_AGREEMENT  # "X and Y signed a treaty": both sign
        joint = len(sources) >= 2 and (
            plover in SYMMETRIC or refused_jointly or signed or _reciprocal(c, plover)
        )
        if joint:
            # "Israel and Lebanon renewed negotiations on a troop pullback from Lebanon": the
            # participants are the parties; only a "with" partner is a target as well.
            targets = [t for t in targets if self._partner(t)]
        # "Avril resigned", "five hundred rebels surrendered": a retreat needs no one else,
        # nor does a ceasefire broken ("Azerbaijani forces violated the ceasefire 80 times")
        alone = plover == "RETREAT" or code.code == _VIOLATE_CEASEFIRE or self._retreating(c)
        if not targets and plover not in _MONADIC and not joint and not alone:
            return  # one actor doing a dyadic thing to no one said: not codable
        if not sources and (plover not in _AGENTLESS or not _reported_act(c, rule)):
            return  # "the besieged town", "the killing of a man": a description, no act coded
        attacked_at = None
        if not sources and plover == "ASSAULT":
            # "a roadside bombing near the town of Samarra killed ...": unnamed attackers are
            # the place's unidentified armed forces (CAMEO UAF)
            attacked_at = self._attack_place(c)
            span = self._span(attacked_at)
            if attacked_at is not None and attacked_at.country and span is not None:
                why = "unnamed attackers in the place"
                sources = [self.actors.group(span, attacked_at.country, "UAF", why)]
                rule += ", source the place's unidentified attackers"
        if not sources and plover == "COERCE":
            sources, why = self._coercing_state(c)
            rule += why
        when = self._when(c, modality)
        # "imposed a curfew in the town of Cizre": a place on the object is the act's too
        place = self._where(c) or self._where(c, near=True) or attacked_at
        pairs = [(s, t) for s in (sources or [None]) for t in (targets or [None])]
        for source, target in pairs:
            if source is not None and target is not None:
                if source.actor.id == target.actor.id:
                    continue
                source, target = _unguess(source, target)
            yield self._event(
                c, sent, code, plover, mode, source, target, when, place, modality, rule
            )

    def _aimed_at(self, c: Candidate, sources: list[Mention]) -> list[Mention]:
        """Whom an attack is said to target, in a participle on it or on its verb."""
        heads = [h for h in (c.token, c.via) if h is not None]
        aimed = [
            o
            for h in heads
            for x in _child(h, {"advcl", "acl"})
            if x.lemma_.lower() == "target"
            for o in _child(x, {"dobj"})
        ]
        return [m for o in aimed for m in self._strong(self.mentions_at(o), sources)]

    def _attackers_in(self, verb: Token) -> list[Mention]:
        """The unidentified attackers of the place of an attack a verb is about ("condemned
        the terrorist attack in Kabul"), when the attack's agent is unsaid."""
        for obj in _child(verb, _OBJECTS):
            sense = _event_noun(obj, self.onto)
            if sense is None or sense.plover_type != "ASSAULT" or obj.i not in self._places_at:
                continue
            if any(self.mentions_at(a) for _, a in _prep_objects(obj, {"by"})):
                return []  # "attacks by the Taliban": the attackers are named
            _, span, country = self._places_at[obj.i]
            if country:
                return [self.actors.group(span, country, "UAF", "unnamed attackers in the place")]
        return []

    def _pressing(self, verb: Token, sources: list[Mention]) -> list[Mention]:
        """Who pressed for what a verb refuses: "despite the pressure by X", "under pressure
        from X", "despite calls from X"."""
        for _, noun in _prep_objects(verb, {"despite", "under"}):
            if noun.lemma_.lower() in _PRESSURE:
                for _, agent in _prep_objects(noun, {"by", "from", "of"}):
                    found = self._strong(self.mentions_at(agent), sources)
                    if found:
                        return found
        return []

    def _retreating(self, c: Candidate) -> bool:
        """Whether what is agreed or refused is a retreat, which needs no one else:
        "Akayev has agreed to resign", "the senator declined to resign his seat"."""
        return any(
            s.plover_type == "RETREAT"
            for x in _child(c.via or c.token, {"xcomp"})
            for s in _senses(x, self.onto)[:1]
        )

    def _coercing_state(self, c: Candidate) -> tuple[list[Mention], str]:
        """Who arrests, jails or deports when the text does not say: the state, of the place
        it happened in ("a missionary was arrested *in Lebanon*") or else of the country the
        article is about ("Freddy Guevara, who was just imprisoned")."""
        place = self._where(c) or self._where(c, near=True)
        span = self._span(place) if place is not None and place.country else None
        if span is not None:
            mention = self.actors.group(span, place.country, "GOV", "the state of the place")
            return [mention], ", source the state of the place"
        country = self.actors.dominant
        if country is None or country in ("IGO", "NGO", "IMG"):
            return [], ""
        token = c.via or c.token
        span = self.doc[token.i : token.i + 1]
        mention = self.actors.group(span, country, "GOV", "the state of the article's country")
        return [mention], ", source the state of the article's country"

    def _attack_place(self, c: Candidate) -> Place | None:
        """Where an attack happened whose agent is only its instrument ("a roadside bombing
        near X killed ...", "killed by a device outside of X"): the place of the act or of the
        instrument."""
        act = c.via or c.token
        by = [g for a in _child(act, {"agent"}) for g in _child(a, {"pobj"})]  # "killed by a mine"
        instruments = [
            s
            for s in [*_child(act, _SUBJECTS), *by]
            if s.pos_ == "NOUN"
            and any(
                x.plover_type == "ASSAULT" for x in self.onto.senses.get((s.lemma_, "NOUN"), ())
            )
        ]
        if not instruments:
            return None  # "the actor attacked men while in Britain": the agent is someone
        place = self._where(c, near=True)
        if place is None and instruments[0].i in self._places_at:
            _, span, country = self._places_at[instruments[0].i]
            place = Place(span.text, country, span.start_char, span.end_char)
        return place

    def _span(self, place: Place | None) -> Span | None:
        if place is None:
            return None
        return self.doc.char_span(place.start, place.end, alignment_mode="expand")

    def _partner(self, mention: Mention) -> bool:
        """Whether a mention is attached by "with" or "between" ("talks with Y")."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return False
        token = span.root
        for _ in range(3):
            if token.dep_ == "pobj" and token.head.lower_ in ("with", "between"):
                return True
            if token.head.i == token.i:
                return False
            token = token.head
        return False

    def _protested_government(self, c: Candidate, sources: list[Mention]) -> list[Mention]:
        place = self._where(c)
        country = place.country if place is not None and place.country else None
        country = country or sources[0].actor.country
        if not country or any(
            s.actor.country == country and "GOV" in s.actor.sectors for s in sources
        ):
            return []
        span = self.doc[c.token.i : c.token.i + 1]
        return [self.actors.group(span, country, "GOV", "protest target by default")]

    def _condition_target(self, token: Token, sources: list[Mention]) -> list[Mention]:
        """The subject of an "if"/"unless" clause on the act or on its complement."""
        heads = [token, *_child(token, {"xcomp", "ccomp"})]
        heads += [g for h in heads[1:] for g in _child(h, {"xcomp", "ccomp"})]
        for head in heads:
            for clause in _child(head, {"advcl"}):
                if not any(
                    m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in clause.children
                ):
                    continue
                for subject in _child(clause, _SUBJECTS | _PASSIVE_SUBJECTS):
                    found = self._strong(self.mentions_at(subject), sources)
                    if found:
                        return found
        return []

    def _purpose_target(self, token: Token, sources: list[Mention]) -> list[Mention]:
        """Whom an act is aimed at, from its purpose ("to protest X", "in protest against X")."""
        objects = [o for o in token.children if o.dep_ in _OBJECTS]
        for child in [*token.children, *(g for o in objects for g in o.children)]:
            purpose = (
                child.dep_ in ("advcl", "xcomp")
                or (child.dep_ == "prep" and child.lower_ in ("in", "against"))
                or (child.dep_ == "relcl" and any(a.lower_ == "to" for a in child.children))
            )
            if not purpose:
                continue
            for inner in sorted(child.subtree, key=lambda t: t.i):
                if inner.i in self.actors.by_token:
                    found = self._strong(self.mentions_at(inner), sources, instruments=True)
                    if found:
                        return found
        return []

    def _default_target(
        self, c: Candidate, plover: str, sources: list[Mention], targets: list[Mention], rule: str
    ) -> tuple[str, list[Mention]]:
        """A target the text implies: the country visited or attacked ("arrived in Amman"),
        or, for a sanction, the country the article is about."""
        if targets or not sources:
            return rule, targets
        own = {s.actor.country for s in sources}
        place = self._where(c, near=True)
        span = self._span(place) if place is not None and place.country else None
        # A visit or aid goes abroad; an act on one's own territory ("lifted the state of
        # emergency in West Darfur", "imposed a curfew in Cizre") targets its people too;
        # refuge sought abroad is asked of the country it is sought in ("sought refuge in
        # Germany").
        abroad = plover in _PLACE_TARGET or c.sense.code.code == _SEEK_ASYLUM
        if span is not None and ((abroad and place.country not in own) or plover in _AT_HOME):
            kinds = {e.kind for e in self.actors.kb.lookup(place.name)}
            if plover in _AGAINST_PEOPLE and not kinds & {COUNTRY, REGION}:
                why, sector = "place's people", "CVL"
            else:
                why, sector = "place", ""
            mention = self.actors.group(span, place.country, sector, "place of the event")
            return f"{rule}, target is the {why}", [mention]
        country = self.actors.dominant
        if plover == "SANCTION" and country is not None and country not in own | {"IGO", "NGO"}:
            # "a crisis compounded by new sanctions imposed by Washington": a sanction hits
            # someone; unnamed, the country the article is about (not the sanctioner's)
            token = c.via or c.token
            why = "the article's country, by default"
            mention = self.actors.group(self.doc[token.i : token.i + 1], country, "", why)
            return f"{rule}, target the article's country by default", [mention]
        return rule, targets

    def _event(
        self,
        c: Candidate,
        sent: Span,
        code,
        plover: str,
        mode: str,
        source: Mention | None,
        target: Mention | None,
        when: dates.When,
        place: Place | None,
        modality: Modality,
        rule: str,
    ) -> Event:
        token = c.token
        text = self.text
        start, end = sent.start_char, sent.end_char
        while end > start and text[end - 1].isspace():
            end -= 1
        predicate = token if c.via is None else c.via
        first, last = sorted((predicate, token), key=lambda t: t.i)
        pred_start, pred_end = first.idx, last.idx + len(last.text)
        key = content_id(
            self.article.id,
            str(pred_start),
            plover,
            source.actor.id if source else "",
            str(source.start) if source else "",
            target.actor.id if target else "",
            str(target.start) if target else "",
        )
        return Event(
            id=key,
            article_id=self.article.id,
            plover_type=plover,
            plover_mode=mode,
            plover_context=code.plover_context if code.plover_type == plover else "",
            cameo=code.code,
            cameo_root=code.root,
            quadclass=code.quadclass,
            goldstein=code.goldstein,
            source=source,
            target=target,
            date=when.date,
            date_precision=when.precision,
            date_source=when.source,
            location=place,
            modality=modality,
            sentence=text[start:end],
            sentence_start=start,
            sentence_end=end,
            predicate=text[pred_start:pred_end],
            predicate_start=pred_start,
            predicate_end=pred_end,
            rule=f"{rule}; {c.sense.source}",
        )


_GOVERNED_DEPS = {"dobj", "pobj", "prep", "xcomp", "ccomp", "pcomp"}


def _governed(token: Token, predicates: set[int], budget: int) -> bool:
    """Whether a predicate word is the object or complement of another predicate."""
    if budget <= 0 or token.head.i == token.i:
        return False
    if token.dep_ == "conj":  # "accept its defeat and congratulate": as its first conjunct
        return _governed(token.head, predicates, budget - 1)
    if token.dep_ == "advcl" and _infinitive(token):
        # "staged demonstrations to demand reforms", "offered troops to help him": the
        # purpose of an act is what the act is for, not a second event
        return token.head.i in predicates
    if token.dep_ == "acl" and _infinitive(token):
        # "its refusal to accept the independence of Chechnya", "a call to free Guevara":
        # what the noun refuses or asks for is its content, not a second event
        return token.head.i in predicates
    if token.dep_ not in _GOVERNED_DEPS:
        return False
    return token.head.i in predicates or _governed(token.head, predicates, budget - 1)


def _state(mention: Mention) -> bool:
    """Whether an actor is a state, one of its organs or an intergovernmental body (it has
    troops to send), not rebels, militants, opposition or civilians of that country."""
    sectors = set(mention.actor.sectors)
    return not sectors or bool(sectors & _STATE_SECTORS) or mention.actor.country == "IGO"


def _unguess(source: Mention, target: Mention) -> tuple[Mention, Mention]:
    """Drop a guessed country that would make an actor act on its own kind ("President
    Mitterand welcomed South African leader de Klerk": the unknown president is not
    South African because the sentence's one country is): the country is left unknown."""
    if source.actor.code != target.actor.code:
        return source, target
    out = []
    for m in (source, target):
        if GUESSED_COUNTRY in m.actor.rule:
            why = f"{m.actor.rule}; country dropped: it would make the event self-directed"
            m = replace(m, actor=replace(m.actor, country=None, confidence=0.5, rule=why))
        out.append(m)
    return out[0], out[1]


def _reciprocal(c: Candidate, plover: str) -> bool:
    """Whether joint actors do the act to each other: "Czechia and Albania upgraded their
    diplomatic ties" (each is coded, with no target, as with talks)."""
    if plover not in ("SUPPORT", "COOPERATE"):
        return False
    head = c.token if c.via is None else c.via
    phrases = [c.token, *_child(head, _OBJECTS)]
    return any(
        (t.dep_ == "poss" and t.lower_ == "their") or t.lower_ in _MUTUAL
        for phrase in phrases
        for t in phrase.children
    )


def _issued(noun: Token) -> bool:
    """Whether a noun is a text its clause's subject put out ("issued a statement")."""
    return (
        noun.dep_ == "dobj"
        and noun.lemma_.lower() in _DOCUMENTS
        and noun.head.lemma_.lower() in _ISSUING
    )


def _reported_act(c: Candidate, rule: str) -> bool:
    """Whether an agentless COERCE/ASSAULT/SANCTION is told as an act that happened to its
    target ("Guevara, who was just imprisoned", "people were killed"), not only named by a
    noun or a participle modifier ("the besieged town", "the shooting deaths of two men")."""
    return c.via is None and c.token.pos_ == "VERB" and not rule.startswith("participle")


def _infinitive(clause: Token) -> bool:
    """ "to meet", "(in order) to help": an infinitive clause (not a participle, "a strategy
    based on ...", "after helping")."""
    return clause.tag_ == "VB" and any(
        a.dep_ == "aux" and a.lower_ == "to" for a in clause.children
    )


def extract(doc: Doc, actors: DocActors, article: Article, onto: Ontology) -> list[Event]:
    """Every event in a parsed article, in text order."""
    return list(Extractor(doc, actors, article, onto).events())
