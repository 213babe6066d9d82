"""Derive the reference tables shipped in resources/reference/ from the open data in shared/data.

Run from the repository root:
    /work/venv/bin/python packaging/data/derive_reference.py [--source ../shared/data]

The output is deterministic (stable sort, fixed line ends) so a re-run on the same sources leaves git clean.
The application reads only these derived files, never shared/ (it is not shipped).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from spelling import derive_spelling

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = REPO.parent / "shared" / "data"
TARGET = REPO / "resources" / "reference"

# BCN short level labels folded into the families the helpdesk speaks about; agricultural variants count
# as their Education nationale sibling because companies do not distinguish them on the phone.
FAMILY_BY_BCN_SHORT = {
    "CAP": "CAP",
    "CAPA": "CAP",
    "BAC PRO": "BAC PRO",
    "BAC PRO AG": "BAC PRO",
    "BTS": "BTS",
    "BTSA": "BTS",
    "MC": "MC",
    "MC AG": "MC",
    "BP": "BP",
    "BPA4": "BP",
    "BPA5": "BP",
    "CS 3": "CS",
    "CS 4": "CS",
    "CSA NIV2": "CS",
    "CSA NIV3": "CS",
    "CSA NIV4": "CS",
    "CSA NIV5": "CS",
    "BUT": "BUT",
    "LIC PRO": "LICENCE PRO",
    "LIC": "LICENCE",
    "LIC LMD": "LICENCE",
    "MASTER": "MASTER",
    "MASTER PRO": "MASTER",
    "MASTER R": "MASTER",
    "ING": "INGENIEUR",
    "BAC TECHNO": "BAC TECHNO",
    "BAC TEC AG": "BAC TECHNO",
    "BAC GENE": "BAC GENERAL",
    "BEP": "BEP",
    "BEPA": "BEP",
}

# Certif Info type labels, for the few certifications that carry a CFD the BCN extract lacks.
FAMILY_BY_CERTIFINFO_TYPE = {
    "Bachelor universitaire de technologie": "BUT",
    "Licence professionnelle": "LICENCE PRO",
    "Certificat d'aptitude professionnelle": "CAP",
    "Baccalauréat professionnel": "BAC PRO",
    "Brevet de technicien supérieur": "BTS",
    "Brevet professionnel (Education nationale)": "BP",
}

RNCP_LEVELS = {"03", "04", "05", "06", "07", "08"}


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def write_csv(path: Path, header: list[str], rows: Iterable[Iterable[object]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def iso_date(french: str) -> str:
    """dd/mm/yyyy -> yyyy-mm-dd; empty stays empty."""
    french = french.strip()
    if not french:
        return ""
    day, month, year = french.split("/")
    return f"{year}-{month.zfill(2)}-{day.zfill(2)}"


def diploma_family(bcn_short: str) -> str:
    short = bcn_short.strip()
    if short in FAMILY_BY_BCN_SHORT:
        return FAMILY_BY_BCN_SHORT[short]
    if short.startswith("TH"):
        # TH?-T are the labour ministry's titres professionnels; other homologated titles stay generic.
        return "TITRE PRO" if short.endswith("-T") else "TITRE"
    return short


def rncp_level(*candidates: str) -> str:
    for value in candidates:
        value = value.strip().zfill(2)
        if value in RNCP_LEVELS:
            return str(int(value))
    return ""


def derive_diplomas(source: Path) -> list[list[str]]:
    levels = {row["NIVEAU_FORMATION_DIPLOME"]: row for row in read_rows(source / "bcn_n_niveau_formation_diplome.csv")}
    rows: dict[str, list[str]] = {}
    for row in read_rows(source / "bcn_v_formation_diplome.csv"):
        level_row = levels.get(row["NIVEAU_FORMATION_DIPLOME"], {})
        rows[row["FORMATION_DIPLOME"]] = [
            row["FORMATION_DIPLOME"],
            row["LIBELLE_LONG_200"].strip(),
            diploma_family(level_row.get("LIBELLE_COURT", "")),
            rncp_level(row["NIVEAU_QUALIFICATION_RNCP"], level_row.get("NIVEAU_QUALIFICATION_RNCP", "")),
            iso_date(row["DATE_FERMETURE"]),
        ]
    for row in read_rows(source / "certifinfo_certifications_rome.csv"):
        cfd = row["Code_Scolarite_CFD"].strip()
        family = FAMILY_BY_CERTIFINFO_TYPE.get(row["Libelle_Type_Diplome"].strip(), "")
        if not cfd or cfd in rows:
            continue
        if not family and not row["Libelle_Type_Diplome"].startswith("Titre professionnel"):
            continue
        rows[cfd] = [cfd, row["Libelle_Diplome"].strip(), family or "TITRE PRO",
                     rncp_level(row["Code_Niveau_Europeen"]), ""]
    return [rows[cfd] for cfd in sorted(rows)]


def derive_rome_jobs(source: Path) -> list[list[str]]:
    jobs = {row["code_rome"]: row["libelle_rome"].strip() for row in read_rows(source / "rome_fiches.csv")}
    return [[code, jobs[code]] for code in sorted(jobs)]


def derive_rome_titles(source: Path) -> list[list[str]]:
    pairs = {(row["code_rome"], row["libelle_appellation_long"].strip())
             for row in read_rows(source / "rome_appellations.csv")
             if row["code_rome"] and row["libelle_appellation_long"].strip()}
    return [[code, title] for code, title in sorted(pairs)]


def read_direct_links(source: Path) -> dict[str, list[str]]:
    """Certif Info's own CFD -> ROME links; first-seen order keeps each certification's main code in front."""
    codes: dict[str, dict[str, None]] = defaultdict(dict)
    for row in read_rows(source / "certifinfo_certifications_rome.csv"):
        cfd = row["Code_Scolarite_CFD"].strip()
        if not cfd:
            continue
        for index in range(1, 6):
            code = row[f"Code_Rome_{index}"].strip()
            if code:
                codes[cfd][code] = None
    return {cfd: list(found) for cfd, found in codes.items() if found}


# Indirect links --------------------------------------------------------------------------------------------
# A CFD without a Certif Info link borrows the links of CFDs that stand for the same training (see LINKS.md).
# Direct links always win; a CFD is given links by the first of these paths that yields any:
#   renewed  another code of the same diploma: an explicit "remplace / remplacé par" in the CPC list, or the
#            previous/next BCN code with the same normalised title, level and RNCP level;
#   common   a common first year (familles de métiers): the union of its specialities' links;
#   sibling  options and common first years of one diploma (same first six CFD characters, same RNCP level,
#            same title stem once "OPTION ...", "2NDE COMMUNE", "BTS 1ERE ANNEE" are cut off): the union of the
#            siblings' links;
# then "renewed" runs once more, so that an older code of a common year or of an option inherits what the
# current code received.

# First words of a trailing parenthesis that only names the diploma ("(CAP)", "(MC NIVEAU III)",
# "(MASTER LILLE)", "(LP ARRAS)"); any other parenthesis (school names, "(CLASSE DE MISE A NIVEAU)") is kept.
DIPLOMA_TAG_WORDS = frozenset({
    "CAP", "CAPA", "BAC", "BTS", "BTSA", "BP", "BPA4", "BPA5", "BEP", "BEPA", "MC", "MC4", "MC5", "CS3", "CS4",
    "CSA", "BT", "BTA", "BTN", "BM", "BMA", "BC", "DMA", "TP", "LP", "LIC", "LICENCE", "MASTER", "BUT", "DUT",
    "DEUST",
})
# Diploma families whose titles name a school or university and a speciality rather than options of one diploma.
NO_OPTIONS = frozenset({"INGENIEUR", "MASTER", "LICENCE", "LICENCE PRO"})
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
_TRAILING_PARENTHESIS = re.compile(r"\(([^()]*)\)\s*$")
# Where the part of a title shared by a diploma's options and common first year ends.
_STEM_END = re.compile(
    r"\b(?:OPTIONS?|OPT|SPECIALITE|TRONC COMMUN|2NDE COMMUNE|SECONDE COMMUNE"
    r"|(?:BTS |DUT |CAP )?(?:1ERE |1ER |1E )?ANNEES? COMMUNES?|(?:BTS )?1ERE ANNEE?)\b")
# "400-25413 S", "n°500-23441", "320 33111 S", "50025441S": three digits, optional separator, five digits.
_CPC_CODE = re.compile(r"(?<![0-9])([0-9]{3})[- ]?([0-9]{5})(?![0-9])")
_REPLACED_BY = re.compile(r"remplac\w*\s+par", re.IGNORECASE)


def title_key(title: str) -> str:
    """Upper case, no accents, punctuation as single spaces, a trailing diploma tag dropped."""
    title = title.strip()
    tag = _TRAILING_PARENTHESIS.search(title)
    if tag and tag.group(1).split() and tag.group(1).split()[0].upper() in DIPLOMA_TAG_WORDS:
        title = title[:tag.start()]
    plain = "".join(char for char in unicodedata.normalize("NFKD", title) if not unicodedata.combining(char))
    return _NOT_ALNUM.sub(" ", plain.upper()).strip()


def title_stem(key: str) -> str:
    """The title key without its option or common-year part."""
    end = _STEM_END.search(key)
    return key[:end.start()].strip() if end else key


def _sort_date(french: str) -> str:
    return iso_date(french) or "0000-00-00"


def _rank_union(lists: Iterable[list[str]]) -> list[str]:
    """Union of several code lists: codes shared by most lists first, then in first-seen order."""
    count: Counter[str] = Counter()
    first: dict[str, int] = {}
    for codes in lists:
        for code in dict.fromkeys(codes):
            count[code] += 1
            first.setdefault(code, len(first))
    return sorted(first, key=lambda code: (-count[code], first[code]))


def cpc_replacements(source: Path, known: set[str]) -> set[tuple[str, str]]:
    """(old, new) CFD pairs stated in the comments of the CPC list ("remplace le ...", "remplacé par le ...")."""
    pairs: set[tuple[str, str]] = set()
    for row in read_rows(source / "diplomes_professionnels_cpc.csv"):
        own = _CPC_CODE.search(row["Code diplôme"])
        comment = row["Commentaire"]
        if own is None or "remplac" not in comment.lower():
            continue
        cfd = "".join(own.groups())
        others = ["".join(match.groups()) for match in _CPC_CODE.finditer(comment)]
        newer = bool(_REPLACED_BY.search(comment))  # "remplacé par": the codes named are the newer ones
        for other in others:
            if other == cfd or cfd not in known or other not in known:
                continue
            pairs.add((cfd, other) if newer else (other, cfd))
    return pairs


def title_renewals(bcn: list[dict[str, str]]) -> set[tuple[str, str]]:
    """(old, new) pairs of consecutive BCN codes with one normalised title, level and RNCP level."""
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for row in bcn:
        key = title_key(row["LIBELLE_LONG_200"])
        if key:
            groups[(row["NIVEAU_FORMATION_DIPLOME"], key, row["NIVEAU_QUALIFICATION_RNCP"].strip())].append(row)
    pairs: set[tuple[str, str]] = set()
    for rows in groups.values():
        chain = sorted(rows, key=lambda row: (_sort_date(row["DATE_OUVERTURE"]), row["FORMATION_DIPLOME"]))
        for older, newer in zip(chain, chain[1:]):
            pairs.add((older["FORMATION_DIPLOME"], newer["FORMATION_DIPLOME"]))
    return pairs


def _renewed(cfd: str, links: dict[str, list[str]], newer: dict[str, set[str]],
             older: dict[str, set[str]]) -> list[str]:
    """Links of the nearest other code of the same diploma: successors first at equal distance."""
    best: tuple[int, int, list[str]] | None = None
    for preference, graph in enumerate((newer, older)):
        seen, frontier, distance = {cfd}, [cfd], 0
        while frontier:
            distance += 1
            frontier = sorted({nxt for node in frontier for nxt in graph.get(node, ()) if nxt not in seen})
            seen.update(frontier)
            found = [links[node] for node in frontier if links.get(node)]
            if found:
                if best is None or (distance, preference) < best[:2]:
                    best = (distance, preference, _rank_union(found))
                break
    return best[2] if best else []


def derive_renames(source: Path) -> list[list[str]]:
    """(old, new) CFD pairs of a diploma renamed when renewed: stated in the CPC list, titles that differ."""
    titles = {row["FORMATION_DIPLOME"]: row["LIBELLE_LONG_200"]
              for row in read_rows(source / "bcn_v_formation_diplome.csv")}
    pairs = cpc_replacements(source, set(titles))
    return sorted([old, new] for old, new in pairs
                  if title_stem(title_key(titles[old])) != title_stem(title_key(titles[new])))


def derive_cfd_rome(source: Path) -> tuple[list[list[str]], Counter[str]]:
    """cfd -> ROME codes for every CFD of the BCN (and Certif Info) that a direct or indirect path links."""
    direct = read_direct_links(source)
    bcn = list(read_rows(source / "bcn_v_formation_diplome.csv"))
    titles = {row["FORMATION_DIPLOME"]: row["LIBELLE_LONG_200"] for row in bcn}
    known = set(titles) | set(direct)

    newer: dict[str, set[str]] = defaultdict(set)
    older: dict[str, set[str]] = defaultdict(set)
    for old, new in cpc_replacements(source, known) | title_renewals(bcn):
        newer[old].add(new)
        older[new].add(old)

    specialities: dict[str, list[str]] = defaultdict(list)
    for row in read_rows(source / "familles_de_metiers_2nde_pro.csv"):
        common, speciality = row["CFD_COMMUN"].strip(), row["CFD_SPECIALITE"].strip()
        if common and speciality and speciality not in specialities[common]:
            specialities[common].append(speciality)

    # An engineering school's "spécialités" are distinct diplomas, not options of one: no siblings there.
    level_labels = {row["NIVEAU_FORMATION_DIPLOME"]: row["LIBELLE_COURT"]
                    for row in read_rows(source / "bcn_n_niveau_formation_diplome.csv")}
    with_options = {row["FORMATION_DIPLOME"] for row in bcn
                    if diploma_family(level_labels.get(row["NIVEAU_FORMATION_DIPLOME"], "")) not in NO_OPTIONS}
    rncp = {row["FORMATION_DIPLOME"]: row["NIVEAU_QUALIFICATION_RNCP"].strip() for row in bcn}

    def sibling_key(cfd: str) -> tuple[str, str, str]:
        return cfd[:6], title_stem(title_key(titles[cfd])), rncp[cfd]

    siblings: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for cfd in sorted(with_options):
        if sibling_key(cfd)[1]:
            siblings[sibling_key(cfd)].append(cfd)

    links: dict[str, list[str]] = dict(direct)
    via: dict[str, str] = dict.fromkeys(direct, "direct")
    everything = sorted(known | set(specialities))

    def settle(path: str, found: dict[str, list[str]]) -> None:
        for cfd, codes in found.items():
            if codes and cfd not in links:
                links[cfd], via[cfd] = codes, path

    settle("renewed", {cfd: _renewed(cfd, links, newer, older) for cfd in everything if cfd not in links})
    settle("common", {common: _rank_union(links[spec] for spec in sorted(specs) if links.get(spec))
                      for common, specs in specialities.items() if common not in links})
    settle("sibling", {cfd: _rank_union(links[other] for other in siblings.get(sibling_key(cfd), [])
                                        if other != cfd and links.get(other))
                       for cfd in everything if cfd not in links and cfd in with_options})
    settle("renewed", {cfd: _renewed(cfd, links, newer, older) for cfd in everything if cfd not in links})

    return [[cfd, " ".join(links[cfd])] for cfd in sorted(links)], Counter(via.values())


def derive_communes(source: Path) -> list[list[str]]:
    rows = [[row["insee_com"], row["commune_article"].strip() or row["commune"].strip(), row["code_postal"],
             row["lat"], row["lng"], row["population_2021"]]
            for row in read_rows(source / "communes_62.csv")]
    return sorted(rows)


PROVENANCE = """\
# Provenance of the reference tables

