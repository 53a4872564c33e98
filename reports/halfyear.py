"""The half-year report 服務躍升執行成果報告 as one report tree (reports/document.py).

``build_half_year`` reads every figure of the period once (``reports.statistics``), lays the
tables out as the reference report does, writes the generated sentences (the highest item,
the largest category…) and fills the secretary's text blocks, whose figures are placeholders
(reports/placeholders.py). The same period of the previous year is read too: where it has
data the survey and service-centre tables show the change, where it has none one sentence
says so. A register with nothing in the period says 「本期無資料」 instead of a table of
zeros; the reference's own 0.00 (a petitions table whose replies are not known) stays.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from models.errors import ValidationError
from models.report_texts import report_texts, seal_code
from models.registers.monthly import month_name
from models.rocdate import Period, days_in_month, format_roc, roc_year
from models.settings import AGENCY_NAME, duration_weights, get_setting
from models.survey.questionnaire import ItemSpec, active_questionnaire, item_specs
from reports.default_texts import DEFAULT_TEXTS
from reports.document import LATIN_CAPITALS, BarChart, Block, CellKind, Column, Paragraph, Report, Section, Table
from reports.figures.period import PeriodFigures
from reports.figures.petitions import MonthTable
from reports.figures.survey import DurationFigures, ItemFigures, ItemTally, extremes_sentences
from reports.figures.training import hours_text
from reports.files import creator
from reports.formats import grouped, money
from reports.placeholders import fill, figure_values, problems
from reports.statistics import period_statistics, service_figures, survey_statistics

NO_DATA = "本期無資料"
INVALID_HEADER = "未作答或勾選二個"
# The four items the reference reads as the staff's professionalism (一、(一)3.(1)).
PROFESSIONAL_ITEMS = ("D", "G", "H", "I")
# The event kinds the reference lists by name in 二、(二)1.
DONATIONS, BLOOD_DRIVE = "愛心社捐款", "捐血"
# The reference's own wording of the average-minutes formula, for its own weights.
REFERENCE_FORMULA = "﹝(5×件數÷2)＋(5＋15)×件數÷2＋(15＋30)×件數÷2＋(30＋60)×件數÷2＋60×件數÷2﹞÷(回收件數－無效樣本)"
REFERENCE_WEIGHTS = (Decimal("2.5"), Decimal("10"), Decimal("22.5"), Decimal("45"), Decimal("30"))


@dataclass(frozen=True)
class TextBlock:
    """One editable text of the report: ``heading`` is the printed title path of its section
    (「一、基礎服務 / (一)服務一致及正確 / 2.服務及時性」), for the window's tree."""

    key: str
    heading: str
    default: str


TEXT_BLOCKS: tuple[TextBlock, ...] = tuple(TextBlock(*entry) for entry in DEFAULT_TEXTS)
_BLOCKS = {block.key: block for block in TEXT_BLOCKS}


def same_period_last_year(period: Period) -> Period:
    """The comparison period of 趨勢分析: the same days one year before; a month's last day
    stays its last day (29 Feb → 28 Feb)."""

    def back(day: dt.date) -> dt.date:
        last = day.day == days_in_month(day.year, day.month)
        day_before = days_in_month(day.year - 1, day.month) if last else min(day.day, days_in_month(day.year - 1, day.month))
        return dt.date(day.year - 1, day.month, day_before)

    return Period(back(period.start), back(period.end))


def text_values(stats: PeriodFigures) -> dict[str, Any]:
    """Every name a text block may hold: the figures of ``stats --json`` and the period's label."""
    values = figure_values(stats.to_json())
    values["period.label"] = stats.period.label  # 106年1月至6月
    values["period.roc_year"] = roc_year(stats.period.start)
    return values


