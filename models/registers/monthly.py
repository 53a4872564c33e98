"""Monthly figures (每月數據): what the secretary copies each month from other offices' reports.

Kept per month, so any period adds up: 機關網站到訪人數, Line@ 回傳收據次數, 行政執行事件徵起
金額 …, and the payment-channel table (代收案款: count and amount per channel × case type).
Which figures there are, and which channel × case-type pairs, is data (seeded tables, like the
questionnaire): a new edition of the list is new rows, and every screen and figure reads the
rows. Subtotals per channel and the grand total are computed by ``reports.figures.monthly``,
never typed or stored.

A value is kept per (month, figure) and per (month, pair). "Not entered" is not 0: a month
nobody typed has no row, and a value cleared on the grid keeps its row with NULL (an audited
update, so the history shows what it was). A period's sums count only the months entered and
say which are missing; nothing invents a zero.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import peewee

from models.accounts import Role, User, require_role
from models.audit import AccountableModel, audited
from models.base import BaseModel, FIRST_ROC_DATE, PeriodDate, now
from models.db import db, storage_errors
from models.errors import ValidationError
from models.labels import HistoryText
from models.numbers import NumberKind, parse_whole_number
from models.rocdate import add_months, roc_year

KIND_COUNT, KIND_AMOUNT = "count", "amount"
# One month of a branch office: 1,000,000 visits or cases, 100億元 collected, is beyond any month
# the reference shows by far (its half-year: 99,584 visits, 6億元); more is a typing slip.
# Each figure's messages name it: "{name}" + the rule.
NOT_WHOLE = {KIND_COUNT: "請輸入整數，不要有小數點或正負號。", KIND_AMOUNT: "請輸入整數元，不要有小數點或其他符號。"}
MONTH_COUNT = NumberKind("件數", "", 1_000_000, KIND_COUNT, "件數" + NOT_WHOLE[KIND_COUNT])
MONTH_AMOUNT = NumberKind("金額", " 元", 10_000_000_000, KIND_AMOUNT, "金額" + NOT_WHOLE[KIND_AMOUNT])
NAME_MAX_LENGTH = 40
ROLE_MESSAGE = "每月數據只有研考可以輸入與查看。"

# The figure whose period sum is the noon ratio's denominator (SPEC §3).
COLLECTED_AMOUNT = "collected_amount"
# (code, name, kind) in the order the grid shows them.
STANDARD_FIGURES = (
    ("website_visitors", "機關網站到訪人數", KIND_COUNT),
    ("line_receipts", "Line@回傳收據次數", KIND_COUNT),
    (COLLECTED_AMOUNT, "行政執行事件徵起金額", KIND_AMOUNT),
    ("file_reading_requests", "閱覽卷宗申請件數", KIND_COUNT),
    ("welfare_referrals", "轉介社福件數", KIND_COUNT),
    ("mailbox_cases", "民意信箱及廉政信箱件數", KIND_COUNT),
)
# The payment-channel table as the reference prints it: (code, channel, case type).
STANDARD_PAIRS = (
    ("store_tax", "便利商店", "稅款"),
    ("store_vehicle", "便利商店", "監理"),
    ("store_health", "便利商店", "健保"),
    ("store_labour", "便利商店", "勞保"),
    ("bank_health", "郵局・金融機構", "健保"),
    ("bank_vehicle", "郵局・金融機構", "監理"),
    ("bank_labour", "郵局・金融機構", "勞保"),
)


class MonthlyFigure(BaseModel):
    """One figure kept per month (set-up data, seeded)."""

    code = peewee.CharField(max_length=32, unique=True)
    name = peewee.CharField(max_length=NAME_MAX_LENGTH, unique=True)
    kind = peewee.CharField(max_length=8)  # KIND_COUNT or KIND_AMOUNT
    position = peewee.IntegerField()
    active = peewee.BooleanField(default=True)
    created_at = peewee.DateTimeField(default=now)


class PaymentChannelPair(BaseModel):
    """One row of the payment-channel table: a channel and a case type (set-up data, seeded)."""

    code = peewee.CharField(max_length=32, unique=True)
    channel = peewee.CharField(max_length=NAME_MAX_LENGTH)
    case_type = peewee.CharField(max_length=NAME_MAX_LENGTH)
    position = peewee.IntegerField()
    active = peewee.BooleanField(default=True)
    created_at = peewee.DateTimeField(default=now)

    class Meta:
        indexes = ((("channel", "case_type"), True),)

    @property
    def label(self) -> str:
        return pair_label(self.channel, self.case_type)


def pair_label(channel: str, case_type: str) -> str:
    """「便利商店「稅款」」: the channel's own name may hold a ・ (郵局・金融機構)."""
    return f"{channel}「{case_type}」"


