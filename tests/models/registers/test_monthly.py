"""Monthly figures and the payment-channel table: typing a month in one go, corrections,
"not entered" versus 0, bad input, who may, and the figures and pairs as data.

Every refusal checks the message, the field it belongs beside and that not one value or
audit row was written; the values read back are the literals typed here.
"""
from __future__ import annotations

import datetime as dt

import peewee
import pytest

from models.accounts import Role
from models.audit import AuditEntry, history
from models.db import db
from models.errors import PermissionDenied, ValidationError
from models.registers.monthly import (
    MonthEntry,
    MonthlyFigure,
    MonthlyFigureValue,
    PaymentChannelPair,
    PaymentChannelValue,
    figure_specs,
    months_table,
    pair_specs,
    period_table,
    save_month,
)
from models.users import create_user, update_user
from models.verify import verify
from tests.models.service.conftest import People

MARCH, APRIL = dt.date(2017, 3, 1), dt.date(2017, 4, 1)
ROLE_REFUSED = "每月數據只有研考可以輸入與查看。"


def written() -> tuple[int, int, int]:
    return MonthlyFigureValue.select().count(), PaymentChannelValue.select().count(), AuditEntry.select().count()


def stored(month: dt.date) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
    """The month as the grid reads it: what was entered, keyed by code."""
    table = period_table(month, month)
    return (
        {code: value for (m, code), value in table.figure_values.items() if m == month},
        {code: value for (m, code), value in table.pair_values.items() if m == month},
    )


FULL_MONTH = MonthEntry(
    {
        "website_visitors": "16,597",
        "line_receipts": 409,
        "collected_amount": "NT$ 103,432,131 元",
        "file_reading_requests": "２",  # full-width, as a Chinese input method types it
        "welfare_referrals": "0",
        "mailbox_cases": "",
    },
    {
        "store_tax": ("725", "3,192,961"),
        "store_vehicle": ("2,295", "1,279,671"),
        "bank_vehicle": ("0", "0"),
        "bank_labour": ("", ""),
    },
)


# --- the figures and pairs are data ------------------------------------------------------


def test_a_new_ledger_holds_the_reference_figures_and_pairs_in_order(any_database: peewee.Database) -> None:
    assert [(f.name, f.kind) for f in figure_specs()] == [
        ("機關網站到訪人數", "count"),
        ("Line@回傳收據次數", "count"),
        ("行政執行事件徵起金額", "amount"),
        ("閱覽卷宗申請件數", "count"),
        ("轉介社福件數", "count"),
        ("民意信箱及廉政信箱件數", "count"),
    ]
    assert [(p.channel, p.case_type) for p in pair_specs()] == [
        ("便利商店", "稅款"), ("便利商店", "監理"), ("便利商店", "健保"), ("便利商店", "勞保"),
        ("郵局・金融機構", "健保"), ("郵局・金融機構", "監理"), ("郵局・金融機構", "勞保"),
    ]


def test_a_figure_or_pair_added_as_a_row_is_typed_and_read_like_the_others(people: People) -> None:
    MonthlyFigure.create(code="volunteer_hours", name="志工服務時數", kind="count", position=7)
    PaymentChannelPair.create(code="store_fines", channel="便利商店", case_type="罰鍰", position=8)
    save_month(people.secretary, MARCH, MonthEntry({"volunteer_hours": "120"}, {"store_fines": ("3", "4,500")}))
    assert stored(MARCH) == ({"volunteer_hours": 120}, {"store_fines": (3, 4500)})
    assert figure_specs()[-1].name == "志工服務時數" and pair_specs()[-1].label == "便利商店「罰鍰」"


# --- a month in one go -------------------------------------------------------------------


def test_a_month_is_stored_in_one_go_blank_is_not_entered_and_zero_is_zero(people: People) -> None:
    before = written()
    assert save_month(people.secretary, MARCH, FULL_MONTH) == 8
    figures, pairs = stored(MARCH)
    assert figures == {
        "website_visitors": 16597,
        "line_receipts": 409,
        "collected_amount": 103432131,
        "file_reading_requests": 2,
        "welfare_referrals": 0,  # typed 0: entered, and zero
    }  # mailbox_cases was left blank: not entered, no row at all
    assert pairs == {"store_tax": (725, 3192961), "store_vehicle": (2295, 1279671), "bank_vehicle": (0, 0)}
    assert written() == (before[0] + 5, before[1] + 3, before[2] + 8)  # one audit row per value
    assert stored(APRIL) == ({}, {})  # the next month is untouched


