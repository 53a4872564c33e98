"""Placeholders in the secretary's text, filled from the demo's own 106H1 figures."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.errors import ValidationError
from reports.placeholders import figure_values, fill, problems

STATS = json.loads((Path(__file__).parents[1] / "data" / "stats_106H1.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def values() -> dict:
    return figure_values(STATS)


def test_names_follow_stats_json_without_the_item_lists(values: dict) -> None:
    assert values["survey.forms"] == 166
    assert values["survey.D.satisfaction_pct"] == "98.18"  # the reference's 服務台服務
    assert values["survey.K.average_minutes"] == "7.90"
    assert values["service_centre.G.amount"] == 1729838
    assert values["service_centre.G.name"] == "中午輪值不打烊收款"
    assert "survey.items.D.satisfaction_pct" not in values
    assert not any(isinstance(value, list) for value in values.values())


@pytest.mark.parametrize(
    "text, filled",
    [
        ("「服務台服務」滿意度為{survey.D.satisfaction_pct}%。", "「服務台服務」滿意度為98.18%。"),
        ("計回收{survey.forms}人次", "計回收166人次"),
        ("收款{service_centre.G.amount:億萬}", "收款172萬9,838元"),
        ("收款{ service_centre.G.amount : 元 }", "收款1,729,838元"),
        ("共{service_centre.G.count}人次", f"共{STATS['service_centre']['categories']['G']['count']:,}人次"),
        ("大括號{{照印}}", "大括號{照印}"),
        ("沒有代號的文字", "沒有代號的文字"),
        ("統計期間{period.from}至{period.to}", "統計期間106/01/01至106/06/30"),  # ROC dates, as the report prints them
    ],
)
def test_fill(values: dict, text: str, filled: str) -> None:
    assert fill(text, values) == filled


@pytest.mark.parametrize(
    "text, message",
    [
        ("{survey.Z.satisfaction_pct}", "不認得的代號「{survey.Z.satisfaction_pct}」"),
        ("{}", "不認得的代號「{}」"),
        ("滿意度{survey.D.satisfaction_pct", "「{」沒有成對"),
        ("滿意度}", "「}」沒有成對"),
        ("{service_centre.G.amount:萬}", "格式「萬」不認得"),
        ("{survey.D.satisfaction_pct:億萬}", "不是金額"),
    ],
)
def test_a_broken_placeholder_is_named_and_nothing_is_printed(values: dict, text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("{", r"\{").replace("}", r"\}")) as caught:
        fill(text, values)
    assert caught.value.field == "text"


def test_every_problem_is_listed_at_once(values: dict) -> None:
    assert problems("{a} {survey.forms} {b}", values) == ["不認得的代號「{a}」", "不認得的代號「{b}」"]


def test_a_missing_figure_prints_a_dash() -> None:
    assert fill("{survey.D.satisfaction_pct}", {"survey.D.satisfaction_pct": None}) == "—"


def test_a_missing_amount_prints_a_dash_in_any_money_style() -> None:
    """A sum of months nobody entered is null: 「—」, not a refusal of the secretary's text."""
    values = {"monthly_figures.collected_amount.total": None}
    assert fill("徵起{monthly_figures.collected_amount.total:億萬}", values) == "徵起—"
    assert problems("{monthly_figures.collected_amount.total:元}", values) == []
