"""How an audited record reads to a person: declared by its model, read by the history.

Each audited model names its fields with peewee's own field metadata, next to the field:
``verbose_name`` is what a clerk calls it (「金額」) and ``choices`` the words for its stored
values (``"payment"`` → 「收款」). What a field cannot say, the model says once in a
``history_text = HistoryText(...)`` beside its fields: the table's name, which keys sum up a
new record, which numbers take thousands separators, which stored ids are shown by name.
The history dialog knows no table; a new register declares its own and is read the same way.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import peewee


@dataclass(frozen=True)
class HistoryText:
    title: str  # the table as a clerk calls it: 「服務紀錄」
    summary: tuple[str, ...]  # the keys a new (or deleted) record is summed up by, in this order
    extra_labels: Mapping[str, str] = field(default_factory=dict)  # snapshot keys that are no column
    itemised: frozenset[str] = frozenset()  # mappings whose changes are listed entry by entry (C：2 → 1)
    numbers: frozenset[str] = frozenset()  # shown with thousands separators: 1,500
    word_lists: frozenset[str] = frozenset()  # comma-separated values, each read through the field's choices
    # key → what names its stored ids (a service record's category: 「G 中午輪值不打烊收款」)
    names: Mapping[str, Callable[[], Mapping[Any, str]]] = field(default_factory=dict)
    vocabularies: Mapping[str, Vocabulary] = field(default_factory=dict)  # itemised key → its words


@dataclass(frozen=True)
class EntryWords:
    """How one entry of an itemised mapping reads: 「C 電話禮貌」 and the words of its values."""

    label: str
    values: Mapping[Any, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Vocabulary:
    """The words of an itemised mapping's entries, which depend on an edition: a picture's
    ``selector`` key names it (a form's questionnaire), and ``load`` reads every edition's
    words at once (edition → code → words), once for the entries shown together."""

    selector: str
    load: Callable[[], Mapping[Any, Mapping[str, EntryWords]]]


def history_text(model: type[peewee.Model] | None) -> HistoryText | None:
    """The model's declaration; None for a model that declares none (it is not audited)."""
    return getattr(model, "history_text", None) if model is not None else None


def field_label(model: type[peewee.Model], key: str) -> str | None:
    """What the model calls a key of its snapshot, or None when it does not say."""
    column = model._meta.fields.get(key)
    if column is not None and column.verbose_name:
        return column.verbose_name
    text = history_text(model)
    return text.extra_labels.get(key) if text is not None else None


def value_words(model: type[peewee.Model], key: str) -> Mapping[Any, str]:
    """The words for a field's stored values (its ``choices``); empty when it has none."""
    column = model._meta.fields.get(key)
    return dict(column.choices) if column is not None and column.choices else {}


def reference_names(model: type[peewee.Model]) -> dict[str, Mapping[Any, str]]:
    """For each key the model shows by name: stored id → name (one query per key)."""
    text = history_text(model)
    return {key: names() for key, names in text.names.items()} if text is not None else {}


def entry_vocabularies(model: type[peewee.Model]) -> dict[str, Mapping[Any, Mapping[str, EntryWords]]]:
    """For each itemised key the model gives words: edition → code → words (one read per key)."""
    text = history_text(model)
    return {key: vocabulary.load() for key, vocabulary in text.vocabularies.items()} if text is not None else {}


def unlabelled(model: type[peewee.Model], keys: Iterable[str]) -> list[str]:
    """The keys (of a snapshot) the model gives no label, its primary key aside."""
    primary = model._meta.primary_key.name
    return [key for key in keys if key != primary and field_label(model, key) is None]
