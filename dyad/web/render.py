"""Presentation helpers for the pages: highlighted evidence and SVG chart geometry.

Pure functions of the data the API returns, so the pages add no query of their own.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

QUADCLASS = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
_PALETTE = (
    "#2f7d4f", "#58a36f", "#8cc084", "#1f5f8b", "#4f8fc0", "#7fb3d5", "#9b59b6", "#c39bd3",
    "#e0a030", "#e67e22", "#d35400", "#c0392b", "#a93226", "#7b241c", "#5d4037", "#34495e",
)  # fmt: skip
QUAD_COLOURS = {"1": "#58a36f", "2": "#2f7d4f", "3": "#e67e22", "4": "#c0392b", "all": "#4f8fc0"}


@dataclass(frozen=True)
class Segment:
    """A run of article text with the highlight classes that cover all of it."""

    text: str
    classes: tuple[str, ...]
    title: str = ""
    actor_id: str = ""


def highlight(article: dict[str, Any], event: dict[str, Any] | None) -> list[Segment]:
    """Cut the article text where any highlight starts or ends.

    Highlights: every actor mention, and for the chosen event its evidence sentence,
    its source and target spans and its predicate.
    """
    text = article["text"]
    spans: list[tuple[int, int, str, str, str]] = []
    for m in article["mentions"]:
        title = f"{m['name'] or m['actor_id']} ({m['code']}): {m['rule']}, {m['confidence']}"
        spans.append((m["start_char"], m["end_char"], "mention", title, m["actor_id"]))
    if event:
        spans.append((event["sentence_start"], event["sentence_end"], "evidence", "", ""))
        spans.append((event["predicate_start"], event["predicate_end"], "predicate", "", ""))
        for side in ("source", "target"):
            if event[f"{side}_start"] is not None:
                spans.append((event[f"{side}_start"], event[f"{side}_end"], side, "", ""))
    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    segments = []
    for start, end in itertools.pairwise(cuts):
        if start >= end:
            continue
        over = [s for s in spans if s[0] <= start and end <= s[1]]
        classes = tuple(sorted({s[2] for s in over}))
        title = next((s[3] for s in over if s[3]), "")
        actor_id = next((s[4] for s in over if s[4]), "")
        segments.append(Segment(text[start:end], classes, title, actor_id))
    return segments


def sentence_segments(e: dict[str, Any]) -> list[Segment]:
    """Cut an event's evidence sentence at its predicate and actor spans.

    The offsets are the article's; spans outside the sentence are left out.
    """
    text, base = e["sentence"], e["sentence_start"]
    spans = [(e["predicate_start"] - base, e["predicate_end"] - base, "predicate")]
    for side in ("source", "target"):
        if e.get(f"{side}_start") is not None:
            spans.append((e[f"{side}_start"] - base, e[f"{side}_end"] - base, side))
    spans = [s for s in spans if 0 <= s[0] <= s[1] <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(end for _, end, _ in spans)})
    return [
        Segment(text[a:b], tuple(sorted({k for s, end, k in spans if s <= a and b <= end})))
        for a, b in itertools.pairwise(cuts)
        if a < b
    ]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str


def periods_between(first: date, last: date, interval: str) -> list[date]:
    """Every period start from ``first`` to ``last``, so quiet periods show as gaps."""
    found, current = [], first
    while current <= last:
        found.append(current)
        if interval == "day":
            current += timedelta(days=1)
        elif interval == "week":
            current += timedelta(weeks=1)
        elif interval == "month":
            current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
        else:
            current = date(current.year + 1, 1, 1)
    return found


def timeline_chart(
    points: list[dict[str, Any]],
    interval: str = "month",
    *,
    width: int = 960,
    height: int = 260,
) -> dict[str, Any]:
    """Stacked bars, one slot per period (empty ones too), one colour per series."""
    dated = sorted({p["period"] for p in points})
    periods = periods_between(dated[0], dated[-1], interval) if dated else []
    series = sorted({p["series"] for p in points})
    colours = {s: QUAD_COLOURS.get(s, _PALETTE[i % len(_PALETTE)]) for i, s in enumerate(series)}
    totals: dict[Any, int] = {}
    for p in points:
        totals[p["period"]] = totals.get(p["period"], 0) + p["events"]
    peak = max(totals.values(), default=1)
    step = width / max(len(periods), 1)
    index = {period: i for i, period in enumerate(periods)}
    stacked: dict[Any, float] = {}
    bars = []
    for p in sorted(points, key=lambda p: (p["period"], p["series"])):
        h = p["events"] / peak * height
        base = stacked.get(p["period"], 0.0)
        stacked[p["period"]] = base + h
        bars.append(
            Bar(
                x=round(index[p["period"]] * step, 2),
                y=round(height - base - h, 2),
                width=round(max(step * 0.85, 1.0), 2),
                height=round(h, 2),
                colour=colours[p["series"]],
                label=f"{p['period']}: {p['events']} {_series_label(p['series'])}",
            )
        )
    ticks = periods[:: max(1, len(periods) // 8)] if periods else []
    return {
        "bars": bars,
        "width": width,
        "height": height,
        "peak": peak,
        "legend": [(s, _series_label(s), colours[s]) for s in series],
        "ticks": [(round(index[t] * step, 2), str(t)) for t in ticks],
    }


def _series_label(series: str) -> str:
    if series.isdigit():
        return QUADCLASS.get(int(series), series)
    return series
