"""Templates: the user's copies replace the shipped ones; broken or dangerous ones are refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from letter_data import docx_text

from bouquet_desk.core.errors import UserError
from bouquet_desk.core.letters import create_letters, find_template, list_letters, list_templates, open_letter
from bouquet_desk.core.letters.fields import LETTER_NAMES
from bouquet_desk.core.letters.templates import load_checked

SHIPPED = {"lettre_generique", "avis_contact", "lettre_pfmp", "lettre_apprentissage", "lettre_recrutement",
           "lettre_formation_continue", "lettre_locaux", "lettre_taxe", "lettre_partenariat"}


def write_template(folder: Path, name: str, *paragraphs: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = folder / f"{name}.docx"
    document.save(path)
    return path


def test_every_shipped_template_is_valid():
    refs = list_templates()
    assert {ref.name for ref in refs} == SHIPPED
    for ref in refs:
        assert not ref.custom
        load_checked(ref, LETTER_NAMES)


def test_a_copy_in_the_data_folder_replaces_the_shipped_template(seeded, data_dir):
    context, call = seeded
    write_template(data_dir / "templates", "lettre_pfmp", "Modèle maison pour {{ entreprise.nom }}",
                   "{{ orientation.contact.nom }} – {{ orientation.contact.telephone }}")
    assert find_template("lettre_pfmp").custom
    (info,) = create_letters(context, call.call_id)
    text = docx_text(open_letter(context, info.id).docx)
    assert "Modèle maison pour Dupont & Fils <SARL>" in text
    assert "Claire MARTIN – 03 21 77 88 99" in text


def test_a_template_given_by_path(seeded, tmp_path):
    context, call = seeded
    path = write_template(tmp_path / "ailleurs", "courrier_special", "Spécial {{ appel.numero }}")
    (info,) = create_letters(context, call.call_id, template=str(path))
    assert info.template == "courrier_special"
    assert f"Spécial {call.call_id}" in docx_text(open_letter(context, info.id).docx)


def test_unknown_template_name_lists_the_available_ones(seeded):
    context, call = seeded
    with pytest.raises(UserError, match=r"Modèle de courrier introuvable : « lettre_noel ».*lettre_pfmp"):
        create_letters(context, call.call_id, template="lettre_noel")


def test_unknown_placeholder_is_named_with_the_template(seeded, data_dir):
    context, call = seeded
    write_template(data_dir / "templates", "lettre_pfmp", "Bonjour {{ entreprise.nom }} {{ societe }}")
    with pytest.raises(UserError) as caught:
        create_letters(context, call.call_id)
    assert "Champ inconnu « societe »" in str(caught.value)
    assert "« lettre_pfmp »" in str(caught.value)
    assert list_letters(context, call.call_id) == ()  # nothing archived


def test_unknown_attribute_is_named_too(seeded, data_dir):
    context, call = seeded
    write_template(data_dir / "templates", "lettre_pfmp", "Bonjour {{ entreprise.nmo }}")
    with pytest.raises(UserError, match=r"Champ inconnu « nmo » dans le modèle « lettre_pfmp »"):
        create_letters(context, call.call_id)


def test_syntax_error_names_the_template_and_the_paragraph(seeded, data_dir):
    context, call = seeded
    write_template(data_dir / "templates", "lettre_pfmp", "Première ligne", "Objet : {{ objet }",
                   "Dernière ligne")
    with pytest.raises(UserError) as caught:
        create_letters(context, call.call_id)
    message = str(caught.value)
    assert message.startswith("Erreur de syntaxe dans le modèle « lettre_pfmp »")
    assert "Objet : {{ objet }" in message
    assert list_letters(context, call.call_id) == ()


def test_an_unclosed_block_is_a_syntax_error(seeded, data_dir):
    context, call = seeded
    write_template(data_dir / "templates", "avis_contact", "{% if entreprise.nom %}sans fin")
    with pytest.raises(UserError, match="Erreur de syntaxe dans le modèle « avis_contact »"):
        create_letters(context, call.call_id, to="contact")


@pytest.mark.parametrize("expression", [
    "{{ ''.__class__.__mro__ }}",
    "{{ entreprise.__class__ }}",
    "{{ entreprise['__class__'] }}",
    "{{ entreprise|attr('__class__') }}",
    "{{ ‘’.__class__.__mro__[1].__subclasses__() }}",  # as Word types it, with curly quotes
])
def test_templates_cannot_reach_python(seeded, data_dir, expression):
    context, call = seeded
    write_template(data_dir / "templates", "lettre_pfmp", f"Bonjour {expression}")
    with pytest.raises(UserError, match=r"Le modèle « lettre_pfmp » contient une expression interdite"):
        create_letters(context, call.call_id)


def test_the_sandbox_refuses_what_the_check_cannot_see(seeded, data_dir):
    context, call = seeded
    # The attribute name is computed at render time: only the sandbox can refuse it.
    write_template(data_dir / "templates", "lettre_pfmp",
                   "{% set name = '_' ~ '_class' ~ '__' %}{{ entreprise|attr(name) }}")
    with pytest.raises(UserError, match=r"« lettre_pfmp » tente d'exécuter du code"):
        create_letters(context, call.call_id)
    write_template(data_dir / "templates", "lettre_pfmp", "{{ orientations.append(1) }}")
    with pytest.raises(UserError, match=r"« lettre_pfmp » tente d'exécuter du code"):
        create_letters(context, call.call_id)
    assert list_letters(context, call.call_id) == ()


def test_a_file_that_is_not_a_docx_is_refused(seeded, data_dir):
    context, call = seeded
    (data_dir / "templates").mkdir()
    (data_dir / "templates" / "lettre_pfmp.docx").write_text("pas un document")
    with pytest.raises(UserError, match="n'est pas un document Word"):
        create_letters(context, call.call_id)


@pytest.mark.parametrize("expression", [
    "{{ 'x' * 4000000000 }}",
    "{{ 4000000000 * 'x' }}",
    "{{ [1] * 4000000000 }}",
    "{{ 9 ** 99999999 }}",
    "{% set s = 'x' * 900000 %}{{ s + s }}",
    "{% set s = 'x' * 900000 %}{% for i in range(100) %}{{ s }}{% endfor %}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
])
def test_templates_are_limited_in_size_and_time(seeded, data_dir, expression):
    context, call = seeded
    write_template(data_dir / "templates", "lettre_pfmp", f"Bonjour {expression}")
    with pytest.raises(UserError, match=r"« lettre_pfmp » demande trop"):
        create_letters(context, call.call_id)
    assert list_letters(context, call.call_id) == ()
