"""Survey follow-ups (問卷追蹤, SPEC §2.1): the forms that ask for a call back, the secretary's
call about each, and the erasure of contact phones.

Which forms are on the list is never stored: it is read from the forms each time (a form not
voided, with a comment or an answer whose option says ``follow_up`` — 不滿意 and 非常不滿意 in
the standard edition, as the questionnaire's data says), so a correction or a void takes a
form on or off the list in the very transaction that changes the form, and nothing can drift.
What is stored is the call (``FollowUp``): made when the secretary first records one,
changed by audited updates, closed once, voided with a reason like any record. A form
corrected off the list and back again keeps its call.

A contact phone is personal data (個人資料保護法). Only 研考 reads it whole
(``models.survey.forms.contact_phone_for``); the audit trail and every export carry its mask
(``mask_phone``). It is erased when its follow-up is closed, and otherwise at the first start
on or after ``followup.phone_retention_days`` days from the survey date (the day the visitor
wrote it down; voided forms at the first start after the void). Erasing writes the form's
audit row of action "erase" (which field, never the number) in the same transaction, then
``models.db.scrub_freed_space`` makes the old bytes leave the file and its -wal.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from models.accounts import Role, User, require_role
from models.audit import AccountableModel, audited, chain_transaction, void_record
from models.base import PeriodDate, now, validate_entry_date
from models.db import db, scrub_freed_space, storage_errors
from models.errors import ValidationError
from models.labels import HistoryText
from models.rocdate import format_roc
from models.settings import PHONE_RETENTION_DAYS, get_setting
from models.survey.forms import SurveyAnswer, SurveyResponse, mask_phone
from models.survey.questionnaire import QuestionItem, QuestionOption

NOTE_MAX_LENGTH = 500
SECRETARY_ONLY = "問卷追蹤只有研考可以查看或記錄。"
NOT_ON_LIST = "這張問卷不在追蹤名單上（可能已作廢，或修改後不再需要追蹤），請重新整理清單。"
ALREADY_CLOSED = "這筆追蹤已經結案了，不能再修改；記錯了請作廢後重新記錄。"

OPEN, CALLED, CLOSED = "open", "called", "closed"
STATUS_LABELS = {OPEN: "待聯絡", CALLED: "已聯絡", CLOSED: "已結案"}


class FollowUp(AccountableModel):
    """The secretary's call about one form; at most one not voided per form."""

    response = peewee.ForeignKeyField(SurveyResponse, backref="+", on_delete="RESTRICT", verbose_name="問卷")
    call_date = peewee.DateField(verbose_name="聯絡日期")
    reason = peewee.TextField(default="", verbose_name="民眾反映原因")
    improvement = peewee.TextField(default="", verbose_name="告知改善情形")
    closed_at = peewee.DateTimeField(null=True, verbose_name="結案時間")
    closed_by = peewee.ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT", verbose_name="結案者")

    history_text = HistoryText("問卷追蹤", summary=("response", "call_date", "reason", "improvement", "closed_at"))
    period_date = PeriodDate("call_date")

    class Meta:
        table_name = "follow_up"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True)
class CallInput:
    """What the secretary typed about a call, before it is checked."""

    call_date: dt.date | None
    reason: str = ""
    improvement: str = ""


@dataclass(frozen=True)
class FollowUpRow:
    """One form on the follow-up list, with everything the list shows."""

    response_id: int
    survey_date: dt.date
    number: int  # 第 n 張 of its day, as the survey desk numbers the day's forms
    answers: tuple[tuple[str, str], ...]  # (item code, option) of each answer that asks for a call
    comment: str
    masked_phone: str | None  # None: no number (never left, or erased)
    phone_erased: bool
    follow_up: FollowUp | None
    recorded_by: str  # who recorded the call ("" before any)
    closed_by: str
    items: tuple[str, ...] = ()  # the item of each of ``answers``, in the questionnaire's words

    @property
    def status(self) -> str:
        if self.follow_up is None:
            return OPEN
        return CLOSED if self.follow_up.is_closed else CALLED

    def get_id(self) -> int:
        return self.response_id


@dataclass(frozen=True)
class Closed:
    """A closed follow-up, and whether its form's number has left the storage too."""

    follow_up: FollowUp
    phone_erased: bool  # the form had a number, and it is erased
    file_cleared: bool  # the old bytes have left the file and its -wal (see scrub_freed_space)


@dataclass(frozen=True)
class Erasure:
    """What the retention sweep erased."""

    forms: int
    file_cleared: bool


# --- which forms are on the list ----------------------------------------------------------


def _asking_answers() -> peewee.ModelSelect:
    """Answers whose option asks for a call back (BLANK and MULTIPLE match no option)."""
    return SurveyAnswer.select(SurveyAnswer.response).join(
        QuestionOption,
        on=(QuestionOption.item == SurveyAnswer.item) & (QuestionOption.position == SurveyAnswer.choice),
    ).where(QuestionOption.follow_up)


def _on_list() -> peewee.Expression:
    return SurveyResponse.voided_at.is_null() & (
        (SurveyResponse.comment != "") | SurveyResponse.id.in_(_asking_answers())
    )


