"""The questionnaire as data: which edition is in use, and its items read once per database."""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import peewee
import pytest

from models.errors import LedgerError, ValidationError
from models.storage import open_ledger
from models.survey.questionnaire import (
    STANDARD_ITEMS,
    QuestionItem,
    QuestionOption,
    Questionnaire,
    active_questionnaire,
    item_specs,
    seed_standard_questionnaire,
)


def test_the_standard_questionnaire_is_in_use(any_database: peewee.Database) -> None:
    questionnaire = active_questionnaire()
    assert (questionnaire.title, questionnaire.edition, questionnaire.active) == ("為民服務意見調查表", "106年版", True)
    assert isinstance(questionnaire.created_at, dt.datetime)
    specs = item_specs(questionnaire)
    assert [(s.code, s.text, s.kind) for s in specs] == list(STANDARD_ITEMS)
    assert [len(s.options) for s in specs] == [5] * 11
    assert [s.id for s in specs] == [i.id for i in QuestionItem.select().order_by(QuestionItem.position)]


def test_a_new_edition_is_used_with_its_own_items(any_database: peewee.Database) -> None:
    first = active_questionnaire()
    first_specs = item_specs(first)
    newer = seed_standard_questionnaire()  # a new edition is new rows
    assert active_questionnaire().id == newer.id
    newer_specs = item_specs(active_questionnaire())
    assert [s.id for s in newer_specs] == [i.id for i in QuestionItem.select().where(QuestionItem.questionnaire == newer).order_by(QuestionItem.position)]
    assert not {s.id for s in newer_specs} & {s.id for s in first_specs}
    assert item_specs(first) == first_specs  # old forms keep the items they were answered on


def test_seeding_forgets_the_items_read_before(database: peewee.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite gives the ids of rolled-back rows out again: items read inside a seed that was
    rolled back must not stand for the rows seeded later under the same ids."""
    import models.survey.questionnaire as questionnaire_module

    with database.atomic() as transaction:
        rolled_back = seed_standard_questionnaire()
        assert item_specs(rolled_back)[0].text == STANDARD_ITEMS[0][1]
        transaction.rollback()
    reworded = (("A", "洽公環境", STANDARD_ITEMS[0][2]), *STANDARD_ITEMS[1:])
    monkeypatch.setattr(questionnaire_module, "STANDARD_ITEMS", reworded)
    seeded = seed_standard_questionnaire()
    assert seeded.id == rolled_back.id  # the case this is about
    assert item_specs(seeded)[0].text == "洽公環境"


def test_without_an_edition_in_use_nothing_is_made_up(any_database: peewee.Database) -> None:
    Questionnaire.update(active=False).execute()
    with pytest.raises(LedgerError, match="沒有使用中的問卷版本") as refused:
        active_questionnaire()
    assert isinstance(refused.value, ValidationError)


def test_each_database_opened_is_read_afresh(tmp_path: Path) -> None:
    """Items are read once per database opened: another file, or the same file opened again
    (after a restore, say), is read again."""
    path = tmp_path / "ledger.db"
    database = open_ledger(path)
    assert item_specs(active_questionnaire())[0].text == STANDARD_ITEMS[0][1]
    database.close()
    with sqlite3.connect(path) as raw:  # the file now holds other wording (as a restored copy might)
        raw.execute("UPDATE question_item SET text = '洽公環境' WHERE code = 'A'")
    raw.close()
    database = open_ledger(path)
    try:
        assert item_specs(active_questionnaire())[0].text == "洽公環境"
    finally:
        database.close()
    other = open_ledger(tmp_path / "other.db")
    try:
        assert item_specs(active_questionnaire())[0].text == STANDARD_ITEMS[0][1]
    finally:
        other.close()


def test_items_are_read_from_the_database_the_models_are_bound_to(any_database: peewee.Database, tmp_path: Path) -> None:
    """A backup looked at on a worker thread binds the models to its copy: its items are its
    own, not those read before from the database the program has open."""
    questionnaire = active_questionnaire()
    assert item_specs(questionnaire)[0].text == STANDARD_ITEMS[0][1]
    other = peewee.SqliteDatabase(str(tmp_path / "other.db"))
    models = [Questionnaire, QuestionItem, QuestionOption]
    with other.bind_ctx(models):
        other.create_tables(models)
        copy = Questionnaire.create(id=questionnaire.id, title="問卷", edition="舊版")
        QuestionItem.create(questionnaire=copy, code="A", position=1, text="洽公環境", kind=STANDARD_ITEMS[0][2])
        assert [s.text for s in item_specs(copy)] == ["洽公環境"]
    assert item_specs(questionnaire)[0].text == STANDARD_ITEMS[0][1]
    other.close()
