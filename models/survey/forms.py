"""Satisfaction surveys (為民服務意見調查表): batches, responses, answers and their tallies."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

import peewee

from models.accounts import Role, User, require_role
from models.audit import AccountableModel, audited, require_may_modify
from models.base import BaseModel, PeriodDate, validate_entry_date
from models.db import db, storage_errors
from models.errors import ValidationError
from models.labels import EntryWords, HistoryText, Vocabulary
from models.numbers import NumberKind, parse_whole_number
from models.survey.questionnaire import (
    ItemSpec,
    QuestionItem,
    Questionnaire,
    active_questionnaire,
    item_specs,
)
from models.text import plain_input

# How a paper answer that is not a single option is stored; the same digits as the exchange
# workbook (SPEC §6) and the entry keys, so one convention runs through the product.
BLANK = 0
MULTIPLE = 9
NOT_ONE_OPTION = {BLANK: "未作答", MULTIPLE: "勾選二個以上"}  # what the two digits mean, in words
HISTORY_ITEM_LENGTH = 10  # an item's text in the history: enough to tell the items apart
MAX_SHEETS = 1000
SHEETS_MAX_LENGTH = 10
COMMENT_MAX_LENGTH = 2000
# A phone as people write it: digits 0–9 with "-", spaces or parentheses between them, an
# optional leading "+", and an optional extension "#123". One line: no tabs, no line breaks.
PHONE_PATTERN = re.compile(r"\+?[0-9(][0-9\- ()]{5,23}(?:#[0-9]{1,6})?")
PHONE_MAX_LENGTH = 40
PHONE_DIGITS = (7, 15)  # without the extension
MASK_SHOWN = 3  # a masked phone shows at most its last 3 digits, and at most a third of them
PHONE_SECRETARY_ONLY = "聯絡電話是個人資料，只有研考可以查看。"
PHONE_ERASED = "這張問卷的聯絡電話已經依規定刪除（追蹤已結案或已過保留期限），不能再填回。"


def answer_words() -> dict[int, dict[str, EntryWords]]:
    """How the history reads a form's answers, for every questionnaire: the item as
    「C 電話禮貌」 (a long text cut short) and its options by key, 0 and 9 included."""
    with storage_errors():
        editions = list(Questionnaire.select())
    return {edition.id: {spec.code: _answer_words(spec) for spec in item_specs(edition)} for edition in editions}


def _answer_words(spec: ItemSpec) -> EntryWords:
    text = spec.text if len(spec.text) <= HISTORY_ITEM_LENGTH else spec.text[:HISTORY_ITEM_LENGTH] + "…"
    return EntryWords(f"{spec.code} {text}", {**dict(enumerate(spec.options, start=1)), **NOT_ONE_OPTION})


class SurveyBatch(AccountableModel):
    """One stack of paper forms keyed in one sitting."""

    survey_date = peewee.DateField(index=True, verbose_name="問卷日期")
    expected_sheets = peewee.IntegerField(null=True, verbose_name="本疊張數")

    history_text = HistoryText("問卷批次", summary=("survey_date", "expected_sheets"))
    period_date = PeriodDate("survey_date")


class SurveyResponse(AccountableModel):
    batch = peewee.ForeignKeyField(
        SurveyBatch, null=True, backref="responses", on_delete="RESTRICT", verbose_name="問卷疊"
    )
    questionnaire = peewee.ForeignKeyField(Questionnaire, backref="+", on_delete="RESTRICT", verbose_name="問卷版本")
    survey_date = peewee.DateField(index=True, verbose_name="問卷日期")
    comment = peewee.TextField(default="", verbose_name="意見")
    contact_phone = peewee.CharField(max_length=40, null=True, verbose_name="聯絡電話")
    phone_consent = peewee.BooleanField(default=False, verbose_name="同意留電話")
    # Set when the number was erased (models.registers.followups): it never comes back.
    phone_erased_at = peewee.DateTimeField(null=True, verbose_name="聯絡電話刪除時間")

    # The snapshot adds the answers by item code (A: 1, B: 2 …); a change lists each changed code.
    history_text = HistoryText(
        "問卷",
        summary=("survey_date", "answers", "comment", "contact_phone", "phone_consent"),
        extra_labels={"answers": "答案"},
        itemised=frozenset({"answers"}),
        vocabularies={"answers": Vocabulary("questionnaire", answer_words)},
    )
    period_date = PeriodDate("survey_date")

    # The answers this copy last wrote, as its columns hold what this program last set on
    # them: the audit row of a new form takes them from here instead of reading them back.
    # None on a copy read from the database: snapshot() reads them then.
    written_answers: dict[str, int] | None = None

    def snapshot(self) -> dict[str, object]:
        picture = super().snapshot()
        # The audit trail outlives the follow-up; it keeps no readable phone number.
        picture["contact_phone"] = mask_phone(self.contact_phone)
        picture["answers"] = dict(self.written_answers) if self.written_answers is not None else answers_of(self)
        return picture


class SurveyAnswer(BaseModel):
    response = peewee.ForeignKeyField(SurveyResponse, backref="answers", on_delete="CASCADE")
    item = peewee.ForeignKeyField(QuestionItem, backref="+", on_delete="RESTRICT")
    choice = peewee.SmallIntegerField()

    class Meta:
        indexes = ((("response", "item"), True),)


@dataclass(frozen=True)
class ResponseInput:
    """What a volunteer typed for one paper form, before it is checked."""

    answers: Mapping[str, int]
    comment: str = ""
    contact_phone: str = ""
    phone_consent: bool = False


def mask_phone(phone: str | None) -> str | None:
    """The last few digits only (0912345678 → *******678; 2981234 → *****34): enough to
    recognise a number, never enough to call it. The extension is left out."""
    if not phone:
        return phone
    digits = re.sub(r"[^0-9]", "", phone.split("#", 1)[0])
    shown = min(MASK_SHOWN, len(digits) // 3)
    return "*" * (len(digits) - shown) + (digits[-shown:] if shown else "")


def contact_phone_for(actor: User, response: SurveyResponse) -> str | None:
    """The whole number as stored now, for the secretary alone (personal data, SPEC §2.1);
    everyone else is shown ``mask_phone``."""
    require_role(actor, Role.SECRETARY, message=PHONE_SECRETARY_ONLY)
    with storage_errors():
        return SurveyResponse.select(SurveyResponse.contact_phone).where(SurveyResponse.id == response.id).scalar()


def _main_digits(phone: str) -> int:
    return len(re.sub(r"[^0-9]", "", phone.split("#", 1)[0]))


def validate_survey_date(value: dt.date | None, today: dt.date | None = None) -> dt.date:
    return validate_entry_date(value, "問卷日期", today)


SHEETS = NumberKind(
    "本疊張數",
    "",
    MAX_SHEETS,
    "expected_sheets",
    not_whole="本疊張數請輸入數字，或留空。",
    out_of_range=f"本疊張數必須在 1 到 {MAX_SHEETS} 之間。",
    max_length=SHEETS_MAX_LENGTH,
)


def parse_sheet_count(text: str | None) -> int | None:
    """The optional number of sheets in a stack, as typed; empty means not counted."""
    text = plain_input(text, label=SHEETS.label, max_length=SHEETS.max_length, field=SHEETS.field)
    return parse_whole_number(text, SHEETS) if text else None


def validate_response(specs: list[ItemSpec], entry: ResponseInput) -> ResponseInput:
    codes = [spec.code for spec in specs]
    unknown = sorted(set(entry.answers) - set(codes))
    if unknown:
        raise ValidationError(f"問卷沒有這些題目：{'、'.join(unknown)}。", field="answers")
    missing = [code for code in codes if code not in entry.answers]
    if missing:
        raise ValidationError(
            f"還有 {len(missing)} 題沒有填：{'、'.join(missing)}。未作答請按 0，勾選二個以上請按 9。",
            field="answers",
        )
    for spec in specs:
        choice = entry.answers[spec.code]
        is_whole = isinstance(choice, int) and not isinstance(choice, bool)
        if not is_whole or (choice not in (BLANK, MULTIPLE) and not 1 <= choice <= len(spec.options)):
            raise ValidationError(f"第 {spec.code} 題的答案「{choice}」不是選項。", field="answers")
    comment = (entry.comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(f"意見最多 {COMMENT_MAX_LENGTH} 個字。", field="comment")
    phone = plain_input(entry.contact_phone, label="聯絡電話", max_length=PHONE_MAX_LENGTH, field="contact_phone")
    if phone and not entry.phone_consent:
        raise ValidationError("民眾沒有勾選同意，不能留下聯絡電話。", field="contact_phone")
    low, high = PHONE_DIGITS
    if phone and (not PHONE_PATTERN.fullmatch(phone) or not low <= _main_digits(phone) <= high):
        raise ValidationError("聯絡電話格式不正確，例如 06-2981234 或 0912345678。", field="contact_phone")
    return ResponseInput(dict(entry.answers), comment, phone, bool(phone) and entry.phone_consent)


def new_batch(actor: User, survey_date: dt.date | None, expected_sheets: int | None, today: dt.date | None = None) -> SurveyBatch:
    """A checked batch header, saved together with its first form (no empty stacks on file)."""
    survey_date = validate_survey_date(survey_date, today)
    if expected_sheets is not None:
        expected_sheets = parse_whole_number(expected_sheets, SHEETS)
    return SurveyBatch(survey_date=survey_date, expected_sheets=expected_sheets, created_by=actor)


def start_batch(actor: User, survey_date: dt.date | None, expected_sheets: int | None, today: dt.date | None = None) -> SurveyBatch:
    require_role(actor)  # every desk keys in surveys (SPEC §1)
    batch = new_batch(actor, survey_date, expected_sheets, today)
    with audited(actor, batch, "insert"):
        batch.save(force_insert=True)
    return batch


def save_response(actor: User, batch: SurveyBatch, entry: ResponseInput) -> SurveyResponse:
    require_role(actor)  # every desk keys in surveys (SPEC §1)
    questionnaire = active_questionnaire()
    specs = item_specs(questionnaire)
    entry = validate_response(specs, entry)
    response = SurveyResponse(
        batch=batch,
        questionnaire=questionnaire,
        survey_date=batch.survey_date,
        comment=entry.comment,
        contact_phone=entry.contact_phone or None,
        phone_consent=entry.phone_consent,
        created_by=actor,
    )
    unsaved_batch = batch.get_id() is None
    try:
        with storage_errors(), db.atomic():
            if unsaved_batch:
                with audited(actor, batch, "insert"):
                    batch.save(force_insert=True)
            with audited(actor, response, "insert"):
                response.save(force_insert=True)
                _write_answers(response, specs, entry.answers)
    except BaseException:
        if unsaved_batch:
            batch.id = None  # rolled back: the header is still unsaved
        raise
    return response


def correct_response(
    actor: User,
    response: SurveyResponse,
    entry: ResponseInput,
    survey_date: dt.date | None = None,
    today: dt.date | None = None,
) -> SurveyResponse:
    require_may_modify(actor, response, today)
    if response.is_voided:
        raise ValidationError("已作廢的問卷不能修改。")
    specs = item_specs(response.questionnaire)
    entry = validate_response(specs, entry)
    new_date = validate_survey_date(survey_date or response.survey_date, today)
    with audited(actor, response, "update"):
        phone = _phone_after_correction(response, entry.contact_phone)
        response.survey_date = new_date
        response.comment = entry.comment
        response.contact_phone = phone
        response.phone_consent = entry.phone_consent
        response.save()
        SurveyAnswer.delete().where(SurveyAnswer.response == response).execute()
        _write_answers(response, specs, entry.answers)
    return response


def _phone_after_correction(response: SurveyResponse, typed: str) -> str | None:
    """An erased number stays erased: the one this copy still holds (read before the erasure,
    handed back unchanged by a form) is dropped; one typed anew is refused. Read inside the
    correction's transaction."""
    erased = SurveyResponse.select(SurveyResponse.phone_erased_at).where(SurveyResponse.id == response.id).scalar()
    if erased is None or not typed:
        return typed or None
    if typed == response.contact_phone:
        return None
    raise ValidationError(PHONE_ERASED, field="contact_phone")


