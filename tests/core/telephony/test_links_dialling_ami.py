"""tel:/callto: links, dial commands, Windows link registration (computed everywhere), and Asterisk AMI
Originate against a small real AMI server speaking the manager protocol over TCP."""

from __future__ import annotations

import socket
import sys
import threading

import pytest

from bouquet_desk.core.errors import UserError
from bouquet_desk.core.telephony import ami, dialing, protocols
from bouquet_desk.core.telephony.uri import is_phone_link, number_from_link
from tests.ami_server import AmiServer, MemoryKeyring


@pytest.mark.parametrize("link, number", [
    ("tel:+33353730101", "+33353730101"),
    ("tel:+33-3-53-73-01-01;phone-context=example.invalid", "+33353730101"),
    ("TEL:03%2053%2073%2001%2001", "0353730101"),
    ("callto://0353730101", "0353730101"),
    ("callto:+33 3 53 73 01 01", "+33353730101"),
    ("sip:0353730101@pbx.example.invalid", "0353730101"),
    ("tel:", ""),
    ("tel:javascript:alert(1)", ""),
])
def test_numbers_from_links(link, number):
    assert is_phone_link(link)
    assert number_from_link(link) == number


def test_not_a_link():
    assert not is_phone_link("0353730101") and not is_phone_link("http://example.invalid")


def test_dial_command_template_never_goes_through_a_shell():
    assert dialing.command_line("microsip.exe %n", "+33353730101") == ["microsip.exe", "+33353730101"]
    assert dialing.command_line('"C:/Program Files/x.exe" /dial=%N', "+33353730101")[-1] == "/dial=0353730101"
    assert dialing.command_line("linphone call", "+33353730101") == ["linphone", "call", "+33353730101"]
    assert dialing.command_line("echo 100%% %n", "+3312")[-2:] == ["100%", "+3312"]
    assert dialing.diallable("03 53 73 01 01") == "+33353730101"
    assert dialing.diallable("201") == "201"
    with pytest.raises(UserError, match="impossible à composer"):
        dialing.diallable("0353730101; rm -rf ~")
    with pytest.raises(UserError, match="vide"):
        dialing.command_line("   ", "1")


def test_dial_command_runs(tmp_path):
    out = tmp_path / "dialled.txt"
    script = tmp_path / "dial.py"
    script.write_text(f"import sys, pathlib\npathlib.Path({str(out)!r}).write_text(sys.argv[1])\n")
    dialing.run_command(f'"{sys.executable}" "{script}" %n', "+33353730101")
    for _ in range(100):
        if out.exists() and out.read_text():
            break
        threading.Event().wait(0.05)
    assert out.read_text() == "+33353730101"
    with pytest.raises(UserError, match="n'a pas pu être lancée"):
        dialing.run_command("no-such-softphone-here %n", "+33353730101")


def test_windows_link_keys_are_per_user_and_quote_the_link():
    entries = protocols.registry_entries([r"C:\Users\op\AppData\Local\Bouquet Desk\bouquet-desk.exe"])
    keys = {(key, name): data for key, name, data in entries}
    for scheme in ("tel", "callto"):
        assert keys[(rf"Software\Classes\{scheme}", "URL Protocol")] == ""
        assert keys[(rf"Software\Classes\{scheme}", "")].startswith(f"URL:{scheme}")
        assert keys[(rf"Software\Classes\{scheme}\shell\open\command", "")] == \
            r'"C:\Users\op\AppData\Local\Bouquet Desk\bouquet-desk.exe" "%1"'
    assert all(key.startswith("Software\\Classes\\") for key, _n, _d in entries)
    if not sys.platform.startswith("win"):
        with pytest.raises(UserError, match="Windows"):
            protocols.register()


def _server(port):
    return ami.AmiServer("127.0.0.1", port, "bouquet", "PJSIP/201", "from-internal")


def test_ami_originate_rings_the_operator_phone_then_the_number():
    pbx = AmiServer()
    ami.originate(_server(pbx.port), "s3cret", "0353730101")
    pbx.thread.join(5)
    login, originate, logoff = pbx.actions
    assert login["Username"] == "bouquet" and login["Secret"] == "s3cret"
    assert (originate["Channel"], originate["Exten"], originate["Context"]) == ("PJSIP/201", "0353730101",
                                                                               "from-internal")
    assert logoff["Action"] == "Logoff"


def test_ami_refusals_are_french_messages():
    pbx = AmiServer()
    with pytest.raises(UserError, match="refusé la connexion : Authentication failed"):
        ami.originate(_server(pbx.port), "wrong", "0353730101")
    pbx = AmiServer(originate_ok=False)
    with pytest.raises(UserError, match="Extension does not exist"):
        ami.originate(_server(pbx.port), "s3cret", "0353730101")
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(UserError, match="injoignable"):
        ami.originate(_server(port), "s3cret", "0353730101")
    with pytest.raises(UserError, match="saut de ligne"):
        ami._message({"Exten": "1\r\nAction: Command"})


def test_ami_secret_lives_in_the_keyring():
    import keyring

    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        server = _server(5038)
        with pytest.raises(UserError, match="mot de passe AMI"):
            ami.load_secret(server)
        ami.store_secret(server, "s3cret")
        assert ami.load_secret(server) == "s3cret"
        assert backend.store == {("bouquet-desk-ami", "bouquet@127.0.0.1:5038"): "s3cret"}
    finally:
        keyring.set_keyring(before)
