"""The search panel: a box answered at every keystroke (debounced), filters, the results as cards and the
detail of the selected one."""

from __future__ import annotations

import html
import logging
import time

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import UserError
from .. import formats
from ..models.cards import CardDelegate
from ..models.lists import CardListModel
from ..widgets import HintListView
from .details import load_html

log = logging.getLogger("bouquet_desk.ui.search")


def _t(text: str) -> str:
    return QCoreApplication.translate("search", text)


# Ctrl+U: take the query as typed (undo what was understood); again: understand it again.
UNDO_KEY = "Ctrl+U"
HOME_KEY = "home"

KIND_LABELS = {"formation": "Formation", "resource": "Ressource", "establishment": "Établissement",
               "contact": "Contact"}


def result_card(result) -> tuple[str, str, str, str]:
    where = " · ".join(part for part in (result.establishment if result.kind != "establishment" else "",
                                         result.commune or "") if part)
    kind = _t(KIND_LABELS.get(result.kind, result.kind))
    if result.kind == "resource" and result.capacity:
        kind += " · " + _t("%1 places").replace("%1", formats.number(result.capacity))
    subtitle = f"{kind} — {where}" if where else kind
    return result.title, subtitle, result.why, formats.km(result.distance_km)


def result_tooltip(result) -> str:
    return f"{result.title}\n{result.establishment} ({result.commune or ''})\n{result.why}"


