"""What the letters say about codes: the function of a contact, the subject and the request of each category.

Written for the recipient, not for the operator: "Bureau des entreprises" rather than the code BDE, and
function names rather than gendered job titles since the catalogue does not record civility. Requests are
infinitive phrases without possessives so that both "Vous souhaitez …" (letter) and "L'entreprise souhaite …"
(notice) read well.
"""

from __future__ import annotations

NETWORK_NAME = "Bouquet de services des lycées aux entreprises"
NETWORK_SHORT = "Bouquet de services"
NETWORK_RUNNER = "Comité Grand Lens"
NETWORK_AREA = "Bassin minier du Pas-de-Calais"

ROLE_TITLES = {
    "BDE": "Bureau des entreprises",
    "DDFPT": "Direction déléguée aux formations (DDFPT)",
    "PROVISEUR": "Direction de l'établissement",
    "GESTIONNAIRE": "Gestion et intendance",
    "ENSEIGNANT": "Enseignant référent de la section",
    "GRETA": "Conseil en formation continue (GRETA)",
    "CFA": "Apprentissage (CFA / UFA)",
    "RELATIONS_ENTREPRISES": "Relations entreprises",
}

CATEGORY_TITLES = {
    "PFMP": "Stage en entreprise (PFMP)",
    "APPRENTISSAGE": "Apprentissage",
    "RECRUTEMENT": "Recrutement",
    "FORMATION_CONTINUE": "Formation continue",
    "LOCAUX": "Locaux et équipements",
    "TAXE": "Taxe d'apprentissage",
    "PARTENARIAT": "Partenariat",
}

CATEGORY_REQUESTS = {
    "PFMP": "accueillir un ou plusieurs élèves en période de formation en milieu professionnel (PFMP)",
    "APPRENTISSAGE": "recruter un apprenti",
    "RECRUTEMENT": "recruter des jeunes formés dans les établissements du territoire",
    "FORMATION_CONTINUE": "faire former des salariés",
    "LOCAUX": "disposer d'une salle, d'un plateau technique ou d'un équipement",
    "TAXE": "affecter le solde de la taxe d'apprentissage à un établissement du territoire",
    "PARTENARIAT": "engager un partenariat avec un établissement (interventions, jurys, visites, dons de matériel)",
}
GENERIC_REQUEST = "obtenir un renseignement auprès des établissements du réseau"

RESOURCE_TYPES = {
    "SALLE": "Salle",
    "AMPHITHEATRE": "Amphithéâtre",
    "ATELIER": "Atelier",
    "PLATEAU_TECHNIQUE": "Plateau technique",
    "EQUIPEMENT": "Équipement",
    "RESTAURATION": "Restauration",
    "HEBERGEMENT": "Hébergement",
    "SPORT": "Installation sportive",
}

PATHWAYS = {"scolaire": "voie scolaire", "apprentissage": "apprentissage", "continue": "formation continue"}

RECIPIENTS = {"company": "entreprise", "contact": "contact"}


def role_title(code: str | None) -> str:
    # AUTRE and unknown codes say nothing to a company: the line is left out rather than showing a code.
    return ROLE_TITLES.get((code or "").upper(), "")


def category_title(code: str | None) -> str:
    return CATEGORY_TITLES.get((code or "").upper(), "Demande de renseignement")


def category_request(code: str | None) -> str:
    return CATEGORY_REQUESTS.get((code or "").upper(), GENERIC_REQUEST)


def resource_type(code: str | None) -> str:
    return RESOURCE_TYPES.get((code or "").upper(), "")


def pathways(codes: str | None) -> str:
    words = [PATHWAYS.get(code.strip().lower(), "") for code in (codes or "").split(",")]
    return ", ".join(word for word in words if word)


def letter_subject(category: str | None, several: bool) -> str:
    who = "vos interlocuteurs dans les établissements" if several else "votre interlocuteur"
    return f"{category_title(category)} : {who}"


def notice_subject(company_name: str, category: str | None) -> str:
    who = company_name or "une entreprise"
    return f"Mise en relation : {who} – {category_title(category)}"
