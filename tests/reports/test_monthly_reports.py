"""The monthly reports of the demo database's 106年3月, as the PDF and the workbook give them.

The expected figures are literal: what ``python main.py stats --period 106/03 --json`` printed
for the demo database (tests/data/stats_106-03.json), never worked out by the code under
test. Each day's row is checked against its own parts and the 合計 row against those figures.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest
from openpyxl import load_workbook

from models.db import db
from models.demo import create_demo
from models.errors import ValidationError
from models.rocdate import Period, parse_period
from models.service.counts import record_payment
from models.storage import open_ledger
from models.users import create_first_secretary
from reports.document import Paragraph, Report, Table
from reports.excel import write_workbook
from reports.fonts import report_font
from reports.monthly_reports import build_monthly_service, build_monthly_survey
from reports.pdf import write_pdf
from tests.conftest import BACKENDS, DATA, throwaway_postgres
from tests.reports.test_pdf import page_texts, poppler

MARCH = parse_period("106/03")
STATS = json.loads((DATA / "stats_106-03.json").read_text(encoding="utf-8"))

# stats --period 106/03 of the demo: A … I 人次, G's 金額, J 總計服務人數
MARCH_TOTALS = ("合計", 1249, 1413, 314, 129, 7, 3, 53, 260461, 143, 1172, 4483)
MARCH_TOTALS_PRINTED = "合計 1,249 1,413 314 129 7 3 53 260,461 143 1,172 4,483"
AMOUNT_COLUMN = 8  # G 金額, the one column that is money, not people
# stats --period 106/03: counts per option, 未作答或勾選二個, 滿意度% (K: 15分以內所占%)
MARCH_ITEMS = {
    "A": (21, 9, 2, 0, 0, 0, "93.75"),
    "B": (16, 12, 4, 0, 0, 0, "87.50"),
    "C": (16, 14, 2, 0, 0, 0, "93.75"),
    "D": (23, 7, 2, 0, 0, 0, "93.75"),
    "E": (16, 10, 4, 0, 0, 2, "86.67"),
    "F": (17, 7, 7, 0, 0, 1, "77.42"),
    "G": (17, 15, 0, 0, 0, 0, "100.00"),
    "H": (16, 14, 1, 0, 0, 1, "96.77"),
    "I": (14, 17, 1, 0, 0, 0, "96.88"),
    "J": (16, 13, 3, 0, 0, 0, "90.63"),
    "K": (10, 18, 1, 0, 0, 3, "96.55"),
}
HIGHEST = "滿意度最高者為「承辦人的服務態度」，為100.00%。"
LOWEST = "滿意度最低者為「行政執行事件有關規定獲知管道」，為77.42%。"


@pytest.fixture(scope="module", params=BACKENDS)
def demo_database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[peewee.Database]:
    """The demo database, built once per backend for the whole module (it takes seconds)."""
    if request.param == "postgresql":
        with throwaway_postgres() as url:
            database = open_ledger(url)
            create_demo()
            yield database
            database.close()
    else:
        database = open_ledger(tmp_path_factory.mktemp("demo") / "ledger.db")
        create_demo()
        yield database
        database.close()


@pytest.fixture
def demo(demo_database: peewee.Database) -> peewee.Database:
    """The demo, bound again for each test: a test with a database of its own may run between."""
    db.initialize(demo_database)
    return demo_database


@pytest.fixture(scope="module")
def font():
    return report_font()


def only_table(report: Report) -> Table:
    (table,) = report.tables()
    return table


def paragraphs(report: Report) -> list[str]:
    return [block.text for _heading, block in report.walk() if isinstance(block, Paragraph)]


def squeezed(text: str) -> str:
    """pdftotext's columns as single spaces, so a row reads as one line of figures."""
    return re.sub(r"[ \t]+", " ", text)


def pdf_info(pdf: Path) -> dict[str, str]:
    return {key: value.strip() for key, value in (line.split(":", 1) for line in poppler("pdfinfo", pdf).splitlines())}


def sheet_rows(path: Path, sheet: str) -> list[tuple]:
    return list(load_workbook(path)[sheet].iter_rows(values_only=True))


# --- 為民服務中心服務人數月報表 ----------------------------------------------------------


