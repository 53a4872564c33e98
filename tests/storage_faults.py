"""What the storage tests do to a database file: damage it, fill its disk, make it foreign.

Every fault is made the way it happens outside a test: bytes of the file overwritten or cut
off, SQLite's own SQLITE_FULL (``max_page_count``), a folder the process may not write to.
"""
from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import peewee

from models.accounts import User
from models.service.categories import categories
from models.service.counts import record_press
from models.storage import open_ledger

ROOT = Path(__file__).resolve().parent.parent
DAMAGE_KINDS = ["truncated", "service_event page", "audit_entry page", "garbage after the header"]


def fill(path: Path, secretary_name: str = "林秘書", presses: int = 300) -> None:
    """A closed ledger file with enough events and audit rows to span many pages."""
    from models.users import create_first_secretary

    database = open_ledger(path)
    pin = "24681357"
    secretary = create_first_secretary(secretary_name, pin, pin)
    category = categories()[0]
    for _ in range(presses):
        record_press(secretary, category)
    database.close()


def grow(secretary: User, presses: int = 300) -> None:
    """Enough rows for each table to span pages, so that one of them can be damaged."""
    for _ in range(presses):
        record_press(secretary, categories()[0])


def pages_of(path: Path, table: str) -> list[int]:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno", (table,))
        return [row[0] for row in rows]
    finally:
        connection.close()


def overwrite_page(path: Path, page: int) -> None:
    size = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    garbage = random.Random(page).randbytes(size)
    with path.open("r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(garbage)


def damage(path: Path, kind: str) -> None:
    """Damage a closed file (its -wal checkpointed into it) the way disks and copies do."""
    wal = Path(str(path) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    if kind == "truncated":
        with path.open("r+b") as handle:
            handle.truncate(path.stat().st_size // 2)
    elif kind.endswith(" page"):
        # The second page of the table: a leaf no start-up query reads.
        overwrite_page(path, pages_of(path, kind.split()[0])[1])
    elif kind == "garbage after the header":
        data = path.read_bytes()
        path.write_bytes(data[:100] + random.Random(7).randbytes(len(data) - 100))
    else:
        raise AssertionError(kind)


def make_foreign(path: Path) -> None:
    """Another program's SQLite file: tables and rows, no migration history of ours."""
    connection = sqlite3.connect(path)
    connection.executescript(
        """
        CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT, phone TEXT);
        CREATE TABLE note (id INTEGER PRIMARY KEY, contact_id INTEGER, body TEXT);
        INSERT INTO contact (name, phone) VALUES ('王小明', '02-1234-5678');
        """
    )
    connection.commit()
    connection.close()


def folder_state(folder: Path) -> dict[str, tuple[str, int] | None]:
    """Every file and folder under ``folder``: content digest and mtime (None for a folder)."""
    state: dict[str, tuple[str, int] | None] = {}
    for item in sorted(folder.rglob("*")):
        key = str(item.relative_to(folder))
        if item.is_dir():
            state[key] = None
        else:
            state[key] = (hashlib.sha256(item.read_bytes()).hexdigest(), item.stat().st_mtime_ns)
    return state


def cap_file_size(database: peewee.SqliteDatabase) -> None:
    """SQLite's own "database or disk is full" from the next page it needs on: the file may
    not grow past the pages it has now, as when the disk has no room left."""
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    database.execute_sql(f"PRAGMA max_page_count = {pages}")


def as_ordinary_user() -> list[str]:
    """A command prefix under which folder permissions apply: root bypasses them, so root
    runs the child without the capabilities that override them."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def python() -> list[str]:
    return [*as_ordinary_user(), sys.executable]


def holder_of(path: Path) -> subprocess.Popen[str]:
    """Another program with the file open (its -wal and -shm exist meanwhile)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(
            f"""
            import sqlite3, sys
            con = sqlite3.connect({str(path)!r}, isolation_level=None)
            con.execute('INSERT INTO app_setting (key, value) VALUES (?, ?)', ('probe', '"x"'))
            print('open', flush=True)
            sys.stdin.readline()
            """
        )],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout.readline().strip() == "open"
    return holder
