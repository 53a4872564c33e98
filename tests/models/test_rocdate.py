"""ROC date and report period parsing: every accepted form, every refusal reason."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.errors import LedgerError, ValidationError
from models.rocdate import (
    MAX_DATE,
    MIN_DATE,
    DateInputError,
    Period,
    add_months,
    format_roc,
    format_roc_long,
    month_range,
    parse_date,
    parse_period,
    roc_year,
)

# ---------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("106/01/25", date(2017, 1, 25)),
        ("106/1/25", date(2017, 1, 25)),
        ("106-01-25", date(2017, 1, 25)),
        ("106.01.25", date(2017, 1, 25)),
        ("1060125", date(2017, 1, 25)),
        ("990125", date(2010, 1, 25)),
        ("0990125", date(2010, 1, 25)),
        ("106年1月25日", date(2017, 1, 25)),
        ("106 年 1 月 25 日", date(2017, 1, 25)),
        ("民國106年1月25日", date(2017, 1, 25)),
        ("2017-01-25", date(2017, 1, 25)),
        ("2017/1/25", date(2017, 1, 25)),
        ("20170125", date(2017, 1, 25)),
        ("１０６／０１／２５", date(2017, 1, 25)),
        ("１０６０１２５", date(2017, 1, 25)),
        ("１０６年１月２５日", date(2017, 1, 25)),
        ("  106/01/25\t", date(2017, 1, 25)),
        ("\u3000106/01/25\u3000", date(2017, 1, 25)),
        ("1/01/01", date(1912, 1, 1)),
        ("113/12/31", date(2024, 12, 31)),
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("106/02/30", "民國106年2月只有28天"),
        ("106/04/31", "只有30天"),
        ("105/02/30", "只有29天"),
        ("106/02/29", "28天"),
        ("2017-02-29", "西元2017年2月只有28天"),
        ("106/13/01", "月份必須是1到12"),
        ("106/00/10", "月份必須是1到12"),
        ("1061301", "月份必須是1到12"),
        ("106/01/00", "日必須是1到31"),
        ("0/01/25", "民國年份必須大於0"),
        ("000125", "民國年份必須大於0"),
        ("1900-01-01", "民國年份必須大於0"),
        ("", "請輸入日期"),
        ("   ", "請輸入日期"),
        ("abc", "無法辨識為日期"),
        ("106/01-25", "無法辨識為日期"),
        ("10601", "7位"),
        ("106/01", "無法辨識為日期"),
    ],
)
def test_parse_date_refuses_with_reason(text: str, reason: str) -> None:
    with pytest.raises(DateInputError) as excinfo:
        parse_date(text)
    assert reason in str(excinfo.value)


def test_error_message_quotes_input_and_names_days() -> None:
    with pytest.raises(DateInputError) as excinfo:
        parse_date("106/02/30")
    assert str(excinfo.value) == "「106/02/30」不是有效日期：民國106年2月只有28天。"


def test_empty_message_exact() -> None:
    with pytest.raises(DateInputError, match="^請輸入日期。$"):
        parse_date("")


def test_unrecognised_message_lists_forms() -> None:
    with pytest.raises(DateInputError) as excinfo:
        parse_date("abc")
    assert str(excinfo.value) == (
        "「abc」無法辨識為日期，請用 106/01/25、1060125、106年1月25日 或 2017-01-25。"
    )


def test_date_input_error_is_value_error() -> None:
    with pytest.raises(ValueError):
        parse_date("abc")


def test_leap_years() -> None:
    assert parse_date("105/02/29") == date(2016, 2, 29)  # 2016 is a leap year
    assert parse_date("109/02/29") == date(2020, 2, 29)
    with pytest.raises(DateInputError, match="28天"):
        parse_date("106/02/29")
    with pytest.raises(DateInputError, match="28天"):
        parse_date("189/02/29")  # 2100 is not a leap year


# ---------------------------------------------------------------- formatting


def test_format_and_roc_year() -> None:
    d = date(2017, 1, 25)
    assert format_roc(d) == "106/01/25"
    assert format_roc_long(d) == "106年1月25日"
    assert roc_year(d) == 106
    assert format_roc(date(2010, 12, 5)) == "99/12/05"


def test_format_refuses_dates_before_roc() -> None:
    with pytest.raises(DateInputError, match="民國元年"):
        format_roc(date(1911, 12, 31))


@pytest.mark.parametrize("d", [date(2017, 1, 25), date(2016, 2, 29), date(1912, 1, 1), date(2010, 1, 1)])
def test_round_trip_examples(d: date) -> None:
    assert parse_date(format_roc(d)) == d
    assert parse_date(format_roc_long(d)) == d


@given(st.dates(min_value=date(1912, 1, 1), max_value=date(2200, 12, 31)))
def test_round_trip_property(d: date) -> None:
    assert parse_date(format_roc(d)) == d
    assert parse_date(format_roc_long(d)) == d


def test_bounds_round_trip() -> None:
    for d in (MIN_DATE, MAX_DATE):
        assert parse_date(format_roc(d)) == d


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2017, 1, 31), 1, date(2017, 2, 28)),
        (date(2016, 1, 31), 1, date(2016, 2, 29)),
        (date(2017, 3, 31), -1, date(2017, 2, 28)),
        (date(2017, 12, 15), 1, date(2018, 1, 15)),
        (date(2017, 1, 15), -1, date(2016, 12, 15)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


# ---------------------------------------------------------------- periods


def test_first_half_year() -> None:
    p = parse_period("106H1")
    assert p == Period(date(2017, 1, 1), date(2017, 6, 30))
    assert p.label == "106年1月至6月"
    assert p.to_json() == {"from": "2017-01-01", "to": "2017-06-30"}
    assert parse_period("106h1") == p


def test_whole_year() -> None:
    p = parse_period("106")
    assert p == Period(date(2017, 1, 1), date(2017, 12, 31))
    assert p.label == "106年1月至12月"
    assert p.months() == [(2017, m) for m in range(1, 13)]


@pytest.mark.parametrize(
    "text",
    ["106/01-106/03", "106/01~106/03", "106/01 ~ 106/03", "106/01至106/03", "106/01 至 106/03", "106/1-106/3"],
)
def test_month_range(text: str) -> None:
    p = parse_period(text)
    assert p == Period(date(2017, 1, 1), date(2017, 3, 31))
    assert p.label == "106年1月至3月"


def test_single_month() -> None:
    p = parse_period("106/03")
    assert p == Period(date(2017, 3, 1), date(2017, 3, 31))
    assert p.label == "106年3月"
    assert p.months() == [(2017, 3)]


def test_range_across_year_end() -> None:
    p = parse_period("106/11-107/02")
    assert p == Period(date(2017, 11, 1), date(2018, 2, 28))
    assert p.label == "106年11月至107年2月"
    assert p.months() == [(2017, 11), (2017, 12), (2018, 1), (2018, 2)]
    assert p.contains(date(2017, 12, 31))
    assert p.contains(date(2018, 2, 28))
    assert not p.contains(date(2018, 3, 1))
    assert not p.contains(date(2017, 10, 31))


def test_range_ending_in_leap_february() -> None:
    assert parse_period("104/12-105/02").end == date(2016, 2, 29)


def test_contains_accepts_datetime() -> None:
    p = parse_period("106H1")
    assert p.contains(datetime(2017, 6, 30, 23, 59))
    assert not p.contains(datetime(2017, 7, 1, 0, 0))


@pytest.mark.parametrize("text", ["106H1", "106", "106/03", "106/11-107/02", "105/02-105/05"])
def test_label_parses_back(text: str) -> None:
    p = parse_period(text)
    assert parse_period(p.label) == p


def test_json_round_trip() -> None:
    p = parse_period("106/11-107/02")
    assert Period.from_json(p.to_json()) == p


def test_month_range_function() -> None:
    assert month_range(106, 1, 6) == parse_period("106H1")
    assert month_range(105, 2, 2) == Period(date(2016, 2, 1), date(2016, 2, 29))
    with pytest.raises(DateInputError, match="結束月份早於開始月份"):
        month_range(106, 6, 1)
    with pytest.raises(DateInputError, match="月份必須是1到12"):
        month_range(106, 1, 13)


def test_period_end_before_start_refused() -> None:
    with pytest.raises(DateInputError):
        Period(date(2017, 2, 1), date(2017, 1, 1))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("106/03-106/01", "期間的結束月份早於開始月份。"),
        ("107/01-106/12", "期間的結束月份早於開始月份。"),
        ("106H3", "半年期間只有 106H1（1–6月）"),
        ("106H3", "請輸入 106"),
        ("106H2", "1–12月請輸入 106"),
        ("106/13", "月份必須是1到12"),
        ("106/00-106/03", "月份必須是1到12"),
        ("0", "民國年份必須大於0"),
        ("0H1", "民國年份必須大於0"),
        ("2017H1", "請用民國年"),
        ("", "請輸入期間"),
        ("abc", "無法辨識為期間"),
        ("106H", "無法辨識為期間"),
    ],
)
def test_parse_period_refuses_with_reason(text: str, reason: str) -> None:
    with pytest.raises(DateInputError) as excinfo:
        parse_period(text)
    assert reason in str(excinfo.value)


def test_no_second_half_year() -> None:
    """第2次報告 is the whole year; H2 must not silently mean 7–12月."""
    with pytest.raises(DateInputError) as excinfo:
        parse_period("106H2")
    assert "106" in str(excinfo.value) and "1–12月" in str(excinfo.value)


@pytest.mark.parametrize(
    "start, end, text",
    [
        (date(2017, 1, 1), date(2017, 6, 30), "民國106年1月1日至6月30日"),
        (date(2017, 7, 1), date(2018, 6, 30), "民國106年7月1日至107年6月30日"),
        (date(2017, 1, 25), date(2017, 1, 25), "民國106年1月25日"),
    ],
)
def test_full_label_spells_out_every_day(start: date, end: date, text: str) -> None:
    assert Period(start, end).full_label == text


# ---------------------------------------------------------------- digits and lengths

# Each passed as 106/01/25 or 106H1 before: Python's int() and \d read every script's digits,
# and NFKC made circled, superscript and mathematical digits plain ones.
EXOTIC_DATES = [
    pytest.param("١٠٦/٠١/٢٥", "١", id="arabic-indic"),
    pytest.param("๑๐๖/๐๑/๒๕", "๑", id="thai"),
    pytest.param("①⓪⑥/01/25", "①", id="circled"),
    pytest.param("𝟏𝟎𝟔/𝟎𝟏/𝟐𝟓", "𝟏", id="mathematical"),
    pytest.param("¹⁰⁶/01/25", "¹", id="superscript"),
    pytest.param("106年٠١月25日", "٠", id="one-part-only"),
    pytest.param("١٠٦٠١٢٥", "١", id="digits-only"),
]


@pytest.mark.parametrize(("text", "digit"), EXOTIC_DATES)
def test_parse_date_refuses_other_scripts_digits(text: str, digit: str) -> None:
    with pytest.raises(DateInputError) as refused:
        parse_date(text)
    assert str(refused.value) == f"日期裡的「{digit}」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"


@pytest.mark.parametrize(
    ("text", "digit"),
    [("١٠٦H١", "١"), ("๑๐๖", "๑"), ("①⓪⑥/01", "①"), ("106/𝟎𝟏-106/03", "𝟎"), ("106H¹", "¹")],
)
def test_parse_period_refuses_other_scripts_digits(text: str, digit: str) -> None:
    with pytest.raises(DateInputError) as refused:
        parse_period(text)
    assert str(refused.value) == f"期間裡的「{digit}」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"


def test_full_width_digits_are_still_read() -> None:
    assert parse_date("１０６／０１／２５") == date(2017, 1, 25)
    assert parse_date("民國１０６年１月２５日") == date(2017, 1, 25)
    assert parse_period("１０６Ｈ１") == month_range(106, 1, 6)


@pytest.mark.parametrize("text", ["民國2017年1月25日", "民國 2017 年 1 月 25 日"])
def test_roc_prefix_with_a_gregorian_year_is_refused(text: str) -> None:
    with pytest.raises(DateInputError, match="「民國」後面請寫民國年（例如 106），而不是西元 2017 年"):
        parse_date(text)


def test_a_gregorian_year_without_the_prefix_is_still_gregorian() -> None:
    assert parse_date("2017年1月25日") == date(2017, 1, 25)


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        (parse_period, "106H" + "1" * 5000, "期間太長了（最多 40 個字），請確認是否打錯。"),
        (parse_period, "1" * 5000, "期間太長了（最多 40 個字），請確認是否打錯。"),
        (parse_date, "106/01/" + "2" * 5000, "日期太長了（最多 40 個字），請確認是否打錯。"),
        (parse_date, "1" * 5000, "日期太長了（最多 40 個字），請確認是否打錯。"),
    ],
    ids=["period-half", "period-digits", "date-day", "date-digits"],
)
def test_over_long_input_gets_a_message_not_a_traceback(parse, text: str, message: str) -> None:
    with pytest.raises(DateInputError) as refused:
        parse(text)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    "read, typed, message",
    [
        (parse_date, "106/02/30", "「106/02/30」不是有效日期：民國106年2月只有28天。"),
        (parse_date, "٣/٠١/٢٥", "日期裡的「٣」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"),
        (parse_period, "106/13", "「106/13」不是有效期間：月份必須是1到12，不能是13。"),
        (parse_period, "x" * 41, "期間太長了（最多 40 個字），請確認是否打錯。"),
    ],
)
def test_a_bad_date_is_a_validation_error_like_any_bad_input(read, typed: str, message: str) -> None:
    """One error root: whatever shows a ValidationError's message shows a bad date's."""
    with pytest.raises(ValidationError) as refused:
        read(typed)
    assert isinstance(refused.value, DateInputError) and isinstance(refused.value, LedgerError)
    assert str(refused.value) == refused.value.message == message
    assert refused.value.field is None  # the caller shows it beside the input it read
