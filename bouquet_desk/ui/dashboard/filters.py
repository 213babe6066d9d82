"""The dashboard's filters: a period (presets or two dates) and an area (whole network, territory, commune)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from ...core.reports.area import Area
from ...core.reports.period import Period

CUSTOM = "custom"
# Filters settle before the figures are recomputed: moving through dates must not queue ten computations.
DEBOUNCE_MS = 300


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardFilters")
        self._today = today
        current = Period.school_year(today)
        self._presets = {
            "school": (self.tr("Année scolaire en cours"), current),
            "previous": (self.tr("Année scolaire précédente"),
                         Period.school_year(current.start.replace(year=current.start.year - 1))),
            "twelve": (self.tr("12 derniers mois"), Period.last_months(today, 12)),
            "year": (self.tr("Année civile en cours"), Period.calendar_year(today.year)),
        }
        self.preset = QComboBox(self)
        self.preset.setObjectName("dashboardPeriod")
        for key, (label, _period) in self._presets.items():
            self.preset.addItem(label, key)
        self.preset.addItem(self.tr("Période choisie"), CUSTOM)
        self.start = QDateEdit(self)
        self.start.setObjectName("dashboardFrom")
        self.end = QDateEdit(self)
        self.end.setObjectName("dashboardTo")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.area = QComboBox(self)
        self.area.setObjectName("dashboardArea")
        self.area.addItem(self.tr("Tout le réseau"), None)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Période :"), self))
        layout.addWidget(self.preset)
        layout.addWidget(QLabel(self.tr("du"), self))
        layout.addWidget(self.start)
        layout.addWidget(QLabel(self.tr("au"), self))
        layout.addWidget(self.end)
        layout.addSpacing(12)
        layout.addWidget(QLabel(self.tr("Périmètre :"), self))
        layout.addWidget(self.area, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.changed)
        self._apply_preset()
        self.preset.currentIndexChanged.connect(self._apply_preset)
        self.start.dateChanged.connect(self._dates_edited)
        self.end.dateChanged.connect(self._dates_edited)
        self.area.currentIndexChanged.connect(lambda _index: self._timer.start())

    # -- state
    def period(self) -> Period | None:
        """The chosen period, or None while the end precedes the start."""
        start, end = _pydate(self.start.date()), _pydate(self.end.date())
        return Period(start, end) if start <= end else None

    def selected_area(self) -> Area | None:
        return self.area.currentData()

    def set_areas(self, areas: list[Area]) -> None:
        current = self.selected_area()
        self.area.blockSignals(True)
        self.area.clear()
        self.area.addItem(self.tr("Tout le réseau"), None)
        for area in areas:
            self.area.addItem(area.label, area)
        index = self.area.findText(current.label) if current is not None else 0
        self.area.setCurrentIndex(max(index, 0))
        self.area.blockSignals(False)

    def set_period(self, period: Period) -> None:
        """Shows an arbitrary period (the preset becomes "chosen period")."""
        self.preset.setCurrentIndex(self.preset.findData(CUSTOM))
        self._set_dates(period)
        self._timer.start()

    # -- reactions
    def _apply_preset(self) -> None:
        key = self.preset.currentData()
        if key == CUSTOM:
            return
        self._set_dates(self._presets[key][1])
        self._timer.start()

    def _set_dates(self, period: Period) -> None:
        for edit, day in ((self.start, period.start), (self.end, period.end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _dates_edited(self) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.findData(CUSTOM))
        self.preset.blockSignals(False)
        self._timer.start()

    def flush(self) -> None:
        """Emit a pending change now (tests, and the refresh button)."""
        if self._timer.isActive():
            self._timer.stop()
            self.changed.emit()
