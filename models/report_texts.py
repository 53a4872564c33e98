"""The compiled report's editable texts, kept per period, and the seal a printed report ends with.

Texts: each text block of a report (``basic.consistency.1`` …) is stored per report period
under the period's key (``106H1``, ``106H2`` for 第2次 — the whole year —, ``106/03``,
``106/01-106/03``). A period without a text of its own reads the latest earlier period's,
block by block, so a new half-year starts from the last one's wording; a block never stored
is absent, and the report falls back to its default. Periods are ordered by their last day,
then their first: 105H2 < 106/01-106/03 < 106H1 < 106H2. Only 研考 reads or writes them, and
every change is audited like any record.

The seal (SPEC §8): a printed report ends with its 稽核碼, the audit chain's head when it was
built. ``check_seal`` later finds that row again, checks the chain up to it, and lists the
audited changes made since to the records of the report's period: each audited model
declares which periods its records belong to (``period_date``, models.base.PeriodDate).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import peewee

from models.accounts import User, require_secretary
from models.audit import (
    GENESIS_HASH, STATE_ACTIONS, AccountableModel, AuditEntry, audited, chain_breaks, chain_head, chain_transaction,
    plain_rows,
)
from models.base import PeriodDate, models_for_table
from models.db import storage_errors
from models.errors import ValidationError
from models.labels import HistoryText, history_text
from models.rocdate import Period, days_in_month, format_roc, month_range, parse_period, roc_year
from models.text import ASCII_DIGITS, clean_text, plain_input

TEXT_MAX_LENGTH = 2000  # the reference's longest paragraph is 680 characters
PERIOD_KEY_MAX_LENGTH = 24
BLOCK_KEY_MAX_LENGTH = 80
_BLOCK_KEY = r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*"
_SECOND_REPORT = r"([0-9]{1,3})\s*[Hh]\s*2"  # 第2次報告: the whole year (parse_period refuses H2)


class ReportText(AccountableModel):
    period_key = peewee.CharField(max_length=PERIOD_KEY_MAX_LENGTH, verbose_name="報表期間")
    period_start = peewee.DateField(verbose_name="期間起日")
    period_end = peewee.DateField(verbose_name="期間迄日")
    key = peewee.CharField(max_length=BLOCK_KEY_MAX_LENGTH, verbose_name="段落")
    text = peewee.TextField(verbose_name="文字")

    history_text = HistoryText("報表文字", summary=("period_key", "key", "text"))
    period_date = PeriodDate("period_start", until="period_end", whole=True)  # that period's report alone

    class Meta:
        # One text per period and block: a second PC saving the same block at the same time
        # gets "changed elsewhere" instead of a second row.
        indexes = ((("period_key", "key"), True),)


# --- periods ---------------------------------------------------------------------------------


def period_key(period: Period) -> str:
    """The key a period's texts are stored under; the same period always gives the same key."""
    start, end = period.start, period.end
    if start.day != 1 or end.day != days_in_month(end.year, end.month):
        raise ValidationError(f"報表文字只能依整月的期間保存，「{period.full_label}」不是。", field="period")
    year = roc_year(start)
    if start.year == end.year and start.month == 1 and end.month in (6, 12):
        return f"{year}H{1 if end.month == 6 else 2}"
    first = f"{year}/{start.month:02d}"
    if (start.year, start.month) == (end.year, end.month):
        return first
    return f"{first}-{roc_year(end)}/{end.month:02d}"


def period_of_key(text: str) -> Period:
    """The period a key (or any period as typed: 106H1, 106, 106/01-106/03) stands for;
    ``106H2`` is the year's 第2次 report, the whole year."""
    typed = plain_input(text, label="期間", max_length=PERIOD_KEY_MAX_LENGTH, field="period")
    if match := re.fullmatch(_SECOND_REPORT, typed):
        year = int(match[1])
        if year == 0:
            raise ValidationError(f"「{typed}」不是有效期間：民國年份必須大於0。", field="period")
        return month_range(year, 1, 12)
    try:
        return parse_period(typed)
    except ValidationError as exc:
        raise ValidationError(exc.message, field="period") from None


def _canonical(text: str) -> tuple[str, Period]:
    period = period_of_key(text)
    return period_key(period), period


def _up_to(period: Period) -> peewee.Expression:
    """The period and every earlier one (by last day, then first day)."""
    return (ReportText.period_end < period.end) | (
        (ReportText.period_end == period.end) & (ReportText.period_start <= period.start)
    )


def _texts(period: Period, key: str | None = None) -> dict[str, str]:
    """Each block's text for ``period``: its own, else the latest earlier period's."""
    query = (
        ReportText.select(ReportText.key, ReportText.text)
        .where(ReportText.voided_at.is_null(), _up_to(period))
        .order_by(ReportText.period_end.desc(), ReportText.period_start.desc())
    )
    if key is not None:
        query = query.where(ReportText.key == key).limit(1)
    texts: dict[str, str] = {}
    with storage_errors():
        for block, text in query.tuples():
            texts.setdefault(block, text)  # the first is the latest
    return texts


# --- reading and writing ---------------------------------------------------------------------


