"""A trained back-off for ``classify``: the type a sentence's words suggest.

The rules decide a pair when a lexicon predicate relates the spans; when none does, this
model gives the type the sentence's words point to. It is a multinomial naive Bayes over
lowercase words (stop words dropped), trained on ``../shared/data/train/`` (synthetic news
stories labelled with a PLOVER type) by ``dyad train-classifier``, and shipped as
``dyad/data/classifier.json``. Each answer names the words that weighed most for it.

Pure Python: no dependency beyond the standard library, runs offline on any core count.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from dyad.errors import InputError
from dyad.events.ontology import PLOVER_TYPES

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "classifier.json"
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_PLACEHOLDER = re.compile(r"\{[^}]*\}")
# Words that the stories share whatever their type, or that name their genre.
_NOISE = {"synthetic", "story", "reuters", "said", "says", "told", "reported", "according"}


def words(text: str) -> list[str]:
    """The model's features of ``text``: its lowercase words, no stop words or numbers.

    Capitalised words are dropped: they are mostly names ("Taliban", "Mugabe"), which say
    who acted, not what was done, and would tie the model to the stories' actors.
    """
    text = _PLACEHOLDER.sub(" ", text)
    return [
        w
        for w in _WORD.findall(text)
        if w[0].islower() and len(w) > 2 and w not in STOP_WORDS and w not in _NOISE
    ]


@dataclass(frozen=True)
class Guess:
    """The model's type for a text, how sure it is, and the words that decided."""

    plover_type: str
    probability: float
    features: tuple[str, ...]


@dataclass(frozen=True)
class Model:
    types: tuple[str, ...]
    prior: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]  # word -> log P(word | type), per type

    def guess(self, text: str) -> Guess | None:
        """The likeliest type for ``text``, or None when no word of it is known."""
        known = [w for w in words(text) if w in self.weights]
        if not known:
            return None
        scores = list(self.prior)
        for w in known:
            for k, value in enumerate(self.weights[w]):
                scores[k] += value
        best = max(range(len(scores)), key=scores.__getitem__)
        top = max(scores)
        total = sum(math.exp(s - top) for s in scores)
        # A word's pull toward the winner: its weight there against its mean weight.
        pull = {
            w: self.weights[w][best] - sum(self.weights[w]) / len(self.types) for w in set(known)
        }
        features = tuple(sorted((w for w in pull if pull[w] > 0), key=lambda w: (-pull[w], w))[:3])
        return Guess(self.types[best], round(1 / total, 3), features)


def train(
    rows: Iterable[tuple[str, str]], *, vocabulary: int = 4000, alpha: float = 0.5
) -> dict[str, object]:
    """Fit the model on (text, PLOVER type) rows; returns the JSON-ready model."""
    per_type: dict[str, Counter[str]] = {}
    docs: Counter[str] = Counter()
    seen_in: dict[str, set[str]] = {}
    for text, label in rows:
        feats = words(text)
        per_type.setdefault(label, Counter()).update(feats)
        docs[label] += 1
        for w in set(feats):
            seen_in.setdefault(w, set()).add(label)
    types = sorted(per_type)
    totals = {t: sum(per_type[t].values()) for t in types}
    overall = Counter[str]()
    for t in types:
        overall.update(per_type[t])
    # Keep the words that tell types apart best (largest spread of smoothed log-probability),
    # among those seen at least five times; ties broken by the word itself.
    candidates = [w for w, n in overall.items() if n >= 5]

    def logp(w: str, t: str) -> float:
        return math.log((per_type[t][w] + alpha) / (totals[t] + alpha * len(candidates)))

    spread = {
        w: max(logp(w, t) for t in types) - min(logp(w, t) for t in types) for w in candidates
    }
    ranked = sorted(candidates, key=lambda w: (-spread[w] * math.log(overall[w]), w))
    kept = sorted(ranked[:vocabulary])
    n_docs = sum(docs.values())
    return {
        "about": "Naive Bayes back-off for dyad classify; rebuild with `dyad train-classifier`.",
        "alpha": alpha,
        "types": types,
        "prior": [round(math.log(docs[t] / n_docs), 4) for t in types],
        "weights": {w: [round(logp(w, t), 3) for t in types] for w in kept},
    }


def read_training(path: Path, types: Iterable[str] = PLOVER_TYPES) -> list[tuple[str, str]]:
    """(title + story, label) rows of a training CSV with ``text`` and ``label`` columns.

    ``title`` is used when present. A missing file or column, or a label that is not one of
    ``types``, is an ``InputError`` naming the file and line.
    """
    known = set(types)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = {"text", "label"} - set(reader.fieldnames or ())
            if missing:
                raise InputError(f"no column {', '.join(sorted(missing))}", path=str(path))
            rows = []
            for row in reader:
                label = (row["label"] or "").strip()
                if label not in known:
                    raise InputError(
                        f"label {label!r} is not a PLOVER type",
                        path=str(path),
                        locator=f"line {reader.line_num}",
                    )
                rows.append((f"{row.get('title') or ''}\n{row['text'] or ''}", label))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read training data ({exc})", path=str(path)) from exc
    if not rows:
        raise InputError("no training rows", path=str(path))
    return rows


def save(model: dict[str, object], path: Path = MODEL_PATH) -> None:
    path.write_text(json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n")


def from_dict(data: dict) -> Model:
    return Model(
        types=tuple(data["types"]),
        prior=tuple(data["prior"]),
        weights={w: tuple(v) for w, v in data["weights"].items()},
    )


@cache
def load(path: Path = MODEL_PATH) -> Model | None:
    """The shipped model, or None if the file is absent (the rules then decide alone)."""
    if not path.exists():
        return None
    return from_dict(json.loads(path.read_text()))
