"""``dyad eval``: score Dyad against gold records ("gold v1", see the data README).

Figures, exactly as the gold format defines them:

- events, at levels ``country`` (first three letters of the codes) and ``full`` (first
  six; a three-letter gold code also matches that country's government): micro
  precision, recall and F1, with one-to-one matching per record, symmetric CONSULT /
  AGREE / COOPERATE, duplicate predictions counted once, and optional gold events
  neither rewarded nor missed; plus a per-type table;
- actors (records whose gold events name their actors' words, ``source_text`` and
  ``target_text``): the share of gold actors whose code Dyad gives the mention of those
  words, at levels ``country`` and ``full`` (country + sector, as for events);
- pairs: ``found``, ``found_typed`` and ``type_accuracy``;
- ``classify``: accuracy and macro-F1 of the type given the sentence and both spans.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyad.errors import InputError
from dyad.ingest.clean import clean_text
from dyad.records import CodedArticle, Mention

SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}
# Country codes in the gold that are no ISO 3166-1 code but an older spelling of one (the
# GSR writes Japan JAP, Italy ITL, Vietnam VTN). The format says ISO, so they are read as
# the ISO code, and `dyad eval` prints each such reading with its count.
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
LEVELS = ("country", "full")
Codes = list[str | None]


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def actor_matches(gold: Any, predicted: str | None, level: str) -> bool:
    """Whether a predicted actor code matches a gold code (or list of codes, or null)."""
    for code in _as_list(gold):
        if code is None or predicted is None:
            if code is None and predicted is None:
                return True
            continue
        if level == "country":
            if code[:3] == predicted[:3]:
                return True
        elif code[:6] == predicted[:6] or (len(code) == 3 and predicted[:6] == code + "GOV"):
            return True
    return False


@dataclass(frozen=True)
class Predicted:
    source: str | None
    type: str
    target: str | None
    why: str = field(default="", compare=False)  # predicate and rule, for --details


def event_matches(gold: dict[str, Any], p: Predicted, level: str) -> bool:
    if p.type not in _as_list(gold["type"]):
        return False
    direct = actor_matches(gold["source"], p.source, level) and actor_matches(
        gold["target"], p.target, level
    )
    if direct or p.type not in SYMMETRIC:
        return direct
    return actor_matches(gold["source"], p.target, level) and actor_matches(
        gold["target"], p.source, level
    )


def _max_matching(edges: dict[int, list[int]]) -> dict[int, int]:
    """Maximum bipartite matching (prediction -> gold) by augmenting paths."""
    owner: dict[int, int] = {}

    def augment(p: int, seen: set[int]) -> bool:
        for g in edges.get(p, []):
            if g in seen:
                continue
            seen.add(g)
            if g not in owner or augment(owner[g], seen):
                owner[g] = p
                return True
        return False

    for p in edges:
        augment(p, set())
    return {p: g for g, p in owner.items()}


@dataclass
class PairMiss:
    """A gold pair no predicted event links with its type (for --details)."""

    id: str
    source_text: str | None
    types: list[str]
    target_text: str | None
    untyped: bool  # some event links the spans, with another type
    events: list[str]  # what Dyad found in the text, "SOURCE TYPE TARGET ('predicate')"


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
        }


@dataclass
class RecordResult:
    """What happened to one record's events at one level (for --details)."""

    id: str
    level: str
    true: list[Predicted] = field(default_factory=list)
    false: list[Predicted] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)


def score_events(
    gold: Sequence[dict[str, Any]], predicted: Iterable[Predicted], level: str, record_id: str = ""
) -> tuple[RecordResult, dict[str, Tally]]:
    """Match one record's predictions to its gold events; tallies per type ("" = all)."""
    preds = list(dict.fromkeys(predicted))  # the same (source, type, target) counts once
    required = [i for i, g in enumerate(gold) if not g.get("optional")]
    edges = {
        pi: [gi for gi in required if event_matches(gold[gi], p, level)]
        for pi, p in enumerate(preds)
    }
    matched = _max_matching(edges)
    tallies: dict[str, Tally] = defaultdict(Tally)
    result = RecordResult(record_id, level)
    for pi, p in enumerate(preds):
        if pi in matched:
            result.true.append(p)
            for key in ("", p.type):
                tallies[key].tp += 1
        elif any(g.get("optional") and event_matches(g, p, level) for g in gold):
            continue
        else:
            result.false.append(p)
            for key in ("", p.type):
                tallies[key].fp += 1
    hit = set(matched.values())
    for gi in required:
        if gi not in hit:
            result.missed.append(gold[gi])
            for key in ("", _as_list(gold[gi]["type"])[0]):
                tallies[key].fn += 1
    return result, tallies


_WORD = re.compile(r"\w+")


def _words(text: str, start: int, end: int) -> set[int]:
    return {m.start() for m in _WORD.finditer(text) if start <= m.start() < end}


def _locate(text: str, words: str | None) -> tuple[int, int] | None:
    """Where the gold words are in the (cleaned) text that Dyad coded."""
    if not words:
        return None
    for candidate in (words, clean_text(words)):
        start = text.find(candidate)
        if start >= 0:
            return start, start + len(candidate)
    return None


