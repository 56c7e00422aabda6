"""A generated news corpus for crash and load tests: thousands of distinct short articles.

Sentences are built from templates over actor names and predicates that Dyad codes, so
every article yields events; a few records are deliberately bad, so rejects are exercised
too. The same seed always gives the same corpus.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

ACTORS = (
    "Russia",
    "China",
    "Iran",
    "Cuba",
    "Brazil",
    "Colombia",
    "Germany",
    "France",
    "India",
    "Turkey",
    "Syria",
    "Japan",
    "Canada",
    "Mexico",
    "Venezuela",
    "Ukraine",
    "Saudi Arabia",
    "South Korea",
    "the United States",
    "the European Union",
    "the Kremlin",
    "Nicolás Maduro",
)
TEMPLATES = (
    "{a} condemned {b} on {day}.",
    "{a} imposed sanctions on {b} over its {topic} policy.",
    "{a} praised {b} for its support on {topic}.",
    "{a} accused {b} of interfering in {topic}.",
    "{a} called on {b} to release the prisoners held since {month}.",
    "{a} sent aid to {b} after the {topic} crisis.",
    "{a} met with {b} to discuss {topic}.",
    "{a} threatened {b} with military action.",
    "{a} signed an agreement with {b} on {topic}.",
    "{a} criticized {b} for its stance on {topic}.",
)
TOPICS = ("energy", "trade", "migration", "the election", "fishing rights", "border security")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
MONTHS = ("January", "March", "May", "July", "September", "November")


def _article(rng: random.Random, serial: int) -> str:
    sentences = []
    for _ in range(rng.randint(2, 4)):
        a, b = rng.sample(ACTORS, 2)
        sentence = rng.choice(TEMPLATES).format(
            a=a, b=b, day=rng.choice(DAYS), topic=rng.choice(TOPICS), month=rng.choice(MONTHS)
        )
        sentences.append(sentence[0].upper() + sentence[1:])
    # The serial keeps every article distinct, so each one is coded and stored.
    sentences.append(f"The ministry published statement number {serial}.")
    return " ".join(sentences)


def write_corpus(folder: Path, n_articles: int, *, seed: int = 7, per_file: int = 250) -> dict:
    """Write ``n_articles`` articles as JSONL files and a few .txt files under ``folder``.

    Returns what was written: ``articles`` (distinct article texts), ``records`` (input
    records, duplicates and bad ones included) and ``bad`` (records that must be rejected).
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    start = date(2023, 1, 1)
    lines: list[str] = []
    n_txt = n_articles // 20
    for serial in range(n_articles - n_txt):
        when = start + timedelta(days=rng.randrange(700))
        lines.append(
            json.dumps({"id": f"g{serial}", "text": _article(rng, serial), "date": str(when)})
        )
    bad = 0
    for n in range(0, len(lines), 97):  # sprinkle bad records and exact duplicates
        lines.insert(n, '{"text": ""}' if n % 2 else "{not json")
        bad += 1
    lines.append(lines[1])  # the same record again: stored once
    records = len(lines)
    for part, begin in enumerate(range(0, len(lines), per_file)):
        chunk = lines[begin : begin + per_file]
        (folder / f"feed_{part:03d}.jsonl").write_text("\n".join(chunk) + "\n", "utf-8")
    for serial in range(n_articles - n_txt, n_articles):
        when = start + timedelta(days=rng.randrange(700))
        (folder / f"story_{serial:05d}.txt").write_text(f" date {when} {_article(rng, serial)}")
        records += 1
    return {"articles": n_articles, "records": records, "bad": bad}
