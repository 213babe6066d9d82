"""Doubled companies and callers: found (same phone, close name in the same commune) and merged without
losing a call: the duplicate stays with merged_into_id set, its calls move to the survivor.

A SIRET cannot be doubled: it is unique in the database, and a call giving a known SIRET finds its company
(companies.find_or_create) instead of creating a second one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Call, Caller, Company
from ..errors import UserError
from ..phones import format_phone
from . import callers, companies, history
from .callers import CallerInfo, caller_info
from .companies import CompanyInfo, company_info, name_key
from .editing import edit

# "Boulangerie Dupont" / "Boulangerie Dupond" and "Garage du Centre" / "Garage Centre" score above this.
CLOSE_NAME_SCORE = 88


@dataclass(frozen=True)
class DuplicatePair:
    kind: str  # "company" or "caller"
    keep_id: int  # the suggested survivor: the older record
    drop_id: int
    keep_label: str
    drop_label: str
    reasons: tuple[str, ...]  # in French, for the operator deciding whether to merge
    score: int  # 100 for a sure match (same SIRET or phone), the name similarity otherwise


def _company_label(row: Company) -> str:
    where = f", {row.commune}" if row.commune else ""
    siret = f" (SIRET {row.siret})" if row.siret else ""
    return f"{row.name}{where}{siret}"


def _caller_label(row: Caller) -> str:
    return f"{row.name or 'sans nom'} ({format_phone(row.phone) or row.email or 'sans numéro'})"


def _pair(kind, a, b, reasons, score, label) -> DuplicatePair:
    keep, drop = (a, b) if a.id < b.id else (b, a)
    return DuplicatePair(kind, keep.id, drop.id, label(keep), label(drop), tuple(reasons), score)


# ---------------------------------------------------------------- finding


def _company_pairs(session: Session) -> list[DuplicatePair]:
    rows = session.scalars(select(Company).where(Company.merged_into_id.is_(None)).order_by(Company.id)).all()
    found: dict[tuple[int, int], tuple[list[str], int]] = {}

    def note(a: Company, b: Company, reason: str, score: int) -> None:
        if a.siret and b.siret and a.siret != b.siret:
            return  # two SIRETs are two establishments, however alike their names
        key = (min(a.id, b.id), max(a.id, b.id))
        reasons, best = found.get(key, ([], 0))
        reasons.append(reason)
        found[key] = (reasons, max(best, score))

    by_id = {row.id: row for row in rows}
    # Same phone: a person known at two companies is usually one company typed twice.
    phones: dict[str, set[int]] = defaultdict(set)
    for phone, company_id in session.execute(
        select(Caller.phone, Caller.company_id).where(
            Caller.merged_into_id.is_(None), Caller.phone.is_not(None), Caller.company_id.is_not(None))
    ):
        if company_id in by_id:
            phones[phone].add(company_id)
    for phone, ids in phones.items():
        for a, b in combinations(sorted(ids), 2):
            note(by_id[a], by_id[b], f"même téléphone {format_phone(phone)}", 100)
    # Close names in the same commune (or the very same name when a commune is missing).
    by_place: dict[str | None, list[Company]] = defaultdict(list)
    for row in rows:
        by_place[row.insee_code].append(row)
    for place, group in by_place.items():
        for a, b in combinations(group, 2):
            score = int(fuzz.token_sort_ratio(name_key(a.name), name_key(b.name)))
            if place is not None and score >= CLOSE_NAME_SCORE:
                note(a, b, f"noms proches ({score} %) à {a.commune}", score)
            elif place is None and score == 100:
                note(a, b, "même nom, commune inconnue", score)
    unplaced = by_place.get(None, [])
    placed = [row for place, group in by_place.items() if place is not None for row in group]
    for a in unplaced:
        for b in placed:
            if name_key(a.name) == name_key(b.name):
                note(a, b, f"même nom, l'une sans commune (l'autre à {b.commune})", 100)
    return [
        _pair("company", by_id[a], by_id[b], reasons, score, _company_label)
        for (a, b), (reasons, score) in found.items()
    ]


def _caller_pairs(session: Session) -> list[DuplicatePair]:
    rows = session.scalars(select(Caller).where(Caller.merged_into_id.is_(None)).order_by(Caller.id)).all()
    found: dict[tuple[int, int], tuple[list[str], int]] = {}

    def note(a: Caller, b: Caller, reason: str, score: int) -> None:
        key = (min(a.id, b.id), max(a.id, b.id))
        reasons, best = found.get(key, ([], 0))
        if reason not in reasons:
            reasons.append(reason)
        found[key] = (reasons, max(best, score))

    # Compared only within a shared number, address or company: thousands of callers stay cheap.
    groups: dict[tuple[str, object], list[Caller]] = defaultdict(list)
    for row in rows:
        if row.phone:
            groups[("phone", row.phone)].append(row)
        if row.email:
            groups[("email", row.email.lower())].append(row)
        if row.company_id and row.name:
            groups[("company", row.company_id)].append(row)
    for (kind, value), group in groups.items():
        for a, b in combinations(group, 2):
            if kind == "phone" and (not a.name or not b.name or callers.same_person(a.name, b.name)):
                # The same number alone is not enough: colleagues share a switchboard.
                note(a, b, f"même téléphone {format_phone(value)}", 100)
            elif kind == "email":
                note(a, b, f"même e-mail {value}", 100)
            elif kind == "company" and callers.same_person(a.name, b.name):
                score = int(fuzz.token_set_ratio(a.name, b.name))
                note(a, b, f"noms proches ({score} %) dans la même entreprise", score)
    by_id = {row.id: row for row in rows}
    return [
        _pair("caller", by_id[a], by_id[b], reasons, score, _caller_label)
        for (a, b), (reasons, score) in found.items()
    ]


def find_duplicates(context) -> list[DuplicatePair]:
    """Companies then callers that look doubled, surest first."""
    with context.sessions() as session:
        pairs = _company_pairs(session) + _caller_pairs(session)
    return sorted(pairs, key=lambda pair: (pair.kind != "company", -pair.score, pair.keep_id, pair.drop_id))


def similar_companies(context, name: str, commune: str | None = None) -> list[CompanyInfo]:
    """Known companies close to a name about to be created (the window warns before doubling a record)."""
    key = name_key(name or "")
    if not key:
        return []
    _, insee, _ = companies.resolve_commune(context.reference, commune)
    with context.sessions() as session:
        rows = session.scalars(select(Company).where(Company.merged_into_id.is_(None))).all()
        scored = [
            (int(fuzz.token_sort_ratio(key, name_key(row.name))), row) for row in rows
            if insee is None or row.insee_code in (None, insee)
        ]
        return [company_info(row) for score, row in sorted(scored, key=lambda p: (-p[0], p[1].id))
                if score >= CLOSE_NAME_SCORE]


# ---------------------------------------------------------------- merging


def _merge_pair(session, model, keep_id: int, drop_id: int, unknown: str, merged: str) -> tuple:
    """The two rows of a merge, both existing and neither merged already."""
    rows = session.get(model, keep_id), session.get(model, drop_id)
    for row_id, row in zip((keep_id, drop_id), rows):
        if row is None:
            raise UserError(f"{unknown} : n° {row_id}.")
        if row.merged_into_id is not None:
            raise UserError(merged.format(id=row_id, into=row.merged_into_id))
    return rows


def merge_companies(context, keep_id: int, drop_id: int) -> CompanyInfo:
    """Folds company `drop_id` into `keep_id`: calls and callers move, empty fields are completed."""
    if keep_id == drop_id:
        raise UserError("On ne fusionne pas une entreprise avec elle-même.")
    who = context.operator
    with edit(context, "Une des entreprises") as session:
        keep, drop = _merge_pair(session, Company, keep_id, drop_id, "Entreprise inconnue",
                           "L'entreprise n° {id} est déjà fusionnée dans la n° {into}.")
        if keep.siret and drop.siret and keep.siret != drop.siret:
            raise UserError(
                f"SIRET différents ({keep.siret} et {drop.siret}) : ce sont deux établissements distincts. "
                "Corrigez d'abord le SIRET erroné.")
        filled = {}
        if drop.siret and not keep.siret:
            siret, drop.siret = drop.siret, None
            session.flush()  # the SIRET is unique: free it before giving it to the survivor
            filled["siret"] = siret
        for name in ("naf", "address", "postal_code", "commune", "insee_code"):
            if getattr(keep, name) is None and getattr(drop, name) is not None:
                filled[name] = getattr(drop, name)
        if drop.member and not keep.member:
            filled["member"] = True
        changed = history.apply_changes(keep, filled)
        _repoint(session, who, Call, "company_id", drop.id, keep.id, "call")
        _repoint(session, who, Caller, "company_id", drop.id, keep.id, "caller")
        _repoint(session, who, Company, "merged_into_id", drop.id, keep.id, "company")
        dropped = history.apply_changes(drop, {"merged_into_id": keep.id})
        if "siret" in filled:
            dropped["siret"] = (filled["siret"], None)
        session.flush()
        history.record(session, who, "company", keep.id, "merge", {"absorbed": (None, drop.id), **changed},
                       key=keep.siret or keep.name)
        history.record(session, who, "company", drop.id, "merged", dropped, key=drop.name)
        return company_info(keep)


def merge_callers(context, keep_id: int, drop_id: int) -> CallerInfo:
    """Folds caller `drop_id` into `keep_id`: their calls move, empty fields are completed."""
    if keep_id == drop_id:
        raise UserError("On ne fusionne pas un appelant avec lui-même.")
    who = context.operator
    with edit(context, "Un des appelants") as session:
        keep, drop = _merge_pair(session, Caller, keep_id, drop_id, "Appelant inconnu",
                           "L'appelant n° {id} est déjà fusionné dans le n° {into}.")
        filled = {name: getattr(drop, name) for name in ("name", "phone", "email", "company_id")
                  if getattr(keep, name) is None and getattr(drop, name) is not None}
        if drop.last_contact_at and (keep.last_contact_at is None or drop.last_contact_at > keep.last_contact_at):
            filled["last_contact_at"] = drop.last_contact_at
        changed = history.apply_changes(keep, filled)
        changed.pop("last_contact_at", None)
        _repoint(session, who, Call, "caller_id", drop.id, keep.id, "call")
        _repoint(session, who, Caller, "merged_into_id", drop.id, keep.id, "caller")
        dropped = history.apply_changes(drop, {"merged_into_id": keep.id})
        session.flush()
        history.record(session, who, "caller", keep.id, "merge", {"absorbed": (None, drop.id), **changed},
                       key=keep.phone or keep.name or "")
        history.record(session, who, "caller", drop.id, "merged", dropped, key=drop.phone or drop.name or "")
        session.refresh(keep)
        return caller_info(keep)


def _repoint(session: Session, who: str, model, column: str, old: int, new: int, entity: str) -> None:
    # Row by row, not one UPDATE: each moved row gets its version bumped and its own history line.
    for row in session.scalars(select(model).where(getattr(model, column) == old)).all():
        setattr(row, column, new)
        history.record(session, who, entity, row.id, "update", {column: (old, new)}, key=str(row.id))
