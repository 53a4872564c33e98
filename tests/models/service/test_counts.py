"""Service-centre counts: recording, bad input, Ctrl+Z, the month grid, totals, corrections, who may record what.

Expected figures are worked out by hand from the events each test records; every refusal
checks the message a clerk reads and that not one event or audit row was written.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import peewee
import pytest

from models.accounts import Role, User
from models.audit import void_record
from models.errors import PermissionDenied, ValidationError
from models.service.categories import (
    STANDARD_CATEGORIES,
    add_category,
    categories,
    move_category,
    payment_category,
    update_category,
)
from models.service.counts import (
    CategoryTotal,
    ServiceEvent,
    correct_payment,
    day_totals,
    delete_category,
    period_totals,
    record_group,
    record_payment,
    record_press,
    set_day_amount,
    set_day_total,
    today_events,
    undo_last,
)
from models.users import create_user, update_user
from tests.models.service.conftest import People, by_code, last_audit, retire, written

MARCH_1, MARCH_5, MARCH_15, MARCH_31 = (dt.date(2024, 3, d) for d in (1, 5, 15, 31))
FEB_29, APRIL_1 = dt.date(2024, 2, 29), dt.date(2024, 4, 1)
TODAY = dt.date.today()
TOMORROW = TODAY + dt.timedelta(days=1)
YESTERDAY = TODAY - dt.timedelta(days=1)

NOT_SECRETARY = "這項工作需要研考登入。"
NOT_YOURS = "只能修改或作廢自己今天輸入的資料；其他資料請洽研考。"
UNDO_REASON = "按 Ctrl+Z 取消誤按"
COUNT_NOT_INTEGER = "人次請輸入整數，不要有小數點或正負號。"
COUNT_COMMA = "人次的逗號位置不對（千分位是每三位一個，例如 1,500），請確認是否打錯。"
AMOUNT_NOT_INTEGER = "金額請輸入整數元，不要有小數點或其他符號。"
AMOUNT_COMMA = "金額的逗號位置不對（千分位是每三位一個，例如 1,500），請確認是否打錯。"
AMOUNT_TOO_BIG = "金額最多 100,000,000 元，請確認是否打錯。"


def reload(event: ServiceEvent) -> ServiceEvent:
    return ServiceEvent.get_by_id(event.id)


def live_count(code: str, day: dt.date) -> int:
    """The day's 人次 of one category, summed here rather than by the code under test."""
    events = ServiceEvent.select().where(
        ServiceEvent.category == by_code()[code], ServiceEvent.day == day, ServiceEvent.voided_at.is_null()
    )
    return sum(e.count for e in events)


def typed_cases(*cases: tuple[str | int, str]) -> list:
    """(typed, message) pairs named by what was typed (the messages make unreadable test ids)."""
    return [pytest.param(typed, message, id=repr(typed)) for typed, message in cases]


def backdate(event: ServiceEvent, day: dt.date) -> ServiceEvent:
    """Pretend the desk recorded the event on ``day`` (a desk may only record today)."""
    ServiceEvent.update(day=day).where(ServiceEvent.id == event.id).execute()
    return keyed_in_on(event, day)


def keyed_in_on(event: ServiceEvent, day: dt.date) -> ServiceEvent:
    """Pretend the event was typed in on ``day`` (as if the desk had done it then)."""
    ServiceEvent.update(created_at=dt.datetime.combine(day, dt.time(10, 0))).where(ServiceEvent.id == event.id).execute()
    return reload(event)


# ---------------------------------------------------------------- recording


def test_record_press_writes_one_event_and_one_audit_row(people: People) -> None:
    a = by_code()["A"]
    before = written()
    event = record_press(people.operator, a, dt.datetime.combine(TODAY, dt.time(9, 41, 7)))
    assert written() == (before[0] + 1, before[1] + 1)
    stored = reload(event)
    assert stored.category_id == a.id
    assert stored.day == TODAY
    assert (stored.count, stored.amount, stored.receipt_no, stored.source) == (1, None, None, "press")
    assert stored.created_by_id == people.operator.id
    assert stored.voided_at is None
    entry = last_audit()
    assert (entry.user_id, entry.table_name, entry.record_id, entry.action) == (
        people.operator.id, "service_event", event.id, "insert"
    )
    assert entry.before is None
    assert entry.after["count"] == 1
    assert entry.after["day"] == TODAY.isoformat()
    assert entry.after["created_by"] == people.operator.id
    assert entry.after["source"] == "press"


def test_record_press_without_a_time_counts_for_today(people: People) -> None:
    event = record_press(people.volunteer, by_code()["I"])
    assert reload(event).day == TODAY


def test_record_group_writes_its_size(people: People) -> None:
    c = by_code()["C"]
    before = written()
    event = record_group(people.volunteer, c, " 12 ", day=TODAY)
    assert written() == (before[0] + 1, before[1] + 1)
    stored = reload(event)
    assert (stored.category_id, stored.day, stored.count, stored.source) == (c.id, TODAY, 12, "group")
    assert stored.amount is None
    assert stored.created_by_id == people.volunteer.id
    entry = last_audit()
    assert (entry.user_id, entry.record_id, entry.action, entry.after["count"]) == (
        people.volunteer.id, event.id, "insert", 12
    )
    assert reload(record_group(people.volunteer, c, 3)).day == TODAY


