"""Cleaning of the text users type: dataset names, file names and e-mail addresses."""

from __future__ import annotations

import re
import unicodedata

from userdata.bidi import BIDI_CONTROLS
from userdata.store.errors import StoreError

NAME_MAX = 200
FILE_NAME_MAX = 255
# RFC 5321: 64 for the local part + "@" + 255 for the domain.
PRINCIPAL_MAX = 320

# Bidirectional controls can make a name display as something else ("txt.exe" shown as
# "exe.txt"); zero-width spaces and the BOM make two names look equal that are not.
_INVISIBLE = BIDI_CONTROLS | frozenset("\u061c\u200b\ufeff")
# Control characters, line and paragraph separators become spaces; lone surrogates
# cannot be stored as UTF-8 at all.
_SPACE_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})
_SPACES = re.compile(r"\s+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


def _clean(value: str) -> str:
    """NFC-normalised ``value`` with invisible characters dropped and spaces collapsed."""
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    out = []
    for char in unicodedata.normalize("NFC", value):
        category = unicodedata.category(char)
        if char in _INVISIBLE or category == "Cs":
            continue
        out.append(" " if category in _SPACE_CATEGORIES else char)
    return _SPACES.sub(" ", "".join(out)).strip()


def clean_name(value: str) -> str:
    """A dataset name without control or bidi characters, 1 to 200 characters.

    Raises
    ------
    StoreError
        ``bad_name`` with reason ``"empty"`` or ``"too_long"`` and the limit.
    """
    name = _clean(value)
    if not name:
        raise StoreError("bad_name", "empty", NAME_MAX)
    if len(name) > NAME_MAX:
        raise StoreError("bad_name", "too_long", NAME_MAX)
    return name


def clean_file_name(value: str) -> str:
    """The last path component of an uploaded file's name, cleaned like a dataset name.

    Raises
    ------
    StoreError
        ``bad_file_name`` with reason ``"empty"`` or ``"too_long"`` and the limit.
    """
    # Browsers on Windows used to send the whole path; only the name is the user's business.
    name = _clean(re.split(r"[/\\]", value)[-1] if isinstance(value, str) else value)
    if not name:
        raise StoreError("bad_file_name", "empty", FILE_NAME_MAX)
    if len(name) > FILE_NAME_MAX:
        raise StoreError("bad_file_name", "too_long", FILE_NAME_MAX)
    return name


def principal_or_none(value: str | None) -> str | None:
    """The e-mail address ``value`` in lower case, or None when it is not one.

    Hidden characters are refused rather than removed: an address that needs cleaning is not
    the address the sign-in gave.
    """
    if not isinstance(value, str):
        return None
    email = unicodedata.normalize("NFC", value).strip()
    if len(email) > PRINCIPAL_MAX or _EMAIL.fullmatch(email) is None:
        return None
    if any(c in _INVISIBLE or unicodedata.category(c)[0] in "CZ" for c in email):
        return None
    return email.lower()


def principal(value: str) -> str:
    """Like :func:`principal_or_none`, but raise ``bad_principal`` for a non-address."""
    email = principal_or_none(value)
    if email is None:
        raise StoreError("bad_principal")
    return email
