"""`dyad serve --get` in-process, the new export formats, and the docs that describe them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dyad.api import Dyad
from dyad.web import create_app

ROOT = Path(__file__).resolve().parent.parent


def test_web_cli_get_runs_one_request(cli, demo_store: Path):
    result = cli("serve", "--db", demo_store, "--get", "/api/events?actor=VEN&limit=2")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["events"]) == 2 and data["total"] > 2
    page = cli("serve", "--db", demo_store, "--get", "/network")
    assert page.exit_code == 0 and 'id="network-data"' in page.stdout


def test_web_cli_get_bad_request_exits_1_with_the_error(cli, demo_store: Path):
    result = cli("serve", "--db", demo_store, "--get", "/api/events?since=yesterday")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["parameter"] == "since"


def test_web_cli_serve_missing_store_is_a_clear_error(cli, tmp_path: Path):
    result = cli("serve", "--db", tmp_path / "none.duckdb", "--get", "/api/overview")
    assert result.exit_code == 1 and "no such store" in result.output


@pytest.mark.parametrize("fmt", ["polecat", "gdelt", "gexf", "graphml"])
def test_web_cli_export_new_formats(cli, demo_store: Path, tmp_path: Path, fmt: str):
    out = tmp_path / f"out.{fmt}"
    result = cli("export", "--db", demo_store, "--format", fmt, "--out", out, "--actor", "VEN")
    assert result.exit_code == 0, result.output
    n = int(result.output.split("wrote ")[1].split()[0])
    assert n > 0
    text = out.read_text("utf-8")
    if fmt == "polecat":
        rows = [json.loads(line) for line in text.splitlines()]
        assert len(rows) == n
        assert all(r["actor"] or r["recipient"] for r in rows)
        assert all(isinstance(r["event_context"], list) for r in rows)
    elif fmt == "gdelt":
        lines = text.splitlines()
        assert len(lines) == n + 1 and lines[0].startswith("GLOBALEVENTID\tSQLDATE")
        assert all(len(line.split("\t")) == len(lines[0].split("\t")) for line in lines)
    else:
        root = ET.fromstring(text)
        assert len([e for e in root.iter() if e.tag.endswith("}edge")]) == n


def test_web_docs_describe_every_route_and_the_command(demo_store: Path):
    doc = (ROOT / "docs" / "web.md").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "dyad serve" in readme and "docs/web.md" in readme
    store = Dyad(demo_store)
    store.hold(read_only=True)
    try:
        paths = create_app(store).openapi()["paths"]
    finally:
        store.release()
    for path in paths:
        assert f"`{path}`" in doc, f"{path} is not in docs/web.md"
    for image in ("overview", "events", "article", "actor", "network", "timeline", "story"):
        assert (ROOT / "docs" / "img" / f"{image}.png").exists()
        assert f"docs/img/{image}.png" in readme
