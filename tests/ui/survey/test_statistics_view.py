"""StatisticsView: type a period, press Enter, read the figures the report will print.

The figures are read as an op: a test that reads what the screen shows waits for the op
first (``computed``), as the secretary waits for the figures to appear."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import ui.survey.statistics_view

from models.accounts import User
from models.audit import void_record
from models.errors import DatabaseLocked
from models.rocdate import DateInputError, parse_period
from models.survey.forms import ResponseInput, save_response, start_batch
from models.survey.questionnaire import STANDARD_ITEMS
from tests.ui.widgets.test_period_bar import beside_the_box
from tests.ui.demo_window import demo_file, demo_secretary, hidden_rows, open_demo_window, open_screen, settled, show_period  # noqa: F401 (fixtures)
from tests.ui.fit_checks import cut_cells
from tests.ui.op_gate import RELEASE_S, Gate, assert_the_loop_runs, hold_read
from ui.main_window import MainWindow
from ui.ops import op_runner
from ui.survey.statistics_view import (
    DURATION_LAYOUT,
    SATISFACTION_LAYOUT,
    StatisticsView,
    SurveyFiguresModel,
    default_period_text,
)
from ui.widgets.progress import ProgressPanel

CODES = [code for code, _text, _kind in STANDARD_ITEMS]
TEXTS = {code: text for code, text, _kind in STANDARD_ITEMS}
# As the report prints its tables: the invalid answers in one column, and each item's total.
SATISFACTION_HEADERS = [
    "題目", "非常滿意", "滿意", "無意見", "不滿意", "非常不滿意", "未作答或\n勾選二個", "合計", "有效樣本", "滿意度%",
]
DURATION_HEADERS = [
    "題目", "5分鐘以內", "5至15分鐘以內", "15至30分鐘以內", "30至60分鐘以內", "60分鐘以上",
    "未作答或\n勾選二個", "合計", "有效樣本", "15分以內所占%",
]


def form(**answers: int) -> ResponseInput:
    """Every item 無意見 (3) unless given."""
    picture = {code: 3 for code in CODES}
    picture.update(answers)
    return ResponseInput(picture)


@pytest.fixture
def keyed_forms(secretary: User, volunteer: User) -> None:
    """Three kept forms in 106/03, one voided form, and one form outside 106H1."""
    batch = start_batch(volunteer, dt.date(2017, 3, 1), None)
    save_response(volunteer, batch, form(A=1, B=1, K=1))
    save_response(volunteer, batch, form(A=2, B=0, K=2))
    save_response(volunteer, batch, form(A=4, B=9, K=3))
    voided = save_response(volunteer, batch, form(A=5, B=5, K=5))
    void_record(secretary, voided, "重複輸入")
    later = start_batch(volunteer, dt.date(2017, 8, 1), None)
    save_response(volunteer, later, form(A=5, K=5))


@pytest.fixture
def view(qtbot, secretary: User) -> StatisticsView:
    widget = StatisticsView(secretary)
    qtbot.addWidget(widget)
    return widget


def computed() -> None:
    """Until the figures asked for have arrived and are shown."""
    assert op_runner().wait_idle(RELEASE_S)


def type_period(qtbot, view: StatisticsView, text: str) -> None:
    view.period_edit.clear()
    qtbot.keyClicks(view.period_edit, text)
    qtbot.keyClick(view.period_edit, Qt.Key.Key_Return)
    computed()


def cells(model: SurveyFiguresModel) -> list[list[str]]:
    return [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def headers(model: SurveyFiguresModel) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 11, 25), "115"),
        (dt.date(2026, 7, 1), "115"),
        (dt.date(2026, 6, 30), "115H1"),
        (dt.date(2026, 1, 1), "115H1"),
        (dt.date(2017, 3, 15), "106H1"),
    ],
)
def test_default_period_is_the_current_half_year(today: dt.date, expected: str) -> None:
    assert default_period_text(today) == expected
    parse_period(expected)  # and it is a period the field accepts


def test_initial_field(view: StatisticsView) -> None:
    assert view.period_edit.text() == default_period_text()
    assert view.period_edit.placeholderText() == "例：106H1、106、106/01-106/03"
    assert view.message.text() == ""


def test_typing_a_period_shows_its_figures(qtbot, view: StatisticsView, keyed_forms: None) -> None:
    type_period(qtbot, view, "106H1")

    assert view.message.text() == ""
    assert view.period_label.text() == "106年1月至6月"
    assert view.forms_label.text() == "問卷回收 3 份"
    satisfaction = view.satisfaction_model
    assert headers(satisfaction) == SATISFACTION_HEADERS
    table = cells(satisfaction)
    assert [row[0] for row in table] == [f"{code}　{TEXTS[code]}" for code in "ABCDEFGHIJ"]
    #              非常滿意 滿意 無意見 不滿意 非常不滿意 未作答或勾選二個 合計 有效 滿意度%
    assert table[0][1:] == ["1", "1", "0", "1", "0", "0", "3", "3", "66.67"]
    assert table[1][1:] == ["1", "0", "0", "0", "0", "2", "3", "1", "100.00"]
    assert table[2][1:] == ["0", "0", "3", "0", "0", "0", "3", "3", "0.00"]
    invalid = satisfaction.index(1, 6)  # B: one 未作答, one 勾選二個以上
    assert satisfaction.data(invalid, Qt.ItemDataRole.ToolTipRole) == "未作答 1、勾選二個以上 1"

    duration = view.duration_model
    assert headers(duration) == DURATION_HEADERS
    assert cells(duration) == [
        [f"K　{TEXTS['K']}", "1", "1", "1", "0", "0", "0", "3", "3", "66.67"],
        ["　各時段所占%", "33.33", "33.33", "33.33", "0.00", "0.00", "", "", "", ""],  # each rounded on its own
    ]
    assert view.average_label.text() == "平均申辦案件所花費時間：11.67 分鐘"
    assert view.highest_label.text() == f"滿意度最高者為「{TEXTS['B']}」，為100.00%。"
    assert view.lowest_label.text().startswith(f"滿意度最低者為「{TEXTS['C']}」、")
    assert view.lowest_label.text().endswith("，均為0.00%。")


def test_when_every_item_prints_the_same_the_screen_says_it_once(qtbot, view: StatisticsView, volunteer: User) -> None:
    batch = start_batch(volunteer, dt.date(2017, 3, 1), None)
    for _ in range(2):
        save_response(volunteer, batch, form(**{code: 1 for code in "ABCDEFGHIJ"}))
    type_period(qtbot, view, "106H1")
    names = "、".join(f"「{TEXTS[code]}」" for code in "ABCDEFGHIJ")
    assert view.highest_label.text() == f"{names}滿意度均為100.00%。"
    assert view.lowest_label.isHidden()


def test_compute_button_and_other_period_forms(qtbot, view: StatisticsView, keyed_forms: None) -> None:
    view.period_edit.clear()
    qtbot.keyClicks(view.period_edit, "106/01-106/03")
    qtbot.mouseClick(view.compute_button, Qt.MouseButton.LeftButton)
    computed()
    assert view.period_label.text() == "106年1月至3月"
    assert view.forms_label.text() == "問卷回收 3 份"
    type_period(qtbot, view, "106")
    assert view.period_label.text() == "106年1月至12月"
    assert view.forms_label.text() == "問卷回收 4 份"  # the August form counts for the year
    assert cells(view.satisfaction_model)[0][5] == "1"  # its 非常不滿意 for A


def test_numbers_are_right_aligned(qtbot, view: StatisticsView, keyed_forms: None) -> None:
    type_period(qtbot, view, "106H1")
    model = view.satisfaction_model
    role = Qt.ItemDataRole.TextAlignmentRole
    assert model.data(model.index(0, 1), role) & Qt.AlignmentFlag.AlignRight
    assert model.data(model.index(0, 9), role) & Qt.AlignmentFlag.AlignRight
    assert model.data(model.index(0, 0), role) & Qt.AlignmentFlag.AlignLeft


@pytest.mark.parametrize("text", ["abc", "106H3", "106/05-106/02"])
def test_bad_period_shows_message_and_clears_the_figures_of_before(
    qtbot, view: StatisticsView, keyed_forms: None, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    view.resize(1366, 648)
    view.show()
    type_period(qtbot, view, "106H1")
    before = cells(view.satisfaction_model), cells(view.duration_model)
    labels = view.period_label.text(), view.forms_label.text(), view.average_label.text()
    table_top = view.satisfaction_table.geometry().top()
    read: list[str] = []
    held = ui.survey.statistics_view.survey_statistics
    monkeypatch.setattr(ui.survey.statistics_view, "survey_statistics", lambda period: read.append(period) or held(period))

    type_period(qtbot, view, text)

    with pytest.raises(DateInputError) as expected:
        parse_period(text)
    assert view.message.text() == str(expected.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in view.message.text())
    assert view.message.isVisible()
    assert beside_the_box(view.period_bar)
    assert read == []  # nothing computed
    assert (cells(view.satisfaction_model), cells(view.duration_model)) == ([], [])  # not 106H1's under the message
    assert (view.period_label.text(), view.forms_label.text(), view.average_label.text()) == ("", "", "")
    assert view.highest_label.text() == "" and view.lowest_label.isHidden()
    assert view.period_edit.text() == text  # what was typed stays, to be corrected
    assert view.satisfaction_table.geometry().top() == table_top  # the room was kept: nothing jumps

    type_period(qtbot, view, "106H1")
    assert view.message.text() == ""
    assert (cells(view.satisfaction_model), cells(view.duration_model)) == before
    assert (view.period_label.text(), view.forms_label.text(), view.average_label.text()) == labels


def test_period_without_data_shows_dashes(qtbot, view: StatisticsView, keyed_forms: None) -> None:
    type_period(qtbot, view, "105")
    assert view.forms_label.text() == "問卷回收 0 份"
    table = cells(view.satisfaction_model)
    assert len(table) == 10
    assert all(row[1:9] == ["0"] * 8 and row[9] == "—" for row in table)
    assert cells(view.duration_model)[0][9] == "—"
    assert cells(view.duration_model)[1][1:6] == ["—"] * 5
    assert "—" in view.average_label.text()
    assert view.highest_label.text() == "這段期間沒有有效的滿意度答案，無法比較最高與最低。"
    assert view.lowest_label.isHidden()


def test_activate_recomputes(qtbot, view: StatisticsView, volunteer: User) -> None:
    type_period(qtbot, view, "106H1")
    assert view.forms_label.text() == "問卷回收 0 份"
    batch = start_batch(volunteer, dt.date(2017, 2, 1), None)
    save_response(volunteer, batch, form(A=1))
    view.activate()
    computed()
    assert view.forms_label.text() == "問卷回收 1 份"
    assert cells(view.satisfaction_model)[0][9] == "100.00"


def test_models_pass_modeltester(qtmodeltester, qtbot, view: StatisticsView, keyed_forms: None) -> None:
    qtmodeltester.check(view.satisfaction_model)  # empty, before any computing
    type_period(qtbot, view, "106H1")
    qtmodeltester.check(view.satisfaction_model)
    qtmodeltester.check(view.duration_model)


def test_standalone_models_pass_modeltester(qtmodeltester) -> None:
    for layout in (SATISFACTION_LAYOUT, DURATION_LAYOUT):
        model = SurveyFiguresModel(layout)
        assert model.rowCount() == 0
        qtmodeltester.check(model)


# --- the figures are read off the window's thread --------------------------------------


def on_screen(view: StatisticsView) -> tuple[object, ...]:
    labels = view.period_label, view.forms_label, view.average_label, view.highest_label, view.lowest_label
    return *(label.text() for label in labels), cells(view.satisfaction_model), cells(view.duration_model)


def panels(view: StatisticsView) -> list[ProgressPanel]:
    return [panel for panel in view.findChildren(ProgressPanel) if panel.isVisible()]


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """The screen's read held on the worker until the test opens the gate."""
    yield from hold_read(monkeypatch, ui.survey.statistics_view, "survey_statistics")


