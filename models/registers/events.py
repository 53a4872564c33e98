"""Events and activities (法拍會, 法治教育宣導, 愛心社捐款 …): kinds as data, each declaring
the figures its events carry.

A kind is a name and an ordered list of figures, each a name and a type: a whole count
(場次, 人次, cc — a volume of blood is a whole number of cc too), money (whole NT$) or text
(受贈單位). The secretary adds a kind, or a figure to a kind, without a change of the
program. An event stores its values by figure name, so its audit trail reads 「人次：35 → 36」;
that is why a kind in use (with live events) keeps every figure it has, under its name and
with its type: renaming or dropping one would orphan the values already kept. A figure
added to a kind in use reads blank on the events recorded before it (0 in a sum), and a
correction of such an event may leave it blank.

An event is dated by its day, or by its month alone (``month_only``: the reference lists
愛心社捐款 by month): it is then stored on the month's first day and counts in every period
holding that day, which for the report's whole-month periods is the period holding the month.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import peewee

from models.accounts import User, require_secretary
from models.audit import AccountableModel, audited, void_record
from models.base import PeriodDate, validate_entry_date
from models.db import db, storage_errors
from models.errors import ValidationError
from models.labels import HistoryText
from models.numbers import AMOUNT, NumberKind, parse_whole_number
from models.rocdate import DateInputError, Period, parse_date, parse_period
from models.text import clean_line, clean_name

FIGURE_COUNT, FIGURE_MONEY, FIGURE_TEXT = "count", "money", "text"
FIGURE_TYPES = {FIGURE_COUNT: "整數", FIGURE_MONEY: "金額（元）", FIGURE_TEXT: "文字"}
SUMMED_TYPES = frozenset({FIGURE_COUNT, FIGURE_MONEY})  # a text (受贈單位) has no sum

KIND_NAME_MAX_LENGTH = 20
FIGURE_NAME_MAX_LENGTH = 10
MAX_FIGURES = 10
TITLE_MAX_LENGTH = 100
TEXT_VALUE_MAX_LENGTH = 60
MAX_EVENT_COUNT = 1_000_000  # 人次 of one event, cc of one blood drive (10,250 in the reference)

# SPEC §2.4, in the report's order: (kind, ((figure, type), …)).
STANDARD_KINDS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("法拍會", (("場次", FIGURE_COUNT), ("人次", FIGURE_COUNT), ("拍變賣價金", FIGURE_MONEY))),
    ("法治教育宣導", (("場次", FIGURE_COUNT),)),
    ("愛心社捐款", (("受贈單位", FIGURE_TEXT), ("金額", FIGURE_MONEY))),
    ("替代役公益", (("次數", FIGURE_COUNT), ("人次", FIGURE_COUNT), ("受服務人次", FIGURE_COUNT))),
    ("捐血", (("人次", FIGURE_COUNT), ("cc", FIGURE_COUNT))),
)


@dataclass(frozen=True)
class Figure:
    """One figure a kind declares: what it is called and what kind of value it holds."""

    name: str
    type: str

    @property
    def type_label(self) -> str:
        return FIGURE_TYPES.get(self.type, self.type)

    @property
    def summed(self) -> bool:
        return self.type in SUMMED_TYPES


def kind_names() -> dict[int, str]:
    """Every kind, voided ones too, by id (what an event's history shows)."""
    with storage_errors():
        return dict(EventKind.select(EventKind.id, EventKind.name).tuples())


class EventKind(AccountableModel):
    # The standard kinds are written by the program when a ledger is made: no user.
    created_by = peewee.ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT", verbose_name="建立者")
    name = peewee.CharField(max_length=KIND_NAME_MAX_LENGTH, verbose_name="活動類別")
    position = peewee.IntegerField(verbose_name="順序")
    figures = peewee.JSONField(verbose_name="項目")  # [{"name": "場次", "type": "count"}, …] in printed order

    history_text = HistoryText("活動類別", summary=("name", "figures"))

    @property
    def figure_list(self) -> tuple[Figure, ...]:
        return tuple(Figure(f["name"], f["type"]) for f in self.figures)


class Event(AccountableModel):
    kind = peewee.ForeignKeyField(EventKind, backref="+", on_delete="RESTRICT", verbose_name="活動類別")
    day = peewee.DateField(index=True, verbose_name="日期")
    month_only = peewee.BooleanField(default=False, verbose_name="只記月份")
    title = peewee.CharField(max_length=TITLE_MAX_LENGTH, verbose_name="活動名稱")
    values = peewee.JSONField(verbose_name="數字")  # figure name → whole number or text

    history_text = HistoryText(
        "活動",
        summary=("day", "month_only", "kind", "title", "values"),
        itemised=frozenset({"values"}),
        names={"kind": kind_names},
    )
    period_date = PeriodDate("day")


# --- kinds -----------------------------------------------------------------------------


def _as_figure(entry: Figure | Sequence[str] | Mapping[str, str]) -> tuple[str, str]:
    if isinstance(entry, Figure):
        return entry.name, entry.type
    if isinstance(entry, Mapping):
        return str(entry.get("name") or ""), str(entry.get("type") or "")
    name, kind = entry
    return str(name or ""), str(kind or "")


def figure_field(position: int) -> str:
    """The field a refusal about the figure at ``position`` (1, 2 … in the list given) names,
    so a form says it beside that figure's row; ``figures`` is the list as a whole."""
    return f"figures.{position}"


def _checked_figures(figures: Sequence[Figure | Sequence[str] | Mapping[str, str]]) -> list[dict[str, str]]:
    if len(figures) > MAX_FIGURES:
        raise ValidationError(f"一個類別最多 {MAX_FIGURES} 個項目。", field="figures")
    checked: list[dict[str, str]] = []
    for index, entry in enumerate(figures, start=1):
        name, kind = _as_figure(entry)
        field = figure_field(index)
        name = clean_name(name, label=f"第 {index} 個項目的名稱", max_length=FIGURE_NAME_MAX_LENGTH, field=field)
        if any(name == earlier["name"] for earlier in checked):
            raise ValidationError(f"項目「{name}」重複了。", field=field)
        if kind not in FIGURE_TYPES:
            raise ValidationError(f"請選擇「{name}」的類型（{'、'.join(FIGURE_TYPES.values())}）。", field=field)
        checked.append({"name": name, "type": kind})
    return checked


def _checked_kind_name(name: str, exclude_id: int | None) -> str:
    """Unique among the live kinds: a voided kind's name may be used again."""
    name = clean_name(name, label="活動類別名稱", max_length=KIND_NAME_MAX_LENGTH, field="name")
    taken = EventKind.select().where(EventKind.name == name, EventKind.voided_at.is_null())
    if exclude_id is not None:
        taken = taken.where(EventKind.id != exclude_id)
    if taken.exists():
        raise ValidationError(f"已經有「{name}」這個活動類別了。", field="name")
    return name


def _live_events(kind: EventKind) -> int:
    return Event.select().where(Event.kind == kind, Event.voided_at.is_null()).count()


def _kept_figure(kind: EventKind, name: str) -> ValidationError:
    return ValidationError(f"「{kind.name}」已有活動紀錄，不能拿掉或改名「{name}」這一項（可以新增項目）。", field="figures")


def add_event_kind(
    actor: User, name: str, figures: Sequence[Figure | Sequence[str] | Mapping[str, str]]
) -> EventKind:
    """A new kind at the end of the printed order, with its figures (none is allowed: a kind
    whose events are only listed)."""
    require_secretary(actor)
    checked = _checked_figures(figures)
    with storage_errors(), db.atomic():  # the name check and the insert see the same table
        name = _checked_kind_name(name, None)
        position = (EventKind.select(peewee.fn.MAX(EventKind.position)).scalar() or 0) + 1
        kind = EventKind(name=name, position=position, figures=checked, created_by=actor)
        with audited(actor, kind, "insert"):
            kind.save(force_insert=True)
    return kind


def update_event_kind(
    actor: User, kind: EventKind, name: str, figures: Sequence[Figure | Sequence[str] | Mapping[str, str]]
) -> EventKind:
    """Rename the kind, reorder or add figures; a kind with live events keeps each figure it
    has, by name and type (its events keep their values under that name)."""
    require_secretary(actor)
    checked = _checked_figures(figures)
    with storage_errors(), db.atomic():
        name = _checked_kind_name(name, kind.id)
        stored = EventKind.stored(kind.id)  # the figures as kept now, not as the form was drawn
        if _live_events(stored):
            positions = {figure["name"]: position for position, figure in enumerate(checked, start=1)}
            for figure in stored.figure_list:
                if figure.name not in positions:
                    raise _kept_figure(stored, figure.name)
                if checked[positions[figure.name] - 1]["type"] != figure.type:
                    raise ValidationError(
                        f"「{stored.name}」已有活動紀錄，「{figure.name}」的類型不能改（現在是{figure.type_label}）。",
                        field=figure_field(positions[figure.name]),
                    )
        with audited(actor, kind, "update"):
            kind.name, kind.figures = name, checked
            kind.save()
    return kind


def check_figure_removal(actor: User, kind: EventKind, name: str) -> None:
    """Refuses, as ``update_event_kind`` would, taking figure ``name`` off a kind in use: asked
    as the secretary takes the figure off the form, so the refusal is said beside it at once."""
    require_secretary(actor)
    with storage_errors():
        stored = EventKind.stored(kind.id)
        if name in {figure.name for figure in stored.figure_list} and _live_events(stored):
            raise _kept_figure(stored, name)


def void_event_kind(actor: User, kind: EventKind, reason: str) -> None:
    """Only a kind without live events: its events would otherwise drop out unseen."""
    require_secretary(actor)
    with storage_errors(), db.atomic():
        live = _live_events(kind)
        if live:
            raise ValidationError(f"「{kind.name}」還有 {live} 筆活動紀錄；請先作廢這些活動，再作廢類別。")
        void_record(actor, kind, reason)


@dataclass(frozen=True)
class ListedKind:
    """A kind as the kinds list shows it: with how many live events it has (its figures are
    fixed once it has any)."""

    kind: EventKind
    events: int

    @property
    def in_use(self) -> bool:
        return self.events > 0

    def get_id(self) -> int:
        return self.kind.id


def event_kinds(actor: User, *, include_voided: bool = False) -> list[ListedKind]:
    """The kinds in printed order."""
    require_secretary(actor)
    query = EventKind.select().order_by(EventKind.position, EventKind.id)
    if not include_voided:
        query = query.where(EventKind.voided_at.is_null())
    counts = (
        Event.select(Event.kind, peewee.fn.COUNT(Event.id))
        .where(Event.voided_at.is_null())
        .group_by(Event.kind)
        .tuples()
    )
    with storage_errors():
        live = dict(counts)
        return [ListedKind(kind, live.get(kind.id, 0)) for kind in query]


def standard_kinds() -> dict[str, dict[str, Any]]:
    """The kinds of SPEC §2.4 by name, each as the program writes it into a new ledger."""
    return {
        name: {
            "name": name,
            "position": position,
            "figures": [{"name": figure, "type": kind} for figure, kind in figures],
            "created_by": None,
        }
        for position, (name, figures) in enumerate(STANDARD_KINDS, start=1)
    }


def seed_standard_kinds() -> None:
    """Written without an audit row, as the standard service categories are: a new ledger's
    trail starts with its first user. ``models.verify`` holds an untracked kind to be
    exactly as written here."""
    for row in standard_kinds().values():
        EventKind.create(**row)


# --- events ----------------------------------------------------------------------------


def parse_event_day(text: str) -> tuple[dt.date, bool]:
    """A day (106/01/25) or a month alone (106/01, 106年1月) as typed: (the day, month_only)."""
    try:
        return parse_date(text), False
    except DateInputError as not_a_day:
        try:
            period = parse_period(text)
        except DateInputError:
            raise ValidationError(not_a_day.message, field="date") from None
    if period.months() != [(period.start.year, period.start.month)]:
        raise ValidationError("請輸入日期（例如 106/01/25）或一個月份（例如 106/01）。", field="date")
    return period.start, True


def _figure_field(figure: Figure) -> str:
    return f"values.{figure.name}"  # the form puts the message beside this figure's box


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_figure_value(figure: Figure, value: Any) -> int | str:
    """One value as typed for ``figure`` ("1,310,040", "612", a text), as an event keeps it;
    a refusal names the figure's field (``values.<name>``). Blank is the caller's to judge."""
    field = _figure_field(figure)
    label = f"「{figure.name}」"
    if figure.type == FIGURE_TEXT:
        return clean_line(str(value), label=label, max_length=TEXT_VALUE_MAX_LENGTH, field=field)
    if figure.type == FIGURE_MONEY:
        kind = NumberKind(label, AMOUNT.unit, AMOUNT.maximum, field, f"{label}請輸入整數元，不要有小數點或其他符號。")
    else:
        kind = NumberKind(label, "", MAX_EVENT_COUNT, field, f"{label}請輸入整數，不要有小數點或正負號。")
    # Read as text, so 2.5 and True are refused like "2.5" is.
    return parse_whole_number(str(value), kind, allow_zero=True)


def _checked_values(kind: EventKind, values: Mapping[str, Any], may_stay_blank: frozenset[str]) -> dict[str, int | str]:
    """A value for every figure the kind declares (those in ``may_stay_blank`` may be left
    out), and none for a figure it lacks."""
    figures = kind.figure_list
    declared = {figure.name for figure in figures}
    unknown = [name for name in values if name not in declared and not _blank(values[name])]
    if unknown:
        raise ValidationError(f"「{kind.name}」沒有「{unknown[0]}」這一項。", field="values")
    checked: dict[str, int | str] = {}
    for figure in figures:
        value = values.get(figure.name)
        if _blank(value):
            if figure.name in may_stay_blank:
                continue
            raise ValidationError(f"請輸入{figure.name}（「{kind.name}」的每一項都要填）。", field=_figure_field(figure))
        checked[figure.name] = parse_figure_value(figure, value)
    return checked


def _checked_event(
    kind: EventKind, day: dt.date | None, month_only: bool, title: str, today: dt.date | None
) -> tuple[EventKind, dt.date, str]:
    if kind is None:
        raise ValidationError("請選擇活動類別。", field="kind")
    stored = EventKind.stored(kind.id)  # its figures as kept now; voided on another PC meanwhile?
    if stored.is_voided:
        raise ValidationError(f"活動類別「{stored.name}」已經作廢，不能再記錄活動。", field="kind")
    if month_only and day is not None:
        day = day.replace(day=1)
    day = validate_entry_date(day, "日期", today)
    title = clean_line(title, label="活動名稱", max_length=TITLE_MAX_LENGTH, field="title")
    if not title:
        raise ValidationError("請輸入活動名稱。", field="title")
    return stored, day, title


def record_event(
    actor: User,
    kind: EventKind,
    day: dt.date | None,
    title: str,
    values: Mapping[str, Any],
    *,
    month_only: bool = False,
    today: dt.date | None = None,
) -> Event:
    """An event with a value for every figure its kind declares."""
    require_secretary(actor)
    with storage_errors(), db.atomic():  # the kind's figures and the insert see the same table
        kind, day, title = _checked_event(kind, day, month_only, title, today)
        checked = _checked_values(kind, values, frozenset())
        event = Event(kind=kind, day=day, month_only=month_only, title=title, values=checked, created_by=actor)
        with audited(actor, event, "insert"):
            event.save(force_insert=True)
    return event


def correct_event(
    actor: User,
    event: Event,
    kind: EventKind,
    day: dt.date | None,
    title: str,
    values: Mapping[str, Any],
    *,
    month_only: bool | None = None,
    today: dt.date | None = None,
) -> Event:
    """The event as corrected (``month_only`` None: dated as it was); a figure its kind gained
    after it was recorded may stay blank (unless the kind itself is changed: then every figure
    of the new kind is needed)."""
    require_secretary(actor)
    with storage_errors(), db.atomic():
        stored = Event.stored(event.id)
        month_only = stored.month_only if month_only is None else month_only
        kind, day, title = _checked_event(kind, day, month_only, title, today)
        unknown_before = frozenset()
        if stored.kind_id == kind.id:
            unknown_before = frozenset(f.name for f in kind.figure_list if f.name not in stored.values)
        checked = _checked_values(kind, values, unknown_before)
        with audited(actor, event, "update"):  # refuses an event voided meanwhile
            event.kind, event.day, event.month_only, event.title, event.values = kind, day, month_only, title, checked
            event.save()
    return event


def void_event(actor: User, event: Event, reason: str) -> None:
    require_secretary(actor)
    void_record(actor, event, reason)


def events(actor: User, period: Period | None = None, kind: EventKind | int | None = None) -> list[Event]:
    """The register by date (voided events too: a list shows them struck through), of one
    period and one kind (or its id) when given; each event's kind (its name and figures) and
    who typed it are read in the same query."""
    require_secretary(actor)
    query = (
        Event.select(Event, EventKind, User.id, User.name)
        .join(EventKind, on=Event.kind)
        .switch(Event)
        .join(User, on=Event.created_by)
    )
    if period is not None:
        query = query.where(Event.day.between(period.start, period.end))
    if kind is not None:
        query = query.where(Event.kind == kind)
    with storage_errors():
        return list(query.order_by(Event.day, Event.id))


# --- for a period's figures ------------------------------------------------------------


@dataclass(frozen=True)
class KindRow:
    """A live kind as a period's figures read it."""

    id: int
    name: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class EventRow:
    """A live event as a period's figures read it."""

    day: dt.date
    month_only: bool
    kind_id: int
    title: str
    values: Mapping[str, int | str]


def live_kinds() -> list[KindRow]:
    """The kinds not voided, in printed order (no user: ``stats`` reads a file)."""
    query = EventKind.select().where(EventKind.voided_at.is_null()).order_by(EventKind.position, EventKind.id)
    with storage_errors():
        return [KindRow(kind.id, kind.name, kind.figure_list) for kind in query]


def period_events(start: dt.date, end: dt.date) -> list[EventRow]:
    """The live events dated in [start, end] by date (no user: ``stats`` reads a file)."""
    query = (
        Event.select(Event.day, Event.month_only, Event.kind, Event.title, Event.values)
        .where(Event.day.between(start, end), Event.voided_at.is_null())
        .order_by(Event.day, Event.id)
    )
    with storage_errors():
        return [EventRow(day, bool(month_only), kind_id, title, values) for day, month_only, kind_id, title, values in query.tuples()]
