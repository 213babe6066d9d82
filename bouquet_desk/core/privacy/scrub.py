"""Personal details cut out of free text: the person's own identifiers, any e-mail address or phone number,
and the name after a civility ("M. Dupont", "Mme Nowak"), which is how operators write who called."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

NAME = "[nom]"
PHONE = "[téléphone]"
EMAIL = "[e-mail]"

_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# Six digits or more with spaces, dots, dashes or a leading + between them: phone numbers however typed.
_PHONE = re.compile(r"\+?\d(?:[\s.\-/]*\d){5,}")
_CIVILITY = re.compile(
    r"\b(M\.|Mr\.?|Mme|Mlle|Monsieur|Madame|Mademoiselle)\s+"
    r"((?:[A-ZÀ-ÖØ-Þ][\w'’\-]*)(?:\s+[A-ZÀ-ÖØ-Þ][\w'’\-]*){0,2})"
)
# Name parts shorter than this ("Le", "Da") are too common to be cut out wherever they appear.
_MIN_NAME_PART = 3


@dataclass(frozen=True)
class Identifiers:
    """What identifies the people being anonymised: full names, name parts, phones, e-mails."""

    names: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()

    @classmethod
    def of(cls, people: Iterable[tuple[str | None, str | None, str | None]]) -> Identifiers:
        names, parts, phones, emails = set(), set(), set(), set()
        for name, phone, email in people:
            if name and name.strip():
                names.add(name.strip())
                parts.update(part for part in re.split(r"[\s\-]+", name.strip()) if len(part) >= _MIN_NAME_PART)
            if phone:
                phones.add(phone)
                if phone.startswith("+33"):
                    phones.add("0" + phone[3:])  # the same number typed the French way, without spaces
            if email:
                emails.add(email.strip())
        longest_first = lambda values: tuple(sorted(values, key=lambda n: (-len(n), n)))  # noqa: E731
        return cls(longest_first(names), longest_first(parts - names), tuple(sorted(phones)), tuple(sorted(emails)))

    @property
    def empty(self) -> bool:
        return not (self.names or self.phones or self.emails)

    def pattern(self, *, name_parts: bool = True) -> re.Pattern | None:
        """One regex for every identifier; names match whole words, any case, with or without accents.

        Name parts alone ("Julie", "Caron") are for the person's own records; in tables shared with other
        people (the history, the search log) only full names, numbers and addresses are taken, so that another
        Julie keeps her name.
        """
        names = (*self.names, *self.parts) if name_parts else self.names
        alternatives = [re.escape(value) for value in (*self.emails, *self.phones)]
        alternatives += [_accent_insensitive(name) for name in sorted(names, key=lambda n: (-len(n), n))]
        if not alternatives:
            return None
        return re.compile(r"(?<![\w@.])(?:" + "|".join(alternatives) + r")(?![\w@])", re.IGNORECASE)


def _accent_insensitive(name: str) -> str:
    out = []
    for char in name:
        base = unicodedata.normalize("NFKD", char)[0].lower()
        variants = {char.lower(), char.upper(), base, base.upper()}
        out.append("[" + "".join(re.escape(v) for v in sorted(variants)) + "]" if char.isalpha() else re.escape(char))
    return "".join(out)


def scrub_text(text: str | None, identifiers: Identifiers | None = None, *, pattern: re.Pattern | None = None) -> str:
    """`text` with the identifiers, e-mails, phone numbers and names after a civility replaced by markers."""
    if not text:
        return text or ""
    pattern = pattern if pattern is not None else (identifiers.pattern() if identifiers else None)
    result = _EMAIL.sub(EMAIL, text)
    if pattern is not None:
        result = pattern.sub(lambda m: EMAIL if "@" in m.group(0) else PHONE if m.group(0)[-1:].isdigit() else NAME,
                             result)
    result = _PHONE.sub(PHONE, result)
    result = _CIVILITY.sub(lambda m: f"{m.group(1)} {NAME}", result)
    return result


def scrub_json(text: str, pattern: re.Pattern | None) -> str:
    """A ChangeLog `changes` document with every string value scrubbed; the JSON shape is kept."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return scrub_text(text, pattern=pattern)
    return json.dumps(_walk(data, pattern), ensure_ascii=False, sort_keys=True)


def _walk(value, pattern):
    if isinstance(value, str):
        return scrub_text(value, pattern=pattern)
    if isinstance(value, list):
        return [_walk(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _walk(item, pattern) for key, item in value.items()}
    return value


def mentions(text: str | None, pattern: re.Pattern | None) -> bool:
    return bool(text) and pattern is not None and pattern.search(text) is not None
