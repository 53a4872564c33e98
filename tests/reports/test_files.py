"""Writing an output file: whole or not at all, and readable as any file the user saves."""
from __future__ import annotations

import stat
from pathlib import Path

import pytest

from reports.files import UMASK, OutputError, write_file


def test_a_written_file_has_the_permissions_of_any_file_saved_there(tmp_path: Path) -> None:
    """Not the owner-only mode of a temporary file: a report saved in a shared folder is
    readable by the colleagues who may read that folder."""
    target = write_file(tmp_path / "r.pdf", b"%PDF-1.4", "PDF")
    plain = tmp_path / "plain"
    plain.write_bytes(b"")  # as any program saves a file there
    assert target.read_bytes() == b"%PDF-1.4"
    assert stat.S_IMODE(target.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode) == 0o666 & ~UMASK
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plain", "r.pdf"]  # no temporary file left


def test_a_missing_folder_is_said_and_nothing_written(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="找不到資料夾"):
        write_file(tmp_path / "unplugged" / "r.pdf", b"x", "PDF")
