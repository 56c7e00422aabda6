"""The query parameters shared by the API and the pages, turned into ``api.Selection``.

The API declares them typed (so OpenAPI documents them); the pages read the same
names from HTML forms, where an empty field means "any". Both end in
``api.selection``, which checks codes, dates and ranges the same way for every caller.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Query, Request
from pydantic import BeforeValidator

from dyad import api
from dyad.errors import InputError

Text = Annotated[str | None, Query(max_length=200)]


def _iso_day(value: Any) -> Any:
    """Only YYYY-MM-DD: pydantic would read a number ("1.4e-45") as a Unix time."""
    if isinstance(value, str) and not (len(value) == 10 and value[4] == "-" and value[7] == "-"):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


Day = Annotated[date | None, BeforeValidator(_iso_day)]
_SELECTION_KEYS = (
    "actor",
    "source",
    "target",
    "country",
    "type",
    "quadclass",
    "since",
    "until",
    "q",
    "article",
    "all",
    "reports",
)
PAGE_KEYS = (*_SELECTION_KEYS, "sort", "desc", "limit", "offset", "interval", "by", "max_edges")


def selection(
    actor: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Either side: actor id, code prefix (VEN finds VENGOV) or part of a name.",
        ),
    ] = None,
    source: Annotated[
        str | None, Query(max_length=200, description="Source side only: an actor id.")
    ] = None,
    target: Annotated[
        str | None, Query(max_length=200, description="Target side only: an actor id.")
    ] = None,
    country: Annotated[
        str | None, Query(max_length=3, description="ISO 3166-1 alpha-3 of either side.")
    ] = None,
    type: Annotated[
        str | None,
        Query(max_length=20, description="PLOVER type (SANCTION) or CAMEO prefix (16)."),
    ] = None,
    quadclass: Annotated[int | None, Query(ge=1, le=4, description="1..4")] = None,
    since: Annotated[Day, Query(description="Earliest event date (YYYY-MM-DD).")] = None,
    until: Annotated[Day, Query(description="Latest event date (YYYY-MM-DD).")] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Words in the evidence sentence.")
    ] = None,
    article: Annotated[str | None, Query(max_length=64, description="One article's id.")] = None,
    all: Annotated[
        bool, Query(description="Include negated, hypothetical and question events.")
    ] = False,
    reports: Annotated[
        bool,
        Query(description="Every report (mention) instead of merged events (the default)."),
    ] = False,
) -> api.Selection:
    return api.selection(
        actor=actor,
        source=source,
        target=target,
        country=country,
        type=type,
        quadclass=quadclass,
        since=since,
        until=until,
        q=q,
        article_id=article,
        include_nonfactual=all,
        reports=reports,
    )


def form(request: Request) -> dict[str, str]:
    """The page parameters that were given (empty form fields dropped), as strings."""
    values = {}
    for key in PAGE_KEYS:
        value = request.query_params.get(key, "").strip()
        if value:
            if len(value) > 200:
                raise InputError(f"parameter {key!r} is longer than 200 characters")
            values[key] = value
    return values


def as_int(values: dict[str, str], key: str, default: int) -> int:
    raw = values.get(key)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise InputError(f"parameter {key!r}: {raw!r} is not a whole number") from None


def as_bool(values: dict[str, str], key: str) -> bool:
    return values.get(key, "").lower() in ("1", "true", "on", "yes")


def form_selection(values: dict[str, str]) -> api.Selection:
    """The selection an HTML form asked for, checked like the API's."""
    quadclass = as_int(values, "quadclass", 0) or None
    return api.selection(
        actor=values.get("actor"),
        source=values.get("source"),
        target=values.get("target"),
        country=values.get("country"),
        type=values.get("type"),
        quadclass=quadclass,
        since=values.get("since"),
        until=values.get("until"),
        q=values.get("q"),
        article_id=values.get("article"),
        include_nonfactual=as_bool(values, "all"),
        reports=as_bool(values, "reports"),
    )


def selection_query(values: dict[str, Any]) -> dict[str, str]:
    """Only the selection's parameters (for links that keep the filters, e.g. downloads)."""
    return {k: str(v) for k, v in values.items() if k in _SELECTION_KEYS and v not in (None, "")}
