"""The values a template can print: plain dicts and strings built from the database, never None.

Keys are French because the people who edit the templates in Word read them ({{ entreprise.nom }}). Every value
is a cleaned string (or a list of dicts), empty when the data is missing, so a template can test
`{%p if entreprise.adresse %}` and can never print "None". LETTER_NAMES lists the top-level names; a template
using anything else is refused before rendering.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import (Call, Caller, Company, Contact, Establishment, Formation, Letter, Referral, ReferralItem,
                         Resource)
from ..labels import diploma_label, establishment_name, formation_label
from ..phones import format_phone
from . import common_years, wording
from .french import count, french_date, local_day, person_name

LETTER_NAMES = frozenset({
    "reseau", "date", "objet", "formule_appel", "appel", "entreprise", "demandeur", "destinataire",
    "orientations", "orientation", "plusieurs", "prevenus", "echeance", "signataire",
})

# Characters XML 1.0 cannot hold (a .docx with one of them does not open); tabs become spaces because docxtpl
# would turn them into tab stops, and form feeds and bells would become page and paragraph breaks.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"[ \t]+")


def clean(value: object) -> str:
    """Text safe for a docx run: stripped, line breaks kept (docxtpl turns them into line breaks)."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", _INVALID_XML.sub("", text.replace("\x0c", " ").replace("\x0b", " ")))
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _town(postal_code: str | None, commune: str | None, *, postal: bool = False) -> str:
    # On an envelope the last line is in capitals (La Poste's address standard); elsewhere the commune is as typed.
    town = clean(commune)
    return " ".join(part for part in (clean(postal_code), town.upper() if postal else town) if part)


def _one_line(*parts: str) -> str:
    return ", ".join(part.replace("\n", ", ") for part in parts if part)


def network_fields() -> dict:
    return {
        "nom": wording.NETWORK_NAME, "nom_court": wording.NETWORK_SHORT,
        "comite": wording.NETWORK_RUNNER, "territoire": wording.NETWORK_AREA,
    }


def _live_company(session: Session, company: Company | None) -> Company | None:
    # A company merged into another keeps its row for history; the letter goes to the one that remains.
    seen = set()
    while company is not None and company.merged_into_id and company.id not in seen:
        seen.add(company.id)
        company = session.get(Company, company.merged_into_id)
    return company


def _siret(text: str) -> str:
    """ "732 829 320 00074": SIREN in groups of three, then the establishment number, as INSEE prints it."""
    if len(text) != 14 or not text.isdigit():
        return text
    return f"{text[:3]} {text[3:6]} {text[6:9]} {text[9:]}"


def company_fields(company: Company | None) -> dict:
    if company is None:
        return {"nom": "", "adresse": "", "ville": "", "code_postal": "", "commune": "", "siret": "",
                "adresse_complete": ""}
    address, town = clean(company.address), _town(company.postal_code, company.commune)
    return {
        "nom": clean(company.name), "adresse": address, "ville": town,
        "code_postal": clean(company.postal_code), "commune": clean(company.commune),
        "siret": _siret(clean(company.siret)), "adresse_complete": _one_line(address, town),
    }


def caller_fields(caller: Caller | None, call: Call) -> dict:
    name = clean(caller.name) if caller else ""
    phone = (caller.phone if caller else None) or call.phone
    return {
        "nom": name,
        "telephone": clean(format_phone(phone)),
        "courriel": clean(caller.email) if caller else "",
    }


def company_recipient(company: dict, caller: dict) -> dict:
    """The address block: who, for whose attention, the street lines and the postal town in capitals."""
    name = company["nom"] or caller["nom"]
    attention = f"À l'attention de {caller['nom']}" if company["nom"] and caller["nom"] else ""
    return {"nom": name, "attention": attention, "lignes": _address_lines(company["adresse"],
            company["code_postal"], company["commune"])}


def _address_lines(address: str, postal_code: str, commune: str) -> list[str]:
    lines = address.split("\n") if address else []
    town = _town(postal_code, commune, postal=True)
    return lines + ([town] if town else [])


def establishment_fields(row: Establishment) -> dict:
    address, town = clean(row.address), _town(row.postal_code, row.commune)
    return {
        "nom": establishment_name(clean(row.name)), "adresse": address, "ville": town, "commune": clean(row.commune),
        "adresse_complete": _one_line(address, town), "telephone": clean(format_phone(row.phone)),
        "courriel": clean(row.email), "site": clean(row.website),
        "lignes": _address_lines(address, clean(row.postal_code), clean(row.commune)),
    }


def contact_fields(row: Contact) -> dict:
    first, last = clean(row.first_name), clean(row.last_name)
    return {
        "nom": person_name(first, last), "prenom": first, "nom_de_famille": last,
        "fonction": wording.role_title(row.role), "telephone": clean(format_phone(row.phone)),
        "courriel": clean(row.email), "disponibilites": clean(row.availability),
    }