def _live(query: peewee.ModelSelect) -> peewee.ModelSelect:
    return query.where(FollowUp.voided_at.is_null())


def follow_up_list(
    actor: User, *, start: dt.date | None = None, end: dt.date | None = None, status: str | None = None
) -> list[FollowUpRow]:
    """The forms that ask for a call back, oldest survey date first (their numbers are the
    first to be erased), with their call; ``status`` one of OPEN, CALLED, CLOSED or None for all."""
    require_role(actor, Role.SECRETARY, message=SECRETARY_ONLY)
    where = _on_list()
    if start is not None:
        where &= SurveyResponse.survey_date >= start
    if end is not None:
        where &= SurveyResponse.survey_date <= end
    with storage_errors():
        forms = list(SurveyResponse.select().where(where).order_by(SurveyResponse.survey_date, SurveyResponse.id))
        ids = [form.id for form in forms]
        answers, items = _asking_answers_of(ids)
        calls = _calls_of(ids)
        numbers = _day_numbers({form.survey_date for form in forms})
    rows = []
    for form in forms:
        call = calls.get(form.id)
        rows.append(FollowUpRow(
            response_id=form.id,
            survey_date=form.survey_date,
            number=numbers[form.id],
            answers=tuple(answers.get(form.id, ())),
            comment=form.comment,
            masked_phone=mask_phone(form.contact_phone),
            phone_erased=form.phone_erased_at is not None,
            follow_up=call,
            recorded_by=call.created_by.name if call is not None else "",
            closed_by=call.closed_by.name if call is not None and call.closed_by_id is not None else "",
            items=tuple(items.get(form.id, ())),
        ))
    return [row for row in rows if status is None or row.status == status]


def _asking_answers_of(ids: list[int]) -> tuple[dict[int, list[tuple[str, str]]], dict[int, list[str]]]:
    """Each form's answers that ask for a call, (item code, option), and their items in words."""
    found: dict[int, list[tuple[str, str]]] = {}
    items: dict[int, list[str]] = {}
    if not ids:
        return found, items
    rows = (
        SurveyAnswer.select(SurveyAnswer.response, QuestionItem.code, QuestionOption.label, QuestionItem.text)
        .join(QuestionItem, on=(QuestionItem.id == SurveyAnswer.item))
        .join(
            QuestionOption,
            on=(QuestionOption.item == SurveyAnswer.item) & (QuestionOption.position == SurveyAnswer.choice),
        )
        .where(SurveyAnswer.response.in_(ids), QuestionOption.follow_up)
        .order_by(SurveyAnswer.response, QuestionItem.position)
        .tuples()
    )
    for response_id, code, label, item in rows:
        found.setdefault(response_id, []).append((code, label))
        items.setdefault(response_id, []).append(item)
    return found, items


def _calls_of(ids: list[int]) -> dict[int, FollowUp]:
    if not ids:
        return {}
    recorder, closer = User.alias(), User.alias()
    query = (
        FollowUp.select(FollowUp, recorder.id, recorder.name, closer.id, closer.name)
        .join(recorder, on=(FollowUp.created_by == recorder.id))
        .switch(FollowUp)
        .join(closer, peewee.JOIN.LEFT_OUTER, on=(FollowUp.closed_by == closer.id))
        .where(FollowUp.response.in_(ids))
    )
    return {call.response_id: call for call in _live(query)}


def _day_numbers(days: set[dt.date]) -> dict[int, int]:
    """Each form's place in its day (voided ones counted), as the survey desk shows it."""
    numbers: dict[int, int] = {}
    if not days:
        return numbers
    seen: dict[dt.date, int] = {}
    query = SurveyResponse.select(SurveyResponse.id, SurveyResponse.survey_date).where(
        SurveyResponse.survey_date.in_(sorted(days))
    )
    for response_id, day in query.order_by(SurveyResponse.id).tuples():
        seen[day] = numbers[response_id] = seen.get(day, 0) + 1
    return numbers


def waiting_count(actor: User) -> int:
    """Forms on the list without a call yet (待聯絡): what the secretary's first screen says."""
    require_role(actor, Role.SECRETARY, message=SECRETARY_ONLY)
    called = _live(FollowUp.select(FollowUp.response))
    with storage_errors():
        return SurveyResponse.select().where(_on_list() & SurveyResponse.id.not_in(called)).count()


# --- recording the call -------------------------------------------------------------------


def record_call(actor: User, response: SurveyResponse, entry: CallInput, today: dt.date | None = None) -> FollowUp:
    """Record (or correct) the call about a form on the list; the follow-up stays open."""
    return _save_call(actor, response, entry, close=False, today=today)[0]


def close_follow_up(actor: User, response: SurveyResponse, entry: CallInput, today: dt.date | None = None) -> Closed:
    """Record the call and close the follow-up; the form's contact phone is erased in the same
    transaction, then from the storage itself."""
    follow_up, erased, xid = _save_call(actor, response, entry, close=True, today=today)
    return Closed(follow_up, erased, _scrub(xid) if erased else True)


