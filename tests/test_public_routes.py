"""The public routes, asked in this process: every route in three languages, one address
per view, 304 on repeat, Cache-Control, hostile addresses, private datasets under the app's
rules, and files byte-identical to the command line's."""

from __future__ import annotations

import gzip
import html
import json
import re

import pytest

from cli import main as cli
from export.embed.csp import policy
from geo.view import View
from tests.public import planners_dataset, public_client
from tests.test_public_signin import sign_in, streamlit_cookies  # noqa: F401 - fixture
from web.answers import data_date
from web.links import view_query

ROUTES = {
    "/view": "text/html",
    "/embed": "text/html",
    "/view.png": "image/png",
    "/view.pdf": "application/pdf",
    "/view.csv": "text/csv",
    "/view.units.csv": "text/csv",
    "/view.geojson": "application/geo+json",
    "/view.json": "application/json",
}
TITLE = {
    "kk": "Қазақстан — Моноқалалар саны",
    "ru": "Казахстан — Число моногородов",
    "en": "Kazakhstan — Number of monotowns",
}


@pytest.fixture(scope="module")
def store_url(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('public-store') / 'datasets.sqlite3'}"


@pytest.fixture(scope="module")
def served(atlas, store_url):
    with public_client(atlas, store_url) as (client, public):
        yield client, public


@pytest.fixture
def client(served):
    return served[0]


def text(answer) -> str:
    return answer.body.decode("utf-8")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("route", list(ROUTES))
def test_every_route_answers_every_language_with_its_headers(client, route, lang):
    query = view_query(View(lang=lang, vintage="2022"))
    got = client.get(route, query)
    assert got.status == 200, got.body[:300]
    assert got.headers["content-type"].startswith(ROUTES[route])
    assert got.headers["cache-control"] == "public, max-age=3600"
    assert got.headers["referrer-policy"] == "no-referrer"
    assert re.fullmatch(r'"[0-9a-f]{32}"', got.headers["etag"])
    if route in ("/view", "/embed"):
        assert f'<html lang="{lang}">' in text(got) and TITLE[lang] in text(got)
    elif route == "/view.png":
        assert got.body.startswith(b"\x89PNG")
    elif route == "/view.pdf":
        assert got.body.startswith(b"%PDF")
    elif route == "/view.json":
        assert json.loads(got.body)["view"]["language"] == lang
    elif route == "/view.geojson":
        assert json.loads(got.body)["type"] == "FeatureCollection"
    else:
        assert got.body.startswith("\ufeff".encode())  # the BOM spreadsheets need


def test_the_page_says_in_text_what_the_map_shows(client):
    page = text(client.get("/view", "lang=en"))
    # Counts per unit, as text: Karaganda has 8 monotowns in the 2012 boundaries.
    assert re.search(r'<th scope="row">Karaganda Region</th><td class="mq-num">8</td>', page)
    assert "Units with no monotowns: Almaty, Astana, Kyzylorda Region, North Kazakhstan" in page
    assert "27 of 27 monotowns shown in 12 units" in page
    assert '<form class="mqp-form" method="get" action="view">' in page
    for name in ("lang", "v", "unit", "ind", "color"):
        assert f'name="{name}"' in page
    assert '<input type="checkbox" name="status" value="left">' in page
    assert 'href="view.png?lang=en"' in page and 'href="embed?lang=en"' in page
    assert '<a class="mqp-atlas" href="./?lang=en">Open in the planners&#x27; atlas</a>' in page
    assert 'hreflang="kk"' in page and 'href="view"' in page  # Kazakh: the default, no query
    assert '<h2 id="mq-caveats-h">Caveats</h2>' in page and '<h2 id="mq-sources-h">' in page
    assert '<noscript><img class="mqp-static" src="view.png?lang=en"' in page


def test_a_forms_answer_goes_to_the_address_the_apps_link_writes(client):
    form = "lang=ru&v=2022&unit=KZ-35&ind=n_towns&color=status&status=listed&status=unconfirmed"
    got = client.get("/view", form)
    expected = View(lang="ru", vintage="2022", unit="KZ-35", colour_by="status").with_filter(
        "status", {"listed", "unconfirmed"}
    )
    assert got.status == 303
    assert got.headers["location"] == f"view?{view_query(expected)}"
    assert (
        view_query(expected) == "v=2022&lang=ru&color=status&unit=KZ-35&status=listed,unconfirmed"
    )
    landed = client.get("/view", view_query(expected))
    assert landed.status == 200 and "Карагандинская область" in text(landed)


