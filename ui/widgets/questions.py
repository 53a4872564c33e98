"""The program's questions and notices: its own words on the buttons, 否 unless told.

Qt's standard buttons read 「是(&Y)」「否(&N)」 with the Chinese translation loaded, and its
static ``QMessageBox.question`` defaults to 是 — the wrong answer to a question such as
「從備份還原？」 pressed by Enter. Every question and notice goes through here instead.
"""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

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
    return box.exec() == QMessageBox.StandardButton.Yes


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
    notice_box(parent, title, text, icon).exec()
