"""A small catalogue built in code for the search tests: three towns, real diploma codes and titles."""

from __future__ import annotations

from speech_samples import catalogue_records, reference

from bouquet_desk.core.search.engine import SearchEngine
from bouquet_desk.core.search.records import SearchRecord

TOWNS = {
    "Lens": (50.43954, 2.8191),
    "Liévin": (50.42306, 2.77022),
    "Arras": (50.28927, 2.76789),
    "Wimereux": (50.7736, 1.61464),
}

ESTABLISHMENTS = [
    ("0620001A", "Lycée professionnel Jean Prouvé", "LP", "Lens"),
    ("0620002B", "Lycée professionnel du bâtiment Eiffel", "LP", "Liévin"),
    ("0620003C", "Lycée polyvalent Gambetta", "LPO", "Arras"),
    ("0620004D", "Lycée professionnel de la Côte", "LP", "Wimereux"),
]

FORMATIONS = [
    ("0620001A", "50025437", "REALISATIONS INDUSTRIELLES EN CHAUDRONNERIE OU SOUDAGE OPTION A CHAUDRONNERIE (CAP)", "CAP"),
    ("0620001A", "40025510", "METIERS DE L'ELECTRICITE ET DE SES ENVIRONNEMENTS CONNECTES (BAC PRO)", "BAC PRO"),
    ("0620001A", "32031213", "MANAGEMENT COMMERCIAL OPERATIONNEL (BTS)", "BTS"),
    ("0620002B", "50023324", "MONTEUR EN INSTALLATIONS SANITAIRES (CAP)", "CAP"),
    ("0620002B", "50023217", "MACON (CAP)", "CAP"),
    ("0620002B", "40031106", "LOGISTIQUE (BAC PRO)", "BAC PRO"),
    ("0620003C", "50025437", "REALISATIONS INDUSTRIELLES EN CHAUDRONNERIE OU SOUDAGE OPTION A CHAUDRONNERIE (CAP)", "CAP"),
    ("0620003C", "32027002", "SERVICES INFORMATIQUES AUX ORGANISATIONS OPTION B SOLUTIONS LOGICIELLES ET APPLICATIONS METIERS (BTS)", "BTS"),
    ("0620003C", "01033001", "AIDE A DOMICILE (MC NIVEAU III)", "MC"),
    ("0620004D", "50025437", "REALISATIONS INDUSTRIELLES EN CHAUDRONNERIE OU SOUDAGE OPTION A CHAUDRONNERIE (CAP)", "CAP"),
    ("0620004D", "40033003", "ACCOMPAGNEMENT SOINS ET SERVICES A LA PERSONNE OPTION A - A DOMICILE (BAC PRO)", "BAC PRO"),
]

RESOURCES = [
    ("0620001A", "AMPHI", "Amphithéâtre", "AMPHITHEATRE", 250),
    ("0620001A", "CONF", "Salle de conférence", "SALLE", 60),
    ("0620002B", "CONF", "Salle de conférence", "SALLE", 120),
    ("0620003C", "CONF", "Salle de conférence", "SALLE", 150),
    ("0620003C", "SOUD", "Atelier soudure", "ATELIER", 12),
    ("0620004D", "REST", "Restaurant d'application", "RESTAURATION", 40),
]

CONTACTS = [
    ("C1", "0620001A", "Aurélie", "Dufour", "BDE", "PFMP,APPRENTISSAGE"),
    ("C2", "0620003C", "Julien", "Ramette", "GESTIONNAIRE", "LOCAUX"),
]


def sample_records() -> list[SearchRecord]:
    return catalogue_records(TOWNS, ESTABLISHMENTS, FORMATIONS, RESOURCES, CONTACTS, pathways="scolaire,apprentissage")


def sample_engine() -> SearchEngine:
    return SearchEngine.from_records(sample_records(), reference=reference())


def keys(answer, n: int | None = None) -> list[tuple[str, ...]]:
    return [result.key for result in list(answer.results)[:n]]
