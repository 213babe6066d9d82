"""How errors reach the operator: a UserError as a plain message, a bug once with its traceback logged."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ..core.errors import UserError

log = logging.getLogger("bouquet_desk.ui")


class MessageBox:
    """Every modal message goes through here, so tests can replace it and no box hangs a headless run."""

    @classmethod
    def error(cls, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, parent)
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