def test_record_payment_writes_one_person_and_the_amount(people: People) -> None:
    before = written()
    event = record_payment(people.duty, "1,500", "  R-0001 ", day=TODAY)
    assert written() == (before[0] + 1, before[1] + 1)
    stored = reload(event)
    assert stored.category_id == by_code()["G"].id
    assert (stored.day, stored.count, stored.amount, stored.receipt_no, stored.source) == (
        TODAY, 1, 1500, "R-0001", "payment"
    )
    assert stored.created_by_id == people.duty.id
    entry = last_audit()
    assert (entry.user_id, entry.record_id, entry.action) == (people.duty.id, event.id, "insert")
    assert (entry.after["amount"], entry.after["receipt_no"]) == (1500, "R-0001")
    # no receipt number is no receipt number, not an empty string
    assert reload(record_payment(people.duty, 800)).receipt_no is None


def test_a_receipt_number_of_thirty_characters_is_kept(people: People) -> None:
    event = record_payment(people.secretary, "200", "9" * 30, day=MARCH_5)
    assert reload(event).receipt_no == "9" * 30


# ---------------------------------------------------------------- bad input: nothing written


@pytest.mark.parametrize(
    "typed, message",
    typed_cases(
        ("0", "人次必須大於 0。"),
        ("-1", COUNT_NOT_INTEGER),
        ("abc", COUNT_NOT_INTEGER),
        ("501", "人次最多 500，請確認是否打錯。"),
        ("", "請輸入人次。"),
        ("   ", "請輸入人次。"),
        ("1.5", COUNT_NOT_INTEGER),
        ("1,2", COUNT_COMMA),  # a slip, not twelve people
        (0, "人次必須大於 0。"),
        (-3, "人次必須大於 0。"),
        (501, "人次最多 500，請確認是否打錯。"),
    ),
)
def test_bad_group_size_is_refused(people: People, typed: str | int, message: str) -> None:
    before = written()
    with pytest.raises(ValidationError) as refused:
        record_group(people.secretary, by_code()["C"], typed, day=MARCH_5)
    assert refused.value.message == message
    assert refused.value.field == "count"
    assert written() == before


@pytest.mark.parametrize(
    "typed, message",
    typed_cases(
        ("0", "金額必須大於 0 元。"),
        ("-5", AMOUNT_NOT_INTEGER),
        ("abc", AMOUNT_NOT_INTEGER),
        ("12.5", AMOUNT_NOT_INTEGER),
        ("1,500.5", AMOUNT_NOT_INTEGER),
        ("", "請輸入金額。"),
        ("NT$", "請輸入金額。"),
        ("100000001", AMOUNT_TOO_BIG),
        ("100,000,001", AMOUNT_TOO_BIG),
        # Commas are thousands separators only: "1,2,3" is a slip, not NT$123.
        ("1,2,3", AMOUNT_COMMA),
        ("12,5", AMOUNT_COMMA),
        ("1500,", AMOUNT_COMMA),
        (0, "金額必須大於 0 元。"),
        (-5, "金額必須大於 0 元。"),
    ),
)
def test_bad_amount_is_refused(people: People, typed: str | int, message: str) -> None:
    before = written()
    with pytest.raises(ValidationError) as refused:
        record_payment(people.secretary, typed, "R-1", day=MARCH_5)
    assert refused.value.message == message
    assert refused.value.field == "amount"
    assert written() == before


@pytest.mark.parametrize(
    "typed, message",
    [
        ("١٢٣", "收據號碼裡的「١」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"),
        ("R-๓๓", "收據號碼裡的「๓」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"),
        ("R\n001", "收據號碼裡有看不見的字元（U+000A），請刪除後重新輸入。"),
        ("R\u200b001", "收據號碼裡有看不見的字元（U+200B），請刪除後重新輸入。"),
    ],
    ids=["arabic-indic", "thai", "newline", "zero-width"],
)
@pytest.mark.parametrize("how", ["record", "correct"])
def test_a_receipt_number_with_foreign_digits_or_hidden_characters_is_refused(
    people: People, typed: str, message: str, how: str
) -> None:
    existing = record_payment(people.secretary, "1500", "R-1", day=MARCH_5)
    before = written()
    with pytest.raises(ValidationError) as refused:
        if how == "record":
            record_payment(people.secretary, "1500", typed, day=MARCH_5)
        else:
            correct_payment(people.secretary, existing, "1500", typed)
    assert refused.value.message == message
    assert refused.value.field == "receipt_no"
    assert written() == before
    assert reload(existing).receipt_no == "R-1"


def test_a_full_width_receipt_number_is_stored_in_ascii(people: People) -> None:
    assert reload(record_payment(people.secretary, "1500", "Ｒ－００１", day=MARCH_5)).receipt_no == "R-001"


def test_receipt_number_over_thirty_characters_is_refused(people: People) -> None:
    before = written()
    with pytest.raises(ValidationError) as refused:
        record_payment(people.secretary, "1500", "R" * 31, day=MARCH_5)
    assert refused.value.message == "收據號碼太長了（最多 30 個字），請確認是否打錯。"
    assert refused.value.field == "receipt_no"
    assert written() == before


