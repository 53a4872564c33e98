"""PeriodFigures: a period's figures in one frozen value, and reports.figures needs no database."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from models.rocdate import Period
from models.registers.petition_kinds import PetitionFact
from reports.figures.courtesy import courtesy_summary
from reports.figures.events import EventFigure, EventKindSpec, FigureSpec, events_summary
from reports.figures.monthly import FigureRow, PairRow, monthly_summary, payment_channel_summary
from reports.figures.period import PeriodFigures
from reports.figures.petitions import petition_figures
from reports.figures.service import CategoryFigure, service_centre_summary
from reports.figures.survey import ItemTally, survey_summary
from reports.figures.training import TrainingSessionFigure, training_summary

ROOT = Path(__file__).resolve().parents[3]
FIRST_HALF_106 = Period(dt.date(2017, 1, 1), dt.date(2017, 6, 30))


def march_figures() -> PeriodFigures:
    survey = survey_summary(
        2,
        [ItemTally("D", "satisfaction", (1, 0, 1, 0, 0)), ItemTally("K", "duration", (1, 0, 0, 0, 0), blank=1)],
        labels={"D": "服務台服務", "K": "申辦案件所花費的時間"},
    )
    service = service_centre_summary(
        [CategoryFigure("A", "總機電話服務", 12), CategoryFigure("G", "中午輪值不打烊收款", 2, 3500)], 700000
    )
    march_case = PetitionFact(dt.date(2017, 3, 3), "phone", "rights", dt.date(2017, 4, 2), None, None)
    petitions = petition_figures([march_case], FIRST_HALF_106, dt.date(2017, 6, 30))
    months = ("2017-03",)
    monthly = monthly_summary(months, [FigureRow("collected_amount", "行政執行事件徵起金額", "amount", (700000,))])
    channels = payment_channel_summary(months, [PairRow("便利商店", "稅款", ((3, 4500),))])
    courtesy = courtesy_summary([90, 85], [("優", 90), ("良", 80), ("差", 0)])
    training = training_summary(
        [TrainingSessionFigure(dt.date(2017, 3, 8), "in_service", "健保分級新制度", Decimal("2.5"), "南區業務組")],
        {"in_service": "在職訓練", "e_learning": "數位學習"},
    )
    blood = EventKindSpec("捐血", (FigureSpec("人次", True), FigureSpec("cc", True)))
    events = events_summary([blood], [EventFigure(dt.date(2017, 3, 9), False, "捐血", "捐血活動", (("人次", 3), ("cc", 750)))])
    return PeriodFigures(FIRST_HALF_106, survey, service, petitions, monthly, channels, courtesy, training, events)


def test_to_json_is_the_shape_of_stats_json() -> None:
    assert march_figures().to_json() == {
        "period": {"from": "2017-01-01", "to": "2017-06-30"},
        "survey": {
            "forms": 2,
            "items": {
                "D": {"counts": [1, 0, 1, 0, 0], "blank": 0, "multiple": 0, "valid": 2, "invalid": 0,
                      "satisfaction_pct": "50.00"},
                "K": {"counts": [1, 0, 0, 0, 0], "blank": 1, "multiple": 0, "valid": 1, "invalid": 1,
                      "within_15_pct": "100.00", "share_pct": ["100.00", "0.00", "0.00", "0.00", "0.00"],
                      "average_minutes": "2.50"},
            },
            "highest": ["D"],
            "lowest": ["D"],
            "sentences": {"highest": "「服務台服務」滿意度為50.00%。", "lowest": ""},  # one item: one sentence
        },
        "service_centre": {
            "categories": {"A": {"name": "總機電話服務", "count": 12},
                           "G": {"name": "中午輪值不打烊收款", "count": 2, "amount": 3500}},
            "total": 14,
            "noon_ratio_pct": "0.50",  # 3,500 of 700,000
        },
        "monthly_figures": {
            "months": ["2017-03"],
            "figures": {"collected_amount": {"name": "行政執行事件徵起金額", "kind": "amount", "per_month": [700000],
                                             "total": 700000}},
        },
        "payment_channels": {
            "channels": {"便利商店": {"case_types": {"稅款": {"count": 3, "amount": 4500}},
                                  "subtotal": {"count": 3, "amount": 4500}}},
            "total": {"count": 3, "amount": 4500},
            "months_missing": [],
        },
        "petitions": march_figures().petitions.to_json(),  # its figures: tests/reports/figures/test_petitions.py
        "phone_courtesy": {"tests": 2, "mean_score": "87.50", "grade": "良"},
        "training": {
            "kinds": {"in_service": {"name": "在職訓練", "sessions": 1, "hours": "2.5"},
                      "e_learning": {"name": "數位學習", "sessions": 0, "hours": "0"}},
            "sessions": 1,
            "hours": "2.5",
            "list": [{"date": "2017-03-08", "kind": "in_service", "title": "健保分級新制度", "hours": "2.5", "lecturer": "南區業務組"}],
        },
        "events": {"kinds": {"捐血": {"events": 1, "figures": {"人次": 3, "cc": 750}, "list": [
            {"date": "2017-03-09", "month_only": False, "title": "捐血活動", "values": {"人次": 3, "cc": 750}},
        ]}}},
    }
    assert list(march_figures().to_json()) == [
        "period", "survey", "service_centre", "petitions", "monthly_figures", "payment_channels",
        "phone_courtesy", "training", "events",
    ]
    assert march_figures().to_json()["petitions"]["count"] == 1
    as_json = march_figures().to_json()
    assert json.loads(json.dumps(as_json, ensure_ascii=False)) == as_json


def test_the_period_figures_are_frozen_and_hashable() -> None:
    figures = march_figures()
    with pytest.raises(dataclasses.FrozenInstanceError):
        figures.period = Period(dt.date(2017, 3, 1), dt.date(2017, 3, 31))  # type: ignore[misc]
    assert figures == march_figures()
    assert hash(figures) == hash(march_figures())


def test_the_figures_need_no_database() -> None:
    """reports/figures/ is pure: importing all of it loads no storage layer and no driver.

    (peewee itself is loaded by ``models/__init__.py``, which imports it without the
    PostgreSQL drivers before anything else can; that is not a connection to anything.)"""
    probe = (
        "import importlib, json, pkgutil, sys, reports.figures; "
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(reports.figures.__path__, 'reports.figures.')]; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('playhouse', 'psycopg') "
        "or m in ('models.db', 'models.base', 'models.storage'))))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
