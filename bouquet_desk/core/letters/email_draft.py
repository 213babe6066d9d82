"""E-mail drafts (.eml) that the operator opens in the mail program, checks and sends, with the letter attached.

Plain text only: it reads the same in every mail program and cannot carry anything a template injected.
"X-Unsent: 1" makes Outlook open the file as a draft ready to send rather than as a received message.
"""

from __future__ import annotations

from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate

from . import wording

_UNFOLDED = policy.SMTP.clone(max_line_length=998)
ATTACHMENT_TYPES = {
    ".pdf": ("application", "pdf"),
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def build_eml(*, subject: str, body: str, attachment: bytes, attachment_name: str, to_address: str = "",
              to_name: str = "") -> bytes:
    """The message as bytes (CRLF lines, headers encoded for non-ASCII). Without a valid address there is no
    To: header, and the operator fills it in."""
    message = EmailMessage(policy=policy.SMTP)
    recipient = _address(to_name, to_address)
    if recipient is not None:
        message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["X-Unsent"] = "1"
    message.set_content(body, charset="utf-8")
    suffix = attachment_name[attachment_name.rfind("."):].lower()
    maintype, subtype = ATTACHMENT_TYPES[suffix]
    message.add_attachment(attachment, maintype=maintype, subtype=subtype, filename=attachment_name)
    # Headers written unfolded: CPython folds a French subject between a plain word and an encoded word in a
    # way that mail programs read back with a doubled space ("les  établissements"). Lines stay under
    # RFC 5322's 998 characters; the body was already wrapped (quoted-printable) when it was set.
    return message.as_bytes(policy=_UNFOLDED)


def _address(name: str, address: str) -> Address | None:
    address = address.strip()
    if "@" not in address:
        return None
    try:
        return Address(display_name=name.replace("\n", " "), addr_spec=address)
    except (ValueError, IndexError, HeaderParseError):
        # A malformed address from the catalogue: better a draft without To than no draft.
        return None


def _lines(*lines: str) -> str:
    return "\n".join(line for line in lines if line is not None)


def company_body(fields: dict) -> str:
    contacts = []
    for item in fields["orientations"]:
        contact, establishment = item["contact"], item["etablissement"]
        who = ", ".join(part for part in (contact["nom"], contact["fonction"]) if part)
        reach = " – ".join(part for part in (contact["telephone"], contact["courriel"]) if part)
        contacts += [f"- {who}", f"  {establishment['nom']}"] + ([f"  {reach}"] if reach else [])
    return _lines(
        fields["formule_appel"], "",
        f"Suite à votre appel du {fields['appel']['date']}, vous trouverez ci-joint notre courrier de mise en "
        "relation avec " + ("les interlocuteurs" if fields["plusieurs"] else "l'interlocuteur")
        + " qui répond" + ("ent" if fields["plusieurs"] else "") + " à votre demande :", "",
        *contacts, "",
        ("Chaque interlocuteur prendra" if fields["plusieurs"] else "Votre interlocuteur prendra")
        + f" contact avec vous d'ici le {fields['echeance']}. Sans nouvelles à cette date, rappelez-nous : "
        "nous ferons le lien.", "",
        "Bien cordialement,", "", fields["signataire"]["nom"], fields["signataire"]["qualite"],
    )


def contact_body(fields: dict) -> str:
    referral, company, caller = fields["orientation"], fields["entreprise"], fields["demandeur"]
    who = company["nom"] or caller["nom"] or "une entreprise"
    subject = "l'entreprise" if company["nom"] else "elle"
    greeting = " ".join(part for part in (referral["contact"]["prenom"], referral["contact"]["nom_de_famille"]) if part)
    details = [
        ("Interlocuteur", caller["nom"] if company["nom"] else ""), ("Téléphone", caller["telephone"]),
        ("Courriel", caller["courriel"]), ("Adresse", company["adresse_complete"]),
        ("Demande", fields["appel"]["categorie"]), ("Recherche", fields["appel"]["recherche"]),
        ("Précisions", fields["appel"]["notes"].replace("\n", " ")),
    ]
    return _lines(
        "Bonjour" + (f" {greeting}," if greeting else ","), "",
        f"Le {fields['appel']['date']}, {who} a contacté le {wording.NETWORK_SHORT} : "
        f"{subject} souhaite {fields['appel']['besoin']}. "
        "Nous lui avons transmis vos coordonnées.", "",
        *(f"{label} : {value}" for label, value in details if value), "",
        f"Merci de prendre contact avec elle au plus tard le {referral['echeance']} et de nous dire la suite "
        "donnée. L'avis de mise en relation est joint.", "",
        "Bien cordialement,", "", fields["signataire"]["nom"], fields["signataire"]["qualite"],
    )
