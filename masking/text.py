"""Text helpers shared by the recognisers: width folding and word-list loading."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

# Full-width ASCII (０-９, Ａ-Ｚ, ＠, －, （ …) folds to half-width one character for one, so
# offsets found in the folded text are offsets in the original cell.
_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20


def fold_width(text: str) -> str:
    """Half-width copy of ``text`` with the same length."""
    return text.translate(_FULL_WIDTH)


def resource_text(name: str) -> str:
    return resources.files("masking.resources").joinpath(name).read_text(encoding="utf-8")


@cache
def word_list(name: str) -> tuple[str, ...]:
    """Whitespace-separated words of a resource file, comments (#) skipped, file order kept."""
    words = (w for line in resource_text(name).splitlines() if not line.startswith("#") for w in line.split())
    return tuple(dict.fromkeys(words))


@cache
def resource_yaml(name: str) -> dict:
    return yaml.safe_load(resource_text(name))
