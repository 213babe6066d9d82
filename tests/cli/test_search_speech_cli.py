"""Phone speech through `bouquet-desk search --json`: phonetic, spoken, slang, capacity, equipment and
nothing-found cases on the example catalogue, as another program sees them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from bouquet_desk.core.catalogue.importer import import_catalogue
from bouquet_desk.core.db.models import SearchLog

ELECTRICIANS = {"32025515", "32025520", "40025510", "50025524"}


@pytest.fixture
def catalogue_url(sqlite_url, open_ctx, dev_catalogue):
    import_catalogue(open_ctx(sqlite_url), dev_catalogue)
    return sqlite_url


def _search(url, *args, stdin=None):
    done = subprocess.run([sys.executable, "-m", "bouquet_desk", "--db", url, "search", *args], input=stdin,
                          capture_output=True, text=True, timeout=180, env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_phone_speech_through_json(catalogue_url):
    queries = [
        "lojistique",                                                      # phonetic
        "bonjour je voudrais savoir si vous auriez un jeune en stage d'électricien",  # spoken, intent
        "placo",                                                           # slang
        "amphi 250",                                                       # capacity
        "lits médicalisés",                                                # equipment
        "c'est le chef de travaux du lycée darras",                        # old name
    ]
    out = _search(catalogue_url, "--batch", "--json", "--no-log", "--limit", "10",
                  stdin="".join(query + "\n" for query in queries))
    phonetic, spoken, slang, capacity, equipment, old_name = (json.loads(line) for line in out.splitlines())

    assert phonetic[0]["cfd"] == "40031106" and "sonne comme « logistique »" in phonetic[0]["why"]
    assert spoken[0]["kind"] == "formation" and spoken[0]["cfd"] in ELECTRICIANS
    assert not any(result.get("approximate") for result in spoken[:3])
    assert slang[0]["cfd"] in {"50023326", "40023304"}
    rooms = [result for result in capacity if not result.get("approximate")]
    assert rooms and all(result["kind"] == "resource" and result["capacity"] >= 250 for result in rooms)
    assert [result["capacity"] for result in rooms] == sorted(result["capacity"] for result in rooms)
    assert {result["code"] for result in equipment[:4]} == {"SOIN"}
    assert old_name[0] == {**old_name[0], "kind": "contact", "ref": "C020"}


def test_nothing_exact_gives_the_nearest_and_is_recorded(catalogue_url, open_ctx):
    results = json.loads(_search(catalogue_url, "un", "commis", "de", "cuisine", "--json"))
    assert results and all(result["approximate"] for result in results)
    with open_ctx(catalogue_url).sessions() as session:
        assert session.execute(select(SearchLog.query)).scalars().all() == ["un commis de cuisine"]


def test_the_table_says_what_was_understood(catalogue_url):
    out = _search(catalogue_url, "--no-log", "un", "apprenti", "soudeur", "près", "de", "Liévin")
    assert out.startswith("Compris : ") and "apprentissage" in out.splitlines()[0]
    assert "près de Liévin" in out.splitlines()[0]
    nothing = _search(catalogue_url, "--no-log", "dresseur", "de", "dragons")
    assert "Aucun résultat exact" in nothing
