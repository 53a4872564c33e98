"""Reopening a keyed form to correct it (audited; same-day own forms, or the secretary)."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from models.accounts import User
from models.rocdate import format_roc
from models.survey.forms import (
    ResponseInput,
    SurveyResponse,
    answers_of,
    contact_phone_for,
    correct_response,
    mask_phone,
)
from models.survey.questionnaire import item_specs
from ui.errors import EXPECTED
from ui.i18n import tr
from ui.style import heading_font, scaled
from ui.survey.extras import ResponseExtras
from ui.survey.form import SurveyFormWidget
from ui.widgets.dialog_room import make_room
from ui.widgets.messages import error_label
from ui.widgets.roc_date_edit import RocDateEdit


class EditResponseDialog(QDialog):
    def __init__(self, actor: User, response: SurveyResponse, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.response = response
        self.setWindowTitle(tr("修改問卷"))
        title = QLabel(tr("修改 {date} 的第 {n} 張問卷").format(date=format_roc(response.survey_date), n=number))
        title.setFont(heading_font(self.font(), 1.2))
        self.date_edit = RocDateEdit(label=tr("問卷日期"))
        self.date_edit.setDate(response.survey_date)
        self.form = SurveyFormWidget(item_specs(response.questionnaire))
        self.form.set_answers(answers_of(response))
        self.form.go_to(self.form.specs[0].code)
        self.extras = ResponseExtras()
        # A contact phone is personal data: only the secretary sees it whole (SPEC §2.1).
        if actor.is_secretary:
            self.shown_phone = contact_phone_for(actor, response) or ""
        else:
            self.shown_phone = mask_phone(response.contact_phone) or ""
        self.extras.set_values(response.comment, self.shown_phone, response.phone_consent)
        self.message = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("儲存修改"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        # Three lines around the paper form, so that it keeps its full height on a 1366×768
        # screen in large print too: what this is and its date; the form; the extras with the buttons.
        header = QHBoxLayout()
        header.setSpacing(scaled(16))
        header.addWidget(title)
        header.addWidget(QLabel(tr("修改後按 Enter 儲存；修改紀錄會保留。")), 1)
        header.addWidget(QLabel(tr("問卷日期")))
        header.addWidget(self.date_edit)
        self.extras.button_row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.form)
        layout.addWidget(self.extras)
        layout.addWidget(self.message)
        layout.addStretch(1)  # room left when a message goes stays at the foot: the buttons stay put
        make_room(self)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        self.form.saveRequested.connect(self.try_accept)
        self.form.clearRequested.connect(self.reject)
        self.extras.returnPressed.connect(self.try_accept)
        self.form.setFocus()

    def try_accept(self) -> None:
        comment, phone, consent = self.extras.values()
        if phone and phone == self.shown_phone:
            phone = self.response.contact_phone or ""  # left as shown: keep the stored number
        entry = ResponseInput(self.form.answers(), comment, phone, consent)
        try:
            correct_response(self.actor, self.response, entry, self.date_edit.required_date())
        except EXPECTED as exc:
            self.message.setText(str(exc))
            return
        self.accept()
