"""Survey follow-ups: which forms are on the list (read from the forms, so voids and
corrections move them), the secretary's call, who may see it, and the contact phone erased
from the rows, the audit trail's readable text, the SQLite file and its -wal, and
PostgreSQL's table pages."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from models.accounts import Role, User
from models.audit import AuditEntry, history, void_record
from models.db import db, open_connection
from models.errors import PermissionDenied, ValidationError
from models.registers.followups import (
    ALREADY_CLOSED,
    CALLED,
    CLOSED,
    NOT_ON_LIST,
    OPEN,
    SECRETARY_ONLY,
    CallInput,
    Erasure,
    FollowUp,
    close_follow_up,
    erase_due_phones,
    follow_up_list,
    record_call,
    void_follow_up,
    waiting_count,
)
from models.settings import PHONE_RETENTION_DAYS, set_settings
from models.storage import migrate, migrations_directory, open_ledger
from models.survey.forms import (
    PHONE_ERASED,
    PHONE_SECRETARY_ONLY,
    ResponseInput,
    SurveyBatch,
    SurveyResponse,
    contact_phone_for,
    correct_response,
    save_response,
    start_batch,
)
from models.survey.questionnaire import QuestionItem, QuestionOption
from models.users import create_first_secretary, create_user
from models.verify import verify
from tests.conftest import PG_URL

CODES = "ABCDEFGHIJK"
ALL_ONES = {code: 1 for code in CODES}
SURVEY_DAY = dt.date(2024, 3, 5)
CALL_DAY = dt.date(2024, 3, 8)
TODAY = dt.date(2024, 4, 1)
PHONE = "0912-345-678"


def staff(*roles: Role) -> dict[str, User]:
    """The secretary ("boss") and one user of each of ``roles``, in a new ledger."""
    boss = create_first_secretary("林秘書", "246813", "246813")
    names = {Role.VOLUNTEER: "陳志工", Role.OPERATOR: "張總機", Role.DUTY: "王輪值"}
    return {"boss": boss, **{role: create_user(boss, names[role], role) for role in roles}}


@pytest.fixture
def people(any_database: peewee.Database) -> dict[str, User]:
    return staff(Role.VOLUNTEER, Role.OPERATOR, Role.DUTY)


@pytest.fixture
def batch(people: dict[str, User]) -> SurveyBatch:
    return start_batch(people[Role.VOLUNTEER], SURVEY_DAY, None)


def form(people: dict[str, User], batch: SurveyBatch, answers: dict[str, int] | None = None,
         comment: str = "", phone: str = "") -> SurveyResponse:
    entry = ResponseInput({**ALL_ONES, **(answers or {})}, comment, phone, bool(phone))
    return save_response(people[Role.VOLUNTEER], batch, entry)


def listed(people: dict[str, User], **filters: object) -> list[int]:
    return [row.response_id for row in follow_up_list(people["boss"], **filters)]


def reload(response: SurveyResponse) -> SurveyResponse:
    return SurveyResponse.get_by_id(response.id)


def written() -> tuple[int, int, list[object]]:
    """What a refused input must leave as it was: follow-ups, audit rows, the forms' phones."""
    phones = [r.contact_phone for r in SurveyResponse.select().order_by(SurveyResponse.id)]
    return FollowUp.select().count(), AuditEntry.select().count(), phones


# ---------------------------------------------------------------- who is on the list


def test_the_questionnaire_s_data_says_which_options_ask_for_a_call(any_database: peewee.Database) -> None:
    asking = (
        QuestionOption.select(QuestionItem.code, QuestionOption.position, QuestionOption.label)
        .join(QuestionItem)
        .where(QuestionOption.follow_up)
        .order_by(QuestionItem.position, QuestionOption.position)
        .tuples()
    )
    satisfaction = [code for code in CODES if code != "K"]  # K is a duration: 60分鐘以上 is no complaint
    assert list(asking) == [(code, p, label) for code in satisfaction for p, label in ((4, "不滿意"), (5, "非常不滿意"))]


