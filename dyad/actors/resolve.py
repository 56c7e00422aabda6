"""Finding actor mentions in a parsed article and resolving them to actors, as of a date.

Three steps over a spaCy ``Doc``:

1. *Units*: spans that name something the knowledge base knows (longest match wins),
   plus PERSON entities it does not know.
2. *Phrases*: a unit that modifies another ("Venezuelan" and "President" in
   "Venezuelan President Nicolas Maduro", the appositive in "Dmitry Peskov, the
   Russian presidential spokesman") becomes a clue of the unit it modifies.
3. *Resolution*: each remaining unit, with its clues, the article's memory of who
   was introduced how, and the knowledge base as of the date, becomes an ``Actor``
   whose ``rule`` says what decided it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from dyad.actors.kb import (
    CAPITAL,
    COUNTRY,
    DEMONYM,
    METONYM,
    ORG,
    PERSON,
    PLACE,
    REGION,
    ROLE,
    Entry,
    KnowledgeBase,
    normalise,
    slug,
)
from dyad.actors.memory import Memory
from dyad.actors.offices import person_as_of
from dyad.actors.places import (
    DIRECTIONS,
    NAME_PARTICLES,
    NOT_PLACE_ENTS,
    PLACE_NOUNS,
    PLACE_PREPS,
    place_object,
    place_reading,
)
from dyad.actors.spelling import misspelt
from dyad.records import Actor, Learned, Mention

_KIND_RANK = {
    PERSON: 0,
    ORG: 1,
    METONYM: 2,
    COUNTRY: 3,
    CAPITAL: 4,
    DEMONYM: 5,
    REGION: 6,
    ROLE: 7,
    PLACE: 8,
}
_MODIFIER_DEPS = {"compound", "amod", "poss", "nmod", "appos", "npadvmod"}
_PARTS = {"part", "parts", "area", "areas", "outskirts", "suburbs"}
_GROUPS = {"IGO", "NGO", "IMG"}  # international groups: never the article's country
_COUNTRY_KINDS = {COUNTRY, DEMONYM, METONYM, CAPITAL, REGION}
# What can say which country something is in: the above and a city or province.
_WHERE_KINDS = _COUNTRY_KINDS | {PLACE}
# Where a place (not a capital) stands for its country: what is done to it ("shelled
# Gorazde", "an attack on Mosul"), never who acts.
_PLACE_ACTOR_DEPS = {"dobj", "nsubjpass", "pobj", "conj", "appos"}
# Groups that belong to the place they are in: police, armed groups, residents.
_LOCAL_SECTORS = {"COP", "REB", "INS", "UAF", "CVL", "REF"}
_PRONOUN_COUNTRY = {"its", "their", "country", "nation"}
# Entity types that name no actor: what names no place, and facilities and landforms.
_NOT_ACTORS = NOT_PLACE_ENTS | {"FAC", "LOC"}


@dataclass
class Unit:
    """A span naming something, with the knowledge-base entries it may refer to."""

    start: int
    end: int
    entries: list[Entry]
    root: Token
    clues: list[Unit] = field(default_factory=list)
    name_only: bool = False  # an untagged proper noun: an actor only if the article named it
    shares: Unit | None = None  # "Russian" in "U.S. and Russian negotiators": the shared noun

    @property
    def kind(self) -> str:
        if not self.entries:
            return PERSON  # an unknown PERSON entity
        return min((e.kind for e in self.entries), key=_KIND_RANK.__getitem__)

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]


@dataclass
class DocActors:
    """The actors of one document.

    Attributes:
        mentions: resolved mentions, in text order.
        by_token: token index -> the mention whose phrase holds that token.
        places: units used as places ("in Caracas"), token index -> (name, country).
        dominant: the country the article is mostly about, if any.
        learned: roles the article states for names the knowledge base does not know.
    """

    mentions: list[Mention]
    by_token: dict[int, Mention]
    places: dict[int, tuple[Span, str | None]]
    dominant: str | None
    kb: KnowledgeBase
    learned: list[Learned] = field(default_factory=list)
    _indexes: dict = field(default_factory=dict, repr=False, compare=False)

    def group(self, span: Span, country: str, sector: str, why: str) -> Mention:
        """A mention of a country's sector that the text names only by the event ("protests")."""
        sectors = (sector,) if sector else ()
        actor = Actor(
            country + sector, self.kb.code_name(country, sectors), country, sectors, 0.5, why
        )
        return Mention(span.text, span.start_char, span.end_char, actor)

    def actor_before(self, token_index: int, sentence_start: int) -> Mention | None:
        """The last country or organisation named before a token in its sentence ("it")."""
        found = _last_before(self._index(False), token_index)
        return found[1] if found is not None and found[0] >= sentence_start else None

    def person_before(self, token_index: int, besides: Mention | None = None) -> Mention | None:
        """The last person mentioned before a token: what "he" or "she" most likely means
        (other than ``besides``: "him" is not the one who does it to him)."""
        people = self._index(True)
        at = bisect_left(people, token_index, key=lambda p: p[0])
        for i in range(at - 1, -1, -1):  # no slice: a long article has many pronouns
            mention = people[i][1]
            if besides is None or mention.actor.id != besides.actor.id:
                return mention
        return None

    def _index(self, people: bool) -> list[tuple[int, Mention]]:
        """Token-ordered (index, mention) pairs of people or of other actors, built once
        (``by_token`` is complete when the resolver returns), so that a lookup is a
        bisection rather than a scan of every mention in the article."""
        key = (len(self.by_token), people)
        cached = self._indexes.get(key)
        if cached is None:
            cached = sorted(
                (i, m)
                for i, m in self.by_token.items()
                if m.actor.id.startswith("person:") == people
            )
            self._indexes[key] = cached
        return cached


