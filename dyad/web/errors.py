"""One error shape for the whole HTTP API: ``{"error": {"status", "message", "parameter"}}``.

Dyad's own exceptions map to statuses here (InputError 400, NotFound 404, StoreError
503); validation errors from the framework become 400 with the offending parameter
named. Pages get the same message as an HTML page.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from dyad.errors import DyadError, InputError, NotFound, StoreError

log = logging.getLogger(__name__)


class ErrorDetail(BaseModel):
    status: int
    message: str
    parameter: str | None = None


class ErrorBody(BaseModel):
    """What every failed API request returns."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A parameter is invalid; the message says which."},
    404: {"model": ErrorBody, "description": "No such event, actor, article or route."},
    503: {"model": ErrorBody, "description": "The store cannot be used right now."},
}


def error_body(status: int, message: str, parameter: str | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "message": message, "parameter": parameter}}


def respond(request: Request, status: int, message: str, parameter: str | None = None) -> Response:
    """A JSON error under /api/ (and for non-browser clients), an HTML page elsewhere."""
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse(error_body(status, message, parameter), status_code=status)
    from dyad.web.pages import error_page

    return error_page(request, status, message)


def _validation_message(exc: RequestValidationError) -> tuple[str, str | None]:
    first = exc.errors()[0]
    loc = [str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body")]
    parameter = loc[-1] if loc else None
    value = first.get("input")
    shown = f" (got {value!r:.80})" if value is not None and not isinstance(value, dict) else ""
    where = f"parameter {parameter!r}: " if parameter else ""
    return f"{where}{first.get('msg', 'invalid value')}{shown}", parameter


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the one shape."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        message, parameter = _validation_message(exc)
        return respond(request, 400, message, parameter)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        response = respond(request, exc.status_code, message)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(DyadError)
    async def _dyad(request: Request, exc: DyadError) -> Response:
        if isinstance(exc, InputError):
            return respond(request, 400, str(exc))
        if isinstance(exc, NotFound):
            return respond(request, 404, str(exc))
        status = 503 if isinstance(exc, StoreError) else 400
        return respond(request, status, str(exc))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return respond(request, 500, "internal error; see the server log")


class GuardMiddleware:
    """Refuse oversized query strings and request bodies before any route sees them."""

    def __init__(self, app: Any, *, max_query: int, max_body: int) -> None:
        self.app = app
        self.max_query = max_query
        self.max_body = max_body

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = None
        if len(scope.get("query_string", b"")) > self.max_query:
            problem = (400, f"the query string is longer than {self.max_query} bytes")
        for name, value in scope.get("headers", []):
            if name == b"content-length" and (not value.isdigit() or int(value) > self.max_body):
                problem = (413, f"the request body is larger than {self.max_body} bytes")
        if problem is None:
            await self.app(scope, receive, send)
            return
        status, message = problem
        response = JSONResponse(error_body(status, message), status_code=status)
        await response(scope, receive, send)
