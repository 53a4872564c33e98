"""Checking the audit trail: the chain, each record against its last audited state, the file.

Three questions, answered in one reading of the database:
- Is the chain whole? Each audit row's ``row_hash`` must be the SHA-256 of its content and the
  previous row's hash, and ``seq`` must run 1, 2, 3 … without a gap (a row changed, deleted or
  slipped in with the sqlite3 tool breaks it at that place).
- Does every record of an audited table equal the ``after`` of its last audit row (and does a
  record whose last row says "deleted" stay deleted)? A survey form's answers are part of its
  snapshot, so a changed answer is found on the form. Service categories the program seeded
  have no audit row until someone changes them; they must still be exactly as seeded.
- Is the SQLite file intact (``integrity_check``)?

Not covered: the questionnaire's fixed wording (seeded, never audited), and the digits of a
contact phone hidden by the mask the trail keeps (the trail never holds a readable number).
The chain alone cannot show its newest rows deleted together with their records, nor a
writer who rewrites a row *and* recomputes every later hash: a copy of the chain kept
elsewhere does. Each daily backup taken since the last restore holds a chain the live one
must still contain, so its newest row is looked up here (same seq, same hash); the chain
head printed on a report (``chain_head()``) will serve the same way on paper.
"""
from __future__ import annotations

import contextlib
import glob
import json
import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import peewee

from models.accounts import User
from models.audit import ACTION_LABELS, STATE_ACTIONS, AuditEntry, chain_breaks, json_round_trip, plain_rows
from models.backup import backups_folder, daily_backups
from models.db import _connect_read_only, database_file, db, file_integrity_problems, storage_errors
from models.progress import NEVER_ABORT, NO_PROGRESS, AbortFlag, Progress, stop_if_asked
from models.registers.courtesy import CourtesyTest
from models.registers.events import Event, EventKind, standard_kinds
from models.registers.followups import FollowUp
from models.registers.monthly import MonthlyFigureValue, PaymentChannelValue
from models.registers.petitions import Petition
from models.registers.training import TrainingSession
from models.report_texts import ReportText
from models.service.categories import STANDARD_CATEGORIES, ServiceCategory
from models.service.counts import ServiceEvent
from models.settings import Setting
from models.survey.forms import SurveyBatch, SurveyResponse

log = logging.getLogger(__name__)

OK_TEXT = "稽核紀錄完整"
# The audited tables, with the word a clerk knows them by.
AUDITED: tuple[tuple[type[peewee.Model], str], ...] = (
    (User, "使用者"),
    (Setting, "設定"),
    (SurveyBatch, "問卷批次"),
    (SurveyResponse, "問卷"),
    (ServiceCategory, "服務類別"),
    (ServiceEvent, "服務紀錄"),
    (Petition, "陳情案件"),
    (MonthlyFigureValue, "每月數據"),
    (PaymentChannelValue, "代收案款"),
    (CourtesyTest, "電話禮貌測試"),
    (TrainingSession, "訓練"),
    (EventKind, "活動類別"),
    (Event, "活動"),
    (FollowUp, "問卷追蹤"),
    (ReportText, "報表文字"),
)
TABLE_LABELS = {model._meta.table_name: label for model, label in AUDITED}
VALUE_MAX_SHOWN = 80


@dataclass(frozen=True)
class Problem:
    """One place where the data and its trail disagree, said so that it can be found."""

    text: str
    table: str | None = None
    record_id: int | None = None
    audit_id: int | None = None


FILE_DAMAGED = "資料庫檔案本身已損壞（SQLite 的完整性檢查不通過）：請不要再寫入，並從備份還原。"


