"""The training pool and its honest held-out split.

Pool: People's Daily 1998 NER (``pd_dev.bio``, ``pd_test.bio``) and the MSRA NER validation
part (``msra_val/``, sentences from MSRA's training set). One sentence in five — chosen by a
hash of its text, so the split does not depend on file order — is held out and never trained
on. MSRA's own test set, CLUENER2020, Weibo NER and Resume NER are never in the pool.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from masking.training.corpora import Sentence, read

POOL = (("pd_dev.bio", "bio"), ("pd_test.bio", "bio"), ("msra_val", "msra_split"))
HELDOUT_SHARE = 5  # one sentence in five


def _heldout(sentence: Sentence) -> bool:
    return hashlib.sha256(sentence.text.encode("utf-8")).digest()[0] % HELDOUT_SHARE == 0


def pool(folder: Path) -> list[Sentence]:
    out: list[Sentence] = []
    for name, layout in POOL:
        if (folder / name).exists():
            out.extend(read(folder / name, layout))
    return out


def train_pool(folder: Path) -> list[Sentence]:
    return [s for s in pool(folder) if not _heldout(s)]


def heldout_pool(folder: Path) -> list[Sentence]:
    return [s for s in pool(folder) if _heldout(s)]
