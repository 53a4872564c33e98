"""What a screen looks like to its user, measured: the window at 1366×768 stays that size, no
text on a button or label is cut, no list scrolls sideways, and the print is the size it should be.

Used by the large-print tests for every desk screen of every role; each check returns the
problems it found as sentences naming the widget and its text, so a failure says what to look at.
"""
from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTabBar,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from models.accounts import User
from models.settings import set_large_print
from ui.main_window import MainWindow

SCREEN_WIDTH, SCREEN_HEIGHT = 1366, 768
TEXT_WIDGETS = (QLabel, QAbstractButton, QLineEdit, QComboBox, QHeaderView, QTabBar, QAbstractScrollArea)


def shown(root: QWidget, kind: type[QWidget]) -> list[QWidget]:
    """The widgets of ``kind`` under ``root`` that are on the screen now."""
    return [w for w in root.findChildren(kind) if w.isVisible() and w.width() > 0 and w.height() > 0]


def at_screen_size(window: QWidget) -> None:
    """The program's window as large as the branch's screen, not maximised (this machine's
    screen is another size, and a maximised window would take that)."""
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(SCREEN_WIDTH, SCREEN_HEIGHT)


def settle(window: QWidget) -> None:
    at_screen_size(window)
    for _ in range(3):
        QApplication.processEvents()


def size_problems(window: QWidget) -> list[str]:
    """A layout that needs more than the screen makes the window larger than it: say so."""
    settle(window)
    if (window.width(), window.height()) == (SCREEN_WIDTH, SCREEN_HEIGHT):
        return []
    hint = window.minimumSizeHint()
    return [f"the window is {window.width()}×{window.height()} (it needs {hint.width()}×{hint.height()})"]


def _name(widget: QWidget, text: str) -> str:
    return f"{type(widget).__name__} 「{text}」"


def _button_room(button: QPushButton) -> tuple[int, int]:
    """The width and height a push button's text is drawn in (its bevel and margin taken off)."""
    option = QStyleOptionButton()
    button.initStyleOption(option)
    style = button.style()
    rect = style.subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
    return rect.width(), rect.height()


def text_problems(root: QWidget) -> list[str]:
    """Buttons, check boxes and one-line labels whose text is wider than the room they have;
    wrapping labels and buttons taller than their room; placeholders cut in empty fields."""
    problems = []
    for button in shown(root, QAbstractButton):
        text = button.text().replace("&&", "&")
        if not text or isinstance(button, QTabBar):
            continue
        metrics = button.fontMetrics()
        widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
        lines = text.count("\n") + 1
        if isinstance(button, QPushButton):
            width, height = _button_room(button)
        elif isinstance(button, QCheckBox):
            indicator = button.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
            width, height = button.width() - indicator - 4, button.height()
        else:
            width, height = button.contentsRect().width(), button.contentsRect().height()
        if widest > width or lines * metrics.height() > height + 2:
            problems.append(f"{_name(button, text)} needs {widest}×{lines * metrics.height()}, has {width}×{height}")
    for label in shown(root, QLabel):
        text = label.text()
        if not text or label.pixmap() is not None and not label.pixmap().isNull():
            continue
        if label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
        ):
            continue
        room = label.contentsRect()
        metrics = label.fontMetrics()
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height() + 1:
                problems.append(f"{_name(label, text)} needs {needed} high, has {label.height()}")
            continue
        widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
        if widest > room.width():
            problems.append(f"{_name(label, text)} needs {widest} wide, has {room.width()}")
    for edit in shown(root, QLineEdit):
        hint = edit.placeholderText()
        if hint and not edit.text() and type(edit.parentWidget()).__name__ != "QComboBox":
            room = edit.width() - 2 * edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth) - 4
            if edit.fontMetrics().horizontalAdvance(hint) > room:
                problems.append(f"the placeholder {_name(edit, hint)} is cut ({room} wide)")
    return problems


def scroll_problems(root: QWidget) -> list[str]:
    return [
        f"{type(area).__name__} {area.objectName() or ''} scrolls sideways"
        for area in shown(root, QAbstractScrollArea)
        if area.horizontalScrollBar().isVisible()
    ]


def print_problems(root: QWidget, at_least: float) -> list[str]:
    """Text widgets whose font is smaller than ``at_least`` points."""
    problems = []
    for widget in shown(root, QWidget):
        if isinstance(widget, TEXT_WIDGETS) and widget.font().pointSizeF() < at_least - 0.01:
            text = getattr(widget, "text", lambda: "")()
            problems.append(f"{_name(widget, text)} is in {widget.font().pointSizeF():g} pt")
    return problems


def fit_problems(window: QWidget) -> list[str]:
    """Everything above for what ``window`` shows now."""
    problems = size_problems(window)
    return problems + text_problems(window) + scroll_problems(window)


def cut_cells(table: QTableView) -> list[str]:
    """Cells of a wrapping table whose text needs more lines than its row shows (the last one
    cut off): measured in the room the style leaves the text, its padding taken off."""
    problems = []
    model, delegate, style = table.model(), table.itemDelegate(), table.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            text = model.data(index)
            if not text or table.isColumnHidden(column):
                continue
            option = QStyleOptionViewItem()
            option.initFrom(table.viewport())
            option.rect = table.visualRect(index)
            option.font = table.font()
            option.fontMetrics = table.fontMetrics()
            delegate.initStyleOption(option, index)
            if table.wordWrap():
                option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
            room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, table)
            bounds = QRect(0, 0, room.width() - 2 * margin, 100_000)
            needed = option.fontMetrics.boundingRect(bounds, Qt.TextFlag.TextWordWrap, str(text)).height()
            if needed > room.height():
                problems.append(f"row {row}, column {column} 「{text}」 needs {needed} high, has {room.height()}")
    return problems


def open_logged_in(qtbot: QtBot, user: User, *, large: bool, daily_work: bool = False) -> MainWindow:
    """The program's window at 1366×768 with ``user`` logged in, in the print asked for (stored
    as theirs, as 大字 does), the keys in the window."""
    set_large_print(user, large)
    window = MainWindow(daily_work=daily_work)
    qtbot.addWidget(window)
    at_screen_size(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.log_in(User.get_by_id(user.id))
    return window
