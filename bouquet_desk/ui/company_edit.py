"""Editing a company's record (name, SIRET, postal address) from wherever the window shows one: the letters
print the address, so the operator completes it here when the caller gives it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ..core.calls import companies
from ..core.errors import UserError
from .catalogue.edit_dialogs import EditDialog, Field
from .errors import MessageBox


def _t(text: str) -> str:
    return QCoreApplication.translate("company", text)


def company_fields() -> list[Field]:
    return [
        Field("name", _t("&Raison sociale")), Field("siret", _t("&SIRET")),
        Field("address", _t("&Adresse (numéro et rue, bâtiment, BP…)"), "long"),
        Field("postal_code", _t("Code &postal")), Field("commune", _t("&Commune")),
    ]


def edit_company(context, company_id: int, parent: QWidget | None = None) -> companies.CompanyInfo | None:
    """Asks for the company's new values and saves them; the saved record, or None when nothing was saved."""
    info = companies.get_company(context, company_id)
    values = {"name": info.name, "siret": info.siret, "address": info.address, "postal_code": info.postal_code,
              "commune": info.commune}
    while True:
        changes = EditDialog.ask(_t("Entreprise : %1").replace("%1", info.name), company_fields(), values, parent)
        if not changes:
            return None
        try:
            return companies.update_company(context, company_id, expected_version=info.version, **changes)
        except UserError as exc:  # what was typed is offered again, with the reason
            MessageBox.error(parent, _t("Entreprise non enregistrée"), str(exc))
            values = {**values, **changes}
