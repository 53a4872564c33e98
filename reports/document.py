"""The report as one typed tree that every output reads (PDF, Excel, the preview, print).

A ``Report`` holds ``Section``s; a section holds blocks in reading order — paragraphs,
tables, charts — and its own subsections. Numbering is not stored: it follows from a
section's depth and place, in the reference report's style 一、 (一) 1. (1) A., so moving a
section renumbers everything after it. Cells hold values, not text: a count is an int,
a percentage the printed figure as a string ("98.18", computed once in reports/figures),
a missing figure None; each output writes them its own way (formats.py for print, number
formats in Excel).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Union

CHINESE_NUMERALS = "一二三四五六七八九十"
LATIN_CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (a report never has more sections)."""
    if not 1 <= n <= 99:
        raise ValueError(f"section number {n} out of range")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_NUMERALS[tens - 1] + "十")
    return head + ("" if ones == 0 else CHINESE_NUMERALS[ones - 1])


def section_number(depth: int, n: int) -> str:
    """The reference's heading numbers: depth 0 一、, 1 (一), 2 1., 3 (1), 4 A."""
    if depth == 0:
        return f"{chinese_numeral(n)}、"
    if depth == 1:
        return f"({chinese_numeral(n)})"
    if depth == 2:
        return f"{n}."
    if depth == 3:
        return f"({n})"
    if depth == 4 and n <= len(LATIN_CAPITALS):
        return f"{LATIN_CAPITALS[n - 1]}."
    raise ValueError(f"no heading number at depth {depth} for {n}")


class CellKind(Enum):
    """How a column's values are written: in print by formats.py, in Excel as a number format."""

    TEXT = "text"
    COUNT = "count"  # 1,234
    MONEY = "money"  # 1,729,838 (the unit is in the header)
    PERCENT = "percent"  # the printed figure, "98.18"
    HOURS = "hours"  # 2.5


Cell = Union[str, int, None]  # None: no figure (printed 「—」)


@dataclass(frozen=True)
class Column:
    header: str  # "\n" breaks the header where the reference breaks it (非常\n滿意)
    kind: CellKind = CellKind.COUNT
    width: float = 1.0  # relative to the table's other columns


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    """A table as the reference prints it; ``sheet`` names its Excel sheet."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    sheet: str = ""
    note: str = ""  # printed under the table (the average-minutes formula)
    total_rows: int = 0  # how many of the last rows are totals (drawn apart, bold in Excel)

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"table {self.title!r}: a row of {len(row)} cells for {len(self.columns)} columns")


@dataclass(frozen=True)
class BarChart:
    """Bars of one series (satisfaction per item, forms per month), readable in black and white."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    unit: str = ""  # "%" or "份"
    value_max: float | None = None  # 100 for percentages; else from the values


Block = Union[Paragraph, Table, BarChart, "Section"]


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...] = ()

    @property
    def subsections(self) -> tuple[Section, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Section))


@dataclass(frozen=True)
class Heading:
    """A section as met in reading order, with its number."""

    section: Section
    depth: int
    number: str

    @property
    def text(self) -> str:
        return f"{self.number}{self.section.title}"


@dataclass(frozen=True)
class Report:
    title: str  # 106年度服務躍升執行成果報告
    header_lines: tuple[str, ...]  # 陳報機關：…, 資料時間：…
    sections: tuple[Section, ...]
    seal: str = ""  # the last line: when built and the 稽核碼
    metadata: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    landscape: bool = False  # A4 turned, for a table too wide for a standing page (a month's days)

    def walk(self) -> Iterator[tuple[Heading | None, Block]]:
        """Every block in reading order; a section comes as (its heading, the section) before
        its blocks, any other block as (None, block)."""
        yield from _walk(self.sections, 0)

    def tables(self) -> list[Table]:
        return [block for _heading, block in self.walk() if isinstance(block, Table)]


def _walk(sections: tuple[Section, ...], depth: int) -> Iterator[tuple[Heading | None, Block]]:
    for n, section in enumerate(sections, start=1):
        yield from _walk_one(section, depth, n)


def _walk_one(section: Section, depth: int, n: int) -> Iterator[tuple[Heading | None, Block]]:
    heading = Heading(section, depth, section_number(depth, n))
    yield heading, section
    subsection = 0
    for block in section.blocks:
        if isinstance(block, Section):
            subsection += 1
            yield from _walk_one(block, depth + 1, subsection)
        else:
            yield None, block
