"""成果報告: choose a period and a block, edit its text beside the preview, print and save.

Every test runs on a copy of the demo database (the reference's 106H1), drives the real
widgets offscreen and reads what the secretary would see: the editor, the messages beside
it and the buttons, and the preview's PDF read back with poppler."""
from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

import ui.report.jobs
import ui.report.window
from models.accounts import Role, User
from models.audit import AuditEntry
from models.demo import DEMO_SECRETARY
from models.errors import PermissionDenied
from models.report_texts import ReportText, load_texts, save_text
from models.rocdate import parse_period
from models.storage import open_ledger
from models.users import create_user
from reports.fonts import resolve_font
from reports.halfyear import TEXT_BLOCKS
from tests.ui.demo_window import demo_file  # noqa: F401 (the demo ledger, made once per run)
from tests.ui.message_boxes import AnsweredBoxes
from tests.ui.op_gate import RELEASE_S, Gate, assert_the_loop_runs, hold_read
from ui.admin.history_dialog import HistoryDialog
from ui.features import load_features
from ui.ops import op_runner
from ui.report.jobs import KINDS, read_period
from ui.report.placeholders import PlaceholderModel, PlaceholderPanel
from ui.report.window import NO_DATA_LINE, NO_HISTORY, UPDATING, ReportWindow

BLOCK = "capacity.simplify"  # 三、服務量能 / (一)內部作業簡化
OTHER = "basic.friendly.2"
DEFAULTS = {block.key: block.default for block in TEXT_BLOCKS}
NOON_SENTENCE = "本期中午收款{service_centre.G.amount:億萬}。"
NOON_PRINTED = "本期中午收款172萬9,838元。"  # the reference's 1,729,838元 in prose


@pytest.fixture
def secretary(demo_file: Path, tmp_path: Path) -> Iterator[User]:
    """The demo's 研考 on a copy of the demo database (tests write texts)."""
    copy = tmp_path / "ledger.db"
    shutil.copy(demo_file, copy)
    database = open_ledger(copy)
    yield User.get(User.name == DEMO_SECRETARY)
    database.close()


@pytest.fixture
def window(qtbot: QtBot, secretary: User) -> ReportWindow:
    widget = ReportWindow(secretary)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    show_period(qtbot, widget, "106H1")
    return widget


def settled(qtbot: QtBot, window: ReportWindow) -> None:
    """Until typing has been previewed: the debounce has fired and every op has come back."""
    qtbot.waitUntil(lambda: not window._debounce.isActive(), timeout=RELEASE_S * 1000)
    assert op_runner().wait_idle(RELEASE_S)


def show_period(qtbot: QtBot, window: ReportWindow, text: str) -> None:
    window.period_edit.setText(text)
    qtbot.keyClick(window.period_edit, Qt.Key.Key_Return)
    settled(qtbot, window)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text as pdftotext reads it, with its line breaks taken out (a sentence may
    wrap anywhere)."""
    target = tmp_path / "preview.pdf"
    target.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(target), "-"], check=True, capture_output=True, text=True).stdout
    return "".join(text.split())


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def written() -> tuple[int, int]:
    return ReportText.select().count(), AuditEntry.select().count()


def typed(window: ReportWindow, text: str) -> None:
    """The block's text replaced as typing would (every change reaches the window)."""
    window.editor.selectAll()
    window.editor.insertPlainText(text)


# --- choosing -----------------------------------------------------------------------------------


def test_choosing_a_period_and_a_block_shows_its_text(qtbot: QtBot, window: ReportWindow, secretary: User) -> None:
    assert window.period_bar.period_label.text() == "106年1月至6月"
    assert window.choose_block(OTHER)
    assert window.editor.toPlainText() == DEFAULTS[OTHER]  # never stored: the default
    assert window.block_title.text().startswith("一、基礎服務")
    save_text(secretary, "105H2", BLOCK, "去年的文字，{survey.forms} 份。")
    show_period(qtbot, window, "106/01-106/06")  # the same period, read again
    assert window.choose_block(BLOCK)
    assert window.editor.toPlainText() == "去年的文字，{survey.forms} 份。"  # the latest earlier period's