@pytest.mark.parametrize(
    "typed, message",
    typed_cases(
        ("-1", COUNT_NOT_INTEGER),
        ("abc", COUNT_NOT_INTEGER),
        ("100001", "人次最多 100,000，請確認是否打錯。"),
        ("2.5", COUNT_NOT_INTEGER),
        ("", "請輸入人次。"),
        ("10,00", COUNT_COMMA),
        (-1, "人次不能是負數。"),
    ),
)
def test_bad_day_total_is_refused(people: People, typed: str | int, message: str) -> None:
    record_group(people.secretary, by_code()["A"], "4", day=MARCH_5)
    before = written()
    with pytest.raises(ValidationError) as refused:
        set_day_total(people.secretary, by_code()["A"], MARCH_5, typed)
    assert refused.value.message == message
    assert written() == before
    assert live_count("A", MARCH_5) == 4


@pytest.mark.parametrize(
    "typed, message",
    typed_cases(
        ("-5", AMOUNT_NOT_INTEGER),
        ("abc", AMOUNT_NOT_INTEGER),
        ("100000001", AMOUNT_TOO_BIG),
        ("1,2,3", AMOUNT_COMMA),
        ("", "請輸入金額。"),
        (-5, "金額不能是負數。"),
    ),
)
def test_bad_day_amount_is_refused(people: People, typed: str | int, message: str) -> None:
    record_payment(people.secretary, "1500", day=MARCH_5)
    before = written()
    with pytest.raises(ValidationError) as refused:
        set_day_amount(people.secretary, by_code()["G"], MARCH_5, typed)
    assert refused.value.message == message
    assert written() == before


FUTURE_OR_TOO_EARLY: dict[str, Callable[[People], object]] = {
    "group tomorrow": lambda p: record_group(p.volunteer, by_code()["C"], "3", day=TOMORROW),
    "payment tomorrow": lambda p: record_payment(p.duty, "1500", day=TOMORROW),
    "day total tomorrow": lambda p: set_day_total(p.secretary, by_code()["A"], TOMORROW, "3"),
    "day amount tomorrow": lambda p: set_day_amount(p.secretary, by_code()["G"], TOMORROW, "3000"),
    "press tomorrow": lambda p: record_press(p.operator, by_code()["A"], dt.datetime.combine(TOMORROW, dt.time(9))),
    "group before ROC 1": lambda p: record_group(p.volunteer, by_code()["C"], "3", day=dt.date(1911, 12, 31)),
}


@pytest.mark.parametrize("case", FUTURE_OR_TOO_EARLY)
def test_a_day_in_the_future_or_before_roc_1_is_refused(people: People, case: str) -> None:
    before = written()
    with pytest.raises(ValidationError) as refused:
        FUTURE_OR_TOO_EARLY[case](people)
    expected = "日期不能早於民國1年。" if "ROC" in case else "日期不能晚於今天。"
    assert refused.value.message == expected
    assert written() == before


RETIRED: dict[str, tuple[str, Callable[[People], object], str]] = {
    "press": ("B", lambda p: record_press(p.duty, by_code()["B"]), "「受理現場查詢案件」已停用，不能再記錄；要補登請先在「類別」中恢復使用。"),
    "group": ("I", lambda p: record_group(p.volunteer, by_code()["I"], "2"), "「志工導引」已停用，不能再記錄；要補登請先在「類別」中恢復使用。"),
    "day total": ("H", lambda p: set_day_total(p.secretary, by_code()["H"], MARCH_5, "4"), "「現場受理收文」已停用，不能再記錄；要補登請先在「類別」中恢復使用。"),
    "payment": (
        "G",
        lambda p: record_payment(p.duty, "1500"),
        "沒有設定收款類別（中午輪值不打烊收款）；請研考在「類別」中設定。",
    ),
}


@pytest.mark.parametrize("case", RETIRED)
def test_a_retired_category_takes_no_more_counts(people: People, case: str) -> None:
    code, call, message = RETIRED[case]
    retire(people.secretary, code)
    before = written()
    with pytest.raises(ValidationError) as refused:
        call(people)
    assert refused.value.message == message
    assert written() == before


def test_set_day_amount_on_a_category_without_amount_is_refused(people: People) -> None:
    before = written()
    with pytest.raises(ValidationError) as refused:
        set_day_amount(people.secretary, by_code()["A"], MARCH_5, "3000")
    assert refused.value.message == "「總機電話服務」沒有金額。"
    assert written() == before


SECRETARY_ONLY: dict[str, Callable[[People], object]] = {
    "set_day_total by a volunteer": lambda p: set_day_total(p.volunteer, by_code()["C"], MARCH_5, "10"),
    "set_day_total by a duty clerk": lambda p: set_day_total(p.duty, by_code()["H"], MARCH_5, "10"),
    "set_day_amount by a duty clerk": lambda p: set_day_amount(p.duty, by_code()["G"], MARCH_5, "10000"),
    "add_category by a volunteer": lambda p: add_category(p.volunteer, "替代役協助", roles=[Role.VOLUNTEER]),
    "add_category by the operator": lambda p: add_category(p.operator, "替代役協助"),
    "update_category by a duty clerk": lambda p: update_category(
        p.duty, by_code()["H"], name="收文", roles=[Role.DUTY], shortcut="H", active=True
    ),
    "move_category by the operator": lambda p: move_category(p.operator, by_code()["B"], -1),
    "delete_category by a volunteer": lambda p: delete_category(p.volunteer, by_code()["I"]),
}


