"""A fault of the Qt binding, worked around in one place before any Qt call.

PySide6 6.12.0 on Python 3.11 returns None from methods without a result (setText,
setEnabled, processEvents …) and passes True through Signal.emit without the reference it
owes: every such call takes one reference away from None or True. When a count reaches
zero CPython aborts ("Fatal Python error: none_dealloc" or "bool_dealloc") — in this
program after about a thousand presses of 計算 on the statistics screen, or an afternoon at
the counter. Python 3.12 made these objects immortal, so there nothing is lost.

Here None, True and False are made as good as immortal the same way: their reference
counts are raised by 2**40 once, so the stolen references can never bring them to zero.
These objects are never freed anyway, so this is harmless where the binding is sound.
"""
from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 40  # a million stolen references a second would take 35 years
_SINGLETONS = (None, True, False)


def keep_singletons_alive() -> None:
    """Raise the reference counts of None, True and False by HEADROOM, once per process."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return  # immortal objects: their counts are never looked at
    for obj in _SINGLETONS:
        count = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt, the object's first field
        # getrefcount counts its own argument; a mismatch would mean another object layout.
        if count.value == sys.getrefcount(obj) - 1 and count.value < HEADROOM:
            count.value += HEADROOM
