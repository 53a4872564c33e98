"""The paper questionnaire as data: items, their options and their printed order.

A new edition of the form is new rows, not new code; old responses keep pointing at the
items they were answered on.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass

import peewee

from models.base import BaseModel, PreparedQuery, bound_database, now
from models.db import storage_errors
from models.errors import ValidationError
from models.survey.kinds import DURATION, SATISFACTION

SATISFACTION_OPTIONS = ("非常滿意", "滿意", "無意見", "不滿意", "非常不滿意")
DURATION_OPTIONS = ("5分鐘以內", "5至15分鐘以內", "15至30分鐘以內", "30至60分鐘以內", "60分鐘以上")
# The options of the standard edition whose answer puts a form on the follow-up list (SPEC §2.1);
# stored on each option (QuestionOption.follow_up), so another edition says its own.
FOLLOW_UP_OPTIONS = frozenset({"不滿意", "非常不滿意"})

# The 為民服務意見調查表 in use since 106年 (SPEC §2.1): (code, text, kind).
STANDARD_ITEMS = (
    ("A", "洽公環境滿意度及環境整潔及綠化、美化情形", SATISFACTION),
    ("B", "本分署服務設備、引導標示是否清楚", SATISFACTION),
    ("C", "電話禮貌", SATISFACTION),
    ("D", "服務台服務", SATISFACTION),
    ("E", "本分署機關網站提供資訊情形", SATISFACTION),
    ("F", "行政執行事件有關規定獲知管道", SATISFACTION),
    ("G", "承辦人的服務態度", SATISFACTION),
    ("H", "申請案件時，承辦人員對規定解說是否詳細", SATISFACTION),
    ("I", "承辦人的問題回應正確率", SATISFACTION),
    ("J", "申辦案件的流程及速度", SATISFACTION),
    ("K", "申辦案件所花費的時間", DURATION),
)
STANDARD_TITLE = "為民服務意見調查表"


class Questionnaire(BaseModel):
    title = peewee.CharField(max_length=100)
    edition = peewee.CharField(max_length=40)
    active = peewee.BooleanField(default=True)
    created_at = peewee.DateTimeField(default=now)


class QuestionItem(BaseModel):
    questionnaire = peewee.ForeignKeyField(Questionnaire, backref="items", on_delete="RESTRICT")
    code = peewee.CharField(max_length=8)
    position = peewee.IntegerField()
    text = peewee.CharField(max_length=200)
    kind = peewee.CharField(max_length=16)

    class Meta:
        indexes = ((("questionnaire", "code"), True),)


class QuestionOption(BaseModel):
    item = peewee.ForeignKeyField(QuestionItem, backref="options", on_delete="RESTRICT")
    position = peewee.IntegerField()  # 1 = leftmost on paper = key 1
    label = peewee.CharField(max_length=40)
    follow_up = peewee.BooleanField(default=False)  # an answer with this option asks for a call back

    class Meta:
        indexes = ((("item", "position"), True),)


@dataclass(frozen=True)
class ItemSpec:
    """A read-only view of one question, handy for forms and reports."""

    id: int
    code: str
    text: str
    kind: str
    options: tuple[str, ...]


# Read for every saved form: which edition is in use is the database's to say, not this PC's.
_ACTIVE = PreparedQuery(
    lambda: Questionnaire.select().where(Questionnaire.active).order_by(Questionnaire.id.desc()).limit(1)
)


def active_questionnaire() -> Questionnaire:
    with storage_errors():
        questionnaire = _ACTIVE.first()
    if questionnaire is None:
        # Set-up data gone (a hand-edited or half-restored file): the clerk cannot fix it here.
        raise ValidationError("沒有使用中的問卷版本，請洽研考。")
    return questionnaire


# A questionnaire's items are set-up data: the program writes them only when it seeds a new
# database (a new edition of the form is a new questionnaire, never changed rows, and answers
# hold on to their items). So they are read once per questionnaire and database opened, not on
# every saved form; a database opened again, another file or a restored copy is another
# Database object, and seeding forgets what was read before. The key is the database the
# models are bound to (a backup looked at on a worker thread binds them to its copy).
_SPECS: weakref.WeakKeyDictionary[peewee.Database, dict[int, tuple[ItemSpec, ...]]] = weakref.WeakKeyDictionary()


def item_specs(questionnaire: Questionnaire) -> list[ItemSpec]:
    known = _SPECS.setdefault(bound_database(QuestionItem), {})
    specs = known.get(questionnaire.id)
    if specs is None:
        with storage_errors():
            specs = tuple(_item_specs(questionnaire))
        known[questionnaire.id] = specs
    return list(specs)


def forget_item_specs() -> None:
    """After the questionnaire tables were written: read the items again when next asked."""
    _SPECS.pop(bound_database(QuestionItem), None)


def _item_specs(questionnaire: Questionnaire) -> list[ItemSpec]:
    items = list(
        QuestionItem.select()
        .where(QuestionItem.questionnaire == questionnaire)
        .order_by(QuestionItem.position)
    )
    options: dict[int, list[str]] = {item.id: [] for item in items}
    for option in (
        QuestionOption.select()
        .where(QuestionOption.item.in_([item.id for item in items]))
        .order_by(QuestionOption.item, QuestionOption.position)
    ):
        options[option.item_id].append(option.label)
    return [ItemSpec(i.id, i.code, i.text, i.kind, tuple(options[i.id])) for i in items]


def seed_standard_questionnaire() -> Questionnaire:
    forget_item_specs()  # ids of a seed rolled back may come again with other rows
    questionnaire = Questionnaire.create(title=STANDARD_TITLE, edition="106年版")
    for position, (code, text, kind) in enumerate(STANDARD_ITEMS, start=1):
        item = QuestionItem.create(
            questionnaire=questionnaire, code=code, position=position, text=text, kind=kind
        )
        labels = DURATION_OPTIONS if kind == DURATION else SATISFACTION_OPTIONS
        asks = kind == SATISFACTION  # a long wait (60分鐘以上) is not a complaint to call back about
        QuestionOption.insert_many(
            [
                {"item": item, "position": p, "label": label, "follow_up": asks and label in FOLLOW_UP_OPTIONS}
                for p, label in enumerate(labels, start=1)
            ]
        ).execute()
    return questionnaire
