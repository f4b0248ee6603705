"""What every workflow command shares: opening the workflow, acting as the bureau's local
operator, and printing a refusal as one line (never a traceback).

The CLI runs on the warehouse host, where whoever can run it can also read the store and its
keys: it acts with the bureau's local operator rights. ``--as-unit`` records an action on a
unit's behalf (a provider that phoned in its answer); the unit's own rules still apply, and the
audit entry names the operator's login and the channel ``cli``.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

import typer

from config.settings import load_settings

AsUnit = Annotated[str | None, typer.Option("--as-unit", help="代表该单位操作 act for this unit code (default: the bureau)")]
Account = Annotated[str | None, typer.Option("--actor", help="操作账号 operator account recorded in the audit log (default: login name)")]


def account(name: str | None) -> str:
    return name or os.environ.get("DW_OPERATOR") or getpass.getuser()


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"错误 error: {message}", err=True)
    return typer.Exit(code=code)


@contextmanager
def refusals_as_lines() -> Iterator[None]:
    """Turn the workflow's refusals and configuration errors into one line and exit code 2."""
    from catalog.validate import CatalogInvalid
    from workflow.calendar import CalendarInvalid
    from workflow.errors import WorkflowError
    from workflow.units import UnitsInvalid

    try:
        yield
    except WorkflowError as exc:
        raise fail(f"{exc.zh} {exc.en}") from None
    except (CalendarInvalid, UnitsInvalid, CatalogInvalid, ValueError) as exc:
        raise fail(str(exc)) from None


@contextmanager
def workflow() -> Iterator:
    with refusals_as_lines():
        from workflow.context import open_workflow

        opened = open_workflow(load_settings())
        try:
            yield opened
        finally:
            opened.close()


def day_option(value: str, option: str) -> date:
    """A date given on the command line; a bad one is one line naming the option."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} {value!r}: 日期须为 YYYY-MM-DD expected a date like 2026-12-03") from None


def act_as_operator(as_unit: str | None, actor: str | None, change: Callable[..., Any], view: Callable[[Any, Any], dict[str, Any]]) -> dict[str, Any]:
    """Run one change as the operator (for ``as_unit``) in one transaction; returns ``view`` of its result."""
    from workflow.units import operator

    with workflow() as wf, wf.store.write() as s:
        return view(wf, change(s, wf, operator(s, as_unit, account(actor))))
