"""The main window: the call screen first, then the call log, the catalogue and the dashboard; menus with
every action and its shortcut; the search index built in the background; what other operators change polled
every few seconds; long work through the one runner with visible progress."""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QLabel, QMainWindow, QProgressDialog, QTableView, QWidget

from .. import __version__
from ..core import deferred
from ..core.search import SearchEngine
from . import formats, shortcuts
from .labels import database_tooltip, plain_database_name
from .call.drafts import DraftStore
from .call.screen import CallScreen
from .errors import MessageBox, show_exception
from .file_dialogs import FileDialogs
from .runner import TaskRunner
from .lazy_tabs import LazyTabs
from .state import restore_children, restore_layout, save_layout
from .style import tab_widget

if TYPE_CHECKING:
    from ..core.context import AppContext
    from ..core.ops import changes as change_log
    from ..core.ops.changes import ChangeSet
    from .calllog.view import CallLogView
    from .catalogue.view import CatalogueView
else:  # SQLAlchemy loads once the window is on screen (launch.py)
    change_log = deferred.module("bouquet_desk.core.ops.changes")

log = logging.getLogger("bouquet_desk.ui")

# More establishments touched at once than this (an import): the index is rebuilt rather than patched.
REBUILD_ABOVE = 300


class MainWindow(QMainWindow):
    """`deferred`: what the first paint does not show waits for `start_after_paint()` (the launch calls it once
    the window is on screen): the reminders and filters read, the status counts, the outbox, the colleagues'
    poll, the search index and the telephone endpoint. Otherwise (tests, benchmarks) they start at once, as
    `build_index`, `poll` and `telephony` say."""

    def __init__(self, context: AppContext, runner: TaskRunner | None = None, parent: QWidget | None = None, *,
                 engine: SearchEngine | None = None, drafts: DraftStore | None = None,
                 build_index: bool = True, poll: bool = True, telephony: bool = True,
                 deferred: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.context = context
        self.runner = runner or TaskRunner(self)
        self.engine = engine or SearchEngine(context.reference)
        self.marker = None
        self._poll = poll
        self.setWindowTitle(self.tr("Bouquet Desk — Bouquet de services des lycées aux entreprises"))
        self.resize(1480, 900)

        self.call_screen = CallScreen(context, self.runner, self.engine, self, drafts=drafts)
        self.tabs = tab_widget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(self.call_screen, self.tr("&1 Appel"))
        # The other tabs are made when first opened (or asked for): the call screen alone is on screen at start.
        self.lazy = LazyTabs(self.tabs)
        self.lazy.add("call_log", self.tr("&2 Journal des appels"), self._make_call_log)
        self.lazy.add("catalogue", self.tr("&3 Catalogue"), self._make_catalogue)
        self.lazy.add("dashboard", self.tr("&4 Tableau de bord"), self._make_dashboard)
        self.setCentralWidget(self.tabs)

        self.index_label = QLabel(self)
        self.index_label.setObjectName("indexStatus")
        self.db_label = QLabel(self)
        self.db_label.setObjectName("databaseStatus")
        from .mail.status import MailStatus

        self.mail = MailStatus(context, self.runner, self, refresh=not deferred)
        self.statusBar().addPermanentWidget(self.mail.button)
        self.statusBar().addPermanentWidget(self.index_label)
        self.statusBar().addPermanentWidget(self.db_label)
        from .telephony.desk import TelephonyDesk

        self.telephony = TelephonyDesk(self)
        self._build_menus()
        restore_layout(self, context.settings.window_state)
        self.tabs.setCurrentIndex(0)  # the call screen, always: the phone may ring at any moment

        self.call_screen.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.call_screen.open_call.connect(self.show_call)
        # The one route for changes: this window's writes and the colleagues' polled ones alike.
        self.runner.changes_seen.connect(self._changes_seen)
        self.mail.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.call_screen.send_requested.connect(self.mail.send_call)
        self.call_screen.notices_requested.connect(
            lambda call_id, ids: self.mail.send_call(call_id, company=False, referral_ids=ids) if ids else None)
        self.call_screen.reminders.remind_requested.connect(self.mail.remind)

        self.poll_timer = QTimer(self)
        self.poll_timer.timeout.connect(self.poll)
        if not deferred:
            self._start_reading()
            if telephony:
                self.telephony.start()
            if build_index:
                self.build_index()
        self.call_screen.form.phone.setFocus(Qt.FocusReason.OtherFocusReason)

    def start_after_paint(self) -> None:
        """What a deferred window starts once it is on screen (see the class)."""
        from ..core.catalogue.demo import demo_waiting

        self._start_reading()
        self.mail.refresh()
        if demo_waiting(self.context):
            self.load_demo()  # its announcement (catalogue reloaded) builds the index
        else:
            self.build_index()
        self.telephony.start()

    def load_demo(self) -> None:
        """The first start of the embedded default: the demo catalogue, loaded with the window on screen."""
        from ..core.catalogue.demo import load_demo

        context = self.context
        self.index_label.setText(self.tr("Chargement du catalogue de démonstration…"))

        def progress(done: int, total: int, _label: str) -> None:
            self.index_label.setText(self.tr("Chargement du catalogue de démonstration… %1 %")
                                     .replace("%1", str(round(100 * done / max(total, 1)))))

        def done(report) -> None:
            # Short enough for the status bar beside its counts (the whole report line was cut there).
            self.statusBar().showMessage(
                self.tr("Catalogue de démonstration chargé : %1 établissements, %2 formations")
                .replace("%1", formats.number(report.count("etablissements").created))
                .replace("%2", formats.number(report.count("formations").created)), 10000)

        def failed(exc: BaseException) -> None:
            self.index_label.setText(self.tr("Catalogue de démonstration non chargé"))
            show_exception(exc, self)

        self.runner.run_op(lambda report: load_demo(context, progress=report), done, failed, initiator=self,
                           on_progress=progress)

    def database_opening(self, opening: bool) -> None:
        """The status bar while the database opens after the first paint (its counts replace it once read)."""
        if opening:
            self.db_label.setText(self.tr("Ouverture de la base de données…"))
        else:
            self.db_label.clear()

    def _start_reading(self) -> None:
        self._update_status()
        self.call_screen.start()
        if self._poll and self.context.settings.poll_interval_ms > 0:
            self.marker = change_log.current_marker(self.context.sessions)
            self.poll_timer.start(self.context.settings.poll_interval_ms)

    # ------------------------------------------------------------------ the tabs made when first opened
    @property
    def call_log(self) -> CallLogView:
        return self.lazy.get("call_log")

    @property
    def catalogue(self) -> CatalogueView:
        return self.lazy.get("catalogue")

    @property
    def dashboard(self):
        return self.lazy.get("dashboard")

    def _make_call_log(self) -> CallLogView:
        from .calllog.view import CallLogView

        view = CallLogView(self.context, self.runner, self)
        view.open_call.connect(self.show_call)
        view.edit_call.connect(self.edit_call)
        restore_children(view, self.context.settings.window_state)
        return view

    def _make_catalogue(self) -> CatalogueView:
        from .catalogue.view import CatalogueView

        view = CatalogueView(self, context=self.context, runner=self.runner, engine=self.engine)
        view.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        restore_children(view, self.context.settings.window_state)
        if self.engine.ready:
            view.engine_ready()
        return view

    def _make_dashboard(self):
        from .dashboard.view import Dashboard

        view = Dashboard(self.context, self.runner, self)
        restore_children(view, self.context.settings.window_state)
        return view

    # ------------------------------------------------------------------ menus
    def _action(self, text: str, shortcut, slot, name: str, tip: str = "") -> QAction:
        """A window action; its keys come from ui/shortcuts.py (the list F1 shows) when it is listed there."""
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcuts.key(name):
            action.setShortcuts(shortcuts.keys(name))
        elif shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                action.setShortcuts([QKeySequence(one) for one in shortcut])
            else:
                action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        screen = self.call_screen
        file_menu = self.menuBar().addMenu(self.tr("&Fichier"))
        self.import_action = self._action(self.tr("&Importer un catalogue…"), "Ctrl+I", self.import_catalogue,
                                          "importAction")
        self.export_action = self._action(self.tr("&Exporter le catalogue…"), "Ctrl+E", self.export_catalogue,
                                          "exportAction")
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Préférences…"), "Ctrl+,", self.edit_preferences, "preferencesAction"))
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Quitter"), QKeySequence.StandardKey.Quit, self.close, "quitAction"))

        call_menu = self.menuBar().addMenu(self.tr("A&ppel"))
        self.new_call_action = self._action(self.tr("&Nouvel appel"), "Ctrl+N", self.new_call, "newCallAction",
                                            self.tr("Un appel vierge, le chronomètre part"))
        self.search_action = self._action(self.tr("&Rechercher dans le catalogue"), "Ctrl+F", self.focus_search,
                                          "searchAction")
        self.save_action = self._action(self.tr("&Enregistrer l'appel"), None, self.save_call, "saveCallAction")
        self.refer_action = self._action(self.tr("&Orienter vers les contacts cochés"), "Ctrl+Shift+O",
                                         lambda: self._on_call(screen.routing._refer), "referAction")
        self.letter_action = self._action(self.tr("&Courrier à l'entreprise"), "Ctrl+L",
                                          lambda: self._on_call(screen.letter), "letterAction")
        self.send_action = self._action(self.tr("En&voyer les courriers par courriel"), "Ctrl+Shift+E",
                                        lambda: self._on_call(screen.send), "sendMailAction")
        self.outbox_action = self._action(self.tr("&Boîte d'envoi…"), None, lambda: self.mail.show_outbox(),
                                          "outboxAction")
        for action in (self.new_call_action, self.search_action, self.save_action, self.refer_action,
                       self.letter_action, self.send_action, self.outbox_action, self.telephony.dial_action):
            call_menu.addAction(action)
        call_menu.addSeparator()
        for text, shortcut, widget, name in (
            (self.tr("Aller au &téléphone"), "Ctrl+T", screen.form.phone, "goPhone"),
            (self.tr("Aller au &motif"), "Ctrl+M", screen.form.category, "goCategory"),
            (self.tr("Aller aux n&otes"), "Ctrl+Shift+N", screen.form.notes, "goNotes"),
            (self.tr("Aller aux &suggestions"), "Ctrl+R", screen.routing.view, "goSuggestions"),
            (self.tr("Aller à l'&historique"), "Ctrl+H", screen.history.calls, "goHistory"),
            (self.tr("Aller aux orientations en co&urs"), "Ctrl+Shift+H", screen.history.referrals, "goReferrals"),
            (self.tr("Aller aux re&lances"), "Ctrl+J", screen.reminders.due, "goReminders"),
        ):
            call_menu.addAction(self._action(text, shortcut, lambda _=False, w=widget: self._focus(w), name))

        view_menu = self.menuBar().addMenu(self.tr("Affic&hage"))
        for number, title in enumerate((self.tr("Appel"), self.tr("Journal des appels"), self.tr("Catalogue"),
                                        self.tr("Tableau de bord"))):
            if number < self.tabs.count():
                view_menu.addAction(self._action(title, f"Ctrl+{number + 1}",
                                                 lambda _=False, n=number: self.tabs.setCurrentIndex(n),
                                                 f"tab{number + 1}Action"))
        view_menu.addSeparator()
        view_menu.addAction(
            self._action(self.tr("Filtrer les établissements"), "Ctrl+Shift+F", self._focus_filter, "filterAction")
        )
        view_menu.addAction(self._action(self.tr("&Actualiser"), QKeySequence.StandardKey.Refresh, self.reload,
                                         "reloadAction"))
        help_menu = self.menuBar().addMenu(self.tr("Ai&de"))
        help_menu.addAction(self._action(self.tr("&Raccourcis clavier"), "F1", self._shortcuts, "shortcutsAction"))
        help_menu.addAction(self._action(self.tr("À &propos"), None, self._about, "aboutAction"))

    def edit_preferences(self) -> None:
        from .preferences import PreferencesDialog

        edited = PreferencesDialog.ask(self.context.settings, self)
        if edited is None:
            return
        endpoint_before = self._endpoint_settings()
        # The context and every panel hold this same Settings object: update it in place.
        for name, value in vars(edited).items():
            setattr(self.context.settings, name, value)
        try:
            self.context.settings.save()
        except OSError as exc:
            MessageBox.error(self, self.tr("Préférences"), self.tr("Préférences non enregistrées : %1")
                             .replace("%1", exc.strerror or str(exc)))
            return
        self.statusBar().showMessage(self.tr("Préférences enregistrées."), 5000)
        self.runner.announce(change_log.ChangeSet(settings_changed=True, own=True), self)
        self.mail.refresh()
        if self._endpoint_settings() != endpoint_before:
            self.telephony.restart()

    def _endpoint_settings(self) -> tuple:
        s = self.context.settings
        return s.telephony_enabled, s.telephony_address, s.telephony_port, s.telephony_token

    def ask_operator_if_unknown(self) -> None:
        """First start on this PC: the letters need a signature and the calls an operator."""
        if not self.context.settings.operator:
            self.edit_preferences()

    def _on_call(self, slot) -> None:
        self.tabs.setCurrentWidget(self.call_screen)
        slot()

    def _focus(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(self.call_screen)
        self.call_screen.reveal(widget)  # a table on a hidden tab page comes to the front first
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if isinstance(widget, QAbstractItemView) and widget.model() is not None and widget.model().rowCount() \
                and not widget.selectionModel().hasSelection():
            # The keys act on a row at once: the first one is current and selected.
            widget.setCurrentIndex(widget.model().index(0, 0))
            if isinstance(widget, QTableView):
                widget.selectRow(0)

    def new_call(self) -> None:
        self.tabs.setCurrentWidget(self.call_screen)
        self.call_screen.new_call()

    def save_call(self) -> None:
        self.tabs.setCurrentWidget(self.call_screen)
        self.call_screen.save()

    def focus_search(self) -> None:
        if self.lazy.made("catalogue") is not None and self.tabs.currentWidget() is self.catalogue:
            self.catalogue.focus_search()
            return
        self.tabs.setCurrentWidget(self.call_screen)
        self.call_screen.focus_search()

    def _focus_filter(self) -> None:
        self.tabs.setCurrentWidget(self.catalogue)
        self.catalogue.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.catalogue.filter.selectAll()

    def _shortcuts(self) -> None:
        MessageBox.info(self, self.tr("Raccourcis clavier"), "\n".join(shortcuts.help_lines()))

    def _about(self) -> None:
        MessageBox.info(
            self,
            self.tr("À propos"),
            self.tr("Bouquet Desk %1\nLe standard du Bouquet de services des lycées aux entreprises.\nBase : %2")
            .replace("%1", __version__)
            .replace("%2", plain_database_name(self.context.url)),
        )

    # ------------------------------------------------------------------ the telephone and other instances
    def handle_message(self, message: dict) -> None:
        """A message from a second start (single instance): a ringing number, or just "show yourself"."""
        phone = message.get("incoming")
        if phone:
            self.incoming(str(phone))
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def incoming(self, phone: str) -> None:
        self.open_incoming(phone)

    def open_incoming(self, number: str, call_id: str | None = None, *, direction: str = "incoming") -> None:
        """A ringing number (telephone event `call_id`, --incoming, tel: link): a new call on the call screen,
        the caller recognised; a call being typed is kept as a draft. "" for a hidden number."""
        self.tabs.setCurrentWidget(self.call_screen)
        self.call_screen.new_call(number, direction=direction)
        shown = number or self.tr("numéro masqué")
        text = self.tr("Appel entrant : %1") if direction == "incoming" else self.tr("Appel sortant : %1")
        self.statusBar().showMessage(text.replace("%1", shown), 8000)
        if call_id is not None:
            self.showNormal()
            self.raise_()
            self.activateWindow()

    def offer_drafts(self) -> None:
        """Calls left half-typed by a crash, offered back one by one."""
        store = self.call_screen.drafts
        for path, draft in store.leftovers():
            when = formats.moment_text(draft.written_at)
            if MessageBox.confirm(
                self, self.tr("Appel non enregistré"),
                self.tr("Un appel saisi le %1 n'a pas été enregistré :\n%2\n\nLe reprendre ?")
                .replace("%1", when).replace("%2", draft.describe()),
            ):
                path.unlink(missing_ok=True)
                self.tabs.setCurrentWidget(self.call_screen)
                self.call_screen.restore(draft)
                return
            path.unlink(missing_ok=True)

    def show_call(self, call_id: int) -> None:
        from .calllog.detail import CallDetailDialog

        try:
            if CallDetailDialog.ask(self.context, self.runner, call_id, self) == CallDetailDialog.EDIT:
                self.edit_call(call_id)
        except Exception as exc:  # noqa: BLE001 - a UserError (call gone) or a bug, shown once
            show_exception(exc, self)

    def edit_call(self, call_id: int) -> None:
        """A saved call back in the call screen, to be edited and saved again (its history kept)."""
        self.tabs.setCurrentWidget(self.call_screen)
        self.call_screen.edit_call(call_id)

    # ------------------------------------------------------------------ search index
    def build_index(self) -> None:
        engine, context = self.engine, self.context
        self.index_label.setText(self.tr("Index de recherche : préparation…"))

        def done(count: int) -> None:
            seconds = engine.last_build_seconds or 0.0
            how = self.tr("chargé") if engine.loaded_saved_index else self.tr("construit")
            self.index_label.setText(self.tr("Index %1 : %2 éléments (%3 s)").replace("%1", how)
                                     .replace("%2", formats.number(count)).replace("%3", formats.number(seconds, 1)))
            self.call_screen.engine_ready()
            if self.lazy.made("catalogue") is not None:
                self.catalogue.engine_ready()
            # The index is most of the heap (250,000 objects at 100,000 formations), and a full pass of the cyclic
            # garbage collector walked it in 0.1 s, now and then, in the middle of a keystroke or a scroll. What is
            # alive now lives as long as the window: out of the collector's sight (reference counting still frees
            # it when an import replaces the index).
            gc.freeze()

        def failed(exc: BaseException) -> None:
            self.index_label.setText(self.tr("Index de recherche indisponible"))
            show_exception(exc, self)

        self.runner.run_read(lambda: engine.build_from_db(context.sessions), done, failed)

    # ------------------------------------------------------------------ changes: ours and the other operators'
    def poll(self) -> None:
        """The colleagues' changes (this window's own rows are left out by their origin)."""
        if self.marker is None:
            return
        sessions, marker = self.context.sessions, self.marker

        def done(result) -> None:
            self.marker, changes = result
            self.runner.announce(changes, None)

        self.runner.run_read(lambda: change_log.changes_since(sessions, marker), done,
                             lambda exc: log.warning("poll failed: %s", exc))

    def _changes_seen(self, changes: ChangeSet, initiator) -> None:
        """The window's part: the catalogue tab, the search index (touched establishments only) and the
        status line. The other panels listen to runner.changes_seen themselves."""
        if changes.call_ids:
            self.telephony.missed.reload()  # a colleague's PC (or this one) logged or returned a missed call
        if changes.settings_changed:
            interval = self.context.settings.poll_interval_ms
            if self.poll_timer.isActive() and interval > 0:
                self.poll_timer.setInterval(interval)
        catalogue = self.lazy.made("catalogue")  # not made yet: it reads the catalogue when it is
        if changes.catalogue_reloaded or len(changes.uais) > REBUILD_ABOVE:
            if catalogue is not None:
                catalogue.reload()
            self.build_index()
            self._update_status()
        elif changes.catalogue_changed:
            if catalogue is not None and initiator is not catalogue:
                catalogue.reload()
            engine, sessions, uais = self.engine, self.context.sessions, sorted(changes.uais)
            if uais:
                self.runner.run_read(lambda: engine.refresh(sessions, uais),
                                     lambda _r: self.call_screen.search.run_search(),
                                     lambda exc: log.warning("index refresh: %s", exc))
            self._update_status()

    # ------------------------------------------------------------------ catalogue exchange
    def import_catalogue(self, path: Path | None = None) -> None:
        path = path or FileDialogs.open_catalogue(self)
        if path is None:
            return
        from ..core.catalogue.exchange import CatalogueError, import_catalogue
        from .catalogue.import_report import ImportReportDialog

        progress = self._progress_dialog(self.tr("Import de %1").replace("%1", path.name))
        context, operator = self.context, self.context.operator

        def task(report):
            return import_catalogue(context, path, operator=operator, progress=report)

        def done(result) -> None:
            progress.close()  # what it changed was announced by run_op: the index and the tabs follow
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

        self.runner.run_op(task, done, failed, initiator=self,
                           on_progress=lambda d, t, label: self._advance(progress, d, t, label))

    def export_catalogue(self, path: Path | None = None) -> None:
        path = path or FileDialogs.save_catalogue(self)
        if path is None:
            return
        from ..core.catalogue.exchange import export_catalogue

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
        if self.lazy.made("catalogue") is not None:
            self.catalogue.reload()
        if self.lazy.made("call_log") is not None:
            self.call_log.mark_stale()
        self.call_screen.reminders.reload()
        self._update_status()

    def _update_status(self) -> None:
        from ..core.catalogue.editing import catalogue_counts

        context = self.context

        def done(counts) -> None:
            establishments, formations = counts
            self.db_label.setText(
                self.tr("%1 établissements · %2 formations · base %3")
                .replace("%1", formats.number(establishments))
                .replace("%2", formats.number(formations))
                .replace("%3", plain_database_name(context.url))
            )
            self.db_label.setToolTip(database_tooltip(context.url))

        self.runner.run_read(lambda: catalogue_counts(context.sessions), done, lambda exc: log.warning("counts: %s", exc))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.poll_timer.stop()
        self.telephony.close()
        self.mail.timer.stop()
        self.call_screen._write_draft()  # a call still being typed stays on disk: offered at the next start
        self.runner.wait(10000)
        settings = self.context.settings
        settings.window_state = save_layout(self, settings.window_state)
        try:
            settings.save()
        except OSError:
            pass  # losing the window layout must never block closing
        super().closeEvent(event)