def _last_before(pairs: list[tuple[int, Mention]], token_index: int) -> tuple[int, Mention] | None:
    """The pair with the greatest index below ``token_index``, from index-sorted pairs."""
    at = bisect_left(pairs, token_index, key=lambda p: p[0])
    return pairs[at - 1] if at else None


def _starts_capitalised(span: Span) -> bool:
    """A name, not a common phrase: "Kremlin", "U.S.-backed", "al-Qaeda", "de Klerk"."""
    first = span[0].text
    if first[:1].isupper() or not first[:1].isalpha():
        return True
    return first.lower() in NAME_PARTICLES and any(t.text[:1].isupper() for t in span[1:])


def find_units(doc: Doc, kb: KnowledgeBase) -> list[Unit]:
    """Longest-first, non-overlapping knowledge-base matches, plus unknown PERSON entities."""
    units: list[Unit] = []
    i, n = 0, len(doc)
    # Token attributes read once: each doc[j] builds a new Token object in spaCy.
    tokens = list(doc)
    norms = [t.lower_ if t.text.isascii() else normalise(t.text) for t in tokens]
    spaces = [t.whitespace_ for t in tokens]
    skip = [t.is_punct or t.is_space for t in tokens]
    lemmas = [t.lemma_.lower() for t in tokens]
    text = doc.text  # rebuilt by spaCy on every access
    while i < n:
        first = "" if skip[i] else norms[i]
        longest = max(kb.first_words.get(first, 0), kb.first_words.get(lemmas[i], 0))
        if not first or not longest:
            i += 1
            continue
        # Tokens can split a name's words ("U.S.-backed", "d'Ivoire"): allow two extra.
        sizes = min(longest + 2, n - i)
        keys, joined = [], ""
        for j in range(i, i + sizes):
            joined += norms[j] + spaces[j]
            keys.append(" ".join(joined.split()))
        found = None
        for size in range(sizes, 0, -1):
            entries = kb.names.get(keys[size - 1], [])
            last = tokens[i + size - 1]
            if not entries and last.pos_ == "NOUN" and lemmas[i + size - 1] != last.lower_:
                # "deputies", "protesters": role nouns are listed in the singular
                singular = text[tokens[i].idx : last.idx] + last.lemma_
                entries = [e for e in kb.lookup(singular) if e.kind == ROLE]
            if not entries:
                continue
            span = doc[i : i + size]
            if not _starts_capitalised(span):
                entries = [e for e in entries if e.kind == ROLE]
            if span.root.pos_ not in ("NOUN", "PROPN"):  # "criminal sanctions" names no one
                entries = [e for e in entries if e.kind != ROLE]
            if entries and all(e.kind == PLACE for e in entries) and not place_reading(span):
                entries = []  # "Reading is fun", "Obama said": a gazetteer name is not enough
            if entries:
                found = Unit(i, i + size, entries, span.root)
                break
        if (
            found is not None
            and found.end + 1 < n
            and tokens[found.end].text == "-"
            and not spaces[found.end - 1]
            and tokens[found.end + 1].pos_ == "NOUN"
            and all(e.kind == ROLE for e in found.entries)
        ):
            found = None  # "hostage-takers": the role is the first half of another noun
        if found is not None and found.end < n and lemmas[found.end] == "language":
            found = None  # "the Russian language" is no Russian actor
        if found is not None and _stance_prefix(tokens, i):
            # "an anti-Syria journalist", "pro-Syrian government forces": a stance towards
            # a country, not membership of it; what follows is matched on its own
            i += 1
            continue
        if found is not None and i > 0 and _inside_unknown_name(tokens, i, kb):
            # "Stalin Gonzalez" is not the "Gonzalez" the knowledge base knows: leave the
            # whole name to the entity pass below, as a person it does not know.
            found.entries = [e for e in found.entries if e.kind != PERSON]
            found = found if found.entries else None
        if found is None:
            i += 1
            continue
        units.append(found)
        i = found.end
    taken = {t for u in units for t in range(u.start, u.end)}
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "GPE", "ORG") and not any(t.i in taken for t in ent):
            # "Afganistan": a one-word place (or what the tagger took for an organisation,
            # "Isreal") may be a misspelt country (a person is not: "Cameron", "Lieberman")
            place = ent.label_ != "PERSON" and len(ent) == 1
            found = misspelt(ent.text, kb) if place else []
            units.append(Unit(ent.start, ent.end, found, ent.root))
            taken.update(range(ent.start, ent.end))
    # Proper nouns the parser did not tag: "Price told reporters" after "Ned Price" was introduced.
    i = 0
    while i < n:
        if doc[i].pos_ != "PROPN" or i in taken or doc[i].ent_type_ in _NOT_ACTORS:
            i += 1
            continue
        j = i
        while j < n and doc[j].pos_ == "PROPN" and j not in taken:
            j += 1
        # "Isreal", "Ethopia": a one-word proper noun, not a person, may be a misspelt country
        person = doc[i].ent_type_ == "PERSON"
        found = misspelt(doc[i].text, kb) if j == i + 1 and not person else []
        units.append(Unit(i, j, found, doc[i:j].root, name_only=not found))
        i = j
    units.sort(key=lambda u: u.start)
    return units


