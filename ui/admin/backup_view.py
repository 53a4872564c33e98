"""備份與稽核: the daily check and backup, copies to a USB stick, restoring, how many are kept.

The daily work (copy the SQLite file into ``backups``, check the audit trail) runs once a
day as an op (``ui/ops.py``) when the program starts, so the start screen stays usable; the
secretary reads its result on a line above every screen and in full here. 立即檢查 is an op
too, with its progress and 取消; a copy to a USB stick, reading a backup and restoring
one are ops the window waits for (``exec``: it paints but takes no input meanwhile, so
nothing is written to a database being copied or replaced), with 取消 for the copy.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import peewee
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from models import backup, restore
from models.accounts import User
from models.db import db
from models.progress import Cancelled
from models.rocdate import DateInputError, format_roc
from models.settings import BACKUPS_KEPT, get_setting, set_settings
from models.storage import open_ledger
from models.verify import VerifyResult, verify
from ui import settings
from ui.errors import EXPECTED, show_problem
from ui.features import WindowPart
from ui.i18n import tr
from ui.ops import BackgroundOp
from ui.style import ERROR_TEXT, OK_BACKGROUND, heading_font, scaled
from ui.widgets.banner import ConfirmationBanner
from ui.widgets.messages import error_label
from ui.widgets.questions import ask, tell
from ui.widgets.record_list import Column, RecordTableModel
from ui.widgets.tables import readable_table

RUNNING_TEXT = "今日稽核檢查進行中…"
READING_BACKUP = "正在讀取並檢查備份檔，資料多時需要一些時間，請稍候…"
RESTORING = "正在還原：先另存目前的資料庫，再換成備份檔，請稍候…"
COPYING = "正在備份並檢查備份檔，請稍候…"
CHECKING = "正在檢查稽核紀錄…"
RESTORE_QUESTION = "要用這個備份取代目前的資料庫嗎？目前的檔案會先另存一份到備份資料夾。還原後請重新選擇使用者。"


def read_backup(parent: QWidget | None, source: Path) -> restore.BackupSummary:
    """What a backup holds; the window waits (a restore may follow, nothing may write meanwhile)."""
    op = BackgroundOp(parent, lambda progress, abort: restore.describe_backup(source))
    return op.with_progress(tr(READING_BACKUP), cancellable=False).exec()


def restore_backup(parent: QWidget | None, source: Path, target: Path | None) -> restore.Restored:
    """Replace the (closed) database file by the backup; it cannot stop half-way: no 取消."""
    op = BackgroundOp(parent, lambda progress, abort: restore.restore(source, target))
    return op.with_progress(tr(RESTORING), cancellable=False).exec()


def choose_backup_file(parent: QWidget | None, start: Path | None) -> Path | None:
    kinds = tr("資料庫備份 (*.db);;所有檔案 (*)")
    path, _ = QFileDialog.getOpenFileName(parent, tr("選擇要還原的備份檔"), str(start or ""), kinds)
    return Path(path) if path else None


def restore_question(summary: restore.BackupSummary) -> str:
    return "\n".join(summary.lines()[:4]) + "\n\n" + tr(RESTORE_QUESTION)


def ask_to_restore(parent: QWidget | None, text: str) -> bool:
    return ask(parent, tr("從備份還原"), text)  # Enter answers 否: restoring replaces today's data


def restored_text(restored: restore.Restored) -> str:
    kept = tr("原本的資料庫已另存為「{path}」。").format(path=restored.safety_copy) if restored.safety_copy else ""
    return tr("已從備份還原。") + kept


def roc_day(iso_day: str) -> str:
    """A day stored as 2026-12-01 (a backup's name, a check's day) as the program says dates:
    115/12/01; anything that is no such day, as it is."""
    try:
        return format_roc(dt.date.fromisoformat(iso_day))
    except (ValueError, DateInputError):
        return iso_day


def database_key(database: peewee.Database) -> str:
    """Which database a stored check belongs to (never a password)."""
    path = backup.sqlite_path(database)
    if path is not None:
        return str(path.resolve())
    return f"{getattr(database, 'connect_params', {}).get('host', '')}/{database.database}"


@dataclass(frozen=True)
class DailyOutcome:
    day: str
    ok: bool
    text: str  # the check's summary line
    lines: tuple[str, ...] = ()
    backup_message: str = ""

    def as_stored(self) -> dict[str, object]:
        return {
            "day": self.day, "ok": self.ok, "text": self.text, "lines": list(self.lines), "backup": self.backup_message
        }

    @classmethod
    def of(cls, result: VerifyResult, day: dt.date, backup_message: str = "") -> DailyOutcome:
        return cls(day.isoformat(), result.ok, result.summary(), tuple(result.lines()), backup_message)

    @classmethod
    def from_stored(cls, value: dict[str, object]) -> DailyOutcome:
        return cls(str(value.get("day", "")), bool(value.get("ok")), str(value.get("text", "")),
                   tuple(str(line) for line in value.get("lines", []) or []), str(value.get("backup", "")))

    @property
    def line(self) -> str:
        when = tr("今日") if self.day == dt.date.today().isoformat() else roc_day(self.day)
        worth_saying = self.backup_message and not self.backup_message.startswith("今天已經")
        backup_part = f"　{self.backup_message}" if worth_saying else ""
        text = self.text
        if not self.ok and len(self.lines) > 1:  # the places are listed on the 備份 screen
            text = tr("稽核紀錄有 {n} 處不符：資料可能在程式以外被改過，或檔案已損壞，詳見「備份 F10」。").format(
                n=len(self.lines) - 1)
        return f"{when}稽核檢查：{text}{backup_part}"


def run_daily_work(database: peewee.Database, today: dt.date | None = None) -> DailyOutcome:
    """The day's backup, then the audit check (run on the worker thread, which closes its
    own connection afterwards)."""
    today = today or dt.date.today()
    try:
        made = backup.daily_backup(database, keep=int(get_setting(BACKUPS_KEPT)), today=today)
        return DailyOutcome.of(verify(database), today, made.message if made else "")
    except EXPECTED as exc:
        return DailyOutcome(today.isoformat(), False, tr("無法完成檢查：{problem}").format(problem=exc))


class DailyWork(QObject):
    """The day's backup and check, once a day per database, off the window's thread."""

    finished_outcome = Signal()

    def __init__(self, database: peewee.Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.outcome: DailyOutcome | None = None
        self.today = dt.date.today  # the clock (a test moves it on a day)
        self.op: BackgroundOp[DailyOutcome] | None = None

    @staticmethod
    def stored(database: peewee.Database) -> DailyOutcome | None:
        value = settings.daily_check(database_key(database))
        return DailyOutcome.from_stored(value) if value else None

    def due(self) -> bool:
        stored = self.stored(self.database)
        return stored is None or stored.day != self.today().isoformat()

    def start(self) -> None:
        if self.isRunning():
            return
        today, database = self.today(), self.database
        self.op = BackgroundOp(self, lambda: run_daily_work(database, today)).success(self.record).run()

    def isRunning(self) -> bool:  # noqa: N802 (reads like QThread's)
        return self.op is not None and not self.op.is_done()

    def wait(self) -> None:
        """Until the work is done and recorded (closing the window: a backup is never cut off)."""
        if self.op is not None:
            self.op.wait()

    def record(self, outcome: DailyOutcome) -> None:
        """The newest check of the day (the morning's, or one pressed on 備份 since) is what
        the line above every screen says, here and after a restart."""
        self.outcome = outcome
        settings.set_daily_check(database_key(self.database), outcome.as_stored())
        self.finished_outcome.emit()


class CheckLine(QLabel):
    """The secretary's line above every screen: the daily check's result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def follow(self, check: DailyCheck) -> None:
        """Say what ``check`` says now and whenever it changes (until this line is deleted)."""
        self._check = check
        check.changed.connect(self._show_check)
        self._show_check()

    def _show_check(self) -> None:
        self.show_outcome(self._check.outcome)

    def show_outcome(self, outcome: DailyOutcome | None) -> None:
        if outcome is None:
            self.setText(tr(RUNNING_TEXT))
            self.setStyleSheet("color: #5f6b7a;")
        else:
            self.setText(outcome.line)
            self.setStyleSheet(f"color: {OK_BACKGROUND};" if outcome.ok else f"color: {ERROR_TEXT}; font-weight: bold;")


class DailyCheck(WindowPart):
    """The day's backup and check for the program's window: begun when the window starts, and
    again at a secretary's first login of a new day (left open overnight); its result on a
    line above the secretary's screens; a backup being written is finished, not cut off."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work = DailyWork(db.obj, self)
        self.outcome: DailyOutcome | None = DailyWork.stored(db.obj)  # what the line says; None while running
        self.work.finished_outcome.connect(self._done)
        if self.work.due():
            self._start()

    def _start(self) -> None:
        self.outcome = None
        self.work.start()
        self.changed.emit()

    def _done(self) -> None:
        self.outcome = self.work.outcome
        self.changed.emit()

    def logged_in(self, user: User) -> None:
        if user.is_secretary and not self.work.isRunning() and self.work.due():
            self._start()

    def banner(self, user: User) -> QWidget | None:
        if not user.is_secretary:
            return None
        line = CheckLine()
        line.follow(self)
        return line

    def closing(self) -> None:
        self.work.wait()


@dataclass(frozen=True)
class BackupFile:
    path: Path

    def get_id(self) -> str:
        return self.path.name

    @property
    def size(self) -> str:
        return f"{self.path.stat().st_size / 1024 / 1024:,.1f} MB"


class BackupTableModel(RecordTableModel[BackupFile]):
    columns = (
        Column("日期", lambda b: roc_day(b.path.stem[-10:])),  # service-ledger-2026-12-01: 115/12/01
        Column("大小", lambda b: b.size, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
        Column("檔案", lambda b: str(b.path)),
    )

    def __init__(self, database_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database_path = database_path

    def load(self) -> list[BackupFile]:
        return [BackupFile(p) for p in backup.daily_backups(self.database_path)] if self.database_path else []


class BackupView(QWidget):
    """The secretary's 備份與稽核 screen."""

    def __init__(
        self,
        user: User,
        parent: QWidget | None = None,
        *,
        daily: DailyCheck | None = None,
        switch_user: Callable[[], None] | None = None,
    ) -> None:
        """``daily``: the window's daily work, which a restore waits for and a check updates;
        ``switch_user``: back to the start screen once a restore replaced the database."""
        super().__init__(parent)
        self.user = user
        self.daily = daily.work if daily is not None else None
        self.switch_user = switch_user
        self.database_path = backup.sqlite_path(db.obj)
        title = QLabel(tr("備份與稽核"))
        title.setFont(heading_font(self.font(), 1.5))
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kept_edit = QLineEdit()
        self.kept_edit.setMaximumWidth(scaled(80))
        self.kept_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.kept_button = QPushButton(tr("儲存份數"))
        self.kept_message = error_label(keep_room=True)
        self.table_model = BackupTableModel(self.database_path, self)
        self.table = readable_table(self.table_model, stretch_column=2)
        self.check_button = QPushButton(tr("立即檢查稽核紀錄"))
        self.copy_button = QPushButton(tr("備份到隨身碟或其他位置…"))
        self.restore_button = QPushButton(tr("從備份還原…"))
        for button in (self.check_button, self.copy_button, self.restore_button, self.kept_button):
            button.setMinimumHeight(scaled(40))
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.banner = ConfirmationBanner()
        self.message = error_label(keep_room=True)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(scaled(170))
        self.check_op: BackgroundOp[VerifyResult] | None = None

        kept = QHBoxLayout()
        kept.addWidget(QLabel(tr("每天第一次開啟程式時自動備份，保留最近")))
        kept.addWidget(self.kept_edit)
        kept.addWidget(QLabel(tr("份")))
        kept.addWidget(self.kept_button)
        kept.addWidget(self.kept_message, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.banner, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.where)
        layout.addLayout(kept)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(tr("最近一次稽核檢查：")))
        layout.addWidget(self.report)
        if self.database_path is None:
            for widget in (self.copy_button, self.restore_button, self.kept_edit, self.kept_button):
                widget.setEnabled(False)
        self._connect_signals()
        self.load()

    def _connect_signals(self) -> None:
        self.kept_button.clicked.connect(self.save_kept)
        self.kept_edit.returnPressed.connect(self.save_kept)
        self.check_button.clicked.connect(self.check_now)
        self.copy_button.clicked.connect(self.choose_copy_folder)
        self.restore_button.clicked.connect(self.choose_backup)

    def activate(self) -> None:
        self.load()

    def load(self) -> None:
        if self.database_path is None:
            self.where.setText(tr(backup.SERVER_MESSAGE))
        else:
            self.where.setText(tr("資料庫檔案：{path}\n自動備份資料夾：{folder}").format(
                path=self.database_path, folder=backup.backups_folder(self.database_path)))
        try:
            self.kept_edit.setText(str(get_setting(BACKUPS_KEPT)))
            self.table_model.refresh()
        except EXPECTED as exc:
            self.message.setText(str(exc))
        stored = DailyWork.stored(db.obj)
        if stored is not None and not self.report.toPlainText():
            self.show_lines(stored.lines or (stored.text,), stored.ok)

    def show_lines(self, lines: tuple[str, ...] | list[str], ok: bool) -> None:
        self.report.setPlainText("\n".join(lines))
        self.report.setStyleSheet("" if ok else f"color: {ERROR_TEXT};")

    def save_kept(self) -> None:
        try:
            set_settings(self.user, {BACKUPS_KEPT: self.kept_edit.text()})
        except EXPECTED as exc:
            self.kept_message.setText(str(exc))
            return
        self.kept_message.clear()
        self.load()
        self.banner.announce(tr("✔ 已儲存：保留最近 {n} 份備份").format(n=get_setting(BACKUPS_KEPT)))

    def checking(self) -> bool:
        return self.check_op is not None and not self.check_op.is_done()

    def check_now(self) -> None:
        """Check as an op: the button waits, the window does not; 取消 on its panel stops it."""
        if self.checking():
            return
        self.check_button.setEnabled(False)
        self.banner.announce(tr(CHECKING), "info")
        database = db.obj
        op = BackgroundOp(self, lambda progress, abort: verify(database, progress=progress, abort=abort))
        self.check_op = op.with_progress(tr(CHECKING)).success(self._checked).failure(self._not_checked).run()

    def _not_checked(self, problem: Exception) -> None:
        self.check_button.setEnabled(True)
        self.refused(problem)

    def refused(self, problem: Exception) -> None:
        """A problem is said under the buttons; 取消 is only information."""
        if isinstance(problem, Cancelled):
            self.message.clear()
            self.banner.announce(str(problem), "info")
            return
        self.banner.withdraw()
        self.message.setText(str(problem))

    def _checked(self, result: VerifyResult) -> None:
        self.check_button.setEnabled(True)
        daily = self.daily
        if daily is not None and not daily.isRunning():
            earlier = daily.outcome or daily.stored(daily.database)
            backup_message = earlier.backup_message if earlier is not None else ""
            daily.record(DailyOutcome.of(result, dt.date.today(), backup_message))
        self.message.clear()
        self.show_lines(result.lines(), result.ok)
        if result.ok:
            self.banner.announce(result.summary())
        else:
            self.banner.announce(tr("✘ 稽核檢查發現問題，請看下方說明"), "error")

    def choose_copy_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("選擇備份要存放的資料夾（例如隨身碟）"))
        if folder:
            self.copy_into(Path(folder))

    def copy_into(self, destination: Path) -> Path | None:
        """Copy the database to ``destination``; the window waits, with 取消 on the panel."""
        database = db.obj
        op = BackgroundOp(
            self, lambda progress, abort: backup.backup_to(database, destination, progress=progress, abort=abort)
        )
        try:
            made = op.with_progress(tr(COPYING)).exec()
        except EXPECTED as exc:
            self.refused(exc)
            return None
        self.message.clear()
        self.banner.announce(tr("✔ 已備份到 {path}").format(path=made))
        return made

    def choose_backup(self) -> None:
        start = backup.backups_folder(self.database_path) if self.database_path else None
        path = choose_backup_file(self, start)
        if path is not None:
            self.restore_from(path)

    def confirm(self, text: str) -> bool:
        return ask_to_restore(self, text)

    def inform(self, text: str) -> None:
        tell(self, tr("從備份還原"), text)

    def still_reading(self) -> str:
        """Why a restore must wait: work on another thread still reads the database file."""
        daily = self.daily
        if daily is not None and daily.isRunning():
            return tr("今日的自動備份與稽核檢查還在進行中，請等它完成（上方那一行會顯示結果）後再還原。")
        if self.checking():
            return tr("稽核檢查還在進行中，請等它完成後再還原。")
        return ""

    def restore_from(self, source: Path) -> bool:
        """Show what the backup holds, ask, keep a safety copy, replace, reopen, log in again."""
        busy = self.still_reading()
        if busy:
            self.banner.withdraw()
            self.message.setText(busy)
            return False
        try:
            summary = read_backup(self, source)
        except EXPECTED as exc:
            self.refused(exc)
            return False
        if not self.confirm(restore_question(summary)):
            return False
        target = self.database_path
        db.obj.close()
        try:
            restored = restore_backup(self, source, target)
        except EXPECTED as exc:
            if self.reopen(target):
                self.message.setText(str(exc))
            return False
        if not self.reopen(target):
            return False
        self.inform(restored_text(restored))
        if self.switch_user is not None:
            self.switch_user()
        return True

    def reopen(self, target: Path | None) -> bool:
        """Open the database file again; if it does not open, say why and close the program
        rather than leave it working on a database that is not there."""
        try:
            open_ledger(target)
        except EXPECTED as exc:
            db.initialize(None)  # no later query may reach the file that failed to open
            show_problem(self, exc, title=tr("還原後無法開啟資料庫"),
                         then=tr("程式會關閉。請處理上面的問題後再開啟程式。"))
            self.window().close()
            return False
        return True
