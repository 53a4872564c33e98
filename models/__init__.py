"""The program's data: storage, domain rules, dates, import and export parsing (never Qt).

peewee imports every database driver it can find when it is first imported; psycopg alone
costs about 115 ms and 78 modules at every start, and only a ``postgresql://`` URL needs it.
This file runs before any module of the package imports peewee, so peewee is imported here
with the PostgreSQL drivers hidden from it; ``models.db`` hands psycopg to peewee when it
opens a server database (``_hand_psycopg_to_peewee``).
"""
from __future__ import annotations

import sys


def _import_peewee_without_server_drivers() -> None:
    if "peewee" in sys.modules:
        return  # imported before the package (a caller's choice): it has whatever it found
    hidden = [name for name in ("psycopg", "psycopg2", "psycopg2cffi") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # `import psycopg` raises ImportError
    try:
        import peewee  # noqa: F401  (imported for its side effect: it is in sys.modules now)
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


_import_peewee_without_server_drivers()
