"""Every audited model declares how its records read in a history, next to its fields."""
from __future__ import annotations

import dataclasses
import datetime as dt

import peewee
import pytest

from models.accounts import Role, User
from models.audit import STATE_ACTIONS, AuditEntry, void_record
from models.base import BaseModel
from models.labels import HistoryText, field_label, history_text, unlabelled, value_words
from models.registers.courtesy import record_courtesy_test, void_courtesy_test
from models.registers.events import add_event_kind, record_event, update_event_kind, void_event
from models.registers.monthly import MonthEntry, save_month
from models.registers.petitions import PetitionInput, register_petition, update_petition, void_petition
from models.registers.training import IN_SERVICE, correct_training, record_training
from models.report_texts import save_text
from models.schema import ALL_MODELS, model_for_table
from models.registers.followups import CallInput, FollowUp, close_follow_up, record_call
from models.service.categories import ServiceCategory, add_category, category_names, update_category
from models.service.counts import SOURCE_PAYMENT, ServiceEvent, correct_payment, record_payment, record_press
from models.settings import BACKUPS_KEPT, set_settings
from models.survey.forms import ResponseInput, SurveyResponse, correct_response, save_response, start_batch
from models.users import create_user, update_user
from models.verify import AUDITED

ANSWERS = {code: 1 for code in "ABCDEFGHIJK"}


@pytest.fixture
def trail(secretary: User) -> list[AuditEntry]:
    """One record of every audited table, added and changed through the domain."""
    volunteer = create_user(secretary, "陳志工", Role.VOLUNTEER)
    update_user(secretary, volunteer, name="陳大志", role=Role.OPERATOR, active=False)
    set_settings(secretary, {BACKUPS_KEPT: "20"})
    batch = start_batch(secretary, dt.date(2017, 3, 1), 5)
    response = save_response(secretary, batch, ResponseInput(ANSWERS, "很好", "0912345678", True))
    correct_response(secretary, response, ResponseInput({**ANSWERS, "C": 2}, comment="說明清楚"))
    void_record(secretary, SurveyResponse.get_by_id(response.id), "重複")
    void_record(secretary, batch, "整疊重複")
    category = add_category(secretary, "臨時類別", roles=[Role.DUTY], shortcut="k")
    update_category(secretary, category, name="臨時服務", roles=[Role.DUTY, Role.OPERATOR], shortcut="", active=False)
    payment = record_payment(secretary, 1500, "R1")
    correct_payment(secretary, payment, 2000, "R2")
    record_press(secretary, ServiceCategory.get(ServiceCategory.code == "C"))
    case = PetitionInput(dt.date(2017, 3, 1), "phone", "rights", "查封車輛的發還", mailbox="public", confidential=True)
    petition = register_petition(secretary, case)
    update_petition(secretary, petition, dataclasses.replace(case, closed_on=dt.date(2017, 3, 3), reply_satisfaction="fair"))
    void_petition(secretary, petition, "重複登記")
    march = dt.date(2017, 3, 1)
    save_month(secretary, march, MonthEntry({"website_visitors": "16,000"}, {"store_tax": ("700", "3,100,000")}))
    save_month(secretary, march, MonthEntry({"website_visitors": ""}, {"store_tax": ("701", "3,100,500")}))
    test = record_courtesy_test(secretary, dt.date(2017, 3, 1), "總機", 92)
    void_courtesy_test(secretary, test, "重複")
    training = record_training(secretary, dt.date(2017, 3, 1), IN_SERVICE, "員工協助", "1", "吳惠婷")
    correct_training(secretary, training, dt.date(2017, 3, 1), IN_SERVICE, "員工協助", "1.5", "吳惠婷")
    kind = add_event_kind(secretary, "社區關懷", [("人次", "count")])
    update_event_kind(secretary, kind, "社區關懷", [("人次", "count"), ("地點", "text")])
    event = record_event(secretary, kind, dt.date(2017, 3, 1), "關懷", {"人次": 3, "地點": "安平"})
    void_event(secretary, event, "重複")
    unhappy_form = ResponseInput({**ANSWERS, "C": 4}, "", "0912345678", True)
    unhappy = save_response(secretary, start_batch(secretary, dt.date(2017, 3, 1), None), unhappy_form)
    record_call(secretary, unhappy, CallInput(dt.date(2017, 3, 2), "等太久"))
    closed = close_follow_up(secretary, unhappy, CallInput(dt.date(2017, 3, 2), "等太久", "已加派人手"))  # the phone erased too
    void_record(secretary, FollowUp.get_by_id(closed.follow_up.id), "記錯問卷")
    save_text(secretary, "106H1", "basic.consistency.1", "本分署秉持「{survey.forms}」份問卷")
    save_text(secretary, "106H1", "basic.consistency.1", "本分署秉持依法行政")
    return list(AuditEntry.select().where(AuditEntry.action.in_(sorted(STATE_ACTIONS))))


def test_every_audited_model_declares_a_label_for_every_key_its_history_shows(trail: list[AuditEntry]) -> None:
    seen: set[str] = set()
    for entry in trail:
        model = model_for_table(entry.table_name)
        assert model is not None, entry.table_name
        keys = set(entry.before or {}) | set(entry.after or {})
        assert unlabelled(model, keys) == [], entry.table_name
        seen.add(entry.table_name)
    assert seen == {model._meta.table_name for model, _label in AUDITED}  # the trail covered every one


@pytest.mark.parametrize("model, clerk_word", AUDITED, ids=[model.__name__ for model, _ in AUDITED])
def test_every_audited_model_declares_its_history(model: type[BaseModel], clerk_word: str) -> None:
    text = history_text(model)
    assert isinstance(text, HistoryText)
    assert text.title == clerk_word  # the audit check names the table the same way
    assert unlabelled(model, model._meta.fields) == []  # every column, the ones no form shows too
    declared = set(model._meta.fields) | set(text.extra_labels)
    named = set(text.summary) | text.numbers | text.word_lists | text.itemised | set(text.names)
    assert named <= declared  # no declaration names a key the record does not have
    assert all(value_words(model, key) for key in text.word_lists)  # a list of words needs the words


def test_the_check_would_notice_an_unlabelled_field(database: peewee.Database) -> None:
    class Planted(BaseModel):
        day = peewee.DateField(verbose_name="日期")
        typed = peewee.CharField()

        history_text = HistoryText("種下的", summary=("day", "typed"), extra_labels={"answers": "答案"})

    assert unlabelled(Planted, ["id", "day", "typed", "answers", "secret"]) == ["typed", "secret"]
    assert history_text(Planted).title == "種下的" and history_text(None) is None
    assert field_label(Planted, "answers") == "答案" and field_label(Planted, "typed") is None


def test_words_come_from_the_fields_choices() -> None:
    assert value_words(User, "role")[Role.VOLUNTEER.value] == "志工"
    assert value_words(ServiceEvent, "source")[SOURCE_PAYMENT] == "收款"
    assert value_words(ServiceEvent, "count") == {}


def test_category_names_include_the_retired(secretary: User) -> None:
    category = add_category(secretary, "臨時類別", roles=[Role.DUTY])
    update_category(secretary, category, name="臨時類別", roles=[Role.DUTY], shortcut="", active=False)
    names = category_names()
    assert names[category.id] == f"{category.code} 臨時類別"
    assert names[ServiceCategory.get(ServiceCategory.code == "G").id] == "G 中午輪值不打烊收款"


def test_model_for_table_finds_each_table_and_nothing_else() -> None:
    assert all(model_for_table(model._meta.table_name) is model for model in ALL_MODELS)
    assert model_for_table("no_such_table") is None
