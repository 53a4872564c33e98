"""A list of records and the dialog that adds or changes one: what 使用者, 類別 and every
register (登記簿) share.

Each screen is a read-only table described by a column table, buttons that act on the
selected row (新增, 修改, 修改歷程 and the screen's own), and a form dialog that saves through
the domain and, when the domain refuses, stays open with the reason beside the field it is
about. The behaviour lives here once; each screen only says what its rows, columns and form are.

A register's list adds three things, each asked for by what the screen supplies:
- a filter row (``filters``: ``ui.widgets.record_filters``) whose values go to the list query;
- loading through the op layer (``list_query`` returns the Qt-free read): the window answers
  while thousands of rows are read, and a newer read takes the place of one still waiting;
- 作廢 with a reason (``void``, through ``ui.widgets.record_actions``); voided rows stay
  listed, grey and struck through.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.accounts import User
from models.base import BaseModel
from models.errors import ValidationError
from models.rocdate import DateInputError, parse_date
from ui.errors import EXPECTED, show_problem
from ui.i18n import tr
from ui.ops import BackgroundOp
from ui.style import heading_font, is_large_print, scaled
from ui.widgets.dialog_room import FormArea, make_room
from ui.widgets.messages import MessageLabel, error_label
from ui.widgets.record_actions import RecordActions, ShowHistory
from ui.widgets.record_filters import FilterBar, ListFilter
from ui.widgets.roc_date_edit import RocDateEdit
from ui.widgets.tables import long_list_table, readable_table

AnyIndex = QModelIndex | QPersistentModelIndex
Record = TypeVar("Record", bound=BaseModel)
VOIDED_COLOUR = QColor("#888888")  # a voided record stays listed, grey and struck through
Dialog = TypeVar("Dialog", bound="RecordDialog[Any]")
ListQuery = Callable[[], Sequence[Any]]  # a list's read, run on the ops' worker: no Qt in it
LOADING = "讀取中…"
READING_LIST = "正在讀取清單…"


@dataclass(frozen=True)
class Column(Generic[Record]):
    """One column of a record list: its header (translated when shown) and each row's text."""

    header: str
    text: Callable[[Record], str]
    alignment: Qt.AlignmentFlag | None = None
    tooltip: Callable[[Record], str | None] | None = None  # what hovering over a cell explains
    align_header: bool = False  # the header sits like its cells (a column of amounts)
    in_large_print: bool = True  # False: left out in large print, for the room of the column that stretches


def first_line(text: str, shown: int) -> str:
    """A long text in a list's cell: its first ``shown`` characters of the first line, and 「…」
    when there is more (the whole of it goes in the cell's tooltip)."""
    line = text.split("\n", 1)[0]
    more = len(line) > shown or "\n" in text.strip()
    return line[:shown] + ("…" if more else "")


def with_void_reason(text: str, record: Any) -> str:
    """A cell's hover text: ``text``, and on a voided record why it was voided."""
    if getattr(record, "is_voided", False):
        return tr("{text}\n作廢原因：{reason}").format(text=text, reason=record.void_reason)
    return text


def struck_through() -> QFont:
    """The font of a voided record's cells."""
    font = QFont()
    font.setStrikeOut(True)
    return font


class RecordTableModel(QAbstractTableModel, Generic[Record]):
    """Records as read-only rows, one column per entry of ``columns``.

    A subclass sets ``columns``, says which audited record a row stands for if the rows are
    the list's own (``stored_record``) and, if it wants, how a row is coloured (``foreground``) or
    written (``font``) and what a cell explains on hover (``tooltip``); a voided record (one
    with ``is_voided``) is grey and struck through unless it says otherwise. The rows come from
    a domain query, never from the model: either the screen hands them over (``set_records``)
    or ``refresh()`` calls the subclass's ``load``. A record needs ``get_id()``.
    """

    columns: Sequence[Column[Any]] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._records: list[Record] = []

    def load(self) -> list[Record]:
        raise NotImplementedError

    def stored_record(self, row: Record) -> BaseModel | None:
        """The audited record a row stands for (修改, 作廢 and 修改歷程 act on it): the row itself,
        or the record a listed row carries with what the list adds (a grade, the form a call is
        about); None while the row has none."""
        return row

    def voided(self, record: Record) -> bool:
        return bool(getattr(self.stored_record(record), "is_voided", False))

    def foreground(self, record: Record) -> QBrush | None:
        return QBrush(VOIDED_COLOUR) if self.voided(record) else None

    def font(self, record: Record, column: Column[Any]) -> QFont | None:
        return struck_through() if self.voided(record) else None

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


