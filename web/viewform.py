"""The public page's form: every control of the view as plain HTML, working with scripts off.

``<form method="get" action="view">`` sends the app's URL parameters: the language, the
boundaries, the unit, the indicator and the town colours as one value each, and each
filter's ticked values as repeated keys (:func:`web.reading.read_query` joins them); the
page then redirects to the view's one address, written as the app writes it. Whatever the
view holds that the form has no control for (the basemap, the dataset, settings of the
app's panels) travels in hidden fields, so sending the form keeps it.
"""

from __future__ import annotations

from geo.atlas import Atlas
from geo.attributes import ATTRIBUTES, COLOUR_BY, UNKNOWN
from geo.describe import value_label
from geo.filters import options
from geo.i18n import LANGUAGES, col, t
from geo.indicators import INDICATORS
from geo.supplied import Supplied
from geo.view import FILTER_PARAMS, View, to_params
from geo.vintages import VINTAGES
from layers.escape import esc
from userdata.datasets import with_dataset

# The parameters the form has a control for; the view's others go in hidden fields.
CONTROLLED = {"lang", "v", "unit", "ind", "color", *FILTER_PARAMS.values()}


def _select(name: str, label: str, choices: dict[str, str], current: str) -> str:
    items = "".join(
        f'<option value="{esc(value)}"{" selected" if value == current else ""}>'
        f"{esc(text)}</option>"
        for value, text in choices.items()
    )
    return (
        f'<div class="mqp-field"><label for="mq-f-{name}">{esc(label)}</label>'
        f'<select id="mq-f-{name}" name="{name}">{items}</select></div>'
    )


def _languages(view: View) -> str:
    items = "".join(
        f'<label lang="{esc(key)}"><input type="radio" name="lang" value="{esc(key)}"'
        f"{' checked' if key == view.lang else ''}> {esc(language.name)}</label>"
        for key, language in LANGUAGES.items()
    )
    legend = esc(t("public_languages", view.lang))
    return f'<fieldset class="mqp-field mqp-radios"><legend>{legend}</legend>{items}</fieldset>'


def offered_values(atlas: Atlas, vintage: str, key: str, dataset: Supplied | None) -> list[str]:
    """The values some town has for filter ``key`` in ``vintage`` (as the app offers them)."""
    towns = with_dataset(atlas.joined[vintage], dataset)
    return options(towns, key, present_only=True)


def _filter(atlas: Atlas, view: View, key: str, dataset: Supplied | None) -> str:
    lang, param = view.lang, FILTER_PARAMS[key]
    chosen = view.selection().get(key) or frozenset()
    present = offered_values(atlas, view.vintage, key, dataset)
    values = present + sorted(v for v in chosen if v not in present)
    boxes = "".join(
        f'<label><input type="checkbox" name="{param}" value="{esc(v)}"'
        f"{' checked' if v in chosen else ''}> {esc(value_label(key, v, lang, atlas))}</label>"
        for v in values
    )
    absent = [v for v in ATTRIBUTES[key].values if v not in values]
    note = ""
    if absent:
        words = ", ".join(value_label(key, v, lang, atlas) for v in absent)
        unpublished = present == [UNKNOWN] and ATTRIBUTES[key].unknown_text == "not_published"
        note_key = "filter_unpublished" if unpublished else "filter_absent"
        note = f'<p class="mq-help">{esc(t(note_key, lang, values=words))}</p>'
    legend = esc(t(ATTRIBUTES[key].filter_label, lang))
    return f'<fieldset class="mqp-boxes"><legend>{legend}</legend>{boxes}{note}</fieldset>'


def view_form(atlas: Atlas, view: View, dataset: Supplied | None = None) -> str:
    """The form that changes ``view``, in its language; ``dataset`` adds its indicators
    and its tiers and criteria to the choices, as in the app's sidebar."""
    lang = view.lang
    units = atlas.units[view.vintage]
    names = sorted(zip(units[col("name", lang)], units["unit_id"], strict=True))
    indicators = {**INDICATORS, **(dataset.indicators() if dataset else {})}
    hidden = "".join(
        f'<input type="hidden" name="{esc(name)}" value="{esc(value)}">'
        for name, value in to_params(view).items()
        if name not in CONTROLLED
    )
    fields = [
        _languages(view),
        _select(
            "v", t("vintage", lang), {k: t(f"vintage_{k}", lang) for k in VINTAGES}, view.vintage
        ),
        _select(
            "unit",
            t("focus_unit", lang),
            {"": t("all_units", lang), **{uid: str(name) for name, uid in names}},
            view.unit or "",
        ),
        _select(
            "ind",
            t("indicator", lang),
            {k: i.label(lang) for k, i in indicators.items()},
            view.indicator,
        ),
        _select(
            "color",
            t("colour_by", lang),
            {k: t(ATTRIBUTES[k].title, lang) for k in COLOUR_BY},
            view.colour_by,
        ),
    ]
    filters = "".join(_filter(atlas, view, key, dataset) for key in FILTER_PARAMS)
    return (
        '<section class="mqp-sec" aria-labelledby="mq-form-h">'
        f'<h2 id="mq-form-h">{esc(t("public_form_h", lang))}</h2>'
        f'<p class="mq-help">{esc(t("public_form_help", lang))}</p>'
        '<form class="mqp-form" method="get" action="view">'
        f'<div class="mqp-fields">{"".join(fields)}</div>'
        f"<h3>{esc(t('filters', lang))}</h3>"
        f'<p class="mq-help">{esc(t("public_filter_none", lang))}</p>'
        f'<div class="mqp-filters">{filters}</div>{hidden}'
        f'<button type="submit">{esc(t("public_show", lang))}</button>'
        "</form></section>"
    )