def test_a_dissatisfied_answer_or_a_comment_puts_a_form_on_the_list(
    people: dict[str, User], batch: SurveyBatch
) -> None:
    form(people, batch)  # all 非常滿意, no comment
    unhappy = form(people, batch, {"C": 4, "G": 5})
    commented = form(people, batch, comment="櫃台可以再多一張椅子")
    form(people, batch, {"K": 5, "A": 3, "B": 0, "D": 9})  # 60分鐘以上, 無意見, blank, two ticked
    form(people, batch, comment="   ")  # nothing but spaces is no comment
    rows = follow_up_list(people["boss"])
    assert [row.response_id for row in rows] == [unhappy.id, commented.id]
    assert rows[0].answers == (("C", "不滿意"), ("G", "非常不滿意"))
    assert rows[0].items == ("電話禮貌", "承辦人的服務態度")  # each answer's item, in the questionnaire's words
    assert (rows[0].number, rows[1].number) == (2, 3)  # 第 n 張 of the day, as the desk numbers them
    assert rows[1].comment == "櫃台可以再多一張椅子" and rows[1].answers == ()
    assert {row.status for row in rows} == {OPEN}


def test_what_asks_for_a_call_is_the_questionnaire_s_data_not_the_code(
    people: dict[str, User], batch: SurveyBatch
) -> None:
    neutral = form(people, batch, {"A": 3})
    assert listed(people) == []
    item_a = QuestionItem.get(QuestionItem.code == "A")
    QuestionOption.update(follow_up=True).where(QuestionOption.item == item_a, QuestionOption.position == 3).execute()
    assert listed(people) == [neutral.id]


def test_a_correction_takes_a_form_on_and_off_the_list(people: dict[str, User], batch: SurveyBatch) -> None:
    boss = people["boss"]
    response = form(people, batch)
    assert listed(people) == []
    correct_response(boss, response, ResponseInput({**ALL_ONES, "J": 4}))
    assert listed(people) == [response.id]
    correct_response(boss, response, ResponseInput(ALL_ONES))
    assert listed(people) == []
    correct_response(boss, response, ResponseInput(ALL_ONES, "請改善停車"))
    assert listed(people) == [response.id]
    correct_response(boss, response, ResponseInput(ALL_ONES, ""))
    assert listed(people) == []


def test_a_void_takes_a_form_off_the_list(people: dict[str, User], batch: SurveyBatch) -> None:
    response = form(people, batch, {"D": 5})
    kept = form(people, batch, comment="很好")
    void_record(people["boss"], reload(response), "重複輸入")
    assert listed(people) == [kept.id]


def test_a_call_stays_with_its_form_when_a_correction_takes_it_off_the_list_and_back(
    people: dict[str, User], batch: SurveyBatch
) -> None:
    boss = people["boss"]
    response = form(people, batch, {"H": 4})
    call = record_call(boss, response, CallInput(CALL_DAY, "解說太快"), today=TODAY)
    correct_response(boss, response, ResponseInput(ALL_ONES))
    assert listed(people) == []
    with pytest.raises(ValidationError, match=NOT_ON_LIST):
        record_call(boss, response, CallInput(CALL_DAY, "解說太快"), today=TODAY)
    correct_response(boss, response, ResponseInput({**ALL_ONES, "H": 5}))
    (row,) = follow_up_list(boss)
    assert (row.status, row.follow_up.id, row.follow_up.reason) == (CALLED, call.id, "解說太快")


def test_filters_by_survey_date_and_status(people: dict[str, User]) -> None:
    boss = people["boss"]
    early = form(people, start_batch(boss, dt.date(2024, 1, 10), None), {"A": 4})
    called = form(people, start_batch(boss, dt.date(2024, 2, 10), None), {"A": 4})
    closed = form(people, start_batch(boss, dt.date(2024, 3, 10), None), {"A": 4})
    record_call(boss, called, CallInput(dt.date(2024, 2, 12), "環境"), today=TODAY)
    close_follow_up(boss, closed, CallInput(dt.date(2024, 3, 12), "環境"), today=TODAY)
    assert listed(people) == [early.id, called.id, closed.id]
    assert listed(people, start=dt.date(2024, 2, 1), end=dt.date(2024, 2, 29)) == [called.id]
    assert listed(people, status=OPEN) == [early.id]
    assert listed(people, status=CALLED) == [called.id]
    assert listed(people, status=CLOSED) == [closed.id]


# ---------------------------------------------------------------- the call


