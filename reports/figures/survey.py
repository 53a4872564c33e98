"""Satisfaction-survey statistics for the 服務躍升執行成果報告.

Pure functions over per-item answer tallies, standard library only, so the
figures can be tested without Qt, a database or a PDF backend.  Their results
are frozen dataclasses (``SurveyFigures`` and its items) that every output
reads by attribute; ``to_json()`` gives the JSON of ``main.py stats --json``.

Why exact arithmetic: the report prints percentages to two decimals and the
reference report rounds half-up.  Binary floats cannot represent values such
as 1.005 exactly and would round some of them down, so every figure here is
computed with ``fractions.Fraction`` (or ``Decimal`` converted exactly) and
rounded half-up only once, at the very end.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, ClassVar

from models.survey.kinds import DURATION, REFERENCE_DURATION_WEIGHTS, SATISFACTION

__all__ = [
    "DEFAULT_DURATION_WEIGHTS",
    "DURATION",
    "DurationFigures",
    "Extreme",
    "ItemFigures",
    "KINDS",
    "MIN_OPTIONS",
    "SATISFACTION",
    "SatisfactionFigures",
    "SurveyFigures",
    "ItemTally",
    "average_minutes",
    "extremes",
    "extremes_sentences",
    "item_figures",
    "percent",
    "round_half_up",
    "satisfaction_fraction",
    "satisfaction_pct",
    "share_pct",
    "survey_summary",
    "within_15_pct",
]


KINDS = (SATISFACTION, DURATION)

#: The two top options (非常滿意 + 滿意, or the two shortest waits) make the headline
#: figure, so an item needs at least two; beyond that the questionnaire decides.
MIN_OPTIONS = 2

#: Per-bucket minutes for item K, taken from the reference report's formula
#: (5×n₁÷2 + (5+15)×n₂÷2 + (15+30)×n₃÷2 + (30+60)×n₄÷2 + 60×n₅÷2) ÷ valid.
#: The last weight really is 60÷2 = 30 in the reference; a settings screen
#: may override these, so they are a parameter rather than hard-coded.
DEFAULT_DURATION_WEIGHTS: tuple[Decimal, ...] = tuple(Decimal(w) for w in REFERENCE_DURATION_WEIGHTS)

_HUNDRED = 100


# ---------------------------------------------------------------------------
# Rounding
# ---------------------------------------------------------------------------

def round_half_up(value: Fraction | Decimal | int) -> str:
    """Round exactly to 2 decimals, half away from zero, as a string.

    Works on the exact rational value, so 1.005 becomes "1.01" (a float
    would give 1.0) and no intermediate precision limit can cause double
    rounding.  Never returns "-0.00".
    """
    if isinstance(value, bool) or not isinstance(value, (Fraction, Decimal, int)):
        raise TypeError(
            f"round_half_up needs Fraction, Decimal or int, not {type(value).__name__}"
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"cannot round non-finite value {value}")
    scaled = Fraction(value) * _HUNDRED
    negative = scaled < 0
    quotient, remainder = divmod(abs(scaled.numerator), scaled.denominator)
    if 2 * remainder >= scaled.denominator:
        quotient += 1
    sign = "-" if negative and quotient else ""
    return f"{sign}{quotient // _HUNDRED}.{quotient % _HUNDRED:02d}"


def percent(numerator: int, denominator: int) -> str | None:
    """numerator / denominator × 100, rounded half-up; None when denominator is 0.

    None (JSON null) rather than an exception because an item nobody answered
    validly is a normal situation in the data, not an error.
    """
    _check_count(numerator, "numerator")
    _check_count(denominator, "denominator")
    if denominator == 0:
        return None
    return round_half_up(Fraction(numerator * _HUNDRED, denominator))


# ---------------------------------------------------------------------------
# Tallies
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ItemTally:
    """Answer counts for one survey item.

    ``counts`` holds the five options in printed order.  Blank (未作答) and
    multiple (勾選二個以上) answers are kept apart because they are keyed in
    apart, but the report only ever shows their sum as the invalid column.
    """

    code: str
    kind: str  # "satisfaction" | "duration"
    counts: tuple[int, ...]
    blank: int = 0
    multiple: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code:
            raise ValueError("ItemTally.code must be a non-empty string")
        if self.kind not in KINDS:
            raise ValueError(f"ItemTally.kind must be one of {KINDS}, not {self.kind!r}")
        counts = tuple(self.counts)
        if len(counts) < MIN_OPTIONS:
            raise ValueError(
                f"item {self.code}: expected at least {MIN_OPTIONS} option counts, got {len(counts)}"
            )
        for index, count in enumerate(counts, start=1):
            _check_count(count, f"item {self.code} option {index}")
        _check_count(self.blank, f"item {self.code} blank")
        _check_count(self.multiple, f"item {self.code} multiple")
        # Accept any sequence (e.g. a list from JSON) but store a tuple so the
        # frozen dataclass stays hashable and truly immutable.
        object.__setattr__(self, "counts", counts)

    @property
    def valid(self) -> int:
        """Responses with exactly one option ticked — the denominator of every rate."""
        return sum(self.counts)

    @property
    def invalid(self) -> int:
        """Blank plus multiple answers, reported together as one column."""
        return self.blank + self.multiple

    @property
    def total(self) -> int:
        """Every response to this item, valid or not."""
        return self.valid + self.invalid


def _check_count(value: object, what: str) -> None:
    """Counts are non-negative ints; bools and floats are rejected as likely bugs."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{what} must not be negative (got {value})")


