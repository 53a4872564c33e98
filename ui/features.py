"""What a feature plugs into the window: its screens, and work it keeps for the whole window.

A feature package (``ui/survey``, ``ui/service``, ``ui/admin``, a register to come) declares
in its ``__init__.py`` what it adds, and the window asks the registry instead of keeping a
list of its own::

    register_screen(Screen("statistics", "問卷統計", SECRETARY, 4,
                           lazy_screen("ui.survey.statistics_view", "StatisticsView")))

A declaration is cheap: its factory imports the screen's module only when it is called, the
first time the screen is shown, so logging in builds one screen, not every screen a role
has (Frescobaldi's panels load their widget's module the same way). ``load_features()``
imports every package under ``ui`` once, so a new feature needs no line anywhere else.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from models.accounts import Role, User

SWITCH_USER_KEY = 12  # F12 is the window's own: back to the start screen
FUNCTION_KEYS = range(1, SWITCH_USER_KEY)
ALL_ROLES = frozenset(Role)

Part = TypeVar("Part", bound="WindowPart")


class ScreenPage(Protocol):
    """What the window asks of a built screen (a QWidget). Every screen answers it."""

    def activate(self) -> None:
        """The screen came to the front: read again what may have changed elsewhere, and put
        the focus where typing starts."""

    # A screen that holds work in hand (a form half keyed, a stack of forms, a group being
    # typed) also answers ``hand_over() -> object`` and ``take_over(work)``: when the print
    # changes the screens are built again, and the new copy goes on with it. A screen without
    # them is asked ``may_leave`` first.


def hand_over(page: QWidget) -> object | None:
    """The work ``page`` holds that a rebuilt copy of it must go on with (the screens are built
    again when the print changes): what its own ``hand_over()`` gives, or None."""
    give = getattr(page, "hand_over", None)
    return give() if give is not None else None


def take_over(page: QWidget, work: object) -> None:
    """Give a freshly built ``page`` the work its former copy handed over."""
    page.take_over(work)  # type: ignore[attr-defined]


def may_leave(page: QWidget) -> bool:
    """Whether ``page`` may go from the front (another screen, 換人, closing the window). A
    screen that keeps typed values unsaved (每月數據) answers through its own ``leave()``:
    it saves them, or asks; any other screen may always go."""
    leave = getattr(page, "leave", None)
    return bool(leave()) if leave is not None else True


class WindowPart(QObject):
    """Work a feature keeps for the whole window, not one screen (the daily backup and check).

    Built when the program's window starts; each hook does nothing unless a part says otherwise.
    """

    def logged_in(self, user: User) -> None:
        """Someone logged in (called before their screens are built)."""

    def banner(self, user: User) -> QWidget | None:
        """A line above every screen for this user, or None. The workspace owns and deletes it."""
        return None

    def closing(self) -> None:
        """The window is closing: finish what must not be cut off (a backup being written)."""


@dataclass(frozen=True)
class ScreenContext:
    """What a screen's factory is given: who logged in, and what the window offers a screen."""

    user: User
    switch_user: Callable[[], None]  # back to the start screen (after a restore, say)
    parts: Sequence[WindowPart] = ()

    def part(self, kind: type[Part]) -> Part | None:
        """The window's part of this kind, or None (tests and a window without daily work)."""
        return next((part for part in self.parts if isinstance(part, kind)), None)


@dataclass(frozen=True)
class Screen:
    key: str
    title: str  # as written here; translated when the button is made
    roles: frozenset[Role]
    function_key: int  # the same F-key for everyone who has the screen; also its place on the bar
    # (screens of roles that share none may use the same key)
    factory: Callable[[ScreenContext], ScreenPage]  # returns the screen's QWidget
    home_for: frozenset[Role] = frozenset()  # the roles that start here: the job they sit down to

    @property
    def key_name(self) -> str:
        return f"F{self.function_key}"


def lazy_screen(module: str, name: str, *, takes_context: bool = False) -> Callable[[ScreenContext], ScreenPage]:
    """The factory of a screen made from the user alone, or from the whole ``ScreenContext``
    (``takes_context``; write a function for one needing more): ``module`` is imported on the
    first call, the screen's first showing, not at login."""

    def factory(context: ScreenContext) -> ScreenPage:
        screen = getattr(importlib.import_module(module), name)
        return screen(context) if takes_context else screen(context.user)

    # The factory counts as its feature package's own (ui.survey for ui.survey.desk), as a
    # function written there would: the checks of who declares what read __module__.
    factory.__module__ = ".".join(module.split(".")[:2])
    factory.__qualname__ = f"lazy_screen({module!r}, {name!r})"
    factory.screen_module = module  # type: ignore[attr-defined]
    return factory


@dataclass(frozen=True)
class PartDeclaration:
    key: str
    factory: Callable[[QObject], WindowPart]  # given the window, as the part's Qt parent


class Registry:
    """Every declared screen and window part; refuses a second screen on a key already taken."""

    def __init__(self) -> None:
        self._screens: dict[str, Screen] = {}
        self._parts: dict[str, PartDeclaration] = {}

    def add_screen(self, screen: Screen) -> Screen:
        if screen.key in self._screens:
            raise ValueError(f"screen {screen.key!r} is declared twice")
        if screen.function_key not in FUNCTION_KEYS:
            raise ValueError(f"screen {screen.key!r}: F{screen.function_key} is not one of F1–F11")
        # A key opens one screen for each role: screens of roles that never share a desk may
        # share it (the counter's F2, the secretary's next screen), two of one role may not.
        taken = next(
            (s for s in self._screens.values() if s.function_key == screen.function_key and s.roles & screen.roles), None
        )
        if taken is not None:
            raise ValueError(f"screen {screen.key!r}: {screen.key_name} already opens {taken.key!r}")
        if not screen.home_for <= screen.roles:
            raise ValueError(f"screen {screen.key!r} is home to a role that does not have it")
        self._screens[screen.key] = screen
        return screen

    def add_part(self, part: PartDeclaration) -> PartDeclaration:
        if part.key in self._parts:
            raise ValueError(f"window part {part.key!r} is declared twice")
        self._parts[part.key] = part
        return part

    def screens_for(self, role: Role) -> list[Screen]:
        """A role's screens in F-key order: the order of the buttons."""
        return sorted((s for s in self._screens.values() if role in s.roles), key=lambda s: s.function_key)

    def home_for(self, role: Role) -> Screen:
        homes = [s for s in self.screens_for(role) if role in s.home_for]
        if len(homes) != 1:
            raise ValueError(f"role {role.value!r} has {len(homes)} start screens, not one")
        return homes[0]

    def screens(self) -> list[Screen]:
        return sorted(self._screens.values(), key=lambda s: s.function_key)

    def parts(self) -> list[PartDeclaration]:
        return list(self._parts.values())


REGISTRY = Registry()


def register_screen(screen: Screen) -> Screen:
    return REGISTRY.add_screen(screen)


def register_part(part: PartDeclaration) -> PartDeclaration:
    return REGISTRY.add_part(part)


def feature_packages(package: str = "ui") -> Iterable[str]:
    """The packages directly under ``package`` (each may declare screens as it is imported)."""
    root = importlib.import_module(package)
    return sorted(f"{package}.{info.name}" for info in pkgutil.iter_modules(root.__path__) if info.ispkg)


def load_features(package: str = "ui") -> Registry:
    """Import every package under ``ui`` (a no-op after the first time) and give the registry."""
    for name in feature_packages(package):
        importlib.import_module(name)
    return REGISTRY