def load_texts(user: User, period_key: str) -> dict[str, str]:
    """The period's texts by block key, for the secretary to edit (``report_texts``)."""
    require_secretary(user)
    _, period = _canonical(period_key)
    return _texts(period)


def text_record(user: User, period_key: str, key: str) -> ReportText | None:
    """The stored row the period reads ``key`` from — its own, else the latest earlier
    period's —, for the history of the text shown; None while the block has its default."""
    require_secretary(user)
    _, period = _canonical(period_key)
    block = _block_key(key)
    with storage_errors():
        return (
            ReportText.select()
            .where(ReportText.voided_at.is_null(), _up_to(period), ReportText.key == block)
            .order_by(ReportText.period_end.desc(), ReportText.period_start.desc())
            .first()
        )


def report_texts(period: Period) -> dict[str, str]:
    """The texts a report of ``period`` prints, by block key: its own, and for blocks it lacks,
    the latest earlier period's; blocks never stored are absent (the report uses its
    defaults). Read without a login, as ``stats`` and ``report`` read the figures."""
    return _texts(period)


def save_text(user: User, period_key: str, key: str, text: str) -> None:
    """Store one block's text for the period, audited. A text the same as the one the period
    reads now (its own, or the one it takes from an earlier period) writes nothing."""
    require_secretary(user)
    stored_key, period = _canonical(period_key)
    block = _block_key(key)
    text = clean_text(text, label="報表文字", max_length=TEXT_MAX_LENGTH, field="text")
    with storage_errors(), chain_transaction():  # queued for the chain before anything is read
        require_secretary(user)  # as stored now, in the transaction
        if _texts(period, block).get(block) == text:
            return
        row = ReportText.get_or_none(ReportText.period_key == stored_key, ReportText.key == block)
        action = "insert" if row is None else "update"
        if row is None:
            row = ReportText(
                period_key=stored_key, period_start=period.start, period_end=period.end, key=block, created_by=user
            )
        with audited(user, row, action):
            row.text = text
            row.save(force_insert=action == "insert")


def _block_key(key: str) -> str:
    if not isinstance(key, str) or len(key) > BLOCK_KEY_MAX_LENGTH or not re.fullmatch(_BLOCK_KEY, key):
        raise ValidationError(f"報表沒有「{str(key)[:BLOCK_KEY_MAX_LENGTH]}」這個段落。", field="key")
    return key


# --- the seal --------------------------------------------------------------------------------

# 稽核碼: the head row's place in the chain, ten digits taken from its hash, two check digits:
# 5821-03947-72166-06. Digits only, so nothing can be misread (0/O, 1/l/I, 6/b, 8/B), there is
# no upper or lower case, and it is typed on a number pad or with the input method's
# full-width digits (read as ASCII); the groups keep the place in the line when it is read
# aloud or copied from paper. The check digits (ISO 7064 MOD 97-10, as an IBAN's) catch every
# single wrong digit and every swap of two neighbours, so a mistyped code is told apart from
# a chain that no longer holds the printed row.
HASH_DIGITS = 10
CHECK_DIGITS = 2
SEAL_EXAMPLE = "5821-03947-72166-06"
_SEPARATORS = frozenset(" -‐‑–—−")  # hyphens and dashes as typed; full-width ones are folded first
_CODE_MAX_INPUT = 40
_NOT_THIS_LEDGER = "這份報表可能不是從這個資料庫製作的"


def seal_code() -> str:
    """The audit chain's head now, as the 稽核碼 a report prints on its last line."""
    seq, row_hash = chain_head()
    return _format_code(seq, _hash_digits(row_hash))


def _hash_digits(row_hash: str) -> str:
    """Ten decimal digits of a row's hash: its first 16 hex digits as a number, the last ten."""
    return f"{int(row_hash[:16], 16) % 10**HASH_DIGITS:0{HASH_DIGITS}d}"


def _format_code(seq: int, digits: str) -> str:
    check = 98 - int(f"{seq}{digits}") * 100 % 97
    half = HASH_DIGITS // 2
    return f"{seq}-{digits[:half]}-{digits[half:]}-{check:02d}"


def _read_code(code: str | None) -> tuple[int, str]:
    """The chain place and hash digits a typed 稽核碼 names, or a message saying what is wrong."""
    typed = plain_input(code, label="稽核碼", max_length=_CODE_MAX_INPUT, field="code")
    typed = typed.removeprefix("稽核碼").lstrip(": ")  # copied with its label (the ：folded to :)
    if not typed:
        raise ValidationError(f"請輸入稽核碼（報表最後一行的數字，例如 {SEAL_EXAMPLE}）。", field="code")
    for ch in typed:
        if ch not in ASCII_DIGITS and ch not in _SEPARATORS:
            raise ValidationError(
                f"稽核碼只有數字和「-」，「{ch}」不是；請對照報表再輸入一次（例如 {SEAL_EXAMPLE}）。", field="code"
            )
    digits = "".join(ch for ch in typed if ch in ASCII_DIGITS)
    least = 1 + HASH_DIGITS + CHECK_DIGITS
    if len(digits) < least:
        raise ValidationError(
            f"稽核碼少了數字：至少有 {least} 個數字（例如 {SEAL_EXAMPLE}），這裡只有 {len(digits)} 個。", field="code"
        )
    if int(digits) % 97 != 1:
        raise ValidationError("稽核碼有數字打錯了（最後兩位檢查碼不符），請對照報表再輸入一次。", field="code")
    return int(digits[: -HASH_DIGITS - CHECK_DIGITS]), digits[-HASH_DIGITS - CHECK_DIGITS : -CHECK_DIGITS]