class SearchPanel(QWidget):
    """Search box `searchBox`, results `searchResults`; emits `searched` after each new answer."""

    searched = Signal(object)  # the SearchAnswer shown
    runner = None  # the call screen's TaskRunner: the detail pane reads the database through it
    current_changed = Signal(object)  # SearchResult or None
    activated = Signal(object)  # SearchResult chosen with Entrée or a double click
    committed = Signal(str)  # the operator pressed Entrée in the box (the search is meant)

    def __init__(self, context, engine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.context = context
        self.engine = engine
        self.pathways: dict[int, str] = {}  # formation id -> "scolaire,apprentissage" (filled in the background)
        self.answer = None
        self.last_search_ms = 0.0
        # Keys of the understood items the operator undid (SearchEngine.search's `literal`).
        self.literal: set[str] = set()
        # The caller's commune, shown in the « Près de » box until the operator changes or clears it.
        self.caller_commune = ""
        self._near_touched = False
        settings = context.settings

        self.box = QLineEdit(self)
        self.box.setObjectName("searchBox")
        self.box.setPlaceholderText(self.tr("Rechercher : métier, diplôme, salle, établissement, commune… (Ctrl+F)"))
        self.box.setClearButtonEnabled(True)
        self.box.setMaxLength(200)
        font = self.box.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.box.setFont(font)
        self.box.setMinimumHeight(self.box.sizeHint().height() + 6)

        self.kind = QComboBox(self)
        self.kind.setObjectName("searchKind")
        self.kind.setToolTip(self.tr("Type de résultat"))
        for code, label in (("", self.tr("Tout")), ("formation", self.tr("Formations")),
                            ("resource", self.tr("Locaux et équipements")),
                            ("establishment", self.tr("Établissements")), ("contact", self.tr("Contacts"))):
            self.kind.addItem(label, code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(settings.search_kind)))
        self.near = QLineEdit(self)
        self.near.setObjectName("searchNear")
        self.near.setPlaceholderText(self.tr("Près de (commune)"))
        self.near.setClearButtonEnabled(True)
        self.near.setToolTip(self.tr("Classer par distance à cette commune (nom ou code postal)"))
        self.pathway = QComboBox(self)
        self.pathway.setObjectName("searchPathway")
        self.pathway.setToolTip(self.tr("Voie de formation"))
        for code, label in (("", self.tr("Toutes voies")), ("scolaire", self.tr("Scolaire")),
                            ("apprentissage", self.tr("Apprentissage")), ("continue", self.tr("Formation continue"))):
            self.pathway.addItem(label, code)
        self.pathway.setCurrentIndex(max(0, self.pathway.findData(settings.search_pathway)))

        self.understood = QLabel(self)
        self.understood.setObjectName("searchUnderstood")
        self.understood.setTextFormat(Qt.TextFormat.RichText)
        self.understood.setWordWrap(True)
        self.understood.setToolTip(self.tr("Cliquez un élément compris pour l'annuler ; %1 annule tout "
                                           "ou le rétablit").replace("%1", UNDO_KEY))
        self.understood.linkActivated.connect(self._undo_link)
        self.undo_shortcut = QShortcut(QKeySequence(UNDO_KEY), self)
        self.undo_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_shortcut.activated.connect(self.toggle_understood)

        self.model = CardListModel(result_card, result_tooltip, self)
        self.results = HintListView(self, "searchResults")
        self.results.setModel(self.model)
        self.results.setItemDelegate(CardDelegate(self.results, detail_lines=1))
        self.results.set_hint(self.tr("Tapez ce que demande l'appelant : « soudeur Lens », « BTS MCO », "
                                      "« salle 80 personnes », un établissement, une commune…"))
        self.results.setAccessibleName(self.tr("Résultats de la recherche"))

        self.detail = QTextBrowser(self)
        self.detail.setObjectName("resultDetail")
        self.detail.setOpenExternalLinks(True)
        self.detail.setPlaceholderText(self.tr("Le détail du résultat choisi s'affiche ici : établissement, "
                                               "contacts, périodes de PFMP, capacité, conditions, tarif."))

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.kind, 2)
        filters.addWidget(self.near, 2)
        filters.addWidget(self.pathway, 2)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(4)
        top_layout.addWidget(self.box)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.understood)
        top_layout.addWidget(self.results, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("searchSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(0, settings.search_delay_ms))
        self.timer.timeout.connect(self.run_search)
        self.detail_timer = QTimer(self)
        self.detail_timer.setSingleShot(True)
        self.detail_timer.setInterval(80)
        self.detail_timer.timeout.connect(self._show_detail)

        self.box.textChanged.connect(lambda _text: self.timer.start())
        self.near.textChanged.connect(lambda _text: self.timer.start())
        self.near.textEdited.connect(self._near_edited)
        self.kind.currentIndexChanged.connect(self._filters_changed)
        self.pathway.currentIndexChanged.connect(self._filters_changed)
        self.results.selectionModel().currentChanged.connect(self._current_changed)
        self.results.activated.connect(self._activated)
        self.box.installEventFilter(self)
        self.results.installEventFilter(self)
        self._show_understood()

    # ------------------------------------------------------------------ setup from the screen
    def set_communes(self, names: list[str]) -> None:
        completer = QCompleter(sorted(set(names)), self.near)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        completer.activated.connect(lambda _text: self.timer.start())
        self.near.setCompleter(completer)

    def set_caller_commune(self, name: str) -> None:
        """The caller's commune (from the call form): results are ranked by distance from it while the
        operator names no place, and the « Près de » box shows it until the operator changes or clears it."""
        name = (name or "").strip()
        if name == self.caller_commune:
            return
        shown = self.near.text().strip()
        if not name:
            # A new call, or the commune erased: the box forgets the previous caller's town.
            if shown == self.caller_commune and not self._near_touched:
                self.near.clear()
            self.caller_commune = ""
            self._near_touched = False
            self.literal.discard(HOME_KEY)
            return
        self.caller_commune = name
        if not self._near_touched and (not shown or shown != name):
            self.near.setText(name)  # textChanged starts a search
            self.near.setToolTip(self.tr("Commune de l'appelant : changez-la ou effacez-la"))

    def _near_edited(self, _text: str) -> None:
        self._near_touched = True
        self.literal.discard(HOME_KEY)

    def set_pathways(self, pathways: dict[int, str]) -> None:
        self.pathways = pathways
        if self.pathway.currentData():
            self.run_search()

    # ------------------------------------------------------------------ searching
    def text(self) -> str:
        return self.box.text().strip()

    def _filters_changed(self) -> None:
        self.context.settings.search_kind = self.kind.currentData() or ""
        self.context.settings.search_pathway = self.pathway.currentData() or ""
        self.run_search()

    def run_search(self) -> None:
        self.timer.stop()
        started = time.perf_counter()
        kind = self.kind.currentData() or None
        pathway = self.pathway.currentData() or ""
        limit = max(1, self.context.settings.search_limit)
        if pathway:
            kind, limit = "formation", min(500, limit * 5)
        problem = ""
        if not self.box.text().strip():
            self.literal.clear()  # a new query is understood afresh
        near = self.near.text().strip() or None
        # The caller's commune, as filled in, yields to a place the operator types in the query.
        home = near if near and not self._near_touched and near == self.caller_commune else None
        options = dict(kind=kind, limit=limit, literal=frozenset(self.literal))
        try:
            answer = self.engine.search(self.box.text(), near=None if home else near, home=home, **options)
        except UserError as exc:
            problem = str(exc)
            answer = self.engine.search(self.box.text(), **options)
        results = answer.results
        if pathway:
            results = tuple(r for r in results if pathway in self.pathways.get(r.db_id or -1, "").split(","))
            results = results[: self.context.settings.search_limit]
        self.answer = answer
        self._results = results
        self.model.set_rows(results)
        if results:
            self.results.setCurrentIndex(self.model.index(0, 0))
        else:
            self._current_changed(QModelIndex(), QModelIndex())
        self._show_understood(problem)
        self.last_search_ms = (time.perf_counter() - started) * 1000
        self.searched.emit(answer)

    def results_shown(self) -> tuple:
        return tuple(self.model.rows())

    def _show_understood(self, problem: str = "") -> None:
        if problem:
            self.understood.setStyleSheet("color:#b00020")
            self.understood.setText(html.escape(problem))
            return
        self.understood.setStyleSheet("color:palette(placeholder-text)")
        if not self.engine.ready:
            self.understood.setText(self.tr("Index de recherche en préparation… les résultats arrivent dans "
                                            "un instant."))
            return
        answer, text = self.answer, self.text()
        if answer is None or not text and not self.near.text().strip():
            self.understood.setText(self.tr("%1 éléments au catalogue").replace("%1", formats.number(len(self.engine))))
            return
        parts = [html.escape(self.tr("%n résultat(s)", "", self.model.rowCount()))]
        if text and (not answer.exact or not self.model.rowCount()):
            parts.insert(0, "<b>%s</b>" % html.escape(self.tr("Aucun résultat exact") if self.model.rowCount()
                                                       else self.tr("Aucun résultat")))
        if answer.understood:
            links = " · ".join(f'<a href="undo:{html.escape(item.key)}">{html.escape(item.label, quote=False)}</a>'
                               for item in answer.understood)
            parts.append(html.escape(self.tr("compris : ")) + links)
        if self.literal:
            parts.append(html.escape(self.tr("pris à la lettre (%1 pour rétablir)").replace("%1", UNDO_KEY)))
        if text and not answer.exact:
            parts.append(html.escape(self.tr("Entrée : consigner comme besoin non couvert")))
        self.understood.setText(" · ".join(parts))

    def understood_keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.answer.understood) if self.answer is not None else ()

    def undo_understood(self, key: str) -> None:
        """Take one understood item back: its words are then searched as they were typed."""
        self.literal.add(key)
        if key == HOME_KEY:
            # The caller's town is dropped: the box no longer shows it.
            self._near_touched = True
            self.near.clear()
        self.run_search()

    def toggle_understood(self) -> None:
        """Ctrl+U: undo everything understood, or, when something was undone, understand it all again."""
        if self.literal:
            self.literal.clear()
            self.run_search()
            return
        keys = self.understood_keys()
        if keys:
            self.literal.update(keys)
            self.run_search()

    def _undo_link(self, link: str) -> None:
        if link.startswith("undo:"):
            self.undo_understood(link[len("undo:"):])

    def answer_exact(self) -> bool:
        """True when the results shown answer the query (not only the nearest matches)."""
        return self.answer is not None and self.answer.exact and bool(self.model.rowCount())

    def engine_ready(self) -> None:
        self.run_search()

    # ------------------------------------------------------------------ selection and detail
    def current(self):
        index = self.results.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.detail_timer.start()
        self.current_changed.emit(self.model.row_at(current.row()) if current.isValid() else None)

    def _show_detail(self) -> None:
        result = self.current()
        if result is None or result.db_id is None:
            self.detail.clear()
            return
        sessions, kind, db_id = self.context.sessions, result.kind, result.db_id

        def shown(html: str) -> None:
            if self.current() is result:  # the operator has not moved on meanwhile
                self.detail.setHtml(html)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, UserError):
                from ..errors import show_exception

                show_exception(exc, self)
                return
            self.detail.setPlainText(str(exc))  # archived or removed meanwhile: said in the pane

        if self.runner is None:
            try:
                shown(load_html(sessions, kind, db_id))
            except UserError as exc:
                failed(exc)
            return
        # The detail reads the database: on the runner's read lane, never on the GUI thread.
        self.runner.run_read(lambda: load_html(sessions, kind, db_id), shown, failed)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(self.model.row_at(index.row()))

    # ------------------------------------------------------------------ keyboard
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.box:
                if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
                    self.results.setFocus(Qt.FocusReason.OtherFocusReason)
                    if not self.results.currentIndex().isValid():
                        self.results.setCurrentIndex(self.model.index(0, 0))
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                    if self.timer.isActive():
                        self.run_search()
                    self.committed.emit(self.text())
                    return True
                if key == Qt.Key.Key_Escape and self.box.text():
                    self.box.clear()
                    return True
            elif watched is self.results:
                if key == Qt.Key.Key_Up and self.results.currentIndex().row() == 0:
                    self.focus_box()
                    return True
                if key == Qt.Key.Key_Escape:
                    self.focus_box()
                    return True
        return super().eventFilter(watched, event)

    def focus_box(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def clear(self) -> None:
        self.literal.clear()
        self.caller_commune = ""
        self._near_touched = False
        self.box.clear()
        self.near.clear()
        self.run_search()
