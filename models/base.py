"""The base model every table derives from, and the columns that make a record accountable."""
from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

import peewee
from playhouse.shortcuts import model_to_dict

from models.db import db


def now() -> dt.datetime:
    # Seconds are enough for an audit trail and keep SQLite and PostgreSQL values identical.
    return dt.datetime.now().replace(microsecond=0)


class BaseModel(peewee.Model):
    class Meta:
        database = db
        legacy_table_names = False

    def snapshot(self) -> dict[str, Any]:
        """A JSON-ready picture of the record, for the audit trail."""
        return {key: _jsonable(value) for key, value in model_to_dict(self, recurse=False).items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value
