"""Start the desk application: one QApplication, the database, the main window."""
from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from models.db import open_database
from models.errors import LedgerError
from ui import settings
from ui.errors import install_crash_handler
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


def run_gui(database_target: str | None) -> int:
    app = create_application()
    install_crash_handler()
    try:
        database = open_database(database_target)
    except LedgerError as exc:
        QMessageBox.critical(None, tr("無法開啟資料庫"), str(exc))
        return 2
    from ui.main_window import MainWindow

    window = MainWindow(daily_work=True)
    window.show()
    try:
        return app.exec()
    finally:
        database.close()
