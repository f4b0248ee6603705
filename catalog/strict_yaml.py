"""YAML as the catalog needs it: a repeated key is an error, and only true/false are booleans.

PyYAML keeps the last of two equal keys without a word, and reads ``yes``, ``on``, ``y`` as
True (YAML 1.1). A hand-edited catalog must not change meaning that quietly: repeated keys are
reported with their line and the entry they sit in, and ``yes``/``on``/``no``/``off`` stay
strings, which the model's strict booleans then refuse.

>>> load_strict("a: 1\\nb: yes\\n")
({'a': 1, 'b': 'yes'}, [])
>>> load_strict("datasets:\\n  - id: x\\n    key: true\\n    key: false\\n")[1]
[('x', 4, "键重复 key 'key' appears twice (lines 3 and 4); the later one would silently win")]
"""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ["DuplicateKey", "load_strict", "one_line"]

DuplicateKey = tuple[str, int, str]  # (entry path, line, message)


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader whose only booleans are true/false (any case), as in YAML 1.2."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_strict(text: str) -> tuple[Any, list[DuplicateKey]]:
    """The document as Python data, and every repeated mapping key with where it is."""
    node = yaml.compose(text, Loader=_StrictLoader)
    duplicates: list[DuplicateKey] = []
    if node is not None:
        _find_duplicates(node, [], duplicates)
    return yaml.load(text, Loader=_StrictLoader), duplicates


def _find_duplicates(node: yaml.Node, path: list[str], out: list[DuplicateKey]) -> None:
    if isinstance(node, yaml.MappingNode):
        here = path + _name_of(node)
        first_line: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            line = key.start_mark.line + 1
            if name in first_line:
                out.append((
                    ".".join(here) or "-",
                    line,
                    f"键重复 key {name!r} appears twice (lines {first_line[name]} and {line}); the later one would silently win",
                ))
            else:
                first_line[name] = line
            _find_duplicates(value, here, out)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _find_duplicates(item, path, out)


def _name_of(node: yaml.MappingNode) -> list[str]:
    """A dataset is named by its ``id``, a field by its ``name``; other mappings add nothing."""
    scalars = {str(k.value): v.value for k, v in node.value if isinstance(v, yaml.ScalarNode)}
    for attribute in ("id", "name"):
        if attribute in scalars and ("id" in scalars or "item" in scalars or "column" in scalars):
            return [str(scalars[attribute])]
    return []


def one_line(exc: yaml.YAMLError) -> str:
    """A YAML syntax error as one line: what and where, without the quoted snippet."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or type(exc).__name__
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"YAML语法错误 YAML syntax error{where}: {problem}"
