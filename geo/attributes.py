"""The towns' attributes a reader can filter by or colour towns by, declared once.

Each entry says which column it reads, its URL parameter, its names (message keys), how
its values read in each language and, where towns can be coloured by it, their colours.
The app's widgets, the URL parser, the command line, the legends and the exports all take
their attributes from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from geo.i18n import col, t

UNKNOWN = "unknown"
# A town whose value is unknown is an empty (white) circle: it reads as "no value" on every
# fill class, where a grey one could pass for a colour of the palette or vanish on the units.
UNKNOWN_COLOUR = "#ffffff"

# How one value of an attribute reads: (value, lang, sectors table) -> text.
ValueText = Callable[[str, str, pd.DataFrame], str]
# The colours of an attribute's values: sectors table -> {value: "#rrggbb"}.
Palette = Callable[[pd.DataFrame], dict[str, str]]


def message_values(pattern: str) -> ValueText:
    """Values named by catalogue keys: ``message_values("status_{value}")``."""
    return lambda value, lang, sectors: t(pattern.format(value=value), lang)


def literal_values(value: str, lang: str, sectors: pd.DataFrame) -> str:
    """Values that read the same in every language (criterion numbers)."""
    return value


def sector_values(value: str, lang: str, sectors: pd.DataFrame) -> str:
    """Sector names come with the sector registry (``data/sectors.csv``)."""
    labels = dict(zip(sectors["sector"], sectors[col("label", lang)], strict=True))
    return labels.get(value, value)


def sector_palette(sectors: pd.DataFrame) -> dict[str, str]:
    return dict(zip(sectors["sector"], sectors["color"], strict=True))


def fixed_palette(colours: dict[str, str]) -> Palette:
    return lambda sectors: dict(colours)


@dataclass(frozen=True)
class Attribute:
    """A town attribute.

    ``values`` are the declared values in display order (empty: they come from the data);
    ``unknown_text`` names its missing values: *not published* where a classification
    exists but was never made public, *unknown* otherwise. ``palette`` is set where towns
    can be coloured by the attribute. ``multi`` attributes hold several values per town
    (``1;3``), and a town matches a filter when any of them is chosen.

    ``dataset_column`` is where a planner's dataset puts its own values of the attribute:
    when a view's towns carry that column, the attribute reads it instead of the published
    one (which stays, unmerged, in its own column).
    """

    key: str
    column: str
    param: str
    title: str
    filter_label: str
    value_text: ValueText
    values: tuple[str, ...] = ()
    unknown_text: str = "unknown"
    palette: Palette | None = None
    multi: bool = False
    dataset_column: str | None = None

    def column_in(self, towns) -> str:
        """The column to read in ``towns``: the dataset's when it is there."""
        if self.dataset_column and self.dataset_column in towns.columns:
            return self.dataset_column
        return self.column

    def label(self, value: str, lang: str, sectors: pd.DataFrame) -> str:
        """The reader's word for one value (the unknown value included)."""
        if value == UNKNOWN:
            return t(self.unknown_text, lang)
        return self.value_text(value, lang, sectors)

    def colours(self, sectors: pd.DataFrame) -> dict[str, str]:
        """Value -> colour, ``unknown`` last; empty when towns are not coloured by it."""
        if self.palette is None:
            return {}
        return {**self.palette(sectors), UNKNOWN: UNKNOWN_COLOUR}


# Okabe–Ito colours (colour-blind safe), chosen with the units' classes (geo.classify): blue,
# vermillion and yellow stay apart for every kind of colour blindness, where vermillion and
# orange ("left" and "unconfirmed" before) did not, and none is a grey-blue of the classes.
STATUS_COLOURS = {"listed": "#0072B2", "left": "#D55E00", "unconfirmed": "#F0E442"}
TIER_COLOURS = {"high": "#009E73", "average": "#F0E442", "low": "#D55E00"}

ATTRIBUTES: dict[str, Attribute] = {
    a.key: a
    for a in (
        Attribute(
            "criterion",
            "criterion",
            "crit",
            "criterion",
            "f_criterion",
            literal_values,
            ("1", "2", "3"),
            unknown_text="not_published",
            multi=True,
            dataset_column="ds_criterion",
        ),
        Attribute(
            "tier",
            "tier_2012",
            "tier",
            "tier_2012",
            "f_tier",
            message_values("tier_{value}"),
            ("high", "average", "low"),
            unknown_text="not_published",
            palette=fixed_palette(TIER_COLOURS),
            dataset_column="ds_tier",
        ),
        Attribute(
            "status",
            "status_2025",
            "status",
            "status_2025",
            "f_status",
            message_values("status_{value}"),
            ("listed", "left", "unconfirmed"),
            palette=fixed_palette(STATUS_COLOURS),
        ),
        Attribute(
            "district_centre",
            "district_centre_2012",
            "dc",
            "district_centre_2012",
            "f_district_centre",
            message_values("{value}"),
            ("yes", "no"),
        ),
        Attribute(
            "sector",
            "sector",
            "sector",
            "sector",
            "f_sector",
            sector_values,
            palette=sector_palette,
        ),
        # Towns whose 2023 population is under the 2012 definition's floor (20 000).
        Attribute(
            "pop_floor",
            "below_pop_floor_2023",
            "floor",
            "below_pop_floor_2023",
            "f_pop_floor",
            message_values("{value}"),
            ("yes", "no"),
        ),
    )
}
DEFAULT_COLOUR_BY = "sector"
# What towns can be coloured by, as the app offers it: the default first.
COLOUR_BY = tuple(
    sorted((k for k, a in ATTRIBUTES.items() if a.palette), key=lambda k: k != DEFAULT_COLOUR_BY)
)


def get_attribute(key: str) -> Attribute:
    """Return the attribute registered under ``key``; an unknown key lists the valid ones."""
    try:
        return ATTRIBUTES[key]
    except KeyError:
        raise KeyError(f"unknown attribute {key!r}; valid: {', '.join(ATTRIBUTES)}") from None
