"""使用者: the secretary adds volunteers and other secretaries, renames, changes roles, retires.

Users are never deleted (the audit trail points at them); retiring (已停用) takes them off
the start screen while their past records keep their name. The list, the dialog's save and
the 修改歷程 button are the shared record list's (ui.widgets.record_list).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from models.accounts import NAME_MAX_LENGTH, ROLE_LABELS, Role, User, pin_is_locked, pin_wait_remaining, users
from models.base import now
from models.rocdate import DateInputError, format_roc
from models.users import create_user, unlock_pin, update_user
from ui.admin.history_dialog import show_history
from ui.errors import EXPECTED
from ui.i18n import tr
from ui.style import scaled
from ui.widgets.pin_edit import pin_edit
from ui.widgets.record_list import (
    Column,
    RecordDialog,
    RecordListPage,
    RecordTableModel,
)

ACTIVE_LABELS = {True: "使用中", False: "已停用"}


def role_label(role: str) -> str:
    try:
        return tr(ROLE_LABELS[Role(role)])
    except ValueError:
        return role  # a role this version does not know: show it rather than crash


def created_on(user: User) -> str:
    try:
        return format_roc(user.created_at.date())
    except (AttributeError, DateInputError):
        return str(user.created_at or "")


def pin_failures(user: User) -> str:
    """Wrong PINs since the user's last login, and whether they must wait or are locked now."""
    if not user.pin_failures_since_login and not user.pin_failures:
        return ""
    text = tr("{n} 次").format(n=user.pin_failures_since_login)
    at = now()
    seconds = pin_wait_remaining(user, at)
    if pin_is_locked(user, at):
        return text + tr("，鎖定到 {until:%H:%M}").format(until=at + dt.timedelta(seconds=seconds))
    if seconds > 0:
        return text + tr("，等待 {s} 秒").format(s=seconds)
    return text


# Header texts are translated when shown, not at import (a translator may be installed later).
USER_COLUMNS: tuple[Column[User], ...] = (
    Column("姓名", lambda user: user.name),
    Column("角色", lambda user: role_label(user.role)),
    Column("狀態", lambda user: tr(ACTIVE_LABELS[bool(user.active)])),
    Column("建立時間", created_on),
    Column("PIN 錯誤（上次登入後）", pin_failures),
)


class UsersModel(RecordTableModel[User]):
    """Every user (active and retired) as read-only rows; refresh() re-reads the database."""

    columns = USER_COLUMNS

    def load(self) -> list[User]:
        return users(include_retired=True)

    def user_at(self, row: int) -> User:
        return self.record_at(row)


