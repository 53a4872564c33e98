"""電話禮貌測試 (登記簿's third tab) through the real widgets: the list and the period's
figures read as one op, the form with each message beside its field, corrections, 作廢, and
the line under the list saying what ``stats`` says (the reference's 18 tests, 92.17, 優)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

import ui.registers.courtesy
from models.accounts import Role, User
from models.audit import AuditEntry
from models.demo import COURTESY_TESTS
from models.registers.courtesy import CourtesyTest, record_courtesy_test, void_courtesy_test
from models.rocdate import format_roc, parse_period
from models.settings import COURTESY_GRADE_BANDS, set_settings
from models.users import create_user
from reports.statistics import courtesy_figures
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
    open_dialogs,
    shown,
    type_date,
)
from ui.ops import op_runner
from ui.registers.courtesy import CourtesyDialog, CourtesyPage

TODAY = dt.date.today()
MARCH_8 = dt.date(2017, 3, 8)
SCORE_RULE = "成績請輸入 0 到 100 的整數。"


@pytest.fixture
def page(qtbot, secretary: User) -> CourtesyPage:
    return shown(qtbot, CourtesyPage(secretary))


@pytest.fixture
def tests(secretary: User) -> dict[str, CourtesyTest]:
    made = {
        "switchboard": record_courtesy_test(secretary, MARCH_8, "總機", "92"),
        "enforcement": record_courtesy_test(secretary, dt.date(2017, 5, 16), "執行科 第一股", "79"),
        "voided": record_courtesy_test(secretary, dt.date(2017, 6, 9), "行政科", "40"),
        "later": record_courtesy_test(secretary, dt.date(2017, 7, 3), "總機", "100"),
    }
    void_courtesy_test(secretary, made["voided"], "受測單位記錯")
    return made


def ids(page: CourtesyPage) -> list[int]:
    return [page.model.record_at(r).test.id for r in range(page.model.rowCount())]


def written() -> tuple[int, int]:
    return CourtesyTest.select().count(), AuditEntry.select().count()


def fill(qtbot, dialog: CourtesyDialog, *, day: str = "1060308", tested: str = "總機", score: str = "92") -> None:
    type_date(qtbot, dialog.day_edit, day)
    dialog.tested_edit.setText(tested)  # Chinese arrives whole from the input method
    dialog.score_edit.clear()
    if score.isascii():
        qtbot.keyClicks(dialog.score_edit, score)
    else:
        dialog.score_edit.insert(score)  # full-width and other digits come from the input method


# ---------------------------------------------------------------- the list


def test_the_list_shows_each_test_with_its_grade_by_date(page: CourtesyPage, tests: dict[str, CourtesyTest]) -> None:
    page.refresh()
    listed()
    assert [column.header for column in page.model.columns] == ["測試日期", "受測單位或人員", "成績", "等級", "登記者"]
    assert cells(page) == [
        ["106/03/08", "總機", "92", "優", "林秘書"],
        ["106/05/16", "執行科 第一股", "79", "可", "林秘書"],
        ["106/06/09", "行政科", "40", "差", "林秘書"],
        ["106/07/03", "總機", "100", "優", "林秘書"],
    ]
    assert page.count_label.text() == "共 4 筆"


def test_a_voided_test_stays_listed_grey_and_struck_through(page: CourtesyPage, tests: dict[str, CourtesyTest]) -> None:
    page.refresh()
    listed()
    model, row = page.model, page.model.row_of(tests["voided"].id)
    assert model.data(model.index(row, 0), Qt.ItemDataRole.ForegroundRole).color().name() == "#888888"
    assert model.data(model.index(row, 2), Qt.ItemDataRole.FontRole).strikeOut()
    assert model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole) == "作廢原因：受測單位記錯"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
    page.table.selectRow(row)
    assert not page.edit_button.isEnabled() and not page.void_button.isEnabled() and page.history_button.isEnabled()


def test_the_period_filter_chooses_what_is_listed_and_counted(
    qtbot, page: CourtesyPage, tests: dict[str, CourtesyTest]
) -> None:
    choose_period(qtbot, page, "106H1")
    assert ids(page) == [tests[k].id for k in ("switchboard", "enforcement", "voided")]
    assert page.filter_bar.period_bar.period_label.text() == "106年1月至6月"
    assert page.figures_line.text() == "電話禮貌測試 2 人次，平均成績 85.50 分，「良」等級（作廢的不計）"
    choose_period(qtbot, page, "106/07")
    assert ids(page) == [tests["later"].id]
    assert page.figures_line.text() == "電話禮貌測試 1 人次，平均成績 100.00 分，「優」等級（作廢的不計）"
    choose_period(qtbot, page, "105/01")
    assert ids(page) == [] and page.figures_line.text() == "電話禮貌測試 0 人次，沒有平均成績（作廢的不計）"


def test_a_bad_period_is_said_under_its_box_and_the_list_stays(
    qtbot, page: CourtesyPage, tests: dict[str, CourtesyTest]
) -> None:
    page.refresh()
    listed()
    before, line = cells(page), page.figures_line.text()
    edit = page.filter_bar.period_bar.period_edit
    edit.setText("106H3")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "106H3" in page.filter_bar.period_bar.message.text()
    assert op_runner().is_idle() and cells(page) == before and page.figures_line.text() == line


def test_the_line_under_the_list_says_the_reference_s_figures_as_stats_does(
    qtbot, page: CourtesyPage, secretary: User
) -> None:
    for day, unit, score in COURTESY_TESTS:  # the reference's eighteen tests
        record_courtesy_test(secretary, day, unit, score)
    record_courtesy_test(secretary, dt.date(2017, 6, 30), "重複的一筆", 0)
    void_courtesy_test(secretary, CourtesyTest.get(CourtesyTest.tested == "重複的一筆"), "重複輸入")
    choose_period(qtbot, page, "106H1")
    assert page.count_label.text() == "共 19 筆"
    assert page.figures_line.text() == "電話禮貌測試 18 人次，平均成績 92.17 分，「優」等級（作廢的不計）"
    stats = courtesy_figures(parse_period("106H1"))
    assert (stats.tests, stats.mean_score, stats.grade) == (18, "92.17", "優")


def test_the_grades_follow_the_bands_in_settings(
    qtbot, page: CourtesyPage, secretary: User, tests: dict[str, CourtesyTest]
) -> None:
    set_settings(secretary, {COURTESY_GRADE_BANDS: [["甲", 95], ["乙", 75], ["丙", 0]]})
    choose_period(qtbot, page, "106H1")
    assert [row[3] for row in cells(page)] == ["乙", "乙", "丙"]
    assert page.figures_line.text() == "電話禮貌測試 2 人次，平均成績 85.50 分，「乙」等級（作廢的不計）"


# ---------------------------------------------------------------- the form


def test_recording_a_test_through_the_form(qtbot, page: CourtesyPage, secretary: User) -> None:
    changes: list[None] = []
    page.records_changed.connect(lambda: changes.append(None))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    [dialog] = open_dialogs(page, CourtesyDialog)
    assert dialog.windowTitle() == "新增電話禮貌測試" and dialog.focusWidget() is dialog.day_edit.lineEdit()
    fill(qtbot, dialog, tested=" 執行科　第二股 ", score="９５")
    qtbot.keyClick(dialog.score_edit, Qt.Key.Key_Return)  # Enter in the last field saves
    assert not dialog.isVisible()
    stored = CourtesyTest.get()
    assert (stored.day, stored.tested, stored.score, stored.created_by_id) == (MARCH_8, "執行科 第二股", 95, secretary.id)
    listed()
    assert page.selected().test.id == stored.id and changes == [None]
    assert cells(page) == [["106/03/08", "執行科 第二股", "95", "優", "林秘書"]]
    assert page.figures_line.text() == "電話禮貌測試 1 人次，平均成績 95.00 分，「優」等級（作廢的不計）"


def test_a_test_just_recorded_is_shown_in_the_list_not_scrolled_out_of_sight(
    qtbot, page: CourtesyPage, secretary: User
) -> None:
    for n in range(80):
        record_courtesy_test(secretary, dt.date(2017, 1, 2) + dt.timedelta(days=n), f"第 {n} 股", "90")
    page.refresh()
    listed()
    page.add_new()
    [dialog] = open_dialogs(page, CourtesyDialog)
    fill(qtbot, dialog, day="1060630", tested="總機")
    qtbot.keyClick(dialog.score_edit, Qt.Key.Key_Return)
    listed()
    qtbot.wait(20)  # the rows are laid out
    row = page.model.row_of(page.selected().test.id)
    shown = page.table.visualRect(page.model.index(row, 0))
    assert page.table.viewport().rect().contains(shown), (shown, page.table.viewport().rect())


BAD_FORMS = [
    pytest.param({"day": ""}, "date", "請輸入測試日期。", id="no-date"),
    pytest.param({"day": "abc"}, "date", None, id="unreadable-date"),
    pytest.param({"day": "1060230"}, "date", None, id="no-such-day"),
    pytest.param({"day": format_roc(TODAY + dt.timedelta(days=1))}, "date", "測試日期不能晚於今天。", id="tomorrow"),
    pytest.param({"tested": ""}, "tested", "請輸入受測單位或人員。", id="no-one-tested"),
    pytest.param({"tested": "　 "}, "tested", "請輸入受測單位或人員。", id="only-spaces"),
    pytest.param({"tested": "總" * 41}, "tested", "受測單位或人員最多 40 個字。", id="tested-too-long"),
    pytest.param({"tested": "總機\u200b"}, "tested",
                 "受測單位或人員裡有看不見的字元（U+200B），可能是從別處貼上的；請刪除後重新輸入。", id="invisible"),
    pytest.param({"score": ""}, "score", "請輸入成績。", id="no-score"),
    pytest.param({"score": "101"}, "score", SCORE_RULE, id="above-100"),
    pytest.param({"score": "-1"}, "score", SCORE_RULE, id="negative"),
    pytest.param({"score": "92.5"}, "score", SCORE_RULE, id="fraction"),
    pytest.param({"score": "九十"}, "score", SCORE_RULE, id="in-words"),
    pytest.param({"score": "90分"}, "score", SCORE_RULE, id="with-unit"),
    pytest.param({"score": "٩٠"}, "score", "成績裡的「٩」不是 0–9 的數字；數字請用半形或全形的 0 到 9。", id="other-digits"),
    pytest.param({"score": "1" * 30}, "score", "成績太長了（最多 20 個字），請確認是否打錯。", id="score-too-long"),
]


@pytest.mark.parametrize("typed, field, message", BAD_FORMS)
def test_bad_input_is_said_beside_its_field_and_nothing_is_written(
    qtbot, page: CourtesyPage, typed: dict[str, str], field: str, message: str | None
) -> None:
    page.add_new()
    [dialog] = open_dialogs(page, CourtesyDialog)
    fill(qtbot, dialog, **typed)
    assert_refused_beside(qtbot, dialog, field, message, written)


def test_correcting_a_test_and_a_refused_correction(qtbot, page: CourtesyPage, tests: dict[str, CourtesyTest]) -> None:
    page.refresh()
    listed()
    page.table.selectRow(page.model.row_of(tests["enforcement"].id))
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    [dialog] = open_dialogs(page, CourtesyDialog)
    assert dialog.windowTitle() == "修改電話禮貌測試"
    assert (dialog.day_edit.lineEdit().text(), dialog.tested_edit.text(), dialog.score_edit.text()) == (
        "106/05/16", "執行科 第一股", "79"
    )
    before = written()
    fill(qtbot, dialog, day="1060516", tested="執行科 第一股", score="179")
    dialog.try_accept()
    assert dialog.field_messages["score"].text() == SCORE_RULE and written() == before
    assert CourtesyTest.get_by_id(tests["enforcement"].id).score == 79
    fill(qtbot, dialog, day="1060516", tested="執行科 第一股", score="81")
    dialog.try_accept()
    assert not dialog.isVisible() and CourtesyTest.get_by_id(tests["enforcement"].id).score == 81
    listed()
    assert cells(page)[page.model.row_of(tests["enforcement"].id)][2:4] == ["81", "良"]
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().action == "update"


def test_voiding_asks_for_the_reason(qtbot, page: CourtesyPage, tests: dict[str, CourtesyTest], monkeypatch) -> None:
    page.refresh()
    listed()
    page.table.selectRow(page.model.row_of(tests["switchboard"].id))
    asked = answer_void(monkeypatch, "測錯單位")
    qtbot.mouseClick(page.void_button, Qt.MouseButton.LeftButton)
    assert "106/03/08 總機（92 分）" in asked[0] and "不能空白" in asked[1]
    stored = CourtesyTest.get_by_id(tests["switchboard"].id)
    assert stored.is_voided and stored.void_reason == "測錯單位"
    listed()
    assert page.selected().test.id == stored.id  # the voided row stays chosen
    assert page.figures_line.text() == "電話禮貌測試 2 人次，平均成績 89.50 分，「良」等級（作廢的不計）"


def test_the_history_reads_a_test_in_its_own_words(qtbot, page: CourtesyPage, tests: dict[str, CourtesyTest]) -> None:
    from ui.admin.history_dialog import HistoryDialog

    page.refresh()
    listed()
    page.table.selectRow(page.model.row_of(tests["voided"].id))
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    [dialog] = page.findChildren(HistoryDialog)
    assert dialog.title.text() == f"電話禮貌測試 第 {tests['voided'].id} 筆的修改歷程"
    inserted = dialog.model.data(dialog.model.index(0, 3)).split("\n")
    assert {"測試日期：106/06/09", "受測單位或人員：行政科", "成績：40"} <= set(inserted)
    assert dialog.model.rowCount() == 2  # the insert and the void
    dialog.reject()


# ---------------------------------------------------------------- one dialog per activation


def test_a_double_click_or_enter_on_a_row_opens_exactly_one_dialog(
    qtbot, page: CourtesyPage, tests: dict[str, CourtesyTest]
) -> None:
    page.refresh()
    listed()
    assert_one_dialog_per_activation(qtbot, page, page.model.row_of(tests["switchboard"].id), CourtesyDialog)


# ---------------------------------------------------------------- the model and a long list


def test_the_model_passes_modeltester(qtmodeltester, page: CourtesyPage, tests: dict[str, CourtesyTest]) -> None:
    assert_models_pass_modeltester(qtmodeltester, page, rows=4)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """The list's read held on the worker until the test opens the gate."""
    yield from hold_read(monkeypatch, ui.registers.courtesy, "courtesy_tests")


