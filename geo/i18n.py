"""Interface languages, their texts and their number formats, declared as data.

Kazakh and Russian come first for the atlas's readers; English is the third language.
Kazakh and Russian group thousands with a space and use a decimal comma.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from geo.classify import MapClass
from geo.indicators import Indicator


@dataclass(frozen=True)
class Language:
    key: str
    name: str  # in the language itself
    thousands: str
    decimal: str


LANGUAGES: dict[str, Language] = {
    lang.key: lang
    for lang in (
        Language("kk", "қазақша", "\u00a0", ","),
        Language("ru", "русский", "\u00a0", ","),
        Language("en", "English", ",", "."),
    )
}
DEFAULT_LANGUAGE = "kk"

# key: (kk, ru, en)
TEXTS: dict[str, tuple[str, str, str]] = {
    "title": ("Моноқалалар атласы", "Атлас моногородов", "Atlas of monotowns"),
    "subtitle": (
        "Қазақстанның моноқалалары (2012 жылғы тізім, 27 қала)",
        "Моногорода Казахстана (список 2012 года, 27 городов)",
        "Kazakhstan's single-industry towns (2012 list, 27 towns)",
    ),
    "zero_class": ("0 — моноқала жоқ", "0 — моногородов нет", "0 — no monotowns"),
    "no_data": ("деректер жоқ", "нет данных", "no data"),
    "not_published": ("жарияланбаған", "не опубликовано", "not published"),
    "unknown": ("белгісіз", "неизвестно", "unknown"),
    "population": ("Халқы", "Население", "Population"),
    "population_city": (
        "Қала халқы, 2023 ж. 1 қаңтар",
        "Население города, 1 января 2023",
        "Population of the city, 1 Jan 2023",
    ),
    "population_admin": (
        "Қала әкімдігі аумағы, 2023 ж. 1 қаңтар",
        "Городская администрация, 1 января 2023",
        "City administration, 1 Jan 2023",
    ),
    "enterprise": (
        "Қала құраушы кәсіпорын",
        "Градообразующее предприятие",
        "City-forming enterprise",
    ),
    "sector": ("Сала", "Отрасль", "Sector"),
    "status_2025": (
        "Тізімдегі мәртебесі (2024–2025)",
        "Статус в списке (2024–2025)",
        "List status (2024–2025)",
    ),
    "tier_2012": (
        "Даму әлеуеті (2012–2020 бағдарламасы)",
        "Потенциал развития (программа 2012–2020)",
        "Development potential (2012–2020 programme)",
    ),
    "criterion": ("Критерий", "Критерий", "Criterion"),
    "criterion_evidence": (
        "Критерий бойынша дерек",
        "Свидетельство по критерию",
        "Evidence on the criterion",
    ),
    "district_centre_2012": (
        "Аудан орталығы (2012)",
        "Районный центр (2012)",
        "District centre (2012)",
    ),
    "oblast_2012": ("Облысы (2012 тізімі)", "Область (список 2012)", "Oblast (2012 list)"),
    "source": ("Дереккөз", "Источник", "Source"),
    "towns": ("Қалалар", "Города", "Towns"),
    "unit": ("Өңір", "Регион", "Unit"),
    "status_listed": ("тізімде", "в списке", "listed"),
    "status_left": ("тізімнен шыққан", "вышел из списка", "left the list"),
    "status_unconfirmed": ("расталмаған", "не подтверждено", "unconfirmed"),
    "yes": ("иә", "да", "yes"),
    "no": ("жоқ", "нет", "no"),
    "tier_high": ("жоғары", "высокий", "high"),
    "tier_average": ("орташа", "средний", "average"),
    "tier_low": ("төмен", "низкий", "low"),
    "language": ("Тіл", "Язык", "Language"),
    "vintage": ("Шекаралар", "Границы", "Boundaries"),
    "indicator": ("Көрсеткіш", "Показатель", "Indicator"),
    "focus_unit": ("Өңірді таңдау", "Выбрать регион", "Choose a unit"),
    "all_units": ("Бүкіл ел", "Вся страна", "Whole country"),
    "colour_by": ("Қалалардың түсі", "Цвет городов", "Colour towns by"),
    "filters": ("Сүзгілер", "Фильтры", "Filters"),
    "filter_help": (
        "Бос қалса — бәрі көрсетіледі",
        "Пусто — показаны все",
        "Empty means all",
    ),
    "f_criterion": ("Критерий (2012)", "Критерий (2012)", "Criterion (2012)"),
    "f_tier": ("Даму әлеуеті", "Потенциал развития", "Development potential"),
    "f_sector": ("Сала", "Отрасль", "Sector"),
    "f_status": ("Тізімдегі мәртебесі", "Статус в списке", "List status"),
    "f_district_centre": ("Аудан орталығы", "Районный центр", "District centre"),
    "tiles": (
        "Онлайн карта негізі (OpenStreetMap)",
        "Онлайн-подложка (OpenStreetMap)",
        "Online basemap (OpenStreetMap)",
    ),
    "tiles_help": (
        "Интернет қажет; карта онсыз да толық",
        "Нужен интернет; карта полна и без неё",
        "Needs the internet; the map is complete without it",
    ),
    "reconcile": (
        "{total} моноқаладан {shown} көрсетілген, {units} өңірде; "
        "{none} өңірде моноқала жоқ — {vintage}",
        "Показано {shown} из {total} моногородов в {units_in}; "
        "в {none_in} моногородов нет — {vintage}",
        "{shown} of {total} monotowns shown in {units_in}; {none_have} none — {vintage}",
    ),
    # With a unit in focus the map still colours every unit by all towns passing the
    # filters: the count is of the whole country, and says so.
    "reconcile_country": (
        "Ел бойынша: {total} моноқаладан {shown}, {units} өңірде; "
        "{none} өңірде моноқала жоқ — {vintage}",
        "По стране: {shown} из {total} моногородов в {units_in}; "
        "в {none_in} моногородов нет — {vintage}",
        "Nationally: {shown} of {total} monotowns in {units_in}; {none_have} none — {vintage}",
    ),
    "none_units": ("Моноқаласы жоқ өңірлер", "Регионы без моногородов", "Units with no monotowns"),
    "metric_towns": ("Қалалар", "Городов", "Towns"),
    "metric_pop": (
        "Халқы, 2023 ж. 1 қаңтар",
        "Население на 1 января 2023",
        "Population, 1 Jan 2023",
    ),
    "metric_pop_partial": (
        "{n} қаланың халқы белгісіз",
        "население {n} городов неизвестно",
        "population of {n} towns unknown",
    ),
    "table_title": ("Көрсетілген қалалар", "Показанные города", "Towns shown"),
    "name": ("Атауы", "Название", "Name"),
    "no_towns": (
        "Таңдалған сүзгілерге сәйкес қала жоқ.",
        "Нет городов, отвечающих фильтрам.",
        "No town matches the filters.",
    ),
    "programme": ("Мемлекеттік бағдарлама", "Государственная программа", "State programme"),
    "sources": ("Дереккөздер", "Источники", "Sources"),
    "notice": (
        "Сілтемедегі кейбір параметрлер еленбеді",
        "Некоторые параметры ссылки проигнорированы",
        "Some link parameters were ignored",
    ),
    "focus_towns": ("{unit}: {n} моноқала", "{unit}: {towns}", "{unit}: {towns}"),
    "chart_population": (
        "Моноқалалар халқы, мың адам",
        "Население моногородов, тыс. человек",
        "Population of monotowns, thousand people",
    ),
    "chart_anchor": (
        "Зәкірлік жобалар, 2013 – 2019 ж. маусымы",
        "Якорные проекты, 2013 – июнь 2019",
        "Anchor projects, 2013 – June 2019",
    ),
    "chart_funding": (
        "Қаржыландыру, млрд теңге",
        "Финансирование, млрд тенге",
        "Funding, bn tenge",
    ),
    "year": ("Жыл", "Год", "Year"),
    "count": ("Саны", "Количество", "Number"),
    "anchor_stable": ("тұрақты", "стабильно", "stable"),
    "anchor_stopped": ("тоқтаған", "остановлены", "stopped"),
    "anchor_idle": ("жұмыс істемейді", "простаивают", "idle"),
    "anchor_intermittent": ("үзіліспен", "с перебоями", "intermittent"),
    "funding_2020_all": ("2020: барлық 26 жоба", "2020: все 26 проектов", "2020: all 26 projects"),
    "funding_2020_mono": (
        "2020: моноқалаларда 19 жоба",
        "2020: 19 проектов в моногородах",
        "2020: 19 projects in monotowns",
    ),
    "funding_2021_mono": (
        "2021: моноқалаларда 36 жоба (жоспар)",
        "2021: 36 проектов в моногородах (план)",
        "2021: 36 projects in monotowns (planned)",
    ),
    "tier_split": (
        "Даму әлеуеті (2013): 6 жоғары, 19 орташа, 2 төмен; қай қала қай топта екені жарияланбаған",
        "Потенциал развития (2013): 6 высокий, 19 средний, 2 низкий; состав групп не опубликован",
        "Development potential (2013): 6 high, 19 average, 2 low; which town is in which group "
        "was not published",
    ),
    "src_key": ("Кілт", "Ключ", "Key"),
    "src_title": ("Атауы", "Название", "Title"),
    "src_publisher": ("Баспагер", "Издатель", "Publisher"),
    "src_year": ("Жылы", "Год", "Year"),
    "src_ref": ("Сілтеме", "Ссылка", "Reference"),
    "src_kind": ("Түрі", "Тип", "Kind"),
    "programme_sources": ("Дереккөздер", "Источники", "Sources"),
    "export": ("Жүктеп алу және сайтқа ендіру", "Скачать и встроить", "Download and embed"),
    "export_help": (
        "Файлдарда дәл осы көрініс: сол шекаралар, сүзгілер, көрсеткіш және тіл.",
        "Файлы содержат ровно этот вид: те же границы, фильтры, показатель и язык.",
        "The files hold exactly this view: the same boundaries, filters, indicator and language.",
    ),
    "dl_png": ("Сурет PNG · 16:9", "Изображение PNG · 16:9", "Image PNG · 16:9"),
    "dl_pdf": ("Бет PDF · A4", "Страница PDF · A4", "Page PDF · A4"),
    "dl_html": ("Ендіру HTML", "HTML для сайта", "Embed HTML"),
    "dl_towns": ("Қалалар CSV", "Города CSV", "Towns CSV"),
    "dl_units": ("Өңірлер CSV", "Регионы CSV", "Units CSV"),
    "dl_geojson": ("GeoJSON", "GeoJSON", "GeoJSON"),
    "dl_meta": ("Метадеректер JSON", "Метаданные JSON", "Metadata JSON"),
    "embed_snippet": (
        "HTML файлын сайтыңызға салып, бетке мына кодты қойыңыз:",
        "Разместите HTML-файл на своём сайте и вставьте на страницу этот код:",
        "Put the HTML file on your site and paste this code into the page:",
    ),
    "attribution": (
        "Шекаралар: © OpenStreetMap contributors (ODbL); қалалар: GeoNames; халық: ҰСБ 2023",
        "Границы: © OpenStreetMap contributors (ODbL); города: GeoNames; население: БНС 2023",
        "Boundaries: © OpenStreetMap contributors (ODbL); towns: GeoNames; population: BNS 2023",
    ),
}


# Notices about ignored URL parameters (geo.view.Notice kinds): (kk, ru); English is the
# notice's own text.
NOTICE_TEXTS: dict[str, tuple[str, str]] = {
    "too_long": (
        "'{name}' параметрі тым ұзын, еленбеді",
        "параметр '{name}' слишком длинный и проигнорирован",
    ),
    "invalid": (
        "'{name}={value}' жарамсыз (жарамдылары: {valid}); '{default}' қолданылады",
        "'{name}={value}' — недопустимое значение (допустимо: {valid}); используется '{default}'",
    ),
    "tiles": (
        "'tiles={value}' 0 не 1 емес; карта негізі өшірулі",
        "'tiles={value}' — не 0 и не 1; подложка выключена",
    ),
    "unit": (
        "'unit={value}' {vintage} жылғы шекараларда жоқ; бүкіл ел көрсетілген",
        "'unit={value}' нет в границах {vintage} года; показана вся страна",
    ),
    "filter_values": (
        "'{name}' мәндері {value} белгісіз, еленбеді",
        "значения '{name}' {value} неизвестны и проигнорированы",
    ),
    "unknown_param": (
        "белгісіз '{name}' параметрі еленбеді",
        "неизвестный параметр '{name}' проигнорирован",
    ),
}


def notice_text(notice, lang: str) -> str:
    """A :class:`geo.view.Notice` in the reader's language."""
    if get_language(lang).key == "en" or notice.kind not in NOTICE_TEXTS:
        return str(notice)
    return NOTICE_TEXTS[notice.kind][0 if lang == "kk" else 1].format(**notice.args)


