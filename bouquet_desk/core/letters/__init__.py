"""Follow-up letters: the letter confirming a referral to the company, the notice to the contact, their PDF and
e-mail drafts, archived with the call. Qt-free; the window calls these functions through its runner.

    create_letters(context, call_id, to="company" | "contact")  -> (LetterInfo, ...)   render and archive
    list_letters(context, call_id) / open_letter(context, letter_id)                   the archive of a call
    letter_pdf(context, letter_id) / letter_email(context, letter_id)                  PDF bytes, EmailDraft
    export_letter(context, letter_id, docx=…, pdf=…, eml=…)                            files on disk
    pending_calls(context) / send_pending(context, out_dir, progress=…)                the bulk round
    mark_sent(context, letter_ids)
"""

from ..deferred import names_from

# Where each public name lives. Loaded on first use (PEP 562): the window imports this package at start-up,
# and rendering pulls in python-docx, which must not delay the first paint.
_HOMES = {
    "LetterFile": "archive", "LetterInfo": "archive", "list_letters": "archive", "mark_sent": "archive",
    "open_letter": "archive",
    "BulkResult": "bulk", "PendingCall": "bulk", "pending_calls": "bulk", "send_pending": "bulk",
    "create_letters": "compose",
    "EmailDraft": "outputs", "export_letter": "outputs", "letter_email": "outputs", "letter_pdf": "outputs",
    "soffice_path": "pdf",
    "TemplateRef": "templates", "find_template": "templates", "list_templates": "templates",
}

__getattr__ = names_from(__name__, _HOMES)

__all__ = [
    "BulkResult", "EmailDraft", "LetterFile", "LetterInfo", "PendingCall", "TemplateRef", "create_letters",
    "export_letter", "find_template", "letter_email", "letter_pdf", "list_letters", "list_templates", "mark_sent",
    "open_letter", "pending_calls", "send_pending", "soffice_path",
]
