"""Survey statistics against the reference report (民國106年1–6月, 166 forms).

Every expected figure below is a literal copied from the reference report (or
worked by hand), never produced by the code under test.
"""
from __future__ import annotations

import dataclasses
import json
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.figures.survey import (
    DEFAULT_DURATION_WEIGHTS,
    DurationFigures,
    Extreme,
    ItemFigures,
    ItemTally,
    SatisfactionFigures,
    average_minutes,
    extremes,
    extremes_sentences,
    item_figures,
    percent,
    round_half_up,
    satisfaction_fraction,
    satisfaction_pct,
    share_pct,
    survey_summary,
    within_15_pct,
)

FORMS = 166

# [非常滿意, 滿意, 無意見, 不滿意, 非常不滿意, invalid] as printed in the reference.
REFERENCE_ROWS: dict[str, list[int]] = {
    "A": [95, 66, 5, 0, 0, 0],
    "B": [90, 69, 7, 0, 0, 0],
    "C": [86, 64, 7, 0, 0, 9],
    "D": [112, 50, 3, 0, 0, 1],
    "E": [81, 62, 16, 0, 0, 7],
    "F": [81, 60, 17, 0, 0, 8],
    "G": [103, 58, 3, 0, 0, 2],
    "H": [99, 62, 4, 0, 0, 1],
    "I": [98, 61, 5, 0, 0, 2],
    "J": [96, 60, 6, 0, 0, 4],
    "K": [69, 52, 13, 2, 0, 30],
}

REFERENCE_SATISFACTION = {
    "A": "96.99",
    "B": "95.78",
    "C": "95.54",
    "D": "98.18",
    "E": "89.94",
    "F": "89.24",
    "G": "98.17",
    "H": "97.58",
    "I": "96.95",
    "J": "96.30",
}

REFERENCE_VALID = {
    "A": 166, "B": 166, "C": 157, "D": 165, "E": 159,
    "F": 158, "G": 164, "H": 165, "I": 164, "J": 162, "K": 136,
}

# Only D and F are named in the quoted sentences; the rest are placeholders.
LABELS = {code: f"項目{code}" for code in REFERENCE_ROWS}
LABELS["D"] = "服務台服務"
LABELS["F"] = "行政執行事件有關規定獲知管道"


def make_tally(code: str, row: list[int], blank: int | None = None) -> ItemTally:
    """Build a tally from a reference row, putting ``blank`` of the invalid as blank."""
    *counts, invalid = row
    blank = invalid if blank is None else blank
    kind = "duration" if code == "K" else "satisfaction"
    return ItemTally(code, kind, tuple(counts), blank=blank, multiple=invalid - blank)


def reference_tallies() -> list[ItemTally]:
    return [make_tally(code, row) for code, row in REFERENCE_ROWS.items()]


# ---------------------------------------------------------------------------
# Reference report figures
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("code", list(REFERENCE_SATISFACTION))
def test_reference_satisfaction(code: str) -> None:
    tally = make_tally(code, REFERENCE_ROWS[code])
    assert tally.valid == REFERENCE_VALID[code]
    assert tally.total == FORMS
    assert satisfaction_pct(tally) == REFERENCE_SATISFACTION[code]


def test_every_item_s_printed_total_is_the_forms_of_the_reference() -> None:
    """合計 beside each item: its options and its invalid answers add up to the 166 forms."""
    summary = survey_summary(FORMS, reference_tallies(), labels=LABELS)
    assert {item.code: item.total for item in summary.items} == {code: 166 for code in REFERENCE_ROWS}


def test_reference_duration_item() -> None:
    tally = make_tally("K", REFERENCE_ROWS["K"])
    assert tally.valid == 136
    assert tally.invalid == 30
    assert tally.total == FORMS
    assert within_15_pct(tally) == "88.97"
    shares = share_pct(tally)
    assert shares[:2] == ["50.74", "38.24"]
    # Remaining buckets worked by hand: 13/136, 2/136, 0/136.
    assert shares[2:] == ["9.56", "1.47", "0.00"]
    assert average_minutes(tally) == "7.90"