Written by `packaging/data/derive_reference.py` from the open-data extracts of `shared/data` (see its README
for the repositories and commits they were copied from). Do not edit these files by hand: re-run the script.
All files are UTF-8, comma-separated, `\\n` line ends, header on the first line; codes are text.

| file | rows | source file(s) in shared/data | upstream publisher | licence as stated in shared/data/README.md |
|---|---|---|---|---|
| `diplomas.csv` | {diplomas} | `bcn_v_formation_diplome.csv`, `bcn_n_niveau_formation_diplome.csv`; `certifinfo_certifications_rome.csv` for CFD missing from BCN | MENJ, Base Centrale des Nomenclatures (BCN); Réseau des Carif-Oref (Certif Info) | not stated |
| `rome_jobs.csv` | {rome_jobs} | `rome_fiches.csv` | France Travail, ROME | Licence Ouverte / Open Licence (as shown on data.gouv.fr; the source repo does not state it) |
| `rome_titles.csv` | {rome_titles} | `rome_appellations.csv` | France Travail, ROME | Licence Ouverte / Open Licence (same remark) |
| `cfd_rome.csv` | {cfd_rome} | `certifinfo_certifications_rome.csv` (links); `bcn_v_formation_diplome.csv`, `bcn_n_niveau_formation_diplome.csv`, `diplomes_professionnels_cpc.csv`, `familles_de_metiers_2nde_pro.csv` (indirect paths) | Réseau des Carif-Oref, Certif Info open data; MENJ (BCN, CPC list, familles de métiers) | not stated |
| `spelling.csv` | {spelling} | the accented, mixed-case texts of `certifinfo_certifications_rome.csv`, `rome_fiches.csv`, `rome_appellations.csv`, `tmm_mentions_master_62.csv`, `communes_62.csv`, `diplomes_professionnels_cpc.csv`, `etablissements_62.csv`; the French word list of the `pyspellchecker` package (PyPI) | as above; pyspellchecker is MIT | as above |
| `diploma_renames.csv` | {diploma_renames} | `diplomes_professionnels_cpc.csv`, `bcn_v_formation_diplome.csv` | MENJ (CPC list, BCN) | not stated |
| `communes.csv` | {communes} | `communes_62.csv` | INSEE (COG, comparateur de territoires), La Poste / data.gouv.fr (postal codes) | no licence file in the source repo (upstream open data) |

