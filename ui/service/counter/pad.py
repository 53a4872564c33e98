"""The counter's category buttons, large on the desk and small in the compact window.

One CategoryPad per window, both on the same CounterState: the pad rebuilds its buttons when
the categories change, shows today's counts, lights up the button a key counted and hands a
click to the state.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from models.service.categories import ServiceCategory
from ui.i18n import tr
from ui.service.counter.state import Action, CounterState, Outcome, category_label
from ui.style import OK_BACKGROUND, heading_font, scaled
from ui.widgets.number_grid import format_number

FLASH_MS = 150  # how long a button looks pressed after its key
COMPACT_NAME_CHARS = 9
GRID_COLUMNS = 3  # large buttons per row on the desk; the compact window has one column
LARGE_SPACING = 12
COMPACT_SPACING = 4


def short_name(name: str, limit: int = COMPACT_NAME_CHARS) -> str:
    """A name for the compact strip: without its bracketed note, cut at ``limit`` characters."""
    base = re.split(r"[（(]", name, maxsplit=1)[0].strip() or name
    return base if len(base) <= limit else base[: limit - 1] + "…"


class CategoryButton(QPushButton):
    """A category's key, name and today's count on one button, large or compact."""

    def __init__(self, category: ServiceCategory, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category = category
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays with the desk
        self.setToolTip(category_label(category) + "\n" + tr("數字是全中心今日的人次（所有人合計）"))
        self.setAccessibleName(category_label(category))
        self.key_label = QLabel(category.shortcut or "")
        self.name_label = QLabel(short_name(category.name) if compact else category.name)
        self.count_label = QLabel("0")
        for label in (self.key_label, self.name_label, self.count_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.flash_timer = QTimer(self)
        self.flash_timer.setSingleShot(True)
        self.flash_timer.setInterval(FLASH_MS)
        self.scope_label: QLabel | None = None
        if compact:
            self._lay_out_compact()
        else:
            self._lay_out_large()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.flash_timer.timeout.connect(self._release)

    def _lay_out_large(self) -> None:
        base = self.font()
        self.key_label.setFont(heading_font(base, 2.6))
        self.name_label.setFont(heading_font(base, 1.3))
        self.count_label.setFont(heading_font(base, 2.2))
        self.name_label.setWordWrap(True)
        self.key_label.setStyleSheet("color: #1f4e8c;")
        self.count_label.setStyleSheet(f"color: {OK_BACKGROUND};")
        # Everyone's presses, not this user's: the number other desks see too.
        self.scope_label = QLabel(tr("全中心今日"))
        self.scope_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        count_row = QHBoxLayout()
        count_row.addStretch(1)
        count_row.addWidget(self.scope_label, 0, Qt.AlignmentFlag.AlignBaseline)
        count_row.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBaseline)
        count_row.addStretch(1)
        for label in (self.key_label, self.name_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addStretch(1)  # a tall button keeps key, name and count together in its middle
        layout.addWidget(self.key_label)
        layout.addWidget(self.name_label)
        layout.addLayout(count_row)
        layout.addStretch(1)
        self.setMinimumHeight(scaled(150))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def _lay_out_compact(self) -> None:
        self.key_label.setFont(heading_font(self.font(), 1.1))
        self.key_label.setStyleSheet("color: #1f4e8c;")
        self.key_label.setMinimumWidth(self.key_label.fontMetrics().horizontalAdvance("W") + 4)
        self.count_label.setFont(heading_font(self.font(), 1.1))
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().horizontalAdvance("0,000") + 4)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addWidget(self.key_label)
        layout.addWidget(self.name_label, 1)
        layout.addWidget(self.count_label)
        self.setMinimumHeight(scaled(36))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override): the labels decide, not the empty text
        return self.layout().sizeHint().expandedTo(self.minimumSize())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.layout().minimumSize().expandedTo(self.minimumSize())

    def set_count(self, count: int) -> None:
        self.count_label.setText(format_number(count))

    def count_text(self) -> str:
        return self.count_label.text()

    def flash(self) -> None:
        """Look pressed for a moment, so a key press is seen on the button it counted."""
        self.setDown(True)
        self.flash_timer.start()

    def _release(self) -> None:
        self.setDown(False)


class CategoryPad(QWidget):
    """The buttons of the state's categories: a grid of large ones, or a column of compact ones."""

    rebuilt = Signal()  # the buttons were made again for changed categories

    def __init__(self, state: CounterState, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.compact = compact
        self.buttons: list[CategoryButton] = []
        self.button_group = QButtonGroup(self)
        self.button_group.setExclusive(False)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(COMPACT_SPACING if compact else LARGE_SPACING)
        self._connect_signals()
        self._rebuild()

    def _connect_signals(self) -> None:
        self.state.categoriesChanged.connect(self._rebuild)
        self.state.countsChanged.connect(self._show_counts)
        self.state.performed.connect(self._flash)
        self.button_group.buttonClicked.connect(self._clicked)

    def _rebuild(self) -> None:
        for button in self.buttons:
            self.button_group.removeButton(button)
            self.grid.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        categories = self.state.categories
        columns = 1 if self.compact else min(GRID_COLUMNS, max(len(categories), 1))
        for index, category in enumerate(categories):
            button = CategoryButton(category, compact=self.compact)
            self.button_group.addButton(button)
            self.grid.addWidget(button, index // columns, index % columns)
            self.buttons.append(button)
        self._show_counts()
        self.rebuilt.emit()

    def _show_counts(self) -> None:
        for button in self.buttons:
            button.set_count(self.state.count_of(button.category))

    def button_for(self, key: str) -> CategoryButton:
        return next(b for b in self.buttons if b.category.shortcut == key.upper())

    def _clicked(self, button: QAbstractButton) -> None:
        self.state.choose(button.category)

    def _flash(self, outcome: Outcome) -> None:
        if not outcome.ok or outcome.action not in (Action.PRESS, Action.GROUP):
            return
        for button in self.buttons:
            if button.category.id == outcome.category.id:
                button.flash()
