"""The one error type of the dataset store, with stable codes the UI translates."""

from __future__ import annotations

# Every code the store raises, with the meaning of its args. The UI keeps one text per code
# in each language; a test checks that this table and the raised codes stay in step.
CODES: dict[str, tuple[str, ...]] = {
    # Unknown id, malformed id, or a dataset the caller may not read: one answer for all three,
    # so that whether a dataset exists never leaks.
    "not_found": (),
    # The dataset is readable by the caller, but the write key is wrong and the caller is not
    # its signed-in owner.
    "bad_key": (),
    # reason: "empty" or "too_long"; limit: the most characters allowed.
    "bad_name": ("reason", "limit"),
    "bad_file_name": ("reason", "limit"),
    # An owner, colleague or signed-in user that is not an e-mail address.
    "bad_principal": (),
    # what: "original" (not bytes), "content" or "roles" (not a JSON-serialisable dict).
    "bad_content": ("what",),
    # what: "original", "content" or "roles"; size and limit in bytes.
    "too_large": ("what", "size", "limit"),
    # Sharing a dataset that has no owner: anyone with its link can already read it.
    "no_owner": (),
    # found: the version in the database; known: the newest version this code knows.
    "schema_too_new": ("found", "known"),
    # where: "host:port" of the database server, or the SQLite file's path. Never a password.
    "unavailable": ("where",),
    # reason: "unparsable", "unsupported_backend", "relative_path" or "in_memory".
    "bad_url": ("reason",),
    # name: the environment variable whose value cannot be used (a relative folder).
    "bad_setting": ("name",),
    # The store was used after close().
    "closed": (),
}


class StoreError(Exception):
    """A dataset-store failure, identified by a stable ``code`` and plain-value ``args``.

    Parameters
    ----------
    code : str
        One of :data:`CODES`.
    *args : str or int
        The values listed for the code in :data:`CODES`, in that order.

    Notes
    -----
    The message is built from the code and args only, never from user data or a database URL's
    password, so it is safe to log.
    """

    def __init__(self, code: str, *args: str | int) -> None:
        if code not in CODES:
            raise ValueError(f"unknown store error code {code!r}")
        super().__init__(*args)
        self.code = code

    def __str__(self) -> str:
        if not self.args:
            return self.code
        return f"{self.code}: " + ", ".join(str(a) for a in self.args)

    def __repr__(self) -> str:
        return f"StoreError({', '.join(repr(v) for v in (self.code, *self.args))})"

    @property
    def values(self) -> dict[str, str | int]:
        """The args by the names :data:`CODES` gives them."""
        return dict(zip(CODES[self.code], self.args, strict=False))

    def text(self, lang: str) -> str:
        """The failure in the reader's language (``store_<code>`` in the catalogues)."""
        from geo.i18n import t  # the store is usable without the atlas's texts loaded

        return t(f"store_{self.code}", lang, **self.values)
