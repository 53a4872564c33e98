"""The paper form on screen: one row per question, one key per answer.

Keys: 1–5 pick the option in printed order and move on; 0 or Space = 未作答; * or 9 =
勾選二個以上; Backspace goes back a row; Enter asks to save; Esc clears. The large buttons
do the same for the mouse. A paper form is 11 answer keys and Enter.

Whether the keys reach the form is never left to a faint focus frame: with them, a thick dark
ring and 「鍵盤輸入中」 on its key line; without (typing a comment), a grey frame and the way
back. In large print a button reads 「1 非常滿意」 on one line, so eleven rows fit 768 pixels.
"""
from __future__ import annotations

import math
import re
import unicodedata

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QFontMetrics, QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from models.survey.forms import BLANK, MULTIPLE
from models.survey.questionnaire import ItemSpec
from ui.i18n import tr
from ui.style import CURRENT_ROW, CURRENT_ROW_BORDER, FOCUS_RING, NO_FOCUS_RING, is_large_print, scaled
from ui.widgets.keys import is_command

BLANK_KEYS = {Qt.Key.Key_0, Qt.Key.Key_Space}
MULTIPLE_KEYS = {Qt.Key.Key_9, Qt.Key.Key_Asterisk}
OPTION_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 6)}
EXTRA_COLUMNS = ((BLANK, "0", "未作答"), (MULTIPLE, "9", "二個以上"))
BUTTON_LINE_WIDTH = 10  # display columns (a Chinese character is two) before a label wraps
CHOSEN_STYLE = (
    "QPushButton:checked { background: #1f5fbf; color: white; font-weight: bold;"
    " border: 2px solid #0d3473; border-radius: 4px; }"
)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_label(text: str, width: int = BUTTON_LINE_WIDTH) -> str:
    """Break a long option label into short lines, never inside a number: after its figures
    when it has some (「15至30」「分鐘以內」, the figures read whole and the column stays narrow)."""
    if display_width(text) <= width:
        return text
    figures = list(re.finditer(r"\d+", text))
    cut = figures[-1].end() if figures else 0
    if 0 < cut < len(text) and max(display_width(text[:cut]), display_width(text[cut:])) <= width:
        return f"{text[:cut]}\n{text[cut:]}"
    tokens = re.findall(r"\d+|.", text)
    lines, line, used = [], "", 0
    for token in tokens:
        size = display_width(token)
        if line and used + size > width:
            lines.append(line)
            line, used = "", 0
        line += token
        used += size
    return "\n".join([*lines, line])


# A line does not begin with these: they stay at the end of the line before.
CLOSING_MARKS = set("，、。；：）」』？！")


def _greedy_lines(text: str, metrics: QFontMetrics, width: int) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if line and metrics.horizontalAdvance(line + ch) > width and ch not in CLOSING_MARKS:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line]


