"""The telephone connected, end to end: a PBX simulator sends Zammad CTI events over real HTTP to the
endpoint of the real running window, which opens, times, ends and logs the calls."""

from __future__ import annotations

import json
import subprocess
import sys
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from bouquet_desk.core.calls.calls import NewCall, get_call, list_calls, log_call
from bouquet_desk.core.telephony import logged
from tests.pbx_simulator import Pbx, post

KNOWN = "03 53 73 01 01"


def _reply(qtbot, future, timeout=10000):
    qtbot.waitUntil(future.done, timeout=timeout)
    return future.result()


@pytest.fixture
def known_caller(demo_context):
    return log_call(demo_context, NewCall(category="PFMP", phone=KNOWN, company_name="Menuiserie Fictive Demo",
                                          caller_name="Paul Exemple", caller_email="paul@demo-bouquet.invalid"))


@pytest.fixture
def url(window):
    settings = window.context.settings
    assert window.telephony.server.port > 0
    return f"http://127.0.0.1:{window.telephony.server.port}/api/v1/cti/{settings.telephony_token}"


@pytest.fixture
def pbx(url):
    simulator = Pbx(url)
    yield simulator
    simulator.close()


@pytest.fixture
def db_path(demo_context, tmp_path):
    return tmp_path / "desk.db"  # where demo_context copied the demo database


def test_ring_answer_hangup_opens_times_and_ends_the_recognised_call(window, qtbot, pbx, known_caller):
    screen = window.call_screen
    call_id, ring = pbx.ring("+33353730101")
    reply = _reply(qtbot, ring)
    assert (reply.status, reply.json(), reply.content_type) == (200, {}, "application/json")
    qtbot.waitUntil(lambda: "Menuiserie Fictive Demo" in screen.form.recognised.text(), timeout=5000)
    assert screen.form.phone.text() == KNOWN and screen.direction == "incoming"
    assert screen.form.caller.text() == "Paul Exemple"
    assert window.telephony.banner.isVisible() and "Appel entrant" in window.telephony.banner.text()

    assert _reply(qtbot, pbx.answer(call_id, "+33353730101")).status == 200
    qtbot.waitUntil(lambda: window.telephony.tracker.get(call_id).state == "answered", timeout=5000)
    answered_at = window.telephony.tracker.get(call_id).answered_at
    assert screen.form.started_at == answered_at  # the clock starts at the answer
    assert "En communication" in window.telephony.banner.text()

    assert _reply(qtbot, pbx.hangup(call_id, "+33353730101")).status == 200
    qtbot.waitUntil(lambda: screen.hung_up_at is not None, timeout=5000)
    ended = window.telephony.tracker.get(call_id)
    assert screen.hung_up_at == ended.ended_at and not window.telephony.banner.isVisible()
    screen.form.set_category("PFMP")
    screen.save()
    saved = get_call(window.context, screen.call.id)
    assert saved.ended_at == ended.ended_at and saved.duration_s == ended.talk_seconds
    assert saved.direction == "incoming" and saved.company == "Menuiserie Fictive Demo"


def test_saved_during_the_call_gets_its_end_at_hangup(window, qtbot, pbx, known_caller):
    screen = window.call_screen
    call_id, ring = pbx.ring(KNOWN)
    _reply(qtbot, ring)
    _reply(qtbot, pbx.answer(call_id, KNOWN))
    qtbot.waitUntil(lambda: screen.form.phone.text() == KNOWN, timeout=5000)
    screen.form.set_category("APPRENTISSAGE")
    screen.save()
    saved_id = screen.call.id
    _reply(qtbot, pbx.hangup(call_id, KNOWN))
    ended = window.telephony.tracker.get(call_id)
    qtbot.waitUntil(lambda: get_call(window.context, saved_id).ended_at == ended.ended_at, timeout=5000)


