"""Letter test data: a call with its referrals made with the ORM models directly (a company name that tests
escaping, a PFMP formation with its periods, a room with its price, a contact without phone or e-mail), and
helpers to read a .docx back and to require LibreOffice."""

from __future__ import annotations

import io
import os
import shutil
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from docx import Document
from sqlalchemy import select

from bouquet_desk.core.db.models import (
    Call, Caller, Company, Contact, Establishment, Formation, Referral, ReferralItem, Resource,
)

REQUIRE_SOFFICE_ENV = "BOUQUET_DESK_REQUIRE_SOFFICE"


@dataclass(frozen=True)
class SeededCall:
    call_id: int
    referral_ids: tuple[int, ...]


def add_catalogue(session) -> dict:
    """The catalogue rows the calls point at, created once per database."""
    senez = session.scalar(select(Establishment).where(Establishment.uai == "0620056Z"))
    if senez is not None:
        contacts = {row.ref: row for row in session.scalars(select(Contact))}
        return {"senez": senez, "robespierre": contacts["C002"].establishment, "bde": contacts["C001"],
                "teacher": contacts["C002"], "welding": senez.formations[0], "amphi": senez.resources[0]}
    senez = Establishment(uai="0620056Z", name="Lycée Henri Senez", type="LPO", address="Rue Émile Zola",
                          postal_code="62110", commune="Hénin-Beaumont")
    robespierre = Establishment(uai="0623864N", name="Lycée professionnel Maximilien de Robespierre",
                                type="LP", postal_code="62300", commune="Lens")
    session.add_all([senez, robespierre])
    session.flush()
    bde = Contact(ref="C001", establishment_id=senez.id, first_name="Claire", last_name="Martin", role="BDE",
                  phone="+33321778899", email="claire.martin@exemple.fr", availability="lundi-vendredi 8h30-17h")
    # No phone, no e-mail, an unknown role: the letter must leave those lines out.
    teacher = Contact(ref="C002", establishment_id=robespierre.id, first_name=None, last_name="Lefebvre",
                      role="AUTRE")
    session.add_all([bde, teacher])
    session.flush()
    welding = Formation(establishment_id=senez.id, cfd="40025214",
                        title="TECHNICIEN EN CHAUDRONNERIE INDUSTRIELLE (BAC PRO)", diploma="BAC PRO", level=4,
                        pathways="scolaire,apprentissage", duration="3 ans", capacity=15,
                        pfmp_periods="du 12 janvier au 6 février 2027 ; du 17 mai au 11 juin 2027")
    amphi = Resource(establishment_id=senez.id, code="AMPHI", name="Amphithéâtre", type="AMPHITHEATRE",
                     capacity=250, conditions="hors temps scolaire, convention de mise à disposition",
                     price="120 € la demi-journée", equipment="micro HF, régie")
    session.add_all([welding, amphi])
    session.flush()
    return {"senez": senez, "robespierre": robespierre, "bde": bde, "teacher": teacher, "welding": welding,
            "amphi": amphi}


def seed_call(context, *, category: str = "PFMP", company_name: str = "Dupont & Fils <SARL>",
              address: str | None = "12 rue des Mineurs\nZone d'activités du Bord des Eaux",
              caller_email: str | None = "j.dupont@dupont-fils.fr", notes: str = "Cherche 2 élèves pour mars.",
              two_referrals: bool = True, siret: str | None = "73282932000074") -> SeededCall:
    with context.sessions.begin() as session:
        catalogue = add_catalogue(session)
        company = Company(name=company_name, address=address, postal_code="62300", commune="Lens",
                          siret=siret)
        session.add(company)
        session.flush()
        caller = Caller(name="Jean Dupont", phone="+33612345678", email=caller_email, company_id=company.id)
        session.add(caller)
        session.flush()
        call = Call(started_at=datetime(2026, 11, 27, 9, 30), category=category, notes=notes,
                    search_terms="chaudronnerie", company_id=company.id, caller_id=caller.id,
                    phone="+33612345678", operator="Marie Lefort")
        session.add(call)
        session.flush()
        first = Referral(call_id=call.id, contact_id=catalogue["bde"].id, establishment_id=catalogue["senez"].id,
                         due_on=date(2026, 12, 1), reason="Section chaudronnerie, PFMP en janvier")
        session.add(first)
        session.flush()
        session.add_all([ReferralItem(referral_id=first.id, formation_id=catalogue["welding"].id),
                         ReferralItem(referral_id=first.id, resource_id=catalogue["amphi"].id)])
        referral_ids = [first.id]
        if two_referrals:
            second = Referral(call_id=call.id, contact_id=catalogue["teacher"].id,
                              establishment_id=catalogue["robespierre"].id, due_on=date(2026, 12, 2))
            session.add(second)
            session.flush()
            referral_ids.append(second.id)
        return SeededCall(call.id, tuple(referral_ids))




def docx_text(data: bytes) -> str:
    """Every piece of text of a .docx, as a reader sees it: body, tables (nested too), headers and footers."""
    document = Document(io.BytesIO(data))
    lines: list[str] = []

    def walk(container) -> None:
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    for cell in row.cells:
                        walk(cell)
            else:
                lines.append(block.text)

    walk(document)
    for section in document.sections:
        for part in (section.first_page_header, section.header, section.first_page_footer, section.footer):
            walk(part)
    return "\n".join(lines)


def require_soffice() -> None:
    """Skips without LibreOffice, unless CI requires it: then the missing program is a failure."""
    if shutil.which("soffice") is None:
        if os.environ.get(REQUIRE_SOFFICE_ENV):
            pytest.fail(f"{REQUIRE_SOFFICE_ENV} is set but soffice is not installed")
        pytest.skip("LibreOffice (soffice) not installed")