def test_the_window_answers_while_the_figures_are_read(
    qtbot, view: StatisticsView, keyed_forms: None, gate: Gate
) -> None:
    view.resize(1366, 768)
    view.show()
    qtbot.keyClick(view.period_edit, Qt.Key.Key_Return)  # the default period first: nothing kept in it
    gate.open()
    computed()
    gate.close()
    before = on_screen(view)

    view.period_edit.clear()
    qtbot.keyClicks(view.period_edit, "106H1")
    qtbot.keyClick(view.period_edit, Qt.Key.Key_Return)
    assert gate.reached.wait(RELEASE_S)  # the worker is inside the read, held there
    assert_the_loop_runs(qtbot, view)
    qtbot.keyClicks(view.period_edit, "x")  # and typing reaches the field
    assert view.period_edit.text() == "106H1x"
    qtbot.waitUntil(lambda: len(panels(view)) == 1, timeout=5000)
    assert panels(view)[0].title.text() == "正在計算問卷統計…"
    assert on_screen(view) == before

    gate.open()
    qtbot.waitUntil(lambda: view.forms_label.text() == "問卷回收 3 份", timeout=5000)
    assert view.period_label.text() == "106年1月至6月"
    assert cells(view.satisfaction_model)[0][1:] == ["1", "1", "0", "1", "0", "0", "3", "3", "66.67"]
    qtbot.waitUntil(lambda: panels(view) == [], timeout=5000)