def test_the_year_and_the_term_choose_the_period(qtbot: QtBot, window: ReportWindow) -> None:
    window.term_box.setCurrentIndex(1)
    window.term_box.activated.emit(1)
    settled(qtbot, window)
    assert (window.period_edit.text(), window.period_bar.period_label.text()) == ("106", "106年1月至12月")
    assert window.loaded is not None and window.loaded.period == parse_period("106")
    show_period(qtbot, window, "106H1")  # typed: the picker follows
    assert window.term_box.currentIndex() == 0 and window.year_box.value() == 106


def test_every_block_is_in_the_tree_once(window: ReportWindow) -> None:
    for block in TEXT_BLOCKS:
        item = window.item_of(block.key)
        assert item is not None, block.key
        assert window.choose_block(block.key)
        assert window.editor.toPlainText() == DEFAULTS[block.key]


def test_a_heading_without_text_of_its_own_leaves_the_editor_off(window: ReportWindow) -> None:
    top = window.tree.topLevelItem(0)  # 一、基礎服務
    window.tree.setCurrentItem(top)
    assert window.block is None and not window.editor.isEnabled()
    assert window.block_title.text() == ui.report.window.SECTION_ONLY


# --- editing and the preview ----------------------------------------------------------------------


def test_a_placeholder_typed_is_filled_in_the_preview_after_typing_stops(
    qtbot: QtBot, window: ReportWindow, tmp_path: Path
) -> None:
    before, shown = written(), window.preview.pdf_bytes
    assert NOON_PRINTED not in pdf_text(shown, tmp_path)
    assert window.choose_block(BLOCK)
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.editor.insertPlainText(NOON_SENTENCE)
    assert window._debounce.isActive() and window.preview.pdf_bytes == shown  # not on every key
    settled(qtbot, window)
    assert NOON_PRINTED in pdf_text(window.preview.pdf_bytes, tmp_path)
    assert window.editor_info.text() == ui.report.window.UNSAVED
    assert written() == before  # previewed, not saved


def test_a_placeholder_is_inserted_at_the_cursor_by_double_click_or_enter(qtbot: QtBot, window: ReportWindow) -> None:
    assert window.choose_block(BLOCK)
    typed(window, "收款：。")
    cursor = window.editor.textCursor()
    cursor.setPosition(3)
    window.editor.setTextCursor(cursor)
    panel = window.placeholders
    panel.filter_edit.setText("service_centre.G.amount")
    panel.format_box.setCurrentIndex(panel.format_box.findData("億萬"))
    assert panel.proxy.rowCount() == 1 and panel.proxy.index(0, 1).data() == "172萬9,838元"
    panel.table.setCurrentIndex(panel.proxy.index(0, 0))
    rect = panel.table.visualRect(panel.proxy.index(0, 0))
    # (Qt's test double-click alone has no press before it, which a view needs, as a real one has)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.editor.toPlainText() == "收款：{service_centre.G.amount:億萬}。"
    assert window.editor.hasFocus() or not window.isActiveWindow()
    panel.filter_edit.setText("survey.forms")
    panel.format_box.setCurrentIndex(0)  # 數字原樣
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.proxy.index(0, 0))
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert window.editor.toPlainText() == "收款：{service_centre.G.amount:億萬}{survey.forms}。"


BROKEN = [
    ("{survey.Z.satisfaction_pct}", "不認得的代號「{survey.Z.satisfaction_pct}」"),
    ("{service_centre.G.amount:萬}", "「{service_centre.G.amount:萬}」的格式「萬」不認得"),
    ("{survey.D.satisfaction_pct:億萬}", "不是金額，不能用「億萬」格式"),
    ("收款{service_centre.G.amount", "「{」沒有成對"),
]


