"""The credits a briefing page prints in its footer, in the view's language.

A page travels alone (a slide, a printed brief), so it names what its figures rest on: the
names of their time and the caveats of the towns shown, in words; the source of the list of
27 beside the dated population source; the towns' points and the boundaries with their
licence as far as it is established.
"""

from __future__ import annotations

from export.data.credits import unit_caveat_codes
from geo.atlas import Atlas, ViewData
from geo.i18n import col, get_language, t


def names_line(data: ViewData) -> str | None:
    """``Names of the time: Zyryanovsk (Altai since December 2018)`` where a town shown is
    named otherwise than today (its map label gives the bare name), else ``None``."""
    lang = data.view.lang
    then = f"name_then_{lang}"
    if then not in data.towns.columns:
        return None
    renamed = data.towns[data.towns[col("name", lang)] != data.towns[then]]
    if renamed.empty:
        return None
    return f"{t('credit_names', lang)}: " + "; ".join(sorted(renamed[col("name", lang)]))


def caveats_line(data: ViewData, atlas: Atlas) -> str | None:
    """Each caveat of the values shown, in its short words, with the towns it concerns:
    ``Caveats: Karazhal, Kurchatov, Serebryansk — town proper under …; …``."""
    lang = data.view.lang
    if atlas.caveats.empty or col("short", lang) not in atlas.caveats.columns:
        return None
    name = f"name_then_{lang}" if f"name_then_{lang}" in data.towns else col("name", lang)
    towns: dict[str, list[str]] = {}
    for label, cell in zip(data.towns[name], data.towns.get("caveats", []), strict=False):
        for code in (c for c in str(cell).split(";") if c):
            towns.setdefault(code, []).append(str(label))
    parts = []
    units = unit_caveat_codes(data.view.vintage)
    for row in atlas.caveats.to_dict("records"):
        short = row[col("short", lang)]
        if row["code"] in towns:
            parts.append(f"{', '.join(sorted(towns[row['code']]))} — {short}")
        elif row["code"] in units:
            parts.append(f"{t('credit_units', lang)} — {short}")
    if not parts:
        return None
    return f"{t('credit_caveats', lang)}: " + "; ".join(parts)


def sources_line(atlas: Atlas, lang: str) -> str:
    """The list's source and date, the population's, the towns' points and the boundaries'
    credit as their manifest states it (licence not established)."""
    credit = atlas.manifest.get("attribution") or {}
    boundaries = credit.get(get_language(lang).data_key) or next(iter(credit.values()), "")
    return t("credit_page", lang, boundaries=boundaries)


def footer_paragraphs(data: ViewData, atlas: Atlas) -> list[str]:
    """The footer's paragraphs, in print order (empty ones left out)."""
    lines = [names_line(data), caveats_line(data, atlas), sources_line(atlas, data.view.lang)]
    return [line for line in lines if line]
