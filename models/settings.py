"""Settings that change figures, kept in the database so every PC computes the same report."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

import peewee

from models.base import BaseModel

# key → default. The duration weights are the reference report's own formula for item K:
# (5×n₁÷2 + (5+15)×n₂÷2 + (15+30)×n₃÷2 + (30+60)×n₄÷2 + 60×n₅÷2) ÷ 有效樣本.
DEFAULTS: dict[str, Any] = {
    "survey.duration_weights": ["2.5", "10", "22.5", "45", "30"],
    "agency.name": "法務部行政執行署臺南分署",
    # A noon-hour payment above this many NT$ asks "are you sure?" before it is saved.
    "service.payment_confirm_above": 200000,
}


class Setting(BaseModel):
    key = peewee.CharField(max_length=64, primary_key=True)
    value = peewee.JSONField()


def get_setting(key: str) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row is not None else DEFAULTS[key]


def duration_weights() -> tuple[Decimal, ...]:
    return tuple(Decimal(str(w)) for w in get_setting("survey.duration_weights"))