@pytest.mark.parametrize("case", SECRETARY_ONLY)
def test_only_the_secretary_may_set_totals_or_change_categories(people: People, case: str) -> None:
    before = written()
    shown_before = [(c.code, c.name, c.position, c.active) for c in categories(include_retired=True)]
    with pytest.raises(PermissionDenied) as refused:
        SECRETARY_ONLY[case](people)
    assert refused.value.message == NOT_SECRETARY
    assert written() == before
    assert [(c.code, c.name, c.position, c.active) for c in categories(include_retired=True)] == shown_before


# ---------------------------------------------------------------- Ctrl+Z


def test_undo_last_voids_the_users_latest_press_or_group_one_at_a_time(people: People) -> None:
    cats = by_code()
    first = record_press(people.volunteer, cats["C"])
    group = record_group(people.volunteer, cats["I"], "3")
    latest = record_press(people.volunteer, cats["F"])
    others = record_press(people.operator, cats["A"])  # someone else's, later
    undone = []
    for expected in (latest, group, first):
        before = written()
        event = undo_last(people.volunteer)
        assert event is not None and event.id == expected.id
        assert written() == (before[0], before[1] + 1)  # a void, not a delete: one audit row
        stored = reload(expected)
        assert stored.voided_by_id == people.volunteer.id
        assert stored.void_reason == UNDO_REASON
        assert stored.voided_at is not None
        entry = last_audit()
        assert (entry.user_id, entry.record_id, entry.action) == (people.volunteer.id, expected.id, "void")
        assert entry.before["voided_at"] is None
        assert entry.after["void_reason"] == UNDO_REASON
        undone.append(event.id)
    before = written()
    assert undo_last(people.volunteer) is None  # nothing left: nothing written
    assert written() == before
    assert reload(others).voided_at is None
    assert undone == [latest.id, group.id, first.id]


def test_undo_last_leaves_payments_and_grid_adjustments_alone(people: People) -> None:
    group = record_group(people.duty, by_code()["H"], "2")
    payment = record_payment(people.duty, "1500", "R-7")
    assert undo_last(people.duty).id == group.id
    assert undo_last(people.duty) is None
    assert reload(payment).voided_at is None
    adjustment = set_day_total(people.secretary, by_code()["A"], TODAY, "5")
    assert undo_last(people.secretary) is None
    assert reload(adjustment).voided_at is None


def test_undo_last_only_looks_at_the_day(people: People) -> None:
    yesterday = backdate(record_press(people.operator, by_code()["A"]), YESTERDAY)
    before = written()
    assert undo_last(people.operator) is None
    assert written() == before
    assert reload(yesterday).voided_at is None


def test_undo_last_of_a_backdated_day_finds_only_what_was_recorded_for_it(people: People) -> None:
    # the desk recorded it yesterday (a desk records only its own day; earlier days are the grid's)
    group = backdate(record_group(people.volunteer, by_code()["C"], "5"), YESTERDAY)
    with pytest.raises(PermissionDenied) as refused:
        undo_last(people.volunteer, day=YESTERDAY)
    assert refused.value.message == NOT_YOURS
    assert reload(group).voided_at is None


def test_undo_last_cannot_void_what_was_keyed_in_on_an_earlier_day(people: People) -> None:
    old = backdate(record_press(people.operator, by_code()["A"]), MARCH_5)
    before = written()
    with pytest.raises(PermissionDenied) as refused:
        undo_last(people.operator, day=MARCH_5)
    assert refused.value.message == NOT_YOURS
    assert written() == before
    assert reload(old).voided_at is None
    assert undo_last(people.secretary, day=MARCH_5) is None  # the secretary's own: there are none


# ---------------------------------------------------------------- the month grid


def test_set_day_total_keeps_the_events_and_adds_an_adjustment(people: People) -> None:
    a, c = by_code()["A"], by_code()["C"]
    presses = [record_press(people.secretary, a, dt.datetime(2024, 3, 5, 9, n)) for n in range(3)]
    group = record_group(people.secretary, a, "4", day=MARCH_5)
    record_group(people.secretary, c, "2", day=MARCH_5)
    void_record(people.secretary, presses[0], "誤按")  # live: 2 presses + 4 = 6
    recorded = [e.id for e in presses[1:]] + [group.id]

    before = written()
    up = set_day_total(people.secretary, a, MARCH_5, "10")
    assert written() == (before[0] + 1, before[1] + 1)
    stored = reload(up)
    assert (stored.category_id, stored.day, stored.count, stored.amount, stored.source) == (
        a.id, MARCH_5, 4, None, "grid"
    )
    assert stored.created_by_id == people.secretary.id
    assert last_audit().action == "insert" and last_audit().record_id == up.id
    assert live_count("A", MARCH_5) == 10
    assert all(reload(ServiceEvent(id=i)).voided_at is None for i in recorded)

    down = set_day_total(people.secretary, a, MARCH_5, 3)
    assert reload(down).count == -7
    assert live_count("A", MARCH_5) == 3

    before = written()
    assert set_day_total(people.secretary, a, MARCH_5, "3") is None  # same total: nothing written
    assert written() == before

    assert reload(set_day_total(people.secretary, a, MARCH_5, "0")).count == -3
    assert live_count("A", MARCH_5) == 0
    assert live_count("C", MARCH_5) == 2  # another category of the same day is untouched
    assert all(reload(ServiceEvent(id=i)).voided_at is None for i in recorded)


