"""Features declare their screens; the window builds each from the registry when first shown."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from models.accounts import Role, User
from models.users import create_user
from tests.ui.message_boxes import AnsweredBoxes
from ui.features import (
    ALL_ROLES,
    Registry,
    Screen,
    ScreenContext,
    WindowPart,
    feature_packages,
    load_features,
)
from ui.main_window import MainWindow
from ui.settings import DEFAULT_FONT_POINT_SIZE
from ui.style import apply_app_font

# What every role has: (key, F-key) in bar order, and home (the secretary's 成果報告 came later, on F2).
EXPECTED = {
    Role.VOLUNTEER: ([("survey", 1), ("counter", 2)], "survey"),
    Role.OPERATOR: ([("survey", 1), ("counter", 2)], "counter"),
    Role.DUTY: ([("survey", 1), ("counter", 2), ("payments", 3)], "payments"),
    Role.SECRETARY: (
        [("survey", 1), ("report", 2), ("payments", 3), ("statistics", 4), ("summary", 5), ("month_grid", 6),
         ("categories", 7), ("users", 8), ("settings", 9), ("backup", 10), ("registers", 11)],
        "survey",
    ),
}


def placeholder(context: ScreenContext) -> QLabel:
    return QLabel(context.user.name)


def screen(key: str, function_key: int, roles=ALL_ROLES, home_for=frozenset()) -> Screen:
    return Screen(key, key, frozenset(roles), function_key, placeholder, home_for=frozenset(home_for))


# ------------------------------------------------------------------------------- the registry


@pytest.mark.parametrize("role", list(Role))
def test_each_role_has_the_screens_keys_and_home_it_had(role: Role) -> None:
    registry = load_features()
    screens, home = EXPECTED[role]
    assert [(s.key, s.function_key) for s in registry.screens_for(role)] == screens
    assert registry.home_for(role).key == home


def test_every_declared_screen_belongs_to_a_feature_package() -> None:
    """The window's own modules declare nothing: each factory lives in a ui feature package."""
    packages = set(feature_packages())
    for declared in load_features().screens():
        assert declared.factory.__module__ in packages - {"ui.widgets", "ui.login"}, declared.key


@pytest.mark.parametrize(
    "second, message",
    [
        (screen("one", 5), "declared twice"),
        (screen("two", 1), "F1 already opens 'one'"),
        (screen("three", 12), "F12 is not one of F1–F11"),
        (screen("four", 0), "F0 is not one of F1–F11"),
        (screen("five", 5, roles={Role.DUTY}, home_for={Role.VOLUNTEER}), "home to a role that does not have it"),
    ],
)
def test_the_registry_refuses_a_clash(second: Screen, message: str) -> None:
    registry = Registry()
    registry.add_screen(screen("one", 1))
    with pytest.raises(ValueError, match=message):
        registry.add_screen(second)
    assert [s.key for s in registry.screens()] == ["one"]


def test_a_key_opens_one_screen_per_role() -> None:
    """Roles that share no screen may each have a screen on the same key: the counter's F2 and
    a secretary's screen to come; two screens of one role may not."""
    registry = Registry()
    registry.add_screen(screen("counter", 2, roles={Role.OPERATOR, Role.VOLUNTEER, Role.DUTY}))
    registry.add_screen(screen("report", 2, roles={Role.SECRETARY}))
    assert [s.key for s in registry.screens_for(Role.SECRETARY)] == ["report"]
    assert [s.key for s in registry.screens_for(Role.DUTY)] == ["counter"]
    with pytest.raises(ValueError, match="F2 already opens 'counter'"):
        registry.add_screen(screen("payments", 2, roles={Role.DUTY, Role.SECRETARY}))


def test_a_role_needs_exactly_one_start_screen() -> None:
    registry = Registry()
    registry.add_screen(screen("a", 2, home_for={Role.DUTY}))
    registry.add_screen(screen("b", 1, home_for={Role.DUTY}))
    registry.add_screen(screen("c", 3))
    assert [s.key for s in registry.screens_for(Role.DUTY)] == ["b", "a", "c"]  # F-key order
    with pytest.raises(ValueError, match="2 start screens"):
        registry.home_for(Role.DUTY)
    with pytest.raises(ValueError, match="0 start screens"):
        registry.home_for(Role.VOLUNTEER)


def test_feature_packages_finds_a_new_package_without_a_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "planted_ui"
    for name in ("", "registers", "exchange"):
        (root / name).mkdir(parents=True, exist_ok=True)
        (root / name / "__init__.py").write_text("")
    (root / "loose_module.py").write_text("")  # a module is not a feature package
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "planted_ui", raising=False)
    assert list(feature_packages("planted_ui")) == ["planted_ui.exchange", "planted_ui.registers"]


def test_a_context_gives_the_window_part_of_a_kind(qtbot: QtBot, secretary: User) -> None:
    class Other(WindowPart):
        pass

    owner = QObject()
    part = WindowPart(owner)
    context = ScreenContext(secretary, lambda: None, (part,))
    assert context.part(WindowPart) is part
    assert context.part(Other) is None


