"""What test_accounts.py and test_users.py share (imported: ``from tests.models.conftest import …``)."""
from __future__ import annotations

from models.accounts import User
from models.audit import AuditEntry

PIN = "246813"  # the conftest secretary's PIN


def counts() -> tuple[int, int]:
    return User.select().count(), AuditEntry.select().count()


def reload(user: User) -> User:
    return User.get_by_id(user.id)
