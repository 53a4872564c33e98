"""使用者: the secretary adds volunteers and other secretaries, renames, changes roles, retires.

Users are never deleted (the audit trail points at them); retiring (已停用) takes them off
the start screen while their past records keep their name.
"""
from __future__ import annotations

from typing import Any

import peewee
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.db import storage_errors
from models.errors import LedgerError
from models.rocdate import DateInputError, format_roc
from models.users import NAME_MAX_LENGTH, ROLE_LABELS, Role, User, create_user, update_user
from ui.errors import show_problem
from ui.history_dialog import HistoryDialog
from ui.widgets.tables import readable_table
from ui.i18n import tr
from ui.start_screen import error_label, pin_edit
from ui.style import heading_font

AnyIndex = QModelIndex | QPersistentModelIndex

# Header texts are translated when shown, not at import (a translator may be installed later).
USER_COLUMNS = ("姓名", "角色", "狀態", "建立時間")
ACTIVE_LABELS = {True: "使用中", False: "已停用"}


def all_users() -> list[User]:
    """Everyone, active first, then by role in the order the desk knows them, then by name."""
    order = peewee.Case(User.role, [(role.value, i) for i, role in enumerate(Role)], len(Role))
    with storage_errors():
        return list(User.select().order_by(User.active.desc(), order, User.name))


def role_label(role: str) -> str:
    try:
        return tr(ROLE_LABELS[Role(role)])
    except ValueError:
        return role  # a role this version does not know: show it rather than crash


