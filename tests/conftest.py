"""Shared fixtures. Tests use the real things: the installed spaCy pipeline, real DuckDB
files under tmp_path, the CLI through click's runner."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from dyad.cli import main

ROOT = Path(__file__).resolve().parent.parent
# The gold data, seed articles and references the project shares: beside the checkout, or
# where DYAD_SHARED says.
SHARED = Path(os.environ.get("DYAD_SHARED", ROOT.parent / "shared")).resolve()
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "data"
DEMO = ROOT / "demo" / "corpus"
SUMMIT = ROOT / "tests" / "corpus" / "summit"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Without the shared data the accuracy gate and the seed tests cannot run: say so
    once, instead of failing two dozen tests with a missing file each."""
    if not (SHARED / "data").is_dir():
        pytest.exit(
            f"the tests need the shared gold data and seed articles at {SHARED} "
            "(clone Dyad beside `shared/`, or set DYAD_SHARED to its path)",
            returncode=4,
        )


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
