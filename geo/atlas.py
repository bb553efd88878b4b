"""All the atlas's data in one object, and the computation of a view from it.

Loading reads and joins every file once; computing a view is then cheap (filters,
one groupby, one classification), which is what keeps a filter change fast.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from geo import io, names, paths
from geo.classify import Classification, classify
from geo.display import encoded_geometries
from geo.errors import DataError
from geo.filters import apply_filters
from geo.i18n import get_language, t
from geo.indicators import INDICATORS, Indicator, get_indicator
from geo.join import assign_units, unit_population, unit_summary, unmatched
from geo.supplied import Supplied
from geo.view import View
from geo.vintages import VINTAGES


@dataclass(frozen=True)
class Atlas:
    """The atlas's data: towns joined to every vintage, units, populations and registries."""

    towns: gpd.GeoDataFrame
    units: dict[str, gpd.GeoDataFrame]
    joined: dict[str, gpd.GeoDataFrame]
    population: dict[str, pd.DataFrame]
    sectors: pd.DataFrame
    sources: pd.DataFrame
    outlines: dict[str, dict[str, list[list[str]]]]
    manifest: dict
    caveats: pd.DataFrame = field(default_factory=pd.DataFrame)

    def unit_ids(self) -> dict[str, set[str]]:
        """Valid unit ids per vintage."""
        return {k: set(u["unit_id"]) for k, u in self.units.items()}

    def sector_keys(self) -> set[str]:
        return set(self.sectors["sector"])

    def attribution(self, lang: str) -> str:
        """The credit line every map prints: the boundaries' as their manifest states it."""
        credit = self.manifest.get("attribution") or {}
        boundaries = credit.get(get_language(lang).data_key) or next(iter(credit.values()), "")
        return t("attribution", lang, boundaries=boundaries)


@dataclass(frozen=True)
class ViewData:
    """What a view shows: units with their indicator and class, and the visible towns."""

    view: View
    units: gpd.GeoDataFrame
    towns: gpd.GeoDataFrame
    classification: Classification
    total_towns: int
    dataset: Supplied | None = None

    @property
    def indicator(self) -> Indicator:
        """The view's indicator (a dataset's column, or one of the registry)."""
        return indicator_of(self.view, self.dataset)

    @property
    def focus(self) -> pd.Series | None:
        """The chosen unit's row, if a unit is chosen."""
        if not self.view.unit:
            return None
        rows = self.units[self.units["unit_id"] == self.view.unit]
        return rows.iloc[0] if len(rows) else None


def names_of_their_time(units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Units named as in their vintage's time: ``name_*`` shows the name of the time (which
    carries today's name where the two differ: "Nur-Sultan (Astana until March 2019)"),
    and ``name_today_*`` keeps today's name."""
    out = units.copy()
    for column in [c for c in units.columns if c.startswith("name_then_")]:
        lang = column.removeprefix("name_then_")
        if f"name_{lang}" not in units.columns:  # name_then_source: where the name is from
            continue
        then = units[column].fillna("").astype(str).str.strip()
        out[f"name_today_{lang}"] = units[f"name_{lang}"]
        out[f"name_{lang}"] = then.where(then != "", units[f"name_{lang}"])
    return out


def load_atlas() -> Atlas:
    """Read every data file and join the towns to each vintage's units."""
    manifest = io.read_manifest()
    towns = io.read_towns()
    sectors, sources = io.read_sectors(), io.read_sources()
    io.check_references(towns, sectors, sources, paths.TOWNS.name)
    lineage = io.read_lineage()
    pop = io.read_unit_population()
    renames = names.town_renames(io.read_timeline(), paths.TIMELINE.name)
    units, joined, population = {}, {}, {}
    for key in VINTAGES:
        units[key] = names_of_their_time(io.read_boundaries(key, manifest))
        # Towns, like units, carry the names of the vintage's time (timeline renames).
        joined[key] = assign_units(names.names_of_their_time(towns, renames, key), units[key])
        lost = unmatched(joined[key])
        if lost:
            # A town in no unit (or two) would silently drop out of every count.
            row = int(towns.index[towns["town_id"] == lost[0]][0]) + 1
            raise DataError(
                paths.TOWNS.name,
                f"{', '.join(lost)} lie(s) in no unit of the {key} boundaries "
                f"({paths.boundary_file(key).name}): check lat/lon",
                row=row,
                column="lat",
            )
        population[key] = unit_population(pop, lineage, key)
    # Cross-file references, checked like each file's own content.
    io.check_unit_references(units, lineage, pop)
    io.check_town_units(towns, units, joined, paths.TOWNS.name)
    outlines = {key: encoded_geometries(u) for key, u in units.items()}
    caveats = io.read_caveats()
    io.check_caveats(towns, caveats, paths.TOWNS.name)
    return Atlas(towns, units, joined, population, sectors, sources, outlines, manifest, caveats)


def indicator_of(view: View, dataset: Supplied | None = None) -> Indicator:
    """The indicator a view names: registered, or a column of its dataset."""
    if dataset is not None and view.indicator in (extra := dataset.indicators()):
        return extra[view.indicator]
    return get_indicator(view.indicator)


def compute_view(atlas: Atlas, view: View, dataset: Supplied | None = None) -> ViewData:
    """Units coloured by the view's indicator over the filtered towns, and the towns shown.

    The choropleth counts every town that passes the attribute filters; choosing a unit
    zooms to it and limits the towns shown to that unit, without recolouring the others.
    ``dataset`` (the view's ``data``) adds a planner's values beside the published ones.
    """
    if dataset is not None and dataset.dataset_id != view.data:
        raise ValueError(f"dataset {dataset.dataset_id} is not the view's ({view.data})")
    indicator = indicator_of(view, dataset)
    towns = atlas.joined[view.vintage]
    if dataset is not None:
        towns = dataset.add_columns(towns)
    filtered = apply_filters(towns, view.selection())
    summary = unit_summary(
        filtered,
        atlas.units[view.vintage],
        atlas.population[view.vintage],
        (*INDICATORS.values(), indicator) if indicator.key not in INDICATORS else None,
    )
    # Every unit's towns before the filters: "0 matching the filter; 3 in all".
    in_unit = Counter(towns["unit_id"])
    summary["n_towns_all"] = [in_unit.get(u, 0) for u in summary["unit_id"]]
    classes = classify(summary[indicator.column], indicator, summary["n_towns"] == 0)
    summary["class_index"] = classes.class_of
    summary["fill"] = classes.colours()
    shown = filtered
    if view.unit:
        shown = filtered[filtered["unit_id"] == view.unit]
    return ViewData(view, summary, shown.reset_index(drop=True), classes, len(atlas.towns), dataset)
