"""`dw file release|reject` and `dw table restore`: an operator's decisions about deliveries and
table versions, each one line, each under the writer lock (`--no-wait`: refuse at once if busy)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from config.settings import load_settings
from dw.operator import Account, account, fail

file_app = typer.Typer(help="交付文件 held, refused and rolled-back files: release or reject (issue 12).", no_args_is_help=True)

NoWait = Annotated[bool, typer.Option("--no-wait", help="写锁被占用时立即退出 exit at once if another writer holds the warehouse")]
SourceFile = Annotated[str, typer.Argument(help="接收目录下的文件 file under the landing folder, e.g. psb/hukou_20261201.csv")]
BUSY_EXIT = 75  # EX_TEMPFAIL: try again later


@contextmanager
def writing(purpose: str, no_wait: bool) -> Iterator[None]:
    """Hold the writer lock for a command; busy with --no-wait: one line naming the holder, exit 75."""
    from lakehouse.lock import WriterBusy, writer_lock

    try:
        with writer_lock(purpose, wait=not no_wait, on_wait=lambda line: typer.echo(line, err=True)):
            yield
    except WriterBusy as exc:
        raise fail(str(exc), code=BUSY_EXIT) from None


def _catalog():  # type: ignore[no-untyped-def]
    from catalog.validate import CatalogInvalid, load_catalog

    try:
        return load_catalog(load_settings().catalog_dir)
    except CatalogInvalid as exc:
        raise fail(str(exc)) from None


@file_app.command("release")
def release(source_file: SourceFile, actor: Account = None, no_wait: NoWait = False) -> None:
    """放行 load a held, refused or rolled-back file now, as the operator's decision (no guard)."""
    from ingest.decisions import DecisionRefused
    from ingest.decisions import release as do_release
    from ingest.errors import SourceError

    with writing(f"dw file release {source_file}", no_wait):
        try:
            result = do_release(_catalog(), load_settings(), source_file, account(actor))
        except (DecisionRefused, SourceError) as exc:
            raise fail(str(exc)) from None
    typer.echo(f"已放行 released {result.line()}")


@file_app.command("reject")
def reject(
    source_file: SourceFile,
    note: Annotated[str, typer.Option(help="驳回说明 why (no personal data)")] = "",
    actor: Account = None,
    no_wait: NoWait = False,
) -> None:
    """驳回 reject a held file, or dismiss a refused or rolled-back one: it loads nothing and leaves the list."""
    from ingest.decisions import DecisionRefused
    from ingest.decisions import reject as do_reject

    with writing(f"dw file reject {source_file}", no_wait):
        try:
            was = do_reject(_catalog(), load_settings(), source_file, account(actor), note)
        except DecisionRefused as exc:
            raise fail(str(exc)) from None
    typer.echo(f"已驳回 rejected {source_file} (was {was}); 表未改变 tables unchanged")


def table_restore(
    name: Annotated[str, typer.Argument(help="zone/dataset (raw, clean or quarantine: the whole dataset), or release/<table>")],
    version: Annotated[int, typer.Option(help="要恢复的版本 version of that table to bring back")],
    actor: Account = None,
    no_wait: NoWait = False,
) -> None:
    """恢复 bring a dataset back (raw, clean and quarantine together) to when NAME was at VERSION, as new versions."""
    from ingest.restore import RestoreRefused, restore

    with writing(f"dw table restore {name}", no_wait):
        try:
            result = restore(_catalog(), load_settings(), name, version, account(actor))
        except RestoreRefused as exc:
            raise fail(str(exc)) from None
    typer.echo(result.line())
    if result.rolled_back:
        typer.echo("下次运行不会自动重新加载回滚文件 the next run leaves rolled-back files as they are: "
                   "`dw file release <file>` brings one back, `dw file reject <file>` dismisses it")
