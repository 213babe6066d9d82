"""Deciding what an import does, before anything is written: derived values, references, and for every row
whether it is created, updated, restored, archived or left alone."""

from __future__ import annotations

from dataclasses import dataclass, field

from .parsing import ParsedSheet, ParsedWorkbook
from .report import ImportIssue, SheetCounts
from .sheets import SPECS, SheetSpec
from .snapshot import Snapshot

# Fields stored as NOT NULL "" when empty (comma- or space-separated lists).
_LIST_FIELDS = ("categories", "pathways", "rome_codes")
# A derived flag and the fields it stands for.
_DERIVED_FROM = {"coordinates_derived": {"latitude", "longitude"}, "rome_derived": {"rome_codes"}}


@dataclass
class Change:
    action: str  # "update" or "restore"
    stored: dict
    record: dict
    changes: dict[str, list]


@dataclass
class SheetPlan:
    spec: SheetSpec
    creates: list[dict] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    archives: list[dict] = field(default_factory=list)
    unchanged: int = 0

    def counts(self) -> SheetCounts:
        restored = sum(1 for change in self.changes if change.action == "restore")
        return SheetCounts(
            sheet=self.spec.name,
            created=len(self.creates),
            updated=len(self.changes) - restored,
            archived=len(self.archives),
            restored=restored,
            unchanged=self.unchanged,
        )

    @property
    def size(self) -> int:
        return len(self.creates) + len(self.changes) + len(self.archives)


@dataclass
class Plan:
    sheets: dict[str, SheetPlan]

    @property
    def changed(self) -> bool:
        return any(plan.size for plan in self.sheets.values())

    @property
    def size(self) -> int:
        return sum(plan.size for plan in self.sheets.values())

    def counts(self) -> tuple[SheetCounts, ...]:
        return tuple(self.sheets[spec.name].counts() for spec in SPECS)


def plan_import(parsed: ParsedWorkbook, snapshot: Snapshot, reference) -> Plan:
    """The plan; errors and warnings found on the way are appended to `parsed`."""
    _complete_from_stored(parsed, snapshot)
    _derive_coordinates(parsed.sheets["etablissements"], parsed, reference)
    _derive_rome(parsed.sheets["formations"], reference)
    _check_references(parsed, snapshot)
    workbook_uais = {key[0] for key in parsed.sheets["etablissements"].records}
    return Plan({spec.name: _plan_sheet(parsed.sheets[spec.name], snapshot, workbook_uais) for spec in SPECS})


def _complete_from_stored(parsed: ParsedWorkbook, snapshot: Snapshot) -> None:
    """An optional column absent from the sheet keeps what is stored (a new row gets it empty): a workbook
    reduced to the required columns must not wipe phones and descriptions. A derived flag follows its column."""
    for spec in SPECS:
        sheet = parsed.sheets[spec.name]
        absent = {c.field for c in spec.columns if c.name not in sheet.headers and c.field not in spec.key}
        if not absent:
            continue
        flags = [flag for flag, needs in _DERIVED_FROM.items() if flag in spec.derived and needs <= absent]
        stored_rows = snapshot.rows[spec.name]
        for key, record in sheet.records.items():
            stored = stored_rows.get(key)
            for name in absent:
                if stored is not None:
                    record[name] = stored[name]
                else:
                    record[name] = "" if name in _LIST_FIELDS else None
            for flag in flags:
                record[flag] = True if stored is None else stored[flag]



def _derive_coordinates(sheet: ParsedSheet, parsed: ParsedWorkbook, reference) -> None:
    """Coordinates left empty are the commune's (by code_insee, then name, then postal code)."""
    found: dict[tuple, object] = {}
    for record in sheet.records.values():
        if "coordinates_derived" not in record:
            latitude, longitude = record.get("latitude"), record.get("longitude")
            if (latitude is None) != (longitude is None):
                missing = "latitude" if latitude is None else "longitude"
                parsed.errors.append(
                    ImportIssue(
                        sheet.title, record["_row"], sheet.header(missing), "",
                        "latitude et longitude vont ensemble : donnez les deux, ou aucune pour celles de la commune",
                    )
                )
            record["coordinates_derived"] = latitude is None and longitude is None
        if not record["coordinates_derived"]:
            continue
        place = (record.get("insee_code"), record.get("commune"), record.get("postal_code"))
        if place not in found:
            found[place] = _find_commune(reference, place)
        commune = found[place]
        if commune is None:
            record["latitude"] = record["longitude"] = None
            parsed.warnings.append(
                ImportIssue(
                    sheet.title, record["_row"], sheet.header("commune"), " ".join(p for p in place if p),
                    "commune introuvable dans le référentiel : établissement sans coordonnées",
                )
            )
        else:
            record["latitude"], record["longitude"] = commune.lat, commune.lng


