"""Rendering a checked template into .docx bytes, with template mistakes reported as UserErrors."""

from __future__ import annotations

import io
import re

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # python-docx loads in ~0.3 s: only when a letter is rendered, never on the way to the window
    from docxtpl import DocxTemplate
from jinja2 import TemplateError, UndefinedError
from jinja2.sandbox import SecurityError

from ..errors import UserError
from .templates import TemplateRef, make_environment

_MISSING = re.compile(r"has no attribute '([^']+)'|'([^']+)' is undefined|no element '?([^']+?)'?$")


def render_docx(template: DocxTemplate, ref: TemplateRef, fields: dict, *, title: str, author: str) -> bytes:
    """The rendered document as bytes: nothing is written to disk here, so a failure leaves nothing behind."""
    environment = make_environment()
    try:
        template.render(fields, jinja_env=environment, autoescape=True)
    except SecurityError as exc:
        if "plus de" in str(exc) or "trop grande" in str(exc):
            raise UserError(
                f"Le modèle « {ref.name} » demande trop ({exc}) : refusé. Un modèle affiche des champs, il ne "
                "fabrique pas de longs textes ni de longues boucles."
            ) from exc
        raise UserError(
            f"Le modèle « {ref.name} » tente d'exécuter du code ({exc}) : refusé. "
            "Un modèle ne peut qu'afficher des champs."
        ) from exc
    except UndefinedError as exc:
        raise UserError(f"Champ inconnu « {_missing_name(exc)} » dans le modèle « {ref.name} » ({ref.path}).") from exc
    except (TemplateError, TypeError, ValueError, ArithmeticError, MemoryError, RecursionError) as exc:
        # Only the template's own expressions run here: a filter on the wrong type is the template's mistake.
        raise UserError(f"Le modèle « {ref.name} » ne peut pas être rempli : {exc}") from exc
    # Set after rendering: python-docx escapes these itself (rendering them with autoescape would double it).
    properties = template.docx.core_properties
    properties.title, properties.author, properties.last_modified_by = title[:255], author[:255], author[:255]
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def _missing_name(exc: UndefinedError) -> str:
    match = _MISSING.search(str(exc.message or ""))
    if not match:
        return str(exc.message)
    return next(group for group in match.groups() if group)
