"""Settings that change figures, kept in the database so every PC computes the same report.

The secretary changes them on the 設定 screen; each change is audited like any record.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import peewee

from models.accounts import User, require_role, require_secretary
from models.audit import audited, chain_transaction
from models.base import BaseModel
from models.db import storage_errors
from models.errors import ValidationError
from models.labels import HistoryText
from models.numbers import BARE_NUMBER_MAX_LENGTH, NumberKind, parse_decimal, parse_whole_number
from models.registers.courtesy_grades import DEFAULT_GRADE_BANDS, checked_grade_bands
from models.survey.kinds import DURATION, REFERENCE_DURATION_WEIGHTS
from models.survey.questionnaire import active_questionnaire, item_specs
from models.text import clean_name

AGENCY_NAME = "agency.name"
DURATION_WEIGHTS = "survey.duration_weights"
PAYMENT_CONFIRM_ABOVE = "service.payment_confirm_above"
BACKUPS_KEPT = "backup.kept"
COURTESY_GRADE_BANDS = "courtesy.grade_bands"
MAX_BACKUPS_KEPT = 365
PHONE_RETENTION_DAYS = "followup.phone_retention_days"
MAX_PHONE_RETENTION_DAYS = 3650
AGENCY_NAME_MAX_LENGTH = 60
MAX_CONFIRM_ABOVE = 100_000_000
PETITION_DUE_DAYS = "petition.due_days"
MAX_PETITION_DUE_DAYS = 365

DEFAULTS: dict[str, Any] = {
    DURATION_WEIGHTS: list(REFERENCE_DURATION_WEIGHTS),
    AGENCY_NAME: "法務部行政執行署臺南分署",
    # A noon-hour payment above this many NT$ asks "are you sure?" before it is saved.
    PAYMENT_CONFIRM_ABOVE: 200000,
    # Daily copies of the SQLite file kept beside it: also how many days an erased value survives.
    BACKUPS_KEPT: 30,
    # A petition's due date is its received date plus this many days (行政程序法 leaves the
    # limit to each office; the branch's own rule answers within 6 days).
    PETITION_DUE_DAYS: 30,
    # Phone-courtesy grades, highest first: [name, lowest score]; the last band starts at 0.
    COURTESY_GRADE_BANDS: [list(band) for band in DEFAULT_GRADE_BANDS],
    # A survey form's contact phone is erased this many days after its survey date, if not before.
    PHONE_RETENTION_DAYS: 90,
}


class Setting(BaseModel):
    key = peewee.CharField(max_length=64, unique=True, verbose_name="設定項目")
    value = peewee.JSONField(verbose_name="設定值")

    history_text = HistoryText("設定", summary=("key", "value"))

    class Meta:
        table_name = "app_setting"


def get_setting(key: str) -> Any:
    with storage_errors():
        row = Setting.get_or_none(Setting.key == key)
    return row.value if row is not None else DEFAULTS[key]


def duration_weights() -> tuple[Decimal, ...]:
    return tuple(Decimal(str(w)) for w in get_setting(DURATION_WEIGHTS))


# --- changing them ---------------------------------------------------------------------


def _agency_name(value: Any) -> str:
    # Printed on every report: the same rules as any name (NFKC, nothing invisible, 0–9).
    return clean_name(str(value or ""), label="機關名稱", max_length=AGENCY_NAME_MAX_LENGTH, field=AGENCY_NAME)


CONFIRM_ABOVE = NumberKind(
    "確認門檻", " 元", MAX_CONFIRM_ABOVE, PAYMENT_CONFIRM_ABOVE, "確認門檻請輸入大於 0 的整數元。"
)
KEPT_BACKUPS = NumberKind(
    "保留的備份份數",
    "",
    MAX_BACKUPS_KEPT,
    BACKUPS_KEPT,
    not_whole=f"保留的備份份數請輸入 1 到 {MAX_BACKUPS_KEPT} 的整數。",
    out_of_range=f"保留的備份份數請輸入 1 到 {MAX_BACKUPS_KEPT} 的整數。",
    max_length=BARE_NUMBER_MAX_LENGTH,
)


DUE_DAYS = NumberKind(
    "陳情辦理期限天數",
    "",
    MAX_PETITION_DUE_DAYS,
    PETITION_DUE_DAYS,
    not_whole=f"陳情辦理期限請輸入 1 到 {MAX_PETITION_DUE_DAYS} 的整數天數。",
    out_of_range=f"陳情辦理期限請輸入 1 到 {MAX_PETITION_DUE_DAYS} 的整數天數。",
    max_length=BARE_NUMBER_MAX_LENGTH,
)
RETENTION_DAYS = NumberKind(
    "電話保留天數",
    "",
    MAX_PHONE_RETENTION_DAYS,
    PHONE_RETENTION_DAYS,
    not_whole=f"電話保留天數請輸入 1 到 {MAX_PHONE_RETENTION_DAYS} 的整數。",
    out_of_range=f"電話保留天數請輸入 1 到 {MAX_PHONE_RETENTION_DAYS} 的整數。",
    max_length=BARE_NUMBER_MAX_LENGTH,
)


def _confirm_above(value: Any) -> int:
    return parse_whole_number(str(value), CONFIRM_ABOVE)


def _backups_kept(value: Any) -> int:
    return parse_whole_number(str(value), KEPT_BACKUPS)


def _due_days(value: Any) -> int:
    return parse_whole_number(str(value), DUE_DAYS)


def _retention_days(value: Any) -> int:
    return parse_whole_number(str(value), RETENTION_DAYS)


def _weights(value: Any) -> list[str]:
    options = next((len(s.options) for s in item_specs(active_questionnaire()) if s.kind == DURATION), 0)
    values = list(value) if isinstance(value, Sequence) and not isinstance(value, str) else []
    if len(values) != options:
        raise ValidationError(f"平均時間的權數要有 {options} 個，每個時間選項一個。", field=DURATION_WEIGHTS)
    weights = []
    for index, item in enumerate(values, start=1):
        label = f"第 {index} 個權數"
        weight = parse_decimal(item, label=label, field=DURATION_WEIGHTS, refused=f"{label}請輸入 0 或正數（例如 22.5）。")
        weights.append(format(weight.normalize(), "f"))  # "60", "22.5": as a person writes them
    return weights


def _grade_bands(value: Any) -> list[list[Any]]:
    return checked_grade_bands(value, COURTESY_GRADE_BANDS)


def courtesy_grade_bands() -> tuple[tuple[str, int], ...]:
    """(grade, lowest score) pairs, highest first; the last starts at 0."""
    return tuple((str(name), int(lowest)) for name, lowest in get_setting(COURTESY_GRADE_BANDS))


VALIDATORS: dict[str, Callable[[Any], Any]] = {
    AGENCY_NAME: _agency_name,
    PAYMENT_CONFIRM_ABOVE: _confirm_above,
    DURATION_WEIGHTS: _weights,
    BACKUPS_KEPT: _backups_kept,
    PETITION_DUE_DAYS: _due_days,
    COURTESY_GRADE_BANDS: _grade_bands,
    PHONE_RETENTION_DAYS: _retention_days,
}


def set_settings(actor: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Check every value first, then store the changed ones in one transaction (audited):
    a form with one bad field changes nothing. The stored values are returned."""
    require_secretary(actor)
    checked = {key: VALIDATORS[key](value) for key, value in values.items()}
    with storage_errors(), chain_transaction():  # queue for the audit chain before reading
        for key, value in checked.items():
            _store(actor, key, value)
    return checked


