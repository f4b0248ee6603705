"""The catalog's share period (共享期限, Art. 10) as a grant's last day.

>>> from datetime import date
>>> period_end("长期", date(2026, 9, 28)) is None
True
>>> period_end("1年", date(2026, 9, 28))
datetime.date(2027, 9, 27)
>>> period_end("6个月", date(2026, 8, 31))
datetime.date(2027, 2, 27)
>>> period_end("至2027-06-30", date(2026, 9, 28))
datetime.date(2027, 6, 30)
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_UNTIL = re.compile(r"^(?:至)?(\d{4}-\d{2}-\d{2})(?:止)?$")
_SPAN = re.compile(r"^(\d{1,3})\s*(年|个月|月|天|日)$")
LONG_TERM = ("长期", "永久", "不限")


class PeriodInvalid(ValueError):
    """A share period the grant cannot be computed from; names the value and the accepted forms."""


def period_end(period: str, start: date) -> date | None:
    """The last day a grant made on ``start`` may be used; None for a long-term (长期) period."""
    text = period.strip()
    if text in LONG_TERM:
        return None
    if match := _UNTIL.match(text):
        return date.fromisoformat(match.group(1))
    if match := _SPAN.match(text):
        n, unit = int(match.group(1)), match.group(2)
        if unit in ("天", "日"):
            return start + timedelta(days=n - 1)
        months = n * 12 if unit == "年" else n
        return _add_months(start, months) - timedelta(days=1)
    raise PeriodInvalid(
        f"共享期限无法识别：{text}（可用：长期、N年、N个月、N天、至YYYY-MM-DD） "
        "share period not understood (accepted: 长期, N年, N个月, N天, 至YYYY-MM-DD)"
    )


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
