"""The messages themselves: the letter to the company, the notice to a contact, the reminder, the test.

Each is a complete RFC 5322 message (From, To, Reply-To, Date, Message-ID, plain-text body, the document
attached), built once and stored whole in the outbox, so that what leaves later is exactly what was queued.
"""

from __future__ import annotations

from datetime import date
from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from ..errors import UserError
from ..letters import wording
from ..letters.email_draft import ATTACHMENT_TYPES
from .bodies import render_body
from .config import SmtpConfig

_UNFOLDED = policy.SMTP.clone(max_line_length=998)


def address(name: str, addr: str) -> Address | None:
    addr = (addr or "").strip()
    if "@" not in addr:
        return None
    try:
        return Address(display_name=" ".join((name or "").split()), addr_spec=addr)
    except (ValueError, IndexError, HeaderParseError):
        return None


def build(config: SmtpConfig, *, to: Address, subject: str, body: str,
          attachment: tuple[bytes, str] | None = None) -> EmailMessage:
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = Address(display_name=wording.NETWORK_SHORT, addr_spec=config.sender)
    message["To"] = to
    if config.reply_to:
        message["Reply-To"] = config.reply_to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=config.sender.rpartition("@")[2] or None)
    message.set_content(body, charset="utf-8")
    if attachment is not None:
        data, name = attachment
        maintype, subtype = ATTACHMENT_TYPES[name[name.rfind("."):].lower()]
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message


def as_bytes(message: EmailMessage) -> bytes:
    # Unfolded headers: see core/letters/email_draft.py (French subjects folded badly by CPython).
    return message.as_bytes(policy=_UNFOLDED)


def company_recipient(fields: dict) -> Address:
    caller, company = fields["demandeur"], fields["entreprise"]
    found = address(caller["nom"] or company["nom"], caller["courriel"])
    if found is None:
        who = company["nom"] or caller["nom"] or f"l'appel n° {fields['appel']['numero']}"
        raise UserError(f"Aucune adresse électronique pour {who} (appel n° {fields['appel']['numero']}) : "
                        "saisissez le courriel de l'appelant sur l'appel.")
    return found


def contact_recipient(fields: dict) -> Address:
    contact = fields["orientation"]["contact"]
    found = address(contact["nom"], contact["courriel"])
    if found is None:
        raise UserError(f"Aucune adresse électronique pour le contact {contact['nom'] or '?'} "
                        f"({fields['orientation']['etablissement']['nom']}) : complétez-la au catalogue.")
    return found


def company_message(config: SmtpConfig, fields: dict, attachment: tuple[bytes, str]) -> EmailMessage:
    return build(config, to=company_recipient(fields), subject=fields["objet"],
                 body=render_body("courriel_entreprise", fields), attachment=attachment)


def notice_message(config: SmtpConfig, fields: dict, attachment: tuple[bytes, str] | None) -> EmailMessage:
    return build(config, to=contact_recipient(fields), subject=fields["objet"],
                 body=render_body("courriel_avis", fields), attachment=attachment)


def reminder_message(config: SmtpConfig, fields: dict) -> EmailMessage:
    company = fields["entreprise"]["nom"] or fields["demandeur"]["nom"] or "une entreprise"
    subject = f"Relance : mise en relation avec {company} – {fields['appel']['categorie']}"
    return build(config, to=contact_recipient(fields), subject=subject,
                 body=render_body("courriel_relance", fields))


def test_message(config: SmtpConfig, to_address: str, operator: str) -> EmailMessage:
    to = address("", to_address)
    if to is None:
        raise UserError(f"Adresse de test invalide : « {to_address} ».")
    fields = {"operateur": operator, "serveur": config.describe(),
              "reseau": {"nom": wording.NETWORK_NAME, "nom_court": wording.NETWORK_SHORT}, "date": date.today()}
    return build(config, to=to, subject=f"Test d'envoi – {wording.NETWORK_SHORT}",
                 body=render_body("courriel_test", fields))
