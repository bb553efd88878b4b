"""Text that came from a link, a file or a user, made safe for Streamlit's Markdown."""

from __future__ import annotations

import re

from layers.escape import strip_bidi

# Characters Markdown (and Streamlit's extensions of it) read as syntax.
_MARKDOWN = set("\\`*_{}[]()#+-.!|<>~$:=")
# Streamlit's Markdown makes links of bare addresses (GFM's autolink literals: "www.",
# "http://", "x@y.z", "mailto:…") after escapes are undone, so a backslash does not stop
# them. A word joiner (U+2060: invisible, no line break) before their ".", "://" or "@"
# does: the text reads the same and is never a link.
_AUTOLINK = re.compile(r"(?i)(?<=www)(?=\.)|(?=://)|(?=@)")
WORD_JOINER = "\u2060"


def md_escape(text: str) -> str:
    """Show text literally: no link (bare addresses included), emphasis, heading or HTML,
    no direction override."""
    text = _AUTOLINK.sub(WORD_JOINER, strip_bidi(text))
    return "".join("\\" + c if c in _MARKDOWN else c for c in text)
