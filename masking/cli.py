"""`dw pii scan` and `dw pii mask`: personal-data findings and masked copies of a file.

Module-level imports stay light (typer only): the main CLI mounts this app and must start fast;
the recognisers, polars and jieba load inside the commands.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer

pii_app = typer.Typer(
    help="个人信息识别与脱敏 Find and mask personal data (Art. 16, 17, 32).",
    no_args_is_help=True,
)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"错误 error: {message}", err=True)
    return typer.Exit(code=2)


def _workers(workers: int) -> int:
    return workers if workers > 0 else (os.cpu_count() or 1)


@pii_app.command("scan")
def scan(
    input: Path = typer.Argument(..., help="输入文件 CSV (UTF-8/GBK), Parquet file or Delta table folder"),
    columns: str | None = typer.Option(None, "--columns", help="只扫描这些列 comma-separated headers to scan (default: all)"),
    threshold: float = typer.Option(0.5, "--threshold", min=0.0, max=1.0, help="最低置信度 minimum score reported"),
    workers: int = typer.Option(0, "--workers", help="并行进程数 processes (0 = one per core)"),
) -> None:
    """扫描个人信息 Print one JSON object per finding: row, column, entity_type, start, end, score."""
    from masking.io import InputError, read_table
    from masking.scan import Scanner

    try:
        table = read_table(input)
    except InputError as exc:
        raise _fail(str(exc)) from None
    selected = _columns(table.frame.columns, columns, input)
    scanner = Scanner(threshold=threshold)
    out = sys.stdout
    for finding in scanner.scan_frame(table.frame, selected, workers=_workers(workers)):
        out.write(json.dumps(finding.as_json(), ensure_ascii=False) + "\n")


@pii_app.command("mask")
def mask(
    input: Path = typer.Argument(..., help="输入文件 CSV (UTF-8/GBK), Parquet file or Delta table folder"),
    output: Path = typer.Argument(..., help="输出 written in the input's format (and CSV encoding)"),
    policy: str = typer.Option(..., "--policy", help="脱敏策略 restricted | not_shared | open"),
    workers: int = typer.Option(0, "--workers", help="并行进程数 processes (0 = one per core)"),
) -> None:
    """脱敏 Write a masked copy; refuses to write if the re-scan still finds personal data."""
    import polars as pl

    from catalog.model import PersonalKind
    from config.settings import load_settings
    from masking.classify import infer_kinds
    from masking.gate import settle
    from masking.io import InputError, read_table, write_table
    from masking.mask import mask_frame
    from masking.policy import ReleaseClass, load_policy
    from masking.scan import Scanner

    try:
        chosen = load_policy(ReleaseClass(policy))
    except ValueError:
        raise _fail(f"未知策略 unknown policy {policy!r}; use restricted, not_shared or open") from None
    try:
        table = read_table(input)
    except InputError as exc:
        raise _fail(str(exc)) from None
    scanner = Scanner()
    n = _workers(workers)
    kinds = infer_kinds(table.frame, scanner)
    original = {c: table.frame.get_column(c).cast(pl.String).to_list() for c, k in kinds.items() if k is PersonalKind.free_text}
    key = load_settings().pseudonym_key()
    masked = mask_frame(table.frame, kinds, chosen, key, scanner, n)
    frame, result = settle(masked.frame, kinds, {}, chosen, scanner, key, n, original)
    if not result.passed:
        raise _fail(
            "隐私闸门未通过 personal data remains after masking; nothing written:\n"
            + "\n".join(f"  - {p}" for p in result.all_problems[:10])
        )
    write_table(frame, output, table)
    for column, action in masked.actions.items():
        typer.echo(f"{column}: {action}", err=True)
    typer.echo(f"已写出 written {output} ({frame.height} rows, policy {chosen.release_class.value})", err=True)


def _columns(available: list[str], requested: str | None, input: Path) -> list[str]:
    if not requested:
        return available
    wanted = [c.strip() for c in requested.split(",") if c.strip()]
    missing = [c for c in wanted if c not in available]
    if missing:
        raise _fail(f"{input}: 列不存在 no column(s) {missing}; the file has {available}")
    return wanted