def has_data(stats: PeriodFigures) -> bool:
    """Whether anything at all was recorded for the period (a report of nothing is refused)."""
    return bool(
        stats.survey.forms
        or stats.service_centre.total
        or stats.service_centre.noon_amount
        or stats.petitions.received
        or stats.petitions.closed
        or stats.phone_courtesy.tests
        or stats.training.sessions
        or any(kind.events for kind in stats.events.kinds)
        or any(figure.total is not None for figure in stats.monthly_figures.figures)
        or stats.payment_channels.total.count is not None
    )


def check_text(key: str, text: str, values: Mapping[str, Any]) -> None:
    """A ValidationError naming the block's heading and every bad placeholder in ``text``."""
    found = problems(text, values)
    if found:
        heading = _BLOCKS[key].heading if key in _BLOCKS else key
        raise ValidationError(f"「{heading}」的文字有誤：{'；'.join(found)}。", field=key)


def half_year_report(period: Period, texts: Mapping[str, str] | None = None) -> Report:
    """The report of ``period`` as it prints now: the texts the period has (or ``texts``, the
    window's edits not saved yet), sealed with the audit chain's head. The seal is read before
    the figures: a record written in between makes ``verify --code`` say the period changed,
    never that it did not."""
    seal = seal_code()
    return build_half_year(period, report_texts(period) if texts is None else texts, seal=seal)


def build_half_year(
    period: Period,
    texts: Mapping[str, str] | None = None,
    *,
    seal: str = "",
    built_at: dt.datetime | None = None,
) -> Report:
    """The whole report of ``period``; a text missing from ``texts`` is its block's default."""
    stats = period_statistics(period)
    previous_period = same_period_last_year(period)
    previous = _Previous(survey_statistics(previous_period), service_figures(previous_period), previous_period)
    builder = _Builder(stats, previous, dict(texts or {}), item_specs(active_questionnaire()))
    agency = str(get_setting(AGENCY_NAME))
    built_at = built_at or dt.datetime.now()
    seal_line = f"製表時間：{format_roc(built_at.date())} {built_at:%H:%M}"
    if seal:
        seal_line += f"　稽核碼：{seal}"
    return Report(
        title=f"{roc_year(period.start)}年度服務躍升執行成果報告",
        header_lines=(f"陳報機關：{agency}", f"資料時間：{period.label}", "（註：第1次1~6月；第2次1~12月）"),
        sections=builder.sections(),
        seal=seal_line,
        metadata={"author": agency, "subject": period.label, "creator": creator()},
    )


@dataclass(frozen=True)
class _Previous:
    survey: Any
    service: Any
    period: Period


def _signed(n: int) -> str:
    return f"+{grouped(n)}" if n > 0 else grouped(n)


def _points(now: str | None, before: str | None) -> str | None:
    """A change of a printed percentage, in percentage points: "+1.23"."""
    if now is None or before is None:
        return None
    change = Decimal(now) - Decimal(before)
    return f"+{change}" if change > 0 else str(change)


def _option_header(label: str, break_long: bool) -> str:
    """非常滿意 → 非常\\n滿意, as the reference breaks its narrow columns."""
    return f"{label[:2]}\n{label[2:]}" if break_long and len(label) > 3 else label


def _month_label(month: tuple[int, int], one_year: bool) -> str:
    year, number = month
    return str(number) if one_year else f"{year - 1911}/{number:02d}"


