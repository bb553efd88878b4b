"""What a reader asks for and what the page must then show: views, changes and the leak check.

A reader's widgets carry labels in the reader's language; the view behind them is made of
language-free keys (:class:`geo.view.View`). :class:`Labels` translates between the two
from the same registries the app reads, so the check does not trust the page to say what
it means. :func:`mismatches` compares a page with the view its session asked for: the
address bar (the app writes the view there), the title's language, and every view widget's
key and value. Any difference is a leak: another session's filters, language or dataset.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlencode

from bench.load_client import Page, Widget
from geo import io
from geo.attributes import ATTRIBUTES, COLOUR_BY, UNKNOWN
from geo.i18n import LANGUAGES, t
from geo.indicators import INDICATORS
from geo.view import FILTER_PARAMS, View, to_params
from geo.vintages import VINTAGES

# How often each change is made: filters most, as readers do.
ACTIONS = (("filter", 3), ("vintage", 1), ("lang", 1))
MAX_CHOSEN = 2  # a reader's filter holds one or two values (see all_views)


@dataclass(frozen=True)
class Change:
    """One reader action: the kind, the widget's user key, its new value (labels), the view."""

    kind: str
    key: str
    value: str | list[str]
    view: View


class Labels:
    """Label <-> key of every view widget's options, per language (from the registries)."""

    def __init__(self) -> None:
        sectors = io.read_sectors()
        self._to_key: dict[tuple[str, str], dict[str, str]] = {}
        for lang in LANGUAGES:
            self._put("lang", lang, {k: v.name for k, v in LANGUAGES.items()})
            self._put("vintage", lang, {k: t(f"vintage_{k}", lang) for k in VINTAGES})
            self._put("indicator", lang, {k: i.label(lang) for k, i in INDICATORS.items()})
            self._put("colour_by", lang, {k: t(ATTRIBUTES[k].title, lang) for k in COLOUR_BY})
            for key, attribute in ATTRIBUTES.items():
                values = [*attribute.values, *(sectors["sector"] if key == "sector" else ())]
                names = {v: attribute.label(v, lang, sectors) for v in [*values, UNKNOWN]}
                self._put(f"f_{key}", lang, names)

    def _put(self, name: str, lang: str, labels: dict[str, str]) -> None:
        if len(set(labels.values())) != len(labels):
            raise ValueError(f"two options of {name} read the same in {lang}")
        self._to_key[name, lang] = {label: key for key, label in labels.items()}

    def key(self, name: str, lang: str, label: str) -> str | None:
        return self._to_key[name, lang].get(label)

    def label(self, name: str, lang: str, key: str) -> str:
        return next(lb for lb, k in self._to_key[name, lang].items() if k == key)


def query(view: View) -> str:
    """The query string the app writes for ``view`` (and a link to it carries)."""
    return urlencode(to_params(view))


def random_view(rng: random.Random) -> View:
    """A view a reader opens from a link: any vintage, indicator and language."""
    return View(
        vintage=rng.choice(list(VINTAGES)),
        indicator=rng.choice(list(INDICATORS)),
        lang=rng.choice(list(LANGUAGES)),
    )


def widget_lang(key: str) -> str:
    """The language part of a view widget's key (``f_status:ru:3`` -> ``ru``)."""
    parts = key.split(":")
    return parts[1] if len(parts) == 3 else ""


def view_widgets(page: Page) -> dict[str, Widget]:
    """The page's view widgets by name (``lang``, ``vintage``, ``f_status``…)."""
    return {w.key.split(":")[0]: w for w in page.widgets.values() if w.key.count(":") == 2}


