"""Errors about provider files: what was wrong, where, and what to do, in one line.

The line names the file, the place (line, row, column, byte) and the reason in Chinese and
English, and never a value from the file: a refused file is often full of resident IDs.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SourceError", "one_line"]


class SourceError(Exception):
    """A provider file that cannot be read at all; no row of it is loaded.

    ``row`` is the data row (1 = the first row after the header, as ``_row_number``), ``line``
    the physical line of the file (1 = the header) and ``byte`` an offset from the file's start.
    ``column`` names a column by its catalogued header or by its position, never by a value.
    """

    def __init__(
        self,
        path: Path,
        row: int | None,
        column: str | None,
        what: str,
        todo: str,
        *,
        line: int | None = None,
        byte: int | None = None,
    ):
        self.path, self.row, self.column, self.what, self.todo = path, row, column, one_line(what), one_line(todo)
        self.line, self.byte = line, byte
        super().__init__(self.line_text())

    def line_text(self) -> str:
        where = [f"文件 file {self.path}"]
        if self.line is not None:
            where.append(f"行 line {self.line}")
        if self.row is not None:
            where.append(f"数据行 row {self.row}")
        if self.column is not None:
            where.append(f"列 column {self.column}")
        if self.byte is not None:
            where.append(f"字节 byte {self.byte}")
        return f"{self.what} — {', '.join(where)}. 处理建议 what to do: {self.todo}"


def one_line(text: str) -> str:
    """``text`` with every line break and tab folded into a space."""
    return " ".join(text.split())
