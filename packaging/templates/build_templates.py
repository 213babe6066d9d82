"""Builds the letter templates shipped in resources/templates/ (run it again after changing the wording here).

    python packaging/templates/build_templates.py [--out DIR]

The .docx files are built with python-docx, then hold docxtpl placeholders ({{ entreprise.nom }}, {%p if … %}),
so the network can open and edit them in Word. Each placeholder sits in a run of its own: Word keeps it whole
and docxtpl never meets a placeholder split across runs. The output is byte-for-byte reproducible (fixed dates
in the document properties and in the zip) so that a rebuild without changes leaves git clean.
"""

from __future__ import annotations

import argparse
import io
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "resources" / "templates"

FONT = "Arial"  # on every Windows PC; LibreOffice substitutes the metric-compatible Liberation Sans
ACCENT = RGBColor(0x1B, 0x5E, 0x6E)
ACCENT_HEX = "1B5E6E"
GREY = RGBColor(0x59, 0x62, 0x66)
CARD_FILL = "F1F5F6"
TEXT_WIDTH = Cm(17)
LABEL_STOP = Cm(3.4)  # where values start after a label in the cards
RIGHT_COLUMN = Cm(9.5)  # address block, date and signature: under the window of a DL envelope
FIXED_TIME = datetime(2026, 1, 1)

# What each category's letter adds: practical facts the company will need for the next step.
CATEGORY_NOTES = {
    "pfmp": "Les dates des périodes en entreprise diffèrent d'une section à l'autre : votre interlocuteur vous "
    "indiquera aussi le profil des élèves et l'enseignant qui les suivra. Chaque période fait l'objet d'une "
    "convention de stage signée par l'entreprise, l'établissement et l'élève.",
    "apprentissage": "Votre interlocuteur vous présentera les formations ouvertes en apprentissage, le rythme de "
    "l'alternance entre l'entreprise et l'établissement, les étapes du contrat d'apprentissage et les aides "
    "auxquelles votre entreprise peut prétendre.",
    "recrutement": "Les établissements du réseau peuvent diffuser votre offre auprès de leurs élèves et jeunes "
    "diplômés, et vous inviter à leurs forums et job datings.",
    "formation_continue": "Les GRETA et les services de formation continue de l'université proposent des "
    "formations sur mesure, la validation des acquis de l'expérience (VAE) et un devis adapté ; votre opérateur "
    "de compétences (OPCO) peut en financer une partie.",
    "locaux": "Les locaux et équipements sont mis à disposition en dehors des heures de cours, dans le cadre "
    "d'une convention de mise à disposition passée avec l'établissement. Les tarifs indiqués le sont à titre "
    "indicatif : l'établissement vous les confirmera avec ses disponibilités.",
    "taxe": "Le solde de la taxe d'apprentissage s'affecte en ligne, sur la plateforme SOLTéA de la Caisse des "
    "dépôts, en désignant l'établissement bénéficiaire : votre interlocuteur vous indiquera comment le retrouver "
    "et à quels projets votre contribution sera consacrée.",
    "partenariat": "Interventions en classe, participation aux jurys d'examen, visites d'entreprise, parrainage "
    "d'une promotion, dons de matériel : votre interlocuteur vous proposera les formes de partenariat les plus "
    "adaptées à votre entreprise.",
}


# ---------------------------------------------------------------- low-level helpers


def run(paragraph, text: str, *, bold=False, italic=False, size=None, color=None, caps=False):
    piece = paragraph.add_run(text)
    piece.bold, piece.italic, piece.font.small_caps = bold or None, italic or None, caps or None
    if size:
        piece.font.size = Pt(size)
    if color is not None:
        piece.font.color.rgb = color
    return piece


def para(container, *pieces, space_before=0, space_after=0, align=None, indent=None, hanging=None,
         keep_next=False, tabs=(), first=False):
    """A paragraph made of (text, {format}) pieces; a bare string is a plain run."""
    if first and container.paragraphs and not container.paragraphs[0].text:
        paragraph = container.paragraphs[0]
    else:
        paragraph = container.add_paragraph()
    # Normal everywhere: the Header and Footer styles bring tab stops of their own that would fight ours.
    paragraph.style = "Normal"
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(space_before), Pt(space_after)
    if align is not None:
        paragraph.alignment = align
    if indent is not None:
        fmt.left_indent = indent
    if hanging is not None:
        fmt.first_line_indent = -hanging
    fmt.keep_with_next = keep_next or None
    for position, alignment in tabs:
        fmt.tab_stops.add_tab_stop(position, alignment)
    for piece in pieces:
        if isinstance(piece, str):
            run(paragraph, piece)
        else:
            run(paragraph, piece[0], **piece[1])
    return paragraph


