"""The report as PDF: read back with poppler (pdftotext, pdffonts, pdfinfo), as a reader would."""
from __future__ import annotations

import dataclasses
import errno
import re
import subprocess
from pathlib import Path

import pytest

from reports.document import BarChart, CellKind, Column, Paragraph, Report, Section, Table
from reports import files
from reports.files import OutputError
from reports.fonts import report_font, resolve_font
from reports.pdf import write_pdf

ITEM_COLUMNS = (
    Column("", CellKind.TEXT),
    Column("非常\n滿意"),
    Column("滿意"),
    Column("無意見"),
    Column("不滿意"),
    Column("非常\n不滿意"),
    Column("未作答或勾選二個", width=1.6),
    Column("滿意度\n%", CellKind.PERCENT),
)
SERVICE_DESK = Table("服務台服務：", ITEM_COLUMNS, (("件數", 112, 50, 3, 0, 0, 1, "98.18"),))  # the reference's item D


def poppler(tool: str, pdf: Path, *args: str) -> str:
    return subprocess.run([tool, *args, str(pdf), *(["-"] if tool == "pdftotext" else [])],
                          check=True, capture_output=True, text=True).stdout


def page_texts(pdf: Path) -> list[str]:
    return poppler("pdftotext", pdf, "-layout").split("\f")[:-1]


def sample(blocks: tuple = (SERVICE_DESK,), seal: str = "製表：115/12/01 14:00　稽核碼 3F9A21C0") -> Report:
    return Report(
        "106年度服務躍升執行成果報告",
        ("陳報機關：法務部行政執行署臺南分署", "資料時間：106年1月至6月"),
        (Section("基礎服務", (Section("服務一致及正確", (Section("服務人員專業度", blocks),)),)), Section("服務量能", (Paragraph("本期無資料"),))),
        seal=seal,
        metadata={"author": "法務部行政執行署臺南分署", "subject": "106年1月至6月", "creator": "service-ledger 0.1.0"},
    )


@pytest.fixture(scope="module")
def font():
    chosen = report_font()
    assert chosen.embedded
    return chosen


def test_the_text_reads_back_in_order_with_numbers_and_figures(tmp_path: Path, font) -> None:
    pdf = tmp_path / "r.pdf"
    pages = write_pdf(sample(), pdf, font)
    text = poppler("pdftotext", pdf, "-layout")
    expected = ["106年度服務躍升執行成果報告", "陳報機關：法務部行政執行署臺南分署", "資料時間：106年1月至6月",
                "一、基礎服務", "(一)服務一致及正確", "1.服務人員專業度", "服務台服務：", "112", "98.18",
                "二、服務量能", "本期無資料", "稽核碼 3F9A21C0", "第 1 頁"]
    positions = [text.find(piece) for piece in expected]
    assert -1 not in positions, [piece for piece, at in zip(expected, positions) if at < 0]
    assert positions == sorted(positions)
    assert pages == len(page_texts(pdf)) == 1


def test_the_font_is_embedded_and_nothing_else_is_named(tmp_path: Path, font) -> None:
    pdf = tmp_path / "r.pdf"
    chart = BarChart("各題滿意度", ("A", "D"), (95.21, 98.18), "%", 100)
    write_pdf(sample((SERVICE_DESK, chart)), pdf, font)
    rows = poppler("pdffonts", pdf).splitlines()[2:]
    assert rows, "no font at all"
    for row in rows:
        assert row.split()[-5:-3] == ["yes", "yes"], row  # emb, sub: every font embedded as a subset


def test_metadata_carries_title_agency_period_and_program(tmp_path: Path, font) -> None:
    pdf = tmp_path / "r.pdf"
    write_pdf(sample(), pdf, font)
    info = dict(line.split(":", 1) for line in poppler("pdfinfo", pdf).splitlines() if ":" in line)
    assert info["Title"].strip() == "106年度服務躍升執行成果報告"
    assert info["Author"].strip() == "法務部行政執行署臺南分署"
    assert info["Subject"].strip() == "106年1月至6月"
    assert info["Creator"].strip() == "service-ledger 0.1.0"
    assert info["Page size"].split()[:3] == ["595.276", "x", "841.89"]  # A4


