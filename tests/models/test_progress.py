"""The progress and abort arguments long work takes: defaults that do nothing, 取消 as an error."""
from __future__ import annotations

import threading

import pytest

from models.errors import LedgerError
from models.progress import NEVER_ABORT, NO_PROGRESS, Cancelled, stop_if_asked


def test_the_defaults_report_nothing_and_never_stop() -> None:
    assert NO_PROGRESS(0.5, "正在複製資料庫檔案…") is None
    assert NO_PROGRESS(None, "") is None
    assert NEVER_ABORT.is_set() is False
    stop_if_asked(NEVER_ABORT, "已取消")  # nothing raised


def test_a_set_flag_stops_the_work_with_the_message_given() -> None:
    abort = threading.Event()
    stop_if_asked(abort, "已取消備份")
    abort.set()
    with pytest.raises(Cancelled) as stopped:
        stop_if_asked(abort, "已取消備份，沒有留下不完整的備份檔。")
    assert str(stopped.value) == "已取消備份，沒有留下不完整的備份檔。"
    assert isinstance(stopped.value, LedgerError)  # shown to the user as a message, never a crash
