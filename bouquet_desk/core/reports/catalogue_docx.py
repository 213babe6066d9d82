"""The yearly catalogue as a Word document: a cover, a summary of the establishments by commune, one entry per
establishment (address, contacts, formations, resources), then an index by job and an index by domain that
send the reader to the establishments' numbers (numbers, unlike page numbers, survive any reflow)."""

from __future__ import annotations

from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ..calls.dates import format_date
from ..documents import word
from ..errors import UserError
from ..ops.failures import os_reason
from .catalogue_content import BookEstablishment, CatalogueBook, IndexEntry

NETWORK = "Bouquet de services des lycées aux entreprises"
TERRITORY = "Bassin minier du Pas-de-Calais · réseau animé par le Comité Grand Lens"


def build_catalogue_document(book: CatalogueBook):
    document = word.new_document(title=f"Qui fait quoi et où — {book.edition}", subject=NETWORK,
                                 when=book.data_date)
    section = document.sections[0]
    section.different_first_page_header_footer = True
    word.footer(section, f"{NETWORK} · qui fait quoi et où · {book.edition.lower()}")
    document.styles["Heading 1"].paragraph_format.page_break_before = True

    _cover(document, book)
    _summary(document, book)
    document.add_heading("Les établissements", level=1)
    word.paragraph(document, "Chaque établissement présente ses contacts (le bureau des entreprises d'abord, "
                   "porte d'entrée unique des entreprises), ses formations et les locaux ou équipements qu'il "
                   "peut mettre à disposition.", color=word.GREY)
    for number, establishment in enumerate(book.establishments):
        _establishment(document, establishment, first=number == 0)
    _job_index(document, book)
    _domain_index(document, book)
    return document


def write_catalogue_document(path: Path, book: CatalogueBook) -> Path:
    document = build_catalogue_document(book)
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        document.save(str(path))
    except OSError as exc:
        raise UserError(f"Impossible d'écrire {path} : {os_reason(exc)}.") from exc
    return path


# ---------------------------------------------------------------- cover and summary


def _cover(document, book: CatalogueBook) -> None:
    word.paragraph(document, NETWORK.upper(), size=10, bold=True, color=word.ACCENT, space_before=70, space_after=2)
    word.paragraph(document, TERRITORY, size=10, color=word.GREY, space_after=4)
    word.rule(document, space_after=60)
    title = document.add_paragraph(style="Title")
    title.add_run("Qui fait quoi et où")
    word.paragraph(document, "Formations, contacts et ressources des établissements du réseau, à l'usage des "
                   "entreprises du territoire", size=14, color=word.ACCENT, space_after=6)
    word.paragraph(document, book.edition, size=12, color=word.GREY, space_after=40)
    tiles = (
        (len(book.establishments), "établissements"),
        (book.formation_count, "formations"),
        (book.resource_count, "salles, plateaux et équipements"),
        (book.contact_count, "contacts"),
    )
    grid = document.add_table(rows=2, cols=len(tiles))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, (value, label) in enumerate(tiles):
        for row in (0, 1):
            cell = grid.cell(row, index)
            cell.width = Cm(17.0 / len(tiles))
            word.shade(cell, word.ACCENT_LIGHT_HEX)
        para = grid.cell(0, index).paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.space_before = Pt(10)
        run = para.add_run(str(value))
        run.bold, run.font.size, run.font.color.rgb = True, Pt(26), word.ACCENT
        para = grid.cell(1, index).paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.space_after = Pt(10)
        run = para.add_run(label)
        run.font.size, run.font.color.rgb = Pt(9), word.GREY
    word.paragraph(document, "", space_after=60)
    for line in (
        "Les entreprises appellent un numéro unique : l'opérateur du réseau trouve la formation, la salle ou la "
        "personne qui répond à leur demande et les met en relation.",
        "Stages (PFMP), apprentissage, recrutement, formation continue, locaux et équipements, taxe "
        "d'apprentissage, partenariats.",
    ):
        word.paragraph(document, line, size=10, space_after=6)
    stamp = f"Catalogue à jour au {format_date(book.data_date.date())}." if book.data_date else ""
    word.paragraph(document, f"{stamp} Établi par Bouquet Desk à partir de la base du réseau.".strip(), size=9,
                   italic=True, color=word.GREY, space_before=30)


def _summary(document, book: CatalogueBook) -> None:
    document.add_heading("Sommaire", level=1)
    word.paragraph(document, "Les établissements sont classés par commune ; leur numéro renvoie à leur fiche et "
                   "sert de repère dans les index par métier et par domaine, en fin de document.", color=word.GREY)
    rows = [(str(e.number), e.name, e.type, e.commune) for e in book.establishments]
    word.table(document, ("N°", "Établissement", "Type", "Commune"), rows, widths_cm=(1.0, 8.4, 4.6, 3.0),
               font_size=9, keep_together=False)
    word.paragraph(document, "", space_after=4)
    for text in ("Index par métier (codes ROME)", "Index par domaine de formation et niveau"):
        word.paragraph(document, f"→ {text}", size=10, bold=True, color=word.ACCENT, space_after=2)


