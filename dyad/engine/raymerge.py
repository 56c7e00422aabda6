"""The merge stage on Ray: near-duplicates, inferred dates and merged events, each a
distributed group-by, deciding what the local merge stage (``dyad.remerge``) decides.

    articles' LSH bands            --group by band-->         near-duplicate candidates
    candidates                     --group by article-->      each article's original
    undated reports, dated mentions --group by country pair--> event anchors
    undated sentences, dated ones  --group by person-->       statement anchors
    anchors, undated articles      --group by article-->      inferred dates
    every mention, judged again    --group by block key-->    merged events

The decisions are the local stage's own functions (``dyad.merge.neardup``,
``dyad.remerge.event_anchors``, ``statement_anchors``, ``infer_date``,
``dyad.merge.judge``, ``dyad.merge.merge_block``); only the data they look things up in
arrives by a shuffle instead of a store query. Two small results come back to the
driver and go out again with the last step: the near-duplicate marks and the inferred
dates, one row per article that has one.

An article's original, when it near-duplicates several, is the first of them in input
order (the local engine: the first stored).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from dyad import merge, remerge, store
from dyad.merge import dating, neardup
from dyad.merge.mention import Report, judge
from dyad.records import CodedArticle, EventMention, InferredDate
from dyad.store import parquet

ANCHOR_CANDIDATES = store.query.ANCHOR_CANDIDATES
PERSON_SENTENCES = 50  # as store.query.actor_sentences

# Rows of the group-bys: a key, a kind, and the rest as JSON (rows of different kinds
# share one schema, so that they can be shuffled together).
_KEYED = ("key", "kind", "payload")


def _keyed_schema() -> Any:
    import pyarrow as pa

    return pa.schema([(name, pa.string()) for name in _KEYED])


def _keyed(rows: Iterable[tuple[str, str, Any]]) -> Any:
    import pyarrow as pa

    columns: dict[str, list[str]] = {name: [] for name in _KEYED}
    for key, kind, payload in rows:
        columns["key"].append(key)
        columns["kind"].append(kind)
        columns["payload"].append(json.dumps(payload, default=str))
    return pa.Table.from_pydict(columns, schema=_keyed_schema())


def _unkey(batch: Any) -> Iterator[tuple[str, str, Any]]:
    for row in batch.to_pylist():
        yield row["key"], row["kind"], json.loads(row["payload"])


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# What each coding worker writes beside the store's tables.


def article_rows(coded: Sequence[CodedArticle], ordinal: Callable[[Any], int]) -> list[dict]:
    """One ``_merge_articles`` row per article: its place in the input, its date, its
    MinHash signature and bands; undated articles also their text, sentences and actors."""
    rows = []
    for item in coded:
        a = item.article
        sig = neardup.signature(a.text)
        undated = a.date is None
        rows.append(
            {
                "article_id": a.id,
                "ordinal": ordinal(a.origin),
                "date": a.date,
                "signature": sig,
                "bands": neardup.bands(sig),
                "text": a.text if undated else None,
                "sentence_starts": [s for s, _ in item.sentences] if undated else None,
                "sentence_ends": [e for _, e in item.sentences] if undated else None,
                "actor_starts": [m.start for m in item.mentions] if undated else None,
                "actor_ends": [m.end for m in item.mentions] if undated else None,
                "actor_ids": [m.actor.id for m in item.mentions] if undated else None,
            }
        )
    return rows


def people_rows(coded: Sequence[CodedArticle]) -> list[dict]:
    """One ``_merge_people`` row per mention of a person in a dated article, with its
    sentence (None when it lies in none): what ``statement_anchors`` looks up."""
    rows = []
    for item in coded:
        a = item.article
        if a.date is None:
            continue
        for m in item.mentions:
            if not m.actor.id.startswith("person:"):
                continue
            sentence = next((a.text[s:e] for s, e in item.sentences if s <= m.start < e), None)
            rows.append(
                {
                    "person": m.actor.id,
                    "article_id": a.id,
                    "date": a.date,
                    "start_char": m.start,
                    "sentence": sentence,
                }
            )
    return rows


def mention_row(m: EventMention, sentence: str) -> dict[str, Any]:
    """A ``_merge_input`` row: what ``dyad.merge.mention_from_row`` reads, with its block key."""
    row = asdict(m)
    del row["words"]
    row["event_date"] = row.pop("date")
    row.update(
        sentence=sentence,
        block=merge.block_key(m),
        event_id=None,
        joined_to=None,
        score=0.0,
        reason="",
    )
    return row


def _report(row: Mapping[str, Any]) -> Report:
    """The report behind a ``_merge_input`` row of an undated article (whose dates the
    judgement left as extracted); the row has no source text, which only a dated
    article's judgement reads."""
    return Report.of_row({**row, "source_text": ""})


