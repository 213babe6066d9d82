"""A lean reader of .xlsx cell values, streaming each sheet's XML once.

Why not openpyxl's read-only mode: it builds an object per cell (about four times slower on a catalogue of
100,000 formations), and for a sheet without a <dimension> element (openpyxl's own write-only files, hence our
exports) it parses the whole sheet a second time just to size it. Values come out as openpyxl gives them with
data_only=True: text, int, float, bool, datetime for date-formatted numbers, the cached result of a formula.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import datetime
from xml.etree.ElementTree import fromstring, iterparse

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

_MAIN = {
    "transitional": "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}",
    "strict": "{http://purl.oclc.org/ooxml/spreadsheetml/main}",
}
_REL_ID = re.compile(r"^\{[^}]*relationships\}id$")
_DIGITS = "0123456789"
_TICK_ROWS = 5000


# A workbook is a zip: a small file can inflate to gigabytes (a "zip bomb"). Each member is held to a size and a
# compression ratio no spreadsheet produces (XML of real catalogues inflates 5 to 30 times), and the XML read
# without finishing a row is bounded, so that text piled inside one element cannot fill the memory either.
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024  # tiny members (a few repeated tags) legitimately compress far better
MAX_SMALL_PART_BYTES = 32 * 1024 * 1024  # workbook, relations, styles: parsed whole
MAX_BYTES_PER_ROW = 8 * 1024 * 1024
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # the limits of Excel and LibreOffice
# Cells far right of the header belong to no column: ignored rather than padded (XFD1 would make 16,384 cells).
SPARE_COLUMNS = 16


class XlsxError(ValueError):
    """The file is not a readable .xlsx workbook."""


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuses, before inflating anything, an archive whose members are encrypted, compressed by an unknown
    method, or inflate beyond the limits above."""
    total = 0
    for info in archive.infolist():
        if info.flag_bits & 0x1:
            raise XlsxError(f"élément « {info.filename} » chiffré : enregistrez le fichier sans mot de passe")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise XlsxError(f"élément « {info.filename} » compressé par une méthode inconnue "
                            f"(n° {info.compress_type}) : réenregistrez le fichier avec un tableur")
        if info.file_size > MAX_MEMBER_BYTES:
            raise XlsxError(f"élément « {info.filename} » trop gros une fois décompressé "
                            f"({info.file_size // 2**20} Mo, {MAX_MEMBER_BYTES // 2**20} Mo au plus)")
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise XlsxError(f"élément « {info.filename} » anormalement compressé "
                            f"({info.file_size // max(info.compress_size, 1)} fois) : fichier piégé ou abîmé")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise XlsxError(f"contenu trop gros une fois décompressé ({total // 2**20} Mo, "
                        f"{MAX_TOTAL_BYTES // 2**20} Mo au plus)")


def describe_failure(exc: BaseException) -> str:
    """A reading failure in plain French (the Python text of zipfile, zlib or expat means nothing to a user)."""
    if isinstance(exc, XlsxError):
        return str(exc)
    if isinstance(exc, zipfile.BadZipFile):
        if "crc" in str(exc).lower():
            return "archive abîmée (somme de contrôle fausse) : fichier incomplet ou modifié"
        return "ce n'est pas un classeur .xlsx valide (archive absente, abîmée ou incomplète)"
    if isinstance(exc, (zlib.error, EOFError)):
        return "données compressées abîmées : fichier incomplet ou modifié, réenregistrez-le avec un tableur"
    if isinstance(exc, KeyError):
        name = exc.args[0] if exc.args else ""
        found = re.search(r"named '([^']*)'", str(name))
        return f"élément « {found.group(1) if found else name} » absent : ce n'est pas un classeur .xlsx complet"
    if isinstance(exc, SyntaxError):
        line, column = getattr(exc, "position", None) or (None, None)
        where = f", ligne {line}, colonne {column} du XML" if line is not None else ""
        return f"XML invalide (caractère interdit, entité ou balise mal formée{where})"
    if isinstance(exc, MemoryError):
        return "trop gros pour la mémoire de cet ordinateur"
    return f"contenu illisible ({exc.__class__.__name__})"