def _write_answers(response: SurveyResponse, specs: list[ItemSpec], answers: Mapping[str, int]) -> None:
    SurveyAnswer.insert_many(
        [{"response": response, "item": spec.id, "choice": answers[spec.code]} for spec in specs]
    ).execute()
    # By item code in the printed order, as answers_of reads them.
    response.written_answers = {spec.code: answers[spec.code] for spec in specs}


def answers_of(response: SurveyResponse) -> dict[str, int]:
    rows = (
        SurveyAnswer.select(QuestionItem.code, SurveyAnswer.choice)
        .join(QuestionItem)
        .where(SurveyAnswer.response == response)
        .order_by(QuestionItem.position)
        .tuples()
    )
    return dict(rows)


def responses_on(survey_date: dt.date) -> list[SurveyResponse]:
    """A day's forms in the order they were keyed, voided ones too; who typed each is read in
    the same query (``response.created_by.name`` asks nothing more)."""
    with storage_errors():
        return list(
            SurveyResponse.select(SurveyResponse, User.id, User.name)
            .join(User, on=SurveyResponse.created_by)
            .where(SurveyResponse.survey_date == survey_date)
            .order_by(SurveyResponse.id)
        )


def answers_for(responses: list[SurveyResponse]) -> dict[int, dict[str, int]]:
    """Answers of many responses in one query (for lists)."""
    result: dict[int, dict[str, int]] = {r.id: {} for r in responses}
    if not responses:
        return result
    rows = (
        SurveyAnswer.select(SurveyAnswer.response, QuestionItem.code, SurveyAnswer.choice)
        .join(QuestionItem)
        .where(SurveyAnswer.response.in_(list(result)))
        .order_by(SurveyAnswer.response, QuestionItem.position)
        .tuples()
    )
    with storage_errors():
        for response_id, code, choice in rows:
            result[response_id][code] = choice
    return result


