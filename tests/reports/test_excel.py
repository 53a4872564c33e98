"""The report's tables as a workbook: the PDF's figures cell for cell, as numbers."""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports.document import CellKind, Column, Paragraph, Report, Section, Table
from reports.excel import sheet_names, write_workbook
from tests.reports.test_pdf import SERVICE_DESK, sample


def test_one_sheet_per_table_with_numbers_as_numbers(tmp_path: Path) -> None:
    channels = Table(
        "代收管道",
        (Column("管道", CellKind.TEXT), Column("件數"), Column("金額（元）", CellKind.MONEY)),
        (("便利商店", 21934, 56341202), ("郵局・金融機構", 9330, 99769201), ("合計", 31264, 156110403)),
        sheet="代收管道",
        total_rows=1,
    )
    target = tmp_path / "r.xlsx"
    assert write_workbook(sample((SERVICE_DESK, Paragraph("文字"), channels)), target) == 2
    book = load_workbook(target)
    assert book.sheetnames == ["服務台服務", "代收管道"]
    desk = book["服務台服務"]
    assert desk["A1"].value == "服務台服務"
    assert [c.value for c in desk[2]] == [None, "非常\n滿意", "滿意", "無意見", "不滿意", "非常\n不滿意", "未作答或勾選二個", "滿意度\n%"]
    assert [c.value for c in desk[3]] == ["件數", 112, 50, 3, 0, 0, 1, 98.18]  # a number, as printed
    assert desk["H3"].number_format == "0.00" and desk["B3"].number_format == "#,##0"
    assert desk.freeze_panes == "A3"
    assert desk.print_title_rows == "$2:$2"  # the header row repeats on every printed page
    assert desk.page_setup.paperSize == 9  # A4 in the OOXML paper codes
    assert desk.sheet_properties.pageSetUpPr.fitToPage
    sheet = book["代收管道"]
    assert [c.value for c in sheet[5]] == ["合計", 31264, 156110403]
    assert sheet["C5"].font.bold and not sheet["C4"].font.bold
    assert sheet.column_dimensions["A"].width >= 14  # 郵局・金融機構 fits
    assert book.properties.title == "106年度服務躍升執行成果報告"
    # each printed page of a sheet says whose and when
    assert desk.oddHeader.left.text == "　".join(sample(()).header_lines[:2])
    assert "資料時間" in desk.oddHeader.left.text


def test_a_long_text_wraps_in_a_row_tall_enough_for_it(tmp_path: Path) -> None:
    """Spreadsheets keep a row one line high whatever its wrapped text needs: lines printed over
    one another. The row is given the height of its longest cell."""
    lecturers = "臺灣高等法院臺南分院檢察署蔡檢察官麗宜、臺南地方法院檢察署李官長淑美、研考科董科長國名"
    table = Table(
        "在職訓練", (Column("日期", CellKind.TEXT), Column("講座", CellKind.TEXT)),
        (("106/03/09", lecturers), ("106/04/20", "王講師")),
    )
    target = tmp_path / "r.xlsx"
    write_workbook(sample((table,)), target)
    sheet = load_workbook(target)["在職訓練"]
    assert sheet.column_dimensions["B"].width == 60  # as wide as a column goes
    assert sheet["B3"].alignment.wrap_text
    assert sheet.row_dimensions[3].height == 15 * 2  # 45 characters: two lines of 60 half-widths
    assert sheet.row_dimensions[4].height is None  # one line: as the spreadsheet draws it


def test_a_missing_figure_is_a_dash_not_zero(tmp_path: Path) -> None:
    table = Table("滿意度", (Column("題目", CellKind.TEXT), Column("滿意度", CellKind.PERCENT)), (("A", None),))
    target = tmp_path / "r.xlsx"
    write_workbook(sample((table,)), target)
    assert load_workbook(target)["滿意度"]["B3"].value == "—"


def test_a_report_without_tables_still_opens(tmp_path: Path) -> None:
    target = tmp_path / "r.xlsx"
    write_workbook(Report("t", (), (Section("s", (Paragraph("x"),)),)), target)
    assert load_workbook(target)["報告"]["A1"].value == "本期無資料"


@pytest.mark.parametrize(
    "titles, names",
    [
        (["服務台服務：", "服務台服務："], ["服務台服務", "服務台服務(2)"]),
        (["a/b", "c[1]"], ["a_b", "c_1_"]),
        (["很" * 40], ["很" * 31]),
        (["", ""], ["表1", "表2"]),
        (["X" * 31, "x" * 31], ["X" * 31, "x" * 28 + "(2)"]),  # Excel's names ignore case
    ],
)
def test_sheet_names_are_legal_and_unique(titles: list[str], names: list[str]) -> None:
    tables = [Table(title, (Column("a"),), ()) for title in titles]
    assert sheet_names(tables) == names