# The distributed steps. Each function below is one Ray task over one batch or group.


def read_parts(batch: Any, table: str) -> Iterator[Any]:
    """A Ray task: the rows of the Parquet parts named in ``batch``."""
    import pyarrow.parquet as pq

    for path in batch.column("path").to_pylist():
        yield pq.read_table(path, schema=parquet.arrow_schema(table))


def band_rows(batch: Any) -> Any:
    """Each article once per LSH band it has, keyed by the band."""
    return _keyed(
        (band, "article", [r["article_id"], r["ordinal"], r["date"], r["signature"]])
        for r in batch.to_pylist()
        for band in r["bands"]
    )


def band_matches(batch: Any) -> Any:
    """The articles of one band: each one's first earlier article in input order that it
    near-duplicates, keyed by the article."""
    members = sorted((p for _, _, p in _unkey(batch)), key=lambda p: (p[1], p[0]))
    out = []
    for n, (article_id, _, _, sig) in enumerate(members):
        for other_id, other_ordinal, other_date, other_sig in members[:n]:
            score = neardup.similarity(sig, other_sig)
            if score >= neardup.THRESHOLD:
                out.append((article_id, "match", [other_ordinal, other_id, score, other_date]))
                break
    return _keyed(out)


def first_match(batch: Any) -> Any:
    """An article's original: the first in input order of its matches over all bands."""
    matches = sorted(p for _, _, p in _unkey(batch))
    key = batch.column("key")[0].as_py()
    _, other_id, score, other_date = matches[0]
    return _keyed([(key, "original", [other_id, score, other_date])])


def anchor_rows(batch: Any, undated: Mapping[str, bool], pairs: set[str]) -> Any:
    """Mentions keyed by their country pair: undated articles' reports (those still to be
    dated), and the dated mentions of those pairs that could date them."""
    out = []
    for r in batch.to_pylist():
        pair = r["block"].rsplit("|", 1)[0]
        if undated.get(r["article_id"]):
            out.append((pair, "report", r))
        elif (
            pair in pairs
            and r["article_dated"] == "published"
            and r["earliest"] is not None
            and not r["background"]
        ):
            out.append((pair, "dated", r))
    return _keyed(out)


def _mention_payload(p: dict[str, Any]) -> dict[str, Any]:
    for name in ("article_date", "event_date", "earliest", "latest"):
        p[name] = _day(p[name])
    return p


def pair_anchors(batch: Any) -> Any:
    """One country pair: anchors for each undated article from the pair's dated mentions."""
    reports: dict[str, list[Report]] = {}
    dated: dict[str, list[dict[str, Any]]] = {}
    for _, kind, p in _unkey(batch):
        p = _mention_payload(p)
        if kind == "report":
            reports.setdefault(p["article_id"], []).append(_report(p))
        else:
            dated.setdefault(p["plover_type"], []).append(p)
    # The oldest of each type, as store.query.anchor_rows reads them (never an undated
    # article's own: those are not dated), each made a mention once for every report.
    candidates = {
        plover_type: [
            merge.mention_from_row(p)
            for p in sorted(rows, key=lambda p: (p["earliest"], p["id"]))[:ANCHOR_CANDIDATES]
        ]
        for plover_type, rows in dated.items()
    }
    out = []
    for article_id, rs in sorted(reports.items()):

        def lookup(_pair: str, plover_type: str) -> list[EventMention]:
            return candidates.get(plover_type, [])

        for anchor in remerge.event_anchors(article_id, rs, lookup):
            out.append((article_id, "anchor", _anchor_payload(anchor)))
    return _keyed(out)


