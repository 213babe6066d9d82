"""Formation domains by the NSF (nomenclature des spécialités de formation, 1994), read from the diploma code.

A CFD is 3 characters of diploma level, 3 of NSF specialty group, 2 of rank: "32025515" is a BTS (320) in
electricity (255). The first two digits of the group give the domain, the level the catalogue indexes by.
"""

from __future__ import annotations

NSF_DOMAINS: dict[str, str] = {
    "10": "Formations générales",
    "11": "Mathématiques et sciences",
    "12": "Sciences humaines et droit",
    "13": "Lettres et arts",
    "20": "Spécialités pluritechnologiques de production",
    "21": "Agriculture, pêche, forêt et espaces verts",
    "22": "Transformations (agroalimentaire, chimie, métallurgie, énergie…)",
    "23": "Génie civil, construction et bois",
    "24": "Matériaux souples (textile, habillement, cuir)",
    "25": "Mécanique, électricité, électronique",
    "30": "Spécialités plurivalentes des services",
    "31": "Échanges et gestion (commerce, transport, comptabilité…)",
    "32": "Communication et information",
    "33": "Services aux personnes (santé, social, hôtellerie, coiffure…)",
    "34": "Services à la collectivité (sécurité, environnement, nettoyage)",
    "41": "Capacités individuelles et sociales",
    "42": "Activités quotidiennes et de loisirs",
}
OTHER_DOMAIN = "Autres formations"

LEVELS: dict[int, str] = {
    3: "Niveau 3 — CAP",
    4: "Niveau 4 — baccalauréat",
    5: "Niveau 5 — bac + 2",
    6: "Niveau 6 — bac + 3",
    7: "Niveau 7 — bac + 5",
    8: "Niveau 8 — doctorat",
}


def nsf_domain(cfd: str | None) -> str | None:
    """The two-digit NSF domain of a diploma code, or None when the code does not carry one."""
    code = (cfd or "").strip()
    if len(code) != 8 or not code[3:6].isdigit():
        return None
    return code[3:5] if code[3:5] in NSF_DOMAINS else None


def domain_label(code: str | None) -> str:
    return NSF_DOMAINS.get(code or "", OTHER_DOMAIN)


def level_label(level: int | None) -> str:
    return LEVELS.get(level or 0, "Niveau non précisé")
