"""Opening the ledger: connect, then migrate and seed; the safety copy; what start-up loads."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import peewee
import pytest
from playhouse.schema_diff import diff_models
from tests.storage_faults import ROOT, fill, folder_state, holder_of, python

from models.db import db
from models.errors import DatabaseNewer, NeedsMigration, SafetyCopyFailed
from models.schema import ALL_MODELS
import models.storage
from models.storage import migrations_directory, open_ledger, schema_is_current
from models.survey.questionnaire import QuestionItem
from models.users import create_first_secretary

PG_URL = os.environ.get("SERVICE_LEDGER_TEST_PG", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_migrations_build_exactly_the_models_schema(any_database: peewee.Database) -> None:
    assert not diff_models(any_database, ALL_MODELS)


def test_new_database_is_seeded_with_the_questionnaire(any_database: peewee.Database) -> None:
    codes = [item.code for item in QuestionItem.select().order_by(QuestionItem.position)]
    assert codes == list("ABCDEFGHIJK")


def test_reopening_runs_nothing_and_copies_nothing(db_path: Path) -> None:
    open_ledger(db_path).close()
    open_ledger(db_path).close()
    assert [p.name for p in db_path.parent.iterdir() if ".bak" in p.name] == []


def test_pending_migration_takes_a_copy_first(tmp_path: Path, db_path: Path) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(migrations_directory(), migrations)
    open_ledger(db_path, migrations_dir=migrations)
    create_first_secretary("林秘書", "246813", "246813")
    db.obj.close()
    (migrations / "0002_probe.py").write_text(
        textwrap.dedent(
            """
            def up(migrator, db):
                db.execute_sql('CREATE TABLE probe (id INTEGER PRIMARY KEY)')
            """
        )
    )
    open_ledger(db_path, migrations_dir=migrations).close()
    copies = [p for p in tmp_path.iterdir() if ".before-0002_probe." in p.name]
    assert len(copies) == 1
    copy = peewee.SqliteDatabase(str(copies[0]))
    assert copy.execute_sql("SELECT name FROM app_user").fetchall() == [("林秘書",)]
    assert "probe" not in copy.get_tables()
    copy.close()


def test_database_from_a_newer_program_is_refused(db_path: Path) -> None:
    database = open_ledger(db_path)
    database.execute_sql("INSERT INTO schema_migration (name, applied) VALUES ('0999_future', '2030-01-01')")
    database.close()
    before = file_digest(db_path)
    with pytest.raises(DatabaseNewer, match="較新版本"):
        open_ledger(db_path)
    assert file_digest(db_path) == before


def test_a_read_only_open_does_not_migrate(tmp_path: Path, db_path: Path) -> None:
    fill(db_path)
    connection = sqlite3.connect(db_path)
    connection.execute("DELETE FROM schema_migration WHERE name = (SELECT MAX(name) FROM schema_migration)")
    connection.commit()
    connection.close()
    before = folder_state(tmp_path)
    with pytest.raises(NeedsMigration, match="請先用本程式開啟它一次"):
        open_ledger(db_path, read_only=True)
    assert folder_state(tmp_path) == before


# --- the safety copy before a migration -------------------------------------------------------


PROBE = textwrap.dedent(
    """
    def up(migrator, db):
        db.execute_sql('CREATE TABLE probe (id INTEGER PRIMARY KEY)')
    """
)


def pending_probe(tmp_path: Path, db_path: Path) -> Path:
    migrations = tmp_path / "migrations"
    shutil.copytree(migrations_directory(), migrations)
    fill(db_path)
    (migrations / "0999_probe.py").write_text(PROBE)
    return migrations


def test_a_full_disk_stops_the_safety_copy_and_the_migration(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_path: Path
) -> None:
    migrations = pending_probe(tmp_path, db_path)

    def small_disk(path: Path) -> sqlite3.Connection:
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA max_page_count = 8")  # room for a few pages only
        return connection

    monkeypatch.setattr(models.storage, "_open_copy", small_disk)
    with pytest.raises(SafetyCopyFailed, match="磁碟空間已滿") as failed:
        open_ledger(db_path, migrations_dir=migrations)
    assert "沒有更新資料庫結構" in failed.value.message
    assert not [p.name for p in tmp_path.iterdir() if ".bak" in p.name]
    assert "probe" not in peewee.SqliteDatabase(str(db_path)).get_tables()


def test_an_unwritable_folder_stops_the_safety_copy_and_the_migration(tmp_path: Path, db_path: Path) -> None:
    migrations = pending_probe(tmp_path, db_path)
    # The program's own files exist and stay writable; only a new file cannot be made there.
    holder = holder_of(db_path)
    try:
        tmp_path.chmod(0o555)
        try:
            result = subprocess.run(
                [*python(), "-c", textwrap.dedent(
                    f"""
                    import sys
                    from pathlib import Path
                    from models.storage import open_ledger
                    from models.errors import LedgerError
                    try:
                        open_ledger({str(db_path)!r}, migrations_dir=Path({str(migrations)!r}))
                    except LedgerError as exc:
                        print(exc)
                        sys.exit(2)
                    """
                )],
                cwd=ROOT, capture_output=True, text=True, timeout=60,
            )
        finally:
            tmp_path.chmod(0o755)
    finally:
        holder.communicate("done\n", timeout=10)
    assert result.returncode == 2, result.stderr
    assert "無法寫入" in result.stdout and "沒有更新資料庫結構" in result.stdout
    assert result.stderr == ""
    assert not [p.name for p in tmp_path.iterdir() if ".bak" in p.name]
    assert "probe" not in peewee.SqliteDatabase(str(db_path)).get_tables()


# --- the cheap check: is the schema current? -------------------------------------------------


def applied_names(path: Path) -> list[str]:
    with sqlite3.connect(path) as raw:
        return sorted(row[0] for row in raw.execute("SELECT name FROM schema_migration"))


def test_a_current_ledger_is_known_by_its_migration_names(database: peewee.Database, db_path: Path) -> None:
    assert applied_names(db_path) == [
        "0001_initial", "0002_service_counts", "0003_settings_table", "0004_pin_attempts", "0005_audit_chain",
        "0006_petitions",
        "0007_survey_followups",
        "0008_courtesy_training", "0009_events",
        "0010_monthly_figures",
        "0011_report_texts",
    ]
    assert schema_is_current(database, migrations_directory())


@pytest.mark.parametrize(
    "change",
    [
        "DELETE FROM schema_migration WHERE name = '0005_audit_chain'",  # one pending
        "INSERT INTO schema_migration (name, applied) VALUES ('0999_future', '2030-01-01')",  # one unknown
        "DROP TABLE schema_migration",  # no history at all
    ],
    ids=["pending", "newer", "no-history"],
)
def test_anything_but_exactly_the_scripts_is_not_current(database: peewee.Database, change: str) -> None:
    database.execute_sql(change)
    assert not schema_is_current(database, migrations_directory())


def test_a_new_script_makes_a_current_ledger_pending(database: peewee.Database, tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(migrations_directory(), migrations)
    assert schema_is_current(database, migrations)
    (migrations / "0999_probe.py").write_text(PROBE)
    assert not schema_is_current(database, migrations)


# --- what opening a ledger loads ---------------------------------------------------------------

# Run in a fresh interpreter, as the program starts: open the ledger (the window's way: ui.app
# first, the main window's modules after), write and read one row, say which modules it took.
START = textwrap.dedent(
    """
    import json, sys
    from ui.app import open_for_window
    database = open_for_window(sys.argv[1])
    import ui.main_window
    from models.accounts import User
    from models.users import create_first_secretary
    if not User.select().exists():
        create_first_secretary("林秘書", "246813", "246813")
    print(json.dumps({
        "users": [user.name for user in User.select()],
        "loaded": sorted(name for name in sys.modules if name.split(".")[0] in ("psycopg", "playhouse")),
    }))
    """
)


def start(target: str | Path) -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", START, str(target)], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def driver_modules(loaded: list[str]) -> list[str]:
    return [name for name in loaded if name == "psycopg" or name.startswith("psycopg.")]


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_server_driver_is_loaded_only_for_a_server(request: pytest.FixtureRequest, db_path: Path, backend: str) -> None:
    """An SQLite start loads neither psycopg nor the migration runner; a server's start gets
    psycopg handed to peewee (imported without it) and works through it."""
    if backend == "sqlite":
        fill(db_path)
        target: str | Path = db_path
    else:
        target = request.getfixturevalue("postgres_url")
        open_ledger(target).close()  # the schema in place: the start below finds it current
    found = start(target)
    assert found["users"] == ["林秘書"]
    assert "playhouse.migrations" not in found["loaded"]
    if backend == "sqlite":
        assert driver_modules(found["loaded"]) == [], found["loaded"]
    else:
        assert "psycopg" in found["loaded"]


def test_the_start_probe_sees_the_runner_when_a_migration_is_pending(db_path: Path) -> None:
    """The same probe on a ledger one migration behind: the runner is loaded (and with it
    psycopg, which playhouse's migrator imports), so the test above would see them."""
    fill(db_path)
    with sqlite3.connect(db_path) as raw:
        raw.execute("DELETE FROM schema_migration WHERE name = '0004_pin_attempts'")
        for column in ("pin_failures", "pin_failed_at", "pin_failures_since_login"):
            raw.execute(f"ALTER TABLE app_user DROP COLUMN {column}")
    found = start(db_path)
    assert found["users"] == ["林秘書"]
    assert "playhouse.migrations" in found["loaded"] and driver_modules(found["loaded"]) != []
    assert "0004_pin_attempts" in applied_names(db_path)
