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


class XlsxError(ValueError):
    """The file is not a readable .xlsx workbook."""


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


class XlsxBook:
    """The sheets of a workbook, in tab order, each read on demand."""

    def __init__(self, data: bytes):
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            workbook_path = self._office_document()
            workbook = self._xml(workbook_path)
        except (zipfile.BadZipFile, KeyError, SyntaxError) as exc:
            raise XlsxError(f"{exc.__class__.__name__} : {exc}") from exc
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
        t, r_ph = f"{self.ns}t", f"{self.ns}rPh"
        for item in self._xml(path):
            # Phonetic runs (rPh) are reading aids for East Asian text, not part of the value.
            phonetic = {id(node) for ruby in item.iter(r_ph) for node in ruby.iter(t)}
            strings.append("".join(node.text or "" for node in item.iter(t) if id(node) not in phonetic))
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
        with self.archive.open(path) as stream:
            for _, element in iterparse(stream):
                if element.tag != row_tag:
                    continue
                number = int(element.get("r") or number + 1)
                values: list = []
                for cell in element:
                    if cell.tag != cell_tag:
                        continue  # extLst and other extensions
                    ref = cell.get("r")
                    if ref is not None:
                        letters = ref.rstrip(_DIGITS)
                        index = columns.get(letters)
                        if index is None:
                            index = columns[letters] = _column_index(letters)
                        if index > len(values):
                            values.extend([None] * (index - len(values)))
                    kind = cell.get("t", "n")
                    if kind == "inlineStr":
                        text = cell.find(inline_tag)
                        value = None if text is None else "".join(text.itertext())
                    else:
                        raw = cell.findtext(value_tag)
                        if not raw:
                            value = None  # includes a formula never computed: <v></v>
                        elif kind == "s":
                            value = shared[int(raw)]
                        elif kind == "n":
                            if date_styles and int(cell.get("s", 0)) in date_styles:
                                value = from_excel(float(raw), epoch)
                            elif "." in raw or "E" in raw or "e" in raw:
                                value = float(raw)
                            else:
                                value = int(raw)
                        elif kind == "b":
                            value = raw == "1"
                        elif kind == "d":
                            value = datetime.fromisoformat(raw.rstrip("Z"))
                        else:  # "str" (text result of a formula) and "e" (an error such as #N/A)
                            value = raw
                    values.append(value)
                element.clear()
                yield number, tuple(values)
                if tick is not None and number % _TICK_ROWS == 0:
                    tick(stream.tell())


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1