def tag(container, statement: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}): docxtpl removes the paragraph itself."""
    para(container, statement)


def bottom_border(paragraph, color: str, size: int, side: str = "bottom") -> None:
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "4"), ("w:color", color)):
        edge.set(qn(key), value)
    borders.append(edge)
    paragraph._p.get_or_add_pPr().append(borders)


def top_border(paragraph, color: str, size: int) -> None:
    bottom_border(paragraph, color, size, side="top")


def field(paragraph, instruction: str, *, size, color) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay the page out."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    placeholder = run(paragraph, "1", size=size, color=color)
    simple.append(placeholder._r)
    paragraph._p.append(simple)


def cell_style(cell, *, fill: str | None = None, left_bar: str | None = None, margins_twips=(0, 0, 0, 0)):
    properties = cell._tc.get_or_add_tcPr()
    if fill:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), fill)
        properties.append(shading)
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        if side == "left" and left_bar:
            edge.set(qn("w:val"), "single")
            edge.set(qn("w:sz"), "24")
            edge.set(qn("w:color"), left_bar)
        else:
            edge.set(qn("w:val"), "nil")
        borders.append(edge)
    properties.append(borders)
    cell_margins = OxmlElement("w:tcMar")
    for side, twips in zip(("top", "left", "bottom", "right"), margins_twips):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(twips))
        edge.set(qn("w:type"), "dxa")
        cell_margins.append(edge)
    properties.append(cell_margins)


def fixed_table(container, widths: list, *, cell_margin: int | None = None) -> list:
    """A borderless table with fixed column widths (Word would otherwise resize it to its content), its left
    edge on the text margin; cell_margin (twips, left and right) 0 puts the cell text on the margin too."""
    table = container.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), "0")
    indent.set(qn("w:type"), "dxa")
    table._tbl.tblPr.append(indent)
    if cell_margin is not None:
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:w"), str(cell_margin))
            edge.set(qn("w:type"), "dxa")
            margins.append(edge)
        table._tbl.tblPr.append(margins)
    row = table.rows[0]
    no_split = OxmlElement("w:cantSplit")  # a short card stays on one page
    row._tr.get_or_add_trPr().append(no_split)
    for cell, width in zip(row.cells, widths):
        cell.width = width
    for column, width in zip(table.columns, widths):
        column.width = width
    return row.cells


# ---------------------------------------------------------------- the document frame


def new_document() -> Document:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.12
    # French text: hyphenation and spelling in French when the operator retouches a letter in Word.
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "fr-FR")
    normal.element.rPr.append(language)
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.9), Cm(1.9)
    section.header_distance, section.footer_distance = Cm(1.1), Cm(1)
    section.different_first_page_header_footer = True
    letterhead(section.first_page_header)
    running_header(section.header)
    for footer in (section.first_page_footer, section.footer):
        page_footer(footer)
    properties = document.core_properties
    properties.author = properties.last_modified_by = "Bouquet de services des lycées aux entreprises"
    properties.created = properties.modified = FIXED_TIME
    properties.revision = 1
    properties.comments = ""
    modern_layout(document)
    drop_extras(document)
    return document


def modern_layout(document) -> None:
    """Word 2013+ layout rules (compatibility mode 15), which Word and LibreOffice apply alike: a table with
    no indent has its border on the margin. French as the document's language."""
    settings = document.settings.element
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    for language in settings.iter(qn("w:themeFontLang")):
        language.set(qn("w:val"), "fr-FR")


def drop_extras(document) -> None:
    """Leaves out what python-docx's own template carries and a letter does not need: its thumbnail (Windows
    would show it as the preview of every template), the Word 2010 style copy and a custom XML part."""
    unwanted = ("/thumbnail", "/stylesWithEffects", "/customXml")
    for relationships in (document.part.package.rels, document.part.rels):
        for key, relationship in list(relationships.items()):
            if relationship.reltype.endswith(unwanted):
                del relationships[key]


