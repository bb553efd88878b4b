"""The dataset a preview saves, as plain JSON, and its validating reader."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from userdata.bidi import strip_bidi
from userdata.read.errors import UploadError
from userdata.read.roles import AGGREGATIONS, NUMERIC, ROLES
from userdata.read.values import CRITERIA, TIERS

SCHEMA = "monoqala.upload/1"
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")
COUNT_KEYS = (
    "rows",
    "rows_matched",
    "rows_unmatched",
    "rows_ambiguous",
    "towns",
    "towns_missing",
    "rows_merged",
    "cells_rejected",
    "title_rows",
    "rows_malformed",
)
SOURCE_KEYS = ("file_name", "format", "sheet", "encoding", "separator", "header_line")


@dataclass(frozen=True, slots=True)
class ContentColumn:
    """One column of the saved dataset (every column of the file, ignored ones included)."""

    key: str
    header: str
    role: str
    unit: str | None = None
    aggregation: str | None = None


@dataclass(frozen=True, slots=True)
class TownRecord:
    """One town's saved values: tier, criteria and numbers by column key (None = missing)."""

    tier: str | None
    criteria: frozenset[str] | None
    values: Mapping[str, float | None] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class DatasetContent:
    """A planner's dataset as saved: what the layers read.

    Attributes
    ----------
    columns : tuple of ContentColumn
    towns : Mapping of str to TownRecord
        By town id, only towns the file had a row for.
    missing_towns : tuple of str
        Atlas towns the file has no row for.
    counts : Mapping of str to int
        See :data:`COUNT_KEYS`.
    source : Mapping of str to str, int or None
        See :data:`SOURCE_KEYS`.
    """

    columns: tuple[ContentColumn, ...]
    towns: Mapping[str, TownRecord]
    missing_towns: tuple[str, ...] = ()
    counts: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    source: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def numeric_columns(self) -> tuple[ContentColumn, ...]:
        """The numeric indicator columns, in file order."""
        return tuple(c for c in self.columns if c.role == NUMERIC)

    def values(self, key: str) -> dict[str, float | None]:
        """Return one numeric column's values by town id."""
        return {t: r.values.get(key) for t, r in self.towns.items()}

    def tiers(self) -> dict[str, str | None]:
        """Return each town's tier (None where not given)."""
        return {t: r.tier for t, r in self.towns.items()}

    def criteria(self) -> dict[str, frozenset[str] | None]:
        """Return each town's criteria (None where not given)."""
        return {t: r.criteria for t, r in self.towns.items()}

    def to_json(self) -> dict[str, Any]:
        """Return the dataset as a dict of plain str/float/int/None/list/dict."""
        return {
            "schema": SCHEMA,
            "source": dict(self.source),
            "columns": [
                {
                    "key": c.key,
                    "header": c.header,
                    "role": c.role,
                    "unit": c.unit,
                    "aggregation": c.aggregation,
                }
                for c in self.columns
            ],
            "towns": {
                town: {
                    "tier": r.tier,
                    "criteria": sorted(r.criteria) if r.criteria is not None else None,
                    "values": dict(r.values),
                }
                for town, r in self.towns.items()
            },
            "missing_towns": list(self.missing_towns),
            "counts": dict(self.counts),
        }


