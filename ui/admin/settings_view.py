"""設定: the few figures-affecting settings the secretary may change (kept in the database)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.accounts import User
from models.settings import (
    AGENCY_NAME,
    COURTESY_GRADE_BANDS,
    DURATION_WEIGHTS,
    PAYMENT_CONFIRM_ABOVE,
    PETITION_DUE_DAYS,
    PHONE_RETENTION_DAYS,
    get_setting,
    set_settings,
)
from models.survey.kinds import DURATION
from models.survey.questionnaire import active_questionnaire, item_specs
from ui.errors import EXPECTED
from ui.i18n import tr
from ui.style import heading_font, is_large_print, scaled
from ui.widgets.banner import ConfirmationBanner
from ui.widgets.messages import error_label


def beside(field: QWidget, message: QWidget) -> QHBoxLayout:
    """A field and its message line to its right, in one row of the form."""
    row = QHBoxLayout()
    row.addWidget(field)
    row.addWidget(message, 1)
    return row


class SettingsView(QWidget):
    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        title = QLabel(tr("設定"))
        title.setFont(heading_font(self.font(), 1.5))
        self.agency_edit = QLineEdit()
        self.agency_edit.setMaxLength(60)
        self.agency_edit.setMinimumWidth(scaled(420))
        # Each refusal beside its field, on the field's own row: the form never jumps.
        self.agency_message = error_label()
        self.confirm_message = error_label()
        self.weights_message = error_label()
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setMaximumWidth(scaled(160))
        self.confirm_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        duration = next((s for s in item_specs(active_questionnaire()) if s.kind == DURATION), None)
        self.weight_labels = list(duration.options) if duration else []
        self.weight_edits = [QLineEdit() for _ in self.weight_labels]
        for edit in self.weight_edits:
            edit.setMaximumWidth(scaled(90))
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.due_days_edit = QLineEdit()
        self.due_days_edit.setMaximumWidth(scaled(90))
        self.due_days_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.due_days_message = error_label()
        self.band_edits: list[tuple[QLineEdit, QLineEdit]] = []  # (grade, lowest score), made by load()
        self.bands = QGridLayout()
        self.bands_message = error_label(keep_room=True)  # beside the grades; its line kept, so 儲存 never moves
        self.retention_edit = QLineEdit()
        self.retention_edit.setMaximumWidth(scaled(90))
        self.retention_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.retention_message = error_label()
        self.save_button = QPushButton(tr("儲存設定"))
        self.save_button.setMinimumHeight(scaled(40))
        self.message = error_label(keep_room=True)
        # A refusal of one of these is said beside its field; any other on the screen's line.
        self.field_messages = {
            AGENCY_NAME: self.agency_message,
            PAYMENT_CONFIRM_ABOVE: self.confirm_message,
            DURATION_WEIGHTS: self.weights_message,
            PETITION_DUE_DAYS: self.due_days_message,
            COURTESY_GRADE_BANDS: self.bands_message,
            PHONE_RETENTION_DAYS: self.retention_message,
        }
        self.banner = ConfirmationBanner()

        weights = QGridLayout()
        for column, (text, edit) in enumerate(zip(self.weight_labels, self.weight_edits)):
            label = QLabel(text)
            label.setMinimumWidth(label.sizeHint().width())  # an option's name is never cut
            weights.addWidget(label, 0, column)
            weights.addWidget(edit, 1, column)
        weights.addWidget(self.weights_message, 1, len(self.weight_edits))
        weights.setColumnStretch(len(self.weight_edits), 1)
        weights_note = QLabel(tr(
            "平均申辦時間 =（各選項件數 × 權數）的合計 ÷ 有效樣本。預設是參考報告的算法："
            "5×件數÷2、(5+15)×件數÷2、(15+30)×件數÷2、(30+60)×件數÷2、60×件數÷2，即 2.5、10、22.5、45、30。"
        ))
        weights_note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("機關名稱（報告的陳報機關）"), beside(self.agency_edit, self.agency_message))
        form.addRow(tr("中午收款超過多少元要再確認"), beside(self.confirm_edit, self.confirm_message))
        form.addRow(tr("第 K 題平均時間的權數（分鐘）"), weights)
        form.addRow("", weights_note)
        form.addRow(tr("陳情案件的辦理期限（收件後幾天）"), beside(self.due_days_edit, self.due_days_message))
        bands_note = QLabel(tr("由高到低：成績達到最低分就是這一級；最後一級從 0 分起。整欄留空即刪去這一級，最右邊的空欄可新增一級。"))
        bands_note.setWordWrap(True)
        form.addRow(tr("電話禮貌測試的等級（名稱與最低分）"), self.bands)
        form.addRow("", bands_note)
        form.addRow("", self.bands_message)
        retention = QHBoxLayout()
        retention.addWidget(self.retention_edit)
        retention.addWidget(QLabel(tr("天")))
        retention.addWidget(self.retention_message, 1)
        retention_note = QLabel(tr(
            "問卷上的聯絡電話在追蹤結案時刪除；沒有結案的，從問卷日期起算滿這個天數後，程式下次開啟時刪除。"
        ))
        retention_note.setWordWrap(True)
        form.addRow(tr("問卷聯絡電話保留天數"), retention)
        form.addRow("", retention_note)
        buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        if is_large_print():  # 儲存 beside the title: below the form there is no room left at 768 pixels
            buttons.addWidget(title)
            buttons.addSpacing(scaled(24))
        else:
            layout.addWidget(title)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.banner, 1)
        if is_large_print():
            layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(self.message)
        if not is_large_print():
            layout.addLayout(buttons)
        layout.addStretch(1)
        self._connect_signals()
        self.load()

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.save)
        for edit in (self.agency_edit, self.confirm_edit, *self.weight_edits, self.due_days_edit, self.retention_edit):
            edit.returnPressed.connect(self.save)

    def activate(self) -> None:
        self.load()

    def load(self) -> None:
        """Show what is stored (another PC may have changed it)."""
        try:
            self.agency_edit.setText(get_setting(AGENCY_NAME))
            self.confirm_edit.setText(f"{int(get_setting(PAYMENT_CONFIRM_ABOVE)):,}")
            for edit, weight in zip(self.weight_edits, get_setting(DURATION_WEIGHTS)):
                edit.setText(str(weight))
            self.due_days_edit.setText(str(get_setting(PETITION_DUE_DAYS)))
            self._show_bands(get_setting(COURTESY_GRADE_BANDS))
            self.retention_edit.setText(str(get_setting(PHONE_RETENTION_DAYS)))
        except EXPECTED as exc:
            self.message.setText(str(exc))
            return
        self._say(None, "")

    def _say(self, field: str | None, text: str) -> None:
        """``text`` beside ``field`` (or on the screen's line), every other message cleared."""
        target = self.field_messages.get(field or "", self.message)
        for label in (self.message, *self.field_messages.values()):
            if label is not target:
                label.clear()
        target.setText(text)

    def _show_bands(self, bands: list[list[object]]) -> None:
        """One column per grade, and an empty one to add a grade."""
        for name_edit, lowest_edit in self.band_edits:
            for edit in (name_edit, lowest_edit):
                self.bands.removeWidget(edit)
                edit.deleteLater()
        self.band_edits = []
        for column, (name, lowest) in enumerate([*bands, ["", ""]]):
            name_edit, lowest_edit = QLineEdit(str(name)), QLineEdit(str(lowest))
            name_edit.setMaxLength(6)
            lowest_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            for row, edit in enumerate((name_edit, lowest_edit)):
                edit.setMaximumWidth(scaled(90))
                edit.returnPressed.connect(self.save)
                self.bands.addWidget(edit, row, column)
            self.band_edits.append((name_edit, lowest_edit))
        self.bands.setColumnStretch(len(self.band_edits), 1)
        # Made after 儲存設定, they would come after it: Tab reads them in their rows, between
        # the due days above and the retention days below.
        names, lowest = zip(*self.band_edits)
        chain = (self.due_days_edit, *names, *lowest, self.retention_edit)
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)

    def _typed_bands(self) -> list[list[str]]:
        """The grades as typed, a column left empty left out."""
        typed = [[name.text(), lowest.text()] for name, lowest in self.band_edits]
        return [band for band in typed if band[0].strip() or band[1].strip()]

    def save(self) -> None:
        """All or nothing: a bad field shows its message and nothing is stored."""
        values = {
            AGENCY_NAME: self.agency_edit.text(),
            PAYMENT_CONFIRM_ABOVE: self.confirm_edit.text(),
            DURATION_WEIGHTS: [edit.text() for edit in self.weight_edits],
            PETITION_DUE_DAYS: self.due_days_edit.text(),
            COURTESY_GRADE_BANDS: self._typed_bands(),
            PHONE_RETENTION_DAYS: self.retention_edit.text(),
        }
        try:
            set_settings(self.user, values)
        except EXPECTED as exc:
            self._say(getattr(exc, "field", None), str(exc))
            self.banner.withdraw()
            return
        self.load()
        self.banner.announce(tr("✔ 設定已儲存，統計與報告從現在起照新設定計算"))
