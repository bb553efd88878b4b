"""The 2012 definition of a monotown, computed per town from the data at hand.

A town of 20 000–200 000 people is a monotown if any of: (1) its city-forming enterprises
give more than 20 % of its industrial output; (2) they employ more than 20 % of its
employed population; (3) they work partially or have stopped (seed article, SEED_RU; the
thresholds are read from ``programme.csv``). The population is the published 2023 figure;
the shares and the enterprises' state can only come from a planner's dataset. What is
computed here is labelled as computed: it is never the official listing criterion, which
was not published.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from geo.view import WHAT_IF_PARAMS

YES, NO, UNKNOWN = "yes", "no", "unknown"


@dataclass(frozen=True)
class Thresholds:
    """The definition's numbers, editable by the reader (defaults: the 2012 definition).

    ``working_max`` is criterion 3's rule for a planner's column of the enterprises' state
    (e.g. capacity in use, %): at or below it, they "work partially or have stopped".
    """

    pop_min: float = 20_000
    pop_max: float = 200_000
    output_share: float = 20.0
    employment_share: float = 20.0
    working_max: float = 50.0

    @classmethod
    def from_programme(cls, programme: pd.DataFrame) -> Thresholds:
        """The definition's thresholds as the programme table records them."""
        rows = programme[programme["series"] == "criteria_2012"].set_index("key")["value"]

        def number(key: str, scale: float, default: float) -> float:
            value = pd.to_numeric(rows.get(key), errors="coerce")
            return default if pd.isna(value) else float(value) * scale

        base = cls()
        return cls(
            pop_min=number("population_min", 1000, base.pop_min),
            pop_max=number("population_max", 1000, base.pop_max),
            output_share=number("1_output_share_over", 1, base.output_share),
            employment_share=number("2_employment_share_over", 1, base.employment_share),
            working_max=base.working_max,
        )

    def with_settings(self, settings: Mapping[str, str]) -> Thresholds:
        """These thresholds with a view's criteria-panel settings applied (parameters of
        :data:`geo.view.WHAT_IF_PARAMS`, values already checked by the view's parser)."""
        changed = {
            p.field: float(settings[name])
            for name, p in WHAT_IF_PARAMS.items()
            if p.field is not None and name in settings
        }
        return replace(self, **changed)


def criterion_columns(view_settings: Mapping[str, str]) -> dict[str, str | None]:
    """Criterion ("1", "2", "3") -> the towns' column measuring it (``ds_<key>``), as a
    view's criteria-panel settings name them (``c1_col``…); None where none is chosen."""
    out: dict[str, str | None] = {"1": None, "2": None, "3": None}
    for name, p in WHAT_IF_PARAMS.items():
        if p.criterion is not None and view_settings.get(name):
            out[p.criterion] = f"ds_{view_settings[name]}"
    return out


def _test(value, holds) -> str:
    if value is None or pd.isna(value):
        return UNKNOWN
    return YES if holds(float(value)) else NO


def assess(
    towns: pd.DataFrame, columns: dict[str, str | None], thresholds: Thresholds
) -> pd.DataFrame:
    """Which of the definition's conditions hold for each town, and what follows.

    Parameters
    ----------
    towns : DataFrame
        ``town_id``, ``pop_2023_city`` and, for the criteria, the columns named in
        ``columns`` (a dataset's ``ds_<key>``).
    columns : dict
        Criterion ("1", "2", "3") -> the column holding its measure, or None (not known).
    thresholds : Thresholds

    Returns
    -------
    DataFrame
        Per town: ``town_id, pop, in_band, c1, c2, c3, meets, change, decided_by,
        deciding_value``. Each condition is yes / no / unknown; ``meets`` needs the band and
        any criterion; ``change`` compares with the 2012 list, on which every town of the
        atlas is: ``stays``, ``leaves`` or ``unknown``; ``decided_by`` and
        ``deciding_value`` say what decided it (see :func:`_decided_by`).
    """
    rules = {
        "1": lambda v: v > thresholds.output_share,
        "2": lambda v: v > thresholds.employment_share,
        "3": lambda v: v <= thresholds.working_max,
    }
    out = pd.DataFrame({"town_id": towns["town_id"], "pop": towns["pop_2023_city"]})
    out["in_band"] = [
        _test(p, lambda v: thresholds.pop_min <= v <= thresholds.pop_max) for p in out["pop"]
    ]
    for key, rule in rules.items():
        column = columns.get(key)
        values = towns[column] if column else [None] * len(towns)
        out[f"c{key}"] = [_test(v, rule) for v in values]
    meets = []
    for band, *crit in zip(out["in_band"], out["c1"], out["c2"], out["c3"], strict=True):
        if band == NO or all(c == NO for c in crit):
            meets.append(NO)
        elif band == YES and YES in crit:
            meets.append(YES)
        else:
            meets.append(UNKNOWN)
    out["meets"] = meets
    out["change"] = [{YES: "stays", NO: "leaves"}.get(m, UNKNOWN) for m in meets]
    measures = {key: (towns[c] if c else [None] * len(towns)) for key, c in columns.items()}
    decided = [
        _decided_by(r, {k: measures[k][i] for k in measures})
        for i, r in enumerate(out.to_dict("records"))
    ]
    out["decided_by"] = [d for d, _ in decided]
    out["deciding_value"] = pd.array([v for _, v in decided], dtype="Float64")
    return out.reset_index(drop=True)


def _decided_by(row: dict, measures: dict) -> tuple[str, float | None]:
    """What decided a town's outcome, and its value: the population (``"band"``) when it
    is outside the band or not known, the first criterion that holds (``"1"``…) for a town
    that stays, ``"criteria"`` when none holds; ``""`` when nothing is known yet."""
    pop = None if pd.isna(row["pop"]) else float(row["pop"])
    if row["in_band"] != YES:
        return "band", pop
    for key in ("1", "2", "3"):
        if row[f"c{key}"] == YES:
            return key, float(measures[key])
    if all(row[f"c{key}"] == NO for key in ("1", "2", "3")):
        return "criteria", None
    return "", None
