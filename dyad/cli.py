"""The ``dyad`` command: thin wrappers over ``dyad.api`` (parse options, call, format).

Results go to stdout; progress bars, warnings and rejects go to stderr, so
``dyad events --format jsonl | jq`` stays clean.
"""

from __future__ import annotations

import contextlib
import csv
import json
import logging
import shlex
import signal
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from dyad import api
from dyad.config import DEFAULT_DB, DEFAULT_MODEL, DEFAULT_PARQUET, Settings
from dyad.errors import DyadError

err = Console(stderr=True, soft_wrap=True)
# Tables are for people; with no terminal (a pipe, `make demo` in CI) assume a wide one.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
_WIDE = {
    "source_text",
    "target_text",
    "predicate",
    "title",
    "aliases",
    "name",
    "reason",
    "origin_path",
    "sentence",
}

db_option = click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The DuckDB store.",
)
list_format = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "csv"]),
    default="table",
    show_default=True,
    help="table for reading, jsonl or csv for pipes.",
)
model_option = click.option(
    "--model", default=None, help=f"Installed spaCy pipeline to use [default: {DEFAULT_MODEL}]."
)


actors_option = click.option(
    "--actors",
    "actor_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Your own actor file (CSV, TOML or PETRARCH dictionary); repeatable. "
    "Also DYAD_ACTORS=FILE:FILE.",
)


def _settings(
    model: str | None = None, actor_files: tuple[str, ...] = (), **extra: Any
) -> Settings:
    return Settings.from_env(model=model, actors=tuple(actor_files) or None, **extra)


class DyadGroup(click.Group):
    """Turns Dyad's own errors into one clear line and exit status 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DyadError as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            sys.exit(1)


@click.group(cls=DyadGroup)
@click.version_option(package_name="dyad-events")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
def main(verbose: int, quiet: bool) -> None:
    """Dyad: political event data from news text (who did what to whom, when and where)."""
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    # Rejects are reported by `code` itself, one line each.
    logging.getLogger("dyad.api").setLevel(max(level, logging.ERROR))


def _parse_columns(values: tuple[str, ...]) -> dict[str, str]:
    renames = {}
    for value in values:
        key, sep, column = value.partition("=")
        if not sep or not column:
            raise click.BadParameter(
                f"{value!r}: use FIELD=COLUMN, e.g. text=body", param_hint="--csv-column"
            )
        renames[key.strip()] = column.strip()
    return renames


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@model_option
@click.option(
    "--batch-size",
    type=click.IntRange(1, 10_000),
    default=None,
    help="Articles per transaction [default: 64].",
)
@click.option(
    "--csv-column",
    "csv_columns",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Where CSV/JSONL input keeps a field, e.g. text=body, date=published.",
)
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes that parse; 1 parses in this process, N>1 in N workers [default: 2].",
)
@click.option(
    "--merge-every",
    type=click.IntRange(1),
    default=None,
    help="Records read between merges of the reports into events [default: 4096].",
)
@click.option("--strict", is_flag=True, help="Exit with status 2 if any input was rejected.")
@actors_option
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: this process, into --db. ray: Ray workers, into Parquet under --out.",
)
@click.option("--address", help="With --engine ray: the Ray cluster to join [default: start one].")
@click.option(
    "--workers", type=click.IntRange(1), help="With --engine ray: coding workers [default: cores]."
)
@click.option(
    "--out",
    default=DEFAULT_PARQUET,
    show_default=True,
    type=click.Path(file_okay=False),
    help="With --engine ray: the Parquet output folder (load it with `dyad import`).",
)
def code(
    paths: tuple[str, ...],
    db: str,
    model: str | None,
    batch_size: int | None,
    csv_columns: tuple[str, ...],
    processes: int | None,
    merge_every: int | None,
    strict: bool,
    actor_files: tuple[str, ...],
    engine: str,
    address: str | None,
    workers: int | None,
    out: str,
) -> None:
    """Read articles from PATHS (files, folders, globs, - for stdin), code them, store them.

    Formats: .txt (optionally starting with " date YYYY-MM-DD"), .jsonl/.ndjson and .csv
    (fields id, text, date, title, url, source), .html. Articles already in the store are
    skipped, so running twice adds nothing.
    """
    settings = _settings(
        model, actor_files, batch_size=batch_size, processes=processes, merge_every=merge_every
    )
    try:
        settings = settings.with_columns(**_parse_columns(csv_columns))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--csv-column") from None
    if engine == "ray":
        _code_ray(paths, out, address, workers, settings, strict)
        return
    columns = [
        TextColumn("coding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("records"),
        TimeElapsedColumn(),
    ]
    bar = Progress(*columns, console=err, transient=True, disable=not err.is_terminal)
    # (the handlers are in place before the store is created: a signal that comes once the
    # store file exists is always the polite kind)
    with _stop_on_signals() as stop, bar:
        store = api.Dyad(db, settings=settings)
        task = bar.add_task("code", total=None)
        try:
            summary = store.code(
                list(paths),
                command="code",
                progress=lambda n: bar.advance(task, n),
                on_reject=lambda r: err.print(
                    f"[yellow]rejected[/yellow] {r.message}", highlight=False
                ),
                stop=stop,
            )
        except KeyboardInterrupt:
            err.print(f"stopped at once: the batch in flight was not stored. {_RESUME}")
            sys.exit(128 + stop.signal)
    flagged = f", {summary.dates_flagged} with a doubtful date" if summary.dates_flagged else ""
    err.print(
        f"{_count(summary.read, 'record')} read: "
        f"{_count(summary.articles, 'new article')}{flagged}, "
        f"{summary.known} already stored, {len(summary.rejects)} rejected; "
        f"{_count(summary.events, 'event')}. Store: {summary.db}",
        highlight=False,
    )
    if summary.status == "interrupted":
        err.print(
            "interrupted: every batch read so far is stored; its last reports join merged "
            f"events when a run ends. {_RESUME}",
            highlight=False,
        )
        sys.exit(128 + stop.signal)
    if strict and summary.rejects:
        sys.exit(2)


def _count(n: int, noun: str) -> str:
    """``1 event``, ``2 events``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


