"""The base model every table derives from, and the columns that make a record accountable."""
from __future__ import annotations

import datetime as dt
import decimal
import inspect
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import peewee
from playhouse.shortcuts import model_to_dict

from models.db import db, storage_errors
from models.errors import ValidationError
from models.text import clean_name

FIRST_ROC_DATE = dt.date(1912, 1, 1)


def now() -> dt.datetime:
    # Seconds are enough for an audit trail and keep SQLite and PostgreSQL values identical.
    return dt.datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class PeriodDate:
    """Which report periods a record's figures count in, declared by its model beside its
    fields and read from a snapshot of the record (an audit row's before or after), so a
    change can be placed in a period long after it was made (``models.report_texts.check_seal``).

    ``day`` is the key of the record's own date (a survey's date, a count's day); with
    ``until`` the record counts in every period its span touches, from ``day`` to ``until``
    (a petition counts from its receipt until it is closed; an empty ``until``: still open);
    with ``whole`` the span is a report period itself, and the record is that period's alone
    (a report's text).
    """

    day: str
    until: str | None = None
    whole: bool = False

    def touches(self, snapshot: Mapping[str, Any] | None, start: dt.date, end: dt.date) -> bool:
        """Does the record, as ``snapshot`` shows it, belong to the period ``start``–``end``?"""
        if not snapshot:
            return False
        first = _snapshot_date(snapshot.get(self.day))
        if first is None:
            return False
        if self.until is None:
            return start <= first <= end
        last = _snapshot_date(snapshot.get(self.until))
        if self.whole:
            return (first, last) == (start, end)
        return first <= end and (last is None or last >= start)


def _snapshot_date(value: Any) -> dt.date | None:
    """A date as a snapshot holds it (ISO text, ``_jsonable``), or None."""
    if isinstance(value, dt.date):
        return value if not isinstance(value, dt.datetime) else value.date()
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


class BaseModel(peewee.Model):
    # The periods a record belongs to (see PeriodDate); None: set-up data of no period.
    period_date: ClassVar[PeriodDate | None] = None

    class Meta:
        database = db
        legacy_table_names = False
        # save() writes only the fields this program changed, so a copy read a while ago
        # cannot undo what another PC wrote to the other columns meanwhile.
        only_save_dirty = True

    @classmethod
    def stored(cls, record_id: Any) -> Any:
        """The record as stored now; a message when another PC deleted it meanwhile."""
        with storage_errors():
            record = cls.get_or_none(cls._meta.primary_key == record_id)
        if record is None:
            raise ValidationError("找不到這筆資料，可能已經在另一台電腦上刪除；清單已重新整理。")
        return record

    def snapshot(self) -> dict[str, Any]:
        """A JSON-ready picture of the record, for the audit trail."""
        return {key: _jsonable(value) for key, value in model_to_dict(self, recurse=False).items()}

    @classmethod
    def require_history_reader(cls, reader: Any, record_id: int) -> None:
        """Raise PermissionDenied when ``reader`` (the stored user) may not read the history of
        record ``record_id``. Every history reader asks (models.audit.history); a model whose
        records are not for every history reader (a confidential petition) says so here."""


def models_for_table(table_name: str) -> list[type[BaseModel]]:
    """The models (usually one) stored in ``table_name``, among every model defined so far."""
    found, waiting = [], list(BaseModel.__subclasses__())
    while waiting:
        model = waiting.pop()
        waiting.extend(model.__subclasses__())
        if model._meta.table_name == table_name:
            found.append(model)
    return found


def bound_database(model: type[peewee.Model]) -> peewee.Database | None:
    """The database a model's queries go to now: its binding, through any proxy (the
    program's ``db``, or a backup's copy bound on a worker thread)."""
    database = model._meta.database
    while isinstance(database, peewee.Proxy):
        database = database.obj
    return database


class PreparedQuery:
    """A read of fixed shape, its SQL built once per database, then run with the caller's values.

    peewee builds a query's SQL again every time it runs. For the reads on the path of every
    save (the user as stored now, which questionnaire is in use, the head of the audit chain)
    that building cost several times what SQLite itself does. ``build`` makes the query from
    one placeholder per value; the values are given to ``first`` as the database takes them
    (an id, not a record). The rows come back as the query's model, each column through its
    field's conversion, as from the query itself.
    """

    def __init__(self, build: Callable[..., peewee.ModelSelect]) -> None:
        self._build = build  # called when first run: the models exist by then
        self._values = len(inspect.signature(build).parameters)
        self._model: type[peewee.Model] | None = None  # the query's, known once built
        # Keyed on the database the model is bound to when run, not the program's: a backup
        # looked at on a worker thread binds the models to its copy meanwhile.
        self._sql: weakref.WeakKeyDictionary[peewee.Database, tuple[str, list[Any]]] = weakref.WeakKeyDictionary()

    def _query(self) -> peewee.ModelSelect:
        return self._build(*(peewee.Value(_Slot(n), converter=False) for n in range(self._values)))

    def first(self, *values: Any) -> Any:
        """The first row, or None."""
        if self._model is None:
            self._model = self._query().model
        model = self._model
        database = bound_database(model)
        built = self._sql.get(database)
        if built is None:
            built = self._sql[database] = self._query().sql()  # SQL in that database's dialect
        sql, params = built
        bound = [values[p.number] if isinstance(p, _Slot) else p for p in params]
        return next(iter(model.raw(sql, *bound)), None)


class _Slot:
    """Where the caller's n-th value goes among a prepared query's parameters."""

    __slots__ = ("number",)

    def __init__(self, number: int) -> None:
        self.number = number


def unique_name(
    field: peewee.Field, name: str | None, *, label: str, max_length: int, clash: str, exclude_id: int | None = None
) -> str:
    """A name people pick from a list (a user, a category): NFKC, spaces tidied, nothing
    invisible (models.text.clean_name), not too long, and not already used by another row;
    ``clash`` is the message, with {name}."""
    name = clean_name(name, label=label, max_length=max_length)
    model = field.model
    taken = model.select().where(field == name)
    if exclude_id is not None:
        taken = taken.where(model._meta.primary_key != exclude_id)
    if taken.exists():
        raise ValidationError(clash.format(name=name), field="name")
    return name


def validate_entry_date(
    value: dt.date | None, label: str, today: dt.date | None = None, *, field: str = "date"
) -> dt.date:
    """A date something happened: typed, not in the future, not before the ROC calendar.
    ``field`` is the input the message belongs beside (a form with several dates)."""
    today = today or dt.date.today()
    if value is None:
        raise ValidationError(f"請輸入{label}。", field=field)
    if value > today:
        raise ValidationError(f"{label}不能晚於今天。", field=field)
    if value < FIRST_ROC_DATE:
        raise ValidationError(f"{label}不能早於民國1年。", field=field)
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        # As a person writes it, and the same from both backends: PostgreSQL's NUMERIC keeps
        # its scale (3.0), SQLite gives 3.
        return format(value.normalize(), "f")
    return value