def test_recording_then_closing_a_call(people: dict[str, User], batch: SurveyBatch) -> None:
    boss = people["boss"]
    response = form(people, batch, {"C": 4}, phone=PHONE)
    call = record_call(boss, response, CallInput(CALL_DAY, " 電話轉接太久 "), today=TODAY)
    (row,) = follow_up_list(boss)
    assert (row.status, row.recorded_by, row.masked_phone, row.phone_erased) == (CALLED, "林秘書", "*******678", False)
    closed = close_follow_up(boss, response, CallInput(CALL_DAY, "電話轉接太久", "已請總機先報分機"), today=TODAY)
    # (Whether the storage is scrubbed at once is the storage tests' below: on a shared server
    # anyone's older transaction may postpone it.)
    assert closed.follow_up.id == call.id and closed.phone_erased
    stored = FollowUp.get_by_id(call.id)
    assert (stored.call_date, stored.reason, stored.improvement) == (CALL_DAY, "電話轉接太久", "已請總機先報分機")
    assert stored.closed_by_id == boss.id and stored.closed_at is not None
    (row,) = follow_up_list(boss)
    assert (row.status, row.closed_by, row.masked_phone, row.phone_erased) == (CLOSED, "林秘書", None, True)
    erased = reload(response)
    assert erased.contact_phone is None and erased.phone_erased_at is not None
    assert [e.action for e in history(boss, "follow_up", call.id)] == ["insert", "update"]
    erase = history(boss, "survey_response", response.id)[-1]
    assert (erase.action, erase.user_id) == ("erase", boss.id)
    assert erase.after["contact_phone"] is None and erase.after["phone_erased_at"] is not None
    assert verify().ok


def test_closing_in_one_go_and_a_form_without_a_phone(people: dict[str, User], batch: SurveyBatch) -> None:
    response = form(people, batch, comment="廁所很乾淨")
    closed = close_follow_up(people["boss"], response, CallInput(CALL_DAY, "稱讚"), today=TODAY)
    assert not closed.phone_erased
    assert [e.action for e in AuditEntry.select().where(AuditEntry.table_name == "follow_up")] == ["insert"]
    assert not AuditEntry.select().where(AuditEntry.action == "erase").exists()


def test_a_voided_call_puts_the_form_back_to_be_called_and_its_phone_stays_erased(
    people: dict[str, User], batch: SurveyBatch
) -> None:
    boss = people["boss"]
    response = form(people, batch, {"E": 5}, phone=PHONE)
    closed = close_follow_up(boss, response, CallInput(CALL_DAY, "網站不好找"), today=TODAY)
    void_follow_up(boss, FollowUp.get_by_id(closed.follow_up.id), "記在別張問卷上")
    stored = FollowUp.get_by_id(closed.follow_up.id)
    assert (stored.void_reason, stored.voided_by_id) == ("記在別張問卷上", boss.id)
    assert [e.action for e in history(boss, "follow_up", stored.id)] == ["insert", "void"]
    (row,) = follow_up_list(boss)
    assert (row.status, row.follow_up, row.phone_erased) == (OPEN, None, True)
    again = record_call(boss, response, CallInput(CALL_DAY, "網站不好找"), today=TODAY)
    assert again.id != closed.follow_up.id and reload(response).contact_phone is None


@pytest.mark.parametrize(
    "call, close, message, field",
    [
        pytest.param(CallInput(None, "原因"), False, "請輸入聯絡日期。", "date", id="no-date"),
        pytest.param(CallInput(TODAY + dt.timedelta(days=1), "原因"), False, "聯絡日期不能晚於今天。", "date", id="future"),
        pytest.param(CallInput(SURVEY_DAY - dt.timedelta(days=1), "原因"), False, "聯絡日期不能早於問卷日期（113/03/05）。", "date",
                     id="before-the-survey"),
        pytest.param(CallInput(dt.date(1911, 12, 31), "原因"), False, "聯絡日期不能早於民國1年。", "date", id="before-roc"),
        pytest.param(CallInput(CALL_DAY, "長" * 501), False, "民眾反映原因最多 500 個字。", "reason", id="long-reason"),
        pytest.param(CallInput(CALL_DAY, "原因", "長" * 501), True, "告知改善情形最多 500 個字。", "improvement",
                     id="long-improvement"),
        pytest.param(CallInput(CALL_DAY, ""), True, "結案前請寫下民眾反映的原因。", "reason", id="close-without-reason"),
        pytest.param(CallInput(CALL_DAY, " \n　"), True, "結案前請寫下民眾反映的原因。", "reason", id="close-blank-reason"),
    ],
)
def test_bad_input_says_why_beside_its_field_and_writes_nothing(
    people: dict[str, User], batch: SurveyBatch, call: CallInput, close: bool, message: str, field: str
) -> None:
    response = form(people, batch, {"C": 4}, phone=PHONE)
    before = written()
    save = close_follow_up if close else record_call
    with pytest.raises(ValidationError) as caught:
        save(people["boss"], response, call, today=TODAY)
    assert str(caught.value).startswith(message.removesuffix("。")) and caught.value.field == field
    assert written() == before


