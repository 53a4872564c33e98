"""Events and activities: kinds as data with their figures, events with a value per figure.

Every refusal checks the message beside its field and that not one kind, event or audit
row was written.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from models.audit import AuditEntry
from models.errors import PermissionDenied, ValidationError
from models.registers.events import (
    Event,
    EventKind,
    EventRow,
    Figure,
    add_event_kind,
    check_figure_removal,
    correct_event,
    event_kinds,
    events,
    kind_names,
    live_kinds,
    parse_event_day,
    period_events,
    record_event,
    update_event_kind,
    void_event,
    void_event_kind,
)
from models.rocdate import parse_period
from models.storage import open_ledger
from models.users import create_first_secretary
from models.verify import verify
from tests.models.service.conftest import People, last_audit

TODAY = dt.date.today()
JAN_25 = dt.date(2017, 1, 25)
NOT_SECRETARY = "這項工作需要研考登入。"
AUCTION = {"場次": "1", "人次": "612", "拍變賣價金": "1,310,040"}


def written() -> tuple[int, int, int]:
    return EventKind.select().count(), Event.select().count(), AuditEntry.select().count()


def kind(name: str) -> EventKind:
    return EventKind.get((EventKind.name == name) & EventKind.voided_at.is_null())


def test_the_standard_kinds_are_seeded_in_the_report_s_order(people: People) -> None:
    listed = event_kinds(people.secretary)
    assert [(row.kind.name, [(f.name, f.type) for f in row.kind.figure_list], row.events) for row in listed] == [
        ("法拍會", [("場次", "count"), ("人次", "count"), ("拍變賣價金", "money")], 0),
        ("法治教育宣導", [("場次", "count")], 0),
        ("愛心社捐款", [("受贈單位", "text"), ("金額", "money")], 0),
        ("替代役公益", [("次數", "count"), ("人次", "count"), ("受服務人次", "count")], 0),
        ("捐血", [("人次", "count"), ("cc", "count")], 0),
    ]
    assert all(row.kind.created_by_id is None for row in listed)  # written by the program
    # As the service categories: no audit row until someone changes one, and verify holds
    # them to be exactly as seeded (tests/models/test_verify.py changes one behind its back).
    assert not AuditEntry.select().where(AuditEntry.table_name == "event_kind").exists()
    assert verify().ok
    update_event_kind(people.secretary, listed[1].kind, "法治教育宣導", [("場次", "count"), ("學校數", "count")])
    assert verify().ok


# ---------------------------------------------------------------- kinds


def test_the_secretary_adds_a_kind_with_its_figures(people: People) -> None:
    before = written()
    added = add_event_kind(people.secretary, " 社區 關懷 ", [("參加人次", "count"), Figure("捐贈金額", "money"), {"name": "地點", "type": "text"}])
    assert written() == (before[0] + 1, before[1], before[2] + 1)
    stored = EventKind.get_by_id(added.id)
    assert (stored.name, stored.position, stored.created_by_id) == ("社區 關懷", 6, people.secretary.id)
    assert stored.figure_list == (Figure("參加人次", "count"), Figure("捐贈金額", "money"), Figure("地點", "text"))
    assert last_audit().after["figures"] == [
        {"name": "參加人次", "type": "count"}, {"name": "捐贈金額", "type": "money"}, {"name": "地點", "type": "text"}
    ]
    assert [row.kind.name for row in event_kinds(people.secretary)][-1] == "社區 關懷"
    record_event(people.secretary, stored, JAN_25, "社區關懷", {"參加人次": "12", "捐贈金額": "3,000", "地點": "安平區"})
    assert verify().ok


@pytest.mark.parametrize(
    "name, figures, field, message",
    [
        ("", [("人次", "count")], "name", "請輸入活動類別名稱。"),
        ("類" * 21, [("人次", "count")], "name", "活動類別名稱最多 20 個字。"),
        ("法拍會", [("人次", "count")], "name", "已經有「法拍會」這個活動類別了。"),
        (" 法拍會 ", [("人次", "count")], "name", "已經有「法拍會」這個活動類別了。"),
        ("社區關懷", [("人次", "count"), ("人次", "money")], "figures.2", "項目「人次」重複了。"),
        ("社區關懷", [("", "count")], "figures.1", "請輸入第 1 個項目的名稱。"),
        ("社區關懷", [("人次", "count"), ("項" * 11, "count")], "figures.2", "第 2 個項目的名稱最多 10 個字。"),
        ("社區關懷", [("人次", "count"), ("地點", "")], "figures.2", "請選擇「地點」的類型（整數、金額（元）、文字）。"),
        ("社區關懷", [("人次", "decimal")], "figures.1", "請選擇「人次」的類型（整數、金額（元）、文字）。"),
        ("社區關懷", [(f"項目{n}", "count") for n in range(11)], "figures", "一個類別最多 10 個項目。"),
        ("社區\u200b關懷", [("人次", "count")], "name", "活動類別名稱裡有看不見的字元（U+200B），可能是從別處貼上的；請刪除後重新輸入。"),
    ],
    ids=lambda value: repr(value)[:20],
)
def test_a_bad_kind_is_refused_and_nothing_written(people: People, name: str, figures: list, field: str, message: str) -> None:
    before = written()
    with pytest.raises(ValidationError) as refused:
        add_event_kind(people.secretary, name, figures)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert written() == before


def test_a_kind_in_use_gains_figures_but_keeps_each_it_has(people: People) -> None:
    blood = kind("捐血")
    record_event(people.secretary, blood, JAN_25, "捐血活動", {"人次": "35", "cc": "9,000"})
    before = written()
    for figures, field, message in [
        ([("人次", "count")], "figures", "「捐血」已有活動紀錄，不能拿掉或改名「cc」這一項（可以新增項目）。"),
        ([("人數", "count"), ("cc", "count")], "figures", "「捐血」已有活動紀錄，不能拿掉或改名「人次」這一項（可以新增項目）。"),
        ([("人次", "count"), ("cc", "text")], "figures.2", "「捐血」已有活動紀錄，「cc」的類型不能改（現在是整數）。"),
        ([("袋數", "count"), ("cc", "money"), ("人次", "count")], "figures.2",
         "「捐血」已有活動紀錄，「cc」的類型不能改（現在是整數）。"),
    ]:
        with pytest.raises(ValidationError) as refused:
            update_event_kind(people.secretary, blood, "捐血", figures)
        assert (refused.value.message, refused.value.field) == (message, field)
    assert written() == before
    assert EventKind.get_by_id(blood.id).figure_list == (Figure("人次", "count"), Figure("cc", "count"))
    # renamed, reordered and a figure added: allowed
    update_event_kind(people.secretary, blood, "捐血活動", [("cc", "count"), ("人次", "count"), ("袋數", "count")])
    stored = EventKind.get_by_id(blood.id)
    assert (stored.name, [f.name for f in stored.figure_list]) == ("捐血活動", ["cc", "人次", "袋數"])
    entry = last_audit()
    assert (entry.action, entry.before["name"], entry.after["name"]) == ("update", "捐血", "捐血活動")


def test_taking_a_figure_off_a_kind_in_use_is_refused_when_asked(people: People) -> None:
    """Asked as the form takes a figure off, before anything is saved."""
    blood = kind("捐血")
    check_figure_removal(people.secretary, blood, "cc")  # no event yet: it may go
    event = record_event(people.secretary, blood, JAN_25, "捐血活動", {"人次": "35", "cc": "9,000"})
    before = written()
    with pytest.raises(ValidationError) as refused:
        check_figure_removal(people.secretary, blood, "cc")
    assert (refused.value.message, refused.value.field) == ("「捐血」已有活動紀錄，不能拿掉或改名「cc」這一項（可以新增項目）。", "figures")
    check_figure_removal(people.secretary, blood, "袋數")  # a figure typed on the form but not kept yet
    assert written() == before
    void_event(people.secretary, event, "重複輸入")
    check_figure_removal(people.secretary, blood, "cc")


def test_a_kind_not_in_use_may_lose_figures(people: People) -> None:
    service = kind("替代役公益")
    update_event_kind(people.secretary, service, "替代役公益", [("人次", "text")])
    assert EventKind.get_by_id(service.id).figure_list == (Figure("人次", "text"),)


def test_a_kind_whose_events_are_all_voided_is_no_longer_in_use(people: People) -> None:
    blood = kind("捐血")
    event = record_event(people.secretary, blood, JAN_25, "捐血活動", {"人次": "35", "cc": "9000"})
    void_event(people.secretary, event, "重複輸入")
    update_event_kind(people.secretary, blood, "捐血", [("人次", "count")])
    void_event_kind(people.secretary, blood, "不再辦理")
    assert EventKind.get_by_id(blood.id).is_voided


def test_a_kind_is_voided_only_without_live_events_and_its_name_is_free_again(people: People) -> None:
    auction = kind("法拍會")
    record_event(people.secretary, auction, JAN_25, "黃昏市集", AUCTION)
    before = written()
    with pytest.raises(ValidationError) as refused:
        void_event_kind(people.secretary, auction, "打錯了")
    assert refused.value.message == "「法拍會」還有 1 筆活動紀錄；請先作廢這些活動，再作廢類別。"
    assert written() == before
    education = kind("法治教育宣導")
    void_event_kind(people.secretary, education, "改用新的類別")
    assert (last_audit().action, last_audit().after["void_reason"]) == ("void", "改用新的類別")
    assert "法治教育宣導" not in [row.kind.name for row in event_kinds(people.secretary)]
    assert "法治教育宣導" in [row.kind.name for row in event_kinds(people.secretary, include_voided=True)]
    again = add_event_kind(people.secretary, "法治教育宣導", [("場次", "count"), ("學生人次", "count")])
    assert again.id != education.id
    before = written()
    with pytest.raises(ValidationError) as refused:
        record_event(people.secretary, education, JAN_25, "宣導", {"場次": "1"})
    assert (refused.value.message, refused.value.field) == ("活動類別「法治教育宣導」已經作廢，不能再記錄活動。", "kind")
    assert written() == before


# ---------------------------------------------------------------- events


def test_an_event_is_stored_with_a_value_per_figure(people: People) -> None:
    before = written()
    event = record_event(people.secretary, kind("法拍會"), JAN_25, " 鳳凰城法拍會黃昏市集 ", AUCTION)
    assert written() == (before[0], before[1] + 1, before[2] + 1)
    stored = Event.get_by_id(event.id)
    assert (stored.day, stored.month_only, stored.title) == (JAN_25, False, "鳳凰城法拍會黃昏市集")
    assert stored.values == {"場次": 1, "人次": 612, "拍變賣價金": 1310040}
    entry = last_audit()
    assert (entry.table_name, entry.action, entry.after["values"]) == ("event", "insert", stored.values)


def test_an_event_dated_by_its_month_is_kept_on_the_first(people: People) -> None:
    donation = kind("愛心社捐款")
    values = {"受贈單位": "財團法人華山社會福利慈善基金會", "金額": "NT$ 6,600 元"}
    event = record_event(people.secretary, donation, dt.date(2017, 1, 19), "愛心社捐款", values, month_only=True)
    stored = Event.get_by_id(event.id)
    assert (stored.day, stored.month_only) == (dt.date(2017, 1, 1), True)
    assert stored.values == {"受贈單位": "財團法人華山社會福利慈善基金會", "金額": 6600}
    this_month = record_event(people.secretary, donation, TODAY, "本月", {"受贈單位": "朝興基金會", "金額": "5000"}, month_only=True)
    assert Event.get_by_id(this_month.id).day == TODAY.replace(day=1)


def test_a_correction_keeps_the_dating_unless_told(people: People) -> None:
    donation = kind("愛心社捐款")
    values = {"受贈單位": "朝興基金會", "金額": "5000"}
    event = record_event(people.secretary, donation, dt.date(2017, 6, 1), "愛心社捐款", values, month_only=True)
    correct_event(people.secretary, event, donation, dt.date(2017, 6, 20), "愛心社捐款", {**values, "金額": "5500"})
    stored = Event.get_by_id(event.id)
    assert (stored.day, stored.month_only, stored.values["金額"]) == (dt.date(2017, 6, 1), True, 5500)
    correct_event(people.secretary, event, donation, dt.date(2017, 6, 20), "愛心社捐款", values, month_only=False)
    stored = Event.get_by_id(event.id)
    assert (stored.day, stored.month_only) == (dt.date(2017, 6, 20), False)


def test_zero_is_a_value(people: People) -> None:
    event = record_event(people.secretary, kind("法拍會"), JAN_25, "流標", {"場次": "1", "人次": "0", "拍變賣價金": 0})
    assert Event.get_by_id(event.id).values == {"場次": 1, "人次": 0, "拍變賣價金": 0}


COUNT_RULE = "「人次」請輸入整數，不要有小數點或正負號。"
MONEY_RULE = "「拍變賣價金」請輸入整數元，不要有小數點或其他符號。"


@pytest.mark.parametrize(
    "kind_name, day, title, values, field, message",
    [
        ("法拍會", None, "市集", AUCTION, "date", "請輸入日期。"),
        ("法拍會", TODAY + dt.timedelta(days=1), "市集", AUCTION, "date", "日期不能晚於今天。"),
        ("法拍會", dt.date(1911, 12, 31), "市集", AUCTION, "date", "日期不能早於民國1年。"),
        ("法拍會", JAN_25, "", AUCTION, "title", "請輸入活動名稱。"),
        ("法拍會", JAN_25, "名" * 101, AUCTION, "title", "活動名稱最多 100 個字。"),
        ("法拍會", JAN_25, "市集\u2060", AUCTION, "title", "活動名稱裡有看不見的字元（U+2060），可能是從別處貼上的；請刪除後重新輸入。"),
        ("法拍會", JAN_25, "市集", {"場次": "1", "拍變賣價金": "100"}, "values.人次", "請輸入人次（「法拍會」的每一項都要填）。"),
        ("法拍會", JAN_25, "市集", {**AUCTION, "人次": "  "}, "values.人次", "請輸入人次（「法拍會」的每一項都要填）。"),
        ("法拍會", JAN_25, "市集", {**AUCTION, "人次": None}, "values.人次", "請輸入人次（「法拍會」的每一項都要填）。"),
        ("法拍會", JAN_25, "市集", {}, "values.場次", "請輸入場次（「法拍會」的每一項都要填）。"),
        ("法拍會", JAN_25, "市集", {**AUCTION, "cc": "250"}, "values", "「法拍會」沒有「cc」這一項。"),
        ("法拍會", JAN_25, "市集", {**AUCTION, "人次": "-3"}, "values.人次", COUNT_RULE),
        ("法拍會", JAN_25, "市集", {**AUCTION, "人次": -3}, "values.人次", COUNT_RULE),
        ("法拍會", JAN_25, "市集", {**AUCTION, "人次": "2.5"}, "values.人次", COUNT_RULE),
        ("法拍會", JAN_25, "市集", {**AUCTION, "人次": 2.5}, "values.人次", COUNT_RULE),
        ("法拍會", JAN_25, "市集", {**AUCTION, "人次": True}, "values.人次", COUNT_RULE),
        ("法拍會", JAN_25, "市集", {**AUCTION, "人次": "六百"}, "values.人次", COUNT_RULE),
        ("法拍會", JAN_25, "市集", {**AUCTION, "人次": "1,0"}, "values.人次", "「人次」的逗號位置不對（千分位是每三位一個，例如 1,500），請確認是否打錯。"),
        ("法拍會", JAN_25, "市集", {**AUCTION, "人次": "1000001"}, "values.人次", "「人次」最多 1,000,000，請確認是否打錯。"),
        ("法拍會", JAN_25, "市集", {**AUCTION, "人次": "٦"}, "values.人次", "「人次」裡的「٦」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"),
        ("法拍會", JAN_25, "市集", {**AUCTION, "拍變賣價金": "-100"}, "values.拍變賣價金", MONEY_RULE),
        ("法拍會", JAN_25, "市集", {**AUCTION, "拍變賣價金": "1310040.5"}, "values.拍變賣價金", MONEY_RULE),
        ("法拍會", JAN_25, "市集", {**AUCTION, "拍變賣價金": "100000001"}, "values.拍變賣價金", "「拍變賣價金」最多 100,000,000 元，請確認是否打錯。"),
        ("愛心社捐款", JAN_25, "捐款", {"受贈單位": " ", "金額": "100"}, "values.受贈單位", "請輸入受贈單位（「愛心社捐款」的每一項都要填）。"),
        ("愛心社捐款", JAN_25, "捐款", {"受贈單位": "基" * 61, "金額": "100"}, "values.受贈單位", "「受贈單位」最多 60 個字。"),
        ("愛心社捐款", JAN_25, "捐款", {"受贈單位": "基金會", "金額": "6,600.5"}, "values.金額", "「金額」請輸入整數元，不要有小數點或其他符號。"),
        ("捐血", JAN_25, "捐血", {"人次": "35", "cc": "9000.5"}, "values.cc", "「cc」請輸入整數，不要有小數點或正負號。"),
    ],
    ids=lambda value: repr(value)[:24],
)
def test_a_bad_event_is_refused_and_nothing_written(
    people: People, kind_name: str, day: dt.date | None, title: str, values: dict, field: str, message: str
) -> None:
    before = written()
    with pytest.raises(ValidationError) as refused:
        record_event(people.secretary, kind(kind_name), day, title, values)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert written() == before


def test_an_event_without_a_kind_or_in_a_future_month_is_refused(people: People) -> None:
    before = written()
    with pytest.raises(ValidationError) as refused:
        record_event(people.secretary, None, JAN_25, "捐款", {})  # type: ignore[arg-type]
    assert (refused.value.message, refused.value.field) == ("請選擇活動類別。", "kind")
    next_month = (TODAY.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    with pytest.raises(ValidationError) as refused:
        record_event(people.secretary, kind("愛心社捐款"), next_month, "捐款", {"受贈單位": "基金會", "金額": "1"}, month_only=True)
    assert (refused.value.message, refused.value.field) == ("日期不能晚於今天。", "date")
    assert written() == before


def test_a_figure_added_later_reads_blank_and_may_stay_blank_on_correction(people: People) -> None:
    blood = kind("捐血")
    event = record_event(people.secretary, blood, JAN_25, "捐血活動", {"人次": "35", "cc": "9000"})
    update_event_kind(people.secretary, blood, "捐血", [("人次", "count"), ("cc", "count"), ("地點", "text")])
    correct_event(people.secretary, event, blood, JAN_25, "捐血活動", {"人次": "36", "cc": "9,000", "地點": ""})
    assert Event.get_by_id(event.id).values == {"人次": 36, "cc": 9000}
    entry = last_audit()
    assert (entry.action, entry.before["values"], entry.after["values"]) == (
        "update", {"人次": 35, "cc": 9000}, {"人次": 36, "cc": 9000}
    )
    before = written()
    with pytest.raises(ValidationError) as refused:  # what it had must stay given
        correct_event(people.secretary, event, blood, JAN_25, "捐血活動", {"人次": "", "cc": "9000"})
    assert (refused.value.message, refused.value.field) == ("請輸入人次（「捐血」的每一項都要填）。", "values.人次")
    with pytest.raises(ValidationError) as refused:  # a new event needs the new figure
        record_event(people.secretary, blood, JAN_25, "捐血活動", {"人次": "41", "cc": "10250"})
    assert (refused.value.message, refused.value.field) == ("請輸入地點（「捐血」的每一項都要填）。", "values.地點")
    assert written() == before
    correct_event(people.secretary, event, blood, JAN_25, "捐血活動", {"人次": "36", "cc": "9000", "地點": "分署大廳"})
    assert Event.get_by_id(event.id).values == {"人次": 36, "cc": 9000, "地點": "分署大廳"}


def test_a_correction_may_move_an_event_to_another_kind(people: People) -> None:
    event = record_event(people.secretary, kind("法治教育宣導"), JAN_25, "捐血活動", {"場次": "1"})
    before = written()
    with pytest.raises(ValidationError) as refused:
        correct_event(people.secretary, event, kind("捐血"), JAN_25, "捐血活動", {"人次": "35"})
    assert (refused.value.message, refused.value.field) == ("請輸入cc（「捐血」的每一項都要填）。", "values.cc")
    with pytest.raises(ValidationError) as refused:
        correct_event(people.secretary, event, kind("捐血"), JAN_25, "捐血活動", {"場次": "1", "人次": "35", "cc": "9000"})
    assert (refused.value.message, refused.value.field) == ("「捐血」沒有「場次」這一項。", "values")
    assert written() == before
    correct_event(people.secretary, event, kind("捐血"), JAN_25, "捐血活動", {"人次": "35", "cc": "9000"})
    stored = Event.get_by_id(event.id)
    assert (stored.kind_id, stored.values) == (kind("捐血").id, {"人次": 35, "cc": 9000})


def test_a_voided_event_drops_out_and_cannot_be_corrected(people: People) -> None:
    auction = kind("法拍會")
    kept = record_event(people.secretary, auction, JAN_25, "黃昏市集", AUCTION)
    wrong = record_event(people.secretary, auction, JAN_25, "黃昏市集", AUCTION)
    void_event(people.secretary, wrong, "重複輸入")
    assert [row.title for row in period_events(JAN_25, JAN_25)] == ["黃昏市集"]
    assert event_kinds(people.secretary)[0].events == 1
    with pytest.raises(ValidationError):
        correct_event(people.secretary, wrong, auction, JAN_25, "黃昏市集", AUCTION)
    listed = events(people.secretary)
    assert [(e.id, e.is_voided) for e in listed] == [(kept.id, False), (wrong.id, True)]
    assert verify().ok


@pytest.mark.parametrize("who", ["volunteer", "operator", "duty"])
def test_only_the_secretary_reads_or_writes_the_register(people: People, who: str) -> None:
    auction = kind("法拍會")
    event = record_event(people.secretary, auction, JAN_25, "黃昏市集", AUCTION)
    actor = getattr(people, who)
    before = written()
    attempts = [
        lambda: add_event_kind(actor, "社區關懷", [("人次", "count")]),
        lambda: update_event_kind(actor, auction, "法拍", [("場次", "count")]),
        lambda: void_event_kind(actor, kind("捐血"), "不辦了"),
        lambda: check_figure_removal(actor, auction, "場次"),
        lambda: event_kinds(actor),
        lambda: record_event(actor, auction, JAN_25, "黃昏市集", AUCTION),
        lambda: correct_event(actor, event, auction, JAN_25, "黃昏市集", {**AUCTION, "人次": "1"}),
        lambda: void_event(actor, event, "打錯了"),
        lambda: events(actor),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied) as refused:
            attempt()
        assert refused.value.message == NOT_SECRETARY
    assert written() == before


def test_the_list_shows_kind_and_typist_and_filters_by_period_and_kind(people: People) -> None:
    record_event(people.secretary, kind("捐血"), dt.date(2017, 4, 27), "捐血活動", {"人次": "41", "cc": "10,250"})
    record_event(people.secretary, kind("捐血"), JAN_25, "捐血活動", {"人次": "35", "cc": "9,000"})
    record_event(people.secretary, kind("法拍會"), dt.date(2017, 3, 14), "黃昏市集", AUCTION)
    record_event(people.secretary, kind("捐血"), dt.date(2017, 7, 4), "下半年", {"人次": "1", "cc": "250"})
    listed = events(people.secretary, parse_period("106H1"))
    assert [(e.day, e.kind.name, e.created_by.name) for e in listed] == [
        (JAN_25, "捐血", "林秘書"), (dt.date(2017, 3, 14), "法拍會", "林秘書"), (dt.date(2017, 4, 27), "捐血", "林秘書")
    ]
    assert [e.values["cc"] for e in events(people.secretary, parse_period("106H1"), kind("捐血"))] == [9000, 10250]
    assert [e.title for e in events(people.secretary, kind=kind("捐血").id)] == ["捐血活動", "捐血活動", "下半年"]
    period = parse_period("106H1")
    assert period_events(period.start, period.end)[0] == EventRow(JAN_25, False, kind("捐血").id, "捐血活動", {"人次": 35, "cc": 9000})
    assert [row.name for row in live_kinds()] == ["法拍會", "法治教育宣導", "愛心社捐款", "替代役公益", "捐血"]


@pytest.mark.parametrize(
    "typed, parsed",
    [
        ("106/01/25", (JAN_25, False)),
        ("1060125", (JAN_25, False)),
        ("106/01", (dt.date(2017, 1, 1), True)),
        ("106年3月", (dt.date(2017, 3, 1), True)),
        ("１０６／０６", (dt.date(2017, 6, 1), True)),
    ],
)
def test_an_event_day_is_a_day_or_a_month(typed: str, parsed: tuple[dt.date, bool]) -> None:
    assert parse_event_day(typed) == parsed


@pytest.mark.parametrize(
    "typed, message",
    [
        ("106", "請輸入日期（例如 106/01/25）或一個月份（例如 106/01）。"),
        ("106H1", "請輸入日期（例如 106/01/25）或一個月份（例如 106/01）。"),
        ("106/01-106/03", "請輸入日期（例如 106/01/25）或一個月份（例如 106/01）。"),
        ("106/02/30", "「106/02/30」不是有效日期：民國106年2月只有28天。"),
        ("", "請輸入日期。"),
    ],
)
def test_an_event_day_that_is_neither_is_refused(typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_event_day(typed)
    assert (refused.value.message, refused.value.field) == (message, "date")


def test_an_event_s_history_names_its_kind_even_voided(people: People) -> None:
    education = kind("法治教育宣導")
    void_event_kind(people.secretary, education, "改用新的類別")
    names = kind_names()
    assert names[education.id] == "法治教育宣導" and names[kind("捐血").id] == "捐血"
    assert Event.history_text.names["kind"] is kind_names


def test_a_ledger_of_before_the_registers_gains_them_and_the_standard_kinds(tmp_path: Path) -> None:
    """A ledger as version 5 left it (without the registers' tables), opened by this version:
    the tables come, the five kinds with them, and it still verifies whole."""
    path = tmp_path / "ledger.db"
    database = open_ledger(path)
    create_first_secretary("林秘書", "246813", "246813")
    with database.atomic():
        for table in ("event", "event_kind", "training_session", "courtesy_test"):
            database.execute_sql(f'DROP TABLE "{table}"')
        database.execute_sql("DELETE FROM schema_migration WHERE name IN ('0008_courtesy_training', '0009_events')")
    database.close()
    database = open_ledger(path)
    try:
        assert [kind.name for kind in live_kinds()] == ["法拍會", "法治教育宣導", "愛心社捐款", "替代役公益", "捐血"]
        assert verify().ok, verify().lines()
        assert [p.name for p in tmp_path.iterdir() if ".before-0008_courtesy_training." in p.name]  # the safety copy
    finally:
        database.close()