def test_set_day_total_on_an_empty_day(people: People) -> None:
    before = written()
    assert set_day_total(people.secretary, by_code()["H"], MARCH_5, "0") is None
    assert written() == before
    assert reload(set_day_total(people.secretary, by_code()["H"], MARCH_5, "1,234")).count == 1234


def test_set_day_amount_adds_an_amount_adjustment_with_no_people(people: People) -> None:
    g = by_code()["G"]
    record_payment(people.secretary, "1500", day=MARCH_5)
    record_payment(people.secretary, "2500", day=MARCH_5)
    voided = record_payment(people.secretary, "700", day=MARCH_5)
    void_record(people.secretary, voided, "收據開錯")  # live: 1500 + 2500 = 4000

    before = written()
    up = set_day_amount(people.secretary, g, MARCH_5, "5,000")
    assert written() == (before[0] + 1, before[1] + 1)
    stored = reload(up)
    assert (stored.category_id, stored.day, stored.count, stored.amount, stored.source) == (
        g.id, MARCH_5, 0, 1000, "grid"
    )
    assert stored.created_by_id == people.secretary.id
    assert period_totals(MARCH_5, MARCH_5) == {g.id: CategoryTotal(2, 5000)}

    assert reload(set_day_amount(people.secretary, g, MARCH_5, 3000)).amount == -2000
    assert period_totals(MARCH_5, MARCH_5) == {g.id: CategoryTotal(2, 3000)}

    before = written()
    assert set_day_amount(people.secretary, g, MARCH_5, "3,000") is None
    assert written() == before

    # the 人次 column of the same category leaves the money alone
    assert reload(set_day_total(people.secretary, g, MARCH_5, "5")).count == 3
    assert period_totals(MARCH_5, MARCH_5) == {g.id: CategoryTotal(5, 3000)}

    assert reload(set_day_amount(people.secretary, g, MARCH_5, "0")).amount == -3000
    assert period_totals(MARCH_5, MARCH_5) == {g.id: CategoryTotal(5, 0)}


# ---------------------------------------------------------------- totals


@pytest.fixture
def march(people: People) -> People:
    """Events around March 2024, some outside it and some voided."""
    cats = by_code()
    record_group(people.secretary, cats["A"], "5", day=FEB_29)
    record_group(people.secretary, cats["A"], "2", day=MARCH_1)
    for minute in range(3):
        record_press(people.secretary, cats["A"], dt.datetime(2024, 3, 15, 10, minute))
    void_record(people.secretary, record_group(people.secretary, cats["A"], "10", day=MARCH_15), "重複輸入")
    record_group(people.secretary, cats["A"], "4", day=MARCH_31)
    record_group(people.secretary, cats["A"], "7", day=APRIL_1)
    record_group(people.secretary, cats["C"], "6", day=MARCH_15)
    record_payment(people.secretary, "1500", day=MARCH_1)
    record_payment(people.secretary, "2500", day=MARCH_31)
    record_payment(people.secretary, "9000", day=APRIL_1)
    void_record(people.secretary, record_payment(people.secretary, "700", day=MARCH_15), "收據開錯")
    return people


