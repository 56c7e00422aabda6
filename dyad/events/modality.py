"""How the text presents a predicate (negated, hypothetical, future, a question) and the
PLOVER type and CAMEO code that follow from it, as the PLOVER manual codes them: a refused
cooperative act is REJECT, an intention AGREE, an intended harm or a conditional act
THREATEN, getting ready to attack MOBILIZE.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from dyad.events.candidates import OBLIGATION, Candidate, is_infinitive
from dyad.events.ontology import COOPERATIVE, Code, Ontology
from dyad.records import Modality

_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_HYPOTHETICAL_MARK = {"if", "unless", "whether"}
_REJECT_CODE = {"CONSULT": "125", "AID": "122", "RETREAT": "124"}
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
# Who mentions, cites or reports an event is not its agent ("did not mention the protests").
NOT_AGENTIVE = {"mention", "cite", "recall", "describe", "report", "ignore", "discuss", "deny"}


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
    # "Iraq must cooperate", "the US should mediate": what ought to happen has not
    hypothetical = any(
        ch.lower_ in _POSSIBILITY | OBLIGATION
        for h in heads
        for ch in h.children
        if ch.dep_ == "aux"
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
    if plover == "ASSAULT" and _prepared(c):
        # "the army prepared to resume shelling", "is preparing an offensive": readying an
        # attack is a show of force short of its use (PLOVER MOBILIZE, CAMEO 15)
        code = onto.code("150")
        plover, mode = "MOBILIZE", code.plover_mode
        how += ", preparing an attack -> MOBILIZE"
        return code, plover, mode, modality, how
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
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() in NOT_AGENTIVE:
        return None  # "did not mention the protests": the protests still happened
    return verb


def _prepared(c: Candidate) -> bool:
    """Whether the predicate is what its subject is getting ready to do ("prepared to
    resume shelling", "is preparing an offensive"), not ready and willing to ("is prepared
    to impose martial law": an intention)."""
    token = c.via or _governing_verb(c) or c.token
    for _ in range(3):
        if token.lemma_.lower() == "prepare" and token.pos_ == "VERB":
            return not any(a.dep_ == "auxpass" for a in token.children)
        if token.dep_ not in ("xcomp", "dobj") or token.head.i == token.i:
            return False
        token = token.head
    return False


def _intends(c: Candidate) -> bool:
    """Whether the predicate is what someone is ready, willing or planning to do."""
    token = c.via or _governing_verb(c) or c.token
    for _ in range(3):
        # (the purpose of an intended act is intended too: "willing to send material to help")
        purpose = token.dep_ == "advcl" and is_infinitive(token)
        if (token.dep_ not in ("xcomp", "acomp") and not purpose) or token.head.i == token.i:
            return False
        token = token.head
        if token.lemma_.lower() in _INTENT_WORDS or token.lower_ in _INTENT_WORDS:
            return True  # (the lemma of "is prepared to" may be "prepare")
    return False
