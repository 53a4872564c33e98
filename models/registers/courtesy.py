"""Phone-courtesy tests (電話禮貌測試): who was rung, when, and the score the caller gave.

Scores are whole numbers 0–100, as the test sheet adds up whole points: the reference's
18 tests with mean 92.17 fit whole scores summing to 1,659, and whole numbers keep the
mean an exact fraction. The grade is not stored: it is read from the bands in settings
(``courtesy.grade_bands``) whenever a list or a figure is made, so a test never carries a
grade the bands of the day would not give it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from models.accounts import User, require_secretary
from models.audit import AccountableModel, audited, void_record
from models.base import PeriodDate, validate_entry_date
from models.db import storage_errors
from models.labels import HistoryText
from models.numbers import BARE_NUMBER_MAX_LENGTH, NumberKind, parse_whole_number
from models.rocdate import Period
from models.registers.courtesy_grades import MAX_SCORE, grade_of
from models.settings import courtesy_grade_bands
from models.text import clean_name

TESTED_MAX_LENGTH = 40
SCORE_RULE = f"成績請輸入 0 到 {MAX_SCORE} 的整數。"
SCORE = NumberKind("成績", "", MAX_SCORE, "score", SCORE_RULE, SCORE_RULE, BARE_NUMBER_MAX_LENGTH)


class CourtesyTest(AccountableModel):
    day = peewee.DateField(index=True, verbose_name="測試日期")
    tested = peewee.CharField(max_length=TESTED_MAX_LENGTH, verbose_name="受測單位或人員")
    score = peewee.SmallIntegerField(verbose_name="成績")

    history_text = HistoryText("電話禮貌測試", summary=("day", "tested", "score"))
    period_date = PeriodDate("day")


def _checked(day: dt.date | None, tested: str, score: int | str, today: dt.date | None) -> tuple[dt.date, str, int]:
    day = validate_entry_date(day, "測試日期", today)
    tested = clean_name(tested, label="受測單位或人員", max_length=TESTED_MAX_LENGTH, field="tested")
    # Read as text, so 92.5 and True are refused like "92.5" is, never stored as a float.
    return day, tested, parse_whole_number(str(score), SCORE, allow_zero=True)


def record_courtesy_test(
    actor: User, day: dt.date | None, tested: str, score: int | str, *, today: dt.date | None = None
) -> CourtesyTest:
    require_secretary(actor)
    day, tested, score = _checked(day, tested, score, today)
    test = CourtesyTest(day=day, tested=tested, score=score, created_by=actor)
    with audited(actor, test, "insert"):
        test.save(force_insert=True)
    return test


def correct_courtesy_test(
    actor: User, test: CourtesyTest, day: dt.date | None, tested: str, score: int | str, *, today: dt.date | None = None
) -> CourtesyTest:
    require_secretary(actor)
    day, tested, score = _checked(day, tested, score, today)
    with audited(actor, test, "update"):  # refuses a test voided meanwhile
        test.day, test.tested, test.score = day, tested, score
        test.save()
    return test


def void_courtesy_test(actor: User, test: CourtesyTest, reason: str) -> None:
    require_secretary(actor)
    void_record(actor, test, reason)


@dataclass(frozen=True)
class ListedCourtesyTest:
    """One row of the register's list: the test, its grade by today's bands, who typed it."""

    test: CourtesyTest
    grade: str
    typist: str

    def get_id(self) -> int:
        return self.test.id


def courtesy_tests(actor: User, period: Period | None = None) -> list[ListedCourtesyTest]:
    """The register by date (voided tests too: a list shows them struck through)."""
    require_secretary(actor)
    query = CourtesyTest.select(CourtesyTest, User.id, User.name).join(User, on=CourtesyTest.created_by)
    if period is not None:
        query = query.where(CourtesyTest.day.between(period.start, period.end))
    bands = courtesy_grade_bands()
    with storage_errors():
        tests = list(query.order_by(CourtesyTest.day, CourtesyTest.id))
    return [ListedCourtesyTest(test, grade_of(test.score, bands), test.created_by.name) for test in tests]


def period_scores(start: dt.date, end: dt.date) -> list[int]:
    """The scores of the live tests dated in [start, end], for a period's figures (no user:
    ``stats`` reads a file, as the survey tallies do)."""
    with storage_errors():
        query = CourtesyTest.select(CourtesyTest.score).where(
            CourtesyTest.day.between(start, end), CourtesyTest.voided_at.is_null()
        )
        return [score for (score,) in query.tuples()]
