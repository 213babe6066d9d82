"""The main window: menus, the catalogue, and long work through the one runner with visible progress."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressDialog, QTabWidget, QWidget

from .. import __version__
from ..core.catalogue.exchange import CatalogueError, export_catalogue, import_catalogue
from ..core.context import AppContext
from ..core.db.database import describe
from .catalogue.import_report import ImportReportDialog
from .catalogue.view import CatalogueView
from .errors import MessageBox, show_exception
from .file_dialogs import FileDialogs
from .runner import TaskRunner


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, runner: TaskRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.context = context
        self.runner = runner or TaskRunner(self)
        self.setWindowTitle(self.tr("Bouquet Desk — Bouquet de services des lycées aux entreprises"))
        self.resize(1280, 800)

        self.catalogue = CatalogueView(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(self.catalogue, self.tr("Catalogue"))
        self.setCentralWidget(self.tabs)

        self.db_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.db_label)
        self._build_menus()
        self._restore_state()
        self.catalogue.set_sessions(context.sessions)
        self._update_status()

    # ------------------------------------------------------------------ menus
    def _action(self, text: str, shortcut, slot, name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Fichier"))
        self.import_action = self._action(self.tr("&Importer un catalogue…"), "Ctrl+I", self.import_catalogue, "importAction")
        self.export_action = self._action(self.tr("&Exporter le catalogue…"), "Ctrl+E", self.export_catalogue, "exportAction")
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Quitter"), QKeySequence.StandardKey.Quit, self.close, "quitAction"))
        view_menu = self.menuBar().addMenu(self.tr("&Affichage"))
        view_menu.addAction(
            self._action(self.tr("Filtrer les établissements"), "Ctrl+Shift+F", self._focus_filter, "filterAction")
        )
        view_menu.addAction(self._action(self.tr("&Actualiser"), QKeySequence.StandardKey.Refresh, self.reload, "reloadAction"))
        help_menu = self.menuBar().addMenu(self.tr("&Aide"))
        help_menu.addAction(self._action(self.tr("À &propos"), None, self._about, "aboutAction"))

    def _focus_filter(self) -> None:
        self.tabs.setCurrentWidget(self.catalogue)
        self.catalogue.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.catalogue.filter.selectAll()

    def _about(self) -> None:
        MessageBox.info(
            self,
            self.tr("À propos"),
            self.tr("Bouquet Desk %1\nLe standard du Bouquet de services des lycées aux entreprises.\nBase : %2")
            .replace("%1", __version__)
            .replace("%2", describe(self.context.url)),
        )

    # ------------------------------------------------------------------ catalogue exchange
    def import_catalogue(self, path: Path | None = None) -> None:
        path = path or FileDialogs.open_catalogue(self)
        if path is None:
            return
        progress = self._progress_dialog(self.tr("Import de %1").replace("%1", path.name))
        context, operator = self.context, self.context.operator

        def task(report):
            return import_catalogue(context, path, operator=operator, progress=report)

        def done(result) -> None:
            progress.close()
            self.reload()
            self.statusBar().showMessage(self.tr("Import terminé : %1").replace("%1", result.summary_line()), 10000)

        def failed(exc: BaseException) -> None:
            progress.close()
            if isinstance(exc, CatalogueError):
                ImportReportDialog.ask(
                    self.tr("Import refusé"),
                    self.tr("Le classeur %1 n'a pas été importé (rien n'a été modifié). "
                            "Corrigez ces %2 problème(s) puis recommencez :")
                    .replace("%1", path.name)
                    .replace("%2", str(len(exc.issues))),
                    [issue.describe() for issue in exc.issues],
                    self,
                )
            else:
                show_exception(exc, self)

        self.runner.run(task, done, failed, on_progress=lambda d, t, label: self._advance(progress, d, t, label))

    def export_catalogue(self, path: Path | None = None) -> None:
        path = path or FileDialogs.save_catalogue(self)
        if path is None:
            return
        sessions = self.context.sessions

        def done(_result) -> None:
            self.statusBar().showMessage(self.tr("Catalogue exporté dans %1").replace("%1", str(path)), 10000)

        self.runner.run(lambda: export_catalogue(sessions, path), done, lambda exc: show_exception(exc, self))

    def _progress_dialog(self, title: str) -> QProgressDialog:
        dialog = QProgressDialog(title, "", 0, 100, self)
        dialog.setObjectName("progressDialog")
        dialog.setWindowTitle(title)
        dialog.setCancelButton(None)  # an import is one transaction: stopping halfway would only roll back
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setValue(0)
        return dialog

    @staticmethod
    def _advance(dialog: QProgressDialog, done: int, total: int, label: str) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        dialog.setLabelText(label)

    # ------------------------------------------------------------------ state
    def reload(self) -> None:
        self.catalogue.reload()
        self._update_status()

    def _update_status(self) -> None:
        rows = self.catalogue.establishments.source.rows()
        self.db_label.setText(
            self.tr("%1 établissements · %2 formations · base %3")
            .replace("%1", str(len(rows)))
            .replace("%2", str(sum(r.formations for r in rows)))
            .replace("%3", describe(self.context.url))
        )

    def _restore_state(self) -> None:
        saved = self.context.settings.window_state
        if "geometry" in saved:
            self.restoreGeometry(QByteArray.fromBase64(saved["geometry"].encode()))
        if "catalogueSplitter" in saved:
            self.catalogue.splitter.restoreState(QByteArray.fromBase64(saved["catalogueSplitter"].encode()))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.runner.wait(10000)
        settings = self.context.settings
        settings.window_state = {
            "geometry": bytes(self.saveGeometry().toBase64()).decode(),
            "catalogueSplitter": bytes(self.catalogue.splitter.saveState().toBase64()).decode(),
        }
        try:
            settings.save()
        except OSError:
            pass  # losing the window layout must never block closing
        super().closeEvent(event)
