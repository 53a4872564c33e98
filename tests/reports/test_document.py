"""The report tree: numbering follows depth and place, in the reference's style."""
from __future__ import annotations

import pytest

from reports.document import Column, Paragraph, Report, Section, Table, chinese_numeral, section_number


@pytest.mark.parametrize("n, numeral", [(1, "一"), (4, "四"), (10, "十"), (11, "十一"), (20, "二十"), (99, "九十九")])
def test_chinese_numerals(n: int, numeral: str) -> None:
    assert chinese_numeral(n) == numeral


@pytest.mark.parametrize(
    "depth, n, number", [(0, 1, "一、"), (0, 4, "四、"), (1, 2, "(二)"), (2, 3, "3."), (3, 1, "(1)"), (4, 2, "B.")]
)
def test_section_numbers_are_the_references(depth: int, n: int, number: str) -> None:
    assert section_number(depth, n) == number


@pytest.mark.parametrize("depth, n", [(0, 0), (0, 100), (5, 1), (4, 27)])
def test_numbers_out_of_range_are_refused(depth: int, n: int) -> None:
    with pytest.raises(ValueError):
        section_number(depth, n)


def test_walk_numbers_sections_by_place_and_keeps_reading_order() -> None:
    table = Table("服務台服務：", (Column("", ), Column("件數")), (("件數", 112),))
    report = Report(
        "106年度服務躍升執行成果報告",
        (),
        (
            Section("基礎服務", (
                Section("服務一致及正確", (
                    Section("申辦業務標準作業流程訂定情形", (Paragraph("一"),)),
                    Section("服務人員專業度", (Paragraph("二"), table, Section("服務人員滿意度", ()))),
                )),
                Section("服務友善", ()),
            )),
            Section("服務遞送", ()),
        ),
    )
    walked = [(heading.text if heading else None, block) for heading, block in report.walk()]
    headings = [text for text, _block in walked if text]
    assert headings == [
        "一、基礎服務",
        "(一)服務一致及正確",
        "1.申辦業務標準作業流程訂定情形",
        "2.服務人員專業度",
        "(1)服務人員滿意度",
        "(二)服務友善",
        "二、服務遞送",
    ]
    blocks = [block for text, block in walked if text is None]
    assert blocks == [Paragraph("一"), Paragraph("二"), table]
    assert report.tables() == [table]


def test_a_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="2 columns"):
        Table("t", (Column("a"), Column("b")), (("x",),))
