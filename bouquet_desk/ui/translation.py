"""Qt's own words in French: Qt's qtbase_fr translator from PySide6's translations folder, plus the few
strings that translator leaves in English (the file dialog's « Look in: » and « Files of type: »)."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

# (context, source) -> French, for what qtbase_fr.qm does not translate.
GAPS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "&Voir dans :",
    ("QFileDialog", "Files of &type:"): "Fichiers de &type :",
}


class QtGaps(QTranslator):
    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return GAPS.get((context, source))  # None: not ours, the next translator answers

    def isEmpty(self) -> bool:
        return False


def install_french(app: QApplication) -> None:
    """French Qt dialogs (buttons, file chooser, key names); our own strings are written in French."""
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QTranslator(app)
    if qtbase.load(QLocale(), "qtbase", "_", folder):
        app.installTranslator(qtbase)
    gaps = QtGaps(app)
    app.installTranslator(gaps)  # installed last, asked first: only its two strings
    app._bouquet_translators = (qtbase, gaps)  # kept alive with the application
