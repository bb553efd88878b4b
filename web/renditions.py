"""What a public route answers for one view, made once and kept in a bounded cache.

A :class:`Rendition` is the bytes of a view in one form (page, embed, PNG…) with its ETag
and, where compressing pays, its gzip encoding, made once: a cached answer costs a lookup,
not a compression. The gzip stream carries no timestamp (``mtime=0``), so every replica
makes the same bytes and the same ETags, and a cache in front of them holds one copy.

:class:`Renditions` keeps them up to a number of bytes, dropping the least recently used,
and makes each missing one once however many readers ask for it at the same moment.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

# Media types the browser or Starlette already receive compressed: gzip would only cost.
_PRECOMPRESSED = ("image/png",)
GZIP_LEVEL = 6  # level 9 takes twice as long for about 1 % less
CACHE_ENV = "MONOQALA_PUBLIC_CACHE_MB"
DEFAULT_CACHE_MB = 64.0


@dataclass(frozen=True)
class Rendition:
    """One answer's bytes: ``body`` (identity), ``gzipped`` (or None), the ``etag`` of the
    body (quoted), its media type and headers of its own (``Content-Security-Policy``…)."""

    body: bytes
    media_type: str
    etag: str
    gzipped: bytes | None = field(default=None, repr=False)
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"")


def make_rendition(
    body: bytes, media_type: str, headers: tuple[tuple[str, str], ...] = ()
) -> Rendition:
    """A rendition of ``body``: its ETag (a digest of the bytes) and its gzip encoding."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    gzipped = None
    if not media_type.startswith(_PRECOMPRESSED):
        gzipped = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
    return Rendition(body, media_type, etag, gzipped, headers)


def cache_bytes(environ: dict[str, str] | None = None) -> int:
    """The cache's bound from ``$MONOQALA_PUBLIC_CACHE_MB`` (0 turns it off), in bytes."""
    raw = (environ if environ is not None else os.environ).get(CACHE_ENV, "")
    try:
        megabytes = float(raw) if raw.strip() else DEFAULT_CACHE_MB
    except ValueError:
        raise ValueError(f"${CACHE_ENV}={raw!r} is not a number of megabytes") from None
    if not megabytes >= 0:  # also false for nan
        raise ValueError(f"${CACHE_ENV}={raw!r} must be 0 (off) or more megabytes")
    return int(megabytes * 1024 * 1024)


class Renditions:
    """A bounded, thread-safe cache of renditions that makes each missing one once.

    Parameters
    ----------
    max_bytes : int
        The most bytes kept (bodies and their gzip encodings); 0 keeps nothing. One entry
        larger than a quarter of it is made and answered, but not kept.
    on_hit, on_miss : callable, optional
        Called with no argument for each answer found, or made (counters for operations).
    """

    def __init__(
        self,
        max_bytes: int,
        on_hit: Callable[[], None] | None = None,
        on_miss: Callable[[], None] | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.on_hit, self.on_miss = on_hit, on_miss
        self._entries: OrderedDict[Hashable, Rendition] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Event] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        """Bytes held now."""
        return self._size

    def get(self, key: Hashable) -> Rendition | None:
        """The rendition kept under ``key``, or None; never waits for one being made."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
        if found is not None and self.on_hit:
            self.on_hit()
        return found

    def get_or_make(self, key: Hashable, make: Callable[[], Rendition]) -> Rendition:
        """The rendition under ``key``, made by ``make`` if missing. Blocking: while one
        thread makes it, the others asking for the same key wait for it."""
        while True:
            with self._lock:
                found = self._entries.get(key)
                if found is not None:
                    self._entries.move_to_end(key)
                    break
                waiting = self._making.get(key)
                if waiting is None:
                    self._making[key] = threading.Event()
                    break
            waiting.wait()
            if self.max_bytes == 0 or not waiting.made:  # nothing kept: make our own
                return self._make(key, make)
        if found is not None:
            if self.on_hit:
                self.on_hit()
            return found
        return self._make(key, make, owner=True)

    def _make(self, key: Hashable, make: Callable[[], Rendition], owner: bool = False):
        if self.on_miss:
            self.on_miss()
        made = False
        try:
            rendition = make()
            made = self._keep(key, rendition)
            return rendition
        finally:
            if owner:
                with self._lock:
                    event = self._making.pop(key)
                event.made = made
                event.set()

    def _keep(self, key: Hashable, rendition: Rendition) -> bool:
        if rendition.size * 4 > self.max_bytes:
            return False
        with self._lock:
            old = self._entries.pop(key, None)
            self._size -= old.size if old is not None else 0
            self._entries[key] = rendition
            self._size += rendition.size
            while self._size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._size -= dropped.size
        return True

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0