def test_reference_item_figures_types() -> None:
    a = ItemTally("A", "satisfaction", (95, 66, 5, 0, 0))
    assert item_figures(a) == SatisfactionFigures(
        code="A", counts=(95, 66, 5, 0, 0), blank=0, multiple=0, valid=166, invalid=0, satisfaction_pct="96.99"
    )
    k = ItemTally("K", "duration", (69, 52, 13, 2, 0), blank=21, multiple=9)
    assert item_figures(k) == DurationFigures(
        code="K", counts=(69, 52, 13, 2, 0), blank=21, multiple=9, valid=136, invalid=30,
        within_15_pct="88.97", share_pct=("50.74", "38.24", "9.56", "1.47", "0.00"), average_minutes="7.90",
    )
    # the figure of the table's last column, whatever the kind
    assert item_figures(a).headline_pct == "96.99"
    assert item_figures(k).headline_pct == "88.97"
    assert (item_figures(a).kind, item_figures(k).kind) == ("satisfaction", "duration")


def test_reference_item_figures_shapes() -> None:
    a = ItemTally("A", "satisfaction", (95, 66, 5, 0, 0))
    assert item_figures(a).to_json() == {
        "counts": [95, 66, 5, 0, 0],
        "blank": 0,
        "multiple": 0,
        "valid": 166,
        "invalid": 0,
        "satisfaction_pct": "96.99",
    }
    k = ItemTally("K", "duration", (69, 52, 13, 2, 0), blank=21, multiple=9)
    assert item_figures(k).to_json() == {
        "counts": [69, 52, 13, 2, 0],
        "blank": 21,
        "multiple": 9,
        "valid": 136,
        "invalid": 30,
        "within_15_pct": "88.97",
        "share_pct": ["50.74", "38.24", "9.56", "1.47", "0.00"],
        "average_minutes": "7.90",
    }
    assert list(item_figures(a).to_json()) == [
        "counts", "blank", "multiple", "valid", "invalid", "satisfaction_pct",
    ]
    assert list(item_figures(k).to_json()) == [
        "counts", "blank", "multiple", "valid", "invalid",
        "within_15_pct", "share_pct", "average_minutes",
    ]


def test_reference_extremes() -> None:
    assert extremes(reference_tallies()) == (["D"], ["F"])


def test_reference_extremes_sentences() -> None:
    assert extremes_sentences(reference_tallies(), LABELS) == (
        "滿意度最高者為「服務台服務」，為98.18%。",
        "滿意度最低者為「行政執行事件有關規定獲知管道」，為89.24%。",
    )


def test_reference_survey_summary() -> None:
    summary = survey_summary(FORMS, reference_tallies(), labels=LABELS)
    assert summary.forms == 166
    assert [item.code for item in summary.items] == list("ABCDEFGHIJK")
    assert summary.highest == Extreme(("D",), "滿意度最高者為「服務台服務」，為98.18%。")
    assert summary.lowest == Extreme(("F",), "滿意度最低者為「行政執行事件有關規定獲知管道」，為89.24%。")
    for code, expected in REFERENCE_SATISFACTION.items():
        item = summary.item(code)
        assert isinstance(item, SatisfactionFigures)
        assert item.satisfaction_pct == expected
        assert item.valid == REFERENCE_VALID[code]
        assert item.invalid == REFERENCE_ROWS[code][5]
    k = summary.item("K")
    assert isinstance(k, DurationFigures)
    assert k.within_15_pct == "88.97"
    assert k.share_pct[:2] == ("50.74", "38.24")
    assert k.average_minutes == "7.90"
    as_json = summary.to_json()
    assert list(as_json) == ["forms", "items", "highest", "lowest", "sentences"]
    assert (as_json["highest"], as_json["lowest"]) == (["D"], ["F"])
    assert as_json["sentences"] == {
        "highest": "滿意度最高者為「服務台服務」，為98.18%。",
        "lowest": "滿意度最低者為「行政執行事件有關規定獲知管道」，為89.24%。",
    }
    assert as_json["items"]["D"] == {
        "counts": [112, 50, 3, 0, 0], "blank": 1, "multiple": 0, "valid": 165, "invalid": 1,
        "satisfaction_pct": "98.18",
    }
    # JSON-ready: survives a round trip unchanged.
    assert json.loads(json.dumps(as_json, ensure_ascii=False)) == as_json


