"""成果報告 (研考): a period's report, its texts edited beside the PDF they print in.

Left, the section tree of the half-year report's text blocks; the block chosen is edited
below its heading, with the figures it may name beside it (``ui/report/placeholders.py``).
Right, the preview: the same PDF that prints and is saved, rebuilt on the ops' worker a
moment after typing stops, from the texts as typed (saved or not), so the window never
waits for reportlab. A text naming a figure that does not exist is said beside the editor
and is neither previewed nor saved; a block's text is saved (audited) by 儲存文字 / Ctrl+S,
and before another block, another period or another screen is shown.

The monthly reports (服務人數月報表, 問卷統計月報) have no texts: their preview takes the
window's width. Print, 存成 PDF and 存成 Excel build the report afresh (its 稽核碼 read at
that moment) from the same texts, with progress and 取消; what was written is then shown.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFileDialog, QHBoxLayout, QStyledItemDelegate, QStyleOptionViewItem, QLabel, QPlainTextEdit, QPushButton, QSpinBox, QSplitter,
    QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from models.accounts import User
from models.errors import LedgerError, ValidationError
from models.report_texts import load_texts, period_key, save_text, text_record
from models.rocdate import ROC_OFFSET, Period, month_range, roc_year
from reports.fonts import FontChoice
from reports.halfyear import TEXT_BLOCKS, TextBlock, check_text
from ui.admin.history_dialog import show_history
from ui.i18n import tr
from ui.ops import BackgroundOp
from ui.report.jobs import HALF_YEAR, KINDS, Built, PeriodTexts, ReportKind, build_pdf, read_period, save_excel, save_pdf
from ui.report.placeholders import PlaceholderPanel
from ui.report.preview import PdfPreview
from ui.report.printing import print_pdf
from ui.style import heading_font, is_large_print, scaled
from ui.widgets.messages import error_label
from ui.widgets.period_bar import PeriodBar
from ui.widgets.questions import ask

DEBOUNCE_MS = 600  # the preview is rebuilt this long after the last key
YEAR_WAIT_MS = 500
LOAD_KEY, PREVIEW_KEY = "report-period", "report-preview"
BLOCK_ROLE = Qt.ItemDataRole.UserRole
PERIOD_HINT = "或輸入 106/01-106/03"
TERMS = (("第1次（1～6月）", 6), ("第2次（1～12月）", 12))
NO_DATA_LINE = "{period}沒有任何資料（問卷、服務人數、登記簿都沒有）：報告中缺資料之處印「本期無資料」。"
NO_TEXTS = "這份月報表沒有要編輯的文字：內容全部由資料計算。"
SECTION_ONLY = "這一節沒有自己的文字；請選下面的段落。"
CHOOSE_BLOCK = "請在左邊選一個段落。"
UNSAVED = "尚未儲存（Ctrl+S 儲存文字）"
SAVED = "已儲存為{period}的文字，之後的期間也沿用。"
NOT_SAVED = "沒有儲存：請先改正上面紅字說的地方。"
NOTHING_TO_SAVE = "沒有要儲存的修改。"
NO_HISTORY = "這段文字還沒有存過（印的是預設文字），沒有修改歷程。"
LEAVE_TITLE = "文字無法儲存"
LEAVE_QUESTION = "「{heading}」的文字無法儲存：\n{reason}\n\n要放棄這段修改，還是回去修改？"
UPDATING = "正在更新預覽…"
UPDATED = "預覽（與列印、存檔相同）：共 {pages} 頁"
NOT_PREVIEWED = "文字有誤，預覽仍是修改前的內容。"
CHOOSE_PERIOD = "請先選擇期間。"


class WrappingDelegate(QStyledItemDelegate):
    """A tree entry as tall as its heading wrapped in the column's width: QTreeView itself
    measures every row one line high, and a long heading (「(1)各項為民服務業務整合成果」)
    would be cut at the edge."""

    PADDING = 6

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self.tree.columnWidth(0) - depth * self.tree.indentation() - self.PADDING
        if width <= 0:
            return hint
        text = str(index.data() or "")
        bounds = option.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(hint.width(), max(hint.height(), bounds.height() + self.PADDING))


def default_period(today: dt.date | None = None) -> tuple[int, int]:
    """The report due next: this year's 第1次 in the first half, its 第2次 after June."""
    today = today or dt.date.today()
    return today.year - ROC_OFFSET, 6 if today.month <= 6 else 12


