"""Text that came from a link, a file or a user, made safe for Streamlit's Markdown."""

from __future__ import annotations

import re

# Characters Markdown (and Streamlit's extensions of it) read as syntax.
_MARKDOWN = set("\\`*_{}[]()#+-.!|<>~$:=")
# Right-to-left and other invisible direction overrides: they can make text read
# differently from what it is (a file name "report\u202egnp.exe").
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def md_escape(text: str) -> str:
    """Show text literally: no link, emphasis, heading or HTML, no direction override."""
    text = _BIDI.sub("", str(text))
    return "".join("\\" + c if c in _MARKDOWN else c for c in text)
