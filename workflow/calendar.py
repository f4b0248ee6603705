"""The statutory working-day calendar (工作日): weekends and public holidays off, make-up
working days (调休) on.

Years come from two places: ``chinese-calendar`` (the years it shipped with) and the bureau's
own files, one YAML per year in ``settings.calendar_dir``, copied from the State Council's
notice. A file overrides the package for its year. A year nobody has described is not guessed
silently: its days count Monday to Friday less the holidays fixed by date in the national
holiday rules (1 Jan, 1-2 May, 1-3 Oct; the lunar ones and make-up days cannot be known before
the notice), and every answer that touched it says it is an estimate.

Counting convention: day 0 is the day of receipt, whatever kind of day it is; the deadline is
the Nth working day after it, and the whole of that day is still in time.

>>> cal = WorkingCalendar.load(None)
>>> cal.add_working_days(date(2026, 9, 30), 5).due  # National Day week, 10-10 is a make-up Saturday
datetime.date(2026, 10, 13)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import yaml
from chinese_calendar import constants as cc
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

PACKAGE_SOURCE = f"chinese-calendar {chinese_calendar.__version__}"
# 《全国年节及纪念日放假办法》 (2024): the holidays on fixed solar dates; the others move with the moon.
FIXED_DATE_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)})


class CalendarInvalid(ValueError):
    """A schedule file the bureau wrote is wrong; the message names the file and what to fix."""


@dataclass(frozen=True)
class YearSchedule:
    year: int
    source: str  # the notice it was copied from, or the package
    holidays: frozenset[date]  # days off (法定节假日及调休放假), weekends included or not
    workdays: frozenset[date]  # weekend days that are working days (调休上班)

    def is_working_day(self, day: date) -> bool:
        return day in self.workdays or (day.weekday() < 5 and day not in self.holidays)


@dataclass(frozen=True)
class DueDate:
    due: date
    estimated_years: tuple[int, ...] = ()  # years counted Monday-Friday for want of a schedule

    @property
    def estimated(self) -> bool:
        return bool(self.estimated_years)

    @property
    def warning(self) -> str | None:
        return estimate_warning(self.estimated_years) if self.estimated else None


def estimate_warning(years: Iterable[int]) -> str:
    listed = "、".join(str(y) for y in sorted(years))
    english = ", ".join(str(y) for y in sorted(years))
    return (
        f"截止日期为估算：{listed}年节假日安排尚未配置，按周一至周五（除元旦、劳动节、国庆节固定日期）计工作日 "
        f"estimated due date: no official holiday schedule configured for {english}; "
        "working days counted Monday-Friday less 1 Jan, 1-2 May and 1-3 Oct"
    )


class WorkingCalendar:
    def __init__(self, schedules: Mapping[int, YearSchedule]):
        self.schedules = dict(schedules)

    @classmethod
    def load(cls, directory: Path | None) -> WorkingCalendar:
        """The package's years, then the bureau's files in ``directory`` (which win for their year)."""
        schedules = {year: _package_year(year) for year in _package_years()}
        if directory is not None and directory.is_dir():
            schedules.update({s.year: s for s in _read_folder(directory)})
        return cls(schedules)

    def described(self, year: int) -> bool:
        return year in self.schedules

    def source(self, year: int) -> str | None:
        schedule = self.schedules.get(year)
        return schedule.source if schedule else None

    def is_working_day(self, day: date) -> bool:
        """Official answer where the year is described; the documented estimate where not."""
        schedule = self.schedules.get(day.year)
        if schedule:
            return schedule.is_working_day(day)
        return day.weekday() < 5 and (day.month, day.day) not in FIXED_DATE_HOLIDAYS

    def add_working_days(self, received: date, n: int) -> DueDate:
        """The ``n``-th working day after ``received`` (day 0), and which years were estimated."""
        if n < 1:
            raise ValueError("工作日数须为正 the number of working days must be positive")
        day, counted, guessed = received, 0, set()
        while counted < n:
            day += timedelta(days=1)
            if not self.described(day.year):
                guessed.add(day.year)
            counted += self.is_working_day(day)
        return DueDate(day, tuple(sorted(guessed)))

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: how many working days ``end`` lies past ``start``."""
        return sum(self.is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))

    def undescribed_years(self, start: date, end: date) -> tuple[int, ...]:
        return tuple(y for y in range(start.year, end.year + 1) if not self.described(y))


def _package_years() -> range:
    years = {d.year for d in cc.holidays} | {d.year for d in cc.workdays}
    return range(min(years), max(years) + 1)


def _package_year(year: int) -> YearSchedule:
    return YearSchedule(
        year=year,
        source=PACKAGE_SOURCE,
        holidays=frozenset(d for d in cc.holidays if d.year == year),
        workdays=frozenset(d for d in cc.workdays if d.year == year),
    )


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Holiday(_Strict):
    name: str = Field(min_length=1)
    start: date = Field(alias="from")
    end: date = Field(alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> _Holiday:
        if self.end < self.start:
            raise ValueError(f"{self.name}: 'to' {self.end} 早于 is before 'from' {self.start}")
        return self


class _Workday(_Strict):
    name: str = Field(min_length=1)
    date: date


class _YearFile(_Strict):
    year: int = Field(ge=2000, le=2100)
    notice: str = Field(min_length=4, description="国务院办公厅通知 the State Council notice it copies")
    holidays: tuple[_Holiday, ...] = Field(min_length=1)
    workdays: tuple[_Workday, ...] = ()


def _read_folder(directory: Path) -> list[YearSchedule]:
    seen: dict[int, Path] = {}
    schedules = []
    for path in sorted(directory.glob("*.yaml")):
        schedule = read_year_file(path)
        if schedule.year in seen:
            raise CalendarInvalid(f"{path}: {schedule.year}年已在 {seen[schedule.year].name} 中配置 year already configured in that file")
        seen[schedule.year] = path
        schedules.append(schedule)
    return schedules


def read_year_file(path: Path) -> YearSchedule:
    """One year's official schedule; every mistake is one line naming the file."""
    try:
        parsed = _YearFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CalendarInvalid(f"{path}: 无法读取 not readable as UTF-8 YAML ({type(exc).__name__})") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CalendarInvalid(f"{path}: 字段 {where} 有误 invalid field {where}: {first['msg']}") from None
    holidays = {
        h.start + timedelta(days=i) for h in parsed.holidays for i in range((h.end - h.start).days + 1)
    }
    workdays = {w.date for w in parsed.workdays}
    for day in sorted(holidays | workdays):
        if day.year != parsed.year:
            raise CalendarInvalid(f"{path}: {day} 不在 {parsed.year} 年 is outside the file's year {parsed.year}")
    for day in sorted(workdays):
        if day.weekday() < 5:
            raise CalendarInvalid(f"{path}: 调休上班日 {day} 不是周末 make-up working day is not a Saturday or Sunday")
        if day in holidays:
            raise CalendarInvalid(f"{path}: {day} 既是放假日又是上班日 listed both as a holiday and as a working day")
    return YearSchedule(parsed.year, f"{parsed.notice} ({path.name})", frozenset(holidays), frozenset(workdays))
