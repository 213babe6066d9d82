"""The telephone's part of the Preferences: the call-event endpoint (address, port, allowed clients, its
URL to copy), click to dial (command, Asterisk AMI with its secret in the OS keyring). Listening beyond
this PC shows a warning while it is set."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QSpinBox, QWidget

from ...core.errors import UserError
from ...core.settings import Settings
from ...core.telephony import ami, endpoint

log = logging.getLogger("bouquet_desk.ui.telephony")


class TelephonySection(QGroupBox):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Téléphonie"))
        self.setObjectName("telephonyPreferences")
        self.enabled = QCheckBox(self.tr("Recevoir les appels du standard (événements Zammad CTI)"), self)
        self.enabled.setChecked(settings.telephony_enabled)
        self.address = self._line(settings.telephony_address, "telephonyAddress", "127.0.0.1")
        self.port = QSpinBox(self)
        self.port.setObjectName("telephonyPort")
        self.port.setRange(1, 65535)
        self.port.setValue(settings.telephony_port or 8739)
        self.allowed = self._line(settings.telephony_allowed_clients, "telephonyAllowed", "192.168.1.20, 10.0.0.0/24")
        self.warning = QLabel(self)
        self.warning.setObjectName("telephonyWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color:#b00020")
        self.url = QLineEdit(self)
        self.url.setObjectName("telephonyUrl")
        self.url.setReadOnly(True)
        self.url.setText(endpoint.url(settings) if settings.telephony_token else self.tr("créée au démarrage de la fenêtre"))
        self.dial_command = self._line(settings.dial_command, "dialCommand", "microsip.exe %n")
        self.ami_host = self._line(settings.ami_host, "amiHost", self.tr("vide : pas d'Asterisk"))
        self.ami_port = QSpinBox(self)
        self.ami_port.setRange(1, 65535)
        self.ami_port.setValue(settings.ami_port)
        self.ami_user = self._line(settings.ami_user, "amiUser", "")
        self.ami_channel = self._line(settings.ami_channel, "amiChannel", "PJSIP/201")
        self.ami_secret = self._line("", "amiSecret", self.tr("inchangé"))
        self.ami_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setObjectName("telephonyError")
        self.error.setStyleSheet("color:#b00020")
        self.error.hide()

        form = QFormLayout(self)
        form.addRow(self.enabled)
        form.addRow(self.tr("Adresse d'é&coute :"), self.address)
        form.addRow(self.tr("Po&rt :"), self.port)
        form.addRow(self.tr("Clients &autorisés :"), self.allowed)
        form.addRow(self.warning)
        form.addRow(self.tr("URL pour le standard :"), self.url)
        form.addRow(self.tr("Commande de &numérotation :"), self.dial_command)
        form.addRow(self.tr("Asterisk AMI, serveur :"), self.ami_host)
        form.addRow(self.tr("AMI, port :"), self.ami_port)
        form.addRow(self.tr("AMI, utilisateur :"), self.ami_user)
        form.addRow(self.tr("AMI, mot de passe :"), self.ami_secret)
        form.addRow(self.tr("AMI, votre poste :"), self.ami_channel)
        form.addRow(self.error)
        self.address.textChanged.connect(self._warn)
        self._warn()

    def _line(self, text: str, name: str, placeholder: str) -> QLineEdit:
        line = QLineEdit(text, self)
        line.setObjectName(name)
        line.setPlaceholderText(placeholder)
        return line

    def _warn(self) -> None:
        probe = Settings(telephony_address=self.address.text().strip() or endpoint.LOOPBACK)
        if endpoint.listens_beyond_loopback(probe):
            self.warning.setText(self.tr(
                "Attention : à cette adresse, d'autres machines du réseau peuvent joindre la fenêtre. Seuls les "
                "clients autorisés ci-dessus (l'adresse du standard) sont acceptés, avec le jeton de l'URL."))
            self.warning.show()
        else:
            self.warning.hide()

    def values(self) -> dict:
        return dict(
            telephony_enabled=self.enabled.isChecked(),
            telephony_address=self.address.text().strip() or endpoint.LOOPBACK,
            telephony_port=self.port.value(),
            telephony_allowed_clients=self.allowed.text().strip(),
            dial_command=self.dial_command.text().strip(),
            ami_host=self.ami_host.text().strip(), ami_port=self.ami_port.value(),
            ami_user=self.ami_user.text().strip(), ami_channel=self.ami_channel.text().strip(),
        )

    def check(self) -> bool:
        """False with the reason shown when the values cannot work; stores a typed AMI secret."""
        values = self.values()
        try:
            endpoint.check_settings(Settings(**values))
            if self.ami_secret.text():
                ami.store_secret(ami.AmiServer(values["ami_host"], values["ami_port"], values["ami_user"],
                                               values["ami_channel"]), self.ami_secret.text())
        except UserError as exc:
            self._show_error(str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - no keyring on this desktop: say so, keep the dialog open
            log.warning("AMI secret not stored: %s", exc)
            self._show_error(self.tr("Mot de passe AMI non enregistré : pas de trousseau de clés sur ce poste (%1).")
                             .replace("%1", str(exc)))
            return False
        self.error.hide()
        return True

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
