"""A small catalogue of another territory, built in code, for the tests of phone speech: pathways, a GRETA,
a continuing-education contact, rooms with equipment and sizes, a common first year, a renamed diploma."""

from __future__ import annotations

from functools import lru_cache

from bouquet_desk.core.reference import ReferenceData
from bouquet_desk.core.search.engine import SearchEngine
from bouquet_desk.core.search.records import SearchRecord

TOWNS = {"Béthune": (50.5303, 2.6408), "Bruay-la-Buissière": (50.4829, 2.5508), "Liévin": (50.42306, 2.77022),
         "Arras": (50.28927, 2.76789), "Boulogne-sur-Mer": (50.7264, 1.6147)}

ESTABLISHMENTS = [
    ("0629001A", "Lycée professionnel Marguerite Yourcenar", "LP", "Béthune"),
    ("0629002B", "CFA du bâtiment de l'Artois", "CFA", "Bruay-la-Buissière"),
    ("0629003C", "GRETA Grand Artois", "GRETA", "Arras"),
    ("0629004D", "Lycée professionnel Jean Jaurès", "LP", "Boulogne-sur-Mer"),
    ("0629005E", "Lycée professionnel Henri Senez", "LP", "Liévin"),
]

# uai, cfd, title, diploma, pathways
FORMATIONS = [
    ("0629001A", "40025412", "CARROSSIER PEINTRE AUTOMOBILE (BAC PRO)", "BAC PRO", "scolaire"),
    ("0629002B", "40025412", "CARROSSIER PEINTRE AUTOMOBILE (BAC PRO)", "BAC PRO", "apprentissage"),
    ("0629001A", "50022135", "CUISINE (CAP)", "CAP", "scolaire"),
    ("0629002B", "50023326", "METIERS DU PLATRE ET DE L'ISOLATION (CAP)", "CAP", "apprentissage"),
    ("0629002B", "50023330", "CARRELEUR MOSAISTE (CAP)", "CAP", "apprentissage"),
    ("0629003C", "50025524", "ELECTRICIEN (CAP)", "CAP", "continue"),
    ("0629001A", "50025524", "ELECTRICIEN (CAP)", "CAP", "scolaire"),
    ("0629004D", "40025012", "MAINTENANCE DES SYSTEMES DE PRODUCTION CONNECTES (BAC PRO)", "BAC PRO", "scolaire"),
    ("0629004D", "40020104",
     "METIERS DU PILOTAGE ET DE LA MAINTENANCE D'INSTALLATIONS AUTOMATISEES 2NDE COMMUNE (BAC PRO)", "BAC PRO",
     "scolaire"),
    ("0629005E", "40030004", "ASSISTANCE A LA GESTION DES ORGANISATIONS ET DE LEURS ACTIVITES (BAC PRO)", "BAC PRO",
     "scolaire"),
    ("0629005E", "40025517", "METIERS DU FROID ET DES ENERGIES RENOUVELABLES (BAC PRO)", "BAC PRO", "scolaire"),
    ("0629001A", "40033004", "ACCOMPAGNEMENT SOINS ET SERVICES A LA PERSONNE OPTION B EN STRUCTURE (BAC PRO)",
     "BAC PRO", "scolaire"),
]

# uai, code, name, type, capacity, equipment
RESOURCES = [
    ("0629001A", "AMPHI", "Amphithéâtre", "AMPHITHEATRE", 320, "sonorisation, vidéoprojecteur"),
    ("0629004D", "AMPHI", "Amphithéâtre", "AMPHITHEATRE", 260, "régie son et lumière"),
    ("0629005E", "AMPHI", "Amphithéâtre", "AMPHITHEATRE", 180, ""),
    ("0629001A", "REFEC", "Réfectoire", "RESTAURATION", 200, "self-service, cuisine centrale"),
    ("0629004D", "REFEC", "Réfectoire", "RESTAURATION", 120, "self-service"),
    ("0629005E", "S12", "Salle 12", "SALLE", 36, "tableau blanc interactif, 18 postes informatiques"),
    ("0629004D", "S3", "Salle de cours", "SALLE", 30, "tableau blanc"),
    ("0629001A", "FABLAB", "Fablab", "ATELIER", 16, "imprimante 3D, découpe laser, scanner 3D"),
    ("0629002B", "BOUL", "Fournil pédagogique", "ATELIER", 12, "four à pain, pétrin, chambre de pousse"),
]

# ref, uai, first, last, role, categories
CONTACTS = [
    ("K1", "0629003C", "Odile", "Verstraete", "GRETA", "FORMATION_CONTINUE"),
    ("K2", "0629001A", "Hugo", "Delattre", "DDFPT", "PFMP,PARTENARIAT"),
    ("K3", "0629004D", "Inès", "Boulanger", "PROVISEUR", "TAXE"),
]


def catalogue_records(towns, establishments, formations, resources, contacts, *,
                      pathways: str = "") -> list[SearchRecord]:
    """Search records of a catalogue written as tuples (this file's and tests/core/search_samples.py's):
    formations (uai, cfd, title, diploma[, pathways]), resources (uai, code, title, type, capacity[, equipment]),
    contacts (ref, uai, first, last, role, categories)."""
    by_uai = {}
    records = []
    for uai, name, kind, town in establishments:
        lat, lng = towns[town]
        by_uai[uai] = (name, town, lat, lng, kind)
        records.append(SearchRecord(kind="establishment", uai=uai, title=name, establishment=name, commune=town,
                                    lat=lat, lng=lng, establishment_type=kind))
    for uai, cfd, title, diploma, *given in formations:
        name, town, lat, lng, kind = by_uai[uai]
        records.append(SearchRecord(kind="formation", uai=uai, cfd=cfd, title=title, diploma=diploma,
                                    establishment=name, commune=town, lat=lat, lng=lng, establishment_type=kind,
                                    pathways=given[0] if given else pathways))
    for uai, code, title, rtype, capacity, *equipment in resources:
        name, town, lat, lng, kind = by_uai[uai]
        records.append(SearchRecord(kind="resource", uai=uai, code=code, title=title, resource_type=rtype,
                                    capacity=capacity, establishment=name, commune=town, lat=lat, lng=lng,
                                    establishment_type=kind, equipment=equipment[0] if equipment else ""))
    for ref, uai, first, last, role, categories in contacts:
        name, town, lat, lng, kind = by_uai[uai]
        records.append(SearchRecord(kind="contact", uai=uai, ref=ref, title=f"{first} {last}", role=role,
                                    categories=categories, establishment=name, commune=town, lat=lat, lng=lng,
                                    establishment_type=kind))
    return records


def speech_records() -> list[SearchRecord]:
    return catalogue_records(TOWNS, ESTABLISHMENTS, FORMATIONS, RESOURCES, CONTACTS)


@lru_cache(maxsize=1)
def reference() -> ReferenceData:
    return ReferenceData()


def speech_engine() -> SearchEngine:
    return SearchEngine.from_records(speech_records(), reference=reference())


def first(answer, n: int = 1) -> list[tuple[str, ...]]:
    return [result.key for result in list(answer.results)[:n]]