def _require_kind(tally: ItemTally, kind: str, figure: str) -> None:
    """Asking for a figure of the wrong item kind is a programming error."""
    if tally.kind != kind:
        raise ValueError(f"{figure} applies to {kind} items; item {tally.code} is {tally.kind}")


# ---------------------------------------------------------------------------
# Satisfaction items (A–J)
# ---------------------------------------------------------------------------

def satisfaction_fraction(tally: ItemTally) -> Fraction | None:
    """Exact (非常滿意 + 滿意) / valid, or None without a valid answer.

    Kept exact so highest/lowest can be compared without rounding ties.
    """
    _require_kind(tally, SATISFACTION, "satisfaction")
    if tally.valid == 0:
        return None
    return Fraction(tally.counts[0] + tally.counts[1], tally.valid)


def satisfaction_pct(tally: ItemTally) -> str | None:
    """滿意度 as a 2-decimal percentage string, or None without a valid answer."""
    _require_kind(tally, SATISFACTION, "satisfaction")
    return percent(tally.counts[0] + tally.counts[1], tally.valid)


# ---------------------------------------------------------------------------
# Duration item (K)
# ---------------------------------------------------------------------------

def within_15_pct(tally: ItemTally) -> str | None:
    """Share finished within 15 minutes (first two buckets), or None."""
    _require_kind(tally, DURATION, "within_15_pct")
    return percent(tally.counts[0] + tally.counts[1], tally.valid)


def share_pct(tally: ItemTally) -> list[str | None]:
    """Each bucket's share of valid answers; all None without a valid answer.

    Each share is rounded on its own, so they need not add up to 100.00.
    """
    _require_kind(tally, DURATION, "share_pct")
    return [percent(count, tally.valid) for count in tally.counts]


def _weights_as_fractions(weights: Sequence[Decimal | str | int], options: int | None = None) -> list[Fraction]:
    """Convert weights exactly; floats are refused because they are already inexact.
    With ``options``, there must be one weight per option of the duration item."""
    if isinstance(weights, (str, bytes)):
        raise TypeError("weights must be a sequence of values, not a single string")
    weights = list(weights)
    if options is not None and len(weights) != options:
        raise ValueError(f"expected {options} duration weights, got {len(weights)}")
    converted: list[Fraction] = []
    for index, weight in enumerate(weights, start=1):
        if isinstance(weight, bool) or not isinstance(weight, (Decimal, str, int)):
            raise TypeError(
                f"duration weight {index} must be Decimal, str or int, "
                f"not {type(weight).__name__}"
            )
        if isinstance(weight, str):
            try:
                weight = Decimal(weight.strip())
            except InvalidOperation:
                raise ValueError(f"duration weight {index} is not a number: {weight!r}") from None
        if isinstance(weight, Decimal) and not weight.is_finite():
            raise ValueError(f"duration weight {index} must be finite (got {weight})")
        fraction = Fraction(weight)
        if fraction < 0:
            raise ValueError(f"duration weight {index} must not be negative (got {weight})")
        converted.append(fraction)
    return converted


