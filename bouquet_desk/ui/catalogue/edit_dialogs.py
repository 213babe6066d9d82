"""Editing the catalogue by hand: a small form per kind of row, and a contact's absences.

Dialogs return what changed (or None); the view saves it through core.catalogue.editing on the runner, with
the version the form was opened at, so that another operator's save in between is shown, not overwritten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.calls import contacts as contacts_core
from ...core.calls.codes import CATEGORIES, role_label
from ...core.catalogue import editing
from .. import formats
from ..errors import show_exception
from ..models.table import Column
from .tables import RowTable


def _t(text: str) -> str:
    return QCoreApplication.translate("edit", text)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text, long, int, choice, choices
    options: tuple[tuple[str, str], ...] = ()  # (code, label)


def formation_fields() -> list[Field]:
    return [
        Field("title", _t("&Intitulé")), Field("diploma", _t("&Diplôme")), Field("level", _t("&Niveau"), "int"),
        Field("pathways", _t("&Voies"), "choices", tuple((p, _t(p)) for p in editing.PATHWAYS)),
        Field("duration", _t("D&urée")), Field("capacity", _t("&Places"), "int"),
        Field("pfmp_periods", _t("Périodes P&FMP"), "long"), Field("rome_codes", _t("Codes &ROME")),
        Field("description", _t("D&escription"), "long"),
    ]


def resource_fields() -> list[Field]:
    return [
        Field("name", _t("&Nom")),
        Field("type", _t("&Type"), "choice", tuple((t, t.lower()) for t in editing.RESOURCE_TYPES)),
        Field("capacity", _t("&Capacité"), "int"), Field("conditions", _t("C&onditions"), "long"),
        Field("price", _t("T&arif"), "long"), Field("availability", _t("&Disponibilités"), "long"),
        Field("equipment", _t("É&quipement"), "long"), Field("services", _t("&Services"), "long"),
        Field("description", _t("D&escription"), "long"),
    ]


def establishment_fields() -> list[Field]:
    return [
        Field("name", _t("&Nom")),
        Field("type", _t("&Type"), "choice", tuple((t, t) for t in editing.ESTABLISHMENT_TYPES)),
        Field("address", _t("&Adresse")), Field("phone", _t("Télé&phone")), Field("email", _t("&Courriel")),
        Field("website", _t("Site &web")), Field("territory", _t("Te&rritoire")),
    ]


def contact_fields() -> list[Field]:
    return [
        Field("first_name", _t("&Prénom")), Field("last_name", _t("&Nom")),
        Field("role", _t("&Rôle"), "choice", tuple((r, role_label(r)) for r in editing.CONTACT_ROLES)),
        Field("phone", _t("Télé&phone")), Field("email", _t("&Courriel")),
        Field("categories", _t("&Traite"), "choices", tuple((c, _t(CATEGORIES[c])) for c in editing.CATEGORIES)),
        Field("availability", _t("&Disponibilités"), "long"),
    ]


class EditDialog(QDialog):
    def __init__(self, title: str, fields: list[Field], values: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editDialog")
        self.setWindowTitle(title)
        self.fields = fields
        self.original = dict(values)
        self.widgets: dict[str, object] = {}
        form = QFormLayout()
        for spec in fields:
            widget = self._widget(spec, values.get(spec.name))
            self.widgets[spec.name] = widget
            label = QLabel(spec.label, self)
            if isinstance(widget, QWidget):
                label.setBuddy(widget)
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _widget(self, spec: Field, value):
        if spec.kind == "long":
            edit = QPlainTextEdit(self)
            edit.setPlainText(value or "")
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)
            return edit
        if spec.kind == "int":
            spin = QSpinBox(self)
            spin.setRange(-1, 100_000)
            spin.setSpecialValueText("—")
            spin.setValue(-1 if value is None else int(value))
            return spin
        if spec.kind == "choice":
            combo = QComboBox(self)
            for code, label in spec.options:
                combo.addItem(label, code)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        if spec.kind == "choices":
            box = QWidget(self)
            grid = QGridLayout(box)
            grid.setContentsMargins(0, 0, 0, 0)
            chosen = {part.strip() for part in (value or "").split(",")}
            checks = []
            for number, (code, label) in enumerate(spec.options):
                check = QCheckBox(label, box)
                check.setProperty("code", code)
                check.setChecked(code in chosen)
                grid.addWidget(check, number // 3, number % 3)
                checks.append(check)
            box.checks = checks
            return box
        edit = QLineEdit(value or "", self)
        return edit

    def values(self) -> dict:
        out = {}
        for spec in self.fields:
            widget = self.widgets[spec.name]
            if spec.kind == "long":
                out[spec.name] = widget.toPlainText().strip()
            elif spec.kind == "int":
                out[spec.name] = None if widget.value() < 0 else widget.value()
            elif spec.kind == "choice":
                out[spec.name] = widget.currentData()
            elif spec.kind == "choices":
                out[spec.name] = ",".join(c.property("code") for c in widget.checks if c.isChecked())
            else:
                out[spec.name] = widget.text().strip()
        return out

    def changes(self) -> dict:
        def same(a, b) -> bool:
            return (a or None) == (b or None) if not isinstance(a, int) else a == b

        return {name: value for name, value in self.values().items() if not same(value, self.original.get(name))}

    @classmethod
    def ask(cls, title: str, fields: list[Field], values: dict, parent: QWidget | None = None) -> dict | None:
        """The fields changed ({} when none), or None when cancelled."""
        dialog = cls(title, fields, values, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.changes()


def absence_columns() -> list[Column]:
    return [
        Column(_t("Du"), lambda a: formats.day(a.start)),
        Column(_t("Au"), lambda a: formats.day(a.end)),
        Column(_t("Motif"), lambda a: a.reason),
        Column(_t("Suppléant"), lambda a: a.backup_name),
    ]


class AbsencesDialog(QDialog):
    """A contact's absences: routing hands their calls to the backup meanwhile."""

    def __init__(self, context, runner, contact, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("absencesDialog")
        self.context, self.runner, self.contact = context, runner, contact
        self.setWindowTitle(self.tr("Absences de %1").replace("%1", contact.name))
        self.table = RowTable(absence_columns(), self, "absenceTable")
        self.table.set_hint(self.tr("Aucune absence à venir."))
        self.start = QDateEdit(QDate.currentDate(), self)
        self.end = QDateEdit(QDate.currentDate().addDays(7), self)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Motif (facultatif)"))
        add = QPushButton(self.tr("&Ajouter"), self)
        add.setObjectName("addAbsence")
        remove = QPushButton(self.tr("&Retirer la sélection"), self)
        remove.setObjectName("removeAbsence")
        add.clicked.connect(self.add)
        remove.clicked.connect(self.remove)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Du"), self))
        row.addWidget(self.start)
        row.addWidget(QLabel(self.tr("au"), self))
        row.addWidget(self.end)
        row.addWidget(self.reason, 1)
        row.addWidget(add)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(remove)
        layout.addWidget(close)
        self.resize(640, 340)
        self.reload()

    def reload(self) -> None:
        context, ref = self.context, self.contact.ref
        self.runner.run_read(lambda: contacts_core.absences(context, ref, from_day=date.today()),
                             self.table.set_rows, lambda exc: show_exception(exc, self))

    def add(self) -> None:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        context, ref, reason = self.context, self.contact.ref, self.reason.text()
        self.runner.run_op(lambda: contacts_core.add_absence(context, ref, start, end, reason),
                           lambda _a: (self.reason.clear(), self.reload()), lambda exc: show_exception(exc, self))

    def remove(self) -> None:
        row = self.table.selected_row()
        if row is None:
            return
        context = self.context
        self.runner.run_op(lambda: contacts_core.remove_absence(context, row.id), lambda _r: self.reload(),
                           lambda exc: show_exception(exc, self))

    @classmethod
    def ask(cls, context, runner, contact, parent: QWidget | None = None) -> None:
        cls(context, runner, contact, parent).exec()
