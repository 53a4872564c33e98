"""活動類別: the kinds of events and the figures each declares, kept by the secretary as data.

Opened from the 活動 tab (「活動類別…」). The list shows every kind with its figures and how
many live events it has; 新增類別 adds one with its figures (a name and a type each, rows
added and removed), 修改 renames a kind, reorders or adds figures, 作廢 retires a kind without
live events. A kind in use keeps each figure it has, by name and type: taking one off is
refused at once beside that figure, and a figure retyped is refused beside it when saved.
"""
from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.accounts import User
from models.registers.events import (
    FIGURE_NAME_MAX_LENGTH,
    FIGURE_TYPES,
    KIND_NAME_MAX_LENGTH,
    EventKind,
    add_event_kind,
    check_figure_removal,
    event_kinds,
    figure_field,
    update_event_kind,
    void_event_kind,
)
from ui.admin.history_dialog import show_history
from ui.errors import EXPECTED
from ui.i18n import tr
from ui.registers.petitions import choice_combo, choose
from ui.style import scaled
from ui.widgets.messages import MessageLabel
from ui.widgets.record_list import Column, RecordDialog, RecordListPage, RecordTableModel

CENTRED = Qt.AlignmentFlag.AlignCenter
IN_USE_NOTE = "已有 {n} 筆活動紀錄：原有的項目不能拿掉、改名或改類型；可以新增項目。"
FREE_NOTE = "每一項是活動要記的一個數字或文字，例如「場次（整數）」「拍變賣價金（金額）」「受贈單位（文字）」。"


def figures_text(kind: EventKind) -> str:
    """「場次：整數；人次：整數；拍變賣價金：金額（元）」."""
    return "；".join(f"{figure.name}：{tr(figure.type_label)}" for figure in kind.figure_list) or tr("（沒有項目）")


class KindsModel(RecordTableModel[EventKind]):
    """Every kind, voided ones too (grey, struck through), in printed order, with how many live
    events each has (read in the same query)."""

    columns: tuple[Column[EventKind], ...] = ()

    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.live_events: dict[int, int] = {}
        self.columns = (
            Column("活動類別", lambda kind: kind.name),
            Column("項目", figures_text),
            Column("活動筆數", lambda kind: f"{self.live_events.get(kind.id, 0):,}", CENTRED),
            Column("狀態", lambda kind: tr("已作廢") if kind.is_voided else tr("使用中")),
        )

    def load(self) -> list[EventKind]:
        listed = event_kinds(self.actor, include_voided=True)
        self.live_events = {row.kind.id: row.events for row in listed}
        return [row.kind for row in listed]


class FigureRow(QWidget):
    """One figure on the form: its name, its type, 移除, and the line where a refusal about it
    is said. ``kept`` is the name it has in the ledger (None: added on this form)."""

    remove_asked = Signal(object)  # this row

    def __init__(self, name: str = "", type_: str | None = None, kept: str | None = None) -> None:
        super().__init__()
        self.kept = kept
        self.number = QLabel()
        self.number.setMinimumWidth(self.fontMetrics().horizontalAdvance("10."))
        self.name_edit = QLineEdit(name)
        self.name_edit.setMaxLength(FIGURE_NAME_MAX_LENGTH * 2)  # a little room, so too long is said, not cut
        self.name_edit.setPlaceholderText(tr("項目名稱，例如 人次"))
        self.name_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("項" * (FIGURE_NAME_MAX_LENGTH + 2)))
        self.type_combo = choice_combo(tuple(FIGURE_TYPES.items()), "（請選擇類型）")
        longest = max(self.type_combo.itemText(i) for i in range(self.type_combo.count()))
        # Qt's own size for it cuts full-width text here: the longest item, its arrow and padding.
        self.type_combo.setMinimumWidth(self.fontMetrics().horizontalAdvance(longest) + 48)
        choose(self.type_combo, type_)
        self.remove_button = QPushButton(tr("移除"))
        self.message = MessageLabel()
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.number)
        line.addWidget(self.name_edit, 1)
        line.addWidget(self.type_combo)
        line.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(line)
        layout.addWidget(self.message)
        self.setFocusProxy(self.name_edit)
        self.remove_button.clicked.connect(lambda: self.remove_asked.emit(self))

    def entry(self) -> tuple[str, str]:
        return self.name_edit.text(), self.type_combo.currentData() or ""


