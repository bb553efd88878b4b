"""Greedy label placement in image space: each label takes the first free spot around its point.

Labels are placed most important first; a spot is free when it stays inside the map and
overlaps no symbol, no label placed before it and no map furniture. A label with no free
spot takes the one that overlaps least, so nothing disappears silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matplotlib.transforms import Bbox

# Directions around a point, best first (cartographic convention: right, then above).
DIRECTIONS = (
    (1, 0, "left", "center"),
    (0, 1, "center", "bottom"),
    (-1, 0, "right", "center"),
    (0, -1, "center", "top"),
    (0.75, 0.75, "left", "bottom"),
    (0.75, -0.75, "left", "top"),
    (-0.75, 0.75, "right", "bottom"),
    (-0.75, -0.75, "right", "top"),
)
# Distances tried, as multiples of the symbol's radius plus a gap; beyond the first a
# leader line joins the label to its symbol.
RINGS = (1.0, 2.2, 3.6)


def overlap(a: Bbox, b: Bbox) -> float:
    """Area (px²) of the intersection of two boxes."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


@dataclass
class Placer:
    """Boxes already taken in image space, and the area labels must stay within."""

    bounds: Bbox
    taken: list[Bbox] = field(default_factory=list)
    pad: float = 2.0  # px kept clear around a label, so two labels never read as one

    def cost(self, box: Bbox, ignore: Bbox | None = None) -> float:
        """How badly ``box`` collides: overlap with taken boxes plus any part outside.

        ``ignore`` is a taken box that may be touched (a label's own symbol).
        """
        padded = box.padded(self.pad)
        inside = overlap(padded, self.bounds)
        outside = padded.width * padded.height - inside
        return outside * 4 + sum(overlap(padded, t) for t in self.taken if t is not ignore)

    def take(self, box: Bbox) -> None:
        self.taken.append(box)


def candidates(radius_pt: float, gap_pt: float):
    """(ring, dx, dy, ha, va) offsets in points around a symbol of radius ``radius_pt``."""
    for ring, scale in enumerate(RINGS):
        dist = radius_pt * scale + gap_pt * (1 + ring)
        for dx, dy, ha, va in DIRECTIONS:
            yield ring, dx * dist, dy * dist, ha, va


def place_annotation(
    ann, placer: Placer, renderer, radius_pt: float, gap_pt: float, ignore: Bbox | None = None
) -> int:
    """Move ``ann`` (offset-points annotation) to its best spot and reserve it; returns the ring.

    Ring 0 sits next to the symbol; higher rings are further out and deserve a leader.
    """
    best = None
    for ring, dx, dy, ha, va in candidates(radius_pt, gap_pt):
        ann.set_position((dx, dy))
        ann.set_horizontalalignment(ha)
        ann.set_verticalalignment(va)
        box = ann.get_window_extent(renderer)
        cost = placer.cost(box, ignore=ignore)
        if best is None or cost < best[0]:
            best = (cost, ring, dx, dy, ha, va, box)
        if cost == 0:
            break
    _, ring, dx, dy, ha, va, box = best
    ann.set_position((dx, dy))
    ann.set_horizontalalignment(ha)
    ann.set_verticalalignment(va)
    placer.take(box)
    return ring
