"""Who is at the desk: the first-run set-up, the big name buttons, and the secretary's PIN."""
from __future__ import annotations

import math
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models.accounts import PinRequired, PinWait, User, active_users
from models.errors import LedgerError
from models.users import Login, create_first_secretary, log_in
from ui.i18n import tr
from ui.style import ERROR_TEXT, FOCUS_RING, OK_BACKGROUND, heading_font, scaled
from ui.widgets.dialog_room import make_room
from ui.widgets.messages import error_label
from ui.widgets.pin_edit import pin_edit
from ui.widgets.questions import tell


CREATED_TITLE = "已建立研考"
CREATED_TEXT = (
    "已建立研考「{name}」。請記好剛才設定的 PIN，之後每次以研考登入都要輸入。\n\n"
    "按「確定」進入程式；接著請到「使用者」（F8）加入志工、總機與輪值人員。"
)


class FirstRunPage(QWidget):
    """The first start: create the secretary (研考), who then adds everyone else."""

    created = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(tr("歡迎使用為民服務紀錄簿"))
        title.setFont(heading_font(self.font(), 1.8))
        intro = QLabel(tr(
            "第一次使用，請先建立一位「研考」使用者。研考負責管理使用者、修正資料與製作報告，"
            "登入時需要輸入 PIN（6 到 12 位數字）。"
        ))
        intro.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(20)
        self.pin_edit = pin_edit()
        self.confirm_edit = pin_edit()
        self.message = error_label()
        self.create_button = QPushButton(tr("建立研考並開始使用"))
        self.create_button.setDefault(True)

        form = QFormLayout()
        form.addRow(tr("研考姓名"), self.name_edit)
        form.addRow(tr("PIN"), self.pin_edit)
        form.addRow(tr("再輸入一次 PIN"), self.confirm_edit)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, intro):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.create_button)
        layout.addStretch(2)
        layout.setContentsMargins(120, 40, 120, 40)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.create_button.clicked.connect(self.submit)
        for edit in (self.name_edit, self.pin_edit, self.confirm_edit):
            edit.returnPressed.connect(self.submit)

    def submit(self) -> None:
        try:
            user = create_first_secretary(self.name_edit.text(), self.pin_edit.text(), self.confirm_edit.text())
        except LedgerError as exc:
            self.message.setText(str(exc))
            return
        self.message.clear()
        # Said before the desk opens: the PIN is the one thing the secretary must keep.
        tell(self, tr(CREATED_TITLE), tr(CREATED_TEXT).format(name=user.name))
        self.created.emit(user)


class PinDialog(QDialog):
    """The secretary proves who they are; the dialog stays open until the PIN is right.

    After too many wrong PINs it says how long to wait and checks nothing until then; the
    window never sleeps (the wait is a time stored in the database, not a pause here).
    """

    def __init__(self, user: User, parent: QWidget | None = None, *, wait: PinWait | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.login: Login | None = None
        self.setWindowTitle(tr("研考登入"))
        self.setMinimumWidth(scaled(420))
        self.pin_edit = pin_edit()
        self.message = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("登入"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.wait_until, self.locked = 0.0, False
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("{name}，請輸入 PIN：").format(name=user.name)))
        layout.addWidget(self.pin_edit)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        make_room(self)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        self.countdown.timeout.connect(self._tick)
        if wait is not None:
            self.show_wait(wait)

    def _say(self, text: str, *, good: bool = False) -> None:
        """A message under the PIN (a lock says until when and who can unlock): the dialog
        grows to show all of it (``make_room``). Red, unless it is good news."""
        self.message.setStyleSheet(f"color: {OK_BACKGROUND if good else ERROR_TEXT};")
        self.message.setText(text)

    def show_wait(self, wait: PinWait) -> None:
        """No PIN is looked at until the wait is over: 登入 is off and the seconds count down."""
        self._say(wait.message)
        self.wait_until = time.monotonic() + wait.seconds
        self.locked = wait.locked
        self.ok_button.setEnabled(False)
        # Nothing typed now would be looked at: the box takes no typing (still the focus, so
        # Enter there checks nothing, where on 取消 it would close the dialog).
        self.pin_edit.clear()
        self.pin_edit.setReadOnly(True)
        self.countdown.start()

    def _tick(self) -> None:
        left = math.ceil(self.wait_until - time.monotonic())
        if left > 0:
            if not self.locked:  # a lock's message says until when, in minutes
                self._say(tr("PIN 錯誤太多次，請等 {seconds} 秒後再試。").format(seconds=left))
            return
        self.countdown.stop()
        self.ok_button.setEnabled(True)
        self.pin_edit.setReadOnly(False)
        self._say(tr("現在可以再輸入 PIN 了。"), good=True)
        self.pin_edit.setFocus()

    def try_accept(self) -> None:
        if not self.ok_button.isEnabled():
            return  # Enter while waiting
        try:
            self.login = log_in(self.user, self.pin_edit.text())
        except PinWait as exc:
            self.pin_edit.clear()
            self.show_wait(exc)
            return
        except LedgerError as exc:
            self._say(str(exc))
            self.pin_edit.clear()
            self.pin_edit.setFocus()
            return
        self.accept()