def letterhead(header) -> None:
    right = [(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)]
    para(header, ("Bouquet de services", {"bold": True, "size": 17, "color": ACCENT}),
         ("  des lycées aux entreprises", {"size": 13, "color": ACCENT}), first=True)
    line = para(header, ("Comité Grand Lens · Bassin minier du Pas-de-Calais", {"size": 8.5, "color": GREY}),
                ("\tStages · Apprentissage · Recrutement · Formation continue · Locaux",
                 {"size": 8, "color": ACCENT}), space_before=2, tabs=right)
    bottom_border(line, ACCENT_HEX, 12)


def running_header(header) -> None:
    line = para(header, ("Bouquet de services des lycées aux entreprises", {"size": 8, "color": GREY}),
                ("\tAppel n° ", {"size": 8, "color": GREY}), ("{{ appel.numero }}", {"size": 8, "color": GREY}),
                (" – courrier du ", {"size": 8, "color": GREY}), ("{{ date }}", {"size": 8, "color": GREY}),
                tabs=[(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)], first=True)
    bottom_border(line, "B8C4C8", 4)


def page_footer(footer) -> None:
    small = {"size": 7, "color": GREY}
    pages = para(footer, ("Réseau des lycées, de l'IUT, de l'université d'Artois et des GRETA du Bassin minier, "
                          "animé par le Comité Grand Lens", small), ("\tPage ", small),
                 tabs=[(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)], first=True)
    top_border(pages, "B8C4C8", 4)
    field(pages, "PAGE", **small)
    run(pages, " / ", **small)
    field(pages, "NUMPAGES", **small)


# ---------------------------------------------------------------- blocks of the letters

LABEL = {"size": 8.5, "color": GREY}
SMALL_GREY = {"size": 8.5, "color": GREY}
BOLD = {"bold": True}


def labelled(container, label: str, value: str, condition: str | None = None, *, indent=Cm(0)) -> None:
    """ "Label <tab> value" with long values wrapping under the value, left out when the value is empty."""
    if condition:
        tag(container, f"{{%p if {condition} %}}")
    para(container, (label, LABEL), "\t", value, indent=indent + LABEL_STOP, hanging=LABEL_STOP,
         tabs=[(indent + LABEL_STOP, WD_TAB_ALIGNMENT.LEFT)], space_after=1)
    if condition:
        tag(container, "{%p endif %}")


def heading_in_card(container, text: str) -> None:
    para(container, (text, {"bold": True, "size": 8.5, "color": ACCENT, "caps": True}), space_before=6,
         space_after=2, keep_next=True)


def reference_and_address(document, references: list[tuple[str, str, str | None]]) -> None:
    left, right = fixed_table(document, [RIGHT_COLUMN, TEXT_WIDTH - RIGHT_COLUMN], cell_margin=0)
    for number, (label, value, condition) in enumerate(references):
        if condition:
            tag(left, f"{{%p if {condition} %}}")
        para(left, (label, SMALL_GREY), (value, {"size": 8.5}), first=number == 0, space_after=1)
        if condition:
            tag(left, "{%p endif %}")
    para(right, ("{{ destinataire.nom }}", {"bold": True, "size": 10.5}), first=True)
    tag(right, "{%p if destinataire.attention %}")
    para(right, ("{{ destinataire.attention }}", {"size": 10.5}))
    tag(right, "{%p endif %}")
    tag(right, "{%p for ligne in destinataire.lignes %}")
    para(right, ("{{ ligne }}", {"size": 10.5}))
    tag(right, "{%p endfor %}")


def date_and_subject(document) -> None:
    # Spacing kept tight enough that a letter with two referrals and its notes signs on its first page.
    para(document, "Lens, le ", "{{ date }}", indent=RIGHT_COLUMN, space_before=12)
    para(document, ("Objet : ", BOLD), ("{{ objet }}", BOLD), space_before=12, indent=Cm(1.45), hanging=Cm(1.45))
    para(document, "{{ formule_appel }}", space_before=10, space_after=7)


def body(document, *pieces, space_after=6) -> None:
    para(document, *pieces, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=space_after)


