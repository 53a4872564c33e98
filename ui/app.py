"""Start the desk application: one QApplication, the database, the main window."""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from models.db import default_database_path, is_url
from models.errors import DatabaseDamaged, DatabaseMissing, LedgerError
from models.storage import open_ledger
from ui import settings
from ui.errors import install_crash_handler, show_problem
from ui.i18n import tr
from ui.qt_binding import keep_singletons_alive
from ui.style import apply_app_font
from ui.widgets.questions import ask, tell
from ui.widgets.keys import install_enter_for_buttons

if TYPE_CHECKING:
    import peewee  # only named here: models/ imports it first, without the PostgreSQL driver


def create_application(argv: list[str] | None = None) -> QApplication:
    keep_singletons_alive()
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(settings.ORGANISATION)
    app.setApplicationName(settings.APPLICATION)
    apply_app_font(app, settings.font_point_size())
    install_qt_translation(app)
    install_enter_for_buttons(app)
    return app


# Qt's Chinese appends a Latin access key to some words (「是(&Y)」): an elderly user reads the
# (Y) as part of the word, and the desks say their own keys on their buttons.
_LATIN_ACCESS_KEY = re.compile(r"\(&[A-Za-z0-9]\)")
# Qt's own words its Chinese lacks (the file dialog's two labels with their access keys)
MISSING_WORDS = {("QFileDialog", "&Look in:"): "尋找於：", ("QFileDialog", "Files of &type:"): "檔案類型："}


class PlainWords(QTranslator):
    """Qt's own translation with the Latin access keys left out."""

    def __init__(self, words: QTranslator, parent: QObject) -> None:
        super().__init__(parent)
        self.words = words

    def translate(  # Qt override
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        text = self.words.translate(context, source_text, disambiguation, n)
        text = text or MISSING_WORDS.get((context, source_text))
        # None, not "": an empty string would be taken as the translation of the program's own words
        return _LATIN_ACCESS_KEY.sub("", text) if text else None

    def isEmpty(self) -> bool:  # noqa: N802 (Qt override)
        return self.words.isEmpty()


def install_qt_translation(app: QApplication) -> QTranslator | None:
    """Qt's own words (the OK and Cancel of message boxes) in Traditional Chinese too; the
    translator installed, or None when this Qt has no Chinese."""
    words = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not words.load(QLocale(QLocale.Language.Chinese, QLocale.Country.Taiwan), "qtbase", "_", folder):
        return None
    plain = PlainWords(words, app)
    app.installTranslator(plain)
    return plain


def open_for_window(database_target: str | None) -> peewee.Database | None:
    """The database the window works on, or None after telling the user why not.

    The default file is created on the first start; a path the user named that does not
    exist is created only after they said yes, so a mistyped --db never starts an empty ledger.
    A damaged file can be restored from a backup right here (the 備份 screen it would be
    restored from cannot be reached without a database); then it is opened as usual.
    """
    while True:
        try:
            try:
                return open_ledger(database_target, create=database_target is None)
            except DatabaseMissing as missing:
                if missing.path is None:
                    raise
                if not ask_to_create(missing):
                    return None
                return open_ledger(database_target, create=True)
        except DatabaseDamaged as damaged:
            if database_target is not None and is_url(database_target):
                show_problem(None, damaged, title=tr("無法開啟資料庫"))
                return None
            path = Path(database_target) if database_target is not None else default_database_path()
            if not offer_restore(damaged, path):
                return None
        except LedgerError as exc:
            show_problem(None, exc, title=tr("無法開啟資料庫"))
            return None


def offer_restore(damaged: DatabaseDamaged, path: Path) -> bool:
    """The damaged-file message with a way out: choose a backup (from the backups folder beside
    the file), read what it holds, confirm as on the 備份 screen, restore. False: end the program."""
    from models import backup
    from ui.admin.backup_view import (
        ask_to_restore,
        choose_backup_file,
        read_backup,
        restore_backup,
        restore_question,
        restored_text,
    )

    while True:
        box = QMessageBox(QMessageBox.Icon.Critical, tr("資料庫檔案已損壞"), str(damaged))
        box.setInformativeText(tr("按「從備份還原…」選擇一份備份檔；按「結束程式」則不做任何變更。"))
        quit_button = box.addButton(tr("結束程式"), QMessageBox.ButtonRole.RejectRole)
        restore_button = box.addButton(tr("從備份還原…"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(restore_button)
        box.setEscapeButton(quit_button)
        box.exec()
        if box.clickedButton() is not restore_button:
            return False
        source = choose_backup_file(None, backup.backups_folder(path))
        if source is None:
            continue  # back to the message: choose again, or end
        try:
            summary = read_backup(None, source)
            if not ask_to_restore(None, restore_question(summary)):
                continue
            restored = restore_backup(None, source, path)
        except LedgerError as exc:
            show_problem(None, exc, title=tr("無法從這個備份還原"))
            continue
        tell(None, tr("從備份還原"), restored_text(restored))
        return True


def ask_to_create(missing: DatabaseMissing) -> bool:
    """Enter ends the program (a mistyped --db must not start an empty ledger); the buttons
    say so, since 否 closed the program without a word."""
    return ask(
        None,
        tr("建立新的資料庫"),
        tr("{found}\n\n要在「{path}」建立新的資料庫嗎？").format(found=missing.message, path=missing.path),
        yes=tr("建立新的資料庫"),
        no=tr("不建立，結束程式"),
    )


def run_gui(database_target: str | None) -> int:
    app = create_application()
    install_crash_handler()
    database = open_for_window(database_target)
    if database is None:
        return 2
    from ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    # The start screen first; then the day's backup and check, whose code and worker thread
    # would otherwise delay it (the first event-loop turn, before anyone can choose a name).
    QTimer.singleShot(0, window.start_parts)
    try:
        return app.exec()
    finally:
        database.close()