def figure_names() -> dict[int, str]:
    """Every figure by id, retired ones too (what a history shows)."""
    with storage_errors():
        return {figure.id: figure.name for figure in MonthlyFigure.select()}


def pair_names() -> dict[int, str]:
    with storage_errors():
        return {pair.id: pair.label for pair in PaymentChannelPair.select()}


class MonthlyFigureValue(AccountableModel):
    month = peewee.DateField(verbose_name="月份")  # the first day of the month
    figure = peewee.ForeignKeyField(MonthlyFigure, backref="+", on_delete="RESTRICT", verbose_name="項目")
    value = peewee.BigIntegerField(null=True, verbose_name="數值")  # NULL: cleared, not entered

    history_text = HistoryText(
        "每月數據", summary=("month", "figure", "value"), numbers=frozenset({"value"}), names={"figure": figure_names}
    )
    period_date = PeriodDate("month")


class PaymentChannelValue(AccountableModel):
    month = peewee.DateField(verbose_name="月份")  # the first day of the month
    pair = peewee.ForeignKeyField(PaymentChannelPair, backref="+", on_delete="RESTRICT", verbose_name="通路及類別")
    count = peewee.BigIntegerField(null=True, verbose_name="筆數")  # both NULL: cleared, not entered
    amount = peewee.BigIntegerField(null=True, verbose_name="金額")

    history_text = HistoryText(
        "代收案款",
        summary=("month", "pair", "count", "amount"),
        numbers=frozenset({"count", "amount"}),
        names={"pair": pair_names},
    )
    period_date = PeriodDate("month")


# One live value per month and figure (pair): a second PC typing the same month at the same
# time gets "changed elsewhere" instead of a second row. Voided rows (none are voided by this
# program; clearing is an update) would not block a new one.
for _model, _column in (
    (MonthlyFigureValue, MonthlyFigureValue.figure),
    (PaymentChannelValue, PaymentChannelValue.pair),
):
    _model.add_index(
        _model.index(_model.month, _column, unique=True, name=f"{_model._meta.table_name}_month")
        .where(_model.voided_at.is_null())
    )


def seed_standard_figures() -> None:
    for position, (code, name, kind) in enumerate(STANDARD_FIGURES, start=1):
        MonthlyFigure.create(code=code, name=name, kind=kind, position=position)


def seed_standard_pairs() -> None:
    for position, (code, channel, case_type) in enumerate(STANDARD_PAIRS, start=1):
        PaymentChannelPair.create(code=code, channel=channel, case_type=case_type, position=position)


# --- the set-up data as plain values -----------------------------------------------------


@dataclass(frozen=True)
class FigureSpec:
    id: int
    code: str
    name: str
    kind: str
    active: bool

    @property
    def field(self) -> str:
        """Where a message about this figure's cell belongs."""
        return figure_field(self.code)


@dataclass(frozen=True)
class PairSpec:
    id: int
    code: str
    channel: str
    case_type: str
    active: bool

    @property
    def label(self) -> str:
        return pair_label(self.channel, self.case_type)


def figure_field(code: str) -> str:
    return f"figure:{code}"


def pair_field(code: str, part: str) -> str:
    """``part`` is KIND_COUNT or KIND_AMOUNT."""
    return f"pair:{code}:{part}"


def figure_specs(include_retired: bool = True) -> list[FigureSpec]:
    query = MonthlyFigure.select().order_by(MonthlyFigure.position, MonthlyFigure.id)
    with storage_errors():
        rows = list(query if include_retired else query.where(MonthlyFigure.active))
    return [FigureSpec(f.id, f.code, f.name, f.kind, bool(f.active)) for f in rows]


def pair_specs(include_retired: bool = True) -> list[PairSpec]:
    query = PaymentChannelPair.select().order_by(PaymentChannelPair.position, PaymentChannelPair.id)
    with storage_errors():
        rows = list(query if include_retired else query.where(PaymentChannelPair.active))
    return [PairSpec(p.id, p.code, p.channel, p.case_type, bool(p.active)) for p in rows]


# --- months ------------------------------------------------------------------------------


def month_of(day: dt.date) -> dt.date:
    """The month a date falls in, as stored: its first day."""
    return day.replace(day=1)


def month_name(month: dt.date) -> str:
    """「106年3月」."""
    return f"{roc_year(month)}年{month.month}月"


