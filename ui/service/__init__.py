"""Service counts: the counter (F2), noon payments (F3), and the secretary's summary (F5),
month grid (F6) and categories (F7)."""
from __future__ import annotations

from models.accounts import Role
from ui.features import Screen, ScreenContext, ScreenPage, lazy_screen, register_screen

SECRETARY = frozenset({Role.SECRETARY})


def _counter(context: ScreenContext) -> ScreenPage:
    from ui.service.counter.desk import CounterDesk  # loaded when the screen is first shown

    return CounterDesk(context.user, switch_user=context.switch_user)  # F12 in its compact window


register_screen(Screen(
    "counter", "計數", frozenset({Role.OPERATOR, Role.VOLUNTEER, Role.DUTY}), 2, _counter,
    home_for=frozenset({Role.OPERATOR}),
))
register_screen(Screen(
    "payments", "中午收款", frozenset({Role.DUTY, Role.SECRETARY}), 3, lazy_screen("ui.service.payments", "NoonPayments"),
    home_for=frozenset({Role.DUTY}),
))
register_screen(Screen("summary", "服務人數", SECRETARY, 5, lazy_screen("ui.service.summary", "ServiceSummary")))
register_screen(Screen("month_grid", "日誌補登", SECRETARY, 6, lazy_screen("ui.service.month_grid", "MonthGrid")))
register_screen(Screen("categories", "類別", SECRETARY, 7, lazy_screen("ui.service.categories_view", "CategoriesView")))
