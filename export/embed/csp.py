"""The embed's Content-Security-Policy: its own inline code, allowed by hash, and nothing else.

An embed is one file with no request leaving it, so its policy can forbid everything
(``default-src 'none'``) and allow only the ``<script>`` and ``<style>`` blocks it holds, each
by the SHA-256 of its text. The hashes follow from the text, so the same view gives the same
file and the same policy. The file carries the policy in a ``<meta>`` element (which also
works opened from disk); a server that sets headers can send :func:`header` as well, with
``frame-ancestors``, which browsers ignore in ``<meta>``.

Nothing of the page needs more: no ``style=""`` attributes or inline event handlers (the
colours are classes, see :func:`layers.style.colour_class`), no images (Leaflet's marker and
layer-switcher pictures belong to controls an embed does not have), no fonts, no fetches.
"""

from __future__ import annotations

import base64
import hashlib
import re

# An inline block as the page writes it: a bare tag (no src, no type), its text, the end tag.
# Text from data never holds "</" inside a block (layers.vector.safe_json escapes it), and
# outside the blocks it is escaped HTML, so the blocks are exactly these.
_BLOCK = re.compile(r"<(script|style)>(.*?)</\1>", re.S)
_ANY_TAG = re.compile(r"<(?:script|style)\b", re.I)
_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
CHARSET = '<meta charset="utf-8">'

# Where an embed may be framed: anywhere (it is made to be embedded); a host that serves
# the file itself may narrow this to its own sites. Header only: ignored in <meta>.
FRAME_ANCESTORS = "*"


class PolicyError(ValueError):
    """The page holds code the policy cannot allow by hash (a bug in the page's making)."""


def inline_blocks(page: str) -> dict[str, list[str]]:
    """The text of every inline ``<script>`` and ``<style>`` block of ``page``, in order."""
    found: dict[str, list[str]] = {"script": [], "style": []}
    for match in _BLOCK.finditer(page):
        found[match.group(1)].append(match.group(2))
    # Any other script or style tag (with a src, a type, attributes) would be refused.
    rest = _BLOCK.sub("", page)
    if _ANY_TAG.search(rest):
        tag = rest[_ANY_TAG.search(rest).start() :][:60]
        raise PolicyError(f"the page holds a script or style the policy cannot hash: {tag!r}")
    return found


def source_hash(text: str) -> str:
    """The CSP source that allows an inline block holding ``text``: ``'sha256-…'``.

    Browsers hash the block's text as they parsed it: line ends are LF by then.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _sources(texts: list[str]) -> str:
    hashes = list(dict.fromkeys(source_hash(t) for t in texts))  # once each, in page order
    return " ".join(hashes) if hashes else "'none'"


def policy(page: str, header: bool = False) -> str:
    """The policy of ``page``: its blocks allowed by hash, everything else refused.

    ``header``: the form for an HTTP header, with ``frame-ancestors`` (ignored in ``<meta>``,
    where Chromium also warns about it).
    """
    blocks = inline_blocks(page)
    directives = [
        "default-src 'none'",
        f"script-src {_sources(blocks['script'])}",
        f"style-src {_sources(blocks['style'])}",
        # Already refused by default-src; said outright for whoever reads the header.
        "connect-src 'none'",
        # Neither falls back to default-src: no <base> may redirect the page's links, no
        # form may send anything anywhere.
        "base-uri 'none'",
        "form-action 'none'",
    ]
    if header:
        directives.append(f"frame-ancestors {FRAME_ANCESTORS}")
    return "; ".join(directives)


def with_policy(page: str) -> str:
    """``page`` with its policy in a ``<meta>`` element right after the charset (a policy
    in ``<meta>`` governs only what follows it)."""
    if CHARSET not in page:
        raise PolicyError(f"the page has no {CHARSET} to put the policy after")
    if _META.search(page):
        raise PolicyError("the page has a policy already")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(page)}">'
    return page.replace(CHARSET, f"{CHARSET}\n{meta}", 1)


def meta_policy(page: str) -> str | None:
    """The policy a page carries in its ``<meta>``, if any."""
    found = _META.search(page)
    return found.group(1) if found else None


def header(page: str) -> str:
    """The HTTP header a server can send with ``page``: ``Content-Security-Policy: …``."""
    return f"Content-Security-Policy: {policy(page, header=True)}"
