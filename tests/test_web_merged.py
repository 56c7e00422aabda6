"""Outputs speak in merged events: the summit corpus (three articles and a republication of
one meeting) is one CONSULT with three articles in the API, the pages and the exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import read_only_client


@pytest.fixture(scope="module")
def client(summit_store: Path):
    with read_only_client(summit_store) as c:
        yield c


def _one(client: TestClient) -> dict:
    page = client.get("/api/events").json()
    assert page["total"] == 1, page
    return page["events"][0]


def test_web_merged_events_list_one_happening_with_counts(client: TestClient):
    event = _one(client)
    assert event["plover_type"] == "CONSULT"
    assert (event["n_mentions"], event["n_articles"], event["n_sources"]) == (3, 3, 3)
    assert event["n_duplicates"] == 1 and str(event["event_date"]) == "2023-03-20"
    reports = client.get("/api/events", params={"reports": True}).json()
    assert reports["total"] == 4 and all("n_mentions" not in r for r in reports["events"])


def test_web_merged_event_lists_every_report_and_why(client: TestClient):
    event = _one(client)
    data = client.get(f"/api/events/{event['id']}").json()
    mentions = data["mentions"]
    assert len(mentions) == 4 and len({m["article_id"] for m in mentions}) == 4
    assert sum(m["joined_to"] is None for m in mentions) == 1
    assert all(m["reason"] for m in mentions)
    page = client.get(f"/events/{event['id']}").text
    assert page.count('class="report"') == 4 and page.count('class="predicate"') == 4
    assert "near-duplicate" in page and 'class="n-articles">3<' in page
    for m in mentions:
        assert f"/articles/{m['article_id']}?event={m['id']}" in page
        report = client.get(f"/api/reports/{m['id']}")
        assert report.status_code == 200 and report.json()["article_id"] == m["article_id"]
    # A report's id is not a merged event's: the report route is the way to it.
    assert client.get(f"/api/events/{mentions[1]['id']}").status_code == 404


def test_web_merged_events_page_links_rows_to_the_event(client: TestClient):
    event = _one(client)
    page = client.get("/events").text
    assert f'href="/events/{event["id"]}"' in page and "Counting merged events" in page
    assert 'class="n n-articles">3<' in page
    assert "Counting reports" in client.get("/events", params={"reports": "1"}).text


@pytest.mark.parametrize(("reports", "expected"), [(False, 1), (True, 4)])
def test_web_merged_timeline_and_network_count_what_they_say(
    client: TestClient, reports: bool, expected: int
):
    params = {"reports": reports, "all": True}
    # The undated article's report is dated only by the merge (its inferred date).
    timeline = client.get("/api/timeline", params={**params, "by": "none"}).json()
    assert sum(p["events"] for p in timeline["points"]) + timeline["undated"] == expected
    assert timeline["undated"] == (1 if reports else 0)
    edges = client.get("/api/network", params=params).json()["edges"]
    assert sum(e["events"] for e in edges) == expected
    counted = "Counting reports" if reports else "Counting merged events"
    for path in ("/timeline", "/network"):
        assert counted in client.get(path, params={"reports": "1"} if reports else {}).text


def _download(client: TestClient, fmt: str, **params) -> bytes:
    response = client.get("/api/export", params={"format": fmt, **params})
    assert response.status_code == 200, response.text
    return response.content


def test_web_merged_gdelt_counts_come_from_the_merge(client: TestClient):
    event = _one(client)
    rows = list(csv.DictReader(io.StringIO(_download(client, "gdelt").decode()), delimiter="\t"))
    assert len(rows) == 1
    row = rows[0]
    assert (row["NumMentions"], row["NumArticles"], row["NumSources"]) == ("3", "3", "3")
    assert row["GLOBALEVENTID"] == event["id"] and row["EventCode"] == "040"
    assert row["Evidence"] == " ".join(event["sentence"].split())
    per_report = list(
        csv.DictReader(
            io.StringIO(_download(client, "gdelt", reports=True).decode()), delimiter="\t"
        )
    )
    assert len(per_report) == 4 and {r["NumArticles"] for r in per_report} == {"1"}


def test_web_merged_polecat_lists_mentions_and_articles(client: TestClient):
    event = _one(client)
    (record,) = [json.loads(x) for x in _download(client, "polecat").decode().splitlines()]
    mentions = client.get(f"/api/events/{event['id']}").json()["mentions"]
    assert record["event_id"] == event["id"] and record["n_articles"] == 3
    assert sorted(record["mention_ids"]) == sorted(m["id"] for m in mentions)
    assert sorted(record["article_ids"]) == sorted({m["article_id"] for m in mentions})
    assert record["actor"][0]["code"] == event["source_code"]
    assert record["actor"][0]["text"] in record["evidence"]


@pytest.mark.parametrize("fmt", ["gdelt", "polecat", "csv", "jsonl"])
@pytest.mark.parametrize("reports", [False, True])
def test_web_merged_cli_and_http_exports_agree(
    client: TestClient, cli, summit_store: Path, tmp_path: Path, fmt: str, reports: bool
):
    out = tmp_path / f"x.{fmt}"
    flags = ["--reports"] if reports else []
    result = cli("export", "--db", summit_store, "--format", fmt, "--out", out, *flags)
    assert result.exit_code == 0, result.output
    http = _download(client, fmt, reports=reports)
    assert out.read_bytes() == http
    assert len(http.decode().strip().splitlines()) == (4 if reports else 1) + (
        fmt in ("gdelt", "csv")
    )


@pytest.mark.parametrize(
    ("actor", "given", "received"),
    [("person:xi-jinping", 1, 0), ("person:vladimir-putin", 0, 1)],
)
def test_web_merged_actor_counts_the_happening_once(
    client: TestClient, actor: str, given: int, received: int
):
    # Four reports (two of them Putin -> Xi) of one CONSULT coded Xi -> Putin.
    data = client.get(f"/api/actors/{actor}").json()
    assert (data["given"], data["received"]) == (given, received)
    assert [(p["given"], p["received"]) for p in data["timeline"]] == [(given, received)]
    assert [p["events"] for p in data["cooperation"]] == [1]
    assert "merged events per month" in client.get(f"/actors/{actor}").text
