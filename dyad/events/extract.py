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
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from dyad.actors.kb import COUNTRY, REGION
from dyad.actors.resolve import DocActors, guessed
from dyad.events import when as dates
from dyad.events.arguments import Arguments
from dyad.events.candidates import (
    OBJECTS,
    PASSIVE_SUBJECTS,
    RELATIVE,
    SUBJECTS,
    Candidate,
    candidates,
    children_of,
    event_noun_sense,
    is_governed,
    prep_objects,
    senses_of,
)
from dyad.events.modality import decide
from dyad.events.ontology import SYMMETRIC, Ontology
from dyad.records import Article, Event, Mention, Modality, Place, content_id

_AHEAD = {"schedule", "plan", "expect", "set", "due", "will", "intend", "prepare"}
# Types coded with a source alone ("protests broke out"), and with a target alone
# ("Freddy Guevara, who was just imprisoned": the agent is left unsaid).
_MONADIC = {"PROTEST", "MOBILIZE"}
# Acts that, done abroad with no one named, target the country they are done in
# ("arrived in Amman", "suspended aid deliveries in Baghdad", "refused to deploy in Iraq").
_PLACE_TARGET = {"CONSULT", "AID", "ASSAULT", "MOBILIZE", "RETREAT", "AGREE", "SUPPORT"}
_PLACE_TARGET |= {"COOPERATE", "SANCTION", "REJECT"}
# ... and these even at home ("lifted the state of emergency in West Darfur", "agreed to a
# ceasefire in Afghanistan": the act concerns the place)
_AT_HOME = {"CONCEDE", "COERCE", "THREATEN", "RETREAT", "ASSAULT", "MOBILIZE", "AGREE"}
# Acts against the people of a town or province, not its state: "imposed a curfew in Cizre"
# targets Cizre's civilians (TURCVL), "declared a state of siege in Haiti" Haiti.
_AGAINST_PEOPLE = {"COERCE", "THREATEN", "ASSAULT"}
_AGENTLESS = {"COERCE", "ASSAULT", "SANCTION"}
_SIGN_AGREEMENT = "057"  # CAMEO: sign formal agreement, an act of all its parties
_PRESSURE = {"pressure", "call", "demand", "request", "appeal", "urging"}
_SEEK_ASYLUM = "0233"  # CAMEO: request asylum (or refuge), of the country it is sought in
_VIOLATE_CEASEFIRE = "196"  # CAMEO: a ceasefire binds both sides; breaking it needs no other named
_MUTUAL = {"bilateral", "mutual", "joint"}
# A visit (CAMEO 042), and the words that make troops arriving an act of relief.
_VISIT = "042"
# Weapons that, as the agent of a killing, leave the attacker unnamed ("killed by a mine")
_WEAPONS = {"device", "mine", "landmine", "ied", "rocket", "missile", "shell", "grenade", "mortar"}
# Prepositions that say where an act happened
_WHERE = {"in", "at", "near", "outside", "inside", "around"}
# Nouns that make "in ..." the purpose of an act ("in protest against", "in solidarity with")
_PURPOSE_NOUNS = {"protest", "solidarity", "support", "opposition", "response", "defiance"}
_RELIEF = {"peacekeeping", "peacekeeper", "aid", "relief", "humanitarian", "rescue", "help"}


