"""類別: the service categories the counters, the month grid and the report list.

Categories are data: the secretary adds one, renames it, chooses which roles see it on their
counter and its key, moves it up or down the printed order, and retires it. Only a category
nobody has used can be deleted; a used one keeps its counts and is retired (已停用) instead.
"""
from __future__ import annotations

from typing import Any

import peewee
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.db import storage_errors
from models.errors import LedgerError
from models.service import (
    NAME_MAX_LENGTH,
    ServiceCategory,
    add_category,
    categories,
    delete_category,
    move_category,
    update_category,
)
from models.users import ROLE_LABELS, Role, User
from ui.errors import show_problem
from ui.history_dialog import readable_table
from ui.i18n import tr
from ui.service.common import fit_table_width
from ui.start_screen import error_label
from ui.style import heading_font

AnyIndex = QModelIndex | QPersistentModelIndex

CATEGORY_COLUMNS = ("代碼", "名稱", "按鍵", "使用的角色", "金額", "狀態")
ACTIVE_LABELS = {True: "使用中", False: "已停用"}
AMOUNT_LABELS = {True: "有", False: "—"}
NO_ROLES = "—"
RETIRED_COLOUR = QColor("#888888")
KEY_MAX_LENGTH = 4  # one key is allowed; a little room so "AB" is answered, not silently cut
CENTRED_COLUMNS = {0, 2, 4}


def role_labels(category: ServiceCategory) -> str:
    """志工、總機 … in the order the desk knows the roles."""
    roles = category.role_set
    labels = [tr(ROLE_LABELS[role]) for role in Role if role in roles]
    return "、".join(labels) if labels else NO_ROLES