def test_an_item_the_questionnaire_lacks_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        survey_summary(FORMS, reference_tallies(), labels=LABELS).item("L")


def test_the_figures_are_frozen_and_hashable() -> None:
    summary = survey_summary(FORMS, reference_tallies(), labels=LABELS)
    for value, field in [
        (summary, "forms"),
        (summary.highest, "codes"),
        (summary.item("D"), "satisfaction_pct"),
        (summary.item("K"), "average_minutes"),
    ]:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, field, None)
    # hashable all the way down: no list or dict inside that could be changed in place
    assert hash(summary) == hash(survey_summary(FORMS, reference_tallies(), labels=LABELS))


def test_item_figures_is_only_its_kinds() -> None:
    with pytest.raises(TypeError):
        ItemFigures("A", (1, 0), 0, 0, 1, 0)  # type: ignore[abstract]


@pytest.mark.parametrize("code", list(REFERENCE_ROWS))
def test_invalid_split_does_not_change_figures(code: str) -> None:
    """The reference does not split invalid into blank/multiple; no split may matter."""
    row = REFERENCE_ROWS[code]
    invalid = row[5]
    baseline = item_figures(make_tally(code, row, blank=invalid))
    for blank in range(invalid + 1):
        figures = item_figures(make_tally(code, row, blank=blank))
        assert figures.blank == blank
        assert figures.multiple == invalid - blank
        assert figures.invalid == invalid
        assert dataclasses.replace(figures, blank=0, multiple=0) == dataclasses.replace(baseline, blank=0, multiple=0)


def test_invalid_split_does_not_change_summary_extremes() -> None:
    all_blank = [make_tally(code, row, blank=row[5]) for code, row in REFERENCE_ROWS.items()]
    all_multiple = [make_tally(code, row, blank=0) for code, row in REFERENCE_ROWS.items()]
    assert extremes(all_blank) == extremes(all_multiple) == (["D"], ["F"])


# ---------------------------------------------------------------------------
# Rounding
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (1, 8, "12.50"),
        (2, 3, "66.67"),
        (1, 3, "33.33"),
        (1, 200, "0.50"),
        (1005, 100000, "1.01"),  # exactly 1.005; round(1.005, 2) == 1.0 with floats
        (2675, 100000, "2.68"),  # exactly 2.675; float rounding gives 2.67
        (1, 16, "6.25"),  # exactly 6.25, nothing to round
        (1, 80000, "0.00"),  # 0.00125 rounds down
        (1, 40000, "0.00"),  # 0.0025 rounds down
        (1, 20000, "0.01"),  # 0.005 exactly rounds up
        (0, 7, "0.00"),
        (7, 7, "100.00"),
        (3, 2, "150.00"),
    ],
)
def test_percent_half_up(numerator: int, denominator: int, expected: str) -> None:
    assert percent(numerator, denominator) == expected


def test_percent_zero_denominator_is_none() -> None:
    assert percent(0, 0) is None
    assert percent(5, 0) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1.005"), "1.01"),
        (Fraction(1005, 1000), "1.01"),
        (Decimal("2.675"), "2.68"),
        (Decimal("1.004999999999999999999999999999999"), "1.00"),
        (Fraction(1, 8), "0.13"),
        (Decimal("0"), "0.00"),
        (0, "0.00"),
        (7, "7.00"),
        (Decimal("123456789.995"), "123456790.00"),
        (Decimal("-1.005"), "-1.01"),  # half away from zero, like ROUND_HALF_UP
        (Fraction(-1, 1000), "0.00"),  # never "-0.00"
    ],
)
def test_round_half_up(value: Fraction | Decimal | int, expected: str) -> None:
    assert round_half_up(value) == expected


