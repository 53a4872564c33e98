"""The report's texts per period (研考 only, audited, inherited from the period before) and the
seal a printed report ends with: its 稽核碼 found again, and the period's changes since listed."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

import peewee
import pytest

from models.accounts import User
from models.audit import AuditEntry, chain_head
from models.db import db
from models.errors import PermissionDenied, ValidationError
from models.registers.courtesy import correct_courtesy_test, record_courtesy_test
from models.registers.petitions import PetitionInput, register_petition, update_petition
from models.report_texts import (
    TEXT_MAX_LENGTH, ReportText, check_seal, load_texts, period_key, period_of_key, save_text, seal_code, text_record,
)
from models.rocdate import parse_period
from models.settings import BACKUPS_KEPT, set_settings
from tests.models.service.conftest import People, people  # noqa: F401 (a fixture)

BLOCK = "basic.consistency.1"
OTHER_BLOCK = "basic.friendly.2"
H1_106 = parse_period("106H1")
SECRETARY_ONLY = "這項工作需要研考登入。"


def written() -> tuple[int, int]:
    return ReportText.select().count(), AuditEntry.select().count()


# --- texts --------------------------------------------------------------------------------------


def test_a_text_is_stored_for_its_period_with_its_audit_row(people: People) -> None:
    before = written()
    save_text(people.secretary, "106H1", BLOCK, "  本分署秉持依法行政，\r\n共回收 {survey.forms} 份問卷。 ")
    assert written() == (before[0] + 1, before[1] + 1)
    assert load_texts(people.secretary, "106H1") == {BLOCK: "本分署秉持依法行政，\n共回收 {survey.forms} 份問卷。"}
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (entry.table_name, entry.action, entry.user_id) == ("report_text", "insert", people.secretary.id)
    assert {key: entry.after[key] for key in ("period_key", "period_start", "period_end", "key")} == {
        "period_key": "106H1", "period_start": "2017-01-01", "period_end": "2017-06-30", "key": BLOCK,
    }
    save_text(people.secretary, "106H1", BLOCK, "本分署秉持依法行政。")
    assert written() == (before[0] + 1, before[1] + 2)  # the same row, updated
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (entry.action, entry.before["text"], entry.after["text"]) == (
        "update", "本分署秉持依法行政，\n共回收 {survey.forms} 份問卷。", "本分署秉持依法行政。"
    )


def test_an_unchanged_text_writes_nothing(people: People) -> None:
    save_text(people.secretary, "105H2", BLOCK, "去年的文字")
    save_text(people.secretary, "106H1", OTHER_BLOCK, "今年的文字")
    before = written()
    save_text(people.secretary, "106H1", OTHER_BLOCK, " 今年的文字\n")  # the same once tidied
    save_text(people.secretary, "106H1", BLOCK, "去年的文字")  # what the period takes from the one before
    assert written() == before
    assert load_texts(people.secretary, "106H1") == {BLOCK: "去年的文字", OTHER_BLOCK: "今年的文字"}


def test_a_new_period_starts_from_the_latest_earlier_period_block_by_block(people: People) -> None:
    boss = people.secretary
    save_text(boss, "105H1", BLOCK, "105年上半年")
    save_text(boss, "105H1", OTHER_BLOCK, "105年上半年的第二段")
    save_text(boss, "105H2", BLOCK, "105年全年")
    save_text(boss, "106H2", BLOCK, "106年全年")  # later: never read by an earlier period
    assert load_texts(boss, "106H1") == {BLOCK: "105年全年", OTHER_BLOCK: "105年上半年的第二段"}
    assert load_texts(boss, "105H2") == {BLOCK: "105年全年", OTHER_BLOCK: "105年上半年的第二段"}
    assert load_texts(boss, "105H1") == {BLOCK: "105年上半年", OTHER_BLOCK: "105年上半年的第二段"}
    assert load_texts(boss, "104H2") == {}  # nothing earlier: the report's defaults
    assert load_texts(boss, "107H1") == {BLOCK: "106年全年", OTHER_BLOCK: "105年上半年的第二段"}


@pytest.mark.parametrize(
    "stored, earlier, later",
    [
        ("99H2", "99H1", "100H1"),  # a two-digit ROC year before a three-digit one
        ("105H2", "105H1", "106H1"),
        ("106H1", "106/01-106/03", "106H2"),  # a quarter ends before the half-year
        ("106/03", "106/02", "106/04"),
        ("105/07-106/06", "106/05", "106/07"),  # a range across two years
        ("106/04-106/06", "106H1", "106/07"),  # the same last day: the one starting first is earlier
    ],
)
def test_periods_are_ordered_by_their_last_day_then_their_first(people: People, stored: str, earlier: str, later: str) -> None:
    save_text(people.secretary, stored, BLOCK, f"{stored} 的文字")
    assert load_texts(people.secretary, earlier) == {}
    assert load_texts(people.secretary, later) == {BLOCK: f"{stored} 的文字"}


@pytest.mark.parametrize(
    "typed, key",
    [
        ("106H1", "106H1"),
        ("106h1", "106H1"),
        ("１０６Ｈ１", "106H1"),  # typed with the input method's full-width letters
        ("106/01-106/06", "106H1"),
        ("106", "106H2"),  # 第2次報告 covers the whole year
        ("106H2", "106H2"),
        ("106/01-106/12", "106H2"),
        ("99H1", "99H1"),
        ("106/3", "106/03"),
        ("106年3月", "106/03"),
        ("106/01-03", "106/01-106/03"),
        ("105/07-106/06", "105/07-106/06"),
    ],
)
def test_a_period_is_stored_under_one_key_however_it_is_written(people: People, typed: str, key: str) -> None:
    save_text(people.secretary, typed, BLOCK, "文字")
    assert [row.period_key for row in ReportText.select()] == [key]
    assert period_key(period_of_key(key)) == key  # the key reads back as the same period
    assert load_texts(people.secretary, key) == {BLOCK: "文字"}


def test_a_period_of_days_has_no_key() -> None:
    with pytest.raises(ValidationError) as refused:
        period_key(dataclasses.replace(H1_106, end=dt.date(2017, 6, 29)))
    assert (refused.value.message, refused.value.field) == ("報表文字只能依整月的期間保存，「民國106年1月1日至6月29日」不是。", "period")


@pytest.mark.parametrize(
    "period, key, text, field, message",
    [
        ("106H1", BLOCK, "文" * (TEXT_MAX_LENGTH + 1), "text", f"報表文字最多 {TEXT_MAX_LENGTH} 個字（現在 {TEXT_MAX_LENGTH + 1} 個字）。"),
        ("106H1", BLOCK, "文" * 10_000, "text", f"報表文字最多 {TEXT_MAX_LENGTH} 個字。"),
        ("106H1", BLOCK, "本分署\u200b秉持", "text", "報表文字裡有看不見的字元（U+200B），可能是從別處貼上的；請刪除後重新輸入。"),
        ("106H1", BLOCK, "第一段\n第\ufeff二段", "text", "報表文字裡有看不見的字元（U+FEFF），可能是從別處貼上的；請刪除後重新輸入。"),
        ("106H1", BLOCK, "共\t3 份", "text", "報表文字裡有看不見的字元（U+0009），可能是從別處貼上的；請刪除後重新輸入。"),
        ("106H1", BLOCK, "共 ٣ 份", "text", "報表文字裡的「٣」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"),
        ("", BLOCK, "文字", "period", "請輸入期間。"),
        ("106H3", BLOCK, "文字", "period", "「106H3」不是有效期間：半年期間只有 106H1（1–6月）；全年（1–12月）請輸入 106。"),
        ("0H2", BLOCK, "文字", "period", "「0H2」不是有效期間：民國年份必須大於0。"),
        ("2017H1", BLOCK, "文字", "period", "「2017H1」不是有效期間：請用民國年（例如 106，而不是西元 2017）。"),
        ("上半年", BLOCK, "文字", "period", "「上半年」無法辨識為期間，請用 106H1（1–6月）、106（全年）、106/03（單月）或 106/01-106/03（月份範圍）。"),
        ("106H1", "", "文字", "key", "報表沒有「」這個段落。"),
        ("106H1", "Basic.Consistency", "文字", "key", "報表沒有「Basic.Consistency」這個段落。"),
        ("106H1", "basic..1", "文字", "key", "報表沒有「basic..1」這個段落。"),
    ],
    ids=lambda value: repr(value)[:24],
)
def test_bad_input_is_refused_and_nothing_written(
    people: People, period: str, key: str, text: str, field: str, message: str
) -> None:
    before = written()
    with pytest.raises(ValidationError) as refused:
        save_text(people.secretary, period, key, text)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert written() == before


def test_a_bad_period_is_refused_when_reading_too(people: People) -> None:
    with pytest.raises(ValidationError, match="「106H3」不是有效期間"):
        load_texts(people.secretary, "106H3")


@pytest.mark.parametrize("who", ["volunteer", "duty", "operator"])
def test_only_the_secretary_reads_or_writes_the_texts(people: People, who: str) -> None:
    save_text(people.secretary, "106H1", BLOCK, "研考寫的")
    before = written()
    user: User = getattr(people, who)
    with pytest.raises(PermissionDenied, match=SECRETARY_ONLY):
        save_text(user, "106H1", BLOCK, "別人寫的")
    with pytest.raises(PermissionDenied, match=SECRETARY_ONLY):
        load_texts(user, "106H1")
    assert written() == before
    assert load_texts(people.secretary, "106H1") == {BLOCK: "研考寫的"}


def test_the_record_a_period_reads_a_block_from_is_its_own_else_the_latest_earlier(people: People) -> None:
    """The history of the text shown: the period's own row, or the earlier period's it takes."""
    boss = people.secretary
    assert text_record(boss, "106H1", BLOCK) is None  # never stored: the default, no history
    save_text(boss, "105H2", BLOCK, "105年全年")
    inherited = text_record(boss, "106H1", BLOCK)
    assert inherited is not None and (inherited.period_key, inherited.text) == ("105H2", "105年全年")
    save_text(boss, "106H1", BLOCK, "106年上半年")
    own = text_record(boss, "106/01-106/06", BLOCK)  # the same period however it is written
    assert own is not None and (own.period_key, own.text) == ("106H1", "106年上半年")
    assert text_record(boss, "105H1", BLOCK) is None  # a later period's text is not an earlier one's


@pytest.mark.parametrize("who", ["volunteer", "duty", "operator"])
def test_only_the_secretary_reads_a_texts_record(people: People, who: str) -> None:
    save_text(people.secretary, "106H1", BLOCK, "研考寫的")
    with pytest.raises(PermissionDenied, match=SECRETARY_ONLY):
        text_record(getattr(people, who), "106H1", BLOCK)


def test_a_second_pc_saving_the_same_block_first_gets_no_second_row(people: People) -> None:
    """The unique (period, block) index: a row slipped in meanwhile makes the save fail, not double."""
    save_text(people.secretary, "106H1", BLOCK, "第一版")
    with pytest.raises(peewee.IntegrityError):
        with db.atomic():
            ReportText.create(
                period_key="106H1", period_start=H1_106.start, period_end=H1_106.end, key=BLOCK, text="另一台",
                created_by=people.secretary,
            )


# --- the seal ----------------------------------------------------------------------------------

CODE = re.compile(r"(\d+)-(\d{5})-(\d{5})-(\d{2})")


def with_check_digits(seq: int, digits: str) -> str:
    """A code with the check digits ISO 7064 MOD 97-10 gives, worked out here on its own."""
    number = int(f"{seq}{digits}")
    check = next(c for c in range(100) if int(f"{number}{c:02d}") % 97 == 1)
    return f"{seq}-{digits[:5]}-{digits[5:]}-{check:02d}"


def full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


@pytest.fixture
def sealed(people: People) -> str:
    """Records of 106H1 and of 106/07, then a report sealed."""
    boss = people.secretary
    record_courtesy_test(boss, dt.date(2017, 3, 8), "總機", 92)
    record_courtesy_test(boss, dt.date(2017, 7, 5), "服務台", 90)
    save_text(boss, "106H1", BLOCK, "上半年的文字")
    return seal_code()


def test_the_code_is_the_chain_head_in_digits_with_check_digits(sealed: str) -> None:
    match = CODE.fullmatch(sealed)
    assert match is not None, sealed
    seq, row_hash = chain_head()
    assert int(match[1]) == seq
    assert match[2] + match[3] == f"{int(row_hash[:16], 16) % 10**10:010d}"
    assert with_check_digits(seq, match[2] + match[3]) == sealed


def test_a_report_sealed_and_nothing_changed_since(sealed: str) -> None:
    before = AuditEntry.select().count()
    result = check_seal(sealed, H1_106)
    assert result.unchanged and result.changes == () and result.chain_breaks == 0
    assert result.code == sealed and result.seq == chain_head()[0]
    assert result.lines()[0] == "本期資料自報表製作後未曾變更。"
    assert result.lines()[1].startswith(f"稽核碼 {sealed}：報表製作於第 {result.seq:,} 筆稽核紀錄（")
    assert result.lines()[1].endswith("之後；期間 民國106年1月1日至6月30日。")
    assert AuditEntry.select().count() == before  # a check writes nothing


def test_a_change_to_a_record_of_the_period_after_the_seal_is_found(people: People, sealed: str) -> None:
    boss = people.secretary
    march = record_courtesy_test(boss, dt.date(2017, 3, 20), "執行科", 88)
    correct_courtesy_test(boss, march, dt.date(2017, 3, 20), "執行科", 86)  # one record, two rows
    register_petition(boss, PetitionInput(dt.date(2017, 5, 2), "phone", "rights", "查封車輛"))
    save_text(boss, "106H1", BLOCK, "報表印出後改的文字")
    result = check_seal(sealed, H1_106)
    assert not result.unchanged
    assert [(change.table, change.records) for change in result.changes] == [
        ("電話禮貌測試", 1), ("陳情案件", 1), ("報表文字", 1),
    ]
    assert result.lines()[0] == "本期資料自報表製作後已有 3 筆變更：電話禮貌測試 1 筆、陳情案件 1 筆、報表文字 1 筆。"


def test_changes_to_other_periods_and_to_set_up_data_are_not_counted(people: People, sealed: str) -> None:
    boss = people.secretary
    record_courtesy_test(boss, dt.date(2017, 7, 6), "服務台", 95)  # 106年7月
    record_courtesy_test(boss, dt.date(2016, 12, 30), "服務台", 95)  # 105年
    register_petition(boss, PetitionInput(dt.date(2016, 11, 1), "phone", "rights", "已結案", closed_on=dt.date(2016, 12, 1)))
    save_text(boss, "106H2", BLOCK, "全年報告的文字")  # another report's text
    save_text(boss, "106/03", BLOCK, "三月月報的文字")
    set_settings(boss, {BACKUPS_KEPT: "20"})  # set-up data: no period's records
    result = check_seal(sealed, H1_106)
    assert result.unchanged, result.lines()
    whole_year = check_seal(sealed, parse_period("106"))
    # the July test, and the whole year's own text (not March's)
    assert [(change.table, change.records) for change in whole_year.changes] == [("電話禮貌測試", 1), ("報表文字", 1)]


def test_a_record_moved_out_of_the_period_or_still_open_in_it_counts(people: People, sealed: str) -> None:
    boss = people.secretary
    march = record_courtesy_test(boss, dt.date(2017, 3, 21), "總機", 80)
    case = PetitionInput(dt.date(2016, 12, 20), "phone", "rights", "跨年的案件")
    petition = register_petition(boss, case)  # received in 105, still open in 106H1
    resealed = seal_code()
    correct_courtesy_test(boss, march, dt.date(2017, 7, 21), "總機", 80)  # now 106年7月: 106H1 lost it
    update_petition(boss, petition, dataclasses.replace(case, closed_on=dt.date(2017, 1, 10)))
    result = check_seal(resealed, H1_106)
    assert [(change.table, change.records) for change in result.changes] == [("電話禮貌測試", 1), ("陳情案件", 1)]
    assert check_seal(sealed, H1_106).changed_records == 2  # the first seal sees both inserts too


@pytest.mark.parametrize("form", ["as printed", "full width", "no separators", "with its label", "spaces"])
def test_the_code_is_read_however_it_is_typed(sealed: str, form: str) -> None:
    typed = {
        "as printed": sealed,
        "full width": full_width(sealed),
        "no separators": sealed.replace("-", ""),
        "with its label": f"稽核碼：{sealed}",
        "spaces": f" {sealed.replace('-', ' ')}　",
    }[form]
    assert check_seal(typed, H1_106).code == sealed


def test_an_empty_trail_has_a_code_too(any_database: peewee.Database) -> None:
    code = seal_code()
    assert code.startswith("0-")
    people_made = check_seal(code, H1_106)
    assert people_made.unchanged and people_made.sealed_at is None
    assert "稽核紀錄還是空的時候" in people_made.lines()[1]


def bad_codes(sealed: str) -> list[tuple[str, str]]:
    seq, digits = int(sealed.split("-")[0]), "".join(sealed.split("-")[1:3])
    other_digits = f"{(int(digits) + 1) % 10**10:010d}"
    typo = sealed[:-4] + str((int(sealed[-4]) + 1) % 10) + sealed[-3:]  # one digit of the hash part
    swapped = sealed[:-2] + sealed[-1] + sealed[-2] if sealed[-1] != sealed[-2] else sealed[:-3] + "9" + sealed[-2:]
    return [
        ("", "請輸入稽核碼（報表最後一行的數字，例如 5821-03947-72166-06）。"),
        ("  ", "請輸入稽核碼（報表最後一行的數字，例如 5821-03947-72166-06）。"),
        ("稽核碼：", "請輸入稽核碼（報表最後一行的數字，例如 5821-03947-72166-06）。"),
        ("abcd-efghi", "稽核碼只有數字和「-」，「a」不是；請對照報表再輸入一次（例如 5821-03947-72166-06）。"),
        (sealed.replace("0", "O", 1) if "0" in sealed else "O" + sealed, "稽核碼只有數字和「-」，「O」不是；請對照報表再輸入一次（例如 5821-03947-72166-06）。"),
        ("12-345", "稽核碼少了數字：至少有 13 個數字（例如 5821-03947-72166-06），這裡只有 5 個。"),
        (typo, "稽核碼有數字打錯了（最後兩位檢查碼不符），請對照報表再輸入一次。"),
        (swapped, "稽核碼有數字打錯了（最後兩位檢查碼不符），請對照報表再輸入一次。"),
        ("٣" + sealed, "稽核碼裡的「٣」不是 0–9 的數字；數字請用半形或全形的 0 到 9。"),
        ("1" * 41, "稽核碼太長了（最多 40 個字），請確認是否打錯。"),
        (
            with_check_digits(seq + 1000, digits),
            f"找不到稽核碼所指的第 {seq + 1000:,} 筆稽核紀錄（目前只到第 {seq:,} 筆）：這份報表可能不是從這個資料庫製作的。",
        ),
        (
            with_check_digits(seq, other_digits),
            f"稽核碼與第 {seq:,} 筆稽核紀錄不符：這份報表可能不是從這個資料庫製作的，或稽核紀錄在報表製作後被改寫過；請執行稽核檢查。",
        ),
    ]


@pytest.mark.parametrize("case", range(12))
def test_a_bad_code_is_refused_with_a_message(sealed: str, case: int) -> None:
    typed, message = bad_codes(sealed)[case]
    before = AuditEntry.select().count()
    with pytest.raises(ValidationError) as refused:
        check_seal(typed, H1_106)
    assert (refused.value.message, refused.value.field) == (message, "code")
    assert AuditEntry.select().count() == before


def test_a_chain_broken_before_the_seal_is_said(people: People, sealed: str) -> None:
    """A row rewritten outside the program before the report was built: its figures cannot be trusted."""
    record_courtesy_test(people.secretary, dt.date(2017, 7, 7), "總機", 70)
    db.execute_sql("UPDATE audit_entry SET record_id = record_id + 100 WHERE seq = 3")
    db.execute_sql(f"UPDATE audit_entry SET record_id = record_id + 100 WHERE seq = {chain_head()[0]}")  # after: not its part
    result = check_seal(sealed, H1_106)
    assert result.chain_breaks == 1 and result.changes == () and not result.unchanged
    assert result.lines()[2] == "報表製作以前的稽核紀錄有 1 處與鏈結不符，已被改過：請執行稽核檢查查看各處。"


def test_every_audited_record_says_which_periods_it_belongs_to() -> None:
    """A new register must declare its date (models.base.PeriodDate), or a seal would miss its changes."""
    from models.verify import AUDITED

    set_up = {"app_user", "app_setting", "service_category", "event_kind"}  # no period's records
    for model, _label in AUDITED:
        declared = model.period_date
        if model._meta.table_name in set_up:
            assert declared is None, model.__name__
            continue
        assert declared is not None, model.__name__
        for key in filter(None, (declared.day, declared.until)):
            assert isinstance(model._meta.fields.get(key), peewee.DateField), (model.__name__, key)
