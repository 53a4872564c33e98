"""類別: the service categories the counters, the month grid and the report list.

Categories are data: the secretary adds one, renames it, chooses which roles see it on their
counter and its key, moves it up or down the printed order, and retires it. Only a category
nobody has used can be deleted; a used one keeps its counts and is retired (已停用) instead.
The list, the dialog's save and 修改歷程 are the shared record list's (ui.widgets.record_list).
"""
from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from models.accounts import ROLE_LABELS, Role, User
from models.db import storage_errors
from models.service.categories import (
    NAME_MAX_LENGTH,
    ServiceCategory,
    add_category,
    categories,
    move_category,
    update_category,
)
from models.service.counts import category_in_use, delete_category
from ui.admin.history_dialog import show_history
from ui.errors import EXPECTED
from ui.i18n import tr
from ui.service.common import fit_table_width
from ui.style import scaled
from ui.widgets.questions import ask
from ui.widgets.record_list import (
    Column,
    RecordDialog,
    RecordListPage,
    RecordTableModel,
)

ACTIVE_LABELS = {True: "使用中", False: "已停用"}
AMOUNT_LABELS = {True: "有", False: "—"}
NO_ROLES = "—"
RETIRED_COLOUR = QColor("#888888")
KEY_MAX_LENGTH = 4  # one key is allowed; a little room so "AB" is answered, not silently cut
CENTRED = Qt.AlignmentFlag.AlignCenter


def role_labels(category: ServiceCategory) -> str:
    """志工、總機 … in the order the desk knows the roles."""
    roles = category.role_set
    labels = [tr(ROLE_LABELS[role]) for role in Role if role in roles]
    return "、".join(labels) if labels else NO_ROLES


# Header texts are translated when shown, not at import (a translator may be installed later).
CATEGORY_COLUMNS: tuple[Column[ServiceCategory], ...] = (
    Column("代碼", lambda category: category.code, CENTRED),
    Column("名稱", lambda category: category.name),
    Column("按鍵", lambda category: category.shortcut or "", CENTRED),
    Column("使用的角色", role_labels),
    Column("金額", lambda category: tr(AMOUNT_LABELS[bool(category.has_amount)]), CENTRED),
    Column("狀態", lambda category: tr(ACTIVE_LABELS[bool(category.active)])),
)


class CategoriesModel(RecordTableModel[ServiceCategory]):
    """Every category, retired ones included (in grey), in the printed order; refresh() re-reads."""

    columns = CATEGORY_COLUMNS

    def load(self) -> list[ServiceCategory]:
        with storage_errors():
            return categories(include_retired=True)

    def foreground(self, record: ServiceCategory) -> QBrush | None:
        return None if record.active else QBrush(RETIRED_COLOUR)

    def category_at(self, row: int) -> ServiceCategory:
        return self.record_at(row)