@dataclass(frozen=True)
class TableChange:
    """Records of one table changed since the seal, named as a clerk calls the table."""

    table: str
    records: int


@dataclass(frozen=True)
class SealCheck:
    """What ``check_seal`` found: the sealed row, the chain up to it, the period's changes since."""

    code: str  # as the report prints it
    seq: int  # the sealed row's place in the chain (0: sealed before any row)
    sealed_at: dt.datetime | None  # when that row was written: the report was built after it
    period: Period
    changes: tuple[TableChange, ...]  # audited changes since, to records of the period
    chain_breaks: int  # places where the chain up to the sealed row no longer holds

    @property
    def changed_records(self) -> int:
        return sum(change.records for change in self.changes)

    @property
    def unchanged(self) -> bool:
        """The period's records are as they were when the report was built."""
        return not self.changes and not self.chain_breaks

    def verdict(self) -> str:
        if not self.changes:
            return "本期資料自報表製作後未曾變更。"
        listed = "、".join(f"{change.table} {change.records:,} 筆" for change in self.changes)
        return f"本期資料自報表製作後已有 {self.changed_records:,} 筆變更：{listed}。"

    def lines(self) -> list[str]:
        """Everything, one finding a line (the command line prints these)."""
        if self.sealed_at is None:
            where = "稽核紀錄還是空的時候"
        else:
            where = f"第 {self.seq:,} 筆稽核紀錄（{format_roc(self.sealed_at.date())} {self.sealed_at:%H:%M:%S}）"
        lines = [self.verdict(), f"稽核碼 {self.code}：報表製作於{where}之後；期間 {self.period.full_label}。"]
        if self.chain_breaks:
            lines.append(
                f"報表製作以前的稽核紀錄有 {self.chain_breaks:,} 處與鏈結不符，已被改過：請執行稽核檢查查看各處。"
            )
        return lines


def check_seal(code: str, period: Period) -> SealCheck:
    """Find the row a 稽核碼 names and list the audited changes since to ``period``'s records.

    A change counts when the record belonged to the period before it or after it (a date moved
    out of the period changes the period too). Changes made outside the program leave no
    audit row: the whole check (``models.verify``) finds those."""
    seq, digits = _read_code(code)
    with storage_errors():
        sealed = AuditEntry.get_or_none(AuditEntry.seq == seq) if seq else None
        if seq and sealed is None:
            head = chain_head()[0]
            raise ValidationError(
                f"找不到稽核碼所指的第 {seq:,} 筆稽核紀錄（目前只到第 {head:,} 筆）：{_NOT_THIS_LEDGER}。", field="code"
            )
        if _hash_digits((sealed.row_hash or GENESIS_HASH) if sealed else GENESIS_HASH) != digits:
            raise ValidationError(
                f"稽核碼與第 {seq:,} 筆稽核紀錄不符：{_NOT_THIS_LEDGER}，或稽核紀錄在報表製作後被改寫過；"
                "請執行稽核檢查。",
                field="code",
            )
        breaks, _ = chain_breaks(plain_rows(AuditEntry.seq.between(1, seq)).order_by(AuditEntry.seq).iterator())
        changes = _changes_since(seq, period)
    return SealCheck(
        _format_code(seq, digits), seq, sealed.at if sealed else None, period, changes, len(breaks)
    )


def _changes_since(seq: int, period: Period) -> tuple[TableChange, ...]:
    later = AuditEntry.seq > seq, AuditEntry.action.in_(sorted(STATE_ACTIONS))
    tables = (
        AuditEntry.select(AuditEntry.table_name, peewee.fn.MIN(AuditEntry.seq))
        .where(*later)
        .group_by(AuditEntry.table_name)
        .order_by(peewee.fn.MIN(AuditEntry.seq))  # in the order they were first changed
        .tuples()
    )
    changes = []
    for table, _first in list(tables):
        models = models_for_table(table)
        declared = [model.period_date for model in models if model.period_date is not None]
        if models and not declared:
            continue  # set-up data (users, settings, categories): no period's records
        rows = AuditEntry.select(AuditEntry.record_id, AuditEntry.before, AuditEntry.after).where(
            *later, AuditEntry.table_name == table
        )
        touched = {
            record_id
            for record_id, before, after in rows.tuples().iterator()
            # A table this program does not know (written by a newer version): counted, to be safe.
            if not declared or any(
                date.touches(before, period.start, period.end) or date.touches(after, period.start, period.end)
                for date in declared
            )
        }
        if touched:
            text = history_text(models[0]) if models else None
            changes.append(TableChange(text.title if text else table, len(touched)))
    return tuple(changes)
