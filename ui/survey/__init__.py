"""Satisfaction surveys: the entry desk (F1, everyone) and the secretary's figures (F4)."""
from __future__ import annotations

from models.accounts import Role
from ui.features import ALL_ROLES, Screen, ScreenContext, ScreenPage, register_screen


def _desk(context: ScreenContext) -> ScreenPage:
    from ui.survey.desk import SurveyDesk  # loaded when the screen is first shown

    return SurveyDesk(context.user)


def _statistics(context: ScreenContext) -> ScreenPage:
    from ui.survey.statistics_view import StatisticsView

    return StatisticsView(context.user)


register_screen(Screen("survey", "問卷輸入", ALL_ROLES, 1, _desk, home_for=frozenset({Role.VOLUNTEER, Role.SECRETARY})))
register_screen(Screen("statistics", "問卷統計", frozenset({Role.SECRETARY}), 4, _statistics))