def mismatches(expected: View, page: Page, labels: Labels) -> list[str]:
    """Every way ``page`` differs from the view its session asked for (empty: none).

    Checks the address bar, the title's language, each view widget's language and value;
    a widget missing from the page counts too.
    """
    out = []
    shown = dict(parse_qsl(page.query_string, keep_blank_values=True))
    if shown != to_params(expected):
        out.append(f"address {page.query_string!r}, asked {query(expected)!r}")
    title = t("title", expected.lang)
    if page.headings != [title]:
        out.append(f"title {page.headings!r}, asked {title!r}")
    widgets = view_widgets(page)
    wanted = {"lang": expected.lang, "vintage": expected.vintage, "indicator": expected.indicator}
    chosen = expected.selection()
    for attribute in FILTER_PARAMS:
        wanted[f"f_{attribute}"] = sorted(chosen.get(attribute) or ())
    for name, value in wanted.items():
        widget = widgets.get(name)
        if widget is None:
            out.append(f"{name}: not on the page")
            continue
        lang = widget_lang(widget.key)
        if name != "lang" and lang != expected.lang:
            out.append(f"{name}: widget of language {lang!r}, asked {expected.lang!r}")
            continue
        label_lang = lang or expected.lang
        if isinstance(value, list):
            got = sorted(labels.key(name, label_lang, v) or f"?{v}" for v in widget.value or ())
        else:
            got = labels.key(name, label_lang, str(widget.value))
        if got != value:
            out.append(f"{name}: shows {widget.value!r}, asked {value!r}")
    return out


def random_change(rng: random.Random, view: View, page: Page, labels: Labels) -> Change:
    """A change a reader makes on ``page``: a filter value added or removed (a filter holds
    at most :data:`MAX_CHOSEN`), another vintage or another language."""
    kind = rng.choices([k for k, _ in ACTIONS], [w for _, w in ACTIONS])[0]
    widgets = view_widgets(page)
    if kind == "vintage":
        widget = widgets["vintage"]
        vintage = rng.choice([v for v in VINTAGES if v != view.vintage])
        label = labels.label("vintage", view.lang, vintage)
        return Change(kind, widget.key, label, replace(view, vintage=vintage))
    if kind == "lang":
        widget = widgets["lang"]
        lang = rng.choice([k for k in LANGUAGES if k != view.lang])
        return Change(kind, widget.key, LANGUAGES[lang].name, replace(view, lang=lang))
    filters = [w for n, w in widgets.items() if n.startswith("f_") and w.options]
    widget = rng.choice(filters)
    chosen = list(widget.value or [])
    free = [o for o in widget.options if o not in chosen]
    if chosen and (not free or len(chosen) >= MAX_CHOSEN or rng.random() < 0.5):
        chosen.remove(rng.choice(chosen))
    else:
        chosen.append(rng.choice(free))
    name, lang = widget.key.split(":")[0], view.lang
    keys = [labels.key(name, lang, label) for label in chosen]
    return Change("filter", widget.key, chosen, view.with_filter(name[2:], keys))


def filter_combinations(options: dict[str, list[str]]) -> list[dict[str, list[str]]]:
    """The filter selections a reader makes in reasonable size: none, one value of one filter,
    two values of one filter, and one value each of two filters (not the power set)."""
    out: list[dict[str, list[str]]] = [{}]
    for attribute, values in options.items():
        out += [{attribute: [v]} for v in values]
        out += [{attribute: list(pair)} for pair in itertools.combinations(values, 2)]
    for (a, va), (b, vb) in itertools.combinations(options.items(), 2):
        out += [{a: [x], b: [y]} for x in va for y in vb]
    return out


def all_views(options: dict[str, dict[str, list[str]]]) -> Iterator[View]:
    """Every view :func:`filter_combinations` reaches: vintage x indicator x language x
    filters; ``options`` holds each vintage's filter values (keys) as the page offers them."""
    for vintage, offered in options.items():
        for combo in filter_combinations(offered):
            for indicator, lang in itertools.product(INDICATORS, LANGUAGES):
                view = View(vintage=vintage, indicator=indicator, lang=lang)
                for attribute, values in combo.items():
                    view = view.with_filter(attribute, values)
                yield view
