"""Load the per-provider YAML files and enforce the catalog rules of Art. 10, 12, 16 and 32.

Every refusal names the file and the entry so the unit that owns it can fix it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from catalog import patterns
from catalog.model import (
    Catalog,
    CatalogEntry,
    OpenClass,
    PersonalKind,
    ProviderCatalog,
    ShareClass,
)
from catalog.strict_yaml import load_strict, one_line


@dataclass(frozen=True)
class Problem:
    file: Path
    entry: str  # "dataset" or "dataset.field"; "-" for the file as a whole
    message: str  # Chinese term first, English after

    def __str__(self) -> str:
        return f"{self.file.name} [{self.entry}]: {self.message}"


class CatalogInvalid(Exception):
    """The catalog breaks one or more rules; nothing may be loaded from it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"资源目录校验未通过 catalog validation failed ({len(problems)} problem(s)):\n{lines}\n"
            "请修改上述目录文件后重试 fix the files above and run `dw catalog validate` again."
        )


def load_catalog(directory: Path) -> Catalog:
    """Read every ``*.yaml`` under ``directory`` and return the validated catalog."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise CatalogInvalid([Problem(directory, "-", f"目录为空 no catalog files (*.yaml) in {directory}")])
    problems: list[Problem] = []
    entries: list[CatalogEntry] = []
    unreadable = False
    for file in files:
        parsed = _parse_file(file, problems)
        if parsed is not None:
            entries.extend(CatalogEntry(provider=parsed.provider, dataset=d, file=file) for d in parsed.datasets)
        unreadable = unreadable or parsed is None
    problems.extend(check_rules(entries, complete=not unreadable))
    if problems:
        raise CatalogInvalid(problems)
    return Catalog(entries=tuple(entries))


def _parse_file(file: Path, problems: list[Problem]) -> ProviderCatalog | None:
    try:
        raw, duplicates = load_strict(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problems.append(Problem(file, "-", f"无法解析 cannot parse: {one_line(exc)}"))
        return None
    except UnicodeDecodeError as exc:
        problems.append(Problem(file, "-", f"目录文件须为UTF-8 the catalog file is not UTF-8 (byte {exc.start}): save it as UTF-8"))
        return None
    except OSError as exc:
        problems.append(Problem(file, "-", f"无法读取 cannot read the file ({exc.strerror or type(exc).__name__})"))
        return None
    for entry, line, message in duplicates:
        problems.append(Problem(file, entry, f"{message} (line {line}): 删除多余的一项 keep one of them"))
    # The file is still read (last value) so that its entries do not vanish and cascade into
    # other files' problems; the catalog as a whole is refused all the same.
    try:
        return ProviderCatalog.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(Problem(file, _entry_path(raw, err["loc"]), _pydantic_message(err)))
        return None


def _pydantic_message(err: ErrorDetails) -> str:
    attribute = next((str(s) for s in reversed(err["loc"]) if isinstance(s, str)), "?")
    if err["type"] == "bool_type":
        return f"布尔值须为 true 或 false: `{attribute}` must be true or false (not yes/no/on/off, quoted or not)"
    return f"格式错误 `{attribute}`: {err['msg']}"


def _entry_path(raw: object, loc: tuple) -> str:
    """Turn a pydantic error location into 'dataset.field' using the ids in the raw YAML."""
    parts: list[str] = []
    node = raw
    for step in loc:
        node = node[step] if isinstance(node, (dict, list)) and _has(node, step) else None
        if isinstance(node, dict) and "id" in node:
            parts.append(str(node["id"]))
        elif isinstance(node, dict) and "name" in node and "item" in node:
            parts.append(str(node["name"]))
        elif isinstance(step, str) and not isinstance(node, list):
            parts.append(step)  # an attribute; container keys (datasets, fields) are implied
    return ".".join(parts) or "-"


def _has(node: dict | list, step: object) -> bool:
    if isinstance(node, dict):
        return step in node
    return isinstance(step, int) and 0 <= step < len(node)


def check_rules(entries: list[CatalogEntry], *, complete: bool = True) -> list[Problem]:
    """The cross-entry rules; each returns problems rather than stopping at the first.

    When a file could not be read (``complete`` false), the rules that need every provider's
    entries (one source per item) are left out: they would only echo that file's absence.
    """
    return [
        *_dataset_ids_unique(entries),
        *(_one_source_per_item(entries) if complete else []),
        *(_no_recollection(entries) if complete else []),
        *_legal_basis_where_restricted(entries),
        *_personal_data_never_unconditionally_open(entries),
        *_keys_present(entries),
        *_one_field_per_column(entries),
        *_patterns_stay_in_folder(entries),
        *_patterns_do_not_overlap(entries),
    ]


def _dataset_ids_unique(entries: list[CatalogEntry]) -> list[Problem]:
    seen: dict[str, CatalogEntry] = {}
    problems = []
    for e in entries:
        if e.dataset.id in seen:
            other = seen[e.dataset.id]
            problems.append(
                Problem(e.file, e.dataset.id, f"数据集编号重复 dataset id also declared in {other.file.name}")
            )
        seen.setdefault(e.dataset.id, e)
    return problems


def _one_source_per_item(entries: list[CatalogEntry]) -> list[Problem]:
    """一数一源 (Art. 12): every data item has exactly one authoritative provider."""
    authorities: dict[str, set[str]] = defaultdict(set)
    where: dict[str, list[tuple[CatalogEntry, str]]] = defaultdict(list)
    for e in entries:
        for f in e.dataset.fields:
            where[f.item].append((e, f.name))
            if f.authoritative:
                authorities[f.item].add(e.provider.code)
    problems = []
    for item, places in where.items():
        owners = authorities.get(item, set())
        entry, field = places[0]
        if not owners:
            problems.append(
                Problem(
                    entry.file,
                    f"{entry.dataset.id}.{field}",
                    f"数据项无权威来源 data item {item!r} has no authoritative provider (一数一源, Art. 12): "
                    "mark exactly one provider's field `authoritative: true`",
                )
            )
        elif len(owners) > 1:
            for e, name in places:
                if e.provider.code in owners:
                    problems.append(
                        Problem(
                            e.file,
                            f"{e.dataset.id}.{name}",
                            f"数据项有多个权威来源 data item {item!r} has {len(owners)} authoritative providers "
                            f"{sorted(owners)} (一数一源, Art. 12): keep one, the others share it",
                        )
                    )
    return problems


def _no_recollection(entries: list[CatalogEntry]) -> list[Problem]:
    """Art. 10, 12: an item a unit can get by sharing is not in its own catalog."""
    authority = {f.item: e.provider.code for e in entries for f in e.dataset.fields if f.authoritative}
    problems = []
    for e in entries:
        for f in e.dataset.fields:
            owner = authority.get(f.item)
            if f.authoritative or owner is None or owner == e.provider.code:
                continue
            if f.reference:
                continue
            problems.append(
                Problem(
                    e.file,
                    f"{e.dataset.id}.{f.name}",
                    f"重复编目 provider {e.provider.code!r} catalogues data item {f.item!r} whose "
                    f"authoritative source is {owner!r} (Art. 10, 12): remove it and obtain it by sharing, "
                    "or mark it `reference: true` if it only identifies whom the record is about",
                )
            )
    return problems


def _legal_basis_where_restricted(entries: list[CatalogEntry]) -> list[Problem]:
    """Art. 16: restricted and not-shared items need a legal basis."""
    return [
        Problem(
            e.file,
            e.dataset.id,
            f"缺少法律依据 share class {e.dataset.share_class.value!r} requires `legal_basis` "
            "(受限共享/非共享须有法律、法规或规章依据, Art. 16)",
        )
        for e in entries
        if e.dataset.share_class in (ShareClass.restricted, ShareClass.not_shared)
        and not (e.dataset.legal_basis or "").strip()
    ]


def _personal_data_never_unconditionally_open(entries: list[CatalogEntry]) -> list[Problem]:
    """Art. 32: personal privacy is never opened; so never unconditionally open."""
    problems = []
    for e in entries:
        if e.dataset.open_class is not OpenClass.unconditional_open:
            continue
        for f in e.dataset.fields:
            if f.personal is not PersonalKind.none:
                problems.append(
                    Problem(
                        e.file,
                        f"{e.dataset.id}.{f.name}",
                        f"个人信息不得无条件开放 field holds personal data ({f.personal.value}) but the "
                        "dataset is `unconditional_open` (Art. 32): use conditional_open or not_open",
                    )
                )
    return problems


def _keys_present(entries: list[CatalogEntry]) -> list[Problem]:
    return [
        Problem(e.file, e.dataset.id, "缺少主键 dataset has no `key: true` field; duplicates cannot be detected")
        for e in entries
        if not e.dataset.key_fields
    ]


def _one_field_per_column(entries: list[CatalogEntry]) -> list[Problem]:
    """Two fields reading one source column, or two fields writing one clean column, are a slip."""
    problems = []
    for e in entries:
        for attribute, what in (("column", "源列 source column"), ("name", "清洗列 clean column")):
            seen: dict[str, str] = {}
            for f in e.dataset.fields:
                value = getattr(f, attribute).strip()
                if value in seen:
                    problems.append(Problem(
                        e.file, f"{e.dataset.id}.{f.name}",
                        f"一列对应两个数据项 {what} {value!r} is also used by field {seen[value]!r}: "
                        "each column maps to one field",
                    ))
                seen.setdefault(value, f.name)
    return problems


def _patterns_stay_in_folder(entries: list[CatalogEntry]) -> list[Problem]:
    problems = []
    for e in entries:
        reason = patterns.unsafe_reason(e.dataset.source.pattern)
        if reason:
            problems.append(Problem(e.file, f"{e.dataset.id}.source.pattern", f"{reason}: {e.dataset.source.pattern!r}"))
    return problems


def _patterns_do_not_overlap(entries: list[CatalogEntry]) -> list[Problem]:
    """Files land in one folder per provider: two of its patterns must never claim one file name."""
    problems = []
    for i, a in enumerate(entries):
        for b in entries[i + 1:]:
            if a.provider.code != b.provider.code:
                continue
            pa, pb = a.dataset.source.pattern, b.dataset.source.pattern
            if patterns.overlap(pa, pb):
                problems.append(Problem(
                    b.file, f"{b.dataset.id}.source.pattern",
                    f"文件名模式重叠 pattern {pb!r} can match the same file name as {pa!r} of dataset "
                    f"{a.dataset.id!r} ({a.file.name}): make them exclusive, e.g. distinct prefixes",
                ))
    return problems
