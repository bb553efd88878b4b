"""A view of the atlas: what the user chose, as plain values, and how it maps to a URL.

The app, the exports and the command line all describe a map with one :class:`View`,
so a link, a PNG and an embed of the same view show the same thing. The URL parameters
are declared once, in :data:`PARAMS` and the attribute registry (:mod:`geo.attributes`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from geo.attributes import ATTRIBUTES, COLOUR_BY, DEFAULT_COLOUR_BY, UNKNOWN
from geo.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from geo.indicators import DEFAULT_INDICATOR, INDICATORS
from geo.vintages import DEFAULT_VINTAGE, VINTAGES

if TYPE_CHECKING:
    from geo.supplied import Supplied

_MAX_PARAM = 300  # longer values are not a hand-made link; refuse rather than parse
_MAX_SHOWN = 40  # a notice quotes at most this much of a value
_MAX_NAMES = 40  # a link with more parameters than this is not one the atlas wrote
# A dataset id as the store makes them (URL-safe base64 of at least 128 random bits).
DATASET_ID = re.compile(r"[A-Za-z0-9_-]{22,64}")


@dataclass(frozen=True)
class Param:
    """A URL parameter holding one of a fixed set of values (vintage, indicator…)."""

    name: str
    attr: str
    option: str  # the command-line option that sets it
    valid: Callable[[], Iterable[str]]
    default: str
    help: str  # what it sets, for the command line's help


PARAMS: dict[str, Param] = {
    p.name: p
    for p in (
        Param("v", "vintage", "--vintage", lambda: VINTAGES, DEFAULT_VINTAGE, "boundary vintage"),
        Param(
            "ind", "indicator", "--indicator", lambda: INDICATORS, DEFAULT_INDICATOR, "indicator"
        ),
        Param("lang", "lang", "--lang", lambda: LANGUAGES, DEFAULT_LANGUAGE, "language"),
        Param(
            "color",
            "colour_by",
            "--colour-by",
            lambda: COLOUR_BY,
            DEFAULT_COLOUR_BY,
            "town colours",
        ),
    )
}
# Parameters with values of their own kind: unit of the vintage, tiles 0/1, dataset id.
OTHER_PARAMS = {"unit": "--unit", "tiles": "--tiles", "data": "--data"}
# URL parameter of each filter (short, stable: links are shared in messages and briefings).
FILTER_PARAMS = {key: a.param for key, a in ATTRIBUTES.items()}


@dataclass(frozen=True)
class WhatIfParam:
    """A setting of the criteria panel that a link carries, so a link reproduces a what-if.

    A threshold of the 2012 definition (``field`` of :class:`geo.criteria.Thresholds`, a
    number from ``low`` to ``high``), or the dataset column that measures criterion
    ``criterion`` (its valid values: the view's dataset's numeric columns, given to
    :func:`from_params` in ``extra``).
    """

    name: str
    help: str
    field: str | None = None
    low: float = 0.0
    high: float = 100.0
    criterion: str | None = None


WHAT_IF_PARAMS: dict[str, WhatIfParam] = {
    p.name: p
    for p in (
        WhatIfParam("pop_min", "population at least", "pop_min", 0, 1_000_000),
        WhatIfParam("pop_max", "population at most", "pop_max", 0, 5_000_000),
        WhatIfParam("c1_min", "criterion 1: output share over, %", "output_share"),
        WhatIfParam("c2_min", "criterion 2: employment share over, %", "employment_share"),
        WhatIfParam("c3_max", "criterion 3: capacity in use at most, %", "working_max"),
        WhatIfParam("c1_col", "criterion 1: the dataset column measuring it", criterion="1"),
        WhatIfParam("c2_col", "criterion 2: the dataset column measuring it", criterion="2"),
        WhatIfParam("c3_col", "criterion 3: the dataset column measuring it", criterion="3"),
    )
}
ALL_PARAMS = (*PARAMS, *OTHER_PARAMS, *FILTER_PARAMS.values(), *WHAT_IF_PARAMS)


def number_text(value: float) -> str:
    """A threshold as a link writes it: ``20000``, ``35.5`` (never ``2e+04``)."""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(round(value, 4))


@dataclass(frozen=True)
class Notice:
    """A link parameter that was ignored: its kind (``notice_<kind>`` in the catalogues)
    and the values its text quotes, already trimmed to a readable length."""

    kind: str
    args: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, kind: str, **args: str) -> Notice:
        trimmed = {
            k: (v if len(v) <= _MAX_SHOWN else v[:_MAX_SHOWN] + "…") for k, v in args.items()
        }
        return cls(kind, tuple(sorted(trimmed.items())))

    @property
    def values(self) -> dict[str, str]:
        return dict(self.args)

    def text(self, lang: str) -> str:
        return t(f"notice_{self.kind}", lang, **self.values)

    def __str__(self) -> str:
        return self.text("en")


@dataclass(frozen=True)
class View:
    """Everything that defines a map. Filters map an attribute key to the chosen values;
    ``data`` is the id of a planner's dataset the view draws on, if any; ``what_if`` holds
    the criteria panel's settings (see :data:`WHAT_IF_PARAMS`)."""

    vintage: str = DEFAULT_VINTAGE
    indicator: str = DEFAULT_INDICATOR
    lang: str = DEFAULT_LANGUAGE
    unit: str | None = None
    filters: tuple[tuple[str, frozenset[str]], ...] = ()
    colour_by: str = DEFAULT_COLOUR_BY
    tiles: bool = False
    data: str | None = None
    what_if: tuple[tuple[str, str], ...] = ()

    def selection(self) -> dict[str, frozenset[str] | None]:
        """Filter selection for :func:`geo.filters.apply_filters` (unit handled separately)."""
        return dict(self.filters)

    def what_if_values(self) -> dict[str, str]:
        """The criteria panel's settings the view carries, by URL parameter
        (:data:`WHAT_IF_PARAMS`); a setting not carried is the panel's default."""
        return dict(self.what_if)

    def with_what_if(self, name: str, value: str | None) -> View:
        """A copy with one criteria-panel setting set (``None``: back to its default)."""
        rest = {k: v for k, v in self.what_if if k != name}
        if value is not None:
            rest[name] = value
        return replace(self, what_if=tuple(sorted(rest.items())))

    def with_filter(self, key: str, values) -> View:
        """A copy with one filter set; ``None`` or no values removes it (empty means all)."""
        rest = tuple((k, v) for k, v in self.filters if k != key)
        if values:
            rest = tuple(sorted(rest + ((key, frozenset(values)),)))
        return replace(self, filters=rest)


