"""Interface languages and the one home of every reader-facing word.

Texts live in the catalogues ``geo/messages/*.toml``, one table per key with one entry per
language (``{key: {lang: text}}``); plural nouns hold one form per plural category. The
language registry says how each language writes numbers and picks plural forms, which
languages stand in for a text it lacks (its fallback chain), and which language's data
columns (``name_kk``…) it reads. Adding a language is one registry entry plus the texts
that exist (:func:`register_language`); :func:`completeness` says how much of the
catalogue each language has in its own words.

Kazakh and Russian come first for the atlas's readers; English is the third language.
"""

from __future__ import annotations

import math
import re
import string
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MESSAGES_DIR = Path(__file__).resolve().parent / "messages"
Text = str | list[str]
# The languages the data files have columns for (``name_kk``, ``label_ru``, ``text_en``…).
DATA_LANGUAGES = ("kk", "ru", "en")
# The catalogue key of the word "language" that labels the language picker.
PICKER_WORD = "language"


def _plural_kk(n: int) -> int:
    return 0  # a Kazakh noun keeps one form after a number


def _plural_en(n: int) -> int:
    return 0 if n == 1 else 1


def _plural_ru(n: int) -> int:
    """One / few / many: 1 моногород, 3 моногорода, 8 моногородов (11–14 take many)."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    return 1 if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else 2


@dataclass(frozen=True)
class Language:
    """A reader's language.

    ``plural`` maps a count to the index of a noun form. ``fallback`` lists, in order, the
    languages whose text a reader is shown where this language has none. ``data`` names
    the language whose data columns (``name_kk``, ``label_ru``…) it reads; by default its
    own if the data files carry them, else the first of its fallbacks that they carry.
    """

    key: str
    name: str  # in the language itself
    thousands: str
    decimal: str
    plural: Callable[[int], int]
    fallback: tuple[str, ...] = ()
    data: str | None = None

    @property
    def chain(self) -> tuple[str, ...]:
        """The languages a text is looked up in: this one, then its fallbacks."""
        return (self.key, *self.fallback)

    @property
    def data_key(self) -> str:
        if self.data is not None:
            return self.data
        return next((k for k in self.chain if k in DATA_LANGUAGES), DATA_LANGUAGES[-1])


LANGUAGES: dict[str, Language] = {
    lang.key: lang
    for lang in (
        # Kazakh and Russian group thousands with a (no-break) space and use a decimal comma.
        # Nearly every Kazakh reader reads Russian; Russian readers more often read English
        # than Kazakh, and English readers of the atlas Russian before Kazakh.
        Language("kk", "қазақша", "\u00a0", ",", _plural_kk, ("ru", "en")),
        Language("ru", "русский", "\u00a0", ",", _plural_ru, ("en", "kk")),
        Language("en", "English", ",", ".", _plural_en, ("ru", "kk")),
    )
}
DEFAULT_LANGUAGE = "kk"


def _flatten(table: Mapping, prefix: str, file: str, out: dict[str, dict[str, Text]]) -> None:
    """``[a.b]`` tables of TOML become key ``a.b``; a leaf holds only texts by language."""
    for key, value in table.items():
        if not isinstance(value, Mapping):
            raise ValueError(f"{file}: {prefix}{key} is not a table of texts by language")
        name = f"{prefix}{key}"
        if all(isinstance(v, str | list) for v in value.values()):
            if name in out:
                raise ValueError(f"{file}: key {name!r} is defined twice")
            out[name] = dict(value)
        else:
            _flatten(value, f"{name}.", file, out)


@cache
def messages() -> dict[str, dict[str, Text]]:
    """Every text by key and language, read from the catalogues once."""
    out: dict[str, dict[str, Text]] = {}
    for path in sorted(MESSAGES_DIR.glob("*.toml")):
        with path.open("rb") as f:
            _flatten(tomllib.load(f), "", path.name, out)
    return out


def register_language(language: Language, texts: Mapping[str, Text]) -> None:
    """Add a language: its registry entry and the texts it has in its own words.

    Every other text comes from its fallback chain. Refuses a fallback that is not a
    registered language, a chain that leaves a text with no words in any of its
    languages, and a text for a key the catalogues do not have (a misspelt key would
    otherwise be dropped without a word).
    """
    catalogue = messages()
    unknown = [k for k in language.fallback if k not in LANGUAGES or k == language.key]
    if unknown:
        raise ValueError(
            f"language {language.key!r} falls back to {', '.join(unknown)}, not another "
            f"registered language; registered: {', '.join(LANGUAGES)}"
        )
    stray = sorted(set(texts) - set(catalogue))
    if stray:
        raise ValueError(f"language {language.key!r} has texts for unknown keys: {stray[:10]}")
    unresolved = sorted(
        key
        for key, entry in catalogue.items()
        if key not in texts and not any(lang in entry for lang in language.fallback)
    )
    if unresolved:
        raise ValueError(
            f"language {language.key!r} lacks texts for: {', '.join(unresolved[:10])} "
            "(and none of its fallbacks has them)"
        )
    LANGUAGES[language.key] = language
    for key, text in texts.items():
        catalogue[key][language.key] = text


def get_language(key: str) -> Language:
    """Return the language registered under ``key``; an unknown key lists the valid ones."""
    try:
        return LANGUAGES[key]
    except KeyError:
        raise KeyError(f"unknown language {key!r}; valid: {', '.join(LANGUAGES)}") from None


def resolve(key: str, lang: str) -> tuple[str, Text]:
    """The language that supplies ``key`` to a reader of ``lang``, and its raw entry.

    ``lang`` itself if it has the text, else the first of its fallbacks that has it.
    """
    chain = get_language(lang).chain
    try:
        entry = messages()[key]
    except KeyError:
        raise KeyError(f"no text {key!r} in geo/messages") from None
    for source in chain:
        if source in entry:
            return source, entry[source]
    raise KeyError(f"no text {key!r} in {' or '.join(chain)}")


def text(key: str, lang: str) -> Text:
    """The raw entry of ``key`` for ``lang`` (a string, or a list of plural forms), taken
    from its fallback chain where ``lang`` has none."""
    return resolve(key, lang)[1]


def t(key: str, lang: str, **args) -> str:
    """The text ``key`` in language ``lang``, with ``{placeholders}`` filled from ``args``."""
    value = text(key, lang)
    if not isinstance(value, str):
        raise TypeError(f"text {key!r} is a list of plural forms: use count_phrase")
    return value.format(**args) if args else value


def col(base: str, lang: str) -> str:
    """The data column of ``base`` in the reader's language: ``col("name", "kk")`` → ``name_kk``."""
    return f"{base}_{get_language(lang).data_key}"


