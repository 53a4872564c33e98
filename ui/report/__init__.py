"""The report window (成果報告, 研考, F2): the period's report previewed, printed and saved."""
from __future__ import annotations

from models.accounts import Role
from ui.features import Screen, lazy_screen, register_screen

# F2 is the counter's for everyone else: the secretary has no counter.
register_screen(Screen("report", "成果報告", frozenset({Role.SECRETARY}), 2, lazy_screen("ui.report.window", "ReportWindow")))
