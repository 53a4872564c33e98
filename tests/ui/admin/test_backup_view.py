"""備份與稽核 and the daily check: the secretary sees the result; copies and restores work.

The checks, copies and restores are ops: a test that reads their result after a click waits
for the op first (``done``)."""
from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from models.accounts import Role, User
from models.backup import backups_folder, daily_name
from models.db import db
from models.service.categories import categories
from models.service.counts import ServiceEvent, record_payment, record_press
from models.settings import BACKUPS_KEPT, get_setting
from models.users import create_user
from tests.ui.op_gate import RELEASE_S
from ui.admin.backup_view import BackupView, CheckLine, DailyCheck, DailyOutcome, DailyWork
from ui.main_window import MainWindow
from ui.ops import op_runner
from ui.widgets.progress import ProgressPanel


def done() -> None:
    """Until every op the screen ran has finished and its result is shown."""
    assert op_runner().wait_idle(RELEASE_S)


def make_view(qtbot: QtBot, user: User) -> BackupView:
    view = BackupView(user)
    qtbot.addWidget(view)
    view.show()
    return view


def daily(window: MainWindow) -> DailyCheck:
    """The window's daily backup and check (what the window started)."""
    check = window.part(DailyCheck)
    assert check is not None
    return check


def check_line(window: MainWindow) -> CheckLine | None:
    """The line above the logged-in user's screens, if they have one."""
    assert window.workspace is not None
    return window.workspace.findChild(CheckLine)


def started_window(qtbot: QtBot) -> MainWindow:
    window = MainWindow(daily_work=True)
    qtbot.addWidget(window)
    window.show()
    if daily(window).work.isRunning():
        qtbot.waitUntil(lambda: daily(window).outcome is not None, timeout=20000)
    return window


def test_first_start_of_the_day_backs_up_and_checks_and_the_secretary_sees_it(
    qtbot: QtBot, secretary: User, db_path: Path
) -> None:
    window = started_window(qtbot)
    assert (backups_folder(db_path) / daily_name(db_path, dt.date.today())).exists()
    window.log_in(secretary)
    line = check_line(window)
    assert line.isVisible()
    assert line.text().startswith("今日稽核檢查：稽核紀錄完整（")
    assert "今天的自動備份已完成" in line.text()
    # a second start the same day reads the stored result and checks nothing again
    again = MainWindow(daily_work=True)
    qtbot.addWidget(again)
    assert not daily(again).work.isRunning() and daily(again).outcome.ok


def test_the_daily_check_shows_tampering_in_red(qtbot: QtBot, secretary: User, database: peewee.Database) -> None:
    duty = create_user(secretary, "王輪值", Role.DUTY)
    payment = record_payment(duty, 1500)
    database.execute_sql("UPDATE service_event SET amount = amount + 100000 WHERE id = ?", (payment.id,))
    window = started_window(qtbot)
    window.log_in(secretary)
    line = check_line(window)
    assert line.text().startswith("今日稽核檢查：稽核紀錄有 1 處不符：資料可能在程式以外被改過，或檔案已損壞，詳見「備份 F10」。")
    assert "font-weight: bold" in line.styleSheet()
    view = window.workspace.screen_widget("backup")
    assert f"服務紀錄編號 {payment.id} 與最後一筆稽核紀錄" in view.report.toPlainText()


def test_other_roles_see_no_check_line(qtbot: QtBot, volunteer: User) -> None:
    window = started_window(qtbot)
    window.log_in(volunteer)
    assert check_line(window) is None
    assert "backup" not in [s.key for s in window.workspace.screens]


def test_backup_screen_is_f10(qtbot: QtBot, secretary: User) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.log_in(secretary)
    keys = [screen.key for screen in window.workspace.screens]
    shortcut = window.workspace.shortcuts[keys.index("backup")]
    assert shortcut.key().toString() == "F10"
    assert window.workspace.buttons.button(keys.index("backup")).text() == "備份\nF10"
    shortcut.activated.emit()
    assert window.workspace.stack.currentWidget() is window.workspace.screen_widget("backup")


def test_check_now_shows_every_finding(qtbot: QtBot, secretary: User, database: peewee.Database) -> None:
    view = make_view(qtbot, secretary)
    qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
    assert not view.check_button.isEnabled() and view.banner.text() == "正在檢查稽核紀錄…"
    done()
    assert view.check_button.isEnabled()
    assert view.report.toPlainText().splitlines()[0] == "稽核紀錄完整"
    press = record_press(secretary, categories()[0])
    database.execute_sql("DELETE FROM audit_entry WHERE record_id = ? AND table_name = 'service_event'", (press.id,))
    qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
    done()
    assert f"服務紀錄編號 {press.id} 沒有稽核紀錄" in view.report.toPlainText()
    assert "稽核檢查發現問題" in view.banner.text()


