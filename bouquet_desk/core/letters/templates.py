"""Finding the letter templates and refusing the broken or dangerous ones before anything is written.

Templates ship in resources/templates; a file of the same name in the user's data folder (templates/) replaces
the shipped one, so a network can put its own letterhead and wording without touching the program.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # python-docx loads in ~0.3 s: only when a letter is rendered, never on the way to the window
    from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Template, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import UserError
from ..ops.failures import os_reason
from .limits import BoundedTemplate, bounded_binop, bounded_range
from ..paths import resource_path, user_data_dir

NOTICE = "avis_contact"
GENERIC = "lettre_generique"
SUFFIX = ".docx"


@dataclass(frozen=True)
class TemplateRef:
    name: str  # the file name without .docx; stored on the Letter row
    path: Path
    custom: bool  # True when it comes from the user's data folder (or a path given explicitly)


def shipped_dir() -> Path:
    return resource_path("templates")


def user_dir() -> Path:
    return user_data_dir() / "templates"


def list_templates() -> list[TemplateRef]:
    found: dict[str, TemplateRef] = {}
    for folder, custom in ((shipped_dir(), False), (user_dir(), True)):
        if folder.is_dir():
            for path in sorted(folder.glob(f"*{SUFFIX}")):
                if not path.name.startswith(("~$", ".")):  # Word's lock files while a template is open
                    found[path.stem] = TemplateRef(path.stem, path, custom)
    return sorted(found.values(), key=lambda ref: ref.name)


def find_template(name: str) -> TemplateRef:
    """A template by name ("lettre_pfmp", with or without .docx), or by the path of a .docx file."""
    text = name.strip()
    given = Path(text).expanduser()
    if given.suffix.lower() == SUFFIX and given.is_file():
        return TemplateRef(given.stem, given.resolve(), True)
    stem = text[: -len(SUFFIX)] if text.lower().endswith(SUFFIX) else text
    for ref in list_templates():
        if ref.name == stem:
            return ref
    names = ", ".join(ref.name for ref in list_templates())
    raise UserError(f"Modèle de courrier introuvable : « {text} ». Modèles disponibles : {names}.")


def default_template(category: str | None, recipient: str) -> TemplateRef:
    """The notice for a contact; for a company the category's letter, or the generic letter."""
    if recipient == "contact":
        return find_template(NOTICE)
    names = {ref.name for ref in list_templates()}
    specific = f"lettre_{(category or '').lower()}"
    return find_template(specific if specific in names else GENERIC)


def _none_as_blank(value):
    # A user template printing a field we fill with None by mistake shows nothing rather than "None".
    return "" if value is None else value


class _Environment(ImmutableSandboxedEnvironment):
    """Compiles each distinct template source once per process: docxtpl hands the same XML to from_string for
    every letter, and compiling it costs more than rendering it."""

    # Limits on what a template computes (core/letters/limits.py): sizes, loop turns, time.
    template_class = BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self._compiled: dict[str, Template] = {}
        self.globals["range"] = bounded_range

    def call_binop(self, context, operator, left, right):
        return bounded_binop(left, operator, right)

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            if len(self._compiled) >= 64:  # a few templates, a few parts each; bounded all the same
                self._compiled.clear()
            template = self._compiled[source] = super().from_string(source)
        return template


_ENVIRONMENT: _Environment | None = None
_CHECKED: set[tuple[str, frozenset[str]]] = set()


def make_environment() -> ImmutableSandboxedEnvironment:
    """Sandboxed and immutable (a template cannot reach Python internals nor change the data), autoescaped
    (& < > " ' become XML entities), strict (a misspelt field is an error, not a blank). One per process."""
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        _ENVIRONMENT = _Environment(autoescape=True, undefined=StrictUndefined, finalize=_none_as_blank)
    return _ENVIRONMENT


def load_checked(ref: TemplateRef, known_names: frozenset[str]) -> DocxTemplate:
    """The template, parsed and checked: Jinja syntax, names it uses, no access to hidden attributes."""
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate

    try:
        data = ref.path.read_bytes()
        template = DocxTemplate(io.BytesIO(data))
        template.init_docx()
    except OSError as exc:
        raise UserError(f"Modèle « {ref.name} » illisible ({ref.path}) : {os_reason(exc)}") from exc
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UserError(f"Le modèle « {ref.name} » n'est pas un document Word (.docx) valide : {ref.path}") from exc
    key = (hashlib.sha256(data).hexdigest(), known_names)
    if key in _CHECKED:  # this very file passed the checks already
        return template
    environment = make_environment()
    unknown: set[str] = set()
    for part_xml in _parts_xml(template):
        try:
            tree = environment.parse(part_xml)
        except TemplateSyntaxError as exc:
            raise UserError(
                f"Erreur de syntaxe dans le modèle « {ref.name} » : {exc.message}"
                f"{_paragraph_hint(part_xml, exc.lineno)}."
            ) from exc
        _refuse_hidden_attributes(tree, ref.name)
        unknown |= meta.find_undeclared_variables(tree) - known_names
    if unknown:
        listed = ", ".join(f"« {name} »" for name in sorted(unknown))
        raise UserError(
            f"Champ inconnu {listed} dans le modèle « {ref.name} » ({ref.path}). "
            f"Champs disponibles : {', '.join(sorted(known_names))}."
        )
    _CHECKED.add(key)
    return template


def _parts_xml(template: DocxTemplate) -> list[str]:
    """The body, headers and footers as docxtpl will hand them to Jinja (one paragraph per line)."""
    xmls = [template.get_xml()]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        xmls += [template.get_part_xml(part) for _key, part in template.get_headers_footers(uri)]
    return [re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml)) for xml in xmls]


def _paragraph_hint(part_xml: str, lineno: int | None) -> str:
    lines = part_xml.splitlines()
    if not lineno or lineno > len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1]).strip()
    return f", dans le paragraphe « {text[:120]} »" if text else ""


def _refuse_hidden_attributes(tree: nodes.Template, name: str) -> None:
    # The sandbox already refuses these at render time; refusing them here names the template before any
    # work and whatever the data is.
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        if isinstance(node, nodes.Getattr):
            attribute = node.attr
        elif isinstance(node, nodes.Getitem):
            attribute = getattr(node.arg, "value", None)
        else:  # {{ x|attr("__class__") }}
            attribute = getattr(node.args[0], "value", None) if node.name == "attr" and node.args else None
        if isinstance(attribute, str) and attribute.startswith("_"):
            raise UserError(
                f"Le modèle « {name} » contient une expression interdite (« {attribute} ») : "
                "un modèle ne peut qu'afficher des champs, pas exécuter de code."
            )
