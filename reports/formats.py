"""Figures as the report prints them: 1,729,838元 in tables, 172萬9,838元 in sentences."""
from __future__ import annotations

from reports.document import Cell, CellKind

NO_FIGURE = "—"  # SPEC §3: an empty denominator prints a dash, never a division error
_UNITS = ((100_000_000, "億"), (10_000, "萬"))


def grouped(n: int) -> str:
    """1729838 → 1,729,838."""
    return f"{n:,}"


def money(n: int) -> str:
    """A table's or a list's amount: 1,729,838元."""
    return f"{grouped(n)}元"


def money_in_words(n: int) -> str:
    """An amount in a sentence, as officials write it: 6億2,059萬2,791元, 172萬9,838元.

    A 零 stands where a unit is skipped or a group is short of its four digits, so 1萬零500元
    (10,500) cannot be read as 1萬5 (15,000).
    """
    if n < 0:
        raise ValueError("an amount in words is never negative")
    if n < 10_000:
        return money(n)
    parts: list[str] = []
    rest = n
    gap = False  # a unit was passed over, or the group before it was short
    for size, unit in _UNITS:
        group, rest = divmod(rest, size)
        if group:
            if parts and (gap or group < 1000):
                parts.append("零")
            parts.append(f"{grouped(group)}{unit}")
            gap = False
        elif parts:
            gap = True
    if rest:
        if gap or rest < 1000:
            parts.append("零")
        parts.append(grouped(rest))
    return "".join(parts) + "元"


def cell_text(value: Cell, kind: CellKind) -> str:
    """A cell as printed: counts and amounts grouped by thousands, percentages as computed."""
    if value is None:
        return NO_FIGURE
    if isinstance(value, int) and kind in (CellKind.COUNT, CellKind.MONEY):
        return grouped(value)
    return str(value)
