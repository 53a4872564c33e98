"""Grading a phone-courtesy score by the bands (the bands' own checks: tests/models/test_settings.py)."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from models.registers.courtesy_grades import DEFAULT_GRADE_BANDS, grade_of

BANDS = [(name, lowest) for name, lowest in DEFAULT_GRADE_BANDS]


@pytest.mark.parametrize(
    "score, grade",
    [(100, "優"), (90, "優"), (Decimal("90.00"), "優"), (89, "良"), (Fraction(8999, 100), "良"), (80, "良"),
     (79, "可"), (70, "可"), (69, "差"), (0, "差")],
    ids=repr,
)
def test_grades_follow_the_spec_s_bands(score: object, grade: str) -> None:
    assert grade_of(score, BANDS) == grade


def test_other_bands_grade_the_same_way() -> None:
    bands = [("甲", 75), ("乙", 0)]
    assert [grade_of(score, bands) for score in (100, 75, 74, 0)] == ["甲", "甲", "乙", "乙"]