@dataclass(frozen=True)
class VerifyResult:
    problems: list[Problem] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)
    audit_rows: int = 0
    records: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and not self.file_problems

    def summary(self) -> str:
        """One line for a screen."""
        if self.ok:
            return f"{OK_TEXT}（{self.audit_rows:,} 筆稽核紀錄、{self.records:,} 筆資料相符，資料庫檔案完好）"
        found = len(self.problems) + bool(self.file_problems)
        return f"稽核紀錄有 {found} 處不符：資料可能在程式以外被改過，或檔案已損壞。請查明下列各處，必要時從備份還原。"

    def lines(self) -> list[str]:
        """Everything, one finding a line (the command line prints these)."""
        if self.ok:
            return [OK_TEXT, self.summary()[len(OK_TEXT):].strip("（）")]
        # SQLite's own findings are English and for a technician: the log has them.
        damaged = [FILE_DAMAGED] if self.file_problems else []
        return [self.summary(), *(p.text for p in self.problems), *damaged]


CANCELLED = "已取消稽核檢查；沒有完成的檢查不算數。"


def verify(
    database: peewee.Database | None = None, progress: Progress = NO_PROGRESS, abort: AbortFlag = NEVER_ABORT
) -> VerifyResult:
    """Check the whole database (see the module's docstring); reads only. ``database`` is the
    one the models are bound to (the open database unless a backup is being looked at).
    ``progress`` hears each step as it begins; ``abort`` stops between steps (``Cancelled``)."""
    database = database or db.obj
    steps = len(AUDITED) + 3  # the chain, each table, the kept backups, the file
    done = iter(range(steps))

    def say(message: str) -> None:
        stop_if_asked(abort, CANCELLED)
        progress(next(done) / steps, message)

    with storage_errors(), _read_snapshot(database):
        say("正在檢查稽核紀錄的鏈結…")
        problems, audit_rows = _chain_problems()
        records = 0
        for model, label in AUDITED:
            say(f"正在核對{label}…")
            found, count = _state_problems(model, label)
            problems += found
            records += count
        say("正在與保留的備份核對…")
        problems += _backup_anchor_problems(database)
    say("正在檢查資料庫檔案…")
    file_problems = file_integrity_problems(database, full=True)
    if file_problems:
        log.info("integrity_check: %s", "; ".join(file_problems)[:2000])
    return VerifyResult(problems, file_problems, audit_rows, records)


def _backup_anchor_problems(database: peewee.Database) -> list[Problem]:
    """Where the live chain no longer contains the chain a kept backup holds (see the module's
    docstring); backups older than the last restore belong to a history that was replaced."""
    path = database_file(database)
    if path is None:
        return []
    restores = backups_folder(path).glob(f"{glob.escape(path.stem)}.before-restore.*")
    restored_at = max((safety.stat().st_mtime for safety in restores), default=0.0)
    diverged: list[tuple[Path, int, bool]] = []
    for backup in daily_backups(path):  # newest first
        head = _chain_head_of(backup) if backup.stat().st_mtime > restored_at else None
        if head is None:
            continue
        seq, row_hash = head
        stored = AuditEntry.select(AuditEntry.row_hash).where(AuditEntry.seq == seq).scalar()
        if stored == row_hash:
            break  # older backups hold a prefix of this one's chain
        diverged.append((backup, seq, stored is None))
    if not diverged:
        return []
    backup, seq, missing = diverged[-1]  # the earliest point where the file and a copy part
    how = "目前的資料庫中沒有這一筆（最後的稽核紀錄連同資料被刪除了）" if missing else "目前的資料庫中這一筆不同（被改寫了）"
    return [Problem(
        f"備份「{backup.name}」的稽核紀錄到第 {seq} 筆為止，{how}。", "audit_entry",
    )]


def _chain_head_of(backup: Path) -> tuple[int, str] | None:
    """The newest chained row of a backup file; None when it cannot say (no chain yet, damaged)."""
    try:
        with contextlib.closing(_connect_read_only(backup)) as connection:
            row = connection.execute(
                "SELECT seq, row_hash FROM audit_entry WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1"
            ).fetchone()
    except sqlite3.Error:
        return None
    return (int(row[0]), str(row[1])) if row else None


