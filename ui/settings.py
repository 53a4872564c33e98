"""Every QSettings key of the desk application, read with a type (per-PC preferences only;
anything that changes a figure lives in the database)."""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "service-ledger"
APPLICATION = "service-ledger"

WINDOW_GEOMETRY = "window/geometry"
FONT_POINT_SIZE = "appearance/font_point_size"
DEFAULT_FONT_POINT_SIZE = 13


def _settings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


def window_geometry() -> QByteArray | None:
    value = _settings().value(WINDOW_GEOMETRY, None, type=QByteArray)
    return value if value else None


def set_window_geometry(value: QByteArray) -> None:
    _settings().setValue(WINDOW_GEOMETRY, value)


def font_point_size() -> int:
    return int(_settings().value(FONT_POINT_SIZE, DEFAULT_FONT_POINT_SIZE, type=int))
