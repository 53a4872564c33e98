"""Every dialog that says something under its fields makes room for it: shown with the longest
message under each field in turn, in normal and large print, nothing is cut, no input is
squeezed, the dialog stays on a 1366×768 screen, and its buttons do not move when the message goes."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

import ui.widgets.dialog_room
from models.accounts import User
from models.errors import ValidationError
from models.service.counts import record_payment
from models.survey.forms import ResponseInput, save_response, start_batch
from tests.ui.fit_checks import shown, text_problems
from ui.admin.users_view import UsersView
from ui.login.start_screen import PinDialog
from ui.registers.courtesy import CourtesyPage
from ui.registers.event_kinds import KindsPage
from ui.registers.events import EventsPage
from ui.registers.followups import FollowUpDialog, FollowUpsPage
from ui.registers.petitions import PetitionsPage
from ui.registers.training import TrainingPage
from ui.service.categories_view import CategoriesView
from ui.service.payments import PaymentEditDialog
from ui.style import set_large_print
from ui.survey.edit_dialog import EditResponseDialog
from ui.widgets.messages import MessageLabel
from ui.widgets.record_list import RecordDialog

# The branch's screens: 1366×768, less Windows' task bar.
ROOM = QRect(0, 0, 1366, 728)
# As long as the longest refusals the forms say (a date's, with its example and its limit).
LONGEST = "結案日期「115/13/40」不是日期：月要在 1 到 12 之間，日要在那個月的天數之內；請照 106/03/14 或 1060314 的樣子輸入，而且不能早於收件日期 106/03/01"
INPUTS = (QLineEdit, QComboBox, QPlainTextEdit, QAbstractSpinBox, QCheckBox)
PHONE = "0912-345-678"


@pytest.fixture(autouse=True)
def branch_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui.widgets.dialog_room, "screen_room", lambda widget: QRect(ROOM))


PAGES: list[QWidget] = []  # the screens the dialogs open from, alive until the test ends


@pytest.fixture(autouse=True)
def pages() -> Iterator[None]:
    yield
    PAGES.clear()


def on_a_page(qtbot: QtBot, page: QWidget) -> QWidget:
    qtbot.addWidget(page)
    page.show()
    PAGES.append(page)
    return page


def new_record(page_class: type) -> Callable[[QtBot, User], QDialog]:
    def make(qtbot: QtBot, secretary: User) -> QDialog:
        return on_a_page(qtbot, page_class(secretary)).open_dialog(None)
    return make


def follow_up(qtbot: QtBot, secretary: User) -> QDialog:
    batch = start_batch(secretary, dt.date(2017, 3, 14), None)
    save_response(secretary, batch, ResponseInput({code: 4 for code in "ABCDEFGHIJK"}, "等候太久", PHONE, True))
    page = on_a_page(qtbot, FollowUpsPage(secretary))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    return FollowUpDialog(secretary, page.model.record_at(0), page)


def payment(qtbot: QtBot, secretary: User) -> QDialog:
    event = record_payment(secretary, 1500, "A001")
    return PaymentEditDialog(secretary, event, lambda amount: True)


def survey_form(qtbot: QtBot, secretary: User) -> QDialog:
    batch = start_batch(secretary, dt.date(2017, 3, 14), None)
    response = save_response(secretary, batch, ResponseInput({code: 1 for code in "ABCDEFGHIJK"}))
    return EditResponseDialog(secretary, response, 1)


def pin(qtbot: QtBot, secretary: User) -> QDialog:
    return PinDialog(secretary)


DIALOGS: dict[str, Callable[[QtBot, User], QDialog]] = {
    "petition": new_record(PetitionsPage),
    "event": new_record(EventsPage),
    "event kind": new_record(KindsPage),
    "training": new_record(TrainingPage),
    "courtesy": new_record(CourtesyPage),
    "user": new_record(UsersView),
    "category": new_record(CategoriesView),
    "follow-up call": follow_up,
    "payment": payment,
    "survey form": survey_form,
    "PIN": pin,
}


def messages_of(dialog: QDialog) -> list[MessageLabel]:
    """Where the dialog says things: under each field, and its line above the buttons."""
    fields = list(dialog.field_messages.values()) if isinstance(dialog, RecordDialog) else []
    return [*fields, dialog.message]


def off_the_screen(dialog: QDialog) -> list[str]:
    frame = dialog.frameGeometry()
    return [] if ROOM.contains(frame) else [f"the dialog lies at {frame.getRect()}, off the screen {ROOM.getRect()}"]


def squeezed(before: dict[QWidget, int]) -> list[str]:
    return [
        f"{type(widget).__name__} went from {height} to {widget.height()} px high"
        for widget, height in before.items()
        if widget.isVisible() and widget.height() < height
    ]


def unreachable(dialog: QDialog, message: MessageLabel) -> list[str]:
    """A message out of sight in a scrolled form, after the field was refused."""
    area = next(iter(dialog.findChildren(QScrollArea)), None)
    if area is None or not area.isAncestorOf(message):
        return []
    top = message.mapTo(area.viewport(), message.rect().topLeft()).y()
    return [] if 0 <= top and top + message.height() <= area.viewport().height() else ["the message is scrolled out of sight"]


@pytest.fixture(params=[False, True], ids=["normal print", "large print"])
def print_size(request: pytest.FixtureRequest, app_font: QApplication) -> Iterator[bool]:
    set_large_print(app_font, request.param)
    yield request.param
    set_large_print(app_font, False)


def say(dialog: QDialog, message: MessageLabel, text: str) -> None:
    """``text`` under its field as a refusal puts it there (the focus in the field), else on the dialog's line."""
    field = next((f for f, label in getattr(dialog, "field_messages", {}).items() if label is message), None)
    if field is not None:
        dialog.show_refusal(ValidationError(text, field=field))
    else:
        message.setText(text)
    for _ in range(3):
        QApplication.processEvents()


def buttons_at(dialog: QDialog) -> dict[QWidget, QPoint]:
    """Where the dialog's own buttons (儲存, 取消 …) are."""
    return {
        button: button.mapTo(dialog, QPoint(0, 0))
        for box in dialog.findChildren(QDialogButtonBox) for button in box.buttons() if button.isVisible()
    }


@pytest.mark.parametrize("name", list(DIALOGS))
def test_the_longest_message_under_each_field_gets_room_and_moves_nothing_when_it_goes(
    qtbot: QtBot, secretary: User, print_size: bool, name: str
) -> None:
    dialog = DIALOGS[name](qtbot, secretary)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    assert text_problems(dialog) + off_the_screen(dialog) == []
    heights = {widget: widget.height() for widget in shown(dialog, QWidget) if isinstance(widget, INPUTS)}
    for message in messages_of(dialog):
        say(dialog, message, LONGEST)
        found = text_problems(dialog) + squeezed(heights) + off_the_screen(dialog) + unreachable(dialog, message)
        assert found == [], f"said under the field of {message.parentWidget().findChildren(QWidget)[0]}"
        buttons, focus = buttons_at(dialog), dialog.focusWidget()
        say(dialog, message, "")
        assert buttons_at(dialog) == buttons and dialog.focusWidget() is focus