_RESUME = "To resume, run the same command again: stored articles are skipped" + (
    f" ({shlex.join(['dyad', *sys.argv[1:]])})" if Path(sys.argv[0]).name == "dyad" else ""
)


class _Stop(threading.Event):
    """Set by the first Ctrl-C (SIGINT) or SIGTERM; remembers which signal it was."""

    signal: int = signal.SIGINT


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[_Stop]:
    """The first SIGINT or SIGTERM asks the run to stop after the current batch; the
    second stops it at once (the batch in flight is rolled back)."""
    stop = _Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop  # signal handlers can only be set from the main thread
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def handle(number: int, _frame: object) -> None:
        stop.signal = number
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _raise_interrupt)
        err.print("stopping after the current batch is stored (Ctrl-C again to stop at once)")

    for sig in previous:
        signal.signal(sig, handle)
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _raise_interrupt(_number: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _code_ray(
    paths: tuple[str, ...],
    out: str,
    address: str | None,
    workers: int | None,
    settings: Settings,
    strict: bool,
) -> None:
    run = api.code_ray(
        list(paths), out, address=address, workers=workers, settings=settings, command="code"
    )
    for message in run.rejects:
        err.print(f"[yellow]rejected[/yellow] {message}", highlight=False)
    err.print(
        f"{run.read} records read on {run.workers} Ray workers in {run.seconds:.1f} s: "
        f"{run.articles} articles, {len(run.rejects)} rejected; {run.events} events, "
        f"{run.merged} merged events. Parquet: {run.out} (load it with `dyad import`)",
        highlight=False,
    )
    if strict and run.rejects:
        sys.exit(2)


@main.command(name="import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@db_option
def import_(folder: str, db: str) -> None:
    """Load the Parquet folder of a `dyad code --engine ray` run into a store.

    Idempotent: importing the same folder twice adds nothing.
    """
    added = api.Dyad(db).import_parquet(folder)
    counts = ", ".join(f"{n} {table}" for table, n in added.items())
    err.print(f"added {counts}. Store: {db}", highlight=False)


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date") from None


_TABLE_COLUMNS = (
    "event_date",
    "source_code",
    "plover_type",
    "target_code",
    "cameo",
    "source_text",
    "predicate",
    "target_text",
)


@main.command()
@db_option
@click.option("--actor", help="Source or target: code prefix (VEN, RUSGOV) or part of a name.")
@click.option(
    "--type", "type_", metavar="TYPE", help="PLOVER type (SANCTION) or CAMEO prefix (16)."
)
@click.option("--since", help="Earliest event date, YYYY-MM-DD.")
@click.option("--until", help="Latest event date, YYYY-MM-DD.")
@click.option(
    "--all", "include_all", is_flag=True, help="Include negated, hypothetical and question events."
)
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many events.")
@click.option("--mentions", is_flag=True, help="Every report as extracted, not merged events.")
@click.option(
    "--inferred/--no-inferred",
    default=True,
    show_default=True,
    help="Include merged events dated from an undated article's inferred date.",
)
@list_format
def events(
    db: str,
    actor: str | None,
    type_: str | None,
    since: str | None,
    until: str | None,
    include_all: bool,
    limit: int | None,
    mentions: bool,
    inferred: bool,
    fmt: str,
) -> None:
    """List stored events, oldest first: one per happening, with its counts (merged)."""
    store = api.Dyad(db)
    rows = store.events(
        actor=actor,
        type=type_,
        since=_date(since),
        until=_date(until),
        include_nonfactual=include_all,
        limit=limit,
        mentions=mentions,
        include_inferred=inferred,
    )
    if mentions:
        _emit(rows, fmt, _TABLE_COLUMNS, title=f"{len(rows)} event mentions")
    else:
        _emit(rows, fmt, _MERGED_COLUMNS, title=f"{len(rows)} events")
        waiting = store.merge_counts()["unmerged"]
        if waiting:
            err.print(
                f"{_count(waiting, 'report')} of a run cut short are in no merged event "
                "yet (--mentions lists them): 'dyad merge', or the run again, merges them",
                highlight=False,
            )


_MERGED_COLUMNS = ("id", "event_date", "date_source", *_TABLE_COLUMNS[1:4], "n_mentions",
                   "n_articles", "n_sources", "predicate")  # fmt: skip


@main.command(name="event")
@click.argument("event_id")
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def event_(event_id: str, db: str, fmt: str) -> None:
    """Show merged event EVENT_ID: every mention, its evidence and dates, and why merged."""
    found = api.Dyad(db).event(event_id)
    if fmt == "json":
        click.echo(json.dumps(found, default=str, ensure_ascii=False, indent=2))
        return
    out.print(
        f"event {found['id']}: {found['source_code'] or '-'} {found['plover_type']} "
        f"{found['target_code'] or '-'} (CAMEO {found['cameo']})\n"
        f"  date {found['event_date'] or 'unknown'} ({found['date_precision']}, "
        f"{found['date_source']}), agreed range {found['earliest']}..{found['latest']}"
        f"{', background' if found['background'] else ''}\n"
        f"  {found['n_mentions']} mentions in {found['n_articles']} articles from "
        f"{found['n_sources']} sources; {found['n_duplicates']} in near-duplicate articles; "
        f"first reported {found['first_reported'] or 'undated'}",
        highlight=False,
    )
    for m in found["mentions"]:
        dated = m["article_date"] or "undated"
        if m["article_dated"] == "inferred":
            dated = f"{dated} inferred: {m['date_reason']}"
        out.print(
            f"\n  mention {m['id']} in article {m['article_id']} ({dated})\n"
            f"    {m['source_code'] or '-'} {m['plover_type']} {m['target_code'] or '-'}, "
            f"date {m['merge_date'] or 'unknown'} ({m['merge_precision']}, "
            f"{m['merge_date_source']})\n"
            f"    evidence: {' '.join(m['sentence'].split())}\n"
            f"    why: {m['reason']}"
            + (f" (matched {m['joined_to']}, score {m['score']:.2f})" if m["joined_to"] else ""),
            highlight=False,
            soft_wrap=True,
        )


@main.command(name="merge")
@db_option
def merge_(db: str) -> None:
    """Merge every stored mention again (idempotent: ids are kept; nothing is duplicated)."""
    counts = api.Dyad(db).merge()
    err.print(
        f"{counts['mentions']} mentions -> {counts['events']} events; "
        f"{counts['duplicate_articles']} near-duplicate articles; "
        f"{counts['inferred_dates']} inferred article dates",
        highlight=False,
    )


@main.command()
@db_option
@list_format
@click.option("--limit", type=click.IntRange(1), default=None, help="Only the most mentioned N.")
def actors(db: str, fmt: str, limit: int | None) -> None:
    """List actors with their codes, aliases, mention counts, first and last seen.

    ``codes`` lists every code the actor's mentions got: a person's changes with office
    (Trump: USAGOV, USAELI).
    """
    rows = api.Dyad(db).actors()[:limit]
    _emit(
        rows,
        fmt,
        ("codes", "name", "mentions", "articles", "first_seen", "last_seen", "aliases"),
        title=f"{len(rows)} actors",
    )


@main.command()
@click.argument("name")
@click.option("--date", "when", help="Resolve offices as of this date (YYYY-MM-DD).")
@click.option("--context", help="Text that introduces the name, read first.")
@click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Also use what this store learned from its articles (if the file exists).",
)
@model_option
@actors_option
def actor(
    name: str,
    when: str | None,
    context: str | None,
    db: str,
    model: str | None,
    actor_files: tuple[str, ...],
) -> None:
    """Show how NAME resolves (as of --date) and why."""
    store = api.Dyad(db, settings=_settings(model, actor_files))
    found = store.resolve_actor(name, context=context, date=_date(when))
    if found is None:
        err.print(f"{name!r}: no actor found")
        sys.exit(1)
    out.print(
        json.dumps(
            {
                "text": name,
                "date": when,
                "id": found.id,
                "name": found.name,
                "code": found.code,
                "country": found.country,
                "sectors": list(found.sectors),
                "confidence": found.confidence,
                "rule": found.rule,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


@main.command()
@db_option
@list_format
@click.option("--name", help="Only what was learned about this name.")
def learned(db: str, fmt: str, name: str | None) -> None:
    """List roles learned from stored articles, with their evidence and dates."""
    rows = api.Dyad(db).learned(name)
    _emit(
        rows,
        fmt,
        ("name_key", "code", "evidence", "article_date", "article_id"),
        title=f"{len(rows)} learned roles",
    )


@main.command(name="check-actors")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def check_actors(files: tuple[str, ...]) -> None:
    """Check your actor files (CSV, TOML, PETRARCH): count them, report conflicts."""
    report = api.check_actor_files(list(files))
    for conflict in report.conflicts:
        out.print(f"conflict: {conflict}", highlight=False)
    err.print(
        f"{report.actors} actors, {report.names} names in {len(files)} file(s); "
        f"{len(report.conflicts)} conflicts",
        highlight=False,
    )


@main.command()
@db_option
@list_format
def articles(db: str, fmt: str) -> None:
    """List stored articles with their dates and where the dates came from."""
    rows = api.Dyad(db).articles()
    _emit(
        rows,
        fmt,
        ("id", "date", "date_source", "date_flag", "title", "origin_path", "sentences", "events"),
        title=f"{len(rows)} articles",
    )


@main.command()
@db_option
@list_format
def rejects(db: str, fmt: str) -> None:
    """List inputs that could not become articles, with the reason."""
    rows = api.Dyad(db).rejects()
    _emit(rows, fmt, ("path", "locator", "reason"), title=f"{len(rows)} rejected inputs")


_EXPORT_FORMATS = ["jsonl", "csv", "parquet", "polecat", "gdelt", "gexf", "graphml"]


@main.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_EXPORT_FORMATS),
    required=True,
    help="jsonl/csv/parquet: merged events with their counts; polecat: PLOVER/POLECAT-style JSONL; "
    "gdelt: tab-separated, GDELT column names; gexf/graphml: the actor network.",
)
@click.option(
    "--reports",
    is_flag=True,
    help="One record per report (mention) instead of per merged event; the network "
    "then counts reports.",
)
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="File to write.")
@click.option("--actor", help="Only events with this actor (see `dyad events`).")
@click.option("--type", "type_", metavar="TYPE", help="Only this PLOVER type or CAMEO prefix.")
@click.option("--since", help="Earliest event date, YYYY-MM-DD.")
@click.option("--until", help="Latest event date, YYYY-MM-DD.")
def export(
    db: str,
    fmt: str,
    out: str,
    actor: str | None,
    type_: str | None,
    since: str | None,
    until: str | None,
    reports: bool,
) -> None:
    """Export stored events (or their actor network) to a file.

    One record per merged event (GDELT's NumMentions, NumArticles and NumSources are its
    counts; its evidence is its first report's), or per report with --reports.
    """
    n = api.Dyad(db).export(
        fmt,
        out,
        actor=actor,
        type=type_,
        since=_date(since),
        until=_date(until),
        reports=reports,
    )
    what = "network edges" if fmt in ("gexf", "graphml") else "reports" if reports else "events"
    err.print(f"wrote {n} {what} to {out}")


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--read-only", is_flag=True, help="Open the store read-only (POST /api/code is refused)."
)
@click.option(
    "--get",
    "target",
    metavar="PATH",
    help="Run one GET request in-process (e.g. '/api/events?actor=VEN'), print it, exit.",
)
def serve(db: str, host: str, port: int, read_only: bool, target: str | None) -> None:
    """Serve the store's pages and JSON API (http://127.0.0.1:8765/ by default).

    The server holds the store while it runs: code more articles into it by sending
    them to POST /api/code (see docs/web.md).
    """
    from dyad import web

    if target is not None:
        store = api.Dyad(db)
        store.hold(read_only=True)
        try:
            status, _, body = web.get(web.create_app(store), target)
        finally:
            store.release()
        sys.stdout.buffer.write(body)
        if not body.endswith(b"\n"):
            sys.stdout.buffer.write(b"\n")
        sys.stdout.flush()
        if status >= 400:
            sys.exit(1)
        return
    web.serve(db, host=host, port=port, read_only=read_only, announce=err.print)


