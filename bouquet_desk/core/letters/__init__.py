"""Follow-up letters: the letter confirming a referral to the company, the notice to the contact, their PDF and
e-mail drafts, archived with the call. Qt-free; the window calls these functions through its runner.

    create_letters(context, call_id, to="company" | "contact")  -> (LetterInfo, ...)   render and archive
    list_letters(context, call_id) / open_letter(context, letter_id)                   the archive of a call
    letter_pdf(context, letter_id) / letter_email(context, letter_id)                  PDF bytes, EmailDraft
    export_letter(context, letter_id, docx=…, pdf=…, eml=…)                            files on disk
    pending_calls(context) / send_pending(context, out_dir, progress=…)                the bulk round
    mark_sent(context, letter_ids)
"""

from .archive import LetterFile, LetterInfo, list_letters, mark_sent, open_letter
from .bulk import BulkResult, PendingCall, pending_calls, send_pending
from .compose import create_letters
from .outputs import EmailDraft, export_letter, letter_email, letter_pdf
from .pdf import soffice_path
from .templates import TemplateRef, find_template, list_templates

__all__ = [
    "BulkResult", "EmailDraft", "LetterFile", "LetterInfo", "PendingCall", "TemplateRef", "create_letters",
    "export_letter", "find_template", "letter_email", "letter_pdf", "list_letters", "list_templates", "mark_sent",
    "open_letter", "pending_calls", "send_pending", "soffice_path",
]