def get_language(key: str) -> Language:
    """Return the language registered under ``key``; an unknown key lists the valid ones."""
    try:
        return LANGUAGES[key]
    except KeyError:
        raise KeyError(f"unknown language {key!r}; valid: {', '.join(LANGUAGES)}") from None


def t(key: str, lang: str) -> str:
    """The text ``key`` in language ``lang``."""
    return TEXTS[key][("kk", "ru", "en").index(get_language(lang).key)]


# Nouns after a number, by the language's plural rule: Kazakh keeps one form; Russian has
# one / few / many (1 моногород, 3 моногорода, 8 моногородов); English one / other.
NOUNS: dict[str, dict[str, tuple[str, ...]]] = {
    "monotown": {
        "kk": ("моноқала",),
        "ru": ("моногород", "моногорода", "моногородов"),
        "en": ("monotown", "monotowns"),
    },
    "units_in": {  # "in N units"
        "kk": ("өңірде",),
        "ru": ("регионе", "регионах", "регионах"),
        "en": ("unit", "units"),
    },
    "units_have": {  # "N units have" (none)
        "kk": ("өңірде",),
        "ru": ("регионе", "регионах", "регионах"),
        "en": ("unit has", "units have"),
    },
}


def plural_form(n: int, lang: str) -> int:
    """Index of the noun form for ``n`` in ``lang`` (see :data:`NOUNS`)."""
    key = get_language(lang).key
    if key == "kk":
        return 0
    if key == "en":
        return 0 if n == 1 else 1
    if n % 10 == 1 and n % 100 != 11:
        return 0
    return 1 if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else 2


