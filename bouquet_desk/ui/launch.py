"""Starting the window: the application object, French translations, the window painted, then its database
opened in the background (a first start creates it, then loads the demo catalogue, with progress shown)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ..core.db.location import resolve_url
from ..core.errors import UserError
from ..core.paths import resource_path
from .errors import MessageBox, show_exception
from .runner import TaskRunner
from .single_instance import InstanceServer, send, server_name


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Bouquet Desk")
    app.setOrganizationName("Comité Grand Lens")
    app.setDesktopFileName("bouquet-desk")
    icon = resource_path("icons", "bouquet-desk.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    from .translation import install_french

    install_french(app)  # Qt's own dialogs (buttons, file chooser) in French
    return app


class _FirstPaint(QObject):
    """Calls `then` once, when the event loop is idle after the widget's first paint (or after `fallback_ms`
    when the widget is never painted, e.g. started minimised)."""

    def __init__(self, widget, then, fallback_ms: int = 1500) -> None:
        super().__init__(widget)
        self._then = then
        self._done = False
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self._run)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and not self._done:
            QTimer.singleShot(0, self._run)
        return False

    def _run(self) -> None:
        if not self._done:
            self._done = True
            self.parent().removeEventFilter(self)
            self._then()


def after_first_paint(widget, then) -> None:
    _FirstPaint(widget, then)


def run_window(args, unopened_context, open_context) -> int:
    app = make_application()
    incoming = getattr(args, "incoming", None)
    # One window per user and database: a second start (the telephone hook) hands over and leaves.
    url, _default = resolve_url(args.db)
    name = server_name(url)
    if send(name, {"incoming": incoming} if incoming else {"show": True}):
        return 0
    server = InstanceServer(app)
    server.listen(name)
    runner = TaskRunner(app)
    state: dict = {"code": 0}
    from .main_window import MainWindow

    # The window paints first, then opens its database: SQLAlchemy, the models and the schema check (Alembic when
    # the database is new) load in the background with the window on screen, the status bar saying so. Until
    # then the window reads nothing (deferred), and a read asked for meanwhile waits for the database.
    context = unopened_context(args.db)
    window = MainWindow(context, runner, deferred=True)
    state["window"] = window
    server.message.connect(window.handle_message)

    def opened(_context) -> None:
        # What the operator does not see on the first paint starts once the database is open: the reminders and
        # counts, the index, the telephone endpoint, the drafts offered back, the operator's name asked,
        # LibreOffice kept running (the first letter's PDF ready in a fraction of a second), the outbox sent.
        # (the dialogs are modal: each in its own turn of the loop, so that none waits for another to close)
        from ..core.letters.office_server import start_in_background

        window.start_after_paint()
        for then in (window.offer_drafts, window.ask_operator_if_unknown, start_in_background,
                     window.mail.flush):  # the outbox: what waited since the last session
            QTimer.singleShot(0, then)

    def failed(exc: BaseException) -> None:
        window.database_opening(False)
        if isinstance(exc, UserError):
            MessageBox.error(window, app.translate("launch", "Bouquet Desk ne peut pas démarrer"), str(exc))
            state["code"] = 2
        else:
            show_exception(exc, window)
            state["code"] = 1
        app.quit()

    def painted() -> None:
        # Started on the write lane before any write can be asked for (nothing writes before the database is
        # open), so that every write waits behind it; reads on their own lane wait for it in AppContext.
        window.database_opening(True)
        runner.run(lambda: open_context(args.db, context=context, demo_later=True), opened, failed)

    after_first_paint(window, painted)
    window.show()
    if incoming:
        window.incoming(incoming)

    code = app.exec()
    server.close()
    context.close()
    return state["code"] or code
