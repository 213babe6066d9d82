"""Realistic activity for report and privacy tests: the dev catalogue imported, then months of calls,
referrals, letters and empty searches generated with a fixed seed.

The builder also returns what it generated as plain records, so tests compute the expected figures from
the generator's own choices instead of re-reading the database with the code under test.
"""

from __future__ import annotations

import io
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from docx import Document
from sqlalchemy import select

from bouquet_desk.core.calls.codes import CATEGORIES, REFERRAL_OUTCOMES
from bouquet_desk.core.phones import format_phone
from bouquet_desk.core.db.models import (
    Call,
    CallItem,
    Caller,
    ChangeLog,
    Company,
    Contact,
    Establishment,
    Formation,
    Letter,
    Referral,
    SearchLog,
)

DEV_CATALOGUE = Path(__file__).resolve().parent / "data" / "catalogue_dev.xlsx"

FIRST = ["Julie", "Karim", "Sandrine", "Thomas", "Nadia", "Bruno", "Céline", "Mehdi", "Isabelle", "Franck",
         "Aurore", "Yannick", "Sophie", "Ludovic", "Amandine", "Rachid", "Valérie", "Grégory", "Élodie", "Pascal"]
LAST = ["Lefebvre", "Dubois", "Wiart", "Delattre", "Kaczmarek", "Bouchart", "Nowak", "Caron", "Lemaire",
        "Szymanski", "Deprez", "Hennebelle", "Vasseur", "Boulanger", "Carpentier", "Lecomte", "Wojcik",
        "Devos", "Flament", "Lherbier", "Ducrocq", "Pruvost", "Leleu", "Obert"]
COMPANIES = ["Boulangerie du Marché", "Garage Central Lens", "Électricité Dumont", "Transports Willot",
             "Clinique des Deux Caps", "Hôtel de l'Europe", "Menuiserie Ryckebusch", "SARL Plomberie Artois",
             "Maison de retraite Les Tilleuls", "Auchan Noyelles", "Imprimerie Lensoise", "Soudure Industrielle du Nord",
             "Cabinet comptable Flandre", "Restaurant Le Louvre", "Métallerie Hénin", "Logistique Artois Services",
             "Pharmacie de la Gare", "Agence immobilière du Bassin", "Fromagerie Lemaire", "Coiffure Élégance"]
# What operators typed while looking for an answer (covered needs).
SEARCHES = ["électricien", "BTS MCO", "salle de réunion Lens", "plombier", "apprenti boulanger",
            "stage vente", "mécanicien auto", "comptabilité", "aide-soignant", "Électriciens", "amphithéâtre",
            "cuisine restauration", "logistique cariste", "maintenance industrielle", "accueil"]
# Needs the network does not cover: they must come back grouped in the unmet-demand register.
UNMET = ["cordiste", "Cordistes", "toiletteur canin", "soudeur aluminium", "Soudeurs aluminium", "couvreur",
         "couvreurs zingueurs", "tailleur de pierre", "pilote de drone"]
NOISE_SEARCHES = ["bac pro aéronautique", "formation grutier", "cordiste", "toiletteur canin", "pilote de drone"]
CATEGORY_WEIGHTS = {"PFMP": 30, "APPRENTISSAGE": 22, "RECRUTEMENT": 12, "FORMATION_CONTINUE": 8, "LOCAUX": 12,
                    "TAXE": 4, "PARTENARIAT": 7, "HORS_PERIMETRE": 5}
POSITIVE = [code for code in REFERRAL_OUTCOMES if code != "nothing"]


@dataclass(frozen=True)
class GenReferral:
    id: int
    establishment_id: int
    contact_id: int
    status: str
    outcome: str | None
    created_at: datetime
    answered_at: datetime | None
    due_on: date


@dataclass(frozen=True)
class GenCall:
    id: int
    started_at: datetime
    category: str
    outcome: str
    caller_id: int | None
    search_terms: str
    referrals: tuple[GenReferral, ...]