# The names are tiles; the one Enter would choose wears a thick dark ring (Qt's own focus
# frame is a faint line a volunteer cannot find).
NAME_BUTTONS = (
    "QPushButton { background: #f4f6f9; border: 1px solid #9aa4b1; border-radius: 8px; padding: 6px; }"
    "QPushButton:hover { background: #e8eef7; }"
    f"QPushButton:focus {{ background: #e3ecfa; border: 4px solid {FOCUS_RING}; }}"
    "QPushButton:pressed { background: #cfdcf3; }"
)


class ChooseUserPage(QWidget):
    """Large buttons with names: one press and the volunteer is at work."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(tr("請問是誰在服務台？"))
        title.setFont(heading_font(self.font(), 1.8))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grid_host = QWidget()
        self.grid_host.setStyleSheet(NAME_BUTTONS)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(16)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.message = error_label(keep_room=True)
        self.message.setFont(heading_font(self.font(), 1.1))
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        layout.setContentsMargins(60, 30, 60, 30)
        self.buttons: list[QPushButton] = []

    def refresh(self) -> None:
        self.message.clear()
        for button in self.buttons:
            button.deleteLater()
        self.buttons = []
        columns = 4
        for index, user in enumerate(active_users()):
            button = QPushButton(f"{user.name}\n{user.role_enum.label}")
            button.setMinimumSize(scaled(220), scaled(96))
            button.setFont(heading_font(self.font(), 1.3))
            button.clicked.connect(lambda _=False, u=user: self.choose(u))
            self.grid.addWidget(button, index // columns, index % columns)
            self.buttons.append(button)

    def focus_first(self) -> None:
        if self.buttons and self.isVisible():  # a late call must not steal focus from a desk
            self.buttons[0].setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        # Enter on a name works like a click, as a volunteer expects.
        focused = self.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and focused in self.buttons:
            focused.click()
            return
        super().keyPressEvent(event)

    def choose(self, user: User) -> None:
        """Log in with the role and PIN stored now: the button may have been drawn before a
        secretary made this person a 研考, retired them or changed their PIN elsewhere."""
        try:
            login: Login | None = log_in(user)
        except PinWait as exc:
            if exc.locked:
                self.message.setText(exc.message)
                return
            login = self.ask_pin(user, exc)
        except PinRequired as exc:
            login = self.ask_pin(exc.user)
        except LedgerError as exc:
            self.refresh()  # retired (or gone) elsewhere: the buttons are read again
            self.message.setText(str(exc))
            return
        if login is None:
            return
        self.message.clear()
        self.chosen.emit(login)

    def ask_pin(self, user: User, wait: PinWait | None = None) -> Login | None:
        dialog = PinDialog(user, self, wait=wait)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        login = dialog.login if accepted else None
        dialog.deleteLater()
        return login