def test_a_repeated_request_gets_304_in_either_encoding(client):
    first = client.get("/view.csv", "lang=kk")
    again = client.get("/view.csv", "lang=kk", {"If-None-Match": first.headers["etag"]})
    assert (
        again.status == 304 and again.body == b"" and again.headers["etag"] == first.headers["etag"]
    )
    zipped = client.get("/view", "lang=ru", {"Accept-Encoding": "gzip, br"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["etag"].endswith('-gzip"')
    plain = client.get("/view", "lang=ru")
    assert gzip.decompress(zipped.body) == plain.body and "content-encoding" not in plain.headers
    for tag in (zipped.headers["etag"], plain.headers["etag"], f"W/{plain.headers['etag']}"):
        assert client.get("/view", "lang=ru", {"If-None-Match": tag}).status == 304
    other = client.get("/view", "lang=en", {"If-None-Match": plain.headers["etag"]})
    assert other.status == 200
    refused = client.get("/view", "lang=ru", {"Accept-Encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in refused.headers


def test_a_view_is_made_once_then_answered_from_the_cache(served):
    client, public = served
    query = view_query(View(lang="en", vintage="2018", indicator="pop_share_2023"))
    assert public.answers.cache.get(("page", query, None)) is None
    first = client.get("/view", query)
    kept = public.answers.cache.get(("page", query, None))
    assert kept is not None and kept.body == first.body
    assert client.get("/view", query).body == first.body


def test_the_embed_carries_its_policy_as_a_header_and_the_page_its_own(client):
    embed = client.get("/embed", "lang=en")
    header = embed.headers["content-security-policy"]
    assert header.startswith("default-src 'none'; script-src 'sha256-")
    assert "frame-ancestors *" in header and "unsafe" not in header
    assert header.replace("; frame-ancestors *", "") in text(embed)  # the <meta> policy
    page = client.get("/view", "lang=en")
    sent = page.headers["content-security-policy"]
    assert "form-action 'self'" in sent and "img-src 'self'" in sent
    assert "frame-ancestors 'self'" in sent and "unsafe" not in sent
    # Exactly the page's own blocks, by hash, as hashing the whole page finds them.
    found = directives(policy(text(page), header=True))
    found.update({"img-src": {"'self'"}, "form-action": {"'self'"}, "frame-ancestors": {"'self'"}})
    assert directives(sent) == found


def directives(policy_text: str) -> dict[str, set[str]]:
    return {d.split(" ")[0]: set(d.split(" ")[1:]) for d in policy_text.split("; ")}


HOSTILE = [
    ("v=<script>alert(1)</script>&lang=ru", "ru", "недопустимое значение"),
    ("lang=en&unit=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "en", "is not a unit"),
    ("lang=kk&%3Cscript%3Ealert(1)%3C/script%3E=1", "kk", "деген параметр жоқ"),
    ("lang=en&v=%00%01", "en", "is not valid"),
    ("lang=en&ind=__class__", "en", "'ind=__class__' is not valid"),
    ("lang=en&status=listed&status=<b>x</b>", "en", "values that are not known"),
    ("lang=en&data=../../etc/passwd", "en", "is not a dataset id"),
    ("lang=en&unit=" + "A" * 400, "en", "is too long"),
    ("lang=en&" + "&".join(f"p{i}=1" for i in range(250)), "en", "parameters"),
    ("lang=en&v=%ff", "en", "UTF-8"),
    ("v=" + "9" * 3000, "kk", "таңба"),
]


@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize(("query", "lang", "says"), HOSTILE)
def test_a_hostile_address_gets_a_400_page_naming_it_on_every_route(
    client, route, query, lang, says
):
    got = client.get(route, query, {"Accept-Language": lang})
    assert got.status == 400
    assert got.headers["content-type"] == "text/html; charset=utf-8"
    assert got.headers["cache-control"] == "no-store"
    assert got.headers["content-security-policy"].startswith("default-src 'none'")
    page = text(got)
    assert says in html.unescape(page)
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "Traceback" not in page


def test_the_400_page_links_to_the_view_without_the_bad_parameter(client):
    page = text(client.get("/view", "lang=en&v=2022&unit=KZ-35&fbclid=abc"))
    assert 'href="view?v=2022&amp;lang=en&amp;unit=KZ-35">Show the view without them' in page


def test_a_dataset_without_owner_opens_by_its_id_and_is_never_cached_publicly(
    client, store_url, atlas
):
    dataset_id = planners_dataset(store_url)
    query = view_query(View(lang="en", data=dataset_id).with_filter("tier", {"high"}))
    for route in ROUTES:
        got = client.get(route, query)
        assert got.status == 200, (route, got.body[:300])
        assert got.headers["cache-control"] == "private, no-store"
        assert "access-control-allow-origin" not in got.headers
    page = text(client.get("/view", query))
    assert "Give its address only to people you trust" in page
    assert "supplied by" in page.lower() and "tiers.csv" in page
    towns = client.get("/view.csv", query).body.decode("utf-8-sig")
    assert len(towns.strip().splitlines()) == 1 + 2  # Temirtau and Zhezkazgan are "high"


def test_an_id_that_never_existed_is_a_404_in_the_readers_language(client):
    got = client.get("/view", "lang=ru&data=" + "N" * 32)
    assert got.status == 404 and got.headers["cache-control"] == "no-store"
    assert "Такого набора данных нет" in text(got) and "N" * 32 not in text(got)
    assert 'href="view?lang=ru"' in text(got)  # the same view with the published data


def test_with_sign_in_a_dataset_is_its_owners_and_named_colleagues_only(
    client,
    store_url,
    sign_in,  # noqa: F811
):
    from userdata.store import DatasetStore

    dataset_id = planners_dataset(store_url, owner="alice@akimat.kz", name="Akimat tiers")
    never = "Z" * 32
    alice, bob, carol = (
        streamlit_cookies({"email": f"{who}@akimat.kz"}) for who in ("alice", "bob", "carol")
    )

    def ask(dataset, cookies, route="/view"):
        header = "; ".join(f"{k}={v}" for k, v in cookies.items())
        return client.get(route, f"lang=en&data={dataset}", {"Cookie": header} if header else {})

    owned = ask(dataset_id, alice)
    assert owned.status == 200 and "Akimat tiers" in text(owned)
    assert owned.headers["cache-control"] == "private, no-store"
    nobody = ask(never, {})
    for who in ({}, bob, carol):  # not signed in, not shared with, a stranger
        for route in ROUTES:
            got = ask(dataset_id, who, route)
            same = ask(never, who, route)
            assert got.status == 404 and (got.body, got.headers) == (same.body, same.headers)
            assert got.body == nobody.body
    with DatasetStore(store_url) as store:
        store.share(dataset_id, "bob@akimat.kz", user="alice@akimat.kz")
    assert ask(dataset_id, bob).status == 200
    assert ask(dataset_id, carol).status == 404


def test_the_store_being_down_is_a_503_page_not_a_traceback(atlas):
    with public_client(atlas, "postgresql://nobody@127.0.0.1:1/none") as (client, _):
        got = client.get("/view", "lang=en&data=" + "D" * 32)
    assert got.status == 503 and got.headers["cache-control"] == "no-store"
    assert "The datasets cannot be read just now" in text(got)
    assert "Traceback" not in text(got) and "D" * 32 not in text(got)


@pytest.fixture
def exported(atlas, tmp_path, monkeypatch, store_url):
    """``monoqala export`` of a view, as bytes, with the date the public files carry."""
    monkeypatch.setattr(cli, "load", lambda: atlas)
    monkeypatch.setenv("MONOQALA_DATABASE_URL", store_url)

    def export(query: str, fmt: str, dataset=None) -> bytes:
        out = tmp_path / f"out.{fmt}"
        day = data_date(atlas, dataset).isoformat()
        code = cli.main(["export", "--view", query, "--format", fmt, "--date", day, "-o", str(out)])
        assert code == 0
        return out.read_bytes()

    return export


@pytest.mark.parametrize(
    ("route", "fmt", "query"),
    [
        ("/view.png", "png", "lang=kk&v=2012&unit=KZ-35"),
        ("/view.csv", "csv", "lang=ru&status=listed,unknown"),
        ("/embed", "html", "lang=en&v=2022&ind=pop_share_2023"),
        ("/view.pdf", "pdf", "lang=en"),
        ("/view.json", "json", "lang=ru&v=2018"),
        ("/view.geojson", "geojson", "lang=kk"),
        ("/view.units.csv", "units-csv", "lang=en&v=2022"),
    ],
)
def test_a_served_file_is_the_command_lines_export_byte_for_byte(
    client, exported, route, fmt, query
):
    assert client.get(route, query).body == exported(query, fmt)


def test_a_datasets_files_are_the_command_lines_too(client, exported, store_url, served):
    dataset_id = planners_dataset(store_url)
    query = view_query(View(lang="en", data=dataset_id).with_filter("tier", {"high"}))
    dataset = served[1].datasets.find(dataset_id, None)
    for route, fmt in (("/view.csv", "csv"), ("/embed", "html"), ("/view.json", "json")):
        assert client.get(route, query).body == exported(query, fmt, dataset), route


def test_the_apps_share_panel_offers_the_public_page_of_its_view():
    from tests.test_app import run

    at = run({"lang": "ru", "v": "2022", "status": "listed"})
    at.session_state["export_open"] = True
    at.run()
    assert not at.exception
    links = [m.value for m in at.markdown if "view?" in m.value]
    assert links == ["[Лёгкая страница для читателей](view?v=2022&lang=ru&status=listed)"]


def test_a_failure_is_a_500_page_in_the_readers_language_and_logs_no_query(
    atlas, store_url, caplog, monkeypatch
):
    with public_client(atlas, store_url) as (client, public):

        def broken(*_args):
            raise RuntimeError("drawing failed")

        monkeypatch.setattr(public.answers, "answer", broken)
        dataset_id = planners_dataset(store_url)
        got = client.get("/view.png", f"lang=ru&data={dataset_id}")
    assert got.status == 500 and got.headers["cache-control"] == "no-store"
    assert "Эту страницу не удалось построить" in text(got) and "Traceback" not in text(got)
    assert "drawing failed" in caplog.text and dataset_id not in caplog.text


def test_the_embeds_header_is_the_policy_the_command_line_prints(client):
    from export.embed.csp import header

    embed = client.get("/embed", "lang=kk&v=2018")
    assert f"Content-Security-Policy: {embed.headers['content-security-policy']}" == header(
        text(embed)
    )
