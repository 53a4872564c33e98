#!/usr/bin/env python3
"""Set up and start service-ledger on a machine that has nothing but Python.

    python3 run.py [--db …] [stats …]      start the program (main.py with these arguments)
    python3 run.py test [pytest args…]     run the tests
    (on Windows: py run.py …, py run.py test …)

The project lives in its own virtual environment, `.venv` beside this file. It is created when
missing or stale (its interpreter gone, another Python version, pyproject.toml changed since the
last install), the project is installed into it (`-e .`, with the `[test]` extra for the tests),
and the command then runs inside it with the same arguments, environment and exit status.
On Linux the system libraries Qt needs, a Traditional Chinese font and poppler are checked first:
what is missing is printed as one `apt-get install` line, because Qt's own message names the
wrong library.

Standard library only (it runs before anything is installed), and written so that an old Python
can still read it and say which version is needed instead of failing with a SyntaxError.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP_NAME = "service-ledger-install.json"
MIN_PYTHON = (3, 11)
LAUNCHER = "py" if os.name == "nt" else "python3"

# What each command needs from the operating system.
QT = "qt"          # Qt's libraries, for the program and the (offscreen) tests
WINDOW = "window"  # the xcb libraries of a real window on an X display
FONT = "font"      # a Traditional Chinese font (without one, Chinese draws as boxes)
PDF_TOOLS = "pdf"  # poppler's pdftoppm/pdftotext, which the tests use to read PDFs
VENV_TOOL = "venv" # ensurepip, which `python3 -m venv` needs (python3-venv on Debian)


@dataclass(frozen=True)
class DebianPackage:
    """One Debian package and what shows it is installed."""

    name: str
    need: str
    libraries: tuple[str, ...] = ()  # sonames Qt links against
    programs: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()


# The one list of what the OS must add (Debian 12 names; Ubuntu resolves them too). The README's
# apt-get line and .ci/run are checked against it. The sonames are the ones `ldd` reports missing
# for PySide6's Qt libraries and its offscreen and xcb platform plugins on a minimal Debian.
DEBIAN_PACKAGES: tuple[DebianPackage, ...] = (
    DebianPackage("libgl1", QT, libraries=("libGL.so.1",)),
    DebianPackage("libegl1", QT, libraries=("libEGL.so.1",)),
    DebianPackage("libfontconfig1", QT, libraries=("libfontconfig.so.1",)),
    DebianPackage("libglib2.0-0", QT, libraries=("libglib-2.0.so.0", "libgthread-2.0.so.0")),
    DebianPackage("libxkbcommon0", QT, libraries=("libxkbcommon.so.0",)),
    DebianPackage("libdbus-1-3", QT, libraries=("libdbus-1.so.3",)),
    DebianPackage("libxkbcommon-x11-0", WINDOW, libraries=("libxkbcommon-x11.so.0",)),
    DebianPackage("libx11-xcb1", WINDOW, libraries=("libX11-xcb.so.1",)),
    DebianPackage("libxcb-cursor0", WINDOW, libraries=("libxcb-cursor.so.0",)),
    DebianPackage("libxcb-icccm4", WINDOW, libraries=("libxcb-icccm.so.4",)),
    DebianPackage("libxcb-image0", WINDOW, libraries=("libxcb-image.so.0",)),
    DebianPackage("libxcb-keysyms1", WINDOW, libraries=("libxcb-keysyms.so.1",)),
    DebianPackage("libxcb-randr0", WINDOW, libraries=("libxcb-randr.so.0",)),
    DebianPackage("libxcb-render0", WINDOW, libraries=("libxcb-render.so.0",)),
    DebianPackage("libxcb-render-util0", WINDOW, libraries=("libxcb-render-util.so.0",)),
    DebianPackage("libxcb-shape0", WINDOW, libraries=("libxcb-shape.so.0",)),
    DebianPackage("libxcb-shm0", WINDOW, libraries=("libxcb-shm.so.0",)),
    DebianPackage("libxcb-sync1", WINDOW, libraries=("libxcb-sync.so.1",)),
    DebianPackage("libxcb-util1", WINDOW, libraries=("libxcb-util.so.1",)),
    DebianPackage("libxcb-xfixes0", WINDOW, libraries=("libxcb-xfixes.so.0",)),
    DebianPackage("libxcb-xkb1", WINDOW, libraries=("libxcb-xkb.so.1",)),
    DebianPackage("fonts-arphic-uming", FONT),
    DebianPackage("poppler-utils", PDF_TOOLS, programs=("pdftoppm", "pdftotext")),
    DebianPackage("python3-venv", VENV_TOOL, modules=("ensurepip",)),
)

WHAT_IT_IS = {
    QT: "Qt 需要的系統程式庫",
    WINDOW: "開視窗（X11/xcb）需要的程式庫",
    FONT: "繁體中文字型",
    PDF_TOOLS: "測試讀 PDF 用的 poppler 工具",
    VENV_TOOL: "建立虛擬環境用的 venv/ensurepip",
}

# Only looked for when fontconfig's fc-list is not installed (it is not part of libfontconfig1).
TRADITIONAL_CHINESE_FONT_FILES = re.compile(
    r"^(uming|ukai)\.ttc$|^TW-(Sung|Kai)|^Noto(Sans|Serif)CJK|^wqy-(zenhei|microhei)\.ttc$", re.IGNORECASE
)
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
LIBRARY_FOLDERS = ("/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib")


class SetupError(Exception):
    """A problem of this machine, told to the user in one message (exit status 2, no traceback)."""


# --- What the OS must add ------------------------------------------------------------------------


@dataclass(frozen=True)
class SystemLookups:
    """How the machine is asked; tests pass their own answers instead of the real machine's."""

    has_library: Callable[[str], bool]  # is this soname in the dynamic loader's cache?
    has_program: Callable[[str], bool]
    has_module: Callable[[str], bool]
    has_chinese_font: Callable[[], bool]
    unresolved: Callable[[set[str]], set[str]]  # sonames ldd cannot find in the installed Qt


