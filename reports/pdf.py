"""The report tree as an A4 PDF (reportlab platypus): what the preview shows and what prints.

Headings keep with what follows them and a table's title with its table, so no heading
is left at the foot of a page; a table broken across pages repeats its header row. Chinese
wraps anywhere (``wordWrap='CJK'``). The font is the one ``reports/fonts.py`` chose, embedded
as a subset.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus import Table as PdfTable
from reportlab.platypus import TableStyle
from xml.sax.saxutils import escape

from models.progress import NEVER_ABORT, NO_PROGRESS, AbortFlag, Progress, stop_if_asked
from reports import document as doc
from reports.files import write_file
from reports.fonts import FontChoice
from reports.formats import cell_text

MARGIN = 20 * mm
BODY_SIZE = 11
HEADING_SIZES = (14, 12.5, 12, 11, 11)  # by depth: 一、 (一) 1. (1) A.
TABLE_SIZE = 10
CELL_PADDING = 4
HEADER_FILL = colors.Color(0.88, 0.88, 0.88)  # grey, so a black-and-white print keeps it
TOTAL_FILL = colors.Color(0.95, 0.95, 0.95)
LONG_TABLE_ROWS = 12  # a table of more rows may break across pages
LONG_TABLE_START = 45 * mm  # room a long table's title needs for its header and some rows
LEAD_INS = ("：", ":")  # a line ending so leads into what follows, and goes with it like a heading
HEADING_ROOM = 20 * mm  # a heading never sits in less than this at a page's foot: itself and two lines


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    header_line: ParagraphStyle
    body: ParagraphStyle
    headings: tuple[ParagraphStyle, ...]
    table_title: ParagraphStyle
    table_title_alone: ParagraphStyle
    cell: ParagraphStyle
    number_cell: ParagraphStyle
    note: ParagraphStyle
    seal: ParagraphStyle


def styles(font: str) -> Styles:
    def style(name: str, size: float, leading: float = 1.5, **extra: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * leading, wordWrap="CJK", **extra)

    return Styles(
        title=style("title", 18, alignment=TA_CENTER, spaceAfter=6 * mm),
        header_line=style("header_line", BODY_SIZE),
        body=style("body", BODY_SIZE, firstLineIndent=2 * BODY_SIZE, spaceAfter=2 * mm),
        headings=tuple(
            style(f"heading{depth}", size, leftIndent=depth * 4 * mm, spaceBefore=3 * mm, spaceAfter=1.5 * mm)
            for depth, size in enumerate(HEADING_SIZES)
        ),
        table_title=style("table_title", BODY_SIZE, spaceBefore=2 * mm, spaceAfter=1 * mm, keepWithNext=1),
        table_title_alone=style("table_title_alone", BODY_SIZE, spaceBefore=2 * mm, spaceAfter=1 * mm),
        cell=style("cell", TABLE_SIZE, leading=1.3, alignment=TA_CENTER),
        number_cell=style("number_cell", TABLE_SIZE, leading=1.3, alignment=TA_RIGHT),
        note=style("note", 9, spaceBefore=1 * mm, spaceAfter=2 * mm),
        seal=style("seal", 9, spaceBefore=8 * mm),
    )


def _text(text: str, style: ParagraphStyle) -> Paragraph:
    # Paragraph reads a mini-markup: the secretary's "<" or "&" must print as typed.
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _table(table: doc.Table, sheet: Styles, width: float, font: str) -> tuple[list[Flowable], list[Flowable]]:
    """The table as (what must stay with a heading above it, what may follow on)."""
    weights = [column.width for column in table.columns]
    widths = [width * w / sum(weights) for w in weights]
    header = [_text(column.header, sheet.cell) for column in table.columns]
    body = [
        [
            _text(cell_text(value, column.kind), sheet.cell if column.kind is doc.CellKind.TEXT else sheet.number_cell)
            for value, column in zip(row, table.columns)
        ]
        for row in table.rows
    ]
    grid = PdfTable([header, *body], colWidths=widths, repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), font),  # the cells are paragraphs, but the default would name Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        # 4 points each side, not reportlab's 6: a five-character header line (及管制服務)
        # keeps to one line in the narrow columns of a month's days × categories.
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    if table.total_rows:
        commands.append(("BACKGROUND", (0, -table.total_rows), (-1, -1), TOTAL_FILL))
        commands.append(("LINEABOVE", (0, -table.total_rows), (-1, -table.total_rows), 1.2, colors.black))
    grid.setStyle(TableStyle(commands))
    note = [_text(table.note, sheet.note)] if table.note else []
    gap = Spacer(1, 2 * mm)  # the text after a table does not touch its last row
    if len(table.rows) <= LONG_TABLE_ROWS:  # a short table stays whole with its title
        title = [_text(table.title, sheet.table_title)] if table.title else []
        return [*title, grid, *note], [gap]
    # A long one breaks, repeating its header. Kept whole with its title it would leave half a
    # page empty: the title starts a page only when the header and a few rows would not fit.
    title = [_text(table.title, sheet.table_title_alone)] if table.title else []
    return [CondPageBreak(LONG_TABLE_START), *title], [grid, *note, gap]


def bar_label(value: float, unit: str) -> str:
    """A bar's figure as the tables print it: 96.30 for a percentage, 4,438 for a count."""
    if unit == "%":
        return f"{value:.2f}"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"


