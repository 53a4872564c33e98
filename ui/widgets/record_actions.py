"""Correct, void and trace the record selected in a desk's list: one piece for every desk.

The rules are the domain's (own records of the same day, or the secretary); this class
only asks for what the domain needs (a reason) and says in words what happened. How a
record's history is shown is the screen's to say (``ShowHistory``): a widget opens no screen.
"""
from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QInputDialog, QWidget

from models.accounts import User
from models.audit import AccountableModel, require_may_modify, void_record
from models.base import BaseModel
from models.errors import PermissionDenied
from ui.errors import EXPECTED
from ui.i18n import tr
from ui.style import ERROR_TEXT

Record = TypeVar("Record", bound=AccountableModel)
# Opens the history of ``record`` for ``actor`` over ``parent`` (ui.admin.history_dialog.show_history).
ShowHistory = Callable[[QWidget, User, BaseModel], None]
# Voids ``record`` for ``actor`` with the reason given: models.audit.void_record, or a register's
# own domain function that asks its role first (models.registers.petitions.void_petition).
VoidRecord = Callable[[User, Any, str], None]


class RecordActions(Generic[Record]):
    def __init__(
        self,
        parent: QWidget,
        user: User,
        selected: Callable[[], Record | None],
        say: Callable[[str], None],
        *,
        noun: str,
        choose_hint: str,
        describe: Callable[[Record], str],
        history: ShowHistory,
        void: VoidRecord = void_record,
    ) -> None:
        self.parent = parent
        self.user = user
        self.selected = selected
        self.say = say
        self.noun = noun  # 「問卷」, 「收款」: how the messages name the record
        self.choose_hint = choose_hint
        self.describe = describe  # names the record in the void prompt: which one is going
        self.history = history
        self.void = void

    def checked_selection(self) -> Record | None:
        """The selected record if this user may change it; otherwise say why and give None."""
        record = self.selected()
        if record is None:
            self.say(self.choose_hint)
            return None
        try:
            require_may_modify(self.user, record)
        except PermissionDenied as exc:
            self.say(str(exc))
            return None
        self.say("")
        return record

    def editable_selection(self) -> Record | None:
        """As checked_selection, and not voided (a voided record is kept as it was)."""
        record = self.checked_selection()
        if record is not None and record.is_voided:
            self.say(tr("已作廢的{noun}不能修改。").format(noun=self.noun))
            return None
        return record

    def void_selected(self, reason: str | None = None) -> Record | None:
        """Void after asking for the reason (tests pass it); the voided record, or None."""
        record = self.checked_selection()
        if record is None:
            return None
        if reason is None:
            reason = self.ask_reason(record)
            if reason is None:
                return None
        try:
            self.void(self.user, record, reason)
        except EXPECTED as exc:
            self.say(str(exc))
            return None
        return record

    def ask_reason(self, record: Record) -> str | None:
        """Ask until a reason is given or the clerk cancels (None)."""
        prompt = tr("要作廢的是：{what}\n作廢原因（必填）：").format(what=self.describe(record))
        while True:
            reason, accepted = QInputDialog.getText(self.parent, tr("作廢{noun}").format(noun=self.noun), prompt)
            if not accepted:
                return None
            if reason.strip():
                return reason
            # Said again in red (black, it read as the same question): rich text, the record's words escaped.
            prompt = tr("要作廢的是：{what}<br><span style='color: {red};'>請寫下作廢原因，不能空白：</span>").format(
                what=html.escape(self.describe(record)), red=ERROR_TEXT
            )

    def show_history(self) -> None:
        record = self.selected()
        if record is None:
            self.say(self.choose_hint)
            return
        self.history(self.parent, self.user, record)
