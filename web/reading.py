"""A public page's address read strictly: the view it names, or the problems that stop it.

The query is the app's URL grammar, parsed by :func:`geo.view.from_params` as the app and
the command line parse it. Where the app shows a notice and carries on, a public page
refuses: an address gives exactly one view or none, so a cache never keeps a page under
an address that means something else. Every problem names its parameter, in the reader's
language. The work is bounded before anything is parsed: the query's length, its number
of fields, the length of each value (``from_params``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from geo.atlas import Atlas
from geo.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from geo.supplied import Supplied
from geo.view import FILTER_PARAMS, Notice, View, from_params, requested_dataset

# Every link the atlas writes is far shorter (all filters with all values: ~600 characters).
MAX_QUERY = 2048
# More fields than this are not a form or a link of the atlas; parse_qsl stops counting here.
MAX_FIELDS = 200


@dataclass(frozen=True)
class Problem:
    """Why an address gives no view: a catalogue key and the values its text quotes."""

    key: str
    args: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str) -> str:
        return t(self.key, lang, **dict(self.args))


@dataclass
class Reading:
    """What a query holds: the parameters (one value each), the dataset id it asks for,
    and the problems found before any dataset is looked up."""

    params: dict[str, str]
    wanted: str | None = None
    problems: list[Problem] = field(default_factory=list)


def _problem(notice: Notice) -> Problem:
    """A notice of the parser as a problem of the address (``public_bad_<kind>``)."""
    key = f"public_bad_{notice.kind}"
    try:
        t(key, DEFAULT_LANGUAGE)
    except KeyError:  # a kind this page has no words of its own for: the app's notice
        key = f"notice_{notice.kind}"
    return Problem(key, notice.args)


def read_query(raw: bytes) -> Reading:
    """Parameters of a raw query string, in bounded time.

    A filter's values may come as one comma list (``status=listed,unknown``, as links
    write them) or as repeated keys (``status=listed&status=unknown``, as an HTML form
    with check boxes sends them); they are joined. Any other repeated key keeps its last
    value, as in the app and on the command line.
    """
    if len(raw) > MAX_QUERY:
        return Reading({}, problems=[Problem("public_bad_query_long", _n(len(raw)))])
    try:
        pairs = parse_qsl(
            raw.decode("latin-1"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except UnicodeDecodeError:
        return Reading({}, problems=[Problem("public_bad_unreadable")])
    except ValueError:  # more fields than MAX_FIELDS
        count = str(raw.count(b"&") + 1)
        args = (("count", count), ("kept", str(MAX_FIELDS)))
        return Reading({}, problems=[Problem("public_bad_too_many", args)])
    filters = set(FILTER_PARAMS.values())
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        values.setdefault(name, []).append(value)
    params = {
        name: ",".join(v for v in vs if v) if name in filters else vs[-1]
        for name, vs in values.items()
    }
    return Reading(params, requested_dataset(params))


def _n(length: int) -> tuple[tuple[str, str], ...]:
    return (("n", str(length)), ("most", str(MAX_QUERY)))


def strict_view(reading: Reading, atlas: Atlas, dataset: Supplied | None) -> View | list[Problem]:
    """The view of ``reading`` (its dataset already found), or every problem it has."""
    if reading.problems:
        return reading.problems
    extra = {"ind": list(dataset.indicators())} if dataset else None
    parsed = from_params(reading.params, atlas.unit_ids(), atlas.sector_keys(), extra)
    if parsed.notices:
        return [_problem(n) for n in parsed.notices]
    return parsed.view


def lenient_view(reading: Reading, atlas: Atlas, dataset: Supplied | None = None) -> View:
    """The view the app would show for ``reading``: every bad parameter left at its
    default (the error pages link to it). Without ``dataset`` the view names none."""
    params = dict(reading.params)
    if dataset is None:
        params.pop("data", None)
    extra = {"ind": list(dataset.indicators())} if dataset else None
    return from_params(params, atlas.unit_ids(), atlas.sector_keys(), extra).view


def reader_language(params: Mapping[str, str], accept_language: str = "") -> str:
    """The reader's language: the ``lang`` the address asks for when it is one, else the
    first of the browser's languages the atlas speaks, else the atlas's default."""
    asked = params.get("lang", "")
    if asked in LANGUAGES:
        return asked
    ranked = []
    for position, part in enumerate(accept_language[:500].split(",")[:20]):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        ranked.append((-weight, position, tag.split("-")[0].strip().lower()))
    for _, _, tag in sorted(ranked):
        if tag in LANGUAGES:
            return tag
    return DEFAULT_LANGUAGE
