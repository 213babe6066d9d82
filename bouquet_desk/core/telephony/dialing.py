"""Click to dial: how a number leaves the window. A command template from the Preferences ("microsip.exe %n",
"linphone call %n") is run without a shell; otherwise the desktop opens a tel: link (its softphone);
with an Asterisk server set, an AMI Originate rings the operator's own phone first (ami.py)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import threading

from ..errors import UserError
from ..phones import parse_phone

_DIALLABLE = re.compile(r"\+?[0-9]{2,20}")


def diallable(number: str) -> str:
    """The digits a telephone dials: "+33321778899" for a French number written any way, else the digits."""
    e164 = parse_phone(number)
    if e164:
        return e164
    digits = re.sub(r"[\s.\-()/]", "", number or "")
    if not _DIALLABLE.fullmatch(digits):
        raise UserError(f"Numéro impossible à composer : « {number} ».")
    return digits


def national(number: str) -> str:
    """"+33321778899" → "0321778899": what a French PBX dials (its outside line prefix is the dial plan's job)."""
    if number.startswith("+33") and len(number) == 12:
        return "0" + number[3:]
    return number


def command_line(template: str, number: str) -> list[str]:
    """The argument list of a dial command: %n the number (E.164), %N the national form, %% a percent.

    Without %n or %N, the number is added at the end. Split like a shell would (quotes kept together) but
    never run through one, so a number cannot inject anything.
    """
    try:
        parts = shlex.split(template, posix=not sys.platform.startswith("win"))
    except ValueError as exc:
        raise UserError(f"Commande de numérotation illisible : {exc}.") from None
    if not parts:
        raise UserError("Commande de numérotation vide.")
    out, placed = [], False
    for part in parts:
        if "%n" in part or "%N" in part:
            placed = True
        out.append(part.replace("%%", "\0").replace("%n", number).replace("%N", national(number)).replace("\0", "%"))
    if not placed:
        out.append(number)
    return out


def run_command(template: str, number: str) -> None:
    args = command_line(template, number)
    try:
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=not sys.platform.startswith("win"))
    except OSError as exc:
        raise UserError(f"La commande de numérotation « {args[0]} » n'a pas pu être lancée : "
                        f"{exc.strerror or exc}. Vérifiez-la dans les Préférences.") from None
    # Softphones often stay running: reaped in the background, so no zombie is left behind.
    threading.Thread(target=process.wait, name="dial-command", daemon=True).start()
