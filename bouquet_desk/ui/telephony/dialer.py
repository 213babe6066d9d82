"""Click to dial from the window: the Preferences' command, Asterisk AMI, or the desktop's tel: handler.

Bouquet Desk takes the tel: and callto: links the window itself opens (QDesktopServices URL handler), so a
number clicked in a detail pane goes through here too. To hand a link on to the desktop's softphone it
lets go of the scheme for that one call, otherwise the link would come straight back.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices

from ...core.errors import UserError
from ...core.telephony import ami, dialing
from ...core.telephony.protocols import LINK_SCHEMES
from ...core.telephony.uri import number_from_link, tel_link

log = logging.getLogger("bouquet_desk.ui.telephony")


class Dialer(QObject):
    link_clicked = Signal(str)  # a number from a tel:/callto: link the window opened
    failed = Signal(str)  # French message

    def __init__(self, settings, runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.runner = runner
        self.handling_links = False

    def take_links(self) -> None:
        for scheme in LINK_SCHEMES:
            QDesktopServices.setUrlHandler(scheme, self, "open_link")
        self.handling_links = True

    def release_links(self) -> None:
        if self.handling_links:
            for scheme in LINK_SCHEMES:
                QDesktopServices.unsetUrlHandler(scheme)
            self.handling_links = False

    @Slot(QUrl)
    def open_link(self, url: QUrl) -> None:
        number = number_from_link(url.toString())
        if number:
            self.link_clicked.emit(number)

    def method(self) -> str:
        if self.settings.ami_host:
            return "ami"
        return "command" if self.settings.dial_command.strip() else "link"

    def dial(self, number: str) -> str:
        """Starts the dial; returns the number dialled (E.164 when French). UserError when impossible."""
        target = dialing.diallable(number)
        how = self.method()
        if how == "ami":
            server = ami.AmiServer.from_settings(self.settings)
            secret = ami.load_secret(server)
            self.runner.run(lambda: ami.originate(server, secret, dialing.national(target)), lambda _r: None,
                            lambda exc: self.failed.emit(str(exc)))
        elif how == "command":
            dialing.run_command(self.settings.dial_command, target)
        else:
            self._open_outside(QUrl(tel_link(target)))
        log.info("dialled %s by %s", target[:6] + "…", how)
        return target

    def _open_outside(self, url: QUrl) -> None:
        held = self.handling_links
        self.release_links()
        try:
            if not QDesktopServices.openUrl(url):
                raise UserError("Aucun logiciel de téléphonie n'ouvre les liens tel: sur ce poste : indiquez une "
                                "commande de numérotation dans les Préférences (Téléphonie).")
        finally:
            if held:
                self.take_links()