@pytest.mark.parametrize("bad", [1.005, "1.005", None, True])
def test_round_half_up_rejects_inexact_or_non_numbers(bad: object) -> None:
    with pytest.raises(TypeError):
        round_half_up(bad)  # type: ignore[arg-type]


def test_round_half_up_rejects_non_finite() -> None:
    with pytest.raises(ValueError):
        round_half_up(Decimal("NaN"))


# ---------------------------------------------------------------------------
# No valid answers
# ---------------------------------------------------------------------------

def test_zero_valid_satisfaction_item_is_none() -> None:
    tally = ItemTally("A", "satisfaction", (0, 0, 0, 0, 0), blank=3, multiple=2)
    assert tally.valid == 0
    assert tally.invalid == 5
    assert tally.total == 5
    assert satisfaction_fraction(tally) is None
    assert satisfaction_pct(tally) is None
    assert item_figures(tally).to_json() == {
        "counts": [0, 0, 0, 0, 0],
        "blank": 3,
        "multiple": 2,
        "valid": 0,
        "invalid": 5,
        "satisfaction_pct": None,
    }


def test_zero_valid_duration_item_is_none() -> None:
    tally = ItemTally("K", "duration", (0, 0, 0, 0, 0))
    assert within_15_pct(tally) is None
    assert share_pct(tally) == [None, None, None, None, None]
    assert average_minutes(tally) is None
    assert item_figures(tally).to_json() == {
        "counts": [0, 0, 0, 0, 0],
        "blank": 0,
        "multiple": 0,
        "valid": 0,
        "invalid": 0,
        "within_15_pct": None,
        "share_pct": [None, None, None, None, None],
        "average_minutes": None,
    }


def test_zero_valid_survey_summary() -> None:
    tallies = [
        ItemTally("A", "satisfaction", (0, 0, 0, 0, 0), blank=1),
        ItemTally("B", "satisfaction", (0, 0, 0, 0, 0)),
        ItemTally("K", "duration", (0, 0, 0, 0, 0), multiple=1),
    ]
    summary = survey_summary(1, tallies, labels={"A": "甲", "B": "乙", "K": "丙"}).to_json()
    assert summary == {
        "forms": 1,
        "items": {
            "A": {
                "counts": [0, 0, 0, 0, 0], "blank": 1, "multiple": 0,
                "valid": 0, "invalid": 1, "satisfaction_pct": None,
            },
            "B": {
                "counts": [0, 0, 0, 0, 0], "blank": 0, "multiple": 0,
                "valid": 0, "invalid": 0, "satisfaction_pct": None,
            },
            "K": {
                "counts": [0, 0, 0, 0, 0], "blank": 0, "multiple": 1,
                "valid": 0, "invalid": 1, "within_15_pct": None,
                "share_pct": [None, None, None, None, None], "average_minutes": None,
            },
        },
        "highest": [],
        "lowest": [],
        "sentences": {"highest": "", "lowest": ""},
    }
    assert '"satisfaction_pct": null' in json.dumps(summary)
    assert extremes(tallies) == ([], [])
    assert extremes_sentences(tallies, {"A": "甲", "B": "乙", "K": "丙"}) == ("", "")


def test_empty_survey() -> None:
    assert survey_summary(0, [], labels={}).to_json() == {
        "forms": 0, "items": {}, "highest": [], "lowest": [], "sentences": {"highest": "", "lowest": ""},
    }
    assert extremes([]) == ([], [])
    assert extremes_sentences([], {}) == ("", "")


# ---------------------------------------------------------------------------
# Extremes
# ---------------------------------------------------------------------------

def test_extremes_ties_name_all_in_questionnaire_order() -> None:
    tallies = [
        ItemTally("A", "satisfaction", (1, 1, 2, 0, 0)),  # 1/2
        ItemTally("B", "satisfaction", (9, 0, 1, 0, 0)),  # 9/10
        ItemTally("C", "satisfaction", (1, 0, 1, 0, 0)),  # 1/2, different counts
        ItemTally("D", "satisfaction", (18, 0, 1, 0, 1)),  # 9/10, different counts
    ]
    assert extremes(tallies) == (["B", "D"], ["A", "C"])
    # Order comes from the input, not from the codes.
    assert extremes(list(reversed(tallies))) == (["D", "B"], ["C", "A"])


