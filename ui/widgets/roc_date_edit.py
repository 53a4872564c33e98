"""ROC (民國) date input for keyboard-first volunteers.

QDateEdit's section-by-section spinning is hard to use for people who type
``1060125`` from a paper form, and it cannot show 民國 years.  This widget is
a plain line edit that accepts every form :func:`models.rocdate.parse_date`
knows, shows the reason in words under the field when the input is wrong,
and lets the arrow keys step the date.
"""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from models.rocdate import (
    MAX_DATE,
    MIN_DATE,
    DateInputError,
    add_months,
    format_roc,
    parse_date,
)

__all__ = ["RocDateEdit"]

_PLACEHOLDER = "例：106/01/25"
_TOOLTIP = (
    "可輸入 106/01/25、1060125、106年1月25日 或 2017-01-25。\n"
    "↑／↓：前一天／後一天；PageUp／PageDown：前一個月／後一個月。"
)
_ERROR_STYLE = "color: #b71c1c;"  # dark red: readable on light backgrounds

# Down / PageDown move forward in time, like moving down a calendar page.
_DAY_STEPS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}
_MONTH_STEPS = {Qt.Key.Key_PageUp: -1, Qt.Key.Key_PageDown: 1}
_PLAIN_MODIFIERS = (
    Qt.KeyboardModifier.NoModifier,
    Qt.KeyboardModifier.KeypadModifier,
)


class RocDateEdit(QWidget):
    """Line edit for ROC dates with an inline Traditional Chinese error message."""

    #: Emitted with the new valid :class:`datetime.date` when the user commits
    #: a changed date (Enter / leaving the field) or steps it with the keys.
    dateChanged = Signal(object)
    #: Emitted with the message ('' when fixed), for screens that show errors elsewhere.
    errorChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, label: str = "", inline_errors: bool = True) -> None:
        super().__init__(parent)
        self._committed: date | None = None
        self._error = ""
        self._inline_errors = inline_errors

        self._edit = QLineEdit(self)
        self._edit.setPlaceholderText(_PLACEHOLDER)
        self._edit.setToolTip(_TOOLTIP)
        if label:
            self._edit.setAccessibleName(label)

        self._error_label = QLabel(self)
        self._error_label.setWordWrap(True)
        self._error_label.setStyleSheet(_ERROR_STYLE)
        self._error_label.setAccessibleName("日期錯誤訊息")
        self._error_label.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._edit)
        layout.addWidget(self._error_label)

        # Focusing the widget (tab order, QLabel buddies) lands in the text box.
        self.setFocusProxy(self._edit)
        self._edit.installEventFilter(self)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._edit.editingFinished.connect(self._on_editing_finished)

    # ------------------------------------------------------------------ API

    def date(self) -> date | None:
        """The date in the field now, or None when it is empty or not a valid date.

        Parses the current text rather than trusting the last commit, so a
        form saved by shortcut before the field lost focus still reads what
        is on screen.
        """
        text = self._edit.text()
        if not text.strip():
            return None
        try:
            return parse_date(text)
        except DateInputError:
            return None

    def required_date(self) -> date:
        """The date in the field, or DateInputError (also shown under the field) saying why not."""
        try:
            d = parse_date(self._edit.text())
        except DateInputError as exc:
            self._set_error(str(exc))
            raise
        self._set_error("")
        return d

    def setDate(self, d: date | None) -> None:
        """Show ``d`` as ``106/01/25`` (or clear the field); does not emit dateChanged."""
        self._committed = d
        self._edit.setText("" if d is None else format_roc(d))
        self._set_error("")

    def error(self) -> str:
        """The message shown under the field, '' when the input is fine."""
        return self._error

    def lineEdit(self) -> QLineEdit:
        """The text box, for tab order, buddies and tests."""
        return self._edit

    def errorLabel(self) -> QLabel:
        """The label that shows the error message."""
        return self._error_label

    # ------------------------------------------------------------ internals

    def _set_error(self, message: str) -> None:
        self._error = message
        self._error_label.setText(message)
        self._error_label.setVisible(bool(message) and self._inline_errors)
        self._edit.setAccessibleDescription(message)
        self.errorChanged.emit(message)

    def _commit(self, d: date | None) -> None:
        """Record ``d`` as the field's value; emit when it is a new valid date."""
        changed = d != self._committed
        self._committed = d
        if changed and d is not None:
            self.dateChanged.emit(d)

    def _on_editing_finished(self) -> None:
        text = self._edit.text()
        if not text.strip():
            # An empty field is "no date", not an error; callers that require
            # a date check date() is not None.
            self._edit.clear()
            self._set_error("")
            self._commit(None)
            return
        try:
            d = parse_date(text)
        except DateInputError as exc:
            self._set_error(str(exc))
            self._commit(None)
            return
        self._edit.setText(format_roc(d))
        self._set_error("")
        self._commit(d)

    def _step(self, days: int = 0, months: int = 0) -> None:
        """Move the date by the key's step; an empty field starts from today."""
        text = self._edit.text()
        if not text.strip():
            new = date.today()
        else:
            try:
                current = parse_date(text)
            except DateInputError as exc:
                # Keep what the user typed; just say what is wrong with it.
                self._set_error(str(exc))
                self._commit(None)
                return
            try:
                new = add_months(current, months) if months else current + timedelta(days=days)
            except (DateInputError, OverflowError):
                return
        if not MIN_DATE <= new <= MAX_DATE:
            return
        self._edit.setText(format_roc(new))
        self._set_error("")
        self._commit(new)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow / Page keys on the text box step the date instead of moving the cursor."""
        if (
            watched is self._edit
            and isinstance(event, QKeyEvent)
            and event.modifiers() in _PLAIN_MODIFIERS
            and (event.key() in _DAY_STEPS or event.key() in _MONTH_STEPS)
        ):
            if event.type() == QEvent.Type.ShortcutOverride:
                # Keep window shortcuts on these keys from stealing them here.
                event.accept()
                return True
            if event.type() != QEvent.Type.KeyPress:
                return super().eventFilter(watched, event)
            key = event.key()
            if key in _DAY_STEPS:
                self._step(days=_DAY_STEPS[key])
                return True
            if key in _MONTH_STEPS:
                self._step(months=_MONTH_STEPS[key])
                return True
        return super().eventFilter(watched, event)
