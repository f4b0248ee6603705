"""Word-list loading shared by the recognisers (width folding lives in standards.normalise)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


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
