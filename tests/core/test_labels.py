"""Labels as people write them: sampled national titles and directory names against what a person would write."""

from __future__ import annotations

import csv

import pytest

from bouquet_desk.core.labels import (
    diploma_label,
    display_title,
    establishment_name,
    formation_label,
    formation_title,
    restore_accents,
    sentence,
)
from bouquet_desk.core.paths import resource_path

# Titles sampled from the BCN (resources/reference/diplomas.csv), each with what a person writes.
SAMPLED_TITLES = [
    ("METIERS DE L'ELECTRICITE ET DE SES ENVIRONNEMENTS CONNECTES (BAC PRO)", "BAC PRO",
     "Bac pro Métiers de l'électricité et de ses environnements connectés"),
    ("POLYVALENT NAVIGANT PONT/MACHINE (BAC PRO)", "BAC PRO", "Bac pro Polyvalent navigant pont/machine"),
    ("ELEVAGE DES RUMINANTS - PRODUCTION ET COMMERCIALISATION DES PRODUITS (CSA)", "CS",
     "CS Élevage des ruminants - production et commercialisation des produits"),
    ("METIERS DE LA BEAUTE ET DU BIEN-ETRE 2NDE COMMUNE (BAC PRO)", "BAC PRO",
     "Bac pro Métiers de la beauté et du bien-être 2nde commune"),
    ("SERVICES INFORMATIQUES AUX ORGANISATIONS OPTION B SOLUTIONS LOGICIELLES ET APPLICATIONS METIERS (BTS)", "BTS",
     "BTS Services informatiques aux organisations option B solutions logicielles et applications métiers"),
    ("METIERS DU DECISIONNEL ET DE LA STATISTIQUE (LP)", "LICENCE PRO",
     "Licence pro Métiers du décisionnel et de la statistique"),
    ("GESTION FORESTIERE (BTSA)", "BTS", "BTS Gestion forestière"),
    ("ACTIVITES JURIDIQUES : METIERS DU DROIT SOCIAL (LP)", "LICENCE PRO",
     "Licence pro Activités juridiques : métiers du droit social"),
    ("AERONAUTIQUE OPTION STRUCTURES (CAP)", "CAP", "CAP Aéronautique option structures"),
    ("TECHNICIEN DE FABRICATION BOIS ET MATERIAUX ASSOCIES (BAC PRO)", "BAC PRO",
     "Bac pro Technicien de fabrication bois et matériaux associés"),
    ("MARITIME (CAPM)", "CAP", "CAP Maritime"),
    ("MARECHAL FERRANT (CAPA)", "CAP", "CAP Maréchal ferrant"),
    ("EDUCATEUR CANIN (BP)", "BP", "BP Éducateur canin"),
    ("TECHNIQUES DE COMMERCIALISATION : BUSINESS DEVELOPPEMENT ET MANAGEMENT DE LA RELATION CLIENT (BUT)", "BUT",
     "BUT Techniques de commercialisation : business développement et management de la relation client"),
    ("SANTE, VIEILLISSEMENT ET ACTIVITES PHYSIQUES ADAPTEES (LP)", "LICENCE PRO",
     "Licence pro Santé, vieillissement et activités physiques adaptées"),
    ("AERONAUTIQUE OPTION HELICOPTERES A MOTEURS A PISTONS (CS4)", "CS",
     "CS Aéronautique option hélicoptères à moteurs à pistons"),
    ("MAINTENANCE DES VEHICULES OPTION A VOITURES PARTICULIERES (BAC PRO)", "BAC PRO",
     "Bac pro Maintenance des véhicules option A voitures particulières"),
    ("HOTELLERIE RESTAURATION (CLASSE DE MISE A NIVEAU)", "AUTRE", "Hôtellerie restauration (classe de mise à niveau)"),
    ("MANAGEMENT COMMERCIAL OPERATIONNEL (BTS)", "BTS", "BTS Management commercial opérationnel"),
    ("BOULANGER PATISSIER (CAP)", "CAP", "CAP Boulanger pâtissier"),
]

SAMPLED_NAMES = [
    ("INSTITUT UNIVERSITAIRE DE TECHNOLOGIE DE BETHUNE, UNIVERSITE D'ARTOIS", "IUT de Béthune"),
    ("INSTITUT UNIVERSITAIRE DE TECHNOLOGIE DE LENS, UNIVERSITE D'ARTOIS", "IUT de Lens"),
    ("LYCEE PROFESSIONNEL HENRI SENEZ", "Lycée professionnel Henri Senez"),
    ("LYCEE GENERAL ET TECHNOLOGIQUE CONDORCET", "Lycée général et technologique Condorcet"),
    ("LYCEE PROFESSIONNEL JOLIOT-CURIE", "Lycée professionnel Joliot-Curie"),
    ("LYCEE POLYVALENT DE L'ARTOIS", "Lycée polyvalent de l'Artois"),
    ("LYCEE DE HENIN-BEAUMONT", "Lycée de Hénin-Beaumont"),
    ("UNITE DE FORMATION ET DE RECHERCHE DE SCIENCES JEAN PERRIN", "UFR de sciences Jean Perrin"),
    ("GRETA GRAND ARTOIS", "GRETA Grand Artois"),
    ("UNIVERSITE D'ARTOIS", "Université d'Artois"),
    # Typed in mixed case: shown as typed, only the shouted commune written properly.
    ("CFA de l'Académie de Lille - Antenne du Lycée Professionnel Senez HENIN-BEAUMONT",
     "CFA de l'Académie de Lille - Antenne du Lycée Professionnel Senez Hénin-Beaumont"),
    ("CFA Régional Hauts de France Jean Bosco - Antenne Sainte Barbe de LOOS EN GOHELLE",
     "CFA Régional Hauts de France Jean Bosco - Antenne Sainte Barbe de Loos-en-Gohelle"),
    ("Site de formation d'apprentis de l'OF-CFA AFTRAL Hauts de France - site de formation d'ANNEZIN",
     "Site de formation d'apprentis de l'OF-CFA AFTRAL Hauts de France - site de formation d'Annezin"),
    ("CFA LAHO Artois - Douaisis LENS", "CFA LAHO Artois - Douaisis Lens"),
    ("Lycée professionnel du Detroit - Lycée des métiers", "Lycée professionnel du Detroit - Lycée des métiers"),
]


