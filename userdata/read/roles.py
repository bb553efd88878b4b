"""Column roles, and the registry of header words that suggests them in kk, ru and en.

The registry is data: :data:`HEADER_RULES` lists, per role, the word stems that suggest it
and whether they must make up the whole header (a town column is headed "Город", not
"Население города") or only appear in it ("Уровень потенциала развития, 2013"). A stem of
four or more letters also matches longer words, which is how Russian and Kazakh endings
("потенциала", "қаласы", "критерийі") are tolerated without a stemmer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from userdata.bidi import strip_bidi
from userdata.read.errors import UploadError

TOWN_KEY, TIER, CRITERION, NUMERIC, IGNORED = "town_key", "tier", "criterion", "numeric", "ignored"
ROLES = (TOWN_KEY, TIER, CRITERION, NUMERIC, IGNORED)
AGGREGATIONS = ("sum", "mean", "max", "share_of_population")


@dataclass(frozen=True, slots=True)
class ColumnRole:
    """What a column holds, as guessed or as set by hand.

    Attributes
    ----------
    role : str
        One of :data:`ROLES`.
    unit : str or None
        Numeric columns: the unit (``"%"``, ``"bn tenge"``); None means "take it from the
        header or the cells".
    aggregation : str or None
        Numeric columns: how values add up to a unit (oblast), one of :data:`AGGREGATIONS`;
        None means "guess from the unit and header".
    """

    role: str
    unit: str | None = None
    aggregation: str | None = None

    def __post_init__(self) -> None:
        if self.unit is not None:  # typed by the planner: no direction controls
            object.__setattr__(self, "unit", strip_bidi(self.unit))
        if self.role not in ROLES:
            raise UploadError("bad_role", column="", role=self.role, allowed=list(ROLES))
        if self.aggregation is not None and self.aggregation not in AGGREGATIONS:
            raise UploadError(
                "bad_aggregation", column="", aggregation=self.aggregation,
                allowed=list(AGGREGATIONS),
            )  # fmt: skip


@dataclass(frozen=True, slots=True)
class HeaderRule:
    """Header words suggesting one role.

    Attributes
    ----------
    role : str
    whole : bool
        True: every word of the header must be one of ``stems`` (single words). False: one of
        ``stems`` (a tuple of consecutive words) must appear somewhere in the header.
    stems : tuple of tuple of str
    """

    role: str
    whole: bool
    stems: tuple[tuple[str, ...], ...]


def _words(*phrases: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.split()) for p in phrases)


_TIER_WORDS = _words("tier", "potential", "потенциал", "групп", "әлеует", "топ", "тобы", "тобі")
# "Уровень" alone is the tier; "Уровень безработицы" is not.
_TIER_WHOLE = _words("уровень", "level", "деңгей", "деңгейі")
_TOWN_WORDS = _words(
    "town", "city", "cities", "monotown", "name", "id", "geonames", "geonameid", "code",
    "город", "моногород", "назван", "наименован", "код", "населенн", "пункт", "г",
    "қала", "моноқала", "атау", "елді", "мекен", "коды",
    "of", "the", "settlement", "single", "industry", "моно", "en", "ru", "kk",
)  # fmt: skip
# Row numbers, years, places and notes: never an indicator, even when they are numbers.
_IGNORED_WORDS = _words(
    "№", "#", "no", "n", "nr", "п", "р", "с", "номер", "нөмір", "row", "rows",
    "примечан", "note", "notes", "comment", "коммент", "ескерт", "источник", "source",
    "дереккөз", "област", "oblast", "region", "облыс", "регион", "район", "district",
    "аудан", "год", "года", "year", "жыл", "дата", "date", "күні",
)  # fmt: skip

# Checked in this order; the first rule that matches gives the header's role.
HEADER_RULES: tuple[HeaderRule, ...] = (
    HeaderRule(CRITERION, False, _words("criteri", "критери", "өлшем")),
    HeaderRule(TIER, False, _TIER_WORDS),
    HeaderRule(TIER, True, _TIER_WHOLE),
    HeaderRule(TOWN_KEY, True, _TOWN_WORDS),
    HeaderRule(IGNORED, True, _IGNORED_WORDS),
)

# Header words (stems) of a rate or average: such a column is averaged over a unit, not summed.
RATE_STEMS = _words(
    "rate", "share", "ratio", "index", "average", "mean", "per", "percent", "density",
    "уров", "доля", "доли", "коэффициент", "индекс", "средн", "удельн", "душ", "процент",
    "плотност", "үлес", "деңгей", "орташа", "пайыз", "тығыздығ",
)  # fmt: skip

_TOKENS = re.compile(r"[^\W_]+|[№#%‰]")
_UNIT_IN_BRACKETS = re.compile(r"^(.*?)\s*[(\[]([^()\[\]]*)[)\]]\s*$")
_UNIT_WORDS = re.compile(r"^(?:в|in|per cent|percent|процент(?:ах|ов)?|пайызбен)\s*", re.I)


def header_tokens(text: str) -> list[str]:
    """Lower-cased words of a header, ё folded to е, punctuation and underscores dropped."""
    return _TOKENS.findall(text.casefold().replace("ё", "е"))


def _stem_match(stem: str, token: str) -> bool:
    return token == stem or (len(stem) >= 4 and token.startswith(stem))


def header_role(header: str) -> str | None:
    """Return the role a header suggests, or None.

    Examples
    --------
    >>> header_role("Уровень потенциала, 2013"), header_role("г. / Город"), header_role("№")
    ('tier', 'town_key', 'ignored')
    >>> header_role("Население города, тыс. чел.") is None
    True
    """
    name, _ = split_header(header)
    tokens = header_tokens(name) or header_tokens(header)
    if not tokens:
        return None
    for rule in HEADER_RULES:
        if rule.whole:
            stems = [s[0] for s in rule.stems]
            if all(any(_stem_match(s, t) for s in stems) for t in tokens):
                return rule.role
        elif any(_contains(tokens, stems) for stems in rule.stems):
            return rule.role
    return None


def _contains(tokens: list[str], stems: tuple[str, ...]) -> bool:
    n = len(stems)
    return any(
        all(_stem_match(s, t) for s, t in zip(stems, tokens[i : i + n], strict=True))
        for i in range(len(tokens) - n + 1)
    )


def split_header(header: str) -> tuple[str, str | None]:
    """Split a header into its name and unit.

    The unit is what trails in brackets (``"unemployment (%)"``) or after the last comma
    (``"Output, bn tenge"``); a year there (``"Tier, 2013"``) is not a unit.

    Examples
    --------
    >>> split_header("Безработица, %"), split_header("Output, bn tenge")
    (('Безработица', '%'), ('Output', 'bn tenge'))
    >>> split_header("unemployment (%)"), split_header("Уровень потенциала, 2013")
    (('unemployment', '%'), ('Уровень потенциала', None))
    """
    text = " ".join(header.split())
    name, unit = text, None
    match = _UNIT_IN_BRACKETS.match(text)
    if match and match.group(1):
        name, unit = match.group(1).rstrip(" ,"), match.group(2)
    elif "," in text:
        head, tail = text.rsplit(",", 1)
        if head.strip() and len(tail.split()) <= 4:
            name, unit = head.strip(), tail
    elif text.endswith(("%", "‰")) and len(text) > 1:
        name, unit = text[:-1].rstrip(" ,"), text[-1]
    return name, _clean_unit(unit)


def _clean_unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    unit = unit.strip(" ,;:")
    if "%" in unit or "‰" in unit:
        return "‰" if "‰" in unit else "%"
    unit = _UNIT_WORDS.sub("", unit) if unit.casefold() in ("в %", "in %") else unit
    if not unit or re.fullmatch(r"\d{4}(?:\s*[-–]\s*\d{2,4})?(?:\s*г\.?|\s*ж\.?)?", unit):
        return None  # a year or a range of years
    return unit


def default_aggregation(header: str, unit: str | None) -> str:
    """Return ``"mean"`` for a percentage, rate, share or average, else ``"sum"``.

    Examples
    --------
    >>> default_aggregation("Безработица", "%"), default_aggregation("Output", "bn tenge")
    ('mean', 'sum')
    >>> default_aggregation("Среднемесячная зарплата", "тенге")
    'mean'
    """
    if unit and (unit in ("%", "‰") or "/" in unit or re.search(r"\b(per|на)\b", unit, re.I)):
        return "mean"
    tokens = header_tokens(split_header(header)[0])
    if any(_contains(tokens, stems) for stems in RATE_STEMS):
        return "mean"
    return "sum"
