"""`bouquet-desk telephony …` and tel:/callto: links on the command line, each a separate process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bouquet_desk.cli.parser import parse


def _run(db, *args, expect=0):
    done = subprocess.run([sys.executable, "-m", "bouquet_desk", "--db", db, *args], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == expect, (args, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    return done


def test_url_makes_the_token_once_for_the_data_folder(sqlite_url, data_dir):
    first = _run(sqlite_url, "telephony", "url").stdout.strip()
    assert first.startswith("http://127.0.0.1:8739/api/v1/cti/") and len(first.rsplit("/", 1)[1]) >= 24
    assert _run(sqlite_url, "telephony", "url").stdout.strip() == first
    saved = json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))
    assert first.endswith(saved["telephony_token"])


def test_url_beyond_this_pc_warns(sqlite_url, data_dir):
    (data_dir / "settings.json").write_text(json.dumps({"telephony_address": "0.0.0.0", "telephony_port": 9001,
                                                        "telephony_token": "abc"}), encoding="utf-8")
    done = _run(sqlite_url, "telephony", "url")
    assert done.stdout.splitlines()[0] == "http://ADRESSE-DE-CE-POSTE:9001/api/v1/cti/abc"
    assert "Attention" in done.stdout
    (data_dir / "settings.json").write_text(json.dumps({"telephony_address": "standard"}), encoding="utf-8")
    assert "Adresse d'écoute" in _run(sqlite_url, "telephony", "url", expect=2).stderr


def test_test_without_a_window_says_what_to_do(sqlite_url, data_dir):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (data_dir / "settings.json").write_text(json.dumps({"telephony_port": port}), encoding="utf-8")
    done = _run(sqlite_url, "telephony", "test", "--from", "0353730101", "--ring", "0", "--talk", "0", expect=2)
    assert "Aucune fenêtre Bouquet Desk ne répond" in done.stderr
    assert "négatives" in _run(sqlite_url, "telephony", "test", "--from", "1", "--ring", "-1", expect=2).stderr


def test_register_shows_the_keys_and_writes_only_on_windows(sqlite_url):
    shown = _run(sqlite_url, "telephony", "register", "--print").stdout
    assert r"HKCU\Software\Classes\tel\shell\open\command" in shown and r"HKCU\Software\Classes\callto" in shown
    if not sys.platform.startswith("win"):
        assert "ne concerne que Windows" in _run(sqlite_url, "telephony", "register", expect=2).stderr


@pytest.mark.parametrize("link, number", [("tel:+33353730101", "+33353730101"),
                                          ("callto:03.53.73.01.01", "0353730101"),
                                          ("TEL:0353730101;ext=12", "0353730101")])
def test_links_are_taken_like_incoming(link, number):
    args = parse("0", ["--db", "sqlite:///x.db", link])
    assert args.command is None and args.incoming == number


def test_a_link_without_a_number_is_refused(capsys):
    with pytest.raises(SystemExit) as stop:
        parse("0", ["tel:bonjour"])
    assert stop.value.code == 2 and "ne contient pas de numéro" in capsys.readouterr().err
