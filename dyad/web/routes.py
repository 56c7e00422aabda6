"""The JSON API under ``/api/``: thin routes over ``dyad.api``, described by OpenAPI.

Every list is paged (``limit`` at most ``api.PAGE_MAX``); downloads are written by
DuckDB into a private temporary folder and streamed back, so no parameter ever names
a file.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from dyad import api
from dyad.errors import InputError
from dyad.web.errors import ERROR_RESPONSES, ErrorBody
from dyad.web.params import selection

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)
Sel = Annotated[api.Selection, Depends(selection)]
Limit = Annotated[int, Query(ge=1, le=api.PAGE_MAX, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=2**40, description="Rows to skip.")]
Sort = Literal["date", "type", "cameo", "quadclass", "goldstein", "source", "target"]
_MEDIA = {
    "csv": ("text/csv", "csv"),
    "jsonl": ("application/x-ndjson", "jsonl"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
    "polecat": ("application/x-ndjson", "polecat.jsonl"),
    "gdelt": ("text/tab-separated-values", "gdelt.tsv"),
    "gexf": ("application/gexf+xml", "gexf"),
    "graphml": ("application/graphml+xml", "graphml"),
}
_DOWNLOAD = {
    200: {
        "content": {media: {} for media, _ in _MEDIA.values()},
        "description": "The file.",
    }
}


def store(request: Request) -> api.Dyad:
    return request.app.state.dyad


Store = Annotated[api.Dyad, Depends(store)]


@router.get("/overview", summary="Counts, date span, most active dyads, latest events")
def overview(dyad: Store) -> dict[str, Any]:
    return dyad.overview()


@router.get("/events", summary="A page of the selected events")
def events(
    dyad: Store,
    sel: Sel,
    sort: Sort = "date",
    desc: bool = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return dyad.event_page(sel, sort=sort, descending=desc, limit=limit, offset=offset)


@router.get("/events/{event_id}", summary="One merged event with every report of it, and why")
def event(dyad: Store, event_id: str) -> dict[str, Any]:
    return dyad.event(event_id)


@router.get("/reports/{report_id}", summary="One report (a row of the events table)")
def report(dyad: Store, report_id: str) -> dict[str, Any]:
    return dyad.report(report_id)


@router.get("/story", summary="The dated events of an actor or dyad, in order, with evidence")
def story(dyad: Store, sel: Sel, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    if not (sel.actor or sel.source or sel.target):
        raise InputError("a story needs an actor, or a source and target (a dyad)")
    return dyad.event_page(sel, sort="date", limit=limit, offset=offset)


@router.get("/actors", summary="A page of actors, most mentioned first")
def actors(
    dyad: Store,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return dyad.actor_page(q, limit=limit, offset=offset)


@router.get("/actors/{actor_id}", summary="An actor: codes, aliases, timeline, partners")
def actor(dyad: Store, actor_id: str) -> dict[str, Any]:
    return dyad.actor(actor_id)


@router.get("/dyads", summary="Source -> target pairs of the selection, most events first")
def dyads(dyad: Store, sel: Sel, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return dyad.dyads(sel, limit=limit, offset=offset)


@router.get("/network", summary="Actors as nodes, dyads as edges (the heaviest max_edges)")
def network(
    dyad: Store,
    sel: Sel,
    max_edges: Annotated[int, Query(ge=1, le=api.PAGE_MAX)] = 150,
) -> dict[str, Any]:
    return dyad.network(sel, max_edges=max_edges)


@router.get("/timeline", summary="Events per period, by QuadClass or PLOVER type")
def timeline(
    dyad: Store,
    sel: Sel,
    interval: Literal["day", "week", "month", "year"] = "month",
    by: Literal["quadclass", "type", "none"] = "quadclass",
) -> dict[str, Any]:
    return dyad.timeline(sel, interval=interval, by=by)


@router.get("/articles/{article_id}", summary="An article with its mentions and events")
def article(dyad: Store, article_id: str) -> dict[str, Any]:
    return dyad.evidence(article_id)


def _send(write: Any, fmt: str) -> FileResponse:
    folder = Path(tempfile.mkdtemp(prefix="dyad-download-"))
    media, suffix = _MEDIA[fmt]
    path = folder / f"dyad-events.{suffix}"
    try:
        write(path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        path,
        media_type=media,
        filename=path.name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


@router.get("/export", summary="Download the selected events", responses=_DOWNLOAD)
def export(
    dyad: Store,
    sel: Sel,
    format: Literal["csv", "jsonl", "parquet", "polecat", "gdelt"] = "csv",
) -> FileResponse:
    return _send(lambda path: dyad.export_selection(format, path, sel), format)


@router.get(
    "/network/export", summary="Download the selection's network for Gephi", responses=_DOWNLOAD
)
def export_network(
    dyad: Store, sel: Sel, format: Literal["gexf", "graphml"] = "gexf"
) -> FileResponse:
    return _send(lambda path: dyad.export_network(format, path, sel), format)


_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}")
_coding = threading.Lock()


_UPLOADS = {
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "text/plain": ".txt",
    "text/csv": ".csv",
    "text/html": ".html",
}


@router.post(
    "/code",
    summary="Code the articles sent in the body (JSONL, CSV, one text or one HTML page)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {kind: {"schema": {"type": "string"}} for kind in _UPLOADS},
        }
    },
    responses={
        409: {"model": ErrorBody, "description": "The store is open read-only."},
        413: {"model": ErrorBody, "description": "The body is too large."},
    },
)
async def code(
    request: Request,
    dyad: Store,
    name: Annotated[
        str | None, Query(max_length=80, description="A name to record as the input's origin.")
    ] = None,
) -> dict[str, Any]:
    """The server owns the store, so articles are coded here while the pages stay open.

    The body is read as ``dyad code`` reads a file of its content type; each batch is
    committed in one transaction, and one upload is coded at a time.
    """
    if not dyad.writable:
        raise HTTPException(409, "this server opened the store read-only (--read-only)")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in _UPLOADS:
        raise InputError(f"content type {kind!r}: send one of {', '.join(_UPLOADS)}")
    if name is not None and not _NAME.fullmatch(name):
        raise InputError(f"name {name!r}: use letters, digits, '.', '_' and '-' only")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > request.app.state.max_body:
            raise HTTPException(413, f"the body is larger than {request.app.state.max_body} bytes")
    if not body.strip():
        raise InputError("the request body is empty; send articles to code")
    suffix = _UPLOADS[kind]
    stem = Path(name or "upload").stem
    return await _run_code(dyad, body, stem + suffix)


async def _run_code(dyad: api.Dyad, body: bytes, filename: str) -> dict[str, Any]:
    from starlette.concurrency import run_in_threadpool

    def work() -> dict[str, Any]:
        folder = Path(tempfile.mkdtemp(prefix="dyad-upload-"))
        try:
            path = folder / filename
            path.write_bytes(body)
            with _coding:
                summary = dyad.code([str(path)], command="serve")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return {
            "run_id": summary.run_id,
            "read": summary.read,
            "articles": summary.articles,
            "known": summary.known,
            "events": summary.events,
            "rejects": [r.message for r in summary.rejects],
        }

    return await run_in_threadpool(work)
