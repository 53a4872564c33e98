"""Fonts and the few colours the desk uses, in one place; the print size, normal or large."""
from __future__ import annotations

import math

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
CURRENT_ROW_BORDER = "#8a6d00"
# The widget the keys go to wears a thick dark ring; one without them a grey line as wide, so
# nothing moves when the focus does.
FOCUS_RING = "#0d3473"
NO_FOCUS_RING = "#c4c4c4"


# Large print (each user's choice, models.settings.large_print): every font and every size the
# screens derive from it at least this much larger. Screens are built for the print in force, so
# a change of print rebuilds them (ui.main_window); a pixel size is written ``scaled(92)``.
LARGE_PRINT_SCALE = 1.35
_NORMAL_SIZE, _LARGE = "normalPointSize", "largePrint"  # the application's properties


def apply_app_font(app: QApplication, point_size: int) -> None:
    """The program's face at ``point_size``: its normal print."""
    available = set(QFontDatabase.families())
    family = next((f for f in CJK_FAMILIES if f in available), app.font().family())
    font = QFont(family, point_size)
    app.setProperty(_NORMAL_SIZE, point_size)
    app.setProperty(_LARGE, False)
    app.setFont(font)


def normal_point_size(app: QApplication) -> int:
    size = app.property(_NORMAL_SIZE)
    return int(size) if size else max(app.font().pointSize(), 1)


def set_large_print(app: QApplication, on: bool) -> None:
    """The application's font in large print, or back to normal; widgets built afterwards
    follow it (built ones keep the sizes they derived: rebuild them)."""
    if on == is_large_print(app):
        return
    normal = normal_point_size(app)
    app.setProperty(_NORMAL_SIZE, normal)
    font = QFont(app.font())
    font.setPointSize(math.ceil(normal * LARGE_PRINT_SCALE) if on else normal)
    app.setProperty(_LARGE, on)
    app.setFont(font)
    # Qt posts the change to the widgets: delivered now, the screens built next take the new
    # print from their parents at once (a moment in the old print had grown the window off the screen).
    QApplication.sendPostedEvents()


def is_large_print(app: QApplication | None = None) -> bool:
    app = app or QApplication.instance()
    return bool(app is not None and app.property(_LARGE))


def print_scale() -> float:
    """How much larger than normal the print is now (1 in normal print)."""
    app = QApplication.instance()
    if not is_large_print(app):
        return 1.0
    return app.font().pointSizeF() / normal_point_size(app)


def scaled(pixels: int) -> int:
    """A size in pixels chosen for normal print, for the print in force."""
    return round(pixels * print_scale())


def heading_font(base: QFont, scale: float = 1.5) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * scale)
    font.setBold(True)
    return font