@dataclass(frozen=True)
class GenCaller:
    id: int
    name: str
    phone: str
    email: str
    last_contact_at: datetime


@dataclass
class Generated:
    calls: list[GenCall] = field(default_factory=list)
    callers: list[GenCaller] = field(default_factory=list)
    searches: list[tuple[datetime, str]] = field(default_factory=list)
    letters: int = 0

    def calls_between(self, start: date, end: date) -> list[GenCall]:
        return [c for c in self.calls if start <= c.started_at.date() <= end]

    def category_counts(self, start: date, end: date) -> Counter:
        return Counter(c.category for c in self.calls_between(start, end))


def import_dev_catalogue(context) -> None:
    from bouquet_desk.core.catalogue.importer import import_catalogue

    import_catalogue(context, DEV_CATALOGUE, operator="tests")


def letter_docx(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_activity(context, *, seed: int = 7, calls: int = 320, start: date = date(2024, 9, 2),
                   end: date = date(2026, 6, 26), callers: int = 90) -> Generated:
    """Imports the dev catalogue and fills `calls` calls spread from `start` to `end` (midday, UTC)."""
    import_dev_catalogue(context)
    rng = random.Random(seed)
    out = Generated()
    span = (end - start).days
    with context.sessions.begin() as session:
        contacts = session.execute(select(Contact.id, Contact.establishment_id, Contact.categories)).all()
        formations = session.execute(select(Formation.id, Formation.establishment_id)).all()
        companies = []
        for number, name in enumerate(COMPANIES):
            company = Company(name=name, commune=rng.choice(["Lens", "Liévin", "Avion", "Hénin-Beaumont"]))
            session.add(company)
            companies.append(company)
        session.flush()
        people = []
        for number in range(callers):
            first, last = FIRST[number % len(FIRST)], LAST[(number * 7) % len(LAST)]
            person = Caller(
                name=f"{first} {last}", phone=f"+3332100{number:04d}",
                email=f"{_ascii(first)}.{_ascii(last)}{number}@entreprise-exemple.fr",
                company_id=rng.choice(companies).id,
            )
            session.add(person)
            people.append(person)
        session.flush()
        for person in people:
            session.add(ChangeLog(who="tests", entity="caller", entity_id=person.id, entity_key=person.phone,
                                  action="create",
                                  changes=json.dumps({"name": [None, person.name], "phone": [None, person.phone]},
                                                     ensure_ascii=False)))
        last_contact: dict[int, datetime] = {}
        for _ in range(calls):
            day = start + timedelta(days=rng.randrange(span + 1))
            started = datetime.combine(day, time(rng.randint(8, 16), rng.randrange(60)))
            category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
            person = rng.choice(people) if rng.random() < 0.9 else None
            roll = rng.random()
            outcome = "referred" if roll < 0.62 else "informed" if roll < 0.8 else "uncovered" if roll < 0.92 else "callback"
            if category == "HORS_PERIMETRE" and outcome == "referred":
                outcome = "informed"
            if outcome == "uncovered":
                terms = rng.choice(UNMET) if rng.random() < 0.85 else ""
            else:
                terms = "\n".join(rng.sample(SEARCHES, rng.randint(0, 2)))
            notes = (f"M. {person.name.split()[-1]} rappelle au {format_phone(person.phone)}, "
                     f"écrire à {person.email}. Souhaite {CATEGORIES[category].lower()}."
                     if person else "Appel anonyme.")
            call = Call(started_at=started, ended_at=started + timedelta(minutes=rng.randint(2, 15)),
                        direction="incoming", phone=person.phone if person else None,
                        caller_id=person.id if person else None, company_id=person.company_id if person else None,
                        category=category, notes=notes, search_terms=terms, outcome=outcome, operator="Maryse")
            session.add(call)
            session.flush()
            session.add(ChangeLog(who="Maryse", entity="call", entity_id=call.id, entity_key=str(call.id),
                                  action="create", changes=json.dumps({"phone": [None, call.phone]})))
            generated_referrals = []
            if outcome == "referred":
                pool = [c for c in contacts if category in (c.categories or "")] or contacts
                for contact in rng.sample(pool, min(len(pool), rng.choice([1, 1, 1, 2]))):
                    created = started + timedelta(minutes=rng.randint(3, 20))
                    due = created.date() + timedelta(days=2)
                    fate = rng.random()
                    if fate < 0.7:
                        answered = created + timedelta(hours=rng.uniform(2, 24 * 6))
                        status = "done" if rng.random() < 0.8 else "acknowledged"
                        result = rng.choice(POSITIVE + ["nothing"]) if status == "done" else None
                    elif fate < 0.85:
                        answered, status, result = None, "no_answer", None
                    else:
                        answered, status, result = None, "sent", None
                    referral = Referral(call_id=call.id, contact_id=contact.id,
                                        establishment_id=contact.establishment_id, due_on=due, status=status,
                                        outcome=result, answered_at=answered, created_at=created,
                                        note=f"Rappeler {person.name}" if person else "")
                    session.add(referral)
                    session.flush()
                    generated_referrals.append(GenReferral(referral.id, contact.establishment_id, contact.id,
                                                           status, result, created, answered, due))
                    if person and rng.random() < 0.35:
                        session.add(Letter(call_id=call.id, referral_id=referral.id, recipient="company",
                                           template="confirmation", created_at=created,
                                           docx=letter_docx(f"Madame, Monsieur {person.name}, {person.email}")))
                        out.letters += 1
                related = [f for f in formations if f.establishment_id == generated_referrals[0].establishment_id]
                if related:
                    session.add(CallItem(call_id=call.id, formation_id=rng.choice(related).id))
            if person:
                last_contact[person.id] = max(last_contact.get(person.id, started), started)
            out.calls.append(GenCall(call.id, started, category, outcome, person.id if person else None, terms,
                                     tuple(generated_referrals)))
        for person in people:
            person.last_contact_at = last_contact.get(person.id, datetime.combine(start, time(12)))
            out.callers.append(GenCaller(person.id, person.name, person.phone, person.email, person.last_contact_at))
        for _ in range(60):
            day = start + timedelta(days=rng.randrange(span + 1))
            at = datetime.combine(day, time(rng.randint(8, 16), rng.randrange(60)))
            query = rng.choice(UNMET + NOISE_SEARCHES)
            session.add(SearchLog(at=at, query=query, kind="formation", results=0))
            out.searches.append((at, query))
    return out


def _ascii(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def establishment_names(context) -> dict[int, str]:
    with context.sessions() as session:
        return dict(session.execute(select(Establishment.id, Establishment.name)).all())


# ---------------------------------------------------------------- fixtures (import them into a test module)

import shutil  # noqa: E402

import pytest  # noqa: E402

# "Today" for every figure that depends on it (overdue referrals): after the generated activity ends.
TODAY = date(2026, 7, 15)


@pytest.fixture(scope="session")
def activity_template(tmp_path_factory):
    """One SQLite database with the dev catalogue and the generated activity, built once per session."""
    from bouquet_desk.app import open_context

    folder = tmp_path_factory.mktemp("activity")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BOUQUET_DESK_DATA_DIR", str(folder / "userdata"))
        context = open_context(f"sqlite:///{folder / 'activity.db'}", seed_demo=False)
        try:
            generated = build_activity(context)
        finally:
            context.close()
    return folder / "activity.db", generated


@pytest.fixture
def activity(activity_template, tmp_path, open_ctx):
    """(context, generated) on a private copy of the template database: tests may change it freely."""
    source, generated = activity_template
    target = tmp_path / "activity.db"
    shutil.copyfile(source, target)
    return open_ctx(f"sqlite:///{target}"), generated
