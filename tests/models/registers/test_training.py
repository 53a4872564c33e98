"""Training sessions: whole or half hours, the two kinds, 研考 alone, every bad input refused.

Every refusal checks the message beside its field and that not one session or audit row
was written.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models.audit import AuditEntry
from models.errors import PermissionDenied, ValidationError
from models.registers.training import (
    E_LEARNING,
    IN_SERVICE,
    TrainingRow,
    TrainingSession,
    correct_training,
    period_sessions,
    record_training,
    training_sessions,
    void_training,
)
from models.rocdate import parse_period
from tests.models.service.conftest import People, last_audit

TODAY = dt.date.today()
JAN_25 = dt.date(2017, 1, 25)
NOT_SECRETARY = "這項工作需要研考登入。"
HOURS_RULE = "時數請輸入大於 0 的數字，以半小時為單位，例如 2 或 2.5。"
HALVES = "時數以半小時為單位，例如 2 或 2.5（不能是 2.25）。"
MORE_THAN_A_DAY = "一次訓練最多 24 小時（一天），請確認是否打錯。"


def written() -> tuple[int, int]:
    return TrainingSession.select().count(), AuditEntry.select().count()


def test_a_session_is_stored_with_its_audit_row(people: People) -> None:
    before = written()
    session = record_training(
        people.secretary, JAN_25, IN_SERVICE, " 年金改革方案(草案)說明會 ", "1", "人事室吳人事管理員惠婷"
    )
    assert written() == (before[0] + 1, before[1] + 1)
    stored = TrainingSession.get_by_id(session.id)
    assert (stored.day, stored.kind, stored.title, stored.hours, stored.lecturer) == (
        JAN_25, IN_SERVICE, "年金改革方案(草案)說明會", Decimal("1"), "人事室吳人事管理員惠婷"
    )
    assert stored.kind_label == "在職訓練"
    entry = last_audit()
    assert (entry.table_name, entry.record_id, entry.action) == ("training_session", session.id, "insert")
    assert (entry.after["hours"], entry.after["kind"], entry.after["lecturer"]) == ("1", IN_SERVICE, "人事室吳人事管理員惠婷")


def test_a_title_keeps_its_full_width_punctuation(people: People) -> None:
    session = record_training(people.secretary, JAN_25, E_LEARNING, "人權大步走：行政執行篇（一）", "1")
    stored = TrainingSession.get_by_id(session.id)
    assert (stored.title, stored.lecturer) == ("人權大步走：行政執行篇（一）", "")  # e-learning: no lecturer


@pytest.mark.parametrize(
    "hours, stored, audited",
    [("2.5", Decimal("2.5"), "2.5"), ("0.5", Decimal("0.5"), "0.5"), (".5", Decimal("0.5"), "0.5"), ("3", Decimal("3"), "3"),
     ("3.0", Decimal("3"), "3"), (8, Decimal("8"), "8"), (Decimal("2.5"), Decimal("2.5"), "2.5"), ("２.５", Decimal("2.5"), "2.5"),
     ("24", Decimal("24"), "24"), ("10", Decimal("10"), "10")],
    ids=repr,
)
def test_whole_and_half_hours_up_to_a_day_are_taken(people: People, hours: object, stored: Decimal, audited: str) -> None:
    session = record_training(people.secretary, JAN_25, IN_SERVICE, "強制執行實務", hours)
    assert TrainingSession.get_by_id(session.id).hours == stored
    assert last_audit().after["hours"] == audited  # the same text from SQLite and PostgreSQL


@pytest.mark.parametrize(
    "day, kind, title, hours, lecturer, field, message",
    [
        (None, IN_SERVICE, "員工協助", "1", "", "date", "請輸入日期。"),
        (TODAY + dt.timedelta(days=1), IN_SERVICE, "員工協助", "1", "", "date", "日期不能晚於今天。"),
        (dt.date(1911, 12, 31), IN_SERVICE, "員工協助", "1", "", "date", "日期不能早於民國1年。"),
        (JAN_25, "", "員工協助", "1", "", "kind", "請選擇類別（在職訓練或數位學習）。"),
        (JAN_25, "在職訓練", "員工協助", "1", "", "kind", "請選擇類別（在職訓練或數位學習）。"),
        (JAN_25, "workshop", "員工協助", "1", "", "kind", "請選擇類別（在職訓練或數位學習）。"),
        (JAN_25, IN_SERVICE, "", "1", "", "title", "請輸入課程名稱。"),
        (JAN_25, IN_SERVICE, " \t ", "1", "", "title", "請輸入課程名稱。"),
        (JAN_25, IN_SERVICE, "課" * 101, "1", "", "title", "課程名稱最多 100 個字。"),
        (JAN_25, IN_SERVICE, "員工\u200b協助", "1", "", "title", "課程名稱裡有看不見的字元（U+200B），可能是從別處貼上的；請刪除後重新輸入。"),
        (JAN_25, IN_SERVICE, "第٣課", "1", "", "title", "課程名稱裡的「٣」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"),
        (JAN_25, IN_SERVICE, "員工協助", "2.25", "", "hours", HALVES),
        (JAN_25, IN_SERVICE, "員工協助", "0.1", "", "hours", HALVES),
        (JAN_25, IN_SERVICE, "員工協助", Decimal("2.75"), "", "hours", HALVES),
        (JAN_25, IN_SERVICE, "員工協助", "0", "", "hours", "時數必須大於 0。"),
        (JAN_25, IN_SERVICE, "員工協助", "0.0", "", "hours", "時數必須大於 0。"),
        (JAN_25, IN_SERVICE, "員工協助", "-1", "", "hours", HOURS_RULE),
        (JAN_25, IN_SERVICE, "員工協助", -1, "", "hours", HOURS_RULE),
        (JAN_25, IN_SERVICE, "員工協助", "24.5", "", "hours", MORE_THAN_A_DAY),
        (JAN_25, IN_SERVICE, "員工協助", "100", "", "hours", MORE_THAN_A_DAY),
        (JAN_25, IN_SERVICE, "員工協助", "1e1", "", "hours", HOURS_RULE),
        (JAN_25, IN_SERVICE, "員工協助", "兩小時", "", "hours", HOURS_RULE),
        (JAN_25, IN_SERVICE, "員工協助", "2小時", "", "hours", HOURS_RULE),
        (JAN_25, IN_SERVICE, "員工協助", "", "", "hours", HOURS_RULE),
        (JAN_25, IN_SERVICE, "員工協助", "NaN", "", "hours", HOURS_RULE),
        (JAN_25, IN_SERVICE, "員工協助", "٢", "", "hours", "時數裡的「٢」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"),
        (JAN_25, IN_SERVICE, "員工協助", "1", "講" * 101, "lecturer", "講座最多 100 個字。"),
        (JAN_25, IN_SERVICE, "員工協助", "1", "吳\u200b惠婷", "lecturer", "講座裡有看不見的字元（U+200B），可能是從別處貼上的；請刪除後重新輸入。"),
    ],
    ids=lambda value: repr(value)[:20],
)
def test_bad_input_is_refused_and_nothing_written(
    people: People, day: dt.date | None, kind: str, title: str, hours: object, lecturer: str, field: str, message: str
) -> None:
    before = written()
    with pytest.raises(ValidationError) as refused:
        record_training(people.secretary, day, kind, title, hours, lecturer)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert written() == before


def test_bad_correction_is_refused_and_nothing_changed(people: People) -> None:
    session = record_training(people.secretary, JAN_25, IN_SERVICE, "員工協助", "1")
    before = written()
    with pytest.raises(ValidationError) as refused:
        correct_training(people.secretary, session, JAN_25, IN_SERVICE, "員工協助", "2.25")
    assert (refused.value.message, refused.value.field) == (HALVES, "hours")
    assert written() == before
    assert TrainingSession.get_by_id(session.id).hours == Decimal("1")


@pytest.mark.parametrize("who", ["volunteer", "operator", "duty"])
def test_only_the_secretary_reads_or_writes_the_register(people: People, who: str) -> None:
    session = record_training(people.secretary, JAN_25, IN_SERVICE, "員工協助", "1")
    actor = getattr(people, who)
    before = written()
    attempts = [
        lambda: record_training(actor, JAN_25, IN_SERVICE, "員工協助", "1"),
        lambda: correct_training(actor, session, JAN_25, IN_SERVICE, "員工協助", "2"),
        lambda: void_training(actor, session, "打錯了"),
        lambda: training_sessions(actor),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied) as refused:
            attempt()
        assert refused.value.message == NOT_SECRETARY
    assert written() == before


def test_a_correction_is_an_audited_update(people: People) -> None:
    session = record_training(people.secretary, JAN_25, IN_SERVICE, "員工協助", "1", "吳惠婷")
    correct_training(people.secretary, session, JAN_25, E_LEARNING, "員工協助方案", "2.5")
    stored = TrainingSession.get_by_id(session.id)
    assert (stored.kind, stored.title, stored.hours, stored.lecturer) == (E_LEARNING, "員工協助方案", Decimal("2.5"), "")
    entry = last_audit()
    assert (entry.action, entry.before["hours"], entry.after["hours"]) == ("update", "1", "2.5")
    assert (entry.before["kind"], entry.after["kind"]) == (IN_SERVICE, E_LEARNING)


def test_a_voided_session_drops_out_of_the_period(people: People) -> None:
    kept = record_training(people.secretary, JAN_25, IN_SERVICE, "員工協助", "1")
    wrong = record_training(people.secretary, JAN_25, IN_SERVICE, "員工協助", "10")
    void_training(people.secretary, wrong, "時數打錯")
    assert last_audit().action == "void"
    assert period_sessions(JAN_25, JAN_25) == [TrainingRow(JAN_25, IN_SERVICE, "員工協助", Decimal("1"), "")]
    listed = training_sessions(people.secretary)
    assert [(s.id, s.is_voided, s.created_by.name) for s in listed] == [(kept.id, False, "林秘書"), (wrong.id, True, "林秘書")]
    with pytest.raises(ValidationError):
        correct_training(people.secretary, wrong, JAN_25, IN_SERVICE, "員工協助", "1")


def test_the_list_and_the_period_read_by_date(people: People) -> None:
    record_training(people.secretary, dt.date(2017, 6, 29), E_LEARNING, "臺灣新住民文化介紹", "2")
    record_training(people.secretary, dt.date(2017, 2, 16), E_LEARNING, "以CEDAW公約內涵檢視法規措施方法", "3")
    record_training(people.secretary, dt.date(2017, 7, 3), IN_SERVICE, "下半年的課", "1")
    period = parse_period("106H1")
    assert [s.title for s in training_sessions(people.secretary, period)] == ["以CEDAW公約內涵檢視法規措施方法", "臺灣新住民文化介紹"]
    assert [row.day for row in period_sessions(period.start, period.end)] == [dt.date(2017, 2, 16), dt.date(2017, 6, 29)]


def test_the_list_reads_one_kind_when_asked(people: People) -> None:
    record_training(people.secretary, dt.date(2017, 2, 16), E_LEARNING, "以CEDAW公約內涵檢視法規措施方法", "3")
    record_training(people.secretary, dt.date(2017, 3, 8), IN_SERVICE, "健保分級新制度", "3")
    record_training(people.secretary, dt.date(2017, 7, 3), IN_SERVICE, "下半年的課", "1")
    assert [s.title for s in training_sessions(people.secretary, kind=IN_SERVICE)] == ["健保分級新制度", "下半年的課"]
    period = parse_period("106H1")
    assert [s.title for s in training_sessions(people.secretary, period, IN_SERVICE)] == ["健保分級新制度"]
    assert [s.title for s in training_sessions(people.secretary, period, E_LEARNING)] == ["以CEDAW公約內涵檢視法規措施方法"]
