"""The call panel: who calls (recognised while the number is typed), why, what was said, what came of it."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QSizePolicy,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.calls.codes import CALL_OUTCOMES, CATEGORIES
from ...core.calls.workdays import proposed_callback_day
from ...core.clock import utcnow
from .. import formats
from ..models.lists import CardListModel
from .drafts import Draft


def _t(text: str) -> str:
    return QCoreApplication.translate("callform", text)


def item_card(item) -> tuple[str, str, str, str]:
    kind, _db_id, title, establishment, _uai = item
    return title, establishment, "", ""


class ItemsView(QListView):
    """The items discussed; Suppr removes the selected one."""

    remove_requested = Signal(int)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
            index = self.currentIndex()
            if index.isValid():
                self.remove_requested.emit(index.row())
                return
        super().keyPressEvent(event)


class CallForm(QWidget):
    changed = Signal()  # any field edited by the operator
    phone_edited = Signal(str)
    company_edited = Signal(str)
    category_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callForm")
        self.started_at: datetime | None = None
        self.company_id: int | None = None
        self._loading = False

        self.clock = QLabel("00:00", self)
        self.clock.setObjectName("callTimer")
        font = self.clock.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.clock.setFont(font)
        self.clock.setToolTip(self.tr("Durée de l'appel"))
        self.state = QLabel(self.tr("Aucun appel en cours — Ctrl+N"), self)
        self.state.setObjectName("callState")
        self.state.setStyleSheet("color:palette(placeholder-text)")
        self.state.setWordWrap(True)

        self.phone = QLineEdit(self)
        self.phone.setObjectName("callerPhone")
        self.phone.setPlaceholderText(self.tr("03 21 …"))
        self.phone.setToolTip(self.tr("Le numéro de l'appelant : il est reconnu pendant la frappe"))
        self.recognised = QLabel(self)
        self.recognised.setObjectName("recognition")
        self.recognised.setTextFormat(Qt.TextFormat.RichText)
        # One line, always there: the form does not jump down a row when the recognition appears. What does
        # not fit is in the tooltip.
        self.recognised.setWordWrap(False)
        self.recognised.setFixedHeight(self.fontMetrics().height() + 4)
        # Nor does it widen the form (and the window past the screen) when the recognised line is long.
        self.recognised.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.recognised.setMinimumWidth(1)
        self.company = QLineEdit(self)
        self.company.setObjectName("companyName")
        self.company.setPlaceholderText(self.tr("Raison sociale"))
        self.commune = QLineEdit(self)
        self.commune.setObjectName("companyCommune")
        self.commune.setPlaceholderText(self.tr("Commune de l'entreprise"))
        self.caller = QLineEdit(self)
        self.caller.setObjectName("callerName")
        self.caller.setPlaceholderText(self.tr("Nom de la personne"))
        self.email = QLineEdit(self)
        self.email.setObjectName("callerEmail")
        self.email.setPlaceholderText(self.tr("adresse@entreprise.fr"))
        self.category = QComboBox(self)
        self.category.setObjectName("callCategory")
        self.category.addItem(self.tr("— choisir le motif —"), "")
        for code, label in CATEGORIES.items():
            self.category.addItem(_t(label), code)
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("callNotes")
        self.notes.setPlaceholderText(self.tr("Ce que demande l'appelant, ce qui a été dit…"))
        self.notes.setTabChangesFocus(True)
        self.items_model = CardListModel(item_card, parent=self)
        self.items = ItemsView(self)
        self.items.setObjectName("discussedItems")
        self.items.setModel(self.items_model)
        self.items.setMaximumHeight(74)
        self.items.setToolTip(self.tr("Éléments du catalogue évoqués : Entrée sur un résultat l'ajoute, "
                                      "Suppr le retire"))
        self.items.remove_requested.connect(self.remove_item)
        self.outcome = QComboBox(self)
        self.outcome.setObjectName("callOutcome")
        self.outcome.addItem(self.tr("— en cours —"), "")
        for code, label in CALL_OUTCOMES.items():
            self.outcome.addItem(_t(label), code)
        self.follow_up_check = QCheckBox(self.tr("Rappe&ler le"), self)
        self.follow_up_check.setObjectName("followUpCheck")
        self.follow_up = QDateEdit(self)
        self.follow_up.setObjectName("followUpDate")
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setDisplayFormat("dd/MM/yyyy")
        self.follow_up.setDate(QDate.currentDate().addDays(1))
        self.follow_up.setEnabled(False)
        self.follow_up_check.toggled.connect(self.follow_up.setEnabled)

        self.save_button = QPushButton(self.tr("Enre&gistrer"), self)
        self.save_button.setObjectName("saveCallButton")
        self.save_button.setToolTip(self.tr("Enregistrer l'appel (Ctrl+Entrée)"))
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.letter_button = QPushButton(self.tr("Co&urrier"), self)
        self.letter_button.setObjectName("letterButton")
        self.letter_button.setToolTip(self.tr("Lettre de confirmation à l'entreprise (Ctrl+L)"))
        self.send_button = QPushButton(self.tr("Envo&yer"), self)
        self.send_button.setObjectName("sendMailButton")
        self.send_button.setToolTip(self.tr("Envoyer par courriel la lettre à l'entreprise et l'avis à chaque "
                                            "contact (Ctrl+Maj+E)"))
        self.new_button = QPushButton(self.tr("Nou&vel appel"), self)
        self.new_button.setObjectName("newCallButton")
        self.new_button.setToolTip(self.tr("Commencer un nouvel appel (Ctrl+N)"))

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(5)
        self._add(form, self.tr("&Téléphone"), self.phone)
        form.addRow("", self.recognised)
        self._add(form, self.tr("&Entreprise"), self.company)
        self._add(form, self.tr("&Commune"), self.commune)
        self._add(form, self.tr("&Interlocuteur"), self.caller)
        self._add(form, self.tr("Cou&rriel"), self.email)
        self._add(form, self.tr("&Motif"), self.category)
        self._add(form, self.tr("&Notes"), self.notes)
        self._add(form, self.tr("Évo&qués"), self.items)
        self._add(form, self.tr("I&ssue"), self.outcome)
        follow = QHBoxLayout()
        follow.addWidget(self.follow_up_check)
        follow.addWidget(self.follow_up, 1)
        form.addRow("", follow)

        header = QHBoxLayout()
        header.addWidget(self.clock)
        header.addWidget(self.state, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button, 2)
        buttons.addWidget(self.letter_button, 1)
        buttons.addWidget(self.send_button, 1)
        buttons.addWidget(self.new_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addLayout(form, 1)
        layout.addLayout(buttons)

        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)

        for edit in (self.company, self.commune, self.caller, self.email):
            edit.textEdited.connect(lambda _t: self._edited())
        self.phone.textEdited.connect(self._phone_edited)
        self.company.textEdited.connect(self._company_edited)
        self.notes.textChanged.connect(self._edited)
        self.category.currentIndexChanged.connect(self._category_changed)
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        self.follow_up_check.toggled.connect(lambda _c: self._edited())
        self.follow_up.dateChanged.connect(lambda _d: self._edited())

    def _add(self, form: QFormLayout, text: str, widget: QWidget) -> None:
        label = QLabel(text, self)
        label.setBuddy(widget)
        form.addRow(label, widget)

    # ------------------------------------------------------------------ the clock
    def start_clock(self, started_at: datetime | None = None) -> None:
        if self.started_at is None or started_at is not None:
            self.started_at = started_at or utcnow()
        self.ticker.start()
        self._tick()

    def stop_clock(self) -> None:
        self.ticker.stop()

    def elapsed_s(self) -> int:
        if self.started_at is None:
            return 0
        return max(0, int((utcnow() - self.started_at).total_seconds()))

    def _tick(self) -> None:
        self.clock.setText(formats.duration(self.elapsed_s()))

    # ------------------------------------------------------------------ edits
    def _edited(self) -> None:
        if self._loading:
            return
        if self.started_at is None:
            self.start_clock()
        self.changed.emit()

    def _outcome_changed(self, _index: int) -> None:
        # « à rappeler » always has its day: choosing it ticks the date, today (or the next working day).
        if self.outcome_code() == "callback" and not self.follow_up_check.isChecked():
            day = proposed_callback_day()
            self.follow_up.setDate(QDate(day.year, day.month, day.day))
            self.follow_up_check.setChecked(True)
        self._edited()

    def set_recognition(self, html: str, plain: str = "") -> None:
        self.recognised.setText(html)
        self.recognised.setToolTip(plain)

    def _phone_edited(self, text: str) -> None:
        self._edited()
        self.phone_edited.emit(text)

    def _company_edited(self, text: str) -> None:
        self.company_id = None  # a name typed by hand is no longer the recognised company
        self._edited()
        self.company_edited.emit(text)

    def _category_changed(self, _index: int) -> None:
        self._edited()
        if not self._loading:
            self.category_changed.emit(self.category.currentData() or "")

    def category_code(self) -> str:
        return self.category.currentData() or ""

    def set_category(self, code: str) -> None:
        self.category.setCurrentIndex(max(0, self.category.findData(code or "")))

    def outcome_code(self) -> str:
        return self.outcome.currentData() or ""

    def set_outcome(self, code: str) -> None:
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(code or "")))

    def follow_up_on(self) -> date | None:
        if not self.follow_up_check.isChecked():
            return None
        value = self.follow_up.date()
        return date(value.year(), value.month(), value.day())

    # ------------------------------------------------------------------ items discussed
    def items_list(self) -> list[tuple]:
        return list(self.items_model.rows())

    def add_item(self, result) -> bool:
        if result.kind not in ("formation", "resource") or result.db_id is None:
            return False
        item = (result.kind, result.db_id, result.title, result.establishment, result.uai)
        rows = self.items_list()
        if any(row[:2] == item[:2] for row in rows):
            return False
        self.items_model.set_rows(rows + [item])
        self._edited()
        return True

    def remove_item(self, row: int) -> None:
        rows = self.items_list()
        if 0 <= row < len(rows):
            del rows[row]
            self.items_model.set_rows(rows)
            self._edited()

    def item_ids(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        rows = self.items_list()
        return (tuple(row[1] for row in rows if row[0] == "formation"),
                tuple(row[1] for row in rows if row[0] == "resource"))

    # ------------------------------------------------------------------ whole form
    def draft(self, **extra) -> Draft:
        follow = self.follow_up_on()
        return Draft(
            phone=self.phone.text(), company=self.company.text(), company_id=self.company_id,
            commune=self.commune.text(), caller=self.caller.text(), email=self.email.text(),
            category=self.category_code(), notes=self.notes.toPlainText(), outcome=self.outcome_code(),
            follow_up=follow.isoformat() if follow else "", items=tuple(self.items_list()),
            started_at=self.started_at.isoformat() if self.started_at else "", **extra,
        )

    def load(self, draft: Draft) -> None:
        """Fill every field from a draft (a restored one, or a blank one to start anew)."""
        self._loading = True
        try:
            self.phone.setText(draft.phone)
            self.company.setText(draft.company)
            self.company_id = draft.company_id
            self.commune.setText(draft.commune)
            self.caller.setText(draft.caller)
            self.email.setText(draft.email)
            self.set_category(draft.category)
            self.notes.setPlainText(draft.notes)
            self.set_outcome(draft.outcome)
            if draft.follow_up:
                follow = date.fromisoformat(draft.follow_up)
                self.follow_up.setDate(QDate(follow.year, follow.month, follow.day))
                self.follow_up_check.setChecked(True)
            else:
                self.follow_up_check.setChecked(False)
                self.follow_up.setDate(QDate.currentDate().addDays(1))
            self.items_model.set_rows(list(draft.items))
            self.recognised.clear()
            self.started_at = datetime.fromisoformat(draft.started_at) if draft.started_at else None
        finally:
            self._loading = False
        if self.started_at is not None:
            self.start_clock()
        else:
            self.stop_clock()
            self.clock.setText("00:00")