@pytest.mark.parametrize(
    "reason, message",
    [("", "作廢必須寫明原因。"), (" \n　", "作廢必須寫明原因。"), ("長" * 201, "作廢原因最多 200 個字。")],
    ids=["none", "blank", "long"],
)
def test_a_void_without_a_reason_is_refused_and_writes_nothing(
    people: dict[str, User], batch: SurveyBatch, reason: str, message: str
) -> None:
    call = record_call(people["boss"], form(people, batch, {"C": 4}), CallInput(CALL_DAY, "原因"), today=TODAY)
    before = written()
    with pytest.raises(ValidationError) as caught:
        void_follow_up(people["boss"], call, reason)
    assert (str(caught.value), caught.value.field) == (message, "reason")
    assert written() == before and not FollowUp.get_by_id(call.id).is_voided


def test_the_waiting_count_is_the_forms_not_yet_called(people: dict[str, User]) -> None:
    boss = people["boss"]
    waiting = [form(people, start_batch(boss, dt.date(2024, 1, 10 + n), None), {"A": 4}) for n in range(3)]
    form(people, start_batch(boss, dt.date(2024, 1, 20), None))  # all 非常滿意: not on the list
    voided_form = form(people, start_batch(boss, dt.date(2024, 1, 21), None), comment="重複")
    void_record(boss, reload(voided_form), "重複輸入")
    assert waiting_count(boss) == 3
    record_call(boss, waiting[0], CallInput(dt.date(2024, 2, 1), "環境"), today=TODAY)
    closed = close_follow_up(boss, waiting[1], CallInput(dt.date(2024, 2, 1), "環境"), today=TODAY)
    assert waiting_count(boss) == 1 == len(follow_up_list(boss, status=OPEN))
    void_follow_up(boss, closed.follow_up, "記在別張問卷上")
    assert waiting_count(boss) == 2 == len(follow_up_list(boss, status=OPEN))


def test_a_call_saved_again_unchanged_writes_nothing(people: dict[str, User], batch: SurveyBatch) -> None:
    response = form(people, batch, {"C": 4})
    record_call(people["boss"], response, CallInput(CALL_DAY, "原因", "改善"), today=TODAY)
    before = written()
    record_call(people["boss"], response, CallInput(CALL_DAY, " 原因 ", "改善"), today=TODAY)
    assert written() == before


def test_the_call_date_may_be_the_survey_date_and_today(people: dict[str, User], batch: SurveyBatch) -> None:
    response = form(people, batch, {"C": 4})
    assert record_call(people["boss"], response, CallInput(SURVEY_DAY, "同日"), today=TODAY).call_date == SURVEY_DAY
    assert record_call(people["boss"], response, CallInput(TODAY, "今日"), today=TODAY).call_date == TODAY


def test_a_closed_follow_up_cannot_be_closed_or_changed_again(people: dict[str, User], batch: SurveyBatch) -> None:
    boss = people["boss"]
    response = form(people, batch, {"C": 4}, phone=PHONE)
    close_follow_up(boss, response, CallInput(CALL_DAY, "原因"), today=TODAY)
    before = written()
    for save in (close_follow_up, record_call):
        with pytest.raises(ValidationError) as caught:
            save(boss, response, CallInput(CALL_DAY, "再一次"), today=TODAY)
        assert str(caught.value) == ALREADY_CLOSED
    assert written() == before


