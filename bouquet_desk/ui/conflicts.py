"""Two operators saved the same record: show what the other one changed and let this one choose."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

KEEP_MINE = "mine"
TAKE_THEIRS = "theirs"


def _value(entity: str, field: str, value) -> str:
    # Codes and ISO dates as the operator reads them (« orienté », 03/12/2026).
    from ..core.calls.display import field_value

    return escape(field_value(entity, field, value))


class ConflictDialog(QDialog):
    def __init__(self, conflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("Enregistré entre-temps sur un autre poste"))
        self.choice = TAKE_THEIRS
        text = QLabel(conflict.message(), self)
        text.setTextFormat(Qt.TextFormat.PlainText)  # the message names records: never read as HTML
        text.setWordWrap(True)
        table = QTextBrowser(self)
        rows = "".join(
            f"<tr><td><b>{escape(change.label)}</b></td><td>{_value(conflict.entity, change.field, change.before)}</td>"
            f"<td>{_value(conflict.entity, change.field, change.now)}</td><td>{escape(', '.join(n for n in change.by if n) or '?')}</td></tr>"
            for change in conflict.fields
        )
        table.setHtml(
            f"<table cellpadding='4'><tr><th align='left'>{self.tr('Champ')}</th>"
            f"<th align='left'>{self.tr('Quand vous l’avez ouvert')}</th>"
            f"<th align='left'>{self.tr('Maintenant')}</th><th align='left'>{self.tr('Par')}</th></tr>{rows}</table>"
            if rows else self.tr("Aucun détail dans l'historique.")
        )
        buttons = QDialogButtonBox(self)
        mine = QPushButton(self.tr("Garder &mes modifications"), self)
        theirs = QPushButton(self.tr("Prendre les &siennes"), self)
        mine.setEnabled(not conflict.deleted)
        buttons.addButton(mine, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(theirs, QDialogButtonBox.ButtonRole.RejectRole)
        mine.clicked.connect(lambda: self._choose(KEEP_MINE))
        theirs.clicked.connect(lambda: self._choose(TAKE_THEIRS))
        theirs.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.resize(620, 320)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def ask(cls, conflict, parent: QWidget | None = None) -> str:
        """KEEP_MINE (save again over theirs) or TAKE_THEIRS (reload)."""
        dialog = cls(conflict, parent)
        dialog.exec()
        return dialog.choice