class CategoryDialog(RecordDialog[ServiceCategory]):
    """Add (``category`` None) or change one category; stays open with the reason when refused."""

    def __init__(self, actor: User, category: ServiceCategory | None = None, parent: QWidget | None = None) -> None:
        super().__init__(actor, category, ("新增類別", "修改類別"), parent)
        self.code_label = QLabel()
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(NAME_MAX_LENGTH)
        self.key_edit = QLineEdit()
        self.key_edit.setMaxLength(KEY_MAX_LENGTH)
        self.key_edit.setMaximumWidth(scaled(120))
        self.key_hint = QLabel(tr("櫃台上按這個鍵記一筆（一個英文字母，可留空）"))
        self.key_hint.setWordWrap(True)
        self.role_checks = {role: QCheckBox(tr(role.label)) for role in Role}
        self.active_check = QCheckBox(tr("使用中"))
        self.amount_check = QCheckBox(tr("收款項目（每筆另記金額）"))
        self.amount_label = QLabel()

        roles = QHBoxLayout()
        roles.setContentsMargins(0, 0, 0, 0)
        for check in self.role_checks.values():
            roles.addWidget(check)
        roles.addStretch(1)
        self.roles_row = QWidget()
        self.roles_row.setLayout(roles)
        self.form.addRow(tr("代碼"), self.code_label)
        self.form.addRow(tr("名稱"), self.name_edit)
        self.form.addRow(tr("按鍵"), self.key_edit)
        self.form.addRow("", self.key_hint)
        self.form.addRow(tr("使用的角色"), self.roles_row)
        self.form.addRow(tr("金額"), self.amount_label)
        self.form.addRow("", self.amount_check)
        self.form.addRow("", self.active_check)
        self.setMinimumWidth(scaled(560))
        self._load()
        self.name_edit.setFocus()

    @property
    def category(self) -> ServiceCategory | None:
        """The category being changed, as stored (None while adding one)."""
        return self.record

    def _load(self) -> None:
        category = self.category
        if category is None:
            self.code_label.setText(tr("（儲存時自動編號）"))
            self.active_check.setChecked(True)
            self.form.setRowVisible(self.active_check, False)  # a new category is always 使用中
            self.form.setRowVisible(self.amount_label, False)
            # Payments look for the one amount category: offer a new one only when there is none.
            with storage_errors():
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

    def save(self) -> ServiceCategory:
        if self.category is None:
            return add_category(
                self.actor,
                self.name_edit.text(),
                roles=self.chosen_roles(),
                shortcut=self.key_edit.text(),
                has_amount=self.amount_check.isChecked(),
            )
        return update_category(
            self.actor,
            self.category,
            name=self.name_edit.text(),
            roles=self.chosen_roles(),
            shortcut=self.key_edit.text(),
            active=self.active_check.isChecked(),
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        return {"name": self.name_edit, "shortcut": self.key_edit}


class CategoriesView(RecordListPage[ServiceCategory, CategoryDialog]):
    """The category list and what can be done to it: 新增, 修改, 上移, 下移, 刪除, 修改歷程."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(
            user,
            title="服務類別",
            hint=(
                "上下順序就是報表的順序。已經有紀錄的類別不能刪除；不再使用時請按「修改」，"
                "取消勾選「使用中」即可停用，過去的人次仍會保留在報表中。"
            ),
            add_text="新增",
            history=show_history,
            narrow=True,
            parent=parent,
        )

    def create_model(self) -> CategoriesModel:
        return CategoriesModel()

    def create_dialog(self, record: ServiceCategory | None) -> CategoryDialog:
        return CategoryDialog(self.actor, record, self)

    def extra_buttons(self) -> list[QPushButton]:
        self.up_button = QPushButton(tr("上移"))
        self.down_button = QPushButton(tr("下移"))
        self.delete_button = QPushButton(tr("刪除"))
        return [self.up_button, self.down_button, self.delete_button]

    def _connect_signals(self) -> None:
        super()._connect_signals()
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.model.modelReset.connect(lambda: fit_table_width(self.table))

    def selected_category(self) -> ServiceCategory | None:
        return self.selected()

    def select_code(self, code: str) -> None:
        """Select the row of category ``code`` (as a click would)."""
        row = self.model.row_where(lambda category: category.code == code)
        if row >= 0:
            self.table.selectRow(row)

    def open_category_dialog(self, category: ServiceCategory | None = None) -> CategoryDialog:
        """Build the dialog for ``category`` (None: a new one); the caller shows it."""
        return self.open_dialog(category)

    def _update_buttons(self) -> None:
        super()._update_buttons()
        selected = self.selected()
        row = self.model.row_of(selected.id) if selected is not None else -1
        self.delete_button.setEnabled(selected is not None)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.model.rowCount() - 1)

    # --- order and deletion ------------------------------------------------------------

    def move_selected(self, step: int) -> None:
        """上移 (-1) / 下移 (+1): the printed order, the grid's columns and the counters follow."""
        category = self.selected()
        if category is None:
            return
        try:
            move_category(self.actor, category, step)
        except EXPECTED as exc:
            self.message.setText(str(exc))
            return
        self.message.clear()
        self.refresh(select_id=category.id)

    def delete_selected(self, confirmed: bool | None = None) -> None:
        """Delete an unused category; ``confirmed`` None asks first, as the button does.

        A used category is refused at once, before any question: there is nothing to confirm.
        """
        category = self.selected()
        if category is None:
            return
        try:
            if not category_in_use(category):
                if confirmed is None:
                    confirmed = self._ask_to_delete(category)
                if not confirmed:
                    return
            # A used category never gets this far unrefused: the domain turns it down with
            # its own reason (停用 instead), so the screen shows exactly the domain's words.
            delete_category(self.actor, category)
        except EXPECTED as exc:
            self.message.setText(str(exc))
            return
        self.message.clear()
        self.refresh()

    def _ask_to_delete(self, category: ServiceCategory) -> bool:
        return ask(self, tr("刪除類別"), tr("確定要刪除「{name}」嗎？").format(name=category.name))