class UserDialog(RecordDialog[User]):
    """Add (``user`` None) or change one user; stays open with the reason when input is refused."""

    def __init__(self, actor: User, user: User | None = None, parent: QWidget | None = None) -> None:
        super().__init__(actor, user, ("新增使用者", "修改使用者"), parent)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(NAME_MAX_LENGTH)
        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem(tr(role.label), role.value)
        self.active_check = QCheckBox(tr("使用中"))
        self.pin_edit = pin_edit()
        self.confirm_edit = pin_edit()
        self.pin_hint = QLabel()
        self.pin_hint.setWordWrap(True)
        self.form.addRow(tr("姓名"), self.name_edit)
        self.form.addRow(tr("角色"), self.role_combo)
        self.form.addRow("", self.active_check)
        self.form.addRow(tr("PIN"), self.pin_edit)
        self.form.addRow(tr("再輸入一次 PIN"), self.confirm_edit)
        self.form.addRow("", self.pin_hint)
        self.setMinimumWidth(scaled(520))
        self._load()
        self.role_combo.currentIndexChanged.connect(self._update_pin_rows)
        # Its refusals are said on the dialog's line: they go once a field is put right.
        for changed in (
            self.name_edit.textEdited, self.role_combo.activated, self.pin_edit.textEdited, self.confirm_edit.textEdited
        ):
            changed.connect(lambda *_args: self.message.clear())
        self._update_pin_rows()
        self.name_edit.setFocus()

    @property
    def user(self) -> User | None:
        """The user being changed, as stored (None while adding one)."""
        return self.record

    def _load(self) -> None:
        if self.user is None:
            self.set_role(Role.VOLUNTEER)
            self.active_check.setChecked(True)
            self.form.setRowVisible(self.active_check, False)  # a new user is always 使用中
            return
        self.name_edit.setText(self.user.name)
        self.set_role(self.user.role)
        self.active_check.setChecked(bool(self.user.active))

    def role(self) -> Role:
        return Role(self.role_combo.currentData())

    def set_role(self, role: Role | str) -> None:
        self.role_combo.setCurrentIndex(self.role_combo.findData(Role(role).value))

    def _keeps_old_pin(self) -> bool:
        """Editing someone who already has a PIN: an empty PIN field means "keep it"."""
        return self.user is not None and bool(self.user.pin_hash)

    def _update_pin_rows(self) -> None:
        """PIN fields only matter for 研考; the others never type one."""
        secretary = self.role() == Role.SECRETARY
        for widget in (self.pin_edit, self.confirm_edit, self.pin_hint):
            self.form.setRowVisible(widget, secretary)
        if self._keeps_old_pin():
            self.pin_hint.setText(tr("不變更 PIN 請留空；要換新 PIN 時，兩格都輸入新的 PIN（6 到 12 位數字）。"))
        else:
            self.pin_hint.setText(tr("研考登入時要輸入 PIN，請設定 6 到 12 位數字。"))
        self.adjustSize()

    def save(self) -> User:
        secretary = self.role() == Role.SECRETARY
        pin = self.pin_edit.text() if secretary else ""
        confirm = self.confirm_edit.text() if secretary else ""
        if self.user is None:
            return create_user(self.actor, self.name_edit.text(), self.role(), pin, confirm)
        return update_user(
            self.actor,
            self.user,
            name=self.name_edit.text(),
            role=self.role(),
            active=self.active_check.isChecked(),
            pin=pin,
            confirm=confirm,
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        return {
            "name": self.name_edit,
            "role": self.role_combo,
            "pin": self.pin_edit,
            "pin_confirm": self.confirm_edit,
        }

    def _focus_field(self, field: str | None) -> None:
        """A refused PIN is typed again from the start: both fields are emptied."""
        if field in ("pin", "pin_confirm") and self.pin_edit.isVisibleTo(self):
            self.pin_edit.clear()
            self.confirm_edit.clear()
            field = "pin"
        super()._focus_field(field)


class UsersView(RecordListPage[User, UserDialog]):
    """The list of users and the ways to change it (新增使用者, 修改) or trace it (修改歷程)."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(
            user,
            title="使用者",
            hint="使用者不會被刪除；不再服務的人請按「修改」，取消勾選「使用中」即可停用。"
            "研考的 PIN 連續打錯會要求等待，錯 10 次鎖定 30 分鐘；可以選取後按「解除鎖定」。",
            add_text="新增使用者",
            history=show_history,
            parent=parent,
        )

    def extra_buttons(self) -> list[QPushButton]:
        self.unlock_button = QPushButton(tr("解除鎖定"))
        return [self.unlock_button]

    def _connect_signals(self) -> None:
        super()._connect_signals()
        self.unlock_button.clicked.connect(self.unlock_selected)

    def _update_buttons(self) -> None:
        super()._update_buttons()
        chosen = self.selected()
        self.unlock_button.setEnabled(chosen is not None and bool(chosen.pin_failures))

    def unlock_selected(self) -> None:
        """Let a secretary who is waiting or locked after wrong PINs try again at once."""
        user = self.selected()
        if user is None:
            return
        try:
            unlock_pin(self.actor, user)
        except EXPECTED as exc:
            self.message.setText(str(exc))
            return
        self.message.clear()
        self.refresh(select_id=user.id)

    def create_model(self) -> UsersModel:
        return UsersModel()

    def create_dialog(self, record: User | None) -> UserDialog:
        return UserDialog(self.actor, record, self)

    def selected_user(self) -> User | None:
        return self.selected()

    def open_user_dialog(self, user: User | None = None) -> UserDialog:
        """Build the dialog for ``user`` (None: a new one); the caller shows it."""
        return self.open_dialog(user)

    def add_user(self) -> None:
        self.add_new()