def test_any_day_of_the_month_stands_for_the_month(people: People) -> None:
    save_month(people.secretary, dt.date(2017, 3, 17), MonthEntry({"line_receipts": "5"}))
    assert MonthlyFigureValue.get().month == MARCH


def test_saving_the_same_month_again_writes_only_what_changed(people: People) -> None:
    save_month(people.secretary, MARCH, FULL_MONTH)
    before = written()
    assert save_month(people.secretary, MARCH, FULL_MONTH) == 0
    assert written() == before


def test_retyping_a_value_is_an_audited_update_of_the_same_record(people: People) -> None:
    save_month(people.secretary, MARCH, FULL_MONTH)
    row = MonthlyFigureValue.get(MonthlyFigureValue.figure == MonthlyFigure.get(code="line_receipts"))
    retyped = MonthEntry({"line_receipts": "419"}, {"store_tax": ("726", "3,193,061")})
    assert save_month(people.secretary, MARCH, retyped) == 2
    assert stored(MARCH)[0]["line_receipts"] == 419 and stored(MARCH)[1]["store_tax"] == (726, 3193061)
    assert MonthlyFigureValue.select().count() == 5  # the same row, changed
    trail = history(people.secretary, "monthly_figure_value", row.id)
    assert [entry.action for entry in trail] == ["insert", "update"]
    assert trail[-1].before["value"] == 409 and trail[-1].after["value"] == 419
    assert verify().ok, verify().lines()


def test_clearing_a_value_makes_it_not_entered_again_and_keeps_its_history(people: People) -> None:
    save_month(people.secretary, MARCH, FULL_MONTH)
    assert save_month(people.secretary, MARCH, MonthEntry({"collected_amount": ""}, {"store_tax": (None, None)})) == 2
    figures, pairs = stored(MARCH)
    assert "collected_amount" not in figures and "store_tax" not in pairs  # not 0: not entered
    row = MonthlyFigureValue.get(MonthlyFigureValue.figure == MonthlyFigure.get(code="collected_amount"))
    assert row.value is None and not row.is_voided
    trail = history(people.secretary, "monthly_figure_value", row.id)
    assert trail[-1].action == "update" and trail[-1].before["value"] == 103432131 and trail[-1].after["value"] is None
    # typed again later: the same record again
    save_month(people.secretary, MARCH, MonthEntry({"collected_amount": "1"}))
    assert MonthlyFigureValue.get_by_id(row.id).value == 1
    assert verify().ok, verify().lines()


def test_a_code_left_out_is_left_as_it_is(people: People) -> None:
    save_month(people.secretary, MARCH, FULL_MONTH)
    save_month(people.secretary, MARCH, MonthEntry({"line_receipts": "1"}))
    figures, pairs = stored(MARCH)
    assert figures["website_visitors"] == 16597 and pairs["store_tax"] == (725, 3192961)


def test_this_month_may_be_typed(people: People) -> None:
    today = dt.date.today()
    save_month(people.secretary, today, MonthEntry({"line_receipts": "3"}))
    assert stored(today.replace(day=1))[0] == {"line_receipts": 3}


