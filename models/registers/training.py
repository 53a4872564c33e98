"""Training (在職訓練 / 數位學習): each session the staff attended, with its hours.

The two kinds are a fixed choice, not data: the report words them differently (「辦理職員在職
訓練3小時，由…講授「…」」 against 「「…」數位學習2小時」), so a third kind would need its own
sentence, that is, a change of the program anyway. Hours are whole or half hours (2.5 yes,
2.25 no), more than 0 and at most a day.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import peewee

from models.accounts import User, require_secretary
from models.audit import AccountableModel, audited, void_record
from models.base import PeriodDate, validate_entry_date
from models.db import storage_errors
from models.errors import ValidationError
from models.labels import HistoryText
from models.numbers import parse_decimal
from models.rocdate import Period
from models.text import clean_line, clean_name

IN_SERVICE, E_LEARNING = "in_service", "e_learning"
KIND_LABELS = {IN_SERVICE: "在職訓練", E_LEARNING: "數位學習"}  # in the report's order
TITLE_MAX_LENGTH = 100
LECTURER_MAX_LENGTH = 100  # 「臺灣高等法院臺南分院檢察署蔡檢察官麗宜、…」: several people, their offices
MAX_HOURS = Decimal(24)
HALF_HOUR = Decimal("0.5")
ONE_PLACE = Decimal("0.1")
HOURS_RULE = "時數請輸入大於 0 的數字，以半小時為單位，例如 2 或 2.5。"


class TrainingSession(AccountableModel):
    day = peewee.DateField(index=True, verbose_name="日期")
    kind = peewee.CharField(max_length=16, verbose_name="類別", choices=tuple(KIND_LABELS.items()))
    title = peewee.CharField(max_length=TITLE_MAX_LENGTH, verbose_name="課程名稱")
    hours = peewee.DecimalField(max_digits=4, decimal_places=1, verbose_name="時數")
    lecturer = peewee.CharField(max_length=LECTURER_MAX_LENGTH, default="", verbose_name="講座")

    history_text = HistoryText("訓練", summary=("day", "kind", "title", "hours", "lecturer"))
    period_date = PeriodDate("day")

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def parse_hours(value: Decimal | int | str) -> Decimal:
    """Hours as typed ("2", "2.5", "２.５"): whole or half hours, more than 0, at most 24."""
    hours = parse_decimal(value, label="時數", field="hours", refused=HOURS_RULE)
    if hours <= 0:
        raise ValidationError("時數必須大於 0。", field="hours")
    if hours > MAX_HOURS:
        raise ValidationError(f"一次訓練最多 {MAX_HOURS} 小時（一天），請確認是否打錯。", field="hours")
    if hours % HALF_HOUR:
        raise ValidationError("時數以半小時為單位，例如 2 或 2.5（不能是 2.25）。", field="hours")
    return hours.quantize(ONE_PLACE)  # as the column holds it: 2.5, 3.0


def _checked(
    day: dt.date | None, kind: str, title: str, hours: Decimal | int | str, lecturer: str, today: dt.date | None
) -> tuple[dt.date, str, str, Decimal, str]:
    day = validate_entry_date(day, "日期", today)
    if kind not in KIND_LABELS:
        raise ValidationError(f"請選擇類別（{'或'.join(KIND_LABELS.values())}）。", field="kind")
    title = clean_line(title, label="課程名稱", max_length=TITLE_MAX_LENGTH, field="title")
    if not title:
        raise ValidationError("請輸入課程名稱。", field="title")
    hours = parse_hours(hours)
    lecturer = (lecturer or "").strip()
    if lecturer:  # optional: e-learning has none
        lecturer = clean_name(lecturer, label="講座", max_length=LECTURER_MAX_LENGTH, field="lecturer")
    return day, kind, title, hours, lecturer


def record_training(
    actor: User,
    day: dt.date | None,
    kind: str,
    title: str,
    hours: Decimal | int | str,
    lecturer: str = "",
    *,
    today: dt.date | None = None,
) -> TrainingSession:
    require_secretary(actor)
    day, kind, title, hours, lecturer = _checked(day, kind, title, hours, lecturer, today)
    session = TrainingSession(day=day, kind=kind, title=title, hours=hours, lecturer=lecturer, created_by=actor)
    with audited(actor, session, "insert"):
        session.save(force_insert=True)
    return session


def correct_training(
    actor: User,
    session: TrainingSession,
    day: dt.date | None,
    kind: str,
    title: str,
    hours: Decimal | int | str,
    lecturer: str = "",
    *,
    today: dt.date | None = None,
) -> TrainingSession:
    require_secretary(actor)
    day, kind, title, hours, lecturer = _checked(day, kind, title, hours, lecturer, today)
    with audited(actor, session, "update"):  # refuses a session voided meanwhile
        session.day, session.kind, session.title, session.hours, session.lecturer = day, kind, title, hours, lecturer
        session.save()
    return session


def void_training(actor: User, session: TrainingSession, reason: str) -> None:
    require_secretary(actor)
    void_record(actor, session, reason)


def training_sessions(actor: User, period: Period | None = None, kind: str | None = None) -> list[TrainingSession]:
    """The register by date (voided sessions too: a list shows them struck through), of one
    period and one kind when given; who typed each is read in the same query
    (``session.created_by.name`` asks nothing more)."""
    require_secretary(actor)
    query = TrainingSession.select(TrainingSession, User.id, User.name).join(User, on=TrainingSession.created_by)
    if period is not None:
        query = query.where(TrainingSession.day.between(period.start, period.end))
    if kind is not None:
        query = query.where(TrainingSession.kind == kind)
    with storage_errors():
        return list(query.order_by(TrainingSession.day, TrainingSession.id))


@dataclass(frozen=True)
class TrainingRow:
    """A live session as a period's figures read it."""

    day: dt.date
    kind: str
    title: str
    hours: Decimal
    lecturer: str


def period_sessions(start: dt.date, end: dt.date) -> list[TrainingRow]:
    """The live sessions dated in [start, end] by date, for a period's figures (no user:
    ``stats`` reads a file, as the survey tallies do)."""
    query = (
        TrainingSession.select(
            TrainingSession.day, TrainingSession.kind, TrainingSession.title, TrainingSession.hours, TrainingSession.lecturer
        )
        .where(TrainingSession.day.between(start, end), TrainingSession.voided_at.is_null())
        .order_by(TrainingSession.day, TrainingSession.id)
    )
    with storage_errors():
        return [TrainingRow(*row) for row in query.tuples()]
