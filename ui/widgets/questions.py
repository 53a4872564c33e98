"""The program's questions and notices: its own words on the buttons, 否 unless told.

Qt's standard buttons read 「是(&Y)」「否(&N)」 with the Chinese translation loaded, and its
static ``QMessageBox.question`` defaults to 是 — the wrong answer to a question such as
「從備份還原？」 pressed by Enter. Every question and notice goes through here instead.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from shiboken6 import isValid

from ui.i18n import tr


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    yes: str = "是",
    no: str = "否",
    default_yes: bool = False,
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
) -> bool:
    """True when the answer is ``yes``; Enter gives 否 unless ``default_yes``, Esc always 否."""
    box = question_box(parent, title, text, yes=yes, no=no, default_yes=default_yes, icon=icon)
    return answered(box) == QMessageBox.StandardButton.Yes


def answered(box: QMessageBox) -> int:
    """The box's answer; then the keyboard goes back to where it was — or, when that was a
    cell's editor that closed meanwhile, to the nearest widget around it that takes keys (the
    grid) — so typing goes on where it stopped. After the events of the answer have run: a
    closing editor would otherwise take the focus with it."""
    around: list[QWidget] = []
    widget = QApplication.focusWidget()
    while widget is not None:
        around.append(widget)
        widget = widget.parentWidget()
    answer = box.exec()
    QTimer.singleShot(0, lambda: _give_keys(around))
    return answer


def _give_keys(around: list[QWidget]) -> None:
    for widget in around:
        if isValid(widget) and _takes_keys(widget):
            widget.activateWindow()
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return


def _takes_keys(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled() and widget.focusPolicy() != Qt.FocusPolicy.NoFocus


def question_box(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    yes: str = "是",
    no: str = "否",
    default_yes: bool = False,
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
) -> QMessageBox:
    """The box ``ask`` shows, built but not shown (tests look at it)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(tr(yes))
    box.button(QMessageBox.StandardButton.No).setText(tr(no))
    box.setDefaultButton(QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    return box


def notice_box(
    parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information
) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText(tr("確定"))
    return box


def tell(parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
    """A notice with one button, 確定."""
    answered(notice_box(parent, title, text, icon))
