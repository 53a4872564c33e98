"""Survey forms: saving, correcting, refusing bad input with nothing written, and tallies."""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
from collections.abc import Iterator

import peewee
import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.accounts import Role, User
from models.audit import AuditEntry, void_record
from models.errors import PermissionDenied, ValidationError
from models.survey.forms import (
    ResponseInput,
    SurveyAnswer,
    SurveyBatch,
    SurveyResponse,
    answers_for,
    answers_of,
    contact_phone_for,
    correct_response,
    kept_count,
    mask_phone,
    parse_sheet_count,
    responses_on,
    save_response,
    start_batch,
    tally,
)
from models.survey.questionnaire import active_questionnaire
from models.users import create_first_secretary, create_user

CODES = "ABCDEFGHIJK"
ALL_ONES = {code: 1 for code in CODES}
ALL_TWOS = {code: 2 for code in CODES}
ALL_FIVES = {code: 5 for code in CODES}
MIXED = {"A": 2, "B": 3, "C": 0, "D": 9, "E": 1, "F": 5, "G": 4, "H": 2, "I": 1, "J": 2, "K": 3}
MARCH_5, MARCH_20, APRIL_1 = dt.date(2024, 3, 5), dt.date(2024, 3, 20), dt.date(2024, 4, 1)


@pytest.fixture
def people(any_database: peewee.Database) -> tuple[User, User]:
    secretary = create_first_secretary("林秘書", "246813", "246813")
    return secretary, create_user(secretary, "陳志工", Role.VOLUNTEER)


def counts() -> tuple[int, int, int]:
    return SurveyResponse.select().count(), SurveyAnswer.select().count(), AuditEntry.select().count()


def reload(response: SurveyResponse) -> SurveyResponse:
    return SurveyResponse.get_by_id(response.id)


# ---------------------------------------------------------------- saving


