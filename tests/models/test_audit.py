"""The audit trail: one entry per change, in the same transaction; voiding; who may fix what."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import peewee
import pytest

from models.accounts import Role, User
from models.audit import (
    STATE_ACTIONS,
    AuditEntry,
    audited,
    chain_head,
    history,
    require_may_modify,
    void_record,
)
from models.errors import PermissionDenied, ValidationError
from models.registers.followups import CallInput, FollowUp, close_follow_up, erase_due_phones, record_call
import models.survey.forms
from models.survey.forms import (
    ResponseInput,
    SurveyAnswer,
    SurveyBatch,
    SurveyResponse,
    answers_of,
    correct_response,
    save_response,
    start_batch,
)
from models.users import create_first_secretary, create_user
from models.verify import AUDITED, verify

SURVEY_DAY = dt.date(2024, 3, 5)
ANSWERS = {code: 1 for code in "ABCDEFGHIJK"}
OTHER_ANSWERS = {"A": 2, "B": 3, "C": 0, "D": 9, "E": 1, "F": 5, "G": 4, "H": 2, "I": 1, "J": 2, "K": 3}


def may_modify(actor: User, record: SurveyResponse, today: dt.date) -> bool:
    try:
        require_may_modify(actor, record, today)
    except PermissionDenied:
        return False
    return True


def audit_count() -> int:
    return AuditEntry.select().count()


def last_entry() -> AuditEntry:
    return AuditEntry.select().order_by(AuditEntry.id.desc()).get()


def reload(response: SurveyResponse) -> SurveyResponse:
    return SurveyResponse.get_by_id(response.id)


def creation_day(response: SurveyResponse) -> dt.date:
    """The day the form was keyed in; checked against the clock so it is not taken on trust."""
    day = reload(response).created_at.date()
    assert dt.date.today() - dt.timedelta(days=1) <= day <= dt.date.today()
    return day


@pytest.fixture
def people(any_database: peewee.Database) -> tuple[User, User]:
    secretary = create_first_secretary("林秘書", "246813", "246813")
    return secretary, create_user(secretary, "陳志工", Role.VOLUNTEER)


@pytest.fixture
def batch(volunteer: User) -> SurveyBatch:
    return start_batch(volunteer, SURVEY_DAY, 20)


@pytest.fixture
def response(volunteer: User, batch: SurveyBatch) -> SurveyResponse:
    return save_response(volunteer, batch, ResponseInput(ANSWERS, "很好"))


# ---------------------------------------------------------------- one entry per change


def test_insert_update_void_each_write_one_entry(people: tuple[User, User]) -> None:
    secretary, volunteer = people
    start = audit_count()

    batch = start_batch(volunteer, SURVEY_DAY, 20)
    assert audit_count() == start + 1
    entry = last_entry()
    assert (entry.user_id, entry.table_name, entry.record_id, entry.action) == (
        volunteer.id, "survey_batch", batch.id, "insert"
    )
    assert entry.before is None
    assert entry.after["survey_date"] == "2024-03-05"
    assert entry.after["expected_sheets"] == 20

    response = save_response(volunteer, batch, ResponseInput(ANSWERS, "很好"))
    assert audit_count() == start + 2
    entry = last_entry()
    assert (entry.user_id, entry.table_name, entry.record_id, entry.action) == (
        volunteer.id, "survey_response", response.id, "insert"
    )
    assert entry.before is None
    assert entry.after["answers"] == ANSWERS
    assert entry.after["comment"] == "很好"

    correct_response(secretary, response, ResponseInput(OTHER_ANSWERS, "普通"))
    assert audit_count() == start + 3
    entry = last_entry()
    assert (entry.user_id, entry.record_id, entry.action) == (secretary.id, response.id, "update")
    assert entry.before["answers"] == ANSWERS
    assert entry.before["comment"] == "很好"
    assert entry.after["answers"] == OTHER_ANSWERS
    assert entry.after["comment"] == "普通"

    void_record(secretary, reload(response), "重複輸入")
    assert audit_count() == start + 4
    entry = last_entry()
    assert (entry.user_id, entry.record_id, entry.action) == (secretary.id, response.id, "void")
    assert entry.before["voided_at"] is None
    assert entry.after["voided_at"] is not None
    assert entry.after["voided_by"] == secretary.id
    assert entry.after["void_reason"] == "重複輸入"
    assert entry.after["answers"] == OTHER_ANSWERS  # voiding keeps the answers


@pytest.mark.parametrize(
    "phone, masked, secret",
    [("0912345678", "*******678", "12345"), ("06-2981234", "******234", "2981")],
)
def test_phone_is_masked_in_the_trail(
    volunteer: User, batch: SurveyBatch, phone: str, masked: str, secret: str
) -> None:
    response = save_response(volunteer, batch, ResponseInput(ANSWERS, "請回電", phone, True))
    assert reload(response).contact_phone == phone  # the record itself keeps it for the call back
    correct_response(volunteer, response, ResponseInput(ANSWERS, "請回電話", phone, True))
    entries = list(AuditEntry.select().where(AuditEntry.table_name == "survey_response"))
    assert [e.action for e in entries] == ["insert", "update"]
    assert entries[0].after["contact_phone"] == masked
    assert entries[1].before["contact_phone"] == masked
    assert entries[1].after["contact_phone"] == masked
    for entry in entries:
        text = json.dumps([entry.before, entry.after], ensure_ascii=False)
        assert phone not in text
        assert phone.replace("-", "") not in text
        assert secret not in text


# ---------------------------------------------------------------- atomic


def test_failed_batch_change_leaves_no_change_and_no_entry(people: tuple[User, User]) -> None:
    secretary, _ = people
    batch = start_batch(secretary, SURVEY_DAY, 10)
    start = audit_count()
    with pytest.raises(RuntimeError, match="停電"):
        with audited(secretary, batch, "update"):
            batch.expected_sheets = 30
            batch.save()
            raise RuntimeError("停電")
    assert SurveyBatch.get_by_id(batch.id).expected_sheets == 10
    assert audit_count() == start


def test_failed_user_rename_leaves_no_change_and_no_entry(people: tuple[User, User]) -> None:
    secretary, volunteer = people
    start = audit_count()
    with pytest.raises(RuntimeError):
        with audited(secretary, volunteer, "update"):
            volunteer.name = "陳大明"
            volunteer.save()
            raise RuntimeError("boom")
    assert User.get_by_id(volunteer.id).name == "陳志工"
    assert audit_count() == start


class AuditWriteFailed(Exception):
    pass


def test_failed_audit_row_undoes_the_change(
    people: tuple[User, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    secretary, _ = people
    batch = start_batch(secretary, SURVEY_DAY, 10)
    start = audit_count()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AuditWriteFailed

    monkeypatch.setattr(AuditEntry, "create", refuse)
    with pytest.raises(AuditWriteFailed):
        with audited(secretary, batch, "update"):
            batch.expected_sheets = 30
            batch.save()
    monkeypatch.undo()
    assert SurveyBatch.get_by_id(batch.id).expected_sheets == 10
    assert audit_count() == start


def test_form_without_its_answers_is_never_kept(
    people: tuple[User, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, volunteer = people
    batch = start_batch(volunteer, SURVEY_DAY, 10)
    start = audit_count()

    def half_written(*args: object) -> None:
        raise AuditWriteFailed

    monkeypatch.setattr(models.survey.forms, "_write_answers", half_written)
    with pytest.raises(AuditWriteFailed):
        save_response(volunteer, batch, ResponseInput(ANSWERS))
    assert SurveyResponse.select().count() == 0
    assert SurveyAnswer.select().count() == 0
    assert audit_count() == start


# ---------------------------------------------------------------- voiding


@pytest.mark.parametrize(
    "reason, message",
    [("", "作廢必須寫明原因"), ("   ", "作廢必須寫明原因"), ("重" * 201, "作廢原因最多 200 個字")],
)
def test_void_needs_a_reason(
    secretary: User, response: SurveyResponse, reason: str, message: str
) -> None:
    start = audit_count()
    with pytest.raises(ValidationError, match=message):
        void_record(secretary, response, reason)
    stored = reload(response)
    assert (stored.voided_at, stored.voided_by_id, stored.void_reason) == (None, None, None)
    assert audit_count() == start


def test_void_reason_is_tidied_and_200_characters_fit(secretary: User, volunteer: User, batch: SurveyBatch) -> None:
    first = save_response(volunteer, batch, ResponseInput(ANSWERS))
    second = save_response(volunteer, batch, ResponseInput(ANSWERS))
    void_record(secretary, first, "  重複   輸入 ")
    void_record(secretary, second, "重" * 200)
    assert reload(first).void_reason == "重複 輸入"
    assert reload(second).void_reason == "重" * 200


def test_voiding_twice_is_refused(secretary: User, response: SurveyResponse) -> None:
    void_record(secretary, response, "重複輸入")
    start = audit_count()
    with pytest.raises(ValidationError, match="已經作廢了"):
        void_record(secretary, reload(response), "再作廢一次")
    assert reload(response).void_reason == "重複輸入"
    assert audit_count() == start


def test_voided_form_cannot_be_corrected(secretary: User, response: SurveyResponse) -> None:
    void_record(secretary, response, "重複輸入")
    start = audit_count()
    with pytest.raises(ValidationError, match="已作廢的問卷不能修改"):
        correct_response(secretary, reload(response), ResponseInput(OTHER_ANSWERS))
    assert answers_of(response) == ANSWERS
    assert audit_count() == start


# ---------------------------------------------------------------- who may change what


def test_volunteer_may_fix_own_form_of_the_same_day(volunteer: User, response: SurveyResponse) -> None:
    day = creation_day(response)
    assert may_modify(volunteer, response, day)
    correct_response(volunteer, response, ResponseInput(OTHER_ANSWERS, "改過"), today=day)
    assert answers_of(response) == OTHER_ANSWERS
    void_record(volunteer, reload(response), "看錯張", today=day)
    stored = reload(response)
    assert stored.voided_by_id == volunteer.id
    assert stored.void_reason == "看錯張"


def test_volunteer_may_not_touch_another_volunteers_form(
    secretary: User, response: SurveyResponse
) -> None:
    other = create_user(secretary, "李志工", Role.VOLUNTEER)
    day = creation_day(response)
    start = audit_count()
    assert not may_modify(other, response, day)
    with pytest.raises(PermissionDenied, match="只能修改或作廢自己今天輸入的資料"):
        correct_response(other, response, ResponseInput(OTHER_ANSWERS), today=day)
    with pytest.raises(PermissionDenied, match="只能修改或作廢自己今天輸入的資料"):
        void_record(other, response, "不是我的", today=day)
    stored = reload(response)
    assert answers_of(stored) == ANSWERS
    assert stored.comment == "很好"
    assert stored.voided_at is None
    assert audit_count() == start


def test_volunteer_may_not_touch_own_form_of_yesterday(volunteer: User, response: SurveyResponse) -> None:
    next_day = creation_day(response) + dt.timedelta(days=1)
    start = audit_count()
    assert not may_modify(volunteer, response, next_day)
    with pytest.raises(PermissionDenied, match="請洽研考"):
        correct_response(volunteer, response, ResponseInput(OTHER_ANSWERS), today=next_day)
    with pytest.raises(PermissionDenied, match="請洽研考"):
        void_record(volunteer, response, "昨天的", today=next_day)
    stored = reload(response)
    assert answers_of(stored) == ANSWERS
    assert stored.voided_at is None
    assert audit_count() == start


def test_secretary_may_fix_anyones_form_any_day(secretary: User, response: SurveyResponse) -> None:
    later = creation_day(response) + dt.timedelta(days=30)
    assert may_modify(secretary, response, later)
    correct_response(secretary, response, ResponseInput(OTHER_ANSWERS), today=later)
    assert answers_of(response) == OTHER_ANSWERS
    void_record(secretary, reload(response), "研考作廢", today=later)
    assert reload(response).voided_by_id == secretary.id


def test_other_desks_follow_the_volunteer_rule(secretary: User, batch: SurveyBatch) -> None:
    operator = create_user(secretary, "王總機", Role.OPERATOR)
    mine = save_response(operator, batch, ResponseInput(ANSWERS))
    assert may_modify(operator, mine, creation_day(mine))
    assert not may_modify(operator, mine, creation_day(mine) + dt.timedelta(days=1))


# ---------------------------------------------------------------- history


def test_history_in_order_for_the_secretary(
    secretary: User, volunteer: User, response: SurveyResponse
) -> None:
    correct_response(volunteer, response, ResponseInput(OTHER_ANSWERS), today=creation_day(response))
    void_record(secretary, reload(response), "重複輸入")
    entries = history(secretary, "survey_response", response.id)
    assert [e.action for e in entries] == ["insert", "update", "void"]
    assert [e.user.name for e in entries] == ["陳志工", "陳志工", "林秘書"]
    assert [e.after["answers"] for e in entries[:2]] == [ANSWERS, OTHER_ANSWERS]
    assert history(secretary, "survey_response", response.id + 1000) == []


def test_history_is_for_the_secretary_only(volunteer: User, response: SurveyResponse) -> None:
    with pytest.raises(PermissionDenied, match="只有研考可以查看"):
        history(volunteer, "survey_response", response.id)


# --- several PCs: what another desk changed meanwhile wins over a stale copy -----------------


def test_a_volunteer_retired_elsewhere_can_save_nothing(secretary: User, volunteer: User, batch: SurveyBatch) -> None:
    from models.users import update_user

    stale = User.get_by_id(volunteer.id)  # still signed in at the front desk
    update_user(secretary, volunteer, name=volunteer.name, role=Role.VOLUNTEER, active=False)
    before = (SurveyResponse.select().count(), audit_count())
    with pytest.raises(PermissionDenied, match="已停用"):
        save_response(stale, batch, ResponseInput(ANSWERS))
    assert (SurveyResponse.select().count(), audit_count()) == before


def test_a_pin_changed_elsewhere_is_the_one_that_counts(secretary: User) -> None:
    from models.users import check_pin, update_user

    shown_on_start_screen = User.get_by_id(secretary.id)
    update_user(secretary, secretary, name=secretary.name, role=Role.SECRETARY, active=True, pin="135724", confirm="135724")
    with pytest.raises(PermissionDenied, match="PIN 不正確"):
        check_pin(shown_on_start_screen, "246813")
    check_pin(shown_on_start_screen, "135724")


def test_the_audit_row_records_what_is_stored_not_a_stale_copy(secretary: User, volunteer: User, batch: SurveyBatch) -> None:
    response = save_response(volunteer, batch, ResponseInput(ANSWERS, comment="舊意見"))
    stale = reload(response)
    correct_response(secretary, reload(response), ResponseInput(ANSWERS, comment="新意見"))
    correct_response(secretary, stale, ResponseInput(OTHER_ANSWERS, comment="新意見"))
    assert reload(response).comment == "新意見"
    assert last_entry().before["comment"] == "新意見" and last_entry().after["comment"] == "新意見"
    assert last_entry().after["answers"] == OTHER_ANSWERS


def test_a_record_deleted_elsewhere_gets_a_message(secretary: User) -> None:
    from models.service.categories import add_category, update_category
    from models.service.counts import delete_category

    category = add_category(secretary, "臨時服務", shortcut="Q")
    shown = type(category).get_by_id(category.id)
    delete_category(secretary, category)
    with pytest.raises(ValidationError, match="已經被刪除"):
        update_category(secretary, shown, name="臨時服務二", roles=[], shortcut="Q", active=True)


# --- the chain ---------------------------------------------------------------------------


def test_every_audit_row_is_chained_to_the_one_before(people: tuple[User, User]) -> None:
    import hashlib

    from models.audit import GENESIS_HASH

    secretary, volunteer = people
    AuditEntry.create(user=volunteer, table_name="app_user", record_id=volunteer.id, action="pin_fail", after=None)
    entries = list(AuditEntry.select().order_by(AuditEntry.id))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    previous = GENESIS_HASH
    for entry in entries:
        content = json.dumps(
            {
                "seq": entry.seq, "at": entry.at.strftime("%Y-%m-%d %H:%M:%S"), "user": entry.user_id,
                "table": entry.table_name, "record_id": entry.record_id, "action": entry.action,
                "before": entry.before, "after": entry.after,
            },
            sort_keys=True, separators=(",", ":"), ensure_ascii=False,
        )
        assert entry.row_hash == hashlib.sha256(f"{previous}\n{content}".encode()).hexdigest()
        previous = entry.row_hash


def test_the_hash_of_a_row_is_the_same_on_every_backend(any_database: peewee.Database) -> None:
    """Canonical content: the literal digest below is what SQLite and PostgreSQL must both give."""
    entry = AuditEntry.create(
        at=dt.datetime(2024, 3, 5, 9, 30, 15, 999), user=None, table_name="app_setting", record_id=1,
        action="update", before={"value": [1, "2"], "key": "k"}, after={"key": "k", "value": {"b": 1.5, "a": None}},
    )
    stored = AuditEntry.get_by_id(entry.id)
    assert stored.at == dt.datetime(2024, 3, 5, 9, 30, 15)
    content = (
        '{"action":"update","after":{"key":"k","value":{"a":null,"b":1.5}},"at":"2024-03-05 09:30:15",'
        '"before":{"key":"k","value":[1,"2"]},"record_id":1,"seq":1,"table":"app_setting","user":null}'
    )
    import hashlib

    assert stored.row_hash == hashlib.sha256(("0" * 64 + "\n" + content).encode()).hexdigest()


def test_a_stored_audit_row_cannot_be_rewritten(people: tuple[User, User]) -> None:
    entry = last_entry()
    entry.action = "void"
    with pytest.raises(PermissionDenied):
        entry.save()
    assert last_entry().action == "insert"


def test_migration_chains_the_rows_already_present(tmp_path: Path) -> None:
    """A database written before the chain existed (migrations up to 0003, rows in place)."""
    import shutil

    from models.storage import migrate, migrations_directory, open_ledger
    from models.verify import verify

    old_dir = tmp_path / "old-migrations"
    old_dir.mkdir()
    for script in sorted(migrations_directory().glob("000[1-3]_*.py")):
        shutil.copy(script, old_dir)
    path = tmp_path / "old.db"
    old = peewee.SqliteDatabase(str(path))
    migrate(old, old_dir)
    old.execute_sql("INSERT INTO app_user (name, role, active, created_at) VALUES ('林秘書', 'secretary', 1, '2024-01-02 08:00:00')")
    after = {"id": 1, "name": "林秘書", "role": "secretary", "pin_hash": None, "active": True,
             "created_at": "2024-01-02T08:00:00", "created_by": None}
    for action in ("insert", "update"):
        old.execute_sql(
            "INSERT INTO audit_entry (at, user_id, table_name, record_id, action, before, after) VALUES (?, NULL, 'app_user', 1, ?, NULL, ?)",
            ("2024-01-02 08:00:00.123456", action, json.dumps(after)),
        )
    old.close()

    database = open_ledger(path)
    try:
        entries = list(AuditEntry.select().order_by(AuditEntry.id))
        assert [e.seq for e in entries] == [1, 2] and all(len(e.row_hash) == 64 for e in entries)
        result = verify()
        assert result.ok, result.lines()  # columns added since (0004's PIN counts) hold their defaults
        database.execute_sql("UPDATE app_user SET pin_failures = 7 WHERE id = 1")
        assert any("pin_failures" in line for line in verify().lines())  # but nothing else
        database.execute_sql("UPDATE app_user SET pin_failures = 0 WHERE id = 1")
        create_user(User.get_by_id(1), "陳志工", Role.VOLUNTEER)  # the next row joins the chain
        assert last_entry().seq == 3 and verify().ok
    finally:
        database.close()


# --- what an audit row says a record holds is what reading the record gives -----------------
# An insert's row is made from the copy just written, without reading it back (an update's or
# a void's is read back: the copy may hold columns another PC has changed since it was shown).
# Both must equal a fresh read, value for value, as read back from SQLite or PostgreSQL.


def as_json(value: object) -> str:
    """The JSON text a value is stored and hashed as: 1 and True, 2 and 2.0 differ here."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def newest_states_since(seq: int) -> dict[tuple[str, int], AuditEntry]:
    """The last row written after ``seq`` for each record it says the state of."""
    newest = {}
    for entry in AuditEntry.select().where(AuditEntry.seq > seq).order_by(AuditEntry.seq):
        if entry.action in STATE_ACTIONS:
            newest[(entry.table_name, entry.record_id)] = entry
    return newest