# ------------------------------------------------------------------------- building on first show


def make_window(qtbot: QtBot, user: User) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.log_in(user)
    return window


def built(window: MainWindow) -> list[str]:
    assert window.workspace is not None
    return sorted(window.workspace.screens[index].key for index in window.workspace.pages)


def test_logging_in_builds_only_the_start_screen(qtbot: QtBot, secretary: User) -> None:
    window = make_window(qtbot, secretary)
    assert built(window) == ["survey"]
    assert window.workspace.stack.count() == 1
    keys = [s.key for s in window.workspace.screens]
    window.workspace.shortcuts[keys.index("statistics")].activated.emit()  # F4
    statistics = window.workspace.stack.currentWidget()
    assert built(window) == ["statistics", "survey"]
    assert window.workspace.buttons.checkedId() == keys.index("statistics")
    window.workspace.shortcuts[keys.index("survey")].activated.emit()
    window.workspace.shortcuts[keys.index("statistics")].activated.emit()
    assert window.workspace.stack.currentWidget() is statistics  # built once, shown again
    assert window.workspace.stack.count() == 2


def test_the_operator_starts_on_the_counter_without_building_the_survey_desk(qtbot: QtBot, secretary: User) -> None:
    window = make_window(qtbot, create_user(secretary, "總機甲", Role.OPERATOR))
    assert built(window) == ["counter"]
    assert window.workspace.stack.currentWidget() is window.workspace.screen_widget("counter")


@pytest.mark.parametrize("role", list(Role))
def test_every_screen_of_every_role_builds_and_fits_1366_pixels(qtbot: QtBot, secretary: User, role: Role) -> None:
    """Built one by one now, each screen must still fit the window the bar was sized for."""
    user = secretary if role is Role.SECRETARY else create_user(secretary, "某某", role)
    app = QApplication.instance()
    saved = app.font()
    apply_app_font(app, DEFAULT_FONT_POINT_SIZE)  # the size the program starts with
    try:
        window = make_window(qtbot, user)
        for index, declared in enumerate(window.workspace.screens):
            window.workspace.show_screen(index)
            page = window.workspace.stack.currentWidget()
            assert page is window.workspace.screen_widget(declared.key)
            assert page.minimumSizeHint().width() <= 1366 - 16, declared.key
        assert window.workspace.minimumSizeHint().width() <= 1366 - 16
        assert built(window) == sorted(s.key for s in window.workspace.screens)
    finally:
        app.setFont(saved)


def test_a_screen_that_fails_to_build_leaves_the_shown_screens_button_lit(
    qtbot: QtBot, secretary: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server is gone when F4 is first pressed: 問卷輸入 stays, its button stays lit, and
    the problem reaches the user as every problem in a slot does (ui.errors' hook)."""
    from dataclasses import replace

    from models.errors import StorageError
    from ui.errors import install_crash_handler

    def server_gone(context: ScreenContext) -> QLabel:
        raise StorageError("無法連線到資料庫伺服器")

    boxes = AnsweredBoxes().install(monkeypatch)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_crash_handler()
    window = make_window(qtbot, secretary)
    workspace = window.workspace
    keys = [s.key for s in workspace.screens]
    survey, statistics = keys.index("survey"), keys.index("statistics")
    workspace.screens[statistics] = replace(workspace.screens[statistics], factory=server_gone)
    shown = workspace.stack.currentWidget()
    workspace.shortcuts[statistics].activated.emit()  # F4, as if its button were pressed
    assert boxes.said == [("資料庫無法使用", "無法連線到資料庫伺服器", QMessageBox.Icon.Warning)]
    assert workspace.stack.currentWidget() is shown
    assert workspace.buttons.checkedId() == survey
    assert built(window) == ["survey"]


LOGIN_PROBE = """
import json, sys
from ui.app import create_application
from models.storage import open_ledger
from models.users import create_first_secretary
app = create_application()
database = open_ledger(sys.argv[1])
secretary = create_first_secretary("研考", "246813", "246813")
from ui.main_window import MainWindow
window = MainWindow()
window.show()
window.log_in(secretary)
app.processEvents()
screens = [s.factory.screen_module for s in window.workspace.screens if hasattr(s.factory, "screen_module")]
print(json.dumps({"screens": screens, "loaded": [m for m in screens + ["ui.admin.backup_view"] if m in sys.modules]}))
"""


def test_logging_in_imports_the_start_screens_module_alone(tmp_path: Path) -> None:
    """In a fresh interpreter: the secretary's other nine screens' modules wait for their F-key."""
    import json
    import os
    import subprocess

    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", LOGIN_PROBE, str(tmp_path / "ledger.db")], cwd=root, capture_output=True, text=True,
        timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(figures["screens"]) == 10  # every screen of the secretary's but 備份 is lazy_screen's
    assert figures["loaded"] == ["ui.survey.desk"]
