"""The report's tables as an Excel workbook (openpyxl), cell for cell the PDF's figures.

One sheet per table, numbers stored as numbers with a number format (so a sum in Excel
works), a percentage as the printed figure (98.18, shown 0.00), the header frozen, columns
wide enough for their text, and a print setup (A4, fit to width, header rows repeated) so
the sheet prints acceptably from Excel.
"""
from __future__ import annotations

import io
import math
import re
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from models.progress import NEVER_ABORT, NO_PROGRESS, AbortFlag, Progress, stop_if_asked
from reports import document as doc
from reports.files import write_file
from reports.formats import NO_FIGURE

SHEET_NAME_MAX = 31  # Excel's limit
MAX_WIDTH = 60  # a column no wider than this; longer text wraps
LINE_HEIGHT = 15  # points per line of a wrapped cell
FORBIDDEN_IN_SHEET_NAMES = str.maketrans({ch: "_" for ch in "[]:*?/\\"})
NUMBER_FORMATS = {
    doc.CellKind.COUNT: "#,##0",
    doc.CellKind.MONEY: "#,##0",
    doc.CellKind.PERCENT: "0.00",
    doc.CellKind.HOURS: "0.0",
}
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="E0E0E0")
# A percentage in a row of shares under a table of counts (the % row of the petitions): the
# printed figure, stored as a number like every other percentage.
PRINTED_PERCENT = re.compile(r"-?\d+\.\d{2}")


def sheet_names(tables: list[doc.Table]) -> list[str]:
    """A unique, legal sheet name per table: its own, else its title, cut to 31 characters."""
    names: list[str] = []
    for n, table in enumerate(tables, start=1):
        base = (table.sheet or table.title or f"表{n}").translate(FORBIDDEN_IN_SHEET_NAMES).strip("'： ") or f"表{n}"
        name, suffix = base[:SHEET_NAME_MAX], 2
        while name.lower() in (taken.lower() for taken in names):
            tail = f"({suffix})"
            name, suffix = base[: SHEET_NAME_MAX - len(tail)] + tail, suffix + 1
        names.append(name)
    return names


def _value(value: doc.Cell, kind: doc.CellKind) -> object:
    if value is None:
        return NO_FIGURE
    if kind in (doc.CellKind.PERCENT, doc.CellKind.HOURS) and isinstance(value, str):
        return Decimal(value)  # the printed figure, as a number
    if isinstance(value, str) and PRINTED_PERCENT.fullmatch(value):
        return Decimal(value)
    return value


def _number_format(value: doc.Cell, kind: doc.CellKind) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and kind not in (doc.CellKind.PERCENT, doc.CellKind.HOURS):
        return NUMBER_FORMATS[doc.CellKind.PERCENT] if PRINTED_PERCENT.fullmatch(value) else None
    return NUMBER_FORMATS.get(kind)


def _width(text: str) -> float:
    """Excel's column width for ``text``: a CJK character takes about two Latin ones."""
    longest = max((line for line in text.split("\n")), key=len, default="")
    return sum(2.1 if ord(ch) > 0x2E80 else 1.1 for ch in longest) + 2


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a column ``width`` wide, wrapped."""
    return sum(max(1, math.ceil((_width(line) - 2) / (width - 2))) for line in text.split("\n"))


def _fill_sheet(sheet: Worksheet, table: doc.Table, agency_line: str) -> None:
    first_row = 1
    if table.title:
        sheet.cell(1, 1, table.title.rstrip("：:")).font = Font(bold=True, size=12)
        first_row = 2
    header_row = first_row
    for column, spec in enumerate(table.columns, start=1):
        cell = sheet.cell(header_row, column, spec.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = GRID
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for offset, row in enumerate(table.rows, start=1):
        is_total = offset > len(table.rows) - table.total_rows
        for column, (value, spec) in enumerate(zip(row, table.columns), start=1):
            cell = sheet.cell(header_row + offset, column, _value(value, spec.kind))
            cell.border = GRID
            number_format = _number_format(value, spec.kind)
            if number_format is not None:
                cell.number_format = number_format
                cell.alignment = Alignment(horizontal="right", vertical="center")
            else:
                horizontal = "center" if value is None else "left"
                cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
            if is_total:
                cell.font = Font(bold=True)
    if table.note:
        sheet.cell(header_row + len(table.rows) + 2, 1, table.note)
    widths = []
    for column, spec in enumerate(table.columns, start=1):
        texts = [spec.header] + [str(row[column - 1]) for row in table.rows if row[column - 1] is not None]
        widths.append(min(MAX_WIDTH, max(8, *map(_width, texts))))
        sheet.column_dimensions[get_column_letter(column)].width = widths[-1]
    for offset, row in enumerate(table.rows, start=1):
        # Excel and LibreOffice keep a row one line high whatever its wrapped text needs
        lines = max(_lines(str(value), width) for value, width in zip(row, widths) if value is not None) if row else 1
        if lines > 1:
            sheet.row_dimensions[header_row + offset].height = LINE_HEIGHT * lines
    header_lines = max(len(spec.header.split("\n")) for spec in table.columns)
    if header_lines > 1:  # 非常\n滿意: the row tall enough for the wrapped header
        sheet.row_dimensions[header_row].height = LINE_HEIGHT * header_lines
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if len(table.columns) > 8 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = "&P / &N"
    sheet.oddHeader.left.text = agency_line


def workbook_bytes(report: doc.Report, progress: Progress = NO_PROGRESS, abort: AbortFlag = NEVER_ABORT) -> bytes:
    tables = report.tables()
    book = Workbook()
    book.remove(book.active)
    book.properties.title = report.title
    book.properties.creator = report.metadata.get("author", "")
    book.properties.subject = report.metadata.get("subject", "")
    # 陳報機關 and 資料時間 over every printed sheet: a page of the workbook says whose and when
    agency_line = "　".join(report.header_lines[:2])
    for n, (name, table) in enumerate(zip(sheet_names(tables), tables)):
        stop_if_asked(abort, "已取消，沒有寫出 Excel 檔。")
        progress(n / max(1, len(tables)), f"第 {n + 1} 張表，共 {len(tables)} 張")
        _fill_sheet(book.create_sheet(name), table, agency_line)
    if not tables:
        sheet = book.create_sheet("報告")
        sheet.cell(1, 1, "本期無資料")
    buffer = io.BytesIO()
    book.save(buffer)
    progress(1.0, "完成")
    return buffer.getvalue()


def write_workbook(
    report: doc.Report, target: Path | BinaryIO, progress: Progress = NO_PROGRESS, abort: AbortFlag = NEVER_ABORT
) -> int:
    """Write the report's tables to ``target``; the number of sheets."""
    data = workbook_bytes(report, progress, abort)
    if isinstance(target, Path):
        write_file(target, data, "Excel 檔")
    else:
        target.write(data)
    return max(1, len(report.tables()))
