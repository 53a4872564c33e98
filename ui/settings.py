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


DAILY_CHECK = "checks/daily"  # per database: {"target": …, "day": ISO date, "ok": bool, "text": …}


def daily_check(target: str) -> dict[str, object] | None:
    """The last daily audit check of the database ``target`` on this PC, if any."""
    import json

    text = _settings().value(f"{DAILY_CHECK}/{_key(target)}", "", type=str)
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def set_daily_check(target: str, value: dict[str, object]) -> None:
    import json

    _settings().setValue(f"{DAILY_CHECK}/{_key(target)}", json.dumps(value, ensure_ascii=False))


def _key(target: str) -> str:
    import hashlib

    return hashlib.sha256(target.encode()).hexdigest()[:16]  # a path or URL is no QSettings key
