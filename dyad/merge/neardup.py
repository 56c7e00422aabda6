"""Near-duplicate articles: the same wire story republished, lightly edited.

Each article gets a MinHash signature of its word 5-shingles (``SIZE`` values); two
articles whose signatures agree in at least ``THRESHOLD`` of their places share about
that share of their shingles. Candidates are found by locality-sensitive hashing: the
signature is cut into ``BANDS`` bands, and only articles sharing a band are compared,
so finding a duplicate costs a few index lookups, not a pass over the corpus.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

SIZE = 64
BANDS = 16
THRESHOLD = 0.75  # estimated Jaccard similarity of shingles: a light edit, not a rewrite
SHINGLE = 5
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20240730)  # fixed: signatures must agree across runs
_A = _rng.integers(1, _PRIME, SIZE, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, SIZE, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def _shingles(text: str) -> np.ndarray:
    words = _WORD.findall(text.lower())
    grams = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    values = [int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest()) for g in grams]
    return np.array(values or [0], dtype=np.uint64)


def signature(text: str) -> list[int]:
    """The MinHash signature of a text: ``SIZE`` 32-bit values."""
    x = _shingles(text)[:, None]
    hashed = (x * _A[None, :] + _B[None, :]) % np.uint64(_PRIME)  # wraps: still a fixed hash
    return [int(v) & 0xFFFFFFFF for v in hashed.min(axis=0)]


def bands(sig: list[int]) -> list[str]:
    """The LSH band keys of a signature; articles sharing one are candidates."""
    rows = SIZE // BANDS
    keys = []
    for b in range(BANDS):
        chunk = ",".join(str(v) for v in sig[b * rows : (b + 1) * rows])
        keys.append(f"{b}:{hashlib.blake2b(chunk.encode(), digest_size=8).hexdigest()}")
    return keys


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two articles' shingles."""
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / SIZE
