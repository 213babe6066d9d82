"""Typography shared by the documents the network hands out (activity report, yearly catalogue): A4, one
sans-serif family, a navy accent, tables with a coloured header row repeated on every page, page numbers.

Arial is named because Word on the operators' PCs has it and LibreOffice maps it to the metric-compatible
Liberation Sans, so a document paginates the same in both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x4E, 0x79)  # navy
ACCENT_HEX = "1F4E79"
ACCENT_LIGHT_HEX = "DCE6F1"
STRIPE_HEX = "F3F6FA"
GREY = RGBColor(0x59, 0x59, 0x59)
BORDER_HEX = "B7C4D4"


def new_document(*, title: str, subject: str = "", author: str = "Bouquet Desk",
                 when: datetime | None = None):
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    _styles(document)
    properties = document.core_properties
    properties.title, properties.subject, properties.author = title, subject, author
    properties.last_modified_by = author
    properties.comments = ""
    properties.keywords = "Bouquet de services des lycées aux entreprises"
    if when is not None:
        # Fixed dates keep a document regenerated from the same data identical in its metadata too.
        properties.created = properties.modified = when
        properties.revision = 1
    return document


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10)
    _east_asian_font(normal, FONT)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1
    for name, size, before, after in (("Title", 26, 0, 6), ("Heading 1", 16, 12, 6),
                                      ("Heading 2", 12.5, 10, 4), ("Heading 3", 11, 8, 3)):
        style = styles[name]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
        style.font.italic = False
        style.font.color.rgb = ACCENT
        _east_asian_font(style, FONT)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(after)
        style.paragraph_format.keep_with_next = True
    title = styles["Title"]
    # The default template draws a rule under the title; the cover has its own layout.
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    for name in ("Footer", "Header"):
        styles[name].font.name, styles[name].font.size = FONT, Pt(8)
        styles[name].font.color.rgb = GREY
    caption = styles["Caption"]
    caption.font.name, caption.font.size, caption.font.bold, caption.font.italic = FONT, Pt(8.5), False, True
    caption.font.color.rgb = GREY


def _east_asian_font(style, name: str) -> None:
    """Names the font for every script, and drops the template's theme fonts, which would win over it."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attribute)) is not None:
            del fonts.attrib[qn(attribute)]
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def paragraph(document_or_cell, text: str = "", *, size: float | None = None, bold: bool = False,
              italic: bool = False, color: RGBColor | None = None, align=None, space_after: float | None = None,
              space_before: float | None = None, style: str | None = None):
    para = document_or_cell.add_paragraph(style=style)
    if text:
        run = para.add_run(text)
        run.bold, run.italic = bold, italic
        if size is not None:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
    if align is not None:
        para.alignment = align
    if space_after is not None:
        para.paragraph_format.space_after = Pt(space_after)
    if space_before is not None:
        para.paragraph_format.space_before = Pt(space_before)
    return para


def labelled(document_or_cell, label: str, value: str, *, size: float | None = None):
    """"Label : value" with the label in bold, the way a directory entry reads."""
    para = document_or_cell.add_paragraph()
    para.paragraph_format.space_after = Pt(1)
    head = para.add_run(f"{label} : ")
    head.bold = True
    body = para.add_run(value)
    if size is not None:
        head.font.size = body.font.size = Pt(size)
    return para


def page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def new_section(document):
    return document.add_section(WD_SECTION.NEW_PAGE)


def footer(section, left: str) -> None:
    """Footer line: a label on the left, "page N / M" on the right (fields filled by Word or LibreOffice)."""
    section.footer.is_linked_to_previous = False
    para = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
    para.text = ""
    width = section.page_width - section.left_margin - section.right_margin
    para.paragraph_format.tab_stops.add_tab_stop(width, alignment=2)  # 2 = right
    _top_border(para)
    run = para.add_run(left)
    run.font.size, run.font.color.rgb = Pt(8), GREY
    tail = para.add_run("\tpage ")
    tail.font.size, tail.font.color.rgb = Pt(8), GREY
    _field(para, "PAGE")
    sep = para.add_run(" / ")
    sep.font.size, sep.font.color.rgb = Pt(8), GREY
    _field(para, "NUMPAGES")


def _top_border(para) -> None:
    ppr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "4"), ("w:color", BORDER_HEX)):
        top.set(qn(key), value)
    borders.append(top)
    ppr.append(borders)