def user_change(widget: QWidget) -> Any:
    """The signal an input gives when the user changes it (typing, choosing, ticking), or None."""
    if isinstance(widget, RocDateEdit):
        return widget.lineEdit().textEdited
    if isinstance(widget, QLineEdit):
        return widget.textEdited
    if isinstance(widget, QComboBox):
        return widget.activated
    if isinstance(widget, QPlainTextEdit):
        return widget.textChanged
    if isinstance(widget, QAbstractButton):
        return widget.toggled
    return None


class RecordDialog(QDialog, Generic[Record]):
    """Add (``record`` None) or change one record; stays open with the reason when refused.

    A subclass puts its fields into ``form`` and says how to save (``save``, a domain call).
    A field added with ``add_field`` (or ``add_date_field``) has its own message line under
    it: a refusal naming that ``field`` is said there, beside what it is about; any other
    refusal on the line above the buttons. ``field_widgets`` says which widget a refusal's
    ``field`` points at (the added fields by default). ``try_accept`` is the OK path, so tests
    (and the list) drive it without ``exec()``.
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
        self.field_messages: dict[str, MessageLabel] = {}
        self._field_inputs: dict[str, QWidget] = {}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("儲存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        self.form_area = FormArea(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form_area)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        make_room(self)  # a message under a field makes the dialog taller, never the fields smaller
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)

    # --- building the form ---------------------------------------------------------------

    def add_field(self, label: str, widget: QWidget, field: str, *, note: str = "") -> MessageLabel:
        """A row of the form: ``widget`` (the input for the domain's ``field``) with its message
        line under it, and a ``note`` in grey if given (what may be typed)."""
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if note:
            hint = QLabel(tr(note))
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #5f6b7a;")
            column.addWidget(hint)
        message = MessageLabel(cell)
        column.addWidget(message)
        self.form.addRow(tr(label), cell)
        if self.isVisible():  # a field added to a form on the screen: shown now, not at the loop's next turn
            for shown in (self.form.labelForField(cell), cell):
                if shown is not None:
                    shown.show()
        self.field_messages[field] = message
        self._field_inputs[field] = widget
        changed = user_change(widget)
        if changed is not None:
            changed.connect(message.clear)  # once the field is put right, its refusal goes
        return message

    def remove_field(self, field: str) -> None:
        """Take the row ``add_field`` made for ``field`` off the form, its widgets deleted (a
        form whose fields follow a choice: an event's figures follow its kind)."""
        message = self.field_messages.pop(field)
        del self._field_inputs[field]
        self.form.removeRow(message.parentWidget())

    def add_date_field(self, label: str, field: str, *, note: str = "") -> RocDateEdit:
        """A ROC date input (106/03/14, 1060314 …) whose typing mistakes are said on its line."""
        edit = RocDateEdit(label=tr(label), inline_errors=False)
        message = self.add_field(label, edit, field, note=note)
        edit.errorChanged.connect(message.setText)
        return edit

    def date_of(self, edit: RocDateEdit, field: str) -> dt.date | None:
        """The date typed in ``edit``, None when it is empty (the domain says whether one is
        needed); a date that cannot be read is refused naming ``field``."""
        text = edit.lineEdit().text()
        if not text.strip():
            return None
        try:
            return parse_date(text)
        except DateInputError as exc:
            raise ValidationError(exc.message, field=field) from None

    # --- what a screen supplies -----------------------------------------------------------

    def save(self) -> Record:
        """Write what the form holds through the domain; its refusals are raised as they are."""
        raise NotImplementedError

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The input each domain ``field`` name belongs to."""
        return dict(self._field_inputs)

    # --- saving ---------------------------------------------------------------------------

    def try_accept(self) -> None:
        """Save through the domain; on a refusal say why and stay open with what was typed."""
        self.clear_messages()
        try:
            record = self.save()
        except EXPECTED as exc:
            self._reload_record()
            self.show_refusal(exc)
            return
        self.saved.emit(record)
        self.accept()

    def clear_messages(self) -> None:
        self.message.clear()
        for message in self.field_messages.values():
            message.clear()

    def show_refusal(self, exc: BaseException) -> None:
        """The reason beside the field it names (or above the buttons), the focus in that field."""
        field = getattr(exc, "field", None)
        beside = self.field_messages.get(field or "")
        (beside if beside is not None else self.message).setText(str(exc))
        self._focus_field(field)
        if beside is not None:
            # In a form taller than the screen, the field and its message are scrolled into sight.
            QTimer.singleShot(0, beside, lambda: self.form_area.show_whole(beside.parentWidget()))

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
        elif isinstance(widget, RocDateEdit):
            widget.lineEdit().selectAll()
        widget.setFocus()


class RecordListPage(QWidget, Generic[Record, Dialog]):
    """A titled list of records with 新增, 修改 (also Enter or a double click on a row), the
    screen's own buttons, 作廢 (when the screen voids), 修改歷程, and a red line for what
    could not be done.

    A subclass gives the model (``create_model``), the dialog (``create_dialog``), any
    further buttons (``extra_buttons``, placed between 修改 and 作廢/修改歷程) and how a
    record's history is shown (``history``). A register also gives:

    - ``filters``: the filter row's inputs, whose values ``list_query`` receives;
    - ``list_query(values)``: the Qt-free read of the rows, run as an op (without it the
      model's own ``load`` runs at once, as for the short set-up lists);
    - ``void`` (the domain's void function) and ``noun`` (「陳情案件」): a 作廢 button that asks
      for the reason; ``describe(record)`` names the record in that question;
    - for rows that are the list's own (a record with what the list adds), the model's
      ``stored_record`` (what 作廢 and 修改歷程 act on) and ``fresh_copy`` (what the dialog edits).

    ``records_changed`` is emitted after this page saved or voided a record (the window's
    lines that count records listen).
    """

    records_changed = Signal()

    def __init__(
        self,
        user: User,
        *,
        title: str,
        hint: str,
        add_text: str,
        history: ShowHistory,
        narrow: bool = False,
        filters: Sequence[ListFilter] = (),
        noun: str = "資料",
        void: Callable[[User, Any, str], None] | None = None,
        long_list: bool = False,
        stretch_column: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor = user
        self.history = history
        self.noun = noun
        self.dialog: Dialog | None = None
        self.op_key = f"record-list:{type(self).__qualname__}:{id(self)}"  # a newer read replaces one waiting
        self.loading: BackgroundOp[Sequence[Record]] | None = None
        self.title = QLabel(tr(title))
        self.title.setFont(heading_font(self.font(), 1.3))
        self.hint = QLabel(tr(hint))
        self.hint.setWordWrap(True)
        self.filter_bar = FilterBar(filters) if filters else None
        self.model: RecordTableModel[Record] = self.create_model()
        self.model.setParent(self)
        self.table = long_list_table(self.model, stretch_column) if long_list else readable_table(self.model, stretch_column)
        if is_large_print():  # what the record's dialog still shows
            for number, column in enumerate(self.model.columns):
                self.table.setColumnHidden(number, not column.in_large_print)
        self.message = error_label()
        self.count_label = QLabel()
        self.add_button = QPushButton(tr(add_text))
        self.edit_button = QPushButton(tr("修改"))
        self.history_button = QPushButton(tr("修改歷程"))
        self.void_button: QPushButton | None = None
        self.actions: RecordActions[Any] | None = None
        if void is not None:
            self.void_button = QPushButton(tr("作廢"))
            self.actions = RecordActions(
                self, user, self.selected_record, self.message.setText, noun=tr(noun),
                choose_hint=tr("請先在清單中選一筆{noun}。").format(noun=tr(noun)),
                describe=self.describe, history=history, void=void,
            )
        buttons = QHBoxLayout()
        shown = (self.add_button, self.edit_button, *self.extra_buttons(), self.void_button, self.history_button)
        for button in (b for b in shown if b is not None):
            button.setMinimumSize(scaled(110), scaled(44))
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        if self.filter_bar is not None:
            layout.addWidget(self.filter_bar)
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

    def list_query(self, values: Mapping[str, Any]) -> ListQuery | None:
        """The read of the list for the filter row's ``values``, to run on the ops' worker (it
        must capture plain values, never a widget); None: the model's ``load``, at once."""
        return None

    def describe(self, record: Any) -> str:
        """How the 作廢 question names ``record`` (the row's ``stored_record``)."""
        return str(record.get_id())

    def fresh_copy(self, row: Record) -> Any:
        """What the dialog edits for ``row``: its stored record read now, so the table keeps
        what it shows until the save succeeds."""
        record = self.model.stored_record(row)
        return type(record).stored(record.get_id()) if record is not None else None

    # --- the list --------------------------------------------------------------------------

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add_new)
        self.edit_button.clicked.connect(self.edit_selected)
        self.history_button.clicked.connect(self.show_history)
        if self.void_button is not None:
            self.void_button.clicked.connect(lambda: self.void_selected())
        if self.filter_bar is not None:
            self.filter_bar.changed.connect(self.refresh)
        # activated = double-click or Enter on a row (per platform convention); doubleClicked
        # is not connected as well, or a double click would open the dialog twice.
        self.table.activated.connect(self._edit_row)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

    def activate(self) -> None:
        """Shown again: read the list again, the focus in it (arrows move, Enter opens a row)."""
        self.refresh()
        self.table.setFocus()

    def refresh(self, select_id: int | None = None) -> None:
        """Read the list again, keeping (or moving to) the selected record. Through the op
        layer when the screen has a ``list_query``: the rows shown stay until the new ones are in."""
        if select_id is None and (current := self.selected()) is not None:
            select_id = current.get_id()
        values = self.filter_bar.values() if self.filter_bar is not None else {}
        if values is None:
            return  # the period typed is bad: said under its box, the list kept
        read = self.list_query(values)
        if read is None:
            try:
                self.model.refresh()
            except EXPECTED as exc:
                show_problem(self, exc)
                return
            self._show_selection(select_id)
            return
        self.count_label.setText(tr(LOADING))
        self.loading = (
            BackgroundOp(self, lambda progress, abort: read())
            .with_progress(tr(READING_LIST), cancellable=False)
            .replaces(self.op_key)
            .success(lambda records: self._loaded(records, select_id))
            .failure(self._not_loaded)
            .run()
        )

    def _loaded(self, records: Sequence[Record], select_id: int | None) -> None:
        self.model.set_records(list(records))
        self._show_selection(select_id)
        self.list_loaded(records)

    def list_loaded(self, records: Sequence[Record]) -> None:
        """What ``list_query`` returned is shown now (a register says what it read with the
        rows: a period's figures on a line under the list)."""

    def _not_loaded(self, problem: Exception) -> None:
        self._show_count()
        show_problem(self, problem)

    def _show_selection(self, select_id: int | None) -> None:
        if select_id is not None and (row := self.model.row_of(select_id)) >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))  # a record just saved is seen saved
        self._show_count()
        self._update_buttons()

    def _show_count(self) -> None:
        self.count_label.setText(tr("共 {n:,} 筆").format(n=self.model.rowCount()))

    def selected(self) -> Record | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()) if rows else None

    def selected_record(self) -> Any:
        """The audited record of the selected row (``stored_record``), or None."""
        row = self.selected()
        return self.model.stored_record(row) if row is not None else None

    def _update_buttons(self) -> None:
        record = self.selected()
        chosen = record is not None
        self.edit_button.setEnabled(chosen and not self.model.voided(record))
        self.history_button.setEnabled(chosen)
        if self.void_button is not None:
            self.void_button.setEnabled(chosen and not self.model.voided(record))

    # --- the dialog ------------------------------------------------------------------------

    def open_dialog(self, record: Record | None = None) -> Dialog:
        """Build the dialog for ``record`` (None: a new one); the caller shows it."""
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = self.create_dialog(self.fresh_copy(record) if record is not None else None)
        self.dialog.saved.connect(self._on_saved)
        return self.dialog

    def add_new(self) -> None:
        self._show_dialog(None)

    def edit_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        if self.model.voided(record):
            self.message.setText(tr("已作廢的{noun}不能修改；它的經過請看「修改歷程」。").format(noun=tr(self.noun)))
            return
        self._show_dialog(record)

    def _edit_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.selectRow(index.row())
            self.edit_selected()

    def dialog_is_open(self) -> bool:
        return self.dialog is not None and self.dialog.isVisible()

    def _show_dialog(self, record: Record | None) -> None:
        if self.dialog_is_open():
            # One activation, one dialog: a second (a double click's, a key held down) brings
            # the open one to the front instead of opening another.
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
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
        self.records_changed.emit()

    def void_selected(self, reason: str | None = None) -> Record | None:
        """作廢 after asking why (tests pass ``reason``); the list is read again."""
        if self.actions is None:
            return None
        row = self.selected()
        record = self.actions.void_selected(reason)
        if record is not None and row is not None:
            self.refresh(select_id=row.get_id())
            self.records_changed.emit()
        return record

    def show_history(self) -> None:
        """Who added the selected record and every later change."""
        record = self.selected_record()
        if record is not None:
            self.history(self, self.actor, record)
