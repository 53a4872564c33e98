"""run.py, the bootstrap: when .venv is rebuilt, what the OS is told to add, and that the README,
.ci/run and run.py name the same packages and the same test command."""
from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_run():
    # run.py is a script at the root, not an installed module: load it by path.
    spec = importlib.util.spec_from_file_location("service_ledger_run", ROOT / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


run = _load_run()
ALL_PACKAGES = [package.name for package in run.DEBIAN_PACKAGES]
QT_PACKAGES = [p.name for p in run.DEBIAN_PACKAGES if p.need == run.QT]
WINDOW_PACKAGES = [p.name for p in run.DEBIAN_PACKAGES if p.need == run.WINDOW]


# --- When .venv is created or the project reinstalled -------------------------------------------

DIGEST = "a" * 64


def state(*, exists=True, present=True, version="3.11", extras=("test",), digest=DIGEST, stamp=True, pip=True):
    return run.VenvState(
        exists=exists,
        interpreter_present=present,
        python_version=version,
        stamp={"pyproject": digest, "extras": list(extras), "python": "3.11.7"} if stamp else None,
        pip_present=pip,
    )


@pytest.mark.parametrize(
    ("venv_state", "wanted", "expected"),
    [
        pytest.param(state(exists=False, stamp=False), (), run.Plan(True, ()), id="no-venv"),
        pytest.param(state(exists=False, stamp=False), ("test",), run.Plan(True, ("test",)), id="no-venv-test"),
        pytest.param(state(present=False), (), run.Plan(True, ()), id="interpreter-gone"),
        pytest.param(state(version="3.12"), ("test",), run.Plan(True, ("test",)), id="other-python-version"),
        pytest.param(state(version=None), (), run.Plan(True, ()), id="version-unknown"),
        pytest.param(state(stamp=False, pip=False), (), run.Plan(True, ()), id="creation-cut-off-before-pip"),
        pytest.param(state(stamp=False), (), run.Plan(False, ()), id="install-never-finished"),
        pytest.param(state(digest="b" * 64, extras=()), (), run.Plan(False, ()), id="pyproject-changed"),
        # A changed pyproject.toml keeps the test extra that was in, even when the program is started.
        pytest.param(state(digest="b" * 64), (), run.Plan(False, ("test",)), id="pyproject-changed-keeps-test"),
        pytest.param(state(extras=()), ("test",), run.Plan(False, ("test",)), id="test-extra-not-in-yet"),
        pytest.param(state(extras=("test",)), (), run.Plan(False, None), id="app-after-test-no-reinstall"),
        pytest.param(state(extras=("test",)), ("test",), run.Plan(False, None), id="test-up-to-date"),
        pytest.param(state(extras=()), (), run.Plan(False, None), id="app-up-to-date"),
    ],
)
def test_plan(venv_state, wanted: tuple[str, ...], expected) -> None:
    got = run.plan(venv_state, python_version="3.11", digest=DIGEST, extras=wanted)
    assert (got.create, got.install) == (expected.create, expected.install)
    assert bool(got.reason) == (expected.install is not None)


def _stamp(venv_dir: Path, digest: str, extras: list[str]) -> None:
    (venv_dir / run.STAMP_NAME).write_text(json.dumps({"pyproject": digest, "extras": extras}), encoding="utf-8")


def _fake_pip(venv_dir: Path) -> None:
    """What ensurepip leaves, without the seconds it takes."""
    site = next(venv_dir.glob("lib/python*/site-packages"), None) or venv_dir / "Lib" / "site-packages"
    (site / "pip").mkdir(parents=True)
    (site / "pip" / "__init__.py").write_text("", encoding="utf-8")


def test_read_venv_of_a_real_venv(tmp_path: Path) -> None:
    target = tmp_path / ".venv"
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(target)
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert run.read_venv(target) == run.VenvState(True, True, version, None, pip_present=False)
    _fake_pip(target)
    assert run.read_venv(target) == run.VenvState(True, True, version, None, pip_present=True)
    _stamp(target, DIGEST, ["test"])
    assert run.read_venv(target).stamp == {"pyproject": DIGEST, "extras": ["test"]}
    assert run.plan(run.read_venv(target), python_version="3.11", digest=DIGEST, extras=("test",)).install is None


def test_read_venv_whose_interpreter_is_gone(tmp_path: Path) -> None:
    """The Python the venv was made from was removed (pyenv uninstall, another machine's copy)."""
    target = tmp_path / ".venv"
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(target)
    cfg = target / "pyvenv.cfg"
    cfg.write_text(re.sub(r"(?m)^home = .*$", f"home = {tmp_path / 'gone' / 'bin'}", cfg.read_text()), encoding="utf-8")
    found = run.read_venv(target)
    assert found.exists and not found.interpreter_present
    assert run.plan(found, python_version=found.python_version, digest=DIGEST, extras=()).create


def test_read_venv_whose_python_link_is_broken(tmp_path: Path) -> None:
    target = tmp_path / ".venv"
    (target / "bin").mkdir(parents=True)
    (target / "pyvenv.cfg").write_text(f"home = {tmp_path}\nversion = 3.11.2\n", encoding="utf-8")
    (target / "bin" / "python").symlink_to(tmp_path / "no-such-python")
    found = run.read_venv(target)
    assert (found.exists, found.interpreter_present, found.python_version) == (True, False, "3.11")


@pytest.mark.parametrize("content", ["", "{not json", "[1, 2]"], ids=["empty", "broken", "not-a-dict"])
def test_a_damaged_stamp_means_reinstall(tmp_path: Path, content: str) -> None:
    target = tmp_path / ".venv"
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(target)
    _fake_pip(target)
    (target / run.STAMP_NAME).write_text(content, encoding="utf-8")
    found = run.read_venv(target)
    assert run.plan(found, python_version=found.python_version, digest=DIGEST, extras=()) == run.Plan(
        False, (), "上次的安裝沒有完成"
    )


def test_pyproject_digest_follows_the_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    before = run.pyproject_digest(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'y'\n", encoding="utf-8")
    assert run.pyproject_digest(tmp_path) != before


@pytest.mark.parametrize("returncode", [0, 1])
def test_the_stamp_is_written_only_after_pip_succeeded(tmp_path: Path, monkeypatch, returncode: int) -> None:
    target = tmp_path / ".venv"
    target.mkdir()
    _stamp(target, "old", [])
    commands = []

    def fake_run(command, **kwargs):
        commands.append(command)
        return subprocess.CompletedProcess(command, returncode)

    monkeypatch.setattr(run.subprocess, "run", fake_run)
    if returncode:
        with pytest.raises(run.SetupError, match="套件沒有裝好"):
            run.install(target, ("test",), DIGEST, root=tmp_path)
        assert not (target / run.STAMP_NAME).exists()  # the old one is gone too: next run retries
    else:
        run.install(target, ("test",), DIGEST, root=tmp_path)
        assert json.loads((target / run.STAMP_NAME).read_text())["pyproject"] == DIGEST
    assert commands == [[str(run.venv_python(target)), "-m", "pip", "install", "--disable-pip-version-check",
                         "-e", f"{tmp_path}[test]"]]


def test_a_folder_that_is_not_a_venv_is_never_deleted(tmp_path: Path) -> None:
    target = tmp_path / ".venv"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(run.SetupError, match="不是虛擬環境"):
        run.create_venv(target)
    assert (target / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize(
    ("args", "extras"),
    [
        ([], ()),
        (["stats", "--period", "106H1"], ()),
        (["--db", "ledger.db"], ()),
        (["--db", "postgresql://clerk@server/ledger"], ("postgresql",)),
        (["--db=postgres://clerk@server/ledger", "stats", "--period", "106"], ("postgresql",)),
        (["test"], ("test",)),
        (["test", "-k", "postgresql://"], ("test",)),
    ],
)
def test_extras_for(args: list[str], extras: tuple[str, ...]) -> None:
    assert run.extras_for(args) == extras


# --- What runs inside .venv ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "tail", "in_root"),
    [
        ([], ["main.py"], False),
        (["stats", "--period", "106H1"], ["main.py", "stats", "--period", "106H1"], False),
        (["--db", "demo.db"], ["main.py", "--db", "demo.db"], False),
        (["test"], ["-m", "pytest"], True),
        (["test", "tests/test_run.py", "-k", "plan"], ["-m", "pytest", "tests/test_run.py", "-k", "plan"], False),
    ],
)
def test_command_in_venv(tmp_path: Path, args: list[str], tail: list[str], in_root: bool) -> None:
    command, cwd = run.command_in_venv(args, venv=tmp_path / ".venv", root=tmp_path)
    assert command[0] == str(run.venv_python(tmp_path / ".venv"))
    if tail[0] == "main.py":
        assert command[1:] == [str(tmp_path / "main.py"), *tail[1:]]
    else:
        assert command[1:] == tail
    assert cwd == (tmp_path if in_root else None)


def test_the_program_runs_in_the_venv_with_arguments_environment_and_exit_status(tmp_path: Path) -> None:
    """A real run of run.py in a copy of the project with a ready venv and a stand-in main.py."""
    (tmp_path / "run.py").write_bytes((ROOT / "run.py").read_bytes())
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'stand-in'\n", encoding="utf-8")
    (tmp_path / "main.py").write_text(
        "import os, sys\nprint(sys.prefix, sys.argv[1:], os.environ.get('SERVICE_LEDGER_TEST_PG'))\nsys.exit(7)\n",
        encoding="utf-8",
    )
    target = tmp_path / ".venv"
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(target)
    _fake_pip(target)
    _stamp(target, run.pyproject_digest(tmp_path), [])
    env = {**os.environ, "SERVICE_LEDGER_TEST_PG": "postgresql://x@127.0.0.1:1/y", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(tmp_path / "run.py"), "stats", "--period", "106H1"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
    )
    # The machine running the suite has what Qt needs, so the check lets it through.
    assert result.returncode == 7, result.stderr
    prefix, rest = result.stdout.split(" ", 1)
    assert Path(prefix).resolve() == target.resolve()
    assert rest.strip() == "['stats', '--period', '106H1'] postgresql://x@127.0.0.1:1/y"


# --- What the OS must add -----------------------------------------------------------------------


def lookups(*, libraries=(), programs=(), modules=(), font=False, unresolved=()):
    """A machine that has exactly these; `unresolved` is what ldd reports for the installed Qt."""
    return run.SystemLookups(
        has_library=lambda name: name in libraries,
        has_program=lambda name: name in programs,
        has_module=lambda name: name in modules,
        has_chinese_font=lambda: font,
        unresolved=lambda needs: set(unresolved),
    )


EVERY_LIBRARY = {soname for package in run.DEBIAN_PACKAGES for soname in package.libraries}
COMPLETE = dict(libraries=EVERY_LIBRARY, programs={"pdftoppm", "pdftotext"}, modules={"ensurepip"}, font=True)


def names(missing) -> list[str]:
    return [package.name for package in missing.packages]


@pytest.mark.parametrize(
    ("args", "environ", "creating", "expected"),
    [
        pytest.param([], {}, False, QT_PACKAGES + WINDOW_PACKAGES + ["fonts-arphic-uming"], id="app"),
        pytest.param([], {"DISPLAY": ":0"}, True, QT_PACKAGES + WINDOW_PACKAGES + ["fonts-arphic-uming", "python3-venv"],
                     id="app-new-venv"),
        pytest.param([], {"QT_QPA_PLATFORM": "offscreen"}, False, QT_PACKAGES + ["fonts-arphic-uming"], id="app-offscreen"),
        pytest.param(["stats", "--period", "106H1"], {"QT_QPA_PLATFORM": "xcb"}, False,
                     QT_PACKAGES + WINDOW_PACKAGES + ["fonts-arphic-uming"], id="stats-xcb"),
        pytest.param(["test"], {"DISPLAY": ":0"}, False, QT_PACKAGES + ["fonts-arphic-uming", "poppler-utils"], id="test"),
        pytest.param(["test", "-x"], {}, True, QT_PACKAGES + ["fonts-arphic-uming", "poppler-utils", "python3-venv"],
                     id="test-new-venv"),
    ],
)
def test_a_bare_machine_is_told_every_package_the_command_needs(args, environ, creating, expected) -> None:
    needs = run.needs_for(args, environ, creating_venv=creating)
    assert names(run.find_missing(needs, lookups())) == expected


@pytest.mark.parametrize("args", [[], ["test"]])
def test_a_complete_machine_is_told_nothing(args: list[str]) -> None:
    needs = run.needs_for(args, {"DISPLAY": ":0"}, creating_venv=True)
    assert not run.find_missing(needs, lookups(**COMPLETE))


@pytest.mark.parametrize("package", run.DEBIAN_PACKAGES, ids=lambda p: p.name)
def test_each_package_is_found_missing_alone(package) -> None:
    """Remove one thing from a complete machine: exactly its package is named."""
    machine = dict(COMPLETE)
    machine["libraries"] = EVERY_LIBRARY - set(package.libraries[:1])
    machine["programs"] = {"pdftoppm", "pdftotext"} - set(package.programs[:1])
    machine["modules"] = {"ensurepip"} - set(package.modules)
    machine["font"] = package.need != run.FONT
    needs = {run.QT, run.WINDOW, run.FONT, run.PDF_TOOLS, run.VENV_TOOL}
    assert names(run.find_missing(needs, lookups(**machine))) == [package.name]


def test_ldd_names_the_real_gap_where_qt_names_another() -> None:
    """Qt says xcb-cursor0 when libxcb-icccm4 is what is missing: ldd's answer decides."""
    needs = run.needs_for([], {"DISPLAY": ":0"}, creating_venv=False)
    missing = run.find_missing(needs, lookups(**{**COMPLETE, "unresolved": {"libxcb-icccm.so.4"}}))
    assert names(missing) == ["libxcb-icccm4"]
    assert missing.unknown_libraries == ()


def test_a_library_of_no_listed_package_is_named() -> None:
    needs = run.needs_for([], {"WAYLAND_DISPLAY": "wayland-0"}, creating_venv=False)
    assert run.WINDOW not in needs
    missing = run.find_missing(needs, lookups(**{**COMPLETE, "unresolved": {"libwayland-client.so.0"}}))
    assert (names(missing), missing.unknown_libraries) == ([], ("libwayland-client.so.0",))
    report = run.missing_report(missing, command="python3 run.py", as_root=False, has_apt=True)
    assert "libwayland-client.so.0" in report and "apt-get install" not in report


def test_qt_files_checked_by_ldd(tmp_path: Path) -> None:
    qt = tmp_path / "lib" / "python3.11" / "site-packages" / "PySide6" / "Qt"
    for name in ["lib/libQt6Widgets.so.6", "plugins/platforms/libqxcb.so", "plugins/platforms/libqoffscreen.so"]:
        (qt / name).parent.mkdir(parents=True, exist_ok=True)
        (qt / name).write_bytes(b"")
    window = run.qt_files(tmp_path, run.needs_for([], {}, creating_venv=False), "xcb")
    offscreen = run.qt_files(tmp_path, run.needs_for(["test"], {}, creating_venv=False), "offscreen")
    assert [p.relative_to(qt).as_posix() for p in window] == ["lib/libQt6Widgets.so.6", "plugins/platforms/libqxcb.so"]
    assert [p.relative_to(qt).as_posix() for p in offscreen] == [
        "lib/libQt6Widgets.so.6", "plugins/platforms/libqoffscreen.so"
    ]


# --- The printed message ------------------------------------------------------------------------


def _missing(*package_names: str):
    return run.Missing(tuple(p for p in run.DEBIAN_PACKAGES if p.name in package_names))


@pytest.mark.parametrize(("as_root", "prefix"), [(False, "sudo apt-get install -y "), (True, "apt-get install -y ")])
def test_the_report_ends_with_the_one_apt_line(as_root: bool, prefix: str) -> None:
    report = run.missing_report(
        _missing("libglib2.0-0", "fonts-arphic-uming", "libxcb-icccm4"),
        command="python3 run.py test", as_root=as_root, has_apt=True,
    )
    lines = report.splitlines()
    assert lines[-1] == prefix + "libglib2.0-0 libxcb-icccm4 fonts-arphic-uming"
    assert [line for line in lines if "apt-get" in line] == [lines[-1]]
    assert "再執行一次 python3 run.py test" in report
    assert "libglib-2.0.so.0" in report and "繁體中文字型" in report
    assert "Traceback" not in report


def test_without_apt_the_debian_names_are_given_as_such() -> None:
    report = run.missing_report(_missing("poppler-utils"), command="python3 run.py test", as_root=False, has_apt=False)
    assert "沒有 apt-get" in report
    assert report.splitlines()[-1] == "sudo apt-get install -y poppler-utils"


def test_rerun_command_quotes_arguments() -> None:
    assert run.rerun_command(["stats", "--period", "106 H1"]) == f"{run.LAUNCHER} run.py stats --period '106 H1'"


def _main(monkeypatch, tmp_path: Path, args: list[str], machine: dict) -> int:
    monkeypatch.setattr(run, "VENV", tmp_path / ".venv")
    monkeypatch.setattr(run.sys, "platform", "linux")
    monkeypatch.setattr(run, "real_lookups", lambda venv, platform: lookups(**machine))
    monkeypatch.setattr(run.os, "geteuid", lambda: 1000, raising=False)
    monkeypatch.setattr(run.shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(run, "run_in_venv", lambda args: pytest.fail("ran although the OS lacks packages"))
    return run.main(args)


def test_main_stops_before_creating_anything(monkeypatch, tmp_path: Path, capsys) -> None:
    status = _main(monkeypatch, tmp_path, ["test"], {})
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert err.splitlines()[-1] == "sudo apt-get install -y " + " ".join(
        QT_PACKAGES + ["fonts-arphic-uming", "poppler-utils", "python3-venv"]
    )
    assert not (tmp_path / ".venv").exists()


def test_main_on_an_old_python(monkeypatch, tmp_path: Path, capsys) -> None:
    monkeypatch.setattr(run, "MIN_PYTHON", (sys.version_info[0], sys.version_info[1] + 1))
    status = _main(monkeypatch, tmp_path, [], COMPLETE)
    err = capsys.readouterr().err
    assert status == 2
    assert f"需要 Python {sys.version_info[0]}.{sys.version_info[1] + 1} 或更新的版本" in err
    assert not (tmp_path / ".venv").exists()


def test_run_py_stays_readable_by_old_pythons_and_needs_only_the_standard_library() -> None:
    """So that Python 3.7–3.10 reach the version message instead of a SyntaxError, and nothing
    has to be installed before it runs."""
    source = (ROOT / "run.py").read_text(encoding="utf-8")
    ast.parse(source, feature_version=(3, 7))
    with pytest.raises(SyntaxError):
        ast.parse(source + "\nif (x := 1):\n    pass\n", feature_version=(3, 7))
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module.split(".")[0])
    assert {"subprocess", "venv", "__future__"} <= imported  # the walk sees the imports
    assert imported <= set(sys.stdlib_module_names), imported - set(sys.stdlib_module_names)


# --- README, .ci/run and run.py agree ---------------------------------------------------------------


def _readme_quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [line for block in re.findall(r"```\n(.*?)```", section, re.DOTALL) for line in block.splitlines()]


def _packages_after(command: str, text: str) -> list[str]:
    words = text.replace("\\\n", " ").split(command, 1)[1].split("&&")[0].split(">")[0].split()
    return [word for word in words if not word.startswith("-")]


def test_readme_apt_line_is_run_py_list() -> None:
    lines = _readme_quick_start()
    apt = [line for line in lines if "apt-get install" in line]
    assert len(apt) == 1, apt
    assert apt[0].startswith("sudo apt-get install -y ")
    assert _packages_after("apt-get install", apt[0]) == ALL_PACKAGES


def test_readme_has_the_two_command_lines() -> None:
    lines = _readme_quick_start()
    assert lines[:2] == [run.apt_line(ALL_PACKAGES, as_root=False) + " && python3 run.py", "python3 run.py test"]
    assert "py run.py" in lines and "py run.py test" in lines


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    last = [line for line in ci.splitlines() if line.strip() and not line.startswith("#")][-1]
    assert last == _readme_quick_start()[1]


def test_ci_installs_every_listed_package() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    installed = _packages_after("apt-get install", ci)
    assert set(ALL_PACKAGES) <= set(installed), set(ALL_PACKAGES) - set(installed)
    assert {"python3", "postgresql"} <= set(installed)
    assert "SERVICE_LEDGER_TEST_PG=" in ci


def test_venv_is_ignored_by_git() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {".venv/", "/.venv/", ".venv"} & set(ignored)
