"""The parts of the paper below the questions: the comment and, with consent, a phone."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from models.survey.forms import COMMENT_MAX_LENGTH
from ui.i18n import tr
from ui.style import scaled


class ResponseExtras(QWidget):
    returnPressed = Signal()
    backToForm = Signal()  # Esc in a field: back to answering, what was typed kept

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comment_edit = QLineEdit()
        self.comment_edit.setMaxLength(COMMENT_MAX_LENGTH)
        self.comment_edit.setPlaceholderText(tr("其他意見／建議改進事項（沒有可留空）"))
        self.consent_box = QCheckBox(tr("同意留電話"))
        self.consent_box.setToolTip(tr("民眾在問卷上寫了電話，並同意我們回電說明"))
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText(tr("聯絡電話"))
        self.phone_edit.setMaxLength(40)
        self.phone_edit.setFixedWidth(scaled(150))
        self.phone_edit.setEnabled(False)
        # One line, so the paper form above keeps its full height at 1366×768.
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(tr("意見")))
        layout.addWidget(self.comment_edit, 1)
        layout.addWidget(self.consent_box)
        layout.addWidget(self.phone_edit)
        self.button_row = QHBoxLayout()  # room for the screen's own buttons at the end of the line
        layout.addLayout(self.button_row)
        self._connect_signals()

    def _connect_signals(self) -> None:
        for field in (self.comment_edit, self.consent_box, self.phone_edit):
            field.installEventFilter(self)
        self.consent_box.toggled.connect(self.phone_edit.setEnabled)
        self.comment_edit.returnPressed.connect(self.returnPressed)
        self.phone_edit.returnPressed.connect(self.returnPressed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            self.backToForm.emit()
            return True
        return super().eventFilter(watched, event)

    def values(self) -> tuple[str, str, bool]:
        return self.comment_edit.text(), self.phone_edit.text(), self.consent_box.isChecked()

    def set_values(self, comment: str, phone: str, consent: bool) -> None:
        self.comment_edit.setText(comment)
        self.consent_box.setChecked(consent)
        self.phone_edit.setText(phone)
        self.phone_edit.setEnabled(consent)

    def clear(self) -> None:
        self.set_values("", "", False)