def checked_month(month: dt.date | None, today: dt.date | None = None) -> dt.date:
    """A month figures can be typed for: given, not before the ROC calendar, not still to come
    (this month is allowed: a figure may be typed as soon as it is known)."""
    if month is None:
        raise ValidationError("請選擇月份。", field="month")
    month = month_of(month)
    if month < FIRST_ROC_DATE:
        raise ValidationError("月份不能早於民國1年。", field="month")
    if month > month_of(today or dt.date.today()):
        raise ValidationError(f"{month_name(month)}還沒到，不能輸入這個月的數據。", field="month")
    return month


def _month_range(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    months, month = [], month_of(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return tuple(months)


# --- typing a month ------------------------------------------------------------------------

Typed = int | str | None  # "" and None: not entered


@dataclass(frozen=True)
class MonthEntry:
    """What was typed for one month: figure code → value, pair code → (count, amount).

    A code left out is left as it is; a value "" or None means "not entered" (a stored value
    is cleared)."""

    figures: Mapping[str, Typed] = dataclasses.field(default_factory=dict)
    pairs: Mapping[str, tuple[Typed, Typed]] = dataclasses.field(default_factory=dict)


def _blank(value: Typed) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _kind_for(label: str, kind: str, field: str) -> NumberKind:
    base = MONTH_AMOUNT if kind == KIND_AMOUNT else MONTH_COUNT
    return dataclasses.replace(base, label=label, field=field, not_whole=label + NOT_WHOLE[base.field])


def _parsed(value: Typed, label: str, kind: str, field: str) -> int | None:
    return None if _blank(value) else parse_whole_number(value, _kind_for(label, kind, field), allow_zero=True)


def _parsed_pair(spec: PairSpec, count: Typed, amount: Typed) -> tuple[int | None, int | None]:
    """Count and amount of one pair: both or neither, and money only where there were payments."""
    count_field, amount_field = pair_field(spec.code, KIND_COUNT), pair_field(spec.code, KIND_AMOUNT)
    typed_count = _parsed(count, f"{spec.label}筆數", KIND_COUNT, count_field)
    typed_amount = _parsed(amount, f"{spec.label}金額", KIND_AMOUNT, amount_field)
    if typed_count is None and typed_amount is not None:
        raise ValidationError(f"請輸入{spec.label}的筆數（金額與筆數要一起輸入）。", field=count_field)
    if typed_amount is None and typed_count is not None:
        raise ValidationError(f"請輸入{spec.label}的金額（筆數與金額要一起輸入）。", field=amount_field)
    if typed_count == 0 and typed_amount:
        raise ValidationError(f"{spec.label}的筆數是 0，金額也應該是 0，請確認是否打錯。", field=amount_field)
    if typed_count and typed_amount == 0:
        raise ValidationError(f"{spec.label}有 {typed_count:,} 筆，金額不能是 0，請確認是否打錯。", field=amount_field)
    return typed_count, typed_amount


def _unknown(what: str, code: str, field: str) -> ValidationError:
    return ValidationError(f"沒有「{code}」這個{what}（可能已在另一台電腦上更改）；請重新整理畫面。", field=field)


def _retired(name: str, field: str) -> ValidationError:
    return ValidationError(f"「{name}」已停用，不能再輸入。", field=field)


def save_month(actor: User, month: dt.date, entry: MonthEntry, today: dt.date | None = None) -> int:
    """Store a month's figures in one go: every value is checked before anything is written,
    and every changed value is written with its audit row in one transaction (a bad value
    saves none of the month). Returns how many values changed."""
    require_role(actor, Role.SECRETARY, message=ROLE_MESSAGE)
    month = checked_month(month, today)
    figures = {spec.code: spec for spec in figure_specs()}
    pairs = {spec.code: spec for spec in pair_specs()}
    typed_figures: dict[str, int | None] = {}
    for code, value in entry.figures.items():
        spec = figures.get(code)
        if spec is None:
            raise _unknown("每月數據項目", code, figure_field(code))
        typed_figures[code] = _parsed(value, spec.name, spec.kind, spec.field)
    typed_pairs: dict[str, tuple[int | None, int | None]] = {}
    for code, (count, amount) in entry.pairs.items():
        spec = pairs.get(code)
        if spec is None:
            raise _unknown("代收通路", code, pair_field(code, KIND_COUNT))
        typed_pairs[code] = _parsed_pair(spec, count, amount)
    changed = 0
    with storage_errors(), db.atomic():
        require_role(actor, Role.SECRETARY, message=ROLE_MESSAGE)  # as stored now, in the transaction
        stored = _live_rows(MonthlyFigureValue, MonthlyFigure, month)
        for code, value in typed_figures.items():
            spec = figures[code]
            changed += _write(
                actor, stored.get(code), {"value": value},
                lambda spec=spec: MonthlyFigureValue(month=month, figure=spec.id, created_by=actor),
                None if spec.active else _retired(spec.name, spec.field),
            )
        stored = _live_rows(PaymentChannelValue, PaymentChannelPair, month)
        for code, (count, amount) in typed_pairs.items():
            pair = pairs[code]
            changed += _write(
                actor, stored.get(code), {"count": count, "amount": amount},
                lambda pair=pair: PaymentChannelValue(month=month, pair=pair.id, created_by=actor),
                None if pair.active else _retired(pair.label, pair_field(pair.code, KIND_COUNT)),
            )
    return changed


def _live_rows(model: type[AccountableModel], definition: type[BaseModel], month: dt.date) -> dict[str, Any]:
    """A month's stored values of ``model``, by the code of their figure (or pair)."""
    rows = (
        model.select(model, definition.code.alias("code"))
        .join(definition)
        .where(model.month == month, model.voided_at.is_null())
        .objects()
    )
    return {row.code: row for row in rows}


def _write(
    actor: User,
    row: AccountableModel | None,
    values: dict[str, int | None],
    new_row: Callable[[], AccountableModel],
    retired: ValidationError | None,
) -> int:
    """One cell as typed: nothing when unchanged; else an audited insert or update (1).
    ``retired`` is the refusal when its figure (pair) takes no more values."""
    if values == ({key: getattr(row, key) for key in values} if row is not None else dict.fromkeys(values)):
        return 0
    if retired is not None:
        raise retired
    action = "insert" if row is None else "update"
    row = row if row is not None else new_row()
    with audited(actor, row, action):
        for key, value in values.items():
            setattr(row, key, value)
        row.save(force_insert=action == "insert")
    return 1


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthsTable:
    """Months × figures and pairs, as stored: a key absent means "not entered"."""

    months: tuple[dt.date, ...]
    figures: tuple[FigureSpec, ...]
    pairs: tuple[PairSpec, ...]
    figure_values: Mapping[tuple[dt.date, str], int]  # (month, figure code) → value
    pair_values: Mapping[tuple[dt.date, str], tuple[int, int]]  # (month, pair code) → (count, amount)
    # (month, code) → the record's id, a cleared one too: where a cell's history is
    figure_records: Mapping[tuple[dt.date, str], int] = dataclasses.field(default_factory=dict)
    pair_records: Mapping[tuple[dt.date, str], int] = dataclasses.field(default_factory=dict)


def months_table(actor: User, first: dt.date, last: dt.date) -> MonthsTable:
    """The grid's months (``first``'s month to ``last``'s), for the secretary."""
    require_role(actor, Role.SECRETARY, message=ROLE_MESSAGE)
    return period_table(first, last)


def period_table(start: dt.date, end: dt.date) -> MonthsTable:
    """Every month ``[start, end]`` touches: what ``stats`` reads (a command on the file, no
    login, as for every other figure of a period)."""
    months = _month_range(start, end)
    first, last = month_of(start), month_of(end)
    figures = _entered(MonthlyFigureValue, MonthlyFigure, ("value",), first, last)
    figure_values = {key: value for key, (value,), _id in figures if value is not None}
    figure_records = {key: record_id for key, (_value,), record_id in figures}
    pairs = _entered(PaymentChannelValue, PaymentChannelPair, ("count", "amount"), first, last)
    pair_values = {key: (count, amount) for key, (count, amount), _id in pairs if count is not None}
    pair_records = {key: record_id for key, _values, record_id in pairs}
    return MonthsTable(
        months, tuple(figure_specs()), tuple(pair_specs()), figure_values, pair_values, figure_records, pair_records
    )


def _entered(
    model: type[AccountableModel], definition: type[BaseModel], columns: tuple[str, ...], first: dt.date, last: dt.date
) -> list[tuple[tuple[dt.date, str], tuple[int | None, ...], int]]:
    """((month, code), values, record id) of every live record in [first, last]; a cleared
    one has None for its values."""
    fields = [getattr(model, column) for column in columns]
    with storage_errors():
        rows = (
            model.select(model.id, model.month, definition.code, *fields)
            .join(definition)
            .where(model.month.between(first, last), model.voided_at.is_null())
            .tuples()
        )
        return [
            ((_as_date(month), code), tuple(None if value is None else int(value) for value in values), record_id)
            for record_id, month, code, *values in rows
        ]


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
