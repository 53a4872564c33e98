"""Money and counts as the report prints them; the reference's own amounts are the cases."""
from __future__ import annotations

import pytest

from reports.document import CellKind
from reports.formats import NO_FIGURE, cell_text, money, money_in_words, wrap_name


def test_money_in_a_table() -> None:
    assert money(1729838) == "1,729,838元"  # the reference's noon-hour total
    assert money(0) == "0元"


@pytest.mark.parametrize(
    "amount, words",
    [
        (620592791, "6億2,059萬2,791元"),  # the reference's 行政執行事件徵起金額 (SPEC §4)
        (1729838, "172萬9,838元"),  # the reference's noon-hour amount in prose
        (3930118, "393萬零118元"),  # 法拍會 proceeds: 118 is short of four digits
        (9838, "9,838元"),
        (10000, "1萬元"),
        (15000, "1萬5,000元"),
        (10500, "1萬零500元"),  # not 1萬500, which reads as 15,000
        (100000000, "1億元"),
        (100005000, "1億零5,000元"),  # the 萬 passed over
        (600592791, "6億零59萬2,791元"),
        (120000000, "1億2,000萬元"),
        (0, "0元"),
    ],
)
def test_money_in_words(amount: int, words: str) -> None:
    assert money_in_words(amount) == words


def test_money_in_words_refuses_a_negative() -> None:
    with pytest.raises(ValueError):
        money_in_words(-1)


@pytest.mark.parametrize(
    "value, kind, text",
    [
        (25613, CellKind.COUNT, "25,613"),
        (1729838, CellKind.MONEY, "1,729,838"),
        ("98.18", CellKind.PERCENT, "98.18"),
        ("2.5", CellKind.HOURS, "2.5"),
        ("行政權益維護", CellKind.TEXT, "行政權益維護"),
        (None, CellKind.PERCENT, NO_FIGURE),
        (None, CellKind.COUNT, NO_FIGURE),
    ],
)
def test_cell_text(value: object, kind: CellKind, text: str) -> None:
    assert cell_text(value, kind) == text


@pytest.mark.parametrize(
    "name, wrapped",
    [
        ("臨時類別", "臨時類別"),
        ("電話諮詢", "電話諮詢"),
        ("甲（乙丙）", "甲（乙丙）"),  # short enough for one line
        ("其他服務（殘障人士服務）", "其他服務\n（殘障人士\n服務）"),
        ("電話 諮詢服務", "電話\n諮詢服務"),
        ("Parking guidance desk", "Parking\nguidance\ndesk"),
        ("Photocopies", "Photocopies"),
        ("文件影印與掃描服務", "文件影印\n與掃描服務"),
        ("一二三四五六七八九十", "一二三四\n五六七八\n九十"),
    ],
)
def test_wrap_name(name: str, wrapped: str) -> None:
    assert wrap_name(name) == wrapped
