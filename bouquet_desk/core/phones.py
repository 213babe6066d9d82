"""Phone numbers: stored in E.164 so that an incoming call matches however the number was typed,
shown in the French way ("03 21 77 88 99") because that is how operators read and dial them."""

from __future__ import annotations

import re

# phonenumbers (its metadata, ~0.1 s to import) is imported by the functions that need it: the window's start
# shows French numbers by hand (_FRENCH_E164) and parses none before the operator types one.

DEFAULT_REGION = "FR"
# A French number in E.164: +33 and nine digits, shown as five pairs from its leading 0 (« 03 21 77 88 99 »).
_FRENCH_E164 = re.compile(r"^\+33[1-79][0-9]{8}$")  # 08 numbers have groupings of their own


def parse_phone(text: str | int | None) -> str | None:
    """The number in E.164 ("+33321778899"), or None when the text is not a valid phone number.

    Accepts what people type: spaces, dots, dashes, "+33 (0)3 ...", "0033...", and the 9 digits left by a
    spreadsheet that read "03 21 ..." as a number and dropped the leading zero.
    """
    if text is None:
        return None
    raw = str(text).strip()
    if not raw:
        return None
    raw = raw.replace("(0)", "")
    import phonenumbers
    from phonenumbers import NumberParseException, PhoneNumberFormat

    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def format_phone(e164: str | None) -> str:
    """French display: "03 21 77 88 99" for French numbers, "+32 2 555 12 12" for foreign ones; "" for None.

    A value that is not E.164 (typed by hand before validation existed) is shown as stored.
    """
    if not e164:
        return ""
    if _FRENCH_E164.match(e164):  # the usual case, by hand: phonenumbers takes ~0.5 ms, a long call log shows many
        digits = "0" + e164[3:]
        return " ".join(digits[at:at + 2] for at in range(0, 10, 2))
    import phonenumbers
    from phonenumbers import NumberParseException, PhoneNumberFormat

    try:
        number = phonenumbers.parse(e164, DEFAULT_REGION)
    except NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(number) == DEFAULT_REGION:
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
