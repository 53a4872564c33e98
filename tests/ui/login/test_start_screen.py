"""The start screen lets people in as the database says now, not as its buttons were drawn.

Program B is this test's window; program A is a second process on the same database file,
the way a secretary at another PC changes users while a start screen stays open here.
"""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QPushButton
from pytestqt.qtbot import QtBot

from models.accounts import LOCK_AFTER, Role, User
from models.audit import AuditEntry
from models.base import now
from models.users import create_user
from ui.login.start_screen import ChooseUserPage, PinDialog
from ui.main_window import MainWindow
from ui.style import ERROR_TEXT, FOCUS_RING

ROOT = Path(__file__).resolve().parents[3]
PIN = "246813"  # the conftest secretary's PIN
NEW_PIN = "975310"

PROGRAM_A = textwrap.dedent(
    """
    import sys

    from models.storage import open_ledger
    from models.users import Role, User, update_user

    open_ledger(sys.argv[1])
    boss = User.get(User.name == "林秘書")
    who = User.get(User.name == sys.argv[3])
    if sys.argv[2] == "promote":
        update_user(boss, who, name=who.name, role=Role.SECRETARY, active=True, pin=sys.argv[4], confirm=sys.argv[4])
    elif sys.argv[2] == "retire":
        update_user(boss, who, name=who.name, role=who.role, active=False)
    elif sys.argv[2] == "new-pin":
        update_user(boss, who, name=who.name, role=Role.SECRETARY, active=True, pin=sys.argv[4], confirm=sys.argv[4])
    print("done", flush=True)
    """
)


