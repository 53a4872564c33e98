"""The one function every user-visible string goes through, so a translation can be added."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

CONTEXT = "service-ledger"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)
