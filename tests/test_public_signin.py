"""Who is signed in on the public routes: read from the very cookie Streamlit's OIDC callback
sets (made here by Streamlit's own code), and nobody when anything about it is wrong."""

from __future__ import annotations

import asyncio
import logging
import secrets
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

import pytest
from starlette.responses import Response
from streamlit.web.server.starlette import starlette_auth_routes

import web.signin as signin
from web.redact import Redact, redact

SECRET = "a-cookie-secret-for-the-tests-0123456789"
ORIGIN = "https://atlas.example.kz"


@pytest.fixture
def sign_in(monkeypatch):
    """Sign-in configured with SECRET and a redirect URI at ORIGIN."""
    monkeypatch.setattr(signin, "get_secrets_auth_section", lambda: {"redirect_uri": "x"})
    monkeypatch.setattr(signin, "get_origin_from_redirect_uri", lambda: ORIGIN)
    monkeypatch.setattr(signin, "get_cookie_secret", lambda: SECRET)


def streamlit_cookies(claims: dict, secret: str = SECRET) -> dict[str, str]:
    """The cookies Streamlit's OIDC callback sets for ``claims`` (its own code makes them)."""
    response = Response()
    original = starlette_auth_routes.get_cookie_secret
    starlette_auth_routes.get_cookie_secret = lambda: secret
    try:
        value = {"origin": ORIGIN, "is_logged_in": True, "provider": "default", **claims}
        made = starlette_auth_routes._set_auth_cookie(response, value, {"id_token": "t"})
        # In a thread: the browser tests' Playwright may be running a loop in this one.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, made).result()
    finally:
        starlette_auth_routes.get_cookie_secret = original
    jar = SimpleCookie()
    for name, header in response.raw_headers:
        if name == b"set-cookie":
            jar.load(header.decode("latin-1"))
    return {name: morsel.value for name, morsel in jar.items()}


def test_the_signed_in_reader_is_the_e_mail_of_streamlit_s_cookie(sign_in):
    assert signin.signed_in_user(streamlit_cookies({"email": "alice@akimat.kz"})) == (
        "alice@akimat.kz"
    )


def test_a_cookie_split_into_chunks_is_read_whole(sign_in):
    # Random claims: itsdangerous compresses the value, so a repeated text would not split.
    picture = secrets.token_urlsafe(4000)
    cookies = streamlit_cookies({"email": "bob@akimat.kz", "picture": picture})
    assert "_streamlit_user_1" in cookies  # Streamlit split it
    assert signin.signed_in_user(cookies) == "bob@akimat.kz"


@pytest.mark.parametrize(
    "spoil",
    [
        lambda c: {**c, "_streamlit_user": c["_streamlit_user"][:-3] + "xyz"},  # tampered
        lambda c: {},  # no cookie
        lambda c: {"_streamlit_user": "garbage"},
    ],
)
def test_a_missing_or_tampered_cookie_gives_nobody(sign_in, spoil):
    cookies = streamlit_cookies({"email": "alice@akimat.kz"})
    assert signin.signed_in_user(spoil(cookies)) is None


def test_a_cookie_of_another_secret_origin_or_logged_out_gives_nobody(sign_in):
    other_secret = streamlit_cookies({"email": "alice@akimat.kz"}, secret="another-secret-xx")
    assert signin.signed_in_user(other_secret) is None
    logged_out = streamlit_cookies({"email": "alice@akimat.kz", "is_logged_in": False})
    assert signin.signed_in_user(logged_out) is None
    elsewhere = streamlit_cookies({"email": "alice@akimat.kz", "origin": "https://evil.example"})
    assert signin.signed_in_user(elsewhere) is None


def test_without_sign_in_configured_even_a_valid_cookie_gives_nobody(sign_in, monkeypatch):
    cookies = streamlit_cookies({"email": "alice@akimat.kz"})
    monkeypatch.setattr(signin, "get_secrets_auth_section", lambda: {})
    assert signin.signed_in_user(cookies) is None


def test_log_lines_lose_dataset_ids_and_write_keys():
    dataset_id, key = "Q" * 32, "K" * 43
    line = f'127.0.0.1:5 - "GET /view?lang=en&data={dataset_id}&v=2012 HTTP/1.1" 200'
    assert dataset_id not in redact(line) and "lang=en" in redact(line) and "v=2012" in redact(line)
    assert key not in redact(f"delete?write_key={key}&x=1")
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", f"/view.png?data={dataset_id}", "1.1", 200),
        None,
    )
    Redact().filter(record)
    assert dataset_id not in record.getMessage() and "/view.png?data=" in record.getMessage()