@contextlib.contextmanager
def _read_snapshot(database: peewee.Database) -> Iterator[None]:
    """One consistent picture while other PCs keep writing, without making them wait: an
    SQLite read transaction is DEFERRED (writers use IMMEDIATE); on PostgreSQL a reader's
    REPEATABLE READ does not queue with the writers."""
    if isinstance(database, peewee.SqliteDatabase):
        with database.atomic(lock_type="DEFERRED"):
            yield
    else:
        with database.atomic(isolation_level="REPEATABLE READ"):
            yield


def _chain_problems() -> tuple[list[Problem], int]:
    problems: list[Problem] = []
    breaks, rows = chain_breaks(plain_rows(AuditEntry.seq.is_null(False)).order_by(AuditEntry.seq).iterator())
    for entry, missing in breaks:
        if missing:
            expected = entry.seq - missing
            span = f"第 {expected} 筆" if missing == 1 else f"第 {expected}～{entry.seq - 1} 筆"
            problems.append(Problem(
                f"稽核紀錄少了 {missing} 筆（{span}，被刪除）：在{_describe(entry)}之前。",
                entry.table_name, entry.record_id, entry.id,
            ))
        else:
            problems.append(Problem(
                f"{_describe(entry)}被修改過：內容與鏈結不符。", entry.table_name, entry.record_id, entry.id
            ))
    for entry in plain_rows(AuditEntry.seq.is_null()).order_by(AuditEntry.id).iterator():
        rows += 1
        problems.append(Problem(
            f"{_describe(entry)}不在鏈結中：是在程式以外直接寫入資料庫的。",
            entry.table_name, entry.record_id, entry.id,
        ))
    return problems, rows


def _describe(entry: AuditEntry) -> str:
    place = f"第 {entry.seq} 筆" if entry.seq is not None else "一筆"
    label = TABLE_LABELS.get(entry.table_name, entry.table_name)
    action = ACTION_LABELS.get(entry.action, entry.action)
    return f"稽核紀錄{place}（編號 {entry.id}：{label}編號 {entry.record_id} 的「{action}」）"


def _state_problems(model: type[peewee.Model], label: str) -> tuple[list[Problem], int]:
    """Walk the records and their trail side by side, both in record order (a merge, so the
    memory needed does not grow with ten years of presses)."""
    table = model._meta.table_name
    trail = (
        AuditEntry.select(AuditEntry.id, AuditEntry.seq, AuditEntry.record_id, AuditEntry.action, AuditEntry.after)
        .where(AuditEntry.table_name == table, AuditEntry.action.in_(sorted(STATE_ACTIONS)))
        .order_by(AuditEntry.record_id, AuditEntry.id)
        .namedtuples()
    )
    records = model.select().order_by(model._meta.primary_key).iterator()
    problems: list[Problem] = []
    count = 0
    last = _last_per_record(trail.iterator())
    entry = next(last, None)
    record = next(records, None)
    while entry is not None or record is not None:
        if record is not None and (entry is None or record.get_id() < entry.record_id):
            count += 1
            problems += _untracked(model, label, record)
            record = next(records, None)
        elif record is None or entry.record_id < record.get_id():
            if entry.action != "delete":
                problems.append(Problem(
                    f"{label}編號 {entry.record_id} 不見了：被刪除，但稽核紀錄（編號 {entry.id}）沒有刪除的紀錄。",
                    table, entry.record_id, entry.id,
                ))
            entry = next(last, None)
        else:
            count += 1
            problems += _compare(label, table, record, entry)
            record, entry = next(records, None), next(last, None)
    return problems, count


def _last_per_record(entries: Iterator[AuditEntry]) -> Iterator[AuditEntry]:
    current: AuditEntry | None = None
    for entry in entries:
        if entry.after is None and entry.action != "delete":
            continue  # says nothing about the record's state
        if current is not None and entry.record_id != current.record_id:
            yield current
        current = entry
    if current is not None:
        yield current


