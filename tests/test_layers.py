"""models/ and reports/ work without Qt, and their import graph has no cycle and no hidden import."""
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


# --- the import graph of models/ and reports/ ------------------------------------------------
#
# Read from the source (ast), not by importing: what a module imports when it is loaded is the
# graph a cycle lives in; an import inside a function is loaded later and can hide a cycle,
# so none is allowed in models/ and reports/. The numbered migration scripts are not modules
# of the graph (nothing imports them; the migration runner executes each by path when it is
# pending), so they are left out.

LAYERS = ("models", "reports")
# An import that must stay inside a function, with the reason; empty: none has to.
LAZY_ALLOWED: dict[tuple[str, str], str] = {}
# What the storage leaf may import of the program: the errors it raises and nothing else.
LEAF_MAY_IMPORT = {"models.db": {"models.errors", "models.text"}}


def layer_sources(root: Path = ROOT) -> dict[str, str]:
    found = {}
    for package in LAYERS:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[:2] == ("models", "migrations") and parts[-1] != "__init__":
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path.read_text(encoding="utf-8")
    return found


def _is_type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _imported(node: ast.Import | ast.ImportFrom, module: str, known: set[str]) -> list[str]:
    """The program's modules an import statement loads (``from models import backup`` is
    models.backup); other packages are left out."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:  # relative: from the importing module's package
            package = module if module in _packages(known) else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}" if base else package
        names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
    return sorted({name for name in names if name.split(".")[0] in LAYERS})


def _packages(known: set[str]) -> set[str]:
    return {name.rsplit(".", 1)[0] for name in known if "." in name}


def imports_of(module: str, source: str, known: set[str]) -> tuple[set[str], list[tuple[int, str]]]:
    """(what the module imports when it is loaded, [(line, module) imported inside a function])."""
    loaded: set[str] = set()
    in_functions: list[tuple[int, str]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if _is_type_checking(node):
            return  # never run: names for the type checker only
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for name in _imported(node, module, known):
                if in_function:
                    in_functions.append((node.lineno, name))
                else:
                    loaded.add(name)
        for child in ast.iter_child_nodes(node):
            visit(child, in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(ast.parse(source), False)
    return loaded - {module}, in_functions


def import_graph(sources: dict[str, str]) -> dict[str, set[str]]:
    known = set(sources)
    return {module: imports_of(module, source, known)[0] for module, source in sources.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path that ends where it starts, or None."""
    done: set[str] = set()
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        if node in path:
            return path[path.index(node):] + [node]
        if node in done:
            return None
        path.append(node)
        for target in sorted(graph.get(node, ())):
            cycle = walk(target)
            if cycle:
                return cycle
        path.pop()
        done.add(node)
        return None

    for start in sorted(graph):
        cycle = walk(start)
        if cycle:
            return cycle
    return None


def function_level_imports(sources: dict[str, str]) -> list[str]:
    """Every import of models/reports inside a function, as "module:line imports target"."""
    known = set(sources)
    found = []
    for module, source in sorted(sources.items()):
        for line, target in imports_of(module, source, known)[1]:
            if (module, target) not in LAZY_ALLOWED:
                found.append(f"{module}:{line} imports {target}")
    return found


def leaf_violations(sources: dict[str, str]) -> list[str]:
    known = set(sources)
    found = []
    for leaf, allowed in LEAF_MAY_IMPORT.items():
        loaded, in_functions = imports_of(leaf, sources[leaf], known)
        for target in sorted(loaded | {target for _line, target in in_functions}):
            if target not in allowed:
                found.append(f"{leaf} imports {target}")
    return found


def test_models_and_reports_have_no_import_cycle() -> None:
    cycle = find_cycle(import_graph(layer_sources()))
    if cycle:
        print("import cycle:", " → ".join(cycle))
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_no_import_of_the_program_hides_in_a_function() -> None:
    found = function_level_imports(layer_sources())
    assert found == [], "move these to the top (break a cycle by moving code): " + "; ".join(found)


def test_the_storage_leaf_imports_nothing_of_the_domain() -> None:
    assert leaf_violations(layer_sources()) == []


