"""Build the demo catalogue resources/demo/catalogue_demo.xlsx (and its README) in the catalogue workbook format.

Run from the repository root, after derive_reference.py (the diploma families, levels and communes come from
resources/reference):
    /work/venv/bin/python packaging/data/build_demo.py [--source ../shared/data]

Establishments and formations are real open data (shared/data); contacts, resources and PFMP periods are
invented. The output is byte-for-byte reproducible: seeded random, sorted rows, fixed zip timestamps.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

from bouquet_desk.core.labels import restore_accents
from bouquet_desk.core.reference import Commune, ReferenceData, normalize_place
from courses import BcnTitles, Course, master_courses, parcoursup_courses

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = REPO.parent / "shared" / "data"
TARGET = REPO / "resources" / "demo"
SEED = 20240901
FIXED_TIMESTAMP = datetime(2025, 1, 1)
PHONE_PREFIX = "03 53 73"  # ARCEP block reserved for fiction in the 03 zone: no real subscriber can be reached
EMAIL_DOMAIN = "demo-bouquet.invalid"  # RFC 2606 .invalid: mail to it can never be delivered

# ---------------------------------------------------------------------------------------------------------
# Territory. The open data has no EPCI or education-basin column, so the member communes of the three
# agglomerations are written here from general knowledge of the 2017 boundaries (CALL 36 communes, CAHC 14,
# CABBALR 100); names are checked against communes_62.csv at run time. Only the communes that host an
# establishment matter for the demo, and those are the well-known towns (Lens, Liévin, Hénin-Beaumont,
# Carvin, Béthune, Bruay, ...).
# ---------------------------------------------------------------------------------------------------------
CA_LENS_LIEVIN = """Ablain-Saint-Nazaire, Acheville, Aix-Noulette, Angres, Annay, Avion, Bénifontaine,
Billy-Montigny, Bouvigny-Boyeffles, Bully-les-Mines, Carency, Éleu-dit-Leauwette, Estevelles,
Fouquières-lès-Lens, Givenchy-en-Gohelle, Gouy-Servins, Grenay, Harnes, Hulluch, Lens, Liévin, Loison-sous-Lens,
Loos-en-Gohelle, Mazingarbe, Méricourt, Meurchin, Noyelles-sous-Lens, Pont-à-Vendin, Sains-en-Gohelle,
Sallaumines, Servins, Souchez, Vendin-le-Vieil, Villers-au-Bois, Vimy, Wingles"""
CA_HENIN_CARVIN = """Bois-Bernard, Carvin, Courcelles-lès-Lens, Courrières, Dourges, Drocourt, Évin-Malmaison,
Hénin-Beaumont, Leforest, Libercourt, Montigny-en-Gohelle, Noyelles-Godault, Oignies, Rouvroy"""
CA_BETHUNE_BRUAY = """Allouagne, Ames, Amettes, Annequin, Annezin, Auchel, Auchy-au-Bois, Auchy-les-Mines, Bajus,
Barlin, Béthune, Beugin, Beuvry, Billy-Berclau, Blessy, Bourecq, Bruay-la-Buissière, Burbure, Busnes,
Calonne-Ricouart, Calonne-sur-la-Lys, Camblain-Châtelain, Cambrin, Cauchy-à-la-Tour, Caucourt, Chocques,
Cuinchy, Diéval, Divion, Douvrin, Drouvin-le-Marais, Ecquedecques, Essars, Estrée-Blanche, Estrée-Cauchy,
Ferfay, Festubert, Fouquereuil, Fouquières-lès-Béthune, Fresnicourt-le-Dolmen, Gauchin-Légal,
Givenchy-lès-la-Bassée, Gonnehem, Gosnay, Guarbecque, Haillicourt, Haisnes, Ham-en-Artois, Hermin,
Hersin-Coupigny, Hesdigneul-lès-Béthune, Hinges, Houdain, Isbergues, Labeuvrière, Labourse, La Comté,
La Couture, Lambres, Lapugnoy, Lespesses, Lestrem, Lières, Liettres, Ligny-lès-Aire, Lillers, Linghem, Locon,
Lorgies, Lozinghem, Maisnil-lès-Ruitz, Marles-les-Mines, Mazinghem, Mont-Bernanchon, Neuve-Chapelle,
Nœux-les-Mines, Norrent-Fontes, Noyelles-lès-Vermelles, Oblinghem, Ourton, Quernes, Rebreuve-Ranchicourt, Rely,
Richebourg, Robecq, Rombly, Ruitz, Sailly-Labourse, Saint-Floris, Saint-Hilaire-Cottes, Saint-Venant,
Vaudricourt, Vendin-lès-Béthune, Verquigneul, Verquin, Vermelles, Vieille-Chapelle, Violaines, Westrehem,
Witternesse"""
TERRITORIES = {
    "CA Lens-Liévin": CA_LENS_LIEVIN,
    "CA Hénin-Carvin": CA_HENIN_CARVIN,
    "CA Béthune-Bruay Artois Lys Romane": CA_BETHUNE_BRUAY,
}
# The Université d'Artois itself, at its seat in Arras: the masters and the Arras licences are delivered
# in its name (the master file has no site column), and its services answer for all its sites.
OUTSIDE_TERRITORY = {"0623957P": "CU d'Arras"}

# CEDEX postcodes name no commune, so communes_meme_code_postal_derive is empty for them. Each code below was
# resolved by hand from the establishments that use it (their names and addresses say the town).
CEDEX_COMMUNES = {
    "62001": "Arras", "62008": "Arras", "62022": "Arras", "62030": "Arras", "62031": "Arras",
    "62104": "Calais", "62105": "Calais", "62107": "Calais", "62225": "Calais", "62228": "Calais",
    "62165": "Saint-Pol-sur-Ternoise", "62166": "Saint-Pol-sur-Ternoise",
    "62192": "Lillers", "62193": "Lillers",
    "62211": "Carvin",  # lycée Diderot, esplanade Alfred Peugnet
    "62251": "Hénin-Beaumont", "62252": "Hénin-Beaumont",
    "62301": "Lens", "62303": "Lens", "62307": "Lens",
    "62321": "Boulogne-sur-Mer", "62327": "Boulogne-sur-Mer",
    "62401": "Béthune", "62408": "Béthune",
    "62452": "Bapaume",
    "62501": "Saint-Omer", "62505": "Saint-Omer",
    "62601": "Berck", "62602": "Berck", "62604": "Berck",
    "62701": "Bruay-la-Buissière", "62702": "Bruay-la-Buissière",
    "62804": "Liévin",
    "62922": "Aire-sur-la-Lys",
    "62967": "Longuenesse", "62968": "Longuenesse",
}

# ACCE nature codes kept, with the catalogue type they become. Left out: CIO, health and social schools,
# orientation services, INSPE, MFR, private business schools, and the sections and micro-lycée that belong to a
# lycée already listed; private schools outside the contract with the State are dropped by name below.
TYPE_BY_NATURE = {
    "300": "LGT", "301": "LGT", "302": "LGT", "306": "LPO", "320": "LP", "370": "EREA",
    "523": "UNIVERSITE", "528": "UNIVERSITE", "539": "UNIVERSITE", "540": "UNIVERSITE",
    "542": "IUT", "543": "IUT", "553": "AUTRE", "580": "AUTRE", "710": "GRETA",
    "600": "CFA", "605": "CFA", "625": "CFA", "630": "CFA",
}

CATALOGUE_DIPLOMAS = {"CAP", "BAC PRO", "BTS", "MC", "BP", "CS", "BUT", "LICENCE PRO", "LICENCE", "MASTER", "TITRE PRO"}
DEFAULT_YEARS = {"CAP": 2, "BAC PRO": 3, "BTS": 2, "MC": 1, "BP": 2, "CS": 1, "BUT": 3, "LICENCE PRO": 1}
SOURCE_LABELS = {
    "affelnet_2025": "Affelnet 2025",
    "affelnet_2022": "Affelnet 2022",
    "affelnet_1re_pro": "Affelnet 1re pro (2023)",
    "constat_2020": "constat de rentrée 2020",
    "parcoursup_2024": "Parcoursup 2024",
    "parcoursup": "Parcoursup (session 2025)",
    "tmm_2021": "Trouver mon master 2021",
}
# Most recent first: the capacity shown comes from the newest source that gives one.
CAPACITY_PRIORITY = ("affelnet_2025", "parcoursup_2024", "tmm_2021", "affelnet_1re_pro", "affelnet_2022")
ONE_YEAR_PRO_CAMPAIGN = date(2023, 9, 1)  # the 1re pro file was committed in March 2023, for that rentrée


@dataclass
class Establishment:
    uai: str
    nom: str
    type: str
    adresse: str
    code_postal: str
    commune: Commune
    territoire: str
    point: tuple[float, float] | None = None  # where its courses are taught (Parcoursup), finer than the commune


@dataclass
class Offer:
    uai: str
    cfd: str
    title: str = ""
    voies: set[str] = field(default_factory=set)
    capacities: dict[tuple[str, str], int] = field(default_factory=dict)
    years: set[int] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    # For a course without a BCN code: its family and level (the BCN has neither), and a remark.
    family: str = ""
    level: int | None = None
    note: str = ""
    related: tuple[str, ...] = ()


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def parse_date(french: str) -> date | None:
    return datetime.strptime(french, "%d/%m/%Y").date() if french.strip() else None


def words(text: str) -> str:
    return f" {normalize_place(text)} "


# ---------------------------------------------------------------------------------------------------------
# Establishments
# ---------------------------------------------------------------------------------------------------------

def territory_of(ref: ReferenceData) -> dict[str, str]:
    """INSEE code -> territory label."""
    result = {}
    for label, names in TERRITORIES.items():
        for name in (part.strip() for part in names.replace("\n", " ").split(",")):
            commune = ref.commune(name)
            if commune is None or normalize_place(commune.name) != normalize_place(name):
                raise SystemExit(f"commune {name!r} of {label} is not in communes.csv")
            result[commune.insee] = label
    return result


def establishment_type(row: dict[str, str]) -> str | None:
    name = words(row["appellation_officielle"])
    if " hors contrat " in name:
        return None
    kind = TYPE_BY_NATURE.get(row["nature_uai"])
    if kind is None:
        return None
    if kind in ("LGT", "LPO") and name.startswith(" lycee professionnel "):
        return "LP"
    if kind == "AUTRE" and " universite d artois " in name:
        return "UNIVERSITE"
    return kind


def resolve_communes(rows: list[dict[str, str]], ref: ReferenceData) -> dict[str, Commune]:
    """UAI -> commune, from the most to the least reliable clue (a postcode can serve up to 30 communes)."""
    resolved: dict[str, Commune] = {}
    pending = []
    for row in rows:
        candidates = [ref.commune(name) for name in row["communes_meme_code_postal_derive"].split("|") if name.strip()]
        cedex = CEDEX_COMMUNES.get(row["code_postal_uai"])
        affelnet = ref.commune(row["commune_affelnet_1ere_pro"]) if row["commune_affelnet_1ere_pro"] else None
        named = [c for c in candidates if c and words(c.name) in words(row["appellation_officielle"])]
        if cedex:
            resolved[row["numero_uai"]] = ref.commune(cedex)
        elif len(candidates) == 1:
            resolved[row["numero_uai"]] = candidates[0]
        elif affelnet and affelnet in candidates:
            resolved[row["numero_uai"]] = affelnet
        elif named:
            resolved[row["numero_uai"]] = max(named, key=lambda c: len(c.name))
        else:
            pending.append((row, candidates))
    # An establishment sharing its address with a resolved one (a lycée and its CFA antenna) is in the same
    # commune; failing that, the most populous commune of the postcode is the likeliest.
    by_address = {}
    for row in rows:
        if row["numero_uai"] in resolved:
            by_address[(normalize_place(row["adresse_uai"]), row["code_postal_uai"])] = resolved[row["numero_uai"]]
    for row, candidates in pending:
        same_place = by_address.get((normalize_place(row["adresse_uai"]), row["code_postal_uai"]))
        if same_place is None and not candidates:
            raise SystemExit(f"no commune for {row['numero_uai']} (postcode {row['code_postal_uai']})")
        resolved[row["numero_uai"]] = same_place or max(candidates, key=lambda c: (c.population or 0, c.insee))
    return resolved


def load_establishments(source: Path, ref: ReferenceData) -> list[Establishment]:
    rows = [row for row in read_rows(source / "etablissements_62.csv") if not row["date_fermeture"].strip()]
    territories = territory_of(ref)
    communes = resolve_communes(rows, ref)
    result = []
    for row in sorted(rows, key=lambda r: r["numero_uai"]):
        commune = communes[row["numero_uai"]]
        kind = establishment_type(row)
        territory = territories.get(commune.insee) or OUTSIDE_TERRITORY.get(row["numero_uai"])
        if kind is None or territory is None:
            continue
        result.append(Establishment(row["numero_uai"], row["appellation_officielle"].strip(), kind,
                                    row["adresse_uai"].strip(), row["code_postal_uai"], commune, territory))
    return result


# ---------------------------------------------------------------------------------------------------------
# Formations
# ---------------------------------------------------------------------------------------------------------

def mef_index(source: Path) -> tuple[dict[str, dict[str, str]], dict[str, list[dict[str, str]]],
                                     dict[str, dict[str, str]]]:
    by_mef: dict[str, dict[str, str]] = {}
    by_label: dict[str, list[dict[str, str]]] = defaultdict(list)
    by_stat: dict[str, dict[str, str]] = {}
    for row in read_rows(source / "bcn_n_mef.csv"):
        by_mef[row["MEF"]] = row
        by_label[row["LIBELLE_LONG"].strip()].append(row)
        # Several MEF share a MEF_STAT_11: the open one opened last (as shared/data derives its *_derive).
        kept = by_stat.get(row["MEF_STAT_11"])
        if kept is None or _mef_rank(row) > _mef_rank(kept):
            by_stat[row["MEF_STAT_11"]] = row
    return by_mef, by_label, by_stat


def _mef_rank(row: dict[str, str]) -> tuple:
    return (not row["DATE_FERMETURE"].strip(), parse_date(row["DATE_OUVERTURE"]) or date.min, row["MEF"])


def mef_for_label(label: str, by_label: dict[str, list[dict[str, str]]]) -> dict[str, str] | None:
    """The MEF a 1re pro label meant at that campaign: open at the rentrée, the most recently opened."""
    def open_then(row: dict[str, str]) -> bool:
        opened, closed = parse_date(row["DATE_OUVERTURE"]), parse_date(row["DATE_FERMETURE"])
        day = ONE_YEAR_PRO_CAMPAIGN
        return (opened is None or opened <= day) and (closed is None or closed >= day)
    candidates = [row for row in by_label.get(label.strip(), []) if open_then(row)]
    if not candidates:
        return None
    return max(candidates, key=lambda row: (parse_date(row["DATE_OUVERTURE"]) or date.min, row["MEF"]))


# Affelnet writes 999 where an apprenticeship offer has no capacity: the employers' contracts set it.
NO_CAPACITY = 999


def capacity(value: str) -> int | None:
    value = value.strip()
    places = int(float(value)) if value else 0
    return places if 0 < places < NO_CAPACITY else None


def collect_offers(source: Path, uais: set[str]) -> dict[tuple[str, str], Offer]:
    by_mef, by_label, by_stat = mef_index(source)
    offers: dict[tuple[str, str], Offer] = {}

    def add(uai: str, cfd: str, title: str, voie: str, source_name: str, mef: str, places: int | None) -> None:
        if uai not in uais or len(cfd) != 8:
            return
        offer = offers.setdefault((uai, cfd), Offer(uai, cfd))
        offer.title = offer.title or title.strip()
        offer.voies.add(voie)
        offer.sources.add(source_name)
        if mef in by_mef and by_mef[mef]["DUREE_DISPOSITIF"].isdigit():
            offer.years.add(int(by_mef[mef]["DUREE_DISPOSITIF"]))
        if places:
            # One offer can appear on several lines of a file (per MEF year); the biggest line is the intake.
            key = (source_name, voie)
            offer.capacities[key] = max(offer.capacities.get(key, 0), places)

    voie_by_status = {"ST": "scolaire", "AP": "apprentissage", "Scolaire": "scolaire", "Apprentissage": "apprentissage"}
    for row in read_rows(source / "affelnet_2025_attractivite_capacite_62.csv"):
        mef = by_stat.get(row["MEF STAT 11"].strip())
        if mef is not None:
            add(row["Etablissement d'accueil"], mef["FORMATION_DIPLOME"], "",
                voie_by_status[row["Statut Offre de formation"]], "affelnet_2025", mef["MEF"],
                capacity(row["Capacité carte scolaire"]))
    for row in read_rows(source / "offre_voie_pro_62_affelnet_2022.csv"):
        add(row["uai"], row["cfd_derive"], row["libelle_diplome_bcn_derive"],
            voie_by_status[row["Statut Offre de formation"]], "affelnet_2022", row["mef_bcn_derive"],
            capacity(row["Capacité carte scolaire"]))
    for row in read_rows(source / "offre_1ere_pro_62_affelnet.csv"):
        mef = mef_for_label(row["Libellé du MEF national de rattachement"], by_label)
        if mef is not None:
            add(row["Etablissement d'accueil"], mef["FORMATION_DIPLOME"], "",
                voie_by_status[row["Statut Offre de formation"]], "affelnet_1re_pro", mef["MEF"],
                capacity(row["Capacité carte scolaire"]))
    for row in read_rows(source / "effectifs_62_constat_rentree_2020.csv"):
        add(row["uai"], row["cfd_derive"], row["libelle_diplome_bcn_derive"], "scolaire", "constat_2020",
            row["mef_bcn_derive"], None)
    for row in read_rows(source / "bts_62_parcoursup_2024.csv"):
        add(row["uai"], row["cfd_derive"], row["libelle_diplome_bcn_derive"], voie_by_status[row["STATUT"]],
            "parcoursup_2024", row["mef_bcn_derive"], capacity(row["CAPACITEPSUP"]))
    return offers


def add_courses(offers: dict[tuple[str, str], Offer], courses: list[Course]) -> None:
    """Higher-education courses (Parcoursup, masters) into the offers: a course a BCN code already brought
    only adds its source."""
    for course in courses:
        if course.cfd.startswith("Z") and any((course.uai, cfd) in offers for cfd in course.related):
            # The BTS "Services informatiques aux organisations" of a lycée already listed with the BCN
            # codes of its options: the same course, kept under them.
            continue
        offer = offers.setdefault((course.uai, course.cfd), Offer(course.uai, course.cfd))
        if course.cfd.startswith("Z"):
            offer.title = offer.title or course.title  # a BCN code keeps the national title
        offer.voies.update(course.pathways)
        offer.sources.add(course.source)
        if course.years:
            offer.years.add(course.years)
        if course.capacity:
            offer.capacities[(course.source, ",".join(course.pathways))] = course.capacity
        offer.family = offer.family or course.family
        offer.level = offer.level or course.level
        offer.note = offer.note or course.note
        offer.related = offer.related or course.related


def course_points(courses: list[Course]) -> dict[str, tuple[float, float]]:
    """UAI -> the median of its courses' GPS points (Parcoursup), rounded to about 10 m."""
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for course in courses:
        if course.point is not None:
            points[course.uai].append(course.point)
    result = {}
    for uai, found in points.items():
        lats, lngs = sorted(p[0] for p in found), sorted(p[1] for p in found)
        result[uai] = (round(lats[len(lats) // 2], 4), round(lngs[len(lngs) // 2], 4))
    return result


# A generated code has no job link of its own: it borrows those of its mention's parcours, the commonest first.
BORROWED_ROME = 5


def borrowed_rome(offer: Offer, ref: ReferenceData) -> str:
    if ref.rome_for_cfd(offer.cfd) or not offer.related:
        return ""  # the application derives the jobs of a BCN code itself
    counts: Counter = Counter()
    for cfd in offer.related:
        counts.update(ref.rome_for_cfd(cfd))
    return ",".join(sorted(counts, key=lambda code: (-counts[code], code))[:BORROWED_ROME])


def check_generated_codes(courses: list[Course]) -> None:
    """A generated code names one title: two titles on one code would merge two courses."""
    titles: dict[str, set[str]] = defaultdict(set)
    for course in courses:
        if course.cfd.startswith("Z"):
            titles[course.cfd].add(normalize_place(course.title))
    clashes = [code for code, names in titles.items() if len(names) > 1]
    if clashes:
        raise SystemExit(f"generated codes shared by two titles: {clashes}")


def offer_capacity(offer: Offer) -> int | None:
    for source_name in CAPACITY_PRIORITY:
        places = [value for (name, _), value in offer.capacities.items() if name == source_name]
        if places:
            return sum(places)
    return None


def duration_text(offer: Offer, family: str) -> str:
    years = sorted(offer.years) or ([DEFAULT_YEARS[family]] if family in DEFAULT_YEARS else [])
    if not years:
        return ""
    unit = "an" if years[-1] == 1 else "ans"
    return f"{' ou '.join(str(y) for y in years)} {unit}"


PFMP_PERIODS = {
    "CAP": ["1re année : 6 semaines en mars-avril ; 2e année : 6 semaines en novembre-décembre",
            "1re année : 5 semaines en mai-juin ; 2e année : 7 semaines en janvier-février",
            "1re année : 6 semaines en février-mars ; 2e année : 6 semaines en octobre-novembre"],
    "BAC PRO": ["2de : 4 semaines en mai-juin ; 1re : 6 semaines en janvier-février ; "
                "terminale : 6 semaines en novembre-décembre",
                "2de : 3 semaines en juin ; 1re : 6 semaines en novembre-décembre ; "
                "terminale : 6 semaines en janvier-février",
                "2de : 4 semaines en mars ; 1re : 8 semaines en mai-juin ; terminale : 6 semaines en octobre-novembre"],
    "BTS": ["stage de 1re année : 6 semaines en mai-juin",
            "stage de 1re année : 8 semaines de mi-mai à début juillet",
            "stage de 1re année : 4 semaines en janvier et 4 semaines en juin"],
    "MC": ["14 semaines réparties en trois périodes (octobre, janvier-février, avril-mai)",
           "12 semaines : 6 en novembre-décembre, 6 en mars-avril"],
    "CS": ["formation en alternance : 1 semaine en établissement, 2 semaines en entreprise"],
}
APPRENTICESHIP_RHYTHMS = ["alternance : 2 semaines en entreprise, 1 semaine en formation",
                          "alternance : 3 jours en entreprise, 2 jours en formation",
                          "alternance : 1 semaine en formation, 1 semaine en entreprise"]


def pfmp_text(family: str, voies: set[str], rng: random.Random) -> str:
    if voies == {"apprentissage"}:
        return rng.choice(APPRENTICESHIP_RHYTHMS)
    return rng.choice(PFMP_PERIODS.get(family, ["périodes fixées chaque année avec le professeur référent"]))


# ---------------------------------------------------------------------------------------------------------
# Contacts (fictional)
# ---------------------------------------------------------------------------------------------------------

FIRST_NAMES = """Nathalie Sandrine Isabelle Stéphanie Céline Valérie Sophie Virginie Christelle Aurélie Émilie
Julie Karine Caroline Anne Sylvie Laurence Claire Hélène Audrey Delphine Élodie Marion Camille Agnès Corinne
Philippe Christophe Laurent Stéphane Frédéric Olivier Nicolas Thierry Sébastien David Pascal Éric Jérôme
Julien Vincent Fabrice Franck Bruno Guillaume Mathieu Alexandre Benoît Grégory Cédric Hervé Didier""".split()
# Surnames made up for the demo, picked to be rare or non-existent and to evoke no public figure: a demo contact
# must never look like a real member of staff.
SURNAMES = """Belvardin Brunequet Castelmoure Cornevalle Dambrecourt Delaforgue Desvaulnes Dorvillard Duquesnelle
Estrabault Fauvelin Gavrelot Gombertier Hallouvet Jouvenceau Lamberville Larquenet Lecoustrel Lefrennet
Lemarvand Leprévotel Malvestre Marcoubert Merlevaux Montaurel Noiremont Ormessan Pascaudel Pélerault Plouvenec
Quenardel Rambourdin Ravenelle Sarvignac Tavernel Trouvillard Valdevise Varlemont Vauquesnel Wambrechies
Wattelard Brévaumont Carpentel Dervillers Flamencourt Gaudrelle Hennequard Lescarbot Mauvoisel Nortelet
Outrebon Plaquevent Roussiaux Sauvecanne Tellenbeck Ubaldini Verdanson Wasselard Ydrelle Zimmerval
Abrecourt Bottequin Crestaval Doublemont Ferrandel Grincourt Hautevelle Jacquenard Kervadec Louvencourt""".split()

CATEGORIES = {
    "BDE": "PFMP,RECRUTEMENT,PARTENARIAT,APPRENTISSAGE",
    "DDFPT": "PFMP,LOCAUX,PARTENARIAT",
    "PROVISEUR": "PARTENARIAT,TAXE",
    "GESTIONNAIRE": "LOCAUX,TAXE",
    "ENSEIGNANT": "PFMP",
    "GRETA": "FORMATION_CONTINUE",
    "CFA": "APPRENTISSAGE",
    "RELATIONS_ENTREPRISES": "PFMP,RECRUTEMENT,APPRENTISSAGE,PARTENARIAT,LOCAUX,TAXE",
    # Profiles that are not roles of their own: the university's continuing-education service, and the
    # developer of a CFA that also trains employees (AFPI, chambre de métiers, AFPA).
    "FORMATION_CONTINUE": "FORMATION_CONTINUE",
    "CFA_FC": "APPRENTISSAGE,FORMATION_CONTINUE",
}
PROFILE_ROLES = {"FORMATION_CONTINUE": "RELATIONS_ENTREPRISES", "CFA_FC": "CFA"}
# CFA whose network also sells continuing education to companies, recognised by name.
CFA_WITH_CONTINUING = re.compile(r"\b(AFPI|AFPA|CFAI|Chambre de métiers|CMA)\b", re.IGNORECASE)
HOURS = {
    "BDE": ["lundi-vendredi 8h30-17h", "lundi, mardi, jeudi, vendredi 8h30-16h30",
            "lundi-vendredi 9h-12h et 13h30-17h"],
    "DDFPT": ["lundi-vendredi 8h-17h", "lundi-vendredi 8h30-12h et 13h30-17h30"],
    "PROVISEUR": ["sur rendez-vous, lundi-vendredi", "lundi-vendredi 8h-18h, sur rendez-vous"],
    "GESTIONNAIRE": ["lundi-vendredi 8h-12h et 13h30-16h30", "lundi-jeudi 8h30-17h, vendredi 8h30-12h"],
    "ENSEIGNANT": ["mardi et jeudi 10h-12h (hors cours)", "lundi 14h-16h et mercredi 9h-11h", "vendredi 13h30-16h30"],
    "GRETA": ["lundi-vendredi 9h-17h", "lundi-jeudi 8h30-17h30"],
    "CFA": ["lundi-vendredi 8h30-17h", "lundi-vendredi 9h-12h et 14h-17h"],
    "RELATIONS_ENTREPRISES": ["lundi-vendredi 9h-17h", "lundi-vendredi 8h30-12h30 et 13h30-17h"],
    "FORMATION_CONTINUE": ["lundi-vendredi 9h-12h30 et 13h30-17h", "lundi-jeudi 8h30-17h30, vendredi 8h30-12h"],
    "CFA_FC": ["lundi-vendredi 8h30-17h", "lundi-vendredi 9h-12h et 14h-17h"],
}
BACKUP_ROLES = {
    "BDE": ("DDFPT", "PROVISEUR"), "DDFPT": ("BDE", "PROVISEUR"), "PROVISEUR": ("GESTIONNAIRE", "DDFPT"),
    "GESTIONNAIRE": ("PROVISEUR", "DDFPT"), "ENSEIGNANT": ("DDFPT", "BDE"), "GRETA": ("GRETA",),
    "CFA": ("CFA", "CFA_FC"), "RELATIONS_ENTREPRISES": ("RELATIONS_ENTREPRISES", "FORMATION_CONTINUE", "GESTIONNAIRE"),
    "FORMATION_CONTINUE": ("RELATIONS_ENTREPRISES",), "CFA_FC": ("CFA",),
}


def roles_for(establishment: Establishment, formations: int) -> list[str]:
    kind = establishment.type
    if kind in ("LP", "LPO"):
        return ["BDE", "DDFPT", "PROVISEUR", "GESTIONNAIRE", "ENSEIGNANT"] + (["ENSEIGNANT"] if formations >= 6 else [])
    if kind == "LGT":
        return ["PROVISEUR", "GESTIONNAIRE"] + (["DDFPT", "ENSEIGNANT"] if formations else ["PROVISEUR"])
    if kind == "EREA":
        return ["DDFPT", "GESTIONNAIRE", "PROVISEUR"]
    if kind == "IUT":
        return ["RELATIONS_ENTREPRISES", "RELATIONS_ENTREPRISES", "FORMATION_CONTINUE", "ENSEIGNANT", "GESTIONNAIRE"]
    if kind in ("UNIVERSITE", "AUTRE"):
        return ["RELATIONS_ENTREPRISES", "FORMATION_CONTINUE", "GESTIONNAIRE"]
    if kind == "GRETA":
        return ["GRETA", "GRETA", "GESTIONNAIRE"]
    if CFA_WITH_CONTINUING.search(establishment.nom):
        return ["CFA", "CFA_FC", "GESTIONNAIRE"]
    return ["CFA", "CFA", "GESTIONNAIRE"]


def email_part(text: str) -> str:
    return "-".join(normalize_place(text).split())


def build_contacts(establishments: list[Establishment], offer_counts: Counter, rng: random.Random,
                   apprenticeship: set[str] = frozenset()) -> list[dict]:
    people = [(first, last) for first in FIRST_NAMES for last in SURNAMES]
    rng.shuffle(people)
    phones = rng.sample(range(10000), k=10000)
    contacts = []
    for establishment in establishments:
        seen: Counter = Counter()
        local = []
        for profile in roles_for(establishment, offer_counts[establishment.uai]):
            role = PROFILE_ROLES.get(profile, profile)
            seen[profile] += 1
            suffix = "" if seen[profile] == 1 else f"-{seen[profile]}"
            first, last = people.pop()
            number = f"{phones.pop():04d}"
            local.append({
                "ref": f"C-{establishment.uai}-{profile}{suffix}", "uai": establishment.uai, "nom": last,
                "prenom": first, "role": role, "telephone": f"{PHONE_PREFIX} {number[:2]} {number[2:]}",
                "email": f"{email_part(first)}.{email_part(last)}@{EMAIL_DOMAIN}", "categories": CATEGORIES[profile],
                "disponibilites": rng.choice(HOURS[profile]), "suppleant": "", "profile": profile,
            })
        if establishment.uai in apprenticeship and not any("APPRENTISSAGE" in c["categories"] for c in local):
            # A lycée teaching some courses by apprenticeship: its DDFPT (or head teacher) follows the apprentices.
            for contact in sorted(local, key=lambda c: c["role"] != "DDFPT"):
                if contact["role"] in ("DDFPT", "PROVISEUR"):
                    contact["categories"] += ",APPRENTISSAGE"
                    break
        for contact in local:
            others = [c for c in local if c is not contact]
            preferred = [c for wanted in BACKUP_ROLES[contact["profile"]] for c in others if c["profile"] == wanted]
            contact["suppleant"] = (preferred or others)[0]["ref"]
        contacts.extend(local)
    return contacts


def first_ref(contacts: list[dict], roles: tuple[str, ...]) -> str:
    for role in roles:
        for contact in contacts:
            if contact["role"] == role:
                return contact["ref"]
    return contacts[0]["ref"]


# ---------------------------------------------------------------------------------------------------------
# Resources (fictional)
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Facility:
    code: str
    nom: str
    type: str
    keywords: tuple[str, ...]
    places: tuple[int, int]
    description: str
    equipements: str
    services: str
    tarifs: tuple[str, ...]
    disponibilites: str


THEMED = [
    Facility("RESTO-APP", "Restaurant d'application", "RESTAURATION",
             ("CUISINE", "RESTAURATION", "HOTELLERIE", "RESTAURANT", "CULINAIRE", "BOULANGER", "PATISSIER"), (36, 70),
             "Restaurant pédagogique tenu par les sections hôtellerie-restauration.",
             "salle de restaurant, bar, cuisine pédagogique", "repas d'affaires, déjeuners de travail, cocktails",
             ("19 € par couvert, boissons comprises", "24 € par couvert (menu du jour)",
              "sur devis pour les cocktails"),
             "mardi, jeudi et vendredi midi en période scolaire, sur réservation"),
    Facility("ATELIER-SOUD", "Atelier soudure", "ATELIER",
             ("SOUD", "CHAUDRONN", "METALLERIE", "STRUCTURES METALLIQUES", "CONSTRUCTIONS METALLIQUES"), (12, 16),
             "Atelier de chaudronnerie et de soudage, postes individuels ventilés.",
             "postes MIG/MAG et TIG, cisaille, plieuse, poste de découpe plasma",
             "essais et démonstrations encadrés par un enseignant", ("sur devis (matière et encadrement)",),
             "mercredi après-midi et vacances scolaires (zone B)"),
    Facility("ATELIER-AUTO", "Atelier maintenance automobile", "ATELIER",
             ("VEHICULES", "AUTOMOBILE", "CARROSSERIE", "MOTOCYCLES"), (12, 20),
             "Atelier de maintenance des véhicules légers et utilitaires.",
             "ponts élévateurs, banc de géométrie, valises de diagnostic, cabine de peinture",
             "prêt d'équipements de diagnostic avec un technicien", ("sur devis", "200 € la journée"),
             "vacances scolaires (zone B), sur demande"),
    Facility("PLATEAU-ELEC", "Plateau électrotechnique", "PLATEAU_TECHNIQUE",
             ("ELECTRI", "ELECTROTECH", "ENERGETIQUE", "FLUIDES"), (12, 24),
             "Plateau technique électricité, domotique et énergies renouvelables.",
             "armoires de distribution, bancs domotiques, maquettes photovoltaïques, IRVE",
             "sessions d'habilitation électrique en lien avec le GRETA", ("sur devis", "150 € la demi-journée"),
             "mercredi après-midi et vacances scolaires (zone B)"),
    Facility("PLATEAU-LOG", "Entrepôt pédagogique", "PLATEAU_TECHNIQUE",
             ("LOGISTIQUE", "CONDUCTEUR ROUTIER", "CONDUCTEUR TRANSPORT", "MAGASIN"), (10, 20),
             "Entrepôt école avec zone de stockage et de préparation de commandes.",
             "chariots élévateurs, transpalettes, rayonnages, terminaux code-barres",
             "découverte des métiers de la logistique pour les recruteurs", ("sur devis",),
             "vacances scolaires (zone B)"),
    Facility("HALLE-BTP", "Halle bâtiment et travaux publics", "ATELIER",
             ("TRAVAUX PUBLICS", "GROS OEUVRE", "MACON", "BATIMENT", "MENUIS", "CHARPENT", "PLATRI", "PEINTRE",
              "COUVREUR", "CARRELEUR"), (15, 30),
             "Halle couverte pour les chantiers école du bâtiment et des travaux publics.",
             "aires de maçonnerie, échafaudages, engins de chantier pédagogiques",
             "chantiers de démonstration, jurys et visites d'entreprises", ("sur devis",),
             "vacances scolaires (zone B), sur demande"),
    Facility("PLATEAU-MEI", "Plateau maintenance industrielle et usinage", "PLATEAU_TECHNIQUE",
             ("MAINTENANCE DES SYSTEMES", "EQUIPEMENTS INDUSTRIELS", "USINAGE", "PRODUCTIQUE", "PILOTE DE LIGNE",
              "CONCEPTION DES PROCESSUS", "MICROTECHNIQUES"), (12, 20),
             "Plateau de maintenance industrielle et d'usinage à commande numérique.",
             "ligne de production automatisée, tours et fraiseuses CN, robots didactiques",
             "prototypage et petites séries sur convention", ("sur devis",),
             "mercredi après-midi et vacances scolaires (zone B)"),
    Facility("APPART-PEDA", "Appartement pédagogique", "PLATEAU_TECHNIQUE",
             ("SOINS", "SERVICES A LA PERSONNE", "PETITE ENFANCE", "ACCOMPAGNANT", "ENFANCE ET PERSONNES AGEES",
              "SANITAIRE ET SOCIAL"),
             (8, 15), "Appartement reconstitué pour les sections sanitaires et sociales.",
             "chambre médicalisée, lève-personne, cuisine, salle d'eau adaptée",
             "ateliers de prévention et sessions de formation des salariés",
             ("sur devis", "120 € la demi-journée"),
             "mercredi après-midi et vacances scolaires (zone B)"),
    Facility("SALON-ESTH", "Salon d'esthétique et de coiffure", "ATELIER",
             ("ESTHETIQUE", "COIFFURE"), (8, 14),
             "Salon d'application ouvert au public sur rendez-vous.",
             "cabines de soins, postes de coiffage, bacs à shampoing", "prestations réalisées par les élèves",
             ("tarifs affichés au salon",), "mardi et jeudi après-midi en période scolaire"),
]
MEETING_TARIFFS = ("gratuit pour les membres du Bouquet de services", "80 € la demi-journée",
                   "150 € la demi-journée", "sur devis")
CONDITIONS = ("convention de mise à disposition ; hors temps scolaire",
              "convention de mise à disposition signée par le chef d'établissement ; hors temps scolaire",
              "convention de mise à disposition ; attestation d'assurance de l'organisateur")


def build_resources(establishment: Establishment, titles: list[str], contacts: list[dict],
                    rng: random.Random) -> list[dict]:
    rooms_contact = first_ref(contacts, ("GESTIONNAIRE", "DDFPT", "RELATIONS_ENTREPRISES"))
    technical_contact = first_ref(contacts, ("DDFPT", "GESTIONNAIRE", "RELATIONS_ENTREPRISES"))
    kind = establishment.type
    plain_titles = " | ".join(normalize_place(title).upper() for title in titles)
    result = []

    def add(code, nom, rtype, places, description, equipements, services, tarif, disponibilites, contact):
        result.append({"uai": establishment.uai, "code": code, "nom": nom, "type": rtype, "capacite": places,
                       "description": description, "equipements": equipements, "services": services,
                       "conditions": rng.choice(CONDITIONS), "tarif": tarif, "disponibilites": disponibilites,
                       "contact": contact})

    lycee = kind in ("LP", "LGT", "LPO", "EREA")
    if lycee or kind in ("UNIVERSITE", "IUT", "AUTRE"):
        add("SALLE-REU", "Salle de réunion", "SALLE", rng.randint(20, 40), "Salle de réunion modulable.",
            "vidéoprojecteur, écran, wifi, paperboard", "café d'accueil sur demande", rng.choice(MEETING_TARIFFS),
            "lundi-vendredi 17h30-20h, mercredi après-midi et vacances scolaires (zone B)", rooms_contact)
    else:
        add("SALLE-FORM", "Salle de formation", "SALLE", rng.randint(12, 20), "Salle de cours équipée.",
            "vidéoprojecteur, wifi, 12 postes informatiques", "", rng.choice(MEETING_TARIFFS),
            "selon le planning des sessions, sur demande", rooms_contact)
    if kind in ("IUT", "AUTRE", "GRETA"):
        add("SALLE-INFO", "Salle informatique", "SALLE", rng.randint(16, 30), "Salle informatique en réseau.",
            "postes récents, suites bureautiques et logiciels métier, vidéoprojecteur",
            "assistance technique à l'ouverture", rng.choice(("sur devis", "250 € la journée")),
            "vacances universitaires et samedis, sur demande", rooms_contact)
    if lycee:
        themed = [f for f in THEMED if any(word in plain_titles for word in f.keywords)]
        for facility in themed[:3]:
            add(facility.code, facility.nom, facility.type, rng.randint(*facility.places), facility.description,
                facility.equipements, facility.services, rng.choice(facility.tarifs), facility.disponibilites,
                rooms_contact if facility.type == "RESTAURATION" else technical_contact)
    if kind in ("LGT", "LPO", "UNIVERSITE", "IUT", "AUTRE") or len(titles) >= 15:
        add("AMPHI", "Amphithéâtre", "AMPHITHEATRE", rng.randrange(100, 401, 10),
            "Amphithéâtre pour conférences, forums et job datings.", "sonorisation, vidéoprojection, régie",
            "accueil et régie technique", rng.choice(("250 € la journée", "150 € la demi-journée", "sur devis")),
            "soirées et samedis, vacances scolaires (zone B)", rooms_contact)
    if lycee and len(result) < 5 and rng.random() < 0.7:
        add("GYMNASE", "Gymnase", "SPORT", rng.randrange(150, 301, 10), "Salle de sport polyvalente.",
            "terrain multisport, vestiaires, gradins", "", "sur devis",
            "soirs et week-ends hors créneaux des associations sportives", rooms_contact)
    return result[:5]


# ---------------------------------------------------------------------------------------------------------
# Workbook
# ---------------------------------------------------------------------------------------------------------

COLUMNS = {
    "etablissements": ["uai", "nom", "type", "adresse", "code_postal", "commune", "code_insee", "latitude",
                       "longitude", "telephone", "email", "site_web", "territoire"],
    "contacts": ["ref", "uai", "nom", "prenom", "role", "telephone", "email", "categories", "disponibilites",
                 "suppleant"],
    "formations": ["uai", "cfd", "intitule", "diplome", "niveau", "voies", "duree", "capacite", "periodes_pfmp",
                   "rome", "contact", "description"],
    "ressources": ["uai", "code", "nom", "type", "capacite", "description", "equipements", "services", "conditions",
                   "tarif", "disponibilites", "contact"],
}


def write_workbook(path: Path, sheets: dict[str, list[dict]]) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "Bouquet Desk demo builder"
    workbook.properties.created = FIXED_TIMESTAMP
    for name, columns in COLUMNS.items():
        sheet = workbook.create_sheet(name)
        sheet.append(columns)
        for row in sheets[name]:
            # None and "" both become absent cells, which is what an empty spreadsheet cell is.
            sheet.append([row.get(column) if row.get(column) not in (None, "") else None for column in columns])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(reproducible_zip(buffer.getvalue()))


def reproducible_zip(data: bytes) -> bytes:
    """openpyxl stamps the save time into docProps/core.xml and the zip entries; pin both so git sees no change."""
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), content)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6]), content,
                            compress_type=zipfile.ZIP_DEFLATED)
    return output.getvalue()