def balanced_lines(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` in as few lines as ``width`` allows, of about equal length: a question never
    leaves one character alone on its last line (「…獲知管」「道」), nor begins a line with a comma;
    two lines part where a reader pauses when they can."""
    if width <= 0 or metrics.horizontalAdvance(text) <= width:
        return text
    fewest = len(_greedy_lines(text, metrics, width))
    paused = _two_lines_at_a_pause(text, metrics, width) if fewest == 2 else None
    if paused is not None:
        return paused
    target = math.ceil(metrics.horizontalAdvance(text) / fewest)
    while target < width and len(_greedy_lines(text, metrics, target)) > fewest:
        target += max(1, metrics.averageCharWidth() // 4)
    return "\n".join(_greedy_lines(text, metrics, min(target, width)))


BREAK_AFTER, BREAK_BEFORE = set("，、；："), set("及與和")


def _two_lines_at_a_pause(text: str, metrics: QFontMetrics, width: int) -> str | None:
    """Two lines broken where a reader pauses (after 「，」「、」, before 「及」), if both fit."""
    cuts = [i + 1 for i, ch in enumerate(text) if ch in BREAK_AFTER] + [i for i, ch in enumerate(text) if ch in BREAK_BEFORE]
    fitting = [
        cut for cut in cuts
        if 1 < cut < len(text) - 1 and max(metrics.horizontalAdvance(text[:cut]), metrics.horizontalAdvance(text[cut:])) <= width
    ]
    if not fitting:
        return None
    cut = min(fitting, key=lambda c: max(metrics.horizontalAdvance(text[:c]), metrics.horizontalAdvance(text[c:])))
    return f"{text[:cut]}\n{text[cut:]}"


class QuestionLabel(QLabel):
    """A question's words, broken into even lines for the width it is given."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.words = text
        self.setWordWrap(True)  # (the lines are ours; a label that wraps also says how high it must be)

    def _lines(self, width: int) -> str:
        margins = self.contentsMargins()
        return balanced_lines(self.words, self.fontMetrics(), width - margins.left() - margins.right())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        lines = self._lines(event.size().width())
        if lines != self.text():
            self.setText(lines)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        margins = self.contentsMargins()
        rows = self._lines(width).count("\n") + 1
        return rows * self.fontMetrics().lineSpacing() + margins.top() + margins.bottom()


class SurveyFormWidget(QFrame):
    """Eleven rows like the paper; keeps the answers until saved or cleared."""

    answersChanged = Signal()
    rowShown = Signal(int)  # the current row, made so (a form that scrolls keeps it in sight)
    saveRequested = Signal()
    clearRequested = Signal()

    def __init__(self, specs: list[ItemSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.specs = specs
        self._answers: dict[str, int] = {}
        self.current = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("surveyForm")
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(1)
        grid.setContentsMargins(2, 2, 2, 2)  # inside the 3 px ring: the rows keep the room they had
        self.row_frames: list[QFrame] = []
        self.groups: list[QButtonGroup] = []
        self.buttons: list[dict[int, QPushButton]] = []
        for row, spec in enumerate(specs):
            self._add_row(grid, row, spec)
        grid.setColumnStretch(0, 1)
        for row in range(len(specs)):
            grid.setRowStretch(row, 1)  # the height the form is given goes to the answers, row by row
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        grid.addWidget(self.hint, len(specs), 0, 1, 8)
        self.show_current()

    def _add_row(self, grid: QGridLayout, row: int, spec: ItemSpec) -> None:
        frame = QFrame()
        frame.setObjectName("row")
        grid.addWidget(frame, row, 0, 1, 8)  # the highlight sits behind the row's widgets
        label = QuestionLabel(f"{spec.code}　{spec.text}")
        label.setMinimumWidth(scaled(200))  # the list beside the form keeps every column in view
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        grid.addWidget(label, row, 0)
        group = QButtonGroup(self)
        buttons: dict[int, QPushButton] = {}
        choices = [(n, str(n), text) for n, text in enumerate(spec.options, start=1)] + [
            (value, key, tr(text)) for value, key, text in EXTRA_COLUMNS
        ]
        beside = " " if is_large_print() else "\n"  # the key before the words, or above them
        for column, (value, key, text) in enumerate(choices, start=1):
            caption = f"{key}{beside}{wrap_label(text)}"
            button = QPushButton(caption)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            lines = caption.count("\n") + 1
            button.setMinimumSize(scaled(92), lines * button.fontMetrics().lineSpacing() + 4)
            # As tall as its row: in large print an answer is one line of words, and a button
            # only as high as that would be shorter than in normal print (two lines).
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
            group.addButton(button, value)
            grid.addWidget(button, row, column)
            buttons[value] = button
        group.idClicked.connect(lambda value, r=row: self._click(r, value))
        self.row_frames.append(frame)
        self.groups.append(group)
        self.buttons.append(buttons)

    # --- state -------------------------------------------------------------------------

    def answers(self) -> dict[str, int]:
        return dict(self._answers)

    def missing(self) -> list[str]:
        return [spec.code for spec in self.specs if spec.code not in self._answers]

    def set_answers(self, answers: dict[str, int]) -> None:
        self._answers = {spec.code: answers[spec.code] for spec in self.specs if spec.code in answers}
        for row, spec in enumerate(self.specs):
            self._sync_buttons(row)
        missing = self.missing()
        self.current = self._row_of(missing[0]) if missing else len(self.specs)
        self.show_current()
        self.answersChanged.emit()

    def clear(self) -> None:
        self.set_answers({})

    def go_to(self, code: str) -> None:
        self.current = self._row_of(code)
        self.show_current()

    def _row_of(self, code: str) -> int:
        return [spec.code for spec in self.specs].index(code)

    def _click(self, row: int, value: int) -> None:
        self._choose(row, value)
        self.setFocus(Qt.FocusReason.MouseFocusReason)  # the keys come back with the mouse

    def _choose(self, row: int, value: int) -> None:
        self._answers[self.specs[row].code] = value
        self._sync_buttons(row)
        self.current = row + 1
        self.show_current()
        self.answersChanged.emit()

    def _sync_buttons(self, row: int) -> None:
        group = self.groups[row]
        chosen = self._answers.get(self.specs[row].code)
        group.setExclusive(False)  # lets a row show no answer at all
        for value, button in self.buttons[row].items():
            button.setChecked(value == chosen)
        group.setExclusive(True)

    def show_current(self) -> None:
        for row, frame in enumerate(self.row_frames):
            frame.setStyleSheet(
                f"QFrame#row {{ background: {CURRENT_ROW}; border: 3px solid {CURRENT_ROW_BORDER}; border-radius: 4px; }}"
                if row == self.current
                else "QFrame#row { background: transparent; border: 3px solid transparent; }"
            )
        self._show_keys()
        self.rowShown.emit(self.current)

    def has_keys(self) -> bool:
        return self.hasFocus()

    def _show_keys(self) -> None:
        """The ring and the key line say whether a key pressed now answers the form."""
        ring = FOCUS_RING if self.has_keys() else NO_FOCUS_RING
        self.setStyleSheet(f"QFrame#surveyForm {{ border: 3px solid {ring}; border-radius: 4px; }} {CHOSEN_STYLE}")
        if not self.has_keys():
            self.hint.setText(tr("鍵盤沒有在問卷上：按 Esc 或點題目回到作答"))
        elif self.current < len(self.specs):
            spec = self.specs[self.current]
            self.hint.setText(
                tr("鍵盤輸入中：第 {code} 題按 1–5 作答，0 未作答，9 勾選二個以上，Backspace 回上一題").format(code=spec.code)
            )
        else:
            self.hint.setText(tr("鍵盤輸入中：全部填好了，按 Enter 儲存，Esc 清除重填"))

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusInEvent(event)
        self._show_keys()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        self._show_keys()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        """A click on a question makes it the current row (and gives the form the keys)."""
        at = event.position().toPoint()
        row = next((r for r, frame in enumerate(self.row_frames) if frame.geometry().contains(at)), None)
        if row is not None:
            self.current = row
            self.show_current()
        super().mousePressEvent(event)

    # --- keyboard ----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = Qt.Key(event.key())
        if is_command(event):
            super().keyPressEvent(event)  # Alt+1 is a tab of 登記簿, not an answer
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.saveRequested.emit()
        elif key == Qt.Key.Key_Escape:
            self.clearRequested.emit()
        elif key == Qt.Key.Key_Backspace or key == Qt.Key.Key_Up:
            self.current = max(self.current - 1, 0)
            self.show_current()
        elif key == Qt.Key.Key_Down:
            self.current = min(self.current + 1, len(self.specs))
            self.show_current()
        elif self.current < len(self.specs) and self._answer_key(key) is not None:
            self._choose(self.current, self._answer_key(key))
        else:
            super().keyPressEvent(event)

    def _answer_key(self, key: Qt.Key) -> int | None:
        if key in BLANK_KEYS:
            return BLANK
        if key in MULTIPLE_KEYS:
            return MULTIPLE
        option = OPTION_KEYS.get(key)
        if option is not None and option <= len(self.specs[self.current].options):
            return option
        return None
