"""A call taken in the window ends with the company's e-mail and the contact's notice received by a real SMTP
server, both marked sent; with the server stopped they wait in the outbox and leave when it is back."""

from __future__ import annotations

import shutil

import pytest
from mail_server import MailServer, configure
from PySide6.QtCore import Qt

from bouquet_desk.core.letters import list_letters
from bouquet_desk.core.mail import outbox
from bouquet_desk.ui.mail.outbox_dialog import OutboxDialog

PHONE = "03 53 73 00 42"
CALLER_EMAIL = "marie.durand@demo-bouquet.invalid"


@pytest.fixture
def server():
    smtp = MailServer().start()
    yield smtp
    smtp.stop()


def _take_call(window, qtbot, email: str = CALLER_EMAIL) -> None:
    """A new call typed in the window, referred to the first suggested contact."""
    screen = window.call_screen
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(screen.form.phone, PHONE)
    qtbot.keyClicks(screen.form.company, "Durand Metallerie")
    qtbot.keyClicks(screen.form.caller, "Marie Durand")
    qtbot.keyClicks(screen.form.email, email)
    screen.form.category.setCurrentIndex(screen.form.category.findData("PFMP"))
    qtbot.keyClicks(screen.search.box, "soudeur")
    qtbot.waitUntil(lambda: screen.search.model.rowCount() > 0, timeout=5000)
    screen.routing.flush()
    qtbot.waitUntil(lambda: screen.routing.model.rowCount() > 0, timeout=5000)
    screen.routing.view.setFocus()
    screen.routing.view.setCurrentIndex(screen.routing.model.index(0, 0))
    qtbot.keyClick(screen.routing.view, Qt.Key.Key_Space)
    qtbot.mouseClick(screen.routing.refer_button, Qt.MouseButton.LeftButton)
    assert screen.call is not None and screen.call.referrals


def test_call_ends_with_the_letter_and_the_notice_delivered(window, demo_context, server, qtbot):
    configure(demo_context, server)
    demo_context.settings.mail_notices_on_refer = True
    window.mail.refresh()
    assert window.mail.button.text() == "Courriels : 0 envoyé(s) aujourd'hui"
    _take_call(window, qtbot)
    screen = window.call_screen
    (referral,) = screen.call.referrals
    # Referring sent the notice at once (the preference), to the contact's address in the catalogue.
    (notice,) = server.to(referral.contact_email)
    assert "Durand Metallerie" in notice.get_body(("plain",)).get_content()
    # « Envoyer »: the letter to the company, to the caller's address, with the letter attached.
    assert screen.form.send_button.isEnabled()
    qtbot.mouseClick(screen.form.send_button, Qt.MouseButton.LeftButton)
    (letter,) = server.to(CALLER_EMAIL)
    (attachment,) = list(letter.iter_attachments())
    expected = (".pdf", b"%PDF") if shutil.which("soffice") else (".docx", b"PK")
    assert attachment.get_filename().endswith(expected[0]) and attachment.get_content().startswith(expected[1])
    assert len(server.messages) == 2  # the notice was not sent twice
    letters = list_letters(demo_context, screen.call.id)
    assert {info.recipient for info in letters} == {"company", "contact"}
    assert all(info.sent_at is not None for info in letters)
    assert window.mail.button.text() == "Courriels : 2 envoyé(s) aujourd'hui"


def test_server_stopped_then_back(window, demo_context, server, qtbot, no_modal):
    configure(demo_context, server)
    server.stop()
    _take_call(window, qtbot)
    qtbot.mouseClick(window.call_screen.form.send_button, Qt.MouseButton.LeftButton)
    assert window.mail.button.text() == "Courriels : 2 en attente"
    assert "injoignable" in window.statusBar().currentMessage()
    assert {item.status for item in outbox.list_outbox(demo_context)} == {"pending"}
    # The outbox list shows them, with the server's answer.
    dialog = OutboxDialog(demo_context, window.runner, window.mail, window)
    qtbot.addWidget(dialog)
    assert dialog.table.source.rowCount() == 2
    assert "injoignable" in dialog.table.source.row_at(0).answer
    server.start()
    dialog.flush_button.click()
    assert len(server.messages) == 2
    assert all(info.sent_at for info in list_letters(demo_context, window.call_screen.call.id))
    assert {dialog.table.source.row_at(n).status for n in range(2)} == {"sent"}
    assert window.mail.button.text() == "Courriels : 2 envoyé(s) aujourd'hui"


def test_refused_address_cancelled_from_the_list(window, demo_context, server, qtbot):
    configure(demo_context, server)
    server.handler.refused.add(CALLER_EMAIL)
    _take_call(window, qtbot)
    qtbot.mouseClick(window.call_screen.form.send_button, Qt.MouseButton.LeftButton)
    assert window.mail.button.text() == "Courriels : 1 en échec"
    dialog = OutboxDialog(demo_context, window.runner, window.mail, window)
    qtbot.addWidget(dialog)
    failed = next(n for n in range(dialog.table.source.rowCount())
                  if dialog.table.source.row_at(n).status == "failed")
    assert dialog.table.source.row_at(failed).answer.startswith("550 5.1.1")
    dialog.table.selectRow(dialog.table.proxy.mapFromSource(dialog.table.source.index(failed, 0)).row())
    dialog.cancel_button.click()
    assert window.mail.counts.failed == 0
    assert [item.status for item in outbox.list_outbox(demo_context) if item.kind == "letter"] == ["cancelled"]


def test_one_letter_sent_from_the_call_letters(window, demo_context, server, qtbot):
    from bouquet_desk.core.letters import create_letters
    from bouquet_desk.ui.call.letters import LettersDialog

    configure(demo_context, server)
    _take_call(window, qtbot)
    call_id = window.call_screen.call.id
    (letter,) = create_letters(demo_context, call_id, to="company")
    dialog = LettersDialog(demo_context, window.runner, call_id, window.call_screen)
    qtbot.addWidget(dialog)
    # The call's notice to the contact was made when the operator referred: choose the company's letter.
    row = next(n for n in range(dialog.table.source.rowCount()) if dialog.table.source.row_at(n).id == letter.id)
    dialog.table.selectRow(dialog.table.proxy.mapFromSource(dialog.table.source.index(row, 0)).row())
    assert dialog.send.isEnabled()
    dialog.send.click()
    (sent,) = server.messages
    assert sent["To"].addresses[0].addr_spec == CALLER_EMAIL
    assert dialog.table.source.row_at(row).sent_at is not None  # the list shows it sent
