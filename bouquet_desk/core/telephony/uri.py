"""tel: and callto: links (RFC 3966 and Skype's callto:), as a desktop hands them to the program it starts:
the number inside, without the scheme, the visual separators or the parameters."""

from __future__ import annotations

import re
from urllib.parse import unquote

SCHEMES = ("tel", "callto", "sip")
_SCHEME = re.compile(r"^(tel|callto|sip):(//)?", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s.\-()/]")


def is_phone_link(text: str) -> bool:
    return bool(_SCHEME.match(text.strip()))


def number_from_link(text: str) -> str:
    """"tel:+33-3-21-77-88-99;phone-context=…" → "+33321778899"; "" when there is no number."""
    rest = _SCHEME.sub("", text.strip(), count=1)
    rest = unquote(rest)
    rest = re.split(r"[;?]", rest, maxsplit=1)[0]
    if "@" in rest:  # sip:0321778899@pbx.example
        rest = rest.split("@", 1)[0]
    number = _SEPARATORS.sub("", rest)
    return number if re.fullmatch(r"\+?[0-9*#]{2,32}", number) else ""


def tel_link(e164_or_text: str) -> str:
    number = _SEPARATORS.sub("", e164_or_text or "")
    return f"tel:{number}"
