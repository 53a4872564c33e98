"""Petitions (民眾陳情案件): registering, the due date, closing, corrections, voiding, the
list's filters, who may read and write, and the confidential rule — on SQLite and PostgreSQL.

Every refusal checks the message the secretary reads, the field it is shown beside, and that
not one petition or audit row was written (or changed)."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

import models.registers.petitions
from models.accounts import Role, User
from models.audit import AuditEntry, history
from models.errors import PermissionDenied, ValidationError
from models.registers.petitions import (
    CONFIDENTIAL_HISTORY,
    ONLY_SECRETARY,
    Petition,
    PetitionFact,
    PetitionInput,
    close_petition,
    default_due_date,
    listed_petitions,
    overdue_count,
    petition_facts,
    register_petition,
    update_petition,
    void_petition,
)
from models.rocdate import parse_period
from models.settings import PETITION_DUE_DAYS, set_settings
from models.users import create_user, update_user
from tests.models.service.conftest import People

TODAY = dt.date.today()
TOMORROW = TODAY + dt.timedelta(days=1)
MARCH_3, MARCH_10, JUNE_12 = dt.date(2017, 3, 3), dt.date(2017, 3, 10), dt.date(2017, 6, 12)
CASE = PetitionInput(MARCH_3, "phone", "rights", "查封車輛何時發還", handling_unit="執行科")


def written() -> tuple[int, int]:
    return Petition.select().count(), AuditEntry.select().count()


def reload(petition: Petition) -> Petition:
    return Petition.get_by_id(petition.id)


def stored_columns(petition: Petition) -> dict[str, object]:
    return reload(petition).snapshot()


def last_audit() -> AuditEntry:
    return AuditEntry.select().order_by(AuditEntry.id.desc()).get()


# ---------------------------------------------------------------- registering


def test_a_new_case_is_stored_with_its_due_date_and_audited(people: People) -> None:
    before = written()
    petition = register_petition(people.secretary, dataclasses.replace(CASE, summary="  查封車輛何時發還\n  請儘速回覆  "))
    assert written() == (before[0] + 1, before[1] + 1)
    stored = reload(petition)
    assert (stored.received_on, stored.channel, stored.category, stored.mailbox) == (MARCH_3, "phone", "rights", None)
    assert stored.summary == "查封車輛何時發還\n  請儘速回覆"  # each line's end trimmed, the text's own indent kept
    assert stored.handling_unit == "執行科"
    assert stored.due_on == dt.date(2017, 4, 2)  # received + 30 days, the default limit
    assert (stored.closed_on, stored.reply_method, stored.reply_satisfaction, stored.confidential) == (None, None, None, False)
    assert stored.created_by_id == people.secretary.id
    entry = last_audit()
    assert (entry.table_name, entry.record_id, entry.action, entry.user_id) == ("petition", petition.id, "insert", people.secretary.id)
    assert entry.after["due_on"] == "2017-04-02" and entry.after["received_on"] == "2017-03-03"


def test_the_due_date_follows_the_setting_and_may_be_set_by_hand(people: People) -> None:
    set_settings(people.secretary, {PETITION_DUE_DAYS: "6"})  # the branch's own rule
    assert default_due_date(MARCH_3) == dt.date(2017, 3, 9)
    assert reload(register_petition(people.secretary, CASE)).due_on == dt.date(2017, 3, 9)
    by_hand = register_petition(people.secretary, dataclasses.replace(CASE, due_on=MARCH_3))  # the same day is allowed
    assert reload(by_hand).due_on == MARCH_3


def test_an_old_case_may_be_typed_in_already_closed(people: People) -> None:
    petition = register_petition(people.secretary, dataclasses.replace(
        CASE, mailbox="integrity", closed_on=dt.date(2017, 3, 5), reply_method="written", reply_satisfaction="satisfied",
        confidential=True,
    ))
    stored = reload(petition)
    assert (stored.mailbox, stored.closed_on, stored.reply_method, stored.reply_satisfaction, stored.confidential) == (
        "integrity", dt.date(2017, 3, 5), "written", "satisfied", True
    )


BAD_CASES = [
    pytest.param(dataclasses.replace(CASE, received_on=None), "請輸入收件日期。", "received_on", id="no-received"),
    pytest.param(dataclasses.replace(CASE, received_on=TOMORROW), "收件日期不能晚於今天。", "received_on", id="received-tomorrow"),
    pytest.param(dataclasses.replace(CASE, received_on=dt.date(1911, 12, 31)), "收件日期不能早於民國1年。", "received_on", id="before-roc"),
    pytest.param(dataclasses.replace(CASE, channel=""), "請選擇陳情方式。", "channel", id="no-channel"),
    pytest.param(dataclasses.replace(CASE, channel="fax"), "陳情方式「fax」不是可選的項目，請從清單中選擇。", "channel", id="unknown-channel"),
    pytest.param(dataclasses.replace(CASE, channel="電話"), "陳情方式「電話」不是可選的項目，請從清單中選擇。", "channel", id="channel-words"),
    pytest.param(dataclasses.replace(CASE, category=None), "請選擇類別。", "category", id="no-category"),
    pytest.param(dataclasses.replace(CASE, category="complaint"), "類別「complaint」不是可選的項目，請從清單中選擇。", "category", id="unknown-category"),
    pytest.param(dataclasses.replace(CASE, mailbox="ministry"), "信箱「ministry」不是可選的項目，請從清單中選擇。", "mailbox", id="unknown-mailbox"),
    pytest.param(dataclasses.replace(CASE, summary="  \n "), "請輸入陳情摘要。", "summary", id="blank-summary"),
    pytest.param(dataclasses.replace(CASE, summary="陳" * 501), "陳情摘要最多 500 個字（現在 501 個字）。", "summary", id="long-summary"),
    pytest.param(
        dataclasses.replace(CASE, summary="查封\u200b車輛"),
        "陳情摘要裡有看不見的字元（U+200B），可能是從別處貼上的；請刪除後重新輸入。", "summary", id="invisible-summary",
    ),
    pytest.param(dataclasses.replace(CASE, handling_unit="執" * 41), "承辦單位最多 40 個字。", "handling_unit", id="long-unit"),
    pytest.param(
        dataclasses.replace(CASE, handling_unit="第①科"),
        "承辦單位裡的「①」不是 0–9 的數字；數字請用半形或全形的 0 到 9。", "handling_unit", id="circled-digit-unit",
    ),
    pytest.param(dataclasses.replace(CASE, due_on=dt.date(2017, 3, 2)), "辦理期限不能早於收件日期。", "due_on", id="due-before-received"),
    pytest.param(dataclasses.replace(CASE, closed_on=dt.date(2017, 3, 2)), "結案日期不能早於收件日期。", "closed_on", id="closed-before-received"),
    pytest.param(dataclasses.replace(CASE, received_on=TODAY, closed_on=TOMORROW), "結案日期不能晚於今天。", "closed_on", id="closed-tomorrow"),
    pytest.param(dataclasses.replace(CASE, reply_method="fax"), "答復方式「fax」不是可選的項目，請從清單中選擇。", "reply_method", id="unknown-reply"),
    pytest.param(
        dataclasses.replace(CASE, reply_satisfaction="satisfied"),
        "還沒有結案，不能填答復滿意度；請先填結案日期。", "reply_satisfaction", id="satisfaction-while-open",
    ),
    pytest.param(
        dataclasses.replace(CASE, closed_on=MARCH_10, reply_satisfaction="happy"),
        "答復滿意度「happy」不是可選的項目，請從清單中選擇。", "reply_satisfaction", id="unknown-satisfaction",
    ),
]


@pytest.mark.parametrize("entry, message, field", BAD_CASES)
def test_a_bad_new_case_is_refused_beside_its_field_and_nothing_is_written(
    people: People, entry: PetitionInput, message: str, field: str
) -> None:
    before = written()
    with pytest.raises(ValidationError) as refused:
        register_petition(people.secretary, entry)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert written() == before


@pytest.mark.parametrize("entry, message, field", BAD_CASES)
def test_a_bad_correction_is_refused_and_the_case_stays_as_it_was(
    people: People, entry: PetitionInput, message: str, field: str
) -> None:
    petition = register_petition(people.secretary, dataclasses.replace(CASE, received_on=MARCH_3))
    columns, before = stored_columns(petition), written()
    with pytest.raises(ValidationError) as refused:
        update_petition(people.secretary, reload(petition), entry)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert written() == before and stored_columns(petition) == columns


# ---------------------------------------------------------------- correcting, closing, voiding


def test_a_correction_is_audited_with_what_it_changed(people: People) -> None:
    petition = register_petition(people.secretary, CASE)
    corrected = dataclasses.replace(CASE, channel="email", mailbox="public", due_on=dt.date(2017, 3, 9), confidential=True)
    update_petition(people.secretary, reload(petition), corrected)
    stored = reload(petition)
    assert (stored.channel, stored.mailbox, stored.due_on, stored.confidential) == ("email", "public", dt.date(2017, 3, 9), True)
    entry = last_audit()
    assert entry.action == "update"
    assert (entry.before["channel"], entry.after["channel"]) == ("phone", "email")
    assert (entry.before["due_on"], entry.after["due_on"]) == ("2017-04-02", "2017-03-09")


def test_a_correction_without_a_due_date_takes_the_new_received_date_s(people: People) -> None:
    petition = register_petition(people.secretary, CASE)
    update_petition(people.secretary, reload(petition), dataclasses.replace(CASE, received_on=MARCH_10))
    assert reload(petition).due_on == dt.date(2017, 4, 9)


def test_closing_records_the_reply_and_a_correction_may_reopen(people: People) -> None:
    petition = register_petition(people.secretary, CASE)
    close_petition(people.secretary, reload(petition), dt.date(2017, 3, 5), reply_method="phone", reply_satisfaction="fair")
    stored = reload(petition)
    assert (stored.closed_on, stored.reply_method, stored.reply_satisfaction) == (dt.date(2017, 3, 5), "phone", "fair")
    assert stored.is_closed and not stored.is_overdue(dt.date(2018, 1, 1))
    update_petition(people.secretary, stored, CASE)  # the closed date cleared: open again
    assert reload(petition).closed_on is None and reload(petition).reply_satisfaction is None


@pytest.mark.parametrize(
    "closed_on, method, satisfaction, message",
    [
        (None, None, None, "請輸入結案日期。"),
        (dt.date(2017, 3, 1), None, None, "結案日期不能早於收件日期。"),
        (TOMORROW, None, None, "結案日期不能晚於今天。"),
        (MARCH_10, "pigeon", None, "答復方式「pigeon」不是可選的項目，請從清單中選擇。"),
        (MARCH_10, None, "thrilled", "答復滿意度「thrilled」不是可選的項目，請從清單中選擇。"),
    ],
    ids=["no-date", "before-received", "tomorrow", "unknown-method", "unknown-satisfaction"],
)
def test_a_bad_closing_changes_nothing(
    people: People, closed_on: dt.date | None, method: str | None, satisfaction: str | None, message: str
) -> None:
    petition = register_petition(people.secretary, CASE)
    columns, before = stored_columns(petition), written()
    with pytest.raises(ValidationError) as refused:
        close_petition(people.secretary, reload(petition), closed_on, reply_method=method, reply_satisfaction=satisfaction)
    field = "closed_on" if method is None and satisfaction is None else ("reply_method" if method else "reply_satisfaction")
    assert (refused.value.message, refused.value.field) == (message, field)
    assert written() == before and stored_columns(petition) == columns


def test_a_closed_case_is_not_closed_again(people: People) -> None:
    petition = register_petition(people.secretary, dataclasses.replace(CASE, closed_on=dt.date(2017, 3, 4)))
    before = written()
    with pytest.raises(ValidationError, match="已經結案了"):
        close_petition(people.secretary, reload(petition), dt.date(2017, 3, 6))
    assert written() == before and reload(petition).closed_on == dt.date(2017, 3, 4)


def test_voiding_needs_a_reason_and_a_voided_case_is_kept_unchangeable(people: People) -> None:
    petition = register_petition(people.secretary, CASE)
    before = written()
    with pytest.raises(ValidationError, match="作廢必須寫明原因"):
        void_petition(people.secretary, reload(petition), "  ")
    assert written() == before
    void_petition(people.secretary, reload(petition), "重複登記")
    stored = reload(petition)
    assert stored.is_voided and stored.void_reason == "重複登記" and stored.voided_by_id == people.secretary.id
    assert not stored.is_overdue(dt.date(2030, 1, 1))
    before = written()
    for change in (
        lambda: update_petition(people.secretary, reload(petition), CASE),
        lambda: close_petition(people.secretary, reload(petition), MARCH_10),
    ):
        with pytest.raises(ValidationError, match="已作廢的陳情案件不能修改"):
            change()
    with pytest.raises(ValidationError, match="已經作廢了"):
        void_petition(people.secretary, reload(petition), "再一次")
    assert written() == before


def test_a_case_voided_on_another_pc_is_not_corrected_from_a_stale_copy(people: People) -> None:
    petition = register_petition(people.secretary, CASE)
    stale = reload(petition)
    void_petition(people.secretary, reload(petition), "重複登記")
    before = written()
    with pytest.raises(ValidationError, match="已經作廢了"):
        update_petition(people.secretary, stale, dataclasses.replace(CASE, summary="改過"))
    assert written() == before and reload(petition).summary == CASE.summary


# ---------------------------------------------------------------- the list and the overdue count


@pytest.fixture
def cases(people: People) -> dict[str, Petition]:
    """Four cases: open and overdue (March), closed (March), voided (June), open and not yet due (recent)."""
    boss = people.secretary
    made = {
        "overdue": register_petition(boss, PetitionInput(MARCH_3, "phone", "rights", "逾期的案件")),
        "closed": register_petition(boss, PetitionInput(MARCH_10, "oral", "inquiry", "結案的案件", closed_on=dt.date(2017, 3, 12))),
        "voided": register_petition(boss, PetitionInput(JUNE_12, "oral", "rights", "作廢的案件")),
        "recent": register_petition(boss, PetitionInput(TODAY - dt.timedelta(days=2), "email", "proposal", "新的案件")),
    }
    void_petition(boss, reload(made["voided"]), "重複")
    return made


def ids(petitions: list[Petition]) -> list[int]:
    return [p.id for p in petitions]


def test_the_list_filters_by_period_status_category_and_channel(people: People, cases: dict[str, Petition]) -> None:
    boss = people.secretary
    everything = listed_petitions(boss)
    assert ids(everything) == [cases[k].id for k in ("recent", "voided", "closed", "overdue")]  # newest first, voided too
    assert everything[0].created_by.name == "林秘書"
    assert ids(listed_petitions(boss, period=parse_period("106H1"))) == [cases[k].id for k in ("voided", "closed", "overdue")]
    assert ids(listed_petitions(boss, period=parse_period("106/03"))) == [cases["closed"].id, cases["overdue"].id]
    assert ids(listed_petitions(boss, status="open")) == [cases["recent"].id, cases["overdue"].id]
    assert ids(listed_petitions(boss, status="overdue")) == [cases["overdue"].id]
    assert ids(listed_petitions(boss, status="closed")) == [cases["closed"].id]
    assert ids(listed_petitions(boss, status="voided")) == [cases["voided"].id]
    assert ids(listed_petitions(boss, category="rights")) == [cases["voided"].id, cases["overdue"].id]
    assert ids(listed_petitions(boss, channel="oral", status="all")) == [cases["voided"].id, cases["closed"].id]
    assert ids(listed_petitions(boss, period=parse_period("106H1"), status="open", category="rights", channel="phone")) == [
        cases["overdue"].id
    ]
    # as the list shows them: the overdue case by how many days, the others not at all
    listed = {p.id: p for p in everything}
    assert listed[cases["overdue"].id].days_overdue(dt.date(2017, 4, 5)) == 3  # due 106/04/02
    assert [listed[cases[k].id].is_overdue() for k in ("recent", "voided", "closed")] == [False, False, False]


def test_the_list_refuses_an_unknown_filter(people: People) -> None:
    with pytest.raises(ValidationError) as refused:
        listed_petitions(people.secretary, status="late")
    assert (refused.value.message, refused.value.field) == ("狀態「late」不是可選的項目，請從清單中選擇。", "status")
    with pytest.raises(ValidationError, match="類別「x」"):
        listed_petitions(people.secretary, category="x")


def test_overdue_counts_open_cases_past_their_due_date(people: People, cases: dict[str, Petition]) -> None:
    assert overdue_count(people.secretary) == 1
    assert overdue_count(people.secretary, today=dt.date(2017, 4, 2)) == 0  # the due day itself is not late
    assert overdue_count(people.secretary, today=dt.date(2017, 4, 3)) == 1
    close_petition(people.secretary, reload(cases["overdue"]), dt.date(2017, 4, 20))
    assert overdue_count(people.secretary) == 0


def test_the_figures_read_live_cases_that_touch_the_period(people: People, cases: dict[str, Petition]) -> None:
    facts = petition_facts(dt.date(2017, 3, 11), dt.date(2017, 6, 30))
    assert facts == [
        PetitionFact(MARCH_3, "phone", "rights", dt.date(2017, 4, 2), None, None),  # still open
        PetitionFact(MARCH_10, "oral", "inquiry", dt.date(2017, 4, 9), dt.date(2017, 3, 12), None),  # closed in it
    ]
    assert petition_facts(dt.date(2017, 3, 13), dt.date(2017, 3, 31))[0].received_on == MARCH_3
    assert len(petition_facts(dt.date(2017, 3, 13), dt.date(2017, 3, 31))) == 1  # closed before it began
    assert petition_facts(dt.date(2017, 1, 1), dt.date(2017, 2, 28)) == []  # nothing received yet


# ---------------------------------------------------------------- who may read and write


def secretary_functions(petition: Petition) -> dict[str, object]:
    return {
        "register": lambda actor: register_petition(actor, CASE),
        "update": lambda actor: update_petition(actor, reload(petition), dataclasses.replace(CASE, summary="改")),
        "close": lambda actor: close_petition(actor, reload(petition), MARCH_10),
        "void": lambda actor: void_petition(actor, reload(petition), "不要了"),
        "list": lambda actor: listed_petitions(actor),
        "overdue": lambda actor: overdue_count(actor),
        "history": lambda actor: history(actor, "petition", petition.id),
    }


@pytest.mark.parametrize("function", ["register", "update", "close", "void", "list", "overdue", "history"])
@pytest.mark.parametrize("role", ["volunteer", "operator", "duty"])
def test_only_the_secretary_reads_or_writes_the_register(people: People, role: str, function: str) -> None:
    petition = register_petition(people.secretary, CASE)
    columns, before = stored_columns(petition), written()
    with pytest.raises(PermissionDenied) as refused:
        secretary_functions(petition)[function](getattr(people, role))
    if function != "history":
        assert refused.value.message == ONLY_SECRETARY
    assert written() == before and stored_columns(petition) == columns


@pytest.mark.parametrize("function", ["register", "update", "close", "void", "list", "overdue"])
def test_a_secretary_demoted_on_another_pc_is_refused_with_the_old_object(people: People, function: str) -> None:
    wang = create_user(people.secretary, "王秘書", Role.SECRETARY, "135724", "135724")
    still_logged_in = User.get_by_id(wang.id)
    update_user(people.secretary, User.get_by_id(wang.id), name="王秘書", role=Role.VOLUNTEER, active=True)
    petition = register_petition(people.secretary, CASE)
    before = written()
    with pytest.raises(PermissionDenied, match=ONLY_SECRETARY):
        secretary_functions(petition)[function](still_logged_in)
    assert written() == before


# ---------------------------------------------------------------- confidential cases


def test_a_confidential_case_s_history_is_for_the_secretary_alone(people: People) -> None:
    secret = register_petition(people.secretary, dataclasses.replace(CASE, confidential=True))
    plain = register_petition(people.secretary, CASE)
    assert [e.action for e in history(people.secretary, "petition", secret.id)] == ["insert"]
    for reader in (people.volunteer, people.operator, people.duty):
        with pytest.raises(PermissionDenied) as refused:
            Petition.require_history_reader(reader, secret.id)
        assert refused.value.message == CONFIDENTIAL_HISTORY
        Petition.require_history_reader(reader, plain.id)  # the model itself has nothing against an ordinary case
    # made ordinary later, its earlier pictures in the trail still say what it held
    update_petition(people.secretary, reload(secret), CASE)
    with pytest.raises(PermissionDenied, match=CONFIDENTIAL_HISTORY):
        Petition.require_history_reader(people.volunteer, secret.id)


def test_the_list_and_the_history_follow_the_one_rule(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were 研考 not allowed confidential cases, both readers would hide them: they ask the same rule."""
    secret = register_petition(people.secretary, dataclasses.replace(CASE, confidential=True, due_on=MARCH_3))
    plain = register_petition(people.secretary, dataclasses.replace(CASE, due_on=MARCH_3))
    assert ids(listed_petitions(people.secretary)) == [plain.id, secret.id]
    assert overdue_count(people.secretary) == 2
    monkeypatch.setattr(models.registers.petitions, "may_read_confidential", lambda reader: False)
    assert ids(listed_petitions(people.secretary)) == [plain.id]
    assert overdue_count(people.secretary) == 1
    with pytest.raises(PermissionDenied, match=CONFIDENTIAL_HISTORY):
        history(people.secretary, "petition", secret.id)
    assert [e.action for e in history(people.secretary, "petition", plain.id)] == ["insert"]