def count_phrase(n: int, noun: str, lang: str) -> str:
    """``n`` and its noun in the right form: "1 monotown", "3 моногорода", "8 моногородов"."""
    return f"{fmt_number(n, lang)} {NOUNS[noun][get_language(lang).key][plural_form(n, lang)]}"


def count_args(units: int, none: int, lang: str) -> dict[str, str]:
    """Phrases the counting texts (``reconcile``…) take besides the bare numbers."""
    return {
        "units_in": count_phrase(units, "units_in", lang),
        "none_in": count_phrase(none, "units_in", lang),
        "none_have": count_phrase(none, "units_have", lang),
    }


def focus_text(unit: str, n: int, lang: str) -> str:
    """``"Karaganda Region: 8 monotowns"`` in the reader's language."""
    return t("focus_towns", lang).format(unit=unit, n=n, towns=count_phrase(n, "monotown", lang))


def fmt_number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    """Format a number in the language's convention; a missing value reads *no data*."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("no_data", lang)
    try:
        if value != value:  # pandas NA and numpy NaN
            return t("no_data", lang)
    except TypeError:
        return t("no_data", lang)
    language = get_language(lang)
    text = f"{float(value):,.{decimals}f}"
    return (
        text.replace(",", "\u0000")
        .replace(".", language.decimal)
        .replace("\u0000", language.thousands)
    )


def class_label(cls: MapClass, indicator: Indicator, lang: str) -> str:
    """Legend label of one class, e.g. ``0 — no monotowns``, ``3–4``, ``5 and more``."""
    if cls.kind == "nodata":
        return t("no_data", lang)
    if cls.kind == "zero":
        return t("zero_class", lang)
    d = indicator.decimals
    lo = fmt_number(cls.lower, lang, d)
    if cls.upper is None:
        more = {"kk": "және одан көп", "ru": "и более", "en": "or more"}[lang]
        return f"{lo} {more}"
    hi = fmt_number(cls.upper, lang, d)
    return lo if lo == hi else f"{lo}–{hi}"


def label(mapping: dict[str, str], lang: str) -> str:
    """Pick the language's entry of a ``{kk, ru, en}`` label."""
    return mapping[get_language(lang).key]
