"""Checks of the identifiers found in catalogues and company files (UAI, SIRET, CFD, ROME, e-mail).

Kept free of any catalogue detail so that the companies and calls code can reuse them.
"""

from __future__ import annotations

import re

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # 23 letters: I, O and Q are left out to avoid confusion with 1 and 0

_UAI = re.compile(r"^\d{7}[A-Z]$")
_CFD = re.compile(r"^[0-9A-Z]{8}$")
_ROME = re.compile(r"^[A-N]\d{4}$")
# Deliberately loose: one @, a dot in the domain, no spaces. Stricter rules reject real addresses.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")

# La Poste's establishments share one SIREN and are numbered past what Luhn allows;
# INSEE accepts them when the digit sum is a multiple of 5.
LA_POSTE_SIREN = "356000000"


def uai_check_letter(first7: str) -> str:
    """The check letter of a UAI from its first seven digits."""
    return UAI_LETTERS[int(first7) % 23]


def uai_problem(uai: str) -> str | None:
    """None when `uai` is a well-formed UAI (upper case expected), else the reason in French."""
    if len(uai) != 8:
        return f"code UAI invalide : 8 caractères attendus (7 chiffres et une lettre), {len(uai)} trouvés"
    if not _UAI.match(uai):
        return "code UAI invalide : 7 chiffres puis une lettre attendus"
    expected = uai_check_letter(uai[:7])
    if uai[7] != expected:
        return f"code UAI invalide : la lettre de contrôle devrait être {expected}"
    return None


def is_valid_uai(uai: str) -> bool:
    return uai_problem(uai.strip().upper()) is None


def luhn_is_valid(digits: str) -> bool:
    """Luhn checksum (SIREN, SIRET): doubling every second digit from the right."""
    if not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalize_siret(text: str) -> str:
    """Digits only: SIRETs are printed with spaces ("123 456 789 00012")."""
    return re.sub(r"[\s.\-]", "", text)


def siren_is_valid(siren: str) -> bool:
    siren = normalize_siret(siren)
    return len(siren) == 9 and luhn_is_valid(siren)


def siret_problem(siret: str) -> str | None:
    """None when `siret` (spaces allowed) is a valid SIRET, else the reason in French."""
    digits = normalize_siret(siret)
    if not digits.isdigit() or len(digits) != 14:
        return f"SIRET invalide : 14 chiffres attendus, {len(digits)} caractères trouvés"
    if luhn_is_valid(digits):
        return None
    if digits.startswith(LA_POSTE_SIREN) and sum(int(c) for c in digits) % 5 == 0:
        return None
    return "SIRET invalide : la clé de contrôle (Luhn) ne correspond pas"


def is_valid_siret(siret: str) -> bool:
    return siret_problem(siret) is None


def cfd_problem(cfd: str) -> str | None:
    if len(cfd) != 8:
        return f"code CFD invalide : 8 caractères attendus, {len(cfd)} trouvés"
    if not _CFD.match(cfd):
        return "code CFD invalide : seuls des chiffres et des lettres sont admis"
    return None


def is_valid_rome(code: str) -> bool:
    return bool(_ROME.match(code))


def is_valid_email(address: str) -> bool:
    return bool(_EMAIL.match(address))
