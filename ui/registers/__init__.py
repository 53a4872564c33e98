"""The secretary's registers (登記簿, F11): one screen, a tab per register.

Each register declares its tab in its own module (``ui/registers/<name>.py``, see
``ui.registers.book``); this package declares the screen and the line above the secretary's
screens where the registers say what is waiting (overdue petitions …).
"""
from __future__ import annotations

from PySide6.QtCore import QObject

from models.accounts import Role
from ui.features import PartDeclaration, Screen, WindowPart, lazy_screen, register_part, register_screen


def _notices(window: QObject) -> WindowPart:
    from ui.registers.book import RegisterNotices  # the registers' modules load with the window's parts

    return RegisterNotices(window)


register_screen(Screen(
    "registers", "登記簿", frozenset({Role.SECRETARY}), 11, lazy_screen("ui.registers.book", "RegisterBook", takes_context=True),
))
register_part(PartDeclaration("register_notices", _notices))
