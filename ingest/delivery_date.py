"""Which file is a snapshot dataset's current delivery: the date its name carries, never sort order.

The catalog's file pattern has one ``*``; in a snapshot's file name it must be exactly a date
(``20261124`` or ``2026-11-24``). A name that adds anything (``hukou_20261124_part.csv``,
``hukou_20261124(1).csv``) or carries no date is *ambiguous*, and so are two different files
for one date: they are held for an operator, never chosen by chance.

>>> dated = delivery_date("hukou_*.csv", "hukou_20261124.csv")
>>> dated.isoformat()
'2026-11-24'
>>> delivery_date("hukou_*.csv", "hukou_20261124_part.csv") is None
True
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

_FORMATS = ("%Y%m%d", "%Y-%m-%d")


def delivery_date(pattern: str, name: str) -> date | None:
    """The date the ``*`` of ``pattern`` stands for in ``name``, or None if it is not exactly a date."""
    regex = fnmatch.translate(pattern).replace(".*", "(.*)", 1)
    match = re.match(regex, name)
    if match is None or not match.groups():
        return None
    wildcard = match.group(1)
    for fmt in _FORMATS:
        try:
            parsed = datetime.strptime(wildcard, fmt).date()
        except ValueError:
            continue
        if parsed.strftime(fmt) == wildcard:  # strptime accepts 2026111 for %Y%m%d; we do not
            return parsed
    return None


@dataclass(frozen=True)
class Candidates:
    """The snapshot files of one dataset, sorted out by their dates."""

    newest: list[Path]  # files carrying the newest date (one file: the candidate; more: ambiguous)
    newest_date: date | None
    undated: list[Path]  # names that add a suffix or carry no date: ambiguous
    older: list[Path]  # files with earlier dates: superseded by the newest


def sort_out(pattern: str, files: list[Path]) -> Candidates:
    dated = {f: delivery_date(pattern, f.name) for f in files}
    days = [d for d in dated.values() if d is not None]
    newest_date = max(days) if days else None
    return Candidates(
        newest=sorted(f for f, d in dated.items() if d is not None and d == newest_date),
        newest_date=newest_date,
        undated=sorted(f for f, d in dated.items() if d is None),
        older=sorted(f for f, d in dated.items() if d is not None and d != newest_date),
    )
