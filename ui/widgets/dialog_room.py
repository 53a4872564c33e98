"""Dialogs that make room for what they say.

A refusal under a field adds lines to a dialog. Qt would squeeze the inputs and cut the
message into the room the dialog already had (a wrapped label's height is not part of a
window's minimum size); instead the dialog grows to show it. It never shrinks while open, so
when the message goes its buttons stay where the hand is. It stays on the screen: moved up
as far as it must, and a long form (the petition's, in large print) scrolls rather than
running off the bottom of a 1366×768 screen.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QFrame, QLabel, QLayout, QScrollArea, QWidget

MEASURES = 8  # rounds of growing: each gives the rows more height and looks again at what is cut
TITLE_BAR = 32  # what a window manager's title bar adds above a dialog, when Qt cannot tell yet


def screen_room(widget: QWidget) -> QRect:
    """Where a window may lie: its screen less the task bar."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


class FormArea(QScrollArea):
    """A dialog's form, as tall as the form needs (a plain scroll area asks for a fixed few
    lines), scrolling only when the screen is shorter than that; never sideways."""

    def __init__(self, form: QLayout, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        body = QWidget()
        body.setLayout(form)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_when(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not to the area
        body.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the form changed (a message came): the dialog measures again
        return super().eventFilter(watched, event)

    def _bar(self) -> int:
        return self.verticalScrollBar().sizeHint().width()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.widget().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        # As wide as the form must be (it never scrolls sideways), with room for the bar.
        wanted = self.widget().minimumSizeHint()
        return QSize(wanted.width() + self._bar(), min(wanted.height(), self.fontMetrics().lineSpacing() * 4))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        body = self.widget()
        if body.hasHeightForWidth():
            return body.heightForWidth(width)
        return body.sizeHint().height()

    def scroll_when(self, too_tall: bool) -> None:
        """A scroll bar only when the screen cannot hold the whole form: while the dialog is
        still growing to fit, one would come and go and narrow the form for nothing."""
        policy = Qt.ScrollBarPolicy.ScrollBarAsNeeded if too_tall else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        if policy != self.verticalScrollBarPolicy():
            self.setVerticalScrollBarPolicy(policy)
            QApplication.postEvent(self, QEvent(QEvent.Type.LayoutRequest))  # the form is measured again

    def show_whole(self, widget: QWidget) -> None:
        """Scroll so that ``widget`` (a field and its message) is in sight."""
        self.ensureWidgetVisible(widget, 0, 0)


class _Room(QObject):
    """Watches one dialog, its parent: on showing and whenever its layout changes, grows it to
    fit. It keeps nothing on its Python side (the dialog is its parent, the pending growth a
    timer child): a Qt child outlives its Python wrapper, and a lost wrapper lost its attributes
    (「'_Room' object has no attribute 'dialog'」, and the program crashed)."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        soon = QTimer(self)
        soon.setSingleShot(True)
        soon.setInterval(0)  # once the layout has taken its new sizes
        soon.timeout.connect(self.grow)
        dialog.installEventFilter(self)

    @property
    def dialog(self) -> QDialog:
        return self.parent()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show) and watched is self.parent():
            self.grow_soon()
        return False

    def grow_soon(self) -> None:
        soon = self.findChild(QTimer)
        if soon is not None and not soon.isActive():
            soon.start()

    def cut_short(self) -> int:
        """The pixels the most squeezed part lacks: Qt's sum of a form's rows can come short of
        what a wrapped label needs at the width it was given, or of a field's own minimum."""
        shown = [widget for widget in self.dialog.findChildren(QWidget) if widget.isVisible()]
        wrapped = (w.heightForWidth(w.width()) - w.height() for w in shown if isinstance(w, QLabel) and w.wordWrap())
        fields = (w.minimumSizeHint().height() - w.height() for w in shown if w.layout() is not None)
        return max(*wrapped, *fields, 0)

    def grow(self) -> None:
        dialog = self.dialog
        layout = dialog.layout()
        if layout is None or not dialog.isVisible():
            return
        room = screen_room(dialog)
        frame = max(dialog.frameGeometry().height() - dialog.height(), TITLE_BAR)
        width = min(max(dialog.width(), layout.totalSizeHint().width()), room.width())
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        needed = max(needed, dialog.height() + self.cut_short())
        for _ in range(MEASURES):
            height = min(max(needed, dialog.height()), room.height() - frame)
            for area in dialog.findChildren(FormArea):
                area.scroll_when(needed > height)
            if (width, height) == (dialog.width(), dialog.height()):
                break
            dialog.resize(width, height)
            layout.activate()  # the rows take the new height now, to be measured again
            needed = max(needed, dialog.height() + self.cut_short())
        self.keep_on_screen(room, frame)

    def keep_on_screen(self, room: QRect, frame: int) -> None:
        """Lifted and moved left as far as it must to lie on the screen."""
        dialog = self.dialog
        place = dialog.frameGeometry()
        left = max(room.left(), min(place.left(), room.left() + room.width() - place.width()))
        top = max(room.top(), min(place.top(), room.top() + room.height() - dialog.height() - frame))
        if (left, top) != (place.left(), place.top()):
            dialog.move(left, top)


def make_room(dialog: QDialog) -> None:
    """``dialog`` grows to show whatever it comes to say, as this module's text describes."""
    _Room(dialog)
