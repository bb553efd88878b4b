"""The indicators a unit can be coloured by, declared as data and looked up by key.

An entry holds how its value is computed (from every column of the boundary files, area
included, the per-unit counts and populations of :func:`geo.join.unit_summary`, and the
towns that passed the filters), its output column (the key), how it is classified, and
where its words are: ``indicator_<key>_label``, ``_unit`` and ``_how`` in the catalogues.
Adding an indicator means adding one entry here and its texts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from geo.i18n import get_language, t

# (units with the columns of geo.join.INDICATOR_INPUTS: every column of the boundary
# files, area_km2 included, and the towns' counts and populations; towns passing the
# filters) -> one value per unit, aligned with the units' rows.
Compute = Callable[[pd.DataFrame, pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class Indicator:
    """One indicator of a unit.

    ``scheme`` is ``"categorical"`` (fixed bins in ``bins``, for counts) or the name of a
    mapclassify classifier (for rates), applied to the units with a non-zero value; zero
    and missing values always get classes of their own. ``texts`` replaces the
    catalogue's words where an indicator is not declared here (a planner's own column):
    ``{"label"|"unit"|"how": {lang: text}}``, falling back along the language's chain,
    then to the first text given.
    ``decimals`` is what maps print; ``precision`` the decimals its sources support, to which
    every download rounds it (``None``: as supplied, for a planner's own column).
    """

    key: str
    kind: str  # "count" or "rate"
    compute: Compute
    scheme: str
    k: int = 4
    bins: tuple[tuple[int, int | None], ...] = ()
    decimals: int = 0
    precision: int | None = None
    source: str = ""
    texts: Mapping[str, Mapping[str, str]] | None = field(default=None, compare=False)

    @property
    def column(self) -> str:
        """The column of the unit summary holding the value (the key itself)."""
        return self.key

    def _text(self, part: str, lang: str) -> str:
        if self.texts is None:
            return t(f"indicator_{self.key}_{part}", lang)
        by_lang = self.texts.get(part) or {}
        chain = get_language(lang).chain
        found = next((by_lang[k] for k in chain if by_lang.get(k)), None)
        return found if found is not None else next(iter(by_lang.values()), "")

    def label(self, lang: str) -> str:
        return self._text("label", lang)

    def unit(self, lang: str) -> str:
        return self._text("unit", lang)

    def how(self, lang: str) -> str:
        return self._text("how", lang)


def _count(units: pd.DataFrame, towns: pd.DataFrame) -> pd.Series:
    return units["n_towns"]


def _pop_share(units: pd.DataFrame, towns: pd.DataFrame) -> pd.Series:
    # Only where every town's population is known: a partial sum would understate it.
    share = 100 * units["pop_towns_2023"] / units["pop_total_2023"]
    return share.where(units["pop_towns_known"], pd.NA)


def _per_million(units: pd.DataFrame, towns: pd.DataFrame) -> pd.Series:
    return 1e6 * units["n_towns"] / units["pop_total_2023"]


INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in (
        Indicator(
            key="n_towns",
            kind="count",
            compute=_count,
            scheme="categorical",
            bins=((1, 1), (2, 2), (3, 4), (5, None)),
            precision=0,
            source="SEED_RU; GN",
        ),
        Indicator(
            key="pop_share_2023",
            kind="rate",
            compute=_pop_share,
            scheme="FisherJenks",
            k=4,
            decimals=1,
            # A share of whole people: 0.01 percentage point; towns per million: 0.01.
            precision=2,
            source="BNS23",
        ),
        Indicator(
            key="towns_per_million",
            kind="rate",
            compute=_per_million,
            scheme="FisherJenks",
            k=4,
            decimals=1,
            # A share of whole people: 0.01 percentage point; towns per million: 0.01.
            precision=2,
            source="BNS23",
        ),
    )
}
DEFAULT_INDICATOR = "n_towns"


def get_indicator(key: str) -> Indicator:
    """Return the indicator registered under ``key``; an unknown key lists the valid ones."""
    try:
        return INDICATORS[key]
    except KeyError:
        raise KeyError(f"unknown indicator {key!r}; valid: {', '.join(INDICATORS)}") from None