def _find_commune(reference, place: tuple):
    insee, name, postal_code = place
    # By INSEE code first: commune() reads a bare 5-digit code as a postcode, and the two overlap.
    commune = reference.commune_by_insee(insee) if insee else None
    for value in (name, postal_code):
        if commune is None and value:
            commune = reference.commune(value)
    return commune


def _derive_rome(sheet: ParsedSheet, reference) -> None:
    """ROME codes left empty are those the reference data links to the CFD."""
    cache: dict[str, str] = {}
    for record in sheet.records.values():
        if "rome_derived" not in record:
            record["rome_derived"] = not record.get("rome_codes")
        if not record["rome_derived"]:
            continue
        cfd = record["cfd"]
        if cfd not in cache:
            cache[cfd] = " ".join(reference.rome_for_cfd(cfd))
        record["rome_codes"] = cache[cfd]


def _check_references(parsed: ParsedWorkbook, snapshot: Snapshot) -> None:
    workbook_uais = {key[0] for key in parsed.sheets["etablissements"].records}
    workbook_refs = {key[0] for key in parsed.sheets["contacts"].records}

    def contact_issue(ref: str) -> tuple[bool, str | None]:
        """(is an error, reason) for a contact reference; (False, None) when it is fine."""
        if ref in workbook_refs:
            return False, None
        stored = snapshot.contact(ref)
        if stored is None:
            return True, "contact inconnu : ni dans la feuille contacts ni dans la base"
        if stored["archived"]:
            return False, "ce contact est archivé"
        if stored["establishment"] in workbook_uais:
            return False, "ce contact sera archivé : son établissement est dans le classeur mais pas lui"
        return False, None

    for spec in SPECS[1:]:
        sheet = parsed.sheets[spec.name]
        for key, record in sheet.records.items():
            uai = record.get("establishment")
            if uai is not None and uai not in workbook_uais and uai not in snapshot.establishment_ids:
                parsed.errors.append(
                    ImportIssue(
                        sheet.title, record["_row"], sheet.header("uai"), uai,
                        "établissement inconnu : ni dans la feuille etablissements ni dans la base",
                    )
                )
            for name, column in (("contact", "contact"), ("backup", "suppleant")):
                ref = record.get(name)
                if ref is None:
                    continue
                if name == "backup" and ref == record.get("ref"):
                    parsed.errors.append(
                        ImportIssue(sheet.title, record["_row"], sheet.header(column), ref,
                                    "un contact ne peut pas être son propre suppléant")
                    )
                    continue
                is_error, reason = contact_issue(ref)
                if reason is not None:
                    target = parsed.errors if is_error else parsed.warnings
                    target.append(ImportIssue(sheet.title, record["_row"], sheet.header(column), ref, reason))


def _plan_sheet(sheet: ParsedSheet, snapshot: Snapshot, workbook_uais: set[str]) -> SheetPlan:
    spec = sheet.spec
    plan = SheetPlan(spec)
    stored_rows = snapshot.rows[spec.name]
    fields = spec.fields
    for key, record in sheet.records.items():
        stored = stored_rows.get(key)
        if stored is None:
            plan.creates.append(record)
            continue
        changes = {name: [stored[name], record[name]] for name in fields if stored[name] != record[name]}
        if stored["archived"]:
            changes["archived"] = [True, False]
            plan.changes.append(Change("restore", stored, record, changes))
        elif changes:
            plan.changes.append(Change("update", stored, record, changes))
        else:
            plan.unchanged += 1
    if spec.name != "etablissements":
        # Only an establishment's own new edition retires its rows; the others are left alone.
        records = sheet.records
        for key, stored in stored_rows.items():
            if not stored["archived"] and stored["establishment"] in workbook_uais and key not in records:
                plan.archives.append(stored)
    return plan
