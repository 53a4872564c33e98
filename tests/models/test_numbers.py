"""Numbers as people type them: what is read, and the message for what is not.

Only parsing here; that a refused number writes nothing is checked where each is typed
(tests/models/service/test_counts.py, tests/models/test_settings.py).
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.errors import ValidationError
from models.numbers import AMOUNT, COUNT, parse_amount, parse_decimal, parse_group_size, parse_whole_number


@pytest.mark.parametrize(
    "typed, size",
    [("1", 1), (" 7 ", 7), ("500", 500), ("１２", 12), (12, 12), (500, 500)],
)
def test_group_sizes_accepted(typed: str | int, size: int) -> None:
    assert parse_group_size(typed) == size


@pytest.mark.parametrize(
    "typed, amount",
    [
        ("1500", 1500),
        ("1,500", 1500),
        ("1,234,567", 1234567),
        ("NT$2000", 2000),
        ("350元", 350),
        (" 99 ", 99),
        ("100,000,000", 100_000_000),
        (1, 1),
    ],
)
def test_amounts_accepted(typed: str | int, amount: int) -> None:
    assert parse_amount(typed) == amount


@given(st.integers(min_value=1, max_value=100_000_000))
def test_an_amount_typed_with_or_without_separators_is_the_same(n: int) -> None:
    assert parse_amount(str(n)) == n
    assert parse_amount(f"{n:,}") == n


@pytest.mark.parametrize("typed, number", [("３００", 300), ("１，５００", 1500), ("ＮＴ＄２０００", 2000)])
def test_full_width_numbers_are_still_read(typed: str, number: int) -> None:
    assert parse_amount(typed) == number


@pytest.mark.parametrize(
    "kind, typed, message",
    [
        (COUNT, "-1", "人次請輸入整數，不要有小數點或正負號。"),
        (COUNT, "1,2", "人次的逗號位置不對（千分位是每三位一個，例如 1,500），請確認是否打錯。"),
        (COUNT, "100001", "人次最多 100,000，請確認是否打錯。"),
        (COUNT, -3, "人次不能是負數。"),
        (AMOUNT, "NT$", "請輸入金額。"),
        (AMOUNT, "12.5", "金額請輸入整數元，不要有小數點或其他符號。"),
        (AMOUNT, "٣٠٠", "金額裡的「٣」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"),
        (AMOUNT, "1" * 31, "金額太長了（最多 30 個字），請確認是否打錯。"),
    ],
)
def test_a_day_total_refuses_with_a_message_for_its_kind(kind, typed: str | int, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_whole_number(typed, kind, allow_zero=True)
    assert (refused.value.message, refused.value.field) == (message, kind.field)


def test_a_day_total_may_be_zero_a_group_may_not() -> None:
    assert parse_whole_number("0", COUNT, allow_zero=True) == 0
    with pytest.raises(ValidationError, match="^人次必須大於 0。$"):
        parse_group_size("0")


WEIGHT_REFUSED = "第 3 個權數請輸入 0 或正數（例如 22.5）。"


@pytest.mark.parametrize(
    "typed, number",
    [("22.5", Decimal("22.5")), ("60", Decimal("60")), ("0", Decimal("0")), (".5", Decimal("0.5")),
     ("5.", Decimal("5")), ("２２.５", Decimal("22.5")), (" 45 ", Decimal("45")), (2.5, Decimal("2.5"))],
)
def test_decimals_accepted(typed: object, number: Decimal) -> None:
    assert parse_decimal(typed, label="第 3 個權數", field="weights", refused=WEIGHT_REFUSED) == number


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", WEIGHT_REFUSED),
        ("-45", WEIGHT_REFUSED),
        ("+45", WEIGHT_REFUSED),
        ("1e2", WEIGHT_REFUSED),  # Decimal() reads it as 100
        ("NaN", WEIGHT_REFUSED),
        ("Infinity", WEIGHT_REFUSED),
        ("1,5", WEIGHT_REFUSED),
        ("1.2.3", WEIGHT_REFUSED),
        (None, WEIGHT_REFUSED),
        ("٢٢.٥", "第 3 個權數裡的「٢」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"),
        ("𝟒𝟓", "第 3 個權數裡的「𝟒」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"),
        ("1" * 21, "第 3 個權數太長了（最多 20 個字），請確認是否打錯。"),
    ],
)
def test_decimals_refused(typed: object, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_decimal(typed, label="第 3 個權數", field="weights", refused=WEIGHT_REFUSED)
    assert (refused.value.message, refused.value.field) == (message, "weights")