@main.command(name="eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--details",
    is_flag=True,
    help="Also list each record's false events (with the rule that made them), missed "
    "events and missed pairs.",
)
@click.option(
    "--level",
    type=click.Choice(["country", "full"]),
    default="full",
    show_default=True,
    help="The level whose false and missed events --details lists.",
)
@model_option
def eval_(gold: tuple[str, ...], fmt: str, details: bool, level: str, model: str | None) -> None:
    """Score Dyad on gold files (the gold v1 JSONL format) and print the figures."""
    from dyad import evaluate

    settings = _settings(model)
    reports = {}
    for path in gold:
        records = evaluate.read_gold(path)
        found: list[evaluate.RecordResult | evaluate.PairMiss] | None = [] if details else None
        reports[path] = api.evaluate_records(records, settings=settings, details=found)
        if fmt == "text":
            out.print(evaluate.format_text(reports[path], Path(path).name), highlight=False)
            for line in evaluate.format_details(found or [], level):
                out.print(line, highlight=False)
    if fmt == "json":
        single = next(iter(reports.values())) if len(reports) == 1 else reports
        click.echo(json.dumps(single, indent=2))


@main.command(name="train-classifier")
@click.argument("training", type=click.Path(dir_okay=False))
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    default=None,
    help="Where to write the model [default: the shipped dyad/data/classifier.json].",
)
def train_classifier(training: str, out: str | None) -> None:
    """Rebuild classify's back-off model from a CSV of texts labelled with PLOVER types."""
    result = api.train_classifier(training, out)
    err.print(
        f"{result['texts']} texts, {result['types']} types, {result['words']} words "
        f"-> {result['path']}",
        highlight=False,
    )


def _emit(rows: list[dict[str, Any]], fmt: str, columns: tuple[str, ...], title: str) -> None:
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, default=str, ensure_ascii=False))
    elif fmt == "csv":
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    else:
        table = Table(title=title, title_justify="left", show_lines=False, box=box.SIMPLE_HEAD)
        for column in columns:
            wide = column in _WIDE
            table.add_column(
                column,
                overflow="ellipsis",
                no_wrap=True,
                max_width=34 if wide else None,
                min_width=16 if column == "id" else None if wide else min(len(column), 12),
            )
        for row in rows:
            table.add_row(*(_cell(row.get(c)) for c in columns))
        out.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(" ".join(str(v).split()) for v in value)
    return " ".join(str(value).split())
