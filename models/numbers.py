"""Numbers as people type them: counts of people, amounts of money, and decimals (a weight).

"1,500", "1500" and "NT$ 1,500 元" are the same number; decimals, signs, misplaced commas and
digits of other scripts are refused with a message that names what was expected. Full-width
digits, foreign digits and over-long text follow models.text.plain_input, the rule of every
parser; the lengths allowed are here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from models.errors import ValidationError
from models.text import is_ascii_number, plain_input

MAX_GROUP = 500  # a +N larger than this is a typing slip, not a group of visitors
MAX_DAY_TOTAL = 100_000
MAX_AMOUNT = 100_000_000  # NT$ for one payment or one day's typed amount

# "1,500" and "1,234,567": commas only as thousands separators. "1,2,3" is a slip, not 123.
_GROUPED_DIGITS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
NUMBER_MAX_LENGTH = 30  # "NT$ 100,000,000 元" with room to spare; longer is a paste, not a number
BARE_NUMBER_MAX_LENGTH = 20  # a number typed without unit or currency sign: "22.5", "50,000"
# 0–9 and at most one point: Decimal() alone would also read ٣ and ๓, "1e2", "-5" and "NaN".
_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")


def _without_separators(text: str) -> str | None:
    """The text without thousands separators; None when they are digits with a comma out of place."""
    bare = text.replace(",", "")
    if bare != text and is_ascii_number(bare) and not _GROUPED_DIGITS.fullmatch(text):
        return None
    return bare


@dataclass(frozen=True)
class NumberKind:
    """How one kind of typed whole number is named and bounded in messages."""

    label: str  # 人次, 金額
    unit: str  # shown after the number: "" or " 元"
    maximum: int
    field: str
    not_whole: str  # the message for decimals, signs and letters
    out_of_range: str = ""  # one message for below 1 (or 0) and above maximum; "" names the bound crossed
    max_length: int = NUMBER_MAX_LENGTH

    @property
    def is_money(self) -> bool:
        return self.unit == " 元"


COUNT = NumberKind("人次", "", MAX_DAY_TOTAL, "count", "人次請輸入整數，不要有小數點或正負號。")
GROUP = NumberKind("人次", "", MAX_GROUP, "count", COUNT.not_whole)
AMOUNT = NumberKind("金額", " 元", MAX_AMOUNT, "amount", "金額請輸入整數元，不要有小數點或其他符號。")


def parse_whole_number(value: int | str, kind: NumberKind, *, allow_zero: bool = False) -> int:
    """A count or an amount as typed: "1,500" and "1500" are the same; decimals, signs and
    misplaced commas are refused with a message that names what was expected."""
    if isinstance(value, str):
        text = plain_input(value, label=kind.label, max_length=kind.max_length, field=kind.field)
        if kind.is_money:
            text = text.removeprefix("NT$").removesuffix("元").strip()
        if not text:
            raise ValidationError(f"請輸入{kind.label}。", field=kind.field)
        text = _without_separators(text)
        if text is None:
            raise ValidationError(
                f"{kind.label}的逗號位置不對（千分位是每三位一個，例如 1,500），請確認是否打錯。", field=kind.field
            )
        if not is_ascii_number(text):
            raise ValidationError(kind.not_whole, field=kind.field)
        value = int(text)
    too_small = value < 0 or (value == 0 and not allow_zero)
    if kind.out_of_range and (too_small or value > kind.maximum):
        raise ValidationError(kind.out_of_range, field=kind.field)
    if too_small:
        message = f"{kind.label}不能是負數。" if allow_zero else f"{kind.label}必須大於 0{kind.unit}。"
        raise ValidationError(message, field=kind.field)
    if value > kind.maximum:
        raise ValidationError(f"{kind.label}最多 {kind.maximum:,}{kind.unit}，請確認是否打錯。", field=kind.field)
    return value


def parse_amount(value: int | str, *, allow_zero: bool = False) -> int:
    return parse_whole_number(value, AMOUNT, allow_zero=allow_zero)


def parse_group_size(value: int | str) -> int:
    return parse_whole_number(value, GROUP)


def parse_decimal(value: object, *, label: str, field: str | None, refused: str) -> Decimal:
    """A decimal that is not negative, as typed ("22.5", "２.５", "60", ".5"); ``refused`` is
    the message for anything else (signs, exponents, letters, commas)."""
    text = plain_input(str(value), label=label, max_length=BARE_NUMBER_MAX_LENGTH, field=field)
    if not _DECIMAL.fullmatch(text):
        raise ValidationError(refused, field=field)
    return Decimal(text)
