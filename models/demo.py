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
from models.registers.courtesy import record_courtesy_test
from models.registers.events import event_kinds, record_event
from models.registers.monthly import MonthEntry, save_month
from models.registers.petitions import PetitionInput, register_petition
from models.registers.training import E_LEARNING, IN_SERVICE, record_training
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
        create_tests_training_and_events(secretary)


# 電話禮貌測試 of the reference period: 18 tests, three a month, whose mean is the printed
# 92.17 (whole scores adding up to 1,659); the reference names neither the days nor the units.
COURTESY_TESTS = tuple(
    (dt.date(2017, month, day), unit, score)
    for (month, day, unit), score in zip(
        [(m, d, u) for m in range(1, 7) for d, u in ((9, "總機"), (16, "執行科"), (23, "行政科"))],
        (92, 95, 90, 88, 94, 93, 91, 96, 89, 92, 94, 90, 95, 93, 91, 92, 90, 94),
    )
)
# The reference's training list, as printed (the lecturers where it names them).
TRAINING = (
    ((2017, 1, 25), IN_SERVICE, "年金改革方案(草案)說明會", "1", "人事室吳人事管理員惠婷"),
    ((2017, 2, 16), E_LEARNING, "以CEDAW公約內涵檢視法規措施方法", "3", ""),
    ((2017, 3, 8), IN_SERVICE, "健保分級新制度", "3", "衛生福利部中央健康保險署南區業務組專責人員"),
    ((2017, 3, 9), IN_SERVICE, "如何提升政府服務品質", "5",
     "臺灣高等法院臺南分院檢察署蔡檢察官麗宜、臺南地方法院檢察署李官長淑美、研考科董科長國名"),
    ((2017, 3, 23), E_LEARNING, "行政中立理論與實務", "2", ""),
    ((2017, 4, 13), IN_SERVICE, "為民服務禮貌態度訓練", "2", "蘇老師淑慧"),
    ((2017, 4, 20), E_LEARNING, "環境教育影片賞析", "2.5", ""),
    ((2017, 4, 26), IN_SERVICE, "強制執行實務", "8", "新竹地方法院傅前庭長金圳"),
    ((2017, 4, 27), E_LEARNING, "人權大步走-兩公約介紹", "3", ""),
    ((2017, 5, 18), E_LEARNING, "產業創新計畫", "1", ""),
    ((2017, 5, 18), IN_SERVICE, "員工協助", "1", "人事室吳人事管理員惠婷"),
    ((2017, 6, 13), IN_SERVICE, "如何提升政府服務品質及創新服務", "3", "行政院陳參議文瑛"),
    ((2017, 6, 15), IN_SERVICE, "106年度上半年自衛消防編組訓練", "2", ""),
    ((2017, 6, 21), E_LEARNING, "表單簽核管理系統請休假及加班申請(簡化版)操作說明", "1", ""),
    ((2017, 6, 22), E_LEARNING, "全民國防教育學堂", "2", ""),
    ((2017, 6, 22), E_LEARNING, "產業創新計畫", "1", ""),
    ((2017, 6, 29), E_LEARNING, "臺灣新住民文化介紹", "2", ""),
    ((2017, 6, 29), E_LEARNING, "人權大步走：行政執行篇", "1", ""),
)
# Events: (kind, date, month only, title, values). The reference prints 法拍會 and 法治教育宣導 as
# period totals only (3 場, 1,773 人次, 3,930,118 元; 14 場): their days and the split over the
# three 法拍會 are made up here, adding up to the printed totals. Donations and blood drives
# are the reference's rows.
SCHOOL_DAYS = ((2, 22), (3, 8), (3, 15), (3, 22), (3, 29), (4, 12), (4, 19), (4, 26), (5, 3), (5, 10),
               (5, 17), (5, 24), (6, 7), (6, 14))
EVENTS = (
    ("法拍會", (2017, 2, 23), False, "鳳凰城法拍會黃昏市集", {"場次": 1, "人次": 512, "拍變賣價金": 1_208_560}),
    ("法拍會", (2017, 4, 20), False, "鳳凰城法拍會黃昏市集", {"場次": 1, "人次": 598, "拍變賣價金": 1_342_908}),
    ("法拍會", (2017, 6, 15), False, "鳳凰城法拍會黃昏市集", {"場次": 1, "人次": 663, "拍變賣價金": 1_378_650}),
    *(("法治教育宣導", (2017, month, day), False, "校園法治教育宣導", {"場次": 1}) for month, day in SCHOOL_DAYS),
    ("愛心社捐款", (2017, 1, 1), True, "愛心社捐款", {"受贈單位": "財團法人華山社會福利慈善基金會", "金額": 6600}),
    ("愛心社捐款", (2017, 3, 1), True, "愛心社捐款", {"受贈單位": "社團法人台南市脊髓損傷者協會", "金額": 6000}),
    ("愛心社捐款", (2017, 6, 1), True, "愛心社捐款", {"受贈單位": "勵馨社會福利事業基金會", "金額": 5000}),
    ("愛心社捐款", (2017, 6, 1), True, "愛心社捐款", {"受贈單位": "朝興基金會", "金額": 5000}),
    ("捐血", (2017, 1, 25), False, "捐血活動", {"人次": 35, "cc": 9000}),
    ("捐血", (2017, 4, 27), False, "捐血活動", {"人次": 41, "cc": 10250}),
)


def create_tests_training_and_events(secretary: User) -> None:
    """The secretary's registers of the reference period: courtesy tests, training, events."""
    for day, unit, score in COURTESY_TESTS:
        record_courtesy_test(secretary, day, unit, score)
    for (year, month, day), kind, title, hours, lecturer in TRAINING:
        record_training(secretary, dt.date(year, month, day), kind, title, hours, lecturer)
    kinds = {row.kind.name: row.kind for row in event_kinds(secretary)}
    for kind, (year, month, day), month_only, title, values in EVENTS:
        record_event(secretary, kinds[kind], dt.date(year, month, day), title, values, month_only=month_only)
