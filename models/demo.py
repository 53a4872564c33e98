"""Demo data: the reference period (民國106年1–6月) as if it had been typed in at the desk.

Per-item totals equal the figures printed in the reference report, so ``stats --period
106H1`` reproduces it exactly; the forms are spread over the working days of six months.
"""
from __future__ import annotations

import datetime as dt
import random

from models.db import db
from models.errors import ValidationError
from models.surveys import BLANK, MULTIPLE, ResponseInput, save_response, start_batch
from models.users import Role, create_first_secretary, create_user, has_users

DEMO_SECRETARY, DEMO_PIN = "示範研考", "0000"
DEMO_VOLUNTEER = "示範志工"
SURVEY_FORMS = 166
# [非常滿意, 滿意, 無意見, 不滿意, 非常不滿意, 未作答或勾選二個] — 5 options then the invalid column.
SURVEY_COUNTS = {
    "A": (95, 66, 5, 0, 0, 0),
    "B": (90, 69, 7, 0, 0, 0),
    "C": (86, 64, 7, 0, 0, 9),
    "D": (112, 50, 3, 0, 0, 1),
    "E": (81, 62, 16, 0, 0, 7),
    "F": (81, 60, 17, 0, 0, 8),
    "G": (103, 58, 3, 0, 0, 2),
    "H": (99, 62, 4, 0, 0, 1),
    "I": (98, 61, 5, 0, 0, 2),
    "J": (96, 60, 6, 0, 0, 4),
    "K": (69, 52, 13, 2, 0, 30),
}
PERIOD_START, PERIOD_END = dt.date(2017, 1, 1), dt.date(2017, 6, 30)


def working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days = (start + dt.timedelta(n) for n in range((end - start).days + 1))
    return [day for day in days if day.weekday() < 5]


def survey_columns(rng: random.Random) -> dict[str, list[int]]:
    """One shuffled column of answers per item; the reference does not split the invalid
    answers into blank and multiple, so a third of them are made multiple."""
    columns = {}
    for code, counts in SURVEY_COUNTS.items():
        *options, invalid = counts
        multiple = invalid // 3
        column = [choice for choice, n in enumerate(options, start=1) for _ in range(n)]
        column += [MULTIPLE] * multiple + [BLANK] * (invalid - multiple)
        assert len(column) == SURVEY_FORMS, code
        rng.shuffle(column)
        columns[code] = column
    return columns


def survey_dates(rng: random.Random) -> list[dt.date]:
    return sorted(rng.choice(working_days(PERIOD_START, PERIOD_END)) for _ in range(SURVEY_FORMS))


def create_demo() -> None:
    """Fill an empty database with the reference period's data."""
    if has_users():
        raise ValidationError("這個資料庫已經有資料了；示範資料只能建立在新的資料庫。")
    rng = random.Random(106)
    secretary = create_first_secretary(DEMO_SECRETARY, DEMO_PIN, DEMO_PIN)
    volunteer = create_user(secretary, DEMO_VOLUNTEER, Role.VOLUNTEER)
    columns = survey_columns(rng)
    dates = survey_dates(rng)
    with db.atomic():
        batches: dict[dt.date, object] = {}
        for index, survey_date in enumerate(dates):
            if survey_date not in batches:
                batches[survey_date] = start_batch(volunteer, survey_date, dates.count(survey_date))
            answers = {code: column[index] for code, column in columns.items()}
            comment = "櫃台人員很親切" if index % 40 == 7 else ""
            save_response(volunteer, batches[survey_date], ResponseInput(answers, comment))

