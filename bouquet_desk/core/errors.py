"""The two kinds of error: a UserError names what the user must fix (exit 2); anything else is a bug."""

from __future__ import annotations


class UserError(Exception):
    """Input refused or environment not usable; the message, in French, says what to fix."""
