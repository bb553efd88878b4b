"""Tier and criterion cells in Kazakh, Russian and English."""

from __future__ import annotations

import re

from userdata.read.errors import CellError
from userdata.read.translit import fold

TIERS = ("high", "average", "low")
CRITERIA = ("1", "2", "3")

# Words per tier, folded with translit.fold (so Latin Kazakh "joğary" = "jogary", ё = е).
_TIER_WORDS: dict[str, tuple[str, ...]] = {
    "high": ("high", "высокий", "высокая", "высокое", "высок", "жоғары", "jogary", "zhogary"),
    "average": (
        "average", "medium", "middle", "moderate", "mid", "средний", "средняя", "среднее",
        "средн", "орташа", "ortasha", "orta",
    ),
    "low": ("low", "низкий", "низкая", "низкое", "низк", "төмен", "tomen"),
}  # fmt: skip
# Words that may follow or precede the tier word and say nothing more ("высокий потенциал").
_FILLER = re.compile(
    r"\b(potential|level|tier|потенциал\w*|уров\w*|әлеует\w*|деңгей\w*)\b",
    re.IGNORECASE,
)
TIER_BY_KEY: dict[str, str] = {fold(w): tier for tier, words in _TIER_WORDS.items() for w in words}

# Separators between criteria: punctuation, "и", "және" (also typed "жане"), "and", "&".
_CRITERIA_SPLIT = re.compile(r"\s*(?:[;,+/&|]|\bи\b|\bжәне\b|\bжане\b|\band\b)\s*|\s+", re.I)
_CRITERIA_PREFIX = re.compile(
    r"^(?:criteri(?:on|a)|критери[йия]|критерийі|өлшем[і]?)\s*(?:№|no\.?|n)?\s*", re.I
)
_ROMAN = {"i": "1", "ii": "2", "iii": "3"}


def parse_tier(text: str) -> str | None:
    """Read a tier cell: ``"high"``, ``"average"`` or ``"low"``; None if empty.

    Case, ё/е, surrounding spaces and punctuation, and a trailing "потенциал"/"level" are
    tolerated: ``" Высокий. "``, ``"средний уровень"``, ``"Жоғары"`` all read.

    Raises
    ------
    CellError
        ``unknown_tier`` (``value``).
    """
    if not text.strip():
        return None
    key = fold(_FILLER.sub(" ", text))
    tier = TIER_BY_KEY.get(key)
    if tier is None:
        raise CellError("unknown_tier", value=text.strip())
    return tier


def parse_criteria(text: str) -> frozenset[str] | None:
    """Read a criterion cell into a set of ``"1"``, ``"2"``, ``"3"``; None if empty.

    More than one may be given: ``"1;3"``, ``"1, 2"``, ``"1 и 3"``, ``"1 және 2"``,
    ``"1 and 3"``, ``"1+2"``.

    Raises
    ------
    CellError
        ``unknown_criterion`` (``value``).
    """
    stripped = text.strip()
    if not stripped:
        return None
    body = _CRITERIA_PREFIX.sub("", stripped.strip(" .;,()"))
    found = set()
    for token in _CRITERIA_SPLIT.split(body):
        token = token.strip(" .()").casefold()
        if not token:
            continue
        token = _ROMAN.get(token, token)
        if token.endswith(".0"):  # "1.0" from a number cell
            token = token[:-2]
        if token not in CRITERIA:
            raise CellError("unknown_criterion", value=stripped)
        found.add(token)
    if not found:
        raise CellError("unknown_criterion", value=stripped)
    return frozenset(found)
