"""Higher-education courses without a diploma code in the data: Parcoursup (BUT, licences, BTS and other
courses of lycées) and the university's masters, with the code scheme of docs/catalogue-format.md.

A course gets the BCN code (CFD) of the diploma whose title is the same once both are folded (upper case,
no accents or punctuation, the diploma tag dropped) and whose family is the same, when that code is still
open and names no other university. Otherwise it gets a generated code: "Z", a letter for the diploma
family, then six base-36 characters of a SHA-1 of the family and the folded title. The same course keeps its
code from one edition to the next and on every site; BCN codes never start with "Z".
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# Parcoursup's course types ("BUT   Informatique") → catalogue diploma family, generated-code letter, level,
# years. Types missing here (nursing, social work...) are kept as "AUTRE" with their type in the title.
PARCOURSUP_TYPES = {
    "BUT": ("BUT", "U", 6, 3),
    "Licence": ("LICENCE", "L", 6, 3),
    "BTS": ("BTS", "B", 5, 2),
    "Certificat de Specialisation": ("CS", "C", 4, 1),
    "DEUST": ("AUTRE", "D", 5, 2),
    "CPGE": ("AUTRE", "P", None, 2),
    "DN MADE": ("AUTRE", "N", 6, 3),
    "Formation d ingenieur Bac + 5": ("AUTRE", "I", 7, 5),
    "Diplome d Universite": ("AUTRE", "X", None, 1),
    "Diplome de Comptabilite et de Gestion": ("AUTRE", "G", 6, 3),
    "Mise à niveau": ("AUTRE", "A", None, 1),
    "BPJEPS": ("AUTRE", "J", 4, 1),
    "FCIL": ("AUTRE", "F", None, 1),
}
MASTER = ("MASTER", "M", 7, 2)
PARCOURSUP_SECTORS = {"Services", "Production"}
OTHER_LETTER = "X"
# BCN families whose codes a Parcoursup type may reuse.
BCN_FAMILY = {"BUT": "BUT", "LICENCE": "LICENCE", "BTS": "BTS", "CS": "CS", "MASTER": "MASTER"}
# Words of a trailing tag that only say the diploma; any other word names a university ("(MASTER AVIGNON)").
TAG_WORDS = {"BUT", "BTS", "BTSA", "CS", "CS3", "CS4", "LICENCE", "LIC", "LMD", "MASTER", "U", "ARTOIS", "ARRAS"}
_TAG = re.compile(r"\(([^()]*)\)\s*$")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
# Parcoursup dropped apostrophes: "d ingenieur", "l internet".
_ELISION = re.compile(r"\b([dlDL]) (?=[aeiouyhéèêAEIOUYHÉ])")
_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
OPEN_ON = date(2025, 9, 1)


@dataclass(frozen=True)
class Course:
    uai: str
    cfd: str
    title: str
    family: str
    level: int | None
    years: int | None
    pathways: tuple[str, ...]
    capacity: int | None
    source: str
    point: tuple[float, float] | None = None
    note: str = ""
    related: tuple[str, ...] = ()  # BCN codes of the same mention's parcours, for a generated code's jobs


def folded(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NOT_ALNUM.sub(" ", plain.upper()).strip()


def generated_code(family: str, letter: str, title: str) -> str:
    digest = int(hashlib.sha1(f"{family}|{folded(title)}".encode()).hexdigest(), 16)
    chars = []
    for _ in range(6):
        digest, rest = divmod(digest, 36)
        chars.append(_BASE36[rest])
    return f"Z{letter}{''.join(chars)}"


class BcnTitles:
    """Open BCN codes by (family, folded title without its tag), from resources/reference/diplomas.csv."""

    def __init__(self, rows: list[list[str]]) -> None:
        self.codes: dict[tuple[str, str], list[str]] = {}
        for cfd, title, family, _level, closed in rows:
            if closed and date.fromisoformat(closed) < OPEN_ON:
                continue
            tag = _TAG.search(title)
            if tag:
                words = set(folded(tag.group(1)).split())
                if not words <= TAG_WORDS:
                    continue  # another university's own code
                title = title[: tag.start()]
            self.codes.setdefault((family, folded(title)), []).append(cfd)

    def parcours_of(self, family: str, titles: list[str]) -> list[str]:
        """The open BCN codes of the parcours or options of a mention ("INFORMATIQUE : ..." for the BUT
        "Informatique"), for the first of the titles that has any."""
        bcn_family = BCN_FAMILY.get(family)
        for title in titles:
            stem = folded(title)
            if bcn_family is None or not stem:
                continue
            found = sorted(cfd for (fam, key), cfds in self.codes.items() if fam == bcn_family
                           and key.startswith(stem + " ") for cfd in cfds)
            if found:
                return found
        return []

    def find(self, family: str, titles: list[str]) -> str | None:
        bcn_family = BCN_FAMILY.get(family)
        if bcn_family is None:
            return None
        for title in titles:
            codes = self.codes.get((bcn_family, folded(title)))
            if codes:
                return sorted(codes)[-1]  # the newest code of the diploma
        return None


def _point(text: str) -> tuple[float, float] | None:
    try:
        lat, lng = (float(part) for part in text.split(","))
    except ValueError:
        return None
    return lat, lng


def parcoursup_courses(rows, bcn: BcnTitles, uais: set[str], accents) -> list[Course]:
    courses: dict[tuple[str, str], Course] = {}
    for row in rows:
        uai = row["Code UAI de l etablissement"].strip()
        if uai not in uais:
            continue
        parts = [part.strip() for part in row["Filiere de formation"].split("   ") if part.strip()]
        kind, rest = parts[0], parts[1:] or parts[:1]
        family, letter, level, years = PARCOURSUP_TYPES.get(kind, ("AUTRE", OTHER_LETTER, None, None))
        # "BTS   Services   Conseil et commercialisation…": the first parts may be a sector, the code's
        # title any tail of them.
        tails = [" ".join(rest[start:]) for start in range(len(rest))]
        cfd = bcn.find(family, tails)
        # "BTS   Services   …": Parcoursup's sector is no part of the title; nor is the type said twice.
        words = [part for part in rest if folded(part) != folded(kind)] or rest
        if family == "BTS" and len(words) > 1 and words[0] in PARCOURSUP_SECTORS:
            words = words[1:]
        words = words if family != "AUTRE" else [kind, *[w for w in words if folded(w) != folded(kind)]]
        title = accents(_ELISION.sub(r"\1'", " ".join(" - ".join(words).split())))
        related = () if cfd else tuple(bcn.parcours_of(family, tails))
        cfd = cfd or generated_code(family, letter, " ".join(words))
        course = Course(uai, cfd, title, family, level, years, ("scolaire",), None, "parcoursup",
                        _point(row["Coordonnées GPS de la formation"]), related=related)
        courses.setdefault((uai, cfd), course)
    return list(courses.values())


MASTER_PATHWAYS = {"Formation initiale": "scolaire", "Formation continue": "continue",
                   "Apprentissage": "apprentissage", "Alternance": "apprentissage"}


def master_courses(rows, bcn: BcnTitles, uais: set[str]) -> list[Course]:
    """The open master mentions of the newest campaign, with their teaching modes as pathways."""
    rows = [row for row in rows if row["Code UAI de l’établissement accrédité"] in uais]
    if not rows:
        return []
    newest = max(row["Année de la campagne de recueil des informations"] for row in rows)
    family, letter, level, years = MASTER
    courses = []
    for row in rows:
        if row["Année de la campagne de recueil des informations"] != newest:
            continue
        if row["Mention ouverte ou non ouverte"].strip() != "1":
            continue
        title = row["Intitulé de la mention de master"].strip()
        modes = [mode.strip() for mode in row["Modalités d’enseignement de la mention"].split(",")]
        pathways = tuple(dict.fromkeys(MASTER_PATHWAYS[m] for m in modes if m in MASTER_PATHWAYS))
        capacity = row["Capacité d’accueil limitée au 1er semestre"].strip()
        note = (" En alternance (apprentissage ou contrat de professionnalisation)." if "Alternance" in modes
                else "")
        cfd = bcn.find(family, [title])
        related = () if cfd else tuple(bcn.parcours_of(family, [title]))
        cfd = cfd or generated_code(family, letter, title)
        courses.append(Course(row["Code UAI de l’établissement accrédité"], cfd, title, family, level, years,
                              pathways, int(capacity) if capacity.isdigit() else None, f"tmm_{newest}", None,
                              note, related))
    return courses