@dataclass
class ParsedView:
    """A view read from URL parameters, and a notice for every parameter that was ignored."""

    view: View
    notices: list[Notice] = field(default_factory=list)


def requested_dataset(params: Mapping[str, str | list[str]]) -> str | None:
    """The dataset id a link asks for, if it has the form of one (existence is not checked)."""
    raw = params.get("data")
    value = raw[-1] if isinstance(raw, list) and raw else raw
    return value if isinstance(value, str) and DATASET_ID.fullmatch(value) else None


def to_params(view: View) -> dict[str, str]:
    """URL parameters that reproduce ``view``; defaults are left out to keep links short."""
    params: dict[str, str] = {}
    for p in PARAMS.values():
        value = getattr(view, p.attr)
        if value != p.default:
            params[p.name] = str(value)
    if view.unit:
        params["unit"] = view.unit
    for key, values in view.filters:
        params[FILTER_PARAMS[key]] = ",".join(sorted(values))
    if view.tiles:
        params["tiles"] = "1"
    if view.data:
        params["data"] = view.data
    params.update(view.what_if)
    return params


def _last_values(params: Mapping[str, str | list[str]], notices: list[Notice]) -> dict[str, str]:
    """One stripped value per known-length parameter; the rest noted, in bounded time."""
    values: dict[str, str] = {}
    names = list(params)
    if len(names) > _MAX_NAMES:
        notices.append(Notice.of("too_many", count=str(len(names)), kept=str(_MAX_NAMES)))
        known = [n for n in names if n in ALL_PARAMS]
        names = (known + [n for n in names if n not in ALL_PARAMS])[:_MAX_NAMES]
    for name in names:
        raw = params[name]
        if isinstance(raw, list) and len(raw) > _MAX_NAMES:
            notices.append(Notice.of("repeated", name=name, count=str(len(raw))))
        value = raw[-1] if isinstance(raw, list) and raw else raw
        value = "" if value is None or isinstance(value, list) else str(value)
        if len(name) > _MAX_PARAM or len(value) > _MAX_PARAM:
            notices.append(Notice.of("too_long", name=name))
            continue
        values[name] = value.strip()
    return values