def test_a_landscape_report_turns_the_page_and_keeps_its_number_in_the_middle(tmp_path: Path, font) -> None:
    columns = (Column("日期", CellKind.TEXT), *(Column(f"{code}\n服務項目") for code in "ABCDEFGHIJK"))
    wide = Table("每日服務人數", columns, (("3/1（三）", *range(1000, 1011)),))
    pdf = tmp_path / "r.pdf"
    write_pdf(dataclasses.replace(sample((wide,)), landscape=True), pdf, font)
    info = dict(line.split(":", 1) for line in poppler("pdfinfo", pdf).splitlines() if ":" in line)
    assert info["Page size"].split()[:3] == ["841.89", "x", "595.276"]  # A4 turned
    assert "3/1（三）" in poppler("pdftotext", pdf, "-layout") and "1,010" in poppler("pdftotext", pdf)
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">頁</word>', poppler("pdftotext", pdf, "-bbox"))
    (x_min, x_max, y_max), = words
    assert abs((float(x_min) + float(x_max)) / 2 - 841.89 / 2) < 30  # centred on the turned page's width
    assert float(y_max) > 595.276 - 40  # at its foot


def test_a_long_table_repeats_its_header_on_every_page(tmp_path: Path, font) -> None:
    columns = (Column("日期", CellKind.TEXT), Column("課程", CellKind.TEXT, 4), Column("時數", CellKind.HOURS))
    rows = tuple((f"106/06/{n % 28 + 1:02d}", f"第{n}堂：如何提升政府服務品質及創新服務", "2.5") for n in range(1, 121))
    pdf = tmp_path / "r.pdf"
    pages = write_pdf(sample((Table("在職訓練", columns, rows),)), pdf, font)
    texts = page_texts(pdf)
    assert pages == len(texts) >= 3
    holding = [text for text in texts if "第" in text and "堂" in text]
    assert len(holding) >= 3 and all("課程" in text and "時數" in text for text in holding)
    assert all(f"第{n}堂" in "".join(texts) for n in (1, 60, 120))


def test_a_long_table_starts_under_its_heading_not_on_the_next_page(tmp_path: Path, font) -> None:
    """Kept with its heading as a whole, a table taller than the page would move to the next
    page and leave the first one empty; it starts right under its heading instead."""
    columns = (Column("日期", CellKind.TEXT), Column("課程", CellKind.TEXT, 4), Column("時數", CellKind.HOURS))
    rows = tuple((f"106/06/{n % 28 + 1:02d}", f"第{n}堂：如何提升政府服務品質", "2.5") for n in range(1, 61))
    pdf = tmp_path / "r.pdf"
    write_pdf(sample((Table("在職訓練", columns, rows),)), pdf, font)
    first = page_texts(pdf)[0]
    assert "1.服務人員專業度" in first and "在職訓練" in first and "第1堂" in first and "第20堂" in first


def test_no_heading_is_left_at_the_foot_of_a_page(tmp_path: Path, font) -> None:
    """Push a heading and its table down a line at a time: the heading always starts the page
    its table starts on."""
    for filler in range(10, 40, 2):
        blocks = (*(Paragraph(f"第{n}段文字。" * 8) for n in range(filler)), Section("電話禮貌", (SERVICE_DESK,)))
        pdf = tmp_path / f"r{filler}.pdf"
        write_pdf(sample(blocks), pdf, font)
        for text in page_texts(pdf):
            lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("第 ")]
            assert not lines[-1].endswith("電話禮貌"), f"{filler} paragraphs: the heading ends a page"


def test_markup_characters_print_as_typed(tmp_path: Path, font) -> None:
    pdf = tmp_path / "r.pdf"
    write_pdf(sample((Paragraph("A&B <b>不是粗體</b>"),)), pdf, font)
    assert "A&B <b>不是粗體</b>" in poppler("pdftotext", pdf)


def test_the_cid_fallback_still_reads_as_chinese(tmp_path: Path) -> None:
    fallback = resolve_font([])
    assert not fallback.embedded
    pdf = tmp_path / "r.pdf"
    write_pdf(sample(), pdf, fallback)
    text = poppler("pdftotext", pdf)
    assert "106年度服務躍升執行成果報告" in text and "服務台服務" in text


def test_a_missing_folder_is_named(tmp_path: Path, font) -> None:
    target = tmp_path / "unplugged" / "r.pdf"
    with pytest.raises(OutputError, match="找不到資料夾") as caught:
        write_pdf(sample(), target, font)
    assert str(target) in str(caught.value)
    assert not target.parent.exists()


