"""Writes the bad-input corpus: malformed or hostile catalogue files, each of which `bouquet-desk import` must
refuse with exit 2, a French message, and nothing written.

Generated rather than stored: the bombs are small on disk but the point is what they inflate to, and every
file derives from the example catalogue (tests/data/catalogue_dev.xlsx), so a change of format follows.

    python tests/data/hostile/make_hostile.py [FOLDER]    (default: tests/data/hostile/generated/)
"""

from __future__ import annotations

import io
import re
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "catalogue_dev.xlsx"
SHEET = "xl/worksheets/sheet1.xml"  # etablissements
CELL_B2 = re.compile(r'<c r="B2"[^>]*>.*?</c>', re.S)
CELL_H2 = re.compile(r'<c r="H2"[^>]*>.*?</c>', re.S)


def members() -> dict[str, bytes]:
    with zipfile.ZipFile(SOURCE) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def pack(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def sheet_edit(change: Callable[[str], str]) -> bytes:
    parts = members()
    parts[SHEET] = change(parts[SHEET].decode("utf-8")).encode("utf-8")
    return pack(parts)


def cell_b2(xml_cell: str) -> bytes:
    return sheet_edit(lambda xml: CELL_B2.sub(lambda _: xml_cell, xml, count=1))


def text_b2(text: str) -> bytes:
    return cell_b2(f'<c r="B2" t="inlineStr"><is><t>{text}</t></is></c>')


def number_h2(raw: str, style: str | None = None) -> bytes:
    """H2 (latitude) holding `raw`; `style` "date" adds a date-formatted style to the workbook."""
    parts = members()
    attribute = ""
    if style == "date":
        styles = parts["xl/styles.xml"].decode("utf-8")
        count = int(re.search(r'<cellXfs count="(\d+)"', styles).group(1))
        styles = re.sub(r'<cellXfs count="\d+">', f'<cellXfs count="{count + 1}">', styles)
        styles = styles.replace("</cellXfs>", '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" '
                                'applyNumberFormat="1"/></cellXfs>')
        parts["xl/styles.xml"] = styles.encode("utf-8")
        attribute = f' s="{count}"'
    xml = parts[SHEET].decode("utf-8")
    xml = CELL_H2.sub(lambda _: f'<c r="H2"{attribute} t="n"><v>{raw}</v></c>', xml, count=1)
    parts[SHEET] = xml.encode("utf-8")
    return pack(parts)


def shared_strings_book(items: bytes, cell: str = '<c r="B2" t="s"><v>0</v></c>') -> bytes:
    parts = members()
    parts["xl/sharedStrings.xml"] = items
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8").replace(
        "</Relationships>",
        '<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    parts["xl/_rels/workbook.xml.rels"] = rels.encode("utf-8")
    xml = parts[SHEET].decode("utf-8")
    parts[SHEET] = CELL_B2.sub(lambda _: cell, xml, count=1).encode("utf-8")
    return pack(parts)


SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">%s</sst>'


def patched_header(data: bytes, name: str, *, flag: int | None = None, method: int | None = None) -> bytes:
    """The zip with member `name`'s local and central headers changed (flag bits, compression method)."""
    raw = bytearray(data)
    encoded = name.encode("utf-8")
    for signature, flag_at, method_at, name_at in ((b"PK\x03\x04", 6, 8, 30), (b"PK\x01\x02", 8, 10, 46)):
        start = 0
        while (start := raw.find(signature, start)) >= 0:
            if raw[start + name_at: start + name_at + len(encoded)] == encoded:
                if flag is not None:
                    struct.pack_into("<H", raw, start + flag_at, flag)
                if method is not None:
                    struct.pack_into("<H", raw, start + method_at, method)
            start += 4
    return bytes(raw)


def corrupt_deflate(data: bytes) -> bytes:
    """The sheet's compressed stream damaged in its middle (headers intact, so the archive opens)."""
    raw = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(SHEET)
    start = info.header_offset
    name_length, extra_length = struct.unpack_from("<HH", raw, start + 26)
    body = start + 30 + name_length + extra_length
    for offset in range(info.compress_size // 3, info.compress_size // 3 + 64):
        raw[body + offset] ^= 0x5A
    return bytes(raw)


def bomb_member(name: str, size: int, filler: bytes = b" ") -> bytes:
    """A workbook whose member `name` inflates to `size` bytes of `filler` inside valid XML."""
    parts = members()
    if name == SHEET:
        head, tail = parts[SHEET].split(b"<sheetData>", 1)
        body = b"<sheetData>" + filler * size + tail
        parts[SHEET] = head + body
    else:
        parts[name] = filler * size
    return pack(parts)


def csv_zip(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    return pack(files, method)


ESTABLISHMENTS_CSV = ("uai;nom;type;commune\r\n0620027T;Lycée Pablo Picasso;LPO;Avion\r\n").encode("utf-8")


def csv_text(name: str) -> bytes:
    return ("uai;nom;type;commune\r\n0620027T;" + name + ";LPO;Avion\r\n").encode("utf-8")


def corpus() -> dict[str, bytes | Callable[[Path], None]]:
    """File name → its bytes (or a function creating it, for folders)."""
    good = SOURCE.read_bytes()
    files: dict[str, bytes] = {
        # The archive itself.
        "empty.xlsx": b"",
        "random-bytes.xlsx": bytes((i * 7919) % 256 for i in range(4096)),
        "text-renamed.xlsx": "uai;nom\n0620027T;Lycée\n".encode("utf-8"),
        "truncated-half.xlsx": good[: len(good) // 2],
        "truncated-end.xlsx": good[:-200],
        "corrupt-deflate.xlsx": corrupt_deflate(good),
        "encrypted-entry.xlsx": patched_header(good, SHEET, flag=0x1),
        "unknown-compression.xlsx": patched_header(good, SHEET, method=99),
        "bzip2-member.xlsx": pack(members(), zipfile.ZIP_BZIP2),
        "lzma-member.xlsx": pack(members(), zipfile.ZIP_LZMA),
        "zip-without-workbook.xlsx": pack({"hello.txt": b"bonjour"}),
        "missing-sheet-part.xlsx": pack({k: v for k, v in members().items() if k != SHEET}),
        "rels-not-xml.xlsx": pack({**members(), "_rels/.rels": b"<Relationships"}),
        "workbook-not-xml.xlsx": pack({**members(), "xl/workbook.xml": b"\x00\x01 pas du xml"}),
        "sheet-not-xml.xlsx": sheet_edit(lambda xml: xml.replace("</sheetData>", "<row>")),
        "sheet-bad-entity.xlsx": sheet_edit(lambda xml: xml.replace("Avion", "&inconnue;", 1)),
        "billion-laughs.xlsx": sheet_edit(lambda xml: '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">'
                                          + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">'
                                                    for i in range(8))
                                          + "]>" + xml.replace("Avion", "&i;", 1)),
        "external-entity.xlsx": sheet_edit(lambda xml: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM '
                                           '"file:///etc/passwd">]>' + xml.replace("Avion", "&e;", 1)),
        # Cell references and rows out of any spreadsheet's range.
        "ref-ZZZZZZZ2.xlsx": cell_b2('<c r="ZZZZZZZ2" t="inlineStr"><is><t>x</t></is></c>'),
        "ref-XFE2.xlsx": cell_b2('<c r="XFE2" t="inlineStr"><is><t>x</t></is></c>'),
        "ref-lowercase.xlsx": cell_b2('<c r="b2" t="inlineStr"><is><t>x</t></is></c>'),
        "ref-unicode.xlsx": cell_b2('<c r="É2" t="inlineStr"><is><t>x</t></is></c>'),
        "row-zero.xlsx": sheet_edit(lambda xml: xml.replace('<row r="2">', '<row r="0">', 1)),
        "row-huge.xlsx": sheet_edit(lambda xml: xml.replace('<row r="2">', '<row r="99999999999">', 1)),
        "row-negative.xlsx": sheet_edit(lambda xml: xml.replace('<row r="2">', '<row r="-3">', 1)),
        "row-not-number.xlsx": sheet_edit(lambda xml: xml.replace('<row r="2">', '<row r="deux">', 1)),
        # Values no cell holds.
        "date-1e20.xlsx": number_h2("1e20", "date"),
        "date-negative.xlsx": number_h2("-1e9", "date"),
        "date-nan.xlsx": number_h2("nan", "date"),
        "date-inf.xlsx": number_h2("inf", "date"),
        "number-text.xlsx": number_h2("douze"),
        "number-1e400.xlsx": number_h2("1e400"),
        "number-nan.xlsx": number_h2("NaN"),
        "esc-escaped.xlsx": text_b2("_x001B_[31mLycée rouge"),
        "nul-escaped.xlsx": text_b2("Lycée_x0000_"),
        "control-shared-escaped.xlsx": shared_strings_book(SST % b"<si><t>Lyc_x0007_ee</t></si>"),
        "iso-date-bad.xlsx": cell_b2('<c r="B2" t="d"><v>2026-13-45</v></c>'),
        "iso-date-year0.xlsx": cell_b2('<c r="B2" t="d"><v>0000-01-01T00:00:00</v></c>'),
        "shared-index-out.xlsx": shared_strings_book(SST % b"<si><t>x</t></si>", '<c r="B2" t="s"><v>7</v></c>'),
        "shared-index-negative.xlsx": shared_strings_book(SST % b"<si><t>x</t></si>",
                                                          '<c r="B2" t="s"><v>-1</v></c>'),
        "shared-index-text.xlsx": shared_strings_book(SST % b"<si><t>x</t></si>", '<c r="B2" t="s"><v>un</v></c>'),
        "shared-without-table.xlsx": cell_b2('<c r="B2" t="s"><v>0</v></c>'),
        # Control characters, in every place a value can come from.
        "nul-inline.xlsx": text_b2("Lyc\x00ée"),
        "esc-inline.xlsx": text_b2("\x1b[31mLycée rouge\x1b[0m"),
        "bel-inline.xlsx": text_b2("Lycée\x07"),
        "control-shared.xlsx": shared_strings_book(SST % "<si><t>Lycée\x1b]0;titre\x07</t></si>".encode("utf-8")),
        "control-formula-result.xlsx": cell_b2('<c r="B2" t="str"><f>A1</f><v>a\x08b</v></c>'),
        "control-header.xlsx": sheet_edit(lambda xml: xml.replace("<t>nom</t>", "<t>nom\x1b[2J</t>", 1)),
        "control-uai.xlsx": sheet_edit(lambda xml: xml.replace("<t>0620027T</t>", "<t>0620027T\x00</t>", 1)),
        "del-character.xlsx": text_b2("Lycée\x7f"),
        # Bombs: a small file that would inflate to gigabytes.
        "bomb-sheet-whitespace.xlsx": bomb_member(SHEET, 400 * 2**20),
        "bomb-sheet-text-in-one-cell.xlsx": cell_b2('<c r="B2" t="inlineStr"><is><t>' + "x" * (20 * 2**20)
                                                    + "</t></is></c>"),
        "bomb-shared-strings.xlsx": shared_strings_book(SST % (b"<si><t>aaaaaaaaaaaaaaaa</t></si>" * 4_000_000)),
        "bomb-styles.xlsx": bomb_member("xl/styles.xml", 300 * 2**20),
        "bomb-extra-member.xlsx": bomb_member("xl/media/image1.png", 600 * 2**20, filler=b"\0"),
        # 200,000 rows reaching column XFD: 3 billion cells if padded; the stray "x" in A is refused.
        "bomb-wide-row.xlsx": sheet_edit(lambda xml: xml.replace(
            "</sheetData>",
            "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c>'
                    f'<c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>'
                    for n in range(500, 200_500)) + "</sheetData>")),
        # CSV archives.
        "csv-corrupt.zip": corrupt_deflate_zip({"etablissements.csv": ESTABLISHMENTS_CSV * 400}),
        "csv-encrypted.zip": patched_header(csv_zip({"etablissements.csv": ESTABLISHMENTS_CSV}),
                                            "etablissements.csv", flag=0x1),
        "csv-unknown-compression.zip": patched_header(csv_zip({"etablissements.csv": ESTABLISHMENTS_CSV}),
                                                      "etablissements.csv", method=99),
        "csv-bomb.zip": csv_zip({"etablissements.csv": b"uai;nom\r\n" + b" " * (400 * 2**20)}),
        "csv-nul.zip": csv_zip({"etablissements.csv": csv_text("Lyc\x00ée")}),
        "csv-esc.zip": csv_zip({"etablissements.csv": csv_text("\x1b[31mrouge")}),
        "csv-utf16-nobom.zip": csv_zip({"etablissements.csv": ESTABLISHMENTS_CSV.decode().encode("utf-16-le")}),
        "csv-utf16-broken.zip": csv_zip({"etablissements.csv": b"\xff\xfe" + "uai;nom".encode("utf-16-le") + b"\x00"}),
        "csv-none-inside.zip": csv_zip({"lisezmoi.txt": b"rien"}),
        "csv-two-for-one-sheet.zip": csv_zip({"etablissements.csv": ESTABLISHMENTS_CSV,
                                              "sub/Etablissements.csv": ESTABLISHMENTS_CSV}),
        "csv-not-a-zip.zip": b"PK\x03\x04 pas une archive",
        # Wrong kinds of file.
        "old-format.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
        "document.ods": b"PK\x03\x04",
        "catalogue.txt": b"uai;nom\n",
    }
    return files


def corrupt_deflate_zip(parts: dict[str, bytes]) -> bytes:
    data = bytearray(csv_zip(parts))
    name = next(iter(parts))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(name)
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    body = info.header_offset + 30 + name_length + extra_length
    for offset in range(info.compress_size // 3, info.compress_size // 3 + 32):
        data[body + offset] ^= 0x5A
    return bytes(data)


def write_corpus(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in corpus().items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    empty = folder / "empty-folder"
    empty.mkdir(exist_ok=True)
    (empty / "notes.txt").write_text("pas de CSV ici", encoding="utf-8")
    written.append(empty)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "generated"
    paths = write_corpus(target)
    print(f"{len(paths)} fichiers écrits dans {target}")
