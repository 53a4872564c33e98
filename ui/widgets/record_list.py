"""A list of set-up records and the dialog that adds or changes one: what 使用者 and 類別 share.

Both screens are a read-only table described by a column table, buttons that act on the
selected row (新增, 修改, 修改歷程 and the screen's own), and a form dialog that saves through
the domain and, when the domain refuses, stays open with the reason next to the form.
The behaviour lives here once; each screen only says what its rows, columns and form are.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
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

from models.accounts import User
from models.base import BaseModel
from ui.errors import EXPECTED, show_problem
from ui.i18n import tr
from ui.style import heading_font
from ui.widgets.messages import error_label
from ui.widgets.record_actions import ShowHistory
from ui.widgets.tables import readable_table

AnyIndex = QModelIndex | QPersistentModelIndex
Record = TypeVar("Record", bound=BaseModel)
VOIDED_COLOUR = QColor("#888888")  # a voided record stays listed, grey and struck through
Dialog = TypeVar("Dialog", bound="RecordDialog[Any]")


@dataclass(frozen=True)
class Column(Generic[Record]):
    """One column of a record list: its header (translated when shown) and each row's text."""

    header: str
    text: Callable[[Record], str]
    alignment: Qt.AlignmentFlag | None = None
    tooltip: Callable[[Record], str | None] | None = None  # what hovering over a cell explains
    align_header: bool = False  # the header sits like its cells (a column of amounts)


def struck_through() -> QFont:
    """The font of a voided record's cells."""
    font = QFont()
    font.setStrikeOut(True)
    return font