def assert_trail_is_what_a_read_gives(step: str, seq: int) -> set[tuple[str, str]]:
    """Each record changed since ``seq`` read afresh equals the ``after`` of its newest row;
    returns the (table, action) pairs checked."""
    models = {model._meta.table_name: model for model, _ in AUDITED}
    checked = set()
    for (table, record_id), entry in newest_states_since(seq).items():
        if entry.action == "delete":
            assert models[table].get_or_none(models[table].id == record_id) is None, step
            continue
        fresh = models[table].get_by_id(record_id).snapshot()
        assert as_json(entry.after) == as_json(fresh), f"{step}: {table} {record_id}"
        checked.add((table, entry.action))
    assert checked, f"{step} wrote no audit row"
    return checked


def test_every_audited_write_records_what_a_fresh_read_gives(any_database: peewee.Database) -> None:
    from models.service.categories import add_category, categories, move_category, update_category
    from models.service.counts import (
        correct_payment, delete_category, record_group, record_payment, record_press, set_day_amount,
        set_day_total, undo_last,
    )
    from models.settings import AGENCY_NAME, DURATION_WEIGHTS, PAYMENT_CONFIRM_ABOVE, set_settings
    from models.survey.forms import new_batch
    from models.users import log_in, unlock_pin, update_user

    from models.registers.courtesy import correct_courtesy_test, record_courtesy_test, void_courtesy_test
    from models.registers.events import (
        add_event_kind, correct_event, record_event, update_event_kind, void_event, void_event_kind,
    )
    from models.registers.training import E_LEARNING, IN_SERVICE, correct_training, record_training, void_training

    pin = "246813"
    day = dt.date.today()
    people: dict[str, User] = {}
    made: dict[str, object] = {}

    def first_secretary() -> None:
        people["boss"] = create_first_secretary("林秘書", pin, pin)

    def more_users() -> None:
        people["volunteer"] = create_user(people["boss"], "陳志工", Role.VOLUNTEER)
        people["duty"] = create_user(people["boss"], "王輪值", Role.DUTY)
        people["operator"] = create_user(people["boss"], "張總機", Role.OPERATOR)
        people["deputy"] = create_user(people["boss"], "李研考", Role.SECRETARY, "135724", "135724")

    def wrong_pins_then_unlock() -> None:
        for _ in range(2):
            with pytest.raises(PermissionDenied):
                log_in(people["deputy"], "000000")
        unlock_pin(people["boss"], people["deputy"])

    def rename_user() -> None:
        update_user(people["boss"], people["volunteer"], name="陳大志", role=Role.VOLUNTEER, active=True)

    def new_settings() -> None:
        set_settings(people["boss"], {
            AGENCY_NAME: "法務部行政執行署臺南分署", PAYMENT_CONFIRM_ABOVE: "５０，０００",
            DURATION_WEIGHTS: ["2.5", "10", "22.50", "45", "60"],
        })

    def changed_settings() -> None:
        set_settings(people["boss"], {PAYMENT_CONFIRM_ABOVE: "60000", DURATION_WEIGHTS: ["２.５", "10", "22.5", "45", "30"]})

    def batch_alone() -> None:
        made["batch"] = start_batch(people["volunteer"], SURVEY_DAY, 3)

    def form_with_its_new_batch() -> None:
        batch = new_batch(people["volunteer"], SURVEY_DAY, None)
        made["form"] = save_response(people["volunteer"], batch, ResponseInput(OTHER_ANSWERS, " 很好 ", "0912345678", True))

    def form_in_a_batch() -> None:
        save_response(people["volunteer"], made["batch"], ResponseInput(ANSWERS))

    def corrected_form() -> None:
        correct_response(people["boss"], made["form"], ResponseInput(ANSWERS, "普通"), SURVEY_DAY - dt.timedelta(days=1))

    def voided_form() -> None:
        void_record(people["boss"], reload(made["form"]), "重複輸入")

    def categories_changed() -> None:
        made["category"] = add_category(people["boss"], "臨時服務", roles=[Role.OPERATOR], shortcut="Q")
        seeded = categories()[0]
        update_category(people["boss"], seeded, name="總機電話服務", roles=[Role.OPERATOR, Role.DUTY], shortcut="A", active=True)
        move_category(people["boss"], made["category"], -1)
        unused = add_category(people["boss"], "不用的類別", roles=[], shortcut="")
        delete_category(people["boss"], unused)

    def counted() -> None:
        by_code = {c.code: c for c in categories()}
        record_press(people["operator"], by_code["A"])
        record_group(people["operator"], by_code["A"], "3")
        made["payment"] = record_payment(people["duty"], "NT$ 1,500 元", "R001")

    def counts_corrected() -> None:
        by_code = {c.code: c for c in categories()}
        correct_payment(people["duty"], made["payment"], "2,000", "")
        set_day_total(people["boss"], by_code["B"], day, "12")
        set_day_amount(people["boss"], by_code["G"], day, "9,000")
        undo_last(people["operator"])

    def petitions() -> None:
        from models.registers.petitions import PetitionInput, close_petition, register_petition, void_petition

        case = PetitionInput(SURVEY_DAY, "written", "inquiry", " 詢問分期繳納 ", handling_unit="執行科", confidential=True)
        made["petition"] = register_petition(people["boss"], case)
        close_petition(people["boss"], made["petition"], SURVEY_DAY + dt.timedelta(days=2), reply_method="phone")
        other = register_petition(people["boss"], PetitionInput(SURVEY_DAY, "oral", "rights", "現場陳情"))
        void_petition(people["boss"], other, "重複登記")

    def petition_corrected() -> None:
        from models.registers.petitions import Petition, PetitionInput, update_petition

        update_petition(people["boss"], Petition.get_by_id(made["petition"].id), PetitionInput(
            SURVEY_DAY, "email", "inquiry", "詢問分期繳納", mailbox="public", due_on=SURVEY_DAY + dt.timedelta(days=6),
            closed_on=SURVEY_DAY + dt.timedelta(days=3), reply_method="email", reply_satisfaction="satisfied",
        ))

    def monthly_figures() -> None:
        from models.registers.monthly import MonthEntry, save_month

        march = dt.date(2017, 3, 1)
        save_month(people["boss"], march, MonthEntry({"website_visitors": "16,597"}, {"store_tax": ("725", "3,192,961")}))
        save_month(people["boss"], march, MonthEntry({"website_visitors": ""}, {"store_tax": ("726", "3,193,061")}))

    def registers_written() -> None:
        made["test"] = record_courtesy_test(people["boss"], day, "總機", "９２")
        made["training"] = record_training(people["boss"], day, IN_SERVICE, "員工協助", "2.5", "吳惠婷")
        made["kind"] = add_event_kind(people["boss"], "社區關懷", [("人次", "count"), ("金額", "money"), ("地點", "text")])
        made["event"] = record_event(people["boss"], made["kind"], day, "關懷", {"人次": "12", "金額": "NT$ 3,000 元", "地點": "安平"})

    def registers_corrected() -> None:
        correct_courtesy_test(people["boss"], made["test"], day, "服務台", 88)
        correct_training(people["boss"], made["training"], day, E_LEARNING, "員工協助", "3")
        update_event_kind(people["boss"], made["kind"], "社區關懷活動", [("金額", "money"), ("人次", "count"), ("地點", "text"), ("次數", "count")])
        correct_event(people["boss"], made["event"], made["kind"], day, "關懷", {"人次": 13, "金額": 3000, "地點": "安平", "次數": ""}, month_only=True)
        void_courtesy_test(people["boss"], made["test"], "重複")
        void_training(people["boss"], made["training"], "重複")
        void_event(people["boss"], made["event"], "重複")
        void_event_kind(people["boss"], made["kind"], "不辦了")

    def follow_up_called() -> None:
        unhappy = ResponseInput({**ANSWERS, "C": 4}, "", "0912345678", True)
        made["unhappy"] = save_response(people["volunteer"], made["batch"], unhappy)
        made["call"] = record_call(people["boss"], made["unhappy"], CallInput(SURVEY_DAY, "等太久"))

    def follow_up_closed() -> None:  # the call, and the form's phone erased
        close_follow_up(people["boss"], made["unhappy"], CallInput(SURVEY_DAY, "等太久", "已改善"))

    def follow_up_voided() -> None:
        void_record(people["boss"], FollowUp.get_by_id(made["call"].id), "記錯問卷")

    def report_texts() -> None:
        from models.report_texts import save_text

        save_text(people["boss"], "106H1", "basic.consistency.1", " 本分署秉持依法行政\n　服務民眾 ")
        save_text(people["boss"], "106H1", "basic.consistency.1", "本分署秉持依法行政")

    def phones_swept() -> None:  # a voided form's phone, erased by the program at a start
        phoned = save_response(people["volunteer"], made["batch"], ResponseInput(ANSWERS, "", "06-2981234", True))
        void_record(people["boss"], reload(phoned), "重複輸入")
        erase_due_phones()

    steps = [
        first_secretary, more_users, wrong_pins_then_unlock, rename_user, new_settings, changed_settings,
        batch_alone, form_with_its_new_batch, form_in_a_batch, corrected_form, voided_form,
        categories_changed, counted, counts_corrected, petitions, petition_corrected, monthly_figures,
        registers_written, registers_corrected,
        follow_up_called, follow_up_closed, follow_up_voided, report_texts, phones_swept,
    ]
    checked: set[tuple[str, str]] = set()
    for step in steps:
        seq = chain_head()[0]
        step()
        checked |= assert_trail_is_what_a_read_gives(step.__name__, seq)

    tables = {table for table, _ in checked}
    assert tables == {model._meta.table_name for model, _ in AUDITED}  # every audited model
    assert {action for _, action in checked} == {"insert", "update", "void", "erase"}
    result = verify()
    assert result.ok, result.lines()


