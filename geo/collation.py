"""Names in each language's own alphabetical order.

Kazakh sorts Ә after А, Қ after К, Ұ and Ү after У and І after Ы; Russian sorts Ё with Е;
code point order puts every Kazakh letter after Я. The order is ICU's collation for the
language (CLDR's rules, through PyICU), never a table written here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import TypeVar

T = TypeVar("T")


@cache
def _collator(lang: str):
    # Imported here: the atlas's data modules load without it until a list is sorted.
    import icu

    return icu.Collator.createInstance(icu.Locale(lang))


def sort_key(text: object, lang: str) -> bytes:
    """The key that orders ``text`` alphabetically in ``lang`` (``"kk"``, ``"ru"``, ``"en"``).

    Examples
    --------
    >>> sorted(["Шахтинск", "Қарағанды", "Ақсу"], key=lambda s: sort_key(s, "kk"))
    ['Ақсу', 'Қарағанды', 'Шахтинск']
    """
    return _collator(lang).getSortKey(str(text))


def collated(items: Iterable[T], lang: str, name: Callable[[T], object] = str) -> list[T]:
    """``items`` in ``lang``'s alphabetical order of ``name(item)`` (the item by default).

    Examples
    --------
    >>> collated(["Үштөбе", "Ұзынағаш", "Ушарал"], "kk")
    ['Ушарал', 'Ұзынағаш', 'Үштөбе']
    """
    return sorted(items, key=lambda item: sort_key(name(item), lang))
