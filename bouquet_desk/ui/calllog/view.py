"""The call log tab: filters on top (dates, motive, outcome, company, free text), the lazy table, the count."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.calls.codes import CALL_OUTCOMES, CATEGORIES
from .. import formats
from ...core.calls import log_pages as source
from .table import PlainTextTable
from .model import COLUMNS, CallLogModel

NO_DATE = QDate(2000, 1, 1)
WIDTHS = (118, 60, 70, 190, 150, 110, 150, 120, 90, 86, 90, 400)


class SectionDateEdit(QDateEdit):
    """A date filter that Tab leaves: QDateEdit would spend Tab on its day/month/year sections (and, showing
    its « — » special text, never get out). The sections stay reachable with ← and →."""

    def focusNextPrevChild(self, next_: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next_)


class CallLogView(QWidget):
    """The journal. Enter or a double-click opens a call (once); its context menu also reopens it in the
    call screen to edit it. Listens to runner.changes_seen: calls saved here or elsewhere show at once."""

    open_call = Signal(int)
    edit_call = Signal(int)

    def __init__(self, context, runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callLogView")
        self.context = context
        self.runner = runner
        self._count_generation = 0
        self.stale = True

        self.since = self._date_edit("logSince", self.tr("Depuis : —"))
        self.until = self._date_edit("logUntil", self.tr("Jusqu'au : —"))
        self.category = QComboBox(self)
        self.category.setObjectName("logCategory")
        self.category.addItem(self.tr("Tous motifs"), None)
        for code, label in CATEGORIES.items():
            self.category.addItem(self.tr(label), code)
        self.outcome = QComboBox(self)
        self.outcome.setObjectName("logOutcome")
        self.outcome.addItem(self.tr("Toutes issues"), None)
        self.outcome.addItem(self.tr("en cours (sans issue)"), "")
        for code, label in CALL_OUTCOMES.items():
            self.outcome.addItem(self.tr(label), code)
        self.company = QLineEdit(self)
        self.company.setObjectName("logCompany")
        self.company.setPlaceholderText(self.tr("Entreprise"))
        self.company.setClearButtonEnabled(True)
        self.text = QLineEdit(self)
        self.text.setObjectName("logText")
        self.text.setPlaceholderText(self.tr("Rechercher dans les notes, l'interlocuteur, un numéro…"))
        self.text.setClearButtonEnabled(True)
        self.reset_button = QPushButton(self.tr("&Effacer les filtres"), self)
        self.reset_button.setObjectName("logReset")
        self.count = QLabel(self)
        self.count.setObjectName("logCount")

        self.model = CallLogModel(context.sessions, self, page_size=context.settings.call_log_page)
        self.table = PlainTextTable(self, self.model.texts, {n for n, spec in enumerate(COLUMNS) if spec[3]})
        self.table.setObjectName("callLog")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        # Rows told apart by their alternating colours: the grid lines halved the cost of each repaint (scrolling
        # a million calls, tests/benchmarks/bench_window.py).
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.sortIndicatorChanged.connect(self._sort_indicator)
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.set_hint(self.tr("Aucun appel ne correspond. Les appels enregistrés depuis l'onglet Appel "
                                    "s'affichent ici."))

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for widget, stretch in ((self.since, 0), (self.until, 0), (self.category, 1), (self.outcome, 1),
                                (self.company, 2), (self.text, 3), (self.reset_button, 0)):
            filters.addWidget(widget, stretch)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        hint = QLabel(self.tr("Entrée ou double-clic : l'appel en entier, avec son historique et ses courriers"), self)
        hint.setStyleSheet("color:palette(placeholder-text)")
        bottom.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.apply)
        for edit in (self.company, self.text):
            edit.textChanged.connect(lambda _t: self.timer.start())
        for combo in (self.category, self.outcome):
            combo.currentIndexChanged.connect(lambda _i: self.apply())
        for edit in (self.since, self.until):
            edit.dateChanged.connect(lambda _d: self.timer.start())
        self.reset_button.clicked.connect(self.reset)
        # `activated` is Enter and the double-click alike: connecting doubleClicked too opened the call twice.
        self.table.activated.connect(self._open)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, signal, name in ((self.tr("&Ouvrir l'appel"), self.open_call, "logOpenCall"),
                                   (self.tr("&Modifier dans l'écran d'appel"), self.edit_call, "logEditCall")):
            action = QAction(text, self.table)
            action.setObjectName(name)
            action.triggered.connect(lambda _=False, s=signal: self._emit_current(s))
            self.table.addAction(action)
        runner.changes_seen.connect(self._changes_seen)

    def _changes_seen(self, changes, _initiator) -> None:
        if changes.call_ids or changes.referral_ids or changes.company_ids or changes.caller_ids:
            self.mark_stale()

    def _emit_current(self, signal) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            signal.emit(self.model.row_at(index.row()).id)

    def _sort_indicator(self, column: int, _order) -> None:
        if not self.model.sortable(column):  # keep the arrow on the column the rows are really sorted by
            current = next(c for c, spec in enumerate(COLUMNS) if spec[1] == self.model.sort_key)
            order = Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(current, order)
            header.blockSignals(False)

    def _date_edit(self, name: str, special: str) -> QDateEdit:
        edit = SectionDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(special)
        edit.setDate(NO_DATE)
        edit.setMinimumWidth(self.fontMetrics().horizontalAdvance(special) + 40)
        return edit

    @staticmethod
    def _date(edit: QDateEdit) -> date | None:
        value = edit.date()
        if value == NO_DATE:
            return None
        return date(value.year(), value.month(), value.day())

    def current_filter(self) -> source.LogFilter:
        return source.LogFilter(
            since=self._date(self.since), until=self._date(self.until), category=self.category.currentData(),
            outcome=self.outcome.currentData(), company=self.company.text().strip(), text=self.text.text().strip(),
        )

    # ------------------------------------------------------------------ loading
    def apply(self) -> None:
        self.timer.stop()
        self.model.reload(self.current_filter())
        self.stale = False
        self._count()

    def reload(self) -> None:
        self.apply()

    def reset(self) -> None:
        for widget in (self.since, self.until, self.category, self.outcome, self.company, self.text):
            widget.blockSignals(True)
        self.since.setDate(NO_DATE)
        self.until.setDate(NO_DATE)
        self.category.setCurrentIndex(0)
        self.outcome.setCurrentIndex(0)
        self.company.clear()
        self.text.clear()
        for widget in (self.since, self.until, self.category, self.outcome, self.company, self.text):
            widget.blockSignals(False)
        self.apply()

    def _count(self) -> None:
        self._count_generation += 1
        generation = self._count_generation
        sessions, filt = self.context.sessions, self.model.filter
        self.count.setText(self.tr("Comptage…"))

        def done(result) -> None:
            if generation != self._count_generation:
                return
            found, more = result
            if more:
                self.count.setText(self.tr("Plus de %1 appels").replace("%1", formats.number(found)))
            else:
                self.count.setText(self.tr("%n appel(s)", "", found))

        self.runner.run_read(lambda: source.count(sessions, filt), done, lambda exc: self.count.setText(str(exc)))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.stale:
            self.apply()

    def mark_stale(self) -> None:
        """Others saved calls: reload now if shown, else when next shown."""
        if self.isVisible():
            self.apply()
        else:
            self.stale = True

    def _open(self, index) -> None:
        if index.isValid():
            self.open_call.emit(self.model.row_at(index.row()).id)

    def select_call(self, call_id: int) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == call_id:
                self.table.selectRow(row)
                return True
        return False

    def visible_columns(self) -> int:
        return len(COLUMNS)