class UsersModel(QAbstractTableModel):
    """Every user (active and retired) as read-only rows; refresh() re-reads the database."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._users: list[User] = []

    def refresh(self) -> None:
        users = all_users()  # read first: a storage error leaves the old rows in place
        self.beginResetModel()
        self._users = users
        self.endResetModel()

    def user_at(self, row: int) -> User:
        return self._users[row]

    def row_of(self, user_id: int) -> int:
        """The row showing ``user_id``, or -1."""
        return next((row for row, user in enumerate(self._users) if user.id == user_id), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self._users)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(USER_COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._users):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(self._users[index.row()], index.column())
        return None

    def _cell(self, user: User, column: int) -> str | None:
        if column == 0:
            return user.name
        if column == 1:
            return role_label(user.role)
        if column == 2:
            return tr(ACTIVE_LABELS[bool(user.active)])
        if column == 3:
            try:
                return format_roc(user.created_at.date())
            except (AttributeError, DateInputError):
                return str(user.created_at or "")
        return None

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(USER_COLUMNS):
            return tr(USER_COLUMNS[section])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._users):
            return str(section + 1)
        return None


class UserDialog(QDialog):
    """Add (``user`` None) or change one user; stays open with the reason when input is refused."""

    saved = Signal(object)

    def __init__(self, actor: User, user: User | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.user = user
        self.setWindowTitle(tr("新增使用者") if user is None else tr("修改使用者"))
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
        self.message = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("儲存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))

        self.form = QFormLayout()
        self.form.addRow(tr("姓名"), self.name_edit)
        self.form.addRow(tr("角色"), self.role_combo)
        self.form.addRow("", self.active_check)
        self.form.addRow(tr("PIN"), self.pin_edit)
        self.form.addRow(tr("再輸入一次 PIN"), self.confirm_edit)
        self.form.addRow("", self.pin_hint)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

        self._load()
        self._connect_signals()
        self._update_pin_rows()
        self.name_edit.setFocus()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        self.role_combo.currentIndexChanged.connect(self._update_pin_rows)

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
            self.pin_hint.setText(tr("不變更 PIN 請留空；要換新 PIN 時，兩格都輸入新的 PIN（4 到 8 位數字）。"))
        else:
            self.pin_hint.setText(tr("研考登入時要輸入 PIN，請設定 4 到 8 位數字。"))
        self.adjustSize()

    def try_accept(self) -> None:
        """Save through the domain; on a refused input say why next to the form and stay open."""
        secretary = self.role() == Role.SECRETARY
        pin = self.pin_edit.text() if secretary else ""
        confirm = self.confirm_edit.text() if secretary else ""
        try:
            if self.user is None:
                user = create_user(self.actor, self.name_edit.text(), self.role(), pin, confirm)
            else:
                user = update_user(
                    self.actor,
                    self.user,
                    name=self.name_edit.text(),
                    role=self.role(),
                    active=self.active_check.isChecked(),
                    pin=pin,
                    confirm=confirm,
                )
        except LedgerError as exc:
            self._reload_user()
            self.message.setText(str(exc))
            self._focus_field(exc.field)
            return
        self.message.clear()
        self.saved.emit(user)
        self.accept()

    def _reload_user(self) -> None:
        """update_user sets the fields before it checks the PIN: forget what a refused save changed."""
        if self.user is None:
            return
        try:
            with storage_errors():
                self.user = User.get_by_id(self.user.id)
        except (LedgerError, peewee.DoesNotExist):
            pass

    def _focus_field(self, field: str | None) -> None:
        widget = {
            "name": self.name_edit,
            "role": self.role_combo,
            "pin": self.pin_edit,
            "pin_confirm": self.confirm_edit,
        }.get(field or "")
        if widget is None or not widget.isVisibleTo(self):
            return
        if isinstance(widget, QLineEdit):
            if widget in (self.pin_edit, self.confirm_edit):
                self.pin_edit.clear()
                self.confirm_edit.clear()
                widget = self.pin_edit
            widget.selectAll()
        widget.setFocus()


class UsersView(QWidget):
    """The list of users and the two ways to change it (新增使用者, 修改)."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = user
        self.dialog: UserDialog | None = None
        title = QLabel(tr("使用者"))
        title.setFont(heading_font(self.font(), 1.4))
        hint = QLabel(tr("使用者不會被刪除；不再服務的人請按「修改」，取消勾選「使用中」即可停用。"))
        hint.setWordWrap(True)
        self.model = UsersModel(self)
        self.table = readable_table(self.model)
        self.add_button = QPushButton(tr("新增使用者"))
        self.edit_button = QPushButton(tr("修改"))
        self.history_button = QPushButton(tr("修改歷程"))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.history_button):
            button.setMinimumSize(140, 44)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self._connect_signals()
        self.refresh()

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add_user)
        self.edit_button.clicked.connect(self.edit_selected)
        self.history_button.clicked.connect(self.show_history)
        # activated = double-click or Enter on a row (per platform convention).
        self.table.activated.connect(self._edit_row)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

    def activate(self) -> None:
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        if select_id is None and (current := self.selected_user()) is not None:
            select_id = current.id
        try:
            self.model.refresh()
        except LedgerError as exc:
            show_problem(self, exc)
            return
        if select_id is not None and (row := self.model.row_of(select_id)) >= 0:
            self.table.selectRow(row)
        self._update_buttons()

    def selected_user(self) -> User | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.user_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected_user() is not None
        self.edit_button.setEnabled(chosen)
        self.history_button.setEnabled(chosen)

    def open_user_dialog(self, user: User | None = None) -> UserDialog:
        """Build the dialog for ``user`` (None: a new one); the caller shows it."""
        if self.dialog is not None:
            self.dialog.deleteLater()
        fresh = None
        if user is not None:
            with storage_errors():
                fresh = User.get_by_id(user.id)  # edit a copy: the table keeps what is stored
        self.dialog = UserDialog(self.actor, fresh, self)
        self.dialog.saved.connect(self._on_saved)
        return self.dialog

    def add_user(self) -> None:
        self._show_dialog(None)

    def edit_selected(self) -> None:
        user = self.selected_user()
        if user is not None:
            self._show_dialog(user)

    def _edit_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.selectRow(index.row())
            self.edit_selected()

    def _show_dialog(self, user: User | None) -> None:
        try:
            dialog = self.open_user_dialog(user)
        except (LedgerError, peewee.DoesNotExist) as exc:
            if isinstance(exc, LedgerError):
                show_problem(self, exc)
            self.refresh()
            return
        dialog.open()  # window-modal without a nested event loop

    def show_history(self) -> None:
        """Who added this user and every later change (renames, roles, retiring)."""
        user = self.selected_user()
        if user is None:
            return
        try:
            dialog = HistoryDialog(self.actor, User._meta.table_name, user.id, self)
        except LedgerError as exc:
            show_problem(self, exc)
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_saved(self, user: User) -> None:
        self.refresh(select_id=user.id)
