"""A planner's dataset as an input of a view: its values beside the published facts.

A dataset adds its own columns to a view's towns (``ds_tier``, ``ds_criterion`` and one
``ds_<key>`` per numeric column); the published columns stay as they are, so the two are
never merged. The tier and criterion attributes read the dataset's columns when they are
there (:meth:`geo.attributes.Attribute.column_in`), and each numeric column becomes an
indicator of the units through its declared aggregation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from geo.i18n import LANGUAGES, t
from geo.indicators import Indicator
from userdata.read import DatasetContent, content_from_json
from userdata.read.roles import CRITERION, TIER

PREFIX = "data:"  # indicator keys of a dataset's columns: "data:unemployment"


@dataclass(frozen=True)
class ViewDataset:
    """A stored dataset as a view uses it: who supplied what, when, and its content."""

    dataset_id: str
    name: str
    file_name: str
    uploaded_at: datetime
    sha256: str
    content: DatasetContent = field(repr=False, compare=False)

    @classmethod
    def from_record(cls, record, town_ids=None) -> ViewDataset:
        """From a :class:`userdata.store.Dataset` (its content validated against the towns)."""
        return cls(
            record.dataset_id,
            record.name,
            record.file_name,
            record.uploaded_at,
            record.sha256,
            content_from_json(record.content, town_ids),
        )

    def provenance(self) -> dict:
        """What every output that shows the dataset's values says about them."""
        return {
            "supplied_by": "user",
            "dataset_id": self.dataset_id,
            "name": self.name,
            "file_name": self.file_name,
            "uploaded_at": self.uploaded_at.isoformat(timespec="seconds"),
            "sha256": self.sha256,
        }

    def note(self, lang: str) -> str:
        """The line that marks the dataset's values on maps, legends and pages."""
        return t(
            "dataset_note",
            lang,
            name=self.name,
            file=self.file_name,
            at=self.uploaded_at.strftime("%Y-%m-%d %H:%M UTC"),
            sha=self.sha256[:12],
        )

    def has_role(self, role: str) -> bool:
        return any(c.role == role for c in self.content.columns)

    @property
    def numeric_columns(self):
        """The numeric columns, in file order (each an indicator and a ``ds_<key>`` column)."""
        return self.content.numeric_columns

    def add_columns(self, towns: pd.DataFrame) -> pd.DataFrame:
        """A copy of ``towns`` with the dataset's columns added (the published ones untouched)."""
        return with_dataset(towns, self)

    def indicators(self) -> dict[str, Indicator]:
        """One indicator per numeric column, keyed ``data:<column key>``."""
        return {
            f"{PREFIX}{c.key}": _indicator(self, c.key, c.header, c.unit, c.aggregation)
            for c in self.content.numeric_columns
        }


def _aggregate(key: str, how: str):
    """The indicator's compute: the towns' values per unit, no data if any is missing."""
    column = f"ds_{key}"

    def compute(units: pd.DataFrame, towns: pd.DataFrame) -> pd.Series:
        values: dict[str, list[float]] = {}
        for unit, value in zip(towns["unit_id"], towns[column], strict=True):
            if not pd.isna(unit):
                values.setdefault(unit, []).append(value)
        out = []
        for unit, pop in zip(units["unit_id"], units["pop_total_2023"], strict=True):
            found = values.get(unit)
            if not found:
                out.append(0.0)  # no town: the "no monotowns" class, as for every indicator
            elif any(v is None or math.isnan(v) for v in found):
                out.append(math.nan)  # a town without a value: no data, never 0
            elif how == "sum":
                out.append(sum(found))
            elif how == "mean":
                out.append(sum(found) / len(found))
            elif how == "max":
                out.append(max(found))
            else:  # share of the unit's population, in percent
                out.append(math.nan if pd.isna(pop) else 100 * sum(found) / float(pop))
        return pd.Series(out, index=units.index, dtype="float64")

    return compute


def _indicator(dataset: ViewDataset, key: str, header: str, unit, how) -> Indicator:
    how = how or "mean"
    unit_text = "%" if how == "share_of_population" else (unit or "")
    return Indicator(
        key=f"{PREFIX}{key}",
        kind="rate",
        compute=_aggregate(key, how),
        scheme="FisherJenks",
        k=4,
        decimals=1,
        source=f"dataset:{dataset.dataset_id}",
        texts={
            "label": {lang: header for lang in LANGUAGES},
            "unit": {lang: unit_text for lang in LANGUAGES},
            "how": {
                lang: t("dataset_how", lang, header=header, how=t(f"aggregation_{how}", lang))
                for lang in LANGUAGES
            },
        },
    )


def with_dataset(towns: pd.DataFrame, dataset: ViewDataset | None) -> pd.DataFrame:
    """A copy of ``towns`` with the dataset's columns added (the published ones untouched)."""
    if dataset is None:
        return towns
    out = towns.copy()
    records = dataset.content.towns
    ids = list(out["town_id"])
    if dataset.has_role(TIER):
        out["ds_tier"] = [(records[i].tier or "") if i in records else "" for i in ids]
    if dataset.has_role(CRITERION):
        out["ds_criterion"] = [
            ";".join(sorted(records[i].criteria or ())) if i in records else "" for i in ids
        ]
    for column in dataset.content.numeric_columns:
        values = [records[i].values.get(column.key) if i in records else None for i in ids]
        out[f"ds_{column.key}"] = pd.array(
            [math.nan if v is None else float(v) for v in values], dtype="float64"
        )
    return out
