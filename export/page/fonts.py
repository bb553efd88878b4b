"""Fonts of the static maps: matplotlib's own DejaVu Sans, by file.

DejaVu Sans covers Kazakh (ә ғ қ ң ө ұ ү һ і) and Russian. Naming the bundled file, not the
family, keeps a system copy of another version from changing the output's bytes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import matplotlib
from matplotlib.font_manager import FontProperties


@cache
def font_path(bold: bool = False) -> Path:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


def font(size: float, bold: bool = False) -> FontProperties:
    """The bundled DejaVu Sans at ``size`` points."""
    return FontProperties(fname=font_path(bold), size=size)
