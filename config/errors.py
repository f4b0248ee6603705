"""Which failures may show their own message, and when a traceback is wanted (出错信息).

A refusal the code anticipated (a refused file, an invalid catalog, a busy writer …) carries a
message built to hold no value from any file. Any other exception — a library's — may quote the
data it failed on, so only its type is shown, printed or stored, unless the operator asked for
``dw --debug`` (``DW_DEBUG=1``). One list here serves the CLI's last line, the run summary and the
asset bodies that keep library messages out of Dagster's storage.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["OPERATOR_SAFE_ERRORS", "UnexpectedError", "data_kept_out_of_errors", "debug_enabled", "is_operator_safe"]

OPERATOR_SAFE_ERRORS = frozenset({
    "SourceError", "CatalogInvalid", "WriterBusy", "EncodingProblem", "WorkflowError", "CalendarInvalid",
    "UnitsInvalid", "PrivacyGateFailed", "UnexpectedError",
})


class UnexpectedError(RuntimeError):
    """A library failure, by type only: its own message stays out of every output and store."""

    def __init__(self, where: str, cls_name: str):
        super().__init__(
            f"{where}: 内部错误 unexpected error ({cls_name}); 消息未保存，可能含数据 its message is not kept as it may "
            "quote data — 用 `dw --debug run` 重试查看详情 rerun with `dw --debug run` to see it"
        )


def debug_enabled() -> bool:
    return os.environ.get("DW_DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}


def is_operator_safe(exc: BaseException) -> bool:
    return any(cls.__name__ in OPERATOR_SAFE_ERRORS for cls in type(exc).__mro__)


@contextmanager
def data_kept_out_of_errors(where: str) -> Iterator[None]:
    """Let anticipated refusals through; turn any other exception into its type only, chain cut."""
    try:
        yield
    except Exception as exc:
        if debug_enabled() or is_operator_safe(exc):
            raise
        raise UnexpectedError(where, type(exc).__name__) from None
