"""Opening the database for the window: damaged, foreign and missing files get a plain
message (never the crash dialog) and stay as they were; a new file only after a yes."""
from __future__ import annotations

import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from tests.storage_faults import DAMAGE_KINDS, damage, fill, folder_state, make_foreign

from models.db import db
from models.errors import COMMAND
from tests.test_main_backup import events
from ui.app import open_for_window
from ui.errors import install_crash_handler

# Set to a folder to keep a picture of every box the tests answer (to look at them).
SHOTS = os.environ.get("SERVICE_LEDGER_SHOTS")


@dataclass
class Box:
    title: str
    text: str
    icon: QMessageBox.Icon
    details: str
    buttons: list[str]


Answer = QMessageBox.StandardButton | str  # a standard button, or the text of one of the box's own


class Boxes:
    """Answers each message box the code under test opens, as a user would, and remembers it.
    Given several answers, the boxes get them in turn (the last one repeats)."""

    def __init__(self, qtbot: QtBot, answer: Answer | list[Answer], name: str) -> None:
        self.seen: list[Box] = []
        self.answers = answer if isinstance(answer, list) else [answer]
        self.name = name
        self.timer = QTimer()
        self.timer.timeout.connect(self._poll)
        self.timer.start(20)

    def _poll(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.property("answered"):
            return
        box.setProperty("answered", True)
        self.seen.append(Box(box.windowTitle(), box.text(), box.icon(), box.detailedText(),
                             sorted(b.text() for b in box.buttons())))
        if SHOTS:
            box.grab().save(str(Path(SHOTS) / f"{self.name}-{len(self.seen)}.png"))
        answer = self.answers[min(len(self.seen), len(self.answers)) - 1]
        if isinstance(answer, str):
            [button] = [b for b in box.buttons() if b.text() == answer]
        else:
            button = box.button(answer) or box.buttons()[0]
        button.click()

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def boxes(qtbot: QtBot, request: pytest.FixtureRequest):
    made: list[Boxes] = []

    def answering(answer: Answer | list[Answer] = QMessageBox.StandardButton.Ok) -> Boxes:
        made.append(Boxes(qtbot, answer, request.node.name.replace("/", "-")))
        return made[-1]

    yield answering
    for watcher in made:
        watcher.stop()
    if not isinstance(db.obj, type(None)) and not db.obj.is_closed():
        db.obj.close()


def assert_plain_message(box: Box, text: str) -> None:
    assert text in box.text
    assert box.title != "程式發生錯誤" and box.details == ""  # not the crash dialog
    assert not any(w.isascii() and w.isalpha() for w in box.text.replace(COMMAND + " restore", "").split())


@pytest.mark.parametrize("kind", DAMAGE_KINDS)
def test_a_damaged_file_gets_a_plain_message_and_stays_as_it_is(tmp_path: Path, boxes, kind: str) -> None:
    path = tmp_path / "ledger.db"
    fill(path)
    damage(path, kind)
    before = folder_state(tmp_path)
    answered = boxes("結束程式")
    assert open_for_window(str(path)) is None
    [box] = answered.seen
    assert_plain_message(box, "已經損壞")
    assert "備份" in box.text and box.icon == QMessageBox.Icon.Critical
    assert box.buttons == sorted(["結束程式", "從備份還原…"])
    assert folder_state(tmp_path) == before


def test_another_programs_file_is_refused_unchanged(tmp_path: Path, boxes) -> None:
    path = tmp_path / "contacts.db"
    make_foreign(path)
    before = folder_state(tmp_path)
    answered = boxes()
    assert open_for_window(str(path)) is None
    [box] = answered.seen
    assert_plain_message(box, "另一個程式的資料庫")
    assert folder_state(tmp_path) == before


@pytest.mark.parametrize("empty_file", [False, True], ids=["missing", "empty file"])
def test_a_missing_path_is_created_only_after_a_yes(tmp_path: Path, boxes, empty_file: bool) -> None:
    target = tmp_path / "new" / "ledger.db"
    if empty_file:
        target.parent.mkdir()
        target.touch()
    before = folder_state(tmp_path)
    answered = boxes(QMessageBox.StandardButton.No)
    assert open_for_window(str(target)) is None
    [question] = answered.seen
    assert ("是空的" if empty_file else "找不到資料庫檔案") in question.text
    assert f"要在「{target}」建立新的資料庫嗎？" in question.text
    assert question.buttons == sorted(["建立新的資料庫", "不建立，結束程式"])  # what each does, not 是／否
    assert folder_state(tmp_path) == before
    answered.stop()
    answered = boxes(QMessageBox.StandardButton.Yes)
    database = open_for_window(str(target))
    assert database is not None and target.exists()
    assert "app_user" in database.get_tables()
    database.close()


def test_damage_met_while_working_is_a_plain_message(tmp_path: Path, boxes, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read in a screen meets SQLite's "database disk image is malformed"."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    path = tmp_path / "ledger.db"
    fill(path)
    database = open_for_window(str(path))
    install_crash_handler()
    driver = sqlite3.DatabaseError("database disk image is malformed")
    driver.sqlite_errorname = "SQLITE_CORRUPT"
    answered = boxes()
    try:
        raise peewee.DatabaseError(driver)
    except peewee.DatabaseError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    [box] = answered.seen
    assert_plain_message(box, "已經損壞")
    assert box.icon == QMessageBox.Icon.Critical
    database.close()


# --- restoring a damaged file before the window opens ------------------------------------


@pytest.fixture
def damaged_with_backup(tmp_path: Path) -> tuple[Path, Path]:
    """A ledger damaged after its last daily backup, in the backups folder beside it."""
    from models.backup import backup_to, backups_folder

    path = tmp_path / "office" / "ledger.db"
    path.parent.mkdir()
    fill(path)
    backups_folder(path).mkdir()
    good = backup_to(path, backups_folder(path) / "ledger-2026-11-30.db")
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("DELETE FROM service_event WHERE id > 100")  # after the backup
    raw.close()  # the last connection folds its -wal into the file
    damage(path, "service_event page")
    return path, good


def choosing(monkeypatch: pytest.MonkeyPatch, chosen: Path | None) -> list[str]:
    """The file dialog, answered with ``chosen`` (None: cancelled); returns where it opened."""
    import ui.admin.backup_view

    started: list[str] = []

    def dialog(parent, caption, folder, kinds):  # noqa: ANN001, ANN202 (Qt's signature)
        started.append(folder)
        return (str(chosen) if chosen else "", "")

    monkeypatch.setattr(ui.admin.backup_view.QFileDialog, "getOpenFileName", dialog)
    return started


def test_a_damaged_file_is_restored_from_the_message_and_the_program_opens(
    damaged_with_backup: tuple[Path, Path], boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, good = damaged_with_backup
    started = choosing(monkeypatch, good)
    answered = boxes(["從備份還原…", QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Ok])
    database = open_for_window(str(path))
    assert database is not None and not database.is_closed()
    assert started == [str(path.parent / "backups")]
    damaged_box, question, done = answered.seen
    assert "已經損壞" in damaged_box.text
    assert f"備份檔：{good}" in question.text and "內容：使用者 1 筆" in question.text
    assert "稽核檢查：稽核紀錄完整" in question.text and "要用這個備份取代目前的資料庫嗎？" in question.text
    (safety,) = path.parent.glob("backups/ledger.before-restore.*.db")
    assert done.text == f"已從備份還原。原本的資料庫已另存為「{safety}」。"
    from models.service.counts import ServiceEvent

    assert ServiceEvent.select().count() == events(good) == 300
    for box in answered.seen:
        assert_plain_message(box, "")


def cancel_by_dialog(monkeypatch: pytest.MonkeyPatch, good: Path) -> list:
    choosing(monkeypatch, None)
    return ["從備份還原…", "結束程式"]


def cancel_by_no(monkeypatch: pytest.MonkeyPatch, good: Path) -> list:
    choosing(monkeypatch, good)
    return ["從備份還原…", QMessageBox.StandardButton.No, "結束程式"]


def bad_backup(monkeypatch: pytest.MonkeyPatch, good: Path) -> list:
    bad = good.with_name("notes.db")
    bad.write_text("not a backup")
    choosing(monkeypatch, bad)
    return ["從備份還原…", QMessageBox.StandardButton.Ok, "結束程式"]


@pytest.mark.parametrize("way", [cancel_by_dialog, cancel_by_no, bad_backup], ids=["no-file-chosen", "answered-no", "bad-backup"])
def test_not_restoring_ends_the_program_and_changes_nothing(
    damaged_with_backup: tuple[Path, Path], boxes, monkeypatch: pytest.MonkeyPatch, way
) -> None:
    path, good = damaged_with_backup
    answers = way(monkeypatch, good)
    before = folder_state(path.parent)
    answered = boxes(answers)
    assert open_for_window(str(path)) is None
    assert folder_state(path.parent) == before
    assert "已經損壞" in answered.seen[-1].text  # back at the message, and then the end
    if way is bad_backup:
        assert answered.seen[1].title == "無法從這個備份還原" and "不是本程式的資料庫檔案" in answered.seen[1].text


def test_the_start_screen_is_on_the_screen_before_the_daily_work_begins(
    qtbot: QtBot, secretary, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """run_gui shows the start screen first; the day's backup and check start on the first
    turn of the event loop (their code and thread do not delay the first window)."""
    from ui.admin.backup_view import DailyCheck
    import ui.app
    from ui.main_window import MainWindow

    seen: dict[str, object] = {}

    def run_loop(app: QApplication) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        qtbot.addWidget(window)
        seen["shown"] = window.isVisible()
        seen["parts when shown"] = list(window.parts)
        seen["on"] = window.pages.currentWidget() is window.choose_user
        qtbot.waitUntil(lambda: window.part(DailyCheck) is not None)
        check = window.part(DailyCheck)
        qtbot.waitUntil(lambda: check.outcome is not None, timeout=20000)
        seen["checked"] = check.outcome.ok
        return 0

    monkeypatch.setattr(ui.app, "create_application", QApplication.instance)  # keep the tests' font
    monkeypatch.setattr(ui.app, "install_crash_handler", lambda: None)
    monkeypatch.setattr(QApplication, "exec", run_loop)
    assert ui.app.run_gui(str(db_path)) == 0
    assert seen == {"shown": True, "parts when shown": [], "on": True, "checked": True}


def test_qt_s_own_buttons_read_as_plain_chinese_words(qtbot: QtBot) -> None:
    """是 and 否, not 是(&Y) and 否(&N) as Qt's translation has them: an elderly user reads the
    (Y) as part of the word, and the desks say their keys on their own buttons."""
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.app import install_qt_translation
    from ui.i18n import tr

    app = QApplication.instance()
    translator = install_qt_translation(app)  # a second one, on top of the suite's (tests/ui/conftest.py)
    try:
        standard = QDialogButtonBox.StandardButton
        every = standard.Yes | standard.No | standard.YesToAll | standard.NoToAll | standard.Ok | standard.Cancel
        box = QDialogButtonBox(every | standard.Save | standard.Close | standard.Abort | standard.Retry)
        qtbot.addWidget(box)
        texts = {box.standardButton(button): button.text() for button in box.buttons()}
        assert texts[standard.Yes] == "是" and texts[standard.No] == "否"
        assert texts[standard.Ok] == "確定" and texts[standard.Cancel] == "取消"
        assert not [text for text in texts.values() if "(" in text or "&" in text or text.isascii()]
        assert tr("每月數據") == "每月數據" and tr("換人") == "換人"  # the program's own words pass untouched
        from PySide6.QtWidgets import QFileDialog, QLabel

        dialog = QFileDialog(None, "存成 PDF")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # the dialog a Linux desk gets
        qtbot.addWidget(dialog)
        labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
        assert labels == ["尋找於：", "檔名：", "檔案類型："]
    finally:
        app.removeTranslator(translator)
