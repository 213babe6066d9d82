"""A person's rights: everything held about them (export), and erasure now (anonymisation).

A person is found by phone number. Several people may share a switchboard number: then the name tells them
apart, and without it nothing is exported or erased, since the data of a colleague would go with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..calls.callers import require_phone, same_person
from ..calls.codes import CALL_OUTCOMES, CATEGORIES, DIRECTIONS, REFERRAL_OUTCOMES, REFERRAL_STATUSES
from ..catalogue.listing import contact_name
from ..db.base import utcnow
from ..db.models import Call, Caller, ChangeLog, Company, Contact, Establishment, Letter, Referral
from ..errors import UserError
from ..ops.failures import os_reason
from ..phones import format_phone
from ..reports.period import utc_to_local
from . import audit
from .anonymise import PERSONAL_FIELDS, Anonymised, anonymise
from ..ops.files import create_private_file
from .everywhere import compact_sqlite, identifiers_of, remove_drafts, rewrite_backups
from .scrub import Identifiers, mentions

CONTROLLER = "Bouquet de services des lycées aux entreprises (réseau animé par le Comité Grand Lens)"
PURPOSE = ("Mettre en relation les entreprises qui appellent le numéro unique avec les établissements du réseau, "
           "suivre ces mises en relation et en établir des statistiques anonymes.")


@dataclass(frozen=True)
class Person:
    phone: str  # E.164
    caller_ids: frozenset[int]
    call_ids: frozenset[int]  # calls from that number without a recorded caller

    @property
    def main_id(self) -> int:
        return min(self.caller_ids) if self.caller_ids else 0


@dataclass(frozen=True)
class ExportResult:
    path: Path
    callers: int
    calls: int
    referrals: int
    letters: int


@dataclass(frozen=True)
class ErasureResult:
    anonymised: Anonymised


def find_person(session: Session, phone_text: str, name: str | None = None) -> Person:
    phone = require_phone(phone_text)
    callers = session.scalars(select(Caller).where(Caller.phone == phone)).all()
    if name:
        callers = [c for c in callers if same_person(c.name, name) or (c.name or "").casefold() == name.casefold()]
        if not callers:
            raise UserError(f"Personne au nom de « {name} » pour le {format_phone(phone)}.")
    clusters = _clusters(session, {c.id for c in callers})
    if len(clusters) > 1:
        names = sorted({c.name for c in callers if c.name})
        raise UserError(
            f"Plusieurs personnes ont appelé du {format_phone(phone)} ({', '.join(names) or 'noms inconnus'}) : "
            "précisez la personne avec --nom."
        )
    caller_ids = clusters[0] if clusters else set()
    # Calls from the number with no recorded caller belong to the person only if no one else shares it.
    shared = session.scalar(select(Caller.id).where(Caller.phone == phone, Caller.id.not_in(caller_ids or {-1})).limit(1))
    loose = set() if shared or name else set(session.scalars(select(Call.id).where(Call.phone == phone, Call.caller_id.is_(None))))
    if not caller_ids and not loose:
        who = f" au nom de « {name} »" if name else ""
        raise UserError(f"Aucune donnée personnelle n'est enregistrée pour le {format_phone(phone)}{who}.")
    return Person(phone, frozenset(caller_ids), frozenset(loose))


def _clusters(session: Session, ids: set[int]) -> list[set[int]]:
    """Callers merged together are one person: each found caller with all the records merged into it or it
    into them, transitively."""
    clusters: list[set[int]] = []
    for start in sorted(ids):
        if any(start in cluster for cluster in clusters):
            continue
        cluster, frontier = {start}, {start}
        while frontier:
            rows = session.execute(
                select(Caller.id, Caller.merged_into_id).where(
                    or_(Caller.id.in_(frontier), Caller.merged_into_id.in_(frontier)))
            ).all()
            found = {row.id for row in rows} | {row.merged_into_id for row in rows if row.merged_into_id}
            frontier = found - cluster
            cluster |= found
        merged = [c for c in clusters if c & cluster]
        for other in merged:
            clusters.remove(other)
            cluster |= other
        clusters.append(cluster)
    return clusters


# ---------------------------------------------------------------- export


def export_person(context, phone: str, out: Path, *, name: str | None = None) -> ExportResult:
    """Writes everything held about the person as JSON at `out` and records the export in the audit log."""
    out = Path(out)
    with context.sessions.begin() as session:
        person = find_person(session, phone, name)
        payload = _gather(session, person)
        try:
            out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # a folder made for it: owner-only too
            create_private_file(out)  # owner-only before a byte of the person's data is in it
            out.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        except OSError as exc:
            raise UserError(f"Impossible d'écrire {out} : {os_reason(exc)}.") from exc
        counts = {key: len(payload[key]) for key in ("appelants", "appels", "orientations", "courriers")}
        # The file name may be the person's name: the audit log keeps only what was given, not where.
        audit.record(
            session, context.operator, audit.EXPORT, person.main_id,
            f"export : {counts['appels']} appel(s), {counts['orientations']} orientation(s), "
            f"{counts['courriers']} courrier(s)",
            {**{key: [None, value] for key, value in counts.items()},
             "numeros_appelants": [None, sorted(person.caller_ids)]},
        )
    return ExportResult(out, counts["appelants"], counts["appels"], counts["orientations"], counts["courriers"])


def _iso(moment: datetime | None) -> str | None:
    return utc_to_local(moment).isoformat(timespec="minutes") if moment else None


def _gather(session: Session, person: Person) -> dict:
    callers = session.scalars(select(Caller).where(Caller.id.in_(person.caller_ids or {-1})).order_by(Caller.id)).all()
    calls = session.scalars(
        select(Call).where(or_(Call.caller_id.in_(person.caller_ids or {-1}), Call.id.in_(person.call_ids or {-1})))
        .order_by(Call.started_at, Call.id)
    ).all()
    call_ids = [c.id for c in calls]
    referrals = session.scalars(
        select(Referral).where(Referral.call_id.in_(call_ids or [-1])).order_by(Referral.id)).all()
    letters = session.scalars(select(Letter).where(Letter.call_id.in_(call_ids or [-1])).order_by(Letter.id)).all()
    companies = {c.id: c.name for c in session.scalars(select(Company).where(
        Company.id.in_({x.company_id for x in (*callers, *calls) if x.company_id} or {-1})))}
    establishments = dict(session.execute(select(Establishment.id, Establishment.name).where(
        Establishment.id.in_({r.establishment_id for r in referrals} or {-1}))).all())
    contacts = {c.id: c for c in session.scalars(select(Contact).where(
        Contact.id.in_({r.contact_id for r in referrals} or {-1})))}
    pattern = Identifiers.of([(c.name, c.phone, c.email) for c in callers]).pattern()
    history = [
        row for row in session.scalars(select(ChangeLog).where(ChangeLog.entity != audit.ENTITY).order_by(ChangeLog.id))
        if (row.entity == "caller" and row.entity_id in person.caller_ids)
        or (row.entity == "call" and row.entity_id in call_ids)
        or mentions(row.entity_key, pattern) or mentions(row.changes, pattern)
    ]
    return {
        "responsable_du_traitement": CONTROLLER,
        "finalite": PURPOSE,
        "duree_de_conservation": "trois ans après le dernier contact, puis anonymisation (les appels restent "
                                 "comptés dans les statistiques, sans données personnelles)",
        "exporte_le": _iso(utcnow()),
        "numero_demande": format_phone(person.phone),
        "appelants": [
            {"numero_fiche": c.id, "nom": c.name, "telephone": format_phone(c.phone), "email": c.email,
             "entreprise": companies.get(c.company_id), "dernier_contact": _iso(c.last_contact_at),
             "enregistre_le": _iso(c.created_at), "anonymise_le": _iso(c.anonymised_at),
             "fusionne_dans": c.merged_into_id}
            for c in callers
        ],
        "appels": [
            {"numero": c.id, "date": _iso(c.started_at), "duree_s": c.duration_s,
             "sens": DIRECTIONS.get(c.direction, c.direction), "telephone": format_phone(c.phone),
             "entreprise": companies.get(c.company_id), "categorie": CATEGORIES.get(c.category, c.category),
             "issue": CALL_OUTCOMES.get(c.outcome, c.outcome) if c.outcome else None, "notes": c.notes,
             "recherches": c.search_terms, "rappel_prevu": c.follow_up_on.isoformat() if c.follow_up_on else None,
             "operateur": c.operator}
            for c in calls
        ],
        "orientations": [
            {"numero": r.id, "appel": r.call_id, "etablissement": establishments.get(r.establishment_id),
             "contact": contact_name(contacts.get(r.contact_id)), "envoyee_le": _iso(r.created_at),
             "echeance": r.due_on.isoformat(), "statut": REFERRAL_STATUSES.get(r.status, r.status),
             "resultat": REFERRAL_OUTCOMES.get(r.outcome, r.outcome) if r.outcome else None,
             "repondu_le": _iso(r.answered_at), "motif": r.reason, "note": r.note}
            for r in referrals
        ],
        "courriers": [
            {"numero": x.id, "appel": x.call_id, "orientation": x.referral_id, "destinataire": x.recipient,
             "modele": x.template, "cree_le": _iso(x.created_at), "envoye_le": _iso(x.sent_at),
             "taille_docx_octets": len(x.docx or b""), "pdf": x.pdf is not None}
            for x in letters
        ],
        "historique": [
            {"date": _iso(row.at), "par": row.who, "objet": row.entity, "numero_objet": row.entity_id,
             "action": row.action, "modifications": json.loads(row.changes or "{}")}
            for row in history
        ],
    }


# ---------------------------------------------------------------- erasure


def erase_person(context, phone: str, *, name: str | None = None, everywhere: bool = True) -> ErasureResult:
    """Anonymises the person now (right to erasure) and records it in the audit log; with `everywhere`, also
    in the drafts and the automatic backups of the data folder (core/privacy/everywhere.py)."""
    now = utcnow()
    with context.sessions.begin() as session:
        person = find_person(session, phone, name)
        identifiers = identifiers_of(session, person.caller_ids, [person.phone])
        result = anonymise(session, set(person.caller_ids), set(person.call_ids), now)
        audit.record(
            session, context.operator, audit.ERASE, person.main_id,
            f"effacement : {result.calls} appel(s), {result.referrals} orientation(s), {result.letters} courrier(s)",
            {**audit.cleared(PERSONAL_FIELDS), **{k: [None, v] for k, v in result.as_dict().items()},
             "numeros_appelants": [None, sorted(person.caller_ids)]},
        )
    if everywhere:
        remove_drafts(identifiers)
        compact_sqlite(context.engine)
        rewrite_backups(context, lambda copy: erase_person(copy, phone, name=name, everywhere=False))
    return ErasureResult(result)
