"""docs/telephony.md's recipes, line for line, against the real window: the Asterisk dialplan's curl
commands (variables filled in as Asterisk would), the 3CX template's requests, the provider's webhook
calls, and MicroSIP's command."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bouquet_desk.core.calls.calls import list_calls
from tests.pbx_simulator import Pbx

DOC = Path(__file__).resolve().parents[2] / "docs" / "telephony.md"
PLACEHOLDER = re.compile(r"http://127\.0\.0\.1:8739/api/v1/cti/JETON")


def _block(after: str, language: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(after)
    found = re.search(rf"```{language}\n(.*?)```", text[start:], re.DOTALL)
    return found.group(1)


@pytest.fixture
def url(window):
    return f"http://127.0.0.1:{window.telephony.server.port}/api/v1/cti/{window.context.settings.telephony_token}"


@pytest.fixture
def steps(window):
    seen = []
    window.telephony.step_done.connect(lambda step: seen.append(step.kind))
    return seen


def _run_curl(qtbot, line: str) -> None:
    args = shlex.split(line.rstrip(" &"))
    assert args[0] == "curl"
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=20000)
    out, err = process.communicate()
    assert process.returncode == 0 and out == b"{}", (line, out, err)


def _asterisk(dialplan: str, url: str, variables: dict) -> list[str]:
    """The System() commands in dialplan order: newCall, answer (the U() subroutine), hangup (h)."""
    commands = [found.group(1) for found in re.finditer(r"System\((curl .*)\)$", dialplan, re.MULTILINE)]
    by_event = {re.search(r"event=(\w+)", command).group(1): command for command in commands}
    filled = {**variables, "BD_URL": PLACEHOLDER.sub(url, re.search(r"__BD_URL=(\S+)\)", dialplan).group(1))}
    out = []
    for event in ("newCall", "answer", "hangup"):
        command = by_event[event]
        for name, value in filled.items():
            command = command.replace("${" + name + "}", value)
        assert "${" not in command, command
        out.append(command)
    return out


def test_asterisk_dialplan(window, qtbot, url, steps, demo_context):
    dialplan = _block("### Asterisk", "")
    answered = _asterisk(dialplan, url, {"BD_CALLID": "1733046000.42", "BD_FROM": "0353730131", "EXTEN": "0353730000",
                                         "DIALSTATUS": "ANSWER"})
    for command in answered:
        _run_curl(qtbot, command)
    qtbot.waitUntil(lambda: steps == ["ring", "answer", "hangup"], timeout=5000)
    ring, _answer, hangup = _asterisk(dialplan, url, {"BD_CALLID": "1733046100.43", "BD_FROM": "0353730132",
                                                     "EXTEN": "0353730000", "DIALSTATUS": "CANCEL"})
    _run_curl(qtbot, ring)
    _run_curl(qtbot, hangup)
    qtbot.waitUntil(lambda: steps[3:] == ["ring", "missed"], timeout=5000)
    assert [c.direction for c in list_calls(demo_context, phone="0353730132")] == ["missed"]


def _3cx_requests(template: str, url: str, number: str, call_type: str) -> list[bytes]:
    root = ET.fromstring(template)
    default = root.find("./Parameters/Parameter[@Name='ctiUrl']").get("Default")
    assert PLACEHOLDER.fullmatch(default)
    bodies = []
    for request in root.iter("Request"):
        assert request.get("Url") == "[ctiUrl]" and request.get("RequestType") == "Post"
        assert request.get("RequestEncoding") == "UrlEncoded"
        fields = {}
        for value in request.iter("Value"):
            text = value.text.replace("[Number]", number)
            if text.startswith("[IIf("):  # the one expression of the template, evaluated as 3CX would
                condition, yes, no = re.fullmatch(r"\[IIf\((.*),(\w+),(\w+)\)\]", text).groups()
                types = re.findall(r"\[CallType\]==(\w+)", condition)
                text = yes if call_type in types else no
            fields[value.get("Key")] = text
        bodies.append(urlencode(fields).encode())
    return bodies


def test_3cx_template(window, qtbot, url, steps, demo_context):
    template = _block("### 3CX", "xml")
    pbx = Pbx(url)  # from a thread: the window answers on this one
    try:
        for number, call_type in (("+33353730133", "Inbound"), ("+33353730134", "Missed")):
            for body in _3cx_requests(template, url, number, call_type):
                sent = pbx.raw(body)
                qtbot.waitUntil(sent.done, timeout=10000)
                assert sent.result().status == 200
    finally:
        pbx.close()
    qtbot.waitUntil(lambda: steps == ["ring", "hangup", "ring", "missed"], timeout=5000)
    assert list_calls(demo_context, phone="0353730133") == []  # taken: logged when the operator saves it
    assert [c.direction for c in list_calls(demo_context, phone="0353730134")] == ["missed"]


def test_provider_webhook(window, qtbot, url, steps):
    lines = [line for line in _block("### A provider's webhook", "bash").splitlines() if line.startswith("curl")]
    assert len(lines) == 3
    for line in lines:
        _run_curl(qtbot, PLACEHOLDER.sub(url, line))
    qtbot.waitUntil(lambda: steps == ["ring", "answer", "hangup"], timeout=5000)
    assert window.call_screen.form.phone.text() == "03 53 73 01 30"  # 33353730130 read as international


def test_microsip_command(window, qtbot, tmp_path):
    from bouquet_desk.ui.single_instance import InstanceServer, server_name

    line = next(line for line in _block("### MicroSIP", "ini").splitlines() if line.startswith("cmdIncomingCall="))
    program, *arguments = line.split("=", 1)[1].replace("C:\\Program Files\\Bouquet Desk\\bouquet-desk.exe", "BD").split()
    assert program == "BD" and arguments == ["--incoming"]
    db = f"sqlite:///{tmp_path / 'desk.db'}"
    server = InstanceServer()
    assert server.listen(server_name(db))
    server.message.connect(window.handle_message)
    try:
        # MicroSIP appends the caller's number to the command.
        process = subprocess.Popen([sys.executable, "-m", "bouquet_desk", "--db", db, *arguments, "0353730135"])
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=20000)
        assert process.returncode == 0
        qtbot.waitUntil(lambda: window.call_screen.form.phone.text() == "0353730135", timeout=5000)
    finally:
        server.close()
