"""models/ and reports/ work without Qt: importing all of them loads no PySide6 module."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys

    imported = []
    for package_name in ("models", "reports"):
        package = importlib.import_module(package_name)
        imported.append(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=package_name + "."):
            if info.name.startswith("models.migrations."):
                continue  # migration files are loaded by path by the migration runner
            importlib.import_module(info.name)
            imported.append(info.name)
    for extra in sys.argv[1:]:
        importlib.import_module(extra)
    qt = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))
    print(json.dumps({"imported": imported, "qt": qt}))
    """
)


def probe(*extra: str) -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *extra], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_models_and_reports_do_not_load_qt() -> None:
    found = probe()
    expected = {
        "models.accounts", "models.audit", "models.base", "models.db", "models.demo",
        "models.errors", "models.numbers", "models.rocdate", "models.schema", "models.seed",
        "models.settings", "models.users", "models.migrations",
        "models.survey.forms", "models.survey.kinds", "models.survey.questionnaire",
        "models.service.categories", "models.service.counts",
        "reports.statistics", "reports.figures.survey", "reports.figures.service",
    }
    assert expected <= set(found["imported"])
    assert found["qt"] == []


def test_the_probe_would_notice_qt() -> None:
    """The same probe, with one Qt widget module added, does report PySide6."""
    found = probe("ui.widgets.roc_date_edit")
    assert any(name.startswith("PySide6") for name in found["qt"])
    assert any(name.startswith("shiboken6") for name in found["qt"])


# --- ui: a widget never imports a screen; the window and the history dialog name no feature ----

# What a generic widget may use of ui/: other widgets, the look (ui.style), the one translation
# function (ui.i18n) and the one way problems are shown (ui.errors). Not ui.settings (per-PC
# preferences are a screen's business), not ui.features (a widget does not know the screens).
WIDGETS_MAY_IMPORT = ("ui.widgets", "ui.style", "ui.i18n", "ui.errors")


def imported_modules(source: str, module: str) -> list[tuple[int, str]]:
    """Every module ``source`` imports, at any depth (function-level imports too), by line;
    ``from ui import settings`` counts as ``ui.settings``, relative imports are resolved."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.rsplit(".", node.level)[0]
                base = f"{parent}.{base}" if base else parent
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def within(name: str, packages: tuple[str, ...] | set[str]) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def screen_imports(source: str, module: str) -> list[str]:
    """The ui modules outside WIDGETS_MAY_IMPORT that a widget module imports."""
    return [
        f"{module}:{line} {name}"
        for line, name in imported_modules(source, module)
        if within(name, ("ui",)) and name != "ui" and not within(name, WIDGETS_MAY_IMPORT)
    ]


def test_no_widget_imports_a_screen() -> None:
    found = []
    for path in sorted((ROOT / "ui" / "widgets").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found += screen_imports(path.read_text(encoding="utf-8"), module)
    assert found == []


def test_the_widget_check_would_notice_a_screen_import() -> None:
    planted = textwrap.dedent(
        """
        from ui.i18n import tr
        from ui.widgets.tables import readable_table
        from ui import settings, style
        from ..survey import desk

        def show(record):
            from ui.admin.history_dialog import HistoryDialog
            import ui.features
        """
    )
    assert screen_imports(planted, "ui.widgets.planted") == [
        "ui.widgets.planted:4 ui.settings",
        "ui.widgets.planted:5 ui.survey",
        "ui.widgets.planted:5 ui.survey.desk",
        "ui.widgets.planted:8 ui.admin.history_dialog",
        "ui.widgets.planted:8 ui.admin.history_dialog.HistoryDialog",
        "ui.widgets.planted:9 ui.features",
    ]


def feature_packages() -> set[str]:
    """The feature packages: every ui package that declares a screen or a window part, and
    every package under models/ (models/survey, models/service, the registers to come)."""
    from ui.features import load_features

    registry = load_features()
    declared = {s.factory.__module__ for s in registry.screens()} | {p.factory.__module__ for p in registry.parts()}
    domain = {f"models.{path.parent.name}" for path in (ROOT / "models").glob("*/__init__.py")}
    return declared | (domain - {"models.migrations"})


def audited_table_names() -> set[str]:
    from models.verify import AUDITED

    return {model._meta.table_name for model, _label in AUDITED}


def feature_mentions(source: str, module: str, features: set[str], tables: set[str]) -> list[str]:
    """Imports of a feature module, and strings naming one (or naming an audited table)."""
    found = [f"{line} {name}" for line, name in imported_modules(source, module) if within(name, features)]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if within(node.value, features) or node.value in tables:
                found.append(f"{node.lineno} {node.value!r}")
    return found


@pytest.mark.parametrize("path", ["ui/main_window.py", "ui/admin/history_dialog.py"])
def test_the_window_and_the_history_dialog_name_no_feature(path: str) -> None:
    """They ask the registry (the screens) and the models (history labels) instead of keeping lists."""
    module = path.removesuffix(".py").replace("/", ".")
    source = (ROOT / path).read_text(encoding="utf-8")
    assert feature_mentions(source, module, feature_packages(), audited_table_names()) == []


def test_the_feature_check_would_notice_a_list() -> None:
    features = feature_packages()
    assert {"ui.survey", "ui.service", "ui.admin", "models.survey", "models.service"} <= features
    planted = textwrap.dedent(
        """
        from models.service.counts import ServiceEvent
        TITLES = {"survey_response": "問卷"}

        def screens():
            import ui.survey.desk
            return importlib.import_module("ui.admin.backup_view")
        """
    )
    assert feature_mentions(planted, "ui.planted", features, audited_table_names()) == [
        "2 models.service.counts", "2 models.service.counts.ServiceEvent", "6 ui.survey.desk",
        "3 'survey_response'", "7 'ui.admin.backup_view'",
    ]