def test_period_totals_leave_out_voided_events_and_respect_the_ends(march: People) -> None:
    a, c, g = (by_code()[code].id for code in "ACG")
    assert period_totals(MARCH_1, MARCH_31) == {
        a: CategoryTotal(2 + 3 + 4, 0),
        c: CategoryTotal(6, 0),
        g: CategoryTotal(2, 1500 + 2500),
    }
    assert period_totals(FEB_29, FEB_29) == {a: CategoryTotal(5, 0)}
    assert period_totals(APRIL_1, dt.date(2024, 4, 30)) == {a: CategoryTotal(7, 0), g: CategoryTotal(1, 9000)}
    assert period_totals(dt.date(2024, 3, 2), dt.date(2024, 3, 30)) == {a: CategoryTotal(3, 0), c: CategoryTotal(6, 0)}
    assert period_totals(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == {}


def test_day_totals_are_the_grid_cells(march: People) -> None:
    a, c, g = (by_code()[code].id for code in "ACG")
    assert day_totals(MARCH_1, MARCH_31) == {
        (MARCH_1, a): CategoryTotal(2, 0),
        (MARCH_15, a): CategoryTotal(3, 0),
        (MARCH_31, a): CategoryTotal(4, 0),
        (MARCH_15, c): CategoryTotal(6, 0),
        (MARCH_1, g): CategoryTotal(1, 1500),
        (MARCH_31, g): CategoryTotal(1, 2500),
    }
    # the voided payment of the 15th leaves no G cell at all
    assert day_totals(MARCH_15, MARCH_15) == {(MARCH_15, a): CategoryTotal(3, 0), (MARCH_15, c): CategoryTotal(6, 0)}
    assert day_totals(dt.date(2024, 3, 16), dt.date(2024, 3, 30)) == {}


def test_the_grid_then_the_totals(march: People) -> None:
    a = by_code()["A"]
    set_day_total(march.secretary, a, MARCH_15, "20")
    assert day_totals(MARCH_15, MARCH_15)[(MARCH_15, a.id)] == CategoryTotal(20, 0)
    assert period_totals(MARCH_1, MARCH_31)[a.id] == CategoryTotal(2 + 20 + 4, 0)


# ---------------------------------------------------------------- payments corrected


def test_a_duty_clerk_corrects_their_own_payment_of_the_day(people: People) -> None:
    payment = record_payment(people.duty, "1500", "R-1")
    before = written()
    correct_payment(people.duty, payment, "1,800", " R-2 ")
    assert written() == (before[0], before[1] + 1)
    stored = reload(payment)
    assert (stored.amount, stored.receipt_no, stored.count) == (1800, "R-2", 1)
    entry = last_audit()
    assert (entry.user_id, entry.record_id, entry.action) == (people.duty.id, payment.id, "update")
    assert (entry.before["amount"], entry.before["receipt_no"]) == (1500, "R-1")
    assert (entry.after["amount"], entry.after["receipt_no"]) == (1800, "R-2")


@pytest.mark.parametrize(
    "who, message",
    [("other_duty", NOT_YOURS), ("volunteer", "中午收款只有輪值與研考可以修改。"), ("operator", "中午收款只有輪值與研考可以修改。")],
)
def test_nobody_else_but_the_secretary_corrects_a_payment(people: People, who: str, message: str) -> None:
    payment = record_payment(people.duty, "1500", "R-1")
    before = written()
    with pytest.raises(PermissionDenied) as refused:
        correct_payment(getattr(people, who), payment, "1800")
    assert refused.value.message == message
    assert written() == before
    assert (reload(payment).amount, reload(payment).receipt_no) == (1500, "R-1")
    correct_payment(people.secretary, payment, "1800")
    assert reload(payment).amount == 1800
    assert last_audit().user_id == people.secretary.id


def test_an_own_payment_of_an_earlier_day_needs_the_secretary(people: People) -> None:
    payment = keyed_in_on(record_payment(people.secretary, "1500", day=MARCH_5), MARCH_5)
    before = written()
    with pytest.raises(PermissionDenied) as refused:
        correct_payment(people.duty, payment, "1800")
    assert refused.value.message == NOT_YOURS
    assert written() == before
    # the same rule through ``today``: keyed in today, corrected tomorrow
    fresh = record_payment(people.duty, "600")
    with pytest.raises(PermissionDenied):
        correct_payment(people.duty, fresh, "650", today=TOMORROW)
    assert written() == (before[0] + 1, before[1] + 1)
    correct_payment(people.secretary, payment, "1800")
    assert reload(payment).amount == 1800


def test_correcting_a_voided_payment_is_refused(people: People) -> None:
    payment = record_payment(people.duty, "1500")
    void_record(people.duty, payment, "收據開錯")
    before = written()
    with pytest.raises(ValidationError) as refused:
        correct_payment(people.secretary, reload(payment), "1800")
    assert refused.value.message == "已作廢的收款不能修改。"
    assert written() == before


def test_only_a_payment_is_corrected_as_one(people: People) -> None:
    press = record_press(people.duty, by_code()["B"])
    before = written()
    with pytest.raises(ValidationError) as refused:
        correct_payment(people.duty, press, "1800")
    assert refused.value.message == "只有收款紀錄可以修改金額與收據號碼。"
    assert written() == before
    assert reload(press).amount is None


@pytest.mark.parametrize(
    "amount, receipt, message",
    [("abc", "R-1", AMOUNT_NOT_INTEGER), ("0", "R-1", "金額必須大於 0 元。"), ("1800", "R" * 31, "收據號碼太長了（最多 30 個字），請確認是否打錯。")],
    ids=["letters", "zero", "long receipt"],
)
def test_a_bad_correction_changes_nothing(people: People, amount: str, receipt: str, message: str) -> None:
    payment = record_payment(people.duty, "1500", "R-1")
    before = written()
    with pytest.raises(ValidationError) as refused:
        correct_payment(people.duty, payment, amount, receipt)
    assert refused.value.message == message
    assert written() == before
    assert (reload(payment).amount, reload(payment).receipt_no) == (1500, "R-1")


# ---------------------------------------------------------------- digits of other scripts, pasted pages

# Each of these was stored as 300 (or 3) before: int() and str.isdecimal() read every script.
EXOTIC_NUMBERS = [
    pytest.param("٣٠٠", "٣", id="arabic-indic"),
    pytest.param("๓๐๐", "๓", id="thai"),
    pytest.param("③", "③", id="circled"),
    pytest.param("𝟑𝟎𝟎", "𝟑", id="mathematical"),
    pytest.param("³", "³", id="superscript"),
    pytest.param("1,٣00", "٣", id="one-digit-among-ascii"),
]
NUMBER_INPUTS = {
    # name: (how it is typed, the label in the message, the field, the category whose day it changes)
    "group": (lambda p, typed: record_group(p.secretary, by_code()["C"], typed, day=MARCH_5), "人次", "count"),
    "payment": (lambda p, typed: record_payment(p.secretary, typed, "R-1", day=MARCH_5), "金額", "amount"),
    "day total": (lambda p, typed: set_day_total(p.secretary, by_code()["A"], MARCH_5, typed), "人次", "count"),
    "day amount": (lambda p, typed: set_day_amount(p.secretary, by_code()["G"], MARCH_5, typed), "金額", "amount"),
    "payment correction": (
        lambda p, typed: correct_payment(p.secretary, ServiceEvent.get(ServiceEvent.source == "payment"), typed),
        "金額",
        "amount",
    ),
}


@pytest.fixture
def with_a_payment(people: People) -> People:
    record_payment(people.duty, "1500", "R-0")
    return people


@pytest.mark.parametrize("path", list(NUMBER_INPUTS))
@pytest.mark.parametrize("typed, digit", EXOTIC_NUMBERS)
def test_other_scripts_digits_are_refused_everywhere(with_a_payment: People, path: str, typed: str, digit: str) -> None:
    write, label, field = NUMBER_INPUTS[path]
    before = written()
    with pytest.raises(ValidationError) as refused:
        write(with_a_payment, typed)
    assert refused.value.message == f"{label}裡的「{digit}」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"
    assert refused.value.field == field
    assert written() == before


@pytest.mark.parametrize("path", list(NUMBER_INPUTS))
@pytest.mark.parametrize("typed", [pytest.param("1" * 5000, id="5000-digits"), pytest.param("1,000" * 1000, id="5000-chars")])
def test_a_pasted_page_gets_a_message_not_a_traceback(with_a_payment: People, path: str, typed: str) -> None:
    write, label, field = NUMBER_INPUTS[path]
    before = written()
    with pytest.raises(ValidationError) as refused:
        write(with_a_payment, typed)
    assert refused.value.message == f"{label}太長了（最多 30 個字），請確認是否打錯。"
    assert refused.value.field == field
    assert written() == before


# ---------------------------------------------------------------- who may record what (the stored role decides)

ROLES = [Role.VOLUNTEER, Role.OPERATOR, Role.DUTY, Role.SECRETARY]
COUNTER_CODES = [code for code, _, has_amount, _ in STANDARD_CATEGORIES if not has_amount]
# Whose counter each category is on (SPEC §2.2); the secretary may record anything.
PRESSES = {code: set(roles) | {Role.SECRETARY} for code, _, has_amount, roles in STANDARD_CATEGORIES if not has_amount}


def member(people: People, role: Role) -> User:
    return {Role.VOLUNTEER: people.volunteer, Role.OPERATOR: people.operator, Role.DUTY: people.duty, Role.SECRETARY: people.secretary}[role]


@pytest.mark.parametrize("record", ["press", "group"])
@pytest.mark.parametrize("code", COUNTER_CODES)
@pytest.mark.parametrize("role", ROLES)
def test_a_desk_records_only_its_own_categories(people: People, role: Role, code: str, record: str) -> None:
    actor, category = member(people, role), by_code()[code]
    write = (lambda: record_press(actor, category)) if record == "press" else (lambda: record_group(actor, category, "3"))
    before = written()
    if role in PRESSES[code]:
        event = write()
        assert reload(event).created_by_id == actor.id
        assert written() == (before[0] + 1, before[1] + 1)
    else:
        with pytest.raises(PermissionDenied) as refused:
            write()
        assert refused.value.message == f"「{category.name}」不是{role.label}計數的項目，不能記錄。"
        assert written() == before


PAST_DAY = "只能記錄今天的人次或收款；以前的日子請由研考在「日誌補登」補登。"


@pytest.mark.parametrize(
    "record",
    [
        pytest.param(lambda actor, day: record_press(actor, by_code()["C"], dt.datetime.combine(day, dt.time(9))), id="press"),
        pytest.param(lambda actor, day: record_group(actor, by_code()["C"], "3", day=day), id="group"),
    ],
)
@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.OPERATOR])
def test_a_desk_cannot_record_an_earlier_day(people: People, role: Role, record) -> None:
    before = written()
    for day in (YESTERDAY, MARCH_5):
        with pytest.raises(PermissionDenied) as refused:
            record(member(people, role), day)
        assert refused.value.message == PAST_DAY
    assert written() == before
    record(people.secretary, YESTERDAY)  # the secretary backfills
    assert written() == (before[0] + 1, before[1] + 1)