def test_copy_to_a_stick(qtbot: QtBot, secretary: User, tmp_path: Path) -> None:
    view = make_view(qtbot, secretary)
    stick = tmp_path / "usb"
    stick.mkdir()
    made = view.copy_into(stick)
    assert made is not None and made.parent == stick
    assert "已備份到" in view.banner.text()
    assert view.copy_into(tmp_path / "unplugged" / "x.db") is None
    assert view.message.text().startswith("找不到資料夾")
    assert list(stick.iterdir()) == [made]


@pytest.mark.parametrize(
    "text, message",
    [
        ("0", "保留的備份份數請輸入 1 到 365 的整數。"),
        ("abc", "保留的備份份數請輸入 1 到 365 的整數。"),
        ("400", "保留的備份份數請輸入 1 到 365 的整數。"),
        ("٣", "保留的備份份數裡的「٣」不是 0–9 的數字"),
    ],
)
def test_bad_number_kept_is_refused_beside_the_field(qtbot: QtBot, secretary: User, text: str, message: str) -> None:
    view = make_view(qtbot, secretary)
    view.kept_edit.setText(text)
    qtbot.keyClick(view.kept_edit, Qt.Key.Key_Return)
    assert view.kept_message.text().startswith(message)
    assert get_setting(BACKUPS_KEPT) == 30


def test_number_kept_is_saved(qtbot: QtBot, secretary: User) -> None:
    view = make_view(qtbot, secretary)
    view.kept_edit.setText("14")
    qtbot.mouseClick(view.kept_button, Qt.MouseButton.LeftButton)
    assert get_setting(BACKUPS_KEPT) == 14
    assert "保留最近 14 份" in view.banner.text()