def _found(r: Mapping[str, Any]) -> list[tuple[int, int, str]]:
    return list(zip(r["actor_starts"], r["actor_ends"], r["actor_ids"], strict=True))


def _sentences(r: Mapping[str, Any]) -> list[tuple[int, int]]:
    return list(zip(r["sentence_starts"], r["sentence_ends"], strict=True))


def statement_queries(batch: Any, undated: Mapping[str, bool]) -> Any:
    """Undated articles still to be dated, keyed by each person they mention in a
    sentence that names a month without its year."""
    out = []
    for r in batch.to_pylist():
        if not undated.get(r["article_id"]):
            continue
        found = _found(r)
        people = set()
        for start, end in _sentences(r):
            if not remerge.partial_dates(r["text"][start:end]):
                continue
            people |= {a for s, _, a in found if start <= s < end and a.startswith("person:")}
        for person in sorted(people):
            mine = [f for f in found if f[2] == person]
            payload = {
                "article_id": r["article_id"],
                "text": r["text"],
                "sentences": _sentences(r),
                "found": mine,
            }
            out.append((person, "query", payload))
    return _keyed(out)


def person_rows(batch: Any, people: set[str]) -> Any:
    """Dated articles' sentences about the people undated articles need, keyed by person."""
    return _keyed((r["person"], "said", r) for r in batch.to_pylist() if r["person"] in people)


def person_anchors(batch: Any) -> Any:
    """One person: anchors for each undated article from what dated articles say of them."""
    queries, said = [], []
    for _, kind, p in _unkey(batch):
        (queries if kind == "query" else said).append(p)
    # Newest first, as store.query.actor_sentences orders them.
    said.sort(key=lambda p: (-date.fromisoformat(p["date"]).toordinal(), p["article_id"],
                             p["start_char"]))  # fmt: skip
    # The newest, as store.query.actor_sentences reads them (all of dated articles, so
    # never an undated article's own), the same for every query.
    top = said[:PERSON_SENTENCES]
    told = list(dict.fromkeys((p["article_id"], p["sentence"]) for p in top if p["sentence"]))
    out = []
    for q in sorted(queries, key=lambda q: q["article_id"]):

        def lookup(_person: str) -> list[tuple[str, str]]:
            return told

        found = [tuple(f) for f in q["found"]]
        spans = [tuple(s) for s in q["sentences"]]
        for anchor in remerge.statement_anchors(q["text"], found, spans, lookup):
            out.append((q["article_id"], "anchor", _anchor_payload(anchor)))
    return _keyed(out)


def _anchor_payload(a: dating.Anchor) -> list[Any]:
    return [a.earliest, a.latest, a.horizon.days, a.reason, a.confidence]


def _anchor(p: Sequence[Any]) -> dating.Anchor:
    return dating.Anchor(_day(p[0]), _day(p[1]), timedelta(days=p[2]), p[3], p[4])


def undated_article_rows(batch: Any, undated: Mapping[str, bool]) -> Any:
    """Undated articles still to be dated, keyed by their id, for ``infer_dates``."""
    return _keyed(
        (r["article_id"], "article", {"text": r["text"], "found": _found(r)})
        for r in batch.to_pylist()
        if undated.get(r["article_id"])
    )


