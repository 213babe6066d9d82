"""Starting the window: the application object, French translations, and the database opened in the
background so that a first start (which loads the demo catalogue) shows progress instead of freezing."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QProgressDialog

from ..core.db.engine import resolve_url
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
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    # Qt's own dialogs (buttons, file chooser) in French; our strings are written in French already.
    translator = QTranslator(app)
    if translator.load(QLocale(), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    return app


def run_window(args, open_context) -> int:
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

    splash = QProgressDialog(app.translate("launch", "Ouverture de la base de données…"), "", 0, 0)
    splash.setWindowTitle("Bouquet Desk")
    splash.setCancelButton(None)
    splash.setMinimumDuration(400)
    splash.setWindowModality(Qt.WindowModality.ApplicationModal)

    def progress(done: int, total: int, label: str) -> None:
        splash.setMaximum(max(total, 1))
        splash.setValue(min(done, max(total, 1)))
        splash.setLabelText(label)

    def opened(context) -> None:
        from .main_window import MainWindow

        splash.close()
        window = MainWindow(context, runner)
        state["window"] = window
        server.message.connect(window.handle_message)
        window.show()
        if incoming:
            window.incoming(incoming)
        QTimer.singleShot(0, window.offer_drafts)
        QTimer.singleShot(0, window.ask_operator_if_unknown)
        # One LibreOffice kept running from now on: the first letter's PDF is ready in a fraction of a second.
        from ..core.letters.office_server import start_in_background

        QTimer.singleShot(0, start_in_background)
        QTimer.singleShot(0, window.mail.flush)  # what waited in the outbox since the last session

    def failed(exc: BaseException) -> None:
        splash.close()
        if isinstance(exc, UserError):
            MessageBox.error(None, app.translate("launch", "Bouquet Desk ne peut pas démarrer"), str(exc))
            state["code"] = 2
        else:
            show_exception(exc)
            state["code"] = 1
        app.quit()

    runner.run(lambda report: open_context(args.db, progress=report), opened, failed, on_progress=progress)
    code = app.exec()
    server.close()
    window = state.get("window")
    if window is not None:
        window.context.close()
    return state["code"] or code
