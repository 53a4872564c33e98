"""Satisfaction surveys: the entry desk (F1, everyone) and the secretary's figures (F4)."""
from __future__ import annotations

from models.accounts import Role
from ui.features import ALL_ROLES, Screen, lazy_screen, register_screen

register_screen(Screen(
    "survey", "問卷輸入", ALL_ROLES, 1, lazy_screen("ui.survey.desk", "SurveyDesk"),
    home_for=frozenset({Role.VOLUNTEER, Role.SECRETARY}),
))
register_screen(Screen(
    "statistics", "問卷統計", frozenset({Role.SECRETARY}), 4, lazy_screen("ui.survey.statistics_view", "StatisticsView")
))