def _unescape(text: str) -> str:
    """OOXML writes characters XML cannot hold as _xHHHH_ (ESC is _x001B_): read back as the character, so
    that a control character is seen and refused like any other."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


class _Bounded(io.RawIOBase):
    """A member's stream that refuses to deliver more than `limit` bytes since the last `mark()`."""

    def __init__(self, stream, limit: int, what: str):
        self.stream, self.limit, self.what = stream, limit, what
        self.position = self.marked = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.position += len(data)
        if self.position - self.marked > self.limit:
            raise XlsxError(f"{self.what} : plus de {self.limit // 2**20} Mo de XML sans fin de ligne")
        return data

    def mark(self) -> None:
        self.marked = self.position

    def tell(self) -> int:
        return self.position


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


class XlsxBook:
    """The sheets of a workbook, in tab order, each read on demand."""

    def __init__(self, data: bytes):
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            check_archive(self.archive)
            workbook_path = self._office_document()
            workbook = self._xml(workbook_path)
        except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, SyntaxError) as exc:
            raise XlsxError(describe_failure(exc)) from exc
        ns = _MAIN["strict"] if workbook.tag.startswith(_MAIN["strict"]) else _MAIN["transitional"]
        self.ns = ns
        properties = workbook.find(f"{ns}workbookPr")
        date1904 = properties is not None and properties.get("date1904", "").lower() in ("1", "true")
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        targets = self._relations(workbook_path)
        self.sheets: list[tuple[str, str]] = []  # (title, path in the archive)
        for sheet in workbook.iter(f"{ns}sheet"):
            rel_id = next((value for key, value in sheet.attrib.items() if _REL_ID.match(key)), None)
            target = targets.get(rel_id)
            if target is not None and target[0].endswith("/worksheet"):
                self.sheets.append((sheet.get("name", ""), target[1]))
        self.shared = self._shared_strings(targets)
        self.date_styles = self._date_styles(targets)

    # -------------------------------------------------------------- parts

    def _xml(self, path: str):
        if self.archive.getinfo(path).file_size > MAX_SMALL_PART_BYTES:
            raise XlsxError(f"élément « {path} » trop gros ({MAX_SMALL_PART_BYTES // 2**20} Mo au plus)")
        return fromstring(self.archive.read(path))

    def _office_document(self) -> str:
        for relation in self._xml("_rels/.rels"):
            if relation.get("Type", "").endswith("/officeDocument"):
                return relation.get("Target", "").lstrip("/")
        raise KeyError("officeDocument")

    def _relations(self, part: str) -> dict[str, tuple[str, str]]:
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels not in self.archive.namelist():
            return {}
        found = {}
        for relation in self._xml(rels):
            target = relation.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[relation.get("Id")] = (relation.get("Type", ""), path)
        return found

    def _part(self, targets: dict, kind: str) -> str | None:
        return next((path for type_, path in targets.values() if type_.endswith(kind)), None)

    def _shared_strings(self, targets: dict) -> list[str]:
        path = self._part(targets, "/sharedStrings")
        if path is None:
            return []
        strings = []
        si, t, r_ph = f"{self.ns}si", f"{self.ns}t", f"{self.ns}rPh"
        # Streamed, each item cleared once read: the table of a big catalogue is never held twice as a tree.
        with self.archive.open(path) as raw:
            stream = _Bounded(raw, MAX_BYTES_PER_ROW, path)
            for _, item in iterparse(stream):
                if item.tag != si:
                    continue
                # Phonetic runs (rPh) are reading aids for East Asian text, not part of the value.
                phonetic = {id(node) for ruby in item.iter(r_ph) for node in ruby.iter(t)}
                strings.append(_unescape("".join(node.text or "" for node in item.iter(t)
                                             if id(node) not in phonetic)))
                item.clear()
                stream.mark()
        return strings

    def _date_styles(self, targets: dict) -> frozenset[int]:
        path = self._part(targets, "/styles")
        if path is None:
            return frozenset()
        styles = self._xml(path)
        ns = self.ns
        custom = {int(fmt.get("numFmtId")): fmt.get("formatCode", "") for fmt in styles.iter(f"{ns}numFmt")}
        cell_xfs = styles.find(f"{ns}cellXfs")
        dates = set()
        for index, xf in enumerate(cell_xfs if cell_xfs is not None else ()):
            number_format = int(xf.get("numFmtId", 0))
            code = custom.get(number_format, BUILTIN_FORMATS.get(number_format, "General"))
            if is_date_format(code):
                dates.add(index)
        return frozenset(dates)

    # -------------------------------------------------------------- rows

    def rows(self, path: str, tick: Callable[[int], None] | None = None) -> Iterator[tuple[int, tuple]]:
        """(row number, values) for every row that has cells; values[0] is column A.

        `tick`, when given, receives the bytes of XML read so far every few thousand rows.
        """
        ns = self.ns
        row_tag, cell_tag, value_tag, inline_tag = f"{ns}row", f"{ns}c", f"{ns}v", f"{ns}is"
        shared, date_styles, epoch = self.shared, self.date_styles, self.epoch
        columns: dict[str, int] = {}
        number = 0
        width = None  # cells beyond the header row's width (plus a margin) are not read
        with self.archive.open(path) as raw:
            stream = _Bounded(raw, MAX_BYTES_PER_ROW, path)
            for _, element in iterparse(stream):
                if element.tag != row_tag:
                    continue
                stream.mark()
                try:
                    number = int(element.get("r") or number + 1)
                except ValueError:
                    raise XlsxError(f"numéro de ligne « {element.get('r')[:20]} » illisible") from None
                if not 1 <= number <= MAX_ROW:
                    raise XlsxError(f"ligne n° {number} hors des limites d'un tableur (1 à {MAX_ROW})")
                values: list = []
                for cell in element:
                    if cell.tag != cell_tag:
                        continue  # extLst and other extensions
                    ref = cell.get("r")
                    if ref is not None:
                        letters = ref.rstrip(_DIGITS)
                        index = columns.get(letters)
                        if index is None:
                            index = _column_index(letters)
                            if not 0 <= index < MAX_COLUMN:
                                raise XlsxError(f"référence de cellule « {ref[:20]} » hors des limites d'un "
                                                f"tableur (colonnes A à XFD)")
                            columns[letters] = index
                        if width is not None and index >= width:
                            continue
                        if index > len(values):
                            values.extend([None] * (index - len(values)))
                    elif width is not None and len(values) >= width:
                        continue
                    try:
                        values.append(self._value(cell, value_tag, inline_tag, shared, date_styles, epoch))
                    except (ValueError, OverflowError, IndexError) as exc:
                        where = ref or f"ligne {number}, colonne {len(values) + 1}"
                        raw = (cell.findtext(value_tag) or "")[:30]
                        raise XlsxError(f"cellule {where[:20]} : valeur « {raw} » illisible (nombre, date ou "
                                        "renvoi au tableau des textes hors limites)") from exc
                element.clear()
                if width is None:
                    width = len(values) + SPARE_COLUMNS
                yield number, tuple(values)
                if tick is not None and number % _TICK_ROWS == 0:
                    tick(stream.tell())

    @staticmethod
    def _value(cell, value_tag, inline_tag, shared, date_styles, epoch):
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            text = cell.find(inline_tag)
            return None if text is None else _unescape("".join(text.itertext()))
        raw = cell.findtext(value_tag)
        if not raw:
            return None  # includes a formula never computed: <v></v>
        if kind == "s":
            index = int(raw)
            if index < 0:
                raise IndexError(index)
            return shared[index]
        if kind == "n":
            if date_styles and int(cell.get("s", 0)) in date_styles:
                return from_excel(float(raw), epoch)
            if "." in raw or "E" in raw or "e" in raw:
                return float(raw)
            return int(raw)
        if kind == "b":
            return raw == "1"
        if kind == "d":
            return datetime.fromisoformat(raw.rstrip("Z"))
        return _unescape(raw)  # "str" (text result of a formula) and "e" (an error such as #N/A)


def _column_index(letters: str) -> int:
    if not letters or len(letters) > 3 or not letters.isascii() or not letters.isupper():
        return -1  # not a column of any spreadsheet: refused by the caller
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1
