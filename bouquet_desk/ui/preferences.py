"""Preferences: who answers the phone on this PC (signed on letters, recorded on calls), the few settings an
operator may want to change, and the mail server (the password goes to the OS keyring, never to the
settings). Written through the typed Settings registry."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from ..core.mail import config as mail_config
from ..core.mail import secrets
from ..core.settings import Settings
from .style import tab_widget


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None, runner=None) -> None:
        super().__init__(parent)
        self.setObjectName("preferences")
        self.setWindowTitle(self.tr("Préférences"))
        self.runner = runner or getattr(parent, "runner", None)  # the window's, for the test message
        self.operator = QLineEdit(settings.operator, self)
        self.operator.setObjectName("operatorName")
        self.operator.setPlaceholderText(self.tr("Prénom Nom"))
        self.deadline = self._spin(settings.referral_deadline_days, 1, 20, self.tr(" jour(s) ouvré(s)"))
        self.retention = self._spin(settings.retention_years, 1, 10, self.tr(" an(s)"))
        self.delay = self._spin(settings.search_delay_ms, 0, 1000, self.tr(" ms"))
        hint = QLabel(self.tr("Votre nom signe les courriers et figure sur les appels que vous enregistrez."), self)
        hint.setWordWrap(True)
        general = QWidget(self)
        form = QFormLayout(general)
        form.addRow(self.tr("&Opérateur :"), self.operator)
        form.addRow("", hint)
        form.addRow(self.tr("&Délai de réponse d'une orientation :"), self.deadline)
        form.addRow(self.tr("&Conservation des données personnelles :"), self.retention)
        form.addRow(self.tr("&Pause avant la recherche :"), self.delay)
        from .telephony.preferences_section import TelephonySection

        self.telephony = TelephonySection(settings, self)
        self.tabs = tab_widget(self)
        self.tabs.addTab(general, self.tr("Général"))
        self.tabs.addTab(self._mail_page(settings), self.tr("Courriel"))
        self.tabs.addTab(self.telephony, self.tr("Téléphonie"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    def _mail_page(self, settings: Settings) -> QWidget:
        page = QWidget(self)
        self.smtp_host = self._line(settings.smtp_host, "smtpHost", "smtp.exemple.fr")
        self.smtp_port = self._spin(settings.smtp_port, 1, 65535, "")
        self.smtp_port.setObjectName("smtpPort")
        self.smtp_security = QComboBox(page)
        self.smtp_security.setObjectName("smtpSecurity")
        for code in mail_config.SECURITY:
            self.smtp_security.addItem(mail_config.SECURITY_LABELS[code], code)
        self.smtp_security.setCurrentIndex(max(0, self.smtp_security.findData(settings.smtp_security)))
        self.smtp_user = self._line(settings.smtp_user, "smtpUser", self.tr("vide : sans authentification"))
        self.smtp_password = QLineEdit(page)
        self.smtp_password.setObjectName("smtpPassword")
        self.smtp_password.setEchoMode(QLineEdit.EchoMode.Password)
        stored = bool(settings.smtp_host and secrets.load_password(settings.smtp_host, settings.smtp_user))
        self.smtp_password.setPlaceholderText(self.tr("enregistré dans le trousseau (inchangé)") if stored
                                              else self.tr("gardé dans le trousseau du système"))
        self.smtp_sender = self._line(settings.smtp_sender, "smtpSender", "accueil@exemple.fr")
        self.smtp_reply_to = self._line(settings.smtp_reply_to, "smtpReplyTo", self.tr("facultatif"))
        self.notices_on_refer = QCheckBox(self.tr("Envoyer l'avis au contact dès que j'oriente un appel"), page)
        self.notices_on_refer.setObjectName("noticesOnRefer")
        self.notices_on_refer.setChecked(settings.mail_notices_on_refer)
        self.test_to = self._line(settings.smtp_sender, "smtpTestTo", self.tr("adresse du test"))
        self.test_button = QPushButton(self.tr("&Tester l'envoi"), page)
        self.test_button.setObjectName("smtpTest")
        self.test_button.clicked.connect(self.test_mail)
        self.test_result = QLabel(page)
        self.test_result.setObjectName("smtpTestResult")
        self.test_result.setWordWrap(True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_to, 1)
        test_row.addWidget(self.test_button)
        form = QFormLayout(page)
        form.addRow(self.tr("&Serveur SMTP :"), self.smtp_host)
        form.addRow(self.tr("Po&rt :"), self.smtp_port)
        form.addRow(self.tr("S&écurité :"), self.smtp_security)
        form.addRow(self.tr("&Utilisateur :"), self.smtp_user)
        form.addRow(self.tr("&Mot de passe :"), self.smtp_password)
        form.addRow(self.tr("E&xpéditeur :"), self.smtp_sender)
        form.addRow(self.tr("Répo&ndre à :"), self.smtp_reply_to)
        form.addRow("", self.notices_on_refer)
        form.addRow(self.tr("Test :"), test_row)
        form.addRow("", self.test_result)
        return page

    def _line(self, text: str, name: str, placeholder: str) -> QLineEdit:
        line = QLineEdit(text, self)
        line.setObjectName(name)
        line.setPlaceholderText(placeholder)
        return line

    def _spin(self, value: int, low: int, high: int, suffix: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setSuffix(suffix)
        return spin

    def _mail_values(self) -> dict:
        """The mail fields, checked (UserError naming the field); empty when no server is given."""
        if not self.smtp_host.text().strip():
            return {"smtp_host": "", "smtp_user": self.smtp_user.text().strip(),
                    "smtp_sender": self.smtp_sender.text().strip(), "smtp_reply_to": self.smtp_reply_to.text().strip()}
        return mail_config.checked(self.smtp_host.text(), self.smtp_port.value(), self.smtp_security.currentData(),
                                   self.smtp_user.text(), self.smtp_sender.text(), self.smtp_reply_to.text())

    def values(self, settings: Settings) -> Settings:
        return replace(
            settings,
            operator=" ".join(self.operator.text().split()),
            referral_deadline_days=self.deadline.value(),
            retention_years=self.retention.value(),
            search_delay_ms=self.delay.value(),
            **self.telephony.values(),
            mail_notices_on_refer=self.notices_on_refer.isChecked(),
            **self._mail_values(),
        )

    def _password(self, host: str, user: str) -> str:
        typed = self.smtp_password.text()
        return typed if typed else (secrets.load_password(host, user) if host else "")

    def accept(self) -> None:
        if not self.telephony.check():
            self.tabs.setCurrentWidget(self.telephony)
            return
        try:
            values = self._mail_values()
            if values["smtp_host"] and self.smtp_password.text():
                secrets.save_password(values["smtp_host"], values["smtp_user"], self.smtp_password.text())
        except UserError as exc:
            self.tabs.setCurrentIndex(1)
            self.test_result.setText(str(exc))
            return
        super().accept()

    def test_mail(self) -> None:
        """Sends a test message with the fields as typed (saved or not), off the GUI thread."""
        from ..core.mail.compose import test_message
        from ..core.mail.smtp import ServerUnavailable, send_now

        try:
            values = self._mail_values()
            if not values["smtp_host"]:
                raise UserError(self.tr("Indiquez le serveur SMTP."))
            config = mail_config.SmtpConfig(values["smtp_host"], values["smtp_port"], values["smtp_security"],
                                            values["smtp_user"], values["smtp_sender"], values["smtp_reply_to"],
                                            20, self._password(values["smtp_host"], values["smtp_user"]))
            message = test_message(config, self.test_to.text(), self.operator.text())
        except UserError as exc:
            self.test_result.setText(str(exc))
            return

        def task():
            try:
                return send_now(config, message)
            except ServerUnavailable as exc:
                raise UserError(exc.answer) from None

        def done(outcome) -> None:
            self.test_button.setEnabled(True)
            if outcome.status == "sent":
                self.test_result.setText(self.tr("Courriel de test envoyé à %1.").replace("%1", self.test_to.text()))
            else:
                self.test_result.setText(self.tr("Refusé par le serveur : %1").replace("%1", outcome.answer))

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            self.test_result.setText(str(exc) if isinstance(exc, UserError) else self.tr("Échec du test (journal)."))

        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Envoi du test…"))
        if self.runner is None:
            try:
                done(task())
            except Exception as exc:  # noqa: BLE001 - shown in the dialog
                failed(exc)
        else:
            self.runner.run_network(task, done, failed)

    @classmethod
    def ask(cls, settings: Settings, parent: QWidget | None = None, runner=None) -> Settings | None:
        """The edited settings, or None when cancelled (the password, if typed, is already in the keyring)."""
        dialog = cls(settings, parent, runner)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values(settings)
