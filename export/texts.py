"""Texts only the exports use, in the reader's language (kk, ru, en), declared as data.

They follow the layout of :mod:`geo.i18n`; kept apart so the app's own texts stay short.
"""

from __future__ import annotations

from geo.i18n import get_language

# key: (kk, ru, en)
TEXTS: dict[str, tuple[str, str, str]] = {
    "no_filters": (
        "Сүзгі жоқ: тізімнің барлық қалалары",
        "Без фильтров: все города списка",
        "No filters: every town of the list",
    ),
    "data_date": (
        "Халық саны 2023 жылғы 1 қаңтарға",
        "Население на 1 января 2023 г.",
        "Population on 1 Jan 2023",
    ),
    "made_on": ("Жасалған күні: {date}", "Дата создания: {date}", "Made on {date}"),
    "view_link": (
        "Атласта ашу",
        "Открыть в атласе",
        "Open in the atlas",
    ),
    "km": ("км", "км", "km"),
    "north": ("С", "С", "N"),
    "highest": (
        "Ең жоғары: {unit} ({value})",
        "Максимум: {unit} ({value})",
        "Highest: {unit} ({value})",
    ),
    "skip_map": (
        "Картаны өткізіп, қалалар тізіміне өту",
        "Пропустить карту: к списку городов",
        "Skip the map: go to the list of towns",
    ),
    "town_list": ("Картадағы қалалар", "Города на карте", "Towns on the map"),
    "town_list_help": (
        "Қаланы таңдасаңыз, картада оның мәліметтері ашылады.",
        "Выбор города открывает его карточку на карте.",
        "Choosing a town opens its facts on the map.",
    ),
    "table_summary": (
        "Қалалар кестесі",
        "Таблица городов",
        "Table of the towns",
    ),
    "status": ("Мәртебесі", "Статус", "Status"),
    "legend": ("Шартты белгілер", "Условные обозначения", "Legend"),
    "size_legend": ("Қала халқы", "Население города", "Population of the town"),
}


def tx(key: str, lang: str) -> str:
    """The export text ``key`` in language ``lang``."""
    return TEXTS[key][("kk", "ru", "en").index(get_language(lang).key)]
