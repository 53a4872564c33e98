"""Service-centre figures against the reference report (民國106年1–6月).

The counts, the amount, 總計服務人數 25,613 and 0.28% are literals printed in the reference;
the other expectations are worked out by hand.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.figures.service import (
    CategoryFigure,
    ServiceCentreFigures,
    noon_ratio_pct,
    service_centre_summary,
    service_days_summary,
    total_served,
)

REFERENCE_FIGURES = [
    CategoryFigure("A", "總機電話服務", 7458),
    CategoryFigure("B", "受理現場查詢案件", 7841),
    CategoryFigure("C", "服務中心導引民眾", 1875),
    CategoryFigure("D", "停車導引及管制服務", 722),
    CategoryFigure("E", "查封車看車服務", 45),
    CategoryFigure("F", "其他服務(殘障人士服務)", 14),
    CategoryFigure("G", "中午輪值不打烊收款", 315, 1729838),
    CategoryFigure("H", "現場受理收文", 846),
    CategoryFigure("I", "志工導引", 6497),
]
REFERENCE_TOTAL = 25613  # 總計服務人數 as printed
REFERENCE_COLLECTED = 620592791  # 行政執行事件徵起金額 of the period


def test_total_served_is_the_reference_total() -> None:
    assert total_served(REFERENCE_FIGURES) == REFERENCE_TOTAL


def test_total_served_counts_people_not_money() -> None:
    # G's 1,729,838 元 must not leak into the 人次 total
    assert total_served([CategoryFigure("G", "中午輪值不打烊收款", 315, 1729838)]) == 315


def test_total_served_of_nothing_is_zero() -> None:
    assert total_served([]) == 0


def test_total_takes_an_empty_category_and_a_new_one() -> None:
    figures = [CategoryFigure("A", "總機電話服務", 0), CategoryFigure("K", "替代役協助", 12)]
    assert total_served(figures) == 12


def test_summary_of_the_reference_period() -> None:
    summary = service_centre_summary(REFERENCE_FIGURES)
    assert summary == ServiceCentreFigures(tuple(REFERENCE_FIGURES), 25613)
    assert summary.category("G") == CategoryFigure("G", "中午輪值不打烊收款", 315, 1729838)
    assert summary.to_json() == {
        "categories": {
            "A": {"name": "總機電話服務", "count": 7458},
            "B": {"name": "受理現場查詢案件", "count": 7841},
            "C": {"name": "服務中心導引民眾", "count": 1875},
            "D": {"name": "停車導引及管制服務", "count": 722},
            "E": {"name": "查封車看車服務", "count": 45},
            "F": {"name": "其他服務(殘障人士服務)", "count": 14},
            "G": {"name": "中午輪值不打烊收款", "count": 315, "amount": 1729838},
            "H": {"name": "現場受理收文", "count": 846},
            "I": {"name": "志工導引", "count": 6497},
        },
        "total": 25613,
        "noon_ratio_pct": None,  # no 徵起金額 given: not known, not 0.00
    }


def test_summary_keeps_the_printed_order() -> None:
    summary = service_centre_summary(list(reversed(REFERENCE_FIGURES)))
    assert [category.code for category in summary.categories] == list("IHGFEDCBA")
    assert list(summary.to_json()["categories"]) == list("IHGFEDCBA")
    assert summary.total == 25613


def test_an_amount_of_zero_is_still_printed() -> None:
    # a period without noon payments shows 0 元, not a missing column
    summary = service_centre_summary([CategoryFigure("G", "中午輪值不打烊收款", 0, 0)])
    assert summary.to_json() == {
        "categories": {"G": {"name": "中午輪值不打烊收款", "count": 0, "amount": 0}}, "total": 0, "noon_ratio_pct": None
    }


def test_summary_of_no_categories() -> None:
    assert service_centre_summary([]).to_json() == {"categories": {}, "total": 0, "noon_ratio_pct": None}


def test_a_category_the_period_lacks_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        service_centre_summary(REFERENCE_FIGURES).category("J")  # J is computed, never a category


def test_the_noon_ratio_of_the_reference_period() -> None:
    summary = service_centre_summary(REFERENCE_FIGURES, REFERENCE_COLLECTED)
    assert summary.noon_amount == 1729838  # G's money alone: the other categories carry none
    assert summary.noon_ratio_pct == "0.28"
    assert list(summary.to_json()) == ["categories", "total", "noon_ratio_pct"]  # the new key comes last
    assert summary.to_json()["noon_ratio_pct"] == "0.28"
    assert summary.total == 25613  # the ratio changes nothing else
    assert service_centre_summary([]).noon_amount == 0


@pytest.mark.parametrize(
    "collected, expected",
    [
        pytest.param(None, None, id="not-known"),  # 徵起金額 not entered for the whole period
        pytest.param(0, None, id="nothing-collected"),  # no division by zero: 「—」
        pytest.param(172983800, "1.00", id="known"),
    ],
)
def test_the_noon_ratio_without_a_known_collection_is_none(collected: int | None, expected: str | None) -> None:
    assert service_centre_summary(REFERENCE_FIGURES, collected).noon_ratio_pct == expected
    # with no noon payments at all the share is a real 0.00, once the collections are known
    nothing = [CategoryFigure("G", "中午輪值不打烊收款", 0, 0)]
    assert service_centre_summary(nothing, REFERENCE_COLLECTED).noon_ratio_pct == "0.00"


def test_the_figures_are_frozen_and_hashable() -> None:
    summary = service_centre_summary(REFERENCE_FIGURES)
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.total = 0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.categories[0].count = 0  # type: ignore[misc]
    # hashable all the way down: no list or dict inside that could be changed in place
    assert hash(summary) == hash(service_centre_summary(list(REFERENCE_FIGURES)))


def test_to_json_hands_out_copies() -> None:
    summary = service_centre_summary(REFERENCE_FIGURES)
    summary.to_json()["categories"]["G"]["amount"] = 0
    assert summary.to_json()["categories"]["G"]["amount"] == 1729838
    assert json.loads(json.dumps(summary.to_json(), ensure_ascii=False)) == summary.to_json()


def test_noon_ratio_of_the_reference() -> None:
    assert noon_ratio_pct(1729838, REFERENCE_COLLECTED) == "0.28"


@pytest.mark.parametrize(
    "noon, collected, expected",
    [
        (0, REFERENCE_COLLECTED, "0.00"),
        (1, 800, "0.13"),  # 0.125 rounds half up, not to even
        (3, 800, "0.38"),  # 0.375
        (1, 3, "33.33"),
        (2, 3, "66.67"),
        (5, 5, "100.00"),
        (1729838, 172983800, "1.00"),
    ],
)
def test_noon_ratio_rounds_half_up_to_two_decimals(noon: int, collected: int, expected: str) -> None:
    assert noon_ratio_pct(noon, collected) == expected


def test_noon_ratio_without_collections_is_none() -> None:
    assert noon_ratio_pct(1729838, 0) is None
    assert noon_ratio_pct(0, 0) is None


@given(st.lists(st.integers(min_value=0, max_value=100_000), max_size=12))
def test_total_is_the_sum_of_the_printed_counts(counts: list[int]) -> None:
    figures = [CategoryFigure(f"C{i}", f"類別{i}", n) for i, n in enumerate(counts)]
    summary = service_centre_summary(figures)
    assert [category.count for category in summary.categories] == counts
    assert [entry["count"] for entry in summary.to_json()["categories"].values()] == counts
    assert summary.total == summary.to_json()["total"] == sum(counts)


# ---------------------------------------------------------------- day by day (the monthly form)

MARCH_1, MARCH_2, MARCH_3 = (dt.date(2017, 3, day) for day in (1, 2, 3))


def three_days() -> dict[dt.date, list[CategoryFigure]]:
    """Three days of A and G, worked out by hand: A 12 + 0 + 7, G 2 + 0 + 1 people, 3,500 + 0 + 800 元."""
    return {
        MARCH_1: [CategoryFigure("A", "總機電話服務", 12), CategoryFigure("G", "中午輪值不打烊收款", 2, 3500)],
        MARCH_2: [CategoryFigure("A", "總機電話服務", 0), CategoryFigure("G", "中午輪值不打烊收款", 0, 0)],
        MARCH_3: [CategoryFigure("A", "總機電話服務", 7), CategoryFigure("G", "中午輪值不打烊收款", 1, 800)],
    }


def test_each_day_has_its_own_total_and_the_totals_are_summed_from_the_days() -> None:
    summary = service_days_summary(three_days(), collected_amount=430000)
    assert [day.day for day in summary.days] == [MARCH_1, MARCH_2, MARCH_3]
    assert [day.figures.total for day in summary.days] == [14, 0, 8]
    assert summary.days[0].figures.category("G").amount == 3500
    assert summary.totals == ServiceCentreFigures(
        (CategoryFigure("A", "總機電話服務", 19), CategoryFigure("G", "中午輪值不打烊收款", 3, 4300)), 22, "1.00"
    )
    assert summary.days[0].figures.noon_ratio_pct is None  # a ratio is the period's, not a day's
    assert summary.has_data
    assert summary.to_json()["days"]["2017-03-03"] == {
        "categories": {
            "A": {"name": "總機電話服務", "count": 7},
            "G": {"name": "中午輪值不打烊收款", "count": 1, "amount": 800},
        },
        "total": 8,
        "noon_ratio_pct": None,
    }
    assert list(summary.to_json()) == ["days", "totals"]


def test_days_without_anything_are_no_data_but_still_listed() -> None:
    nothing = {day: [CategoryFigure("A", "總機電話服務", 0), CategoryFigure("G", "中午輪值不打烊收款", 0, 0)]
               for day in (MARCH_1, MARCH_2)}
    summary = service_days_summary(nothing, collected_amount=None)
    assert len(summary.days) == 2 and not summary.has_data
    assert summary.totals.to_json() == {
        "categories": {"A": {"name": "總機電話服務", "count": 0}, "G": {"name": "中午輪值不打烊收款", "count": 0, "amount": 0}},
        "total": 0,
        "noon_ratio_pct": None,
    }
    assert not service_days_summary({}).has_data
    assert service_days_summary({}).totals == ServiceCentreFigures((), 0)


def test_days_listing_different_categories_are_refused() -> None:
    days = three_days()
    days[MARCH_2] = days[MARCH_2][:1]
    with pytest.raises(ValueError, match="different categories"):
        service_days_summary(days)


@given(st.lists(st.tuples(st.integers(0, 500), st.integers(0, 50), st.integers(0, 90000)), min_size=1, max_size=31))
def test_the_totals_row_adds_up_the_days_and_j_adds_up_the_totals(days: list[tuple[int, int, int]]) -> None:
    by_day = {
        dt.date(2017, 3, 1) + dt.timedelta(n): [CategoryFigure("A", "總機", a), CategoryFigure("G", "收款", g, amount)]
        for n, (a, g, amount) in enumerate(days)
    }
    summary = service_days_summary(by_day)
    assert summary.totals.category("A").count == sum(a for a, _g, _amount in days)
    assert summary.totals.category("G").amount == sum(amount for _a, _g, amount in days)
    assert summary.totals.total == sum(day.figures.total for day in summary.days)
