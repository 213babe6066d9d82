"""The call log from the command line, end to end, as a telephone system or a script drives it:
each command a separate process, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SIRET = "81234567800013"


@pytest.fixture
def cli(db_url):
    """Runs `python -m bouquet_desk --db URL ...`, checking the exit code and that no traceback leaks."""

    def run(*args, expect: int = 0):
        done = subprocess.run([sys.executable, "-m", "bouquet_desk", "--db", db_url, *args],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == expect, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        return done

    return run


@pytest.fixture
def catalogue_cli(cli, dev_catalogue):
    """The same, on a database holding the dev catalogue."""
    cli("import", str(dev_catalogue))
    return cli


def _json(done):
    return json.loads(done.stdout)


def test_log_recognise_route_refer_follow(catalogue_cli):
    cli = catalogue_cli
    # A first call, referred at once to the section's contact.
    added = _json(cli("call", "add", "--phone", "03.21.77.88.99", "--company", "Garage du Centre", "--siret", SIRET,
                      "--commune", "Lens", "--caller-name", "Marie Lenoir", "--category", "PFMP",
                      "--note", "un stagiaire en plomberie", "--query", "plombier",
                      "--item", "0623377J/40022703", "--refer", "C037", "--json"))
    assert set(added) >= {"id", "referrals"} and added["referrals"][0]["contact"] == "C037"
    # The next call, the number written another way: the caller is recognised.
    second = cli("call", "add", "--phone", "0033321778899", "--category", "apprentissage", "--outcome", "informed")
    second_id = int(second.stdout.strip())
    assert second_id == added["id"] + 1
    calls = _json(cli("call", "list", "--phone", "+33 3 21 77 88 99", "--json"))
    assert [call["id"] for call in calls] == [second_id, added["id"]]
    first = calls[1]
    assert (first["caller"], first["company"], first["siret"]) == ("Marie Lenoir", "Garage du Centre", SIRET)
    assert (first["phone"], first["category"], first["outcome"]) == ("+33321778899", "PFMP", "referred")
    assert first["notes"] == "un stagiaire en plomberie" and first["items"] == ["0623377J/40022703"]
    assert first["referrals"][0]["contact"] == "C037" and first["referrals"][0]["status"] == "sent"
    assert calls[0]["company"] == "Garage du Centre"  # the company came with the recognised caller
    who = _json(cli("call", "who", "0321778899", "--json"))
    assert who["caller"]["name"] == "Marie Lenoir" and who["company"]["siret"] == SIRET
    assert [r["contact"] for r in who["open_referrals"]] == ["C037"]

    # Routing: the plumbing section, nearest suitable establishment first, with its reasons.
    routed = _json(cli("route", "--category", "PFMP", "--query", "plombier", "--company", SIRET, "--json"))
    best = routed[0]
    assert set(best) >= {"contact", "uai", "establishment", "role", "name", "phone", "email", "score", "reason"}
    assert (best["contact"], best["uai"], best["role"]) == ("C037", "0623377J", "BDE")
    assert "à 3,9 km" in best["reason"] and [r["score"] for r in routed] == sorted(
        (r["score"] for r in routed), reverse=True)

    # She is away: her backup takes the call, and the reason says so.
    cli("contact", "absent", "C037", "--from", "2026-11-16", "--to", "20/11/2026")
    routed = _json(cli("route", "--category", "PFMP", "--query", "plombier", "--commune", "Lens",
                       "--day", "18/11/2026", "--json"))
    assert routed[0]["contact"] == "C038" and routed[0]["replaces"] == "C037"
    assert "remplace Amandine Pruvost (bureau des entreprises), absent jusqu'au 20/11/2026" in routed[0]["reason"]

    # Following the referral to its outcome.
    referral_id = added["referrals"][0]["id"]
    due_on = added["referrals"][0]["due_on"]
    assert _json(cli("referral", "list", "--due", "--json")) == []  # not due yet
    due = _json(cli("referral", "list", "--due", "--on", due_on, "--json"))
    assert [r["id"] for r in due] == [referral_id] and due[0]["company"] == "Garage du Centre"
    updated = _json(cli("referral", "update", str(referral_id), "--status", "done", "--outcome", "internship",
                        "--json"))
    assert (updated["status"], updated["outcome"]) == ("done", "internship")
    assert _json(cli("referral", "list", "--due", "--on", due_on, "--json")) == []
    assert "stage conclu" in cli("referral", "list").stdout


@pytest.mark.parametrize("args, message", [
    (("route", "--category", "STAGE", "--commune", "Lens"),
     "Catégorie inconnue : « STAGE ». Valeurs possibles : PFMP, APPRENTISSAGE, RECRUTEMENT"),
    (("call", "add", "--phone", "12", "--category", "PFMP"), "Numéro de téléphone invalide"),
    (("call", "add", "--phone", "0321778899", "--category", "PFMP", "--siret", "81234567800014"), "Luhn"),
    (("call", "add", "--phone", "0321778899", "--category", "PFMP", "--refer", "C999"), "Contact inconnu"),
    (("call", "list", "--since", "31/02/2026"), "AAAA-MM-JJ ou JJ/MM/AAAA"),
    (("referral", "update", "999", "--status", "done"), "Orientation inconnue : n° 999"),
    (("referral", "update", "1", "--status", "lost"), "sent, acknowledged, done, no_answer"),
    (("contact", "absent", "C999", "--from", "2026-11-16", "--to", "2026-11-20"), "Contact inconnu"),
    (("route", "--category", "TAXE", "--commune", "Atlantis"), "Commune inconnue"),
    (("route", "--category", "TAXE", "--company", SIRET), f"Aucune entreprise connue avec le SIRET {SIRET}"),
])
def test_bad_input_exits_2_with_a_message(cli, args, message):
    done = cli(*args, expect=2)
    assert message in done.stderr


def test_duplicates_and_merge(cli):
    cli("call", "add", "--phone", "0321778899", "--company", "Boulangerie Dupont", "--commune", "Lens",
        "--category", "TAXE")
    cli("call", "add", "--phone", "0611223344", "--company", "SARL Boulangerie Dupond", "--commune", "Lens",
        "--category", "TAXE")
    pairs = _json(cli("company", "duplicates", "--json"))
    assert [(p["kind"], p["keep"], p["drop"]) for p in pairs] == [("company", 1, 2)]
    cli("company", "merge", "1", "2")
    calls = _json(cli("call", "list", "--json"))
    assert {call["company"] for call in calls} == {"Boulangerie Dupont"}
    assert _json(cli("company", "duplicates", "--json")) == []
