"""Named random streams, so that the demo district is reproducible piece by piece.

Each dataset draws from its own stream derived from (seed, name). Changing how one dataset
is generated therefore never shifts the random numbers, and so the content, of another.
"""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, name: str) -> np.random.Generator:
    """A generator that depends only on ``seed`` and ``name`` (crc32 is stable across runs)."""
    return np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])


def weighted_sample(weights: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` distinct positions drawn with probability proportional to ``weights``.

    Efraimidis–Spirakis keys (u ** (1 / w)), linear in the population, where numpy's own
    weighted draw without replacement is quadratic.
    """
    k = min(k, int(np.count_nonzero(weights > 0)))
    keys = np.log(rng.random(len(weights))) / np.where(weights > 0, weights, np.nan)
    keys = np.nan_to_num(keys, nan=-np.inf)
    return np.sort(np.argpartition(-keys, k - 1)[:k]) if k else np.empty(0, dtype=np.int64)
