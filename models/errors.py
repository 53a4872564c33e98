"""Exceptions the domain raises; their text is the message a user reads (Traditional Chinese).

The UI decides how to show them; domain code never opens a dialog.
"""
from __future__ import annotations

import os

# How the README says to run a command, for messages that tell the user to run one.
COMMAND = "py run.py" if os.name == "nt" else "python3 run.py"


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


class DatabaseDamaged(StorageError):
    """The file failed SQLite's own check or read as malformed: it is never written again."""


class DiskFull(StorageError):
    pass


class DatabaseMissing(DatabaseUnavailable):
    """The database named does not exist (or is an empty file) and was not to be created."""

    def __init__(self, message: str, path: object = None) -> None:
        super().__init__(message)
        self.path = path  # the window asks whether to create it here


class NotOurDatabase(DatabaseUnavailable):
    """A valid database of another program: opened for nothing, changed in nothing."""


class NeedsMigration(StorageError):
    """A read-only command met a file whose schema the program must update first."""


class WriteConflict(StorageError):
    """Another PC changed the same data at the same moment; nothing was stored."""


class SafetyCopyFailed(StorageError):
    """The copy taken before a schema update could not be written; the update did not run."""
