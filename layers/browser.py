"""Browser code read from the files beside the Python that ships it.

Scripts (``.js``) and stylesheets (``.css``) live next to their module as package data
(setup.py ships them), so a linter reads them (``make lint``) and a diff of them reads as
code. Pages take them in inline blocks: an embed's Content-Security-Policy allows each
block by the hash of its text (:mod:`export.embed.csp`), which follows from the files.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

# A block ends at "</script" or "</style" whatever follows: a file holding one would end
# its block early and the rest would be read as markup.
_END_TAG = re.compile(r"</(script|style)", re.I)


@cache
def browser_file(package: str, name: str) -> str:
    """The text of the browser file ``name`` of ``package`` (``"layers"``, ``"vector.js"``),
    with line ends as a browser reads them (a block's hash is taken over those)."""
    text = files(package).joinpath(name).read_text(encoding="utf-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _END_TAG.search(text):
        raise ValueError(f"{package}/{name} holds an end tag and cannot be inlined")
    return text


def script(package: str, *names: str) -> str:
    """Several script files of ``package`` as one text, in the order given."""
    return "\n".join(browser_file(package, name) for name in names)