def test_restore_shows_the_backup_asks_and_goes_back_to_the_start(
    qtbot: QtBot, secretary: User, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.log_in(secretary)
    view = window.workspace.screen_widget("backup")
    backup_file = view.copy_into(tmp_path)
    record_press(secretary, categories()[0])  # after the backup: gone after restoring
    asked, told = [], []
    monkeypatch.setattr(view, "confirm", lambda text: asked.append(text) or True)
    monkeypatch.setattr(view, "inform", told.append)
    assert view.restore_from(backup_file)
    assert "內容：使用者 1 筆" in asked[0] and "稽核檢查：稽核紀錄完整" in asked[0]
    assert told[0].startswith("已從備份還原。原本的資料庫已另存為")
    assert ServiceEvent.select().count() == 0  # the reopened database is the backup
    assert window.workspace is None and window.pages.currentWidget() is window.choose_user
    assert any(p.name.startswith("ledger.before-restore.") for p in backups_folder(db_path).iterdir())


def test_a_damaged_backup_is_refused_on_the_screen(qtbot: QtBot, secretary: User, db_path: Path, tmp_path: Path) -> None:
    view = make_view(qtbot, secretary)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x01" * 4000)
    assert not view.restore_from(bad)
    assert "已損壞" in view.message.text()
    assert not backups_folder(db_path).exists()
    assert User.select().count() == 1  # still the same database, still open


def test_cancelling_a_restore_changes_nothing(qtbot: QtBot, secretary: User, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    view = make_view(qtbot, secretary)
    backup_file = view.copy_into(tmp_path)
    record_press(secretary, categories()[0])
    monkeypatch.setattr(view, "confirm", lambda text: False)
    assert not view.restore_from(backup_file)
    assert ServiceEvent.select().count() == 1


def test_on_a_server_the_screen_points_to_pg_dump(qtbot: QtBot, any_database: peewee.Database) -> None:
    from models.users import create_first_secretary
    from tests.conftest import SECRETARY_PIN

    boss = create_first_secretary("林秘書", SECRETARY_PIN, SECRETARY_PIN)
    view = make_view(qtbot, boss)
    server = not isinstance(any_database, peewee.SqliteDatabase)
    assert view.copy_button.isEnabled() is not server
    assert view.restore_button.isEnabled() is not server
    assert ("pg_dump" in view.where.text()) is server


def test_left_open_overnight_the_secretarys_first_login_checks_again(
    qtbot: QtBot, secretary: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = started_window(qtbot)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    daily(window).work.today = lambda: tomorrow
    assert daily(window).work.due()
    window.log_in(secretary)
    assert check_line(window).text() == "今日稽核檢查進行中…"
    qtbot.waitUntil(lambda: daily(window).outcome is not None, timeout=20000)
    assert daily(window).outcome.day == tomorrow.isoformat()


# --- restoring while other work reads the file; slow work off the window's thread --------


def test_restore_waits_for_the_daily_work(
    qtbot: QtBot, secretary: User, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.admin.backup_view

    view = make_view(qtbot, secretary)
    backup_file = view.copy_into(tmp_path)
    release = threading.Event()
    real = ui.admin.backup_view.run_daily_work
    monkeypatch.setattr(ui.admin.backup_view, "run_daily_work", lambda database, today: release.wait(30) and real(database, today))
    window = MainWindow(daily_work=True)
    qtbot.addWidget(window)
    window.show()
    window.log_in(secretary)
    assert daily(window).work.isRunning()
    screen = window.workspace.screen_widget("backup")
    monkeypatch.setattr(screen, "confirm", lambda text: pytest.fail("asked while the daily work runs"))
    try:
        assert not screen.restore_from(backup_file)
        assert screen.message.text().startswith("今日的自動備份與稽核檢查還在進行中")
        assert not any(p.name.startswith("ledger.before-restore.") for p in backups_folder(db_path).glob("*"))
    finally:
        release.set()
    qtbot.waitUntil(lambda: daily(window).outcome is not None, timeout=20000)
    asked: list[str] = []
    monkeypatch.setattr(screen, "confirm", lambda text: asked.append(text) or False)
    assert not screen.restore_from(backup_file) and asked  # now it gets as far as asking


def test_restore_waits_for_check_now(
    qtbot: QtBot, secretary: User, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.admin.backup_view

    view = make_view(qtbot, secretary)
    backup_file = view.copy_into(tmp_path)
    release = threading.Event()
    real = ui.admin.backup_view.verify
    monkeypatch.setattr(ui.admin.backup_view, "verify", lambda database, **kw: release.wait(30) and real(database, **kw))
    monkeypatch.setattr(view, "confirm", lambda text: pytest.fail("asked while the check runs"))
    qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
    try:
        assert not view.restore_from(backup_file)
        assert view.message.text() == "稽核檢查還在進行中，請等它完成後再還原。"
    finally:
        release.set()
    qtbot.waitUntil(lambda: not view.checking(), timeout=20000)
    assert not backups_folder(db_path).exists() or not any(backups_folder(db_path).glob("*.before-restore.*"))


def test_a_database_that_does_not_open_after_restoring_is_said_and_the_window_closes(
    qtbot: QtBot, secretary: User, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.errors import DiskFull
    import ui.admin.backup_view

    view = make_view(qtbot, secretary)
    backup_file = view.copy_into(tmp_path)
    monkeypatch.setattr(view, "confirm", lambda text: True)
    problem = DiskFull("磁碟空間已滿。無法建立資料庫檔案。請清出磁碟空間後再試。")

    def fails(target):  # noqa: ANN001, ANN202
        raise problem

    shown: list[tuple[BaseException, str, str]] = []
    monkeypatch.setattr(ui.admin.backup_view, "open_ledger", fails)
    monkeypatch.setattr(ui.admin.backup_view, "show_problem", lambda parent, exc, title, then: shown.append((exc, title, then)))
    assert not view.restore_from(backup_file)
    assert shown == [(problem, "還原後無法開啟資料庫", "程式會關閉。請處理上面的問題後再開啟程式。")]
    assert db.obj is None  # nothing can reach a database that did not open
    assert not view.isVisible()


class Slow:
    """Work that finishes only after the window's thread has handled an event meanwhile:
    run on the window's thread it could never finish (the wait gives up and the test fails)."""

    def __init__(self, qtbot: QtBot, work) -> None:  # noqa: ANN001
        self.work, self.answered = work, threading.Event()
        self.seen_waiting: list[str] = []
        self.timer = QTimer()
        self.timer.timeout.connect(self._answer)
        self.timer.start(20)

    def _answer(self) -> None:
        for panel in QApplication.instance().allWidgets():
            if isinstance(panel, ProgressPanel) and panel.isVisible():
                self.seen_waiting.append(panel.title.text())
                self.answered.set()

    def __call__(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN204
        assert self.answered.wait(20), "the window did not answer while the work ran"
        return self.work(*args, **kwargs)


def test_reading_a_backup_and_copying_run_off_the_window_thread(
    qtbot: QtBot, secretary: User, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import models.backup
    import models.restore

    view = make_view(qtbot, secretary)
    copying = Slow(qtbot, models.backup.backup_to)
    monkeypatch.setattr(models.backup, "backup_to", copying)
    made = view.copy_into(tmp_path)
    copying.timer.stop()
    assert made is not None and made.exists() and "已備份到" in view.banner.text()
    assert copying.seen_waiting == ["正在備份並檢查備份檔，請稍候…"] * len(copying.seen_waiting) != []
    reading = Slow(qtbot, models.restore.describe_backup)
    monkeypatch.setattr(models.restore, "describe_backup", reading)
    asked: list[str] = []
    monkeypatch.setattr(view, "confirm", lambda text: asked.append(text) or False)
    assert not view.restore_from(made)
    reading.timer.stop()
    assert reading.seen_waiting and reading.seen_waiting[0].startswith("正在讀取並檢查備份檔")
    assert "內容：使用者 1 筆" in asked[0]  # the result arrived
    assert not any(isinstance(w, ProgressPanel) and w.isVisible() for w in QApplication.instance().allWidgets())


def test_check_now_updates_the_line_above_every_screen(qtbot: QtBot, secretary: User, database: peewee.Database) -> None:
    """The line said what the morning's check found; a check pressed later says what is true now."""
    window = started_window(qtbot)
    window.log_in(secretary)
    line = check_line(window)
    assert line.text().startswith("今日稽核檢查：稽核紀錄完整")
    duty = create_user(secretary, "王輪值", Role.DUTY)
    payment = record_payment(duty, 1500)
    database.execute_sql("UPDATE service_event SET amount = amount + 100000 WHERE id = ?", (payment.id,))
    view = window.workspace.screen_widget("backup")
    qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
    done()
    assert line.text().startswith("今日稽核檢查：稽核紀錄有 1 處不符")
    assert "font-weight: bold" in line.styleSheet()
    # and a restart today shows the same, not the morning's
    again = started_window(qtbot)
    again.log_in(secretary)
    assert check_line(again).text() == line.text()


def test_a_check_ending_after_the_secretary_left_reaches_the_next_login(qtbot: QtBot, secretary: User) -> None:
    """The line belongs to one login; the daily check outlives it and tells the next one."""
    window = started_window(qtbot)
    window.log_in(secretary)
    with qtbot.waitSignal(check_line(window).destroyed):
        window.show_start()  # F12: that workspace and its line are deleted
    daily(window).work.record(DailyOutcome(dt.date.today().isoformat(), False, "後來的結果"))
    window.log_in(secretary)
    assert check_line(window).text() == "今日稽核檢查：後來的結果"
    assert "font-weight: bold" in check_line(window).styleSheet()


# --- progress and 取消 --------------------------------------------------------------------


def visible_panel() -> ProgressPanel | None:
    shown = [w for w in QApplication.instance().allWidgets() if isinstance(w, ProgressPanel) and w.isVisible()]
    return shown[0] if shown else None


def held_until_cancelled(work, at: str):  # noqa: ANN001, ANN201
    """``work(..., progress=, abort=)`` that, once it says ``at``, goes on only after 取消."""

    def held(*args, progress, abort, **kwargs):  # noqa: ANN002, ANN003, ANN202
        def reporting(fraction: float | None, message: str) -> None:
            progress(fraction, message)
            if message == at and fraction:
                assert abort.wait(RELEASE_S), "取消 was never pressed"

        return work(*args, progress=reporting, abort=abort, **kwargs)

    return held


def test_a_long_copy_shows_how_far_it_is_and_cancel_leaves_nothing(
    qtbot: QtBot, secretary: User, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import models.backup

    view = make_view(qtbot, secretary)
    view.resize(1366, 768)
    monkeypatch.setattr(models.backup, "COPY_STEP_PAGES", 1)  # many steps: a big file on a slow stick
    held = held_until_cancelled(models.backup.backup_to, models.backup.COPYING)
    monkeypatch.setattr(models.backup, "backup_to", held)
    stick = tmp_path / "usb"
    stick.mkdir()
    seen: dict[str, object] = {}

    def meanwhile() -> None:  # inside the copy's wait: the window paints, the panel answers
        qtbot.waitUntil(lambda: visible_panel() is not None, timeout=20000)
        panel = visible_panel()
        assert panel.window() is view.window() and view.rect().contains(panel.geometry())
        seen["panel"] = panel.title.text(), panel.message.text(), panel.bar.value() > 0, panel.cancel_button.text()
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
        seen["after click"] = panel.cancel_button.text(), panel.cancel_button.isEnabled()

    QTimer.singleShot(0, meanwhile)
    assert view.copy_into(stick) is None
    assert seen == {
        "panel": ("正在備份並檢查備份檔，請稍候…", "正在複製資料庫檔案…", True, "取消"),
        "after click": ("正在停止…", False),
    }
    assert list(stick.iterdir()) == []  # no copy, no part of one
    assert view.banner.text() == "已取消備份，沒有留下不完整的備份檔。" and view.message.text() == ""
    assert visible_panel() is None
    qtbot.keyClicks(view.kept_edit, "7")  # the window takes input again
    assert view.kept_edit.text().endswith("7")


def test_check_now_shows_each_step_and_cancel_stops_it(
    qtbot: QtBot, secretary: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.admin.backup_view

    view = make_view(qtbot, secretary)
    held = held_until_cancelled(ui.admin.backup_view.verify, "正在核對問卷…")
    monkeypatch.setattr(ui.admin.backup_view, "verify", held)
    qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visible_panel() is not None and visible_panel().message.text() == "正在核對問卷…",
                    timeout=20000)
    panel = visible_panel()
    assert panel.title.text() == "正在檢查稽核紀錄…" and 0 < panel.bar.value() < panel.bar.maximum()
    qtbot.keyClicks(view.kept_edit, "7")  # the window takes input meanwhile
    assert view.kept_edit.text().endswith("7")
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    done()
    assert view.banner.text() == "已取消稽核檢查；沒有完成的檢查不算數。" and view.message.text() == ""
    assert view.check_button.isEnabled() and view.report.toPlainText() == ""  # nothing half-checked is shown


def test_check_now_pressed_again_while_it_runs_checks_once(
    qtbot: QtBot, secretary: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.admin.backup_view

    release, calls = threading.Event(), []
    real = ui.admin.backup_view.verify

    def counted(database, **kwargs):  # noqa: ANN001, ANN003, ANN202
        calls.append(1)
        assert release.wait(RELEASE_S)
        return real(database, **kwargs)

    monkeypatch.setattr(ui.admin.backup_view, "verify", counted)
    view = make_view(qtbot, secretary)
    try:
        for _ in range(3):
            view.check_now()
    finally:
        release.set()
    done()
    assert calls == [1] and view.report.toPlainText().startswith("稽核紀錄完整")


def test_the_daily_work_started_again_while_it_runs_runs_once(
    qtbot: QtBot, secretary: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.admin.backup_view

    release, calls = threading.Event(), []
    real = ui.admin.backup_view.run_daily_work

    def counted(database, today):  # noqa: ANN001, ANN202
        calls.append(today)
        assert release.wait(RELEASE_S)
        return real(database, today)

    monkeypatch.setattr(ui.admin.backup_view, "run_daily_work", counted)
    daily = DailyWork(db.obj)
    try:
        daily.start()
        daily.start()
        assert daily.isRunning()
    finally:
        release.set()
    daily.wait()
    assert not daily.isRunning() and len(calls) == 1 and daily.outcome is not None and daily.outcome.ok


def test_the_backups_are_listed_by_their_roc_date(qtbot: QtBot, secretary: User, db_path: Path) -> None:
    """The program says dates the ROC way everywhere: 115/12/01, not 2026-12-01."""
    folder = backups_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    for day in (dt.date(2026, 12, 1), dt.date(2026, 11, 30)):
        (folder / daily_name(db_path, day)).write_bytes(b"")
    view = make_view(qtbot, secretary)
    model = view.table_model
    shown = [model.data(model.index(row, 0)) for row in range(model.rowCount())]
    assert shown == ["115/12/01", "115/11/30"]
    assert view.table_model.data(model.index(0, 2)).endswith("-2026-12-01.db")  # the file keeps its name


def test_a_check_of_another_day_says_its_roc_date() -> None:
    outcome = DailyOutcome("2026-11-30", True, "稽核紀錄完整")
    assert outcome.line == "115/11/30稽核檢查：稽核紀錄完整"
    assert DailyOutcome(dt.date.today().isoformat(), True, "稽核紀錄完整").line == "今日稽核檢查：稽核紀錄完整"
