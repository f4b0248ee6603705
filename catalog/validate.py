"""Load the per-provider YAML files and enforce the catalog rules of Art. 10, 12, 16 and 32.

Every refusal names the file and the entry so the unit that owns it can fix it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from catalog.model import (
    Catalog,
    CatalogEntry,
    OpenClass,
    PersonalKind,
    ProviderCatalog,
    ShareClass,
)


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
    for file in files:
        parsed = _parse_file(file, problems)
        if parsed is not None:
            entries.extend(CatalogEntry(provider=parsed.provider, dataset=d, file=file) for d in parsed.datasets)
    problems.extend(check_rules(entries))
    if problems:
        raise CatalogInvalid(problems)
    return Catalog(entries=tuple(entries))


def _parse_file(file: Path, problems: list[Problem]) -> ProviderCatalog | None:
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(Problem(file, "-", f"无法解析 cannot parse YAML: {exc}"))
        return None
    try:
        return ProviderCatalog.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(Problem(file, _entry_path(raw, err["loc"]), f"格式错误 {err['msg']}"))
        return None


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


def check_rules(entries: list[CatalogEntry]) -> list[Problem]:
    """The cross-entry rules; each returns problems rather than stopping at the first."""
    return [
        *_dataset_ids_unique(entries),
        *_one_source_per_item(entries),
        *_no_recollection(entries),
        *_legal_basis_where_restricted(entries),
        *_personal_data_never_unconditionally_open(entries),
        *_keys_present(entries),
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
