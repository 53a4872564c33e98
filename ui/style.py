"""Fonts and the few colours the desk uses, in one place."""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

# Traditional Chinese faces in order of preference: Windows, then Debian/other Linux.
CJK_FAMILIES = (
    "Microsoft JhengHei",
    "Microsoft JhengHei UI",
    "PMingLiU",
    "Noto Sans CJK TC",
    "AR PL UMing TW",
    "TW-Sung",
    "TW-Kai",
)

OK_BACKGROUND = "#1b7f3b"
OK_FADED = "#d8f0de"
ERROR_TEXT = "#b00020"
ERROR_BACKGROUND = "#b00020"
INFO_BACKGROUND = "#5f6b7a"
CURRENT_ROW = "#fff3b0"


def apply_app_font(app: QApplication, point_size: int) -> None:
    available = set(QFontDatabase.families())
    family = next((f for f in CJK_FAMILIES if f in available), app.font().family())
    font = QFont(family, point_size)
    app.setFont(font)


def heading_font(base: QFont, scale: float = 1.5) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * scale)
    font.setBold(True)
    return font
