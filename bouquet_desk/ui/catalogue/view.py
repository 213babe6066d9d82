"""The catalogue, browsable and editable: a live search over the whole catalogue, establishments on the
left, the selected one's formations, resources and contacts on the right; F2 edits the selected row."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core.catalogue import editing, labels, listing
from ...core.ops.conflicts import ConflictError
from .. import formats
from ..call.search_panel import result_card, result_tooltip
from ..conflicts import KEEP_MINE, ConflictDialog
from ..errors import show_exception
from ..models.cards import CardDelegate
from ..models.lists import CardListModel
from ..widgets import HintListView
from .columns import contact_columns, establishment_columns, formation_columns, resource_columns
from .edit_dialogs import (
    AbsencesDialog,
    EditDialog,
    contact_fields,
    establishment_fields,
    formation_fields,
    resource_fields,
)
from .tables import RowTable
from ..style import tab_widget


class CatalogueView(QWidget):
    establishment_selected = Signal(int)
    edited = Signal(str)  # UAI of the establishment whose rows were edited
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, context=None, runner=None, engine=None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogueView")
        self.context = context
        self.runner = runner
        self.engine = engine
        self._sessions = context.sessions if context is not None else None
        self._loaded = False  # the establishments are read when the tab is first shown

        self.search = QLineEdit(self)
        self.search.setObjectName("catalogueSearch")
        self.search.setPlaceholderText(self.tr("Rechercher dans tout le catalogue : formation, salle, contact… (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.results_model = CardListModel(result_card, result_tooltip, self)
        self.results = HintListView(self, "catalogueResults")
        self.results.setModel(self.results_model)
        self.results.setItemDelegate(CardDelegate(self.results, detail_lines=1))
        self.results.set_hint(self.tr("Aucun résultat."))
        self.results.hide()
        self.filter = QLineEdit(self)
        self.filter.setObjectName("establishmentFilter")
        self.filter.setPlaceholderText(self.tr("Filtrer les établissements : nom, commune, type, UAI…"))
        self.filter.setClearButtonEnabled(True)
        self.establishments = RowTable(establishment_columns(), self, "establishmentTable")
        self.establishments.set_hint(self.tr("Catalogue vide : Fichier › Importer un catalogue (Ctrl+I)."))
        self.filter.textChanged.connect(self.establishments.proxy.set_words)
        self.counts = QLabel(self)
        self.counts.setObjectName("catalogueCounts")

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.results, 2)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.establishments, 3)
        left_layout.addWidget(self.counts)

        self.header = QLabel(self)
        self.header.setObjectName("establishmentHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.header.setMargin(6)
        self.formations = RowTable(formation_columns(), self, "formationTable")
        self.resources = RowTable(resource_columns(), self, "resourceTable")
        self.contacts = RowTable(contact_columns(), self, "contactTable")
        self.tabs = tab_widget(self)
        self.tabs.setObjectName("establishmentTabs")
        self.tabs.addTab(self.formations, self.tr("Formations"))
        self.tabs.addTab(self.resources, self.tr("Ressources"))
        self.tabs.addTab(self.contacts, self.tr("Contacts"))
        self.edit_establishment_button = QPushButton(self.tr("Modifier l'éta&blissement…"), self)
        self.edit_establishment_button.setObjectName("editEstablishment")
        self.edit_button = QPushButton(self.tr("&Modifier la ligne… (F2)"), self)
        self.edit_button.setObjectName("editRow")
        self.absences_button = QPushButton(self.tr("A&bsences du contact…"), self)
        self.absences_button.setObjectName("contactAbsences")
        editable = context is not None and runner is not None
        for button in (self.edit_establishment_button, self.edit_button, self.absences_button):
            button.setVisible(editable)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_establishment_button)
        buttons.addStretch(1)
        buttons.addWidget(self.absences_button)
        buttons.addWidget(self.edit_button)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addLayout(buttons)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("catalogueSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([660, 740])  # a saved layout replaces this; the first start shows names and towns
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(context.settings.search_delay_ms if context is not None else 120)
        self.search_timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self.search_timer.start())
        self.results.activated.connect(self._result_chosen)
        self.results.clicked.connect(self._result_chosen)
        self.establishments.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.edit_establishment_button.clicked.connect(self.edit_establishment)
        self.edit_button.clicked.connect(self.edit_current)
        self.absences_button.clicked.connect(self.edit_absences)
        self.tabs.currentChanged.connect(lambda _i: self._update_buttons())
        for table in (self.formations, self.resources, self.contacts):
            table.doubleClicked.connect(lambda _i: self.edit_current())
        self.search.installEventFilter(self)  # ↓ from the search enters the results
        if runner is not None:
            runner.changes_seen.connect(self._changes_seen)
        f2 = QShortcut(QKeySequence(Qt.Key.Key_F2), self)
        f2.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        f2.activated.connect(self.edit_current)
        self._show_establishment(None)

    def set_sessions(self, sessions) -> None:
        self._sessions = sessions
        self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        if self._sessions is None:
            return
        self._loaded = True
        current = self.establishments.selected_row()
        rows = listing.establishments(self._sessions)
        self.establishments.set_rows(rows)
        held = listing.counts(self._sessions)
        self.counts.setText(
            self.tr("%1 établissements · %2 formations, dont %3 en apprentissage et %4 en formation continue")
            .replace("%1", formats.number(held.establishments)).replace("%2", formats.number(held.formations))
            .replace("%3", formats.number(held.apprenticeship)).replace("%4", formats.number(held.continuing)))
        # Names are long ("CFA de l'Académie de Lille - Antenne du …"): keep the town and type in sight.
        self.establishments.setColumnWidth(0, min(self.establishments.columnWidth(0), 300))
        self.establishments.horizontalHeader().setSortIndicator(2, Qt.SortOrder.AscendingOrder)
        self.select_establishment(current.id if current else (rows[0].id if rows else None))

    def select_establishment(self, establishment_id: int | None) -> None:
        if establishment_id is None:
            self._show_establishment(None)
            return
        proxy, source = self.establishments.proxy, self.establishments.source
        for row, item in enumerate(source.rows()):
            if item.id == establishment_id:
                index = proxy.mapFromSource(source.index(row, 0))
                if not index.isValid():  # hidden by the filter: show it anyway
                    self.filter.clear()
                    index = proxy.mapFromSource(source.index(row, 0))
                if index.isValid():
                    self.establishments.setCurrentIndex(index)
                    self.establishments.scrollTo(index)
                    return
        self._show_establishment(None)

    def _on_current_changed(self, current, _previous) -> None:
        if not current.isValid():
            self._show_establishment(None)
            return
        row = self.establishments.source.row_at(self.establishments.proxy.mapToSource(current).row())
        self._show_establishment(row)
        self.establishment_selected.emit(row.id)

    def _show_establishment(self, row) -> None:
        self._current = row
        if row is None or self._sessions is None:
            self.header.setText(self.tr("<i>Choisissez un établissement.</i>"))
            for table in (self.formations, self.resources, self.contacts):
                table.set_rows([])
            self._update_buttons()
            return
        place = " · ".join(escape(part) for part in (labels.establishment_type(row.type), row.commune, row.territory) if part)
        self.header.setText(f"<b style='font-size:13pt'>{escape(row.name)}</b><br>{place} · UAI {escape(row.uai)}")
        self.formations.set_rows(listing.formations_of(self._sessions, row.id))
        self.resources.set_rows(listing.resources_of(self._sessions, row.id))
        self.contacts.set_rows(listing.contacts_of(self._sessions, row.id))
        self.tabs.setTabText(0, self.tr("Formations (%n)", "", row.formations))
        self.tabs.setTabText(1, self.tr("Ressources (%n)", "", row.resources))
        self.tabs.setTabText(2, self.tr("Contacts (%n)", "", row.contacts))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = getattr(self, "_current", None) is not None
        self.edit_establishment_button.setEnabled(has)
        self.edit_button.setEnabled(has)
        self.absences_button.setEnabled(has and self.tabs.currentWidget() is self.contacts)

    def _changes_seen(self, changes, _initiator) -> None:
        if changes.settings_changed and self.context is not None:
            self.search_timer.setInterval(self.context.settings.search_delay_ms)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.results.isVisible() \
                and self.results_model.rowCount():
            self.results.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.results.currentIndex().isValid():
                self.results.setCurrentIndex(self.results_model.index(0, 0))
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ live search
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def engine_ready(self) -> None:
        if self.search.text():
            self.run_search()

    def run_search(self) -> None:
        self.search_timer.stop()
        text = self.search.text().strip()
        if not text or self.engine is None:
            self.results_model.set_rows([])
            self.results.hide()
            return
        answer = self.engine.search(text, limit=self.context.settings.search_limit if self.context else 50)
        self.results_model.set_rows(answer.results)
        self.results.show()

    def _result_chosen(self, index) -> None:
        if not index.isValid():
            return
        result = self.results_model.row_at(index.row())
        target = next((row for row in self.establishments.source.rows() if row.uai == result.uai), None)
        if target is None:
            return
        self.select_establishment(target.id)
        table = {"formation": self.formations, "resource": self.resources, "contact": self.contacts}.get(result.kind)
        if table is None:
            return
        self.tabs.setCurrentWidget(table)
        for row, item in enumerate(table.source.rows()):
            if item.id == result.db_id:
                table.selectRow(table.proxy.mapFromSource(table.source.index(row, 0)).row())
                break

    # ------------------------------------------------------------------ editing
    def edit_current(self) -> None:
        if self.context is None or getattr(self, "_current", None) is None:
            return
        table = self.tabs.currentWidget()
        row = table.selected_row()
        if row is None:
            return
        if table is self.formations:
            detail = editing.formation_detail(self.context.sessions, row.id)
            values = {f.name: getattr(detail, f.name) for f in formation_fields()}
            title = self.tr("Formation : %1").replace("%1", detail.title)
            self._edit(title, formation_fields(), values, detail.version,
                       lambda version, **changes: editing.update_formation(
                           self.context, row.id, expected_version=version, **changes))
        elif table is self.resources:
            detail = editing.resource_detail(self.context.sessions, row.id)
            values = {f.name: getattr(detail, f.name) for f in resource_fields()}
            self._edit(self.tr("Ressource : %1").replace("%1", detail.name), resource_fields(), values,
                       detail.version, lambda version, **changes: editing.update_resource(
                           self.context, row.id, expected_version=version, **changes))
        else:
            detail = editing.contact_detail(self.context.sessions, row.id)
            values = {f.name: getattr(detail, f.name) for f in contact_fields()}
            self._edit(self.tr("Contact : %1").replace("%1", row.name), contact_fields(), values, detail.version,
                       lambda version, **changes: editing.update_contact(
                           self.context, row.id, expected_version=version, **changes))

    def edit_establishment(self) -> None:
        current = getattr(self, "_current", None)
        if self.context is None or current is None:
            return
        detail = editing.establishment_detail(self.context.sessions, current.id)
        values = {f.name: getattr(detail, f.name) for f in establishment_fields()}
        self._edit(self.tr("Établissement : %1").replace("%1", detail.name), establishment_fields(), values,
                   detail.version, lambda version, **changes: editing.update_establishment(
                       self.context, current.id, expected_version=version, **changes))

    def _edit(self, title: str, fields, values: dict, version: int, save) -> None:
        changes = EditDialog.ask(title, fields, values, self)
        if not changes:
            return
        uai = self._current.uai

        def done(_detail) -> None:
            current = self._current.id
            self.reload()
            self.select_establishment(current)
            self.edited.emit(uai)
            self.message.emit(self.tr("Modification enregistrée (historique tenu)."))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ConflictError) and ConflictDialog.ask(exc.conflict, self) == KEEP_MINE \
                    and exc.conflict.retry_version is not None:
                self.runner.run_op(lambda: save(exc.conflict.retry_version, **changes), done,
                                   lambda error: show_exception(error, self), initiator=self)
            elif isinstance(exc, ConflictError):
                self.reload()
            else:
                show_exception(exc, self)

        self.runner.run_op(lambda: save(version, **changes), done, failed, initiator=self)

    def edit_absences(self) -> None:
        row = self.contacts.selected_row()
        if row is None or self.context is None:
            return
        AbsencesDialog.ask(self.context, self.runner, row, self)
        self.edited.emit(self._current.uai)