class Extractor(Arguments):
    """Turns one parsed article, with its resolved actors, into events."""

    def __init__(self, doc: Doc, actors: DocActors, article: Article, onto: Ontology) -> None:
        super().__init__(doc, actors, onto)
        self.article = article
        # Per-document indexes, built once: ``Token.sent``, ``Span.ents`` and a scan of
        # every place cost time in proportion to the article, paid per candidate, which
        # made long articles quadratic.
        self.text = doc.text  # spaCy joins every token's text again on each access
        self._dates: list[list[Span]] = [[] for _ in self.sents]
        for ent in doc.ents:
            n = self._sent_of[ent.start]
            if ent.label_ == "DATE" and ent.end <= self.sents[n].end:  # as ``Span.ents``
                self._dates[n].append(ent)
        self._places_at: dict[int, tuple[int, Span, str | None]] = {}
        for order, (index, (span, country)) in enumerate(actors.places.items()):
            self._places_at.setdefault(doc[index].head.head.i, (order, span, country))

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
                    if child.dep_ in OBJECTS | {"xcomp"}:
                        heads.add(child.i)
                        heads |= {g.i for g in child.children if g.dep_ in OBJECTS}
                    elif child.dep_ == "prep" and child.lower_ in ("to", "on", "against"):
                        # "agreed to a ceasefire in Syria", "attacks against targets in Kirkuk"
                        heads |= {g.i for g in child.children if g.dep_ == "pobj"}
        found = [self._places_at[h] for h in heads if h in self._places_at]
        if not found:
            return None
        _, span, country = min(found, key=lambda p: p[0])  # the first place, in text order
        return Place(span.text, country, span.start_char, span.end_char)

    def _governed_by_predicate(self, c: Candidate, predicates: set[int]) -> bool:
        """ "refused to take part in talks", "called on X to accept": the complement is no event."""
        # (a participle or clause on the event noun itself, "demand that Maduro step down",
        # is governed where the noun is)
        head = c.token if c.via is None or c.via.dep_ == "acl" else c.via
        return is_governed(head, predicates, 6)

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
            if c.token.pos_ != "NOUN" or (c.via is not None and children_of(c.via, SUBJECTS)):
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
            for x in children_of(h, {"advcl", "acl"})
            if x.lemma_.lower() == "target"
            for o in children_of(x, {"dobj"})
        ]
        return [m for o in aimed for m in self._strong(self.mentions_at(o), sources)]

    def _attackers_in(self, verb: Token) -> list[Mention]:
        """The unidentified attackers of the place of an attack a verb is about ("condemned
        the terrorist attack in Kabul"), when the attack's agent is unsaid."""
        for obj in children_of(verb, OBJECTS):
            sense = event_noun_sense(obj, self.onto)
            if sense is None or sense.plover_type != "ASSAULT" or obj.i not in self._places_at:
                continue
            if any(self.mentions_at(a) for _, a in prep_objects(obj, {"by"})):
                return []  # "attacks by the Taliban": the attackers are named
            _, span, country = self._places_at[obj.i]
            if country:
                return [self.actors.group(span, country, "UAF", "unnamed attackers in the place")]
        return []

    def _pressing(self, verb: Token, sources: list[Mention]) -> list[Mention]:
        """Who pressed for what a verb refuses: "despite the pressure by X", "under pressure
        from X", "despite calls from X"."""
        for _, noun in prep_objects(verb, {"despite", "under"}):
            if noun.lemma_.lower() in _PRESSURE:
                for _, agent in prep_objects(noun, {"by", "from", "of"}):
                    found = self._strong(self.mentions_at(agent), sources)
                    if found:
                        return found
        return []

    def _retreating(self, c: Candidate) -> bool:
        """Whether what is agreed or refused is a retreat, which needs no one else:
        "Akayev has agreed to resign", "the senator declined to resign his seat"."""
        return any(
            s.plover_type == "RETREAT"
            for x in children_of(c.via or c.token, {"xcomp"})
            for s in senses_of(x, self.onto)[:1]
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
        by = [
            g for a in children_of(act, {"agent"}) for g in children_of(a, {"pobj"})
        ]  # "killed by a mine"
        instruments = [s for s in [*children_of(act, SUBJECTS), *by] if self._weapon(s)]
        # "killed in a car bomb explosion": a blast the victim died in
        instruments += [
            p
            for _, p in prep_objects(act, {"in"})
            if any(x.plover_mode == "explosives" for x in self._assault_senses(p))
        ]
        if not instruments:
            return None  # "the actor attacked men while in Britain": the agent is someone
        place = self._where(c, near=True)
        if place is None and instruments[0].i in self._places_at:
            _, span, country = self._places_at[instruments[0].i]
            place = Place(span.text, country, span.start_char, span.end_char)
        if place is None:
            # "killed by a device outside of the Iraqi city of Basra", "in a residential
            # sector of eastern Beirut": the first place named in the act's place phrases
            phrases = [p for i in instruments for p in i.children if p.dep_ == "prep"]
            place = self._place_inside(act, phrases)
        return place

    def _place_inside(self, act: Token, phrases: list[Token] | None = None) -> Place | None:
        """The first place named inside the place phrases of an act or its object ("at this
        jail in northern Israel", "a curfew in parts of the city of Ahmedabad") or inside
        ``phrases``."""
        heads = [act, *children_of(act, {"dobj"})]  # "imposed a curfew in parts of ..."
        phrases = [
            p for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ in _WHERE
        ] + (phrases or [])
        inside = {t.i for p in phrases for t in p.subtree}
        for index, (span, country) in self.actors.places.items():
            if index in inside and country:
                return Place(span.text, country, span.start_char, span.end_char)
        # (or a place taken for its people: "in mostly Christian eastern Beirut")
        for index in sorted(inside):
            found = self.actors.by_token.get(index)
            if found is not None and found.actor.country and self._is_place(found):
                return Place(found.text, found.actor.country, found.start, found.end)
        return None

    def _is_place(self, mention: Mention) -> bool:
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span is not None and any(t.ent_type_ in ("GPE", "LOC") for t in span)

    def _assault_senses(self, noun: Token) -> list:
        senses = self.onto.senses.get((noun.lemma_.lower(), "NOUN"), ())
        return [x for x in senses if x.plover_type == "ASSAULT"]

    def _weapon(self, noun: Token) -> bool:
        """Whether a noun names an attack or a weapon ("a roadside bomb", "an improvised
        explosive device"), not someone who wields one."""
        return noun.pos_ == "NOUN" and (
            bool(self._assault_senses(noun)) or noun.lemma_.lower() in _WEAPONS
        )

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
        place = self._where(c) or self._place_inside(c.via or c.token)
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
        heads = [token, *children_of(token, {"xcomp", "ccomp"})]
        heads += [g for h in heads[1:] for g in children_of(h, {"xcomp", "ccomp"})]
        for head in heads:
            for clause in children_of(head, {"advcl"}):
                if not any(
                    m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in clause.children
                ):
                    continue
                for subject in children_of(clause, SUBJECTS | PASSIVE_SUBJECTS):
                    found = self._strong(self.mentions_at(subject), sources)
                    if found:
                        return found
        return []

    def _purpose_target(self, token: Token, sources: list[Mention]) -> list[Mention]:
        """Whom an act is aimed at, from its purpose ("to protest X", "in protest against X")."""
        objects = [o for o in token.children if o.dep_ in OBJECTS]
        for child in [*token.children, *(g for o in objects for g in o.children)]:
            purpose = (
                child.dep_ in ("advcl", "xcomp")
                or (child.dep_ == "prep" and child.lower_ == "against")
                or (  # "in protest against X", not "in Serbia, where ..."
                    child.dep_ == "prep"
                    and child.lower_ == "in"
                    and any(
                        p.lemma_.lower() in _PURPOSE_NOUNS for p in children_of(child, {"pobj"})
                    )
                )
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
        if place is None and plover in _AGAINST_PEOPLE:
            # "fired four shells at targets in Jericho": where what was hit lies
            place = self._place_inside(c.via or c.token)
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


def _unguess(source: Mention, target: Mention) -> tuple[Mention, Mention]:
    """Drop a guessed country that would make an actor act on its own kind ("President
    Mitterand welcomed South African leader de Klerk": the unknown president is not
    South African because the sentence's one country is): the country is left unknown."""
    if source.actor.code != target.actor.code:
        return source, target
    out = []
    for m in (source, target):
        if guessed(m.actor):
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
    phrases = [c.token, *children_of(head, OBJECTS)]
    return any(
        (t.dep_ == "poss" and t.lower_ == "their") or t.lower_ in _MUTUAL
        for phrase in phrases
        for t in phrase.children
    )


def _reported_act(c: Candidate, rule: str) -> bool:
    """Whether an agentless COERCE/ASSAULT/SANCTION is told as an act that happened to its
    target ("Guevara, who was just imprisoned", "people were killed"), not only named by a
    noun or a participle modifier ("the besieged town", "the shooting deaths of two men"),
    nor the background of a place or event ("Montenegro, where 28 people have been killed
    in riots this year", "air raids in which it said 20 people were killed")."""
    return (
        c.via is None
        and c.token.pos_ == "VERB"
        and not rule.startswith("participle")
        and not _background(c.token)
    )


def _background(verb: Token) -> bool:
    """Whether a clause describes the noun a relative clause hangs on ("where people were
    killed") rather than telling what happened to that noun ("who was imprisoned")."""
    clause = verb
    while clause.dep_ in ("conj", "ccomp") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "relcl":
        return False
    subjects = children_of(clause, SUBJECTS | PASSIVE_SUBJECTS)
    return not any(s.lower_ in RELATIVE for s in subjects)


def extract(doc: Doc, actors: DocActors, article: Article, onto: Ontology) -> list[Event]:
    """Every event in a parsed article, in text order."""
    return list(Extractor(doc, actors, article, onto).events())