def _overlaps(text: str, span: tuple[int, int] | None, start: int | None, end: int | None) -> bool:
    if span is None or start is None or end is None:
        return False
    return bool(_words(text, *span) & _words(text, start, end))


def _macro_f1(pairs: list[tuple[str, str | None]]) -> float:
    labels = {g for g, _ in pairs}
    scores = []
    for label in sorted(labels):
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        denom = 2 * tp + fp + fn
        scores.append(2 * tp / denom if denom else 0.0)
    return round(sum(scores) / len(scores), 4) if scores else 0.0


def _best_mention(text: str, span: tuple[int, int], mentions: Iterable[Mention]) -> Mention | None:
    """The mention sharing most words with ``span`` (the shortest, on a tie), if any."""
    words = _words(text, *span)
    scored = [(len(words & _words(text, m.start, m.end)), -(m.end - m.start), m) for m in mentions]
    scored = [s for s in scored if s[0]]
    return max(scored, key=lambda s: (s[0], s[1]))[2] if scored else None


def score_actors(
    gold: Sequence[dict[str, Any]], coded: CodedArticle, tally: dict[str, int]
) -> None:
    """Count, per gold actor with its words given, whether its mention has the gold code."""
    text = coded.article.text
    mentions = list(coded.mentions)
    for event in coded.events:
        mentions.extend(m for m in (event.source, event.target) if m is not None)
    for g in gold:
        for side in ("source", "target"):
            code, words = g.get(side), g.get(f"{side}_text")
            span = _locate(text, words) if code is not None else None
            if span is None:
                continue
            mention = _best_mention(text, span, mentions)
            predicted = mention.actor.code if mention else None
            tally["n"] += 1
            for level in LEVELS:
                tally[level] += bool(predicted) and actor_matches(code, predicted, level)


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Gold records; a malformed line raises InputError naming the file and line."""
    records = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"not valid JSON ({exc.msg})", path=str(path), locator=f"line {number}"
                ) from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise InputError(
                    'a gold record needs a "text" string', path=str(path), locator=f"line {number}"
                )
            _read_legacy_codes(record)
            records.append(record)
    return records


def _read_legacy_codes(record: dict[str, Any]) -> None:
    """Replace older spellings of country codes in a record's events by the ISO code,
    noting each replacement under ``record["recoded"]``."""
    recoded: dict[str, int] = defaultdict(int)

    def iso(code: Any) -> Any:
        if isinstance(code, list):
            return [iso(c) for c in code]
        if isinstance(code, str) and code[:3] in LEGACY_CODES:
            recoded[f"{code[:3]}->{LEGACY_CODES[code[:3]]}"] += 1
            return LEGACY_CODES[code[:3]] + code[3:]
        return code

    for event in record.get("events", []):
        if isinstance(event, dict):
            for side in ("source", "target"):
                event[side] = iso(event.get(side))
    if recoded:
        record["recoded"] = dict(recoded)


def evaluate(
    records: Sequence[dict[str, Any]],
    code: Callable[[str, str | None], CodedArticle],
    classify: Callable[[str, tuple[int, int], tuple[int, int] | None], str | None],
    *,
    details: list[RecordResult | PairMiss] | None = None,
) -> dict[str, Any]:
    """Score ``code`` (text, date -> events) and ``classify`` on gold records.

    With ``details``, each record's result per level and each pair missed are appended.
    """
    totals = {level: defaultdict(Tally) for level in LEVELS}
    pair_n = found = found_typed = 0
    classified: list[tuple[str, str | None]] = []
    n_events = 0
    actor_tally = {"n": 0, "country": 0, "full": 0}
    for record in records:
        when = record.get("date")
        coded = code(record["text"], when)
        text, events = coded.article.text, coded.events
        if "events" in record:
            n_events += 1
            score_actors(record["events"], coded, actor_tally)
            predicted = [
                Predicted(
                    e.source.actor.code if e.source else None,
                    e.plover_type,
                    e.target.actor.code if e.target else None,
                    f"'{e.predicate}' {e.rule}",
                )
                for e in events
            ]
            for level in LEVELS:
                result, tallies = score_events(
                    record["events"], predicted, level, record.get("id", "")
                )
                for key, tally in tallies.items():
                    total = totals[level][key]
                    total.tp, total.fp, total.fn = (
                        total.tp + tally.tp,
                        total.fp + tally.fp,
                        total.fn + tally.fn,
                    )
                if details is not None:
                    details.append(result)
        for pair in record.get("pairs", []):
            pair_n += 1
            types = _as_list(pair["type"])
            src = _locate(text, pair.get("source_text"))
            tgt = _locate(text, pair.get("target_text"))
            hits = [
                e
                for e in events
                if e.source
                and _overlaps(text, src, e.source.start, e.source.end)
                and (
                    (tgt is None and e.target is None)
                    or (e.target is not None and _overlaps(text, tgt, e.target.start, e.target.end))
                )
            ]
            found += bool(hits)
            typed = any(e.plover_type in types for e in hits)
            found_typed += typed
            if details is not None and not typed:
                details.append(
                    PairMiss(
                        record.get("id", ""),
                        pair.get("source_text"),
                        types,
                        pair.get("target_text"),
                        bool(hits),
                        [_described(e) for e in events],
                    )
                )
            if src is not None:
                guess = classify(text, src, tgt)
                label = guess if guess in types else types[0]
                classified.append((label, guess))
    report: dict[str, Any] = {"records": len(records)}
    recoded: dict[str, int] = defaultdict(int)
    for record in records:
        for reading, count in record.get("recoded", {}).items():
            recoded[reading] += count
    if recoded:
        report["recoded"] = dict(sorted(recoded.items()))
    if n_events:
        report["events"] = {level: totals[level][""].scores() for level in LEVELS}
        report["events"]["by_type"] = {
            t: {level: totals[level][t].scores() for level in LEVELS}
            for t in sorted(set(totals["country"]) - {""})
        }
    if actor_tally["n"]:
        n = actor_tally["n"]
        report["actors"] = {"n": n, **{lv: round(actor_tally[lv] / n, 4) for lv in LEVELS}}
    if pair_n:
        report["pairs"] = {
            "n": pair_n,
            "found": round(found / pair_n, 4),
            "found_typed": round(found_typed / pair_n, 4),
            "type_accuracy": round(found_typed / found, 4) if found else 0.0,
        }
        if classified:
            correct = sum(1 for g, p in classified if g == p)
            report["classify"] = {
                "n": len(classified),
                "accuracy": round(correct / len(classified), 4),
                "macro_f1": _macro_f1(classified),
            }
    return report


def _described(event: Any) -> str:
    """ "Russia[RUS] ACCUSE United States[USA] ('condemned')": an event, briefly."""

    def side(m: Mention | None) -> str:
        return f"{m.text}[{m.actor.code}]" if m is not None else "-"

    return f"{side(event.source)} {event.plover_type} {side(event.target)} ('{event.predicate}')"


def format_details(details: Sequence[RecordResult | PairMiss], level: str = "full") -> list[str]:
    """Each record's false and missed events at ``level``, and each missed pair."""
    lines: list[str] = []
    for item in details:
        if isinstance(item, PairMiss):
            what = "wrong type" if item.untyped else "not found"
            lines.append(
                f"  {item.id}: pair {what}: {item.source_text} {'/'.join(item.types)} "
                f"{item.target_text}"
            )
            lines.extend(f"    found  {e}" for e in item.events)
            continue
        if item.level != level or not (item.false or item.missed):
            continue
        lines.append(f"  {item.id}:")
        lines.extend(f"    false  {p.source} {p.type} {p.target}  | {p.why}" for p in item.false)
        lines.extend(
            f"    missed {g['source']} {g['type']} {g['target']}  | {g.get('evidence', '')[:80]}"
            for g in item.missed
        )
    return lines