def test_extremes_are_decided_on_the_printed_figure() -> None:
    tallies = [
        ItemTally("A", "satisfaction", (90, 0, 10, 0, 0)),  # 90.00 %
        ItemTally("C", "satisfaction", (138, 0, 26, 0, 0)),  # 138/164 = 84.146… → "84.15"
        ItemTally("D", "satisfaction", (154, 0, 29, 0, 0)),  # 154/183 = 84.153… → "84.15"
        ItemTally("E", "satisfaction", (4909, 0, 91, 0, 0)),  # exactly 98.18 %
        ItemTally("F", "satisfaction", (162, 0, 3, 0, 0)),  # 98.1818… %, also "98.18"
    ]
    assert satisfaction_pct(tallies[1]) == satisfaction_pct(tallies[2]) == "84.15"
    assert extremes(tallies) == (["E", "F"], ["C", "D"])
    labels = {"A": "甲", "C": "丙", "D": "丁", "E": "戊", "F": "己"}
    assert extremes_sentences(tallies, labels) == (
        "滿意度最高者為「戊」、「己」，均為98.18%。",
        "滿意度最低者為「丙」、「丁」，均為84.15%。",
    )


def test_when_every_item_prints_the_same_one_sentence_says_so() -> None:
    tallies = [
        ItemTally("A", "satisfaction", (138, 0, 26, 0, 0)),  # 84.15
        ItemTally("B", "satisfaction", (154, 0, 29, 0, 0)),  # 84.15
        ItemTally("K", "duration", (10, 0, 0, 0, 0)),  # not ranked
    ]
    assert extremes_sentences(tallies, {"A": "甲", "B": "乙", "K": "丙"}) == ("「甲」、「乙」滿意度均為84.15%。", "")
    summary = survey_summary(164, tallies, labels={"A": "甲", "B": "乙", "K": "丙"})
    assert summary.highest.sentence == "「甲」、「乙」滿意度均為84.15%。"
    assert summary.lowest.sentence == ""


def test_extremes_skip_duration_and_unanswered_items() -> None:
    tallies = [
        ItemTally("A", "satisfaction", (3, 0, 1, 0, 0)),  # 75 %
        ItemTally("B", "satisfaction", (0, 0, 0, 0, 0), blank=4),  # no figure
        ItemTally("C", "satisfaction", (1, 0, 1, 0, 0)),  # 50 %
        ItemTally("K", "duration", (10, 0, 0, 0, 0)),  # within 15 = 100 %, excluded
    ]
    assert extremes(tallies) == (["A"], ["C"])


def test_single_item_is_both_highest_and_lowest() -> None:
    tallies = [ItemTally("A", "satisfaction", (1, 0, 0, 0, 0))]
    assert extremes(tallies) == (["A"], ["A"])
    assert extremes_sentences(tallies, {"A": "甲"}) == ("「甲」滿意度為100.00%。", "")


def test_extremes_sentences_ties() -> None:
    tallies = [
        ItemTally("A", "satisfaction", (112, 50, 3, 0, 0)),  # 162/165 = 98.18
        ItemTally("B", "satisfaction", (80, 10, 10, 0, 0)),  # 90/100 = 90.00
        ItemTally("C", "satisfaction", (100, 62, 3, 0, 0)),  # 162/165 = 98.18
        ItemTally("D", "satisfaction", (45, 0, 5, 0, 0)),  # 45/50 = 90.00
    ]
    labels = {"A": "甲", "B": "乙", "C": "丙", "D": "丁"}
    assert extremes_sentences(tallies, labels) == (
        "滿意度最高者為「甲」、「丙」，均為98.18%。",
        "滿意度最低者為「乙」、「丁」，均為90.00%。",
    )


def test_extremes_sentences_missing_label_raises() -> None:
    with pytest.raises(KeyError):
        extremes_sentences(reference_tallies(), {"D": "服務台服務"})


