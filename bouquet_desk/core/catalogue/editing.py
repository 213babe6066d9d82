"""One catalogue row, read whole and edited by hand (the window's detail pane and edit dialogs).

Reads return frozen dataclasses; edits go through `ops.conflicts.guarded_edit`: one transaction, the version
the operator opened is checked (ConflictError with what the other operator changed otherwise), every changed
field is written to the ChangeLog under the operator's name. Values are checked like the import checks them
and refused with a UserError in French.

    detail = formation_detail(context.sessions, formation_id)
    update_formation(context, formation_id, expected_version=detail.version, capacity=24)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..db.models import Contact, ContactAbsence, Establishment, Formation, Resource
from ..errors import UserError
from ..safe_cells import CONTROL_CHARACTERS, visible
from ..ops.conflicts import guarded_edit
from ..phones import format_phone, parse_phone
from .listing import contact_name
from .sheets import CATEGORIES, CONTACT_ROLES, ESTABLISHMENT_TYPES, PATHWAYS, RESOURCE_TYPES
from .validators import is_valid_email, is_valid_rome

__all__ = [
    "CATEGORIES", "CONTACT_ROLES", "ContactBrief", "ContactDetail", "ESTABLISHMENT_TYPES", "EstablishmentDetail",
    "FormationDetail", "PATHWAYS", "RESOURCE_TYPES", "ResourceDetail", "contact_detail", "establishment_detail",
    "catalogue_counts", "formation_detail", "formation_pathways", "resource_detail", "update_contact", "update_establishment", "update_formation",
    "update_resource",
]


@dataclass(frozen=True)
class ContactBrief:
    id: int
    ref: str
    name: str
    role: str
    phone: str  # French display
    email: str
    categories: str
    availability: str
    absent_until: date | None  # absent today, back after this day


@dataclass(frozen=True)
class EstablishmentDetail:
    id: int
    uai: str
    name: str
    type: str
    address: str
    postal_code: str
    commune: str
    phone: str  # French display
    email: str
    website: str
    territory: str
    contacts: tuple[ContactBrief, ...]
    version: int


@dataclass(frozen=True)
class FormationDetail:
    id: int
    cfd: str
    title: str
    diploma: str
    level: int | None
    pathways: str
    duration: str
    capacity: int | None
    pfmp_periods: str
    rome_codes: str
    description: str
    contact: ContactBrief | None
    establishment: EstablishmentDetail
    version: int


@dataclass(frozen=True)
class ResourceDetail:
    id: int
    code: str
    name: str
    type: str
    capacity: int | None
    description: str
    equipment: str
    services: str
    conditions: str
    price: str
    availability: str
    contact: ContactBrief | None
    establishment: EstablishmentDetail
    version: int


@dataclass(frozen=True)
class ContactDetail:
    id: int
    ref: str
    first_name: str
    last_name: str
    role: str
    phone: str  # French display
    email: str
    categories: str
    availability: str
    backup_id: int | None
    backup: str
    establishment: EstablishmentDetail
    version: int


def _absent_until(session: Session, contact_ids: list[int], day: date) -> dict[int, date]:
    if not contact_ids:
        return {}
    rows = session.execute(
        select(ContactAbsence.contact_id, ContactAbsence.end_date)
        .where(ContactAbsence.contact_id.in_(contact_ids), ContactAbsence.start_date <= day,
               ContactAbsence.end_date >= day)
    ).all()
    found: dict[int, date] = {}
    for contact_id, end in rows:
        found[contact_id] = max(end, found.get(contact_id, end))
    return found


def _brief(row: Contact, away: dict[int, date]) -> ContactBrief:
    return ContactBrief(row.id, row.ref, contact_name(row), row.role, format_phone(row.phone), row.email or "",
                        row.categories or "", row.availability or "", away.get(row.id))


def _establishment(session: Session, row: Establishment, today: date) -> EstablishmentDetail:
    people = [contact for contact in row.contacts if not contact.archived]
    people.sort(key=lambda contact: (contact.role, contact.last_name))
    away = _absent_until(session, [contact.id for contact in people], today)
    return EstablishmentDetail(
        row.id, row.uai, row.name, row.type, row.address or "", row.postal_code or "", row.commune or "",
        format_phone(row.phone), row.email or "", row.website or "", row.territory or "",
        tuple(_brief(contact, away) for contact in people), row.version,
    )


def _get(session: Session, model, row_id: int, what: str):
    row = session.get(model, row_id)
    if row is None:
        raise UserError(f"{what} introuvable : n° {row_id}.")
    return row


def establishment_detail(sessions: sessionmaker, establishment_id: int, *,
                         today: date | None = None) -> EstablishmentDetail:
    with sessions() as session:
        row = _get(session, Establishment, establishment_id, "Établissement")
        return _establishment(session, row, today or date.today())


def formation_detail(sessions: sessionmaker, formation_id: int, *, today: date | None = None) -> FormationDetail:
    today = today or date.today()
    with sessions() as session:
        row = _get(session, Formation, formation_id, "Formation")
        contact = _brief(row.contact, _absent_until(session, [row.contact.id], today)) if row.contact else None
        return FormationDetail(
            row.id, row.cfd, row.title, row.diploma or "", row.level, row.pathways or "", row.duration or "",
            row.capacity, row.pfmp_periods or "", row.rome_codes or "", row.description or "", contact,
            _establishment(session, row.establishment, today), row.version,
        )


def resource_detail(sessions: sessionmaker, resource_id: int, *, today: date | None = None) -> ResourceDetail:
    today = today or date.today()
    with sessions() as session:
        row = _get(session, Resource, resource_id, "Ressource")
        contact = _brief(row.contact, _absent_until(session, [row.contact.id], today)) if row.contact else None
        return ResourceDetail(
            row.id, row.code, row.name, row.type, row.capacity, row.description or "", row.equipment or "",
            row.services or "", row.conditions or "", row.price or "", row.availability or "", contact,
            _establishment(session, row.establishment, today), row.version,
        )


def contact_detail(sessions: sessionmaker, contact_id: int, *, today: date | None = None) -> ContactDetail:
    with sessions() as session:
        row = _get(session, Contact, contact_id, "Contact")
        return ContactDetail(
            row.id, row.ref, row.first_name or "", row.last_name, row.role, format_phone(row.phone),
            row.email or "", row.categories or "", row.availability or "", row.backup_id, contact_name(row.backup),
            _establishment(session, row.establishment, today or date.today()), row.version,
        )


# ---------------------------------------------------------------- checks (the import's rules, in French)


def _text(value, what: str, *, required: bool = False, max_length: int | None = None) -> str | None:
    text = ("" if value is None else str(value)).strip()
    if not text:
        if required:
            raise UserError(f"{what} : obligatoire.")
        return None
    if max_length is not None and len(text) > max_length:
        raise UserError(f"{what} : {len(text)} caractères, {max_length} au plus.")
    control = CONTROL_CHARACTERS.search(text)
    if control:  # the import refuses them too: an edit must export and re-import equal
        raise UserError(f"{what} : caractère de contrôle U+{ord(control.group()):04X} interdit dans « {visible(text[:60])} ».")
    return text


def _count(value, what: str, *, high: int = 100_000) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise UserError(f"{what} : « {value} » n'est pas un nombre entier.") from None
    if not 0 <= number <= high:
        raise UserError(f"{what} : {number} hors des limites (0 à {high}).")
    return number


def _choice(value, options, what: str) -> str:
    text = (value or "").strip()
    for option in options:
        if option.casefold() == text.casefold():
            return option
    raise UserError(f"{what} inconnu(e) : « {text} ». Valeurs possibles : {', '.join(options)}.")


def _choices(value, options, what: str) -> str:
    words = value if isinstance(value, (list, tuple, set, frozenset)) else str(value or "").replace(";", ",").split(",")
    chosen = [_choice(word, options, what) for word in words if str(word).strip()]
    return ",".join(option for option in options if option in chosen)


def _phone(value) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    e164 = parse_phone(text)
    if e164 is None:
        raise UserError(f"Numéro de téléphone invalide : « {text} ». Exemple : 03 21 77 88 99.")
    return e164


def _email(value) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if not is_valid_email(text):
        raise UserError(f"Adresse e-mail invalide : « {text} ».")
    return text


def _rome(value) -> str:
    codes = str(value or "").replace(",", " ").upper().split()
    wrong = [code for code in codes if not is_valid_rome(code)]
    if wrong:
        raise UserError(f"Code(s) ROME invalide(s) : {', '.join(wrong)} (forme attendue : H2913).")
    return " ".join(dict.fromkeys(codes))


def _apply(row, values: dict) -> None:
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def _clean(values: dict, checks: dict) -> dict:
    """The edited values checked by the import's rules; a field outside `checks` is a programming error."""
    unknown = set(values) - set(checks)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    return {name: checks[name](value) for name, value in values.items()}