def check_call(
    entry: CallInput, *, closing: bool, survey_date: dt.date | None = None, today: dt.date | None = None
) -> tuple[dt.date, str, str]:
    """What the call's input says, checked without the database (the screen asks 結案's
    question only about a call that can be saved): the date, the reason, the improvement."""
    call_date = validate_entry_date(entry.call_date, "聯絡日期", today)
    reason = _note(entry.reason, "民眾反映原因", "reason")
    improvement = _note(entry.improvement, "告知改善情形", "improvement")
    if closing and not reason:
        raise ValidationError("結案前請寫下民眾反映的原因。", field="reason")
    if survey_date is not None:
        _require_after_survey(call_date, survey_date)
    return call_date, reason, improvement


def _require_after_survey(call_date: dt.date, survey_date: dt.date) -> None:
    if call_date < survey_date:
        raise ValidationError(f"聯絡日期不能早於問卷日期（{format_roc(survey_date)}）。", field="date")


def _note(text: str | None, label: str, field: str) -> str:
    text = (text or "").strip()
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(f"{label}最多 {NOTE_MAX_LENGTH} 個字。", field=field)
    return text


def _save_call(
    actor: User, response: SurveyResponse, entry: CallInput, *, close: bool, today: dt.date | None
) -> tuple[FollowUp, bool, int | None]:
    """The call saved; whether a number was erased with it, and the transaction's id
    (PostgreSQL's; None on SQLite), which the scrub afterwards needs."""
    actor = require_role(actor, Role.SECRETARY, message=SECRETARY_ONLY)
    call_date, reason, improvement = check_call(entry, closing=close, today=today)
    with storage_errors(), chain_transaction():  # queued for the chain before anything is read
        form = SurveyResponse.select().where(SurveyResponse.id == response.id, _on_list()).first()
        if form is None:
            raise ValidationError(NOT_ON_LIST)
        _require_after_survey(call_date, form.survey_date)
        follow_up = _live(FollowUp.select().where(FollowUp.response == form.id)).first()
        if follow_up is not None and follow_up.is_closed:
            raise ValidationError(ALREADY_CLOSED)
        if follow_up is not None and not close and (follow_up.call_date, follow_up.reason, follow_up.improvement) == (
            call_date, reason, improvement
        ):
            return follow_up, False, None  # saved again unchanged: nothing to write
        action = "insert" if follow_up is None else "update"
        if follow_up is None:
            follow_up = FollowUp(response=form.id, created_by=actor)
        with audited(actor, follow_up, action):
            follow_up.call_date, follow_up.reason, follow_up.improvement = call_date, reason, improvement
            if close:
                follow_up.closed_at, follow_up.closed_by = now(), actor.id
            follow_up.save(force_insert=action == "insert")
        erased = close and form.contact_phone is not None
        if erased:
            _erase_phone(actor, form)
        xid = _transaction_id()
    return follow_up, erased, xid


def void_follow_up(actor: User, follow_up: FollowUp, reason: str) -> None:
    """A call recorded on the wrong form, voided with the reason: the form waits for a call
    again; a number its closing erased stays erased."""
    void_record(require_role(actor, Role.SECRETARY, message=SECRETARY_ONLY), follow_up, reason)


# --- erasing the contact phone ------------------------------------------------------------


def _erase_phone(actor: User | None, form: SurveyResponse) -> None:
    """Overwrite the number (audited as "erase": the trail says which field, and holds only the
    mask it always held). Inside the caller's transaction."""
    with audited(actor, form, "erase"):
        form.contact_phone = None
        form.phone_erased_at = now()
        form.save()


def _transaction_id() -> int | None:
    return getattr(db.obj, "current_xid", None)  # models.db.ServerDatabase keeps it; SQLite has none


def _scrub(xid: int | None) -> bool:
    return scrub_freed_space(db.obj, [SurveyResponse._meta.table_name], xid)


def _due_for_erasure(today: dt.date) -> peewee.ModelSelect:
    # (A closed follow-up's number went with the closing, and a correction cannot bring it back.)
    kept_until = today - dt.timedelta(days=int(get_setting(PHONE_RETENTION_DAYS)))
    return SurveyResponse.select().where(
        SurveyResponse.contact_phone.is_null(False)
        & ((SurveyResponse.survey_date <= kept_until) | SurveyResponse.voided_at.is_null(False))
    )


def erase_due_phones(today: dt.date | None = None) -> Erasure:
    """The sweep at each start (``models.storage.open_ledger``): erase every number whose
    survey date is ``followup.phone_retention_days`` or more days ago, or of a voided form,
    then scrub the storage once. Written by the program itself (no user); a start with nothing
    due reads the setting and one count, and writes nothing."""
    today = today or dt.date.today()
    with storage_errors():
        if not _due_for_erasure(today).exists():
            return Erasure(0, True)
        with chain_transaction():
            due = list(_due_for_erasure(today).order_by(SurveyResponse.id))  # again, now in the queue
            for form in due:
                _erase_phone(None, form)
            xid = _transaction_id()
    return Erasure(len(due), _scrub(xid))
