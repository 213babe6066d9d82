"""File choosers behind classmethods, so tests can answer them without a modal dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


class FileDialogs:
    @classmethod
    def open_catalogue(cls, parent: QWidget | None) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            parent,
            parent.tr("Importer un catalogue") if parent else "Importer un catalogue",
            str(Path.home()),
            "Catalogue (*.xlsx *.zip);;Tous les fichiers (*)",
        )
        return Path(name) if name else None

    @classmethod
    def save_catalogue(cls, parent: QWidget | None) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            parent,
            parent.tr("Exporter le catalogue") if parent else "Exporter le catalogue",
            str(Path.home() / "catalogue.xlsx"),
            "Classeur Excel (*.xlsx)",
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")

    @classmethod
    def save_letter(cls, parent: QWidget | None, stem: str, has_pdf: bool) -> Path | None:
        filters = ["Document Word (*.docx)"]
        if has_pdf:
            filters += ["PDF (*.pdf)", "Courriel (*.eml)"]
        name, chosen = QFileDialog.getSaveFileName(
            parent, parent.tr("Enregistrer le courrier") if parent else "Enregistrer le courrier",
            str(Path.home() / f"{stem}.docx"), ";;".join(filters),
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() not in (".docx", ".pdf", ".eml"):
            path = path.with_suffix(".pdf" if "pdf" in chosen.lower() else ".eml" if "eml" in chosen else ".docx")
        return path