def test_the_month_s_days_add_up_to_the_statistics_of_the_month(demo: peewee.Database) -> None:
    report = build_monthly_service(MARCH)
    assert report.title == "106年3月為民服務中心服務人數月報表"
    assert report.header_lines == ("陳報機關：法務部行政執行署臺南分署", "資料時間：106年3月")
    assert report.landscape and report.metadata["author"] == "法務部行政執行署臺南分署"
    table = only_table(report)
    assert [column.header.split("\n")[0] for column in table.columns] == [
        "日期", *"ABCDEFG", "G", "H", "I", "日合計"
    ]
    *days, total = table.rows
    assert total == MARCH_TOTALS and table.total_rows == 1
    assert [row[0] for row in days[:3]] == ["3/1 (三)", "3/2 (四)", "3/3 (五)"] and days[-1][0] == "3/31 (五)"
    assert len(days) == 31
    for row in days:  # each day's 日合計 is its people, without the money
        people = [cell for n, cell in enumerate(row[1:-1], start=1) if n != AMOUNT_COLUMN]
        assert row[-1] == sum(people), row[0]
    for column in range(1, len(total)):  # the 合計 row is the days summed
        assert total[column] == sum(row[column] for row in days), table.columns[column].header
    assert [row[1:] for row in days if row[0].endswith(("(六)", "(日)"))] == [(0,) * 11] * 8  # no counts at weekends
    # the figures stats prints for the month, category for category
    categories = STATS["service_centre"]["categories"]
    assert total[1:-1] == tuple(
        value for code in "ABCDEFGHI" for value in (categories[code]["count"], categories[code].get("amount")) if value is not None
    )
    assert total[-1] == STATS["service_centre"]["total"]
    assert paragraphs(report) == [
        "G.中午輪值不打烊收款：53人次，金額26萬零461元。",
        "行政執行事件徵起金額：1億1,170萬6,702元；中午不打烊服務收款比率：0.23%。",
    ]


def test_the_month_s_pdf_and_sheet_hold_the_figures(demo: peewee.Database, tmp_path: Path, font) -> None:
    report = build_monthly_service(MARCH)
    pdf, xlsx = tmp_path / "m.pdf", tmp_path / "m.xlsx"
    pages = write_pdf(report, pdf, font)
    texts = page_texts(pdf)
    assert pages == len(texts) == 2  # the days break across the pages once, A4 turned
    info = pdf_info(pdf)
    assert info["Page size"] == "841.89 x 595.276 pts (A4)" and info["Pages"] == "2"
    text = squeezed("\n".join(texts))
    for piece in ("106年3月為民服務中心服務人數月報表", "陳報機關：法務部行政執行署臺南分署", "資料時間：106年3月",
                  "一、每日服務人數", "3/1 (三) 37 43 15 5 1 0 1 1,809 9 58 169", MARCH_TOTALS_PRINTED,
                  "二、中午不打烊服務收款", "53人次，金額26萬零461元", "中午不打烊服務收款比率：0.23%"):
        assert piece in text, piece
    assert all("日合計" in page and "志工導引" in page for page in texts)  # the header on each page
    assert "3/15 (三)" in texts[0] and "3/16 (四)" in texts[1]
    write_workbook(report, xlsx)
    rows = sheet_rows(xlsx, "服務人數")
    assert rows[0][0] == "日期" and rows[1][0] == "3/1 (三)" and len(rows) == 1 + 31 + 1
    assert rows[-1] == MARCH_TOTALS  # numbers as numbers
    assert all(isinstance(value, int) for row in rows[1:] for value in row[1:])
    assert load_workbook(xlsx)["服務人數"].page_setup.orientation == "landscape"


# --- the month's survey summary ---------------------------------------------------------


def test_the_month_s_survey_is_the_statistics_of_the_month(demo: peewee.Database) -> None:
    report = build_monthly_survey(MARCH)
    assert report.title == "106年3月為民服務意見調查表統計結果"
    assert report.header_lines == ("陳報機關：法務部行政執行署臺南分署", "資料時間：106年3月")
    satisfaction, duration = report.tables()
    assert [column.header for column in satisfaction.columns] == [
        "項目", "非常\n滿意", "滿意", "無意見", "不滿意", "非常\n不滿意", "未作答或\n勾選二個", "滿意度\n%"
    ]
    assert duration.columns[-1].header == "15分以內\n所占%"
    rows = {row[0].split(".")[0]: row[1:] for row in (*satisfaction.rows, *duration.rows)}
    assert rows == MARCH_ITEMS
    assert [row[0] for row in satisfaction.rows][:2] == ["A.洽公環境滿意度及環境整潔及綠化、美化情形", "B.本分署服務設備、引導標示是否清楚"]
    assert paragraphs(report)[0] == "106年3月為民服務意見調查表計回收32人次。" and STATS["survey"]["forms"] == 32
    assert HIGHEST in paragraphs(report) and LOWEST in paragraphs(report)
    assert STATS["survey"]["sentences"] == {"highest": HIGHEST, "lowest": LOWEST}
    assert "平均花費時間7.84分鐘" in duration.note and "5分鐘以內34.48%" in duration.note


