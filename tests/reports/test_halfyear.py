"""The half-year report of the demo database against the reference report's printed figures.

The expected figures are the reference's own, written here (民國106年1–6月); where the
program prints a figure differently on purpose the comment says why. The PDF is read back
with poppler, the workbook with openpyxl, as a reader and Excel would.
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from models.accounts import Role
from models.demo import DEMO_SECRETARY, create_demo
from models.errors import ValidationError
from models.rocdate import Period, parse_period
from models.service.categories import categories
from models.service.counts import set_day_total
from models.storage import open_ledger
from models.survey.forms import ResponseInput, save_response, start_batch
from models.accounts import User
from reports.document import Paragraph, Report, Table
from reports.excel import write_workbook
from reports.fonts import report_font
from reports.halfyear import NO_DATA, TEXT_BLOCKS, build_half_year, same_period_last_year
from reports.pdf import write_pdf

H1 = parse_period("106H1")
BUILT = dt.datetime(2017, 7, 3, 9, 30)


def poppler(tool: str, pdf: Path, *args: str) -> str:
    return subprocess.run([tool, *args, str(pdf), *(["-"] if tool == "pdftotext" else [])],
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("halfyear") / "demo.db"
    open_ledger(path, create=True)
    create_demo()
    return path


@pytest.fixture
def demo(demo_path: Path) -> Iterator[None]:
    database = open_ledger(demo_path, read_only=True)
    yield
    database.close()


@pytest.fixture(scope="module")
def outputs(demo_path: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Path, Path]:
    database = open_ledger(demo_path, read_only=True)
    report = build_half_year(H1, seal="3F9A21C0", built_at=BUILT)
    folder = tmp_path_factory.mktemp("halfyear-out")
    write_pdf(report, folder / "r.pdf", report_font())
    write_workbook(report, folder / "r.xlsx")
    database.close()
    return report, folder / "r.pdf", folder / "r.xlsx"


def row(*cells: str) -> str:
    """A table row as pdftotext -layout prints it: the cells in order, spaces between."""
    return r"\s+".join(re.escape(cell) for cell in cells)


def item(*counts: str) -> str:
    return row("件數", *counts)


# The reference's computed figures, section by section, in the order the report prints them.
REFERENCE_IN_ORDER = [
    "106年度服務躍升執行成果報告", "陳報機關：法務部行政執行署臺南分署", "資料時間：106年1月至6月",
    # 一、(一)3.(1) 服務人員滿意度
    "計回收166人次", "「服務台服務」滿意度為98.18%", "「承辦人的服務態度」滿意度為98.17%",
    "「申請案件時，承辦人員對規定解說是否詳細」滿意度為97.58%", "「承辦人的問題回應正確率」滿意度為96.95%",
    "滿意度最高者為「服務台服務」，為98.18%，其餘3項滿意度均在96%以上",
    item("112", "50", "3", "0", "0", "1", "98.18"), item("103", "58", "3", "0", "0", "2", "98.17"),
    item("99", "62", "4", "0", "0", "1", "97.58"), item("98", "61", "5", "0", "0", "2", "96.95"),
    # (2) 提升服務人員專業度: every session with its hours (the reference's list, as a table)
    *[rf"{date}\s+{kind}[^\n]*\s{hours}\s*\n" for date, kind, hours in [
        ("106/01/25", "在職訓練", "1"), ("106/02/16", "數位學習", "3"), ("106/03/08", "在職訓練", "3"),
        ("106/03/09", "在職訓練", "5"), ("106/03/23", "數位學習", "2"), ("106/04/13", "在職訓練", "2"),
        ("106/04/20", "數位學習", "2.5"), ("106/04/26", "在職訓練", "8"), ("106/04/27", "數位學習", "3"),
        ("106/05/18", "數位學習", "1"), ("106/05/18", "在職訓練", "1"), ("106/06/13", "在職訓練", "3"),
        ("106/06/15", "在職訓練", "2"), ("106/06/21", "數位學習", "1"), ("106/06/22", "數位學習", "2"),
        ("106/06/22", "數位學習", "1"), ("106/06/29", "數位學習", "2"), ("106/06/29", "數位學習", "1"),
    ]],
    # (二)2 網站使用便利性
    "累計2,454次", "共舉辦3場", "1,773人次",
    "393萬零118元",  # the reference wrote 393萬118元; reports/formats.py writes the 零 so it cannot read as 393萬1,180
    "99,584人", "合計1件",
    # (二)3 服務行為的友善性
    "社福機構數5件", "計18人次，平均成績為92.17分", "「優」等級", "計回收166人次", "滿意度為95.54%",
    # (二)4 服務資訊透明度
    "閱覽卷宗計12件",
    # 二、(一)1.(4) 為民服務中心服務績效
    "6億2,059萬2,791元", "中午不打烊服務收款：172萬9,838元", "0.28%",
    row("A", "總機電話服務", "7,458"), row("B", "受理現場查詢案件", "7,841"), row("C", "服務中心導引民眾", "1,875"),
    row("D", "停車導引及管制服務", "722"), row("E", "查封車看車服務", "45"), row("F", "其他服務(殘障人士服務)", "14"),
    row("G", "中午輪值不打烊收款", "315", "1,729,838"), row("H", "現場受理收文", "846"), row("I", "志工導引", "6,497"),
    row("J", "總計服務人數", "25,613"),
    # (一)3 法治教育
    "共辦理14場",
    # (二)1 愛心社 and 捐血 (the blood drives follow the 替代役 text, which the reference interleaves)
    "6,600元", "6,000元", "5,000元", "5,000元", "合計35人次，捐血9,000cc", "合計41人次，捐血10,250cc",
    # (二)3 代收案款: the total is the sum of its parts, 156,110,403元 (the reference's 56,372,466元
    # does not add up: 56,341,202 + 99,769,201)
    "總計31,264筆，156,110,403元",
    row("稅款", "4,349", "19,157,765"), row("監理", "13,767", "7,678,026"), row("健保", "2,940", "23,477,176"),
    row("勞保", "878", "6,028,235"), row("小計", "21,934", "56,341,202"),
    row("健保", "6,546", "58,436,731"), row("監理", "0", "0"), row("勞保", "2,784", "41,332,470"),
    row("小計", "9,330", "99,769,201"), row("總計", "31,264", "156,110,403"),
    # (三)1 突破成長: A–K
    "計回收166人次", "滿意度最高者為「服務台服務」，為98.18%", "滿意度最低者為「行政執行事件有關規定獲知管道」，為89.24%",
    item("95", "66", "5", "0", "0", "0", "96.99"), item("90", "69", "7", "0", "0", "0", "95.78"),
    item("86", "64", "7", "0", "0", "9", "95.54"), item("112", "50", "3", "0", "0", "1", "98.18"),
    item("81", "62", "16", "0", "0", "7", "89.94"), item("81", "60", "17", "0", "0", "8", "89.24"),
    item("103", "58", "3", "0", "0", "2", "98.17"), item("99", "62", "4", "0", "0", "1", "97.58"),
    item("98", "61", "5", "0", "0", "2", "96.95"), item("96", "60", "6", "0", "0", "4", "96.30"),
    item("69", "52", "13", "2", "0", "30", "88.97"),
    # 三、(二)1 服務精進價值
    "合計315人次，繳款金額為172萬9,838元", "計31,264筆", "累計2,454次",
    # 四、(一)1.(1) petitions by category, by channel, reply satisfaction
    "計2件", "全部案件以「行政權益維護」居多",
    row("3", "0", "0", "0", "1", "0", "1"), row("6", "0", "0", "0", "1", "0", "1"),
    row("件數", "0", "0", "0", "2", "0", "2"), row("%", "0.00", "0.00", "0.00", "100.00", "0.00"),
    row("3", "0", "0", "1", "0", "0", "1"), row("6", "1", "0", "0", "0", "0", "1"),
    row("件數", "1", "0", "1", "0", "0", "2"), row("%", "50.00", "0.00", "50.00", "0.00", "0.00"),
    row("件數", "0", "0", "0", "0", "0"), row("%", "0.00", "0.00", "0.00", "0.00", "0.00"),
    row("滿意度%", "0.00", "0.00", "0.00", "有效樣本", "0"),
    # the survey's list and K's breakdown
    "計回收166件", "滿意度96.99%", "滿意度95.78%", "滿意度95.54%", "滿意度98.18%", "滿意度89.94%",
    "滿意度89.24%", "滿意度98.17%", "滿意度97.58%", "滿意度96.95%",
    "滿意度96.30%",  # the reference dropped the last 0 (96.3%); every other figure has two decimals
    "15分鐘以內占88.97%", "50.74%", "38.24%", "7.90分鐘",
    # 2. 民眾意見回應與改善情形
    row("件數", "0", "0", "0", "2", "0", "2"), row("比率(%)", "0.00", "0.00", "0.00", "100.00", "0.00"),
    row("件數", "1", "0", "1", "0", "0", "2"), row("比率(%)", "50.00", "0.00", "50.00", "0.00", "0.00"),
    "平均2.50日",  # the reference's 2.5: days are averaged to 2 decimals like every figure
    "調查表0件",
    "稽核碼：3F9A21C0",
]


def test_the_pdf_holds_every_figure_of_the_reference_in_its_order(outputs) -> None:
    _report, pdf, _xlsx = outputs
    text = poppler("pdftotext", pdf, "-layout")
    at = 0
    for expected in REFERENCE_IN_ORDER:
        # A sentence may wrap anywhere: a line break (and the next line's indent) may fall
        # between any two of its characters.
        pattern = expected if "\\" in expected else r"\s*".join(map(re.escape, expected))
        found = re.compile(pattern).search(text, at)
        assert found is not None, f"not found after position {at}: {expected!r}\n…{text[at:at + 400]}"
        at = found.end()


def test_the_pdf_embeds_its_font_and_numbers_its_pages(outputs) -> None:
    _report, pdf, _xlsx = outputs
    fonts = poppler("pdffonts", pdf).splitlines()[2:]
    assert fonts and all(line.split()[-5:-3] == ["yes", "yes"] for line in fonts)
    pages = poppler("pdftotext", pdf, "-layout").split("\f")[:-1]
    assert all(f"第 {n} 頁" in page for n, page in enumerate(pages, start=1))


def sheet_rows(xlsx: Path, name: str) -> list[tuple]:
    book = openpyxl.load_workbook(xlsx)
    return [tuple(cell for cell in row) for row in book[name].iter_rows(values_only=True)]


@pytest.mark.parametrize(
    "sheet, expected",
    [
        ("專業度D", ("件數", 112, 50, 3, 0, 0, 1, 98.18)),
        ("問卷D", ("件數", 112, 50, 3, 0, 0, 1, 98.18)),
        ("問卷C", ("件數", 86, 64, 7, 0, 0, 9, 95.54)),
        ("問卷K", ("件數", 69, 52, 13, 2, 0, 30, 88.97)),
        ("服務人數", ("G", "中午輪值不打烊收款", 315, 1729838)),
        ("服務人數", ("J", "總計服務人數", 25613, 1729838)),
        ("代收案款", ("便利商店", "小計", 21934, 56341202)),
        ("代收案款", ("總計", "", 31264, 156110403)),
        ("陳情類別", ("件數", 0, 0, 0, 2, 0, 2)),
        ("陳情類別", ("%", 0, 0, 0, 100, 0, "")),
        ("陳情方式", ("%", 50, 0, 50, 0, 0, "")),
        ("答復滿意度", ("滿意度%", 0, 0, 0, "有效樣本", 0)),
        ("在職訓練", ("合計", "", "18次", "", 43.5)),
    ],
)
def test_the_workbook_holds_the_same_numbers_as_numbers(outputs, sheet: str, expected: tuple) -> None:
    _report, _pdf, xlsx = outputs
    rows = [tuple("" if cell is None else cell for cell in row) for row in sheet_rows(xlsx, sheet)]
    assert expected in rows, rows


def test_a_sheet_per_table(outputs) -> None:
    report, _pdf, xlsx = outputs
    assert len(openpyxl.load_workbook(xlsx).sheetnames) == len(report.tables())


def test_every_text_block_prints_under_its_heading(demo) -> None:
    """A marker in each block is found under the heading path the block declares."""
    texts = {block.key: f"標記{n}號" for n, block in enumerate(TEXT_BLOCKS)}
    report = build_half_year(H1, texts, built_at=BUILT)
    path: list[str] = []
    where: dict[str, str] = {}
    for heading, block in report.walk():
        if heading is not None:
            path[heading.depth:] = [heading.text]
        elif isinstance(block, Paragraph) and block.text.startswith("標記"):
            where[block.text] = " / ".join(path)
    assert {block.key: where.get(texts[block.key]) for block in TEXT_BLOCKS} == {
        block.key: block.heading for block in TEXT_BLOCKS
    }


def test_keys_are_unique_and_defaults_fill_on_the_demo(demo) -> None:
    assert len({block.key for block in TEXT_BLOCKS}) == len(TEXT_BLOCKS)
    text = "\n".join(p.text for _h, p in build_half_year(H1, built_at=BUILT).walk() if isinstance(p, Paragraph))
    assert "{" not in text and "}" not in text


@pytest.mark.parametrize(
    "key, text, named",
    [
        ("basic.consistency.2", "承辦單位依規定在{survey.Z.satisfaction_pct}日內回復", "{survey.Z.satisfaction_pct}"),
        ("capacity.simplify", "{period.label", "「{」沒有成對"),
        ("delivery.convenient.1.4", "比率{service_centre.noon_ratio_pct:億萬}", "不是金額"),
        ("evaluation.response", "計{petitions.count:萬}件", "格式「萬」不認得"),
    ],
)
def test_a_broken_placeholder_names_the_block_and_the_placeholder(demo, key: str, text: str, named: str) -> None:
    heading = next(block.heading for block in TEXT_BLOCKS if block.key == key)
    with pytest.raises(ValidationError) as caught:
        build_half_year(H1, {key: text})
    assert heading in caught.value.message and named in caught.value.message
    assert caught.value.field == key


def test_an_empty_database_says_no_data_and_prints(tmp_path: Path) -> None:
    database = open_ledger(tmp_path / "empty.db")
    report = build_half_year(H1, built_at=BUILT)
    pdf = tmp_path / "empty.pdf"
    write_pdf(report, pdf, report_font())
    write_workbook(report, tmp_path / "empty.xlsx")
    database.close()
    text = poppler("pdftotext", pdf, "-layout")
    assert text.count(NO_DATA) >= 6  # survey (three places), training, service centre, petitions…
    assert not any(isinstance(block, Table) and block.title.endswith("服務台服務：") for block in report.tables())
    assert "計回收0人次" in text  # the sentence keeps its figure: nothing was returned
    assert "去年同期" not in text


def test_the_same_period_last_year() -> None:
    assert same_period_last_year(H1) == Period(dt.date(2016, 1, 1), dt.date(2016, 6, 30))
    february = Period(dt.date(2016, 2, 1), dt.date(2016, 2, 29))
    assert same_period_last_year(february) == Period(dt.date(2015, 2, 1), dt.date(2015, 2, 28))


@pytest.fixture
def with_last_year(tmp_path: Path) -> Iterator[None]:
    """The demo, plus a few forms and counts in 105年1–6月 to compare with."""
    database = open_ledger(tmp_path / "two-years.db", create=True)
    create_demo()
    secretary = User.get(User.name == DEMO_SECRETARY)
    assert secretary.role == Role.SECRETARY.value or secretary.role == Role.SECRETARY
    batch = start_batch(secretary, dt.date(2016, 3, 1), None)
    for answer in (1, 1, 2, 3):
        save_response(secretary, batch, ResponseInput({code: answer for code in "ABCDEFGHIJK"}))
    phone = next(category for category in categories() if category.code == "A")
    set_day_total(secretary, phone, dt.date(2016, 3, 1), 7000)
    yield
    database.close()


def test_last_years_figures_show_the_change(with_last_year, tmp_path: Path) -> None:
    report = build_half_year(H1, built_at=BUILT)
    desk = next(t for t in report.tables() if t.title == "D.服務台服務：")
    # 105H1: 2, 1, 1 of 4 valid → 75.00%; 106H1: 98.18%, +23.18 percentage points
    assert desk.rows[1] == ("去年同期", 2, 1, 1, 0, 0, 0, "75.00")
    assert desk.rows[2] == ("增減", "+110", "+49", "+2", "0", "0", "+1", "+23.18")
    service = next(t for t in report.tables() if t.sheet == "服務人數")
    assert service.rows[0][-2:] == (7000, "+458")
    assert service.rows[-1][-2:] == (7000, "+18,613")
    pdf = tmp_path / "r.pdf"
    write_pdf(report, pdf, report_font())
    text = poppler("pdftotext", pdf, "-layout")
    assert "無問卷資料" not in text and "無服務人數資料" not in text
    assert "去年同期」為105年1月至6月" in text


def test_without_last_year_one_sentence_says_so(outputs) -> None:
    _report, pdf, _xlsx = outputs
    text = poppler("pdftotext", pdf, "-layout")
    assert "去年同期（105年1月至6月）無問卷資料" in text
    assert "去年同期（105年1月至6月）無服務人數資料" in text
    assert "增減" not in text


def test_decimal_rows_are_the_printed_figures(outputs) -> None:
    report, _pdf, _xlsx = outputs
    desk = next(t for t in report.tables() if t.title == "服務台服務：")
    assert desk.rows == (("件數", 112, 50, 3, 0, 0, 1, "98.18"),)
    assert Decimal(desk.rows[0][-1]) == Decimal("98.18")