@pytest.mark.parametrize("text, said", BROKEN, ids=["unknown", "format", "not-money", "unpaired"])
def test_a_broken_placeholder_is_said_beside_the_editor_and_nothing_is_saved(
    qtbot: QtBot, window: ReportWindow, text: str, said: str
) -> None:
    assert window.choose_block(BLOCK)
    shown, before, editor_height = window.preview.pdf_bytes, written(), window.editor.height()
    typed(window, text)
    settled(qtbot, window)
    message = window.editor_message.text()
    assert said in message and "三、服務量能 / (一)內部作業簡化" in message
    assert window.editor_message.isVisible()
    # The text being put right keeps its room (it shrank to 3½ lines): the 代號 list gives way.
    assert window.editor.height() == editor_height >= 8 * window.editor.fontMetrics().lineSpacing()
    assert window.preview.pdf_bytes == shown  # the preview stays as it was
    assert window.preview_state.text() == ui.report.window.NOT_PREVIEWED
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.save_block()
    assert written() == before
    assert said in window.editor_message.text()
    assert window.editor_info.text() == "沒有儲存：請先改正上面紅字說的地方。"  # Ctrl+S was heard, and refused


def test_a_broken_text_is_not_left_unless_the_secretary_discards_it(
    qtbot: QtBot, window: ReportWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes = AnsweredBoxes(reply=QMessageBox.StandardButton.No).install(monkeypatch)  # 回去修改
    assert window.choose_block(BLOCK)
    before = written()
    typed(window, "{nothing.here}")
    assert not window.choose_block(OTHER)
    assert window.block is not None and window.block.key == BLOCK
    assert window.tree.currentItem() is window.item_of(BLOCK)
    assert not window.leave()
    [question] = boxes.questions[-1:]
    assert "不認得的代號「{nothing.here}」" in question
    boxes.reply = QMessageBox.StandardButton.Yes  # 放棄修改
    assert window.choose_block(OTHER)
    assert window.choose_block(BLOCK)
    assert window.editor.toPlainText() == DEFAULTS[BLOCK]
    assert written() == before
    settled(qtbot, window)


# --- saving ---------------------------------------------------------------------------------------


def test_ctrl_s_saves_the_block_as_one_audited_row(qtbot: QtBot, window: ReportWindow, secretary: User) -> None:
    assert window.choose_block(BLOCK)
    before = written()
    typed(window, "  " + NOON_SENTENCE + "  ")
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert written() == (before[0] + 1, before[1] + 1)
    entry = AuditEntry.select().order_by(AuditEntry.seq.desc()).get()
    assert (entry.table_name, entry.action, entry.user_id) == ("report_text", "insert", secretary.id)
    assert load_texts(secretary, "106H1")[BLOCK] == NOON_SENTENCE
    assert window.editor.toPlainText() == NOON_SENTENCE  # as stored, tidied
    assert window.editor_info.text() == "已儲存為106年1月至6月的文字，之後的期間也沿用。"
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert written() == (before[0] + 1, before[1] + 1)  # nothing new: nothing written
    settled(qtbot, window)


def test_leaving_the_block_or_the_screen_saves_it(qtbot: QtBot, window: ReportWindow, secretary: User) -> None:
    assert window.choose_block(BLOCK)
    before = written()
    typed(window, "第一段的新文字。")
    assert window.choose_block(OTHER)
    typed(window, "第二段的新文字。")
    assert window.leave()
    assert written() == (before[0] + 2, before[1] + 2)
    assert {key: text for key, text in load_texts(secretary, "106H1").items() if key in (BLOCK, OTHER)} == {
        BLOCK: "第一段的新文字。", OTHER: "第二段的新文字。",
    }
    settled(qtbot, window)


def test_the_history_of_a_saved_block_opens_and_a_default_has_none(qtbot: QtBot, window: ReportWindow) -> None:
    assert window.choose_block(BLOCK)
    window.history_button.click()
    assert window.editor_info.text() == NO_HISTORY
    assert not window.findChildren(HistoryDialog)
    typed(window, "改過的文字。")
    window.save_button.click()
    window.history_button.click()
    [dialog] = window.findChildren(HistoryDialog)
    assert dialog.model.rowCount() == 1
    dialog.close()
    settled(qtbot, window)


# --- the preview on the worker ---------------------------------------------------------------------


@pytest.fixture
def held_build(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    yield from hold_read(monkeypatch, ui.report.window, "build_pdf")


def test_the_preview_is_built_on_the_worker_while_the_window_answers(
    qtbot: QtBot, window: ReportWindow, held_build: Gate, tmp_path: Path
) -> None:
    assert window.choose_block(BLOCK)
    typed(window, NOON_SENTENCE)
    qtbot.waitUntil(held_build.reached.is_set, timeout=RELEASE_S * 1000)
    assert op_runner().worker is not None and op_runner().worker.is_alive()
    assert_the_loop_runs(qtbot, window)
    assert window.preview_state.text() == UPDATING
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.editor.insertPlainText("又一句。")  # typing goes on meanwhile
    assert window.editor.toPlainText().endswith("又一句。")
    held_build.open()
    settled(qtbot, window)
    assert NOON_PRINTED + "又一句。" in pdf_text(window.preview.pdf_bytes, tmp_path)  # the newest build shows


def test_the_preview_turns_pages_and_zooms_from_fit_width(window: ReportWindow) -> None:
    preview = window.preview
    pages = preview.pages()
    assert pages > 10 and preview.page_label.text() == f"第 1 / {pages} 頁"
    assert not preview.previous_button.isEnabled()
    preview.next_button.click()
    preview.next_button.click()
    assert preview.current_page() == 2 and preview.page_label.text() == f"第 3 / {pages} 頁"
    fitted = preview.shown_zoom()
    assert 0.3 < fitted < 2
    preview.zoom_in_button.click()
    assert preview.view.zoomFactor() == pytest.approx(fitted * 1.25)
    preview.zoom_out_button.click()
    preview.zoom_out_button.click()
    assert preview.view.zoomFactor() == pytest.approx(fitted / 1.25)
    preview.fit_button.click()
    assert preview.shown_zoom() == pytest.approx(fitted)
    window.refresh_preview()  # a new build keeps the page being read
    assert op_runner().wait_idle(RELEASE_S)
    assert preview.current_page() == 2


# --- print and save ---------------------------------------------------------------------------------


class SaveAs:
    """QFileDialog.getSaveFileName answering with ``target``; what it was asked is kept."""

    def __init__(self) -> None:
        self.target = Path()
        self.asked: list[tuple[str, str]] = []

    def __call__(self, parent, title, default, kinds):  # noqa: ANN001 (Qt's static signature)
        self.asked.append((title, default))
        return str(self.target), kinds


@pytest.fixture
def save_as(monkeypatch: pytest.MonkeyPatch) -> SaveAs:
    answer = SaveAs()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return answer


def test_save_pdf_writes_the_previewed_report(
    qtbot: QtBot, window: ReportWindow, save_as: SaveAs, tmp_path: Path
) -> None:
    assert window.choose_block(BLOCK)
    typed(window, NOON_SENTENCE)
    save_as.target = tmp_path / "成果報告"  # typed without its .pdf
    window.pdf_button.click()
    settled(qtbot, window)
    target = tmp_path / "成果報告.pdf"
    [(title, default)] = save_as.asked
    assert title == "存成 PDF" and Path(default).name == "106年度服務躍升執行成果報告.pdf"
    assert target.is_file() and pdf_pages(target) == window.preview.pages()
    assert NOON_PRINTED in pdf_text(target.read_bytes(), tmp_path)
    assert window.output_info.text() == f"已存成 PDF「{target}」，共 {window.preview.pages()} 頁。"
    assert load_texts(window.user, "106H1")[BLOCK] == NOON_SENTENCE  # saved first: the file's text is stored


def test_save_excel_writes_the_workbook(
    qtbot: QtBot, window: ReportWindow, save_as: SaveAs, tmp_path: Path
) -> None:
    target = tmp_path / "成果報告.xlsx"
    save_as.target = target
    window.excel_button.click()
    settled(qtbot, window)
    [(title, default)] = save_as.asked
    assert title == "存成 Excel" and Path(default).name == "106年度服務躍升執行成果報告.xlsx"
    book = openpyxl.load_workbook(target)
    assert len(book.sheetnames) > 5
    assert window.output_info.text() == f"已存成 Excel「{target}」，共 {len(book.sheetnames)} 張工作表。"


@pytest.mark.parametrize("button", ["pdf_button", "excel_button"])
@pytest.mark.parametrize("where", ["missing-folder", "a-folder"])
def test_an_unwritable_target_is_said_beside_the_buttons_and_nothing_written(
    qtbot: QtBot, window: ReportWindow, save_as: SaveAs, tmp_path: Path, button: str, where: str
) -> None:
    suffix = ".pdf" if button == "pdf_button" else ".xlsx"
    if where == "missing-folder":
        target = tmp_path / "沒有這個資料夾" / f"報告{suffix}"
    else:
        target = tmp_path / f"已是資料夾{suffix}"
        target.mkdir()
    save_as.target = target
    getattr(window, button).click()
    settled(qtbot, window)
    message = window.output_message.text()
    assert message.startswith("無法儲存") and str(target) in message
    assert window.output_message.isVisible() and not window.output_info.text()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "ledger.db" and not p.name.startswith("ledger.db-")) == (
        [] if where == "missing-folder" else [target.name]
    )
    assert not any(target.iterdir()) if target.is_dir() else not target.exists()


def test_print_goes_through_the_print_dialog_and_prints_every_page(
    qtbot: QtBot, window: ReportWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    printed = tmp_path / "printed.pdf"
    seen: list[QPrinter] = []

    def accept(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setResolution(100)  # the printer's own dots; the pages are rendered at most at 300 dpi
        seen.append(printer)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    window.print_button.click()
    settled(qtbot, window)
    assert seen and printed.is_file()
    assert pdf_pages(printed) == window.preview.pages() > 10
    assert window.output_info.text() == f"已送去列印，共 {window.preview.pages()} 頁。"


def test_cancel_while_printing_stops_and_says_so_beside_the_buttons(
    qtbot: QtBot, window: ReportWindow, monkeypatch: pytest.MonkeyPatch, held_build: Gate, tmp_path: Path
) -> None:
    printed = tmp_path / "printed.pdf"

    def accept(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    op = window.print_report()
    assert op is not None
    qtbot.waitUntil(held_build.reached.is_set, timeout=RELEASE_S * 1000)
    op.cancel()  # what the panel's 取消 does
    held_build.open()
    settled(qtbot, window)
    assert window.output_message.text() == "已取消列印；已送出的頁可能仍會印出。"
    assert not window.output_info.text()


def test_print_cancelled_in_the_dialog_prints_nothing(
    qtbot: QtBot, window: ReportWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    window.print_button.click()
    settled(qtbot, window)
    assert not window.output_info.text() and not window.output_message.text()


# --- other reports, no data, the font ----------------------------------------------------------------


def test_a_monthly_report_has_no_texts_and_is_one_month(qtbot: QtBot, window: ReportWindow, tmp_path: Path) -> None:
    window.kind_box.setCurrentIndex(1)  # 服務人數月報表
    settled(qtbot, window)
    assert not window.texts_side.isVisible() and window.no_texts.isVisible()
    window.term_box.setCurrentIndex(2)
    window.term_box.activated.emit(2)
    settled(qtbot, window)
    assert window.period_bar.period_label.text() == "106年3月"
    assert "106年3月為民服務中心服務人數月報表" in pdf_text(window.preview.pdf_bytes, tmp_path)
    show_period(qtbot, window, "106H1")
    assert "月報表一次只做一個月" in window.period_bar.message.text()
    window.kind_box.setCurrentIndex(2)  # 問卷統計月報
    settled(qtbot, window)
    assert window.loaded is not None and window.loaded.kind is KINDS[2]


def test_another_report_or_period_starts_on_its_first_page_without_the_last_one_s_outcome(
    qtbot: QtBot, window: ReportWindow, save_as: SaveAs, tmp_path: Path
) -> None:
    """What was said of the last file saved belongs to that report; a new one is read from page 1."""
    save_as.target = tmp_path / "r.xlsx"
    window.excel_button.click()
    settled(qtbot, window)
    assert window.output_info.text().startswith("已存成 Excel")
    window.preview.go_to(window.preview.pages() - 1)
    window.kind_box.setCurrentIndex(1)  # 服務人數月報表
    settled(qtbot, window)
    assert window.preview.current_page() == 0 and window.preview.pages() > 1
    assert window.output_info.text() == "" and window.output_message.text() == ""
    window.preview.go_to(1)
    typed_page = window.preview.current_page()
    window.refresh_preview()  # the same report built again (after typing): the page stays
    settled(qtbot, window)
    assert window.preview.current_page() == typed_page


def test_a_period_without_data_previews_the_report_saying_so(qtbot: QtBot, window: ReportWindow, tmp_path: Path) -> None:
    show_period(qtbot, window, "100H1")
    assert window.notice.isVisible()
    assert window.notice.text() == NO_DATA_LINE.format(period="100年1月至6月")
    text = pdf_text(window.preview.pdf_bytes, tmp_path)
    assert "100年度服務躍升執行成果報告" in text and "本期無資料" in text
    assert not window.preview_message.text()


def test_a_font_that_cannot_be_embedded_is_said(
    qtbot: QtBot, secretary: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui.report.jobs, "report_font", lambda: resolve_font(()))  # no TrueType face at all
    widget = ReportWindow(secretary)
    qtbot.addWidget(widget)
    widget.show()
    show_period(qtbot, widget, "106/03")
    assert "找不到可以嵌入 PDF 的中文字型" in widget.font_warning.text() and widget.font_warning.isVisible()


# --- who -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.OPERATOR, Role.DUTY])
def test_only_the_secretary_has_the_report(qtbot: QtBot, secretary: User, role: Role) -> None:
    assert "report" not in [screen.key for screen in load_features().screens_for(role)]
    other = create_user(secretary, "某某", role)
    with pytest.raises(PermissionDenied, match="這項工作需要研考登入"):
        read_period(other, KINDS[0], parse_period("106H1"))
    widget = ReportWindow(other)
    qtbot.addWidget(widget)
    show_period(qtbot, widget, "106H1")
    assert widget.period_bar.message.text() == "這項工作需要研考登入。"
    assert widget.loaded is None and not widget.preview.pdf_bytes


# --- the placeholder list ----------------------------------------------------------------------------


def test_the_placeholder_models_pass_the_model_tester(qtmodeltester, qtbot: QtBot) -> None:
    panel = PlaceholderPanel()
    qtbot.addWidget(panel)
    values = {"survey.forms": 166, "service_centre.G.amount": 1729838, "survey.D.satisfaction_pct": "98.18", "x": None}
    panel.set_values(values)
    qtmodeltester.check(panel.model)
    panel.filter_edit.setText("survey")
    qtmodeltester.check(panel.proxy)
    assert panel.proxy.rowCount() == 2


def test_whole_numbers_take_the_chosen_format_and_other_values_do_not() -> None:
    model = PlaceholderModel()
    model.set_values({"service_centre.G.amount": 1729838, "survey.D.satisfaction_pct": "98.18", "missing": None})
    assert [model.index(row, 1).data() for row in range(3)] == ["1,729,838", "98.18", "—"]
    model.set_style("元")
    assert [model.token(row) for row in range(2)] == ["{service_centre.G.amount:元}", "{survey.D.satisfaction_pct}"]
    assert model.index(0, 1).data() == "1,729,838元"
    model.set_style("億萬")
    assert model.index(0, 1).data() == "172萬9,838元"