def test_ring_then_cancel_is_a_missed_call_and_the_typed_call_comes_back(window, qtbot, pbx, demo_context, db_path):
    screen = window.call_screen
    screen.new_call()
    qtbot.keyClicks(screen.form.company, "Boulangerie en cours de saisie")
    assert screen.dirty
    call_id, ring = pbx.ring("03 53 73 01 02")
    _reply(qtbot, ring)
    qtbot.waitUntil(lambda: screen.form.phone.text() == "03 53 73 01 02", timeout=5000)
    assert screen.form.company.text() == ""  # the typed call went to its draft
    _reply(qtbot, pbx.hangup(call_id, "03 53 73 01 02", cause="cancel"))
    qtbot.waitUntil(lambda: screen.form.company.text() == "Boulangerie en cours de saisie", timeout=5000)

    missed = [c for c in list_calls(demo_context, phone="0353730102") if c.direction == "missed"]
    assert len(missed) == 1 and missed[0].outcome == "callback" and missed[0].category_label == "À qualifier"
    qtbot.waitUntil(lambda: [m.id for m in window.telephony.missed.rows()] == [missed[0].id], timeout=5000)
    assert window.telephony.dock.windowTitle() == "Appels manqués (1)"
    # `call list --json` shows it, direction missed.
    done = subprocess.run([sys.executable, "-m", "bouquet_desk", "--db", f"sqlite:///{db_path}", "call", "list",
                           "--phone", "0353730102", "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [c["direction"] for c in json.loads(done.stdout)] == ["missed"]


def test_a_ring_nobody_answered_leaves_the_screen_waiting(window, qtbot, pbx):
    screen = window.call_screen
    call_id, ring = pbx.ring("03 53 73 01 05")
    _reply(qtbot, ring)
    qtbot.waitUntil(lambda: screen.form.phone.text() == "03 53 73 01 05", timeout=5000)
    _reply(qtbot, pbx.hangup(call_id, "03 53 73 01 05", cause="noAnswer"))
    qtbot.waitUntil(lambda: screen.form.phone.text() == "", timeout=5000)
    assert screen.form.state.text().startswith("Aucun appel en cours")
    assert screen.form.started_at is None and screen.form.clock.text() == "00:00"


def test_missed_queue_call_back_and_mark_all_seen(window, qtbot, pbx, demo_context, tmp_path, data_dir):
    dialled = tmp_path / "dialled.txt"
    script = tmp_path / "softphone.py"
    script.write_text(f"import sys, pathlib\npathlib.Path({str(dialled)!r}).write_text(sys.argv[1])\n")
    window.context.settings.dial_command = f'"{sys.executable}" "{script}" %n'
    for number in ("03 53 73 01 03", "03 53 73 01 04"):
        call_id, ring = pbx.ring(number)
        _reply(qtbot, ring)
        _reply(qtbot, pbx.hangup(call_id, number, cause="noAnswer"))
    panel = window.telephony.missed
    qtbot.waitUntil(lambda: len(panel.rows()) == 2, timeout=5000)
    panel.table.selectRow([m.phone_display for m in panel.rows()].index("03 53 73 01 04"))
    panel.call_back_button.click()
    screen = window.call_screen
    assert screen.direction == "outgoing" and screen.form.phone.text() == "03 53 73 01 04"
    qtbot.waitUntil(lambda: dialled.exists() and dialled.read_text() == "+33353730104", timeout=10000)
    screen.form.set_category("TAXE")
    screen.save()  # the returned call is logged: the missed one is settled
    panel.reload()
    assert [m.phone_display for m in panel.rows()] == ["03 53 73 01 03"]
    panel.seen_button.click()
    assert panel.rows() == [] and window.telephony.dock.windowTitle() == "Appels manqués"
    from bouquet_desk.core.settings import Settings

    assert Settings.load(data_dir).missed_seen_call_id == logged.last_missed_id(demo_context)


def test_two_rings_at_once(window, qtbot, pbx, demo_context):
    screen = window.call_screen
    first, ring = pbx.ring("03 53 73 01 05")
    _reply(qtbot, ring)
    second, ring = pbx.ring("03 53 73 01 06")
    _reply(qtbot, ring)
    qtbot.waitUntil(lambda: screen.form.phone.text() == "03 53 73 01 06", timeout=5000)
    assert "03 53 73 01 05, 03 53 73 01 06" in window.telephony.banner.text()
    _reply(qtbot, pbx.answer(first, "03 53 73 01 05"))  # the operator picked up the first line
    qtbot.waitUntil(lambda: screen.form.phone.text() == "03 53 73 01 05", timeout=5000)
    _reply(qtbot, pbx.hangup(second, "03 53 73 01 06", cause="cancel"))
    qtbot.waitUntil(lambda: bool(list_calls(demo_context, phone="0353730106")), timeout=5000)
    assert screen.form.phone.text() == "03 53 73 01 05"  # still on the answered call
    assert [c.direction for c in list_calls(demo_context, phone="0353730106")] == ["missed"]
    _reply(qtbot, pbx.hangup(first, "03 53 73 01 05"))
    qtbot.waitUntil(lambda: screen.hung_up_at is not None, timeout=5000)
    assert list_calls(demo_context, phone="0353730105") == []  # answered: logged when the operator saves


def test_unknown_ended_and_out_of_order_events_are_ignored(window, qtbot, pbx, demo_context):
    before = len(list_calls(demo_context))
    seen = []
    window.telephony.step_done.connect(lambda step: seen.append((step.kind, step.reason)))
    assert _reply(qtbot, pbx.hangup("never-rung", "0353730107")).status == 200
    assert _reply(qtbot, pbx.answer("never-rung", "0353730107")).status == 200
    call_id, ring = pbx.ring("0353730107")
    _reply(qtbot, ring)
    _reply(qtbot, pbx.answer(call_id, "0353730107"))
    _reply(qtbot, pbx.hangup(call_id, "0353730107"))
    _reply(qtbot, pbx.answer(call_id, "0353730107"))
    _reply(qtbot, pbx.hangup(call_id, "0353730107", cause="cancel"))
    qtbot.waitUntil(lambda: len(seen) == 7, timeout=5000)
    assert [kind for kind, _ in seen] == ["ignored", "ignored", "ring", "answer", "hangup", "ignored", "ignored"]
    assert seen[0][1] == "appel inconnu" and seen[-1][1] == "appel déjà terminé"
    assert len(list_calls(demo_context)) == before  # nothing missed, nothing invented


def test_burst_of_100_events(window, qtbot, pbx, demo_context):
    futures, expected_missed = [], 0
    for n in range(20):  # 20 calls answered and hung up: 60 events
        number = f"03 53 73 02 {n:02d}"
        call_id, ring = pbx.ring(number)
        futures += [ring, pbx.answer(call_id, number), pbx.hangup(call_id, number)]
    for n in range(20):  # 20 rings nobody answered: 40 events
        number = f"03 53 73 03 {n:02d}"
        call_id, ring = pbx.ring(number)
        futures += [ring, pbx.hangup(call_id, number, cause="noAnswer")]
        expected_missed += 1
    assert len(futures) == 100
    statuses = [_reply(qtbot, future, 30000).status for future in futures]
    assert statuses == [200] * 100
    qtbot.waitUntil(lambda: logged.missed_count(demo_context) == expected_missed, timeout=30000)
    qtbot.waitUntil(lambda: window.telephony.tracker.active() == [], timeout=10000)
    qtbot.waitUntil(lambda: len(window.telephony.missed.rows()) == expected_missed, timeout=10000)


def test_security_token_sizes_and_bodies(window, qtbot, pbx, url):
    base = url.rsplit("/", 1)[0]
    form = b"event=newCall&callId=sec&from=0353730108"
    assert _reply(qtbot, pbx.raw(form, url=base + "/")).status == 401
    assert _reply(qtbot, pbx.raw(form, url=base + "/not-the-token")).status == 401
    assert _reply(qtbot, pbx.raw(form, url=base)).status == 404  # not the endpoint at all
    assert _reply(qtbot, pbx.raw(b"event=newCall&callId=" + b"1" * (65 * 1024))).status == 413
    refused = _reply(qtbot, pbx.raw(b'{"event": "explode", "callId": "1"}', "application/json"))
    assert refused.status == 422 and "explode" in refused.json()["error"]
    assert _reply(qtbot, pbx.raw(b"\x00\xff garbage")).status == 422
    assert _reply(qtbot, pbx.raw(b"[]", "application/json")).status == 422
    assert _reply(qtbot, pbx.raw(b"", method="GET")).status == 405
    assert window.telephony.tracker.active() == []  # nothing of it reached the call screen
    assert window.call_screen.form.phone.text() == ""


def _lan_address() -> str:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.254", 9))  # no packet is sent: this only picks the outgoing interface
        return probe.getsockname()[0]


def test_other_machines_are_refused_by_default(window, qtbot, url):
    lan = _lan_address()
    if lan.startswith("127."):
        pytest.skip("this machine has no address but loopback")
    port = window.telephony.server.port
    body = b"event=newCall&callId=lan&from=0353730109"
    token = window.context.settings.telephony_token
    # By default the window listens on 127.0.0.1 only: another address does not even connect.
    with pytest.raises(ConnectionRefusedError):
        post(f"http://{lan}:{port}/api/v1/cti/{token}", body)
    # Listening on every address (the operator's choice), a client that is not listed is refused.
    settings = window.context.settings
    settings.telephony_address = "0.0.0.0"
    window.telephony.restart()
    port = window.telephony.server.port
    target = f"http://{lan}:{port}/api/v1/cti/{token}"
    pbx = Pbx(target)
    try:
        assert _reply(qtbot, pbx.raw(body, source=lan)).status == 403
        settings.telephony_allowed_clients = f"{lan}/32"
        assert _reply(qtbot, pbx.raw(body, source=lan)).status == 200
    finally:
        pbx.close()


def test_tel_and_callto_links_open_the_running_window(window, qtbot, db_path):
    from bouquet_desk.ui.single_instance import InstanceServer, server_name

    url = f"sqlite:///{db_path}"
    server = InstanceServer()
    assert server.listen(server_name(url))
    server.message.connect(window.handle_message)
    try:
        for link, shown in (("tel:+33-3-53-73-01-10", "+33353730110"), ("callto://0353730111", "0353730111")):
            process = subprocess.Popen([sys.executable, "-m", "bouquet_desk", "--db", url, link])
            qtbot.waitUntil(lambda: process.poll() is not None, timeout=20000)
            assert process.returncode == 0
            qtbot.waitUntil(lambda: window.call_screen.form.phone.text() == shown, timeout=5000)
    finally:
        server.close()


def test_click_and_key_to_dial_log_an_outgoing_call(window, qtbot, demo_context, tmp_path):
    dialled = tmp_path / "dialled.txt"
    script = tmp_path / "softphone.py"
    script.write_text(f"import sys, pathlib\npathlib.Path({str(dialled)!r}).write_text(sys.argv[1])\n")
    window.context.settings.dial_command = f'"{sys.executable}" "{script}" %n'
    # A click on a number in a detail pane is a tel: link the window itself takes.
    assert QDesktopServices.openUrl(QUrl("tel:0353730112"))
    qtbot.waitUntil(lambda: dialled.exists() and dialled.read_text() == "+33353730112", timeout=10000)
    assert [c.direction for c in list_calls(demo_context, phone="0353730112")] == ["outgoing"]
    # The key: Ctrl+D dials the number of what has the focus (here the caller's number on the call screen).
    dialled.unlink()
    screen = window.call_screen
    screen.new_call("03 53 73 01 13")
    screen.form.phone.setFocus()
    qtbot.keyClick(screen.form.phone, "d", modifier=qtbot_ctrl())
    qtbot.waitUntil(lambda: dialled.exists() and dialled.read_text() == "+33353730113", timeout=10000)
    assert [c.direction for c in list_calls(demo_context, phone="0353730113")] == ["outgoing"]


def qtbot_ctrl():
    from PySide6.QtCore import Qt

    return Qt.KeyboardModifier.ControlModifier


def test_detail_pane_numbers_are_links_and_dial_from_there(window, qtbot, tmp_path):
    from bouquet_desk.ui.call.details import contact_line, establishment_html

    class Contact:
        name, role, phone, email, absent_until, availability = "Mme Fictive", "BDE", "03 53 73 01 14", "", None, ""

    assert "href='tel:0353730114'" in contact_line(Contact())

    class Establishment:
        name, address, postal_code, commune, phone, email = "Lycée Fictif", "", "", "Lens", "03 53 73 01 15", ""
        uai, territory, contacts = "0620000X", "", ()

    assert "href='tel:0353730115'" in establishment_html(Establishment())


def test_cli_telephony_test_plays_ring_answer_hangup_in_the_running_window(window, qtbot, db_path, data_dir,
                                                                          demo_context):
    settings = window.context.settings
    settings.telephony_port = window.telephony.server.port  # what `telephony test` reads from the data folder
    settings.save()
    seen = []
    window.telephony.step_done.connect(lambda step: seen.append(step.kind))
    process = subprocess.Popen([sys.executable, "-m", "bouquet_desk", "--db", f"sqlite:///{db_path}", "telephony",
                                "test", "--from", "03 53 73 01 20", "--ring", "0.2", "--talk", "0.2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=60000)
    out, err = process.communicate()
    assert process.returncode == 0, err
    assert out.splitlines() == ["newCall : 200", "answer : 200", "hangup : 200"]
    qtbot.waitUntil(lambda: seen == ["ring", "answer", "hangup"], timeout=5000)
    assert window.call_screen.form.phone.text() == "03 53 73 01 20" and window.call_screen.hung_up_at is not None
    missed = subprocess.Popen([sys.executable, "-m", "bouquet_desk", "--db", f"sqlite:///{db_path}", "telephony",
                               "test", "--from", "03 53 73 01 21", "--missed", "--ring", "0"])
    qtbot.waitUntil(lambda: missed.poll() is not None, timeout=60000)
    assert missed.returncode == 0
    qtbot.waitUntil(lambda: [c.direction for c in list_calls(demo_context, phone="0353730121")] == ["missed"],
                    timeout=5000)


@pytest.fixture
def softphone(window, tmp_path):
    """A dial command that writes the number it was given: the Preferences' command, really run."""
    dialled = tmp_path / "dialled.txt"
    script = tmp_path / "softphone.py"
    script.write_text(f"import sys, pathlib\npathlib.Path({str(dialled)!r}).write_text(sys.argv[1])\n")
    window.context.settings.dial_command = f'"{sys.executable}" "{script}" %n'
    return dialled


def test_ctrl_d_dials_the_suggested_contact_and_the_result_detail(window, qtbot, softphone, demo_context):
    from PySide6.QtCore import Qt

    from bouquet_desk.core.telephony.dialing import diallable

    screen = window.call_screen
    screen.new_call()
    screen.form.set_category("PFMP")
    qtbot.waitUntil(lambda: screen.routing.model.rowCount() > 0, timeout=10000)
    row = next(n for n, s in enumerate(screen.routing.model.rows()) if s.phone)
    suggestion = screen.routing.model.row_at(row)
    screen.routing.view.setFocus()
    screen.routing.view.setCurrentIndex(screen.routing.model.index(row, 0))
    qtbot.keyClick(screen.routing.view, "d", modifier=Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: softphone.exists() and softphone.read_text() == suggestion.phone, timeout=10000)
    dialled = list_calls(demo_context, phone=suggestion.phone)[0]
    assert dialled.direction == "outgoing" and suggestion.name in dialled.notes and dialled.category == "PFMP"

    softphone.unlink()
    qtbot.keyClicks(screen.search.box, "soudage")
    qtbot.waitUntil(lambda: screen.search.model.rowCount() > 0, timeout=10000)
    screen.search.results.setFocus()
    screen.search.results.setCurrentIndex(screen.search.model.index(0, 0))
    qtbot.waitUntil(lambda: "tel:" in screen.search.detail.toHtml(), timeout=10000)
    number, _whom = window.telephony.number_in_context()
    qtbot.keyClick(screen.search.results, "d", modifier=Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: softphone.exists() and softphone.read_text() == diallable(number), timeout=10000)


def test_call_log_detail_number_is_a_link(window, known_caller):
    from bouquet_desk.ui.calllog.detail import call_html

    assert "href='tel:0353730101'" in call_html(get_call(window.context, known_caller.id))


@pytest.fixture
def memory_keyring():
    import keyring

    from tests.ami_server import MemoryKeyring

    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


def test_dial_through_asterisk_ami_with_the_secret_from_preferences(window, qtbot, memory_keyring, demo_context):
    from bouquet_desk.ui.preferences import PreferencesDialog
    from tests.ami_server import AmiServer

    pbx = AmiServer(secret="s3cret")
    dialog = PreferencesDialog(window.context.settings)
    qtbot.addWidget(dialog)
    section = dialog.telephony
    section.ami_host.setText("127.0.0.1")
    section.ami_port.setValue(pbx.port)
    section.ami_user.setText("bouquet")
    section.ami_channel.setText("PJSIP/201")
    section.ami_secret.setText("s3cret")
    assert section.check()  # stores the secret in the keyring, nowhere else
    edited = dialog.values(window.context.settings)
    assert "s3cret" not in repr(edited)
    for name in ("ami_host", "ami_port", "ami_user", "ami_channel"):
        setattr(window.context.settings, name, getattr(edited, name))
    assert window.telephony.dial("03 53 73 01 40", "Mme Fictive")
    qtbot.waitUntil(lambda: len(pbx.actions) == 3, timeout=10000)
    originate = pbx.actions[1]
    assert (originate["Channel"], originate["Exten"]) == ("PJSIP/201", "0353730140")
    assert [c.direction for c in list_calls(demo_context, phone="0353730140")] == ["outgoing"]


def test_the_endpoint_reads_no_certificate_store_on_its_first_ring(window, qtbot, pbx):
    # With Qt's OpenSSL backend, the first connection QHttpServer accepts read the system CA store on the GUI
    # thread (0.25 s with the window frozen, measured); the plain-HTTP endpoint needs no certificate.
    from PySide6.QtNetwork import QSslSocket

    assert QSslSocket.activeBackend() == "cert-only"
    call_id, ring = pbx.ring(KNOWN)
    assert _reply(qtbot, ring).status == 200
    qtbot.waitUntil(lambda: window.call_screen.form.phone.text() != "", timeout=10000)