def test_months_table_reads_every_month_of_the_range_for_the_secretary(people: People) -> None:
    save_month(people.secretary, MARCH, FULL_MONTH)
    save_month(people.secretary, APRIL, MonthEntry({"line_receipts": "500"}))
    table = months_table(people.secretary, dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    assert table.months == tuple(dt.date(2017, m, 1) for m in range(1, 13))
    assert table.figure_values[(MARCH, "line_receipts")] == 409
    assert table.figure_values[(APRIL, "line_receipts")] == 500
    assert (APRIL, "website_visitors") not in table.figure_values
    assert [f.code for f in table.figures][:3] == ["website_visitors", "line_receipts", "collected_amount"]
    assert len(table.pairs) == 7


# --- bad input -----------------------------------------------------------------------------

VISITORS = "figure:website_visitors"
COLLECTED = "figure:collected_amount"


@pytest.mark.parametrize(
    "figures, message, field",
    [
        pytest.param({"website_visitors": "-5"}, "機關網站到訪人數請輸入整數，不要有小數點或正負號。", VISITORS, id="negative"),
        pytest.param({"website_visitors": -5}, "機關網站到訪人數不能是負數。", VISITORS, id="negative-int"),
        pytest.param({"website_visitors": "12.5"}, "機關網站到訪人數請輸入整數，不要有小數點或正負號。", VISITORS, id="fraction"),
        pytest.param(
            {"collected_amount": "1,2345"},
            "行政執行事件徵起金額的逗號位置不對（千分位是每三位一個，例如 1,500），請確認是否打錯。",
            COLLECTED,
            id="comma",
        ),
        pytest.param(
            {"collected_amount": "10,000,000,001"}, "行政執行事件徵起金額最多 10,000,000,000 元，請確認是否打錯。", COLLECTED,
            id="amount-too-big",
        ),
        pytest.param({"website_visitors": "1000001"}, "機關網站到訪人數最多 1,000,000，請確認是否打錯。", VISITORS, id="count-too-big"),
        pytest.param({"collected_amount": "12.5元"}, "行政執行事件徵起金額請輸入整數元，不要有小數點或其他符號。", COLLECTED, id="amount-fraction"),
        pytest.param({"website_visitors": "三百"}, "機關網站到訪人數請輸入整數，不要有小數點或正負號。", VISITORS, id="words"),
        pytest.param(
            {"website_visitors": "١٢"}, "機關網站到訪人數裡的「١」不是 0–9 的數字；數字請用半形或全形的 0 到 9。", VISITORS,
            id="foreign-digit",
        ),
        pytest.param(
            {"no_such_figure": "1"}, "沒有「no_such_figure」這個每月數據項目（可能已在另一台電腦上更改）；請重新整理畫面。",
            "figure:no_such_figure", id="unknown-figure",
        ),
    ],
)
def test_a_bad_figure_saves_none_of_the_month(people: People, figures: dict, message: str, field: str) -> None:
    before = written()
    # the good values typed with it are not saved either
    entry = MonthEntry({"line_receipts": "409", **figures}, {"store_tax": ("725", "3,192,961")})
    with pytest.raises(ValidationError) as refused:
        save_month(people.secretary, MARCH, entry)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert written() == before


STORE_TAX = "便利商店「稅款」"


@pytest.mark.parametrize(
    "pair, message, field",
    [
        pytest.param(("-1", "100"), f"{STORE_TAX}筆數請輸入整數，不要有小數點或正負號。", "pair:store_tax:count", id="negative"),
        pytest.param(("1", "99.5"), f"{STORE_TAX}金額請輸入整數元，不要有小數點或其他符號。", "pair:store_tax:amount", id="fraction"),
        pytest.param(
            ("1,00", "100"), f"{STORE_TAX}筆數的逗號位置不對（千分位是每三位一個，例如 1,500），請確認是否打錯。",
            "pair:store_tax:count", id="comma",
        ),
        pytest.param(("5", ""), f"請輸入{STORE_TAX}的金額（筆數與金額要一起輸入）。", "pair:store_tax:amount", id="no-amount"),
        pytest.param(("", "500"), f"請輸入{STORE_TAX}的筆數（金額與筆數要一起輸入）。", "pair:store_tax:count", id="no-count"),
        pytest.param(
            ("0", "500"), f"{STORE_TAX}的筆數是 0，金額也應該是 0，請確認是否打錯。", "pair:store_tax:amount",
            id="money-from-nobody",
        ),
        pytest.param(("5", "0"), f"{STORE_TAX}有 5 筆，金額不能是 0，請確認是否打錯。", "pair:store_tax:amount", id="nothing-paid"),
        pytest.param(
            ("1", "10,000,000,001"), f"{STORE_TAX}金額最多 10,000,000,000 元，請確認是否打錯。", "pair:store_tax:amount",
            id="too-big",
        ),
    ],
)
def test_a_bad_pair_saves_none_of_the_month(people: People, pair: tuple[str, str], message: str, field: str) -> None:
    before = written()
    entry = MonthEntry({"line_receipts": "409"}, {"store_vehicle": ("2,295", "1,279,671"), "store_tax": pair})
    with pytest.raises(ValidationError) as refused:
        save_month(people.secretary, MARCH, entry)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert written() == before


def test_an_unknown_pair_is_refused(people: People) -> None:
    before = written()
    with pytest.raises(ValidationError) as refused:
        save_month(people.secretary, MARCH, MonthEntry({"line_receipts": "1"}, {"store_lottery": ("1", "1")}))
    assert refused.value.field == "pair:store_lottery:count"
    assert refused.value.message == "沒有「store_lottery」這個代收通路（可能已在另一台電腦上更改）；請重新整理畫面。"
    assert written() == before


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


@pytest.mark.parametrize(
    "month, message",
    [
        pytest.param(next_month(dt.date.today()), "{name}還沒到，不能輸入這個月的數據。", id="next-month"),
        pytest.param(dt.date(2999, 1, 1), "{name}還沒到，不能輸入這個月的數據。", id="far-future"),
        pytest.param(dt.date(1911, 12, 1), "月份不能早於民國1年。", id="before-roc"),
        pytest.param(None, "請選擇月份。", id="none"),
    ],
)
def test_a_month_not_to_be_typed_is_refused(people: People, month: dt.date | None, message: str) -> None:
    before = written()
    with pytest.raises(ValidationError) as refused:
        save_month(people.secretary, month, MonthEntry({"line_receipts": "1"}))  # type: ignore[arg-type]
    name = f"{month.year - 1911}年{month.month}月" if month else ""
    assert (refused.value.message, refused.value.field) == (message.format(name=name), "month")
    assert written() == before


def test_a_retired_figure_keeps_its_values_and_takes_no_new_ones(people: People) -> None:
    save_month(people.secretary, MARCH, FULL_MONTH)
    MonthlyFigure.update(active=False).where(MonthlyFigure.code == "line_receipts").execute()
    before = written()
    with pytest.raises(ValidationError) as refused:
        save_month(people.secretary, MARCH, MonthEntry({"website_visitors": "1", "line_receipts": "410"}))
    assert (refused.value.message, refused.value.field) == ("「Line@回傳收據次數」已停用，不能再輸入。", "figure:line_receipts")
    assert written() == before
    # its stored value still reads, and the month saved with it unchanged is fine
    assert save_month(people.secretary, MARCH, MonthEntry({"website_visitors": "1", "line_receipts": "409"})) == 1
    assert stored(MARCH)[0]["line_receipts"] == 409


# --- who may -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["volunteer", "operator", "duty"])
def test_only_the_secretary_may_type_or_read_monthly_figures(people: People, who: str) -> None:
    clerk = getattr(people, who)
    before = written()
    with pytest.raises(PermissionDenied) as refused:
        save_month(clerk, MARCH, FULL_MONTH)
    assert refused.value.message == ROLE_REFUSED
    with pytest.raises(PermissionDenied) as refused:
        months_table(clerk, MARCH, APRIL)
    assert refused.value.message == ROLE_REFUSED
    assert written() == before


def test_a_secretary_demoted_on_another_pc_is_refused(people: People) -> None:
    other = create_user(people.secretary, "吳研考", Role.SECRETARY, "135790", "135790")
    update_user(people.secretary, other, name="吳研考", role=Role.VOLUNTEER, active=True)
    before = written()
    with pytest.raises(PermissionDenied):
        save_month(other, MARCH, FULL_MONTH)  # the copy still says 研考; the stored role decides
    assert written() == before


def test_one_live_value_per_month_and_figure(people: People) -> None:
    """Two PCs typing the same month at once: the second row is refused by the database."""
    save_month(people.secretary, MARCH, MonthEntry({"line_receipts": "1"}, {"store_tax": ("1", "100")}))
    figure, pair = MonthlyFigure.get(code="line_receipts"), PaymentChannelPair.get(code="store_tax")
    with pytest.raises(peewee.IntegrityError), db.atomic():
        MonthlyFigureValue.create(month=MARCH, figure=figure, value=2, created_by=people.secretary)
    with pytest.raises(peewee.IntegrityError), db.atomic():
        PaymentChannelValue.create(month=MARCH, pair=pair, count=2, amount=200, created_by=people.secretary)
    assert stored(MARCH) == ({"line_receipts": 1}, {"store_tax": (1, 100)})
