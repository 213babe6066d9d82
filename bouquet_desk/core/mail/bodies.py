"""The text of the e-mails, from plain-text templates anyone can edit.

Shipped in resources/templates/mail; a file of the same name in the data folder's templates/mail replaces it.
The fields are those of the letters (core/letters/fields.py: entreprise.nom, orientation.echeance…). Sandboxed
and strict like the Word templates: a misspelt field is refused with the template's name, nothing is queued.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..errors import UserError
from ..paths import resource_path, user_data_dir

COMPANY = "courriel_entreprise"
NOTICE = "courriel_avis"
REMINDER = "courriel_relance"
TEST = "courriel_test"

_ENVIRONMENT = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True,
                                             trim_blocks=True)


def template_path(name: str) -> Path:
    custom = user_data_dir() / "templates" / "mail" / f"{name}.txt"
    return custom if custom.is_file() else resource_path("templates", "mail", f"{name}.txt")


def render_body(name: str, fields: dict) -> str:
    path = template_path(name)
    try:
        source = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"Modèle de courriel « {name} » illisible ({path}) : {exc.strerror}") from exc
    try:
        text = _ENVIRONMENT.from_string(source).render(fields)
    except SecurityError as exc:
        raise UserError(f"Le modèle de courriel « {name} » tente d'exécuter du code : refusé ({path}).") from exc
    except UndefinedError as exc:
        raise UserError(f"Champ inconnu dans le modèle de courriel « {name} » ({path}) : {exc.message}.") from exc
    except (TemplateError, TypeError, ValueError) as exc:
        raise UserError(f"Le modèle de courriel « {name} » ne peut pas être rempli ({path}) : {exc}") from exc
    kept: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if raw and not line:
            continue  # an indented line whose only field was empty (a contact without phone): left out
        if line or (kept and kept[-1]):
            kept.append(line)  # blank lines of the template kept, runs of them collapsed to one
    return "\n".join(kept).strip() + "\n"
