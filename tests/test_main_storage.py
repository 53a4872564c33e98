"""The command line against missing, damaged, foreign and old files, and bad database URLs:
a Chinese message, exit status 2, no traceback, and no file created or changed."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from tests.storage_faults import DAMAGE_KINDS, damage, fill, folder_state, make_foreign

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def assert_refused(result: subprocess.CompletedProcess[str], text: str) -> None:
    assert result.returncode == 2, result.stderr
    assert text in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    # Chinese only: no word of the driver's English (a path or URL the user typed aside).
    words = [w for w in result.stderr.replace("python3 run.py restore", "").split() if w.isascii() and w.isalpha()]
    assert words == [], result.stderr


def test_stats_on_a_missing_path_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "typo" / "folder" / "ledger.db"
    result = run("--db", str(target), "stats", "--period", "106H1")
    assert_refused(result, "找不到資料庫檔案")
    assert list(tmp_path.iterdir()) == []


def test_stats_changes_nothing_in_a_good_file(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    fill(path)
    before = folder_state(tmp_path)
    result = run("--db", str(path), "stats", "--period", "106H1", "--json")
    assert result.returncode == 0, result.stderr
    assert folder_state(tmp_path) == before  # bytes, mtime, and no -wal, -shm or folder left


@pytest.mark.parametrize("kind", DAMAGE_KINDS)
@pytest.mark.parametrize("command", [("stats", "--period", "106H1"), ("demo",)])
def test_a_damaged_file_is_named_with_what_to_do(tmp_path: Path, kind: str, command: tuple[str, ...]) -> None:
    path = tmp_path / "ledger.db"
    fill(path)
    damage(path, kind)
    before = folder_state(tmp_path)
    name, *options = command
    result = run(name, "--db", str(path), *options) if name == "demo" else run("--db", str(path), name, *options)
    assert_refused(result, "已經損壞")
    assert "python3 run.py restore" in result.stderr and "備份" in result.stderr
    assert folder_state(tmp_path) == before


@pytest.mark.parametrize("command", ["stats", "demo"])
def test_another_programs_file_is_refused_unchanged(tmp_path: Path, command: str) -> None:
    path = tmp_path / "contacts.db"
    make_foreign(path)
    before = folder_state(tmp_path)
    if command == "demo":
        result = run("demo", "--db", str(path))
    else:
        result = run("--db", str(path), "stats", "--period", "106H1")
    assert_refused(result, "另一個程式的資料庫")
    assert folder_state(tmp_path) == before


def test_stats_does_not_migrate_an_older_file(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    fill(path)
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM schema_migration WHERE name = (SELECT MAX(name) FROM schema_migration)")
    connection.commit()
    connection.close()
    before = folder_state(tmp_path)
    result = run("--db", str(path), "stats", "--period", "106H1")
    assert_refused(result, "請先用本程式開啟它一次")
    assert folder_state(tmp_path) == before


@pytest.mark.parametrize(
    "url, text",
    [
        ("postgresql://", "少了伺服器的位址"),
        ("postgresql://127.0.0.1", "少了資料庫名稱"),
        ("postgresql://u@127.0.0.1:99999/ledger", "連接埠"),
        ("mysql://u@127.0.0.1/ledger", "不支援"),
        ("postgresql://u:secret@127.0.0.1:9/ledger", "無法連線到資料庫伺服器"),
    ],
)
def test_a_bad_database_url_gets_a_chinese_message(url: str, text: str) -> None:
    result = run("--db", url, "stats", "--period", "106H1")
    assert result.returncode == 2, result.stderr
    assert text in result.stderr and "Traceback" not in result.stderr
    assert "secret" not in result.stderr