def _stranger(unit: Unit) -> bool:
    """Whether a unit is a person or organisation the knowledge base does not know, named
    on its own.

    "Sanalla", "Pete Wilson signed ...", "an investigation against Jobbik": the parser tags a
    person or an organisation, and who is named is an actor even where the text gives no
    country. Not a name that only modifies another noun ("Osama bin Laden's al-Qaeda", "a
    Karen guerrilla stronghold"): that noun is the actor.
    """
    words = unit.root.doc[unit.start : unit.end]
    return (
        not unit.name_only
        and unit.root.ent_type_ in ("PERSON", "ORG")
        and unit.root.dep_ not in ("poss", "compound", "amod", "nmod")
        # a name is written with a capital ("called the election a sham": no "sham" group)
        and any(t.text[:1].isupper() for t in words)
    )


def _inside_unknown_name(tokens: list, i: int, kb: KnowledgeBase) -> bool:
    """Whether token ``i`` continues a PERSON entity whose earlier words are a given
    name, not a title the knowledge base knows ("President", "Minister")."""
    before = tokens[i - 1]
    return (
        tokens[i].ent_iob_ == "I"
        and before.ent_type_ == "PERSON"
        and before.pos_ == "PROPN"
        and not any(e.kind == ROLE for e in kb.lookup(before.text))
    )