@pytest.mark.parametrize("role", ROLES)
def test_only_duty_clerks_and_the_secretary_record_payments(people: People, role: Role) -> None:
    actor = member(people, role)
    before = written()
    if role in (Role.DUTY, Role.SECRETARY):
        assert reload(record_payment(actor, "1500")).amount == 1500
        assert written() == (before[0] + 1, before[1] + 1)
    else:
        with pytest.raises(PermissionDenied) as refused:
            record_payment(actor, "1500")
        assert refused.value.message == "中午收款只有輪值與研考可以記錄。"
        assert written() == before


def test_a_duty_clerk_cannot_record_a_payment_of_an_earlier_day(people: People) -> None:
    before = written()
    with pytest.raises(PermissionDenied) as refused:
        record_payment(people.duty, "1500", day=YESTERDAY)
    assert refused.value.message == PAST_DAY
    assert written() == before


def test_a_role_changed_elsewhere_decides_not_the_object_in_hand(people: People) -> None:
    """The volunteer's object at the front desk still says 志工 after the secretary made them
    a duty clerk at another PC: they now count what a duty clerk counts, and no longer I."""
    at_the_desk = User.get_by_id(people.volunteer.id)
    update_user(people.secretary, User.get_by_id(people.volunteer.id), name="陳志工", role=Role.DUTY, active=True)
    assert at_the_desk.role == Role.VOLUNTEER
    before = written()
    with pytest.raises(PermissionDenied, match="不是輪值計數的項目"):
        record_press(at_the_desk, by_code()["I"])
    assert written() == before
    record_press(at_the_desk, by_code()["H"])
    record_payment(at_the_desk, "300")
    assert written() == (before[0] + 2, before[1] + 2)


