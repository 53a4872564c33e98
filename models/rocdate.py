"""ROC (民國) dates and report periods.

This is the one place that knows how volunteers write dates (``106/01/25``,
``1060125``, ``106年1月25日`` …) and how report periods (``106H1``, ``106``,
``106/01-106/03``) map to Gregorian dates.  Everything else in the program
stores and compares plain :class:`datetime.date` values, so the ROC calendar
never leaks into the database or the arithmetic.

Pure standard library on purpose: the report generator, the migrations and
the tests use it without a running Qt application.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Mapping

from models.errors import ValidationError
from models.text import plain_input

__all__ = [
    "DateInputError",
    "MAX_DATE",
    "MIN_DATE",
    "Period",
    "ROC_OFFSET",
    "WEEKDAY_NAMES",
    "add_months",
    "days_in_month",
    "format_roc",
    "format_roc_long",
    "month_range",
    "parse_date",
    "parse_period",
    "roc_year",
]

#: 星期一 … 星期日, by ``date.weekday()``.
WEEKDAY_NAMES = "一二三四五六日"

#: Gregorian year = ROC year + ROC_OFFSET (民國元年 = 1912).
ROC_OFFSET = 1911

#: 民國元年1月1日: earlier dates have no ROC year.
MIN_DATE = date(1912, 1, 1)
#: 民國999年12月31日: a 4-digit year is read as Gregorian, so ROC years must
#: stay at 3 digits for what we print to be read back unchanged.
MAX_DATE = date(ROC_OFFSET + 999, 12, 31)

_DATE_EXAMPLES = "106/01/25、1060125、106年1月25日 或 2017-01-25"
_PERIOD_EXAMPLES = "106H1（1–6月）、106（全年）、106/03（單月）或 106/01-106/03（月份範圍）"


class DateInputError(ValidationError):
    """Bad date or period input; ``str(err)`` is a message fit to show the user. It names no
    ``field``: the caller knows which input it read the text from and shows it there."""


# --------------------------------------------------------------------------
# helpers


#: Longer input is a slip (or a paste), refused before any digit is converted.
MAX_INPUT_LENGTH = 40


def _normalise(text: str, label: str) -> str:
    """Full-width digits/punctuation (IME input) as ASCII, trimmed; other scripts' digits
    (٣, ๓, ①, 𝟏) and over-long input refused (models.text, the rule for every parser)."""
    try:
        return plain_input(text, label=label, max_length=MAX_INPUT_LENGTH)
    except ValidationError as exc:
        raise DateInputError(exc.message) from None


def days_in_month(year: int, month: int) -> int:
    """Number of days in a Gregorian ``year``/``month``."""
    return calendar.monthrange(year, month)[1]


def add_months(d: date, months: int) -> date:
    """Move ``d`` by whole months, clamping the day to the target month's end.

    106/01/31 + 1 month is 106/02/28, not an error and not 106/03/03.
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    if not (date.min.year <= year <= date.max.year):
        raise DateInputError("日期超出可處理的範圍。")
    return date(year, month, min(d.day, days_in_month(year, month)))


def roc_year(d: date) -> int:
    """ROC year of ``d`` (2017 → 106); may be ≤ 0 for dates before 1912."""
    return d.year - ROC_OFFSET


def _check_printable(d: date) -> None:
    if d < MIN_DATE:
        raise DateInputError("民國元年（1912年）以前的日期無法用民國紀年表示。")
    if d > MAX_DATE:
        raise DateInputError("日期超出可處理的範圍（最晚到民國999年12月31日）。")


def format_roc(d: date) -> str:
    """Short ROC form used in tables and inputs: ``106/01/25``."""
    _check_printable(d)
    return f"{roc_year(d)}/{d.month:02d}/{d.day:02d}"


def format_roc_long(d: date) -> str:
    """Long ROC form used in report text: ``106年1月25日``."""
    _check_printable(d)
    return f"{roc_year(d)}年{d.month}月{d.day}日"


# --------------------------------------------------------------------------
# dates

# The patterns are kept as text: re compiles each on its first use and keeps it (its own
# cache), so importing this module at every start compiles nothing (it took 5–9 ms).
# 106/01/25, 106-1-25, 106.01.25, 2017-01-25 (same separator twice).
_SEPARATED = r"([0-9]{1,4})\s*([/.\-])\s*([0-9]{1,2})\s*\2\s*([0-9]{1,2})"
# 106年1月25日, 民國106年1月25日, 2017年1月25日 (日 optional, spaces allowed).
_CJK_DATE = r"(民國)?\s*([0-9]{1,4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日?"
_DIGITS = r"[0-9]+"


