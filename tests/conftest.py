"""Shared fixtures. Tests use the real things: the installed spaCy pipeline, real DuckDB
files under tmp_path, the CLI through click's runner."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from dyad.cli import main

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "data"
DEMO = ROOT / "demo" / "corpus"
SUMMIT = ROOT / "tests" / "corpus" / "summit"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture
def cli():
    """Run the dyad CLI in-process: cli("events", "--db", path) -> click Result."""
    runner = CliRunner()

    def run(*args: object, input: str | None = None):
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus coded once into a store that tests only read."""
    from dyad.api import Dyad

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    Dyad(path).code([str(DEMO)])
    return path


@pytest.fixture(scope="session")
def summit_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/corpus/summit coded once: one summit told by three articles and a republication."""
    from dyad.api import Dyad

    path = tmp_path_factory.mktemp("summit") / "summit.duckdb"
    Dyad(path).code([str(SUMMIT)])
    return path


@contextlib.contextmanager
def read_only_client(db: Path) -> Iterator:
    """The real web app over a store held read-only, driven in-process."""
    from starlette.testclient import TestClient

    from dyad.api import Dyad
    from dyad.web import create_app

    store = Dyad(db)
    store.hold(read_only=True)
    with TestClient(create_app(store)) as c:
        yield c