def infer_dates(batch: Any) -> Any:
    """One undated article with its anchors: its inferred date, if any."""
    anchors, article = [], None
    key = batch.column("key")[0].as_py()
    for _, kind, p in _unkey(batch):
        if kind == "article":
            article = p
        else:
            anchors.append(_anchor(p))
    if article is None:
        return _keyed([])
    found = [tuple(f) for f in article["found"]]
    inferred = remerge.infer_date(key, article["text"], found, anchors)
    return _keyed([(key, "date", asdict(inferred))] if inferred else [])


def rejudge(batch: Any, originals: Mapping[str, str], inferred: Mapping[str, InferredDate]) -> Any:
    """Every mention with its article's near-duplicate mark and inferred date, judged
    again where they change it, with its block key."""
    import pyarrow as pa

    rows = []
    for r in batch.to_pylist():
        original = originals.get(r["article_id"])
        when = inferred.get(r["article_id"])
        if r["article_dated"] == "none" and when is not None:
            m = judge(
                _report(r),
                article_id=r["article_id"],
                publisher=r["publisher"],
                published=None,
                duplicate_of=original,
                inferred=when,
            )
            r = mention_row(m, r["sentence"])
        elif original is not None:
            r = {**r, "duplicate_of": original}
            r["block"] = merge.block_key(merge.mention_from_row(r))
        rows.append(r)
    return pa.Table.from_pylist(rows, schema=parquet.arrow_schema(parquet.MERGE_INPUT))


def merge_group(batch: Any, out: str) -> dict[str, list[Any]]:
    """One block: merge its mentions with ``dyad.merge.merge_block``; write them."""
    mentions = [merge.mention_from_row(row) for row in batch.to_pylist()]
    merged = merge.merge_block(mentions)
    rows = store.write.merged_rows(mentions, merged)
    if merged:
        parquet.write_part(out, rows)
    return {"mentions": [len(mentions)], "events": [len(merged)]}


# The driver.


def run(ray: Any, out: str, partitions: int) -> int:
    """Merge a run's coded output in ``out`` on Ray; return the number of merged events."""
    articles = _table(ray, out, parquet.MERGE_ARTICLES)
    if articles is None:
        return 0
    mentions = _table(ray, out, parquet.MERGE_INPUT)

    def grouped(ds: Any, fn: Callable[..., Any], **kwargs: Any) -> Any:
        return ds.groupby("key", num_partitions=partitions).map_groups(
            fn, fn_kwargs=kwargs, batch_format="pyarrow"
        )

    # 1. Near-duplicates: candidates share a band; the original is the first in input order.
    matches = grouped(articles.map_batches(band_rows, batch_format="pyarrow"), band_matches)
    originals: dict[str, tuple[str, float, date | None]] = {}
    for key, _, (other, score, other_date) in _rows(grouped(matches, first_match)):
        originals[key] = (other, score, _day(other_date))
    marks = {k: v[0] for k, v in originals.items()}
    _consume(
        articles.map_batches(
            write_signatures, fn_kwargs={"out": out, "originals": originals},
            batch_format="pyarrow",
        )
    )  # fmt: skip

    # 2. Inferred dates: an undated near-duplicate takes its original's day; the others
    # are dated by anchors found in two shuffles, then one group per article.
    inferred: dict[str, InferredDate] = {}
    undated: dict[str, bool] = {}
    for r in articles.map_batches(undated_ids, batch_format="pyarrow").iter_rows():
        article_id = r["article_id"]
        other, _, day = originals.get(article_id, (None, 0.0, None))
        when = remerge.duplicate_date(article_id, other, day) if other else None
        if when is None:
            undated[article_id] = True
        else:
            inferred[article_id] = when
    if undated and mentions is not None:
        inferred.update(_infer(ray, out, articles, mentions, undated, grouped))
    rows = [store.write.article_date_row(v) for v in inferred.values()]
    if rows:
        parquet.write_part(out, {"article_dates": rows})

    # 3. Merged events: every mention judged again with what 1 and 2 found; per block.
    if mentions is None:
        return 0
    judged = mentions.map_batches(
        rejudge, fn_kwargs={"originals": marks, "inferred": inferred}, batch_format="pyarrow"
    )
    merged = judged.groupby("block", num_partitions=partitions).map_groups(
        merge_group, fn_kwargs={"out": out}, batch_format="pyarrow"
    )
    return sum(done["events"] for done in merged.iter_rows())