README = """\
# Demo catalogue

`catalogue_demo.xlsx` is a catalogue workbook in the exchange format (sheets `etablissements`, `contacts`,
`formations`, `ressources`) for trying Bouquet Desk without real partner data. It is written by
`packaging/data/build_demo.py` (seeded, reproducible) from the open data of `shared/data`; see
`resources/reference/PROVENANCE.md` for publishers and licences.

## Real (public open data, not edited by hand)
- **{establishments} establishments** of the Lens education basin and the rest of the Grand Artois
  ({by_territory}):
  UAI, official name, address and postcode from the ministry's ACCE directory extract; the
  commune comes from the postcode (CEDEX codes and postcodes shared by several communes are resolved by a table
  in the script); the INSEE code from `communes_62.csv`. Lycées (public and private under contract), EREA,
  Université d'Artois sites, IUT, GRETA, CFA and engineering schools are kept; CIO, health and social schools,
  private business schools, private schools outside the contract with the State, and the sections that
  belong to a listed lycée (SEGT, micro-lycée) are left out. The Université d'Artois itself (its seat in
  Arras) is kept for the masters and licences delivered in its name. Which commune belongs to which
  agglomeration (`territoire`) is written in the script from general knowledge, not taken from a data file.
  Phone, e-mail and web site are left empty: the data has none. Latitude/longitude are given for the
  {placed} establishments whose courses Parcoursup places (the median of their courses' GPS points); the
  others are placed by the application at their commune's centre.
- **{formations} formations** ({apprenticeship} of them by apprenticeship, {continuing} in continuing
  education): the (UAI, diploma code) pairs found in Affelnet 2025 and 2022 (entry offers after 3e; status AP =
  apprenticeship, among them {cfa_sites} CFA sites and antennas), Affelnet 1re pro (2023; its MEF labels matched
  to BCN codes), the 2020 constat de rentrée, Parcoursup 2024 (BTS), Parcoursup's course list ({parcoursup}
  courses: BUT of the two IUT, licences, BTS and other higher-education courses of lycées) and Trouver mon
  master 2021 ({masters} open master mentions of the university, their teaching modes as `voies`:
  initial → scolaire, alternance or apprentissage → apprentissage, continuing → continue). Titles, diploma
  family and level come from the BCN; a course without a BCN code keeps its Parcoursup or master title
  (accents put back from the shipped spelling table) and gets a generated code ({generated} formations,
  scheme in `docs/catalogue-format.md`). `voies` from the offer status (the constat counts as `scolaire`);
  `capacite` is the newest published capacity (Affelnet 2025, Parcoursup, masters, then older Affelnet),
  summed over the school and apprenticeship offers; `duree` is the BCN duration of the MEF. The `description`
  names the sources; some diploma codes have closed since (said in the description). `rome` is left empty
  (the application derives it from the diploma code), except for a generated code whose mention has
  parcours in the BCN (a BUT, a master): it gets their commonest ROME codes ({borrowed} formations).

## Fictional (invented for the demo)
- **{contacts} contacts**: every name is made up (common first names, invented surnames); phone numbers are in
  the `03 53 73 xx xx` block that ARCEP reserves for fiction, e-mail addresses end in `.invalid` and can never
  be delivered. Roles, enquiry categories, hours and backups follow the domain rules, not any real staff list:
  lycée company-relations offices, DDFPT, head teachers, bursars and teachers; the business relations and the
  continuing-education service of the IUT and university sites; CFA developers (those of the AFPI, the
  chambre de métiers and the AFPA also handle continuing education); GRETA advisers.
- **{resources} resources** (rooms, amphitheatres, workshops, technical platforms, application restaurants,
  gymnasiums): chosen from what each establishment teaches; capacities, equipment, conditions, prices and
  availability are plausible inventions.
- `periodes_pfmp` and the formation `contact` are invented too.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="shared/data folder")
    parser.add_argument("--target", type=Path, default=TARGET, help="output folder (resources/demo)")
    parser.add_argument("--reference", type=Path, default=None, help="reference folder (default: shipped)")
    args = parser.parse_args(argv)
    source, target = args.source.resolve(), args.target.resolve()
    if not (source / "etablissements_62.csv").exists():
        parser.error(f"{source} does not look like shared/data")
    ref = ReferenceData(args.reference)
    rng = random.Random(SEED)

    establishments = load_establishments(source, ref)
    uais = {e.uai for e in establishments}
    offers = collect_offers(source, uais)
    bcn = BcnTitles([list(row.values()) for row in read_rows(ref.folder / "diplomas.csv")])
    courses = parcoursup_courses(read_rows(source / "parcoursup_francuniv_62.csv"), bcn, uais, restore_accents)
    courses += master_courses(read_rows(source / "tmm_mentions_master_62.csv"), bcn, uais)
    check_generated_codes(courses)
    add_courses(offers, courses)
    points = course_points(courses)
    offer_counts = Counter(uai for uai, _ in offers)
    apprenticeship = {uai for (uai, _), offer in offers.items() if "apprentissage" in offer.voies}
    contacts = build_contacts(establishments, offer_counts, rng, apprenticeship)
    contacts_by_uai = defaultdict(list)
    for contact in contacts:
        contacts_by_uai[contact["uai"]].append(contact)

    formations = []
    titles_by_uai = defaultdict(list)
    for (uai, cfd), offer in sorted(offers.items()):
        diploma = ref.diploma(cfd)
        family = diploma.diploma if diploma else offer.family
        title = offer.title or (diploma.title if diploma else cfd)
        titles_by_uai[uai].append(title)
        own = contacts_by_uai[uai]
        teachers = [c["ref"] for c in own if c["role"] == "ENSEIGNANT"]
        contact = teachers[len(titles_by_uai[uai]) % len(teachers)] if teachers else first_ref(
            own, ("DDFPT", "CFA", "RELATIONS_ENTREPRISES", "GRETA", "BDE"))
        description = "Relevé dans : " + ", ".join(SOURCE_LABELS[s] for s in SOURCE_LABELS if s in offer.sources) + "."
        if diploma and diploma.closed and diploma.closed < date(2025, 9, 1):
            description += f" Code diplôme fermé le {diploma.closed:%d/%m/%Y} (diplôme rénové ou supprimé)."
        if cfd.startswith("Z"):
            description += " Sans code diplôme dans les données : code attribué (docs/catalogue-format.md)."
        description += offer.note
        formations.append({
            "uai": uai, "cfd": cfd, "intitule": title,
            "diplome": family if family in CATALOGUE_DIPLOMAS else "AUTRE",
            "niveau": diploma.level if diploma else offer.level,
            "voies": ",".join(v for v in ("scolaire", "apprentissage", "continue") if v in offer.voies),
            "duree": duration_text(offer, family), "capacite": offer_capacity(offer),
            "periodes_pfmp": pfmp_text(family, offer.voies, rng), "rome": borrowed_rome(offer, ref),
            "contact": contact,
            "description": description,
        })

    resources = []
    for establishment in establishments:
        resources.extend(build_resources(establishment, titles_by_uai[establishment.uai],
                                         contacts_by_uai[establishment.uai], rng))

    rows = [{"uai": e.uai, "nom": e.nom, "type": e.type, "adresse": e.adresse, "code_postal": e.code_postal,
             "commune": e.commune.name, "code_insee": e.commune.insee, "territoire": e.territoire,
             "latitude": points.get(e.uai, (None, None))[0], "longitude": points.get(e.uai, (None, None))[1]}
            for e in establishments]
    target.mkdir(parents=True, exist_ok=True)
    write_workbook(target / "catalogue_demo.xlsx",
                   {"etablissements": rows, "contacts": contacts, "formations": formations, "ressources": resources})
    by_territory = Counter(e.territoire for e in establishments)
    cfa_sites = {f["uai"] for f in formations if "apprentissage" in f["voies"]} & {
        e.uai for e in establishments if e.type == "CFA"}
    (target / "README.md").write_text(README.format(
        establishments=len(establishments), formations=len(formations), contacts=len(contacts),
        resources=len(resources), placed=len(points),
        apprenticeship=sum("apprentissage" in f["voies"] for f in formations),
        continuing=sum("continue" in f["voies"] for f in formations), cfa_sites=len(cfa_sites),
        parcoursup=sum("parcoursup" in offer.sources for offer in offers.values()),
        masters=sum(any(s.startswith("tmm_") for s in offer.sources) for offer in offers.values()),
        generated=sum(f["cfd"].startswith("Z") for f in formations), borrowed=sum(bool(f["rome"]) for f in formations),
        by_territory=", ".join(f"{label} {by_territory[label]}"
                               for label in [*TERRITORIES, *sorted(set(OUTSIDE_TERRITORY.values()))])),
        encoding="utf-8", newline="\n")
    types = Counter(e.type for e in establishments)
    print(f"establishments: {len(establishments)} ({dict(by_territory)}), types {dict(types)}")
    print(f"formations: {len(formations)} (apprenticeship {sum('apprentissage' in f['voies'] for f in formations)}), "
          f"contacts: {len(contacts)}, resources: {len(resources)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
