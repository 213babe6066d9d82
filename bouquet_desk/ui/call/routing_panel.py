"""The routing panel: who should take the call, best first, each with its reasons; the operator ticks one or
several and "Orienter" records the referrals. Recomputed (debounced, on the read lane) whenever the category,
the search, the selected result or the commune change; an answer overtaken by a newer request is dropped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core import deferred
from ...core.calls.codes import CATEGORIES
from ...core.errors import UserError
from .. import formats
from ..models.cards import CardDelegate
from ..models.lists import CardListModel
from ..widgets import HintListView, section_title

if TYPE_CHECKING:
    from ...core.calls import routing
else:  # asked for once the database is open, after the first paint (ui/launch.py)
    routing = deferred.module("bouquet_desk.core.calls.routing")


def _t(text: str) -> str:
    return QCoreApplication.translate("routing", text)


def suggestion_card(s) -> tuple[str, str, str, str]:
    title = f"{s.name} — {s.role_label}"
    where = " · ".join(part for part in (s.establishment, s.commune) if part)
    reach = " · ".join(part for part in (s.phone_display, s.email) if part)
    subtitle = f"{where}  ☎ {reach}" if reach else where
    return title, subtitle, " · ".join(s.reasons), formats.km(s.distance_km)


def suggestion_tooltip(s) -> str:
    lines = [f"{s.name} ({s.role_label})", s.establishment, s.phone_display, s.email, ""]
    lines += [f"• {reason}" for reason in s.reasons]
    return "\n".join(line for line in lines if line is not None)


class RoutingPanel(QWidget):
    refer_requested = Signal(list)  # the ticked Suggestions
    routed = Signal(object)  # the Routing shown

    def __init__(self, context, runner, search, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("routingPanel")
        self.context = context
        self.runner = runner
        self.search = search  # SearchEngine.search
        self.routing: routing.Routing | None = None
        self._request: routing.RouteRequest | None = None
        self._generation = 0
        self._in_flight = False

        self.model = CardListModel(suggestion_card, suggestion_tooltip, self, checkable=True)
        self.view = HintListView(self, "routingSuggestions")
        self.view.setModel(self.model)
        self.view.setItemDelegate(CardDelegate(self.view, detail_lines=2, checkable=True))
        self.view.set_hint(self.tr("Choisissez le motif de l'appel : les contacts à qui l'orienter "
                                   "apparaissent ici, avec leurs raisons."))
        self.view.setAccessibleName(self.tr("Contacts suggérés"))
        self.title = section_title(self.tr("Orientation suggérée"), self, self.view)
        self.notes = QLabel(self)
        self.notes.setObjectName("routingNotes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color:palette(placeholder-text)")
        self.refer_button = QPushButton(self.tr("&Orienter vers la sélection"), self)
        self.refer_button.setObjectName("referButton")
        self.refer_button.setToolTip(self.tr("Enregistre une orientation vers chaque contact coché "
                                             "(Espace coche le contact sélectionné)"))
        self.refer_button.setEnabled(False)
        self.refer_button.clicked.connect(self._refer)
        self.model.dataChanged.connect(lambda *_: self._update_button())
        self.model.modelReset.connect(self._update_button)

        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addStretch(1)
        bottom.addWidget(self.refer_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.notes)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(0, context.settings.routing_delay_ms))
        self.timer.timeout.connect(self._start)

    # ------------------------------------------------------------------ requests
    def request(self, request: routing.RouteRequest | None) -> None:
        """Ask for a routing (debounced); None clears the panel."""
        if request == self._request and self.routing is not None:
            return
        self._request = request
        if request is None:
            self.timer.stop()
            self._generation += 1
            self.routing = None
            self.model.set_rows([])
            self.notes.setText("")
            return
        self.timer.start()

    def flush(self) -> None:
        """Compute now what is pending (tests, and before a save)."""
        if self.timer.isActive():
            self._start()

    def _start(self) -> None:
        self.timer.stop()
        request = self._request
        if request is None:
            return
        if self._in_flight:
            self._dirty = True
            return
        self._generation += 1
        generation = self._generation
        self._in_flight = True
        self._dirty = False
        self.notes.setText(self.tr("Recherche des contacts…"))
        context, search = self.context, self.search

        def task():
            return routing.route(context, request, search=search)

        def done(result) -> None:
            self._finished()
            if generation == self._generation and request == self._request:
                self._show(result)

        def failed(exc: BaseException) -> None:
            self._finished()
            if generation != self._generation:
                return
            if isinstance(exc, UserError):
                self.model.set_rows([])
                self.notes.setText(str(exc))
            else:
                from ..errors import show_exception

                show_exception(exc, self)

        self.runner.run_read(task, done, failed)

    def _finished(self) -> None:
        self._in_flight = False
        if getattr(self, "_dirty", False):
            self._dirty = False
            self._start()

    def _show(self, result: routing.Routing) -> None:
        ticked = {s.contact_ref for s in self.model.checked_rows()}
        self.routing = result
        suggestions = list(result.suggestions)
        self.model.set_rows(suggestions, [row for row, s in enumerate(suggestions) if s.contact_ref in ticked])
        notes = list(result.notes)
        if not notes:
            category = CATEGORIES.get(result.category, result.category)
            if result.place:
                notes.append(self.tr("%1 · distances depuis %2").replace("%1", category).replace("%2", result.place))
            else:
                notes.append(self.tr("%1 · indiquez la commune de l'entreprise pour classer par distance")
                             .replace("%1", category))
        self.notes.setText(" ".join(notes))
        if not suggestions:
            self.view.set_hint(self.tr("Aucun contact ne traite cette demande : consignez l'appel comme besoin "
                                       "non couvert."))
        self.routed.emit(result)

    # ------------------------------------------------------------------ referring
    def checked(self) -> list:
        chosen = self.model.checked_rows()
        if not chosen:
            index = self.view.currentIndex()
            if index.isValid() and self.view.hasFocus():
                chosen = [self.model.row_at(index.row())]
        return chosen

    def _update_button(self) -> None:
        count = len(self.model.checked_rows())
        self.refer_button.setEnabled(self.model.rowCount() > 0)
        self.refer_button.setText(self.tr("&Orienter vers %n contact(s)", "", count) if count
                                  else self.tr("&Orienter vers la sélection"))

    def _refer(self) -> None:
        chosen = self.checked()
        if not chosen and self.model.rowCount():
            chosen = [self.model.row_at(max(0, self.view.currentIndex().row()))]
        if chosen:
            self.refer_requested.emit(chosen)

    def clear_checks(self) -> None:
        for row in range(self.model.rowCount()):
            self.model.set_checked(row, False)