def test_a_form_off_the_list_gets_no_call(people: dict[str, User], batch: SurveyBatch) -> None:
    satisfied = form(people, batch, phone=PHONE)
    voided = form(people, batch, {"A": 5})
    void_record(people["boss"], reload(voided), "重複")
    before = written()
    for response in (satisfied, voided):
        for save in (record_call, close_follow_up):
            with pytest.raises(ValidationError, match=NOT_ON_LIST):
                save(people["boss"], response, CallInput(CALL_DAY, "原因"), today=TODAY)
    assert written() == before


# ---------------------------------------------------------------- who may

@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.OPERATOR, Role.DUTY])
def test_only_the_secretary_reads_the_list_records_calls_and_reads_the_phone(
    people: dict[str, User], batch: SurveyBatch, role: Role
) -> None:
    response = form(people, batch, {"C": 4}, phone=PHONE)
    call = record_call(people["boss"], form(people, batch, comment="另一張"), CallInput(CALL_DAY, "原因"), today=TODAY)
    someone = people[role]
    before = written()
    attempts = [
        (lambda: follow_up_list(someone), SECRETARY_ONLY),
        (lambda: record_call(someone, response, CallInput(CALL_DAY, "原因"), today=TODAY), SECRETARY_ONLY),
        (lambda: close_follow_up(someone, response, CallInput(CALL_DAY, "原因"), today=TODAY), SECRETARY_ONLY),
        (lambda: contact_phone_for(someone, response), PHONE_SECRETARY_ONLY),
        (lambda: waiting_count(someone), SECRETARY_ONLY),
        (lambda: void_follow_up(someone, call, "記錯了"), SECRETARY_ONLY),
    ]
    for attempt, message in attempts:
        with pytest.raises(PermissionDenied) as caught:
            attempt()
        assert str(caught.value) == message
    assert written() == before
    assert contact_phone_for(people["boss"], response) == PHONE


def test_a_secretary_retired_meanwhile_is_refused(people: dict[str, User], batch: SurveyBatch) -> None:
    deputy = create_user(people["boss"], "李研考", Role.SECRETARY, "135724", "135724")
    response = form(people, batch, {"C": 4})
    User.update(active=False).where(User.id == deputy.id).execute()  # on another PC
    with pytest.raises(PermissionDenied, match="已停用"):
        record_call(deputy, response, CallInput(CALL_DAY, "原因"), today=TODAY)
    assert FollowUp.select().count() == 0


# ---------------------------------------------------------------- the phone after erasure


def test_an_erased_phone_never_comes_back_through_a_correction(people: dict[str, User], batch: SurveyBatch) -> None:
    response = form(people, batch, {"C": 4}, phone=PHONE)
    stale = reload(response)  # a correction dialog opened before the erasure
    close_follow_up(people["boss"], response, CallInput(CALL_DAY, "原因"), today=TODAY)
    correct_response(people[Role.VOLUNTEER], stale, ResponseInput({**ALL_ONES, "C": 4}, "補意見", PHONE, True))
    assert (reload(response).comment, reload(response).contact_phone) == ("補意見", None)
    before = written()
    with pytest.raises(ValidationError) as caught:
        correct_response(people["boss"], reload(response), ResponseInput({**ALL_ONES, "C": 4}, "", "06-2981234", True))
    assert (str(caught.value), caught.value.field) == (PHONE_ERASED, "contact_phone")
    assert written() == before


def test_the_audit_trail_never_holds_the_number(people: dict[str, User], batch: SurveyBatch) -> None:
    response = form(people, batch, {"C": 4}, phone=PHONE)
    correct_response(people["boss"], response, ResponseInput({**ALL_ONES, "C": 5}, "", PHONE, True))
    close_follow_up(people["boss"], response, CallInput(CALL_DAY, "原因"), today=TODAY)
    text = json.dumps([[e.before, e.after] for e in AuditEntry.select()], ensure_ascii=False)
    for secret in hidden_forms(PHONE):
        assert secret not in text
    assert "*******678" in text  # what the trail keeps instead: the mask


# ---------------------------------------------------------------- retention


