"""Start the desk application: one QApplication, the database, the main window."""
from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

import peewee

from models.db import open_database
from models.errors import DatabaseMissing, LedgerError
from ui import settings
from ui.errors import install_crash_handler, show_problem
from ui.i18n import tr
from ui.style import apply_app_font


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(settings.ORGANISATION)
    app.setApplicationName(settings.APPLICATION)
    apply_app_font(app, settings.font_point_size())
    install_qt_translation(app)
    return app


def install_qt_translation(app: QApplication) -> None:
    """Qt's own words (the OK and Cancel of message boxes) in Traditional Chinese too."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.Taiwan), "qtbase", "_", folder):
        app.installTranslator(translator)


def open_for_window(database_target: str | None) -> peewee.Database | None:
    """The database the window works on, or None after telling the user why not.

    The default file is created on the first start; a path the user named that does not
    exist is created only after they said yes, so a mistyped --db never starts an empty ledger.
    """
    try:
        try:
            return open_database(database_target, create=database_target is None)
        except DatabaseMissing as missing:
            if missing.path is None:
                raise
            if not ask_to_create(missing):
                return None
            return open_database(database_target, create=True)
    except LedgerError as exc:
        show_problem(None, exc, title=tr("無法開啟資料庫"))
        return None


def ask_to_create(missing: DatabaseMissing) -> bool:
    answer = QMessageBox.question(
        None,
        tr("建立新的資料庫"),
        tr("{found}\n\n要在「{path}」建立新的資料庫嗎？").format(found=missing.message, path=missing.path),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def run_gui(database_target: str | None) -> int:
    app = create_application()
    install_crash_handler()
    database = open_for_window(database_target)
    if database is None:
        return 2
    from ui.main_window import MainWindow

    window = MainWindow(daily_work=True)
    window.show()
    try:
        return app.exec()
    finally:
        database.close()