@dataclass(frozen=True)
class ListedResponse:
    """One form of a day's list as the desk shows it: its place in the day (第 n 張), who
    typed it and its answers by item code."""

    response: SurveyResponse
    number: int
    typist: str
    answers: dict[str, int]

    def get_id(self) -> int:
        return self.response.id


def listed_responses(survey_date: dt.date) -> list[ListedResponse]:
    """The desk's list of a day's forms, read in two queries whatever its length."""
    responses = responses_on(survey_date)
    answers = answers_for(responses)
    return [
        ListedResponse(response, number, response.created_by.name, answers[response.id])
        for number, response in enumerate(responses, start=1)
    ]


def kept_count(batch: SurveyBatch) -> int:
    with storage_errors():
        return (
            SurveyResponse.select()
            .where(SurveyResponse.batch == batch, SurveyResponse.voided_at.is_null())
            .count()
        )


@dataclass(frozen=True)
class SurveyTally:
    """Raw counts for a period, straight from SQL: forms, and per item code {choice: count}."""

    forms: int
    choices: dict[str, dict[int, int]]


def tally(start: dt.date, end: dt.date) -> SurveyTally:
    """Count the answers of the forms dated in [start, end], voided forms left out."""
    kept = (SurveyResponse.survey_date.between(start, end)) & SurveyResponse.voided_at.is_null()
    with storage_errors():
        forms = SurveyResponse.select().where(kept).count()
        rows = (
            SurveyAnswer.select(QuestionItem.code, SurveyAnswer.choice, peewee.fn.COUNT(SurveyAnswer.id))
            .join(QuestionItem)
            .switch(SurveyAnswer)
            .join(SurveyResponse)
            .where(kept)
            .group_by(QuestionItem.code, SurveyAnswer.choice)
            .tuples()
        )
        choices: dict[str, dict[int, int]] = {}
        for code, choice, count in rows:
            choices.setdefault(code, {})[choice] = count
    return SurveyTally(forms, choices)
