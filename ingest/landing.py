"""The landing folder as ingestion sees it: the files it may load, and everything else, named.

Providers drop files into ``landing/<provider code>/``. Only regular, readable files whose name
is valid UTF-8 and matches one of that provider's catalogued patterns are loaded. Everything
else — symlinks (dangling or not), folders, pipes, unreadable files, names matching no dataset,
files outside any provider folder — is skipped and reported once, one line each, so that
nothing in the folder can crash a run and nothing is ignored without a word.
"""

from __future__ import annotations

import os
import stat
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from catalog.model import Catalog, CatalogEntry
from catalog.patterns import matches

__all__ = ["LandingIssue", "LandingScan", "dataset_files", "scan_landing"]


@dataclass(frozen=True)
class LandingIssue:
    """One skipped landing entry; ``where`` is its path relative to the landing folder."""

    where: str
    what: str  # Chinese, then English
    todo: str

    def line(self) -> str:
        return f"跳过 skipped {self.where}: {self.what}. 处理建议 what to do: {self.todo}"


@dataclass(frozen=True)
class LandingScan:
    files: dict[str, list[Path]] = field(default_factory=dict)  # dataset id -> loadable files, by name
    issues: list[LandingIssue] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [issue.line() for issue in self.issues]


_SYMLINK = ("符号链接，不予读取 a symbolic link, not read (it could point outside the landing folder)",
            "把文件本身复制到该文件夹 copy the file itself into the folder")
_DANGLING = ("失效的符号链接 a dangling symbolic link (its target does not exist)", "删除该链接 remove the link")
_DIRECTORY = ("子文件夹，不予读取 a folder inside a provider folder; files are read from the provider folder only",
              "把文件移到提供单位文件夹 move its files up into the provider folder")
_SPECIAL = ("不是普通文件 not a regular file (pipe, socket or device)", "删除它 remove it")
_UNREADABLE = ("文件无法读取 the file cannot be opened for reading", "检查文件权限 check the file's permissions")
_BAD_NAME = ("文件名不是有效的UTF-8 the file name is not valid UTF-8 (copied from another system?)",
             "用中文或英文重新命名 rename it")
_UNMATCHED = ("文件名不匹配该单位任何数据集 the name matches none of this provider's catalogued file patterns",
              "按目录命名或移走 rename it as the catalog expects ({patterns}) or move it away")
_OUTSIDE = ("不在任何提供单位文件夹中 not inside a provider folder", "放入 landing/<提供单位代码 provider code>/ put it in its provider's folder")
_NO_PROVIDER = ("不是目录中的提供单位 the folder is not a catalogued provider code", "检查文件夹名称 check the folder name ({codes})")


def scan_landing(catalog: Catalog, landing: Path) -> LandingScan:
    """Every loadable file per dataset, and one issue per entry that will not be loaded."""
    scan = LandingScan()
    by_provider: dict[str, list[CatalogEntry]] = defaultdict(list)
    for entry in catalog.entries:
        by_provider[entry.provider.code].append(entry)
        scan.files[entry.dataset.id] = []
    codes = ", ".join(sorted(by_provider))
    for item in _entries(landing):
        name = _shown(item.name)
        if item.is_symlink():
            scan.issues.append(_issue(name, *(_SYMLINK if os.path.exists(item.path) else _DANGLING)))
        elif item.is_dir(follow_symlinks=False):
            if item.name in by_provider:
                _scan_provider(Path(item.path), by_provider[item.name], scan)
            else:
                scan.issues.append(_issue(f"{name}/", _NO_PROVIDER[0], _NO_PROVIDER[1].format(codes=codes)))
        else:
            scan.issues.append(_issue(name, *_OUTSIDE))
    return scan


def dataset_files(entry: CatalogEntry, landing: Path) -> list[Path]:
    """The loadable files of one dataset, sorted by name (the rest is in ``scan_landing``'s issues)."""
    scan = LandingScan(files={entry.dataset.id: []})
    folder = landing / entry.provider.code
    if folder.is_dir() and not folder.is_symlink():
        _scan_provider(folder, [entry], scan, report_unmatched=False)
    return scan.files[entry.dataset.id]


def _scan_provider(folder: Path, entries: list[CatalogEntry], scan: LandingScan, *, report_unmatched: bool = True) -> None:
    for item in _entries(folder):
        where = f"{folder.name}/{_shown(item.name)}"
        wanted = [e for e in entries if matches(item.name, e.dataset.source.pattern)]
        if not wanted and not report_unmatched:
            continue
        problem = _problem(item)
        if problem is not None:
            scan.issues.append(_issue(where, *problem))
        elif not wanted:
            patterns = ", ".join(e.dataset.source.pattern for e in entries)
            scan.issues.append(_issue(where, _UNMATCHED[0], _UNMATCHED[1].format(patterns=patterns)))
        else:
            for entry in wanted:  # the catalog keeps patterns exclusive, so this is one entry
                scan.files[entry.dataset.id].append(Path(item.path))
    for files in scan.files.values():
        files.sort(key=lambda p: p.name)


def _problem(item: os.DirEntry[str]) -> tuple[str, str] | None:
    """Why ``item`` cannot be loaded, or None for a regular readable file with a UTF-8 name."""
    if item.is_symlink():
        return _SYMLINK if os.path.exists(item.path) else _DANGLING
    try:
        mode = item.stat(follow_symlinks=False).st_mode
    except OSError:
        return _UNREADABLE
    if stat.S_ISDIR(mode):
        return _DIRECTORY
    if not stat.S_ISREG(mode):
        return _SPECIAL
    if _shown(item.name) != item.name:
        return _BAD_NAME
    try:
        with open(item.path, "rb") as fh:
            fh.read(1)
    except OSError:
        return _UNREADABLE
    return None


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError:  # absent, not a folder, or unreadable: nothing in it can be loaded
        return []


def _shown(name: str) -> str:
    """A file name as it can be printed and stored: undecodable bytes as \\xNN escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _issue(where: str, what: str, todo: str) -> LandingIssue:
    return LandingIssue(where=where, what=what, todo=todo)