@dataclass(frozen=True)
class Missing:
    """What the OS lacks: packages to install, and sonames no package of the list provides."""

    packages: tuple[DebianPackage, ...]
    unknown_libraries: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.packages or self.unknown_libraries)


def needs_for(args: list[str], environ: dict[str, str], *, creating_venv: bool) -> set[str]:
    """The OS needs of one command: the tests run offscreen; the program opens a real window."""
    needs = {QT, FONT}
    if args[:1] == ["test"]:
        needs.add(PDF_TOOLS)
    elif qt_platform(args, environ) == "xcb":
        # Also for a command such as stats: it is the same installation, and a desk PC has them.
        needs.add(WINDOW)
    if creating_venv:
        needs.add(VENV_TOOL)
    return needs


def qt_platform(args: list[str], environ: dict[str, str]) -> str:
    """The Qt platform plugin the command will load, as Qt chooses it: QT_QPA_PLATFORM, else
    Wayland in a Wayland-only session, else xcb (Qt's default on Linux, display or not)."""
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip()
    if chosen:
        return chosen
    if args[:1] == ["test"]:
        return "offscreen"  # tests/conftest.py sets it
    if environ.get("WAYLAND_DISPLAY") and not environ.get("DISPLAY"):
        return "wayland"
    return "xcb"


def find_missing(needs: set[str], lookups: SystemLookups) -> Missing:
    """Which listed packages the machine lacks for these needs, plus sonames no package explains."""
    missing = []
    for package in DEBIAN_PACKAGES:
        if package.need not in needs:
            continue
        if package.need == FONT:
            present = lookups.has_chinese_font()
        else:
            present = (
                all(lookups.has_library(name) for name in package.libraries)
                and all(lookups.has_program(name) for name in package.programs)
                and all(lookups.has_module(name) for name in package.modules)
            )
        if not present:
            missing.append(package)
    by_soname = {soname: package for package in DEBIAN_PACKAGES for soname in package.libraries}
    unknown = []
    for soname in sorted(lookups.unresolved(needs)):
        package = by_soname.get(soname)
        if package is None:
            unknown.append(soname)
        elif package not in missing:
            missing.append(package)
    order = {package.name: index for index, package in enumerate(DEBIAN_PACKAGES)}
    return Missing(tuple(sorted(missing, key=lambda p: order[p.name])), tuple(unknown))


def apt_line(packages: list[str] | tuple[str, ...], *, as_root: bool) -> str:
    """The one command that installs these packages (no sudo for root, who may not have it)."""
    return ("" if as_root else "sudo ") + "apt-get install -y " + " ".join(packages)


