"""Every keyboard shortcut of the window, in one list: the menus and the F1 help both read it, so they can
never disagree (the menu once said Ctrl+Retour where the help said Ctrl+Entrée).

The first key of a row is the one shown; the others work too (Ctrl+Entrée is shown, since the key is
labelled « Entrée » on French keyboards, and Ctrl+Retour works as well).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence


@dataclass(frozen=True)
class Shortcut:
    name: str  # the QAction's object name (or the widget's key), for code
    keys: tuple[str, ...]  # portable QKeySequence texts
    help: str  # what F1 says, in French (translated through tr)
    group: str  # the F1 section


def _t(text: str) -> str:
    return QCoreApplication.translate("shortcuts", text)


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("newCallAction", ("Ctrl+N",), "nouvel appel (le chronomètre part)", "Appel"),
    Shortcut("searchAction", ("Ctrl+F",), "rechercher dans le catalogue ; ↓ vers les résultats", "Appel"),
    Shortcut("saveCallAction", ("Ctrl+Enter", "Ctrl+Return"), "enregistrer l'appel", "Appel"),
    Shortcut("referAction", ("Ctrl+Shift+O",), "orienter vers les contacts cochés (Espace coche)", "Appel"),
    Shortcut("letterAction", ("Ctrl+L",), "courrier à l'entreprise", "Appel"),
    Shortcut("sendMailAction", ("Ctrl+Shift+E",), "envoyer les courriers par courriel", "Appel"),
    Shortcut("dialAction", ("Ctrl+D",), "composer le numéro choisi (contact, établissement, appelant)", "Appel"),
    Shortcut("goPhone", ("Ctrl+T",), "aller au téléphone", "Aller à"),
    Shortcut("goCategory", ("Ctrl+M",), "aller au motif", "Aller à"),
    Shortcut("goNotes", ("Ctrl+Shift+N",), "aller aux notes", "Aller à"),
    Shortcut("goSuggestions", ("Ctrl+R",), "aller aux suggestions", "Aller à"),
    Shortcut("goHistory", ("Ctrl+H",), "aller à l'historique de l'appelant", "Aller à"),
    Shortcut("goReferrals", ("Ctrl+Shift+H",), "aller aux orientations en cours de l'appelant", "Aller à"),
    Shortcut("goReminders", ("Ctrl+J",), "aller aux relances", "Aller à"),
    Shortcut("referral_acknowledge", ("Ctrl+Shift+P",), "orientation prise en charge par le contact",
             "Sur une orientation"),
    Shortcut("referral_no_answer", ("Ctrl+Shift+S",), "orientation sans réponse", "Sur une orientation"),
    Shortcut("referral_chase", ("Ctrl+Shift+R",), "relancer le contact (avis renvoyé)", "Sur une orientation"),
    Shortcut("remindKey", (), "R (dans « À relancer ») : relancer le contact par courriel", "Sur une orientation"),
    Shortcut("referral_open", (), "Entrée : ouvrir l'appel ; touche Menu : toutes les actions",
             "Sur une orientation"),
    Shortcut("tabActions", (), "Ctrl+1 … Ctrl+4 : les quatre onglets", "Fenêtre"),
    Shortcut("filterAction", ("Ctrl+Shift+F",), "filtrer les établissements du catalogue", "Fenêtre"),
    Shortcut("reloadAction", ("F5",), "actualiser", "Fenêtre"),
    Shortcut("importAction", ("Ctrl+I",), "importer un catalogue", "Fenêtre"),
    Shortcut("exportAction", ("Ctrl+E",), "exporter le catalogue", "Fenêtre"),
    Shortcut("preferencesAction", ("Ctrl+,",), "préférences", "Fenêtre"),
    Shortcut("shortcutsAction", ("F1",), "cette aide", "Fenêtre"),
)

_BY_NAME = {shortcut.name: shortcut for shortcut in SHORTCUTS}


def keys(name: str) -> list[QKeySequence]:
    """The key sequences of an action, the one to show first."""
    return [QKeySequence(text) for text in _BY_NAME[name].keys]


def key(name: str) -> str:
    """The first key of an action as portable text ("" when it has none)."""
    shortcut = _BY_NAME.get(name)
    return shortcut.keys[0] if shortcut and shortcut.keys else ""


def shown(name: str) -> str:
    """The key as the menus show it (in the interface's language)."""
    sequences = keys(name)
    return sequences[0].toString(QKeySequence.SequenceFormat.NativeText) if sequences else ""


def help_lines() -> list[str]:
    """The F1 help: one line per shortcut, grouped, keys written exactly as the menus write them."""
    lines: list[str] = []
    group = None
    for shortcut in SHORTCUTS:
        if shortcut.group != group:
            group = shortcut.group
            lines.append(("\n" if lines else "") + _t(group))
        text = shown(shortcut.name)
        lines.append(f"  {text}  {_t(shortcut.help)}" if text else f"  {_t(shortcut.help)}")
    lines.append("\n" + _t("Échap efface la recherche · Suppr retire un élément évoqué"))
    return lines