class CategoriesModel(QAbstractTableModel):
    """Every category, retired ones included, in the printed order; refresh() re-reads."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._categories: list[ServiceCategory] = []

    def refresh(self) -> None:
        with storage_errors():
            rows = categories(include_retired=True)  # read first: an error keeps the old rows
        self.beginResetModel()
        self._categories = rows
        self.endResetModel()

    def category_at(self, row: int) -> ServiceCategory:
        return self._categories[row]

    def row_of(self, category_id: int) -> int:
        return next((row for row, c in enumerate(self._categories) if c.id == category_id), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self._categories)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(CATEGORY_COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._categories):
            return None
        column = index.column()
        if not 0 <= column < len(CATEGORY_COLUMNS):
            return None
        category = self._categories[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(category, column)
        if role == Qt.ItemDataRole.ForegroundRole and not category.active:
            return QBrush(RETIRED_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in CENTRED_COLUMNS:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _cell(self, category: ServiceCategory, column: int) -> str:
        if column == 0:
            return category.code
        if column == 1:
            return category.name
        if column == 2:
            return category.shortcut or ""
        if column == 3:
            return role_labels(category)
        if column == 4:
            return tr(AMOUNT_LABELS[bool(category.has_amount)])
        return tr(ACTIVE_LABELS[bool(category.active)])

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(CATEGORY_COLUMNS):
            return tr(CATEGORY_COLUMNS[section])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._categories):
            return str(section + 1)
        return None


class CategoryDialog(QDialog):
    """Add (``category`` None) or change one category; stays open with the reason when refused.

    ``try_accept`` is the OK path, so tests (and the view) drive it without ``exec()``.
    """

    saved = Signal(object)

    def __init__(self, actor: User, category: ServiceCategory | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.category = category
        self.setWindowTitle(tr("新增類別") if category is None else tr("修改類別"))
        self.code_label = QLabel()
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(NAME_MAX_LENGTH)
        self.key_edit = QLineEdit()
        self.key_edit.setMaxLength(KEY_MAX_LENGTH)
        self.key_edit.setMaximumWidth(120)
        self.key_hint = QLabel(tr("櫃台上按這個鍵記一筆（一個英文字母，可留空）"))
        self.key_hint.setWordWrap(True)
        self.role_checks = {role: QCheckBox(tr(role.label)) for role in Role}
        self.active_check = QCheckBox(tr("使用中"))
        self.amount_check = QCheckBox(tr("收款項目（每筆另記金額）"))
        self.amount_label = QLabel()
        self.message = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("儲存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))

        roles = QHBoxLayout()
        for check in self.role_checks.values():
            roles.addWidget(check)
        roles.addStretch(1)
        self.roles_row = QWidget()
        self.roles_row.setLayout(roles)
        roles.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout()
        self.form.addRow(tr("代碼"), self.code_label)
        self.form.addRow(tr("名稱"), self.name_edit)
        self.form.addRow(tr("按鍵"), self.key_edit)
        self.form.addRow("", self.key_hint)
        self.form.addRow(tr("使用的角色"), self.roles_row)
        self.form.addRow(tr("金額"), self.amount_label)
        self.form.addRow("", self.amount_check)
        self.form.addRow("", self.active_check)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._load()
        self._connect_signals()
        self.name_edit.setFocus()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)

    def _load(self) -> None:
        category = self.category
        if category is None:
            self.code_label.setText(tr("（儲存時自動編號）"))
            self.active_check.setChecked(True)
            self.form.setRowVisible(self.active_check, False)  # a new category is always 使用中
            self.form.setRowVisible(self.amount_label, False)
            # Payments look for the one amount category: offer a new one only when there is none.
            has_payment = any(c.has_amount for c in categories(include_retired=True))
            self.form.setRowVisible(self.amount_check, not has_payment)
            return
        self.code_label.setText(category.code)
        self.name_edit.setText(category.name)
        self.key_edit.setText(category.shortcut or "")
        for role, check in self.role_checks.items():
            check.setChecked(role in category.role_set)
        self.active_check.setChecked(bool(category.active))
        self.amount_label.setText(tr("有（收款項目）") if category.has_amount else tr("沒有"))
        self.form.setRowVisible(self.amount_check, False)  # fixed once created: past figures depend on it

    def chosen_roles(self) -> list[Role]:
        return [role for role, check in self.role_checks.items() if check.isChecked()]

    def try_accept(self) -> None:
        """Save through the domain; on a refusal say why and stay open with what was typed."""
        try:
            if self.category is None:
                category = add_category(
                    self.actor,
                    self.name_edit.text(),
                    roles=self.chosen_roles(),
                    shortcut=self.key_edit.text(),
                    has_amount=self.amount_check.isChecked(),
                )
            else:
                category = update_category(
                    self.actor,
                    self.category,
                    name=self.name_edit.text(),
                    roles=self.chosen_roles(),
                    shortcut=self.key_edit.text(),
                    active=self.active_check.isChecked(),
                )
        except LedgerError as exc:
            self._reload_category()
            self.message.setText(str(exc))
            self._focus_field(exc.field)
            return
        self.message.clear()
        self.saved.emit(category)
        self.accept()

    def _reload_category(self) -> None:
        """A refused save may have touched our copy: take the stored one again."""
        if self.category is None:
            return
        try:
            with storage_errors():
                self.category = ServiceCategory.get_by_id(self.category.id)
        except (LedgerError, peewee.DoesNotExist):
            pass

    def _focus_field(self, field: str | None) -> None:
        widget = {"name": self.name_edit, "shortcut": self.key_edit}.get(field or "")
        if widget is not None:
            widget.selectAll()
            widget.setFocus()


class CategoriesView(QWidget):
    """The category list and what can be done to it: 新增, 修改, 上移, 下移, 刪除."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = user
        self.dialog: CategoryDialog | None = None
        title = QLabel(tr("服務類別"))
        title.setFont(heading_font(self.font(), 1.3))
        hint = QLabel(tr(
            "上下順序就是報表的順序。已經有紀錄的類別不能刪除；不再使用時請按「修改」，"
            "取消勾選「使用中」即可停用，過去的人次仍會保留在報表中。"
        ))
        hint.setWordWrap(True)
        self.model = CategoriesModel(self)
        self.table = readable_table(self.model)
        self.message = error_label()
        self.add_button = QPushButton(tr("新增"))
        self.edit_button = QPushButton(tr("修改"))
        self.up_button = QPushButton(tr("上移"))
        self.down_button = QPushButton(tr("下移"))
        self.delete_button = QPushButton(tr("刪除"))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.up_button, self.down_button, self.delete_button):
            button.setMinimumSize(110, 44)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        table_row = QHBoxLayout()
        table_row.addWidget(self.table)
        table_row.addStretch(1)
        layout.addLayout(table_row, 1)
        self._connect_signals()
        self.refresh()

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add_new)
        self.edit_button.clicked.connect(self.edit_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.table.activated.connect(self._edit_row)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.model.modelReset.connect(lambda: fit_table_width(self.table))

    def activate(self) -> None:
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        if select_id is None and (current := self.selected_category()) is not None:
            select_id = current.id
        try:
            self.model.refresh()
        except LedgerError as exc:
            show_problem(self, exc)
            return
        if select_id is not None and (row := self.model.row_of(select_id)) >= 0:
            self.table.selectRow(row)
        self._update_buttons()

    def selected_category(self) -> ServiceCategory | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.category_at(rows[0].row()) if rows else None

    def select_code(self, code: str) -> None:
        """Select the row of category ``code`` (as a click would)."""
        row = next((r for r in range(self.model.rowCount()) if self.model.category_at(r).code == code), -1)
        if row >= 0:
            self.table.selectRow(row)

    def _update_buttons(self) -> None:
        selected = self.selected_category()
        row = self.model.row_of(selected.id) if selected is not None else -1
        self.edit_button.setEnabled(selected is not None)
        self.delete_button.setEnabled(selected is not None)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.model.rowCount() - 1)

    # --- the dialog ----------------------------------------------------------------------

    def open_category_dialog(self, category: ServiceCategory | None = None) -> CategoryDialog:
        """Build the dialog for ``category`` (None: a new one); the caller shows it."""
        if self.dialog is not None:
            self.dialog.deleteLater()
        fresh = None
        if category is not None:
            with storage_errors():
                fresh = ServiceCategory.get_by_id(category.id)  # edit a copy: the table keeps what is stored
        self.dialog = CategoryDialog(self.actor, fresh, self)
        self.dialog.saved.connect(self._on_saved)
        return self.dialog

    def add_new(self) -> None:
        self._show_dialog(None)

    def edit_selected(self) -> None:
        category = self.selected_category()
        if category is not None:
            self._show_dialog(category)

    def _edit_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.selectRow(index.row())
            self.edit_selected()

    def _show_dialog(self, category: ServiceCategory | None) -> None:
        try:
            dialog = self.open_category_dialog(category)
        except (LedgerError, peewee.DoesNotExist) as exc:
            if isinstance(exc, LedgerError):
                show_problem(self, exc)
            self.refresh()
            return
        dialog.open()  # window-modal without a nested event loop

    def _on_saved(self, category: ServiceCategory) -> None:
        self.message.clear()
        self.refresh(select_id=category.id)

    # --- order and deletion ------------------------------------------------------------

    def move_selected(self, step: int) -> None:
        """上移 (-1) / 下移 (+1): the printed order, the grid's columns and the counters follow."""
        category = self.selected_category()
        if category is None:
            return
        try:
            move_category(self.actor, category, step)
        except LedgerError as exc:
            self.message.setText(str(exc))
            return
        self.message.clear()
        self.refresh(select_id=category.id)

    def delete_selected(self, confirmed: bool | None = None) -> None:
        """Delete an unused category; ``confirmed`` None asks first, as the button does."""
        category = self.selected_category()
        if category is None:
            return
        if confirmed is None:
            answer = QMessageBox.question(
                self,
                tr("刪除類別"),
                tr("確定要刪除「{name}」嗎？").format(name=category.name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            confirmed = answer == QMessageBox.StandardButton.Yes
        if not confirmed:
            return
        try:
            delete_category(self.actor, category)
        except LedgerError as exc:
            self.message.setText(str(exc))
            return
        except peewee.IntegrityError:  # someone recorded one on another PC meanwhile
            self.message.setText(tr("「{name}」已經有紀錄，不能刪除；不再使用請改為「停用」。").format(name=category.name))
            return
        self.message.clear()
        self.refresh()
