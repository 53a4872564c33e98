"""The real command line for verify, backup and restore (subprocesses, as a clerk types them)."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.test_main import run


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("integrity") / "demo.db"
    assert run("demo", "--db", str(path)).returncode == 0
    return path


@pytest.fixture
def demo(demo_master: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database for each test (some tests tamper with it)."""
    path = tmp_path / "office" / "demo.db"
    path.parent.mkdir()
    with sqlite3.connect(demo_master) as source, sqlite3.connect(path) as target:
        source.backup(target)
    return path


def test_verify_says_the_trail_is_whole(demo: Path) -> None:
    result = run("--db", str(demo), "verify")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "稽核紀錄完整"
    assert result.stderr == ""


def test_verify_only_reads(demo: Path, tmp_path: Path) -> None:
    """A check never creates, migrates or changes a file: a mistyped path is refused."""
    missing = tmp_path / "typo" / "ledger.db"
    result = run("--db", str(missing), "verify")
    assert result.returncode == 2
    assert "找不到資料庫檔案" in result.stderr
    assert not missing.parent.exists()
    before = (demo.read_bytes(), demo.stat().st_mtime_ns, sorted(p.name for p in demo.parent.iterdir()))
    assert run("--db", str(demo), "verify").returncode == 0
    assert (demo.read_bytes(), demo.stat().st_mtime_ns, sorted(p.name for p in demo.parent.iterdir())) == before


def test_verify_names_every_row_that_breaks(demo: Path) -> None:
    with sqlite3.connect(demo) as raw:
        (payment,) = raw.execute("SELECT MIN(id) FROM service_event WHERE amount IS NOT NULL").fetchone()
        (amount,) = raw.execute("SELECT amount FROM service_event WHERE id = ?", (payment,)).fetchone()
        raw.execute("UPDATE service_event SET amount = amount + 100000 WHERE id = ?", (payment,))
        (audit_id,) = raw.execute(
            "SELECT MAX(id) FROM audit_entry WHERE table_name = 'service_event' AND record_id = ?", (payment,)
        ).fetchone()
        raw.execute("DELETE FROM audit_entry WHERE seq = 10")
    result = run("--db", str(demo), "verify")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("稽核紀錄有 3 處不符")
    assert lines[1].startswith("稽核紀錄少了 1 筆（第 10 筆，被刪除）")
    assert f"服務紀錄編號 {payment} 與最後一筆稽核紀錄（編號 {audit_id}）不符：amount：稽核紀錄為 {amount}，資料庫中為 {amount + 100000}。" in lines
    assert len(lines) == 4  # the record whose insert row went missing is the third
    assert "Traceback" not in result.stderr


def test_a_backup_restored_into_a_fresh_installation_gives_the_same_figures(demo: Path, tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    made = run("--db", str(demo), "backup", str(stick))
    assert made.returncode == 0, made.stderr
    (copy,) = stick.iterdir()
    assert made.stdout == f"已備份到「{copy}」，並檢查過備份檔完好。\n"
    fresh = tmp_path / "new-pc" / "data" / "service-ledger.db"
    restored = run("--db", str(fresh), "restore", str(copy), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "內容：使用者 4 筆、設定 0 筆、問卷批次 93 筆、問卷 166 筆、服務類別 9 筆、服務紀錄 1,154 筆" in restored.stdout
    assert "稽核檢查：稽核紀錄完整" in restored.stdout
    assert restored.stdout.splitlines()[-1] == "已從備份還原。"  # nothing was there to keep a copy of
    original = run("--db", str(demo), "stats", "--period", "106H1", "--json")
    again = run("--db", str(fresh), "stats", "--period", "106H1", "--json")
    assert original.returncode == again.returncode == 0
    assert again.stdout == original.stdout


def test_restore_asks_first_and_changes_nothing_without_a_yes(demo: Path, tmp_path: Path) -> None:
    backup = tmp_path / "b.db"
    shutil.copy(demo, backup)
    before = demo.read_bytes()
    result = run("--db", str(demo), "restore", str(backup))  # no terminal to answer on
    assert result.returncode == 2
    assert "要還原請加上 --yes" in result.stderr and "沒有做任何變更" in result.stderr
    assert demo.read_bytes() == before
    assert not (demo.parent / "backups").exists()


def test_restore_over_a_database_keeps_a_safety_copy(demo: Path, tmp_path: Path) -> None:
    backup = tmp_path / "b.db"
    assert run("--db", str(demo), "backup", str(backup)).returncode == 0
    result = run("--db", str(demo), "restore", str(backup), "--yes")
    assert result.returncode == 0, result.stderr
    (safety,) = (demo.parent / "backups").iterdir()
    assert result.stdout.splitlines()[-1] == f"已從備份還原。原本的資料庫已另存為「{safety}」。"


@pytest.mark.parametrize(
    "content, message",
    [(b"hello", "不是本程式的資料庫檔案"), (b"SQLite format 3\x00" + b"\x00" * 200, "已損壞")],
    ids=["not-sqlite", "damaged"],
)
def test_a_bad_backup_is_refused_in_chinese(demo: Path, tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    before = demo.read_bytes()
    result = run("--db", str(demo), "restore", str(bad), "--yes")
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert demo.read_bytes() == before


@pytest.mark.parametrize("command", [["backup", "/tmp"], ["restore", "/tmp/x.db", "--yes"]])
def test_a_server_database_points_to_pg_dump(command: list[str]) -> None:
    result = run("--db", "postgresql://postgres@127.0.0.1:1/ledger", *command)
    assert result.returncode == 2
    assert "pg_dump" in result.stderr and "pg_restore" in result.stderr


def test_backup_to_a_missing_folder_is_refused(demo: Path, tmp_path: Path) -> None:
    result = run("--db", str(demo), "backup", str(tmp_path / "no" / "such" / "x.db"))
    assert result.returncode == 2
    assert result.stderr.startswith("找不到資料夾")


def test_backup_of_a_missing_database_is_refused_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "ledger.db"
    result = run("--db", str(missing), "backup", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == f"找不到資料庫檔案「{missing}」。\n"
    assert not missing.parent.exists() and list(tmp_path.iterdir()) == []
