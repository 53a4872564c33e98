"""Exceptions the domain raises; their text is the message a user reads (Traditional Chinese).

The UI decides how to show them; domain code never opens a dialog.
"""
from __future__ import annotations


class LedgerError(Exception):
    """Base of every expected, user-facing error."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field  # which input the message belongs next to, if any


class ValidationError(LedgerError, ValueError):
    """Bad input: nothing was written."""


class PermissionDenied(LedgerError):
    """The user at the desk may not do this."""


class StorageError(LedgerError):
    """The database cannot be used as asked (environment, not a bug)."""


class DatabaseReadOnly(StorageError):
    pass


class DatabaseLocked(StorageError):
    pass


class DatabaseNewer(StorageError):
    pass


class DatabaseUnavailable(StorageError):
    pass
