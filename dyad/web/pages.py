"""The HTML pages: each calls the same ``dyad.api`` function as its JSON twin.

Pages read their parameters from the query string like the API does (empty form fields
mean "any") and link to their twin under ``/api/`` with the same query.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from dyad import api
from dyad.errors import InputError
from dyad.web import render
from dyad.web.params import as_bool, as_int, form, form_selection, selection_query

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
EXPORTS = ("csv", "jsonl", "parquet", "polecat", "gdelt")


def url(path: str, values: dict[str, Any] | None = None, **changes: Any) -> str:
    """``path`` with ``values`` as its query, some changed (a None value drops the key)."""
    query = {**(values or {}), **changes}
    query = {k: v for k, v in query.items() if v not in (None, "", False)}
    return path + ("?" + urlencode(query) if query else "")


# Dates and other values in the data the pages embed as JSON print as strings.
templates.env.policies["json.dumps_kwargs"] = {"default": str, "ensure_ascii": False}
templates.env.globals.update(
    url=url,
    QUADCLASS=render.QUADCLASS,
    QUAD_COLOURS=render.QUAD_COLOURS,
    EXPORTS=EXPORTS,
    selection_query=selection_query,
    sentence_segments=render.sentence_segments,
)


def _page(request: Request, name: str, twin: str, **context: Any) -> Response:
    context.setdefault("values", {})
    return templates.TemplateResponse(
        request,
        name,
        {"twin": twin, "types": api.event_types(), "page": name.removesuffix(".html"), **context},
    )


def error_page(request: Request, status: int, message: str) -> Response:
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "message": message, "twin": "", "page": "error", "values": {}},
        status_code=status,
    )


def _dyad(request: Request) -> api.Dyad:
    return request.app.state.dyad


@router.get("/")
def overview(request: Request) -> Response:
    data = _dyad(request).overview()
    return _page(request, "overview.html", "/api/overview", data=data)


def _paging(values: dict[str, str], default: int = 50) -> tuple[int, int]:
    return as_int(values, "limit", default), as_int(values, "offset", 0)


@router.get("/events")
def events(request: Request) -> Response:
    values = form(request)
    sel = form_selection(values)
    limit, offset = _paging(values)
    sort = values.get("sort", "date")
    data = _dyad(request).event_page(
        sel, sort=sort, descending=as_bool(values, "desc"), limit=limit, offset=offset
    )
    return _page(
        request, "events.html", url("/api/events", values), data=data, values=values, sort=sort
    )


@router.get("/events/{event_id}")
def event(request: Request, event_id: str) -> Response:
    data = _dyad(request).event(event_id)
    return _page(request, "event.html", url(f"/api/events/{event_id}"), data=data)


@router.get("/story")
def story(request: Request) -> Response:
    values = form(request)
    sel = form_selection(values)
    limit, offset = _paging(values, 100)
    dyad = _dyad(request)
    if sel.actor or sel.source or sel.target:
        data, choices = dyad.event_page(sel, sort="date", limit=limit, offset=offset), []
        twin = url("/api/story", values)
    else:  # nothing chosen yet: offer the most active dyads
        data, choices = None, dyad.dyads(sel, limit=20)["dyads"]
        twin = url("/api/dyads", values, limit=20)
    return _page(
        request,
        "story.html",
        twin,
        data=data,
        values=values,
        choices=choices,
    )


@router.get("/actors")
def actors(request: Request) -> Response:
    values = form(request)
    limit, offset = _paging(values)
    q = request.query_params.get("q", "").strip() or None
    if q and len(q) > 200:
        raise InputError("parameter 'q' is longer than 200 characters")
    data = _dyad(request).actor_page(q, limit=limit, offset=offset)
    return _page(request, "actors.html", url("/api/actors", values), data=data, values=values)


@router.get("/actors/{actor_id}")
def actor(request: Request, actor_id: str) -> Response:
    data = _dyad(request).actor(actor_id)
    peak = max((max(p["given"], p["received"]) for p in data["timeline"]), default=1)
    months = {p["period"]: p for p in data["timeline"]}
    if months:  # every month from the first to the last, quiet ones as gaps
        data["timeline"] = [
            months.get(m, {"period": m, "given": 0, "received": 0})
            for m in render.periods_between(min(months), max(months), "month")
        ]
    return _page(request, "actor.html", url(f"/api/actors/{actor_id}"), data=data, peak=peak or 1)


@router.get("/network")
def network(request: Request) -> Response:
    values = form(request)
    sel = form_selection(values)
    max_edges = as_int(values, "max_edges", 80)
    data = _dyad(request).network(sel, max_edges=max_edges)
    return _page(request, "network.html", url("/api/network", values), data=data, values=values)


@router.get("/timeline")
def timeline(request: Request) -> Response:
    values = form(request)
    sel = form_selection(values)
    interval, by = values.get("interval", "month"), values.get("by", "quadclass")
    data = _dyad(request).timeline(sel, interval=interval, by=by)
    chart = render.timeline_chart(data["points"], interval)
    return _page(
        request,
        "timeline.html",
        url("/api/timeline", values),
        data=data,
        chart=chart,
        values=values,
    )


@router.get("/articles/{article_id}")
def article(request: Request, article_id: str) -> Response:
    data = _dyad(request).evidence(article_id)
    chosen = request.query_params.get("event")
    event = next((e for e in data["events"] if e["id"] == chosen), None)
    if chosen and event is None:
        raise InputError(f"event {chosen!r} is not an event of article {article_id!r}")
    segments = render.highlight(data, event)
    return _page(
        request,
        "article.html",
        url(f"/api/articles/{article_id}"),
        data=data,
        event=event,
        segments=segments,
    )