class RecordTableModel(QAbstractTableModel, Generic[Record]):
    """Records as read-only rows, one column per entry of ``columns``.

    A subclass sets ``columns`` and, if it wants, how a row is coloured (``foreground``) or
    written (``font``) and what a cell explains on hover (``tooltip``). The rows come from a
    domain query, never from the model: either the screen hands them over (``set_records``)
    or ``refresh()`` calls the subclass's ``load``. A record needs ``get_id()``.
    """

    columns: Sequence[Column[Any]] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._records: list[Record] = []

    def load(self) -> list[Record]:
        raise NotImplementedError

    def foreground(self, record: Record) -> QBrush | None:
        return None

    def font(self, record: Record, column: Column[Any]) -> QFont | None:
        return None

    def tooltip(self, record: Record, column: Column[Any]) -> str | None:
        return column.tooltip(record) if column.tooltip is not None else None

    def refresh(self) -> None:
        self.set_records(self.load())  # read first: a storage error leaves the old rows in place

    def set_records(self, records: list[Record]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def records(self) -> list[Record]:
        return list(self._records)

    def record_at(self, row: int) -> Record:
        return self._records[row]

    def row_of(self, record_id: int) -> int:
        """The row showing record ``record_id``, or -1."""
        return next((row for row, record in enumerate(self._records) if record.get_id() == record_id), -1)

    def row_where(self, test: Callable[[Record], bool]) -> int:
        """The first row whose record passes ``test``, or -1."""
        return next((row for row, record in enumerate(self._records) if test(record)), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        record, column = self._records[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.alignment is not None:
            return column.alignment
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(record)
        if role == Qt.ItemDataRole.FontRole:
            return self.font(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(record, column)
        return None

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            column = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return tr(column.header)
            if role == Qt.ItemDataRole.TextAlignmentRole and column.align_header:
                return column.alignment
            return None
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return str(section + 1) if 0 <= section < len(self._records) else None
        return None


class RecordDialog(QDialog, Generic[Record]):
    """Add (``record`` None) or change one record; stays open with the reason when refused.

    A subclass puts its fields into ``form`` and says how to save (``save``, a domain call)
    and which widget a refusal's ``field`` points at (``field_widgets``). ``try_accept`` is
    the OK path, so tests (and the list) drive it without ``exec()``.
    """

    saved = Signal(object)

    def __init__(
        self, actor: User, record: Record | None, titles: tuple[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.record = record
        new_title, edit_title = titles
        self.setWindowTitle(tr(new_title) if record is None else tr(edit_title))
        self.form = QFormLayout()
        self.message = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("儲存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)

    def save(self) -> Record:
        """Write what the form holds through the domain; its refusals are raised as they are."""
        raise NotImplementedError

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The input each domain ``field`` name belongs to."""
        return {}

    def try_accept(self) -> None:
        """Save through the domain; on a refusal say why and stay open with what was typed."""
        try:
            record = self.save()
        except EXPECTED as exc:
            self._reload_record()
            self.message.setText(str(exc))
            self._focus_field(getattr(exc, "field", None))
            return
        self.message.clear()
        self.saved.emit(record)
        self.accept()

    def _reload_record(self) -> None:
        """A refused save may have touched our copy: take the stored one again."""
        if self.record is None:
            return
        try:
            self.record = type(self.record).stored(self.record.get_id())
        except EXPECTED:
            pass  # gone or unreadable: the message shown says what went wrong

    def _focus_field(self, field: str | None) -> None:
        widget = self.field_widgets().get(field or "")
        if widget is None or not widget.isVisibleTo(self):
            return
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        widget.setFocus()


class RecordListPage(QWidget, Generic[Record, Dialog]):
    """A titled list of records with 新增, 修改 (also Enter or a double click on a row), the
    screen's own buttons, 修改歷程, and a red line for what could not be done.

    A subclass gives the model (``create_model``), the dialog (``create_dialog``), any
    further buttons (``extra_buttons``, placed between 修改 and 修改歷程) and how a record's
    history is shown (``history``).
    """

    def __init__(
        self,
        user: User,
        *,
        title: str,
        hint: str,
        add_text: str,
        history: ShowHistory,
        narrow: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor = user
        self.history = history
        self.dialog: Dialog | None = None
        self.title = QLabel(tr(title))
        self.title.setFont(heading_font(self.font(), 1.3))
        self.hint = QLabel(tr(hint))
        self.hint.setWordWrap(True)
        self.model: RecordTableModel[Record] = self.create_model()
        self.model.setParent(self)
        self.table = readable_table(self.model)
        self.message = error_label()
        self.add_button = QPushButton(tr(add_text))
        self.edit_button = QPushButton(tr("修改"))
        self.history_button = QPushButton(tr("修改歷程"))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, *self.extra_buttons(), self.history_button):
            button.setMinimumSize(110, 44)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        if narrow:  # a short list as wide as its columns, so each row reads across easily
            table_row = QHBoxLayout()
            table_row.addWidget(self.table)
            table_row.addStretch(1)
            layout.addLayout(table_row, 1)
        else:
            layout.addWidget(self.table, 1)
        self._connect_signals()
        self.refresh()

    # --- what a screen supplies ----------------------------------------------------------

    def create_model(self) -> RecordTableModel[Record]:
        raise NotImplementedError

    def create_dialog(self, record: Record | None) -> Dialog:
        raise NotImplementedError

    def extra_buttons(self) -> list[QPushButton]:
        return []

    # --- the list --------------------------------------------------------------------------

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add_new)
        self.edit_button.clicked.connect(self.edit_selected)
        self.history_button.clicked.connect(self.show_history)
        # activated = double-click or Enter on a row (per platform convention).
        self.table.activated.connect(self._edit_row)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

    def activate(self) -> None:
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        """Read the list again, keeping (or moving to) the selected record."""
        if select_id is None and (current := self.selected()) is not None:
            select_id = current.get_id()
        try:
            self.model.refresh()
        except EXPECTED as exc:
            show_problem(self, exc)
            return
        if select_id is not None and (row := self.model.row_of(select_id)) >= 0:
            self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> Record | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.history_button.setEnabled(chosen)

    # --- the dialog ------------------------------------------------------------------------

    def open_dialog(self, record: Record | None = None) -> Dialog:
        """Build the dialog for ``record`` (None: a new one); the caller shows it."""
        if self.dialog is not None:
            self.dialog.deleteLater()
        # Edit a copy read now: the table keeps what it shows until the save succeeds.
        fresh = type(record).stored(record.get_id()) if record is not None else None
        self.dialog = self.create_dialog(fresh)
        self.dialog.saved.connect(self._on_saved)
        return self.dialog

    def add_new(self) -> None:
        self._show_dialog(None)

    def edit_selected(self) -> None:
        record = self.selected()
        if record is not None:
            self._show_dialog(record)

    def _edit_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.selectRow(index.row())
            self.edit_selected()

    def _show_dialog(self, record: Record | None) -> None:
        try:
            dialog = self.open_dialog(record)
        except EXPECTED as exc:
            show_problem(self, exc)
            self.refresh()
            return
        dialog.open()  # window-modal without a nested event loop

    def _on_saved(self, record: Record) -> None:
        self.message.clear()
        self.refresh(select_id=record.get_id())

    def show_history(self) -> None:
        """Who added the selected record and every later change."""
        record = self.selected()
        if record is not None:
            self.history(self, self.actor, record)
