"""The public routes in the real server (``uvicorn web.server:app``, access log on), beside
the Streamlit app: headers survive Streamlit's middleware, nothing is compressed twice, no
cookie is set, sign-in is read from Streamlit's cookie, and no log line holds a dataset id."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request

import pytest

from bench.harness import uvicorn_server
from geo.view import View
from tests.public import planners_dataset
from tests.test_public_signin import ORIGIN, streamlit_cookies
from web.links import view_query

SECRET = "cookie-secret-of-the-server-test-0123456789"
SECRETS = f"""[auth]
redirect_uri = "{ORIGIN}/oauth2callback"
cookie_secret = "{SECRET}"
client_id = "monoqala"
client_secret = "not-a-real-secret"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The server with sign-in configured (Streamlit reads ~/.streamlit/secrets.toml) and a
    store of its own; yields (base URL, store URL, log file)."""
    home = tmp_path_factory.mktemp("home")
    (home / ".streamlit").mkdir()
    (home / ".streamlit" / "secrets.toml").write_text(SECRETS, encoding="utf-8")
    store = f"sqlite:///{home / 'datasets.sqlite3'}"
    log = home / "server.log"
    env = {"HOME": str(home), "MONOQALA_DATABASE_URL": store}
    with uvicorn_server(env=env, log=log) as url:
        yield url, store, log


def get(url: str, headers: dict[str, str] | None = None):
    """(status, headers, body) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def test_the_app_and_the_public_pages_share_one_server(server):
    url, _, _ = server
    status, headers, body = get(f"{url}/")
    assert status == 200 and b'<div id="root"></div>' in body  # Streamlit's page
    status, headers, body = get(f"{url}/view?lang=en")
    assert status == 200 and b"Kazakhstan \xe2\x80\x94 Number of monotowns" in body


def test_a_public_answer_is_compressed_once_cached_publicly_and_sets_no_cookie(server):
    url, _, _ = server
    status, headers, zipped = get(f"{url}/view?lang=ru", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    _, plain_headers, plain = get(f"{url}/view?lang=ru")
    assert gzip.decompress(zipped) == plain  # not compressed a second time on its way out
    for h in (headers, plain_headers):
        assert h["Cache-Control"] == "public, max-age=3600"
        assert h["Referrer-Policy"] == "no-referrer"
        assert h.get_all("Set-Cookie") is None  # a shared cache may keep it
    again, _, body = get(f"{url}/view?lang=ru", {"If-None-Match": plain_headers["ETag"]})
    assert again == 304 and body == b""
    status, headers, png = get(f"{url}/view.png?lang=ru")
    assert png.startswith(b"\x89PNG") and "Content-Encoding" not in headers


def test_sign_in_is_read_from_streamlits_cookie_and_no_log_line_holds_an_id(server):
    url, store, log = server
    dataset_id = planners_dataset(store, owner="alice@akimat.kz", name="Akimat tiers")
    query = view_query(View(lang="en", data=dataset_id))

    def ask(who: str | None, route: str = "/view"):
        headers = {}
        if who:  # the cookies Streamlit's callback sets under this server's secret
            cookies = streamlit_cookies({"email": who}, secret=SECRET)
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        return get(f"{url}{route}?{query}", headers)

    status, headers, body = ask("alice@akimat.kz")
    assert status == 200 and b"Akimat tiers" in body
    assert headers["Cache-Control"] == "private, no-store"
    assert ask("alice@akimat.kz", "/view.csv")[0] == 200
    for who in (None, "carol@akimat.kz"):
        status, _, body = ask(who)
        assert status == 404 and b"No such dataset" in body
    written = log.read_text(encoding="utf-8", errors="replace")
    assert "GET /view?lang=en&data=" in written  # uvicorn's access log is on
    assert dataset_id not in written


def test_no_module_of_web_shadows_another_when_streamlit_puts_its_folder_on_the_path():
    """``streamlit run web/server.py`` puts web/ first on sys.path: a module there named like
    one of the standard library or an installed package would replace it everywhere."""
    import importlib.metadata
    import sys
    from pathlib import Path

    web = Path(__file__).resolve().parent.parent / "web"
    ours = {p.stem for p in web.glob("*.py")} | {p.name for p in web.iterdir() if p.is_dir()}
    installed = set(importlib.metadata.packages_distributions())
    taken = (ours - {"__init__", "__pycache__"}) & (set(sys.stdlib_module_names) | installed)
    assert taken == set()