def items_block(cell, referral: str) -> None:
    """The formations and resources of one referral, each with what the company needs to decide."""
    tag(cell, f"{{%p if {referral}.formations %}}")
    heading_in_card(cell, "Formation{% if " + referral + ".formations|length > 1 %}s{% endif %} concernée"
                    "{% if " + referral + ".formations|length > 1 %}s{% endif %}")
    tag(cell, "{%p endif %}")
    tag(cell, f"{{%p for f in {referral}.formations %}}")
    para(cell, ("{{ f.intitule }}", BOLD), space_before=2, keep_next=True)
    tag(cell, "{%p if f.details %}")
    para(cell, ("{{ f.details }}", SMALL_GREY), space_after=1)
    tag(cell, "{%p endif %}")
    labelled(cell, "Périodes en entreprise", "{{ f.periodes_pfmp }}", "f.periodes_pfmp")
    tag(cell, "{%p endfor %}")
    tag(cell, f"{{%p if {referral}.ressources %}}")
    heading_in_card(cell, "Locaux et équipements")
    tag(cell, "{%p endif %}")
    tag(cell, f"{{%p for r in {referral}.ressources %}}")
    para(cell, ("{{ r.nom }}", BOLD), space_before=2, keep_next=True)
    tag(cell, "{%p if r.details %}")
    para(cell, ("{{ r.details }}", SMALL_GREY), space_after=1)
    tag(cell, "{%p endif %}")
    labelled(cell, "Équipements", "{{ r.equipements }}", "r.equipements")
    labelled(cell, "Services", "{{ r.services }}", "r.services")
    labelled(cell, "Conditions", "{{ r.conditions }}", "r.conditions")
    labelled(cell, "Tarif indicatif", "{{ r.tarif }}", "r.tarif")
    labelled(cell, "Disponibilités", "{{ r.disponibilites }}", "r.disponibilites")
    tag(cell, "{%p endfor %}")


def card(document):
    (cell,) = fixed_table(document, [TEXT_WIDTH])
    cell_style(cell, fill=CARD_FILL, left_bar=ACCENT_HEX, margins_twips=(90, 220, 100, 180))
    return cell


def referral_cards(document) -> None:
    tag(document, "{%p for o in orientations %}")
    cell = card(document)
    para(cell, ("{{ o.etablissement.nom }}", {"bold": True, "size": 11, "color": ACCENT}), first=True,
         keep_next=True)
    tag(cell, "{%p if o.etablissement.adresse_complete %}")
    para(cell, ("{{ o.etablissement.adresse_complete }}", SMALL_GREY), keep_next=True)
    tag(cell, "{%p endif %}")
    para(cell, ("{{ o.contact.nom }}", BOLD), "{% if o.contact.fonction %} – {{ o.contact.fonction }}{% endif %}",
         space_before=4, space_after=2, keep_next=True)
    tag(cell, "{%p if o.prevenu and not prevenus %}")  # some contacts told, not all: say which
    para(cell, ("Prévenu de votre démarche", SMALL_GREY), space_after=1, keep_next=True)
    tag(cell, "{%p endif %}")
    labelled(cell, "Ligne directe", "{{ o.contact.telephone }}", "o.contact.telephone")
    labelled(cell, "Courriel", "{{ o.contact.courriel }}", "o.contact.courriel")
    labelled(cell, "Disponibilités", "{{ o.contact.disponibilites }}", "o.contact.disponibilites")
    # Without a direct line or address, the company can still reach the contact through the establishment.
    labelled(cell, "Standard", "{{ o.etablissement.telephone }}",
             "o.etablissement.telephone and not o.contact.telephone")
    labelled(cell, "Courriel", "{{ o.etablissement.courriel }}", "o.etablissement.courriel and not o.contact.courriel")
    items_block(cell, "o")
    para(document, space_after=4)  # keeps two cards from merging into one table
    tag(document, "{%p endfor %}")


def signature(document, closing: str) -> None:
    # The closing formula never ends a page without the signature under it.
    para(document, closing, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=7, keep_next=True)
    para(document, ("{{ signataire.nom }}", BOLD), indent=RIGHT_COLUMN, space_before=10, keep_next=True)
    para(document, ("{{ signataire.qualite }}", SMALL_GREY), indent=RIGHT_COLUMN)


# ---------------------------------------------------------------- the two kinds of document


