"""Town and unit colours chosen together: every town colour stands apart from every class
fill, for readers with full colour vision and, with the circles' outline, for colour-blind
readers (simulated protanopia, deuteranopia, tritanopia; Machado et al. 2009, severity 1)."""

from __future__ import annotations

import numpy as np
import pytest

from geo.attributes import STATUS_COLOURS, TIER_COLOURS, UNKNOWN_COLOUR
from geo.classify import NO_DATA_COLOUR, OUTLINE_COLOUR, VALUE_COLOURS, ZERO_COLOUR
from geo.symbols import HALO, OUTLINE

CVD = {
    "protan": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
               [-0.003882, -0.048116, 1.051998]],
    "deutan": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
               [-0.011820, 0.042940, 0.968881]],
    "tritan": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
               [0.004733, 0.691367, 0.303900]],
}  # fmt: skip
SRGB_TO_XYZ = np.array(
    [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
)
FILLS = sorted({ZERO_COLOUR, *(c for cs in VALUE_COLOURS.values() for c in cs)})


def linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(rgb_linear: np.ndarray) -> np.ndarray:
    xyz = SRGB_TO_XYZ @ np.clip(rgb_linear, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, vision: str | None = None) -> float:
    """CIE 1976 colour difference, optionally as a colour-blind reader sees the colours."""
    la, lb = linear(a), linear(b)
    if vision:
        m = np.array(CVD[vision])
        la, lb = m @ la, m @ lb
    return float(np.linalg.norm(lab(la) - lab(lb)))


def luminance(hex_colour: str) -> float:
    return float(np.array([0.2126, 0.7152, 0.0722]) @ linear(hex_colour))


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def town_colours(atlas) -> dict[str, str]:
    sectors = dict(zip(atlas.sectors["sector"], atlas.sectors["color"], strict=True))
    return {**sectors, **STATUS_COLOURS, **{f"tier {k}": v for k, v in TIER_COLOURS.items()}}


def test_every_town_colour_stands_apart_from_every_class(atlas):
    worst = min(
        (delta_e(town, fill), name, fill)
        for name, town in town_colours(atlas).items()
        for fill in FILLS
    )
    assert worst[0] >= 20, worst  # plainly different, not "three similar oranges"


@pytest.mark.parametrize("vision", sorted(CVD))
def test_town_colours_stay_apart_from_the_classes_for_colour_blind_readers(atlas, vision):
    worst = min(
        (delta_e(town, fill, vision), name, fill)
        for name, town in town_colours(atlas).items()
        for fill in FILLS
    )
    # The outline and halo carry every circle the rest of the way (next test).
    assert worst[0] >= 5, worst


def test_outline_and_halo_separate_any_circle_from_any_fill():
    assert contrast(OUTLINE, HALO) >= 15
    for fill in FILLS:
        assert max(contrast(OUTLINE, fill), contrast(HALO, fill)) >= 4.5, fill


@pytest.mark.parametrize("vision", [None, *sorted(CVD)])
def test_status_and_tier_colours_are_told_apart(vision):
    for palette in (STATUS_COLOURS, TIER_COLOURS):
        colours = [*palette.values(), UNKNOWN_COLOUR]
        for i, a in enumerate(colours):
            for b in colours[i + 1 :]:
                assert delta_e(a, b, vision) >= 20, (a, b, vision)


GROUND = "#ffffff"  # the map's background, and the legend's


@pytest.mark.parametrize("k", sorted(VALUE_COLOURS))
def test_classes_differ_in_lightness_from_their_neighbours_and_the_ground(k):
    # In legend order (ground, "0 — no monotowns", then the value classes light to dark)
    # each fill is lighter than the next by a contrast ratio (WCAG relative luminance) a
    # reader who does not see hue still tells apart: 1.3:1 is about 8 points of CIE L*.
    # The zero class was 1.19:1 against white and 1.08:1 against class 1.
    chain = [GROUND, ZERO_COLOUR, *VALUE_COLOURS[k]]
    for lighter, darker in zip(chain, chain[1:], strict=False):
        assert luminance(lighter) > luminance(darker), (lighter, darker)
        assert contrast(lighter, darker) >= 1.3, (lighter, darker, contrast(lighter, darker))


def test_classes_read_as_classes():
    # The zero class is not the map's white ground, and unit outlines show on every class.
    assert delta_e(ZERO_COLOUR, "#ffffff") >= 5
    for colours in VALUE_COLOURS.values():
        for a, b in zip(colours, colours[1:], strict=False):
            assert delta_e(a, b) >= 8  # neighbouring classes differ
            assert luminance(a) > luminance(b)  # light to dark
    assert delta_e(ZERO_COLOUR, VALUE_COLOURS[4][0]) >= 8
    for fill in [*FILLS, NO_DATA_COLOUR]:
        assert contrast(OUTLINE_COLOUR, fill) >= 1.8, fill
