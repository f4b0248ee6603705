"""What a finished run tells the operator: one line per refusal, warning and skipped landing entry.

Dagster keeps every step failure with its traceback in its own storage (`dw dev` shows it).
The terminal gets the reason itself: a refused file's ``SourceError`` line (file, place, reason,
what to do), or for any other failure the step and the exception's type only, because a
library's message may quote the data it choked on. ``--debug`` prints the full tracebacks.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from dagster import DagsterEvent, DagsterInstance, EventLogEntry
from dagster_shared.error import SerializableErrorInfo

from config.errors import OPERATOR_SAFE_ERRORS

# Exceptions whose message is built to be shown: one line, no value from any file.


@dataclass(frozen=True)
class RunReport:
    failures: list[str]  # one line per failed step
    warnings: list[str]  # one line per warning the run's code logged (re-collection, held files ...)
    tracebacks: list[str]  # full error text per failed step, for --debug only


def run_report(instance: DagsterInstance, run_id: str, events: Iterable[DagsterEvent]) -> RunReport:
    failures, tracebacks = [], []
    for event in events:
        if not event.is_step_failure or event.step_failure_data is None:
            continue
        error = event.step_failure_data.error
        if error is None:
            continue
        failures.append(failure_line(event.step_key or "?", error))
        tracebacks.append(error.to_string())
    warnings = [_log_line(entry) for entry in instance.all_logs(run_id) if _is_user_warning(entry)]
    return RunReport(failures=failures, warnings=list(dict.fromkeys(warnings)), tracebacks=tracebacks)


def failure_line(step: str, error: SerializableErrorInfo) -> str:
    """The refusal line of a failed step: the safe exception's own message, else its type only."""
    for link in _chain(error):
        if link.cls_name in OPERATOR_SAFE_ERRORS:
            return f"[{step}] {_message(link)}"
    innermost = list(_chain(error))[-1]
    return (
        f"[{step}] 步骤失败 step failed with {innermost.cls_name or 'an error'}; 详情见 details: `dw --debug run` "
        "or the run in `dw dev` (消息未显示，可能含数据 the message is not shown: it may quote data)"
    )


def _chain(error: SerializableErrorInfo) -> Iterable[SerializableErrorInfo]:
    seen: SerializableErrorInfo | None = error
    while seen is not None:
        yield seen
        seen = seen.cause or seen.context


def _message(error: SerializableErrorInfo) -> str:
    """The exception's own text, without the ``module.Class: `` Python puts before it."""
    text = error.message.strip()
    head, sep, rest = text.partition(": ")
    if sep and head.rsplit(".", 1)[-1] == error.cls_name:
        text = rest
    return " ".join(text.split()) if error.cls_name != "CatalogInvalid" else text


def _is_user_warning(entry: EventLogEntry) -> bool:
    # Dagster's own "Dependencies for step … failed" restates a failure already listed.
    return (not entry.is_dagster_event and _level(entry.level) >= logging.WARNING
            and not entry.user_message.startswith("Dependencies for step"))


def _level(level: str | int) -> int:
    """Dagster records a log level as an int, or as its name for some loggers."""
    if isinstance(level, int):
        return level
    number = logging.getLevelName(level.upper())
    return number if isinstance(number, int) else 0


def _log_line(entry: EventLogEntry) -> str:
    return f"[{entry.step_key or '-'}] {' '.join(entry.user_message.split())}"
