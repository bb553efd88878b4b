"""Direction controls, dropped wherever a planner's text is read.

Right-to-left overrides, embeddings, isolates and the two direction marks make text show as
something else: ``"Aksu\\u202egnp.exe %"`` displays as ``"Aksu% exe.png"``. No town, column
or file name in Kazakh, Russian or English needs them, so they are removed on reading (cells,
column headers, file and dataset names) and every later output receives plain text.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = frozenset(
    "\u200e\u200f"  # left-to-right and right-to-left marks
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, pop, overrides
    "\u2066\u2067\u2068\u2069"  # isolates
)
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")


def strip_bidi(text: str) -> str:
    """Return ``text`` without direction controls.

    Examples
    --------
    >>> strip_bidi("Aksu\\u202egnp.exe %")
    'Aksugnp.exe %'
    >>> strip_bidi("Теміртау")
    'Теміртау'
    """
    return _BIDI.sub("", text) if _BIDI.search(text) else text