def _heading_leaf(block: TextBlock) -> str:
    return block.heading.split(" / ")[-1]


class ReportWindow(QWidget):
    """The report of a period: choose it, edit its texts, look at it, print and save it."""

    def __init__(self, user: User, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.kind: ReportKind = HALF_YEAR
        self.loaded: PeriodTexts | None = None
        self.asked: tuple[ReportKind, Period] | None = None
        self.texts: dict[str, str] = {}  # as typed, the preview's texts
        self.stored: dict[str, str] = {}  # what the period prints now (stored, else the default)
        self.block: TextBlock | None = None
        self.report_font: FontChoice | None = None
        self._generation = 0  # a new period's load: previews of the period before are dropped
        self._from_first_page = False  # the next preview opens on page 1 (another report or period)
        self._shown_once = False
        self._asked_text = self._shown_text = ""  # the period as typed: asked for, and shown
        self._blocks = {block.key: block for block in TEXT_BLOCKS}
        self._build_widgets(today)
        self._build_layout()
        self._connect_signals()

    # --- building ---------------------------------------------------------------------------

    def _build_widgets(self, today: dt.date | None) -> None:
        year, last_month = default_period(today)
        self.kind_box = QComboBox()
        for kind in KINDS:
            self.kind_box.addItem(tr(kind.label), kind.key)
            self.kind_box.setItemData(self.kind_box.count() - 1, tr(kind.title), Qt.ItemDataRole.ToolTipRole)
        self.year_box = QSpinBox()
        self.year_box.setRange(1, 999)
        self.year_box.setPrefix(tr("民國 "))
        self.year_box.setSuffix(tr(" 年"))
        self.year_box.setValue(year)
        self.term_box = QComboBox()
        self._fill_terms(last_month)
        self.period_bar = PeriodBar("", PERIOD_HINT, box_width=190, label_scale=1.15, button_text="顯示")
        self.period_edit = self.period_bar.period_edit
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.font_warning = error_label()

        self.tree = QTreeWidget()
        self.tree.setHeaderLabel(tr("報告的段落"))
        self.tree.setIndentation(14)
        # A long heading wraps onto a second line: never cut off, never scrolled sideways.
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.header().setStretchLastSection(True)
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        self._fill_tree()
        self.block_title = QLabel(tr(CHOOSE_BLOCK))
        self.block_title.setWordWrap(True)
        self.block_title.setFont(heading_font(self.font(), 1.1))
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)  # Tab goes on to 儲存文字, as everywhere; a report's text has no tabs
        self.editor.setEnabled(False)
        # Its lines kept when a message comes under it (the 代號 list below gives way): eight, or
        # five in large print, where the screen has room for no more.
        lines = 5 if is_large_print() else 8
        self.editor.setMinimumHeight(lines * self.editor.fontMetrics().lineSpacing() + 2 * self.editor.frameWidth() + 8)
        self.editor_message = error_label()
        self.save_button = QPushButton(tr("儲存文字"))
        self.history_button = QPushButton(tr("修改歷程"))
        self.editor_info = QLabel()
        self.editor_info.setWordWrap(True)  # a long word is never cut
        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.placeholders = PlaceholderPanel()

        self.preview_state = QLabel()
        self.preview_message = error_label()
        self.preview = PdfPreview()
        self.print_button = QPushButton(tr("列印…"))
        self.pdf_button = QPushButton(tr("存成 PDF…"))
        self.excel_button = QPushButton(tr("存成 Excel…"))
        for button in (self.save_button, self.history_button, self.print_button, self.pdf_button, self.excel_button):
            button.setMinimumHeight(scaled(40))
        self.output_message = error_label()
        self.output_info = QLabel()
        self.output_info.setWordWrap(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._year_timer = QTimer(self)  # a year typed digit by digit (1, 10, 106) is read once
        self._year_timer.setSingleShot(True)
        self._year_timer.setInterval(YEAR_WAIT_MS)

    def _fill_terms(self, last_month: int) -> None:
        """第1次/第2次 for the half-year report, the twelve months for a monthly one."""
        self.term_box.blockSignals(True)
        self.term_box.clear()
        if self.kind.one_month:
            for month in range(1, 13):
                self.term_box.addItem(tr(f"{month}月"), month)
            self.term_box.setCurrentIndex(last_month - 1)
        else:
            for text, month in TERMS:
                self.term_box.addItem(tr(text), month)
            self.term_box.setCurrentIndex(0 if last_month <= 6 else 1)
        self.term_box.blockSignals(False)

    def _fill_tree(self) -> None:
        """A node per heading of the path; a heading holding one block is that block, one
        holding several has a 第N段 under it for each (with its first words)."""
        nodes: dict[tuple[str, ...], QTreeWidgetItem] = {}
        by_heading: dict[str, list[TextBlock]] = {}
        for block in TEXT_BLOCKS:
            by_heading.setdefault(block.heading, []).append(block)
        for heading, blocks in by_heading.items():
            parts = tuple(heading.split(" / "))
            for depth in range(1, len(parts) + 1):
                if parts[:depth] not in nodes:
                    parent = nodes.get(parts[: depth - 1])
                    item = QTreeWidgetItem([parts[depth - 1]])
                    item.setToolTip(0, " / ".join(parts[:depth]))
                    if parent is None:
                        self.tree.addTopLevelItem(item)
                    else:
                        parent.addChild(item)
                    nodes[parts[:depth]] = item
            node = nodes[parts]
            if len(blocks) == 1:
                node.setData(0, BLOCK_ROLE, blocks[0].key)
                continue
            for n, block in enumerate(blocks, 1):
                first_words = block.default.strip().splitlines()[0][:10] if block.default.strip() else ""
                child = QTreeWidgetItem([tr("第{n}段：{words}…").format(n=n, words=first_words)])
                child.setData(0, BLOCK_ROLE, block.key)
                child.setToolTip(0, block.default[:200])
                node.addChild(child)
        self.tree.expandAll()

    def _build_layout(self) -> None:
        choose = QHBoxLayout()
        choose.addWidget(QLabel(tr("報告")))
        choose.addWidget(self.kind_box)
        choose.addSpacing(12)
        choose.addWidget(self.year_box)
        choose.addWidget(self.term_box)
        # In large print the period box has a line of its own: beside the choices it would
        # make the screen wider than 1366 pixels.
        period_line = QHBoxLayout() if is_large_print() else choose
        if period_line is choose:
            choose.addSpacing(12)
        else:
            choose.addStretch(1)
        period_line.addWidget(self.period_bar, 1)

        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.history_button)
        save_row.addWidget(self.editor_info, 1)
        text_column = QWidget()
        text_layout = QVBoxLayout(text_column)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.block_title)
        text_layout.addWidget(self.editor)
        text_layout.addWidget(self.editor_message)
        text_layout.addLayout(save_row)
        text_layout.addWidget(self.placeholders, 1)
        self.text_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.text_splitter.addWidget(self.tree)
        self.text_splitter.addWidget(text_column)
        self.text_splitter.setStretchFactor(1, 1)
        self.text_splitter.setSizes([260, 440])
        self.no_texts = QLabel(tr(NO_TEXTS))
        self.no_texts.setWordWrap(True)
        self.no_texts.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.no_texts.hide()
        self.texts_side = self.text_splitter  # hidden for a monthly report: its preview takes the width

        preview_column = QWidget()
        preview_layout = QVBoxLayout(preview_column)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.no_texts)
        preview_layout.addWidget(self.preview_state)
        preview_layout.addWidget(self.preview_message)
        preview_layout.addWidget(self.preview, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.texts_side)
        self.splitter.addWidget(preview_column)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([700, 620])

        outputs = QHBoxLayout()
        outputs.addWidget(self.print_button)
        outputs.addWidget(self.pdf_button)
        outputs.addWidget(self.excel_button)
        outputs.addSpacing(12)
        said = QVBoxLayout()
        said.addWidget(self.output_message)
        said.addWidget(self.output_info)
        outputs.addLayout(said, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(choose)
        if period_line is not choose:
            layout.addLayout(period_line)
        layout.addWidget(self.font_warning)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(outputs)

    def _connect_signals(self) -> None:
        self.kind_box.currentIndexChanged.connect(self._kind_chosen)
        self.year_box.editingFinished.connect(self._term_chosen)
        self.year_box.valueChanged.connect(lambda _year: self._year_timer.start())
        self._year_timer.timeout.connect(self._term_chosen)
        self.term_box.activated.connect(lambda _n: self._term_chosen())
        self.period_bar.period_chosen.connect(self.choose_period)
        self.tree.currentItemChanged.connect(self._item_chosen)
        self.tree.header().sectionResized.connect(lambda *_sizes: self.tree.doItemsLayout())  # rows rewrapped
        self.editor.textChanged.connect(self._edited)
        self.placeholders.chosen.connect(self.insert_placeholder)
        self.save_button.clicked.connect(self.save_block)
        self.save_shortcut.activated.connect(self.save_block)
        self.history_button.clicked.connect(self.show_block_history)
        self._debounce.timeout.connect(self.refresh_preview)
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button.clicked.connect(self.save_pdf_file)
        self.excel_button.clicked.connect(self.save_excel_file)

    # --- the screen -------------------------------------------------------------------------

    def activate(self) -> None:
        """Shown: the period's figures (and texts) read again; typing not saved stays."""
        if not self._shown_once:
            self._shown_once = True
            self._term_chosen()
        elif self.asked is not None:
            self._load(*self.asked)
        (self.editor if self.editor.isEnabled() else self.tree).setFocus()

    def leave(self) -> bool:
        """Another screen, 換人 or closing: the block's text is saved first, or the secretary
        chooses between correcting it and discarding it."""
        return self.settle()

    # --- the period -------------------------------------------------------------------------

    def _kind_chosen(self, index: int) -> None:
        kind = KINDS[index]
        if kind is self.kind:
            return
        if not self.settle():
            self.kind_box.blockSignals(True)
            self.kind_box.setCurrentIndex(KINDS.index(self.kind))
            self.kind_box.blockSignals(False)
            return
        period = self.asked[1] if self.asked is not None else None
        self.kind = kind
        self.texts_side.setVisible(kind.has_texts)
        self.no_texts.setVisible(not kind.has_texts)
        last_month = period.start.month if period is not None and kind.one_month else (
            period.end.month if period is not None else default_period()[1]
        )
        self._fill_terms(last_month)
        self._term_chosen()

    def period_text(self) -> str:
        """What the year and 期別 stand for, as it would be typed: 106H1, 106, 106/03."""
        year, month = self.year_box.value(), self.term_box.currentData()
        if self.kind.one_month:
            return f"{year}/{month:02d}"
        return f"{year}H1" if month == 6 else f"{year}"

    def _term_chosen(self) -> None:
        self._year_timer.stop()
        text = self.period_text()
        if self.asked is not None and self.asked[0] is self.kind and text == self.period_edit.text():
            return  # already shown (the year's Enter after its arrows)
        self.period_edit.setText(text)
        self.period_bar.compute_button.click()

    def choose_period(self, period: Period | None) -> None:
        if period is None:
            return
        if not self.settle():
            if self.loaded is not None:  # the period shown stays, and the picker says so
                self.period_edit.setText(self._shown_text)
                self._sync_picker(self.loaded.period)
            return
        self._asked_text = self.period_edit.text()
        self._load(self.kind, period)

    def _load(self, kind: ReportKind, period: Period) -> None:
        self.asked = (kind, period)
        user = self.user
        op = BackgroundOp(self, lambda: read_period(user, kind, period)).replaces(LOAD_KEY)
        op.success(self._loaded).failure(self._load_refused).run()

    def _load_refused(self, problem: Exception) -> None:
        self.period_bar.show_message(str(problem))
        self.period_bar.period_label.clear()

    def _loaded(self, found: PeriodTexts) -> None:
        if (found.kind, found.period) != self.asked:
            return  # another period was asked for meanwhile
        same = self.loaded is not None and (self.loaded.kind, self.loaded.period) == (found.kind, found.period)
        kept = self.block.key if same and self.block is not None and self.is_dirty() else None
        typed = self.texts.get(kept, "") if kept else ""
        if not same:
            self._generation += 1
            self._from_first_page = True  # another report: read from its start
            self.output_message.clear()  # what was said of the last file saved was of that report
            self.output_info.clear()
        self.loaded = found
        self._shown_text = self._asked_text
        self.period_bar.show_message("")
        self.period_bar.show_period(found.period)
        self._sync_picker(found.period)
        self.stored = {block.key: found.stored.get(block.key, block.default) for block in TEXT_BLOCKS}
        self.texts = dict(self.stored)
        if kept:
            self.texts[kept] = typed  # typed and not saved: still there
        self.placeholders.set_values(found.values)
        self.notice.setText(tr(NO_DATA_LINE).format(period=found.period.label) if not found.has_data else "")
        self.notice.setVisible(not found.has_data)
        if found.kind.has_texts:
            if self.tree.currentItem() is None:
                self.tree.setCurrentItem(self._first_block_item())
            else:
                self._show_block(self.block)
        self.refresh_preview()

    def _sync_picker(self, period: Period) -> None:
        """A period typed that the year and 期別 can say is shown there too."""
        year = roc_year(period.start)
        if self.kind.one_month:
            month = period.start.month
        elif period in (month_range(year, 1, 6), month_range(year, 1, 12)):
            month = period.end.month
        else:
            return
        index = self.term_box.findData(month)
        if index >= 0:
            self.year_box.blockSignals(True)
            self.year_box.setValue(year)
            self.year_box.blockSignals(False)
            self.term_box.setCurrentIndex(index)

    # --- the texts --------------------------------------------------------------------------

    def _first_block_item(self) -> QTreeWidgetItem | None:
        iterator = [self.tree.topLevelItem(n) for n in range(self.tree.topLevelItemCount())]
        while iterator:
            item = iterator.pop(0)
            if item.data(0, BLOCK_ROLE):
                return item
            iterator[:0] = [item.child(n) for n in range(item.childCount())]
        return None

    def item_of(self, key: str) -> QTreeWidgetItem | None:
        """The tree's entry of block ``key``."""
        stack = [self.tree.topLevelItem(n) for n in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            if item.data(0, BLOCK_ROLE) == key:
                return item
            stack.extend(item.child(n) for n in range(item.childCount()))
        return None

    def choose_block(self, key: str) -> bool:
        """Show block ``key`` (as a click in the tree does); False when the block shown stays."""
        self.tree.setCurrentItem(self.item_of(key))
        return self.block is not None and self.block.key == key

    def _item_chosen(self, current: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        if self.block is not None and (current is None or current.data(0, BLOCK_ROLE) != self.block.key):
            if not self.settle():
                self.tree.blockSignals(True)
                self.tree.setCurrentItem(previous)
                self.tree.blockSignals(False)
                return
        key = current.data(0, BLOCK_ROLE) if current is not None else None
        self._show_block(self._blocks.get(key) if key else None)

    def _show_block(self, block: TextBlock | None) -> None:
        self.block = block
        self.editor_message.clear()
        self.editor_info.clear()
        self.editor.blockSignals(True)
        if block is None or self.loaded is None:
            self.editor.setPlainText("")
            self.block_title.setText(tr(SECTION_ONLY if self.tree.currentItem() is not None else CHOOSE_BLOCK))
        else:
            self.editor.setPlainText(self.texts[block.key])
            self.block_title.setText(block.heading.replace(" / ", "　"))
        self.editor.blockSignals(False)
        self.editor.setEnabled(block is not None and self.loaded is not None)
        for button in (self.save_button, self.history_button):
            button.setEnabled(self.editor.isEnabled())
        self._show_dirty()

    def is_dirty(self) -> bool:
        """The block shown holds typing not saved (only the block shown ever does)."""
        return self.block is not None and self.texts.get(self.block.key) != self.stored.get(self.block.key)

    def _show_dirty(self) -> None:
        if self.is_dirty():
            self.editor_info.setText(tr(UNSAVED))

    def _edited(self) -> None:
        if self.block is None:
            return
        self.texts[self.block.key] = self.editor.toPlainText()
        self.editor_info.setText(tr(UNSAVED) if self.is_dirty() else "")
        self._debounce.start()

    def insert_placeholder(self, token: str) -> None:
        """A 代號 double-clicked (or Enter): typed at the text's cursor, where typing goes on."""
        if not self.editor.isEnabled():
            return
        self.editor.insertPlainText(token)
        self.editor.setFocus()

    def text_problem(self) -> str:
        """What is wrong with the shown block's placeholders, in the user's words; "" if none."""
        if self.block is None or self.loaded is None:
            return ""
        try:
            check_text(self.block.key, self.texts[self.block.key], self.loaded.values)
        except ValidationError as exc:
            return str(exc)
        return ""

    def save_block(self) -> bool:
        """儲存文字: the shown block's text, audited; a refusal is said beside the editor."""
        if not self.is_dirty():
            if self.block is not None:
                self.editor_info.setText(tr(NOTHING_TO_SAVE))
            return True
        assert self.block is not None and self.loaded is not None
        key, text = self.block.key, self.texts[self.block.key]
        problem = self.text_problem()
        if problem:
            self.editor_message.setText(problem)
            self.editor_info.setText(tr(NOT_SAVED))
            return False
        stored_key = period_key(self.loaded.period)
        try:
            save_text(self.user, stored_key, key, text)
            tidied = load_texts(self.user, stored_key).get(key, text)
        except LedgerError as exc:
            self.editor_message.setText(str(exc))
            self.editor_info.setText(tr(NOT_SAVED))
            return False
        self.stored[key] = self.texts[key] = tidied
        if self.editor.toPlainText() != tidied:  # stored as tidied (spaces at the ends, line ends)
            self.editor.blockSignals(True)
            self.editor.setPlainText(tidied)
            self.editor.blockSignals(False)
        self.editor_message.clear()
        self.editor_info.setText(tr(SAVED).format(period=self.loaded.period.label))
        self._debounce.start()  # the 稽核碼 moved on: the preview follows
        return True

    def settle(self) -> bool:
        """Before the block shown goes: its text saved, or discarded if the secretary says so."""
        if not self.is_dirty() or self.save_block():
            return True
        assert self.block is not None
        reason = self.editor_message.text()
        question = tr(LEAVE_QUESTION).format(heading=self.block.heading, reason=reason)
        if not ask(self, tr(LEAVE_TITLE), question, yes="放棄修改", no="回去修改"):
            self.editor.setFocus()
            return False
        self.texts[self.block.key] = self.stored[self.block.key]
        self._show_block(self.block)
        self._debounce.start()
        return True

    def show_block_history(self) -> None:
        if self.block is None or self.loaded is None:
            return
        try:
            record = text_record(self.user, period_key(self.loaded.period), self.block.key)
        except LedgerError as exc:
            self.editor_message.setText(str(exc))
            return
        if record is None:
            self.editor_info.setText(tr(NO_HISTORY))
            return
        show_history(self, self.user, record)

    # --- the preview ------------------------------------------------------------------------

    def refresh_preview(self) -> BackgroundOp[Any] | None:
        """Rebuild the preview from the texts as typed, on the worker; a broken placeholder
        in the block shown is said beside the editor instead, and the preview stays."""
        self._debounce.stop()
        if self.loaded is None:
            return None
        kind, period = self.loaded.kind, self.loaded.period
        if kind.has_texts:
            problem = self.text_problem()
            self.editor_message.setText(problem)
            if problem:
                self.preview_state.setText(tr(NOT_PREVIEWED))
                return None
        texts, font, generation = dict(self.texts) if kind.has_texts else {}, self.report_font, self._generation
        self.preview_state.setText(tr(UPDATING))
        op = BackgroundOp(self, lambda: (generation, build_pdf(kind, period, texts, font))).replaces(PREVIEW_KEY)
        return op.success(self._previewed).failure(self._preview_refused).run()

    def _previewed(self, outcome: tuple[int, Built]) -> None:
        generation, built = outcome
        if generation != self._generation:
            return
        self._show_built(built)

    def _show_built(self, built: Built) -> None:
        self.report_font = built.font
        self.font_warning.setText(tr(built.font.warning) if built.font.warning else "")
        self.preview_message.clear()
        self.preview.show_pdf(built.pdf)
        if self._from_first_page:
            self.preview.go_to(0)
            self._from_first_page = False
        self.preview_state.setText(tr(UPDATED).format(pages=built.pages))

    def _preview_refused(self, problem: Exception) -> None:
        self.preview_state.setText(tr(NOT_PREVIEWED))
        self.preview_message.setText(str(problem))

    # --- print and save ---------------------------------------------------------------------

    def _ready_for_output(self) -> bool:
        self.output_message.clear()
        self.output_info.clear()
        if self.loaded is None:
            self.output_message.setText(tr(CHOOSE_PERIOD))
            return False
        return not self.loaded.kind.has_texts or self.settle()

    def _output_args(self) -> tuple[ReportKind, Period, dict[str, str]]:
        assert self.loaded is not None
        kind = self.loaded.kind
        return kind, self.loaded.period, dict(self.texts) if kind.has_texts else {}

    def _target(self, title: str, suffix: str, kinds: str) -> Path | None:
        kind, period, _texts = self._output_args()
        folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())
        chosen, _filter = QFileDialog.getSaveFileName(self, tr(title), str(folder / f"{kind.file_stem(period)}{suffix}"), tr(kinds))
        if not chosen:
            return None
        target = Path(chosen)
        return target if target.suffix.lower() == suffix else target.with_name(target.name + suffix)

    def save_pdf_file(self) -> BackgroundOp[Built] | None:
        if not self._ready_for_output() or (target := self._target("存成 PDF", ".pdf", "PDF 檔 (*.pdf)")) is None:
            return None
        kind, period, texts = self._output_args()
        font = self.report_font
        op = BackgroundOp(self, lambda progress, abort: save_pdf(kind, period, texts, font, target, progress, abort))
        op.with_progress(tr("正在存成 PDF…"))

        def saved(built: Built) -> None:
            self._show_built(built)
            self.output_info.setText(tr("已存成 PDF「{path}」，共 {pages} 頁。").format(path=target, pages=built.pages))

        return op.success(saved).failure(self._output_refused).run()

    def save_excel_file(self) -> BackgroundOp[int] | None:
        if not self._ready_for_output():
            return None
        if (target := self._target("存成 Excel", ".xlsx", "Excel 活頁簿 (*.xlsx)")) is None:
            return None
        kind, period, texts = self._output_args()
        op = BackgroundOp(self, lambda progress, abort: save_excel(kind, period, texts, target, progress, abort))
        op.with_progress(tr("正在存成 Excel…"))
        done = tr("已存成 Excel「{path}」，共 {sheets} 張工作表。")
        return op.success(lambda sheets: self.output_info.setText(done.format(path=target, sheets=sheets))).failure(
            self._output_refused
        ).run()

    def print_report(self) -> BackgroundOp[tuple[Built, int]] | None:
        """列印…: the system's print dialog, then the report built afresh and printed page by
        page at the printer's resolution (ui/report/printing.py)."""
        if not self._ready_for_output():
            return None
        kind, period, texts = self._output_args()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(kind.file_stem(period))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(tr("列印報告"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        font = self.report_font

        def work(progress: Any, abort: Any) -> tuple[Built, int]:
            # 取消 while the pages are laid out is heard by the printing, before its first page.
            built = build_pdf(kind, period, texts, font, progress)
            return built, print_pdf(built.pdf, printer, progress, abort)

        def printed(outcome: tuple[Built, int]) -> None:
            built, pages = outcome
            self._show_built(built)
            self.output_info.setText(tr("已送去列印，共 {pages} 頁。").format(pages=pages))

        op = BackgroundOp(self, work).with_progress(tr("正在列印…"))
        return op.success(printed).failure(self._output_refused).run()

    def _output_refused(self, problem: Exception) -> None:
        self.output_message.setText(str(problem))
