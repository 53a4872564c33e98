"""在職訓練 (登記簿's fourth tab) through the real widgets: the list read as an op and filtered
by period and kind, the line of sessions and hours per kind as ``stats`` sums them, the form
with each message beside its field, corrections and 作廢.

The list is read on the ops' worker: a test that looks at the rows waits for the read first
(``listed``), as the secretary waits for the list to appear."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

import ui.registers.training
from models.accounts import Role, User
from models.audit import AuditEntry
from models.registers.training import E_LEARNING, IN_SERVICE, TrainingSession, record_training, void_training
from models.rocdate import format_roc, parse_period
from models.users import create_user
from reports.statistics import training_figures
from tests.ui.op_gate import Gate, hold_read
from tests.ui.registers.register_checks import (
    answer_void,
    assert_models_pass_modeltester,
    assert_one_dialog_per_activation,
    assert_read_on_the_worker,
    assert_refused_beside,
    assert_refused_to_all_but_the_secretary,
    cells,
    choose_period,
    listed,
    listed_ids,
    open_dialogs,
    shown,
    type_date,
)
from ui.ops import op_runner
from ui.registers.book import load_registers
from ui.registers.training import TrainingDialog, TrainingPage, listed_figures

TODAY = dt.date.today()
LECTURERS = "臺灣高等法院臺南分院檢察署蔡檢察官麗宜、臺南地方法院檢察署李官長淑美、研考科董科長國名"


@pytest.fixture
def page(qtbot, secretary: User) -> TrainingPage:
    return shown(qtbot, TrainingPage(secretary))


@pytest.fixture
def sessions(secretary: User) -> dict[str, TrainingSession]:
    made = {
        "pension": record_training(secretary, dt.date(2017, 1, 25), IN_SERVICE, "年金改革方案(草案)說明會", "1", "人事室吳人事管理員惠婷"),
        "quality": record_training(secretary, dt.date(2017, 3, 9), IN_SERVICE, "如何提升政府服務品質", "5", LECTURERS),
        "film": record_training(secretary, dt.date(2017, 4, 20), E_LEARNING, "環境教育影片賞析", "2.5"),
        "twice": record_training(secretary, dt.date(2017, 5, 18), E_LEARNING, "產業創新計畫", "1"),
        "later": record_training(secretary, dt.date(2017, 7, 3), E_LEARNING, "下半年的課", "2"),
    }
    void_training(secretary, made["twice"], "重複輸入")
    return made


def written() -> tuple[int, int]:
    return TrainingSession.select().count(), AuditEntry.select().count()


def dialogs(page: TrainingPage) -> list[TrainingDialog]:
    return open_dialogs(page, TrainingDialog)


def fill(qtbot, dialog: TrainingDialog, *, day: str = "1060426", kind: str = "在職訓練", title: str = "強制執行實務",
         hours: str = "8", lecturer: str = "新竹地方法院傅前庭長金圳") -> None:
    type_date(qtbot, dialog.day_edit, day)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findText(kind))
    dialog.title_edit.setText(title)  # Chinese arrives whole from the input method
    dialog.hours_edit.clear()
    if hours.isascii():
        qtbot.keyClicks(dialog.hours_edit, hours)
    else:
        dialog.hours_edit.setText(hours)  # full-width digits come from the input method, whole
    dialog.lecturer_edit.setText(lecturer)


# ---------------------------------------------------------------- the list


def test_the_tab_is_the_fourth_of_the_book() -> None:
    tab = next(tab for tab in load_registers().tabs() if tab.key == "training")
    assert (tab.title, tab.position, tab.notice) == ("在職訓練", 4, None)


def test_the_list_shows_each_session_by_date(page: TrainingPage, sessions: dict[str, TrainingSession]) -> None:
    page.refresh()
    listed()
    assert [column.header for column in page.model.columns] == ["日期", "類別", "課程名稱", "時數", "講座", "登記者"]
    assert cells(page) == [
        ["106/01/25", "在職訓練", "年金改革方案(草案)說明會", "1", "人事室吳人事管理員惠婷", "林秘書"],
        ["106/03/09", "在職訓練", "如何提升政府服務品質", "5", LECTURERS, "林秘書"],
        ["106/04/20", "數位學習", "環境教育影片賞析", "2.5", "", "林秘書"],
        ["106/05/18", "數位學習", "產業創新計畫", "1", "", "林秘書"],
        ["106/07/03", "數位學習", "下半年的課", "2", "", "林秘書"],
    ]
    assert page.count_label.text() == "共 5 筆"
    model = page.model
    assert model.data(model.index(1, 4), Qt.ItemDataRole.ToolTipRole) == LECTURERS  # cut in the list, whole on hover
    assert model.data(model.index(0, 3), Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_a_voided_session_stays_listed_grey_and_struck_through(
    page: TrainingPage, sessions: dict[str, TrainingSession]
) -> None:
    page.refresh()
    listed()
    model, row = page.model, page.model.row_of(sessions["twice"].id)
    assert model.data(model.index(row, 0), Qt.ItemDataRole.ForegroundRole).color().name() == "#888888"
    assert model.data(model.index(row, 2), Qt.ItemDataRole.FontRole).strikeOut()
    assert model.data(model.index(row, 2), Qt.ItemDataRole.ToolTipRole) == "產業創新計畫\n作廢原因：重複輸入"
    page.table.selectRow(row)
    assert not page.edit_button.isEnabled() and not page.void_button.isEnabled() and page.history_button.isEnabled()


def test_the_filters_choose_what_is_listed_and_the_line_sums_it(
    qtbot, page: TrainingPage, sessions: dict[str, TrainingSession]
) -> None:
    page.refresh()
    listed()
    assert page.summary.text() == (
        "全部期間（不含作廢）：在職訓練 2 次、6 小時；數位學習 2 次、4.5 小時；合計 4 次、10.5 小時"
    )
    choose_period(qtbot, page, "106H1")
    assert listed_ids(page) == [sessions[k].id for k in ("pension", "quality", "film", "twice")]
    assert page.summary.text() == (
        "106年1月至6月（不含作廢）：在職訓練 2 次、6 小時；數位學習 1 次、2.5 小時；合計 3 次、8.5 小時"
    )
    page.filter_bar.set_choice("kind", E_LEARNING)
    listed()
    assert listed_ids(page) == [sessions["film"].id, sessions["twice"].id]
    assert page.summary.text() == "106年1月至6月（不含作廢）：數位學習 1 次、2.5 小時"
    choose_period(qtbot, page, "106/07")
    assert listed_ids(page) == [sessions["later"].id]
    assert page.summary.text() == "106年7月（不含作廢）：數位學習 1 次、2 小時"


def test_an_empty_period_sums_to_zero(qtbot, page: TrainingPage) -> None:
    choose_period(qtbot, page, "105")
    assert page.model.rowCount() == 0
    assert page.summary.text() == "105年1月至12月（不含作廢）：在職訓練 0 次、0 小時；數位學習 0 次、0 小時；合計 0 次、0 小時"


def test_the_line_sums_as_the_statistics_do(qtbot, page: TrainingPage, sessions: dict[str, TrainingSession]) -> None:
    choose_period(qtbot, page, "106H1")
    assert listed_figures(page.model.records(), None) == training_figures(parse_period("106H1"))


def test_a_bad_period_is_said_under_its_box_and_the_list_stays(
    qtbot, page: TrainingPage, sessions: dict[str, TrainingSession]
) -> None:
    page.refresh()
    listed()
    before, line = cells(page), page.summary.text()
    edit = page.filter_bar.period_bar.period_edit
    edit.setText("106H3")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "106H3" in page.filter_bar.period_bar.message.text()
    assert op_runner().is_idle() and cells(page) == before and page.summary.text() == line


# ---------------------------------------------------------------- the form


def test_recording_a_session_through_the_form(qtbot, page: TrainingPage) -> None:
    changes: list[None] = []
    page.records_changed.connect(lambda: changes.append(None))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    [dialog] = dialogs(page)
    assert dialog.windowTitle() == "記錄訓練" and dialog.focusWidget() is dialog.day_edit.lineEdit()
    fill(qtbot, dialog, kind="數位學習", title="環境教育影片賞析", hours="２.５", lecturer="")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    stored = TrainingSession.get()
    assert (stored.day, stored.kind, stored.title, stored.hours, stored.lecturer) == (
        dt.date(2017, 4, 26), E_LEARNING, "環境教育影片賞析", Decimal("2.5"), ""
    )
    listed()
    assert page.selected().id == stored.id and changes == [None]
    assert page.summary.text() == "全部期間（不含作廢）：在職訓練 0 次、0 小時；數位學習 1 次、2.5 小時；合計 1 次、2.5 小時"


HALVES = "時數以半小時為單位，例如 2 或 2.5（不能是 2.25）。"
HOURS_RULE = "時數請輸入大於 0 的數字，以半小時為單位，例如 2 或 2.5。"
INVISIBLE = "{label}裡有看不見的字元（U+200B），可能是從別處貼上的；請刪除後重新輸入。"

BAD_FORMS = [
    pytest.param({"day": ""}, "date", "請輸入日期。", id="no-date"),
    pytest.param({"day": "abc"}, "date", None, id="unreadable-date"),
    pytest.param({"day": "1060230"}, "date", "「1060230」不是有效日期：民國106年2月只有28天。", id="no-such-day"),
    pytest.param({"day": format_roc(TODAY + dt.timedelta(days=1))}, "date", "日期不能晚於今天。", id="tomorrow"),
    pytest.param({"kind": "（請選擇）"}, "kind", "請選擇類別（在職訓練或數位學習）。", id="no-kind"),
    pytest.param({"title": "  "}, "title", "請輸入課程名稱。", id="no-title"),
    pytest.param({"title": "課" * 101}, "title", "課程名稱最多 100 個字。", id="title-too-long"),
    pytest.param({"title": "員工\u200b協助"}, "title", INVISIBLE.format(label="課程名稱"), id="title-invisible"),
    pytest.param({"hours": "2.25"}, "hours", HALVES, id="quarter-hours"),
    pytest.param({"hours": "0"}, "hours", "時數必須大於 0。", id="zero-hours"),
    pytest.param({"hours": "-1"}, "hours", HOURS_RULE, id="negative-hours"),
    pytest.param({"hours": "24.5"}, "hours", "一次訓練最多 24 小時（一天），請確認是否打錯。", id="more-than-a-day"),
    pytest.param({"hours": "兩小時"}, "hours", HOURS_RULE, id="hours-in-words"),
    pytest.param({"hours": ""}, "hours", HOURS_RULE, id="no-hours"),
    pytest.param({"lecturer": "講" * 101}, "lecturer", "講座最多 100 個字。", id="lecturer-too-long"),
    pytest.param({"lecturer": "吳\u200b惠婷"}, "lecturer", INVISIBLE.format(label="講座"), id="lecturer-invisible"),
]


@pytest.mark.parametrize("typed, field, message", BAD_FORMS)
def test_bad_input_is_said_beside_its_field_and_nothing_is_written(
    qtbot, page: TrainingPage, typed: dict[str, str], field: str, message: str | None
) -> None:
    page.add_new()
    [dialog] = dialogs(page)
    fill(qtbot, dialog, **typed)
    assert_refused_beside(qtbot, dialog, field, message, written)


def test_correcting_a_session_and_its_refusal(qtbot, page: TrainingPage, sessions: dict[str, TrainingSession]) -> None:
    page.refresh()
    listed()
    page.table.selectRow(page.model.row_of(sessions["quality"].id))
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    [dialog] = dialogs(page)
    assert dialog.windowTitle() == "修改訓練"
    shown = (dialog.title_edit.text(), dialog.hours_edit.text(), dialog.lecturer_edit.text())
    assert shown == ("如何提升政府服務品質", "5", LECTURERS)
    assert dialog.kind_combo.currentText() == "在職訓練"
    dialog.hours_edit.setText("4.75")
    dialog.try_accept()
    assert dialog.field_messages["hours"].text() == HALVES and dialog.isVisible()
    assert TrainingSession.get_by_id(sessions["quality"].id).hours == Decimal("5")
    dialog.hours_edit.setText("4.5")
    dialog.try_accept()
    assert not dialog.isVisible()
    assert TrainingSession.get_by_id(sessions["quality"].id).hours == Decimal("4.5")
    listed()
    assert cells(page)[page.model.row_of(sessions["quality"].id)][3] == "4.5"
    assert "在職訓練 2 次、5.5 小時" in page.summary.text()


def test_voiding_asks_for_the_reason(
    qtbot, page: TrainingPage, sessions: dict[str, TrainingSession], monkeypatch
) -> None:
    page.refresh()
    listed()
    page.table.selectRow(page.model.row_of(sessions["film"].id))
    asked = answer_void(monkeypatch, "登記錯誤")
    qtbot.mouseClick(page.void_button, Qt.MouseButton.LeftButton)
    assert "106/04/20 數位學習：環境教育影片賞析" in asked[0] and "不能空白" in asked[1]
    stored = TrainingSession.get_by_id(sessions["film"].id)
    assert stored.is_voided and stored.void_reason == "登記錯誤"
    listed()
    assert "數位學習 1 次、2 小時" in page.summary.text()  # 下半年的課 alone is left


# ---------------------------------------------------------------- one dialog per activation


def test_a_double_click_or_enter_on_a_row_opens_exactly_one_dialog(
    qtbot, page: TrainingPage, sessions: dict[str, TrainingSession]
) -> None:
    page.refresh()
    listed()
    assert_one_dialog_per_activation(qtbot, page, page.model.row_of(sessions["pension"].id), TrainingDialog)


# ---------------------------------------------------------------- the model, the op layer, the role


def test_the_model_passes_modeltester(
    qtmodeltester, page: TrainingPage, sessions: dict[str, TrainingSession]
) -> None:
    assert_models_pass_modeltester(qtmodeltester, page, rows=5)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """The list's read held on the worker until the test opens the gate."""
    yield from hold_read(monkeypatch, ui.registers.training, "training_sessions")


def test_the_list_is_read_on_the_worker_while_the_window_answers(
    qtbot, secretary: User, sessions: dict[str, TrainingSession], gate: Gate
) -> None:
    page = assert_read_on_the_worker(qtbot, lambda: TrainingPage(secretary), gate, rows=5)
    assert page.summary.text().startswith("全部期間（不含作廢）：在職訓練 2 次")


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.OPERATOR, Role.DUTY])
def test_no_one_but_the_secretary_reads_the_list(qtbot, secretary: User, role: Role, monkeypatch) -> None:
    record_training(secretary, dt.date(2017, 1, 25), IN_SERVICE, "員工協助", "1")
    other = create_user(secretary, "陳同仁", role)
    assert_refused_to_all_but_the_secretary(qtbot, monkeypatch, lambda: TrainingPage(other))
