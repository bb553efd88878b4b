"""Guess each column's role from its header and a sample of its cells."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from userdata.read.errors import CellError
from userdata.read.matching import TownMatcher
from userdata.read.numeric import parse_number
from userdata.read.roles import (
    CRITERION,
    IGNORED,
    NUMERIC,
    TIER,
    TOWN_KEY,
    ColumnRole,
    default_aggregation,
    header_role,
    split_header,
)
from userdata.read.values import parse_criteria, parse_tier

SAMPLE = 500  # non-empty cells per column looked at; enough to tell "mostly"
MOSTLY = 0.5
# Without a header word, a column is taken for tiers only if nearly all cells are tiers.
TIER_BY_CONTENT = 0.8
# Cells that are neither evidence for nor against numbers: reported later, never guessed on.
_NEUTRAL = frozenset({"no_data_mark", "spreadsheet_error", "out_of_range", "ambiguous_number"})


@dataclass(frozen=True, slots=True)
class Profile:
    """Counts over a sample of a column's non-empty cells.

    Attributes
    ----------
    header_role : str or None
        The role the header suggests.
    cells : int
        Non-empty cells sampled.
    towns, numbers, percents, tiers, criteria, neutral : int
        Cells that match a town, read as a number (``percents`` of them with ``%``), as a
        tier, as criteria; and cells that are formulas, no-data marks or spreadsheet errors.
    """

    header_role: str | None
    cells: int
    towns: int
    numbers: int
    percents: int
    tiers: int
    criteria: int
    neutral: int

    def share(self, count: int, neutral: bool = False) -> float:
        """``count`` as a share of the sampled cells (minus neutral ones if asked)."""
        total = self.cells - (self.neutral if neutral else 0)
        return count / total if total > 0 else 0.0


def profile_column(
    header: str, cells: Sequence[str], formula_rows: set[int], matcher: TownMatcher
) -> Profile:
    """Count what a column's first :data:`SAMPLE` non-empty cells look like."""
    counts = dict.fromkeys(("cells", "towns", "numbers", "percents", "tiers", "criteria"), 0)
    neutral = 0
    for row, text in enumerate(cells):
        if not text:
            continue
        counts["cells"] += 1
        if counts["cells"] > SAMPLE:
            counts["cells"] -= 1
            break
        if row in formula_rows:
            neutral += 1
            continue
        counts["towns"] += matcher.match(text, suggest=False).ok
        try:
            number = parse_number(text)
            counts["numbers"] += 1
            counts["percents"] += number is not None and number.unit == "%"
        except CellError as exc:
            neutral += exc.code in _NEUTRAL
        counts["tiers"] += _reads(parse_tier, text)
        counts["criteria"] += _reads(parse_criteria, text)
    return Profile(header_role(header), neutral=neutral, **counts)


def _reads(parse, text: str) -> bool:
    try:
        parse(text)
    except CellError:
        return False
    return True


def guess_roles(
    headers: Sequence[str], profiles: Sequence[Profile], fixed: dict[int, ColumnRole]
) -> list[ColumnRole]:
    """Give every column a role; roles in ``fixed`` (set by hand) are kept as they are.

    One column is the town key: the one whose cells match the most towns (a column headed
    like a town column wins when no column matches). At most one column is the tier and
    one the criterion; a header word decides unless the cells plainly are numbers
    ("Potential output, bn tenge"). Any other column whose cells mostly read as numbers is a
    numeric indicator; the rest is ignored.
    """
    roles: list[ColumnRole | None] = [fixed.get(i) for i in range(len(headers))]
    taken = {r.role for r in fixed.values()}
    if TOWN_KEY not in taken:
        key = _pick_town_key(profiles, fixed)
        if key is not None:
            roles[key] = ColumnRole(TOWN_KEY)
    best: dict[str, tuple[float, int]] = {}  # tier/criterion: (share, column) of the best
    for i, p in enumerate(profiles):
        if roles[i] is not None:
            continue
        role = _guess_one(p)
        if role in (TIER, CRITERION):
            if role in taken:
                role = IGNORED
            else:
                share = p.share(p.tiers if role == TIER else p.criteria)
                if role not in best or share > best[role][0]:
                    if role in best:
                        roles[best[role][1]] = ColumnRole(IGNORED)
                    best[role] = (share, i)
                else:
                    role = IGNORED
        if role == NUMERIC:
            roles[i] = numeric_role(headers[i], p)
        else:
            roles[i] = ColumnRole(role)
    return [r if r is not None else ColumnRole(IGNORED) for r in roles]


def _pick_town_key(profiles: Sequence[Profile], fixed: dict[int, ColumnRole]) -> int | None:
    ranked = [
        (p.share(p.towns), p.header_role == TOWN_KEY, -i)
        for i, p in enumerate(profiles)
        if i not in fixed
    ]
    eligible = [r for r in ranked if r[0] >= MOSTLY or r[1]]
    if not eligible:
        return None
    # Most matches first; if no column matches well, eligible columns are the ones headed
    # like a town column, and the best of those wins.
    return -max(eligible)[2]


def _guess_one(p: Profile) -> str:
    numbers = p.share(p.numbers, neutral=True)
    if p.header_role in (TIER, CRITERION):
        parsed = p.share(p.tiers if p.header_role == TIER else p.criteria)
        # A header word wins, unless the cells are numbers and not tiers/criteria.
        return NUMERIC if parsed < MOSTLY and numbers >= MOSTLY else p.header_role
    if p.header_role in (IGNORED, TOWN_KEY) or p.cells == 0:
        return IGNORED
    if p.share(p.tiers) >= TIER_BY_CONTENT:
        return TIER
    if numbers >= MOSTLY or (p.neutral == p.cells and p.neutral > 0):
        # A column of formulas or no-data marks is kept as numeric so its cells are reported.
        return NUMERIC
    return IGNORED


def numeric_role(
    header: str, p: Profile | None = None, role: ColumnRole | None = None
) -> ColumnRole:
    """Complete a numeric role: unit from the role, the header or the cells' percent signs;
    aggregation from the role or :func:`~userdata.read.roles.default_aggregation`."""
    unit = role.unit if role else None
    if unit is None:
        unit = split_header(header)[1]
    if unit is None and p is not None and p.numbers and p.percents * 2 >= p.numbers:
        unit = "%"
    aggregation = role.aggregation if role else None
    if aggregation is None:
        aggregation = default_aggregation(header, unit)
    return ColumnRole(NUMERIC, unit, aggregation)
