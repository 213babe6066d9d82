"""The catalogue, browsable: establishments on the left, the selected one's offer on the right."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.catalogue import listing
from .columns import contact_columns, establishment_columns, formation_columns, resource_columns
from .tables import RowTable


class CatalogueView(QWidget):
    establishment_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogueView")
        self._sessions = None

        self.filter = QLineEdit(self)
        self.filter.setObjectName("establishmentFilter")
        self.filter.setPlaceholderText(self.tr("Filtrer les établissements : nom, commune, type, UAI…"))
        self.filter.setClearButtonEnabled(True)
        self.establishments = RowTable(establishment_columns(), self, "establishmentTable")
        self.filter.textChanged.connect(self.establishments.proxy.set_words)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.establishments)

        self.header = QLabel(self)
        self.header.setObjectName("establishmentHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.header.setMargin(6)
        self.formations = RowTable(formation_columns(), self, "formationTable")
        self.resources = RowTable(resource_columns(), self, "resourceTable")
        self.contacts = RowTable(contact_columns(), self, "contactTable")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("establishmentTabs")
        self.tabs.addTab(self.formations, self.tr("Formations"))
        self.tabs.addTab(self.resources, self.tr("Ressources"))
        self.tabs.addTab(self.contacts, self.tr("Contacts"))

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.tabs, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("catalogueSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

        self.establishments.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self._show_establishment(None)

    def set_sessions(self, sessions) -> None:
        self._sessions = sessions
        self.reload()

    def reload(self) -> None:
        if self._sessions is None:
            return
        current = self.establishments.selected_row()
        rows = listing.establishments(self._sessions)
        self.establishments.set_rows(rows)
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
        if row is None or self._sessions is None:
            self.header.setText(self.tr("<i>Choisissez un établissement.</i>"))
            for table in (self.formations, self.resources, self.contacts):
                table.set_rows([])
            return
        place = " · ".join(escape(part) for part in (row.type, row.commune, row.territory) if part)
        self.header.setText(f"<b style='font-size:13pt'>{escape(row.name)}</b><br>{place} · UAI {escape(row.uai)}")
        self.formations.set_rows(listing.formations_of(self._sessions, row.id))
        self.resources.set_rows(listing.resources_of(self._sessions, row.id))
        self.contacts.set_rows(listing.contacts_of(self._sessions, row.id))
        self.tabs.setTabText(0, self.tr("Formations (%n)", "", row.formations))
        self.tabs.setTabText(1, self.tr("Ressources (%n)", "", row.resources))
        self.tabs.setTabText(2, self.tr("Contacts (%n)", "", row.contacts))
