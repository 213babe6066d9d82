"""Who usually answers which enquiry inside an establishment (domain.md, "routing roles").

Weights rank the roles for one category: the role a company should reach first gets the most.
A contact can also list the category itself (Contact.categories), which counts on top.
"""

from __future__ import annotations

USUAL_PATHS: dict[str, dict[str, int]] = {
    # Internships: the company-relations office (BDE) is the single entry point since 2023, the DDFPT
    # organises the PFMP, the teacher in charge of a section follows its pupils; the university's
    # internship office.
    "PFMP": {"BDE": 20, "DDFPT": 16, "RELATIONS_ENTREPRISES": 16, "ENSEIGNANT": 12},
    # Apprenticeship: the CFA (académique or the lycée's UFA) first.
    "APPRENTISSAGE": {"CFA": 20, "BDE": 16, "RELATIONS_ENTREPRISES": 14, "DDFPT": 12},
    "RECRUTEMENT": {"BDE": 20, "RELATIONS_ENTREPRISES": 20, "DDFPT": 14, "CFA": 12, "PROVISEUR": 10},
    # Training employees: GRETA, and the university's continuing-education service; a CFA developer only
    # when they list it (the AFPI's, the chambre de métiers').
    "FORMATION_CONTINUE": {"GRETA": 20, "RELATIONS_ENTREPRISES": 16},
    # Rooms are rented by the bursar; technical platforms are the DDFPT's (see TECHNICAL_RESOURCES).
    "LOCAUX": {"GESTIONNAIRE": 20, "DDFPT": 12, "PROVISEUR": 6},
    # The apprenticeship tax balance: head teacher or bursar.
    "TAXE": {"PROVISEUR": 20, "GESTIONNAIRE": 18},
    "PARTENARIAT": {"PROVISEUR": 20, "BDE": 16, "RELATIONS_ENTREPRISES": 16, "DDFPT": 14},
    "HORS_PERIMETRE": {},
}

# The establishments that deliver the category themselves (establishment types): a lycée passes a call
# for training employees on to its GRETA, and one for an apprentice to the CFA or its antenna.
PROVIDERS: dict[str, frozenset[str]] = {
    "FORMATION_CONTINUE": frozenset({"GRETA", "CFA", "UNIVERSITE", "IUT"}),
    "APPRENTISSAGE": frozenset({"CFA"}),
}

# How far a contact handles the category: listed it, only on the usual path of their role, or neither
# (named on an item asked for, say the teacher of a section). A lower tier is never ranked ahead of a higher.
LISTS_CATEGORY, USUAL_PATH, NOT_HANDLED = 0, 1, 2

# Workshops and platforms are lent by the DDFPT, who knows the machines and the technical staff.
TECHNICAL_RESOURCES = frozenset({"PLATEAU_TECHNIQUE", "ATELIER", "EQUIPEMENT"})
DDFPT_FOR_TECHNICAL = 18

# Points for a contact who lists the category, and for the contact named on the item asked for
# (the teacher in charge of the section, the person who books the room).
HANDLES_CATEGORY = 10
ITEM_CONTACT = 12


def path_weight(category: str, role: str, *, technical: bool = False) -> int:
    if category == "LOCAUX" and role == "DDFPT" and technical:
        return DDFPT_FOR_TECHNICAL
    return USUAL_PATHS.get(category, {}).get(role, 0)


def handles(categories: str, category: str) -> bool:
    return category in {part.strip().upper() for part in (categories or "").split(",")}


def handling_tier(contact_categories: str, category: str, weight: int) -> int:
    if handles(contact_categories, category):
        return LISTS_CATEGORY
    return USUAL_PATH if weight else NOT_HANDLED
