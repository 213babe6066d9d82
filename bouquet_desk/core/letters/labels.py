"""What a template is called in front of the operator: « Lettre Stage (PFMP) », never `lettre_pfmp`."""

from __future__ import annotations

from ..calls.codes import CATEGORIES
from .templates import GENERIC, NOTICE


def template_label(name: str) -> str:
    """The French name of a template (shipped or the user's own), from its file name."""
    if name == NOTICE:
        return "Avis au contact"
    if name == GENERIC:
        return "Lettre générale"
    if name.startswith("lettre_") and name[len("lettre_"):].upper() in CATEGORIES:
        return f"Lettre {CATEGORIES[name[len('lettre_'):].upper()]}"
    text = name.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:] if text else name