def average_minutes(
    tally: ItemTally,
    weights: Sequence[Decimal | str | int] = DEFAULT_DURATION_WEIGHTS,
) -> str | None:
    """Weighted mean minutes Σ wᵢ·nᵢ / valid (reference formula), or None."""
    _require_kind(tally, DURATION, "average_minutes")
    exact_weights = _weights_as_fractions(weights, len(tally.counts))
    if tally.valid == 0:
        return None
    weighted = sum(
        (weight * count for weight, count in zip(exact_weights, tally.counts)),
        Fraction(0),
    )
    return round_half_up(weighted / tally.valid)


# ---------------------------------------------------------------------------
# Per-item and whole-survey figures
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ItemFigures(ABC):
    """One item's figures as the report prints them; the kinds below add their rates.

    The types hold results only: the functions of this module compute every field, so a
    table, a sentence and an export all read the same numbers.  Percentages are the
    printed strings (2 decimals, half-up), None where the denominator is empty.
    """

    kind: ClassVar[str]

    code: str
    counts: tuple[int, ...]  # the options in printed order
    blank: int  # 未作答
    multiple: int  # 勾選二個以上
    valid: int  # 有效樣本: exactly one option ticked
    invalid: int  # 未作答或勾選二個: blank + multiple

    @property
    def total(self) -> int:
        """合計: every form under this item, valid or not (the table's total, from its parts)."""
        return self.valid + self.invalid

    @property
    @abstractmethod
    def headline_pct(self) -> str | None:
        """The percentage of the table's last column (滿意度% or 15分以內所占%)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "counts": list(self.counts),
            "blank": self.blank,
            "multiple": self.multiple,
            "valid": self.valid,
            "invalid": self.invalid,
        }


@dataclass(frozen=True)
class SatisfactionFigures(ItemFigures):
    """A satisfaction item (A–J): 滿意度 = (非常滿意 + 滿意) / valid."""

    kind: ClassVar[str] = SATISFACTION

    satisfaction_pct: str | None

    @property
    def headline_pct(self) -> str | None:
        return self.satisfaction_pct

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "satisfaction_pct": self.satisfaction_pct}


@dataclass(frozen=True)
class DurationFigures(ItemFigures):
    """The duration item (K): 15分以內所占%, each bucket's share and the average minutes."""

    kind: ClassVar[str] = DURATION

    within_15_pct: str | None
    share_pct: tuple[str | None, ...]  # one per bucket, each rounded on its own
    average_minutes: str | None

    @property
    def headline_pct(self) -> str | None:
        return self.within_15_pct

    def to_json(self) -> dict[str, Any]:
        return {
            **super().to_json(),
            "within_15_pct": self.within_15_pct,
            "share_pct": list(self.share_pct),
            "average_minutes": self.average_minutes,
        }


@dataclass(frozen=True)
class Extreme:
    """The highest (or lowest) satisfaction: every item of that figure, and its sentence.

    No codes and an empty sentence when no satisfaction item has a valid answer.
    """

    codes: tuple[str, ...]
    sentence: str


@dataclass(frozen=True)
class SurveyFigures:
    """A period's survey: forms returned, each item in questionnaire order, the extremes."""

    forms: int
    items: tuple[ItemFigures, ...]
    highest: Extreme
    lowest: Extreme

    def item(self, code: str) -> ItemFigures:
        """The item with this code; KeyError when the questionnaire has none."""
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def to_json(self) -> dict[str, Any]:
        return {
            "forms": self.forms,
            "items": {item.code: item.to_json() for item in self.items},
            "highest": list(self.highest.codes),
            "lowest": list(self.lowest.codes),
            "sentences": {"highest": self.highest.sentence, "lowest": self.lowest.sentence},
        }


def item_figures(
    tally: ItemTally,
    weights: Sequence[Decimal | str | int] = DEFAULT_DURATION_WEIGHTS,
) -> ItemFigures:
    """Every figure of one item, of the type its kind calls for."""
    common = (tally.code, tally.counts, tally.blank, tally.multiple, tally.valid, tally.invalid)
    if tally.kind == SATISFACTION:
        return SatisfactionFigures(*common, satisfaction_pct=satisfaction_pct(tally))
    return DurationFigures(
        *common,
        within_15_pct=within_15_pct(tally),
        share_pct=tuple(share_pct(tally)),
        average_minutes=average_minutes(tally, weights),
    )


