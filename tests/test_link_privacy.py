"""A planner's dataset is private and its id opens it: a file's printed link to a view of
it says the data are private and carries no id, unless the planner chooses otherwise
(``--link-data``, the app's checkbox)."""

from __future__ import annotations

import io
import json

import pypdf
import pytest
from matplotlib.text import Text

from cli import main as cli
from export.formats import FORMATS, Options
from export.links import link_label, view_link
from export.page.static_map import draw
from geo.view import View
from tests.test_briefing_text import hostile_dataset
from tests.test_datasets import import_file, shared_atlas, store_file  # noqa: F401 - fixtures

APP = "https://atlas.example.kz/monoqala/"
PRIVATE = {
    "kk": "Атласта ашу (пайдаланушы деректерінсіз: олар жабық)",
    "ru": "Открыть в атласе (без данных пользователя: они закрыты)",
    "en": "Open in the atlas (without the user's data: they are private)",
}


def test_a_link_carries_the_dataset_only_when_asked():
    view = View(lang="ru", data="A" * 24).with_filter("tier", {"high"})
    assert view_link(view, APP) == f"{APP}?v=2012&lang=ru&tier=high"
    assert link_label(view) == PRIVATE["ru"]
    assert view_link(view, APP, with_data=True) == f"{APP}?v=2012&lang=ru&tier=high&data={'A' * 24}"
    assert link_label(view, with_data=True) == "Открыть в атласе"
    # A view without a dataset has nothing to hide and says nothing about it.
    assert link_label(View(lang="en")) == "Open in the atlas"


@pytest.fixture
def saved(store_file, shared_atlas, tmp_path, capsys):  # noqa: F811 - fixtures
    code, lines, err = import_file(tmp_path, capsys)
    assert code == 0, err
    return lines[-1]


def export(tmp_path, dataset_id: str, name: str, *extra: str) -> bytes:
    out = tmp_path / name
    argv = ["export", "--data", dataset_id, "--colour-by", "tier", "--app-url", APP, *extra]
    assert cli.main([*argv, "-o", str(out)]) == 0
    return out.read_bytes()


def pdf_text(pdf: bytes) -> str:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_files_print_a_private_link_without_the_id(saved, tmp_path, lang):
    files = {
        name: export(tmp_path, saved, name, "--lang", lang)
        for name in ("v.pdf", "v.html", "v.json")
    }
    for name, content in files.items():
        assert saved.encode() not in content, name
    # The printed words say why the link opens the view without the data.
    assert PRIVATE[lang] in " ".join(pdf_text(files["v.pdf"]).split())
    page = files["v.html"].decode()
    assert f"{PRIVATE[lang]}</a>".replace("'", "&#x27;") in page
    assert f'href="{APP}?v=2012&amp;lang={lang}&amp;color=tier"' in page
    meta = json.loads(files["v.json"])
    assert meta["link"] == f"{APP}?v=2012&lang={lang}&color=tier"


def test_the_planner_can_choose_to_print_the_id(saved, tmp_path):
    pdf = export(tmp_path, saved, "v.pdf", "--lang", "en", "--link-data")
    assert f"data={saved}".encode() in pdf  # the page's link annotation
    assert "Open in the atlas:" in pdf_text(pdf) and "private" not in pdf_text(pdf)
    page = export(tmp_path, saved, "v.html", "--lang", "en", "--link-data").decode()
    assert f"data={saved}" in page
    meta = json.loads(export(tmp_path, saved, "v.json", "--lang", "en", "--link-data"))
    assert meta["view"]["data"] == saved and meta["user_data"]["dataset_id"] == saved


def test_options_default_to_a_private_link(atlas):
    assert Options().link_data is False
    # Without a dataset the option changes nothing.
    view = View(lang="en")
    plain = FORMATS["html"].render(atlas, view, Options(app_url=APP))
    asked = FORMATS["html"].render(atlas, view, Options(app_url=APP, link_data=True))
    assert plain == asked


@pytest.mark.parametrize("link_data", [False, True])
def test_the_png_prints_the_link_the_planner_chose(atlas, link_data):
    dataset = hostile_dataset()
    view = View(lang="en", data=dataset.dataset_id)
    page = draw(atlas, view, "16:9", app_url=APP, dataset=dataset, link_data=link_data)
    printed = " ".join(t.get_text() for t in page.figure.findobj(Text))
    assert (dataset.dataset_id in printed) is link_data
    assert (
        "Open in the atlas (without the user's data: they are private)" in printed
    ) is not link_data
