"""Phone-courtesy figures (電話禮貌測試): how many tests, their mean score and its grade.

The reference: 「共辦理電話禮貌測試計18人次，平均成績為92.17分，達電話禮貌測試「優」等級」.
The mean is exact (a fraction of whole scores), rounded half-up to 2 decimals once; the
grade is the printed mean's, so the sentence never reads 90.00分 with 「良」. A period
without a test has no mean and no grade (null, printed 「—」): the reference prints no 0.00
for it, and 0.00 would read as a failed test.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from models.registers.courtesy_grades import Bands, grade_of
from reports.figures.survey import round_half_up


@dataclass(frozen=True)
class CourtesyFigures:
    tests: int  # 人次
    mean_score: str | None  # "92.17"
    grade: str | None  # 優

    def to_json(self) -> dict[str, Any]:
        return {"tests": self.tests, "mean_score": self.mean_score, "grade": self.grade}


def mean_score(scores: Sequence[int]) -> Fraction | None:
    """The exact mean, or None without a score."""
    return Fraction(sum(scores), len(scores)) if scores else None


def courtesy_summary(scores: Sequence[int], bands: Bands) -> CourtesyFigures:
    mean = mean_score(scores)
    if mean is None:
        return CourtesyFigures(0, None, None)
    printed = round_half_up(mean)
    return CourtesyFigures(len(scores), printed, grade_of(Decimal(printed), bands))
