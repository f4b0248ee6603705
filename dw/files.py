"""`dw file release|reject` and `dw table restore`: an operator's decisions about deliveries and
table versions, each one line, each under the writer lock (`--no-wait`: refuse at once if busy),
each recorded in the ingestion ledger and appended to the tamper-evident audit log (Art. 31, 33)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from config.settings import load_settings
from dw.operator import Account, account, fail, refusals_as_lines, workflow

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


def _audit(actor: str | None, action: str, subject: str, dataset: str | None, detail: dict[str, Any],
           rows: int | None = None) -> None:
    """Append the decision, once it took effect, to the audit log as the bureau's operator. The lake
    and the store are two systems: a failure here leaves the decision in the ledger, and says so."""
    from workflow.units import operator

    try:
        with workflow() as wf, wf.store.write() as s:
            wf.audit.record(s, operator(s, None, account(actor)), action, subject, dataset=dataset, detail=detail, rows=rows)
    except typer.Exit:
        typer.echo("注意 note: 决定已生效并记入台账，但未能写入审计日志 the decision took effect and is in the ledger, "
                   "but the audit log could not be written: 请检查工作流数据库 check the workflow database", err=True)
        raise


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
        _audit(actor, "file.release", f"file:{source_file}", result.dataset,
               {"batch_id": result.batch_id, "event": result.event, "clean_rows": result.clean_rows,
                "quarantined_rows": result.quarantined_rows}, rows=result.raw_rows)
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
    from workflow.privacy import checked_text

    with refusals_as_lines():  # the note goes to the audit log: checked before anything changes
        note = checked_text(note, "驳回说明", "note")
    with writing(f"dw file reject {source_file}", no_wait):
        try:
            was = do_reject(_catalog(), load_settings(), source_file, account(actor), note)
        except DecisionRefused as exc:
            raise fail(str(exc)) from None
        _audit(actor, "file.reject", f"file:{source_file}", None, {"was": was, "note": note})
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
        _audit(actor, "table.restore", f"table:{name}", name.partition("/")[2] or None,
               {"to_version": version, "versions": {zone: list(v) for zone, v in result.versions.items()},
                "rolled_back": result.rolled_back, "brought_back": result.brought_back})
    typer.echo(result.line())
    if result.rolled_back:
        typer.echo("下次运行不会自动重新加载回滚文件 the next run leaves rolled-back files as they are: "
                   "`dw file release <file>` brings one back, `dw file reject <file>` dismisses it")
