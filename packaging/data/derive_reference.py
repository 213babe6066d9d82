"""Derive the reference tables shipped in resources/reference/ from the open data in shared/data.

Run from the repository root:
    /work/venv/bin/python packaging/data/derive_reference.py [--source ../shared/data]

The output is deterministic (stable sort, fixed line ends) so a re-run on the same sources leaves git clean.
The application reads only these derived files, never shared/ (it is not shipped).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

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


def derive_cfd_rome(source: Path) -> list[list[str]]:
    # First-seen order keeps each certification's main ROME code (Code_Rome_1) in front.
    codes: dict[str, dict[str, None]] = defaultdict(dict)
    for row in read_rows(source / "certifinfo_certifications_rome.csv"):
        cfd = row["Code_Scolarite_CFD"].strip()
        if not cfd:
            continue
        for index in range(1, 6):
            code = row[f"Code_Rome_{index}"].strip()
            if code:
                codes[cfd][code] = None
    return [[cfd, " ".join(codes[cfd])] for cfd in sorted(codes) if codes[cfd]]


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
| `cfd_rome.csv` | {cfd_rome} | `certifinfo_certifications_rome.csv` | Réseau des Carif-Oref, Certif Info open data | not stated |
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
- `cfd_rome.csv` (`cfd, rome`): for each `Code_Scolarite_CFD`, the union of `Code_Rome_1..5` over all its
  certifications, space-separated, in first-seen order (main code first). Only direct links; the indirect
  paths described in `shared/data/LINKS.md` (common first years, renewed codes) are not applied here.
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

    bcn_codes = {row["FORMATION_DIPLOME"] for row in read_rows(source / "bcn_v_formation_diplome.csv")}
    diplomas = derive_diplomas(source)
    counts = {
        "diplomas": write_csv(target / "diplomas.csv", ["cfd", "title", "diploma", "level", "closed"], diplomas),
        "rome_jobs": write_csv(target / "rome_jobs.csv", ["code_rome", "label"], derive_rome_jobs(source)),
        "rome_titles": write_csv(target / "rome_titles.csv", ["code_rome", "title"], derive_rome_titles(source)),
        "cfd_rome": write_csv(target / "cfd_rome.csv", ["cfd", "rome"], derive_cfd_rome(source)),
        "communes": write_csv(target / "communes.csv",
                              ["insee", "name", "postal_code", "lat", "lng", "population"], derive_communes(source)),
    }
    added = sum(1 for row in diplomas if row[0] not in bcn_codes)
    (target / "PROVENANCE.md").write_text(PROVENANCE.format(certifinfo_added=added, **counts), encoding="utf-8",
                                          newline="\n")
    for name, count in counts.items():
        size = (target / f"{name}.csv").stat().st_size
        print(f"{name}.csv: {count} rows, {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