def missing_report(missing: Missing, *, command: str, as_root: bool, has_apt: bool) -> str:
    """The message for the user: what is missing, and the one line that adds it."""
    lines = []
    if missing.packages:
        lines.append("這台電腦還缺少執行 service-ledger 需要的系統套件：")
        for package in missing.packages:
            detail = "、".join(package.libraries + package.programs)
            lines.append(f"  {package.name}　{WHAT_IT_IS[package.need]}" + (f"（{detail}）" if detail else ""))
        names = [package.name for package in missing.packages]
        if has_apt:
            lines.append(f"請執行下面這一行安裝，再執行一次 {command}：")
        else:
            lines.append(
                "這台電腦沒有 apt-get（不是 Debian/Ubuntu）：請用系統的套件管理程式安裝同樣內容的套件"
                f"（以下是 Debian 的名稱），再執行一次 {command}："
            )
        lines.append("")
        lines.append(apt_line(names, as_root=as_root))
    if missing.unknown_libraries:
        if lines:
            lines.append("")
        lines.append("Qt 還找不到這些系統程式庫（不在已知的套件清單中）：" + "、".join(missing.unknown_libraries))
        lines.append("可以用 apt-file search 程式庫名稱 查出是哪個套件，安裝後再執行一次 " + command + "。")
    return "\n".join(lines)


def ldconfig_sonames() -> set[str] | None:
    """Every soname in the dynamic loader's cache, or None when ldconfig cannot be asked."""
    # /sbin is not on an ordinary user's PATH on Debian.
    for candidate in ("/sbin/ldconfig", "/usr/sbin/ldconfig", shutil.which("ldconfig")):
        if candidate and os.path.exists(candidate):
            try:
                out = subprocess.run([candidate, "-p"], capture_output=True, text=True, check=True).stdout
            except (OSError, subprocess.CalledProcessError):
                return None
            return {line.split()[0] for line in out.splitlines()[1:] if "=>" in line}
    return None


def library_in_folders(soname: str) -> bool:
    """The fallback without ldconfig: the usual folders and their multiarch subfolders."""
    return any((Path(folder) / soname).exists() or any(Path(folder).glob(f"*/{soname}")) for folder in LIBRARY_FOLDERS)


def has_chinese_font() -> bool:
    """A font fontconfig (and so Qt) offers for Traditional Chinese."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            out = subprocess.run([fc_list, ":lang=zh-tw", "family"], capture_output=True, text=True, timeout=60).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out.strip():
            return True
    for folder in FONT_FOLDERS:
        base = Path(os.path.expanduser(folder))
        if base.is_dir() and any(TRADITIONAL_CHINESE_FONT_FILES.search(p.name) for p in base.rglob("*")):
            return True
    return False


def has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def qt_files(venv: Path, needs: set[str], platform: str) -> list[Path]:
    """The installed Qt files whose libraries must all resolve: Qt's own and the platform plugin."""
    found = []
    for qt in sorted(venv.glob("lib/python3*/site-packages/PySide6/Qt")):
        names = ["lib/libQt6Widgets.so.6", "lib/libQt6PrintSupport.so.6", "lib/libQt6PdfWidgets.so.6"]
        names.append(f"plugins/platforms/libq{platform}.so")
        if WINDOW in needs:
            names.append("plugins/platforms/libqxcb.so")
        found.extend(qt / name for name in dict.fromkeys(names) if (qt / name).exists())
    return found


def ldd_not_found(files: list[Path]) -> set[str]:
    """Sonames the dynamic loader cannot find for these files (ldd's "=> not found")."""
    ldd = shutil.which("ldd")
    if not ldd or not files:
        return set()
    missing = set()
    for path in files:
        try:
            out = subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=60).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        missing.update(m.group(1) for m in re.finditer(r"^\s*(\S+) => not found", out, re.MULTILINE))
    return missing


def real_lookups(venv: Path, platform: str) -> SystemLookups:
    cache = ldconfig_sonames()

    def has_library(soname: str) -> bool:
        return soname in cache if cache is not None else library_in_folders(soname)

    return SystemLookups(
        has_library=has_library,
        has_program=lambda name: shutil.which(name) is not None,
        has_module=has_module,
        has_chinese_font=has_chinese_font,
        unresolved=lambda needs: ldd_not_found(qt_files(venv, needs, platform)),
    )