def _field(para, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) as Word writes it: begin, instruction, separator, result, end runs."""
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" {code} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, placeholder, end):
        run = para.add_run()
        run.font.size, run.font.color.rgb = Pt(8), GREY
        run._r.append(element)


@dataclass(frozen=True)
class Group:
    """A row spanning the whole table that opens a group of rows (a level, a commune...)."""

    title: str


# Tables up to this many rows move to the next page whole rather than leave a stub at the bottom of a page.
KEEP_TOGETHER_ROWS = 14


def table(document, headers: Sequence[str], rows: Sequence[Sequence[str]], *, widths_cm: Sequence[float] | None = None,
          right_align: Sequence[int] = (), font_size: float = 8.5, bold_last_row: bool = False,
          keep_together: bool | None = None, bold_first_line: Sequence[int] = ()):
    """A directory-style table: navy header row repeated on each page, light stripes, thin rules.

    A row may be a Group (a spanning sub-heading); `bold_first_line` columns show their first line in bold
    (a name above its details).
    """
    grid = document.add_table(rows=1, cols=len(headers))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = widths_cm is None
    _table_borders(grid)
    if widths_cm is not None:
        _fixed_layout(grid)
    header = grid.rows[0]
    _repeat_header(header)
    for index, text in enumerate(headers):
        cell = header.cells[index]
        shade(cell, ACCENT_HEX)
        _cell_text(cell, text, size=font_size, bold=True, color=RGBColor(0xFF, 0xFF, 0xFF),
                   right=index in right_align)
    stripe = 0
    for number, values in enumerate(rows):
        row = grid.add_row()
        _no_split(row)
        if isinstance(values, Group):
            cell = row.cells[0].merge(row.cells[-1])
            shade(cell, ACCENT_LIGHT_HEX)
            _cell_text(cell, values.title, size=font_size, bold=True, color=ACCENT)
            cell.paragraphs[0].paragraph_format.keep_with_next = True
            stripe = 0
            continue
        last = bold_last_row and number == len(rows) - 1
        for index, text in enumerate(values):
            cell = row.cells[index]
            if last:
                shade(cell, ACCENT_LIGHT_HEX)
            elif stripe % 2:
                shade(cell, STRIPE_HEX)
            _cell_text(cell, text, size=font_size, bold=last, right=index in right_align,
                       bold_first=index in bold_first_line)
        stripe += 1
    if widths_cm is not None:
        # Word reads the cell widths, LibreOffice the grid columns: both are set.
        for index, width in enumerate(widths_cm):
            grid.columns[index].width = Cm(width)
        for row in grid.rows:
            if len(row._tr.tc_lst) != len(widths_cm):
                # A group row: its one merged cell spans the grid and must keep the full width.
                row._tr.tc_lst[0].width = Cm(sum(widths_cm))
                continue
            for index, width in enumerate(widths_cm):
                row.cells[index].width = Cm(width)
    if keep_together if keep_together is not None else len(rows) <= KEEP_TOGETHER_ROWS:
        for row in grid.rows[:-1]:
            for cell in row.cells:
                for para in cell.paragraphs:
                    para.paragraph_format.keep_with_next = True
    return grid


def _fixed_layout(grid) -> None:
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    grid._tbl.tblPr.append(layout)


def _cell_text(cell, text: str, *, size: float, bold: bool = False, color: RGBColor | None = None,
               right: bool = False, bold_first: bool = False) -> None:
    lines = str(text).split("\n")
    para = cell.paragraphs[0]
    para.paragraph_format.space_after = Pt(0)
    para.paragraph_format.space_before = Pt(0)
    if right:
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for number, line in enumerate(lines):
        run = para.add_run(line)
        run.font.size, run.bold = Pt(size), bold or (bold_first and number == 0)
        if color is not None:
            run.font.color.rgb = color
        if number < len(lines) - 1:
            run.add_break()


def shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tcpr.append(shading)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    trpr.append(flag)
    _no_split(row)


def _no_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    trpr.append(flag)


def _table_borders(grid) -> None:
    tblpr = grid._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        inside_v = edge in ("insideV", "left", "right")
        element.set(qn("w:val"), "nil" if inside_v else "single")
        if not inside_v:
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), BORDER_HEX)
        borders.append(element)
    tblpr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge, value in (("top", 35), ("bottom", 35), ("left", 80), ("right", 80)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(value))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tblpr.append(margins)


def keep_with_next(para) -> None:
    para.paragraph_format.keep_with_next = True


def rule(document, *, space_after: float = 6):
    """A thin navy line across the text width (an empty paragraph with a bottom border)."""
    para = document.add_paragraph()
    para.paragraph_format.space_after = Pt(space_after)
    ppr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "1"), ("w:color", ACCENT_HEX)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)
    return para