def _build_date(shown: str, year: int, month: int, day: int, *, gregorian: bool) -> date:
    """Validate the parts one by one so the message says what is wrong."""
    prefix = f"「{shown}」不是有效日期："
    if gregorian:
        if year <= ROC_OFFSET:
            raise DateInputError(
                f"{prefix}西元{year}年早於民國元年（1912年），民國年份必須大於0。"
            )
        if year > MAX_DATE.year:
            raise DateInputError(f"{prefix}年份超出可處理的範圍（最晚到西元{MAX_DATE.year}年）。")
        year_text = f"西元{year}年"
    else:
        if year <= 0:
            raise DateInputError(f"{prefix}民國年份必須大於0。")
        year_text = f"民國{year}年"
        year += ROC_OFFSET
    if not 1 <= month <= 12:
        raise DateInputError(f"{prefix}月份必須是1到12，不能是{month}。")
    last = days_in_month(year, month)
    if day > last:
        raise DateInputError(f"{prefix}{year_text}{month}月只有{last}天。")
    if day < 1:
        raise DateInputError(f"{prefix}日必須是1到{last}（{year_text}{month}月有{last}天）。")
    return date(year, month, day)


def parse_date(text: str) -> date:
    """Read a date the way volunteers type it; raise :class:`DateInputError` otherwise.

    A 1–3 digit year is ROC, a 4-digit year is Gregorian.  All-digit input
    is 7 digits (``1060125``), 6 digits (``990125``) or 8 digits Gregorian
    (``20170125``).
    """
    shown = (text or "").strip()
    s = _normalise(text or "", "日期")
    if not s:
        raise DateInputError("請輸入日期。")

    if m := re.fullmatch(_SEPARATED, s):
        year_s, _, month_s, day_s = m.groups()
        return _build_date(
            shown, int(year_s), int(month_s), int(day_s), gregorian=len(year_s) == 4
        )
    if m := re.fullmatch(_CJK_DATE, s):
        roc_prefix, year_s, month_s, day_s = m.groups()
        if roc_prefix and len(year_s) == 4:
            raise DateInputError(
                f"「{shown}」不是有效日期：「民國」後面請寫民國年（例如 106），而不是西元 {year_s} 年。"
            )
        return _build_date(
            shown, int(year_s), int(month_s), int(day_s), gregorian=len(year_s) == 4
        )
    if re.fullmatch(_DIGITS, s):
        if len(s) == 8:
            return _build_date(shown, int(s[:4]), int(s[4:6]), int(s[6:]), gregorian=True)
        if len(s) in (6, 7):
            year_len = len(s) - 4
            return _build_date(
                shown,
                int(s[:year_len]),
                int(s[year_len : year_len + 2]),
                int(s[year_len + 2 :]),
                gregorian=False,
            )
        raise DateInputError(
            f"「{shown}」無法辨識為日期：只輸入數字時請用7位（如 1060125）"
            f"或6位（如 990125）。"
        )
    raise DateInputError(f"「{shown}」無法辨識為日期，請用 {_DATE_EXAMPLES}。")


# --------------------------------------------------------------------------
# periods


