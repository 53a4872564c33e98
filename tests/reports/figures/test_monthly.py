"""Monthly figures and the payment-channel table against the reference report (民國106年1–6月).

The parts are the reference's literals (tests/data/106H1-figures.json); the subtotals
21,934 筆 56,341,202 元 and 9,330 筆 99,769,201 元 are printed in the reference too. Its grand
total (31,264 筆, 56,372,466 元) does not match its parts: the amount computed from them is
56,341,202 + 99,769,201 = 156,110,403 元, worked out by hand.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.figures.monthly import (
    CountAmount,
    FigureRow,
    PairRow,
    monthly_summary,
    payment_channel_summary,
    sum_entered,
)

DATA = Path(__file__).resolve().parents[2] / "data"
REFERENCE = json.loads((DATA / "106H1-figures.json").read_text(encoding="utf-8"))
CHANNELS = REFERENCE["payment_channels"]
MONTHS = ("2017-01", "2017-02", "2017-03", "2017-04", "2017-05", "2017-06")


def half_year_in(month: int, value: object) -> tuple[object, ...]:
    """The half-year's value typed in one month, the others entered as nothing at all."""
    return tuple(value if n == month else None for n in range(len(MONTHS)))


def reference_rows() -> list[PairRow]:
    return [
        PairRow(channel, case_type, half_year_in(2, (parts["count"], parts["amount"])))
        for channel, case_types in CHANNELS.items()
        for case_type, parts in case_types.items()
    ]


# --- the payment-channel table -------------------------------------------------------------


def test_the_reference_table_subtotals_and_the_total_computed_from_its_parts() -> None:
    table = payment_channel_summary(MONTHS, reference_rows())
    store, bank = table.channels
    assert store.channel == "便利商店" and [c.case_type for c in store.case_types] == ["稅款", "監理", "健保", "勞保"]
    assert bank.channel == "郵局・金融機構" and [c.case_type for c in bank.case_types] == ["健保", "監理", "勞保"]
    assert store.case_types[0].sums == CountAmount(4349, 19157765)
    assert bank.case_types[1].sums == CountAmount(0, 0)  # 監理 at the post office: 0 筆, entered
    assert store.subtotal == CountAmount(21934, 56341202)  # as printed: 21,934筆， 56,341,202元
    assert bank.subtotal == CountAmount(9330, 99769201)  # as printed: 9,330筆，99,769,201元
    assert table.total == CountAmount(31264, 156110403)  # the reference prints 56,372,466元: not its parts' sum
    assert table.channel("郵局・金融機構") is bank


def test_the_table_as_json() -> None:
    table = payment_channel_summary(MONTHS, reference_rows())
    as_json = table.to_json()
    assert as_json["channels"]["便利商店"]["case_types"] == CHANNELS["便利商店"]
    assert as_json["channels"]["郵局・金融機構"]["case_types"] == CHANNELS["郵局・金融機構"]
    assert as_json["channels"]["便利商店"]["subtotal"] == {"count": 21934, "amount": 56341202}
    assert as_json["total"] == {"count": 31264, "amount": 156110403}
    # only March was entered: the other five months are missing, and said so
    assert as_json["months_missing"] == ["2017-01", "2017-02", "2017-04", "2017-05", "2017-06"]
    assert list(as_json) == ["channels", "total", "months_missing"]
    assert json.loads(json.dumps(as_json, ensure_ascii=False)) == as_json