class _Builder:
    """Reads the period's figures into the report's sections, one method a section."""

    def __init__(self, stats: PeriodFigures, previous: _Previous, texts: dict[str, str], specs: list[ItemSpec]) -> None:
        self.stats = stats
        self.previous = previous
        self.texts = texts
        self.values = text_values(stats)
        self.specs = {spec.code: spec for spec in specs}
        self.label = stats.period.label
        self.one_year = stats.period.start.year == stats.period.end.year

    # --- text -----------------------------------------------------------------------------

    def text(self, key: str) -> tuple[Paragraph, ...]:
        raw = self.texts.get(key, _BLOCKS[key].default)
        check_text(key, raw, self.values)
        return tuple(Paragraph(line) for line in fill(raw, self.values).split("\n") if line.strip())

    # --- the survey -------------------------------------------------------------------------

    def item_label(self, code: str) -> str:
        return self.specs[code].text if code in self.specs else code

    def item_table(self, item: ItemFigures, title: str, sheet: str = "問卷") -> Table:
        duration = isinstance(item, DurationFigures)
        spec = self.specs.get(item.code)
        options = spec.options if spec else tuple(str(n) for n in range(1, len(item.counts) + 1))
        columns = (
            Column("", CellKind.TEXT, 1.1),
            *(Column(_option_header(label, not duration), width=1.2 if duration else 1.0) for label in options),
            Column(INVALID_HEADER, width=2.1),
            Column("15分以內\n所占%" if duration else "滿意度\n%", CellKind.PERCENT, 1.3 if duration else 1.0),
        )
        rows: list[tuple[Any, ...]] = [("件數", *item.counts, item.invalid, item.headline_pct)]
        before = self._previous_item(item.code)
        if before is not None:
            rows.append(("去年同期", *before.counts, before.invalid, before.headline_pct))
            rows.append((
                "增減",
                *(_signed(a - b) for a, b in zip(item.counts, before.counts)),
                _signed(item.invalid - before.invalid),
                _points(item.headline_pct, before.headline_pct),
            ))
        note = self.formula_note() if duration else ""
        return Table(title, columns, tuple(rows), sheet=f"{sheet}{item.code}", note=note)

    def _previous_item(self, code: str) -> ItemFigures | None:
        if not self.previous.survey.forms:
            return None
        try:
            return self.previous.survey.item(code)
        except KeyError:
            return None

    def survey_comparison(self) -> tuple[Paragraph, ...]:
        """One sentence when the same period of last year has no survey to compare with."""
        if self.previous.survey.forms:
            return (Paragraph(f"表中「去年同期」為{self.previous.period.label}，「增減」之滿意度以百分點計。"),)
        return (Paragraph(f"去年同期（{self.previous.period.label}）無問卷資料，本期不作趨勢比較。"),)

    def formula_note(self) -> str:
        weights = tuple(Decimal(str(w)) for w in self._weights())
        if weights == REFERENCE_WEIGHTS:
            formula = REFERENCE_FORMULA
        else:
            formula = "（" + "＋".join(f"{hours_text(w)}×件數{n}" for n, w in enumerate(weights, 1)) + "）÷(回收件數－無效樣本)"
        return f"平均申辦案件所花費時間計算式（採平均值計算）：{formula}；無效樣本為「未作答」及「勾選二個以上」。"

    def _weights(self) -> Sequence[Decimal]:
        return duration_weights()

    def professionalism(self) -> tuple[Block, ...]:
        survey = self.stats.survey
        blocks: list[Block] = list(self.text("basic.consistency.3.1"))
        if not survey.forms:
            return (*blocks, Paragraph(NO_DATA))
        items = [survey.item(code) for code in PROFESSIONAL_ITEMS if code in self.specs]
        blocks += [Paragraph(f"「{self.item_label(item.code)}」滿意度為{item.headline_pct or '—'}%。") for item in items]
        sentence = self.highest_of(items)
        if sentence:
            blocks.append(Paragraph(sentence))
        blocks += [self.item_table(item, f"{self.item_label(item.code)}：", "專業度") for item in items]
        return (*blocks, *self.survey_comparison())

    def highest_of(self, items: Sequence[ItemFigures]) -> str:
        """滿意度最高者為「服務台服務」，為98.18%，其餘3項滿意度均在96%以上。"""
        tallies = [ItemTally(i.code, i.kind, i.counts, i.blank, i.multiple) for i in items]
        labels = {item.code: self.item_label(item.code) for item in items}
        highest, lowest = extremes_sentences(tallies, labels)
        if not highest or not lowest:  # nothing rated, or every item prints the same figure
            return highest
        top = max(Decimal(item.headline_pct) for item in items if item.headline_pct is not None)
        rest = [Decimal(item.headline_pct) for item in items if item.headline_pct is not None and Decimal(item.headline_pct) != top]
        return highest.rstrip("。") + f"，其餘{len(rest)}項滿意度均在{int(min(rest))}%以上。"

    def all_items(self) -> tuple[Block, ...]:
        survey = self.stats.survey
        blocks: list[Block] = list(self.text("delivery.growth.1"))
        if not survey.forms:
            return (*blocks, Paragraph(NO_DATA))
        blocks += [Paragraph(s) for s in (survey.highest.sentence, survey.lowest.sentence) if s]
        for item in survey.items:
            label = self.item_label(item.code)
            title = f"{item.code}.{label}分析：" if isinstance(item, DurationFigures) else f"{item.code}.{label}："
            blocks.append(self.item_table(item, title))
        blocks += self.survey_comparison()
        rated = [item for item in survey.items if not isinstance(item, DurationFigures) and item.headline_pct]
        if rated:
            blocks.append(BarChart(
                "各題滿意度", tuple(item.code for item in rated),
                tuple(float(item.headline_pct) for item in rated), "%", 100,
            ))
        return tuple(blocks)

    def survey_summary(self) -> tuple[Block, ...]:
        """四、(一)1.(1): every item's figure as a list, K's breakdown and formula, the trend."""
        survey = self.stats.survey
        blocks: list[Block] = list(self.text("evaluation.satisfaction.1.1.survey"))
        if not survey.forms:
            return (*blocks, Paragraph(NO_DATA))
        for item in survey.items:
            label = self.item_label(item.code)
            if isinstance(item, DurationFigures):
                options = self.specs[item.code].options if item.code in self.specs else ()
                blocks.append(Paragraph(f"{item.code}.{label}：15分鐘以內占{item.within_15_pct or '—'}%（即滿意度）。"))
                for letter, option, share in zip("ab", options, item.share_pct):
                    blocks.append(Paragraph(f"{letter}.{option}：{share or '—'}%。"))
                blocks.append(Paragraph(f"c.平均申辦案件所花費時間：{item.average_minutes or '—'}分鐘。"))
                blocks.append(Paragraph("d." + self.formula_note()))
            else:
                blocks.append(Paragraph(f"{item.code}.{label}：滿意度{item.headline_pct or '—'}%。"))
        forms = self.monthly(lambda month: survey_statistics(month).forms)
        blocks.append(BarChart("每月回收問卷份數", self.month_labels(), tuple(float(n) for n in forms), "份"))
        return tuple(blocks)

    # --- months -----------------------------------------------------------------------------

    def months(self) -> list[Period]:
        period = self.stats.period
        result = []
        for year, month in period.months():
            start = max(period.start, dt.date(year, month, 1))
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            result.append(Period(start, min(period.end, following - dt.timedelta(days=1))))
        return result

    def monthly(self, figure: Any) -> list[int]:
        return [figure(month) for month in self.months()]

    def month_labels(self) -> tuple[str, ...]:
        return tuple(f"{label}月" if self.one_year else label for label in
                     (_month_label(m, self.one_year) for m in self.stats.period.months()))

    # --- the service centre -------------------------------------------------------------------

    def service_centre(self) -> tuple[Block, ...]:
        service = self.stats.service_centre
        blocks: list[Block] = list(self.text("delivery.convenient.1.4"))
        blocks.append(Paragraph(f"{self.label}為民服務中心服務人數績效："))
        if not service.total and not service.noon_amount:
            return (*blocks, Paragraph(NO_DATA))
        before = self.previous.service if self.previous.service.total else None
        columns = [Column("代號", CellKind.TEXT, 0.6), Column("服務項目", CellKind.TEXT, 3.2), Column("人次"), Column("金額（元）", CellKind.MONEY, 1.4)]
        if before is not None:
            columns += [Column("去年同期\n人次"), Column("增減\n人次")]
        rows: list[tuple[Any, ...]] = []
        for category in service.categories:
            row: tuple[Any, ...] = (category.code, category.name, category.count, "" if category.amount is None else category.amount)
            if before is not None:
                old = self._previous_count(category.code)
                row += (old, None if old is None else _signed(category.count - old))
            rows.append(row)
        total: tuple[Any, ...] = (_next_code(service.categories[-1].code if service.categories else ""), "總計服務人數", service.total, service.noon_amount)
        if before is not None:
            total += (before.total, _signed(service.total - before.total))
        rows.append(total)
        blocks.append(Table("", tuple(columns), tuple(rows), sheet="服務人數", total_rows=1))
        if before is None:
            blocks.append(Paragraph(f"去年同期（{self.previous.period.label}）無服務人數資料，本期不作趨勢比較。"))
        else:
            blocks.append(Paragraph(f"表中「去年同期」為{self.previous.period.label}之人次。"))
        totals = self.monthly(lambda month: service_figures(month, self.stats.monthly_figures).total)
        blocks.append(BarChart("每月服務人數（總計）", self.month_labels(), tuple(float(n) for n in totals), "人次"))
        return tuple(blocks)

    def _previous_count(self, code: str) -> int | None:
        try:
            return self.previous.service.category(code).count
        except KeyError:
            return None

    # --- registers -----------------------------------------------------------------------------

    def training(self) -> tuple[Block, ...]:
        training = self.stats.training
        blocks: list[Block] = list(self.text("basic.consistency.3.2"))
        if not training.sessions:
            return (*blocks, Paragraph(f"在職訓練及數位學習：{NO_DATA}"))
        per_kind = "、".join(f"{kind.name}{kind.sessions}次共{hours_text(kind.hours)}小時" for kind in training.kinds if kind.sessions)
        blocks.append(Paragraph(
            f"{self.label}辦理{per_kind}，合計{training.total_sessions}次{hours_text(training.total_hours)}小時，明細如下表。"
        ))
        columns = (
            Column("日期", CellKind.TEXT, 1.3), Column("類別", CellKind.TEXT, 1.1), Column("課程名稱", CellKind.TEXT, 3.6),
            Column("講座", CellKind.TEXT, 2.8), Column("時數", CellKind.HOURS, 0.7),
        )
        rows: list[tuple[Any, ...]] = [
            (format_roc(s.day), training.kind(s.kind).name, s.title, s.lecturer, hours_text(s.hours)) for s in training.sessions
        ]
        rows.append(("合計", "", f"{training.total_sessions}次", "", hours_text(training.total_hours)))
        blocks.append(Table("在職訓練及數位學習：", columns, tuple(rows), sheet="在職訓練", total_rows=1))
        return tuple(blocks)

    def kind_events(self, name: str) -> tuple[Any, ...] | None:
        try:
            return self.stats.events.kind(name).events
        except KeyError:
            return None

    def donations(self) -> tuple[Block, ...]:
        events = self.kind_events(DONATIONS)
        if events is None:
            return ()
        if not events:
            return (Paragraph(f"愛心社活動：{NO_DATA}"),)
        lines = [Paragraph(f"愛心社活動：{self.label}")]
        for letter, event in zip(LATIN_CAPITALS, events):
            when = month_name(event.day) if event.month_only else _long_date(event.day)
            to = event.value("受贈單位")
            amount = event.value("金額")
            gift = f"「{to}」" if to else ""
            lines.append(Paragraph(f"{letter}.{when}捐款{gift}{money(amount) if isinstance(amount, int) else ''}。"))
        return tuple(lines)

    def blood_drives(self) -> tuple[Block, ...]:
        events = self.kind_events(BLOOD_DRIVE)
        if not events:
            return ()
        lines = [Paragraph("捐血活動：")]
        for letter, event in zip(LATIN_CAPITALS, events):
            people, cc = event.value("人次"), event.value("cc")
            figures = "，".join(part for part in (
                f"合計{grouped(people)}人次" if isinstance(people, int) else "",
                f"捐血{grouped(cc)}cc" if isinstance(cc, int) else "",
            ) if part)
            lines.append(Paragraph(f"{letter}.{_long_date(event.day)}辦理{event.title}，{figures}。"))
        return tuple(lines)

    def payment_channels(self) -> tuple[Block, ...]:
        table = self.stats.payment_channels
        if table.total.count is None:
            return (Paragraph(f"代收案款：{NO_DATA}"),)
        columns = (Column("代收管道", CellKind.TEXT, 1.6), Column("案件類別", CellKind.TEXT), Column("筆數"), Column("徵起金額（元）", CellKind.MONEY, 1.6))
        rows: list[tuple[Any, ...]] = []
        for channel in table.channels:
            rows += [(channel.channel, f.case_type, f.sums.count, f.sums.amount) for f in channel.case_types]
            rows.append((channel.channel, "小計", channel.subtotal.count, channel.subtotal.amount))
        rows.append(("總計", "", table.total.count, table.total.amount))
        note = ""
        if table.months_missing:
            note = "尚缺 " + "、".join(month_name(dt.date.fromisoformat(f"{m}-01")) for m in table.months_missing) + " 之數據。"
        return (Table("便利超商、郵局及金融機構代收案款：", columns, tuple(rows), sheet="代收案款", note=note, total_rows=1),)

    # --- petitions -----------------------------------------------------------------------------

    def petitions_empty(self) -> bool:
        return not self.stats.petitions.received and not self.stats.petitions.closed

    def month_table(self, corner: str, table: MonthTable, title: str, sheet: str) -> Table:
        columns = (Column(corner, CellKind.TEXT, 1.2), *(Column(name) for name in table.columns), Column("合計"))
        rows: list[tuple[Any, ...]] = [(_month_label(row.month, self.one_year), *row.counts, row.total) for row in table.months]
        rows.append(("件數", *table.totals, table.total))
        rows.append(("%", *table.pct, ""))
        return Table(title, columns, tuple(rows), sheet=sheet, total_rows=2)

    def petition_tables(self) -> tuple[Block, ...]:
        figures = self.stats.petitions
        blocks: list[Block] = list(self.text("evaluation.satisfaction.1.1"))
        if self.petitions_empty():
            return (*blocks, Paragraph(NO_DATA))
        largest = _largest(figures.by_category)
        blocks.append(Paragraph("A.陳情案件類別："))
        if largest:
            blocks.append(Paragraph(f"全部案件以{largest}居多。"))
        blocks += self.text("evaluation.satisfaction.1.1.categories")
        blocks.append(self.month_table("案件類別\n月份", figures.by_category, "", "陳情類別"))
        blocks.append(self.month_table("方式\n月份", figures.by_channel, "B.陳情方式：", "陳情方式"))
        reply = figures.reply_satisfaction
        columns = (Column("答復件數\n類別", CellKind.TEXT, 1.6), *(Column(name) for name in reply.columns), Column("總件數"))
        rows: list[tuple[Any, ...]] = [(name, *counts, sum(counts)) for name, counts in reply.rows]
        rows.append(("件數", *reply.totals, reply.total))
        rows.append(("%", *reply.pct))
        rows.append(("滿意度%", *reply.valid_pct, "有效樣本", reply.valid_sample))
        blocks.append(Table("C.滿意度分析：", columns, tuple(rows), sheet="答復滿意度", total_rows=3))
        return tuple(blocks)

    def petition_summary(self) -> tuple[Block, ...]:
        figures = self.stats.petitions
        blocks: list[Block] = list(self.text("evaluation.satisfaction.2"))
        if self.petitions_empty():
            return (*blocks, Paragraph(f"{self.label}受理案件：{NO_DATA}"))
        for corner, table, what, sheet in (
            ("類別\n件數", figures.by_category, "分類別", "受理案件類別"),
            ("方式\n件數", figures.by_channel, "方式", "受理案件方式"),
        ):
            columns = (Column(corner, CellKind.TEXT, 1.2), *(Column(name) for name in table.columns), Column("小計"))
            rows = (("件數", *table.totals, table.total), ("比率(%)", *table.pct, "※"))
            blocks.append(Table(f"{self.label}受理案件{what}分析：", columns, rows, sheet=sheet))
        blocks += self.text("evaluation.satisfaction.2.timeliness")
        return tuple(blocks)

    # --- the tree ------------------------------------------------------------------------------

    def sections(self) -> tuple[Section, ...]:
        t = self.text
        return (
            Section("基礎服務", (
                Section("服務一致及正確", (
                    Section("申辦業務標準作業流程訂定情形", (Section("各項作業流程標示", t("basic.consistency.1")),)),
                    Section("服務及時性", t("basic.consistency.2")),
                    Section("服務人員專業度", (
                        Section("服務人員滿意度", self.professionalism()),
                        Section("提升服務人員專業度", self.training()),
                    )),
                )),
                Section("服務友善", (
                    Section("服務設施合宜程度", t("basic.friendly.1")),
                    Section("網站使用便利性", t("basic.friendly.2")),
                    Section("服務行為的友善性", t("basic.friendly.3")),
                    Section("服務資訊透明度", t("basic.friendly.4")),
                )),
            )),
            Section("服務遞送", (
                Section("服務便捷", (
                    Section("建置單一窗口整合服務", (
                        Section("各項為民服務業務整合成果", t("delivery.convenient.1.1")),
                        Section("為民服務中心中午不打烊服務團隊", t("delivery.convenient.1.2")),
                        Section("其他服務", t("delivery.convenient.1.3")),
                        Section("為民服務中心服務績效", self.service_centre()),
                    )),
                    Section("減除申辦案件需檢附之書表謄本", t("delivery.convenient.2")),
                    Section("開發線上申辦或跨平台通用服務", t("delivery.convenient.3")),
                )),
                Section("服務可近性", (
                    Section("客製化服務", (
                        *t("delivery.access.1"), *self.donations(), *t("delivery.access.1.substitutes"), *self.blood_drives(),
                    )),
                    Section("專人全程服務", t("delivery.access.2")),
                    Section("主動服務", (*t("delivery.access.3"), *self.payment_channels())),
                )),
                Section("服務成長及優化", (
                    Section("突破成長", self.all_items()),
                    Section("優質服務", t("delivery.growth.2")),
                )),
            )),
            Section("服務量能", (
                Section("內部作業簡化", t("capacity.simplify")),
                Section("服務精進機制", (
                    Section("服務精進價值", t("capacity.improve.1")),
                    Section("服務精進效益", t("capacity.improve.2")),
                    Section("創意服務措施延續性", t("capacity.improve.3")),
                    Section("動產及不動產集中拍賣部分", t("capacity.improve.4")),
                    Section("分案標準化作業成果", t("capacity.improve.5")),
                    Section("服務精進措施執行方法效能性綜合成果", t("capacity.improve.6")),
                )),
            )),
            Section("服務評價", (
                Section("服務滿意情形", (
                    Section("機關服務滿意情形", (
                        Section("機關服務滿意度問卷調查分析", (*self.petition_tables(), *self.survey_summary())),
                        Section("服務滿意度辦理檢討分析及改善情形", t("evaluation.satisfaction.1.2")),
                    )),
                    Section("民眾意見回應與改善情形", (*self.petition_summary(), *t("evaluation.satisfaction.2.review"))),
                )),
                Section("意見回應處理情形", t("evaluation.response")),
            )),
        )


def _long_date(day: dt.date) -> str:
    return f"{roc_year(day)}年{day.month}月{day.day}日"


def _next_code(code: str) -> str:
    """J after A–I: the total's own letter, as the reference prints it."""
    return chr(ord(code) + 1) if len(code) == 1 and "A" <= code < "Z" else ""


def _largest(table: MonthTable) -> str:
    """「行政權益維護」 — the categories with the most cases (several when tied); '' without any."""
    if not table.total:
        return ""
    top = max(table.totals)
    return "、".join(f"「{name}」" for name, count in zip(table.columns, table.totals) if count == top)
