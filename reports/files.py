"""Writing an output file (a PDF, a workbook) so that a failure leaves nothing half written."""
from __future__ import annotations

import os
import tempfile
from importlib import metadata
from pathlib import Path

from models.db import reason
from models.errors import LedgerError


PROGRAM = "service-ledger"


def creator() -> str:
    """``service-ledger 0.1.0``: which program wrote a file (a PDF's Creator)."""
    try:
        return f"{PROGRAM} {metadata.version(PROGRAM)}"
    except metadata.PackageNotFoundError:  # run from a folder never installed, a bundle without it
        return PROGRAM


class OutputError(LedgerError):
    """An output file could not be written; the message names it and says why."""


def _read_umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it: once, at import, before any thread
    os.umask(mask)
    return mask


UMASK = _read_umask()


def write_file(target: Path, data: bytes, what: str) -> Path:
    """Write ``data`` to ``target`` through a temporary file beside it, then put it in place:
    a full disk or a file held open elsewhere leaves the old file (or none), never a torn one."""
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(f"無法儲存{what}「{target}」：找不到資料夾；請選一個存在的資料夾。")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            # mkstemp makes it the owner's alone; a saved report reads as any file saved there
            os.chmod(temporary, 0o666 & ~UMASK)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        held = "；若檔案正在其他程式（例如 Excel 或 PDF 閱讀程式）開著，請先關閉" if isinstance(exc, PermissionError) else ""
        raise OutputError(f"無法儲存{what}「{target}」：{reason(exc)}{held}。") from exc
    return target