def _free_text(value) -> str | None:
    return _text(value, "Texte")


# ---------------------------------------------------------------- edits


_FORMATION_CHECKS = {
    "title": lambda value: _text(value, "Intitulé", required=True, max_length=300),
    "diploma": lambda value: _text(value, "Diplôme", max_length=20),
    "level": lambda value: _count(value, "Niveau", high=8),
    "pathways": lambda value: _choices(value, PATHWAYS, "Voie"),
    "duration": lambda value: _text(value, "Durée", max_length=60),
    "capacity": lambda value: _count(value, "Places"),
    "pfmp_periods": _free_text,
    "rome_codes": _rome,
    "description": _free_text,
}


def update_formation(context, formation_id: int, *, expected_version: int, since_change_id: int | None = None,
                     **values) -> FormationDetail:
    """Changes some of the fields of _FORMATION_CHECKS; ConflictError when another operator saved the
    formation since `expected_version`."""
    clean = _clean(values, _FORMATION_CHECKS)
    if "rome_codes" in clean:
        clean["rome_derived"] = False  # typed by hand: an export must write them, not derive them again
    with guarded_edit(context, "formation", formation_id, expected_version, since_change_id=since_change_id) as row:
        _apply(row, clean)
    return formation_detail(context.sessions, formation_id)


