"""How errors reach the operator: a UserError as a plain message, a bug once with its traceback logged."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ..core.errors import UserError
from ..core.ops.failures import explain

log = logging.getLogger("bouquet_desk.ui")


class MessageBox:
    """Every modal message goes through here, so tests can replace it and no box hangs a headless run."""

    @classmethod
    def error(cls, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what was typed: never read as HTML
        if details:
            box.setDetailedText(details)
        box.exec()

    @classmethod
    def info(cls, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    @classmethod
    def confirm(cls, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes


def show_exception(exc: BaseException, parent: QWidget | None = None) -> None:
    parent = parent or QApplication.activeWindow()
    refusal = explain(exc)  # a full disk, a locked database, a lost server: named, not a bug
    if refusal is not None:
        exc = refusal
    if isinstance(exc, UserError):
        MessageBox.error(parent, QApplication.translate("errors", "Impossible"), str(exc))
        return
    details = "".join(traceback.format_exception(exc))
    log.error("unexpected error\n%s", details)
    MessageBox.error(
        parent,
        QApplication.translate("errors", "Erreur inattendue"),
        QApplication.translate(
            "errors", "Une erreur inattendue s'est produite. Rien de ce qui était enregistré n'est perdu ; "
            "le détail est dans le journal."
        ),
        details,
    )
