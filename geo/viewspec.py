"""Views written as text (a URL, a query string, command-line options), read strictly.

Everything goes through :func:`geo.view.from_params`, the parser of the app's URLs, so a
command line, a link and an export agree on what a view is. Where the app shows a notice
and carries on, these functions raise :class:`ViewError` naming the bad value and the
valid ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import parse_qsl, urlsplit

from geo.atlas import Atlas
from geo.attributes import ATTRIBUTES, UNKNOWN
from geo.supplied import Supplied
from geo.view import (
    ALL_PARAMS,
    FILTER_PARAMS,
    OTHER_PARAMS,
    PARAMS,
    View,
    dataset_choices,
    from_params,
    requested_dataset,
)

# URL parameter -> the command-line option that sets it.
OPTION_OF = {
    **{p.name: p.option for p in PARAMS.values()},
    **OTHER_PARAMS,
    **{name: f"--filter {key}" for key, name in FILTER_PARAMS.items()},
}


class ViewError(ValueError):
    """A view given as text has a value that is not valid; the message lists the valid ones."""


def query_params(text: str) -> dict[str, str]:
    """Parameters of an app URL or a bare query string (``v=2012&unit=KZ-35``)."""
    text = text.strip().lstrip("\ufeff")
    if text in ("", "-", "?"):
        return {}
    try:
        query = urlsplit(text).query if "://" in text or text.startswith(("?", "/")) else text
    except ValueError as exc:  # e.g. an unclosed [ in the host
        raise ViewError(f"{text[:80]!r} is not a readable link ({exc})") from None
    return dict(parse_qsl(query.lstrip("?"), keep_blank_values=True))


def filter_param(spec: str) -> tuple[str, str]:
    """``status=listed,unknown`` as (URL parameter, values); the key may be either name."""
    key, sep, values = spec.partition("=")
    key = key.strip()
    by_param = {name: k for k, name in FILTER_PARAMS.items()}
    valid = ", ".join(FILTER_PARAMS)
    if not sep:
        raise ViewError(f"--filter {spec!r} is not KEY=VALUE[,VALUE...]; valid keys: {valid}")
    if key not in FILTER_PARAMS and key not in by_param:
        raise ViewError(f"--filter {spec!r}: unknown key {key!r}; valid keys: {valid}")
    name = FILTER_PARAMS.get(key, key)
    return name, values.strip() or "-"


def _valid_filter_values(param: str, atlas: Atlas) -> list[str]:
    key = {name: k for k, name in FILTER_PARAMS.items()}[param]
    values = list(atlas.sectors["sector"]) if key == "sector" else list(ATTRIBUTES[key].values)
    return values + [UNKNOWN]


def _message(notice, atlas: Atlas, options: bool) -> str:
    """The notice as an error naming the option (or URL parameter) and the valid values."""
    kind, args = notice.kind, notice.values
    name = args.get("name", "unit")
    what = OPTION_OF.get(name, name) + " " if options else f"{name}="
    if kind == "invalid":
        return f"{what}{args['value']!r} is not valid; valid: {args['valid']}"
    if kind == "unit":
        vintage = args["vintage"]
        valid = ", ".join(sorted(atlas.unit_ids()[vintage]))
        return f"{what}{args['value']!r} is not a unit of the {vintage} boundaries; valid: {valid}"
    if kind == "filter_values":
        valid = ", ".join(_valid_filter_values(name, atlas))
        what = what.strip() + ":" if options else what
        return f"{what} unknown value(s) {args['value']}; valid: {valid} (empty or - for all)"
    if kind == "unknown_param":
        return f"unknown parameter {args['name']!r}; valid: {', '.join(ALL_PARAMS)}"
    return str(notice)


Lookup = Callable[[str], Supplied | None]


def strict_view(
    params: Mapping[str, str], atlas: Atlas, options: bool = False, lookup: Lookup | None = None
) -> tuple[View, Supplied | None]:
    """The view of URL ``params`` and its dataset; anything the app would ignore is an error.

    ``options`` names command-line options in the messages instead of URL parameters;
    ``lookup`` finds a dataset by id (a view naming one needs it).
    """
    wanted = requested_dataset(params)
    dataset = lookup(wanted) if wanted and lookup else None
    if wanted and dataset is None:
        what = "--data" if options else "data="
        raise ViewError(f"{what}{wanted!r}: no such dataset (deleted, or not yours to read)")
    extra = dataset_choices(dataset)
    parsed = from_params(params, atlas.unit_ids(), atlas.sector_keys(), extra)
    if parsed.notices:
        raise ViewError("; ".join(_message(n, atlas, options) for n in parsed.notices))
    return parsed.view, dataset