def test_the_list_loads_while_the_window_answers(qtbot, secretary: User, gate: Gate) -> None:
    rows = [
        {"day": dt.date(2016, 1, 1) + dt.timedelta(days=n % 700), "tested": f"第 {n} 股", "score": n % 101,
         "created_by": secretary.id, "created_at": dt.datetime.now()}
        for n in range(3000)
    ]
    with CourtesyTest._meta.database.atomic():
        for start in range(0, len(rows), 500):
            CourtesyTest.insert_many(rows[start:start + 500]).execute()
    page = assert_read_on_the_worker(qtbot, lambda: CourtesyPage(secretary), gate, rows=3000)
    # 148,935 points / 3,000 tests = 49.645, half-up to 49.65 (a float would print 49.64)
    assert page.figures_line.text() == "電話禮貌測試 3000 人次，平均成績 49.65 分，「差」等級（作廢的不計）"


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.OPERATOR, Role.DUTY])
def test_no_one_else_reads_the_list_even_on_a_screen_built_for_them(
    qtbot, secretary: User, tests: dict[str, CourtesyTest], monkeypatch, role: Role
) -> None:
    clerk = create_user(secretary, "陳志工", role)
    page = assert_refused_to_all_but_the_secretary(qtbot, monkeypatch, lambda: CourtesyPage(clerk))
    assert page.figures_line.text() == ""