def test_the_sweep_erases_numbers_past_their_keeping_and_of_voided_forms(
    people: dict[str, User], any_database: peewee.Database
) -> None:
    boss = people["boss"]
    today = dt.date(2024, 6, 1)
    due = form(people, start_batch(boss, today - dt.timedelta(days=90), None), {"C": 4}, phone="0912-000-001")
    kept = form(people, start_batch(boss, today - dt.timedelta(days=89), None), {"C": 4}, phone="0912-000-002")
    voided = form(people, start_batch(boss, today - dt.timedelta(days=1), None), phone="0912-000-003")
    void_record(boss, reload(voided), "重複")
    quiet = form(people, start_batch(boss, today - dt.timedelta(days=200), None))  # no number: nothing to do
    result = erase_due_phones(today)
    assert result.forms == 2
    assert [reload(r).contact_phone for r in (due, kept, voided, quiet)] == [None, "0912-000-002", None, None]
    erased = list(AuditEntry.select().where(AuditEntry.action == "erase").order_by(AuditEntry.record_id))
    assert [(e.record_id, e.user_id) for e in erased] == [(due.id, None), (voided.id, None)]  # written by the program
    assert erase_due_phones(today).forms == 0  # nothing twice
    set_settings(boss, {PHONE_RETENTION_DAYS: "30"})
    assert erase_due_phones(today).forms == 1 and reload(kept).contact_phone is None
    assert verify().ok


def test_every_start_that_may_write_runs_the_sweep(db_path: Path) -> None:
    database = open_ledger(db_path)
    boss = create_first_secretary("林秘書", "246813", "246813")
    today = dt.date.today()
    with_phone = ResponseInput(ALL_ONES, "", PHONE, True)
    old = save_response(boss, start_batch(boss, today - dt.timedelta(days=90), None), with_phone)
    new = save_response(boss, start_batch(boss, today - dt.timedelta(days=89), None), with_phone)
    database.close()
    open_ledger(db_path, read_only=True)  # a command that only reads changes nothing
    assert reload(old).contact_phone == PHONE
    db.obj.close()
    open_ledger(db_path).close()
    open_ledger(db_path, read_only=True)
    assert (reload(old).contact_phone, reload(new).contact_phone) == (None, PHONE)
    db.obj.close()


@pytest.mark.parametrize(
    "value, message",
    [("0", "1 到 3650 的整數"), ("3651", "1 到 3650 的整數"), ("-5", "1 到 3650 的整數"), ("9.5", "1 到 3650 的整數"),
     ("", "請輸入電話保留天數"), ("٣٠", "不是 0–9 的數字")],
)
def test_a_bad_retention_is_refused_beside_its_field(people: dict[str, User], value: str, message: str) -> None:
    before = written()
    with pytest.raises(ValidationError) as caught:
        set_settings(people["boss"], {PHONE_RETENTION_DAYS: value})
    assert message in str(caught.value) and caught.value.field == PHONE_RETENTION_DAYS
    assert written() == before


# ---------------------------------------------------------------- the bytes of the storage


