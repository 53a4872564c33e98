"""How problems reach the user: expected ones as a plain message, bugs as a crash dialog."""
from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from models.db import environment_problem
from models.errors import DatabaseDamaged, LedgerError, StorageError
from ui.i18n import tr
from ui.widgets.questions import tell

EXPECTED = LedgerError  # every expected, user-facing problem; a bad date is one (a ValidationError)


def show_problem(parent: QWidget | None, exc: BaseException, title: str | None = None, then: str = "") -> None:
    """A domain or environment problem: say what happened and that nothing was saved.
    ``then``: what happens next, as its own paragraph (the program closes …)."""
    text = f"{exc}\n\n{then}" if then else str(exc)
    if isinstance(exc, DatabaseDamaged):
        # Not a bug and not a passing hiccup: the user must stop and restore a backup.
        tell(parent, title or tr("資料庫檔案已損壞"), text, QMessageBox.Icon.Critical)
        return
    if title is None:
        title = tr("資料庫無法使用") if isinstance(exc, StorageError) else tr("無法完成")
    tell(parent, title, text, QMessageBox.Icon.Warning)


def show_crash(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    sys.stderr.write(details)
    if QApplication.instance() is None:
        return
    box = QMessageBox(QMessageBox.Icon.Critical, tr("程式發生錯誤"), tr(
        "程式發生未預期的錯誤。已存入的資料不受影響；正在輸入的這一筆可能沒有存入。\n"
        "請把「詳細資料」的內容提供給系統管理人員。"
    ))
    box.setDetailedText(details)
    box.exec()


def install_crash_handler() -> None:
    """Bugs get a dialog with details instead of a silent exit (PySide swallows them otherwise)."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        problem = exc if isinstance(exc, EXPECTED) else environment_problem(exc)
        if problem is not None:
            show_problem(QApplication.activeWindow(), problem)
        else:
            show_crash(exc_type, exc, tb)

    sys.excepthook = hook