def test_duplicate_codes_rejected() -> None:
    tallies = [
        ItemTally("A", "satisfaction", (1, 0, 0, 0, 0)),
        ItemTally("A", "satisfaction", (0, 1, 0, 0, 0)),
    ]
    with pytest.raises(ValueError):
        extremes(tallies)
    with pytest.raises(ValueError):
        survey_summary(2, tallies, labels={"A": "甲"})


# ---------------------------------------------------------------------------
# Duration weights
# ---------------------------------------------------------------------------

def test_default_weights_are_the_reference_formula() -> None:
    assert DEFAULT_DURATION_WEIGHTS == (
        Decimal("2.5"), Decimal("10"), Decimal("22.5"), Decimal("45"), Decimal("30"),
    )
    # One answer per bucket: (2.5 + 10 + 22.5 + 45 + 30) / 5 = 22.
    tally = ItemTally("K", "duration", (1, 1, 1, 1, 1))
    assert average_minutes(tally) == "22.00"
    # Two answers: (2.5 + 10) / 2 = 6.25.
    assert average_minutes(ItemTally("K", "duration", (1, 1, 0, 0, 0))) == "6.25"


def test_custom_weights_as_strings_and_decimals() -> None:
    tally = ItemTally("K", "duration", (0, 0, 0, 0, 1))
    assert average_minutes(tally) == "30.00"
    assert average_minutes(tally, ("2.5", "10", "22.5", "45", "60")) == "60.00"
    assert average_minutes(tally, [Decimal("0")] * 4 + [Decimal("75.5")]) == "75.50"
    # Weights are applied exactly and rounded half-up once: 1.005 → 1.01.
    one = ItemTally("K", "duration", (1, 0, 0, 0, 0))
    assert average_minutes(one, ("1.005", "0", "0", "0", "0")) == "1.01"
    # The reference data with the 60-minute bucket reweighted is unchanged (n5 = 0).
    k = make_tally("K", REFERENCE_ROWS["K"])
    assert average_minutes(k, ("2.5", "10", "22.5", "45", "60")) == "7.90"
    five = item_figures(k, ("5", "5", "5", "5", "5"))
    assert isinstance(five, DurationFigures) and five.average_minutes == "5.00"


def test_survey_summary_passes_weights_through() -> None:
    tallies = [ItemTally("K", "duration", (0, 0, 0, 0, 2))]
    summary = survey_summary(2, tallies, ("2.5", "10", "22.5", "45", "60"), labels={"K": "時間"})
    k = summary.item("K")
    assert isinstance(k, DurationFigures) and k.average_minutes == "60.00"


@pytest.mark.parametrize(
    ("weights", "error"),
    [
        ((2.5, 10, 22.5, 45, 30), TypeError),  # floats are already inexact
        (("2.5", "10", "22.5", "45"), ValueError),  # wrong length
        (("2.5", "10", "22.5", "45", "30", "1"), ValueError),
        (("2.5", "10", "abc", "45", "30"), ValueError),
        (("2.5", "10", "22.5", "45", "-1"), ValueError),
        (("2.5", "10", "22.5", "45", "Infinity"), ValueError),
        ("2.5", TypeError),
    ],
)
def test_bad_weights_rejected(weights: object, error: type[Exception]) -> None:
    tally = ItemTally("K", "duration", (1, 0, 0, 0, 0))
    with pytest.raises(error):
        average_minutes(tally, weights)  # type: ignore[arg-type]
    with pytest.raises(error):
        survey_summary(1, [tally], weights, labels={"K": "時間"})  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# ItemTally validation and kind checks
# ---------------------------------------------------------------------------

