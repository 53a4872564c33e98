"""Phone-courtesy tests: recorded, corrected and voided by 研考 alone, every bad input refused.

Every refusal checks the message beside its field and that not one test or audit row was
written.
"""
from __future__ import annotations

import datetime as dt

import pytest

from models.audit import AuditEntry
from models.errors import PermissionDenied, ValidationError
from models.registers.courtesy import (
    CourtesyTest,
    correct_courtesy_test,
    courtesy_tests,
    period_scores,
    record_courtesy_test,
    void_courtesy_test,
)
from models.rocdate import parse_period
from models.settings import COURTESY_GRADE_BANDS, set_settings
from tests.models.service.conftest import People, last_audit

TODAY = dt.date.today()
MARCH_8 = dt.date(2017, 3, 8)
NOT_SECRETARY = "這項工作需要研考登入。"
SCORE_RULE = "成績請輸入 0 到 100 的整數。"


def written() -> tuple[int, int]:
    return CourtesyTest.select().count(), AuditEntry.select().count()


def test_a_test_is_stored_with_its_audit_row(people: People) -> None:
    before = written()
    test = record_courtesy_test(people.secretary, MARCH_8, "  執行科  第一股 ", "９２")
    assert written() == (before[0] + 1, before[1] + 1)
    stored = CourtesyTest.get_by_id(test.id)
    assert (stored.day, stored.tested, stored.score, stored.created_by_id) == (MARCH_8, "執行科 第一股", 92, people.secretary.id)
    entry = last_audit()
    assert (entry.table_name, entry.record_id, entry.action, entry.user_id) == (
        "courtesy_test", test.id, "insert", people.secretary.id
    )
    assert (entry.after["day"], entry.after["tested"], entry.after["score"]) == ("2017-03-08", "執行科 第一股", 92)


@pytest.mark.parametrize("score, stored", [("0", 0), ("100", 100), (100, 100), (" 85 ", 85), ("１００", 100)])
def test_scores_from_0_to_100_are_whole_numbers(people: People, score: object, stored: int) -> None:
    assert record_courtesy_test(people.secretary, MARCH_8, "總機", score).score == stored


@pytest.mark.parametrize(
    "day, tested, score, field, message",
    [
        (None, "總機", "90", "date", "請輸入測試日期。"),
        (TODAY + dt.timedelta(days=1), "總機", "90", "date", "測試日期不能晚於今天。"),
        (dt.date(1911, 12, 31), "總機", "90", "date", "測試日期不能早於民國1年。"),
        (MARCH_8, "", "90", "tested", "請輸入受測單位或人員。"),
        (MARCH_8, "　 ", "90", "tested", "請輸入受測單位或人員。"),
        (MARCH_8, "總" * 41, "90", "tested", "受測單位或人員最多 40 個字。"),
        (MARCH_8, "總機\u200b", "90", "tested", "受測單位或人員裡有看不見的字元（U+200B），可能是從別處貼上的；請刪除後重新輸入。"),
        (MARCH_8, "第٣股", "90", "tested", "受測單位或人員裡的「٣」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"),
        (MARCH_8, "總機", "101", "score", SCORE_RULE),
        (MARCH_8, "總機", 101, "score", SCORE_RULE),
        (MARCH_8, "總機", "-1", "score", SCORE_RULE),
        (MARCH_8, "總機", -1, "score", SCORE_RULE),
        (MARCH_8, "總機", "92.5", "score", SCORE_RULE),
        (MARCH_8, "總機", 92.5, "score", SCORE_RULE),
        (MARCH_8, "總機", True, "score", SCORE_RULE),
        (MARCH_8, "總機", "九十", "score", SCORE_RULE),
        (MARCH_8, "總機", "90分", "score", SCORE_RULE),
        (MARCH_8, "總機", "", "score", "請輸入成績。"),
        (MARCH_8, "總機", "٩٠", "score", "成績裡的「٩」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"),
        (MARCH_8, "總機", "1" * 30, "score", "成績太長了（最多 20 個字），請確認是否打錯。"),
    ],
    ids=lambda value: repr(value)[:20],
)
def test_bad_input_is_refused_and_nothing_written(
    people: People, day: dt.date | None, tested: str, score: object, field: str, message: str
) -> None:
    before = written()
    with pytest.raises(ValidationError) as refused:
        record_courtesy_test(people.secretary, day, tested, score)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert written() == before