def hidden_forms(phone: str) -> list[str]:
    """How the number could be found: as typed, as bare digits, and the digits the mask hides."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return [phone, digits, digits[:-3]]


def encodings(texts: list[str]) -> list[bytes]:
    return [text.encode(codec) for text in texts for codec in ("utf-8", "utf-16-le", "utf-16-be")]


def sqlite_bytes(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def found_in(data: bytes, phone: str) -> list[bytes]:
    return [pattern for pattern in encodings(hidden_forms(phone)) if pattern in data]


def busy_ledger(days: list[dt.date]) -> tuple[User, list[tuple[SurveyResponse, str]]]:
    """The secretary, and forms with numbers on ``days``, a third of them corrected with longer
    and shorter comments: page rebuilds then leave old copies of rows in the unused middle of
    pages, which secure_delete does not zero."""
    people = staff(Role.VOLUNTEER)
    made = []
    for n, day in enumerate(days):
        batch = start_batch(people[Role.VOLUNTEER], day, None)
        phone = f"0912-{n:03d}-{n * 7 % 1000:03d}"
        response = form(people, batch, {"C": 4}, comment="意" * (n % 40), phone=phone)
        made.append((response, phone))
    for response, phone in made[::3]:
        for size in (120, 5, 300):
            entry = ResponseInput({**ALL_ONES, "C": 4}, "改" * size, phone, True)
            correct_response(people["boss"], reload(response), entry)
    return people["boss"], made


# secure_delete is on by default in Debian's SQLite, not necessarily in other builds; either way
# it leaves the copies a page rebuild strands in a page's unused middle.
SECURE_DELETE = pytest.mark.parametrize("secure_delete", ["ON", "OFF"])


def opened(db_path: Path, secure_delete: str) -> peewee.Database:
    database = open_ledger(db_path)
    database.execute_sql(f"PRAGMA secure_delete = {secure_delete}")
    return database


@SECURE_DELETE
def test_a_closed_follow_up_s_number_leaves_the_sqlite_file_and_its_wal(db_path: Path, secure_delete: str) -> None:
    database = opened(db_path, secure_delete)
    today = dt.date.today()
    boss, made = busy_ledger([today - dt.timedelta(days=n % 30) for n in range(240)])
    target, phone = made[3]
    others = [p for _, p in made if p != phone]
    assert found_in(sqlite_bytes(db_path), phone)  # the search finds a number that is there
    assert close_follow_up(boss, target, CallInput(today, "原因", "改善"), today=today).file_cleared
    data = sqlite_bytes(db_path)  # the program still has the file open
    assert found_in(data, phone) == []
    assert all(found_in(data, other) for other in others[:20])  # the others are still there to call
    database.close()
    assert found_in(sqlite_bytes(db_path), phone) == []


@SECURE_DELETE
def test_numbers_past_their_keeping_leave_the_sqlite_file_and_its_wal(db_path: Path, secure_delete: str) -> None:
    database = opened(db_path, secure_delete)
    today = dt.date.today()
    boss, made = busy_ledger([today - dt.timedelta(days=60 + n % 60) for n in range(240)])  # half of them 90+ days
    due = [p for r, p in made if r.survey_date <= today - dt.timedelta(days=90)]
    kept = [p for r, p in made if r.survey_date > today - dt.timedelta(days=90)]
    assert all(found_in(sqlite_bytes(db_path), p) for p in due[:20])
    assert erase_due_phones(today) == Erasure(len(due), True) and len(due) == 120  # what each start runs
    data = sqlite_bytes(db_path)  # the program still has the file open
    assert [p for p in due if found_in(data, p)] == []
    assert all(found_in(data, p) for p in kept[:20])
    database.close()
    assert [p for p in due if found_in(sqlite_bytes(db_path), p)] == []


if PG_URL:  # collected with the other PostgreSQL tests (SERVICE_LEDGER_TEST_PG)
    import psycopg

    from tests.models.test_db_server import Cluster

    @pytest.fixture(scope="module")
    def quiet_server() -> Iterator[Cluster]:
        """A server of these tests' own: a transaction of anyone else's on a shared server may
        keep an old row version alive (which the second test shows on purpose)."""
        own = Cluster()
        yield own
        own.remove()

    @pytest.fixture
    def server_ledger(quiet_server: Cluster, request: pytest.FixtureRequest) -> Iterator[peewee.Database]:
        name = "ledger_" + "".join(ch for ch in request.node.name if ch.isalnum())[-40:].lower()
        with psycopg.connect(quiet_server.url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        database = open_ledger(quiet_server.url(name))
        database.execute_sql("CREATE EXTENSION IF NOT EXISTS pageinspect")
        yield database
        database.close()

    def test_postgresql_s_table_pages_lose_the_number_too(server_ledger: peewee.Database) -> None:
        """VACUUM FULL writes the table anew: plain VACUUM would leave the old row version's
        bytes in its page (marked free, not zeroed). Read with pageinspect's get_raw_page."""
        today = dt.date.today()
        boss, made = busy_ledger([today - dt.timedelta(days=n % 30) for n in range(60)])
        target, phone = made[3]
        assert found_in(table_pages(server_ledger), phone)
        assert close_follow_up(boss, target, CallInput(today, "原因"), today=today).file_cleared
        data = table_pages(server_ledger)
        assert found_in(data, phone) == []
        assert all(found_in(data, p) for _, p in made[4:10])

    def test_postgresql_s_table_pages_lose_the_numbers_past_their_keeping(server_ledger: peewee.Database) -> None:
        today = dt.date.today()
        boss, made = busy_ledger([today - dt.timedelta(days=60 + n % 60) for n in range(120)])
        due = [p for r, p in made if r.survey_date <= today - dt.timedelta(days=90)]
        assert all(found_in(table_pages(server_ledger), p) for p in due[:10])
        result = erase_due_phones(today)
        assert (result.forms, result.file_cleared) == (len(due), True)
        data = table_pages(server_ledger)
        assert [p for p in due if found_in(data, p)] == []
        assert all(found_in(data, p) for r, p in made[:20] if p not in due)

    @pytest.mark.parametrize("older", ["a transaction elsewhere on the server", "a reader of this ledger"])
    def test_an_older_transaction_keeps_the_old_row_version_until_the_next_scrub(
        quiet_server: Cluster, server_ledger: peewee.Database, older: str
    ) -> None:
        today = dt.date.today()
        boss, ((first, first_phone), (second, second_phone)) = busy_ledger([today, today])
        ledger_name = server_ledger.database
        other = psycopg.connect(quiet_server.url("postgres" if older.startswith("a transaction") else ledger_name))
        try:
            if older.startswith("a transaction"):
                other.execute("SELECT txid_current()")  # a writer's transaction, in another database
            else:
                other.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
                other.execute("SELECT COUNT(*) FROM survey_response").fetchone()  # its snapshot still sees the number
            closed = close_follow_up(boss, first, CallInput(today, "原因"), today=today)
            assert (closed.phone_erased, closed.file_cleared) == (True, False)  # said, not pretended
            assert reload(first).contact_phone is None
            assert found_in(table_pages(server_ledger), first_phone)  # the old version, kept for it
        finally:
            other.close()
        assert close_follow_up(boss, second, CallInput(today, "原因"), today=today).file_cleared  # the next erasure
        data = table_pages(server_ledger)
        assert found_in(data, first_phone) == [] and found_in(data, second_phone) == []

    def table_pages(database: peewee.Database) -> bytes:
        """Every page of every table, index and TOAST table of the ledger, as stored."""
        relations = [row[0] for row in database.execute_sql(
            "SELECT c.oid::regclass::text FROM pg_class c "
            "WHERE c.relkind IN ('r', 'i', 't') AND (c.relnamespace = 'public'::regnamespace "
            "OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE relnamespace = 'public'::regnamespace))"
        ).fetchall()]
        pages = []
        for relation in relations:
            count = database.execute_sql(
                "SELECT pg_relation_size(%s::regclass) / current_setting('block_size')::int", (relation,)
            ).fetchone()[0]
            for page in range(count):
                pages.append(bytes(database.execute_sql("SELECT get_raw_page(%s, %s)", (relation, page)).fetchone()[0]))
        return b"".join(pages)


