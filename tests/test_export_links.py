"""The link printed on an export opens the same view in the app."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from export.links import view_link
from geo.view import View, from_params

VIEWS = [
    View(),
    View(lang="ru", vintage="2022", unit="KZ-35", indicator="pop_share_2023"),
    View(lang="en", colour_by="status").with_filter("status", {"listed", "unknown"}),
    View(lang="kk", tiles=True).with_filter("sector", {"coal", "copper"}).with_filter("tier", {}),
]


@pytest.mark.parametrize("view", VIEWS)
def test_link_round_trips_to_the_same_view(atlas, view):
    link = view_link(view, "https://atlas.example.kz/monoqala/")
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://atlas.example.kz/monoqala/"
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    assert params["v"] == view.vintage and params["lang"] == view.lang  # even when defaults
    parsed = from_params(params, atlas.unit_ids(), set(atlas.sectors["sector"]))
    assert parsed.notices == []
    assert parsed.view == view
