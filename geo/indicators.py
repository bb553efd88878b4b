"""The indicators a unit can be coloured by, declared as data and looked up by key.

Adding an indicator means adding one entry here: the column it reads from
:func:`geo.join.unit_summary`, its labels, its unit, and how it is classified.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    """One indicator of a unit.

    ``scheme`` is ``"categorical"`` (fixed bins in ``bins``, for counts) or the name of a
    mapclassify classifier (for rates), applied to the units with a non-zero value; zero
    and missing values always get classes of their own.
    """

    key: str
    column: str
    kind: str  # "count" or "rate"
    label: dict[str, str]
    unit: dict[str, str]
    how: dict[str, str]
    scheme: str
    k: int = 4
    bins: tuple[tuple[int, int | None], ...] = ()
    decimals: int = 0
    source: str = ""


INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in (
        Indicator(
            key="n_towns",
            column="n_towns",
            kind="count",
            label={
                "en": "Number of monotowns",
                "ru": "Число моногородов",
                "kk": "Моноқалалар саны",
            },
            unit={"en": "towns", "ru": "городов", "kk": "қала"},
            how={
                "en": "Towns of the 2012 list whose point lies in the unit",
                "ru": "Города списка 2012 года, точка которых лежит в единице",
                "kk": "Нүктесі бірлік ішінде жатқан 2012 жылғы тізімдегі қалалар",
            },
            scheme="categorical",
            bins=((1, 1), (2, 2), (3, 4), (5, None)),
            source="SEED_RU; GN",
        ),
        Indicator(
            key="pop_share_2023",
            column="pop_share_2023",
            kind="rate",
            label={
                "en": "Monotown population, % of the unit (2023)",
                "ru": "Население моногородов, % от населения единицы (2023)",
                "kk": "Моноқалалар халқы, бірлік халқының %-ы (2023)",
            },
            unit={"en": "%", "ru": "%", "kk": "%"},
            how={
                "en": "City-proper population of the unit's monotowns on 1 Jan 2023 / "
                "unit population on 1 Jan 2023",
                "ru": "Население городов (без подчинённых пунктов) на 1.01.2023 / "
                "население единицы на 1.01.2023",
                "kk": "Қалалар халқы 2023 ж. 1 қаңтарға / бірлік халқы 2023 ж. 1 қаңтарға",
            },
            scheme="FisherJenks",
            k=4,
            decimals=1,
            source="BNS23",
        ),
        Indicator(
            key="towns_per_million",
            column="towns_per_million",
            kind="rate",
            label={
                "en": "Monotowns per million people (2023)",
                "ru": "Моногородов на миллион жителей (2023)",
                "kk": "Миллион тұрғынға шаққандағы моноқалалар (2023)",
            },
            unit={"en": "per million", "ru": "на млн", "kk": "млн-ға"},
            how={
                "en": "Number of monotowns / unit population on 1 Jan 2023 × 1,000,000",
                "ru": "Число моногородов / население единицы на 1.01.2023 × 1 000 000",
                "kk": "Моноқалалар саны / бірлік халқы 2023 ж. 1 қаңтарға × 1 000 000",
            },
            scheme="FisherJenks",
            k=4,
            decimals=1,
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