def program_a(db_path: Path, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM_A, str(db_path), *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and result.stdout == "done\n", result.stderr


class PinAnswers:
    """Stands in for the person at the PIN dialog: types each PIN in turn, or cancels (None)."""

    def __init__(self, *pins: str | None) -> None:
        self.pins = list(pins)
        self.shown: list[tuple[str, str]] = []  # (whose name, the message on opening)

    def exec(self, dialog: PinDialog) -> int:
        self.shown.append((dialog.user.name, dialog.message.text()))
        while self.pins:
            pin = self.pins.pop(0)
            if pin is None:
                dialog.reject()
                break
            dialog.pin_edit.setText(pin)
            dialog.try_accept()
            if dialog.result() == QDialog.DialogCode.Accepted:
                break
        return dialog.result()


@pytest.fixture
def pin_answers(monkeypatch: pytest.MonkeyPatch):
    def install(*pins: str | None) -> PinAnswers:
        answers = PinAnswers(*pins)
        monkeypatch.setattr(PinDialog, "exec", lambda dialog: answers.exec(dialog))
        return answers

    return install


def make_window(qtbot: QtBot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def button_of(window: MainWindow, name: str):
    return next(b for b in window.choose_user.buttons if b.text().split("\n")[0] == name)


def test_a_volunteer_made_secretary_by_another_program_is_asked_for_the_pin(
    qtbot: QtBot, db_path: Path, volunteer: User, pin_answers
) -> None:
    window = make_window(qtbot)
    button = button_of(window, "陳志工")
    assert button.text() == "陳志工\n志工"  # drawn before
    program_a(db_path, "promote", "陳志工", NEW_PIN)

    answers = pin_answers(None)  # no PIN: no way in
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert answers.shown == [("陳志工", "")]
    assert window.workspace is None

    answers = pin_answers("000000", NEW_PIN)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.workspace is not None
    assert window.workspace.user.is_secretary
    assert "users" in [screen.key for screen in window.workspace.screens]


def test_a_user_retired_by_another_program_is_refused_and_the_buttons_are_read_again(
    qtbot: QtBot, db_path: Path, volunteer: User, pin_answers
) -> None:
    window = make_window(qtbot)
    button = button_of(window, "陳志工")
    program_a(db_path, "retire", "陳志工")
    answers = pin_answers()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.workspace is None and answers.shown == []
    assert window.choose_user.message.text() == "「陳志工」已停用，不能再登入；畫面已重新整理。"
    assert [b.text().split("\n")[0] for b in window.choose_user.buttons] == ["林秘書"]


def test_a_pin_changed_by_another_program_is_the_one_asked(qtbot: QtBot, db_path: Path, secretary: User, pin_answers) -> None:
    window = make_window(qtbot)
    program_a(db_path, "new-pin", "林秘書", NEW_PIN)
    answers = pin_answers(PIN, None)
    qtbot.mouseClick(button_of(window, "林秘書"), Qt.MouseButton.LeftButton)
    assert window.workspace is None
    pin_answers(NEW_PIN)
    qtbot.mouseClick(button_of(window, "林秘書"), Qt.MouseButton.LeftButton)
    assert window.workspace is not None and window.workspace.user.id == secretary.id
    assert answers.shown == [("林秘書", "")]


def test_a_secretary_demoted_by_another_connection_comes_in_without_secretary_screens(
    qtbot: QtBot, secretary: User, pin_answers
) -> None:
    """The same, through a second connection in this process: the button says 研考, the
    database says 志工 — no PIN is asked and no secretary screen is offered."""
    from models.users import update_user

    wang = create_user(secretary, "王秘書", Role.SECRETARY, "135724", "135724")
    window = make_window(qtbot)
    assert button_of(window, "王秘書").text() == "王秘書\n研考"
    update_user(secretary, User.get_by_id(wang.id), name="王秘書", role=Role.VOLUNTEER, active=True)
    answers = pin_answers()
    qtbot.mouseClick(button_of(window, "王秘書"), Qt.MouseButton.LeftButton)
    assert answers.shown == []
    assert [screen.key for screen in window.workspace.screens] == ["survey", "counter"]


# ---------------------------------------------------------------- wrong PINs at the start screen


def test_a_locked_secretary_is_told_on_the_start_screen_without_a_dialog(qtbot: QtBot, secretary: User, pin_answers) -> None:
    User.update(pin_failures=LOCK_AFTER, pin_failures_since_login=LOCK_AFTER, pin_failed_at=now()).where(
        User.id == secretary.id
    ).execute()
    window = make_window(qtbot)
    answers = pin_answers(PIN)
    qtbot.mouseClick(button_of(window, "林秘書"), Qt.MouseButton.LeftButton)
    assert answers.shown == [] and window.workspace is None
    text = window.choose_user.message.text()
    assert text.startswith("「林秘書」的 PIN 已經連續錯誤 10 次，暫時鎖定到")
    assert "還有 30 分鐘" in text


def test_the_pin_dialog_says_how_long_to_wait_and_checks_nothing_meanwhile(qtbot: QtBot, secretary: User, pin_answers) -> None:
    window = make_window(qtbot)
    answers = pin_answers("000000", "000000", "000000", PIN, None)
    qtbot.mouseClick(button_of(window, "林秘書"), Qt.MouseButton.LeftButton)
    assert window.workspace is None  # the right PIN came during the wait: refused unchecked
    stored = User.get_by_id(secretary.id)
    assert stored.pin_failures == 3
    tried = AuditEntry.select().where(
        AuditEntry.table_name == "app_user", AuditEntry.record_id == secretary.id, AuditEntry.action == "update"
    )
    assert [entry.user_id for entry in tried] == [None, None, None]  # nobody was logged in
    # Opened again while waiting: the dialog says so at once.
    answers = pin_answers(None)
    qtbot.mouseClick(button_of(window, "林秘書"), Qt.MouseButton.LeftButton)
    (name, message), = answers.shown
    assert name == "林秘書" and message.startswith("PIN 已經連續錯誤 3 次，請等 ") and message.endswith(" 秒後再試。")


def test_the_first_screen_after_login_tells_of_wrong_pins(qtbot: QtBot, secretary: User, pin_answers) -> None:
    User.update(pin_failures=2, pin_failures_since_login=5, pin_failed_at=now() - dt.timedelta(hours=1)).where(
        User.id == secretary.id
    ).execute()
    window = make_window(qtbot)
    pin_answers(PIN)
    qtbot.mouseClick(button_of(window, "林秘書"), Qt.MouseButton.LeftButton)
    assert window.workspace is not None
    assert window.workspace.notice.isVisible()
    assert window.workspace.notice.text().startswith("自上次登入以來 PIN 錯誤 5 次")
    # told once: the next login has nothing to tell
    qtbot.mouseClick(window.workspace.switch_button, Qt.MouseButton.LeftButton)
    pin_answers(PIN)
    qtbot.mouseClick(button_of(window, "林秘書"), Qt.MouseButton.LeftButton)
    assert not window.workspace.notice.isVisible()


def test_a_volunteer_sees_no_notice(qtbot: QtBot, volunteer: User) -> None:
    window = make_window(qtbot)
    qtbot.mouseClick(button_of(window, "陳志工"), Qt.MouseButton.LeftButton)
    assert window.workspace is not None and not window.workspace.notice.isVisible()


def test_while_a_pin_must_wait_login_is_off_and_the_seconds_count_down(qtbot: QtBot, secretary: User) -> None:
    from models.accounts import PinWait

    dialog = PinDialog(secretary, wait=PinWait("PIN 已經連續錯誤 3 次，請等 2 秒後再試。", 2, locked=False))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()
    assert dialog.message.text() == "PIN 已經連續錯誤 3 次，請等 2 秒後再試。"
    qtbot.waitUntil(lambda: "請等 1 秒後再試" in dialog.message.text(), timeout=3000)
    qtbot.keyClicks(dialog.pin_edit, "246813")
    assert dialog.pin_edit.text() == ""  # a PIN typed now would be dropped: the box takes none
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)  # Enter while waiting checks nothing
    assert dialog.login is None and dialog.isVisible()
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=3000)
    assert dialog.message.text() == "現在可以再輸入 PIN 了。" and ERROR_TEXT not in dialog.message.styleSheet()
    assert not dialog.pin_edit.isReadOnly() and dialog.focusWidget() is dialog.pin_edit


