"""The detail of a catalogue item as HTML for a read-only text pane (formation, resource, establishment,
contact): what the operator reads to the caller."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication

from ...core.catalogue import labels as catalogue_labels
from ...core.calls.codes import CATEGORIES, role_label
from ...core.labels import establishment_name, formation_label
from ...core.telephony.uri import tel_link
from .. import formats


def _t(text: str) -> str:
    return QCoreApplication.translate("details", text)


def _row(label: str, value) -> str:
    if value in (None, ""):
        return ""
    return f"<tr><td style='color:#666;padding-right:8px;vertical-align:top'>{escape(label)}</td><td>{escape(str(value))}</td></tr>"


def phone_link(number: str) -> str:
    """A number the operator can click to dial (the window takes tel: links: ui/telephony/dialer.py)."""
    return f"<a href='{escape(tel_link(number))}'>{escape(number)}</a>"


def _phone_row(label: str, number) -> str:
    if not number:
        return ""
    return f"<tr><td style='color:#666;padding-right:8px;vertical-align:top'>{escape(label)}</td><td>{phone_link(number)}</td></tr>"


def _table(*rows: str) -> str:
    body = "".join(rows)
    return f"<table cellspacing='0' cellpadding='1'>{body}</table>" if body else ""


def _pathways(text: str) -> str:
    labels = {"scolaire": _t("scolaire"), "apprentissage": _t("apprentissage"), "continue": _t("formation continue")}
    return ", ".join(labels.get(part.strip(), part.strip()) for part in (text or "").split(",") if part.strip())


def _categories(text: str) -> str:
    return ", ".join(CATEGORIES.get(code.strip(), code.strip()) for code in (text or "").split(",") if code.strip())


def contact_line(contact) -> str:
    if contact is None:
        return ""
    parts = [f"<b>{escape(contact.name)}</b> ({escape(role_label(contact.role))})"]
    if contact.phone:
        parts.append(f"☎ {phone_link(contact.phone)}")
    if contact.email:
        parts.append(f"<a href='mailto:{escape(contact.email)}'>{escape(contact.email)}</a>")
    line = " · ".join(parts)
    if contact.absent_until is not None:
        line += f" <span style='color:#b00020'>{escape(_t('absent jusqu’au'))} {formats.day(contact.absent_until)}</span>"
    if contact.availability:
        line += f"<br><span style='color:#666'>{escape(contact.availability)}</span>"
    return line


def establishment_html(detail, *, heading: bool = True) -> str:
    place = " ".join(part for part in (detail.address, detail.postal_code, detail.commune) if part)
    html = ""
    if heading:
        html += f"<h3 style='margin:0'>{escape(establishment_name(detail.name))}</h3>"
    else:
        html += f"<h4 style='margin:8px 0 2px 0'>{escape(establishment_name(detail.name))}</h4>"
    html += _table(_row(_t("Adresse"), place), _phone_row(_t("Téléphone"), detail.phone), _row(_t("Courriel"), detail.email),
                   _row(_t("UAI"), detail.uai), _row(_t("Territoire"), detail.territory))
    if detail.contacts:
        html += f"<p style='margin:6px 0 2px 0'><b>{escape(_t('Contacts'))}</b></p><ul style='margin:0'>"
        for contact in detail.contacts:
            html += f"<li>{contact_line(contact)}"
            if contact.categories:
                html += f"<br><span style='color:#666'>{escape(_t('traite'))} : {escape(_categories(contact.categories))}</span>"
            html += "</li>"
        html += "</ul>"
    return html


def formation_html(detail) -> str:
    level = _t("niveau %1").replace("%1", str(detail.level)) if detail.level else ""
    # The heading as in the results, the diploma first ("Bac pro Métiers de l'électricité …").
    summary = " · ".join(part for part in (level, _pathways(detail.pathways)) if part)
    heading = formation_label(detail.title, detail.diploma)
    html = f"<h3 style='margin:0'>{escape(heading)}</h3><p style='margin:2px 0'>{escape(summary)}</p>"
    capacity = _t("%1 places").replace("%1", formats.number(detail.capacity)) if detail.capacity else ""
    html += _table(
        _row(_t("Périodes PFMP"), detail.pfmp_periods), _row(_t("Capacité"), capacity),
        _row(_t("Durée"), detail.duration), _row(_t("CFD"), detail.cfd), _row(_t("ROME"), detail.rome_codes),
        _row(_t("Description"), detail.description),
    )
    if detail.contact is not None:
        html += f"<p style='margin:6px 0 2px 0'><b>{escape(_t('Responsable'))}</b> : {contact_line(detail.contact)}</p>"
    return html + establishment_html(detail.establishment, heading=False)


def resource_html(detail) -> str:
    capacity = _t("%1 personnes").replace("%1", formats.number(detail.capacity)) if detail.capacity else ""
    html = f"<h3 style='margin:0'>{escape(detail.name)}</h3><p style='margin:2px 0'>{escape(catalogue_labels.resource_type(detail.type))}</p>"
    html += _table(
        _row(_t("Capacité"), capacity), _row(_t("Conditions"), detail.conditions), _row(_t("Tarif"), detail.price),
        _row(_t("Disponibilités"), detail.availability), _row(_t("Équipement"), detail.equipment),
        _row(_t("Services"), detail.services), _row(_t("Description"), detail.description),
    )
    if detail.contact is not None:
        html += f"<p style='margin:6px 0 2px 0'><b>{escape(_t('Contact'))}</b> : {contact_line(detail.contact)}</p>"
    return html + establishment_html(detail.establishment, heading=False)


def contact_html(detail) -> str:
    name = " ".join(part for part in (detail.first_name, detail.last_name) if part)
    html = f"<h3 style='margin:0'>{escape(name)}</h3><p style='margin:2px 0'>{escape(role_label(detail.role))}</p>"
    html += _table(
        _phone_row(_t("Téléphone"), detail.phone), _row(_t("Courriel"), detail.email),
        _row(_t("Traite"), _categories(detail.categories)), _row(_t("Disponibilités"), detail.availability),
        _row(_t("Suppléant"), detail.backup), _row(_t("Référence"), detail.ref),
    )
    return html + establishment_html(detail.establishment, heading=False)


def load_html(sessions, kind: str, db_id: int) -> str:
    """The HTML of one search result (a short read of the database)."""
    from ...core.catalogue import editing

    if kind == "formation":
        return formation_html(editing.formation_detail(sessions, db_id))
    if kind == "resource":
        return resource_html(editing.resource_detail(sessions, db_id))
    if kind == "contact":
        return contact_html(editing.contact_detail(sessions, db_id))
    return establishment_html(editing.establishment_detail(sessions, db_id))
