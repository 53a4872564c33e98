"""backup and restore on the real command line when the database itself is the problem:
damaged, or on a medium that may only be read."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from tests.storage_faults import DAMAGE_KINDS, ROOT, as_ordinary_user, damage, fill

from tests.test_main import run


@pytest.fixture(scope="module")
def master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backup-cli") / "ledger.db"
    fill(path)
    return path


@pytest.fixture
def live(master: Path, tmp_path: Path) -> Path:
    path = tmp_path / "office" / "ledger.db"
    path.parent.mkdir()
    path.write_bytes(master.read_bytes())
    return path


def events(path: Path) -> int:
    check = sqlite3.connect(path)
    try:
        return check.execute("SELECT COUNT(*) FROM service_event").fetchone()[0]
    finally:
        check.close()


@pytest.mark.parametrize("kind", DAMAGE_KINDS)
def test_a_damaged_database_is_restored_from_a_good_backup(live: Path, tmp_path: Path, kind: str) -> None:
    good = tmp_path / "good.db"
    assert run("--db", str(live), "backup", str(good)).returncode == 0
    raw = sqlite3.connect(live)
    with raw:
        raw.execute("DELETE FROM service_event WHERE id > 100")  # differs from the backup now
    raw.close()  # the last connection folds its -wal into the file
    damage(live, kind)
    damaged_bytes = live.read_bytes()
    result = run("--db", str(live), "restore", str(good), "--yes")
    assert result.returncode == 0, result.stderr
    (safety,) = (live.parent / "backups").iterdir()
    assert safety.name.startswith("ledger.before-restore.") and safety.read_bytes() == damaged_bytes
    assert result.stdout.splitlines()[-1] == f"已從備份還原。原本的資料庫已另存為「{safety}」。"
    assert events(live) == events(good) == 300
    assert run("--db", str(live), "verify").returncode == 0


@pytest.mark.parametrize("kind", DAMAGE_KINDS)
def test_backing_up_a_damaged_database_says_the_database_is_damaged(live: Path, tmp_path: Path, kind: str) -> None:
    damage(live, kind)
    stick = tmp_path / "usb"
    stick.mkdir()
    result = run("--db", str(live), "backup", str(stick))
    assert result.returncode == 2
    assert result.stderr.startswith(f"資料庫檔案「{live}」已經損壞")
    assert "Traceback" not in result.stderr and "複製後檢查不通過" not in result.stderr
    assert list(stick.iterdir()) == []


def test_a_database_on_a_read_only_medium_is_copied(live: Path, tmp_path: Path) -> None:
    """The source is opened for reading only: a write-protected stick or a share mounted
    read-only can be backed up."""
    stick = tmp_path / "copies"
    stick.mkdir()
    live.chmod(0o444)
    live.parent.chmod(0o555)
    try:
        result = subprocess.run(
            [*as_ordinary_user(), sys.executable, "main.py", "--db", str(live), "backup", str(stick)],
            cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
    finally:
        live.parent.chmod(0o755)
        live.chmod(0o644)
    assert result.returncode == 0, result.stderr
    (copy,) = stick.iterdir()
    assert events(copy) == 300
    assert sorted(p.name for p in live.parent.iterdir()) == ["ledger.db"]
