"""Reading a catalogue file into sheets of rows, whatever its form: an .xlsx workbook, or a folder or a
.zip of CSV files. Nothing here knows what the columns mean; row numbers are the ones the spreadsheet shows."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from ..progress import Progress, no_progress
from .report import SHEETS, ImportIssue
from .text import fold
from ..safe_cells import visible
from .xlsx import XlsxBook, XlsxError, check_archive, describe_failure

READ_LABEL = "Lecture du catalogue"
_PROGRESS_EVERY = 5000


@dataclass
class Sheet:
    """One sheet: its title as written in the file, its header cells and its data rows.

    `rows` holds (row number, cell values) with the header on row 1; fully empty rows are already dropped.
    """

    title: str
    headers: list[str]
    rows: list[tuple[int, tuple]] = field(default_factory=list)


@dataclass
class RawWorkbook:
    source: str
    sha256: str
    # Keyed by the folded sheet name ("etablissements", ...), only the sheets the format knows.
    sheets: dict[str, Sheet]
    warnings: list[ImportIssue]


def read_catalogue_file(path: str | Path, progress: Progress | None = None) -> RawWorkbook:
    """Read an .xlsx, a folder of CSV or a .zip of CSV; a UserError (in French) when it cannot be read."""
    path = Path(path)
    progress = progress or no_progress
    progress(0, 1, READ_LABEL)
    if not path.exists():
        raise UserError(f"Fichier introuvable : {path}")
    if path.is_dir():
        return _read_csv_folder(path, progress)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, progress)
    if suffix == ".zip":
        return _read_csv_zip(path, progress)
    if suffix == ".xls":
        raise UserError(f"{path.name} : l'ancien format .xls n'est pas lu ; enregistrez le classeur au format .xlsx.")
    raise UserError(
        f"{path.name} : format non reconnu ; donnez un classeur .xlsx, un dossier ou un .zip de fichiers CSV."
    )


# ---------------------------------------------------------------- xlsx


def _read_xlsx(path: Path, progress: Progress) -> RawWorkbook:
    data = path.read_bytes()
    try:
        book = XlsxBook(data)
        titles = {fold(title): (title, part) for title, part in book.sheets}
        warnings = _unknown_sheets(titles, {key: title for key, (title, _) in titles.items()})
        # Progress by bytes of sheet XML: the row count is only known once read.
        sizes = {key: book.archive.getinfo(titles[key][1]).file_size for key in SHEETS if key in titles}
        total = sum(sizes.values()) or 1
        done = 0
        sheets: dict[str, Sheet] = {}
        for key in SHEETS:
            if key not in titles:
                continue
            title, part = titles[key]
            sheet = Sheet(title=title, headers=[])

            def tick(position: int, done=done) -> None:
                progress(done + position, total, READ_LABEL)

            for number, values in book.rows(part, tick=tick):
                if number == 1:
                    sheet.headers = [_header(value) for value in values]
                elif any(value is not None and value != "" for value in values):
                    sheet.rows.append((number, values))
            done += sizes[key]
            progress(done, total, READ_LABEL)
            sheets[key] = sheet
    except (XlsxError, zipfile.BadZipFile, zlib.error, EOFError, KeyError, IndexError, ValueError, SyntaxError,
            OverflowError, MemoryError) as exc:
        raise UserError(f"{path.name} : classeur illisible ({visible(describe_failure(exc))}).") from exc
    return RawWorkbook(path.name, hashlib.sha256(data).hexdigest(), sheets, warnings)


def _header(value) -> str:
    return "" if value is None else str(value).strip()


def _unknown_sheets(found: dict, titles: dict[str, str]) -> list[ImportIssue]:
    return [
        ImportIssue(titles[key], None, None, "", "feuille inconnue, ignorée")
        for key in found
        if key not in SHEETS
    ]


# ---------------------------------------------------------------- CSV


def _read_csv_folder(path: Path, progress: Progress) -> RawWorkbook:
    files = {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file() and p.suffix.lower() == ".csv"}
    return _read_csv_files(path.name, files, progress)


def _read_csv_zip(path: Path, progress: Progress) -> RawWorkbook:
    try:
        with zipfile.ZipFile(path) as archive:
            check_archive(archive)
            files = {
                Path(info.filename).name: archive.read(info)
                for info in archive.infolist()
                if not info.is_dir()
                and info.filename.lower().endswith(".csv")
                and not Path(info.filename).name.startswith("._")  # macOS resource forks
                and "__MACOSX" not in info.filename
            }
    except (zipfile.BadZipFile, zlib.error, EOFError, XlsxError) as exc:
        raise UserError(f"{path.name} : archive .zip illisible ({visible(describe_failure(exc))}).") from exc
    return _read_csv_files(path.name, files, progress, whole=path.read_bytes())


def _read_csv_files(
    source: str, files: dict[str, bytes], progress: Progress, whole: bytes | None = None
) -> RawWorkbook:
    if not files:
        raise UserError(f"{source} : aucun fichier CSV trouvé (attendus : {', '.join(f'{s}.csv' for s in SHEETS)}).")
    digest = hashlib.sha256()
    if whole is not None:
        digest.update(whole)
    else:
        for name in sorted(files):
            digest.update(name.encode("utf-8") + b"\0" + files[name] + b"\0")
    by_key: dict[str, tuple[str, bytes]] = {}
    warnings: list[ImportIssue] = []
    for name, data in files.items():
        key = fold(Path(name).stem)
        if key in SHEETS:
            if key in by_key:
                raise UserError(f"{source} : deux fichiers pour la feuille {key} ({by_key[key][0]} et {name}).")
            by_key[key] = (name, data)
        else:
            warnings.append(ImportIssue(name, None, None, "", "fichier inconnu, ignoré"))
    total = sum(data.count(b"\n") for _, data in by_key.values())
    done = 0
    sheets: dict[str, Sheet] = {}
    for key in SHEETS:
        if key not in by_key:
            continue
        name, data = by_key[key]
        text = decode_csv(data, name)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_separator(text))
        sheet = Sheet(title=Path(name).stem, headers=[])
        try:
            for number, values in enumerate(reader, start=1):
                if number == 1:
                    sheet.headers = [value.strip() for value in values]
                elif any(value.strip() for value in values):
                    sheet.rows.append((number, tuple(values)))
                done += 1
                if done % _PROGRESS_EVERY == 0:
                    progress(done, max(total, done), READ_LABEL)
        except csv.Error as exc:
            raise UserError(f"{name} : CSV illisible ligne {reader.line_num} ({exc}).") from exc
        sheets[key] = sheet
    progress(max(total, done), max(total, done), READ_LABEL)
    return RawWorkbook(source, digest.hexdigest(), sheets, warnings)


def decode_csv(data: bytes, name: str = "") -> str:
    """UTF-8 (with or without BOM) when it decodes, UTF-16 when its BOM says so, else Windows-1252: what
    French spreadsheets save. A UTF-16 file without BOM is refused naming its encoding (it would read as
    columns of NUL characters)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UserError(f"{name} : fichier UTF-16 abîmé ({exc.reason}) ; "
                            "enregistrez-le au format « CSV UTF-8 ».") from exc
    head = data[:4096]
    if head.count(b"\0") > len(head) // 4:
        raise UserError(f"{name} : le fichier semble encodé en UTF-16 (sans marque d'ordre) ; "
                        "enregistrez-le au format « CSV UTF-8 (délimité par des points-virgules) ».")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def detect_separator(text: str) -> str:
    """`;` or `,`, whichever the header line uses more (column names never contain either)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if header.count(";") > header.count(",") else ","