def company_letter(category_note: str | None) -> Document:
    document = new_document()
    reference_and_address(document, [
        ("Votre appel du ", "{{ appel.date }}", None),
        ("Notre référence : appel n° ", "{{ appel.numero }}", None),
        ("Affaire suivie par ", "{{ appel.operateur }}", "appel.operateur"),
    ])
    date_and_subject(document)
    body(document, "Vous avez contacté le {{ reseau.nom }} le {{ appel.date }} : vous souhaitez "
         "{{ appel.demande }}.")
    tag(document, "{%p if appel.notes %}")
    body(document, ("Précisions notées lors de votre appel : ", {"italic": True}),
         ("{{ appel.notes }}", {"italic": True}))
    tag(document, "{%p endif %}")
    # « prévenu » only when a notice to the contact was made (`prevenus`: all of them; `o.prevenu`: this one).
    body(document, "Comme convenu, nous vous mettons en relation avec {% if plusieurs %}les interlocuteurs "
         "suivants{% if prevenus %}, qui ont été prévenus de votre démarche{% endif %}{% else %}l'interlocuteur "
         "suivant{% if prevenus %}, qui a été prévenu de votre démarche{% endif %}{% endif %} :", space_after=9)
    referral_cards(document)
    if category_note:
        body(document, category_note)
    body(document, "{% if plusieurs %}Chaque interlocuteur prendra{% else %}Votre interlocuteur prendra{% endif %} "
         "contact avec vous d'ici le {{ echeance }} ; vous pouvez aussi {% if plusieurs %}les{% else %}le"
         "{% endif %} joindre directement. Sans nouvelles à cette date, ou pour toute autre demande, "
         "rappelez-nous : nous ferons le lien.")
    signature(document, "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations "
              "distinguées.")
    return document


def contact_notice() -> Document:
    document = new_document()
    reference_and_address(document, [
        ("Appel du ", "{{ appel.date }}", None),
        ("Notre référence : appel n° ", "{{ appel.numero }}", None),
        ("Affaire suivie par ", "{{ appel.operateur }}", "appel.operateur"),
    ])
    date_and_subject(document)
    body(document, "Le {{ appel.date }}, {{ entreprise.nom or demandeur.nom or 'une entreprise' }} a contacté le "
         "{{ reseau.nom }} : {% if entreprise.nom %}l'entreprise{% else %}elle{% endif %} souhaite "
         "{{ appel.besoin }}. Nous lui avons transmis vos coordonnées.", space_after=9)
    cell = card(document)
    para(cell, ("{{ entreprise.nom or demandeur.nom }}", {"bold": True, "size": 11, "color": ACCENT}),
         first=True, keep_next=True)
    tag(cell, "{%p if entreprise.adresse_complete %}")
    para(cell, ("{{ entreprise.adresse_complete }}", SMALL_GREY), keep_next=True)
    tag(cell, "{%p endif %}")
    para(cell, space_after=3)
    labelled(cell, "SIRET", "{{ entreprise.siret }}", "entreprise.siret")
    labelled(cell, "Interlocuteur", "{{ demandeur.nom }}", "demandeur.nom and entreprise.nom")
    labelled(cell, "Téléphone", "{{ demandeur.telephone }}", "demandeur.telephone")
    labelled(cell, "Courriel", "{{ demandeur.courriel }}", "demandeur.courriel")
    labelled(cell, "Demande", "{{ appel.categorie }}")
    labelled(cell, "Précisions", "{{ appel.notes }}", "appel.notes")
    labelled(cell, "Motif", "{{ orientation.motif }}", "orientation.motif")
    items_block(cell, "orientation")
    para(document, space_after=8)
    deadline = para(document, ("Merci de prendre contact avec l'entreprise au plus tard le ", BOLD),
                    ("{{ orientation.echeance }}", BOLD), (".", BOLD), space_after=7)
    deadline.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body(document, "Pour nous faire part de la suite donnée (rendez-vous fixé, stage ou contrat conclu, demande "
         "sans suite), il suffit de répondre à ce courrier ou de nous appeler. En cas d'absence, merci de nous "
         "indiquer qui peut vous remplacer : sans nouvelles à cette date, nous reprendrons contact avec vous.")
    signature(document, "Avec nos remerciements pour votre concours au service des entreprises du territoire, "
              "bien cordialement.")
    return document


# ---------------------------------------------------------------- writing


def reproducible(document: Document) -> bytes:
    """The .docx bytes with fixed zip timestamps, so identical content gives identical files."""
    raw = io.BytesIO()
    document.save(raw)
    source = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def build(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    documents = {"lettre_generique": company_letter(None), "avis_contact": contact_notice()}
    for category, note in CATEGORY_NOTES.items():
        documents[f"lettre_{category}"] = company_letter(note)
    written = []
    for name, document in documents.items():
        path = out / f"{name}.docx"
        path.write_bytes(reproducible(document))
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    args = parser.parse_args()
    for path in build(args.out):
        print(f"{path} ({path.stat().st_size // 1024} Ko)")


if __name__ == "__main__":
    main()
