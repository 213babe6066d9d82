"""File choosers of the dashboard behind classmethods, so tests answer them without a modal dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


class DashboardDialogs:
    @classmethod
    def save_figures(cls, parent: QWidget | None, suggested: str) -> Path | None:
        name, chosen = QFileDialog.getSaveFileName(
            parent, parent.tr("Exporter les chiffres") if parent else "Exporter les chiffres",
            str(Path.home() / f"{suggested}.xlsx"),
            "Classeur Excel (*.xlsx);;CSV, séparateur point-virgule (*.csv)",
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() in (".xlsx", ".csv"):
            return path
        return path.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")

    @classmethod
    def save_report(cls, parent: QWidget | None, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            parent, parent.tr("Rapport d'activité") if parent else "Rapport d'activité",
            str(Path.home() / f"{suggested}.docx"), "Document Word (*.docx)",
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".docx" else path.with_suffix(".docx")
