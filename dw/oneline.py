"""Every `dw` command ends in one line when it fails: what and what to do, never a traceback.

A refusal the code anticipated (a refused file, an invalid catalog, a busy writer) prints its
own message, which is built to hold no value from any file. Anything else prints the exception's
type only — a library's message may quote the data it failed on — and how to see more:
``dw --debug <command>`` (or ``DW_DEBUG=1``) shows the full traceback instead. Local variables
are never printed, not even then: they hold rows of personal data.
"""

from __future__ import annotations

import sys
from typing import Any

import typer

from config.errors import debug_enabled, is_operator_safe

__all__ = ["OneLineTyper", "one_line_message"]

def one_line_message(exc: BaseException) -> str:
    """The operator's line for an exception no command caught."""
    if is_operator_safe(exc):
        return f"错误 error: {exc}"
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"错误 error: {exc.strerror or type(exc).__name__}: {exc.filename}"
    return (
        f"内部错误 unexpected error ({type(exc).__name__}); 消息未显示，可能含数据 its message is not shown as it may quote "
        "data — 加 --debug 重试查看详情 run `dw --debug …` again for the traceback"
    )


class OneLineTyper(typer.Typer):
    """A Typer app whose uncaught exceptions become one line on stderr and exit code 1."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("pretty_exceptions_show_locals", False)
        super().__init__(*args, **kwargs)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except Exception as exc:
            if debug_enabled():
                raise
            sys.stderr.write(one_line_message(exc) + "\n")
            sys.exit(1)