def _compare(label: str, table: str, record: peewee.Model, entry: AuditEntry) -> list[Problem]:
    where = f"{label}編號 {record.get_id()} "
    if entry.action == "delete":
        text = f"{where}已在稽核紀錄（編號 {entry.id}）中刪除，卻仍在資料庫裡。"
        return [Problem(text, table, record.get_id(), entry.id)]
    stored = record.snapshot()
    if stored == entry.after:  # the usual case, without the key-by-key walk
        return []
    differences = differing(with_later_columns(type(record), entry.after, stored), stored)
    if not differences:
        return []
    text = f"{where}與最後一筆稽核紀錄（編號 {entry.id}）不符：{'；'.join(differences)}。"
    return [Problem(text, table, record.get_id(), entry.id)]


def with_later_columns(model: type[peewee.Model], after: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    """The audited state plus the columns a later migration added since it was written: those
    hold the value the migration gave every row, the field's default (a default computed at
    insert time cannot be known, so such a column is taken as stored)."""
    filled = dict(after)
    for model_field in model._meta.sorted_fields:
        name = model_field.name
        if name not in filled:
            default = model_field.default
            filled[name] = stored.get(name) if callable(default) else default
    return filled


def differing(audited: Any, stored: Any) -> list[str]:
    """「欄位：稽核紀錄為 X，資料庫中為 Y」 for each key whose value differs."""
    audited, stored = json_round_trip(audited) or {}, json_round_trip(stored) or {}
    missing = object()
    lines = []
    for key in sorted(set(audited) | set(stored)):
        was, now = audited.get(key, missing), stored.get(key, missing)
        if was != now:
            lines.append(f"{key}：稽核紀錄為 {_shown(was, missing)}，資料庫中為 {_shown(now, missing)}")
    return lines


def _shown(value: Any, missing: object) -> str:
    if value is missing:
        return "（沒有）"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= VALUE_MAX_SHOWN else text[: VALUE_MAX_SHOWN - 1] + "…"


def _untracked(model: type[peewee.Model], label: str, record: peewee.Model) -> list[Problem]:
    """A record with no audit row: only a service category or an event kind left exactly as
    seeded may be one."""
    table = model._meta.table_name
    as_seeded = SEEDED.get(model)
    if as_seeded is not None:
        seeded = as_seeded(record)
        if seeded is not None:
            differences = differing(seeded, {key: record.snapshot()[key] for key in seeded})
            if not differences:
                return []
            return [Problem(
                f"{label}編號 {record.get_id()} 沒有修改的稽核紀錄，卻與程式建立時不同：{'；'.join(differences)}。",
                table, record.get_id(),
            )]
    return [Problem(
        f"{label}編號 {record.get_id()} 沒有稽核紀錄：是在程式以外直接寫入資料庫的。", table, record.get_id()
    )]


def _seeded_kind(record: EventKind) -> dict[str, Any] | None:
    # As models.registers.events.seed_standard_kinds writes them, never voided.
    row = standard_kinds().get(record.name)
    return None if row is None else {**row, "voided_at": None, "voided_by": None, "void_reason": None}


# What an untracked record of a seeded table must be: as the program wrote it.
SEEDED: dict[type[peewee.Model], Callable[[Any], dict[str, Any] | None]] = {
    ServiceCategory: lambda record: _seeded_categories().get(record.code),
    EventKind: _seeded_kind,
}


def _seeded_categories() -> dict[str, dict[str, Any]]:
    # As models.service.categories.seed_standard_categories writes them.
    return {
        code: {
            "code": code,
            "name": name,
            "position": position,
            "has_amount": has_amount,
            "roles": ",".join(roles),
            "shortcut": None if has_amount else code,
            "active": True,
        }
        for position, (code, name, has_amount, roles) in enumerate(STANDARD_CATEGORIES, start=1)
    }
