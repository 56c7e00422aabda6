"""Stand-alone checks of the ontology tables in dyad/data (csv module only; no dyad import)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "dyad" / "data"

PLOVER_MODES = {
    "AGREE": set(),
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "SUPPORT": set(),
    "COOPERATE": set(),
    "AID": set(),
    "CONCEDE": set(),
    "RETREAT": {"withdraw", "release", "disarm", "ceasefire", "access", "resign"},
    "REQUEST": {"assist", "change", "yield", "meet"},
    "ACCUSE": {"disapprove", "investigate", "allege"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "THREATEN": {"restrict", "arrest", "relations", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {
        "seize",
        "restrict",
        "censor",
        "curfew",
        "martial-law",
        "arrest",
        "deport",
        "withhold",
        "misinformation",
        "cyber",
    },
    "ASSAULT": {
        "abduct",
        "beat",
        "torture",
        "sexual",
        "targeted",
        "destroy",
        "primitive",
        "firearms",
        "explosives",
        "suicide-attack",
        "aerial",
        "drone",
        "heavy-weapons",
        "crowd-control",
        "unconventional",
    },
}


def read(name: str) -> list[dict[str, str]]:
    lines = (DATA / name).read_text("utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if not ln.startswith("#"))
    assert start > 0, f"{name}: no '# ' comment lines before the header"
    assert all(ln.startswith("# ") or ln == "#" for ln in lines[:start])
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[start:]))))
    for row in rows:
        assert None not in row and None not in row.values(), f"{name}: ragged row {row}"
    return rows


@pytest.fixture(scope="module")
def cameo() -> dict[str, dict[str, str]]:
    rows = read("cameo.csv")
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), "duplicate CAMEO codes"
    return {r["code"]: r for r in rows}


def quad_of(root: str) -> int:
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def test_cameo_codes(cameo):
    assert len(cameo) > 250
    for code, r in cameo.items():
        assert code.isdigit() and 2 <= len(code) <= 4, code
        assert r["root"] == code[:2] and 1 <= int(r["root"]) <= 20, code
        assert r["quadclass"] == str(quad_of(r["root"])), code
        assert -10.0 <= float(r["goldstein"]) <= 10.0, code
        typ, mode = r["plover_type"], r["plover_mode"]
        assert typ == "" or typ in PLOVER_MODES, code
        assert mode == "" or (typ and mode in PLOVER_MODES[typ]), (code, mode)
        if len(code) > 2:
            assert code[:-1] in cameo or code[:3] in cameo, f"{code} has no parent"


def test_cameo_known_values(cameo):
    assert cameo["010"]["goldstein"] == "0.0" and cameo["057"]["goldstein"] == "8.0"
    assert cameo["163"]["plover_type"] == "SANCTION"
    assert cameo["020"]["plover_type"] == ""


def test_predicates(cameo):
    rows = read("predicates.csv")
    assert len(rows) >= 600
    keys = set()
    for r in rows:
        key = (r["lemma"], r["pos"], r["prep"], r["object"])
        assert key not in keys, f"duplicate key {key}"
        keys.add(key)
        assert r["lemma"] and r["lemma"] == r["lemma"].lower(), key
        assert r["pos"] in {"VERB", "NOUN"}, key
        assert r["cameo"] in cameo, key
        typ = r["plover"] or cameo[r["cameo"]]["plover_type"]
        assert typ in PLOVER_MODES, f"{key} resolves to no PLOVER type"
        assert r["mode"] == "" or r["mode"] in PLOVER_MODES[typ], key
    assert {r["plover"] or cameo[r["cameo"]]["plover_type"] for r in rows} == set(PLOVER_MODES)


def test_light_verbs():
    rows = read("light_verbs.csv")
    lemmas = [r["lemma"] for r in rows]
    assert len(lemmas) == len(set(lemmas))
    assert all(lm and lm == lm.lower() and r["note"] for lm, r in zip(lemmas, rows, strict=True))