def _attach_clues(units: list[Unit]) -> list[Unit]:
    """Make modifier units clues of the unit they modify; return the head units."""
    owner = {t: u for u in units for t in range(u.start, u.end)}
    heads: list[Unit] = []
    sentence = _sentence_starts(units[0].root.doc) if units else []
    clue_of: dict[int, Unit] = {}  # id(clue) -> the unit it modifies
    for unit in units:
        root = unit.root
        target = owner.get(root.head.i) if root.dep_ in _MODIFIER_DEPS else None
        after = owner.get(unit.end)
        if target is None and after is not None and after.kind == PERSON and _is_title(unit):
            target = after  # "opposition leader Juan Guaido", however the parser attached it
        if target is None and _of_country(unit):
            # "King Hassan of Morocco", "the president of Armenia"
            governor = owner.get(root.head.head.i)
            if governor is not None and (governor.kind == PERSON or _is_title(governor)):
                target = governor
        if target is not None and sentence[target.root.i] != sentence[root.i]:
            target = None  # a headline's last word is not a title of the body's first name
        if target is not None and _dash_between(unit, target):
            target = None  # a dateline, "BRIDGETOWN - Venezuelan government ...", is no clue
        if target is not None and clue_of.get(id(target)) is unit:
            # "US President Barack Obama on Sunday held talks", parsed with the name as the
            # title's apposition: the title is already the name's clue, not the other way
            target = None
        if target is not None and target is not unit:
            target.clues.append(unit)
            clue_of[id(unit)] = target
        else:
            first = owner.get(root.head.i) if root.dep_ == "conj" else None
            shared = clue_of.get(id(first)) if first is not None else None
            if shared is not None and unit.kind in _COUNTRY_KINDS and _is_role(shared):
                unit.shares = shared
            heads.append(unit)
    return heads


_DASHES = frozenset("-–—")


def _dash_between(clue: Unit, unit: Unit) -> bool:
    doc = clue.root.doc
    lo, hi = (clue.end, unit.start) if clue.end <= unit.start else (unit.end, clue.start)
    return any(_is_dash(doc[i]) for i in range(lo, hi))


def _is_dash(token: Token) -> bool:
    """A dash between phrases; not the hyphen of "U.S.-backed" or "Israeli-Palestinian"."""
    if token.text == "--":  # wire copy's typed dash: "JUBA -- South Sudanese President ..."
        return True
    if token.text != "-":
        return token.text in _DASHES
    return bool(token.whitespace_) and token.i > 0 and bool(token.nbor(-1).whitespace_)


_STANCES = frozenset({"anti", "pro"})


def _stance_prefix(tokens: list[Token], i: int) -> bool:
    """Whether the word at ``i`` follows a hyphenated "anti-" or "pro-"."""
    if i >= 2 and tokens[i - 1].text == "-" and not tokens[i - 2].whitespace_:
        return tokens[i - 2].lower_ in _STANCES
    return i >= 1 and tokens[i - 1].lower_ in ("anti-", "pro-")


def _is_role(unit: Unit) -> bool:
    return unit.kind == ROLE and any(e.sectors for e in unit.entries)


def _sentence_starts(doc: Doc) -> list[int]:
    """Each token's sentence start, computed once (``token.sent`` walks the whole doc)."""
    starts = [0] * len(doc)
    for sent in doc.sents:
        starts[sent.start : sent.end] = [sent.start] * (sent.end - sent.start)
    return starts


def _of_country(unit: Unit) -> bool:
    root = unit.root
    return root.dep_ == "pobj" and root.head.lower_ == "of" and unit.kind in _WHERE_KINDS


def _is_title(unit: Unit) -> bool:
    return any(e.kind == ROLE and e.role == "person" for e in unit.entries)


def _all_clues(unit: Unit) -> list[Unit]:
    """A unit's clues and theirs, except a person's own: in "Bolton's ally, opposition
    leader Guaido" Bolton's title is Bolton's, not Guaido's."""
    out, stack = [], list(unit.clues)
    while stack:
        clue = stack.pop()
        out.append(clue)
        if not clue.of_kind(PERSON):
            stack.extend(clue.clues)
    return out


def _is_place(unit: Unit) -> bool:
    """ "in Caracas", "at the White House", "near the town of Samarra": a location, not an
    actor."""
    root = unit.root
    if unit.kind == PLACE:
        return place_object(root) is not None
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in DIRECTIONS:
        return unit.kind in (COUNTRY, CAPITAL, REGION) or (
            not unit.entries and root.ent_type_ == "GPE"
        )
    country = unit.kind in (COUNTRY, CAPITAL, REGION) or (
        not unit.entries and root.ent_type_ == "GPE"
    )
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in _PARTS:
        # "in northern parts of South Sudan": a country a placed part is part of
        return country and place_object(root) is not None
    if root.dep_ != "pobj" or root.head.lower_ not in PLACE_PREPS:
        return False
    return country


_DATELINE_KINDS = (COUNTRY, CAPITAL, REGION, PLACE)


