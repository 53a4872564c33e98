"""Printing a report PDF through QPrinter, offscreen: to a PDF file, read back with QtPdf."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from models.progress import Cancelled
from reports.document import CellKind, Column, Report, Section, Table
from reports.fonts import report_font
from reports.pdf import write_pdf
from ui.report.printing import PrintError, print_pdf

A4, A4_TURNED = (595, 842), (842, 595)  # points


def report(landscape: bool = False, rows: int = 120) -> Report:
    """A long training list (several pages), or turned A4 like the monthly form."""
    columns = (Column("日期", CellKind.TEXT), Column("課程", CellKind.TEXT, 4), Column("時數", CellKind.HOURS))
    lines = tuple((f"106/06/{n % 28 + 1:02d}", f"第{n}堂：如何提升政府服務品質及創新服務", "2.5") for n in range(1, rows + 1))
    return Report(
        "106年度服務躍升執行成果報告", ("陳報機關：法務部行政執行署臺南分署", "資料時間：106年1月至6月"),
        (Section("在職訓練", (Table("訓練課程", columns, lines),)),), landscape=landscape,
    )


@pytest.fixture(scope="module")
def font():
    return report_font()


def pdf_printer(target: Path, dpi: int | None = None) -> QPrinter:
    """A printer that writes a PDF file: 1200 dpi as Qt sets it up, or ``dpi`` (faster)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    if dpi is not None:
        printer.setResolution(dpi)
    return printer


def grey_page(document: QPdfDocument, page: int, dpi: int = 72) -> QImage:
    """The page on white paper, in shades of grey."""
    size = document.pagePointSize(page)
    rendered = document.render(page, QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72)))
    paper = QImage(rendered.size(), QImage.Format.Format_RGB32)
    paper.fill(Qt.GlobalColor.white)
    painter = QPainter(paper)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return paper.convertToFormat(QImage.Format.Format_Grayscale8)


def ink_box(document: QPdfDocument, page: int) -> tuple[float, float, float, float, float]:
    """Where the page has ink (left, top, right, bottom as shares of the page) and how much
    of it is inked: the same for the report's page and its printed copy, so nothing moved,
    shrank or went missing."""
    grey = grey_page(document, page)
    data, row = bytes(grey.constBits()), grey.bytesPerLine()
    dark = [(x, y) for y in range(grey.height()) for x in range(grey.width()) if data[y * row + x] < 160]
    assert dark, f"page {page + 1} is blank"
    xs, ys = [x for x, _y in dark], [y for _x, y in dark]
    width, height = grey.width(), grey.height()
    return min(xs) / width, min(ys) / height, max(xs) / width, max(ys) / height, len(dark) / (width * height)


def opened(path: Path) -> QPdfDocument:
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    return document


@pytest.mark.parametrize("landscape, dpi", [(False, None), (True, 300)], ids=["standing-1200dpi", "turned-300dpi"])
def test_a_report_prints_every_page_on_a4(qapp, tmp_path: Path, font, landscape: bool, dpi: int | None) -> None:
    source, printed = tmp_path / "report.pdf", tmp_path / "printed.pdf"
    pages = write_pdf(report(landscape, rows=80), source, font)
    assert pages >= 3
    seen: list[tuple[float | None, str]] = []
    printer = pdf_printer(printed, dpi)
    assert print_pdf(source.read_bytes(), printer, progress=lambda f, m: seen.append((f, m))) == pages
    original, result = opened(source), opened(printed)
    assert result.pageCount() == pages
    for page in range(pages):
        size = result.pagePointSize(page)
        assert (round(size.width()), round(size.height())) == (A4_TURNED if landscape else A4)
        # the page's text and grid are where the report put them, at the same size
        *box, inked = ink_box(result, page)
        *expected_box, expected_inked = ink_box(original, page)
        assert box == pytest.approx(expected_box, abs=0.01)
        assert inked == pytest.approx(expected_inked, rel=0.5) and inked > 0.01
    assert seen[0] == (0.0, f"列印第 1 頁，共 {pages} 頁") and seen[-1] == (1.0, "列印完成")


def test_a_page_range_from_the_dialog_prints_those_pages(qapp, tmp_path: Path, font) -> None:
    source, printed = tmp_path / "report.pdf", tmp_path / "printed.pdf"
    write_pdf(report(), source, font)
    printer = pdf_printer(printed, 150)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert print_pdf(source, printer) == 2
    assert opened(printed).pageCount() == 2
    assert ink_box(opened(printed), 0)[:4] == pytest.approx(ink_box(opened(source), 1)[:4], abs=0.01)


@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")  # Qt's log, not the user's message
def test_a_printer_that_cannot_print_says_so_in_chinese(qapp, tmp_path: Path, font) -> None:
    source = tmp_path / "report.pdf"
    write_pdf(report(rows=5), source, font)
    target = tmp_path / "unplugged" / "printed.pdf"
    with pytest.raises(PrintError, match="無法列印到檔案「.*printed.pdf」：請確認印表機已開啟並連線，或檔案的資料夾存在且可以寫入") as caught:
        print_pdf(source.read_bytes(), pdf_printer(target))
    assert str(target) in str(caught.value)
    assert not target.parent.exists()


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4 torn off", b"not a pdf at all"], ids=["empty", "torn", "other"])
def test_a_damaged_pdf_is_refused_before_the_printer_starts(qapp, tmp_path: Path, data: bytes) -> None:
    printed = tmp_path / "printed.pdf"
    with pytest.raises(PrintError, match="要列印的報告無法讀取"):
        print_pdf(data, pdf_printer(printed))
    assert not printed.exists()


def test_cancel_stops_before_the_next_page(qapp, tmp_path: Path, font) -> None:
    source, printed = tmp_path / "report.pdf", tmp_path / "printed.pdf"
    write_pdf(report(), source, font)

    class AfterOnePage:
        def __init__(self) -> None:
            self.asked = 0

        def is_set(self) -> bool:
            self.asked += 1
            return self.asked > 1

    with pytest.raises(Cancelled, match="已取消列印"):
        print_pdf(source, pdf_printer(printed, 150), abort=AfterOnePage())