def content_from_json(data: Any, town_ids: Collection[str] | None = None) -> DatasetContent:
    """Validate a stored dataset dict and rebuild it.

    Parameters
    ----------
    data : dict
        What :meth:`DatasetContent.to_json` (or ``Preview.content()``) produced, possibly
        after a round trip through JSON and a database.
    town_ids : collection of str, optional
        The atlas's town ids; if given, every town in the dataset must be one of them.

    Raises
    ------
    UploadError
        ``bad_content`` on the first problem, with ``field`` (a path such as
        ``"towns.temirtau.tier"``) and ``problem``, a code: ``not_object``, ``not_list``,
        ``not_string``, ``not_string_list``, ``not_plain``, ``not_count``, ``not_slug``,
        ``duplicate_key``, ``unknown_schema``, ``unknown_town``, ``unknown_role``,
        ``unknown_aggregation``, ``not_numeric``, ``unknown_tier``, ``unknown_criterion``,
        ``not_a_number``.
    """
    _expect(isinstance(data, Mapping), "", "not_object")
    _expect(data.get("schema") == SCHEMA, "schema", "unknown_schema")
    columns = _columns(data.get("columns"))
    numeric = {c.key for c in columns if c.role == NUMERIC}
    towns_in = data.get("towns")
    _expect(isinstance(towns_in, Mapping), "towns", "not_object")
    towns = {}
    for town, record in towns_in.items():
        where = f"towns.{town}"
        _expect(isinstance(town, str) and town != "", where, "not_string")
        _expect(town_ids is None or town in town_ids, where, "unknown_town")
        towns[town] = _town(record, numeric, where)
    missing = data.get("missing_towns", [])
    _expect(_str_list(missing), "missing_towns", "not_string_list")
    counts = data.get("counts", {})
    _expect(isinstance(counts, Mapping), "counts", "not_object")
    for key, value in counts.items():
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        _expect(ok, f"counts.{key}", "not_count")
    source = data.get("source", {})
    _expect(isinstance(source, Mapping), "source", "not_object")
    for key, value in source.items():
        plain = value is None or isinstance(value, str | int) and not isinstance(value, bool)
        _expect(plain, f"source.{key}", "not_plain")
    return DatasetContent(
        columns=columns,
        towns=MappingProxyType(towns),
        missing_towns=tuple(missing),
        counts=MappingProxyType(dict(counts)),
        source=MappingProxyType(dict(source)),
    )


def _columns(items: Any) -> tuple[ContentColumn, ...]:
    _expect(isinstance(items, list), "columns", "not_list")
    columns, keys = [], set()
    for i, item in enumerate(items):
        where = f"columns[{i}]"
        _expect(isinstance(item, Mapping), where, "not_object")
        key, role = item.get("key"), item.get("role")
        _expect(isinstance(key, str) and KEY_PATTERN.match(key), f"{where}.key", "not_slug")
        _expect(key not in keys, f"{where}.key", "duplicate_key")
        keys.add(key)
        _expect(role in ROLES, f"{where}.role", "unknown_role")
        header, unit, agg = item.get("header", ""), item.get("unit"), item.get("aggregation")
        _expect(isinstance(header, str), f"{where}.header", "not_string")
        _expect(unit is None or isinstance(unit, str), f"{where}.unit", "not_string")
        if role == NUMERIC:
            _expect(agg in AGGREGATIONS, f"{where}.aggregation", "unknown_aggregation")
        else:
            _expect(agg is None, f"{where}.aggregation", "not_numeric")
        # Datasets saved before direction controls were dropped on reading lose them here.
        unit = None if unit is None else strip_bidi(unit)
        columns.append(ContentColumn(key, strip_bidi(header), role, unit, agg))
    return tuple(columns)


def _town(record: Any, numeric: set[str], where: str) -> TownRecord:
    _expect(isinstance(record, Mapping), where, "not_object")
    tier = record.get("tier")
    _expect(tier is None or tier in TIERS, f"{where}.tier", "unknown_tier")
    criteria = record.get("criteria")
    if criteria is not None:
        ok = _str_list(criteria) and criteria and set(criteria) <= set(CRITERIA)
        _expect(bool(ok), f"{where}.criteria", "unknown_criterion")
        criteria = frozenset(criteria)
    values_in = record.get("values", {})
    _expect(isinstance(values_in, Mapping), f"{where}.values", "not_object")
    values = {}
    for key, value in values_in.items():
        _expect(key in numeric, f"{where}.values.{key}", "not_numeric")
        if value is not None:
            number = isinstance(value, int | float) and not isinstance(value, bool)
            _expect(number and math.isfinite(value), f"{where}.values.{key}", "not_a_number")
            value = float(value)
        values[key] = value
    return TownRecord(tier, criteria, MappingProxyType(values))


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _expect(condition: Any, where: str, problem: str) -> None:
    if not condition:
        raise UploadError("bad_content", field=where or "(root)", problem=problem)
