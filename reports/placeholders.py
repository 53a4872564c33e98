"""Computed figures inside the secretary's sentences: 「滿意度為{survey.D.satisfaction_pct}%」.

A placeholder is a figure's name in braces, optionally with a format after a colon:
``{service_centre.G.amount:億萬}`` prints 172萬9,838元, ``{…:元}`` 1,729,838元, and a bare
count 25,613. The names are the keys of ``stats --json`` with the keys that only hold a list
of named things (items, categories, figures, kinds, channels, case types) left out of the
path (``survey.items.D.satisfaction_pct`` is ``survey.D.satisfaction_pct``,
``events.kinds.法拍會.figures.人次`` is ``events.法拍會.人次``), so every figure the program
computes can be named, and a register that adds figures adds names without a line here. ``{{`` and ``}}`` are braces.
A name that is not a figure is never printed raw: ``fill`` refuses the text and names it.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from models.errors import ValidationError
from models.rocdate import format_roc
from reports.formats import NO_FIGURE, grouped, money, money_in_words

# A code or a name (D, G, line_receipts, 法拍會, 便利商店) names its item, category, figure…
COLLAPSED_KEYS = frozenset({"items", "categories", "figures", "kinds", "channels", "case_types"})
FORMATS = {"億萬": "金額（例如 172萬9,838元）", "元": "金額（例如 1,729,838元）"}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")

Values = Mapping[str, Any]


def figure_values(figures_json: Mapping[str, Any]) -> dict[str, Any]:
    """Every printable figure of ``stats --json`` by its placeholder name (lists are left out:
    they are tables, not figures of a sentence)."""
    values: dict[str, Any] = {}

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if isinstance(node, Mapping):
            for key, child in node.items():
                walk(child, path if key in COLLAPSED_KEYS else (*path, str(key)))
        elif not isinstance(node, (list, tuple)) and path:
            values[".".join(path)] = _dated(node)

    walk(figures_json, ())
    return values


def _dated(value: Any) -> Any:
    """The JSON's ISO dates (the period's bounds) as dates, to be printed in ROC form."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return dt.date.fromisoformat(value)
    return value


def _printed(value: Any, style: str) -> str:
    if value is None:
        return NO_FIGURE
    if isinstance(value, dt.date):
        return format_roc(value)
    if style == "億萬":
        return money_in_words(value)
    if style == "元":
        return money(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return grouped(value) if isinstance(value, int) else str(value)


def problems(text: str, values: Values) -> list[str]:
    """What is wrong with ``text``'s placeholders, in Chinese; empty when it can be filled."""
    found: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if token in ("{", "}"):
            found.append(f"「{token}」沒有成對（要印出大括號請打「{token * 2}」）")
            continue
        name, _, style = match.group(1).strip().partition(":")
        name, style = name.strip(), style.strip()
        if name not in values:
            found.append(f"不認得的代號「{{{name}}}」")
        elif style and style not in FORMATS:
            found.append(f"「{{{name}:{style}}}」的格式「{style}」不認得（可用：{'、'.join(FORMATS)}）")
        elif style and values[name] is not None and not isinstance(values[name], int):
            # (a sum of nothing entered is None and prints 「—」 in any style)
            found.append(f"「{{{name}:{style}}}」不是金額，不能用「{style}」格式")
    return found


def fill(text: str, values: Values) -> str:
    """``text`` with every placeholder replaced by its figure; a ValidationError naming every
    problem when a placeholder cannot be filled (nothing is printed half filled)."""
    found = problems(text, values)
    if found:
        raise ValidationError("文字裡的代號有誤：" + "；".join(found) + "。", field="text")

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name, _, style = match.group(1).strip().partition(":")
        return _printed(values[name.strip()], style.strip())

    return _TOKEN.sub(replace, text)
