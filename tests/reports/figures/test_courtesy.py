"""Phone-courtesy figures against the reference: 「共辦理電話禮貌測試計18人次，平均成績為92.17分，
達電話禮貌測試「優」等級」 (the 18 scores are not printed: any whole scores adding to 1,659)."""
from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest

from reports.figures.courtesy import CourtesyFigures, courtesy_summary, mean_score

SPEC_BANDS = [("優", 90), ("良", 80), ("可", 70), ("差", 0)]
REFERENCE_SCORES = [92, 95, 90, 88, 94, 93, 91, 96, 89, 92, 94, 90, 95, 93, 91, 92, 90, 94]  # 18, adding to 1,659


def test_the_reference_period() -> None:
    assert (len(REFERENCE_SCORES), sum(REFERENCE_SCORES)) == (18, 1659)
    figures = courtesy_summary(REFERENCE_SCORES, SPEC_BANDS)
    assert figures == CourtesyFigures(18, "92.17", "優")
    assert figures.to_json() == {"tests": 18, "mean_score": "92.17", "grade": "優"}


def test_no_test_gives_no_mean_and_no_grade_never_a_division() -> None:
    assert mean_score([]) is None
    assert courtesy_summary([], SPEC_BANDS).to_json() == {"tests": 0, "mean_score": None, "grade": None}


def test_the_mean_is_exact_and_rounded_half_up_once() -> None:
    scores = [92] * 7 + [93]  # 737 / 8 = 92.125 exactly: a float or half-even would give 92.12
    assert mean_score(scores) == Fraction(737, 8)
    assert courtesy_summary(scores, SPEC_BANDS).mean_score == "92.13"
    assert courtesy_summary([100], SPEC_BANDS) == CourtesyFigures(1, "100.00", "優")
    assert courtesy_summary([0, 0], SPEC_BANDS) == CourtesyFigures(2, "0.00", "差")


def test_the_grade_is_the_printed_mean_s() -> None:
    scores = [90] * 199 + [89]  # 89.995: printed 90.00, so 「優」, never 90.00分 with 「良」
    assert courtesy_summary(scores, SPEC_BANDS) == CourtesyFigures(200, "90.00", "優")
    assert courtesy_summary([80, 79], SPEC_BANDS) == CourtesyFigures(2, "79.50", "可")


def test_other_bands_grade_the_mean() -> None:
    assert courtesy_summary(REFERENCE_SCORES, [("甲", 95), ("乙", 0)]).grade == "乙"


def test_the_figures_are_frozen() -> None:
    figures = courtesy_summary(REFERENCE_SCORES, SPEC_BANDS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        figures.tests = 19  # type: ignore[misc]
