"""The legend, built from the same classes as the fills, drawn as a Leaflet control.

It is wrapped in a layer so that it comes and goes with the view's layers: the app
swaps those layers on a filter change without rebuilding the map. On a narrow map it folds
into a button that opens it over the map while it is read (``legend.js`` beside this
module); while a filter is on, a note at the top of the map says how many towns it hides.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from jinja2 import Template

from geo.classify import Classification
from geo.describe import class_label
from geo.indicators import Indicator
from layers.escape import esc
from layers.style import colour_class
from layers.vector import DataMacro, safe_json


def legend_html(
    classification: Classification,
    indicator: Indicator,
    lang: str,
    town_title: str = "",
    town_entries: Sequence[tuple[str, str]] = (),
    note: str = "",
    labels: Sequence[str] | None = None,
) -> str:
    """Legend markup: indicator classes, then the town colours; every text escaped.

    ``labels`` are the classes' labels (:func:`geo.describe.class_labels`); by default
    each class is labelled on its own.
    """
    texts = labels or [class_label(c, indicator, lang) for c in classification.classes]
    # Colours are classes (layers.style.colour_class), never style="" attributes: an
    # embed's Content-Security-Policy refuses those, in its page and in this HTML alike.
    rows = "".join(
        f'<div class="mq-row"><i class="mq-swatch mq-{esc(c.kind)} {colour_class(c.colour)}">'
        f"</i>{esc(text)}</div>"
        for c, text in zip(classification.classes, texts, strict=True)
    )
    html = f'<div class="mq-legend-title">{esc(indicator.label(lang))}</div>{rows}'
    if town_entries:
        html += f'<div class="mq-legend-title">{esc(town_title)}</div>'
        html += "".join(
            f'<div class="mq-row"><i class="mq-dot {colour_class(colour)}"></i>{esc(text)}</div>'
            for text, colour in town_entries
        )
    if note:
        html += f'<div class="mq-note">{esc(note)}</div>'
    return html


class Legend(DataMacro):
    """A bottom-right control holding ``html`` (already escaped), the data's attribution,
    and while a filter is on, ``hidden`` (a note on what it hides) at the top right.

    ``texts`` are the map controls' words in the view's language (``legend``: the fold
    button; ``scroll``: the wheel hint; ``attribution``: the folded credit's name).
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = mqLegend({{ this.options }}).addTo({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(
        self,
        html: str,
        attribution: str = "",
        position: str = "bottomright",
        texts: dict[str, str] | str | None = None,
        hidden: str | None = None,
    ) -> None:
        super().__init__()
        self._name = "legend"
        self.html = html
        self.options = safe_json(
            {
                "html": html,
                "attribution": esc(attribution),
                "position": position,
                # Set with textContent in the browser: plain text, never markup.
                "texts": json.loads(texts) if isinstance(texts, str) else texts or {},
                "hidden": hidden or "",
            }
        )