@pytest.mark.parametrize(
    "step, error, message",
    [
        ("replace", PermissionError(errno.EACCES, "Permission denied"), "沒有寫入權限；若檔案正在其他程式"),
        ("write", OSError(errno.ENOSPC, "No space left on device"), "磁碟空間已滿"),
        ("write", OSError(errno.EIO, "Input/output error"), "檔案無法存取"),
    ],
)
def test_a_failed_write_says_why_and_keeps_the_old_file(
    tmp_path: Path, font, monkeypatch: pytest.MonkeyPatch, step: str, error: OSError, message: str
) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(b"the report printed last week")

    def fail(*_args: object, **_kwargs: object) -> None:
        raise error

    if step == "replace":
        monkeypatch.setattr(files.os, "replace", fail)
    else:
        real_fdopen = files.os.fdopen

        class FailingStream:
            def __init__(self, handle: int, mode: str) -> None:
                self.stream = real_fdopen(handle, mode)

            def __enter__(self) -> FailingStream:
                return self

            def __exit__(self, *exc: object) -> None:
                self.stream.close()

            def write(self, _data: bytes) -> None:
                fail()

        monkeypatch.setattr(files.os, "fdopen", FailingStream)
    with pytest.raises(OutputError, match=message) as caught:
        write_pdf(sample(), target, font)
    assert str(caught.value).startswith(f"無法儲存PDF「{target}」")
    assert target.read_bytes() == b"the report printed last week"
    assert sorted(tmp_path.iterdir()) == [target]  # the temporary file is gone


def test_headings_in_a_row_never_end_a_page(tmp_path: Path, font) -> None:
    """四、 (一) 1. before a paragraph, pushed down a line at a time: no page ends with a heading."""
    for filler in range(20, 44, 2):
        chain = Section("服務評價", (Section("服務滿意情形", (Section("機關服務滿意情形", (Paragraph("內文。" * 30),)),)),))
        report = sample((*(Paragraph(f"第{n}段文字。" * 8) for n in range(filler)),))
        report = Report(report.title, report.header_lines, (*report.sections, chain), report.seal, report.metadata)
        pdf = tmp_path / f"c{filler}.pdf"
        write_pdf(report, pdf, font)
        for text in page_texts(pdf):
            lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("第 ")]
            assert not lines[-1].endswith(("服務評價", "服務滿意情形", "機關服務滿意情形")), f"{filler} paragraphs"


def test_a_line_leading_into_a_list_never_ends_a_page(tmp_path: Path, font) -> None:
    """「服務流程便捷：」 then its points: pushed down a line at a time, the lead-in always goes
    with its first point, as a heading does."""
    for filler in range(20, 44, 2):
        blocks = (
            *(Paragraph(f"第{n}段文字。" * 8) for n in range(filler)),
            Paragraph("服務流程便捷："),
            Paragraph("(1)單一窗口受理。"),
        )
        pdf = tmp_path / f"l{filler}.pdf"
        write_pdf(sample(blocks), pdf, font)
        for text in page_texts(pdf):
            lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("第 ")]
            assert not lines[-1].endswith("服務流程便捷："), f"{filler} paragraphs: the lead-in ends a page"


def test_a_long_table_starts_under_the_text_before_it(tmp_path: Path, font) -> None:
    """A table too long for one page begins on the page of the text before it (kept whole with
    its title it would leave that page half empty)."""
    columns = (Column("日期", CellKind.TEXT), Column("課程", CellKind.TEXT, 4), Column("時數", CellKind.HOURS))
    rows = tuple((f"106/06/{n % 28 + 1:02d}", f"第{n}堂課", "2") for n in range(1, 41))
    pdf = tmp_path / "r.pdf"
    write_pdf(sample((Paragraph("前面的文字。" * 10), Table("在職訓練：", columns, rows))), pdf, font)
    first = page_texts(pdf)[0]
    assert "在職訓練：" in first and "第1堂課" in first


def test_a_long_table_without_a_title_after_the_text_before_it_prints(tmp_path: Path, font) -> None:
    """The whole year's (第2次) report has one: nothing waits to go with it, and it flows on."""
    columns = (Column("月份", CellKind.TEXT), Column("件數"))
    rows = tuple((f"{n}月", n) for n in range(1, 25))
    pdf = tmp_path / "r.pdf"
    write_pdf(sample((Paragraph("前面的文字。"), Table("", columns, rows))), pdf, font)
    text = "".join(page_texts(pdf))
    assert "前面的文字。" in text and "24月" in text
