"""The naive baseline as a Streamlit app (for the benchmark only, not part of the atlas).

``MONOQALA_BENCH_FULL_DIR`` names a folder written by
:func:`bench.naive.write_full_resolution`; ``MONOQALA_BENCH_OFFLINE=0`` keeps folium's CDN
links (what a naive app ships) instead of inlining Leaflet (needed to draw offline).
"""

import os
from pathlib import Path

from bench.naive import naive_page

naive_page(
    Path(os.environ["MONOQALA_BENCH_FULL_DIR"]),
    offline=os.environ.get("MONOQALA_BENCH_OFFLINE", "1") == "1",
)