The source repositories themselves are MIT (mission-apprentissage/tjp-pilotage) or without licence file
(rcarlier/datas.fun); check the publisher's page before any redistribution outside tests and demos.

## What was derived
- `diplomas.csv` (`cfd, title, diploma, level, closed`): one row per BCN diploma code (CFD, 8 characters, leading
  zeros kept). `title` = `LIBELLE_LONG_200`. `diploma` = `LIBELLE_COURT` of the diploma's
  `NIVEAU_FORMATION_DIPLOME` in `bcn_n_niveau_formation_diplome`, folded into families (CAPA → CAP,
  BAC PRO AG → BAC PRO, BTSA → BTS, MC AG → MC, BPA → BP, CS/CSA → CS, LIC PRO → LICENCE PRO, MASTER PRO/R →
  MASTER, labour-ministry titles TH?-T → TITRE PRO, other homologated titles → TITRE; anything else keeps its
  BCN short label). `level` = RNCP qualification level 3..8 of the diploma (`NIVEAU_QUALIFICATION_RNCP`),
  else of its level code; empty when unknown or outside 3..8. `closed` = `DATE_FERMETURE` as yyyy-mm-dd.
  Certif Info certifications (BUT, licence pro, titre pro, ...) whose CFD is missing from BCN are appended
  with their Certif Info label and European level ({certifinfo_added} added on this extract).