def _store(actor: User, key: str, value: Any) -> None:
    """One setting written with its audit row, inside the caller's chain transaction; an
    unchanged value writes nothing."""
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        row = Setting(key=key, value=value)
        with audited(actor, row, "insert"):
            row.save(force_insert=True)
    elif row.value != value:
        with audited(actor, row, "update"):
            row.value = value
            row.save()


# --- each user's own ---------------------------------------------------------------------
# A preference a person takes to every PC that opens this ledger (the desks' large print), kept
# here under a key naming the user: ``print.large.user.7``. Figures never read these keys.

LARGE_PRINT = "print.large"


def user_key(name: str, user: User) -> str:
    return f"{name}.user.{user.id}"


def large_print(user: User) -> bool:
    """Whether ``user`` chose large print on the desks (no choice yet: normal print)."""
    with storage_errors():
        row = Setting.get_or_none(Setting.key == user_key(LARGE_PRINT, user))
    return bool(row.value) if row is not None else False


def set_large_print(actor: User, on: bool) -> bool:
    """Large print on or off for ``actor`` themselves, audited like any setting (the same
    choice writes nothing). Every role chooses its own: a volunteer needs no secretary."""
    actor = require_role(actor)
    with storage_errors(), chain_transaction():
        _store(actor, user_key(LARGE_PRINT, actor), bool(on))
    return bool(on)