def test_the_program_s_new_records_are_audited_without_reading_them_back(
    any_database: peewee.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What each insert of the program hands over is what a read gives: the copy serves."""
    import models.audit
    from models.registers.monthly import MonthEntry, save_month
    from models.service.categories import add_category, categories
    from models.service.counts import record_group, record_payment, record_press, set_day_total
    from models.settings import AGENCY_NAME, DURATION_WEIGHTS, set_settings
    from models.survey.forms import new_batch
    from models.registers.courtesy import record_courtesy_test
    from models.registers.events import add_event_kind, record_event
    from models.registers.training import IN_SERVICE, record_training

    checked: list[tuple[str, bool]] = []
    real = models.audit.reads_back_as_is

    def recorded(record: object) -> bool:
        checked.append((type(record)._meta.table_name, real(record)))
        return checked[-1][1]

    monkeypatch.setattr(models.audit, "reads_back_as_is", recorded)
    boss = create_first_secretary("林秘書", "246813", "246813")
    operator = create_user(boss, "張總機", Role.OPERATOR)
    duty = create_user(boss, "王輪值", Role.DUTY)
    set_settings(boss, {AGENCY_NAME: "臺南分署", DURATION_WEIGHTS: ["2.5", "10", "22.5", "45", "60"]})
    start_batch(boss, SURVEY_DAY, 5)
    listed = save_response(boss, new_batch(boss, SURVEY_DAY, None), ResponseInput(OTHER_ANSWERS, "好", "0912345678", True))
    record_call(boss, listed, CallInput(SURVEY_DAY, "等太久", "已改善"))
    add_category(boss, "臨時服務", roles=[Role.OPERATOR], shortcut="Q")
    a = categories()[0]
    record_press(operator, a)
    record_group(operator, a, "3")
    record_payment(duty, "1,500", "R001")
    set_day_total(boss, a, dt.date.today(), "9")
    from models.registers.petitions import PetitionInput, register_petition

    register_petition(boss, PetitionInput(SURVEY_DAY, "phone", "rights", "查封車輛", mailbox="integrity", confidential=True))
    register_petition(boss, PetitionInput(SURVEY_DAY, "oral", "other", "詢問", closed_on=SURVEY_DAY, reply_satisfaction="fair"))
    save_month(boss, dt.date(2017, 3, 1), MonthEntry({"collected_amount": "103,432,131"}, {"bank_vehicle": ("0", "0")}))
    record_courtesy_test(boss, SURVEY_DAY, "總機", "92")
    record_training(boss, SURVEY_DAY, IN_SERVICE, "員工協助", "2.5")
    kind = add_event_kind(boss, "社區關懷", [("人次", "count"), ("金額", "money"), ("地點", "text")])
    record_event(boss, kind, SURVEY_DAY, "關懷", {"人次": "12", "金額": "3,000", "地點": "安平"}, month_only=True)
    from models.report_texts import save_text

    save_text(boss, "106H1", "basic.consistency.1", "本分署秉持依法行政")
    assert {table for table, _ in checked} == {model._meta.table_name for model, _ in AUDITED}
    assert all(as_is for _, as_is in checked), checked


def test_a_new_record_s_audit_row_holds_its_columns_as_stored(any_database: peewee.Database) -> None:
    """Values of another type than the column's (as a caller might pass them) are audited as
    reading them back gives them, not as they were handed over."""
    from models.registers.petitions import Petition
    from models.registers.monthly import MonthlyFigure, MonthlyFigureValue, PaymentChannelPair, PaymentChannelValue
    from models.service.categories import ServiceCategory
    from models.service.counts import ServiceEvent
    from models.settings import Setting
    from models.survey.questionnaire import active_questionnaire
    from models.registers.courtesy import CourtesyTest
    from models.registers.events import Event, EventKind
    from models.registers.training import TrainingSession
    from models.report_texts import ReportText

    boss = create_first_secretary("林秘書", "246813", "246813")
    at = dt.datetime(2024, 3, 5, 9, 30, 15, 123456)  # microseconds are kept by both backends
    kind = EventKind(name=5, position="9", figures=({"name": "人次", "type": "count"},), created_by=boss.id, created_at=at)
    batch = SurveyBatch(survey_date=dt.datetime(2024, 3, 5, 17, 45), expected_sheets="20", created_by=boss.id, created_at=at)
    category = ServiceCategory(
        code="Z", name="奇", position="30", has_amount=0, roles="operator", shortcut="Z", active=1, created_at="2024-03-05 09:30:15.5"
    )
    records = [
        User(name="甲", role="volunteer", active=1, created_at=at, created_by=boss, pin_failures="0", pin_failed_at="2024-03-05 09:30:15"),
        # PostgreSQL's JSONB gives 1e16 back as 10000000000000000 and -0.0 as 0.0.
        Setting(key="odd.value", value=("a", 1, {"b": (2, 3.5, 1e16, -0.0), "c": None})),
        batch,
        form := SurveyResponse(
            batch=batch, questionnaire=active_questionnaire(), survey_date="2024-03-05", comment=123,
            contact_phone="0912345678", phone_consent=1, created_by=boss,
        ),
        category,
        ServiceEvent(category=category, day=at, count="2", amount=1500.0, receipt_no=42, source="press", created_by=boss),
        Petition(
            received_on=at, channel="phone", category="rights", summary=5, handling_unit=7, due_on="2024-04-04",
            closed_on=dt.datetime(2024, 3, 7, 8, 0), confidential=1, created_by=boss.id,
        ),
        MonthlyFigureValue(month=at, figure=str(MonthlyFigure.get().id), value="16597", created_by=boss.id, created_at=at),
        PaymentChannelValue(month="2024-03-01", pair=PaymentChannelPair.get(), count=725.0, amount="3192961", created_by=boss),
        CourtesyTest(day="2024-03-05", tested=7, score="92", created_by=boss),
        # a float and more places than the column keeps: the column rounds 2.25 (to 2.2 or 2.3)
        TrainingSession(day=at, kind="in_service", title=1, hours=2.25, created_by=boss),
        kind,
        Event(kind=kind, day="2024-03-05", month_only=0, title="關懷", values={"人次": 1.0}, created_by=boss),
        FollowUp(
            response=form, call_date=at, reason=42, improvement="", created_by=boss.id, created_at=at,
            closed_at="2024-03-05 10:00:00",
        ),
        ReportText(
            period_key="113H1", period_start=at, period_end="2024-06-30", key="basic.x", text=7, created_by=boss.id,
            created_at=at,
        ),
    ]
    assert {type(r)._meta.table_name for r in records} == {model._meta.table_name for model, _ in AUDITED}
    for record in records:
        as_handed_over = record.snapshot()
        with audited(boss, record, "insert"):
            record.save(force_insert=True)
        fresh = type(record).get_by_id(record.get_id()).snapshot()
        assert as_json(last_entry().after) == as_json(fresh), type(record).__name__
        assert as_json(as_handed_over) != as_json(fresh), type(record).__name__  # the case tests something
    result = verify()
    assert result.ok, result.lines()


def test_the_demo_ledger_verifies_whole(any_database: peewee.Database) -> None:
    """Half a year of forms, day totals and payments, every row chained and audited as written."""
    from models.demo import create_demo

    create_demo()
    result = verify()
    assert result.ok, result.lines()
    assert result.audit_rows == AuditEntry.select().count() > 1000


def test_a_new_record_changed_after_its_save_is_audited_as_stored(secretary: User) -> None:
    batch = SurveyBatch(survey_date=SURVEY_DAY, expected_sheets=20, created_by=secretary)
    with audited(secretary, batch, "insert"):
        batch.save(force_insert=True)
        batch.expected_sheets = 99  # set on the copy, never saved
    assert last_entry().after == SurveyBatch.get_by_id(batch.id).snapshot()
    assert last_entry().after["expected_sheets"] == 20