def test_the_pin_dialog_grows_to_show_the_whole_lock_message(qtbot: QtBot, secretary: User) -> None:
    from models.accounts import PinWait

    long_message = (
        f"「{secretary.name}」的 PIN 已經連續錯誤 {LOCK_AFTER} 次，暫時鎖定到 10:07（還有 30 分鐘）；"
        "也可以請另一位研考在「使用者」解除鎖定。"
    )
    dialog = PinDialog(secretary)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_wait(PinWait(long_message, 1800, locked=True))
    qtbot.wait(50)  # the layout settles
    label = dialog.message
    assert label.height() >= label.heightForWidth(label.width())  # every wrapped line shows
    assert dialog.pin_edit.height() >= dialog.pin_edit.sizeHint().height()  # the input is not squashed


def ring_pixels(button: QPushButton) -> int:
    """How many pixels of the button's edge (4 px deep) are drawn in the focus ring's colour."""
    image = button.grab().toImage()
    ring = QColor(FOCUS_RING)
    width, height = image.width(), image.height()
    edge = [(x, y) for x in range(width) for y in range(height) if min(x, y, width - 1 - x, height - 1 - y) < 4]
    return sum(1 for x, y in edge if image.pixelColor(x, y) == ring)


def test_the_name_that_has_the_keyboard_wears_a_thick_dark_ring(qtbot: QtBot, volunteer: User) -> None:
    """A faint frame on the start screen left a volunteer guessing which name Enter would choose."""
    page = ChooseUserPage()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.refresh()
    page.show()
    qtbot.waitExposed(page)
    page.focus_first()
    qtbot.waitUntil(page.buttons[0].hasFocus)
    focused, other = page.buttons[0], page.buttons[1]
    around = 2 * (focused.width() + focused.height())
    assert ring_pixels(focused) >= 3 * around * 0.9  # three pixels deep, all the way round (rounded corners aside)
    assert ring_pixels(other) == 0
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert other.hasFocus() and ring_pixels(other) >= 3 * around * 0.9 and ring_pixels(focused) == 0
