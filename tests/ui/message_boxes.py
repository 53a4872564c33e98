"""Stands in for the program's question and notice boxes (ui/widgets/questions.py): records
what each said and answers at once, so a test never waits on a modal box."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtWidgets import QMessageBox


@dataclass
class AnsweredBoxes:
    reply: QMessageBox.StandardButton = QMessageBox.StandardButton.No
    said: list[tuple[str, str, QMessageBox.Icon]] = field(default_factory=list)  # title, text, icon

    def install(self, monkeypatch: pytest.MonkeyPatch) -> AnsweredBoxes:
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self._exec(box))  # a plain function: Qt passes the box
        return self

    def _exec(self, box: QMessageBox) -> int:
        self.said.append((box.windowTitle(), box.text(), box.icon()))
        asked = box.button(QMessageBox.StandardButton.Yes) is not None
        return self.reply if asked else QMessageBox.StandardButton.Ok

    @property
    def questions(self) -> list[str]:
        return [text for _title, text, icon in self.said if icon == QMessageBox.Icon.Question]

    @property
    def warnings(self) -> list[str]:
        return [text for _title, text, icon in self.said if icon == QMessageBox.Icon.Warning]
