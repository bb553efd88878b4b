"""Match what planners type in a town column to the atlas's 27 towns."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the worker that matches a file never imports pandas
    import pandas as pd

from userdata.read.translit import fold, script_of, to_ascii_latin, to_kk_latin

MATCHED, AMBIGUOUS, UNMATCHED, EMPTY = "matched", "ambiguous", "unmatched", "empty"
_QUOTES = "\"'«»„“”‘’`‹›"
# "г. Темиртау", "Теміртау қ.", "Теміртау қаласы", "Temirtau city", "город Темиртау"...
_PREFIX = re.compile(
    r"^(?:(?:моногород|моноқала|город|қала|city\s+of|town\s+of|city|town|monotown)\s+"
    r"|(?:гор\.|г\.|қ\.|c\.)\s*|г\s+)"
)
_SUFFIX = re.compile(
    r"(?:\s+(?:қаласы|қала|city|town|город|моногород|моноқала|monotown)"
    r"|\s*(?<!\w)(?:г|қ)\.?)$"
)
# Separators between alternatives in one cell: "Алтай (Зыряновск)", "Аксу / Ермак",
# "Карагандинская обл., г. Темиртау".
_PARTS = re.compile(r"[,;/()\[\]|]|\s[-–—]\s")
_DIGITS = re.compile(r"^\d+(?:\.0+)?$")
_SUGGEST = 3
_CACHE_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A town offered to the user: its id and its name in the script the user typed."""

    town_id: str
    name: str