class KeepWithStart(KeepTogether):
    """What ``keepWithNext`` builds (a heading and a table's title with what follows them).
    When what follows is a long table, they are kept with its header and first rows only:
    the whole table would not fit the room left, so reportlab would move it all to the next
    page and leave this one empty below the heading before."""

    START_ROWS = 3

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        size = super().wrap(aW, aH)
        last = self._content[-1]
        if isinstance(last, PdfTable) and len(last._rowHeights) > last.repeatRows + self.START_ROWS:
            self._H -= last._height - sum(last._rowHeights[: last.repeatRows + self.START_ROWS])
        return size


def _chart(chart: doc.BarChart, font: str, width: float) -> Flowable:
    height = 60 * mm
    drawing = Drawing(width, height + 14 * mm)
    drawing.initialFontName = font  # the renderer's starting font, else Helvetica (not embedded)
    title = f"{chart.title}（單位：{chart.unit}）" if chart.unit and chart.unit not in chart.title else chart.title
    drawing.add(String(width / 2, height + 8 * mm, title, fontName=font, fontSize=BODY_SIZE, textAnchor="middle"))
    bars = VerticalBarChart()
    bars.x, bars.y = 14 * mm, 10 * mm
    bars.width, bars.height = width - 18 * mm, height - 12 * mm
    bars.data = [list(chart.values)]
    bars.categoryAxis.categoryNames = list(chart.labels)
    bars.categoryAxis.labels.fontName = font
    bars.categoryAxis.labels.fontSize = 9
    bars.valueAxis.labels.fontName = font
    bars.valueAxis.labels.fontSize = 8
    bars.valueAxis.valueMin = 0
    top = chart.value_max if chart.value_max is not None else max([*chart.values, 1]) * 1.15
    bars.valueAxis.valueMax = top
    bars.bars[0].fillColor = colors.Color(0.55, 0.55, 0.55)  # grey with black edges: readable in black and white
    bars.bars[0].strokeColor = colors.black
    bars.barLabelFormat = lambda value: bar_label(value, chart.unit)
    bars.barLabels.fontName = font
    bars.barLabels.fontSize = 8
    bars.barLabels.nudge = 7
    drawing.add(bars)
    return drawing


def flowables(report: doc.Report, font: FontChoice, width: float) -> list[Flowable]:
    sheet = styles(font.name)
    story: list[Flowable] = [_text(report.title, sheet.title)]
    story.extend(_text(line, sheet.header_line) for line in report.header_lines)
    story.append(Spacer(1, 4 * mm))
    # Headings wait for what follows them and go on the page with its start (a paragraph, a
    # short table whole, a long table's title, a chart): 四、 (一) 1. never end a page alone.
    headings: list[Flowable] = []

    def place(first: list[Flowable], rest: list[Flowable] = []) -> None:  # noqa: B006 (read only)
        """``first`` stays on one page (with the headings waiting), ``rest`` flows on."""
        breaks = [f for f in first if isinstance(f, CondPageBreak)]
        kept = [*headings, *(f for f in first if not isinstance(f, CondPageBreak))]
        if headings:
            breaks.append(CondPageBreak(HEADING_ROOM))
        together = [KeepTogether(kept)] if len(kept) > 1 else kept  # (none: a long untitled table, flowing on)
        story.extend([*breaks, *together, *rest])
        headings.clear()

    for heading, block in report.walk():
        if heading is not None:
            headings.append(_text(heading.text, sheet.headings[min(heading.depth, len(sheet.headings) - 1)]))
        elif isinstance(block, doc.Paragraph) and block.text.rstrip().endswith(LEAD_INS):
            headings.append(_text(block.text, sheet.body))  # 「服務流程便捷：」 waits for its first point
        elif isinstance(block, doc.Paragraph):
            place([_text(block.text, sheet.body)])
        elif isinstance(block, doc.Table):
            place(*_table(block, sheet, width, font.name))
        elif isinstance(block, doc.BarChart):
            place([_chart(block, font.name, width)])
    story.extend(headings)  # a section with nothing in it
    if report.seal:
        story.append(_text(report.seal, sheet.seal))
    return story


def page_size(report: doc.Report) -> tuple[float, float]:
    """A4, standing or turned as the report asks."""
    return landscape(A4) if report.landscape else A4


def _page_number(font: str) -> Callable[[Any, Any], None]:
    def draw(canvas: Any, template: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(template.pagesize[0] / 2, 10 * mm, f"第 {template.page} 頁")
        canvas.restoreState()

    return draw


def write_pdf(
    report: doc.Report,
    target: Path | BinaryIO,
    font: FontChoice,
    progress: Progress = NO_PROGRESS,
    abort: AbortFlag = NEVER_ABORT,
) -> int:
    """Write ``report`` to ``target``; the number of pages."""
    progress(None, "排版中…")
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=page_size(report),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=report.title,
        author=report.metadata.get("author", ""),
        subject=report.metadata.get("subject", ""),
        creator=report.metadata.get("creator", ""),
        initialFontName=font.name,  # else every page names Helvetica, a font not embedded
        keepTogetherClass=KeepWithStart,
    )
    story = flowables(report, font, template.width)
    stop_if_asked(abort, "已取消，沒有寫出 PDF。")
    draw = _page_number(font.name)
    template.build(story, onFirstPage=draw, onLaterPages=draw)
    stop_if_asked(abort, "已取消，沒有寫出 PDF。")
    if isinstance(target, Path):
        write_file(target, buffer.getvalue(), "PDF")
    else:
        target.write(buffer.getvalue())
    progress(1.0, "完成")
    return template.page
