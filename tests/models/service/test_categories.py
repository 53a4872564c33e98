"""Service-centre categories: the seeded nine, the secretary's own, and the rules for names.

Every refusal checks the message a clerk reads and that not one row or audit row was written.
"""
from __future__ import annotations

import datetime as dt

import peewee
import pytest

from models.accounts import Role
from models.audit import AuditEntry, void_record
from models.errors import ValidationError
from models.service.categories import (
    ServiceCategory,
    add_category,
    categories,
    counter_categories,
    move_category,
    payment_category,
    update_category,
)
from models.service.counts import CategoryTotal, delete_category, period_totals, record_group, record_press
from models.storage import open_ledger
from tests.models.service.conftest import People, by_code, last_audit, retire, written

MARCH_5 = dt.date(2024, 3, 5)


# ---------------------------------------------------------------- seeded categories

SPEC_CATEGORIES = [
    # code, name, has_amount, roles that see it on a counter
    ("A", "總機電話服務", False, {Role.OPERATOR}),
    ("B", "受理現場查詢案件", False, {Role.OPERATOR, Role.DUTY}),
    ("C", "服務中心導引民眾", False, {Role.OPERATOR, Role.VOLUNTEER}),
    ("D", "停車導引及管制服務", False, {Role.OPERATOR}),
    ("E", "查封車看車服務", False, {Role.OPERATOR}),
    ("F", "其他服務(殘障人士服務)", False, {Role.OPERATOR, Role.VOLUNTEER}),
    ("G", "中午輪值不打烊收款", True, {Role.DUTY}),
    ("H", "現場受理收文", False, {Role.DUTY}),
    ("I", "志工導引", False, {Role.VOLUNTEER}),
]


def test_standard_categories_are_seeded_in_the_reference_order(any_database: peewee.Database) -> None:
    seeded = categories()
    assert [(c.code, c.name, c.has_amount, c.role_set) for c in seeded] == SPEC_CATEGORIES
    assert [c.position for c in seeded] == list(range(1, 10))
    assert [c.shortcut for c in seeded] == ["A", "B", "C", "D", "E", "F", None, "H", "I"]  # G: no counter key
    assert all(c.active for c in seeded)
    assert categories(include_retired=True) == seeded
    assert payment_category().code == "G"


def test_opening_again_does_not_seed_twice(db_path, database: peewee.Database) -> None:
    database.close()
    open_ledger(db_path).close()
    reopened = open_ledger(db_path)
    try:
        assert ServiceCategory.select().count() == 9
    finally:
        reopened.close()


@pytest.mark.parametrize(
    "role, codes",
    [
        (Role.OPERATOR, "ABCDEF"),
        (Role.DUTY, "BH"),  # G is a payment: it has its own screen, not a counter key
        (Role.VOLUNTEER, "CFI"),
        (Role.SECRETARY, ""),
    ],
)
def test_counter_categories_per_role(any_database: peewee.Database, role: Role, codes: str) -> None:
    assert [c.code for c in counter_categories(role)] == list(codes)

# ---------------------------------------------------------------- category admin


def test_add_category_takes_the_next_code_and_position(people: People) -> None:
    before_audit = AuditEntry.select().count()
    added = add_category(people.secretary, "  替代役  協助 ", roles=["volunteer"], shortcut="k")
    stored = ServiceCategory.get_by_id(added.id)
    assert (stored.code, stored.name, stored.position, stored.shortcut, stored.roles) == (
        "K", "替代役 協助", 10, "K", "volunteer"
    )
    assert stored.active and not stored.has_amount
    assert AuditEntry.select().count() == before_audit + 1
    entry = last_audit()
    assert (entry.user_id, entry.table_name, entry.record_id, entry.action) == (
        people.secretary.id, "service_category", added.id, "insert"
    )
    assert [c.code for c in counter_categories(Role.VOLUNTEER)] == ["C", "F", "I", "K"]
    second = add_category(people.secretary, "愛心傘借用", roles=[Role.OPERATOR, Role.VOLUNTEER])
    assert (second.code, second.position, second.shortcut, second.roles) == ("L", 11, None, "volunteer,operator")
    assert [c.code for c in categories()] == list("ABCDEFGHIKL")


@pytest.mark.parametrize(
    "name, shortcut, message",
    [
        ("志工導引", "", "已經有「志工導引」這個類別了。"),
        (" 志工導引 ", "", "已經有「志工導引」這個類別了。"),
        ("", "", "請輸入類別名稱。"),
        ("長" * 41, "", "類別名稱最多 40 個字。"),
        ("替代役協助", "KK", "按鍵請用一個英文字母（數字留給「一批人」用）。"),
        ("替代役協助", "＋", "按鍵請用一個英文字母（數字留給「一批人」用）。"),
        ("替代役協助", "1", "按鍵請用一個英文字母（數字留給「一批人」用）。"),
        ("替代役協助", "a", "按鍵「A」已經給「總機電話服務」用了，請換一個。"),
    ],
    ids=["clash", "clash with spaces", "empty", "41 characters", "two keys", "full-width key", "digit key", "key in use"],
)
def test_bad_new_category_is_refused(people: People, name: str, shortcut: str, message: str) -> None:
    before = written()
    with pytest.raises(ValidationError) as refused:
        add_category(people.secretary, name, shortcut=shortcut)
    assert refused.value.message == message
    assert written() == before
    assert ServiceCategory.select().count() == 9