def placeholders(value: Text) -> set[str]:
    """Names of the ``{placeholders}`` of a text."""
    forms = [value] if isinstance(value, str) else value
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


def own_texts(lang: str) -> set[str]:
    """The keys ``lang`` has a text for in its own words (not from a fallback)."""
    get_language(lang)
    return {key for key, entry in messages().items() if lang in entry}


def completeness() -> dict[str, tuple[int, int]]:
    """For every language: how many texts it has in its own words, of how many."""
    total = len(messages())
    return {lang: (len(own_texts(lang)), total) for lang in LANGUAGES}


def picker_label() -> str:
    """The language picker's label: the word "language" in every language that has it in
    its own words ("Тіл / Язык / Language"), so every reader finds the picker."""
    entry = messages()[PICKER_WORD]
    return " / ".join(dict.fromkeys(entry[lang] for lang in LANGUAGES if lang in entry))


def catalogue_problems() -> list[str]:
    """Keys no language of a reader's chain has, empty texts, or texts that cannot be
    filled in.

    Languages may use different placeholders of a key (a Russian count phrase where Kazakh
    puts the bare number), but every text must fill in from the placeholders its key uses
    in any language: the code passes all of them.
    """
    problems = []
    for key, entry in messages().items():
        stray = [lang for lang in entry if lang not in LANGUAGES]
        if stray:
            problems.append(f"{key}: text in unregistered language {', '.join(stray)}")
        langs = [lang for lang in LANGUAGES if lang in entry]
        unresolved = [k for k, lang in LANGUAGES.items() if not set(lang.chain) & set(entry)]
        if unresolved:
            problems.append(f"{key}: no text for {', '.join(unresolved)} nor its fallbacks")
        try:
            names = set().union(*(placeholders(entry[lang]) for lang in langs))
        except ValueError as exc:  # an unbalanced brace
            problems.append(f"{key}: {exc}")
            continue
        for lang in langs:
            forms = [entry[lang]] if isinstance(entry[lang], str) else entry[lang]
            for form in forms:
                try:
                    form.format(**dict.fromkeys(names, "x"))
                except (KeyError, IndexError, ValueError) as exc:
                    problems.append(f"{key}: the {lang} text cannot be filled in ({exc!r})")
        for lang in langs:
            value = entry[lang]
            if not value or (isinstance(value, list) and not all(value)):
                problems.append(f"{key}: empty text in {lang}")
    return problems


def plural_form(n: int, lang: str) -> int:
    """Index of the noun form for ``n`` in ``lang``."""
    return get_language(lang).plural(n)


def count_phrase(n: int, noun: str, lang: str) -> str:
    """``n`` and its noun in the right form: "1 monotown", "3 моногорода", "8 моногородов"."""
    # The forms and the rule that picks one come from the same language: a fallback's
    # Russian forms need Russian's rule, whatever the reader's language counts with.
    source, forms = resolve(f"noun_{noun}", lang)
    form = forms[min(plural_form(n, source), len(forms) - 1)]
    return f"{fmt_number(n, lang)} {form}"


def count_args(units: int, none: int, lang: str) -> dict[str, str]:
    """Phrases the counting texts (``reconcile``…) take besides the bare numbers."""
    return {
        "units_in": count_phrase(units, "units_in", lang),
        "none_in": count_phrase(none, "units_in", lang),
        "none_have": count_phrase(none, "units_have", lang),
    }


def focus_text(unit: str, n: int, lang: str) -> str:
    """``"Karaganda Region: 8 monotowns"`` in the reader's language."""
    return t("focus_towns", lang, unit=unit, n=n, towns=count_phrase(n, "monotown", lang))


def is_missing(value) -> bool:
    """True for None, NaN and pandas' NA (which refuses to be compared)."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:
        return True


def fmt_number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    """Format a number in the language's convention; a missing value reads *no data*."""
    if is_missing(value) or (isinstance(value, float) and math.isnan(value)):
        return t("no_data", lang)
    language = get_language(lang)
    shown = f"{float(value):,.{decimals}f}"
    if re.fullmatch(r"-0(\.0*)?", shown):
        shown = shown[1:]  # a rounded -0.0 reads as 0
    return (
        shown.replace(",", "\u0000")
        .replace(".", language.decimal)
        .replace("\u0000", language.thousands)
    )
