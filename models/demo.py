"""Demo data: the reference period (民國106年1–6月) as if it had been typed in at the desk.

Per-item totals equal the figures printed in the reference report, so ``stats --period
106H1`` reproduces it exactly; the forms are spread over the working days of six months.
"""
from __future__ import annotations

import datetime as dt
import random

from models.accounts import Role, User, has_users
from models.db import db
from models.errors import ValidationError
from models.registers.monthly import MonthEntry, save_month
from models.registers.petitions import PetitionInput, register_petition
from models.service.categories import categories
from models.service.counts import record_payment, set_day_total
from models.survey.forms import BLANK, MULTIPLE, ResponseInput, SurveyBatch, save_response, start_batch
from models.users import create_first_secretary, create_user

DEMO_SECRETARY, DEMO_PIN = "示範研考", "000000"
DEMO_VOLUNTEER, DEMO_DUTY, DEMO_OPERATOR = "示範志工", "示範輪值", "示範總機"
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
# 為民服務中心服務人數 of the reference period (G's 人次 are the noon payments below).
SERVICE_COUNTS = {"A": 7458, "B": 7841, "C": 1875, "D": 722, "E": 45, "F": 14, "H": 846, "I": 6497}
NOON_PAYMENTS, NOON_AMOUNT = 315, 1_729_838
PERIOD_START, PERIOD_END = dt.date(2017, 1, 1), dt.date(2017, 6, 30)
# 民眾陳情案件 of the reference period: March by telephone, June in person, both 行政權益維護,
# closed after 2 and 3 days (the reference's 平均2.5日); no reply's reception was recorded.
PETITIONS = (
    (dt.date(2017, 3, 14), "phone", "查封動產拍賣期日及程序之詢問", dt.date(2017, 3, 16), "phone"),
    (dt.date(2017, 6, 8), "oral", "分期繳納之申請條件及應備文件", dt.date(2017, 6, 11), "in_person"),
)
# The reference's monthly figures and payment channels: half-year totals, by code.
PERIOD_FIGURES = {
    "website_visitors": 99584,
    "line_receipts": 2454,
    "collected_amount": 620592791,
    "file_reading_requests": 12,
    "welfare_referrals": 5,
    "mailbox_cases": 1,
}
PAYMENT_CHANNELS = {  # (筆數, 金額)
    "store_tax": (4349, 19157765),
    "store_vehicle": (13767, 7678026),
    "store_health": (2940, 23477176),
    "store_labour": (878, 6028235),
    "bank_health": (6546, 58436731),
    "bank_vehicle": (0, 0),
    "bank_labour": (2784, 41332470),
}
MONTH_WEIGHTS = (16, 15, 18, 17, 16, 18)  # January … June: a fixed split of each half-year total


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


def spread(total: int, days: list[dt.date], rng: random.Random) -> dict[dt.date, int]:
    """Share a period's total over its working days, unevenly, as real days are."""
    weights = [rng.uniform(0.5, 1.5) for _ in days]
    scale = total / sum(weights)
    shares = [int(w * scale) for w in weights]
    for index in rng.sample(range(len(days)), total - sum(shares)):
        shares[index] += 1
    return dict(zip(days, shares))


def payment_amounts(rng: random.Random) -> list[int]:
    """NOON_PAYMENTS amounts of at least 100 元 adding up exactly to NOON_AMOUNT."""
    weights = [rng.lognormvariate(0, 0.8) for _ in range(NOON_PAYMENTS)]
    spare = NOON_AMOUNT - 100 * NOON_PAYMENTS
    amounts = [100 + int(spare * w / sum(weights)) for w in weights]
    amounts[-1] += NOON_AMOUNT - sum(amounts)
    return amounts


def create_service_counts(secretary: User, rng: random.Random) -> None:
    """Backfilled day totals per category (as from the paper 工作日誌) and each noon payment,
    all by the secretary: a desk records only its own day, earlier days are backfilled."""
    days = working_days(PERIOD_START, PERIOD_END)
    by_code = {c.code: c for c in categories()}
    for code, total in SERVICE_COUNTS.items():
        for day, count in spread(total, days, rng).items():
            if count:
                set_day_total(secretary, by_code[code], day, count)
    payment_days = sorted(rng.choice(days) for _ in range(NOON_PAYMENTS))
    for day, amount in zip(payment_days, payment_amounts(rng)):
        record_payment(secretary, amount, day=day)


def create_petitions(secretary: User) -> None:
    for received_on, channel, summary, closed_on, reply_method in PETITIONS:
        register_petition(secretary, PetitionInput(
            received_on, channel, "rights", summary, handling_unit="執行科", closed_on=closed_on, reply_method=reply_method,
        ))
def split(total: int, weights: tuple[int, ...] = MONTH_WEIGHTS) -> list[int]:
    """``total`` shared by ``weights``, each share whole, adding up exactly (largest remainder)."""
    exact = [total * w for w in weights]
    shares = [e // sum(weights) for e in exact]
    by_remainder = sorted(range(len(weights)), key=lambda n: (-(exact[n] % sum(weights)), n))
    for n in by_remainder[: total - sum(shares)]:
        shares[n] += 1
    return shares


def create_monthly_figures(secretary: User) -> None:
    """Each month of the period typed in one go, so the half-year adds up to the reference."""
    figures = {code: split(total) for code, total in PERIOD_FIGURES.items()}
    pairs = {code: (split(count), split(amount)) for code, (count, amount) in PAYMENT_CHANNELS.items()}
    months = [dt.date(PERIOD_START.year, m, 1) for m in range(PERIOD_START.month, PERIOD_END.month + 1)]
    assert len(months) == len(MONTH_WEIGHTS)
    for n, month in enumerate(months):
        entry = MonthEntry(
            {code: shares[n] for code, shares in figures.items()},
            {code: (counts[n], amounts[n]) for code, (counts, amounts) in pairs.items()},
        )
        save_month(secretary, month, entry)


def create_demo() -> None:
    """Fill an empty database with the reference period's data, all or nothing."""
    if has_users():
        raise ValidationError("這個資料庫已經有資料了；示範資料只能建立在新的資料庫。")
    rng = random.Random(106)
    columns = survey_columns(rng)
    dates = survey_dates(rng)
    with db.atomic():
        secretary = create_first_secretary(DEMO_SECRETARY, DEMO_PIN, DEMO_PIN)
        volunteer = create_user(secretary, DEMO_VOLUNTEER, Role.VOLUNTEER)
        create_user(secretary, DEMO_DUTY, Role.DUTY)
        create_user(secretary, DEMO_OPERATOR, Role.OPERATOR)
        batches: dict[dt.date, SurveyBatch] = {}
        for index, survey_date in enumerate(dates):
            if survey_date not in batches:
                batches[survey_date] = start_batch(volunteer, survey_date, dates.count(survey_date))
            answers = {code: column[index] for code, column in columns.items()}
            comment = "櫃台人員很親切" if index % 40 == 7 else ""
            save_response(volunteer, batches[survey_date], ResponseInput(answers, comment))
        create_service_counts(secretary, rng)
        create_petitions(secretary)
        create_monthly_figures(secretary)
