"""Kazakh/Russian Cyrillic to Latin, and the folding that makes spellings comparable.

Two romanisations are produced: the 2021 Kazakh Latin alphabet (``Жезқазған`` →
``Jezqazğan``, ``Екібастұз`` → ``Ekıbastūz``) and the common ASCII one that passports and
maps use (``Zhezkazgan``, ``Ekibastuz``). :func:`fold` then reduces any spelling, in either
script, to a comparable key: ``"Jezqazğan"`` and ``"Jezqazgan"`` fold to the same key.
"""

from __future__ import annotations

import re
import unicodedata

# The 2021 Kazakh Latin alphabet, letter by letter (lower case).
KK_LATIN_2021: dict[str, str] = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e",
    "ё": "io", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts",
    "ч": "ç", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}  # fmt: skip
# Upper case where str.upper() would be wrong: и → İ (dotted), і → I (dotless).
_KK_UPPER = {"i": "İ", "ı": "I"}

# The ASCII romanisation of Russian names (and Kazakh letters folded to their nearest sound),
# as on road signs, in passports and in English-language sources.
CYRILLIC_ASCII: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i",
}  # fmt: skip

# Folding: letters that NFKD does not decompose are mapped by hand. Kazakh-only Cyrillic
# letters fold to the Russian letter a Russian keyboard types instead (Жезқазған ~ Жезказган).
_FOLD = str.maketrans(
    {
        "ı": "i", "ə": "a", "ø": "o", "đ": "d", "ł": "l", "ß": "ss",
        "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х",
        "і": "и", "ї": "и", "є": "е", "э": "е", "ь": "", "ъ": "",
    }
)  # fmt: skip
_NON_ALNUM = re.compile(r"[\W_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_KAZAKH_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")


def to_kk_latin(text: str) -> str:
    """Transliterate Kazakh Cyrillic into the 2021 Latin alphabet, keeping case.

    Examples
    --------
    >>> to_kk_latin("Жезқазған"), to_kk_latin("Екібастұз"), to_kk_latin("Сәтбаев")
    ('Jezqazğan', 'Ekıbastūz', 'Sätbaev')
    """
    return _transliterate(text, KK_LATIN_2021, _KK_UPPER)


def to_ascii_latin(text: str) -> str:
    """Transliterate Russian or Kazakh Cyrillic into plain ASCII Latin (``Zhezkazgan``)."""
    return _transliterate(text, CYRILLIC_ASCII, {})


def _transliterate(text: str, table: dict[str, str], upper: dict[str, str]) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        latin = table.get(low)
        if latin is None:
            out.append(ch)
        elif ch != low and latin:
            out.append(upper.get(latin) or latin[0].upper() + latin[1:])
        else:
            out.append(latin)
    return "".join(out)


def fold(text: str) -> str:
    """Reduce a name to a key that ignores case, diacritics, ё/е, spaces, hyphens and quotes.

    Examples
    --------
    >>> fold("Jezqazğan") == fold("JEZQAZGAN"), fold("Кульсары") == fold("Кульсары́")
    (True, True)
    >>> fold("Екібастұз") == fold("Экибастуз")
    True
    """
    text = text.casefold().translate(_FOLD)
    # NFKD splits ё, й, ğ, ū, ä... into a base letter and combining marks, dropped here.
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", text)


def script_of(text: str) -> str:
    """Return ``"kk"`` (Cyrillic with Kazakh letters), ``"ru"`` (other Cyrillic) or ``"en"``."""
    if _KAZAKH_LETTERS.search(text):
        return "kk"
    return "ru" if _CYRILLIC.search(text) else "en"


def slug(text: str, max_length: int = 40) -> str:
    """Return a lowercase ASCII identifier (``a-z0-9_``) for a column header; may be empty."""
    ascii_text = unicodedata.normalize("NFKD", to_ascii_latin(text).casefold())
    ascii_text = ascii_text.replace("%", " pct ").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")[:max_length].rstrip("_")