@dataclass(frozen=True)
class Period:
    """An inclusive date range a report covers (usually whole months)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise DateInputError("期間的結束日期早於開始日期。")

    @property
    def _whole_months(self) -> bool:
        return self.start.day == 1 and self.end.day == days_in_month(
            self.end.year, self.end.month
        )

    @property
    def label(self) -> str:
        """Chinese label for the report header, e.g. ``106年1月至6月``."""
        if not self._whole_months:
            if self.start == self.end:
                return format_roc_long(self.start)
            return f"{format_roc_long(self.start)}至{format_roc_long(self.end)}"
        sy, sm = roc_year(self.start), self.start.month
        ey, em = roc_year(self.end), self.end.month
        if (sy, sm) == (ey, em):
            return f"{sy}年{sm}月"
        if sy == ey:
            return f"{sy}年{sm}月至{em}月"
        return f"{sy}年{sm}月至{ey}年{em}月"

    @property
    def full_label(self) -> str:
        """Every day spelt out, for a line that must leave no doubt: ``民國106年1月1日至6月30日``."""
        if self.start == self.end:
            return "民國" + format_roc_long(self.start)
        end = format_roc_long(self.end)
        if self.end.year == self.start.year:
            end = end.split("年", 1)[1]
        return f"民國{format_roc_long(self.start)}至{end}"

    def to_json(self) -> dict[str, str]:
        """ISO dates, so stored settings do not depend on the ROC calendar."""
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Period:
        """Inverse of :meth:`to_json`."""
        try:
            start, end = date.fromisoformat(data["from"]), date.fromisoformat(data["to"])
        except (KeyError, TypeError, ValueError) as exc:
            raise DateInputError(f"期間資料格式錯誤：{data!r}") from exc
        return cls(start, end)

    def months(self) -> list[tuple[int, int]]:
        """(Gregorian year, month) for every month the period touches, in order."""
        result: list[tuple[int, int]] = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            result.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result

    def contains(self, d: date) -> bool:
        """True when ``d`` (a date or datetime) falls inside the period."""
        if isinstance(d, datetime):
            d = d.date()
        return self.start <= d <= self.end


def _check_year_month(shown: str, year: int, month: int | None = None) -> None:
    prefix = f"「{shown}」不是有效期間："
    if year <= 0:
        raise DateInputError(f"{prefix}民國年份必須大於0。")
    if year > 999:
        raise DateInputError(f"{prefix}請用民國年（例如 106，而不是西元 {year}）。")
    if month is not None and not 1 <= month <= 12:
        raise DateInputError(f"{prefix}月份必須是1到12，不能是{month}。")


def month_range(roc_year: int, first_month: int, last_month: int) -> Period:
    """Whole months ``first_month``..``last_month`` of one ROC year."""
    shown = f"{roc_year}年{first_month}月至{last_month}月"
    _check_year_month(shown, roc_year, first_month)
    _check_year_month(shown, roc_year, last_month)
    if last_month < first_month:
        raise DateInputError(f"「{shown}」不是有效期間：期間的結束月份早於開始月份。")
    year = roc_year + ROC_OFFSET
    return Period(date(year, first_month, 1), date(year, last_month, days_in_month(year, last_month)))


_YEAR = r"(?:民國)?\s*([0-9]{1,4})"
_HALF = _YEAR + r"\s*[Hh]\s*([0-9]+)"
_WHOLE_YEAR = _YEAR + r"\s*(?:年度?)?"
# 106/03, 106.03, 106年3月
_MONTH = _YEAR + r"\s*(?:[/.]\s*([0-9]{1,2})|年\s*([0-9]{1,2})\s*月)"
_ONE_MONTH = _MONTH
# 106/01-106/03, 106/01 ~ 106/03, 106年1月至3月, 106/01-03
_RANGE = _MONTH + r"\s*(?:-|~|至|–|—)\s*(?:" + _MONTH + r"|([0-9]{1,2})\s*月?)"


def parse_period(text: str) -> Period:
    """Read a report period; raise :class:`DateInputError` with a reason otherwise.

    There is deliberately no ``H2``: the second report of the year covers the
    whole year (1–12月), which is written ``106``.
    """
    shown = (text or "").strip()
    s = _normalise(text or "", "期間")
    if not s:
        raise DateInputError("請輸入期間。")
    prefix = f"「{shown}」不是有效期間："

    if m := re.fullmatch(_HALF, s):
        year, half = int(m[1]), int(m[2])
        _check_year_month(shown, year)
        if half == 1:
            return month_range(year, 1, 6)
        if half == 2:
            raise DateInputError(
                f"{prefix}第2次報告涵蓋全年，1–12月請輸入 {year}"
                f"（半年期間只有 {year}H1，即1–6月）。"
            )
        raise DateInputError(
            f"{prefix}半年期間只有 {year}H1（1–6月）；全年（1–12月）請輸入 {year}。"
        )
    if m := re.fullmatch(_WHOLE_YEAR, s):
        year = int(m[1])
        _check_year_month(shown, year)
        return month_range(year, 1, 12)
    if m := re.fullmatch(_ONE_MONTH, s):
        year, month = int(m[1]), int(m[2] or m[3])
        _check_year_month(shown, year, month)
        return month_range(year, month, month)
    if m := re.fullmatch(_RANGE, s):
        y1, m1 = int(m[1]), int(m[2] or m[3])
        if m[4] is not None:
            y2, m2 = int(m[4]), int(m[5] or m[6])
        else:
            y2, m2 = y1, int(m[7])
        _check_year_month(shown, y1, m1)
        _check_year_month(shown, y2, m2)
        if (y2, m2) < (y1, m1):
            raise DateInputError(f"{prefix}期間的結束月份早於開始月份。")
        g1, g2 = y1 + ROC_OFFSET, y2 + ROC_OFFSET
        return Period(date(g1, m1, 1), date(g2, m2, days_in_month(g2, m2)))
    raise DateInputError(f"「{shown}」無法辨識為期間，請用 {_PERIOD_EXAMPLES}。")
