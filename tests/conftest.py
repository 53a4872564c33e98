"""Shared test set-up: headless Qt before any QApplication exists, and fresh databases.

Storage tests take ``any_database``: SQLite always, and PostgreSQL too when
SERVICE_LEDGER_TEST_PG holds a server URL (``.ci/run`` starts one on loopback).
"""
from __future__ import annotations

import datetime as dt
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The program's per-PC preferences (QSettings) go to a throwaway folder, never the tester's own.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="service-ledger-test-config-")

from ui.qt_binding import keep_singletons_alive  # noqa: E402

keep_singletons_alive()  # before pytest-qt's QApplication, as create_application() does

# models/ before peewee: the package imports peewee without the PostgreSQL driver, as the
# program does, so the PostgreSQL tests reach the server through models.db handing it over.
from models.db import db  # noqa: E402
from models.storage import open_ledger  # noqa: E402

import peewee  # noqa: E402
import pytest  # noqa: E402

from models.accounts import Role, User  # noqa: E402
from models.users import create_first_secretary, create_user  # noqa: E402

PG_URL = os.environ.get("SERVICE_LEDGER_TEST_PG", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
SECRETARY_PIN = "246813"
DATA = Path(__file__).parent / "data"


def pytest_report_header() -> str:
    # Said at the top of every run, so a run without the server is never mistaken for one with it.
    return f"PostgreSQL storage tests: {'on, ' + PG_URL if PG_URL else 'off (set SERVICE_LEDGER_TEST_PG to run them)'}"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.db"


@pytest.fixture
def database(db_path: Path) -> Iterator[peewee.Database]:
    """A fresh SQLite database, schema and seed in place."""
    database = open_ledger(db_path)
    yield database
    database.close()


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A new PostgreSQL database's URL, dropped afterwards (also for a module's shared one)."""
    import psycopg

    name = f"sl_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield PG_URL.rsplit("/", 1)[0] + "/" + name
    if not db.obj.is_closed():
        db.obj.close()
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL database, dropped afterwards."""
    with throwaway_postgres() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def any_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[peewee.Database]:
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
        database = open_ledger(url)
    else:
        database = open_ledger(tmp_path / "ledger.db")
    yield database
    database.close()


@pytest.fixture
def secretary(database: peewee.Database) -> User:
    return create_first_secretary("林秘書", SECRETARY_PIN, SECRETARY_PIN)


@pytest.fixture
def volunteer(secretary: User) -> User:
    return create_user(secretary, "陳志工", Role.VOLUNTEER)


@pytest.fixture
def today() -> dt.date:
    return dt.date.today()
