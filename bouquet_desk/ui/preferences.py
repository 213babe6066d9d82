"""Preferences: who answers the phone on this PC (signed on letters, recorded on calls) and the few settings
an operator may want to change. Written through the typed Settings registry."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from ..core.settings import Settings


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferences")
        self.setWindowTitle(self.tr("Préférences"))
        self.operator = QLineEdit(settings.operator, self)
        self.operator.setObjectName("operatorName")
        self.operator.setPlaceholderText(self.tr("Prénom Nom"))
        self.deadline = self._spin(settings.referral_deadline_days, 1, 20, self.tr(" jour(s) ouvré(s)"))
        self.retention = self._spin(settings.retention_years, 1, 10, self.tr(" an(s)"))
        self.delay = self._spin(settings.search_delay_ms, 0, 1000, self.tr(" ms"))
        hint = QLabel(self.tr("Votre nom signe les courriers et figure sur les appels que vous enregistrez."), self)
        hint.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("&Opérateur :"), self.operator)
        form.addRow("", hint)
        form.addRow(self.tr("&Délai de réponse d'une orientation :"), self.deadline)
        form.addRow(self.tr("&Conservation des données personnelles :"), self.retention)
        form.addRow(self.tr("&Pause avant la recherche :"), self.delay)
        from .telephony.preferences_section import TelephonySection

        self.telephony = TelephonySection(settings, self)
        form.addRow(self.telephony)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        if self.telephony.check():
            super().accept()

    def _spin(self, value: int, low: int, high: int, suffix: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setSuffix(suffix)
        return spin

    def values(self, settings: Settings) -> Settings:
        return replace(
            settings,
            operator=" ".join(self.operator.text().split()),
            referral_deadline_days=self.deadline.value(),
            retention_years=self.retention.value(),
            search_delay_ms=self.delay.value(),
            **self.telephony.values(),
        )

    @classmethod
    def ask(cls, settings: Settings, parent: QWidget | None = None) -> Settings | None:
        """The edited settings, or None when cancelled."""
        dialog = cls(settings, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values(settings)
