"""The survey entry desk: a stack of paper forms keyed one after another.

The batch header (survey date, optional sheet count) holds for the whole stack; each
Enter saves one form, confirms it unmistakably and lists it on the right, from where it
can be reopened, voided, or (for the secretary) traced through its history.

In large print the form takes the whole width and the list waits behind 「本疊清單 Ctrl+L」:
at 1.35× the eleven rows and their seven answers need every pixel of 1366, and a list squeezed
beside them would show no column whole. The form is the work in hand, so it stays in front;
the header keeps the stack's progress and the banner says each save, so nothing needs the list
to be seen while keying.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QFrame,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.accounts import User
from models.rocdate import format_roc
from models.survey.forms import (
    ResponseInput,
    SurveyBatch,
    SurveyResponse,
    kept_count,
    listed_responses,
    new_batch,
    parse_sheet_count,
    save_response,
    validate_survey_date,
)
from models.survey.questionnaire import active_questionnaire, item_specs
from ui.admin.history_dialog import show_history
from ui.errors import EXPECTED
from ui.i18n import tr
from ui.style import FOCUS_RING, NO_FOCUS_RING, heading_font, is_large_print, scaled
from ui.survey.edit_dialog import EditResponseDialog
from ui.survey.extras import ResponseExtras
from ui.survey.form import SurveyFormWidget
from ui.survey.list_model import ResponseListModel
from ui.widgets.banner import ConfirmationBanner
from ui.widgets.messages import error_label
from ui.widgets.record_actions import RecordActions
from ui.widgets.roc_date_edit import RocDateEdit


TEXT_MARGINS = (QStyle.PixelMetric.PM_HeaderMargin, QStyle.PixelMetric.PM_FocusFrameHMargin)
LIST_KEY = "Ctrl+L"
END_BATCH_KEY = "Ctrl+E"
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
TAB_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
# The field that has the keys wears the form's thick ring; the others a thin line in the same
# box, so nothing moves as the focus goes round. The list too: tabbed into, it wears the ring.
FIELD_RINGS = (
    "QLineEdit { border: 1px solid #8a8a8a; border-radius: 3px; padding: 2px; background: white; }"
    f" QLineEdit:focus {{ border: 3px solid {FOCUS_RING}; padding: 0px; }}"
    " QLineEdit:disabled { border-color: #c4c4c4; background: #f0f0f0; color: #8a8a8a; }"
    f" QTableView {{ border: 3px solid {NO_FOCUS_RING}; }}"
    f" QTableView:focus {{ border: 3px solid {FOCUS_RING}; }}"
)


@dataclass(frozen=True)
class DeskWork:
    """What the desk holds unsaved: the stack begun, the header and the form as keyed."""

    batch: SurveyBatch | None
    date_text: str
    sheets_text: str
    answers: dict[str, int]
    row: int
    extras: tuple[str, str, bool]
    message: str


class SurveyDesk(QWidget):
    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.batch: SurveyBatch | None = None
        self.specs = item_specs(active_questionnaire())

        # The header's refusals go to a line of their own under its two boxes (field_message).
        self.date_edit = RocDateEdit(label=tr("問卷日期"), inline_errors=False)
        self.date_edit.setMinimumWidth(scaled(130))
        self.date_edit.setDate(dt.date.today())
        self.sheets_edit = QLineEdit()
        self.sheets_edit.setPlaceholderText(tr("可留空"))
        self.sheets_edit.setFixedWidth(scaled(90))
        self.progress = QLabel()
        self.progress.setFont(heading_font(self.font(), 1.2))
        self.end_batch_button = QPushButton(tr("結束本疊 {key}").format(key=END_BATCH_KEY))
        self.end_batch_shortcut = QShortcut(QKeySequence(END_BATCH_KEY), self)
        self.banner = ConfirmationBanner()

        self.form = SurveyFormWidget(self.specs)
        self.large = is_large_print()
        # The form takes the height the desk has left, its rows sharing it; where lines above
        # every screen (the secretary's notices) leave less than its rows need in large print,
        # it scrolls, the current row always in sight, rather than cutting its questions.
        # (Normal print always has the room.)
        self.form_area = QScrollArea()
        if self.large:
            self.form_area.setWidget(self.form)
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QFrame.Shape.NoFrame)
        self.form_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys go to the form, not its frame
        self.extras = ResponseExtras()
        # The message takes the banner's place while it has something to say (see _build_layout):
        # a line of its own under the form took the height three notice lines above the desk need.
        self.message = error_label()
        # What is wrong with 問卷日期 or 本疊張數, right under the box; its line kept, so nothing
        # moves as it comes and goes. In large print it is the banner's line, which is there.
        self.field_message = error_label(keep_room=not self.large)
        self.field_message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.date_label, self.sheets_label = QLabel(tr("問卷日期")), QLabel(tr("本疊張數"))
        self._told: QWidget | None = None  # the header box field_message speaks of
        self.save_button = QPushButton(tr("儲存 Enter"))
        self.clear_button = QPushButton(tr("清除 Esc"))
        for button in (self.save_button, self.clear_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(scaled(40))
        self.list_button = QPushButton(tr("本疊清單 {key}").format(key=LIST_KEY))
        self.list_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list_button.setMinimumHeight(scaled(40))
        if not self.large:
            self.list_button.hide()  # beside the form in normal print, there is nothing to switch
        self.list_shortcut = QShortcut(QKeySequence(LIST_KEY), self)
        self.list_shortcut.setEnabled(self.large)
        self.setStyleSheet(FIELD_RINGS)

        self.list_title = QLabel()
        self.list_model = ResponseListModel([spec.code for spec in self.specs], self)
        self.table = QTableView()
        self.table.setModel(self.list_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for its buttons
        # Every column in view, none scrolled to: the columns are sized once from what they must
        # show whole, the comment takes the rest, and the list is never narrower than that.
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setSectionResizeMode(self._stretch_column(), QHeaderView.ResizeMode.Stretch)
        self.edit_button = QPushButton(tr("修改"))
        self.void_button = QPushButton(tr("作廢"))
        self.history_button = QPushButton(tr("修改歷程"))
        if not user.is_secretary:  # (setVisible(True) before its layout would open it as a window)
            self.history_button.hide()
        self.actions = RecordActions(
            self, user, self.selected_response, self.message.setText,
            noun=tr("問卷"), choose_hint=tr("請先在右邊的清單選一張問卷。"),
            describe=lambda r: tr("{date} 的第 {n} 張問卷").format(
                date=format_roc(r.survey_date), n=self.list_model.row_of(r.id) + 1
            ),
            history=show_history,
        )

        self._build_layout()
        self._connect_signals()
        self.refresh()

    def _build_layout(self) -> None:
        # The boxes on a line, the line under them for what is wrong with them (field_message).
        boxes = QHBoxLayout()
        boxes.setSpacing(scaled(6))  # (a layout in a grid would take none of its own)
        boxes.addWidget(self.date_label)
        boxes.addWidget(self.date_edit)
        boxes.addSpacing(scaled(16))
        boxes.addWidget(self.sheets_label)
        boxes.addWidget(self.sheets_edit)
        boxes.addSpacing(scaled(16))
        boxes.addWidget(self.progress)
        boxes.addStretch(1)
        header = QGridLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.setVerticalSpacing(0)
        header.addLayout(boxes, 0, 0)
        # In large print the banner has a line of its own, beside the header it would have no
        # room; the message says its refusals there too (the last said shows), which gives the
        # form the height of a line. It starts under the date box, so a date's refusal is under it.
        banner_line = QHBoxLayout() if self.large else None
        if banner_line is not None:
            banner_line.addWidget(self.field_message, 1)
            banner_line.addWidget(self.message, 1)
            banner_line.addWidget(self.banner, 1)
            banner_line.addWidget(self.list_button)
            header.addWidget(self.end_batch_button, 0, 1)
        else:
            header.addWidget(self.field_message, 1, 0)
            header.addWidget(self.banner, 0, 1, 2, 1)
            header.addWidget(self.message, 0, 1, 2, 1)  # the banner's place, the banner hidden meanwhile
            header.addWidget(self.end_batch_button, 0, 2, 2, 1, Qt.AlignmentFlag.AlignTop)
            header.setColumnStretch(1, 1)

        self.extras.button_row.addWidget(self.clear_button)
        self.extras.button_row.addWidget(self.save_button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(scaled(3))
        left_layout.addWidget(self.form_area if self.large else self.form, 1)
        left_layout.addWidget(self.extras)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.list_title)
        right_layout.addWidget(self.table, 1)
        list_actions = QHBoxLayout()
        for button in (self.edit_button, self.void_button, self.history_button):
            list_actions.addWidget(button)
        right_layout.addLayout(list_actions)

        self.form_panel, self.list_panel = left, right
        self._fit_list_columns()
        if self.large:
            body = self.pages = QStackedWidget()
            body.addWidget(left)
            body.addWidget(right)
        else:
            body = QSplitter(Qt.Orientation.Horizontal)
            body.addWidget(left)
            body.addWidget(right)
            body.setStretchFactor(0, 3)
            body.setStretchFactor(1, 2)
            body.setSizes([940, 400])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(scaled(3))  # every pixel of 768 the lines need not goes to the answers
        layout.addLayout(header)
        if banner_line is not None:
            layout.addLayout(banner_line)
        layout.addWidget(body, 1)

    def _stretch_column(self) -> int:
        return [column.header for column in self.list_model.columns].index(ResponseListModel.STRETCH)

    def _fit_list_columns(self) -> None:
        """Each column of the list as wide as its widest text; the list's panel never narrower
        than all of them."""
        header = self.table.horizontalHeader()
        cells, titles = self.table.fontMetrics(), header.fontMetrics()
        # a cell's text has the style's focus margin on each side, a header's its header margin
        padding = 2 * (max(self.style().pixelMetric(metric) for metric in TEXT_MARGINS) + 1)
        model = self.list_model
        for column in range(model.columnCount()):
            title = model.headerData(column, Qt.Orientation.Horizontal)
            widest = ResponseListModel.WIDEST.get(title, "9")
            header.resizeSection(column, max(titles.horizontalAdvance(title), cells.horizontalAdvance(widest)) + padding)
        columns = sum(header.sectionSize(column) for column in range(model.columnCount()))
        scroll_bar = self.table.verticalScrollBar().sizeHint().width()
        self.list_panel.setMinimumWidth(columns + scroll_bar + 2 * self.table.frameWidth())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "list_panel"):
            self._fit_list_columns()  # a larger print needs wider columns

    def _connect_signals(self) -> None:
        self.form.saveRequested.connect(self.save)
        self.form.clearRequested.connect(self.clear_form)
        self.form.answersChanged.connect(self.message.clear)
        self.form.rowShown.connect(self._keep_row_in_sight)
        self.extras.returnPressed.connect(self.save)
        self.extras.backToForm.connect(self.form.setFocus)
        speaking = (self.message, self.field_message) if self.large else (self.message,)
        for line in speaking:
            line.textChanged.connect(lambda _text: self.banner.setVisible(not any(said.text() for said in speaking)))
        self.list_button.clicked.connect(self.toggle_list)
        self.list_shortcut.activated.connect(self.toggle_list)
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.clear_form)
        self.end_batch_button.clicked.connect(self.end_batch)
        self.end_batch_shortcut.activated.connect(self.end_batch_button.click)  # as the button: not while it is off
        self.date_edit.dateChanged.connect(lambda _date: self.refresh())
        self.date_edit.errorChanged.connect(lambda text: self._tell(self.date_edit, text))
        for box in (self.date_edit.lineEdit(), self.sheets_edit):
            box.installEventFilter(self)  # Enter goes on, Esc back to the form, a bad value keeps Tab
        self.table.installEventFilter(self)  # tabbed into, the list shows its current row
        self.table.activated.connect(lambda _index: self.edit_selected())  # a double click, or Enter on a row
        self.edit_button.clicked.connect(self.edit_selected)
        self.void_button.clicked.connect(lambda: self.void_selected())
        self.history_button.clicked.connect(self.actions.show_history)

    # --- the header's keys -------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.table and event.type() == QEvent.Type.FocusIn:
            self._show_current_row()
        elif watched in (self.date_edit.lineEdit(), self.sheets_edit) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier & ~Qt.KeyboardModifier.ShiftModifier:
                return super().eventFilter(watched, event)
            box = self.date_edit if watched is self.date_edit.lineEdit() else self.sheets_edit
            if event.key() in ENTER_KEYS:
                self._header_enter(box)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.form.setFocus()  # as the form's line says: what was typed stays
                return True
            if event.key() in TAB_KEYS and not self._header_ok(box):
                return True  # the keys stay with the refused value, its reason under it
        return super().eventFilter(watched, event)

    def _tell(self, box: QWidget, text: str) -> None:
        """Say under the header what is wrong with ``box`` ('' when it is right again)."""
        if text:
            # from under the box's name: the count's reason under the count
            label = self.date_label if box is self.date_edit else self.sheets_label
            self.field_message.setContentsMargins(max(0, label.x() - self.field_message.x()), 0, 0, 0)
            self.field_message.setText(text)
            self._told = box
        elif self._told is box:
            self.field_message.clear()
            self._told = None

    def _header_ok(self, box: QWidget) -> bool:
        """Whether the box's value may begin a stack; if not, its reason under the header and
        the keys in the box, its text chosen so that typing replaces it."""
        try:
            if box is self.date_edit:
                self.date_edit.lineEdit().editingFinished.emit()  # its own reading: shown as 106/01/25, the list of the day
                validate_survey_date(self.date_edit.required_date())
            else:
                parse_sheet_count(self.sheets_edit.text())
        except EXPECTED as exc:
            self._tell(box, str(exc))
            edit = self.date_edit.lineEdit() if box is self.date_edit else self.sheets_edit
            edit.setFocus()
            edit.selectAll()
            return False
        self._tell(box, "")
        return True

    def _header_ready(self) -> bool:
        return self._header_ok(self.date_edit) and self._header_ok(self.sheets_edit)

    def _header_enter(self, box: QWidget) -> None:
        """Enter goes on: from the date to the count; from the count the stack begins, as the
        first Enter on the form would, and the keys go to the form."""
        if box is self.date_edit:
            if self._header_ok(self.date_edit):
                self.sheets_edit.setFocus()
                self.sheets_edit.selectAll()
            return
        if not self._header_ready():
            return
        try:
            self._ensure_batch()
        except EXPECTED as exc:  # checked just now; said all the same rather than lost
            self.message.setText(str(exc))
            return
        self.refresh()
        self.form.setFocus()

    def _show_current_row(self) -> None:
        """A list with the keys has a current row, chosen, so the keys are seen to be there."""
        rows = self.list_model.rowCount()
        if rows and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.list_model.index(rows - 1, 0))

    def _keep_row_in_sight(self, row: int) -> None:
        shown = self.form.row_frames[row] if row < len(self.form.row_frames) else self.form.hint
        if self.large:
            self.form_area.ensureWidgetVisible(shown, 0, 0)

    def activate(self) -> None:
        self.refresh()
        self.focus_form()

    def focus_form(self) -> None:
        """The keys to the form, shown in front if the list had its place."""
        if self.large and self.list_shown():
            self.show_list(False)
        self.form.setFocus()

    # --- large print: the list behind its key -------------------------------------------

    def list_shown(self) -> bool:
        return self.list_panel.isVisibleTo(self)

    def toggle_list(self) -> None:
        self.show_list(not self.list_shown())

    def show_list(self, shown: bool) -> None:
        """Large print: the stack's list in the form's place, or the form back (Ctrl+L either way)."""
        if not self.large:
            return
        self.pages.setCurrentWidget(self.list_panel if shown else self.form_panel)
        self.list_button.setText(tr("回到問卷 {key}" if shown else "本疊清單 {key}").format(key=LIST_KEY))
        if shown:
            self.table.setFocus()
        else:
            self.form.setFocus()

    def _focus_work(self) -> None:
        """After a dialog: the keys back where the user was working (the list, or the form)."""
        if self.large and self.list_shown():
            self.table.setFocus()
        else:
            self.form.setFocus()

    def hand_over(self) -> DeskWork:
        return DeskWork(
            self.batch, self.date_edit.lineEdit().text(), self.sheets_edit.text(), self.form.answers(),
            self.form.current, self.extras.values(), self.message.text(),
        )

    def take_over(self, work: DeskWork) -> None:
        self.batch = work.batch
        self.date_edit.lineEdit().setText(work.date_text)
        if work.batch is not None:
            self.date_edit.setDate(work.batch.survey_date)
        self.sheets_edit.setText(work.sheets_text)
        self.form.set_answers(work.answers)
        self.form.current = work.row
        self.form.show_current()
        self.extras.set_values(*work.extras)
        self.refresh()
        self.message.setText(work.message)

    # --- the stack ---------------------------------------------------------------------

    def list_date(self) -> dt.date | None:
        return self.batch.survey_date if self.batch else self.date_edit.date()

    def refresh(self, select_id: int | None = None) -> None:
        day = self.list_date()
        self.list_model.set_records(listed_responses(day) if day else [])
        kept = sum(1 for row in self.list_model.records() if not row.response.is_voided)
        self.list_title.setText(
            tr("{date} 的問卷：{count} 張").format(date=format_roc(day), count=kept) if day else tr("問卷日期不正確")
        )
        if select_id is not None:
            row = self.list_model.row_of(select_id)
            if row >= 0:
                self.table.selectRow(row)
                self.table.scrollTo(self.list_model.index(row, 0))
        self._show_progress()

    def _show_progress(self) -> None:
        locked = self.batch is not None
        self.date_edit.setEnabled(not locked)
        self.sheets_edit.setEnabled(not locked)
        self.end_batch_button.setEnabled(locked)
        if not locked:
            self.progress.setText(tr("新的一疊：日期和張數填好後按 Enter"))
            return
        done = kept_count(self.batch)
        expected = self.batch.expected_sheets
        self.progress.setText(
            tr("本疊進度 {done} / {expected}").format(done=done, expected=expected)
            if expected
            else tr("本疊已輸入 {done} 張").format(done=done)
        )

    def _ensure_batch(self) -> SurveyBatch:
        if self.batch is None:
            survey_date = self.date_edit.required_date()
            self.batch = new_batch(self.user, survey_date, parse_sheet_count(self.sheets_edit.text()))
        return self.batch

    def save(self) -> None:
        if self.batch is None and not self._header_ready():
            self.banner.withdraw()
            return  # said under the box at fault, which has the keys; the sheet is kept
        missing = self.form.missing()
        if missing:
            self.message.setText(
                tr("還有 {n} 題沒有填：{codes}。未作答請按 0，勾選二個以上請按 9。").format(
                    n=len(missing), codes="、".join(missing)
                )
            )
            self.form.go_to(missing[0])
            self.form.setFocus()
            self.banner.withdraw()
            return
        comment, phone, consent = self.extras.values()
        entry = ResponseInput(self.form.answers(), comment, phone, consent)
        begun_here = self.batch is None
        try:
            response = save_response(self.user, self._ensure_batch(), entry)
        except EXPECTED as exc:
            if begun_here and self.batch is not None and self.batch.get_id() is None:
                self.batch = None  # the stack never really started
            self.message.setText(str(exc))
            self.banner.withdraw()
            self.refresh()
            return
        self.form.clear()
        self.extras.clear()
        self.message.clear()
        self.refresh(select_id=response.id)
        self._confirm(*self._saved_text())
        self.form.setFocus()

    def _saved_text(self) -> tuple[str, str]:
        """What the banner says of a save, and in which colour: a sheet beyond the stack's
        count is saved but wrong, so it is said as information, never in a clean save's green."""
        done = kept_count(self.batch)
        expected = self.batch.expected_sheets
        text = tr("✔ 已儲存第 {n} 張").format(n=done)
        if expected and done == expected:
            text += tr("　本疊 {n} 張已全部輸入，張數相符，按 {key} 結束").format(n=expected, key=END_BATCH_KEY)
        elif expected and done > expected:
            return text + tr("　注意：已超過本疊登記的 {n} 張").format(n=expected), "info"
        return text, "ok"

    def _confirm(self, text: str, kind: str = "ok") -> None:
        if self.large:
            self.message.clear()  # one line for both: the banner's turn
        self.banner.announce(text, kind)

    def clear_form(self) -> None:
        self.form.clear()
        self.extras.clear()
        self.message.clear()
        self.form.setFocus()

    def end_batch(self) -> None:
        if self.batch is None:
            return
        done, expected = kept_count(self.batch), self.batch.expected_sheets
        if expected is None:
            text, kind = tr("本疊結束：共輸入 {done} 張").format(done=done), "ok"
        elif done == expected:
            text, kind = tr("本疊結束：輸入 {done} 張，與登記的 {expected} 張相符 ✔").format(done=done, expected=expected), "ok"
        else:
            diff = tr("少 {n} 張").format(n=expected - done) if done < expected else tr("多 {n} 張").format(n=done - expected)
            text = tr("本疊結束：輸入 {done} 張，登記 {expected} 張，{diff}，請清點紙本").format(
                done=done, expected=expected, diff=diff
            )
            kind = "error"
        self.batch = None
        self.sheets_edit.clear()
        self.refresh()
        self._confirm(text, kind)
        # The keys where the next stack begins (its date, chosen: typing replaces it, Enter keeps
        # it); the header's line says what to do, the form's that Esc goes back to answering.
        if self.large and self.list_shown():
            self.show_list(False)
        self.date_edit.lineEdit().setFocus()
        self.date_edit.lineEdit().selectAll()

    # --- the list ----------------------------------------------------------------------

    def selected_response(self) -> SurveyResponse | None:
        rows = self.table.selectionModel().selectedRows()
        return self.list_model.record_at(rows[0].row()).response if rows else None

    def open_edit_dialog(self) -> EditResponseDialog | None:
        response = self.actions.editable_selection()
        if response is None:
            return None
        number = self.list_model.row_of(response.id) + 1
        return EditResponseDialog(self.user, response, number, self)

    def edit_selected(self) -> None:
        dialog = self.open_edit_dialog()
        if dialog is not None:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.refresh(select_id=dialog.response.id)
                self._confirm(tr("✔ 已修改並儲存"))
            dialog.deleteLater()  # one per correction: none left behind, hidden, to the desk's end
        self._focus_work()

    def void_selected(self, reason: str | None = None) -> None:
        response = self.actions.void_selected(reason)
        if response is not None:
            self.refresh(select_id=response.id)
            self._confirm(tr("已作廢這張問卷，它不再計入統計"))
