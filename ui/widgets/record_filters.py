"""The filter row above a register's list: a period box and the lists a register declares.

A register says what its list query can be asked (``PeriodFilter``, ``ChoiceFilter``); the
row builds the inputs and gives their values keyed as the query's keyword arguments, so
``listed_petitions(actor, **values)`` reads exactly what the row shows. A list changes the
values at once; the period is read on Enter or 查詢 (``ui.widgets.period_bar``), and a bad
one is said under its box while the list keeps what it showed.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from models.rocdate import DateInputError
from ui.i18n import tr
from ui.style import scaled
from ui.widgets.period_bar import PeriodBar

PERIOD_PLACEHOLDER = "例：106H1（空白為全部）"


@dataclass(frozen=True)
class PeriodFilter:
    """Records of one report period (``Period``), or of every period (None, the box empty)."""

    key: str = "period"
    text: str = ""  # what the box holds at first


@dataclass(frozen=True)
class ChoiceFilter:
    """One value of a fixed list: ``choices`` are (value, words), the first the default
    (usually ``(None, "全部…")``)."""

    key: str
    label: str
    choices: Sequence[tuple[Any, str]]


ListFilter = PeriodFilter | ChoiceFilter


class FilterBar(QWidget):
    """Emits ``changed`` when the values to list by may have changed (a list chosen, a period
    confirmed); ``values()`` reads them."""

    changed = Signal()

    def __init__(self, filters: Sequence[ListFilter], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filters = tuple(filters)
        self.period_bar: PeriodBar | None = None
        self.period_key = ""
        self.combos: dict[str, QComboBox] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for declared in self.filters:
            if isinstance(declared, PeriodFilter):
                self.period_bar = PeriodBar(
                    declared.text, PERIOD_PLACEHOLDER, box_width=240, label_scale=1.0, button_text="查詢", optional=True
                )
                self.period_key = declared.key
                row.addWidget(self.period_bar, 0, Qt.AlignmentFlag.AlignTop)
                continue
            combo = QComboBox()
            for value, words in declared.choices:
                combo.addItem(tr(words), value)
            combo.setMinimumHeight(scaled(36))
            label = QLabel(tr(declared.label))
            label.setMinimumHeight(combo.minimumHeight())  # on the line of the period's box
            label.setAlignment(Qt.AlignmentFlag.AlignVCenter)
            label.setBuddy(combo)
            row.addSpacing(12)
            row.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(combo, 0, Qt.AlignmentFlag.AlignTop)
            self.combos[declared.key] = combo
        row.addStretch(1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        if self.period_bar is not None:
            self.period_bar.period_chosen.connect(lambda _period: self.changed.emit())
        for combo in self.combos.values():
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())

    def values(self) -> dict[str, Any] | None:
        """The query's keyword arguments; None while the period typed is bad (said under it)."""
        values: dict[str, Any] = {key: combo.currentData() for key, combo in self.combos.items()}
        if self.period_bar is not None:
            try:
                period = self.period_bar.parsed()
            except DateInputError as exc:
                self.period_bar.show_message(str(exc))
                return None
            self.period_bar.show_message("")
            self.period_bar.show_period(period)
            values[self.period_key] = period
        return values

    def set_choices(self, key: str, choices: Sequence[tuple[Any, str]]) -> None:
        """Offer ``choices`` in the list ``key`` from now on (a register's kinds kept as data).
        The value chosen stays chosen while it is offered; otherwise the first is, and the
        list is read again."""
        combo = self.combos[key]
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for value, words in choices:
            combo.addItem(tr(words), value)
        combo.setCurrentIndex(next((i for i in range(combo.count()) if combo.itemData(i) == chosen), 0))
        combo.blockSignals(False)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # a longer name is not cut
        if combo.currentData() != chosen:
            self.changed.emit()

    def set_choice(self, key: str, value: Any) -> None:
        """Choose ``value`` in the list ``key`` (as a click would: the list is read again)."""
        combo = self.combos[key]
        combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemData(i) == value))
