"""The catalogue's codes as the operator reads them: « Lycée professionnel », « enseignant », « Stage (PFMP) ».

The catalogue stores stable codes (LP, UNIVERSITE, ENSEIGNANT, PFMP…); every screen and document shows these
labels instead. A code no list knows (a newer catalogue) is shown as written, never hidden.
"""

from __future__ import annotations

from ..calls.codes import CATEGORIES, ROLES

# The long labels live with the documents that print them (reports, letters); they are read on first use,
# so that showing a table never imports the letter machinery on the way to the window's first paint.

# The short form for a table column, where « Établissement régional d'enseignement adapté » would not fit.
SHORT_TYPES = {
    "LP": "Lycée professionnel", "LGT": "Lycée gén. et techno.", "LPO": "Lycée polyvalent", "EREA": "EREA",
    "UNIVERSITE": "Université", "IUT": "IUT", "GRETA": "GRETA", "CFA": "CFA", "AUTRE": "Autre",
}


def _label(labels: dict[str, str], code: str | None) -> str:
    text = (code or "").strip()
    return labels.get(text.upper(), labels.get(text, text))


def establishment_type(code: str | None, *, short: bool = False) -> str:
    if short:
        return _label(SHORT_TYPES, code)
    from ..reports.catalogue_content import ESTABLISHMENT_TYPES

    return _label(ESTABLISHMENT_TYPES, code)


def role(code: str | None) -> str:
    return _label(ROLES, code)


def resource_type(code: str | None) -> str:
    from ..letters.wording import RESOURCE_TYPES

    return _label(RESOURCE_TYPES, code)


def _listed(labels: dict[str, str], codes: str | None) -> str:
    return ", ".join(_label(labels, code) for code in (codes or "").split(",") if code.strip())


def categories(codes: str | None) -> str:
    """« Stage (PFMP), Apprentissage » for the comma-separated codes a contact handles."""
    return _listed(CATEGORIES, codes)


def pathways(codes: str | None) -> str:
    from ..letters.wording import PATHWAYS

    return _listed(PATHWAYS, codes)