def format_text(report: dict[str, Any], name: str = "") -> str:
    """A human-readable rendering of ``evaluate``'s report."""
    lines = [f"{name}: {report['records']} records" if name else f"{report['records']} records"]
    events = report.get("events")
    if events:
        lines.append("events       precision  recall   f1      tp   fp   fn")
        for level in LEVELS:
            s = events[level]
            lines.append(
                f"  {level:<10} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>6.3f}"
                f" {s['tp']:>5} {s['fp']:>4} {s['fn']:>4}"
            )
        lines.append("by type (country level)      p      r     f1   tp  fp  fn")
        for t, by_level in events["by_type"].items():
            s = by_level["country"]
            lines.append(
                f"  {t:<22} {s['precision']:>6.2f} {s['recall']:>6.2f} {s['f1']:>6.2f}"
                f" {s['tp']:>4} {s['fp']:>3} {s['fn']:>3}"
            )
    if report.get("recoded"):
        readings = ", ".join(f"{r} ({n})" for r, n in report["recoded"].items())
        lines.append(f"gold codes read as their ISO code: {readings}")
    resolved = report.get("actors")
    if resolved:
        lines.append(
            f"actors       n={resolved['n']}  country={resolved['country']:.3f}  "
            f"full={resolved['full']:.3f}  (gold actors whose mention gets their code)"
        )
    pairs = report.get("pairs")
    if pairs:
        lines.append(
            f"pairs        n={pairs['n']}  found={pairs['found']:.3f}  "
            f"found_typed={pairs['found_typed']:.3f}  "
            f"type_accuracy={pairs['type_accuracy']:.3f}"
        )
    merged = report.get("merge")
    if merged:
        lines.append(
            f"merge        {merged['mentions']} event mentions -> {merged['events']} events "
            f"({merged['merged']} repeated reports merged within their articles)"
        )
    cls = report.get("classify")
    if cls:
        lines.append(
            f"classify     n={cls['n']}  accuracy={cls['accuracy']:.3f}  "
            f"macro_f1={cls['macro_f1']:.3f}"
        )
    return "\n".join(lines)