def check_system(args: list[str], *, creating_venv: bool, venv: Path = VENV) -> None:
    """Stop with the apt-get line when the OS lacks what this command needs (Linux only)."""
    if not sys.platform.startswith("linux"):
        return
    needs = needs_for(args, dict(os.environ), creating_venv=creating_venv)
    missing = find_missing(needs, real_lookups(venv, qt_platform(args, dict(os.environ))))
    if missing:
        raise SetupError(
            missing_report(
                missing, command=rerun_command(args), as_root=os.geteuid() == 0, has_apt=shutil.which("apt-get") is not None
            )
        )


def rerun_command(args: list[str]) -> str:
    import shlex

    return " ".join([LAUNCHER, "run.py"] + [shlex.quote(arg) for arg in args])


# --- The virtual environment ---------------------------------------------------------------------


@dataclass(frozen=True)
class VenvState:
    """What is on disk in .venv, read once."""

    exists: bool                 # a pyvenv.cfg is there
    interpreter_present: bool    # its python and the interpreter it was made from are both there
    python_version: str | None   # "3.11" from pyvenv.cfg
    stamp: dict | None           # what the last successful install recorded
    pip_present: bool = True     # False when its creation was cut off before ensurepip finished


@dataclass(frozen=True)
class Plan:
    """What to do before running: recreate .venv, install the project (with which extras)."""

    create: bool
    install: tuple[str, ...] | None  # extras to install with; None: nothing to install
    reason: str = ""


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def read_venv(venv: Path) -> VenvState:
    cfg = venv / "pyvenv.cfg"
    if not cfg.is_file():
        return VenvState(False, False, None, None, False)
    values = {}
    for line in cfg.read_text(encoding="utf-8", errors="replace").splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key.strip().lower()] = value.strip()
    version = values.get("version_info") or values.get("version")
    home = values.get("home")
    present = venv_python(venv).exists() and (home is None or Path(home).is_dir())
    try:
        stamp = json.loads((venv / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamp = None
    pip = any(venv.glob("lib/python*/site-packages/pip/__init__.py")) or (venv / "Lib/site-packages/pip/__init__.py").exists()
    return VenvState(True, present, ".".join(version.split(".")[:2]) if version else None, stamp, pip)


def pyproject_digest(root: Path = ROOT) -> str:
    return hashlib.sha256((root / "pyproject.toml").read_bytes()).hexdigest()


def plan(state: VenvState, *, python_version: str, digest: str, extras: tuple[str, ...]) -> Plan:
    """Recreate .venv when it cannot serve this Python; reinstall when pyproject.toml changed or an
    extra is wanted that is not in yet. A patch release (3.11.2 → 3.11.4) keeps the venv: the same
    ABI, and the venv's python follows the upgraded interpreter."""
    if not state.exists:
        return Plan(True, tuple(extras), "還沒有 .venv")
    if not state.interpreter_present:
        return Plan(True, tuple(extras), ".venv 的 Python 已經不在了")
    if state.python_version != python_version:
        return Plan(True, tuple(extras), f".venv 是 Python {state.python_version} 建的，現在用的是 {python_version}")
    if not state.pip_present:
        return Plan(True, tuple(extras), ".venv 上次沒有建立完成")
    stamp = state.stamp if isinstance(state.stamp, dict) else None
    if stamp is None:
        return Plan(False, tuple(extras), "上次的安裝沒有完成")
    installed = tuple(stamp.get("extras", ()))
    wanted = tuple(sorted(set(installed) | set(extras)))
    if stamp.get("pyproject") != digest:
        return Plan(False, wanted, "pyproject.toml 改過了")
    if not set(extras) <= set(installed):
        return Plan(False, wanted, "還沒有安裝測試需要的套件")
    return Plan(False, None)


def create_venv(venv: Path) -> None:
    import venv as venv_module

    if venv.exists():
        if not (venv / "pyvenv.cfg").is_file():
            raise SetupError(f"{venv} 不是虛擬環境，不會刪除它：請把它移到別處，再執行一次。")
        shutil.rmtree(venv)
    print(f"建立虛擬環境 {venv.name}（Python {sys.version.split()[0]}）…", flush=True)
    try:
        venv_module.EnvBuilder(with_pip=True).create(str(venv))
    except (OSError, subprocess.CalledProcessError) as exc:
        shutil.rmtree(venv, ignore_errors=True)
        if isinstance(exc, subprocess.CalledProcessError):
            reason = "安裝 pip 時失敗（Debian/Ubuntu 請確認已安裝 python3-venv）"
        else:
            reason = {errno.ENOSPC: "磁碟空間已滿", errno.EACCES: "資料夾無法寫入", errno.EPERM: "資料夾無法寫入"}.get(
                exc.errno, "無法寫入檔案"
            )
        raise SetupError(f"無法建立虛擬環境 {venv}：{reason}。") from None


def install(venv: Path, extras: tuple[str, ...], digest: str, root: Path = ROOT, *, first: bool = False) -> None:
    """pip install -e . (with extras); the stamp is written only after pip succeeded."""
    (venv / STAMP_NAME).unlink(missing_ok=True)
    target = str(root) + (f"[{','.join(extras)}]" if extras else "")
    size = "（要從網路下載約 100 MB）" if first else ""
    print(f"安裝 service-ledger 與它需要的套件到 {venv.name}{size}…", flush=True)
    command = [str(venv_python(venv)), "-m", "pip", "install", "--disable-pip-version-check", "-e", target]
    if subprocess.run(command).returncode != 0:
        raise SetupError(f"套件沒有裝好（上面是 pip 的訊息）。請檢查網路連線，再執行一次 {LAUNCHER} run.py。")
    stamp = {"pyproject": digest, "extras": list(extras), "python": sys.version.split()[0]}
    (venv / STAMP_NAME).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")


# --- Running -------------------------------------------------------------------------------------


def extras_for(args: list[str]) -> tuple[str, ...]:
    """The project's extras a command needs: the tests', or the PostgreSQL driver for a server URL."""
    if args[:1] == ["test"]:
        return ("test",)  # it holds the driver too
    if any(re.match(r"(--db=)?postgres(ql)?://", arg) for arg in args):
        return ("postgresql",)
    return ()


def command_in_venv(args: list[str], venv: Path = VENV, root: Path = ROOT) -> tuple[list[str], Path | None]:
    """The command line to run inside .venv and the folder to run it in (None: where we are).

    `test` without arguments runs from the project folder, so pytest finds its settings and
    testpaths; with arguments, paths are the user's, relative to where they typed them."""
    python = str(venv_python(venv))
    if args[:1] == ["test"]:
        return [python, "-m", "pytest", *args[1:]], (root if len(args) == 1 else None)
    return [python, str(root / "main.py"), *args], None


def run_in_venv(args: list[str]) -> int:
    command, cwd = command_in_venv(args)
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "nt":
        # Windows has no exec: os.execv would return to the console before the program ends.
        try:
            return subprocess.run(command, cwd=cwd).returncode
        except KeyboardInterrupt:
            return 130
    if cwd is not None:
        os.chdir(cwd)
    os.execv(command[0], command)
    return 1  # not reached


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if sys.version_info < MIN_PYTHON:
        print(
            f"service-ledger 需要 Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} 或更新的版本，這裡的是 "
            f"{sys.version.split()[0]}（{sys.executable}）。\n"
            "請安裝較新的 Python（Windows：https://www.python.org/downloads/ ；Debian 12、Ubuntu 24.04 "
            f"內建的 python3 即可），再用它執行 run.py。",
            file=sys.stderr,
        )
        return 2
    extras = extras_for(args)
    try:
        todo = plan(
            read_venv(VENV),
            python_version=f"{sys.version_info[0]}.{sys.version_info[1]}",
            digest=pyproject_digest(),
            extras=extras,
        )
        check_system(args, creating_venv=todo.create)
        if todo.create:
            print(f"{todo.reason}：", end="", flush=True)
            create_venv(VENV)
        elif todo.install is not None:
            print(f"{todo.reason}，重新安裝。", flush=True)
        if todo.install is not None:
            install(VENV, todo.install, pyproject_digest(), first=todo.create)
            check_system(args, creating_venv=False)  # now ldd can look at the installed Qt too
        return run_in_venv(args)
    except SetupError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