def test_rename_onto_another_category_is_refused(people: People) -> None:
    c = by_code()["C"]
    before = written()
    with pytest.raises(ValidationError) as refused:
        update_category(people.secretary, c, name=" 總機電話服務", roles=c.role_set, shortcut="C", active=True)
    assert refused.value.message == "已經有「總機電話服務」這個類別了。"
    assert written() == before
    assert ServiceCategory.get_by_id(c.id).name == "服務中心導引民眾"


def test_rename_keeps_the_code_and_the_counts(people: People) -> None:
    c = by_code()["C"]
    record_group(people.secretary, c, "3", day=MARCH_5)
    update_category(people.secretary, c, name="服務台導引民眾", roles=[Role.VOLUNTEER], shortcut="g", active=True)
    stored = ServiceCategory.get_by_id(c.id)
    assert (stored.code, stored.name, stored.roles, stored.shortcut, stored.position) == (
        "C", "服務台導引民眾", "volunteer", "G", 3
    )
    assert last_audit().action == "update"
    assert last_audit().before["name"] == "服務中心導引民眾"
    assert period_totals(MARCH_5, MARCH_5) == {c.id: CategoryTotal(3, 0)}
    assert [x.code for x in counter_categories(Role.OPERATOR)] == list("ABDEF")


def test_retire_and_bring_back(people: People) -> None:
    retire(people.secretary, "B")
    assert [c.code for c in categories()] == list("ACDEFGHI")
    assert [c.code for c in categories(include_retired=True)] == list("ABCDEFGHI")
    assert [c.code for c in counter_categories(Role.DUTY)] == ["H"]
    assert [c.code for c in counter_categories(Role.OPERATOR)] == list("ACDEF")
    b = by_code()["B"]
    update_category(people.secretary, b, name=b.name, roles=b.role_set, shortcut="B", active=True)
    assert [c.code for c in counter_categories(Role.DUTY)] == ["B", "H"]
    record_press(people.duty, by_code()["B"])


def test_move_up_and_down(people: People) -> None:
    before_audit = AuditEntry.select().count()
    move_category(people.secretary, by_code()["B"], -1)
    assert [c.code for c in categories()] == list("BACDEFGHI")
    assert AuditEntry.select().count() == before_audit + 2  # both rows that swapped places
    move_category(people.secretary, by_code()["A"], +1)
    assert [c.code for c in categories()] == list("BCADEFGHI")
    assert [c.position for c in categories()] == list(range(1, 10))
    before_audit = AuditEntry.select().count()
    move_category(people.secretary, by_code()["B"], -1)  # already first
    move_category(people.secretary, by_code()["I"], +1)  # already last
    assert [c.code for c in categories()] == list("BCADEFGHI")
    assert AuditEntry.select().count() == before_audit
    # a retired category keeps its place in the order and can be passed over
    retire(people.secretary, "D")
    move_category(people.secretary, by_code()["E"], -1)
    assert [c.code for c in categories(include_retired=True)] == list("BCAEDFGHI")


def test_delete_an_unused_category(people: People) -> None:
    added = add_category(people.secretary, "替代役協助", roles=[Role.VOLUNTEER])
    before_audit = AuditEntry.select().count()
    delete_category(people.secretary, added)
    assert ServiceCategory.get_or_none(ServiceCategory.id == added.id) is None
    assert AuditEntry.select().count() == before_audit + 1
    entry = last_audit()
    assert (entry.table_name, entry.record_id, entry.action) == ("service_category", added.id, "delete")
    assert entry.before["name"] == "替代役協助"


def test_delete_a_used_category_is_refused(people: People) -> None:
    added = add_category(people.secretary, "替代役協助", roles=[Role.VOLUNTEER])
    event = record_group(people.volunteer, added, "2")
    void_record(people.volunteer, event, "打錯")  # even a voided count keeps it
    before = written()
    with pytest.raises(ValidationError) as refused:
        delete_category(people.secretary, added)
    assert refused.value.message == "「替代役協助」已經有紀錄，不能刪除；不再使用請改為「停用」。"
    assert written() == before
    assert ServiceCategory.get_by_id(added.id).active


@pytest.mark.parametrize(
    "name, message",
    [
        pytest.param("服務中心導引民眾\u200b", "類別名稱裡有看不見的字元", id="zero-width-space"),
        pytest.param("\ufeff志工導引", "類別名稱裡有看不見的字元", id="bom"),
        pytest.param("志工\u2028導引", "類別名稱裡有看不見的字元", id="line-separator"),
        pytest.param("志工導引", "已經有「志工導引」這個類別了", id="same"),
        pytest.param("志工\u3000導引", "已經有「志工 導引」這個類別了", id="wide-space"),
        pytest.param("替代役①", "類別名稱裡的「①」不是 0–9 的數字", id="circled-digit"),
    ],
)
def test_category_names_follow_the_name_rules(people: People, name: str, message: str) -> None:
    add_category(people.secretary, "志工 導引")
    before = written()
    with pytest.raises(ValidationError, match=message):
        add_category(people.secretary, name)
    assert written() == before