def test_a_half_year_spread_over_its_months_adds_up_to_the_same_table() -> None:
    rows = []
    for channel, case_types in CHANNELS.items():
        for case_type, parts in case_types.items():
            count, amount = parts["count"], parts["amount"]
            values = [(count // 6, amount // 6)] * 5
            values.append((count - 5 * (count // 6), amount - 5 * (amount // 6)))
            rows.append(PairRow(channel, case_type, tuple(values)))
    table = payment_channel_summary(MONTHS, rows)
    assert table.total == CountAmount(31264, 156110403)
    assert table.months_missing == ()


def test_nothing_entered_is_no_figure_at_all_not_zero() -> None:
    rows = [PairRow("便利商店", "稅款", (None,) * 6), PairRow("便利商店", "監理", (None,) * 6)]
    table = payment_channel_summary(MONTHS, rows)
    assert table.channels[0].case_types[0].sums == CountAmount(None, None)
    assert table.channels[0].subtotal == CountAmount(None, None)
    assert table.total == CountAmount(None, None)
    assert table.to_json()["total"] == {"count": None, "amount": None}
    assert table.months_missing == MONTHS


def test_an_empty_table() -> None:
    table = payment_channel_summary(MONTHS, [])
    assert table.to_json() == {"channels": {}, "total": {"count": None, "amount": None}, "months_missing": []}


def test_a_retired_pair_counts_in_the_sums_but_makes_no_month_missing() -> None:
    rows = [
        PairRow("便利商店", "稅款", ((1, 100),) * 6),
        PairRow("便利商店", "罰鍰", half_year_in(0, (2, 300)), active=False),
    ]
    table = payment_channel_summary(MONTHS, rows)
    assert table.total == CountAmount(8, 900)
    assert table.months_missing == ()


def test_a_row_of_the_wrong_length_is_a_bug() -> None:
    with pytest.raises(ValueError):
        payment_channel_summary(MONTHS, [PairRow("便利商店", "稅款", ((1, 1),))])


# --- the figures ---------------------------------------------------------------------------

PERIOD_FIGURES = REFERENCE["period_figures"]


def test_each_figure_is_summed_over_the_months_entered() -> None:
    # 行政執行事件徵起金額 620,592,791 typed as six months that add up to it
    collected = (103432131, 98765432, 110000000, 101234567, 99999999, 107160662)
    assert sum(collected) == PERIOD_FIGURES["行政執行事件徵起金額"]
    rows = [
        FigureRow("collected_amount", "行政執行事件徵起金額", "amount", collected),
        FigureRow("line_receipts", "Line@回傳收據次數", "count", (400, 410, None, 420, 430, 440)),
        FigureRow("mailbox_cases", "民意信箱及廉政信箱件數", "count", (None,) * 6),
        FigureRow("welfare_referrals", "轉介社福件數", "count", (0, 0, 0, 0, 0, 0)),
    ]
    figures = monthly_summary(MONTHS, rows)
    assert figures.figure("collected_amount").total == 620592791
    assert figures.figure("collected_amount").complete
    assert figures.figure("line_receipts").total == 2100  # March not entered: the five others
    assert not figures.figure("line_receipts").complete
    assert figures.figure("mailbox_cases").total is None  # nothing entered: no figure, not 0
    assert figures.figure("welfare_referrals").total == 0  # entered as 0: a real 0
    assert figures.to_json() == {
        "months": list(MONTHS),
        "figures": {
            "collected_amount": {"name": "行政執行事件徵起金額", "kind": "amount", "per_month": list(collected),
                                 "total": 620592791},
            "line_receipts": {"name": "Line@回傳收據次數", "kind": "count", "per_month": [400, 410, None, 420, 430, 440],
                              "total": 2100},
            "mailbox_cases": {"name": "民意信箱及廉政信箱件數", "kind": "count", "per_month": [None] * 6, "total": None},
            "welfare_referrals": {"name": "轉介社福件數", "kind": "count", "per_month": [0] * 6, "total": 0},
        },
    }
    with pytest.raises(KeyError):
        figures.figure("no_such_figure")


def test_the_figures_are_frozen_and_hashable() -> None:
    figures = monthly_summary(MONTHS, [FigureRow("line_receipts", "Line@回傳收據次數", "count", (1,) * 6)])
    table = payment_channel_summary(MONTHS, reference_rows())
    with pytest.raises(dataclasses.FrozenInstanceError):
        figures.figures[0].total = 0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        table.total = CountAmount(0, 0)  # type: ignore[misc]
    assert hash(table) == hash(payment_channel_summary(MONTHS, reference_rows()))
    assert hash(figures)


@given(st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=10**10)), max_size=12))
def test_a_sum_is_the_entered_values_and_none_only_when_nothing_was(values: list[int | None]) -> None:
    entered = [v for v in values if v is not None]
    assert sum_entered(values) == (sum(entered) if entered else None)
