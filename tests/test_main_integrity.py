"""The real command line for verify, backup and restore (subprocesses, as a clerk types them)."""
from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.models.test_report_texts import with_check_digits
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


# --- verify --code: has a printed report's period changed since? ---------------------------------


def printed_code(path: Path) -> str:
    """The 稽核碼 a report built now would print, worked out from the file by the rule alone."""
    with sqlite3.connect(path) as raw:
        seq, row_hash = raw.execute("SELECT seq, row_hash FROM audit_entry ORDER BY seq DESC LIMIT 1").fetchone()
    return with_check_digits(seq, f"{int(row_hash[:16], 16) % 10**10:010d}")


def change_a_test(path: Path, day: dt.date) -> None:
    """A phone-courtesy test typed by the demo's secretary (through the program's own function)."""
    from models.accounts import User
    from models.db import db
    from models.demo import DEMO_SECRETARY
    from models.registers.courtesy import record_courtesy_test
    from models.storage import open_ledger

    open_ledger(path)
    try:
        record_courtesy_test(User.get(User.name == DEMO_SECRETARY), day, "總機", 90)
    finally:
        db.obj.close()


def test_verify_with_a_code_says_the_period_is_unchanged(demo: Path) -> None:
    code = printed_code(demo)
    result = run("--db", str(demo), "verify", "--code", code, "--period", "106H1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "本期資料自報表製作後未曾變更。"
    assert lines[1].startswith(f"稽核碼 {code}：報表製作於第 ") and lines[1].endswith("期間 民國106年1月1日至6月30日。")
    assert result.stderr == ""


def test_verify_with_a_code_lists_the_period_s_changes_since(demo: Path) -> None:
    code = printed_code(demo)
    change_a_test(demo, dt.date(2017, 4, 12))  # in 106H1
    change_a_test(demo, dt.date(2017, 8, 1))  # in 106年8月: not 106H1's
    result = run("--db", str(demo), "verify", "--code", code, "--period", "106H1")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0] == "本期資料自報表製作後已有 1 筆變更：電話禮貌測試 1 筆。"
    whole_year = run("--db", str(demo), "verify", "--code", code, "--period", "106H2")  # 第2次報告: the year
    assert whole_year.stdout.splitlines()[0] == "本期資料自報表製作後已有 2 筆變更：電話禮貌測試 2 筆。"


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--code", "", "--period", "106H1"], "請輸入稽核碼（報表最後一行的數字，例如 5821-03947-72166-06）。"),
        (["--code", "abc", "--period", "106H1"], "稽核碼只有數字和「-」，「a」不是；請對照報表再輸入一次（例如 5821-03947-72166-06）。"),
        (["--code", "1234-56789-01234-00", "--period", "106H1"], "稽核碼有數字打錯了（最後兩位檢查碼不符），請對照報表再輸入一次。"),
        (["--code", with_check_digits(999_999, "0123456789"), "--period", "106H1"], "找不到稽核碼所指的第 999,999 筆稽核紀錄"),
        (["--code", "1234-56789-01234-00"], "請用 --period 指定報表的期間，例如 --period 106H1。"),
        (["--period", "106H1"], "--period 要和 --code 一起使用：請加上報表最後一行的稽核碼。"),
        (["--code", "1234-56789-01234-00", "--period", "106H3"], "「106H3」不是有效期間"),
        (["--code", "1234-56789-01234-00", "--period", "上半年"], "「上半年」無法辨識為期間"),
    ],
)
def test_verify_with_a_bad_code_or_period_says_why(demo: Path, arguments: list[str], message: str) -> None:
    before = demo.read_bytes()
    result = run("--db", str(demo), "verify", *arguments)
    assert result.returncode == 1
    assert result.stderr.startswith(message) and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert demo.read_bytes() == before
