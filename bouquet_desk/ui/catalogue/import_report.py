"""The readable report of a refused import: every problem with its sheet, row, column and value."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class ImportReportDialog(QDialog):
    def __init__(self, title: str, summary: str, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.setWindowTitle(title)
        self.resize(760, 420)
        label = QLabel(summary, self)
        label.setTextFormat(Qt.TextFormat.PlainText)  # file names and values as written, never as HTML
        label.setWordWrap(True)
        self.text = QPlainTextEdit("\n".join(lines), self)
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton(self.tr("Copier"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, title: str, summary: str, lines: list[str], parent: QWidget | None = None) -> None:
        cls(title, summary, lines, parent).exec()
