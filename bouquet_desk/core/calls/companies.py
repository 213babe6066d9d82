"""Companies that call: created on the fly during a call, checked (SIRET, NAF, commune), merged when doubled."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..catalogue.validators import normalize_siret, siret_problem
from ..db.models import Company
from ..errors import UserError
from .claims import claim
from ..reference import normalize_place
from . import history
from .editing import edit, locked

_NAF = re.compile(r"^(\d{2})\.?(\d{2})([A-Za-z])$")
# Legal forms and filler words say nothing about which company it is: "SARL Dupont" is "Dupont".
_LEGAL_WORDS = frozenset(
    "sa sas sasu sarl eurl sci snc scop sca ei eirl ets etablissements entreprise societe ste groupe "
    "et cie the le la les l de du des d".split()
)


@dataclass(frozen=True)
class CompanyInfo:
    id: int
    name: str
    siret: str | None
    naf: str | None
    address: str | None
    postal_code: str | None
    commune: str | None
    insee_code: str | None
    member: bool
    merged_into_id: int | None
    version: int


def company_info(row: Company) -> CompanyInfo:
    return CompanyInfo(
        row.id, row.name, row.siret, row.naf, row.address, row.postal_code, row.commune, row.insee_code,
        row.member, row.merged_into_id, row.version,
    )


def name_key(name: str) -> str:
    """A company name reduced to the words that identify it, for matching and duplicate detection."""
    words = [word for word in normalize_place(name).split() if word not in _LEGAL_WORDS]
    return " ".join(words) or normalize_place(name)


def clean_siret(text: str | None) -> str | None:
    if text is None or not str(text).strip():
        return None
    problem = siret_problem(str(text))
    if problem:
        raise UserError(f"{problem} (« {str(text).strip()} »).")
    return normalize_siret(str(text))


def clean_naf(text: str | None) -> str | None:
    """NAF rev. 2 written "62.01Z"; "6201z" is accepted and rewritten."""
    if text is None or not text.strip():
        return None
    match = _NAF.match(text.strip().replace(" ", ""))
    if not match:
        raise UserError(f"Code NAF invalide : « {text.strip()} ». Format attendu : 62.01Z.")
    return f"{match[1]}.{match[2]}{match[3].upper()}"


_POSTAL_CODE = re.compile(r"^\d{5}$")


def clean_address(text: str | None) -> str | None:
    """The street lines of a postal address (number and street, building, BP…), one per line, as typed."""
    if text is None:
        return None
    lines = [" ".join(line.split()) for line in str(text).replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line) or None


def clean_postal_code(text: str | None) -> str | None:
    """Five digits (« 62300 »); a CEDEX code is five digits too."""
    if text is None or not str(text).strip():
        return None
    code = str(text).replace(" ", "").strip()
    if not _POSTAL_CODE.match(code):
        raise UserError(f"Code postal invalide : « {str(text).strip()} ». Cinq chiffres attendus, par exemple 62300.")
    return code


def resolve_commune(reference, text: str | None) -> tuple[str | None, str | None, str | None]:
    """(name, INSEE code, postcode) of a commune typed by name, postcode or INSEE code."""
    if text is None or not text.strip():
        return None, None, None
    commune = reference.commune(text)
    if commune is None:
        raise UserError(f"Commune inconnue : « {text.strip()} ». Donnez son nom, son code postal ou son code INSEE.")
    return commune.name, commune.insee, commune.postal_code


# ---------------------------------------------------------------- session level (no commit)


def live(session: Session, company_id: int) -> Company:
    """The company, or the one it was merged into: old calls may still name a merged duplicate."""
    row = session.get(Company, company_id)
    if row is None:
        raise UserError(f"Entreprise inconnue : n° {company_id}.")
    seen = {row.id}
    while row.merged_into_id is not None:
        row = session.get(Company, row.merged_into_id)
        if row is None or row.id in seen:  # a broken chain must not loop forever
            raise UserError(f"Entreprise n° {company_id} : fusion incohérente.")
        seen.add(row.id)
    return row


def by_siret(session: Session, siret: str) -> Company | None:
    row = session.scalar(select(Company).where(Company.siret == siret))
    return live(session, row.id) if row is not None else None


def by_name(session: Session, name: str, insee_code: str | None = None) -> Company | None:
    """A company whose name means the same once legal forms and accents are gone; same commune preferred."""
    key = name_key(name)
    candidates = [
        row for row in session.scalars(select(Company).where(Company.merged_into_id.is_(None))).all()
        if name_key(row.name) == key
    ]
    if insee_code:
        same_place = [row for row in candidates if row.insee_code == insee_code]
        candidates = same_place or [row for row in candidates if row.insee_code is None]
    return min(candidates, key=lambda row: row.id) if candidates else None


def create(
    session: Session, who: str, reference, *, name: str, siret: str | None = None, naf: str | None = None,
    address: str | None = None, commune: str | None = None, member: bool = False, postal_code: str | None = None,
) -> Company:
    name = (name or "").strip()
    if not name:
        raise UserError("Le nom de l'entreprise est obligatoire.")
    siret = clean_siret(siret)
    if siret and session.scalar(select(Company.id).where(Company.siret == siret)) is not None:
        raise UserError(f"Une entreprise porte déjà le SIRET {siret}.")
    commune_name, insee, postcode = resolve_commune(reference, commune)
    # A postal code given with the address wins over the commune's main one (towns with several, CEDEX).
    row = Company(
        name=name, siret=siret, naf=clean_naf(naf), address=clean_address(address),
        postal_code=clean_postal_code(postal_code) or postcode, commune=commune_name, insee_code=insee,
        member=member,
    )
    session.add(row)
    session.flush()
    history.record(session, who, "company", row.id, "create",
                   {"name": (None, row.name), "siret": (None, row.siret), "commune": (None, row.commune),
                    "address": (None, row.address), "postal_code": (None, row.postal_code)},
                   key=row.siret or row.name)
    return row


def find_or_create(
    session: Session, who: str, reference, *, name: str | None, siret: str | None, commune: str | None = None,
    address: str | None = None, postal_code: str | None = None,
) -> Company | None:
    """The company a caller names: by SIRET first, then by name (and commune); created when new. A postal
    address given for a company known without one completes it."""
    siret = clean_siret(siret)
    address, postal_code = clean_address(address), clean_postal_code(postal_code)
    if siret or (name and name.strip()):
        claim(session, "company", siret or name)  # two PCs naming the same new company make one record
    if siret:
        row = by_siret(session, siret)
        if row is not None:
            return _complete_address(session, who, row, address, postal_code)
    if not (name and name.strip()):
        if siret:
            raise UserError(f"Entreprise inconnue pour le SIRET {siret} : donnez aussi son nom pour la créer.")
        return None
    _, insee, _ = resolve_commune(reference, commune)
    row = by_name(session, name, insee)
    # Same name but another SIRET is another establishment of the company: a record of its own.
    if row is not None and (siret is None or row.siret in (None, siret)):
        if siret and row.siret is None:
            # The caller just gave the SIRET of a company known by name only: complete it.
            history.record(session, who, "company", row.id, "update",
                           history.apply_changes(row, {"siret": siret}), key=siret)
        return _complete_address(session, who, row, address, postal_code)
    return create(session, who, reference, name=name, siret=siret, commune=commune, address=address,
                  postal_code=postal_code)


def _complete_address(session: Session, who: str, row: Company, address: str | None,
                      postal_code: str | None) -> Company:
    # A known address is changed by editing the company (update_company), never by the next call.
    if row.address:
        return row
    values = {key: value for key, value in (("address", address), ("postal_code", postal_code)) if value}
    changed = history.apply_changes(row, values) if values else {}
    if changed:
        history.record(session, who, "company", row.id, "update", changed, key=row.siret or row.name)
    return row


# ---------------------------------------------------------------- services (one session per action)


def create_company(context, *, name: str, siret: str | None = None, naf: str | None = None,
                   address: str | None = None, commune: str | None = None, member: bool = False,
                   postal_code: str | None = None) -> CompanyInfo:
    with edit(context, "L'entreprise") as session:
        row = create(session, context.operator, context.reference, name=name, siret=siret, naf=naf,
                     address=address, commune=commune, member=member, postal_code=postal_code)
        return company_info(row)


def update_company(context, company_id: int, *, expected_version: int | None = None, **values) -> CompanyInfo:
    """Changes some of name, siret, naf, address, postal_code, commune, member; history records old and new
    values. A postal code given with the commune wins over the commune's main one."""
    allowed = {"name", "siret", "naf", "address", "postal_code", "commune", "member"}
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with edit(context, "Cette entreprise") as session:
        row = locked(session, Company, company_id, expected_version, unknown="Entreprise inconnue", changed=(
            "Cette entreprise a été modifiée par un autre poste : rechargez-la avant de l'enregistrer."))
        clean: dict = {}
        if "name" in values:
            clean["name"] = (values["name"] or "").strip()
            if not clean["name"]:
                raise UserError("Le nom de l'entreprise est obligatoire.")
        if "siret" in values:
            clean["siret"] = clean_siret(values["siret"])
            other = session.scalar(select(Company.id).where(Company.siret == clean["siret"], Company.id != row.id))
            if clean["siret"] and other is not None:
                raise UserError(f"Une autre entreprise (n° {other}) porte déjà le SIRET {clean['siret']}.")
        if "naf" in values:
            clean["naf"] = clean_naf(values["naf"])
        if "address" in values:
            clean["address"] = clean_address(values["address"])
        if "commune" in values:
            clean["commune"], clean["insee_code"], clean["postal_code"] = resolve_commune(
                context.reference, values["commune"])
        if "postal_code" in values and (values["postal_code"] or "commune" not in values):
            clean["postal_code"] = clean_postal_code(values["postal_code"])
        if "member" in values:
            clean["member"] = bool(values["member"])
        changed = history.apply_changes(row, clean)
        if changed:
            session.flush()
            history.record(session, context.operator, "company", row.id, "update", changed, key=row.siret or row.name)
        return company_info(row)


def get_company(context, company_id: int) -> CompanyInfo:
    """The company, or what it was merged into."""
    with context.sessions() as session:
        return company_info(live(session, company_id))


def find_companies(context, text: str, limit: int = 20) -> list[CompanyInfo]:
    """Companies whose name or SIRET contains `text` (the window's company picker); merged ones left out."""
    text = (text or "").strip()
    if not text:
        return []
    digits = normalize_siret(text)
    with context.sessions() as session:
        query = select(Company).where(Company.merged_into_id.is_(None))
        if digits.isdigit():
            query = query.where(Company.siret.startswith(digits))
        else:
            query = query.where(or_(Company.name.ilike(f"%{text}%"), Company.commune.ilike(f"%{text}%")))
        rows = session.scalars(query.order_by(Company.name).limit(limit)).all()
        return [company_info(row) for row in rows]
