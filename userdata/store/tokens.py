"""Dataset ids and write keys: random, unguessable, checked against a strict pattern."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

# 24 random bytes = 192 bits, 32 URL-safe characters. An id is the only thing that protects a
# dataset without an owner, so it must be as unguessable as a password, never a counter.
ID_BYTES = 24
# 32 random bytes = 256 bits, 43 URL-safe characters.
KEY_BYTES = 32

_ID = re.compile(r"[A-Za-z0-9_-]{32}")
_KEY = re.compile(r"[A-Za-z0-9_-]{43}")


def _token(n_bytes: int) -> str:
    # A token starting with "-" reads as an option on a command line; drawing again costs
    # about 0.02 bits of the token's randomness. Tokens made before may start with "-".
    while (token := secrets.token_urlsafe(n_bytes)).startswith("-"):
        pass
    return token


def new_dataset_id() -> str:
    """A fresh dataset id: 192 random bits as 32 URL-safe characters, never starting with "-"."""
    return _token(ID_BYTES)


def is_dataset_id(value: object) -> bool:
    """Whether ``value`` has the exact shape of a dataset id (check ids from URLs with it)."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def new_write_key() -> str:
    """A fresh write key: 256 random bits as 43 URL-safe characters, never starting with "-"."""
    return _token(KEY_BYTES)


def key_hash(write_key: str) -> str:
    """The sha256 hex digest stored in place of a write key."""
    return hashlib.sha256(write_key.encode("ascii")).hexdigest()


def key_matches(write_key: object, stored_hash: str) -> bool:
    """Whether ``write_key`` is the key whose hash is ``stored_hash``, in constant time."""
    if not isinstance(write_key, str) or _KEY.fullmatch(write_key) is None:
        return False
    return hmac.compare_digest(key_hash(write_key), stored_hash)
