"""National reference tables shipped with the application: diplomas (CFD), ROME jobs, communes.

The tables are derived from open data by packaging/data/derive_reference.py (see resources/reference/PROVENANCE.md).
Each file is read on first use only, so starting the application costs nothing until a lookup needs it.
"""

from __future__ import annotations

import csv
import functools
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bouquet_desk.core.paths import resource_path
from bouquet_desk.core.text import fold

EARTH_RADIUS_KM = 6371.0088

# Ligatures have no decomposition in Unicode, so NFKD alone would drop them instead of spelling them out.
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_ARTICLES = ("le ", "la ", "les ", "l ")


@dataclass(frozen=True, slots=True)
class Diploma:
    cfd: str
    title: str
    diploma: str
    level: int | None
    closed: date | None = None


@dataclass(frozen=True, slots=True)
class Commune:
    insee: str
    name: str
    postal_code: str
    lat: float
    lng: float
    population: int | None


def normalize_place(text: str) -> str:
    """Lower case, no accents or ligatures, every run of punctuation or space turned into one space."""
    return _NON_ALNUM.sub(" ", fold(text)).strip()


def _place_key(text: str) -> str:
    # Spaces are dropped too, so "Hesdin-l'Abbé" and "hesdin labbe" meet; "st" is how callers shorten "saint".
    words = normalize_place(text).split()
    words = ["st" if word == "saint" else "ste" if word == "sainte" else word for word in words]
    return "".join(words)


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle (haversine) distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lng2 - lng1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        return [row for row in reader if row]


class ReferenceData:
    """Read-only lookups over the shipped reference tables; each table is loaded once, on first use."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else resource_path("reference")

    # Diplomas and jobs ------------------------------------------------------------------------------------

    @functools.cached_property
    def _diplomas(self) -> dict[str, tuple[str, str, str, str]]:
        # Rows stay plain tuples: 11,000 diplomas, of which a session looks at a handful.
        return {cfd: (title, family, level, closed)
                for cfd, title, family, level, closed in _read(self.folder / "diplomas.csv")}

    @functools.cached_property
    def _cfd_rome(self) -> dict[str, tuple[str, ...]]:
        return {cfd: tuple(codes.replace(",", " ").split()) for cfd, codes in _read(self.folder / "cfd_rome.csv")}

    @functools.cached_property
    def _rome_labels(self) -> dict[str, str]:
        return dict(_read(self.folder / "rome_jobs.csv"))

    @functools.cached_property
    def _job_titles(self) -> tuple[tuple[str, str], ...]:
        seen: dict[tuple[str, str], None] = {}
        for code, label in self._rome_labels.items():
            seen[(label, code)] = None
        for code, title in _read(self.folder / "rome_titles.csv"):
            seen[(title, code)] = None
        return tuple(seen)

    def diploma(self, cfd: str) -> Diploma | None:
        key = (cfd or "").strip().upper()
        row = self._diplomas.get(key)
        if row is None:
            return None
        title, family, level, closed = row
        return Diploma(key, title, family, int(level) if level else None,
                       date.fromisoformat(closed) if closed else None)

    @functools.cached_property
    def _renames(self) -> dict[str, tuple[str, ...]]:
        path = self.folder / "diploma_renames.csv"
        found: dict[str, list[str]] = {}
        if path.exists():  # an older reference folder has no such table: no other names then
            for old, new in _read(path):
                found.setdefault(old, []).append(new)
                found.setdefault(new, []).append(old)
        return {cfd: tuple(others) for cfd, others in found.items()}

    def other_titles(self, cfd: str) -> tuple[str, ...]:
        """Titles of the diplomas this one replaced or was replaced by, under another name."""
        titles = []
        for other in self._renames.get((cfd or "").strip().upper(), ()):
            row = self._diplomas.get(other)
            if row is not None:
                titles.append(row[0])
        return tuple(titles)

    def rome_for_cfd(self, cfd: str) -> tuple[str, ...]:
        return self._cfd_rome.get((cfd or "").strip().upper(), ())

    def rome_label(self, code: str) -> str | None:
        return self._rome_labels.get((code or "").strip().upper())

    def job_titles(self) -> list[tuple[str, str]]:
        """Every (job title, ROME code): the ROME labels first, then the job titles (appellations)."""
        return list(self._job_titles)

    # Communes ---------------------------------------------------------------------------------------------

    @functools.cached_property
    def _communes(self) -> tuple[Commune, ...]:
        return tuple(Commune(insee, name, postal, float(lat), float(lng), int(population) if population else None)
                     for insee, name, postal, lat, lng, population in _read(self.folder / "communes.csv"))

    @functools.cached_property
    def _commune_index(self) -> tuple[dict[str, Commune], dict[str, Commune], dict[str, Commune]]:
        # When a postcode or a name is shared, the most populous commune answers: that is whom callers mean.
        by_insee: dict[str, Commune] = {}
        by_postcode: dict[str, Commune] = {}
        by_name: dict[str, Commune] = {}
        for commune in sorted(self._communes, key=lambda c: (-(c.population or 0), c.insee)):
            by_insee[commune.insee] = commune
            by_postcode.setdefault(commune.postal_code, commune)
            by_name.setdefault(_place_key(commune.name), commune)
        for commune in sorted(self._communes, key=lambda c: (-(c.population or 0), c.insee)):
            plain = normalize_place(commune.name)
            for article in _ARTICLES:
                if plain.startswith(article):
                    by_name.setdefault(_place_key(plain[len(article):]), commune)
        return by_insee, by_postcode, by_name

    def communes(self) -> list[Commune]:
        return list(self._communes)

    def commune(self, name_or_insee_or_postcode: str) -> Commune | None:
        """A commune by name (forgiving spelling), postcode or INSEE code.

        Postcodes and INSEE codes overlap (62300 is Lens's postcode and Équihen-Plage's INSEE code); a bare
        5-digit code is read as a postcode first, because that is what callers say. Use commune_by_insee()
        when the code is known to be an INSEE code.
        """
        text = (name_or_insee_or_postcode or "").strip()
        if not text:
            return None
        by_insee, by_postcode, by_name = self._commune_index
        code = text.replace(" ", "").upper()
        if len(code) == 5 and code[:2].isdigit():
            return by_postcode.get(code) or by_insee.get(code)
        return by_name.get(_place_key(text))

    def commune_by_insee(self, insee: str) -> Commune | None:
        return self._commune_index[0].get((insee or "").strip().upper())


@functools.cache
def default_reference() -> ReferenceData:
    """The application-wide instance over the shipped tables."""
    return ReferenceData()
