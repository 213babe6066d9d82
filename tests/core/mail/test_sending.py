"""The letters of a call leave by e-mail through a real SMTP server, and the outbox loses nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bouquet_desk.core.db.base import utcnow
from bouquet_desk.core.db.models import ChangeLog, OutboxMessage
from bouquet_desk.core.letters import list_letters
from bouquet_desk.core.mail import outbox
from bouquet_desk.core.mail.sending import queue_call, queue_pending


def test_letter_and_notice_delivered_with_attachment_and_marked_sent(mail_context):
    context, call, server = mail_context
    result = queue_call(context, call.call_id)
    # The second contact has no address: skipped with a reason naming them, the two others queued.
    assert [item.kind for item in result.queued] == ["letter", "notice"]
    assert len(result.skipped) == 1 and "Lefebvre" in result.skipped[0].replace("LEFEBVRE", "Lefebvre")
    assert all(item.status == "pending" for item in outbox.list_outbox(context))  # stored before any attempt
    flushed = outbox.flush(context)
    assert len(flushed.sent) == 2 and not flushed.error

    (company,) = server.to("j.dupont@dupont-fils.fr")
    assert company["From"].addresses[0].addr_spec == "accueil@bouquet-demo.invalid"
    assert company["Subject"].startswith("Stage en entreprise (PFMP)")
    body = company.get_body(("plain",)).get_content()
    assert "Claire MARTIN" in body and "Lycée Henri Senez" in body
    (attachment,) = list(company.iter_attachments())
    name = attachment.get_filename()
    data = attachment.get_content()
    assert name.endswith((".pdf", ".docx"))
    if name.endswith(".pdf"):
        assert data.startswith(b"%PDF")
    else:
        assert data.startswith(b"PK")

    (notice,) = server.to("claire.martin@exemple.fr")
    text = notice.get_body(("plain",)).get_content()
    assert "Dupont & Fils <SARL>" in text and "Jean Dupont" in text  # the company and the caller
    assert "Stage en entreprise (PFMP)" in text  # what is asked
    assert "1 décembre 2026" in text or "1er décembre 2026" in text  # the deadline

    letters = {info.recipient: info for info in list_letters(context, call.call_id) if info.sent_at}
    assert set(letters) == {"company", "contact"}
    with context.sessions() as session:
        logged = session.scalars(select(ChangeLog).where(ChangeLog.action == "mail_sent")).all()
        assert {(row.entity, row.entity_id) for row in logged} >= {("call", call.call_id),
                                                                     ("referral", call.referral_ids[0])}
    # Sent once: asking again queues nothing.
    again = queue_call(context, call.call_id)
    assert not again.queued and len(server.messages) == 2


def test_refused_recipient_fails_for_good(mail_context):
    context, call, server = mail_context
    server.handler.refused.add("claire.martin@exemple.fr")
    queue_call(context, call.call_id)
    result = outbox.flush(context)
    (failed,) = result.failed
    assert failed.kind == "notice" and failed.status == "failed" and failed.answer.startswith("550 5.1.1")
    assert len(result.sent) == 1  # the company's letter left on the same connection
    # Never retried: a later flush, even forced, does not touch it.
    later = outbox.flush(context, force=True, now=utcnow() + timedelta(days=1))
    assert not later.sent and not later.failed and not later.waiting
    assert len(server.messages) == 1


def test_dropped_connection_keeps_the_message_pending(mail_context):
    context, call, server = mail_context
    server.handler.drop_next = 1
    queue_call(context, call.call_id)
    result = outbox.flush(context)
    assert result.error and not result.sent
    assert {item.status for item in outbox.list_outbox(context)} == {"pending"}
    (first, second) = sorted(outbox.list_outbox(context), key=lambda item: item.id)
    assert first.attempts == 1 and first.next_attempt_at > utcnow()
    # Before the backoff is over nothing is due; after it both leave.
    assert outbox.flush(context) == outbox.FlushResult((), (), (), "")
    after = outbox.flush(context, now=utcnow() + timedelta(minutes=5))
    assert len(after.sent) == 2 and len(server.messages) == 2


def test_server_absent_then_back(mail_context):
    context, call, server = mail_context
    server.stop()
    result = queue_pending(context)
    assert len(result.queued) == 2
    flushed = outbox.flush(context)
    assert "injoignable" in flushed.error and len(flushed.waiting) == 2
    with context.sessions() as session:
        rows = session.scalars(select(OutboxMessage)).all()
        assert {row.status for row in rows} == {"pending"} and all(row.attempts == 1 for row in rows)
        assert all("injoignable" in row.answer for row in rows)
    # Attempts grow the delay: 1, 2, 4 minutes…
    assert outbox.backoff(1) == timedelta(minutes=1) and outbox.backoff(3) == timedelta(minutes=4)
    assert outbox.backoff(40) == outbox.LONGEST_RETRY
    server.start()
    back = outbox.flush(context, force=True)
    assert len(back.sent) == 2 and len(server.messages) == 2
    assert outbox.counts(context).pending == 0


def test_a_message_is_claimed_once(mail_context):
    context, call, server = mail_context
    (first, _notice) = queue_call(context, call.call_id).queued
    assert outbox._claim(context, first.id, utcnow()) is not None
    assert outbox._claim(context, first.id, utcnow()) is None  # another PC cannot take it too


def test_retry_and_cancel(mail_context):
    context, call, server = mail_context
    server.handler.refused.add("claire.martin@exemple.fr")
    queue_call(context, call.call_id)
    (failed,) = outbox.flush(context).failed
    server.handler.refused.clear()
    outbox.retry(context, [failed.id])
    assert len(outbox.flush(context).sent) == 1
    assert len(server.to("claire.martin@exemple.fr")) == 1
    result = queue_call(context, call.call_id)
    assert not result.queued


def test_cancelled_messages_never_leave(mail_context):
    context, call, server = mail_context
    queued = queue_call(context, call.call_id).queued
    outbox.cancel(context, [item.id for item in queued])
    assert outbox.flush(context, force=True).sent == ()
    assert server.messages == []


def test_erasing_the_caller_removes_their_e_mails(mail_context):
    from bouquet_desk.core.privacy import subject

    context, call, server = mail_context
    queue_call(context, call.call_id)
    outbox.flush(context)
    assert len(outbox.list_outbox(context)) == 2
    subject.erase_person(context, "06 12 34 56 78")
    assert outbox.list_outbox(context) == ()


def test_without_libreoffice_the_docx_is_attached(mail_context, monkeypatch):
    from bouquet_desk.core.mail import sending

    context, call, server = mail_context
    monkeypatch.setattr(sending, "soffice_path", lambda: None)
    queue_call(context, call.call_id)
    outbox.flush(context)
    (letter,) = server.to("j.dupont@dupont-fils.fr")
    (attachment,) = list(letter.iter_attachments())
    assert attachment.get_filename() == f"appel-{call.call_id}-entreprise.docx"
    assert attachment.get_content_type() == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert attachment.get_content().startswith(b"PK")
