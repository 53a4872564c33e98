"""models/ and reports/ work without Qt: importing all of them loads no PySide6 module."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

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
