"""Data flows one way: a stage imports only from stages to its left and the shared base."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dyad"
BASE = {"dyad", "dyad.records", "dyad.errors", "dyad.config", "dyad.data"}
# What each part may import, besides the base (left to right: ingest -> nlp -> actors
# -> events -> pipeline -> merge -> store -> api -> web -> cli/evaluate).
ALLOWED = {
    "ingest": {"ingest"},
    "nlp": {"nlp"},
    "actors": {"actors", "nlp"},
    "events": {"events", "actors", "nlp"},
    "pipeline": {"pipeline", "events", "actors", "nlp", "ingest"},
    "merge": {"merge", "events", "actors", "nlp", "ingest"},
    "store": {"store"},
    "engine": {"engine", "pipeline", "merge", "remerge", "store", "ingest"},
    "remerge": {"remerge", "merge", "store", "events", "actors"},
    "evaluate": {"evaluate", "ingest"},
    "api": {
        "api",
        "engine",
        "pipeline",
        "merge",
        "remerge",
        "store",
        "ingest",
        "events",
        "actors",
        "evaluate",
    },
    "cli": {"cli", "api", "evaluate", "web"},
    "web": {"web", "api"},
    "__main__": {"cli"},
}


def _part(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dyad"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("dyad"))
    return found


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_layers_imports_flow_one_way(path: Path):
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    part = _part(module)
    if part in ("", "__init__", "records", "errors", "config", "data"):
        return
    allowed = ALLOWED[part] | {_part(b) for b in BASE}
    for imported in _imports(path):
        target = _part(imported)
        known = target in ALLOWED or target in {_part(b) for b in BASE}
        if known:
            assert target in allowed, f"{module} imports {imported}"
