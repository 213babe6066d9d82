"""tel: and callto: links opening Bouquet Desk on Windows: per-user URL protocol keys under
HKEY_CURRENT_USER\\Software\\Classes (no administrator needed). The keys are computed by a pure function
(tested everywhere); only register() touches the registry, and only on Windows."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import UserError
from .uri import SCHEMES

LINK_SCHEMES = tuple(scheme for scheme in SCHEMES if scheme != "sip")


def registry_entries(command: list[str]) -> list[tuple[str, str, str]]:
    """(key under HKCU, value name, data) for every scheme; "" is the key's default value.

    `command` is how to start Bouquet Desk (the bundle's .exe, or python -m bouquet_desk); the link is
    passed as its last argument, quoted.
    """
    start = " ".join(f'"{part}"' for part in command) + ' "%1"'
    icon = f'"{command[0]}",0'
    entries = []
    for scheme in LINK_SCHEMES:
        root = rf"Software\Classes\{scheme}"
        entries += [
            (root, "", f"URL:{scheme} (Bouquet Desk)"),
            (root, "URL Protocol", ""),
            (rf"{root}\DefaultIcon", "", icon),
            (rf"{root}\shell\open\command", "", start),
        ]
    return entries


def current_command() -> list[str]:
    if getattr(sys, "frozen", False):  # the PyInstaller bundle
        # The window without a console beside the console one (packaging/windows): no black box per link.
        windowless = Path(sys.executable).with_name("BouquetDesk.exe")
        return [str(windowless if windowless.exists() else Path(sys.executable))]
    return [sys.executable, "-m", "bouquet_desk"]


def register(command: list[str] | None = None) -> list[tuple[str, str, str]]:
    if not sys.platform.startswith("win"):
        raise UserError("L'enregistrement des liens tel: et callto: dans le registre ne concerne que Windows ; "
                        "sous Linux, le fichier bouquet-desk.desktop les déclare.")
    import winreg  # noqa: PLC0415 - Windows only

    entries = registry_entries(command or current_command())
    for key, name, data in entries:
        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, key, 0, winreg.KEY_SET_VALUE) as handle:
            winreg.SetValueEx(handle, name, 0, winreg.REG_SZ, data)
    return entries