def _datelines(doc: Doc) -> set[int]:
    """The tokens of datelines: place names (and a date) opening the text or a line of it
    and ended by a dash or a colon: "CARACAS - ", "BRIDGETOWN —", "MANILA, Philippines
    -- ", "Brussels, March 21: ". Where a story was filed names no actor."""
    covered: set[int] = set()
    starts = [0] + [t.i + 1 for t in doc if t.is_space and "\n" in t.text]
    for start in starts:
        dated = False
        for token in doc[start : start + 10]:
            # (a colon ends a dateline only after a date: "Russia: we will respond" is said)
            if _is_dash(token) or (token.text == ":" and dated):
                if token.i > start:
                    covered.update(range(start, token.i))
                break
            dated |= token.like_num or token.ent_type_ == "DATE"
            name = token.text[:1].isupper() or token.like_num or token.ent_type_ == "DATE"
            if not (name or token.text == ","):
                break
    return covered


class Resolver:
    """Resolves the units of one document, remembering who it introduced and how."""

    def __init__(
        self,
        kb: KnowledgeBase,
        when: date | None,
        dominant: str | None,
        memory: Memory | None = None,
        article_id: str = "",
    ) -> None:
        self.kb = kb
        self.when = when
        self.dominant = dominant
        self.memory = memory
        self.article_id = article_id
        self.by_surname: dict[str, Actor] = {}
        self.by_role: dict[tuple[str | None, tuple[str, ...]], Actor] = {}
        self.resolved: list[tuple[int, Actor]] = []  # (root token, actor) in text order
        self.where: dict[int, Entry] = {}  # a place's root token -> its entry ("in Samarra")

    def _remember(self, unit: Unit, actor: Actor, doc: Doc) -> None:
        if actor.id.startswith("person:"):
            names = doc[unit.start : unit.end].text
            for word in {normalise(names).split(" ")[-1], normalise(actor.name).split(" ")[-1]}:
                self.by_surname[word] = actor
            self.by_role[(actor.country, actor.sectors)] = actor

    def _earlier(self, text: str) -> Actor | None:
        """The person met earlier in the article whom ``text`` names: a bare surname
        ("Gonzalez") or the same given name too. "Stalin Gonzalez" is not "Edmundo
        Gonzalez" however alike the surnames."""
        words = normalise(text).split(" ")
        known = self.by_surname.get(words[-1])
        if known is None or len(words) == 1:
            return known
        return known if set(words[:-1]) & set(normalise(known.name).split(" ")) else None

    def clue_country(self, unit: Unit) -> str | None:
        """The country the clues of ``unit`` name, if any ("Iran" in "in Bam, Iran")."""
        return self._clue_country(_all_clues(unit))[0]

    def _clue_country(self, clues: list[Unit]) -> tuple[str | None, str]:
        for clue in clues:
            for entry in clue.entries:
                if entry.kind in _WHERE_KINDS or (entry.kind == ORG and entry.country):
                    return entry.country, f"{entry.kind} '{entry.name}'"
                if entry.kind == PERSON:
                    return entry.country, f"person '{entry.name}'"
            if not clue.entries:
                known = self.by_surname.get(normalise(clue.root.text))
                if known:
                    return known.country, f"person '{known.name}'"
        return None, ""

    def _clue_sectors(self, clues: list[Unit]) -> tuple[tuple[str, ...], str]:
        # "opposition negotiator", "opposition lawmaker": the opposition qualifies any title.
        for clue in clues:
            for entry in clue.entries:
                if entry.kind == ROLE and entry.sectors == ("OPP",):
                    return entry.sectors, f"{entry.kind} '{entry.name}'"
        for clue in clues:
            for entry in clue.entries:
                if entry.kind in (ROLE, ORG, METONYM) and entry.sectors:
                    return entry.sectors, f"{entry.kind} '{entry.name}'"
        return (), ""

    def _homeland(self, unit: Unit, origin: str | None) -> tuple[str | None, str]:
        """The country an ethnic group lives in: its "in/of" place, or the article's country."""
        for prep in unit.root.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "of", "from"):
                continue
            for token in prep.subtree:
                for entry in self.kb.lookup(token.text):
                    if entry.kind in _WHERE_KINDS and entry.country and entry.country != origin:
                        return entry.country, f"'{token.text}'"
        if self.dominant and self.dominant != origin:
            return self.dominant, "the article's country"
        return None, ""

    def _country_from_context(
        self, unit: Unit, sectors: tuple[str, ...] = ()
    ) -> tuple[str | None, str]:
        root = unit.root
        # "the country's military", "its citizens": the country the article is about.
        for child in root.children:
            if child.dep_ != "poss" or child.lower_ not in _PRONOUN_COUNTRY:
                continue
            if child.lower_ in ("its", "their"):
                before = [a for i, a in self.resolved if root.sent.start <= i < child.i]
                if before and before[-1].country:
                    return before[-1].country, f"'{child.text}' refers to {before[-1].name}"
            return self.dominant, "article's country (possessive)"
        # "police in Los Angeles", "rebels in Darfur": police, fighters and residents belong
        # where they are (not negotiators: "talks with the opposition in Barbados")
        for prep in root.children if set(sectors) & _LOCAL_SECTORS else ():
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "at", "near", "from"):
                continue
            for obj in prep.children:
                where = self.where.get(obj.i)
                if where is None and obj.lemma_.lower() in PLACE_NOUNS:
                    inner = [g for o in obj.children if o.lower_ == "of" for g in o.children]
                    where = next((self.where[g.i] for g in inner if g.i in self.where), None)
                if where is not None and where.country and where.country not in _GROUPS:
                    return where.country, f"{where.kind} '{where.name}' ({where.source})"
        # "Russian deputies and senators": a conjunct shares its head's country.
        if root.dep_ == "conj":
            for child in root.head.children:
                if child.dep_ == "amod":
                    entries = self.kb.lookup(child.text)
                    for entry in entries:
                        if entry.kind in _COUNTRY_KINDS:
                            return entry.country, f"conjunct of '{root.head.text}'"
        if self.dominant:
            return self.dominant, GUESSED_COUNTRY
        return None, ""

    def resolve(self, unit: Unit, doc: Doc) -> Actor | None:
        clues = _all_clues(unit)
        actor = self._resolve(unit, clues, doc)
        if actor is not None:
            self._remember(unit, actor, doc)
            self.resolved.append((unit.root.i, actor))
        return actor

    def _resolve(self, unit: Unit, clues: list[Unit], doc: Doc) -> Actor | None:
        kind = unit.kind
        text = doc[unit.start : unit.end].text
        clue_country, country_why = self._clue_country(clues)
        clue_sectors, sector_why = self._clue_sectors(clues)
        if kind == PERSON:
            return self._person(unit, text, clue_country, clue_sectors, country_why, sector_why)
        entry = min(unit.entries, key=lambda e: _KIND_RANK[e.kind])
        if kind == ORG:
            return Actor(
                f"org:{slug(entry.name)}",
                entry.name,
                entry.country,
                entry.sectors,
                0.95,
                f"organisation ({entry.source})",
            )
        if kind == DEMONYM and unit.start > 0 and doc[unit.start - 1].lower_ == "ethnic":
            # "ethnic Albanians in south Serbia": a people living in another country are
            # that country's civilians (the CAMEO convention for ethnic groups)
            home, why = self._homeland(unit, entry.country)
            if home is not None:
                return self._code_actor(home, ("CVL",), f"ethnic '{text}' in {why}", 0.7)
        if kind in (METONYM, COUNTRY, CAPITAL, DEMONYM, REGION):
            sectors = entry.sectors or clue_sectors
            why = f"{kind} '{text}' ({entry.source})"
            if unit.shares is not None and not sectors:
                role = next(e for e in unit.shares.entries if e.sectors)
                sectors = role.sectors
                why += f" + shared role '{role.name}'"
            if kind == CAPITAL and not sectors:
                sectors = ("GOV",)  # a capital that acts is its government: "Beijing said"
            return self._code_actor(entry.country, sectors, why, 0.9)
        if kind == PLACE:
            # "shelled Gorazde": a town stands for its country, with no sector
            why = f"place '{text}' ({entry.source})"
            return self._code_actor(entry.country, (), why, 0.6)
        # A role or group noun: "the opposition", "Venezuela's Foreign Affairs Minister".
        sectors = entry.sectors or clue_sectors
        country, why = (
            (clue_country, country_why)
            if clue_country
            else self._country_from_context(unit, sectors)
        )
        if country is None and sectors == ("NGO",):
            # "a human rights group" named with no country: CAMEO codes a
            # non-governmental organisation of no stated country as NGO
            return self._code_actor("NGO", (), f"role '{entry.name}', no country named", 0.5)
        if country is None:
            # "The Supreme Court has demanded ...", alone: a court, a government, police are
            # actors even where nothing says whose; the code keeps the sector ("---JUD")
            return self._code_actor(None, sectors, f"role '{entry.name}', no country named", 0.4)
        if entry.role == "person":
            known = self.by_role.get((country, sectors))
            if known is not None:
                return _with(known, 0.75, f"title '{text}' refers back to {known.name}")
        confidence = 0.85 if clue_country else 0.6
        return self._code_actor(country, sectors, f"role '{entry.name}' + {why}", confidence)

    def _code_actor(
        self, country: str | None, sectors: tuple[str, ...], why: str, confidence: float
    ) -> Actor:
        code = (country or "---") + "".join(sectors)
        return Actor(code, self.kb.code_name(country, sectors), country, sectors, confidence, why)

    def _person(
        self,
        unit: Unit,
        text: str,
        clue_country: str | None,
        clue_sectors: tuple[str, ...],
        country_why: str,
        sector_why: str,
    ) -> Actor | None:
        people = unit.of_kind(PERSON)
        if not people:
            known = self._earlier(text)
            if known is not None and not (clue_country or clue_sectors):
                return _with(known, 0.85, f"same name as '{known.name}' earlier in the article")
            if self.memory is not None and not (clue_country or clue_sectors):
                learned = self.memory.lookup(text, self.when, self.article_id)
                if learned is not None:
                    return learned
            if not (clue_country or clue_sectors) and _stranger(unit):
                # an organisation is of the country the text is about, as a role is; a
                # person is not guessed one (Snowden is no Russian for being in Russia)
                kind = "org" if unit.root.ent_type_ == "ORG" else "person"
                country = self.dominant if kind == "org" else None
                why = f"{kind} named with no country" + (f" + {GUESSED_COUNTRY}" if country else "")
                # (the guessed country is part of the id: one name guessed two countries in
                # two articles is two actors, whichever article is stored first)
                key = f"{kind}:{slug(text)}" + (f"-{country.lower()}" if country else "")
                return Actor(key, text, country, (), 0.4, why)
            if not (clue_country or clue_sectors) or (unit.name_only and not clue_sectors):
                return None
            if country_why.startswith(f"{PLACE} ") and not clue_sectors:
                return None  # "Mosul's Old City": a place says where a name is, not who
            country = clue_country or self.dominant
            why = " + ".join(w for w in (country_why, sector_why) if w) or "title"
            if not clue_country and country:
                why += f" + {GUESSED_COUNTRY}"
            return Actor(
                f"person:{slug(text)}",
                text,
                country,
                clue_sectors,
                0.8 if clue_country else 0.6,
                f"introduced as {why}",
            )
        # Known people: prefer the one the text's clues agree with, then the office held then.
        names = {e.name for e in people}
        if len(names) > 1 and clue_country:
            people = [e for e in people if e.country == clue_country] or people
            names = {e.name for e in people}
        if len(names) > 1:
            earlier = self._earlier(text)
            if earlier is not None:
                return _with(earlier, 0.8, f"same name as '{earlier.name}' earlier in the article")
        holding = [e for e in people if e.holds(self.when)]
        name = (holding or people)[0].name
        terms = [e for e in people if e.name == name]
        person_id = f"person:{slug(name)}"
        # A title in the text wins over the knowledge base; another person's country does not.
        if clue_sectors and clue_country and not country_why.startswith("person "):
            return Actor(
                person_id,
                name,
                clue_country,
                clue_sectors,
                0.9,
                f"introduced as {country_why} + {sector_why}",
            )
        return person_as_of(person_id, name, terms, self.when, clue_sectors)


