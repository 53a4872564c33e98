"""Service counts: the counter (F2), noon payments (F3), and the secretary's summary (F5),
month grid (F6) and categories (F7)."""
from __future__ import annotations

from models.accounts import Role
from ui.features import Screen, ScreenContext, ScreenPage, register_screen

SECRETARY = frozenset({Role.SECRETARY})


def _counter(context: ScreenContext) -> ScreenPage:
    from ui.service.counter.desk import CounterDesk  # loaded when the screen is first shown

    return CounterDesk(context.user)


def _payments(context: ScreenContext) -> ScreenPage:
    from ui.service.payments import NoonPayments

    return NoonPayments(context.user)


def _summary(context: ScreenContext) -> ScreenPage:
    from ui.service.summary import ServiceSummary

    return ServiceSummary(context.user)


def _month_grid(context: ScreenContext) -> ScreenPage:
    from ui.service.month_grid import MonthGrid

    return MonthGrid(context.user)


def _categories(context: ScreenContext) -> ScreenPage:
    from ui.service.categories_view import CategoriesView

    return CategoriesView(context.user)


register_screen(Screen(
    "counter", "計數", frozenset({Role.OPERATOR, Role.VOLUNTEER, Role.DUTY}), 2, _counter,
    home_for=frozenset({Role.OPERATOR}),
))
register_screen(Screen(
    "payments", "中午收款", frozenset({Role.DUTY, Role.SECRETARY}), 3, _payments, home_for=frozenset({Role.DUTY})
))
register_screen(Screen("summary", "服務人數", SECRETARY, 5, _summary))
register_screen(Screen("month_grid", "日誌補登", SECRETARY, 6, _month_grid))
register_screen(Screen("categories", "類別", SECRETARY, 7, _categories))
