"""Towns named as in each vintage's time, by the dated renames of ``data/timeline.csv``.

A rename row names its subject (``town:<town_id>``), the names before and after in three
languages, and the two notes a map prints beside a name: ``note_before`` beside the old name
("Altai since December 2018"), ``note_after`` beside the new one ("Zyryanovsk until December
2018"). A vintage is named as at the end of its period (today for the open one), as the
units are (``data/boundaries/names_then.csv``: the 2018 layout shows Nur-Sultan):

- a town renamed after its vintage's period keeps its old name, with the note naming the
  next one: "Zyryanovsk (Altai since December 2018)" in 2012;
- a town renamed during the period shows its new name with the old one: "Altai (Zyryanovsk
  until December 2018)" in 2018;
- otherwise the name is today's.

A rename dated to a month or a year spans that month or year; a vintage boundary inside
that span cannot be decided and is refused.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from geo.errors import DataError
from geo.vintages import get_vintage

LANGS = ("kk", "ru", "en")
TOWN_SUBJECT = "town:"
RENAME_PARTS = ("name_before", "name_after", "note_before", "note_after")
RENAME_COLUMNS = ("subject", *(f"{p}_{lang}" for p in RENAME_PARTS for lang in LANGS))


@dataclass(frozen=True)
class Rename:
    """A dated rename: the first and last day it may have taken effect, and its words."""

    event_id: str
    town_id: str
    earliest: date
    latest: date
    words: dict[str, dict[str, str]]  # part -> lang -> text

    def text(self, part: str, lang: str) -> str:
        return self.words[part][lang]


def _span(text: str, precision: str) -> tuple[date, date]:
    """First and last day of a timeline date of ``day``, ``month`` or ``year`` precision."""
    parts = [int(p) for p in text.split("-")]
    if precision == "day":
        day = date(*parts)
        return day, day
    if precision == "month":
        year, month = parts
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if precision == "year":
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    raise ValueError(f"a rename needs a date, not precision {precision!r}")


def town_renames(timeline: pd.DataFrame, file: str = "timeline.csv") -> list[Rename]:
    """The renames of towns in the timeline, oldest first.

    Raises
    ------
    DataError
        If a rename row lacks a date or one of its twelve texts (file, row, column named).
    """
    if "subject" not in timeline.columns:
        return []
    out = []
    for i, row in enumerate(timeline.to_dict("records"), start=1):
        subject = str(row.get("subject") or "").strip()
        if not subject.startswith(TOWN_SUBJECT):
            continue
        for column in RENAME_COLUMNS[1:]:
            if not str(row.get(column) or "").strip():
                raise DataError(file, "a town's rename needs this text", row=i, column=column)
        try:
            earliest, latest = _span(str(row["date"]), str(row["date_precision"]))
        except ValueError as exc:
            raise DataError(
                file, f"rename date {row['date']!r}: {exc}", row=i, column="date"
            ) from None
        words = {p: {lang: str(row[f"{p}_{lang}"]).strip() for lang in LANGS} for p in RENAME_PARTS}
        out.append(Rename(row["event_id"], subject[len(TOWN_SUBJECT) :], earliest, latest, words))
    return sorted(out, key=lambda r: r.earliest)


def period(vintage: str) -> tuple[date | None, date | None]:
    """First and last day of a vintage's layout (``None``: open at that end)."""
    v = get_vintage(vintage)
    start = date.fromisoformat(v.valid_from) if v.valid_from else None
    end = date.fromisoformat(v.valid_until) - timedelta(days=1) if v.valid_until else None
    return start, end


@dataclass(frozen=True)
class TownName:
    """A town's name in a vintage: the bare name and the label maps print (with a note)."""

    name: str
    label: str


def name_in_vintage(
    today: dict[str, str], renames: list[Rename], vintage: str, lang: str
) -> TownName:
    """The name of a town in ``vintage``, given today's names and the town's renames.

    Raises
    ------
    ValueError
        If a rename's date span contains the end of the vintage's period.
    """
    start, end = period(vintage)
    before, during = [], []
    for rename in renames:
        if end is not None and rename.earliest > end:
            before.append(rename)  # renamed after the period: the old name held then
        elif end is None or rename.latest <= end:
            if start is None or rename.earliest >= start:
                during.append(rename)
        else:
            raise ValueError(
                f"{rename.event_id}: renamed between {rename.earliest} and {rename.latest}, "
                f"and vintage {vintage} ends on {end}: which name held is not decided"
            )
    if before:
        first = before[0]
        name = first.text("name_before", lang)
        return TownName(name, f"{name} ({first.text('note_before', lang)})")
    if during:
        last = during[-1]
        name = last.text("name_after", lang)
        return TownName(name, f"{name} ({last.text('note_after', lang)})")
    return TownName(today[lang], today[lang])


def names_of_their_time(towns: pd.DataFrame, renames: list[Rename], vintage: str) -> pd.DataFrame:
    """``towns`` named as in ``vintage``: ``name_<lang>`` holds the name of the time with its
    note ("Zyryanovsk (Altai since December 2018)"), ``name_then_<lang>`` the bare name of the
    time and ``name_today_<lang>`` today's name.

    The input is not changed; a town without renames keeps today's name everywhere.
    """
    out = towns.copy()
    by_town: dict[str, list[Rename]] = {}
    for rename in renames:
        by_town.setdefault(rename.town_id, []).append(rename)
    unknown = sorted(set(by_town) - set(towns["town_id"]))
    if unknown:
        raise DataError("timeline.csv", f"renames name unknown towns: {', '.join(unknown)}")
    for lang in LANGS:
        out[f"name_today_{lang}"] = towns[f"name_{lang}"]
    labels = {lang: [] for lang in LANGS}
    bare = {lang: [] for lang in LANGS}
    for row in towns[["town_id", *(f"name_{lang}" for lang in LANGS)]].to_dict("records"):
        today = {lang: row[f"name_{lang}"] for lang in LANGS}
        for lang in LANGS:
            try:
                named = name_in_vintage(today, by_town.get(row["town_id"], []), vintage, lang)
            except ValueError as exc:
                raise DataError("timeline.csv", str(exc)) from None
            labels[lang].append(named.label)
            bare[lang].append(named.name)
    for lang in LANGS:
        out[f"name_{lang}"] = labels[lang]
        out[f"name_then_{lang}"] = bare[lang]
    return out
