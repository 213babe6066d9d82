"""The environment's failures, named for the operator: a full disk, a database locked by another PC, a
server gone, a read-only folder, not enough memory. Each becomes a UserError (exit 2, a French message saying
what to do) instead of an "erreur inattendue"; what was being saved is rolled back by the session, so nothing
is half-written. Anything not recognised here stays a bug (exit 1).
"""

from __future__ import annotations

import errno
import sqlite3
import sys

from ..errors import UserError

DISK_FULL = ("Disque plein : rien n'a été enregistré. Libérez de la place sur le disque des données "
             "(ou celui du fichier demandé), puis recommencez.")
DISK_ERROR = ("Écriture impossible sur le disque (plein ou défaillant) : rien n'a été enregistré. Libérez de la "
              "place sur le disque des données ou vérifiez-le, puis recommencez.")
LOCKED = ("Base de données occupée par un autre poste depuis plus de 10 secondes (une importation ou une "
          "sauvegarde en cours ?) : rien n'a été enregistré, recommencez dans un instant.")
SERVER_LOST = ("Connexion au serveur PostgreSQL perdue pendant l'opération : rien n'a été enregistré. "
               "Vérifiez le réseau et le serveur, puis recommencez.")
READ_ONLY = ("Dossier ou base en lecture seule : impossible d'écrire ({what}). Donnez un dossier où vous "
             "avez le droit d'écrire (--data-dir, --db) ou demandez ce droit.")
NO_MEMORY = "Mémoire insuffisante pour cette opération : fermez d'autres programmes ou donnez un fichier plus petit."
NUL_TEXT = "Un texte contient un caractère nul (U+0000), refusé par la base : retirez-le et recommencez."

_LOCKED = ("database is locked", "database table is locked", "lock timeout", "could not obtain lock")
_FULL = ("database or disk is full", "no space left on device", "disk full", "could not extend file")
_LOST = ("server closed the connection", "terminating connection", "connection already closed",
         "consuming input failed", "connection is closed", "ssl connection has been closed", "connection reset",
         "the connection is lost", "lost synchronization", "server conn crashed")
_READ_ONLY = ("attempt to write a readonly database", "readonly database", "read-only file system",
              "unable to open database file")


class _NotLoaded(Exception):
    """Stands for SQLAlchemy's DBAPIError while SQLAlchemy is not loaded: no exception is one then."""


def _dbapi_error() -> type[BaseException]:
    # The window's error boxes import this module on the way to the first paint, which SQLAlchemy must not delay
    # (it loads once the window is on screen); nor may explaining an error import anything.
    module = sys.modules.get("sqlalchemy.exc")
    return module.DBAPIError if module is not None else _NotLoaded


def _text(exc: BaseException) -> str:
    parts = [str(exc)]
    if isinstance(exc, _dbapi_error()) and exc.orig is not None:
        parts.append(str(exc.orig))
    return " ".join(parts).lower()


def explain(exc: BaseException) -> UserError | None:
    """The UserError telling what happened, or None when this is not the environment's doing."""
    if isinstance(exc, UserError):
        return exc
    if isinstance(exc, MemoryError):
        return UserError(NO_MEMORY)
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return UserError(DISK_FULL)
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return UserError(READ_ONLY.format(what=exc.filename or exc.strerror or exc))
        return None
    cause = exc.__cause__ or exc.__context__
    database_error = _dbapi_error()
    if isinstance(exc, database_error):
        text = _text(exc)
        if any(marker in text for marker in _FULL):
            return UserError(DISK_FULL)
        if "disk i/o error" in text:
            return UserError(DISK_ERROR)
        if any(marker in text for marker in _LOCKED):
            return UserError(LOCKED)
        if any(marker in text for marker in _READ_ONLY):
            return UserError(READ_ONLY.format(what="base de données"))
        if exc.connection_invalidated or any(marker in text for marker in _LOST):
            return UserError(SERVER_LOST)
        if "nul" in text and "0x00" in text:
            return UserError(NUL_TEXT)
    if isinstance(exc, sqlite3.Error):  # raised outside SQLAlchemy (backups)
        text = str(exc).lower()
        if any(marker in text for marker in _FULL):
            return UserError(DISK_FULL)
        if "disk i/o error" in text:
            return UserError(DISK_ERROR)
    if isinstance(exc, ValueError) and "nul (0x00)" in str(exc).lower():
        return UserError(NUL_TEXT)
    if cause is not None and cause is not exc and isinstance(cause, (OSError, database_error, MemoryError)):
        return explain(cause)
    return None


_OS_REASONS = {
    errno.ENOSPC: "disque plein", errno.EDQUOT: "quota du disque atteint", errno.EFBIG: "fichier trop gros pour le disque",
    errno.EROFS: "disque ou dossier en lecture seule", errno.EACCES: "accès refusé (fichier ouvert ailleurs ou "
    "dossier protégé)", errno.EPERM: "opération non permise", errno.ENOENT: "fichier ou dossier introuvable",
    errno.EISDIR: "c'est un dossier, pas un fichier", errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.ENAMETOOLONG: "nom de fichier trop long", errno.EEXIST: "existe déjà", errno.EIO: "erreur du disque",
    errno.EBUSY: "fichier occupé par un autre programme", errno.ETXTBSY: "fichier occupé par un autre programme",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in French (the system's own text is in the system's language)."""
    return _OS_REASONS.get(exc.errno, exc.strerror or exc.__class__.__name__)