def test_bad_correction_is_refused_and_nothing_changed(people: People) -> None:
    test = record_courtesy_test(people.secretary, MARCH_8, "總機", 90)
    before = written()
    with pytest.raises(ValidationError) as refused:
        correct_courtesy_test(people.secretary, test, MARCH_8, "總機", "101")
    assert (refused.value.message, refused.value.field) == (SCORE_RULE, "score")
    assert written() == before
    assert CourtesyTest.get_by_id(test.id).score == 90


@pytest.mark.parametrize("who", ["volunteer", "operator", "duty"])
def test_only_the_secretary_reads_or_writes_the_register(people: People, who: str) -> None:
    test = record_courtesy_test(people.secretary, MARCH_8, "總機", 90)
    actor = getattr(people, who)
    before = written()
    attempts = [
        lambda: record_courtesy_test(actor, MARCH_8, "總機", 90),
        lambda: correct_courtesy_test(actor, test, MARCH_8, "總機", 80),
        lambda: void_courtesy_test(actor, test, "打錯了"),
        lambda: courtesy_tests(actor),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied) as refused:
            attempt()
        assert refused.value.message == NOT_SECRETARY
    assert written() == before
    assert CourtesyTest.get_by_id(test.id).score == 90 and not CourtesyTest.get_by_id(test.id).is_voided


def test_a_correction_is_an_audited_update(people: People) -> None:
    test = record_courtesy_test(people.secretary, MARCH_8, "總機", 90)
    correct_courtesy_test(people.secretary, test, dt.date(2017, 3, 9), "服務台", "88")
    stored = CourtesyTest.get_by_id(test.id)
    assert (stored.day, stored.tested, stored.score) == (dt.date(2017, 3, 9), "服務台", 88)
    entry = last_audit()
    assert (entry.action, entry.record_id) == ("update", test.id)
    assert (entry.before["score"], entry.after["score"]) == (90, 88)
    assert (entry.before["tested"], entry.after["tested"]) == ("總機", "服務台")


def test_a_voided_test_drops_out_and_cannot_be_corrected(people: People) -> None:
    kept = record_courtesy_test(people.secretary, MARCH_8, "總機", 90)
    wrong = record_courtesy_test(people.secretary, MARCH_8, "總機", 9)
    with pytest.raises(ValidationError) as refused:
        void_courtesy_test(people.secretary, wrong, "  ")
    assert (refused.value.message, refused.value.field) == ("作廢必須寫明原因。", "reason")
    void_courtesy_test(people.secretary, wrong, "成績打錯")
    assert (last_audit().action, last_audit().after["void_reason"]) == ("void", "成績打錯")
    assert period_scores(MARCH_8, MARCH_8) == [90]
    before = written()
    with pytest.raises(ValidationError):
        correct_courtesy_test(people.secretary, wrong, MARCH_8, "總機", 90)
    assert written() == before
    listed = courtesy_tests(people.secretary)
    assert [(row.get_id(), row.test.is_voided) for row in listed] == [(kept.id, False), (wrong.id, True)]


def test_the_list_shows_each_test_with_its_grade_and_typist(people: People) -> None:
    record_courtesy_test(people.secretary, dt.date(2017, 4, 2), "總機", 79)
    record_courtesy_test(people.secretary, dt.date(2017, 3, 1), "服務台", 95)
    record_courtesy_test(people.secretary, dt.date(2017, 7, 1), "收發", 80)
    listed = courtesy_tests(people.secretary, parse_period("106H1"))
    assert [(row.test.day, row.test.tested, row.test.score, row.grade, row.typist) for row in listed] == [
        (dt.date(2017, 3, 1), "服務台", 95, "優", "林秘書"),
        (dt.date(2017, 4, 2), "總機", 79, "可", "林秘書"),
    ]
    set_settings(people.secretary, {COURTESY_GRADE_BANDS: [["甲", 75], ["乙", 0]]})
    assert [row.grade for row in courtesy_tests(people.secretary)] == ["甲", "甲", "甲"]


def test_period_scores_are_the_live_tests_of_the_period(people: People) -> None:
    for day, score in ((dt.date(2016, 12, 31), 10), (dt.date(2017, 1, 1), 90), (dt.date(2017, 6, 30), 95), (dt.date(2017, 7, 1), 20)):
        record_courtesy_test(people.secretary, day, "總機", score)
    period = parse_period("106H1")
    assert sorted(period_scores(period.start, period.end)) == [90, 95]
