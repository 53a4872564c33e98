"""The way in: first run creates the secretary; the start screen asks who is at the desk."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from models.accounts import Role, User
from models.audit import AuditEntry
from models.users import create_user
from tests.ui.message_boxes import AnsweredBoxes
from ui.login.start_screen import PinDialog
from ui.main_window import MainWindow
from ui.settings import DEFAULT_FONT_POINT_SIZE
from ui.style import apply_app_font


def make_window(qtbot: QtBot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def screen_titles(window: MainWindow) -> list[str]:
    assert window.workspace is not None
    return [screen.key for screen in window.workspace.screens]


def test_first_run_creates_the_secretary_says_so_and_logs_in(
    qtbot: QtBot, database, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes = AnsweredBoxes().install(monkeypatch)
    window = make_window(qtbot)
    assert window.pages.currentWidget() is window.first_run
    page = window.first_run
    page.name_edit.setText("林秘書")  # Chinese arrives whole from the input method
    qtbot.keyClicks(page.pin_edit, "246813")
    qtbot.keyClicks(page.confirm_edit, "246813")
    qtbot.keyClick(page.confirm_edit, Qt.Key.Key_Return)
    user = User.get()
    assert user.name == "林秘書" and user.role == Role.SECRETARY
    [(title, text, _icon)] = boxes.said  # told once, before the desk opens
    assert title == "已建立研考" and "已建立研考「林秘書」" in text and "PIN" in text and "使用者" in text
    assert window.workspace is not None and window.workspace.user.id == user.id
    assert screen_titles(window) == [
        "survey", "report", "payments", "statistics", "summary", "month_grid", "categories", "users", "settings",
        "backup", "registers",
    ]


@pytest.mark.parametrize(
    "name, pin, confirm, message",
    [
        ("", "246813", "246813", "請輸入姓名"),
        ("林秘書", "12", "12", "6 到 12 位數字"),
        ("林秘書", "246813", "135724", "兩次輸入的 PIN 不一樣"),
        ("林秘書", "abcd", "abcd", "6 到 12 位數字"),
    ],
)
def test_first_run_bad_input_writes_nothing(qtbot: QtBot, database, name: str, pin: str, confirm: str, message: str) -> None:
    window = make_window(qtbot)
    page = window.first_run
    page.name_edit.setText(name)
    page.pin_edit.setText(pin)
    page.confirm_edit.setText(confirm)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert message in page.message.text()
    assert User.select().count() == 0 and AuditEntry.select().count() == 0
    assert window.workspace is None


def test_volunteer_is_chosen_with_one_press_and_sees_only_the_desk(qtbot: QtBot, volunteer: User) -> None:
    window = make_window(qtbot)
    assert window.pages.currentWidget() is window.choose_user
    button = next(b for b in window.choose_user.buttons if b.text().startswith(volunteer.name))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.workspace is not None and window.workspace.user.id == volunteer.id
    assert screen_titles(window) == ["survey", "counter"]
    assert window.workspace.stack.currentWidget() is window.workspace.screen_widget("survey")


@pytest.mark.parametrize(
    "role, screens, home",
    [
        (Role.OPERATOR, ["survey", "counter"], "counter"),
        (Role.DUTY, ["survey", "counter", "payments"], "payments"),
    ],
)
def test_each_role_sees_its_screens_and_starts_on_its_main_job(
    qtbot: QtBot, secretary: User, role: Role, screens: list[str], home: str
) -> None:
    user = create_user(secretary, "某某", role)
    window = make_window(qtbot)
    window.log_in(user)
    assert screen_titles(window) == screens
    assert window.workspace.stack.currentWidget() is window.workspace.screen_widget(home)


def test_switching_user_returns_to_the_start_screen(qtbot: QtBot, volunteer: User) -> None:
    window = make_window(qtbot)
    window.log_in(volunteer)
    qtbot.mouseClick(window.workspace.switch_button, Qt.MouseButton.LeftButton)
    assert window.workspace is None and window.pages.currentWidget() is window.choose_user


def test_retired_users_are_not_offered(qtbot: QtBot, secretary: User) -> None:
    from models.users import update_user

    gone = create_user(secretary, "離職志工", Role.VOLUNTEER)
    update_user(secretary, gone, name=gone.name, role=gone.role, active=False)
    window = make_window(qtbot)
    names = [b.text().split("\n")[0] for b in window.choose_user.buttons]
    assert names == ["林秘書"]


@pytest.mark.parametrize(
    "pin, message",
    [("", "請輸入 PIN"), ("1111", "PIN 不正確"), ("24680", "PIN 不正確"), ("abcd", "PIN 只有數字 0 到 9")],
)
def test_wrong_pin_keeps_the_dialog_open(qtbot: QtBot, secretary: User, pin: str, message: str) -> None:
    dialog = PinDialog(secretary)
    qtbot.addWidget(dialog)
    dialog.pin_edit.setText(pin)
    dialog.try_accept()
    assert message in dialog.message.text()
    assert dialog.result() == 0 and dialog.pin_edit.text() == ""


def test_right_pin_is_accepted(qtbot: QtBot, secretary: User) -> None:
    dialog = PinDialog(secretary)
    qtbot.addWidget(dialog)
    dialog.pin_edit.setText("246813")  # the secretary fixture's PIN
    dialog.try_accept()
    assert dialog.result() == PinDialog.DialogCode.Accepted


def test_after_choosing_a_volunteer_the_keys_go_to_the_form(qtbot: QtBot, volunteer: User) -> None:
    window = make_window(qtbot)
    qtbot.waitExposed(window)
    window.activateWindow()
    window.choose_user.focus_first()
    qtbot.keyClick(window.choose_user.focusWidget(), Qt.Key.Key_Return)  # Enter picks the name
    assert window.workspace is not None and window.workspace.user.id == volunteer.id
    desk = window.workspace.screen_widget("survey")
    qtbot.waitUntil(lambda: desk.form.hasFocus())
    qtbot.keyClicks(window.focusWidget(), "12345")
    assert list(desk.form.answers().values()) == [1, 2, 3, 4, 5]
    assert desk.date_edit.error() == ""


def test_f12_switches_user(qtbot: QtBot, volunteer: User) -> None:
    window = make_window(qtbot)
    qtbot.waitExposed(window)
    window.activateWindow()
    window.log_in(volunteer)
    qtbot.waitUntil(lambda: window.workspace.screen_widget("survey").form.hasFocus())
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_F12)
    assert window.workspace is None and window.pages.currentWidget() is window.choose_user


def test_a_screen_has_the_same_f_key_for_every_role(qtbot: QtBot, secretary: User) -> None:
    duty = create_user(secretary, "值班", Role.DUTY)
    keys = {}
    for user in (secretary, duty):
        window = make_window(qtbot)
        window.log_in(user)
        keys[user.role] = {s.key: s.key_name for s in window.workspace.screens}
    assert keys[Role.SECRETARY]["payments"] == keys[Role.DUTY]["payments"] == "F3"


def test_after_f12_the_first_name_has_the_focus(qtbot: QtBot, volunteer: User) -> None:
    window = make_window(qtbot)
    qtbot.waitExposed(window)
    window.activateWindow()
    window.log_in(volunteer)
    window.show_start()
    qtbot.waitUntil(lambda: window.choose_user.buttons[0].hasFocus())


def test_a_window_saved_too_small_opens_at_a_usable_size(qtbot: QtBot, database) -> None:
    window = make_window(qtbot)
    window.resize(400, 300)
    window.close()  # saves the tiny geometry
    again = make_window(qtbot)
    assert again.width() >= 800 and again.height() >= 500


def test_a_twenty_character_name_keeps_the_secretarys_workspace_within_1366_pixels(
    qtbot: QtBot, secretary: User
) -> None:
    """With the report's screen (成果報告, on the counter's F2) as well: eleven screens."""
    from models.accounts import NAME_MAX_LENGTH
    from models.users import update_user

    longest = "歐陽" * (NAME_MAX_LENGTH // 2)
    update_user(secretary, secretary, name=longest, role=Role.SECRETARY, active=True)
    app = QApplication.instance()
    saved = app.font()
    apply_app_font(app, DEFAULT_FONT_POINT_SIZE)  # the size the program starts with
    try:
        window = make_window(qtbot)
        window.log_in(User.get_by_id(secretary.id))
        assert len(window.workspace.screens) == 11
        assert window.workspace.minimumSizeHint().width() <= 1366 - 16  # the window's own frame
        assert window.workspace.who.text().endswith("（研考）")
        assert longest in window.workspace.who.toolTip()  # the whole name is one hover away
    finally:
        app.setFont(saved)


class WindowsShown(QObject):
    """Every window (a widget with no parent) shown while it listens: a widget made visible
    before it is in a layout flashes up as a window of its own."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self.shown.append(f"{type(watched).__name__} 「{getattr(watched, 'text', lambda: '')()}」")
        return False


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.OPERATOR, Role.DUTY, Role.SECRETARY])
def test_no_stray_window_flashes_up_at_login_or_on_any_screen(qtbot: QtBot, secretary: User, role: Role) -> None:
    user = secretary if role == Role.SECRETARY else create_user(secretary, "某某", role)
    window = make_window(qtbot)
    qtbot.waitExposed(window)
    listener = WindowsShown()
    QApplication.instance().installEventFilter(listener)
    try:
        window.log_in(user)
        for index in range(len(window.workspace.screens)):
            window.workspace.buttons.button(index).click()
            qtbot.wait(10)
    finally:
        QApplication.instance().removeEventFilter(listener)
    assert listener.shown == []


def test_the_first_start_opens_maximised(qtbot: QtBot, database) -> None:
    """At 1366×768, 740 pixels and a title bar ran under the task bar: the bottom row was cut."""
    window = make_window(qtbot)
    assert window.windowState() & Qt.WindowState.WindowMaximized


def test_a_window_left_where_this_screen_has_no_room_opens_maximised(qtbot: QtBot, database) -> None:
    window = make_window(qtbot)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.setGeometry(5000, 5000, 1200, 700)  # on a screen no longer there
    window.close()
    again = make_window(qtbot)
    assert again.windowState() & Qt.WindowState.WindowMaximized