def test_the_days_payments_name_who_typed_each_in_one_query(
    database: peewee.Database, secretary: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    duty = create_user(secretary, "王輪值", Role.DUTY)
    first = record_payment(duty, 1500)
    second = record_payment(secretary, 800)
    record_payment(secretary, 300, day=YESTERDAY)
    category = payment_category()
    seen: list[str] = []
    real = database.execute_sql
    monkeypatch.setattr(database, "execute_sql", lambda sql, *args, **kwargs: seen.append(sql) or real(sql, *args, **kwargs))
    events = today_events(None, category)
    assert [(e.id, e.created_by.name, e.created_by_id) for e in events] == [
        (first.id, "王輪值", duty.id), (second.id, "林秘書", secretary.id)
    ]
    assert len(seen) == 1
    assert [e.id for e in today_events(duty, category)] == [first.id]


# ---------------------------------------------------------------- a day the secretary set


def live_amount(code: str, day: dt.date) -> int:
    events = ServiceEvent.select().where(
        ServiceEvent.category == by_code()[code], ServiceEvent.day == day, ServiceEvent.voided_at.is_null()
    )
    return sum(e.amount or 0 for e in events)


SET_BY_SECRETARY = (
    "研考已在「日誌補登」填好這一天「{name}」的合計，櫃台不能再增減；要更正請研考在「日誌補登」修改這一格。"
)


def test_the_issue_case_a_desk_undo_cannot_take_a_set_day_below_zero(people: People) -> None:
    """The operator presses A three times, the secretary types the day as 1 (an adjustment of
    −2), the operator then undoes two presses: refused, so the day stays 1 and never −1."""
    a = by_code()["A"]
    for _ in range(3):
        record_press(people.operator, a)
    set_day_total(people.secretary, a, TODAY, "1")
    before = written()
    with pytest.raises(ValidationError) as caught:
        undo_last(people.operator)
    assert str(caught.value) == SET_BY_SECRETARY.format(name="總機電話服務")
    assert written() == before
    assert live_count("A", TODAY) == 1
    assert period_totals(TODAY, TODAY)[a.id].count == 1


DESK_CHANGES = {
    "press": lambda p: record_press(p.operator, by_code()["A"]),
    "group": lambda p: record_group(p.operator, by_code()["A"], "4"),
    "press by the secretary at a desk": lambda p: record_press(p.secretary, by_code()["A"]),
    "undo": lambda p: undo_last(p.operator),
}


@pytest.mark.parametrize("change", DESK_CHANGES.values(), ids=DESK_CHANGES.keys())
def test_a_desk_change_to_a_day_the_secretary_set_is_refused(people: People, change) -> None:
    a = by_code()["A"]
    record_press(people.operator, a)
    record_press(people.operator, a)
    set_day_total(people.secretary, a, TODAY, "5")
    before = written()
    with pytest.raises(ValidationError, match="研考已在「日誌補登」填好這一天「總機電話服務」的合計"):
        change(people)
    assert written() == before
    assert live_count("A", TODAY) == 5


def test_other_categories_and_days_stay_open_and_the_secretary_can_retype(people: People) -> None:
    a, b = by_code()["A"], by_code()["B"]
    record_press(people.operator, a)
    set_day_total(people.secretary, a, TODAY, "3")
    record_press(people.secretary, b)  # another category of the same day: open
    assert live_count("B", TODAY) == 1
    set_day_total(people.secretary, a, TODAY, "2")  # her own grid: the day is hers to change
    assert live_count("A", TODAY) == 2


def test_a_day_typed_as_it_stood_stays_open(people: People) -> None:
    """Typing the very total the desks reached writes nothing, so nothing of hers can break."""
    a = by_code()["A"]
    record_press(people.operator, a)
    assert set_day_total(people.secretary, a, TODAY, "1") is None
    assert undo_last(people.operator) is not None
    assert live_count("A", TODAY) == 0


PAYMENT_CHANGES = {
    "record": lambda p, paid: record_payment(p.duty, "800"),
    "void": lambda p, paid: void_record(p.duty, paid, "打錯"),
    "correct": lambda p, paid: correct_payment(p.duty, paid, "100"),
}


@pytest.mark.parametrize("change", PAYMENT_CHANGES.values(), ids=PAYMENT_CHANGES.keys())
def test_a_payment_change_to_a_day_the_secretary_set_is_refused(people: People, change) -> None:
    g = by_code()["G"]
    paid = record_payment(people.duty, "3000")
    set_day_amount(people.secretary, g, TODAY, "1000")  # the paper log says 1,000: −2,000
    before = written()
    with pytest.raises(ValidationError, match="研考已在「日誌補登」填好這一天「中午輪值不打烊收款」的合計"):
        change(people, paid)
    assert written() == before
    assert (live_count("G", TODAY), live_amount("G", TODAY)) == (1, 1000)


def test_voiding_an_adjustment_may_not_leave_a_day_below_zero(people: People) -> None:
    a = by_code()["A"]
    up = set_day_total(people.secretary, a, MARCH_5, "10")
    set_day_total(people.secretary, a, MARCH_5, "3")  # −7
    before = written()
    with pytest.raises(ValidationError, match="人次會變成負數"):
        void_record(people.secretary, up, "補登錯誤")
    assert written() == before
    assert live_count("A", MARCH_5) == 3