def _states_role(actor: Actor, unit: Unit) -> bool:
    """A full name the knowledge base does not know, introduced with a title that gives
    its sector: worth remembering for other articles."""
    return (
        actor.id.startswith("person:")
        and not unit.entries
        and bool(actor.sectors)
        and actor.country is not None
        and actor.rule.startswith("introduced as")
        and not guessed(actor)  # only what the text itself says
        and " " in actor.name.strip()
    )


# In an actor's rule when its country is only the article's main one, taken for want of
# any clue in the text (a role, an unknown person or organisation): a guess.
GUESSED_COUNTRY = "country: the article's main one"


def guessed(actor: Actor) -> bool:
    """Whether the actor's country is a guess (the article's main one), which event
    coding may overrule: a role "of" another actor, an event it would make self-directed."""
    return GUESSED_COUNTRY in actor.rule


_FORMER = {"former", "ousted", "ex", "ex-", "deposed", "exiled", "toppled", "retired"}


def _formerly(doc: Doc, start: int, end: int) -> bool:
    """ "Former Socialist prime minister Andreas Papandreou", "ousted President Akayev"."""
    words = [t.lower_ for t in doc[max(start - 1, 0) : end]]
    return any(w in _FORMER or w.startswith("ex-") for w in words)


def _with(actor: Actor, confidence: float, rule: str) -> Actor:
    return Actor(actor.id, actor.name, actor.country, actor.sectors, confidence, rule)