def _check_unique_codes(tallies: Sequence[ItemTally]) -> None:
    """Duplicate item codes would silently overwrite or double-name items."""
    seen: set[str] = set()
    for tally in tallies:
        if tally.code in seen:
            raise ValueError(f"duplicate item code {tally.code!r}")
        seen.add(tally.code)


def _rated(tallies: Sequence[ItemTally]) -> list[tuple[ItemTally, Decimal]]:
    """Satisfaction items that have a satisfaction figure, with it as printed, in questionnaire order."""
    _check_unique_codes(tallies)
    rated: list[tuple[ItemTally, Decimal]] = []
    for tally in tallies:
        if tally.kind != SATISFACTION:
            continue
        printed = satisfaction_pct(tally)
        if printed is not None:
            rated.append((tally, Decimal(printed)))
    return rated


def extremes(tallies: Sequence[ItemTally]) -> tuple[list[str], list[str]]:
    """(highest codes, lowest codes) by the printed satisfaction figure; ties list every item.

    Duration items and items without a valid answer are ignored; both lists
    are empty when nothing is left.  The printed figures decide, not the exact
    fractions: a reader who sees 84.15% twice must see both named (138/164 and
    154/183 both print 84.15%).
    """
    rated = _rated(tallies)
    if not rated:
        return [], []
    best = max(printed for _, printed in rated)
    worst = min(printed for _, printed in rated)
    highest = [tally.code for tally, printed in rated if printed == best]
    lowest = [tally.code for tally, printed in rated if printed == worst]
    return highest, lowest


def _names(codes: list[str], labels: Mapping[str, str]) -> str:
    return "、".join(f"「{labels[code]}」" for code in codes)


def _extreme_sentence(which: str, codes: list[str], figure: str, labels: Mapping[str, str]) -> str:
    verb = "均為" if len(codes) > 1 else "為"
    return f"滿意度{which}者為{_names(codes, labels)}，{verb}{figure}%。"


def extremes_sentences(
    tallies: Sequence[ItemTally], labels: Mapping[str, str]
) -> tuple[str, str]:
    """The report's 最高/最低 sentences; ('', '') when nothing has a valid answer.

    When every rated item prints the same figure (one item included), one sentence says
    so and the second is '' — the same names under both 最高 and 最低 would read as a slip.
    ``labels`` maps item codes to their printed names; a missing label raises
    KeyError rather than printing a code in an official report.
    """
    highest, lowest = extremes(tallies)
    if not highest:
        return "", ""
    by_code = {tally.code: tally for tally in tallies}
    high_figure = satisfaction_pct(by_code[highest[0]])
    low_figure = satisfaction_pct(by_code[lowest[0]])
    assert high_figure is not None and low_figure is not None
    if high_figure == low_figure:
        if len(highest) == 1:
            return f"{_names(highest, labels)}滿意度為{high_figure}%。", ""
        return f"{_names(highest, labels)}滿意度均為{high_figure}%。", ""
    return (
        _extreme_sentence("最高", highest, high_figure, labels),
        _extreme_sentence("最低", lowest, low_figure, labels),
    )


def survey_summary(
    forms: int,
    tallies: Sequence[ItemTally],
    weights: Sequence[Decimal | str | int] = DEFAULT_DURATION_WEIGHTS,
    *,
    labels: Mapping[str, str],
) -> SurveyFigures:
    """The whole survey of a period: form count, per-item figures, extremes and sentences.

    Items keep the order given (questionnaire order).  ``forms`` is reported
    as given; it is not checked against each item's total.  ``labels`` are the
    printed item names the sentences quote (see :func:`extremes_sentences`).
    """
    _check_count(forms, "forms")
    _check_unique_codes(tallies)
    _weights_as_fractions(weights)  # reject bad settings even with no duration item
    highest, lowest = extremes(tallies)
    highest_sentence, lowest_sentence = extremes_sentences(tallies, labels)
    return SurveyFigures(
        forms=forms,
        items=tuple(item_figures(tally, weights) for tally in tallies),
        highest=Extreme(tuple(highest), highest_sentence),
        lowest=Extreme(tuple(lowest), lowest_sentence),
    )