def test_models_never_import_reports() -> None:
    graph = import_graph(layer_sources())
    upward = sorted(f"{m} → {t}" for m, targets in graph.items() if m.startswith("models") for t in targets
                    if t.startswith("reports"))
    assert upward == []


# The checks above, shown to fail on small planted examples.

PLANTED = {
    "models": "",
    "models.db": "import peewee\nfrom models.errors import StorageError\n",
    "models.errors": "",
    "models.seed": "from models.db import db\nfrom models.survey import forms\n",
    "models.survey": "",
    "models.survey.forms": "from models import db\n",
}


def test_find_cycle_names_a_planted_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_a_planted_source_cycle_is_found_at_the_top_and_hidden_in_a_function() -> None:
    assert find_cycle(import_graph(PLANTED)) is None
    assert function_level_imports(PLANTED) == []
    at_the_top = {**PLANTED, "models.db": PLANTED["models.db"] + "from models.seed import ensure_seed_data\n"}
    assert find_cycle(import_graph(at_the_top)) == ["models.db", "models.seed", "models.db"]
    hidden = {**PLANTED, "models.db": PLANTED["models.db"] + "def open():\n    from models.seed import x\n    x()\n"}
    assert find_cycle(import_graph(hidden)) is None  # why the second check exists
    assert function_level_imports(hidden) == ["models.db:4 imports models.seed"]
    assert leaf_violations(hidden) == ["models.db imports models.seed"]
    method = {**PLANTED, "models.seed": "class S:\n    def m(self):\n        import models.db\n"}
    assert function_level_imports(method) == ["models.seed:3 imports models.db"]


def test_the_graph_reads_from_package_imports_and_skips_type_checking() -> None:
    graph = import_graph(PLANTED)
    assert graph["models.seed"] == {"models.db", "models.survey.forms"}
    assert graph["models.survey.forms"] == {"models.db"}
    only_typed = {**PLANTED, "models.db": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from models.seed import x\n"}
    assert import_graph(only_typed)["models.db"] == set()
    assert function_level_imports(only_typed) == []
    relative = {**PLANTED, "models.survey.forms": "from .. import db\nfrom ..errors import StorageError\n"}
    assert import_graph(relative)["models.survey.forms"] == {"models.db", "models.errors"}


def test_the_real_sources_are_all_read() -> None:
    sources = layer_sources()
    assert {"models", "models.db", "models.storage", "models.survey.forms", "reports.statistics"} <= set(sources)
    assert not any(name.startswith("models.migrations.") for name in sources)
    assert import_graph(sources)["models.storage"] >= {"models.db", "models.seed"}


# --- ui: a widget never imports a screen; the window and the history dialog name no feature ----

# What a generic widget may use of ui/: other widgets, the look (ui.style), the one translation
# function (ui.i18n), the one way problems are shown (ui.errors) and the one way slow work runs
# (ui.ops: a register's list reads its rows as an op). Not ui.settings (per-PC preferences are a
# screen's business), not ui.features (a widget does not know the screens).
WIDGETS_MAY_IMPORT = ("ui.widgets", "ui.style", "ui.i18n", "ui.errors", "ui.ops")


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


# --- the tests' own tree --------------------------------------------------------------------


def folders_without_init(tests_root: Path) -> list[str]:
    """Test folders that are not packages: pytest would import their modules by bare file name,
    so two features' ``test_desk.py`` would clash."""
    return sorted(
        str(folder.relative_to(tests_root.parent))
        for folder in [tests_root, *tests_root.rglob("*")]
        if folder.is_dir()
        and folder.name not in ("__pycache__", "data")
        and "data" not in folder.relative_to(tests_root).parts
        and not (folder / "__init__.py").exists()
    )


def test_every_test_folder_is_a_package() -> None:
    assert folders_without_init(ROOT / "tests") == []


def test_the_package_check_would_notice_a_folder_without_init(tmp_path: Path) -> None:
    (tmp_path / "tests" / "ui" / "registers").mkdir(parents=True)
    (tmp_path / "tests" / "data" / "inputs").mkdir(parents=True)
    for folder in ("tests", "tests/ui"):
        (tmp_path / folder / "__init__.py").touch()
    assert folders_without_init(tmp_path / "tests") == ["tests/ui/registers"]