def from_params(
    params: Mapping[str, str | list[str]],
    units_of: Mapping[str, set[str]] | None = None,
    sectors: set[str] | None = None,
    extra: Mapping[str, Iterable[str]] | None = None,
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
    extra : mapping, optional
        More valid values per parameter (a dataset's indicators for ``ind``).
    """
    notices: list[Notice] = []
    values = _last_values(params, notices)

    def pick(p: Param) -> str:
        if p.name not in values:
            return p.default
        valid = [*p.valid(), *(extra or {}).get(p.name, ())]
        if values[p.name] in valid:
            return values[p.name]
        notices.append(
            Notice.of(
                "invalid",
                name=p.name,
                value=values[p.name],
                valid=", ".join(valid),
                default=p.default,
            )
        )
        return p.default

    view = View(**{p.attr: pick(p) for p in PARAMS.values()})
    if "tiles" in values:
        if values["tiles"] in ("0", "1"):
            view = replace(view, tiles=values["tiles"] == "1")
        else:
            notices.append(Notice.of("tiles", value=values["tiles"]))
    if values.get("unit"):
        valid_units = (units_of or {}).get(view.vintage)
        if valid_units is None or values["unit"] in valid_units:
            view = replace(view, unit=values["unit"])
        else:
            notices.append(Notice.of("unit", value=values["unit"], vintage=view.vintage))
    if values.get("data"):
        if DATASET_ID.fullmatch(values["data"]):
            view = replace(view, data=values["data"])
        else:
            notices.append(Notice.of("data_id", value=values["data"]))
    for key, name in FILTER_PARAMS.items():
        if name not in values:
            continue
        raw = values[name]
        chosen = set() if raw in ("-", "") else {p.strip() for p in raw.split(",") if p.strip()}
        allowed = set(ATTRIBUTES[key].values) | {UNKNOWN}
        if key == "sector":
            allowed = (sectors or chosen) | {UNKNOWN}
        bad = sorted(chosen - allowed)
        if bad:
            notices.append(Notice.of("filter_values", name=name, value=", ".join(bad)))
        view = view.with_filter(key, chosen & allowed)
    view = replace(view, what_if=_what_if(values, extra or {}, notices))
    for name in sorted(set(values) - set(ALL_PARAMS)):
        notices.append(Notice.of("unknown_param", name=name))
    return ParsedView(view, notices)


def _what_if(
    values: Mapping[str, str], extra: Mapping[str, Iterable[str]], notices: list[Notice]
) -> tuple[tuple[str, str], ...]:
    """The criteria panel's settings of a link; a bad one is noted and left at its default."""
    out = {}
    for name, p in WHAT_IF_PARAMS.items():
        raw = values.get(name, "")
        if not raw:
            continue
        if p.criterion is not None:
            if raw in set(extra.get(name, ())):
                out[name] = raw
            else:
                notices.append(Notice.of("what_if_column", name=name, value=raw))
            continue
        try:
            number = float(raw.replace(",", "."))
        except ValueError:
            number = math.nan
        if math.isfinite(number) and p.low <= number <= p.high:
            out[name] = number_text(number)
        else:
            low, high = number_text(p.low), number_text(p.high)
            notices.append(Notice.of("what_if_number", name=name, value=raw, low=low, high=high))
    return tuple(sorted(out.items()))


def dataset_choices(dataset: Supplied | None) -> dict[str, list[str]]:
    """The values a view's dataset adds to the link's grammar: its indicators (``ind``) and
    its numeric columns as measures of the criteria (``c1_col``…)."""
    if dataset is None:
        return {}
    keys = [c.key for c in dataset.numeric_columns]
    return {
        "ind": list(dataset.indicators()),
        **{name: keys for name, p in WHAT_IF_PARAMS.items() if p.criterion is not None},
    }