@dataclass(frozen=True, slots=True)
class Match:
    """The result of matching one cell.

    Attributes
    ----------
    text : str
        The cell as typed.
    status : str
        ``"matched"``, ``"ambiguous"`` (the text fits several towns, listed in
        ``candidates``), ``"unmatched"`` (nearest names in ``candidates``) or ``"empty"``.
    town_id : str or None
        The town, when matched.
    candidates : tuple of Suggestion
    """

    text: str
    status: str
    town_id: str | None = None
    candidates: tuple[Suggestion, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether exactly one town was found."""
        return self.status == MATCHED


class TownMatcher:
    """Find towns by id, GeoNames id or any name or variant in kk, ru or en.

    Keys are built once: every name, variant and the two romanisations of each Cyrillic name
    (2021 Kazakh Latin and ASCII), folded with :func:`userdata.read.translit.fold`. A lookup is
    then one dict access; results are cached per distinct text.

    Parameters
    ----------
    towns : pandas.DataFrame
        The atlas's towns: ``town_id``, ``geonames_id``, ``name_en``, ``name_ru``,
        ``name_kk`` and ``name_variants`` (``;``-separated, may be empty or absent).

    Attributes
    ----------
    names : dict of str to dict of str to str
        Each town's name by language (``"en"``, ``"ru"``, ``"kk"``), for display.
    """

    def __init__(self, towns: pd.DataFrame) -> None:
        self.names: dict[str, dict[str, str]] = {}
        self._by_key: dict[str, set[str]] = {}
        self._by_gid: dict[str, str] = {}
        self._script_keys: dict[str, dict[str, set[str]]] = {"cyr": {}, "lat": {}}
        variants = towns["name_variants"] if "name_variants" in towns else [""] * len(towns)
        for town_id, gid, en, ru, kk, more in zip(
            towns["town_id"], towns["geonames_id"], towns["name_en"], towns["name_ru"],
            towns["name_kk"], variants, strict=True,
        ):  # fmt: skip
            town_id = str(town_id)
            self.names[town_id] = {"en": str(en), "ru": str(ru), "kk": str(kk)}
            if not _missing(gid):
                self._by_gid[str(int(gid))] = town_id
            extra = [] if _missing(more) else [v for v in str(more).split(";") if v.strip()]
            self._add(town_id, [town_id, str(en), str(ru), str(kk), *extra])
        self._keys = {k: tuple(sorted(v)) for k, v in self._by_key.items()}
        self._candidates = {s: list(keys) for s, keys in self._script_keys.items()}
        self._cache: dict[str, Match] = {}
        self._quick: dict[str, Match] = {}

    def __getstate__(self) -> dict[str, Any]:
        # Sent to the worker that reads a file: the keys, not this process's caches.
        return {**self.__dict__, "_cache": {}, "_quick": {}}

    @property
    def town_ids(self) -> tuple[str, ...]:
        """All town ids, in the order of the towns table."""
        return tuple(self.names)

    def _add(self, town_id: str, names: Iterable[str]) -> None:
        for name in names:
            cyrillic = script_of(name) != "en"
            spellings = [name]
            if cyrillic:
                # Extra keys so that Latin spellings match without being listed as variants.
                spellings += [to_kk_latin(name), to_ascii_latin(name)]
            for i, spelling in enumerate(spellings):
                key = fold(spelling)
                if not key:
                    continue
                self._by_key.setdefault(key, set()).add(town_id)
                script = "cyr" if cyrillic and i == 0 else "lat"
                self._script_keys[script].setdefault(key, set()).add(town_id)

    def match(self, text: str, suggest: bool = True) -> Match:
        """Match one cell to a town.

        Parameters
        ----------
        text : str
            The cell as typed: ``"г. Темиртау"``, ``"Jezqazğan"``, ``"1518262"``...
        suggest : bool
            Offer the nearest names when nothing matches (the slow part; a caller with
            thousands of distinct unmatched texts may turn it off).

        Returns
        -------
        Match
        """
        cached = self._cache.get(text)
        if cached is None and not suggest:
            cached = self._quick.get(text)
        if cached is not None:
            return cached
        result = self._match(text, suggest)
        # A result without suggestions is kept apart, so a later call that wants them
        # computes them once.
        cache = self._cache if suggest or result.status != UNMATCHED else self._quick
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[text] = result
        return result

    def _match(self, text: str, suggest: bool) -> Match:
        stripped = text.strip().strip(_QUOTES).strip()
        if not stripped:
            return Match(text, EMPTY)
        if _DIGITS.match(stripped):
            town = self._by_gid.get(stripped.split(".")[0])
            return Match(text, MATCHED, town) if town else Match(text, UNMATCHED)
        found = self._lookup(stripped)
        if not found:
            # Try each part of "Алтай (Зыряновск)" or "Карагандинская обл., г. Темиртау".
            parts = [p for p in _PARTS.split(stripped) if p.strip()]
            if len(parts) > 1:
                found = set().union(*(self._lookup(p) for p in parts))
        if not found and "?" in stripped:
            found = self._wildcard(stripped)
        if len(found) == 1:
            return Match(text, MATCHED, next(iter(found)))
        script = script_of(stripped)
        if found:
            return Match(text, AMBIGUOUS, None, self._offer(sorted(found), script))
        if not suggest:
            return Match(text, UNMATCHED)
        return Match(text, UNMATCHED, None, self._nearest(stripped, script))

    def _lookup(self, text: str) -> set[str]:
        key = fold(strip_affixes(text))
        return set(self._keys.get(key, ()))

    def _wildcard(self, text: str) -> set[str]:
        # A Kazakh name saved in Windows-1251 loses its Kazakh letters to "?" ("Жез?аз?ан").
        pieces = [re.escape(fold(p)) for p in strip_affixes(text).split("?")]
        pattern = re.compile(".".join(pieces))
        found: set[str] = set()
        for key, towns in self._script_keys["cyr"].items():
            if pattern.fullmatch(key):
                found |= towns
        return found

    def _nearest(self, text: str, script: str) -> tuple[Suggestion, ...]:
        key = fold(strip_affixes(text))
        pool = self._candidates["cyr" if script != "en" else "lat"]
        offered: list[str] = []
        for close in difflib.get_close_matches(key, pool, n=10, cutoff=0.6):
            for town in sorted(self._script_keys["cyr" if script != "en" else "lat"][close]):
                if town not in offered:
                    offered.append(town)
        return self._offer(offered[:_SUGGEST], script)

    def _offer(self, town_ids: Iterable[str], script: str) -> tuple[Suggestion, ...]:
        return tuple(Suggestion(t, self.names[t][script]) for t in town_ids)


def _missing(value: Any) -> bool:
    """None, NaN or pandas' NA (a town without a GeoNames id or variants)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def strip_affixes(text: str) -> str:
    """Remove "г.", "город", "қ.", "қаласы", "city", "town" and quotes around a town name.

    Examples
    --------
    >>> strip_affixes("г.Темиртау"), strip_affixes("Теміртау қаласы")
    ('темиртау', 'теміртау')
    >>> strip_affixes("Temirtau City"), strip_affixes("«Сатпаев»")
    ('temirtau', 'сатпаев')
    """
    text = " ".join(text.casefold().replace("ё", "е").split()).strip(_QUOTES + " ")
    for _ in range(3):  # "моногород г. Темиртау": affixes can stack
        stripped = _SUFFIX.sub("", _PREFIX.sub("", text)).strip(_QUOTES + " ")
        if stripped == text or not stripped:
            break
        text = stripped
    return text
