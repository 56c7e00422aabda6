"""The ASGI application, the in-process request runner and the server.

Store access: the server holds the store for its whole life (one DuckDB instance,
a cursor per request), opened for writing unless ``read_only``. DuckDB lets one
process write a file, so while the server runs, articles are coded by sending them to
it (``POST /api/code``); each batch commits in one transaction and every page shows it
on the next request. With ``read_only`` several servers can share a file, and
``dyad code`` cannot write it until they stop.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from dyad import __version__, api
from dyad.web import errors, pages, routes

log = logging.getLogger(__name__)

MAX_QUERY = 4096  # bytes of query string; a longer one is refused with 400
MAX_BODY = 64 * 1024 * 1024  # bytes of request body (POST /api/code)


def create_app(dyad: api.Dyad, *, max_body: int = MAX_BODY) -> FastAPI:
    """The web application over a store that the caller has opened with ``dyad.hold()``.

    The app releases the store when it shuts down. ``max_body`` bounds a request body.
    """

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        dyad.release()

    app = FastAPI(
        title="Dyad",
        version=__version__,
        description="Political events coded from news text: who did what to whom, when, "
        "where, and the sentence that says so.",
        docs_url=None,  # the interactive docs load scripts from a CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.dyad = dyad
    app.state.max_body = max_body
    errors.install(app)
    app.include_router(routes.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(pages.HERE / "static")), name="static")
    app.add_middleware(errors.GuardMiddleware, max_query=MAX_QUERY, max_body=max_body)
    _only_400(app)
    return app


def _only_400(app: FastAPI) -> None:
    """Document 400 (our validation status) instead of FastAPI's default 422."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = original()
            for path in schema.get("paths", {}).values():
                for operation in path.values():
                    operation.get("responses", {}).pop("422", None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def get(app: FastAPI, target: str) -> tuple[int, str, bytes]:
    """Run one GET request in-process; return (status, content type, body)."""
    parts = urlsplit(target)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": parts.path or "/",
        "raw_path": (parts.path or "/").encode(),
        "query_string": parts.query.encode(),
        "root_path": "",
        "headers": [(b"host", b"dyad.local")],
        "client": ("127.0.0.1", 0),
        "server": ("dyad.local", 80),
    }
    sent: dict[str, Any] = {"status": 500, "headers": [], "body": b""}

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            sent["status"] = message["status"]
            sent["headers"] = message.get("headers", [])
        elif message["type"] == "http.response.body":
            sent["body"] += message.get("body", b"")

    asyncio.run(app(scope, receive, send))
    kind = next((v.decode() for k, v in sent["headers"] if k == b"content-type"), "")
    return sent["status"], kind, sent["body"]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind_notice(db: str | Path, host: str, port: int) -> list[str]:
    """What ``serve`` prints: the address, and a warning when it is not loopback."""
    shown = f"[{host}]" if ":" in host else host
    lines = [f"Dyad is serving {db} at http://{shown}:{port}/  (Ctrl-C to stop)"]
    if not is_loopback(host):
        lines.append(
            f"warning: bound to {host}, not 127.0.0.1: other machines on the network can "
            "reach this server, and it has no authentication"
        )
    return lines


def serve(
    db: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    read_only: bool = False,
    announce: Any = print,
) -> None:
    """Hold the store and serve it until interrupted."""
    import uvicorn

    dyad = api.Dyad(db)
    dyad.hold(read_only=read_only)
    app = create_app(dyad)
    for line in bind_notice(db, host, port):
        announce(line)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        dyad.release()