def test_repeated_compute_reads_only_the_newest(
    qtbot, view: StatisticsView, keyed_forms: None, gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    held = ui.survey.statistics_view.survey_statistics

    def counted(period):  # noqa: ANN001, ANN202
        read.append(period.label)
        return held(period)

    monkeypatch.setattr(ui.survey.statistics_view, "survey_statistics", counted)
    view.period_edit.setText("106")
    qtbot.mouseClick(view.compute_button, Qt.MouseButton.LeftButton)
    assert gate.reached.wait(RELEASE_S)
    for text in ("106/01-106/03", "105", "106H1"):  # pressed while the first is still read
        view.period_edit.setText(text)
        qtbot.mouseClick(view.compute_button, Qt.MouseButton.LeftButton)
    gate.open()
    computed()
    assert read == ["106年1月至12月", "106年1月至6月"]  # the two between never ran
    assert view.period_label.text() == "106年1月至6月" and view.forms_label.text() == "問卷回收 3 份"


def test_a_bad_period_is_said_at_once_while_the_worker_is_busy(
    qtbot, view: StatisticsView, keyed_forms: None, gate: Gate
) -> None:
    type_period(qtbot, view, "")  # nothing shown yet: an empty field is a bad period too
    assert view.message.text() != "" and view.period_label.text() == ""
    view.period_edit.setText("106")
    qtbot.mouseClick(view.compute_button, Qt.MouseButton.LeftButton)
    assert gate.reached.wait(RELEASE_S)
    view.period_edit.clear()
    qtbot.keyClicks(view.period_edit, "106H3")
    qtbot.keyClick(view.period_edit, Qt.Key.Key_Return)
    with pytest.raises(DateInputError) as expected:
        parse_period("106H3")
    assert view.message.text() == str(expected.value) and not view.message.isHidden()  # before the worker is free
    gate.open()
    computed()
    # The read asked for before the bad period arrives and is not shown: the box no longer says 106.
    assert view.period_label.text() == "" and cells(view.satisfaction_model) == []
    assert view.message.text() == str(expected.value)  # and the message about the field stays


def test_a_storage_problem_is_said_and_nothing_is_half_drawn(
    qtbot, view: StatisticsView, keyed_forms: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    type_period(qtbot, view, "106H1")
    before = on_screen(view)
    problem = DatabaseLocked("資料庫正由另一台電腦寫入中，請稍後再試。")

    def locked(period):  # noqa: ANN001, ANN202
        raise problem

    shown: list[tuple[object, BaseException]] = []
    monkeypatch.setattr(ui.survey.statistics_view, "survey_statistics", locked)
    monkeypatch.setattr(ui.survey.statistics_view, "show_problem", lambda parent, exc: shown.append((parent, exc)))
    type_period(qtbot, view, "106")
    assert shown == [(view, problem)]
    assert on_screen(view) == before
    assert view.message.text() == ""  # a storage problem is not about the field


# --- in the program's window, on the demo's 106H1, at 1366×768 --------------------------------


def demo_statistics(qtbot: QtBot, secretary: User, *, large: bool) -> tuple[MainWindow, StatisticsView]:
    window, view = show_period(qtbot, secretary, "statistics", large=large)
    assert isinstance(view, StatisticsView) and view.forms_label.text() == "問卷回收 166 份"
    return window, view


@pytest.mark.parametrize("large", [False, True], ids=["normal print", "large print"])
def test_every_row_of_106h1_is_in_sight_at_1366_by_768(
    qtbot: QtBot, app_font: QApplication, demo_secretary: User, large: bool
) -> None:
    """A–J and K with its share row, each whole; in large print, where the screen cannot hold
    both tables and the sentences, A–J is in sight at once and the page scrolls to K, never a table."""
    window, view = demo_statistics(qtbot, demo_secretary, large=large)
    tables = view.satisfaction_table, view.duration_table
    assert [table.model().rowCount() for table in tables] == [10, 2]
    assert not any(table.verticalScrollBar().isVisible() for table in tables)
    assert hidden_rows(view.satisfaction_table) == []
    assert [cut_cells(table) for table in tables] == [[], []]  # and no cell's last line cut
    if large:
        view.figures_area.ensureWidgetVisible(view.duration_table, 0, 0)
        settled(window)
    assert hidden_rows(view.duration_table) == []
    assert (window.width(), window.height()) == (1366, 768)
    if not large:  # everything at once: nothing scrolls, the sentences included
        assert not view.figures_area.verticalScrollBar().isVisible()
        assert view.lowest_label.visibleRegion().boundingRect() == view.lowest_label.rect()


def test_the_period_shown_stays_when_the_print_changes(
    qtbot: QtBot, app_font: QApplication, demo_secretary: User
) -> None:
    window, _view = demo_statistics(qtbot, demo_secretary, large=False)
    window.workspace.choose_print(True)
    settled(window)
    view = window.workspace.stack.currentWidget()
    assert isinstance(view, StatisticsView) and view.isVisible()
    assert view.period_edit.text() == "106H1"
    assert (view.period_label.text(), view.forms_label.text()) == ("106年1月至6月", "問卷回收 166 份")
    window.workspace.choose_print(False)
    settled(window)
    assert window.workspace.stack.currentWidget().period_edit.text() == "106H1"


def test_typing_replaces_the_period_the_box_opens_with(
    qtbot: QtBot, app_font: QApplication, demo_secretary: User
) -> None:
    """The box opens with 115 (or whatever it held) selected: typing a period replaces it,
    when the screen opens and when Tab or a click comes back to the box."""
    window = open_demo_window(qtbot, demo_secretary, large=False)
    view = open_screen(window, "statistics")
    assert view.period_edit.hasFocus()
    assert view.period_edit.selectedText() == view.period_edit.text() == default_period_text()
    type_period_over(qtbot, view, "106H1")
    assert view.period_edit.text() == "106H1" and view.message.text() == ""
    view.compute_button.setFocus()
    qtbot.keyClick(view.compute_button, Qt.Key.Key_Backtab)
    assert view.period_edit.hasFocus() and view.period_edit.selectedText() == "106H1"
    view.compute_button.setFocus()
    qtbot.mouseClick(view.period_edit, Qt.MouseButton.LeftButton)
    settled(window)
    assert view.period_edit.selectedText() == "106H1"
    type_period_over(qtbot, view, "106")
    assert view.period_edit.text() == "106" and view.period_label.text() == "106年1月至12月"


def type_period_over(qtbot: QtBot, view: StatisticsView, text: str) -> None:
    """Type into the box as it is (no clearing first), then Enter."""
    qtbot.keyClicks(view.period_edit, text)
    qtbot.keyClick(view.period_edit, Qt.Key.Key_Return)
    computed()
