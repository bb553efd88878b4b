"""A view of the atlas: what the user chose, as plain values, and how it maps to a URL.

The app, the exports and the command line all describe a map with one :class:`View`,
so a link, a PNG and an embed of the same view show the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from geo.filters import FILTERS, UNKNOWN
from geo.i18n import DEFAULT_LANGUAGE, LANGUAGES
from geo.indicators import DEFAULT_INDICATOR, INDICATORS
from geo.vintages import DEFAULT_VINTAGE, VINTAGES

COLOUR_BY = ("sector", "status", "tier")
# URL parameter of each filter (short, stable: links are shared in messages and briefings).
FILTER_PARAMS = {
    "criterion": "crit",
    "tier": "tier",
    "status": "status",
    "district_centre": "dc",
    "sector": "sector",
}
_MAX_PARAM = 300  # longer values are not a hand-made link; refuse rather than parse
_MAX_SHOWN = 40  # a notice quotes at most this much of a value

NOTICE_TEXTS = {
    "too_long": "parameter '{name}' is too long and was ignored",
    "invalid": "'{name}={value}' is not valid (valid: {valid}); using '{default}'",
    "tiles": "'tiles={value}' is not 0 or 1; map tiles stay off",
    "unit": "'unit={value}' is not in the {vintage} boundaries; showing the whole country",
    "filter_values": "'{name}' values {value} are not known and were ignored",
    "unknown_param": "unknown parameter '{name}' was ignored",
}


class Notice(str):
    """A parameter that was ignored: English text, plus its kind and values for translation."""

    kind: str
    args: dict[str, str]

    def __new__(cls, kind: str, **args: str) -> Notice:
        args = {k: (v if len(v) <= _MAX_SHOWN else v[:_MAX_SHOWN] + "…") for k, v in args.items()}
        self = super().__new__(cls, NOTICE_TEXTS[kind].format(**args))
        self.kind, self.args = kind, args
        return self


@dataclass(frozen=True)
class View:
    """Everything that defines a map. Filters map a filter key to the chosen values."""

    vintage: str = DEFAULT_VINTAGE
    indicator: str = DEFAULT_INDICATOR
    lang: str = DEFAULT_LANGUAGE
    unit: str | None = None
    filters: tuple[tuple[str, frozenset[str]], ...] = ()
    colour_by: str = "sector"
    tiles: bool = False

    def selection(self) -> dict[str, frozenset[str] | None]:
        """Filter selection for :func:`geo.filters.apply_filters` (unit handled separately)."""
        return dict(self.filters)

    def with_filter(self, key: str, values) -> View:
        """A copy with one filter set (``None`` removes it)."""
        rest = tuple((k, v) for k, v in self.filters if k != key)
        if values is not None:
            rest = tuple(sorted(rest + ((key, frozenset(values)),)))
        return replace(self, filters=rest)


@dataclass
class ParsedView:
    """A view read from URL parameters, and a notice for every parameter that was ignored."""

    view: View
    notices: list[Notice] = field(default_factory=list)


def to_params(view: View) -> dict[str, str]:
    """URL parameters that reproduce ``view``; defaults are left out to keep links short."""
    default = View()
    params: dict[str, str] = {}
    for name, attr in (
        ("v", "vintage"),
        ("ind", "indicator"),
        ("lang", "lang"),
        ("color", "colour_by"),
    ):
        if getattr(view, attr) != getattr(default, attr):
            params[name] = str(getattr(view, attr))
    if view.unit:
        params["unit"] = view.unit
    for key, values in view.filters:
        params[FILTER_PARAMS[key]] = ",".join(sorted(values)) if values else "-"
    if view.tiles:
        params["tiles"] = "1"
    return params


def from_params(
    params: Mapping[str, str | list[str]],
    units_of: Mapping[str, set[str]] | None = None,
    sectors: set[str] | None = None,
) -> ParsedView:
    """Read a view from URL parameters; anything unknown or malformed falls back to the default.

    Parameters
    ----------
    params : mapping
        The query parameters (a list value takes its last item, as browsers repeat keys).
    units_of : mapping, optional
        Valid unit ids per vintage, to check ``unit``.
    sectors : set, optional
        Valid sector keys, to check ``sector``.
    """
    notices: list[Notice] = []
    values: dict[str, str] = {}
    for name, raw in params.items():
        value = raw[-1] if isinstance(raw, list) else raw
        value = "" if value is None else str(value)
        if len(value) > _MAX_PARAM:
            notices.append(Notice("too_long", name=name))
            continue
        values[name] = value.strip()

    def pick(name: str, valid, default: str) -> str:
        if name not in values:
            return default
        if values[name] in valid:
            return values[name]
        notices.append(
            Notice(
                "invalid", name=name, value=values[name], valid=", ".join(valid), default=default
            )
        )
        return default

    view = View(
        vintage=pick("v", VINTAGES, DEFAULT_VINTAGE),
        indicator=pick("ind", INDICATORS, DEFAULT_INDICATOR),
        lang=pick("lang", LANGUAGES, DEFAULT_LANGUAGE),
        colour_by=pick("color", COLOUR_BY, "sector"),
    )
    if "tiles" in values:
        if values["tiles"] in ("0", "1"):
            view = replace(view, tiles=values["tiles"] == "1")
        else:
            notices.append(Notice("tiles", value=values["tiles"]))
    if values.get("unit"):
        valid_units = (units_of or {}).get(view.vintage)
        if valid_units is None or values["unit"] in valid_units:
            view = replace(view, unit=values["unit"])
        else:
            notices.append(Notice("unit", value=values["unit"], vintage=view.vintage))
    for key, name in FILTER_PARAMS.items():
        if name not in values:
            continue
        raw = values[name]
        chosen = set() if raw in ("-", "") else {p.strip() for p in raw.split(",") if p.strip()}
        allowed = set(FILTERS[key].values) | {UNKNOWN}
        if key == "sector":
            allowed = (sectors or chosen) | {UNKNOWN}
        bad = sorted(chosen - allowed)
        if bad:
            notices.append(Notice("filter_values", name=name, value=", ".join(bad)))
        view = view.with_filter(key, chosen & allowed)
    known = {"v", "ind", "lang", "color", "tiles", "unit", *FILTER_PARAMS.values()}
    for name in sorted(set(values) - known):
        notices.append(Notice("unknown_param", name=name))
    return ParsedView(view, notices)