# ---------------------------------------------------------------- establishments


def _establishment(document, e: BookEstablishment, *, first: bool) -> None:
    if not first:
        word.rule(document, space_after=2)
    heading = document.add_heading(f"{e.number}. {e.name}", level=2)
    heading.paragraph_format.keep_with_next = True
    identity = " · ".join(part for part in (e.type, e.territory, f"UAI {e.uai}") if part)
    para = word.paragraph(document, identity, size=9, color=word.GREY, space_after=2)
    para.paragraph_format.keep_with_next = True
    lines = [("Adresse", e.address), ("Standard", e.phone), ("E-mail", e.email), ("Site", e.website)]
    for label, value in lines:
        if value:
            word.keep_with_next(word.labelled(document, label, value, size=9))

    if e.contacts:
        _subheading(document, "Contacts")
        rows = []
        for c in e.contacts:
            who = c.name + (f"\n{c.availability}" if c.availability else "")
            reach = "\n".join(part for part in (c.phone, c.email) if part)
            extra = c.handles + (f"\nSuppléant : {c.backup}" if c.backup else "")
            rows.append((c.role, who, reach, extra))
        word.table(document, ("Fonction", "Nom, disponibilités", "Téléphone, e-mail", "Demandes traitées"), rows,
                   widths_cm=(3.9, 3.8, 4.7, 4.6), font_size=8, bold_first_line=(1,))
    if e.formations:
        _subheading(document, f"Formations ({len(e.formations)})")
        rows = []
        for f in e.formations:
            detail = [f.title]
            if f.pfmp_periods:
                detail.append(f"PFMP : {f.pfmp_periods}")
            if f.description:
                detail.append(f.description)
            way = " · ".join(part for part in (f.pathways, f.duration, f"{f.capacity} places" if f.capacity else "")
                             if part)
            rows.append((f.diploma, "\n".join(detail), str(f.level or ""), way, f.contact))
        word.table(document, ("Diplôme", "Intitulé", "Niv.", "Voie, durée", "Contact"), rows,
                   widths_cm=(1.8, 8.1, 0.9, 3.1, 3.1), font_size=8, right_align=(2,))
    if e.resources:
        _subheading(document, f"Locaux et équipements ({len(e.resources)})")
        rows = []
        for r in e.resources:
            what = f"{r.name}\n{r.type}" + (f" · {r.capacity} places" if r.capacity else "")
            offer = "\n".join(part for part in (r.equipment, r.services) if part)
            terms = "\n".join(part for part in (r.conditions, r.price, r.availability) if part)
            rows.append((what, offer, terms, r.contact))
        word.table(document, ("Ressource", "Équipements et services", "Conditions, tarif, disponibilités",
                              "Contact"), rows, widths_cm=(3.8, 4.6, 5.4, 3.2), font_size=8, bold_first_line=(0,))


def _subheading(document, text: str) -> None:
    para = document.add_heading(text, level=3)
    para.paragraph_format.keep_with_next = True


# ---------------------------------------------------------------- indexes


def _numbers(entry: IndexEntry) -> str:
    return ", ".join(str(n) for n in entry.establishments)


def _job_index(document, book: CatalogueBook) -> None:
    document.add_heading("Index par métier", level=1)
    word.paragraph(document, "Les métiers du répertoire ROME (France Travail) auxquels préparent les formations du "
                   "catalogue. Les numéros renvoient aux établissements.", color=word.GREY)
    if not book.jobs:
        word.paragraph(document, "Aucune formation du catalogue n'est reliée à un métier.", italic=True)
        return
    rows = []
    for job in book.jobs:
        formations = "\n".join(f"{entry.diploma} {entry.title} — n° {_numbers(entry)}".strip()
                               for entry in job.entries)
        rows.append((f"{job.label}\n{job.code}", formations))
    word.table(document, ("Métier (code ROME)", "Formations — établissements"), rows, widths_cm=(6.0, 11.0),
               font_size=8, keep_together=False, bold_first_line=(0,))


def _domain_index(document, book: CatalogueBook) -> None:
    document.add_heading("Index par domaine", level=1)
    word.paragraph(document, "Les formations par domaine de spécialité (nomenclature NSF) et par niveau de diplôme. "
                   "Les numéros renvoient aux établissements.", color=word.GREY)
    for domain in book.domains:
        heading = document.add_heading(domain.label, level=2)
        heading.paragraph_format.keep_with_next = True
        rows: list = []
        for group in domain.levels:
            rows.append(word.Group(group.label))
            rows.extend((entry.diploma, entry.title, _numbers(entry)) for entry in group.entries)
        word.table(document, ("Diplôme", "Intitulé", "Établissements"), rows, widths_cm=(2.0, 12.0, 3.0),
                   font_size=8)
