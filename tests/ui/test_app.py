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
from storage_faults import DAMAGE_KINDS, damage, fill, folder_state, make_foreign

from models.db import db
from models.errors import COMMAND
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


class Boxes:
    """Answers each message box the code under test opens, as a user would, and remembers it."""

    def __init__(self, qtbot: QtBot, answer: QMessageBox.StandardButton, name: str) -> None:
        self.seen: list[Box] = []
        self.answer, self.name = answer, name
        self.timer = QTimer()
        self.timer.timeout.connect(self._poll)
        self.timer.start(20)

    def _poll(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.property("answered"):
            return
        box.setProperty("answered", True)
        self.seen.append(Box(box.windowTitle(), box.text(), box.icon(), box.detailedText()))
        if SHOTS:
            box.grab().save(str(Path(SHOTS) / f"{self.name}-{len(self.seen)}.png"))
        button = box.button(self.answer) or box.buttons()[0]
        button.click()

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def boxes(qtbot: QtBot, request: pytest.FixtureRequest):
    made: list[Boxes] = []

    def answering(answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok) -> Boxes:
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
    answered = boxes()
    assert open_for_window(str(path)) is None
    [box] = answered.seen
    assert_plain_message(box, "已經損壞")
    assert "備份" in box.text and box.icon == QMessageBox.Icon.Critical
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
