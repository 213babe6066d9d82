"""The closed lists of the call log: stable English codes stored in the database, French labels shown.

Codes are what scripts and the telephone system send; labels are what the operator reads.
"""

from __future__ import annotations

from ..errors import UserError

CATEGORIES: dict[str, str] = {
    "PFMP": "Stage (PFMP)",
    "APPRENTISSAGE": "Apprentissage",
    "RECRUTEMENT": "Recrutement",
    "FORMATION_CONTINUE": "Formation continue",
    "LOCAUX": "Locaux et équipements",
    "TAXE": "Taxe d'apprentissage",
    "PARTENARIAT": "Partenariat",
    "HORS_PERIMETRE": "Hors périmètre",
}

# The category inside a French sentence: "traite les stages (PFMP)".
CATEGORY_PHRASES: dict[str, str] = {
    "PFMP": "les stages (PFMP)",
    "APPRENTISSAGE": "l'apprentissage",
    "RECRUTEMENT": "le recrutement",
    "FORMATION_CONTINUE": "la formation continue",
    "LOCAUX": "les locaux et équipements",
    "TAXE": "la taxe d'apprentissage",
    "PARTENARIAT": "les partenariats",
    "HORS_PERIMETRE": "les demandes hors périmètre",
}

# The motive of a call the telephone logged by itself (missed, dialled): nobody has said it yet. Kept out of
# CATEGORIES so that no form offers it and the routing never sees it.
UNQUALIFIED = "A_QUALIFIER"
UNQUALIFIED_LABEL = "À qualifier"


def category_label(code: str) -> str:
    return UNQUALIFIED_LABEL if code == UNQUALIFIED else CATEGORIES.get(code, code)


DIRECTIONS: dict[str, str] = {
    "incoming": "entrant",
    "outgoing": "sortant",
    "missed": "manqué",
}

CALL_OUTCOMES: dict[str, str] = {
    "referred": "orienté",
    "informed": "renseigné",
    # A need no one in the network covers: the signal the network wants to hear about.
    "uncovered": "besoin non couvert",
    "callback": "à rappeler",
}

REFERRAL_STATUSES: dict[str, str] = {
    "sent": "envoyée",
    "acknowledged": "prise en charge",
    "done": "terminée",
    "no_answer": "sans réponse",
}
# "sent" waits for the contact's answer (the deadline applies to it); "acknowledged" is answered but not
# finished; "done" and "no_answer" close the referral.
OPEN_REFERRAL_STATUSES = ("sent", "acknowledged")

REFERRAL_OUTCOMES: dict[str, str] = {
    "internship": "stage conclu",
    "apprentice": "apprenti recruté",
    "hire": "recrutement conclu",
    "room": "salle réservée",
    "training": "formation achetée",
    "tax": "taxe versée",
    "partnership": "partenariat engagé",
    "nothing": "sans suite",
}

ROLES: dict[str, str] = {
    "BDE": "bureau des entreprises",
    "DDFPT": "DDFPT",
    "PROVISEUR": "proviseur",
    "GESTIONNAIRE": "adjoint gestionnaire",
    "ENSEIGNANT": "enseignant",
    "GRETA": "conseiller GRETA",
    "CFA": "CFA",
    "RELATIONS_ENTREPRISES": "relations entreprises",
    "AUTRE": "autre",
}


def _require(value: str | None, allowed: dict[str, str], what: str, *, upper: bool) -> str:
    text = (value or "").strip()
    code = text.upper() if upper else text.lower()
    code = code.replace("-", "_").replace(" ", "_")
    if code in allowed:
        return code
    listed = ", ".join(allowed)
    raise UserError(f"{what} : « {text} ». Valeurs possibles : {listed}.")


def require_category(value: str | None) -> str:
    return _require(value, CATEGORIES, "Catégorie inconnue", upper=True)


def require_call_category(value: str | None) -> str:
    """A call's category: one of CATEGORIES, or UNQUALIFIED for a call the telephone logged by itself."""
    if (value or "").strip().upper() == UNQUALIFIED:
        return UNQUALIFIED
    return require_category(value)


# The telephone systems' words (Zammad's in/out) for the log's directions.
_DIRECTION_ALIASES = {"in": "incoming", "out": "outgoing"}


def require_direction(value: str | None) -> str:
    text = (value or "").strip().lower()
    return _require(_DIRECTION_ALIASES.get(text, text), DIRECTIONS, "Sens d'appel inconnu", upper=False)


def require_call_outcome(value: str | None) -> str:
    return _require(value, CALL_OUTCOMES, "Issue d'appel inconnue", upper=False)


def require_referral_status(value: str | None) -> str:
    return _require(value, REFERRAL_STATUSES, "Statut d'orientation inconnu", upper=False)


def require_referral_outcome(value: str | None) -> str:
    return _require(value, REFERRAL_OUTCOMES, "Résultat d'orientation inconnu", upper=False)


def role_label(role: str) -> str:
    return ROLES.get(role, role.lower())
