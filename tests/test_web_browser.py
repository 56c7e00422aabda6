"""The pages as a user sees them: the real server, driven in headless Chromium.

Debian's chromium (``make test`` installs it) is driven by playwright; playwright's
own browser download is never used.
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serve(db: Path):
    port = _free_port()
    dyad = Path(sys.executable).parent / "dyad"
    proc = subprocess.Popen(
        [str(dyad), "serve", "--db", str(db), "--port", str(port), "--read-only"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/api/overview", timeout=2).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"dyad serve did not start: {proc.stderr.read()}")
            time.sleep(0.2)
    yield base
    proc.terminate()
    _, err = proc.communicate(timeout=20)
    assert f"at {base}/" in err  # it said where it listens


@pytest.fixture(scope="module")
def server(demo_store: Path):
    with _serve(demo_store) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    assert CHROMIUM.exists(), "Debian's chromium is missing: apt-get install -y chromium"
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=ARGS, headless=True
        )
        yield context
        context.close()


@pytest.fixture
def page(browser, server: str):
    page = browser.new_page()
    page.outside: list[str] = []  # type: ignore[attr-defined]
    page.errors: list[str] = []  # type: ignore[attr-defined]
    page.on(
        "request",
        lambda r: None if r.url.startswith(server) else page.outside.append(r.url),  # type: ignore[attr-defined]
    )
    page.on("pageerror", lambda e: page.errors.append(str(e)))  # type: ignore[attr-defined]
    yield page
    assert not page.outside, f"requests left localhost: {page.outside}"  # type: ignore[attr-defined]
    assert not page.errors, f"script errors: {page.errors}"  # type: ignore[attr-defined]
    page.close()


def _api(server: str, path: str) -> dict:
    with urllib.request.urlopen(server + path, timeout=10) as response:
        return json.load(response)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Overview"),
        ("/events", "Events"),
        ("/actors", "Actors"),
        ("/actors/person:nicolas-maduro", "Nicolás Maduro"),
        ("/network", "Actor network"),
        ("/timeline", "Timeline"),
        ("/story?actor=person:juan-guaido", "Story"),
    ],
)
def test_web_browser_each_page_loads(page: Page, server: str, path: str, heading: str):
    response = page.goto(server + path)
    assert response is not None and response.status == 200
    assert heading in page.locator("h1").inner_text()
    assert page.locator("link[rel=stylesheet]").count() == 1
    # The stylesheet really applied (served from the package, not a CDN).
    assert page.evaluate("getComputedStyle(document.querySelector('header.top')).display") == "flex"


def test_web_browser_overview_shows_the_counts(page: Page, server: str):
    page.goto(server + "/")
    data = _api(server, "/api/overview")
    assert page.locator("#n-events").inner_text() == str(data["events"])
    assert page.locator("#n-articles").inner_text() == str(data["articles"])
    assert page.locator("table.dyads tbody tr").count() == len(data["top_dyads"])


def test_web_browser_network_edge_to_events_to_evidence(page: Page, server: str):
    page.goto(server + "/network")
    page.wait_for_selector("svg#network[data-ready='1']")
    edges = page.locator("svg#network line.edge")
    assert edges.count() == int(page.locator("#shown-edges").inner_text()) > 10
    assert page.locator("svg#network g.node").count() > 10
    edge = edges.first
    source, target = edge.get_attribute("data-source"), edge.get_attribute("data-target")
    with page.expect_navigation():
        edge.dispatch_event("click")
    query = parse_qs(urlsplit(page.url).query)
    assert urlsplit(page.url).path == "/events"
    assert query["source"] == [source] and query["target"] == [target]
    expected = _api(server, f"/api/events?source={source}&target={target}")["total"]
    rows = page.locator("table.events tbody tr.event")
    assert rows.count() == expected == int(page.locator("#total").inner_text()) > 0
    sentence = _api(server, f"/api/events?source={source}&target={target}")["events"][0]
    with page.expect_navigation():  # the row opens its merged event: every report of it
        rows.first.locator("a.open").click()
    assert urlsplit(page.url).path == f"/events/{sentence['id']}"
    report = page.locator(f"li.report[data-report='{sentence['first_mention_id']}']")
    assert page.locator("li.report").count() == sentence["n_mentions"] + sentence["n_duplicates"]
    with page.expect_navigation():  # and a report opens its article at the evidence
        report.locator("a.article").click()
    assert urlsplit(page.url).path.startswith("/articles/")
    evidence = page.locator("article.text .evidence")
    assert evidence.count() >= 1
    shown = " ".join(evidence.all_inner_texts())
    # Compared without blanks: inner_text puts spaces around highlighted actor spans.
    assert "".join(sentence["sentence"].split())[:40] in "".join(shown.split())
    assert page.locator("article.text .mention").count() >= 2
    assert page.locator("article.text .predicate").count() >= 1
    assert page.locator("section.chosen .type").inner_text() == sentence["plover_type"]


def test_web_browser_network_node_opens_the_actor(page: Page, server: str):
    page.goto(server + "/network")
    page.wait_for_selector("svg#network[data-ready='1']")
    node = page.locator("svg#network g.node").first
    actor = node.get_attribute("data-actor")
    with page.expect_navigation():
        node.dispatch_event("click")
    assert urlsplit(page.url).path == f"/actors/{actor}"
    assert page.locator("table.aliases tbody tr").count() >= 1


def test_web_browser_filter_events(page: Page, server: str):
    page.goto(server + "/events")
    everything = int(page.locator("#total").inner_text())
    page.fill("input[name=actor]", "VEN")
    page.select_option("select[name=type]", "SANCTION")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    shown = int(page.locator("#total").inner_text())
    assert 0 < shown < everything
    assert shown == _api(server, "/api/events?actor=VEN&type=SANCTION")["total"]
    types = page.locator("table.events tbody tr.event .type").all_inner_texts()
    assert types and set(types) == {"SANCTION"}
    # The filter is kept in the download links.
    href = page.locator("a.download", has_text="csv").get_attribute("href")
    assert "actor=VEN" in href and "type=SANCTION" in href


def test_web_browser_sort_and_page(page: Page, server: str):
    page.goto(server + "/events?limit=10")
    with page.expect_navigation():
        page.click("th a.sort:has-text('Q')")
    first = page.locator("table.events tbody tr.event .quad").all_inner_texts()
    assert first == sorted(first)
    with page.expect_navigation():
        page.click("a[rel=next]")
    assert "offset=10" in page.url
    second = page.locator("table.events tbody tr.event").count()
    assert 0 < second <= 10


def test_web_browser_timeline_by_week(page: Page, server: str):
    page.goto(server + "/timeline")
    page.select_option("select[name=interval]", "week")
    page.select_option("select[name=by]", "type")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    data = _api(server, "/api/timeline?interval=week&by=type")
    assert page.locator("svg#timeline rect.bar").count() == len(data["points"]) > 0
    assert page.locator("p.legend .swatch").count() == len({p["series"] for p in data["points"]})


def test_web_browser_story_lists_dated_events_in_order(page: Page, server: str):
    page.goto(server + "/story")
    with page.expect_navigation():
        page.locator("ul.choices a").first.click()
    dates = [d for d in page.locator("ol.story .when").all_inner_texts() if d != "undated"]
    assert dates and dates == sorted(dates)
    assert page.locator("ol.story blockquote").count() == page.locator("ol.story li").count()


@pytest.fixture(scope="module")
def summit_server(summit_store: Path):
    with _serve(summit_store) as base:
        yield base


def test_web_browser_summit_is_one_event_with_its_reports(browser, summit_server: str):
    # tests/corpus/summit: three articles (and a republication) tell one meeting.
    page = browser.new_page()
    page.goto(summit_server + "/events")
    assert "Counting merged events" in page.locator("#counted").inner_text()
    rows = page.locator("table.events tbody tr.event")
    assert rows.count() == 1 and page.locator("#total").inner_text() == "1"
    row = rows.first
    assert row.locator(".type").inner_text() == "CONSULT"
    counts = [row.locator(f".n-{k}").inner_text() for k in ("mentions", "articles", "sources")]
    assert counts == ["3", "3", "3"]
    with page.expect_navigation():
        row.locator("a.happening").click()
    assert urlsplit(page.url).path.startswith("/events/")
    reports = page.locator("li.report")
    assert reports.count() == 4
    for i in range(4):
        one = reports.nth(i)
        assert one.locator("blockquote .predicate").count() == 1
        assert one.locator("blockquote .source").count() == 1
        assert one.locator("blockquote .target").count() == 1
        assert one.locator(".why").inner_text().startswith("why: ")
    assert "first report" in page.locator(".why").all_inner_texts()[0]
    with page.expect_navigation():
        reports.nth(2).locator("a.article").click()
    assert page.locator("article.text .predicate").count() == 1
    page.goto(summit_server + "/timeline?reports=1")
    assert "Counting reports" in page.locator("#counted").inner_text()
    with page.expect_navigation():
        page.locator("#counted + a").click()
    assert "Counting merged events" in page.locator("#counted").inner_text()
    page.close()
