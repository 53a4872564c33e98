"""What the service tests share: the office's people, and the categories and rows as stored.

test_counts.py and test_categories.py import these helpers (``from tests.models.service.conftest
import …``); pytest finds the ``people`` fixture here by itself.
"""
from __future__ import annotations

from typing import NamedTuple

import peewee
import pytest

from models.accounts import Role, User
from models.audit import AuditEntry
from models.service.categories import ServiceCategory, categories, update_category
from models.service.counts import ServiceEvent
from models.users import create_first_secretary, create_user


class People(NamedTuple):
    secretary: User
    volunteer: User
    duty: User
    other_duty: User
    operator: User


@pytest.fixture
def people(any_database: peewee.Database) -> People:
    secretary = create_first_secretary("林秘書", "246813", "246813")
    return People(
        secretary,
        create_user(secretary, "陳志工", Role.VOLUNTEER),
        create_user(secretary, "王輪值", Role.DUTY),
        create_user(secretary, "李輪值", Role.DUTY),
        create_user(secretary, "張總機", Role.OPERATOR),
    )


def by_code() -> dict[str, ServiceCategory]:
    return {c.code: c for c in categories(include_retired=True)}


def written() -> tuple[int, int]:
    return ServiceEvent.select().count(), AuditEntry.select().count()


def last_audit() -> AuditEntry:
    return AuditEntry.select().order_by(AuditEntry.id.desc()).get()


def retire(secretary: User, code: str) -> ServiceCategory:
    category = by_code()[code]
    return update_category(
        secretary, category, name=category.name, roles=category.role_set, shortcut=category.shortcut, active=False
    )