def test_the_month_s_survey_pdf_and_sheets_hold_the_figures(demo: peewee.Database, tmp_path: Path, font) -> None:
    report = build_monthly_survey(MARCH)
    pdf, xlsx = tmp_path / "s.pdf", tmp_path / "s.xlsx"
    assert write_pdf(report, pdf, font) == 1
    assert pdf_info(pdf)["Page size"] == "595.276 x 841.89 pts (A4)"
    text = squeezed(poppler("pdftotext", pdf, "-layout"))
    for piece in ("106年3月為民服務意見調查表統計結果", "計回收32人次", HIGHEST, LOWEST, "未作答或", "勾選二個",
                  "D.服務台服務 23 7 2 0 0 0 93.75", "G.承辦人的服務態度 17 15 0 0 0 0 100.00",
                  "K.申辦案件所花費的時間 10 18 1 0 0 3 96.55"):
        assert piece in text, piece
    write_workbook(report, xlsx)
    satisfaction = sheet_rows(xlsx, "滿意度")
    assert satisfaction[4] == ("D.服務台服務", 23, 7, 2, 0, 0, 0, 93.75)
    assert satisfaction[6] == ("F.行政執行事件有關規定獲知管道", 17, 7, 7, 0, 0, 1, 77.42)
    assert sheet_rows(xlsx, "申辦案件所花費的時間")[1] == ("K.申辦案件所花費的時間", 10, 18, 1, 0, 0, 3, 96.55)


# --- a month without data, and what is not a month ----------------------------------------


@pytest.mark.parametrize("build", [build_monthly_service, build_monthly_survey])
def test_a_month_without_data_says_so(demo: peewee.Database, tmp_path: Path, font, build) -> None:
    report = build(parse_period("105/03"))
    assert report.tables() == [] and paragraphs(report) == ["本期無資料"]
    assert report.header_lines[1] == "資料時間：105年3月"
    pdf, xlsx = tmp_path / "empty.pdf", tmp_path / "empty.xlsx"
    assert write_pdf(report, pdf, font) == 1
    assert "本期無資料" in poppler("pdftotext", pdf)
    write_workbook(report, xlsx)
    assert sheet_rows(xlsx, "報告") == [("本期無資料",)]


@pytest.mark.parametrize(
    "period",
    [
        parse_period("106H1"),
        parse_period("106/02-106/03"),
        Period(dt.date(2017, 3, 2), dt.date(2017, 3, 31)),  # a month but its first day
        Period(dt.date(2017, 3, 1), dt.date(2017, 3, 30)),  # a month but its last day
        Period(dt.date(2017, 3, 1), dt.date(2017, 4, 1)),
    ],
)
@pytest.mark.parametrize("build", [build_monthly_service, build_monthly_survey])
def test_a_period_that_is_not_one_month_is_refused(period: Period, build) -> None:
    """Refused before anything is read: no database is open here."""
    with pytest.raises(ValidationError, match=f"月報表一次只做一個月（例如 106/03）；「{re.escape(period.label)}」不是單一月份") as caught:
        build(period)
    assert caught.value.field == "period"


def test_a_month_whose_collections_are_not_entered_says_why_there_is_no_ratio(any_database: peewee.Database) -> None:
    boss = create_first_secretary("林秘書", "246813", "246813")
    record_payment(boss, 12000, day=dt.date(2017, 7, 3))
    report = build_monthly_service(parse_period("106/07"))
    assert only_table(report).rows[-1][7:9] == (1, 12000)
    assert paragraphs(report) == [
        "G.中午輪值不打烊收款：1人次，金額1萬2,000元。",
        "本月「行政執行事件徵起金額」尚未填入，中午不打烊服務收款比率無法計算。",
    ]