@contextlib.contextmanager
def tables_read() -> Iterator[list[str]]:
    """The table each SELECT run meanwhile reads from (peewee logs every statement)."""
    read: list[str] = []

    class Recorder(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            sql = record.msg[0] if isinstance(record.msg, tuple) else str(record.msg)
            if sql.lstrip().upper().startswith("SELECT"):
                read.append(re.search(r'FROM "(\w+)"', sql).group(1))

    logger, handler = logging.getLogger("peewee"), Recorder(logging.DEBUG)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield read
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_saving_a_form_reads_back_nothing_it_wrote(people: tuple[User, User]) -> None:
    """The questionnaire's items are read once, not for every form; the audit row is made from
    what was written. Still read for each form: the user (before and inside the transaction:
    retired on another PC meanwhile?), which questionnaire is in use, and the chain's head."""
    _, volunteer = people
    batch = start_batch(volunteer, MARCH_5, None)
    save_response(volunteer, batch, ResponseInput(ALL_ONES))
    with tables_read() as read:
        response = save_response(volunteer, batch, ResponseInput(MIXED, "好"))
    assert sorted(read) == ["app_user", "app_user", "audit_entry", "questionnaire"]
    assert answers_of(reload(response)) == MIXED


def test_save_response_stores_every_answer(people: tuple[User, User]) -> None:
    _, volunteer = people
    batch = start_batch(volunteer, MARCH_5, 3)
    response = save_response(volunteer, batch, ResponseInput(MIXED, "  櫃台很親切  ", "06-2981234", True))
    stored = reload(response)
    assert answers_of(stored) == MIXED
    assert SurveyAnswer.select().where(SurveyAnswer.response == stored).count() == 11
    assert stored.survey_date == MARCH_5
    assert stored.created_by_id == volunteer.id
    assert stored.batch_id == batch.id
    assert stored.questionnaire_id == active_questionnaire().id
    assert stored.comment == "櫃台很親切"
    assert (stored.contact_phone, stored.phone_consent) == ("06-2981234", True)
    assert stored.voided_at is None
    assert [r.id for r in responses_on(batch.survey_date)] == [response.id]


def test_blank_and_multiple_are_kept_apart(people: tuple[User, User]) -> None:
    _, volunteer = people
    batch = start_batch(volunteer, MARCH_5, None)
    answers = {**ALL_ONES, "C": 0, "D": 9}
    response = save_response(volunteer, batch, ResponseInput(answers))
    assert answers_of(reload(response)) == answers


def test_consent_without_a_phone_is_not_kept(people: tuple[User, User]) -> None:
    _, volunteer = people
    batch = start_batch(volunteer, MARCH_5, None)
    stored = reload(save_response(volunteer, batch, ResponseInput(ALL_ONES, "", "  ", True)))
    assert (stored.contact_phone, stored.phone_consent) == (None, False)


def test_longest_comment_fits(people: tuple[User, User]) -> None:
    _, volunteer = people
    batch = start_batch(volunteer, MARCH_5, None)
    stored = reload(save_response(volunteer, batch, ResponseInput(ALL_ONES, "好" * 2000)))
    assert stored.comment == "好" * 2000


def test_correct_response_replaces_answers_and_comment(people: tuple[User, User]) -> None:
    secretary, volunteer = people
    batch = start_batch(volunteer, MARCH_5, None)
    response = save_response(volunteer, batch, ResponseInput(ALL_ONES, "原本的意見", "0912345678", True))
    other = save_response(volunteer, batch, ResponseInput(ALL_FIVES, "別張"))
    correct_response(secretary, response, ResponseInput(MIXED, "改正的意見"), survey_date=MARCH_20)
    stored = reload(response)
    assert answers_of(stored) == MIXED
    assert SurveyAnswer.select().where(SurveyAnswer.response == stored).count() == 11
    assert stored.comment == "改正的意見"
    assert (stored.contact_phone, stored.phone_consent) == (None, False)
    assert stored.survey_date == MARCH_20
    assert answers_of(reload(other)) == ALL_FIVES  # the other form is untouched
    assert answers_for([stored, reload(other)]) == {response.id: MIXED, other.id: ALL_FIVES}


def test_bad_correction_changes_nothing(people: tuple[User, User]) -> None:
    secretary, volunteer = people
    batch = start_batch(volunteer, MARCH_5, None)
    response = save_response(volunteer, batch, ResponseInput(ALL_ONES, "原本的意見"))
    before = counts()
    with pytest.raises(ValidationError, match="第 B 題的答案「7」不是選項"):
        correct_response(secretary, response, ResponseInput({**MIXED, "B": 7}, "改正的意見"))
    assert counts() == before
    stored = reload(response)
    assert answers_of(stored) == ALL_ONES
    assert stored.comment == "原本的意見"


BAD_FORMS = [
    pytest.param(ResponseInput({c: 1 for c in "ABCDEFGHIJ"}), "還有 1 題沒有填：K", id="missing-item"),
    pytest.param(ResponseInput({c: 1 for c in "ACEGIK"}), "還有 5 題沒有填：B、D、F、H、J", id="missing-five"),
    pytest.param(ResponseInput({**ALL_ONES, "Z": 1}), "問卷沒有這些題目：Z", id="unknown-code"),
    pytest.param(ResponseInput({**ALL_ONES, "E": 6}), "第 E 題的答案「6」不是選項", id="choice-6"),
    pytest.param(ResponseInput({**ALL_ONES, "A": -1}), "第 A 題的答案「-1」不是選項", id="choice-negative"),
    pytest.param(ResponseInput(ALL_ONES, "", "0912345678", False), "民眾沒有勾選同意", id="phone-no-consent"),
    pytest.param(ResponseInput(ALL_ONES, "", "abc", True), "聯絡電話格式不正確", id="phone-malformed"),
    pytest.param(ResponseInput(ALL_ONES, "", "-------", True), "聯絡電話格式不正確", id="phone-no-digits"),
    pytest.param(ResponseInput(ALL_ONES, "", "12-34-5", True), "聯絡電話格式不正確", id="phone-too-short"),
    pytest.param(ResponseInput(ALL_ONES, "意" * 2001), "意見最多 2000 個字", id="comment-too-long"),
    # Each of these was stored before: \d reads every script's digits, \s takes line breaks.
    pytest.param(ResponseInput(ALL_ONES, "", "0912\n345678", True), "聯絡電話格式不正確", id="phone-newline"),
    pytest.param(ResponseInput(ALL_ONES, "", "0912345678\n請找王先生", True), "聯絡電話格式不正確", id="phone-second-line"),
    pytest.param(ResponseInput(ALL_ONES, "", "06\t2981234", True), "聯絡電話格式不正確", id="phone-tab"),
    pytest.param(ResponseInput(ALL_ONES, "", "٠٩١٢٣٤٥٦٧٨", True), "聯絡電話裡的「٠」不是 0–9 的數字", id="phone-arabic-indic"),
    pytest.param(ResponseInput(ALL_ONES, "", "๐๙๑๒๓๔๕๖๗๘", True), "聯絡電話裡的「๐」不是 0–9 的數字", id="phone-thai"),
    pytest.param(ResponseInput(ALL_ONES, "", "09𝟏2345678", True), "聯絡電話裡的「𝟏」不是 0–9 的數字", id="phone-mathematical"),
    pytest.param(ResponseInput(ALL_ONES, "", "0" * 41, True), "聯絡電話太長了", id="phone-too-long"),
    pytest.param(ResponseInput(ALL_ONES, "", "0912345678901234", True), "聯絡電話格式不正確", id="phone-16-digits"),
    pytest.param(ResponseInput(ALL_ONES, "", "06-2981234#", True), "聯絡電話格式不正確", id="phone-empty-extension"),
]


@pytest.mark.parametrize("entry, message", BAD_FORMS)
def test_bad_form_is_refused_and_nothing_written(
    people: tuple[User, User], entry: ResponseInput, message: str
) -> None:
    _, volunteer = people
    batch = start_batch(volunteer, MARCH_5, None)
    before = counts()
    with pytest.raises(ValidationError, match=message):
        save_response(volunteer, batch, entry)
    assert counts() == before


# ---------------------------------------------------------------- sheet count and batches


@pytest.mark.parametrize(
    "text, expected",
    [("", None), ("   ", None), (None, None), ("40", 40), (" 7 ", 7), ("1", 1), ("1000", 1000),
     ("４０", 40), ("\u3000４０\u3000", 40)],
)
def test_parse_sheet_count_accepts(text: str, expected: int | None) -> None:
    # Full-width digits come from a Chinese IME in full-width mode; they mean the same number.
    assert parse_sheet_count(text) == expected


@pytest.mark.parametrize(
    "text, message",
    [("abc", "請輸入數字"), ("-1", "請輸入數字"), ("4.5", "請輸入數字"), ("四十", "請輸入數字"),
     ("²", "「²」不是 0–9 的數字"), ("٤٠", "「٤」不是 0–9 的數字"), ("๔๐", "「๔」不是 0–9 的數字"),
     ("④⓪", "「④」不是 0–9 的數字"), ("1" * 5000, "本疊張數太長了"), ("0", "1 到 1000 之間"), ("1001", "1 到 1000 之間"), ("００", "1 到 1000 之間"),
     ("1,2", "逗號位置不對"), ("40張", "請輸入數字"), ("40元", "請輸入數字")],
)
def test_parse_sheet_count_refuses(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        parse_sheet_count(text)
    assert caught.value.field == "expected_sheets"


@given(st.integers(min_value=1, max_value=1000))
def test_parse_sheet_count_reads_every_count_back(n: int) -> None:
    full_width = "".join(chr(ord("０") + int(d)) for d in str(n))
    assert parse_sheet_count(f" {n} ") == n
    assert parse_sheet_count(full_width) == n


def test_start_batch(people: tuple[User, User]) -> None:
    _, volunteer = people
    batch = start_batch(volunteer, dt.date(2024, 5, 31), 12, today=dt.date(2024, 5, 31))
    stored = SurveyBatch.get_by_id(batch.id)
    assert (stored.survey_date, stored.expected_sheets, stored.created_by_id) == (
        dt.date(2024, 5, 31), 12, volunteer.id
    )


@pytest.mark.parametrize(
    "survey_date, sheets, message",
    [
        (dt.date(2024, 6, 1), None, "問卷日期不能晚於今天"),
        (None, None, "請輸入問卷日期"),
        (dt.date(1911, 12, 31), None, "問卷日期不能早於民國1年"),
        (dt.date(2024, 5, 1), 0, "本疊張數必須在 1 到 1000 之間"),
        (dt.date(2024, 5, 1), 1001, "本疊張數必須在 1 到 1000 之間"),
    ],
)
def test_start_batch_refuses(
    people: tuple[User, User], survey_date: dt.date | None, sheets: int | None, message: str
) -> None:
    _, volunteer = people
    before = SurveyBatch.select().count(), AuditEntry.select().count()
    with pytest.raises(ValidationError, match=message):
        start_batch(volunteer, survey_date, sheets, today=dt.date(2024, 5, 31))
    assert (SurveyBatch.select().count(), AuditEntry.select().count()) == before


def test_start_batch_refuses_tomorrow_by_the_clock(people: tuple[User, User]) -> None:
    _, volunteer = people
    with pytest.raises(ValidationError, match="問卷日期不能晚於今天"):
        start_batch(volunteer, dt.date.today() + dt.timedelta(days=2), None)
    assert SurveyBatch.select().count() == 0


# ---------------------------------------------------------------- tallies


def test_tally_counts_forms_in_range_and_not_voided(people: tuple[User, User]) -> None:
    secretary, volunteer = people
    early = start_batch(volunteer, MARCH_5, 2)
    late = start_batch(volunteer, MARCH_20, 1)
    april = start_batch(volunteer, APRIL_1, 1)
    first = save_response(volunteer, early, ResponseInput(ALL_ONES))
    save_response(volunteer, early, ResponseInput(MIXED))
    third = save_response(volunteer, late, ResponseInput(ALL_TWOS))
    save_response(volunteer, april, ResponseInput(ALL_FIVES))

    march = tally(dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert march.forms == 3
    assert march.choices["A"] == {1: 1, 2: 2}
    assert march.choices["B"] == {1: 1, 3: 1, 2: 1}
    assert march.choices["C"] == {1: 1, 0: 1, 2: 1}
    assert march.choices["D"] == {1: 1, 9: 1, 2: 1}
    assert march.choices["F"] == {1: 1, 5: 1, 2: 1}
    assert march.choices["K"] == {1: 1, 3: 1, 2: 1}
    assert set(march.choices) == set(CODES)

    # both ends of the range count
    assert tally(MARCH_5, MARCH_5).forms == 2
    assert tally(MARCH_20, APRIL_1).forms == 2
    assert tally(dt.date(2024, 3, 6), dt.date(2024, 3, 19)).forms == 0
    assert tally(dt.date(2024, 3, 6), dt.date(2024, 3, 19)).choices == {}
    assert tally(APRIL_1, dt.date(2024, 4, 30)).choices["G"] == {5: 1}

    void_record(secretary, third, "重複輸入")
    march = tally(dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert march.forms == 2
    assert march.choices["A"] == {1: 1, 2: 1}
    assert march.choices["C"] == {1: 1, 0: 1}
    assert march.choices["K"] == {1: 1, 3: 1}

    void_record(secretary, first, "看錯張")
    march = tally(dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert march.forms == 1
    assert march.choices == {code: {choice: 1} for code, choice in MIXED.items()}


def test_correction_moves_a_form_between_periods(people: tuple[User, User]) -> None:
    secretary, volunteer = people
    batch = start_batch(volunteer, MARCH_5, None)
    response = save_response(volunteer, batch, ResponseInput(ALL_ONES))
    correct_response(secretary, response, ResponseInput(ALL_TWOS), survey_date=APRIL_1)
    assert tally(dt.date(2024, 3, 1), dt.date(2024, 3, 31)).forms == 0
    april = tally(dt.date(2024, 4, 1), dt.date(2024, 4, 30))
    assert april.forms == 1
    assert april.choices["A"] == {2: 1}


def test_kept_count(people: tuple[User, User]) -> None:
    secretary, volunteer = people
    batch = start_batch(volunteer, MARCH_5, 3)
    other = start_batch(volunteer, MARCH_20, None)
    forms = [save_response(volunteer, batch, ResponseInput(ALL_ONES)) for _ in range(3)]
    save_response(volunteer, other, ResponseInput(ALL_ONES))
    assert kept_count(batch) == 3
    assert kept_count(other) == 1
    void_record(secretary, forms[1], "重複輸入")
    assert kept_count(batch) == 2
    assert kept_count(other) == 1
    assert len(responses_on(batch.survey_date)) == 3  # voided forms stay listed, marked


# ---------------------------------------------------------------- contact phones: kept as typed, masked everywhere else


@pytest.mark.parametrize(
    "typed",
    ["0912345678", "0912-345-678", "06-2981234", "(06) 2981234", "06 298 1234", "+886 912 345 678",
     "06-2981234#123", "０９１２３４５６７８", "2981234"],
)
def test_usual_ways_of_writing_a_phone_are_kept(people: tuple[User, User], typed: str) -> None:
    _, volunteer = people
    batch = start_batch(volunteer, MARCH_5, None)
    response = save_response(volunteer, batch, ResponseInput(ALL_ONES, "", typed, True))
    assert reload(response).contact_phone == typed.translate({c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)})


@pytest.mark.parametrize(
    "phone, masked",
    [
        ("0912345678", "*******678"),  # 10 digits: the last 3
        ("0912-345-678", "*******678"),  # separators are not shown
        ("06-2981234", "******234"),  # 9 digits: 3, a third
        ("2981234", "*****34"),  # 7 digits: 2, never more than a third
        ("06-2981234#123", "******234"),  # the extension is left out
        ("+886 912 345 678", "*********678"),
        ("", ""),
        (None, None),
    ],
)
def test_a_masked_phone_shows_at_most_three_digits_and_at_most_a_third(phone: str | None, masked: str | None) -> None:
    assert mask_phone(phone) == masked
    if phone:
        digits = [ch for ch in masked if ch.isdigit()]
        assert len(digits) <= 3 and len(digits) * 3 <= len(masked)


def test_the_whole_number_is_read_by_the_secretary_alone(people: tuple[User, User]) -> None:
    secretary, volunteer = people
    batch = start_batch(volunteer, MARCH_5, None)
    response = save_response(volunteer, batch, ResponseInput(ALL_ONES, "", "06-2981234", True))
    assert contact_phone_for(secretary, response) == "06-2981234"
    with pytest.raises(PermissionDenied, match="只有研考可以查看"):
        contact_phone_for(volunteer, response)


def counted_queries(database: peewee.Database, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every statement the database runs from now on."""
    seen: list[str] = []
    real = database.execute_sql

    def counting(sql: str, params: object = None, *args: object, **kwargs: object) -> object:
        seen.append(sql)
        return real(sql, params, *args, **kwargs)

    monkeypatch.setattr(database, "execute_sql", counting)
    return seen


def test_the_days_list_names_who_typed_each_form_in_two_queries(
    database: peewee.Database, secretary: User, volunteer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.survey.forms import listed_responses

    day = dt.date.today()
    mine = save_response(volunteer, start_batch(volunteer, day, None), ResponseInput(MIXED))
    theirs = save_response(secretary, start_batch(secretary, day, None), ResponseInput(ALL_FIVES, "很好"))
    void_record(secretary, theirs, "重複")
    save_response(volunteer, start_batch(volunteer, day - dt.timedelta(days=1), None), ResponseInput(ALL_ONES))
    queries = counted_queries(database, monkeypatch)
    rows = listed_responses(day)
    assert [(row.number, row.get_id(), row.typist, row.answers) for row in rows] == [
        (1, mine.id, "陳志工", MIXED), (2, theirs.id, "林秘書", ALL_FIVES)
    ]
    assert rows[1].response.is_voided and rows[1].response.comment == "很好"
    assert rows[0].response.created_by_id == volunteer.id  # the record is whole, for the rights check
    assert len(queries) == 2
    assert listed_responses(day - dt.timedelta(days=2)) == []
