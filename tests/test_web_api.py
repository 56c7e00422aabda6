"""The HTTP API and the pages, in-process over the coded demo corpus."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pytest
from starlette.testclient import TestClient

from dyad.api import Dyad
from dyad.web import create_app
from dyad.web.app import bind_notice

from conftest import read_only_client

PAGES = [
    "/",
    "/events",
    "/events?actor=VEN&type=SANCTION&sort=type&desc=1",
    "/actors",
    "/actors?q=mad",
    "/actors/person:nicolas-maduro",
    "/network",
    "/network?since=2019-01-01&until=2019-12-31&quadclass=4",
    "/timeline",
    "/timeline?interval=week&by=type&actor=USA",
    "/story",
    "/story?actor=person:juan-guaido",
]


@pytest.fixture(scope="module")
def client(demo_store: Path):
    with read_only_client(demo_store) as c:
        yield c


@pytest.mark.parametrize("path", PAGES)
def test_web_page_renders_and_has_a_json_twin(client: TestClient, path: str):
    page = client.get(path)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert "http://" not in page.text.replace("http://www.w3.org", "")  # no outside assets
    twin = page.text.split('class="twin" href="')[1].split('"')[0].replace("&amp;", "&")
    data = client.get(twin)
    assert data.status_code == 200 and data.headers["content-type"] == "application/json"
    assert data.json()


def _total(client: TestClient, **params) -> int:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()["total"]


def test_web_events_filters_narrow_the_selection(client: TestClient):
    everything = _total(client)
    assert everything > 50
    for params in (
        {"actor": "VEN"},
        {"country": "USA"},
        {"type": "SANCTION"},
        {"type": "16"},
        {"quadclass": 4},
        {"since": "2019-06-01", "until": "2019-12-31"},
        {"q": "sanction"},
        {"source": "USA", "target": "person:juan-guaido"},
    ):
        n = _total(client, **params)
        assert 0 < n < everything, params
    rows = client.get("/api/events", params={"country": "USA", "limit": 500}).json()["events"]
    assert all("USA" in (r["source_country"], r["target_country"]) for r in rows)
    rows = client.get("/api/events", params={"q": "Sanction", "limit": 500}).json()["events"]
    assert rows and all("sanction" in r["sentence"].lower() for r in rows)
    assert _total(client, all=True) >= everything


@pytest.mark.parametrize(
    "params",
    [{"q": "%"}, {"actor": "%"}, {"actor": "_"}, {"q": "' OR '1'='1"}, {"actor": "x' OR 1=1 --"}],
)
def test_web_parameters_are_values_not_sql_or_patterns(client: TestClient, params):
    # A LIKE wildcard or a quote is a character to look for, never SQL or a pattern.
    assert _total(client, **params) == 0


def test_web_events_pages_are_disjoint_and_sorted(client: TestClient):
    first = client.get("/api/events", params={"limit": 20}).json()
    second = client.get("/api/events", params={"limit": 20, "offset": 20}).json()
    assert first["total"] == second["total"]
    assert not {e["id"] for e in first["events"]} & {e["id"] for e in second["events"]}
    dates = [e["event_date"] for e in first["events"] + second["events"] if e["event_date"]]
    assert dates == sorted(dates)
    desc = client.get("/api/events", params={"sort": "goldstein", "desc": True}).json()
    values = [e["goldstein"] for e in desc["events"]]
    assert values == sorted(values, reverse=True)


@pytest.mark.parametrize(
    ("path", "status", "parameter"),
    [
        ("/api/events?limit=1000", 400, "limit"),
        ("/api/events?limit=0", 400, "limit"),
        ("/api/events?offset=-1", 400, "offset"),
        ("/api/events?since=2020-13-01", 400, "since"),
        ("/api/events?since=1.4e-45", 400, "since"),  # not a Unix time (found by schemathesis)
        ("/api/story?actor=VEN&until=1700000000", 400, "until"),
        ("/api/events?since=2021-01-01&until=2020-01-01", 400, None),
        ("/api/events?type=FOO", 400, None),
        ("/api/events?type=99", 400, None),
        ("/api/events?country=VENEZUELA", 400, "country"),
        ("/api/events?country=V1N", 400, None),
        ("/api/events?quadclass=7", 400, "quadclass"),
        ("/api/events?sort=secret", 400, "sort"),
        ("/api/timeline?interval=hour", 400, "interval"),
        ("/api/network?max_edges=100000", 400, "max_edges"),
        ("/api/export?format=exe", 400, "format"),
        ("/api/story", 400, None),
        ("/api/events/no-such-event", 404, None),
        ("/api/actors/no-such-actor", 404, None),
        ("/api/articles/..%2F..%2Fetc%2Fpasswd", 404, None),
        ("/api/no/such/route", 404, None),
        ("/api/events?q=" + "x" * 300, 400, "q"),
        ("/api/events?actor=" + "a" * 5000, 400, None),
    ],
)
def test_web_errors_share_one_shape(client: TestClient, path: str, status: int, parameter):
    response = client.get(path)
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "message", "parameter"}
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    assert body["error"]["parameter"] == parameter


def test_web_bad_page_parameters_are_a_clear_400_page(client: TestClient):
    response = client.get("/events?quadclass=x")
    assert response.status_code == 400
    assert "is not a whole number" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/static/../pyproject.toml",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static/..%2f..%2fapi.py",
        "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    ],
)
def test_web_static_files_cannot_escape_the_package(client: TestClient, path: str):
    response = client.get(path)
    assert response.status_code == 404
    assert "dependencies" not in response.text and "root:" not in response.text


def test_web_static_assets_are_served(client: TestClient):
    assert client.get("/static/dyad.css").status_code == 200
    assert "createElementNS" in client.get("/static/network.js").text


def test_web_network_edges_lead_to_their_events(client: TestClient):
    net = client.get("/api/network", params={"max_edges": 10}).json()
    assert len(net["edges"]) == 10 and net["total_edges"] >= 10
    weights = [e["events"] for e in net["edges"]]
    assert weights == sorted(weights, reverse=True)
    ids = {n["id"] for n in net["nodes"]}
    for edge in net["edges"]:
        assert {edge["source_actor_id"], edge["target_actor_id"]} <= ids
        assert edge["cooperation"] + edge["conflict"] == edge["events"]
    top = net["edges"][0]
    params = {"source": top["source_actor_id"], "target": top["target_actor_id"]}
    assert _total(client, **params) == top["events"]


def test_web_timeline_counts_every_dated_event(client: TestClient):
    for interval in ("day", "week", "month", "year"):
        data = client.get("/api/timeline", params={"interval": interval, "by": "type"}).json()
        assert sum(p["events"] for p in data["points"]) + data["undated"] == _total(client)
    weeks = client.get("/api/timeline", params={"interval": "week", "by": "none"}).json()
    from datetime import date

    assert all(date.fromisoformat(p["period"]).weekday() == 0 for p in weeks["points"])


def test_web_actor_profile_shows_resolution_and_partners(client: TestClient):
    maduro = client.get("/api/actors/person:nicolas-maduro").json()
    assert maduro["code"] == "VENGOV"
    assert any("people.csv" in a["rule"] for a in maduro["aliases"])
    assert maduro["cooperation"] and maduro["conflict"]
    assert sum(p["given"] + p["received"] for p in maduro["timeline"]) <= (
        maduro["given"] + maduro["received"]
    )
    page = client.get("/actors/person:nicolas-maduro").text
    assert "Aliases and how they were resolved" in page and "people.csv" in page


def test_web_article_highlights_evidence_and_mentions(client: TestClient):
    params = {"type": "SANCTION", "limit": 1, "reports": True}
    event = client.get("/api/events", params=params).json()["events"][0]
    page = client.get(f"/articles/{event['article_id']}", params={"event": event["id"]})
    assert page.status_code == 200
    html = page.text
    assert 'class="evidence' in html and 'class="mention' in html
    assert 'class="evidence predicate' in html or "predicate" in html
    predicate = event["predicate"].split()[0]
    assert predicate in html
    data = client.get(f"/api/articles/{event['article_id']}").json()
    assert any(e["id"] == event["id"] for e in data["events"]) and data["mentions"]
    wrong = client.get(f"/articles/{event['article_id']}", params={"event": "nope"})
    assert wrong.status_code == 400


def _download(client: TestClient, path: str, **params) -> bytes:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    return response.content


def test_web_downloads_hold_the_selection(client: TestClient, tmp_path: Path):
    sel = {"actor": "VEN", "type": "SANCTION"}
    n = _total(client, **sel)
    rows = list(
        csv.DictReader(io.StringIO(_download(client, "/api/export", format="csv", **sel).decode()))
    )
    assert len(rows) == n and all(r["plover_type"] == "SANCTION" for r in rows)
    lines = _download(client, "/api/export", format="jsonl", **sel).decode().splitlines()
    assert len(lines) == n
    parquet = tmp_path / "x.parquet"
    parquet.write_bytes(_download(client, "/api/export", format="parquet", **sel))
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{parquet}'").fetchall()[0][0] == n
    polecat = [
        json.loads(x)
        for x in _download(client, "/api/export", format="polecat", **sel).decode().splitlines()
    ]
    assert len(polecat) == n
    first = polecat[0]
    assert first["event_type"] == "SANCTION" and isinstance(first["event_context"], list)
    assert {"text", "code", "sector"} <= set((first["actor"] or first["recipient"])[0])
    gdelt = _download(client, "/api/export", format="gdelt", **sel).decode().splitlines()
    header = gdelt[0].split("\t")
    for column in (
        "Actor1Code",
        "Actor1Name",
        "Actor1CountryCode",
        "EventCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "NumMentions",
        "NumArticles",
        "ActionGeo_FullName",
        "ActionGeo_CountryCode",
        "SOURCEURL",
    ):
        assert column in header
    assert len(gdelt) == n + 1


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_web_network_downloads_parse(client: TestClient, fmt: str):
    net = client.get("/api/network", params={"max_edges": 500}).json()
    root = ET.fromstring(_download(client, "/api/network/export", format=fmt))
    nodes = [e for e in root.iter() if e.tag.endswith("}node")]
    edges = [e for e in root.iter() if e.tag.endswith("}edge")]
    assert len(nodes) == len(net["nodes"]) and len(edges) == net["total_edges"]


def test_web_overview_counts_match_the_store(client: TestClient):
    data = client.get("/api/overview").json()
    assert data["events"] == _total(client, all=True)
    assert data["reports"] == _total(client, all=True, reports=True) > data["events"]
    assert data["articles"] >= 25 and data["actors"] > 20
    assert data["first_date"] <= data["last_date"]
    assert data["top_dyads"][0]["events"] >= data["top_dyads"][-1]["events"]


def test_web_openapi_documents_the_api_with_400s(client: TestClient):
    schema = client.get("/openapi.json").json()
    assert "/api/events" in schema["paths"] and "/events" not in schema["paths"]
    for path in schema["paths"].values():
        for operation in path.values():
            assert "422" not in operation["responses"]
            assert "400" in operation["responses"]


def test_web_bind_notice_warns_off_loopback():
    assert "warning" not in " ".join(bind_notice("demo.duckdb", "127.0.0.1", 8765))
    assert "warning" not in " ".join(bind_notice("demo.duckdb", "::1", 8765))
    lines = bind_notice("demo.duckdb", "0.0.0.0", 8765)
    assert "http://0.0.0.0:8765/" in lines[0]
    assert any("warning" in line and "other machines" in line for line in lines)


def test_web_code_endpoint_codes_while_the_store_is_served(demo_store: Path, tmp_path: Path):
    db = tmp_path / "served.duckdb"
    shutil.copy(demo_store, db)
    store = Dyad(db)
    store.hold()
    # (a happening the demo does not report: a report of one it does would merge into it)
    text = "date 2025-03-04\nThe United States imposed new sanctions on Cuba on Tuesday."
    with TestClient(create_app(store)) as c:
        before = c.get("/api/overview").json()["events"]
        sent = c.post(
            "/api/code?name=wire.txt", content=text, headers={"content-type": "text/plain"}
        )
        assert sent.status_code == 200, sent.text
        assert sent.json()["articles"] == 1 and sent.json()["events"] >= 1
        assert c.get("/api/overview").json()["events"] == before + sent.json()["events"]
        again = c.post("/api/code", content=text, headers={"content-type": "text/plain"}).json()
        assert again["articles"] == 0 and again["known"] == 1
        bad = c.post("/api/code", content=text, headers={"content-type": "image/png"})
        assert bad.status_code == 400 and bad.json()["error"]["status"] == 400
        bad = c.post(
            "/api/code?name=../../etc/x", content=text, headers={"content-type": "text/plain"}
        )
        assert bad.status_code == 400


def test_web_code_endpoint_reads_csv_and_bounds_the_body(demo_store: Path, tmp_path: Path):
    db = tmp_path / "served.duckdb"
    shutil.copy(demo_store, db)
    store = Dyad(db)
    store.hold()
    rows = (
        "id,date,text\n"
        "a1,2025-05-02,Russia condemned the new sanctions imposed by the United States.\n"
        "a2,2025-05-03,Colombia and Brazil agreed to hold talks with Venezuela.\n"
    )
    with TestClient(create_app(store, max_body=2000)) as c:
        sent = c.post("/api/code?name=feed.csv", content=rows, headers={"content-type": "text/csv"})
        assert sent.status_code == 200, sent.text
        assert sent.json()["articles"] == 2 and sent.json()["rejects"] == []
        big = c.post("/api/code", content="x" * 3000, headers={"content-type": "text/plain"})
        assert big.status_code == 413 and big.json()["error"]["status"] == 413


def test_web_code_endpoint_refused_when_read_only(client: TestClient):
    response = client.post("/api/code", content="x", headers={"content-type": "text/plain"})
    assert response.status_code == 409 and response.json()["error"]["status"] == 409
