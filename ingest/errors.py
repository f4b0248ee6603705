"""Errors about provider files: what was wrong, where, and what to do."""

from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """A provider file that cannot be read at all; no row of it is loaded."""

    def __init__(self, path: Path, row: int | None, column: str | None, what: str, todo: str):
        self.path, self.row, self.column, self.what, self.todo = path, row, column, what, todo
        where = f"文件 file {path}"
        if row is not None:
            where += f", 行 row {row}"
        if column is not None:
            where += f", 列 column {column!r}"
        super().__init__(f"{what} — {where}. 处理建议 what to do: {todo}")
