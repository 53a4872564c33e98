"""The preview: the very PDF that prints and is saved, shown by QtPdf, with its page and zoom.

A new build replaces the document in place: the page being read and the zoom stay, so
typing a sentence does not throw the secretary back to page 1. The bytes are read through
a QBuffer that lives as long as the document reading it.
"""
from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0
PAGE_TEXT = "第 {page} / {pages} 頁"


class PdfPreview(QWidget):
    """◀ 上一頁 第 n / N 頁 下一頁 ▶　縮小 放大 符合寬度, over the pages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf_bytes = b""  # what is shown (tests read it)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.previous_button = QPushButton(tr("◀ 上一頁"))
        self.next_button = QPushButton(tr("下一頁 ▶"))
        self.page_label = QLabel()
        self.zoom_out_button = QPushButton(tr("縮小"))
        self.zoom_in_button = QPushButton(tr("放大"))
        self.fit_button = QPushButton(tr("符合寬度"))
        for button in (self.previous_button, self.next_button, self.zoom_out_button, self.zoom_in_button, self.fit_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the text
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_in_button)
        bar.addWidget(self.fit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._connect_signals()
        self._update_bar()

    def _connect_signals(self) -> None:
        self.previous_button.clicked.connect(lambda: self.go_to(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.current_page() + 1))
        self.zoom_in_button.clicked.connect(lambda: self.zoom(ZOOM_STEP))
        self.zoom_out_button.clicked.connect(lambda: self.zoom(1 / ZOOM_STEP))
        self.fit_button.clicked.connect(self.fit_width)
        self.view.pageNavigator().currentPageChanged.connect(lambda _page: self._update_bar())

    def show_pdf(self, pdf: bytes) -> None:
        """Show ``pdf`` in place of what was shown, on the same page where it still has one."""
        page = self.current_page()
        buffer = QBuffer()
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.close()
        self.document.load(buffer)
        old, self._buffer = self._buffer, buffer  # the old buffer goes once nothing reads it
        if old is not None:
            old.close()
        self.pdf_bytes = pdf
        if self.pages():
            self.go_to(min(page, self.pages() - 1))
        self._update_bar()

    def clear(self) -> None:
        self.document.close()
        self.pdf_bytes = b""
        self._update_bar()

    def pages(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to(self, page: int) -> None:
        if 0 <= page < self.pages():
            self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._update_bar()

    def zoom(self, factor: float) -> None:
        """縮小/放大 one step from what is shown now (from 符合寬度 too)."""
        shown = self.shown_zoom()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_MIN, min(ZOOM_MAX, shown * factor)))

    def shown_zoom(self) -> float:
        """The zoom the page is shown at: QPdfView keeps its factor unchanged while it fits
        the width, so the fitted one is worked out as QPdfView lays the page out."""
        if self.view.zoomMode() != QPdfView.ZoomMode.FitToWidth or not self.pages():
            return self.view.zoomFactor()
        margins = self.view.documentMargins()
        width = self.view.viewport().width() - margins.left() - margins.right()
        page = self.document.pagePointSize(self.current_page()).width() * self.view.logicalDpiX() / 72
        return width / page if page > 0 else self.view.zoomFactor()

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _update_bar(self) -> None:
        pages, page = self.pages(), self.current_page()
        self.page_label.setText(tr(PAGE_TEXT).format(page=page + 1, pages=pages) if pages else "")
        self.previous_button.setEnabled(pages > 0 and page > 0)
        self.next_button.setEnabled(page + 1 < pages)
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setEnabled(pages > 0)
