"""ServiceSummary: the 為民服務中心服務人數月報表 on screen, from the report's own functions."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from models.accounts import Role, User
from models.audit import void_record
from models.service.categories import ServiceCategory
from models.service.counts import record_payment, record_press, set_day_total
from models.users import create_user
from tests.ui.demo_window import demo_file, demo_secretary, hidden_rows, open_demo_window, open_screen, settled, show_period  # noqa: F401 (fixtures)
from tests.ui.fit_checks import cut_cells
from tests.ui.widgets.test_period_bar import beside_the_box
from ui.service.common import month_text
import ui.service.summary
from ui.main_window import MainWindow
from ui.service.summary import ServiceSummary, ServiceSummaryModel
from ui.widgets.tables import content_height

ROOT = Path(__file__).resolve().parents[3]

NAMES = {
    "A": "總機電話服務", "B": "受理現場查詢案件", "C": "服務中心導引民眾", "D": "停車導引及管制服務",
    "E": "查封車看車服務", "F": "其他服務(殘障人士服務)", "G": "中午輪值不打烊收款", "H": "現場受理收文",
    "I": "志工導引",
}


def category(code: str) -> ServiceCategory:
    return ServiceCategory.get(ServiceCategory.code == code)


@pytest.fixture
def recorded(secretary: User, volunteer: User) -> None:
    """In 106/03: A 1,234 typed, two presses of C, two payments (G); a voided press; one in 106/04."""
    duty = create_user(secretary, "王輪值", Role.DUTY)
    set_day_total(secretary, category("A"), dt.date(2017, 3, 1), "1234")
    record_press(secretary, category("C"), when=dt.datetime(2017, 3, 2, 9, 30))
    record_press(secretary, category("C"), when=dt.datetime(2017, 3, 31, 16, 0))
    record_payment(secretary, 1500, day=dt.date(2017, 3, 3))
    record_payment(secretary, "12,000", day=dt.date(2017, 3, 6))
    slip = record_press(secretary, category("I"), when=dt.datetime(2017, 3, 7, 10, 0))
    void_record(secretary, slip, "按錯了")
    record_press(secretary, category("I"), when=dt.datetime(2017, 4, 3, 10, 0))


@pytest.fixture
def summary(qtbot, secretary: User) -> ServiceSummary:
    widget = ServiceSummary(secretary)
    qtbot.addWidget(widget)
    widget.resize(1350, 630)
    widget.show()
    return widget


def compute(qtbot, summary: ServiceSummary, text: str) -> None:
    summary.period_edit.setText(text)
    qtbot.keyClick(summary.period_edit, Qt.Key.Key_Return)


def rows(summary: ServiceSummary) -> list[list[str]]:
    model = summary.model
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_a_month_shows_each_category_and_j(qtbot, summary: ServiceSummary, recorded: None) -> None:
    compute(qtbot, summary, "106/03")
    assert summary.message.text() == ""
    assert summary.period_label.text() == "106年3月"
    model = summary.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["服務項目", "人次", "金額（元）"]
    assert rows(summary) == [
        ["A　總機電話服務", "1,234", ""],
        ["B　受理現場查詢案件", "0", ""],
        ["C　服務中心導引民眾", "2", ""],
        ["D　停車導引及管制服務", "0", ""],
        ["E　查封車看車服務", "0", ""],
        ["F　其他服務(殘障人士服務)", "0", ""],
        ["G　中午輪值不打烊收款", "2", "13,500"],
        ["H　現場受理收文", "0", ""],
        ["I　志工導引", "0", ""],
        ["J　總計服務人數", "1,238", ""],
    ]
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole) == right
    assert model.data(model.index(model.total_row, 0), Qt.ItemDataRole.FontRole).bold()


@pytest.mark.parametrize("text, total", [("106H1", "1,239"), ("106", "1,239"), ("106/01-106/03", "1,238"), ("106/04", "1")])
def test_any_report_period(qtbot, summary: ServiceSummary, recorded: None, text: str, total: str) -> None:
    compute(qtbot, summary, text)
    assert rows(summary)[-1] == ["J　總計服務人數", total, ""]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "請輸入期間"),
        ("abc", "無法辨識為期間"),
        ("106H2", "第2次報告涵蓋全年"),
        ("106/13", "月份必須是1到12"),
        ("2017", "請用民國年"),
        ("106/03-106/01", "結束月份早於開始月份"),
    ],
)
def test_a_bad_period_clears_the_table_of_the_period_before(
    qtbot, summary: ServiceSummary, recorded: None, text: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    compute(qtbot, summary, "106/03")
    before = rows(summary)
    table_top = summary.table.geometry().top()
    read: list[object] = []
    held = ui.service.summary.service_figures
    monkeypatch.setattr(ui.service.summary, "service_figures", lambda period: read.append(period) or held(period))
    compute(qtbot, summary, text)
    assert message in summary.message.text() and summary.message.isVisible()
    assert beside_the_box(summary.period_bar)
    assert read == []  # nothing computed
    assert rows(summary) == []  # 106/03's figures are not left under a message about another period
    assert summary.table.geometry().top() == table_top  # the room was kept: nothing jumps
    assert summary.period_label.text() == ""
    compute(qtbot, summary, "106/03")
    assert summary.message.text() == ""
    assert rows(summary) == before and summary.period_label.text() == "106年3月"


def test_the_current_month_by_default_and_activate_recomputes(
    qtbot, summary: ServiceSummary, volunteer: User
) -> None:
    assert summary.period_edit.text() == month_text(dt.date.today())
    assert rows(summary)[-1] == ["J　總計服務人數", "0", ""]
    record_press(volunteer, category("I"))
    summary.activate()
    assert rows(summary)[8] == ["I　志工導引", "1", ""]
    assert rows(summary)[-1] == ["J　總計服務人數", "1", ""]


def test_the_button_computes_too(qtbot, summary: ServiceSummary, recorded: None) -> None:
    summary.period_edit.setText("106/04")
    qtbot.mouseClick(summary.compute_button, Qt.MouseButton.LeftButton)
    assert summary.period_label.text() == "106年4月"
    assert rows(summary)[8][1] == "1"


def test_every_standard_category_is_listed(summary: ServiceSummary) -> None:
    names = [row[0] for row in rows(summary)]
    assert names == [f"{code}　{name}" for code, name in NAMES.items()] + ["J　總計服務人數"]


def test_model_passes_modeltester(qtmodeltester, summary: ServiceSummary, recorded: None) -> None:
    summary.period_edit.setText("106/03")
    summary.compute()
    qtmodeltester.check(summary.model)


def test_empty_model_passes_modeltester(qtmodeltester, database) -> None:
    model = ServiceSummaryModel()
    assert model.rowCount() == 1  # J alone: 0
    qtmodeltester.check(model)


def test_the_table_holds_its_rows_and_the_note_stands_beside(qtbot, summary: ServiceSummary, recorded: None) -> None:
    compute(qtbot, summary, "106/03")
    table = summary.table
    assert table.maximumHeight() == content_height(table)
    qtbot.waitUntil(lambda: table.height() == table.maximumHeight())
    assert not table.verticalScrollBar().isVisible()  # J is on screen without scrolling
    note = summary.note.geometry()
    assert note.left() > table.geometry().right() and note.top() == table.geometry().top()  # the height is the table's


def test_the_summary_loads_no_other_screen() -> None:
    """Its table helpers come from ui.widgets.tables, not from the survey statistics or history screens."""
    probe = (
        "import json, sys, ui.service.summary; "
        "print(json.dumps(sorted(m for m in ('ui.survey.statistics_view', 'ui.admin.history_dialog') if m in sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


# --- in the program's window, on the demo's 106H1, at 1366×768 --------------------------------


def demo_summary(qtbot: QtBot, secretary: User, *, large: bool) -> tuple[MainWindow, ServiceSummary]:
    window, summary = show_period(qtbot, secretary, "summary", large=large)
    assert isinstance(summary, ServiceSummary) and rows(summary)[-1][0] == "J　總計服務人數"
    return window, summary


@pytest.mark.parametrize("large", [False, True], ids=["normal print", "large print"])
def test_a_to_j_of_106h1_are_in_sight_at_1366_by_768(
    qtbot: QtBot, app_font: QApplication, demo_secretary: User, large: bool
) -> None:
    window, summary = demo_summary(qtbot, demo_secretary, large=large)
    assert summary.model.rowCount() == 10
    assert not summary.table.verticalScrollBar().isVisible()
    assert hidden_rows(summary.table) == [] and cut_cells(summary.table) == []
    assert summary.note.visibleRegion().boundingRect() == summary.note.rect()  # the note whole, too
    assert (window.width(), window.height()) == (1366, 768)


def test_the_period_shown_stays_when_the_print_changes(qtbot: QtBot, app_font: QApplication, demo_secretary: User) -> None:
    window, _summary = demo_summary(qtbot, demo_secretary, large=False)
    window.workspace.choose_print(True)
    settled(window)
    summary = window.workspace.stack.currentWidget()
    assert isinstance(summary, ServiceSummary) and summary.isVisible()
    assert (summary.period_edit.text(), summary.period_label.text()) == ("106H1", "106年1月至6月")
    assert rows(summary)[-1][0] == "J　總計服務人數" and rows(summary)[0][1] == "7,458"


def test_the_box_opens_with_its_text_selected(qtbot: QtBot, app_font: QApplication, demo_secretary: User) -> None:
    window = open_demo_window(qtbot, demo_secretary, large=False)
    summary = open_screen(window, "summary")
    assert summary.period_edit.hasFocus()
    assert summary.period_edit.selectedText() == summary.period_edit.text() != ""
    qtbot.keyClicks(summary.period_edit, "106H1")
    qtbot.keyClick(summary.period_edit, Qt.Key.Key_Return)
    assert summary.period_edit.text() == "106H1" and summary.period_label.text() == "106年1月至6月"