def _infer(
    ray: Any,
    out: str,
    articles: Any,
    mentions: Any,
    undated: dict[str, bool],
    grouped: Callable[..., Any],
) -> dict[str, InferredDate]:
    pairs = {
        r["block"].rsplit("|", 1)[0]
        for r in mentions.map_batches(
            undated_blocks, fn_kwargs={"undated": undated}, batch_format="pyarrow"
        ).iter_rows()
    }
    by_pair = mentions.map_batches(
        anchor_rows, fn_kwargs={"undated": undated, "pairs": pairs}, batch_format="pyarrow"
    )
    anchors = grouped(by_pair, pair_anchors)
    queries = articles.map_batches(
        statement_queries, fn_kwargs={"undated": undated}, batch_format="pyarrow"
    ).materialize()
    people = {r["key"] for r in queries.select_columns(["key"]).iter_rows()}
    said = _table(ray, out, parquet.MERGE_PEOPLE) if people else None
    if said is not None:
        by_person = said.map_batches(
            person_rows, fn_kwargs={"people": people}, batch_format="pyarrow"
        )
        anchors = anchors.union(grouped(queries.union(by_person), person_anchors))
    own = articles.map_batches(
        undated_article_rows, fn_kwargs={"undated": undated}, batch_format="pyarrow"
    )
    found = {}
    for key, _, p in _rows(grouped(own.union(anchors), infer_dates)):
        found[key] = InferredDate(
            key, _day(p["earliest"]), _day(p["latest"]), _day(p["date"]), p["confidence"],
            p["reason"],
        )  # fmt: skip
    return found


def undated_ids(batch: Any) -> Any:
    """The ids of the articles without a published date."""
    import pyarrow as pa

    ids = [r["article_id"] for r in batch.to_pylist() if r["date"] is None]
    return pa.table({"article_id": pa.array(ids, pa.string())})


def undated_blocks(batch: Any, undated: Mapping[str, bool]) -> Any:
    """The block keys of undated articles' mentions."""
    import pyarrow as pa

    blocks = sorted({r["block"] for r in batch.to_pylist() if undated.get(r["article_id"])})
    return pa.table({"block": pa.array(blocks, pa.string())})


def write_signatures(
    batch: Any, out: str, originals: Mapping[str, tuple[str, float, date | None]]
) -> Any:
    """Write the ``article_signatures`` rows of these articles, with their originals."""
    import pyarrow as pa

    rows = []
    for r in batch.to_pylist():
        other, score, _ = originals.get(r["article_id"], (None, None, None))
        rows.append(
            {"article_id": r["article_id"], "signature": r["signature"],
             "duplicate_of": other, "similarity": score}
        )  # fmt: skip
    if rows:
        parquet.write_part(out, {"article_signatures": rows})
    return pa.table({"written": [len(rows)]})


def _table(ray: Any, out: str, table: str) -> Any:
    """One internal table of the run as a Ray Dataset (one read task per part), or None."""
    paths = parquet.files(out, table)
    if not paths:
        return None
    # pyarrow, not ray.data.read_parquet: that resolves paths through fsspec, whose
    # optional HTTP import races between Ray's resolver threads.
    parts = ray.data.from_items([{"path": p} for p in paths], override_num_blocks=len(paths))
    return parts.map_batches(
        read_parts, fn_kwargs={"table": table}, batch_size=1, batch_format="pyarrow"
    )


def _rows(ds: Any) -> Iterator[tuple[str, str, Any]]:
    for row in ds.iter_rows():
        yield row["key"], row["kind"], json.loads(row["payload"])


def _consume(ds: Any) -> None:
    for _ in ds.iter_batches(batch_size=None):
        pass