@pytest.mark.parametrize(("title", "diploma", "expected"), SAMPLED_TITLES)
def test_sampled_titles_read_as_people_write_them(title, diploma, expected):
    assert formation_label(title, diploma) == expected


@pytest.mark.parametrize(("name", "expected"), SAMPLED_NAMES)
def test_sampled_names_read_as_people_write_them(name, expected):
    assert establishment_name(name) == expected


def test_the_title_alone_and_the_diploma_as_its_own_short_label():
    title = "METIERS DE L'ELECTRICITE ET DE SES ENVIRONNEMENTS CONNECTES (BAC PRO)"
    assert formation_title(title) == "Métiers de l'électricité et de ses environnements connectés"
    assert [diploma_label(code) for code in ("BAC PRO", "BTS", "BUT", "CAP", "LICENCE PRO", "AUTRE", "")] == [
        "Bac pro", "BTS", "BUT", "CAP", "Licence pro", "", ""]
    # A title that already starts with its diploma does not say it twice.
    assert formation_label("BTS Management commercial opérationnel", "BTS") == "BTS Management commercial opérationnel"


def test_typed_in_mixed_case_is_shown_as_typed():
    assert formation_title("Cuisine - section européenne (anglais)") == "Cuisine - section européenne (anglais)"
    assert formation_title("Commerce (BAC PRO) - nouvelle édition") == "Commerce (BAC PRO) - nouvelle édition"
    assert sentence("Salle des Fêtes") == "Salle des Fêtes"


def test_acronyms_stay_in_capitals_and_unknown_short_words_are_taken_for_acronyms():
    assert formation_title("MANAGEMENT COMMERCIAL OPERATIONNEL (MCO)") == "Management commercial opérationnel (MCO)"
    assert sentence("CONDUCTEUR D'ENGINS DE TRAVAUX PUBLICS ET CARRIERES BTP") == (
        "Conducteur d'engins de travaux publics et carrières BTP")
    assert sentence("FORMATION GRETA ET CFA") == "Formation GRETA et CFA"
    assert sentence("NIVEAU III") == "Niveau III"
    assert sentence("BOIS ET GROS OEUVRE") == "Bois et gros oeuvre"  # short French words are words


def test_ambiguous_words_stay_as_they_are():
    # "mais" (but) and "maïs" (maize): the data cannot tell, so the shouted word keeps its plain spelling.
    assert sentence("MAIS") == "Mais"
    spelling = _spelling_rows()
    assert "oeuvre" not in spelling  # "œuvre" and "oeuvre" are both written in the open data
    assert spelling["a"] == "à" and spelling["electricite"] == "électricité" and spelling["bts"] == "BTS"


def test_display_title_by_kind():
    assert display_title("formation", "CUISINE (CAP)", "CAP") == "CAP Cuisine"
    assert display_title("establishment", "LYCEE PROFESSIONNEL HENRI SENEZ") == "Lycée professionnel Henri Senez"
    assert display_title("resource", "SALLE A") == "SALLE A"  # rooms and people as typed
    assert display_title("contact", None) == ""


def test_accents_restored_on_text_typed_without_them():
    assert restore_accents("Genie civil - Construction durable") == "Génie civil - Construction durable"
    assert restore_accents("Metiers du multimedia et de l'internet") == "Métiers du multimédia et de l'internet"
    assert restore_accents("Parcours LLCER") == "Parcours LLCER"


def test_every_current_bcn_title_gets_a_label():
    """The whole national list: no title is lost, none keeps shouting, the tag never stays."""
    with resource_path("reference", "diplomas.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if not row["closed"]]
    assert len(rows) > 1500
    for row in rows:
        shown = formation_title(row["title"], row["diploma"])
        first_letter = next(char for char in shown if char.isalpha())
        assert (first_letter.isupper() or shown[0].isdigit()) and (not shown.isupper() or len(shown) <= 4), row
        assert not shown.endswith(f"({row['diploma']})"), row


def _spelling_rows() -> dict[str, str]:
    with resource_path("reference", "spelling.csv").open(encoding="utf-8") as handle:
        return {row["word"]: row["written"] for row in csv.DictReader(handle)}
