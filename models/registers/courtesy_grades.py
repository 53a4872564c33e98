"""Phone-courtesy grades (優, 良, 可, 差): the bands and how a score is graded.

Pure (no database), so the settings check them, the register grades each test and the
period's figures grade the mean with the same code.
"""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from models.errors import ValidationError
from models.numbers import BARE_NUMBER_MAX_LENGTH, NumberKind, parse_whole_number
from models.text import clean_name

MAX_SCORE = 100
GRADE_NAME_MAX_LENGTH = 6
# SPEC §2.4: 優 ≥ 90, 良 ≥ 80, 可 ≥ 70, else 差 — [name, lowest score], highest first.
DEFAULT_GRADE_BANDS = [["優", 90], ["良", 80], ["可", 70], ["差", 0]]

Bands = Sequence[tuple[str, int]]


def grade_of(score: int | Fraction | Decimal, bands: Bands) -> str:
    """The first band (highest first) whose lowest score ``score`` reaches; checked bands end
    with one from 0, so every score 0–100 has one."""
    for name, lowest in bands:
        if score >= lowest:
            return name
    return bands[-1][0]


def checked_grade_bands(value: Any, field: str) -> list[list[Any]]:
    """Bands as typed: names, and lowest scores each lower than the one before, the last from
    0; the messages point at ``field``."""
    rows = list(value) if isinstance(value, Sequence) and not isinstance(value, str) else []
    if not rows or not all(isinstance(row, Sequence) and not isinstance(row, str) and len(row) == 2 for row in rows):
        raise ValidationError("電話禮貌測試的等級要有名稱與最低分，至少一級。", field=field)
    bands: list[list[Any]] = []
    for index, (name, lowest) in enumerate(rows, start=1):
        name = clean_name(str(name or ""), label=f"第 {index} 級的名稱", max_length=GRADE_NAME_MAX_LENGTH, field=field)
        if any(name == earlier for earlier, _ in bands):
            raise ValidationError(f"等級名稱「{name}」重複了。", field=field)
        rule = f"「{name}」的最低分請輸入 0 到 {MAX_SCORE} 的整數。"
        lowest = parse_whole_number(
            str(lowest), NumberKind(f"「{name}」的最低分", "", MAX_SCORE, field, rule, rule, BARE_NUMBER_MAX_LENGTH),
            allow_zero=True,
        )
        if bands and lowest >= bands[-1][1]:
            above, above_lowest = bands[-1]
            raise ValidationError(
                f"等級要由高到低排列：「{name}」的最低分（{lowest}）要低於「{above}」的（{above_lowest}）。", field=field
            )
        bands.append([name, lowest])
    if bands[-1][1] != 0:
        raise ValidationError(f"最後一級「{bands[-1][0]}」要從 0 分起，每個成績才都有等級。", field=field)
    return bands