def _dominant_country(units: list[Unit]) -> str | None:
    counts: Counter[str] = Counter()
    for unit in units:
        for entry in unit.entries:
            if entry.country and entry.country not in _GROUPS and entry.kind not in (ROLE, REGION):
                counts[entry.country] += 1
                break
    return counts.most_common(1)[0][0] if counts else None


def resolve_doc(
    doc: Doc,
    kb: KnowledgeBase,
    when: date | None,
    memory: Memory | None = None,
    article_id: str = "",
) -> DocActors:
    """Find and resolve every actor mention of a parsed article.

    Args:
        memory: what other articles said about names (see ``dyad.actors.memory``).
        article_id: the article's id, which the roles it states are learned under.
    """
    units = find_units(doc, kb)
    dominant = _dominant_country(units)  # (a dateline's place says what the story is about)
    dateline = _datelines(doc)
    units = [u for u in units if not (u.kind in _DATELINE_KINDS and u.start in dateline)]
    heads = _attach_clues(units)
    resolver = Resolver(kb, when, dominant, memory, article_id)
    for unit in units:
        place = next(
            (e for e in unit.entries if e.kind in _WHERE_KINDS and e.kind != DEMONYM), None
        )
        if place is not None:
            resolver.where[unit.root.i] = place
    mentions: list[Mention] = []
    learned: list[Learned] = []
    by_token: dict[int, Mention] = {}
    places: dict[int, tuple[Span, str | None]] = {}
    conjuncts: list[tuple[Unit, Mention]] = []
    for unit in heads:
        if _is_place(unit):
            entry = unit.entries[0] if unit.entries else None
            country = entry.country if entry else resolver.clue_country(unit)  # "in Bam, Iran"
            anchor = place_object(unit.root) or unit.root
            places[anchor.i] = (doc[unit.start : unit.end], country)
            continue
        if unit.kind == PLACE and unit.root.dep_ not in _PLACE_ACTOR_DEPS:
            continue  # "Samarra hospital", "Mosul was calm": a place is no one acting
        actor = resolver.resolve(unit, doc)
        if actor is None:
            continue
        start = min([unit.start] + [c.start for c in _all_clues(unit) if c.start < unit.start])
        end = unit.shares.end if unit.shares is not None else unit.end
        span = doc[start:end]
        if actor.id.startswith("person:") and _formerly(doc, start, unit.end):
            actor = Actor(
                actor.id,
                actor.name,
                actor.country,
                ("ELI",),
                actor.confidence,
                f"{actor.rule}; former office holder ('{doc[max(start - 1, 0)].text}')",
            )
        mention = Mention(span.text, span.start_char, span.end_char, actor)
        mentions.append(mention)
        if unit.shares is not None:
            conjuncts.append((unit, mention))
            continue  # its words stay the shared noun's; only its own point to it (below)
        if _states_role(actor, unit):
            key = normalise(actor.name)
            learned.append(
                Learned(key, actor, article_id, when, span.text, span.start_char, span.end_char)
            )
        for token in span:
            by_token[token.i] = mention
        for clue in _all_clues(unit):  # an appositive's words point to the same actor
            for i in range(clue.start, clue.end):
                by_token.setdefault(i, mention)
    for unit, mention in conjuncts:
        for i in range(unit.start, unit.end):
            by_token[i] = mention
    return DocActors(mentions, by_token, places, dominant, kb, learned)