class FiguresEditor(QWidget):
    """The figures of a kind, a row each, in printed order, and 新增項目 under them."""

    rows_changed = Signal()
    remove_asked = Signal(object)  # a row's 移除 was pressed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[FigureRow] = []
        self.add_button = QPushButton(tr("＋ 新增項目"))
        self.row_area = QVBoxLayout()
        self.row_area.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.row_area)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda: self.add_row().setFocus())

    def add_row(self, name: str = "", type_: str | None = None, kept: str | None = None) -> FigureRow:
        row = FigureRow(name, type_, kept)
        row.remove_asked.connect(self.remove_asked)
        self.rows.append(row)
        self.row_area.addWidget(row)
        row.show()  # now, not at the next turn of the loop, so the window can fit it at once
        QWidget.setTabOrder(row.remove_button, self.add_button)  # Tab reads the rows, then 新增項目 under them
        self._renumber()
        return row

    def remove_row(self, row: FigureRow) -> None:
        index = self.rows.index(row)
        self.rows.remove(row)
        self.row_area.removeWidget(row)
        row.deleteLater()
        self._renumber()
        if self.rows:
            self.rows[min(index, len(self.rows) - 1)].setFocus()
        else:
            self.add_button.setFocus()

    def _renumber(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            row.number.setText(f"{number}.")
        self.rows_changed.emit()

    def entries(self) -> list[tuple[str, str]]:
        return [row.entry() for row in self.rows]


class EventKindDialog(RecordDialog[EventKind]):
    """新增 (``kind`` None) or 修改 one kind. A refusal about one figure is said under its row,
    one about the list as a whole under the list; ``live_events``: the kind's, for the note."""

    def __init__(
        self, actor: User, kind: EventKind | None = None, parent: QWidget | None = None, *, live_events: int = 0
    ) -> None:
        super().__init__(actor, kind, ("新增活動類別", "修改活動類別"), parent)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(KIND_NAME_MAX_LENGTH * 2)
        self.add_field("類別名稱", self.name_edit, "name")
        self.figures = FiguresEditor()
        note = tr(IN_USE_NOTE).format(n=f"{live_events:,}") if live_events else tr(FREE_NOTE)
        self.add_field("項目", self.figures, "figures", note=note)
        self.setMinimumWidth(scaled(720))
        self._connect_signals()
        self._load()

    def _connect_signals(self) -> None:
        self.figures.rows_changed.connect(self._rows_changed)
        self.figures.remove_asked.connect(self.remove_figure)

    def _load(self) -> None:
        kind = self.record
        if kind is None:
            self.figures.add_row()
        else:
            self.name_edit.setText(kind.name)
            for figure in kind.figure_list:
                self.figures.add_row(figure.name, figure.type, kept=figure.name)
        self.name_edit.setFocus()

    def _rows_changed(self) -> None:
        """Each row's line takes the refusals that name its place (``figures.N``)."""
        for field in [field for field in self.field_messages if field.startswith("figures.")]:
            del self.field_messages[field]
        for number, row in enumerate(self.figures.rows, start=1):
            self.field_messages[figure_field(number)] = row.message
        self.fit()

    def fit(self) -> None:
        """Tall enough for every row and message. A window follows its layout's minimum, which
        leaves out the height the messages nested in the rows take when they wrap or appear."""
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # the rows' new sizes first
        needed = self.heightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def show_refusal(self, exc: BaseException) -> None:
        super().show_refusal(exc)
        self.fit()

    def field_widgets(self) -> Mapping[str, QWidget]:
        rows = {figure_field(number): row for number, row in enumerate(self.figures.rows, start=1)}
        # A refusal about the whole list brings the focus to 新增項目. Not as the list's focus
        # proxy: Tab into the list would land there and pass over the rows above it.
        return {**super().field_widgets(), "figures": self.figures.add_button, **rows}

    def remove_figure(self, row: FigureRow) -> None:
        """移除: a figure the kind keeps in the ledger is asked about first; a kind in use keeps
        it, and says why under it."""
        self.clear_messages()
        if self.record is not None and row.kept is not None:
            try:
                check_figure_removal(self.actor, self.record, row.kept)
            except EXPECTED as exc:
                row.message.setText(str(exc))
                row.remove_button.setFocus()
                self.fit()
                return
        self.figures.remove_row(row)

    def save(self) -> EventKind:
        figures = self.figures.entries()
        if self.record is None:
            return add_event_kind(self.actor, self.name_edit.text(), figures)
        return update_event_kind(self.actor, self.record, self.name_edit.text(), figures)


class KindsPage(RecordListPage[EventKind, EventKindDialog]):
    """The kinds and what can be done to one: 新增類別, 修改, 作廢, 修改歷程."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(
            user,
            title="活動類別",
            hint=(
                "每個類別列出它的活動要記的項目。新增類別或項目不必改程式；已有活動紀錄的類別，"
                "原有的項目不能拿掉或改類型。沒有活動紀錄的類別才能作廢。"
            ),
            add_text="新增類別",
            history=show_history,
            noun="活動類別",
            void=void_event_kind,
            stretch_column=1,
            parent=parent,
        )

    def create_model(self) -> KindsModel:
        return KindsModel(self.actor)

    def create_dialog(self, record: EventKind | None) -> EventKindDialog:
        live = self.model.live_events.get(record.id, 0) if record is not None else 0  # type: ignore[attr-defined]
        return EventKindDialog(self.actor, record, self, live_events=live)

    def describe(self, record: EventKind) -> str:
        return record.name


class EventKindsDialog(QDialog):
    """The kinds list in a window of its own over the 活動 tab; ``changed`` after a kind was
    added, changed or voided (the tab reads its kinds again)."""

    changed = Signal()

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("活動類別"))
        self.page = KindsPage(user, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("關閉"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.page)
        layout.addWidget(buttons)
        self.resize(1000, 560)
        buttons.rejected.connect(self.reject)
        self.page.records_changed.connect(self.changed)
        self.page.table.setFocus()
