"""The working-day calendar: statutory holidays, make-up days, the bureau's own year files, and
the documented estimate for a year nobody has described."""

from __future__ import annotations

import doctest
from datetime import date
from pathlib import Path

import pytest

import workflow.calendar
from config.settings import PACKAGED_CALENDAR
from workflow.calendar import CalendarInvalid, WorkingCalendar, read_year_file

CAL = WorkingCalendar.load(None)


def test_module_examples() -> None:
    assert doctest.testmod(workflow.calendar).failed == 0


def test_package_years_are_2004_to_2026() -> None:
    assert min(CAL.schedules) == 2004 and max(CAL.schedules) == 2026
    assert not CAL.described(2027)


@pytest.mark.parametrize(
    ("received", "n", "due"),
    [
        # National Day 2026: 10-01..10-07 off, Sunday 09-20 and Saturday 10-10 are make-up working days.
        (date(2026, 9, 30), 5, date(2026, 10, 13)),  # 10-08, 10-09, 10-10 (Sat), 10-12, 10-13
        (date(2026, 9, 18), 5, date(2026, 9, 24)),  # make-up Sunday 09-20, then 09-21..09-24
        (date(2026, 10, 1), 1, date(2026, 10, 8)),  # received on a holiday: counting starts after it
        (date(2026, 10, 9), 1, date(2026, 10, 10)),  # the make-up Saturday is a working day
        # Spring Festival 2026: 02-15..02-23 off; Saturdays 02-14 and 02-28 are working days.
        (date(2026, 2, 13), 1, date(2026, 2, 14)),
        (date(2026, 2, 13), 5, date(2026, 2, 27)),  # 02-14, 02-24, 02-25, 02-26, 02-27
        (date(2026, 2, 13), 6, date(2026, 2, 28)),  # the second make-up Saturday
        # An ordinary week: Friday + 5 working days = the next Friday.
        (date(2026, 11, 13), 5, date(2026, 11, 20)),
    ],
)
def test_statutory_due_dates(received: date, n: int, due: date) -> None:
    result = CAL.add_working_days(received, n)
    assert result.due == due
    assert not result.estimated and result.warning is None


def test_make_up_sunday_counts() -> None:
    # 09-18 (Fri) -> 09-20 (Sun, 调休) 1, 09-21 2, 09-22 3, 09-23 4, 09-24 5
    assert CAL.is_working_day(date(2026, 9, 20))
    assert CAL.working_days_between(date(2026, 9, 18), date(2026, 9, 24)) == 5


def test_boundary_into_an_undescribed_year_is_an_explicit_estimate() -> None:
    result = CAL.add_working_days(date(2026, 12, 28), 5)
    # 12-29, 12-30, 12-31 (official 2026), then 2027: 01-01 is a fixed-date holiday, 01-04, 01-05.
    assert result.due == date(2027, 1, 5)
    assert result.estimated and result.estimated_years == (2027,)
    assert result.warning is not None
    assert "2027" in result.warning and "估算" in result.warning and "estimated" in result.warning
    # Wholly inside the known year: no estimate, even when received on the last day before it.
    assert not CAL.add_working_days(date(2026, 12, 24), 3).estimated


def test_estimate_skips_the_fixed_date_holidays_only() -> None:
    assert not CAL.is_working_day(date(2027, 10, 1))  # Friday, National Day
    assert not CAL.is_working_day(date(2027, 1, 1))  # Friday, New Year's Day
    assert CAL.is_working_day(date(2027, 5, 3))  # Monday: whatever the notice will say, unknown yet
    assert not CAL.is_working_day(date(2027, 3, 6))  # Saturday


def _write(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


YEAR_2027 = """year: 2027
notice: 测试用日程 schedule written for this test only
holidays:
  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
  - {name: 春节, from: 2027-02-06, to: 2027-02-14}
workdays:
  - {name: 春节调休, date: 2027-02-20}
"""


def test_a_year_added_by_the_bureau_is_used_without_a_code_change(tmp_path: Path) -> None:
    _write(tmp_path / "cal", "2027.yaml", YEAR_2027)
    cal = WorkingCalendar.load(tmp_path / "cal")
    assert cal.described(2027) and "2027.yaml" in (cal.source(2027) or "")
    result = cal.add_working_days(date(2027, 2, 5), 2)
    assert result.due == date(2027, 2, 16) and not result.estimated  # 02-15, 02-16
    assert cal.is_working_day(date(2027, 2, 20))  # the make-up Saturday
    crossing = cal.add_working_days(date(2026, 12, 28), 5)
    assert crossing.due == date(2027, 1, 5) and not crossing.estimated  # 01-01..01-03 off: 01-04, 01-05


def test_the_shipped_example_matches_the_official_2026_schedule(tmp_path: Path) -> None:
    example = read_year_file(PACKAGED_CALENDAR / "2026.yaml.example")
    package = CAL.schedules[2026]
    assert (example.holidays, example.workdays) == (package.holidays, package.workdays)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (YEAR_2027.replace("date: 2027-02-20", "date: 2027-02-22"), "不是周末"),
        (YEAR_2027.replace("to: 2027-01-03", "to: 2028-01-03"), "outside the file's year"),
        (YEAR_2027.replace("notice: 测试用日程 schedule written for this test only\n", ""), "notice"),
        (YEAR_2027.replace("from: 2027-02-06", "from: 2027-02-16"), "before"),
        (YEAR_2027 + "extra: 1\n", "extra"),
        ("year: [", "YAML"),
    ],
)
def test_a_wrong_year_file_is_one_line_naming_the_file(tmp_path: Path, body: str, message: str) -> None:
    _write(tmp_path / "cal", "2027.yaml", body)
    with pytest.raises(CalendarInvalid) as caught:
        WorkingCalendar.load(tmp_path / "cal")
    text = str(caught.value)
    assert "2027.yaml" in text and message in text and "\n" not in text


def test_the_same_year_twice_is_refused(tmp_path: Path) -> None:
    _write(tmp_path / "cal", "a.yaml", YEAR_2027)
    _write(tmp_path / "cal", "b.yaml", YEAR_2027)
    with pytest.raises(CalendarInvalid, match="already configured"):
        WorkingCalendar.load(tmp_path / "cal")
