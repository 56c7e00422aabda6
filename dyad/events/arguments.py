"""Who did it and to whom: the source and target mentions of a predicate, read from the
dependency parse (subjects and objects, passive agents, controlled and relative clauses,
pronouns, coordinated actors, the agents and partners of event nouns).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dyad.actors.resolve import DocActors, guessed
from dyad.events.candidates import (
    CONTROL,
    OBJECTS,
    PASSIVE_SUBJECTS,
    RELATIVE,
    SUBJECTS,
    TARGET_PREPS,
    Candidate,
    children_of,
    is_infinitive,
    is_small_clause,
    own_preps,
    phrase_of,
    phrase_with_participles,
    prep_objects,
)
from dyad.events.modality import NOT_AGENTIVE
from dyad.events.ontology import SYMMETRIC, Ontology
from dyad.records import Mention

_NOUN_SOURCE_PREPS = {"by", "from"}
_PERSONAL = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
_IMPERSONAL = {"it", "its", "they", "their", "them"}
_OF_AGENT = {"SUPPORT", "AID", "COOPERATE"}
# Types whose target may be the subject of their clausal complement ("demanded that the US cancel").
_CLAUSE_TARGET = {"REQUEST", "ACCUSE"}
# A source's own instruments ("contribute troops", "deploy peacekeepers") are not its target.
_INSTRUMENTS = {"MIL", "IGO"}
# Sectors of a state and its organs, which own their country's troops and peacekeepers.
_STATE_SECTORS = {"GOV", "MIL", "LEG", "COP", "SPY", "IGO"}
_ACCUSED_PREPS = {"against", "over", "about", "of"}
_EXTRADITE = "063"  # CAMEO: judicial cooperation, with the state a suspect is handed to
# Reporting verbs that enact the act they name ("Italy announced a suspension of air links").
_ENACTING = {"announce", "declare"}
# Participles that, after "be", state their subject's own stance ("is opposed to").
_STATIVE = {"oppose", "commit", "determine", "dedicate", "devote", "resolve"}
# A text its author puts out, and the verbs that put it out: "issued a declaration
# demanding that ..." is the author's demand (not "rejected a resolution condemning ...").
_DOCUMENTS = {"declaration", "statement", "communique", "letter", "appeal", "message", "note"}
_ISSUING = {"issue", "publish", "release", "send", "deliver", "circulate", "put", "sign"}
# "negotiators return to Geneva for talks": the subject comes to take part in a joint act,
# except when the verb tells what the act does to it ("talks stalled for a week"). ("Engaged
# in talks" is left alone: the seeds code it X CONSULT Y, the PLOVER manual with no recipient.)
_JOINED_PREPS = {"for"}
_NOT_JOINING = {"die", "kill", "wound", "injure", "block", "stall", "result", "end", "fail"}


class Arguments:
    """Reads the arguments of predicates in one parsed article, with its resolved actors."""

    def __init__(self, doc: Doc, actors: DocActors, onto: Ontology) -> None:
        self.doc = doc
        self.actors = actors
        self.onto = onto
        self.sents = list(doc.sents)
        self._sent_of = [0] * len(doc)
        for n, sent in enumerate(self.sents):
            self._sent_of[sent.start : sent.end] = [n] * (sent.end - sent.start)

    def sent_of(self, token: Token) -> Span:
        """The sentence that holds ``token`` (what ``token.sent`` gives, without a scan)."""
        return self.sents[self._sent_of[token.i]]

    def mentions_at(self, token: Token, depth: int = 2) -> list[Mention]:
        """The actor(s) a token stands for, following coordination ("X, Y and Z")."""
        found = self._mention(token, depth)
        if found is None:
            return []
        out = [found]
        conjuncts = list(token.conjuncts)
        # "Sierra Leonean and Liberian refugees", "U.S. and Russian negotiators": coordinated
        # modifiers, one actor each
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
            found = by_token[token.i]
            if guessed(found.actor) and depth > 0:
                # "leaders of the opposition coalition": a role whose country is only the
                # article's main one belongs to the actor its "of" phrase names
                for _, pobj in prep_objects(token, {"of"}):
                    owner = self._mention(pobj, depth - 1)
                    if owner is not None and owner.actor.country:
                        return owner
            return found
        lower = token.lower_
        if lower in _PERSONAL:
            return self._person(token)
        if lower in _IMPERSONAL and token.pos_ == "PRON":
            return self._subject_pronoun(token) or self.actors.actor_before(
                token.i, self.sent_of(token).start
            )
        if lower in RELATIVE and token.head.dep_ == "relcl":
            return self._mention(token.head.head, depth - 1)
        if depth <= 0:
            return None
        # "members of the Marxist government", "the leaders of Russia": look inside the phrase
        # (a name in apposition first, "his Venezuelan counterpart, Nicolas Maduro"; a
        # possessive pronoun last, "its European Community partners" are the EC's)
        order = {"appos": 0}
        for child in sorted(
            token.children, key=lambda t: order.get(t.dep_, 1 + (t.pos_ == "PRON"))
        ):
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
                for _, agent in prep_objects(child, {"by"}):
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

    def _names_someone(self, noun: Token) -> bool:
        """Whether a noun stands for an actor itself (a name, a role, a pronoun, "members
        of the opposition"), not for a thing one of its modifiers mentions."""
        if noun.i in self.actors.by_token or noun.pos_ == "PRON":
            return True
        return any(self.mentions_at(p) for _, p in prep_objects(noun, {"of"}))

    def _subject_pronoun(self, pronoun: Token) -> Mention | None:
        """Whom "they" or "it" stands for as a subject: the speaker of the reported clause
        ("the rebels rejected the plan and said they opposed ...") or the subject of the
        clause it depends on ("the bombers killed 23 people when they blew themselves up"),
        if the number agrees."""
        clause = pronoun.head
        if pronoun.dep_ not in SUBJECTS | PASSIVE_SUBJECTS or clause.head.i == clause.i:
            return None
        reported = clause.dep_ == "ccomp" and clause.head.lemma_.lower() in self.onto.reporting
        if not reported and clause.dep_ != "advcl":
            return None
        governor = clause.head
        while not children_of(governor, SUBJECTS) and governor.dep_ == "conj":
            governor = governor.head  # "rejected the plan, and said they ..."
        subjects = [t for t in children_of(governor, SUBJECTS) if t.pos_ in ("NOUN", "PROPN")]
        if len(subjects) != 1 or subjects[0].conjuncts:
            return None
        speakers = self.mentions_at(subjects[0], depth=1)
        if len(speakers) != 1 or speakers[0].actor.id.startswith("person:"):
            return None
        plural = subjects[0].tag_ in ("NNS", "NNPS")
        return speakers[0] if plural == (pronoun.lower_ == "they") else None

    def _person(self, pronoun: Token) -> Mention | None:
        """Who "he", "him" or "his" stands for: the last person named before it, except
        that the subject of a reported clause is its speaker ("Katsav refused to meet King
        Abdullah, saying he would only welcome him in Jerusalem": he is Katsav), and an
        object is not its own clause's subject (him is Abdullah)."""
        clause = pronoun.head
        if pronoun.dep_ in SUBJECTS | PASSIVE_SUBJECTS:
            reporting = clause.head
            if (
                clause.dep_ == "ccomp"
                and reporting.i != clause.i
                and reporting.lemma_.lower() in self.onto.reporting
            ):
                speakers, _ = self._subject(reporting)
                if len(speakers) == 1 and speakers[0].actor.id.startswith("person:"):
                    return speakers[0]
        elif pronoun.dep_ in OBJECTS and pronoun.lower_ in ("him", "her"):
            if clause.dep_ == "conj":
                # "convicted a Norwegian man of spying and sentenced him": the object of the
                # clause it is conjoined to
                for obj in children_of(clause.head, {"dobj"}):
                    found = self._mention(obj, 0)
                    if found is not None:
                        return found
            for subject in children_of(clause, SUBJECTS):
                doer = self._mention(subject, 0)
                if doer is not None and doer.actor.id.startswith("person:"):
                    return self.actors.person_before(pronoun.i, besides=doer)
        return self.actors.person_before(pronoun.i)

    def _subject(self, verb: Token) -> tuple[list[Mention], str]:
        """Who does ``verb``: its subject, or its governor's, or the relative clause's head."""
        seen = 0
        token = verb
        while seen < 4:
            # ("whom the US considers interim president": "whom" is parsed a subject at times)
            subjects = [s for s in children_of(token, SUBJECTS) if s.lower_ != "whom"]
            if subjects:
                # "JUBA -- President Kiir accused ...": the parser may take a dateline for a
                # second subject; the one that names an actor is the subject
                found = next((m for m in map(self.mentions_at, subjects) if m), [])
                return found, "subject" if token.i == verb.i else "inherited"
            if token.dep_ == "relcl" and not children_of(token, PASSIVE_SUBJECTS):
                return self.mentions_at(token.head), "relative clause"
            if token.i != verb.i and children_of(token, PASSIVE_SUBJECTS):
                # "a camp was attacked by militiamen, killing 156 people": the agent of the
                # passive clause it hangs on, if named (never the reporter of that clause)
                agents = [m for _, p in prep_objects(token, {"by"}) for m in self.mentions_at(p)]
                return agents, "inherited agent" if agents else ""
            if token.dep_ == "acl":
                # "an action by the Trump administration to freeze assets": the noun's agent.
                noun = token.head
                agents = [p for _, p in prep_objects(noun, {"by"})]
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
            if token.dep_ not in CONTROL or token.head.i == token.i:
                break
            # "called on the opposition to accept": object control gives the object.
            if token.dep_ == "xcomp":
                objects = children_of(token.head, {"dobj"}) + [
                    p for _, p in prep_objects(token.head, {"on", "upon"})
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
            children_of(verb, PASSIVE_SUBJECTS)
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
        if passive and verb.lemma_.lower() in _STATIVE and not prep_objects(verb, {"by"}):
            # "Israel is opposed to French mediation": a stance its subject holds
            sources = [m for s in children_of(verb, PASSIVE_SUBJECTS) for m in self.mentions_at(s)]
            targets = self._object_targets(verb, {"to"}, sources)
            return sources, targets, "verb stative"
        if passive:
            sources = [m for _, p in prep_objects(verb, {"by"}) for m in self.mentions_at(p)]
            for subject in children_of(verb, PASSIVE_SUBJECTS):
                targets = self.mentions_at(subject)
                if not sources and not self._names_someone(subject):
                    # "the Barbados agreement was mortally wounded": with no agent, a thing
                    # that only mentions an actor suffered nothing from anyone
                    targets = []
            if not targets and verb.dep_ in ("acl", "relcl"):
                # (not the agent, found again inside the noun: "a view backed by the EU")
                targets = [m for m in self.mentions_at(verb.head) if m not in sources]
            return sources, targets, "passive"
        sources, how = self._subject(verb)
        preps = {c.sense.prep} if c.sense.prep else TARGET_PREPS
        # What is requested is no addressee: "called for respect for the Venezuelan people".
        deep = c.sense.plover_type != "REQUEST"
        accused = c.sense.plover_type == "ACCUSE"
        targets = self._object_targets(verb, preps, sources, deep, accused, bool(c.sense.obj))
        if c.sense.code.code == _EXTRADITE:
            # "Zambia extradited a British militant to Britain": the cooperation is with
            # the state the suspect is handed to, not with the suspect
            to = [m for _, p in prep_objects(verb, {"to"}) for m in self.mentions_at(p)]
            targets = self._strong(to, sources) or targets
        small_clause = bool(c.sense.obj) and any(
            is_small_clause(ch, c.sense.obj) for ch in verb.children
        )
        if not targets and (c.sense.plover_type in _CLAUSE_TARGET or small_clause):
            # "demanded that the US cancel the sale", "found the man guilty", "said Libya
            # must hand over", "insisted on its demands that the government grant ..."
            nouns = [p for _, p in prep_objects(verb, {"on", "upon"})]
            targets = self._clause_subject([verb, *nouns], sources)
            if targets:
                how += ", target is the complement's subject"
        if not targets:
            # "refused to take part in talks with the opposition", "agreed to lift the
            # embargo on Iran", "accepted an invitation to meet with Kim": the complement
            # (or the infinitive on the object) names whom the act concerns.
            complements = children_of(verb, {"xcomp", "ccomp"})
            complements += [
                a
                for o in children_of(verb, {"dobj"})
                for a in children_of(o, {"acl"})
                if is_infinitive(a)
            ]
            for complement in complements:
                targets = self._object_targets(complement, own_preps(complement), sources)
                if not targets:
                    for inner in children_of(complement, {"xcomp", "ccomp"}):
                        targets = self._object_targets(inner, own_preps(inner), sources)
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
                    for subject in children_of(clause, SUBJECTS | PASSIVE_SUBJECTS):
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
        whom = [c for c in verb.children if c.lower_ == "whom"]  # however it is parsed
        for obj in whom + children_of(verb, OBJECTS):
            found = self._strong(self.mentions_at(obj), sources)
            if (
                found
                and idiom
                and obj.i not in self.actors.by_token
                and obj not in whom
                and not agents
            ):
                agents = found
            elif found:
                return found
        attached = prep_objects(verb, preps)
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
            for _, partner in prep_objects(pobj, {"against", "on"}):
                found = self._strong(self.mentions_at(partner), sources)
                if found:
                    return found
        # "attend the talks with the opposition": the object's own partner; what is
        # requested is asked of its "from" ("demanded an apology from the Prime Minister").
        partners = {"with", "to", "against", "between", "on", "into"}
        partners |= {"from"} if not deep else set()
        for obj in children_of(verb, OBJECTS):
            for _, pobj in prep_objects(obj, partners):
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
        phrases = children_of(verb, OBJECTS) + [
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
        # a country acting as a whole is its government: "Sri Lanka opened an embassy" (an
        # embassy whose country is only the article's) acts on no one
        itself = {
            f"{s.actor.country}GOV" for s in sources if s.actor.country and not s.actor.sectors
        }
        return [
            m
            for m in mentions
            if m not in sources
            and not (m.actor.code in itself and guessed(m.actor))
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
        for token in sorted(phrase_with_participles(phrase), key=lambda t: t.i):
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
        # ("the withdrawal from Panama": what one withdraws from is no agent)
        agent_preps = _NOUN_SOURCE_PREPS - ({"from"} if c.sense.plover_type == "RETREAT" else set())
        for _, pobj in prep_objects(noun, agent_preps):
            if not sources:
                sources = self.mentions_at(pobj)
        if not sources and c.sense.plover_type in _OF_AGENT and noun.dep_ == "pobj":
            # "weathered the strain with the help of the military, Russia and China"
            helpers = [m for _, p in prep_objects(noun, {"of"}) for m in self.mentions_at(p)]
            clause = noun.head.head
            if helpers and clause.pos_ in ("VERB", "AUX"):
                helped, _ = self._subject(clause)
                if helped:
                    return helpers, helped, "event noun, 'of' agent helps the clause subject"
        for child in noun.children:
            if child.dep_ in ("acl", "relcl") and not sources:
                agents = [m for _, p in prep_objects(child, {"by"}) for m in self.mentions_at(p)]
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
            and governor.lemma_.lower() not in NOT_AGENTIVE
            and (
                governor.lemma_.lower() not in self.onto.reporting
                or (governor.lemma_.lower() in _ENACTING and anchor.dep_ == "dobj")
            )
        ):
            subject, _ = self._subject(anchor.head if anchor.dep_ == "dobj" else anchor.head.head)
            if subject:
                sources, how = subject, f"subject of '{anchor.head.text}'"
                governed_by = anchor.head
        if not sources and c.sense.plover_type in SYMMETRIC and _joined_in(anchor):
            # "negotiators return to Geneva for talks": who comes for a joint act takes
            # part in it
            sources, _ = self._subject(anchor.head.head)
            how = f"subject of '{anchor.head.head.text} {anchor.head.text}'"
        between = [p for prep, p in prep_objects(noun, {"between"})]
        if not between and c.via is not None:  # "launched a mediation effort between X and Y"
            between = [p for prep, p in prep_objects(c.via, {"between"})]
        if between:
            # "a meeting between members of the government and opposition leader Guaido"
            people: list[Mention] = []
            for token in phrase_of(between[0]):
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
        preps = {c.sense.prep} if c.sense.prep else TARGET_PREPS
        if c.sense.plover_type != "RETREAT":  # "withdrawal from Panama"; else "from" is a source
            preps = preps - {"from"}
        attached = prep_objects(noun, preps)
        if anchor is not noun:  # "air and artillery strikes on Y": Y hangs on "air"
            attached += prep_objects(anchor, preps)
        if governed_by is not None and anchor.dep_ == "dobj":
            # "launched strikes on Y", with "on Y" attached to the verb
            attached += prep_objects(governed_by, preps & {"on", "against"})
        for _, pobj in attached:
            found = self._strong(self.mentions_at(pobj), sources)
            if found:
                targets = found
                break
        if not targets:
            # "a suspension of air links with Serbia": the partner of what the act concerns;
            # "the withdrawal of forces from Panama": where they are withdrawn from
            partners = {"with", "to"} | ({"from"} if c.sense.plover_type == "RETREAT" else set())
            for _, pobj in prep_objects(noun, {"of"}):
                for _, partner in prep_objects(pobj, partners):
                    targets = [m for m in self.mentions_at(partner) if m not in sources]
                    if targets:
                        break
        if not targets and c.via is not None:
            for _, pobj in prep_objects(c.via, {"to", "on", "against", "with", "for"}):
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
            for dative in children_of(c.via, {"dative"}):
                targets = [m for m in self.mentions_at(dative) if m not in sources]
                if targets:
                    how += ", target the indirect object"
                    break
        return sources, targets, how


def _state(mention: Mention) -> bool:
    """Whether an actor is a state, one of its organs or an intergovernmental body (it has
    troops to send), not rebels, militants, opposition or civilians of that country."""
    sectors = set(mention.actor.sectors)
    return not sectors or bool(sectors & _STATE_SECTORS) or mention.actor.country == "IGO"


def _issued(noun: Token) -> bool:
    """Whether a noun is a text its clause's subject put out ("issued a statement")."""
    return (
        noun.dep_ == "dobj"
        and noun.lemma_.lower() in _DOCUMENTS
        and noun.head.lemma_.lower() in _ISSUING
    )


def _joined_in(noun: Token) -> bool:
    """Whether a noun is what a verb's subject comes "for"."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ in _JOINED_PREPS
        and prep.head.pos_ == "VERB"
        and prep.head.lemma_.lower() not in NOT_AGENTIVE
        and prep.head.lemma_.lower() not in _NOT_JOINING
    )