_RESOURCE_CHECKS = {
    "name": lambda value: _text(value, "Nom", required=True, max_length=200),
    "type": lambda value: _choice(value, RESOURCE_TYPES, "Type de ressource"),
    "capacity": lambda value: _count(value, "Capacité"),
    **{name: _free_text for name in ("description", "equipment", "services", "conditions", "price", "availability")},
}


def update_resource(context, resource_id: int, *, expected_version: int, since_change_id: int | None = None,
                    **values) -> ResourceDetail:
    """Changes some of the fields of _RESOURCE_CHECKS."""
    clean = _clean(values, _RESOURCE_CHECKS)
    with guarded_edit(context, "resource", resource_id, expected_version, since_change_id=since_change_id) as row:
        _apply(row, clean)
    return resource_detail(context.sessions, resource_id)


_ESTABLISHMENT_CHECKS = {
    "name": lambda value: _text(value, "Nom", required=True, max_length=300),
    "type": lambda value: _choice(value, ESTABLISHMENT_TYPES, "Type d'établissement"),
    "phone": _phone,
    "email": _email,
    "address": lambda value: _text(value, "Adresse", max_length=300),
    "website": lambda value: _text(value, "Site web", max_length=300),
    "territory": lambda value: _text(value, "Territoire", max_length=300),
}


def update_establishment(context, establishment_id: int, *, expected_version: int,
                         since_change_id: int | None = None, **values) -> EstablishmentDetail:
    """Changes some of the fields of _ESTABLISHMENT_CHECKS (the UAI is the key: not here)."""
    clean = _clean(values, _ESTABLISHMENT_CHECKS)
    with guarded_edit(context, "establishment", establishment_id, expected_version,
                      since_change_id=since_change_id) as row:
        _apply(row, clean)
    return establishment_detail(context.sessions, establishment_id)


_CONTACT_CHECKS = {
    "last_name": lambda value: _text(value, "Nom", required=True, max_length=120),
    "first_name": lambda value: _text(value, "Prénom", max_length=120),
    "role": lambda value: _choice(value, CONTACT_ROLES, "Rôle"),
    "phone": _phone,
    "email": _email,
    "categories": lambda value: _choices(value, CATEGORIES, "Catégorie"),
    "availability": lambda value: _text(value, "Disponibilités"),
    "backup_id": lambda value: value,  # checked against the database inside the edit
}


def update_contact(context, contact_id: int, *, expected_version: int, since_change_id: int | None = None,
                   **values) -> ContactDetail:
    """Changes some of the fields of _CONTACT_CHECKS."""
    clean = _clean(values, _CONTACT_CHECKS)
    with guarded_edit(context, "contact", contact_id, expected_version, since_change_id=since_change_id) as row:
        if clean.get("backup_id") is not None:
            session = Session.object_session(row)
            backup = session.get(Contact, clean["backup_id"])
            if backup is None or backup.archived:
                raise UserError(f"Suppléant introuvable : n° {clean['backup_id']}.")
            if backup.id == row.id:
                raise UserError("Un contact ne peut pas être son propre suppléant.")
        _apply(row, clean)
    return contact_detail(context.sessions, contact_id)


def formation_pathways(sessions: sessionmaker) -> dict[int, str]:
    """Every live formation's pathways ("scolaire,apprentissage"), for the search panel's pathway filter."""
    with sessions() as session:
        return dict(session.execute(
            select(Formation.id, Formation.pathways).where(Formation.archived.is_(False))).all())


def catalogue_counts(sessions: sessionmaker) -> tuple[int, int]:
    """(live establishments, live formations), for the window's status bar."""
    from sqlalchemy import func

    with sessions() as session:
        establishments = session.scalar(select(func.count()).select_from(Establishment)
                                        .where(Establishment.archived.is_(False)))
        formations = session.scalar(select(func.count()).select_from(Formation).where(Formation.archived.is_(False)))
        return establishments or 0, formations or 0
