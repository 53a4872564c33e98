"""Printing a report: the PDF the preview shows, page by page, onto the printer.

What prints is the very file that was previewed and would be saved, so paper, screen and
file never differ. Each page is rendered by QtPdf (pdfium) at the printer's resolution and
painted onto the printer; the printer's page is set to the PDF page's size and orientation
before each page, so a turned monthly form prints turned. Runs without a window (a worker
may call it), reports progress and hears 取消 as the other long work does.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRect, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from models.errors import LedgerError
from models.progress import NEVER_ABORT, NO_PROGRESS, AbortFlag, Cancelled, Progress

# A page rendered at 1200 dpi (what a PDF printer says) would take half a gigabyte, and at
# 600 dpi about 1.3 s: a 20-page report half a minute. 300 dpi prints the report's text and
# tables sharply and takes a quarter of that; the printer scales the image to its own dots.
MAX_RENDER_DPI = 300
POINTS_PER_INCH = 72


class PrintError(LedgerError):
    """The report could not be printed; the message says what to check."""


def _document(pdf: bytes | Path) -> tuple[QPdfDocument, QBuffer | None]:
    """The PDF loaded (and the buffer it reads, which must live as long as it)."""
    document = QPdfDocument()
    if isinstance(pdf, Path):
        buffer = None
        error = document.load(str(pdf))
    else:
        buffer = QBuffer()
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document.load(buffer)
        error = document.error()
    if error != QPdfDocument.Error.None_ or document.pageCount() == 0:
        raise PrintError("要列印的報告無法讀取（PDF 檔不完整或已損壞）；請重新產生報告後再列印。")
    return document, buffer


def _layout(points: QSizeF) -> QPageLayout:
    """The PDF page's size (A4 stays A4 when turned) and orientation, without margins: the
    report's own margins are in the page."""
    size = QPageSize(points, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyOrientationMatch)
    turned = points.width() > points.height()
    orientation = QPageLayout.Orientation.Landscape if turned else QPageLayout.Orientation.Portrait
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0))


def _pages(printer: QPrinter, count: int) -> range:
    """The pages asked for in the print dialog (第 2 至 3 頁), else all of them."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage(), min(printer.toPage() or count, count)
        return range(first - 1, last)
    return range(count)


def _rendered(document: QPdfDocument, page: int, pixels: QSize) -> QImage:
    """The page as an opaque image: QtPdf leaves the paper transparent, so white goes under it
    (in place, one copy of the page in memory)."""
    image = document.render(page, pixels)
    painter = QPainter(image)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationOver)
    painter.fillRect(image.rect(), Qt.GlobalColor.white)
    painter.end()
    return image


def _where(printer: QPrinter) -> str:
    target = printer.outputFileName()
    return f"檔案「{target}」" if target else f"印表機「{printer.printerName() or '預設印表機'}」"


def print_pdf(
    pdf: bytes | Path, printer: QPrinter, progress: Progress = NO_PROGRESS, abort: AbortFlag = NEVER_ABORT
) -> int:
    """Print ``pdf`` (the report's bytes, or its file) on ``printer``, as set up by the print
    dialog; the number of pages printed. Raises PrintError when the printer cannot print."""
    document, _buffer = _document(pdf)
    pages = _pages(printer, document.pageCount())
    if not pages:
        raise PrintError(f"所選的頁數超出報告的範圍（報告共 {document.pageCount()} 頁）。")
    printer.setFullPage(True)  # the painter's origin is the paper's corner, as in the PDF
    printer.setPageLayout(_layout(document.pagePointSize(pages[0])))
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(f"無法列印到{_where(printer)}：請確認印表機已開啟並連線，或檔案的資料夾存在且可以寫入。")
    try:
        for n, page in enumerate(pages):
            if abort.is_set():
                printer.abort()
                raise Cancelled("已取消列印；已送出的頁可能仍會印出。")
            progress(n / len(pages), f"列印第 {n + 1} 頁，共 {len(pages)} 頁")
            points = document.pagePointSize(page)
            if n and not (printer.setPageLayout(_layout(points)) and printer.newPage()):
                raise PrintError(f"列印第 {n + 1} 頁時{_where(printer)}發生問題，沒有印完；請檢查印表機後再試一次。")
            dpi = min(printer.resolution(), MAX_RENDER_DPI)
            pixels = QSize(round(points.width() * dpi / POINTS_PER_INCH), round(points.height() * dpi / POINTS_PER_INCH))
            paper = printer.paperRect(QPrinter.Unit.DevicePixel).toRect()
            painter.drawImage(QRect(0, 0, paper.width(), paper.height()), _rendered(document, page, pixels))
    except BaseException:
        if painter.isActive():
            painter.end()
        raise
    if not painter.end():
        raise PrintError(f"報告沒有完整送到{_where(printer)}；請檢查印表機後再試一次。")
    progress(1.0, "列印完成")
    return len(pages)