- `rome_jobs.csv` (`code_rome, label`): `libelle_rome` per ROME code.
- `rome_titles.csv` (`code_rome, title`): the long job titles (`libelle_appellation_long`), deduplicated per code.
- `cfd_rome.csv` (`cfd, rome`): ROME codes per CFD, space-separated. Nothing in the file says which path gave
  a row's codes; the counts below do.
  - **direct** ({via_direct} CFD): for each `Code_Scolarite_CFD` of Certif Info, the union of `Code_Rome_1..5`
    over all its certifications, in first-seen order (main code first). A CFD with direct links keeps them and
    gets nothing else.
  - A CFD of the BCN without direct links borrows the links of CFDs that stand for the same training (the
    paths of `shared/data/LINKS.md`), from the first of these paths that yields any. When a path finds
    several CFDs, their codes are merged: codes carried by most of them first, then in first-seen order.
  - **renewed** ({via_renewed} CFD): another code of the same diploma, taken from the nearest one (newer codes
    first at equal distance) along (a) the replacements stated in the `Commentaire` column of
    `diplomes_professionnels_cpc.csv` ("Remplace le n°400-31108", "est remplacé par le 50023329S"; {cpc_pairs}
    old → new pairs whose two codes are known) and (b) the BCN codes with the same normalised title (upper
    case, no accents or punctuation, a trailing diploma tag such as "(CAP)", "(MC NIVEAU III)" or
    "(LP ARRAS)" dropped), the same `NIVEAU_FORMATION_DIPLOME` and the same `NIVEAU_QUALIFICATION_RNCP`,
    chained by opening date ({title_pairs} pairs). So a renewed code gets its predecessor's links (BAC PRO
    40025413 "Construction et aménagement de véhicules" those of 40025410 "Construction des carrosseries")
    and a closed code its successor's (CAP 50023217 "Maçon" those of 50023224). Most of these rows are
    licences pro and masters of one national title delivered by several universities.
  - **common** ({via_common} CFD): a common first year of `familles_de_metiers_2nde_pro.csv` (`CFD_COMMUN`)
    gets the union of its specialities' (`CFD_SPECIALITE`) direct or renewed links.
  - **sibling** ({via_sibling} CFD): the options and common first years of one diploma: same first six
    characters of the CFD (level and NSF group), the same RNCP level and the same title stem once "OPTION …",
    "SPECIALITE …", "2NDE COMMUNE", "BTS 1ERE ANNEE (COMMUNE)" and the like are cut off (e.g. "SERVICES
    INFORMATIQUES AUX ORGANISATIONS BTS 1ERE ANNEE" and its options A and B). Not applied to engineering,
    master and licence titles, whose "spécialités" are distinct diplomas.
  - Finally **renewed** runs once more, so that an older code of a common year or of an option inherits what
    the current code received (counted above).
  - Not used: MEF families (each MEF of `bcn_n_mef.csv` names one CFD, and `MEF_STAT_9` groups MEF by the
    first six characters of the CFD, which the sibling path already reads with the title), and any link by
    words shared between titles. A CFD that none of these paths reaches has no row (e.g. 32033421
    "HOTELLERIE RESTAURATION (CLASSE DE MISE A NIVEAU)").
- `spelling.csv` (`word, written`): how a word that national lists shout without accents is written, for
  the labels shown to people (`bouquet_desk/core/labels.py`). `word` is folded (lower case, no accents),
  `written` its accented lower-case form ("electricite" → "électricité"), or its capitals for an acronym.
  Only the words of the titles and names shown (BCN titles, ACCE names, Parcoursup) and of the trusted texts
  are considered. Forms come first from the accented mixed-case texts of the open data (Certif Info labels,
  ROME, masters, communes, CPC list, mixed-case ACCE names): {spelling_trusted} rows; a word these texts
  write two ways often enough (the runner-up at 10 % of the winner or more), or that they write fewer
  than 20 times while the word list finds the plain spelling at least as common ("mais" and "maïs"), is ambiguous and stays as
  it is ({spelling_ambiguous} words, with those below). Else from the pyspellchecker French word list when one form
  dominates (its runner-up, the plain spelling included, under 5 %): {spelling_list} rows. Acronyms:
  written in capitals in at least 80 % of their occurrences in the trusted texts (capitals of ACCE names
  not counted: they shout their communes), and no common French word ({spelling_acronym} rows); a shouted
  word of 2-4 letters, or without a vowel, that neither the texts nor the list know ({spelling_unknown_short}
  rows, e.g. GEII, and BCN abbreviations such as "SPEC"). Last, the short words (at most four
  letters) of the word list (frequency 50 or more) and of the trusted texts that have no row yet, written as
  they are ({spelling_short_word} rows): the application takes a shouted word of at most four letters that
  the table does not know for an acronym ("MCO", "SIO").
- `diploma_renames.csv` (`old_cfd, new_cfd`): diplomas renamed when renewed, as the CPC list states it
  ("Remplace le n°400-31108", "est remplacé par ..."), both codes in the BCN and their titles different once
  options and common years are cut off ("COMMERCE (BAC PRO)" → "METIERS DU COMMERCE ET DE LA VENTE OPTION A
  ..."). Callers say the old name while a catalogue has the new one, and the other way round: the search
  indexes each formation under the other title too.
- `communes.csv` (`insee, name, postal_code, lat, lng, population`): the 891 communes of the Pas-de-Calais;
  `name` = `commune_article` (with its article, e.g. "Le Portel"), `population` = 2021 population; other
  columns dropped.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="shared/data folder")
    parser.add_argument("--target", type=Path, default=TARGET, help="output folder (resources/reference)")
    args = parser.parse_args(argv)
    source, target = args.source.resolve(), args.target.resolve()
    if not (source / "bcn_v_formation_diplome.csv").exists():
        parser.error(f"{source} does not look like shared/data")
    target.mkdir(parents=True, exist_ok=True)

    bcn = list(read_rows(source / "bcn_v_formation_diplome.csv"))
    bcn_codes = {row["FORMATION_DIPLOME"] for row in bcn}
    diplomas = derive_diplomas(source)
    cfd_rome, cfd_rome_via = derive_cfd_rome(source)
    link_counts = {f"via_{path}": cfd_rome_via[path] for path in ("direct", "renewed", "common", "sibling")}
    link_counts["cpc_pairs"] = len(cpc_replacements(source, bcn_codes | set(read_direct_links(source))))
    link_counts["title_pairs"] = len(title_renewals(bcn))
    counts = {
        "diplomas": write_csv(target / "diplomas.csv", ["cfd", "title", "diploma", "level", "closed"], diplomas),
        "rome_jobs": write_csv(target / "rome_jobs.csv", ["code_rome", "label"], derive_rome_jobs(source)),
        "rome_titles": write_csv(target / "rome_titles.csv", ["code_rome", "title"], derive_rome_titles(source)),
        "cfd_rome": write_csv(target / "cfd_rome.csv", ["cfd", "rome"], cfd_rome),
        "diploma_renames": write_csv(target / "diploma_renames.csv", ["old_cfd", "new_cfd"],
                                     derive_renames(source)),
        "communes": write_csv(target / "communes.csv",
                              ["insee", "name", "postal_code", "lat", "lng", "population"], derive_communes(source)),
    }
    spelling, spelling_via = derive_spelling(source, read_rows)
    counts["spelling"] = write_csv(target / "spelling.csv", ["word", "written"], spelling)
    link_counts.update({f"spelling_{key.replace(' ', '_')}": value for key, value in spelling_via.items()})
    added = sum(1 for row in diplomas if row[0] not in bcn_codes)
    provenance = PROVENANCE.format(certifinfo_added=added, **counts, **link_counts)
    (target / "PROVENANCE.md").write_text(provenance, encoding="utf-8", newline="\n")
    for name, count in counts.items():
        size = (target / f"{name}.csv").stat().st_size
        print(f"{name}.csv: {count} rows, {size / 1024:.0f} KiB")
    print("cfd_rome.csv by path: " + ", ".join(f"{key[4:]} {value}" for key, value in link_counts.items()
                                               if key.startswith("via_")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