# ---------------------------------------------------------------- the migration


def test_a_ledger_of_an_earlier_version_gains_the_flags_and_its_forms_their_list(tmp_path: Path) -> None:
    """0007 on a ledger that already holds the questionnaire: 不滿意 and 非常不滿意 of the
    satisfaction items ask for a call, the duration item's options do not."""
    earlier = tmp_path / "earlier"
    shutil.copytree(migrations_directory(), earlier)
    for script in earlier.glob("[0-9]*.py"):
        if script.name >= "0007":
            script.unlink()
    path = tmp_path / "old.db"
    database = open_connection(path, build=lambda d: migrate(d, earlier))
    database.execute_sql(
        "INSERT INTO questionnaire (title, edition, active, created_at) VALUES ('表', '106年版', 1, '2024-01-01')"
    )
    for position, (code, kind) in enumerate((("A", "satisfaction"), ("K", "duration")), start=1):
        database.execute_sql(
            "INSERT INTO question_item (questionnaire_id, code, position, text, kind) VALUES (1, ?, ?, ?, ?)",
            (code, position, code, kind),
        )
    labels = ("非常滿意", "滿意", "無意見", "不滿意", "非常不滿意")
    for item in (1, 2):
        for position, label in enumerate(labels, start=1):
            database.execute_sql(
                "INSERT INTO question_option (item_id, position, label) VALUES (?, ?, ?)", (item, position, label)
            )
    database.close()
    database = open_ledger(path)
    asking = database.execute_sql(
        "SELECT item_id, position FROM question_option WHERE follow_up ORDER BY item_id, position"
    ).fetchall()
    assert asking == [(1, 4), (1, 5)]
    assert database.execute_sql("SELECT COUNT(*) FROM survey_response WHERE phone_erased_at IS NULL").fetchone() == (0,)
    database.close()