def test_item_tally_normalises_counts_to_tuple() -> None:
    tally = ItemTally("A", "satisfaction", [1, 2, 3, 4, 5])  # type: ignore[arg-type]
    assert tally.counts == (1, 2, 3, 4, 5)
    assert tally.valid == 15
    hash(tally)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"code": "A", "kind": "satisfaction", "counts": (1,)}, ValueError),
        ({"code": "A", "kind": "satisfaction", "counts": ()}, ValueError),
        ({"code": "A", "kind": "satisfaction", "counts": (1, -1, 0, 0, 0)}, ValueError),
        ({"code": "A", "kind": "satisfaction", "counts": (1, 1.0, 0, 0, 0)}, TypeError),
        ({"code": "A", "kind": "rating", "counts": (0, 0, 0, 0, 0)}, ValueError),
        ({"code": "", "kind": "satisfaction", "counts": (0, 0, 0, 0, 0)}, ValueError),
        ({"code": "A", "kind": "satisfaction", "counts": (0,) * 5, "blank": -1}, ValueError),
        ({"code": "A", "kind": "satisfaction", "counts": (0,) * 5, "multiple": True}, TypeError),
    ],
)
def test_item_tally_validation(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        ItemTally(**kwargs)  # type: ignore[arg-type]


def test_wrong_kind_figures_raise() -> None:
    sat = ItemTally("A", "satisfaction", (1, 0, 0, 0, 0))
    dur = ItemTally("K", "duration", (1, 0, 0, 0, 0))
    with pytest.raises(ValueError):
        satisfaction_pct(dur)
    with pytest.raises(ValueError):
        satisfaction_fraction(dur)
    for figure in (within_15_pct, share_pct, average_minutes):
        with pytest.raises(ValueError):
            figure(sat)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

PCT_PATTERN = re.compile(r"^(?:0|[1-9]\d*)\.\d{2}$")
count = st.integers(min_value=0, max_value=100_000)


@given(counts=st.tuples(count, count, count, count, count), blank=count, multiple=count)
def test_satisfaction_pct_property(
    counts: tuple[int, int, int, int, int], blank: int, multiple: int
) -> None:
    tally = ItemTally("A", "satisfaction", counts, blank=blank, multiple=multiple)
    result = satisfaction_pct(tally)
    valid = sum(counts)
    if valid == 0:
        assert result is None
        return
    assert result is not None
    assert PCT_PATTERN.match(result), result
    assert Decimal("0.00") <= Decimal(result) <= Decimal("100.00")
    # Independent computation: Decimal division at a precision far beyond any
    # distance between p/q (q ≤ 500 000) and a .xx5 boundary, then HALF_UP.
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(counts[0] + counts[1]) * 100 / Decimal(valid)
        expected = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert result == str(expected)
    # Blank/multiple never affect the figure.
    assert satisfaction_pct(ItemTally("A", "satisfaction", counts)) == result


@given(counts=st.tuples(count, count, count, count, count))
def test_duration_shares_property(counts: tuple[int, int, int, int, int]) -> None:
    tally = ItemTally("K", "duration", counts)
    shares = share_pct(tally)
    if sum(counts) == 0:
        assert shares == [None] * 5
        return
    assert all(s is not None and PCT_PATTERN.match(s) for s in shares)
    assert all(Decimal("0.00") <= Decimal(s) <= Decimal("100.00") for s in shares)  # type: ignore[arg-type]
    # Each share is off by at most half a cent, so the total is within 2.5 cents.
    assert abs(sum(Decimal(s) for s in shares) - 100) <= Decimal("0.025")  # type: ignore[arg-type]
    average = average_minutes(tally)
    assert average is not None
    assert Decimal("2.50") <= Decimal(average) <= Decimal("45.00")


def test_a_new_edition_with_four_options_is_computed_from_its_own_options() -> None:
    """The questionnaire is data: an item printed with four boxes is counted with four."""
    four = ItemTally("A", "satisfaction", (3, 1, 0, 4))
    assert satisfaction_pct(four) == "50.00"  # (3 + 1) / 8
    waits = ItemTally("K", "duration", (2, 2, 0, 0))
    assert average_minutes(waits, ("2.5", "10", "22.5", "45")) == "6.25"  # (5 + 20) / 4
    with pytest.raises(ValueError):
        average_minutes(waits, ("2.5", "10", "22.5", "45", "30"))  # one weight per option
