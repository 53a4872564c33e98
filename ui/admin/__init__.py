"""The secretary's administration: users (F8), settings (F9), backups (F10), and the daily
backup and audit check that runs for the whole window (its result on a line above every
screen). The history dialog opened from record lists lives here too."""
from __future__ import annotations

from PySide6.QtCore import QObject

from models.accounts import Role
from ui.features import (
    PartDeclaration,
    Screen,
    ScreenContext,
    ScreenPage,
    WindowPart,
    lazy_screen,
    register_part,
    register_screen,
)

SECRETARY = frozenset({Role.SECRETARY})


def _backup(context: ScreenContext) -> ScreenPage:
    from ui.admin.backup_view import BackupView, DailyCheck  # loaded when the screen is first shown

    return BackupView(context.user, daily=context.part(DailyCheck), switch_user=context.switch_user)


def _daily_check(window: QObject) -> WindowPart:
    from ui.admin.backup_view import DailyCheck

    return DailyCheck(window)


register_screen(Screen("users", "使用者", SECRETARY, 8, lazy_screen("ui.admin.users_view", "UsersView")))
register_screen(Screen("settings", "設定", SECRETARY, 9, lazy_screen("ui.admin.settings_view", "SettingsView")))
register_screen(Screen("backup", "備份", SECRETARY, 10, _backup))
register_part(PartDeclaration("daily_check", _daily_check))