def formation_fields(row: Formation) -> dict:
    # "Bac pro Métiers de l'électricité …": the diploma as people say it, then the title as people write it.
    raw_title, raw_diploma = clean(row.title), clean(row.diploma)
    common = common_years.explain(raw_title, raw_diploma)  # « 2NDE COMMUNE » said as what it is
    if common is not None:
        title = f"{formation_label(common.stem, raw_diploma)} – {common.phrase}"
    else:
        title = formation_label(raw_title, raw_diploma)
    diploma = diploma_label(raw_diploma)
    level = f"niveau {row.level}" if row.level else ""
    capacity = count(row.capacity, "place") if row.capacity else ""
    duration, pathways = clean(row.duration), wording.pathways(row.pathways)
    return {
        "intitule": title, "annee_commune": common.phrase if common else "", "diplome": diploma, "niveau": level, "duree": duration, "voies": pathways,
        "capacite": capacity, "periodes_pfmp": clean(row.pfmp_periods), "description": clean(row.description),
        "details": " · ".join(part for part in (level.capitalize(), duration, pathways, capacity) if part),
    }


def resource_fields(row: Resource) -> dict:
    kind = wording.resource_type(row.type)
    name = clean(row.name)
    capacity = count(row.capacity, "personne") if row.capacity else ""
    shown_kind = kind if kind and kind.lower() not in name.lower() else ""
    return {
        "nom": name, "type": kind, "capacite": capacity, "description": clean(row.description),
        "equipements": clean(row.equipment), "services": clean(row.services), "conditions": clean(row.conditions),
        "tarif": clean(row.price), "disponibilites": clean(row.availability),
        "details": " · ".join(part for part in (shown_kind, capacity) if part),
    }


def notice_made(session: Session, referral: Referral) -> bool:
    """Whether the contact of `referral` was told: a notice to that contact is archived for it."""
    return session.scalar(select(Letter.id).where(Letter.referral_id == referral.id, Letter.recipient == "contact")
                          .limit(1)) is not None


def referral_fields(session: Session, referral: Referral, number: int) -> dict:
    items = session.scalars(select(ReferralItem).where(ReferralItem.referral_id == referral.id)
                            .order_by(ReferralItem.id)).all()
    formation_ids = [item.formation_id for item in items if item.formation_id]
    resource_ids = [item.resource_id for item in items if item.resource_id]
    formations = session.scalars(select(Formation).where(Formation.id.in_(formation_ids))).all()
    resources = session.scalars(select(Resource).where(Resource.id.in_(resource_ids))).all()
    # Kept in the order the operator added them.
    formations = sorted(formations, key=lambda row: formation_ids.index(row.id))
    resources = sorted(resources, key=lambda row: resource_ids.index(row.id))
    return {
        "numero": str(number), "echeance": french_date(referral.due_on), "motif": clean(referral.reason),
        "prevenu": notice_made(session, referral),
        "contact": contact_fields(referral.contact), "etablissement": establishment_fields(referral.establishment),
        "formations": [formation_fields(row) for row in formations],
        "ressources": [resource_fields(row) for row in resources],
    }


def call_fields(call: Call, operator: str) -> dict:
    terms = clean(call.search_terms).replace("\n", ", ")
    request = wording.category_request(call.category)
    # What the operator typed in the search box stays out of the sentence the company reads (`recherche` keeps
    # it for a template that wants it): the formations and contacts below say what was found.
    return {
        "numero": str(call.id), "date": french_date(local_day(call.started_at)),
        "categorie": wording.category_title(call.category), "demande": request, "besoin": request,
        "recherche": terms,
        "notes": clean(call.notes), "operateur": clean(call.operator or operator),
    }


def letter_fields(session: Session, call: Call, *, operator: str, today: date,
                  referral: Referral | None = None) -> dict:
    """Everything a letter (referral None) or the notice of one referral can print."""
    company_row = _live_company(session, call.company or (call.caller.company if call.caller else None))
    company = company_fields(company_row)
    caller = caller_fields(call.caller, call)
    referrals = [referral_fields(session, row, number) for number, row in enumerate(call.referrals, start=1)]
    current = next((item for item, row in zip(referrals, call.referrals) if row is referral), None)
    dues = [row.due_on for row in ([referral] if referral else call.referrals)]
    signatory = clean(operator) or clean(call.operator)
    if referral is None:
        subject = wording.letter_subject(call.category, len(referrals) > 1)
        recipient = company_recipient(company, caller)
    else:
        subject = wording.notice_subject(company["nom"] or caller["nom"], call.category)
        recipient = {"nom": current["contact"]["nom"], "attention": current["contact"]["fonction"],
                     "lignes": [current["etablissement"]["nom"], *current["etablissement"]["lignes"]]}
    return {
        "reseau": network_fields(), "date": french_date(today), "objet": subject,
        "formule_appel": "Madame, Monsieur,", "appel": call_fields(call, operator), "entreprise": company,
        "demandeur": caller, "destinataire": recipient, "orientations": referrals,
        "orientation": current or (referrals[0] if referrals else {}), "plusieurs": len(referrals) > 1,
        # Every contact of the letter was sent a notice: only then may the letter say they were told.
        "prevenus": bool(referrals) and all(item["prevenu"] for item in referrals),
        "echeance": french_date(max(dues)) if dues else "",
        "signataire": {"nom": signatory or f"L'équipe du {wording.NETWORK_SHORT}",
                       "qualite": f"Pour le {wording.NETWORK_NAME}"},
    }
