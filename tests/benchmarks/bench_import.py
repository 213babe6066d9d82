"""Import speed on a large catalogue: 100,000 formations over 1,000 establishments, with contacts and resources.

A script, not a test (benchmarks print figures; they do not assert timings):

    /work/venv/bin/python tests/benchmarks/bench_import.py [--formations N] [--db URL] [--keep]

It writes the workbook to a temporary folder, imports it into a fresh SQLite file (or the empty database given
by --db), then imports it again (nothing to change) and exports it, printing the time of each phase.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()


def build_workbook(path: Path, formations: int, per_establishment: int = 100) -> dict[str, int]:
    from openpyxl import Workbook

    from bouquet_desk.core.catalogue.validators import uai_check_letter
    from bouquet_desk.core.paths import resource_path

    rng = random.Random(20240901)
    with open(resource_path("reference", "diplomas.csv"), encoding="utf-8") as handle:
        diplomas = [(row["cfd"], row["title"], row["level"]) for row in csv.DictReader(handle)]
    with open(resource_path("reference", "communes.csv"), encoding="utf-8") as handle:
        communes = list(csv.DictReader(handle))
    establishments = max(1, formations // per_establishment)
    book = Workbook(write_only=True)
    etab = book.create_sheet("etablissements")
    etab.append(["uai", "nom", "type", "adresse", "code_postal", "commune", "code_insee", "latitude", "longitude",
                 "telephone", "email", "site_web", "territoire"])
    contacts = book.create_sheet("contacts")
    contacts.append(["ref", "uai", "nom", "prenom", "role", "telephone", "email", "categories", "disponibilites",
                     "suppleant"])
    form = book.create_sheet("formations")
    form.append(["uai", "cfd", "intitule", "diplome", "niveau", "voies", "duree", "capacite", "periodes_pfmp",
                 "rome", "contact", "description"])
    res = book.create_sheet("ressources")
    res.append(["uai", "code", "nom", "type", "capacite", "description", "equipements", "services", "conditions",
                "tarif", "disponibilites", "contact"])
    counts = {"etablissements": 0, "contacts": 0, "formations": 0, "ressources": 0}
    left = formations
    for index in range(establishments):
        first7 = f"{620000 + index:07d}"
        uai = first7 + uai_check_letter(first7)
        commune = communes[index % len(communes)]
        given = index % 3 == 0  # a third give their coordinates, the others take the commune's
        etab.append([uai, f"Lycée de démonstration n° {index}", rng.choice(["LP", "LGT", "LPO"]),
                     f"{index} rue de l'École", commune["postal_code"], commune["name"], commune["insee"],
                     float(commune["lat"]) if given else None, float(commune["lng"]) if given else None,
                     f"03 21 {index // 100 % 100:02d} {index % 100:02d} 00", f"ce.{uai.lower()}@exemple.fr",
                     None, "CA Lens-Liévin"])
        counts["etablissements"] += 1
        refs = [f"C{index:04d}-{n}" for n in range(5)]
        for n, ref in enumerate(refs):
            contacts.append([ref, uai, f"Nom{n}", "Prénom", ["BDE", "DDFPT", "PROVISEUR", "GESTIONNAIRE",
                             "ENSEIGNANT"][n], f"06 {n + 10} {index // 100 % 100:02d} {index % 100:02d} 11",
                             f"{ref.lower()}@exemple.fr", "PFMP,LOCAUX", "lundi-vendredi 8h30-17h",
                             refs[0] if n else refs[1]])
            counts["contacts"] += 1
        count = min(per_establishment, left) if index < establishments - 1 else left
        for cfd, title, level in rng.sample(diplomas, count):
            form.append([uai, cfd, title, None, int(level) if level else None, "scolaire,apprentissage", "2 ans",
                         rng.randint(12, 30), "6 semaines en 1re", None, rng.choice(refs), None])
            counts["formations"] += 1
        left -= count
        for code, name, kind in (("AMPHI", "Amphithéâtre", "AMPHITHEATRE"), ("ATEL", "Atelier", "ATELIER"),
                                 ("SALLE1", "Salle de réunion", "SALLE")):
            res.append([uai, code, name, kind, rng.randint(10, 200), "description", "vidéoprojecteur", None,
                        "convention", "50 € la demi-journée", "soirs", refs[3]])
            counts["ressources"] += 1
    book.save(path)
    return counts


class PhaseTimer:
    """A Progress callable that notes when each labelled phase starts, to time them."""

    def __init__(self):
        self.starts: list[tuple[str, float]] = []

    def __call__(self, done: int, total: int, label: str) -> None:
        if not self.starts or self.starts[-1][0] != label:
            self.starts.append((label, time.perf_counter()))

    def phases(self, start: float, end: float) -> list[tuple[str, float]]:
        marks = [("(avant)", start), *self.starts, ("(après)", end)]
        spans = [(label, marks[i + 1][1] - begin) for i, (label, begin) in enumerate(marks[:-1])]
        return [(label, seconds) for label, seconds in spans if seconds >= 0.005]


def timed_import(context, path: Path, title: str):
    from bouquet_desk.core.catalogue import import_catalogue

    timer = PhaseTimer()
    start = time.perf_counter()
    report = import_catalogue(context, path, operator="bench", progress=timer)
    end = time.perf_counter()
    print(f"\n{title}: {end - start:.2f} s in total")
    for label, seconds in timer.phases(start, end):
        print(f"  {label:<28} {seconds:6.2f} s")
    for count in report.counts:
        print(f"  {count}")
    return report, end - start


def main() -> int:
    sys.path.insert(0, str(HERE.parents[2]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formations", type=int, default=100_000)
    parser.add_argument("--db", help="an EMPTY database URL (default: a fresh SQLite file)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ["BOUQUET_DESK_DATA_DIR"] = str(folder)
    try:
        from bouquet_desk.app import open_context
        from bouquet_desk.core.catalogue import export_catalogue

        workbook = folder / "catalogue.xlsx"
        start = time.perf_counter()
        counts = build_workbook(workbook, args.formations)
        print(f"workbook {workbook.stat().st_size / 1e6:.1f} MB written in {time.perf_counter() - start:.1f} s: "
              + ", ".join(f"{count} {sheet}" for sheet, count in counts.items()))
        url = args.db or f"sqlite:///{folder / 'bench.db'}"
        context = open_context(url, seed_demo=False)
        try:
            context.reference.rome_for_cfd("")  # load the reference tables outside the timings
            context.reference.commune("Lens")
            _, first = timed_import(context, workbook, "first import (empty database)")
            report, again = timed_import(context, workbook, "second import (nothing to change)")
            assert not report.changed, "a second import of the same workbook changed something"
            start = time.perf_counter()
            export_catalogue(context.sessions, folder / "export.xlsx")
            exported = time.perf_counter() - start
            print(f"\nexport: {exported:.2f} s")
        finally:
            context.close()
        print(f"\nsummary: first import {first:.1f} s, re-import {again:.1f} s, export {exported:.1f} s "
              f"({args.formations} formations, {os.cpu_count()} CPU)")
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
