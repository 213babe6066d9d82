"""One call in full: who, why, what was said and discussed, its referrals, its letters, and its history."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ...core.calls import calls as calls_core
from ...core.calls.history import history
from ...core.letters import list_letters
from ...core.calls.display import change_text
from .. import formats
from ..catalogue.tables import RowTable
from ..call.letters import LettersDialog, letter_columns
from ..call.side_panels import referral_columns
from ..models.table import Column
from ..style import tab_widget

ACTIONS = {"create": "création", "update": "modification", "archive": "archivage", "restore": "restauration",
           "absence": "absence", "anonymise": "anonymisation", "merge": "fusion", "chase": "relance"}


def _t(text: str) -> str:
    return QCoreApplication.translate("calldetail", text)


def history_columns() -> list[Column]:
    return [
        Column(_t("Quand"), lambda h: formats.moment(h.at)),
        Column(_t("Qui"), lambda h: h.who or "—"),
        Column(_t("Quoi"), lambda h: f"{_t(ACTIONS.get(h.action, h.action))} ({_t('appel') if h.entity == 'call' else _t('orientation') + ' ' + h.entity_key})"),
        Column(_t("Changements"), lambda h: change_text(h.entity, h.changes),
               tooltip=lambda h: change_text(h.entity, h.changes)),
    ]


def call_html(info) -> str:
    rows = [
        (_t("Date"), formats.moment(info.started_at)), (_t("Durée"), formats.duration(info.duration_s)),
        (_t("Sens"), info.direction_label), (_t("Téléphone"), info.phone_display),
        (_t("Entreprise"), info.company + (f" (SIRET {info.siret})" if info.siret else "")),
        (_t("Interlocuteur"), info.caller), (_t("Motif"), info.category_label), (_t("Issue"), info.outcome_label),
        (_t("À rappeler le"), formats.day(info.follow_up_on)), (_t("Opérateur"), info.operator),
        (_t("Recherche"), info.search_terms),
    ]
    from ..call.details import phone_link

    phone = _t("Téléphone")  # a link: a click dials it (ui/telephony/dialer.py)
    body = "".join(f"<tr><td style='color:#666;padding-right:10px'>{escape(k)}</td>"
                   f"<td>{phone_link(v) if k == phone else escape(v or '')}</td></tr>"
                   for k, v in rows if v)
    html = f"<h3 style='margin:0'>{escape(_t('Appel n°'))} {info.id}</h3><table>{body}</table>"
    if info.notes:
        html += f"<p><b>{escape(_t('Notes'))}</b><br>{escape(info.notes).replace(chr(10), '<br>')}</p>"
    if info.items:
        html += f"<p><b>{escape(_t('Éléments évoqués'))}</b></p><ul>"
        html += "".join(f"<li>{escape(item.label)}</li>" for item in info.items)
        html += "</ul>"
    return html


class CallDetailDialog(QDialog):
    """A call in full. « Modifier » closes it with EDIT: the window reopens the call in the call screen."""

    EDIT = 2

    def __init__(self, context, runner, call_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callDetail")
        self.context, self.runner, self.call_id = context, runner, call_id
        info = calls_core.get_call(context, call_id)
        self.info = info
        self.setWindowTitle(self.tr("Appel n° %1 — %2").replace("%1", str(call_id))
                            .replace("%2", info.company or info.caller or info.phone_display))
        self.summary = QTextBrowser(self)
        self.summary.setObjectName("callSummary")
        self.summary.setOpenExternalLinks(True)
        self.summary.setHtml(call_html(info))
        self.referrals = RowTable(referral_columns(), self, "callReferrals")
        self.referrals.set_rows(info.referrals)
        self.referrals.set_hint(self.tr("Aucune orientation."))
        from ..call.referral_actions import ReferralActions

        self.referral_actions = ReferralActions(self.referrals, context, runner, self)
        runner.changes_seen.connect(self._changes_seen)
        entries = list(history(context.sessions, "call", call_id))
        for referral in info.referrals:
            entries += history(context.sessions, "referral", referral.id)
        entries.sort(key=lambda entry: entry.at)
        self.history = RowTable(history_columns(), self, "callHistory")
        self.history.set_rows(entries)
        self.letters = RowTable(letter_columns(), self, "callLetters")
        self.letters.set_rows(list_letters(context, call_id))
        self.letters.set_hint(self.tr("Aucun courrier. Le bouton Courriers les prépare."))
        self.tabs = tab_widget(self)
        self.tabs.addTab(self.summary, self.tr("&Appel"))
        self.tabs.addTab(self.referrals, self.tr("&Orientations (%n)", "", len(info.referrals)))
        self.tabs.addTab(self.letters, self.tr("&Courriers (%n)", "", self.letters.source.rowCount()))
        self.tabs.addTab(self.history, self.tr("&Historique (%n)", "", len(entries)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        letters_button = QPushButton(self.tr("Co&urriers…"), self)
        letters_button.setObjectName("callLettersButton")
        letters_button.setEnabled(bool(info.referrals))
        letters_button.clicked.connect(lambda: LettersDialog.ask(context, runner, call_id, self))
        buttons.addButton(letters_button, QDialogButtonBox.ButtonRole.ActionRole)
        company_button = QPushButton(self.tr("&Entreprise…"), self)  # its postal address, for the letters
        company_button.setObjectName("callCompanyButton")
        company_button.setEnabled(info.company_id is not None)
        company_button.clicked.connect(self.edit_company)
        buttons.addButton(company_button, QDialogButtonBox.ButtonRole.ActionRole)
        edit_button = QPushButton(self.tr("&Modifier l'appel"), self)
        edit_button.setObjectName("editCallButton")
        edit_button.setToolTip(self.tr("Rouvrir l'appel dans l'onglet Appel pour le corriger (historique tenu)"))
        edit_button.clicked.connect(lambda: self.done(self.EDIT))
        buttons.addButton(edit_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(820, 520)

    def edit_company(self) -> None:
        from ..company_edit import edit_company

        if edit_company(self.context, self.info.company_id, self) is not None:
            self.info = calls_core.get_call(self.context, self.call_id)
            self.summary.setHtml(call_html(self.info))

    def _changes_seen(self, changes, _initiator) -> None:
        if set(changes.referral_ids) & {r.id for r in self.info.referrals}:
            context, call_id = self.context, self.call_id
            self.runner.run_read(lambda: calls_core.get_call(context, call_id),
                                 lambda info: self.referrals.set_rows(info.referrals))

    @classmethod
    def ask(cls, context, runner, call_id: int, parent: QWidget | None = None) -> int:
        dialog = cls(context, runner, call_id, parent)
        try:
            return dialog.exec()
        finally:
            runner.changes_seen.disconnect(dialog._changes_seen)
