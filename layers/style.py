"""The map's own CSS: legend, labels, popups and controls, sized for screens and screenshots.

The rules are in ``map.css`` beside this module (``app_frame.css`` for the app's frame).
Type sizes rank: unit values 15 px, names 11 px, the attribution 9.5 px (the credit is
read when wanted; it never outshouts the map). ``.mq-narrow`` is set on maps narrower than
:data:`layers.interaction.NARROW_PX`. The circles' halo is :data:`geo.symbols.HALO`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from branca.element import Element

from layers.browser import browser_file

# Colours travel as classes, never as style="" attributes: a page under a strict
# Content-Security-Policy (an embed) refuses those. ``mq-c-1a5fb4`` paints #1a5fb4.
_HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
COLOUR_CLASS = re.compile(r"\bmq-c-([0-9a-f]{6})\b")


def colour_class(colour: str) -> str:
    """The class that paints an element's background ``colour`` (``#rrggbb`` or ``#rgb``);
    "" for anything else (colours are checked when read: this is a second guard)."""
    found = _HEX.fullmatch(str(colour).strip())
    if not found:
        return ""
    digits = found.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return f"mq-c-{digits}"


def colour_css(html: str | Iterable[str]) -> str:
    """CSS rules for every colour class used in ``html`` (sorted: the same page gives the
    same rules, byte for byte)."""
    text = html if isinstance(html, str) else " ".join(html)
    return "".join(
        f".mq-c-{d} {{ background-color: #{d}; }}\n"
        for d in sorted(set(COLOUR_CLASS.findall(text)))
    )


def map_style() -> Element:
    """The CSS as an element for a map's header."""
    return Element(f"<style>{browser_file('layers', 'map.css')}</style>")


def app_frame_style() -> Element:
    """The CSS of the app's map frame (for the app's map only, never an embed)."""
    return Element(f"<style>{browser_file('layers', 'app_frame.css')}</style>")
