"""Who is signed in, on the public routes: read from the cookie Streamlit's ``st.login`` sets.

When the deployment configures sign-in (an ``[auth]`` section in Streamlit's secrets), the
OIDC callback (``/oauth2callback``) stores the provider's user info in the cookie
``_streamlit_user``: JSON with the user's claims (``email``…), ``is_logged_in``, ``provider``
and ``origin`` (that of the configured ``redirect_uri``), signed with itsdangerous under the
cookie secret (``[auth] cookie_secret``, else ``server.cookieSecret``) with the cookie's name
as salt, valid 30 days, and split into ``_streamlit_user_1``… when it is too long for one
cookie. The app's websocket reads it with these very functions of Streamlit, then requires
the cookie's origin to be the page's; here the page is the configured origin itself.

A cookie that is missing, tampered with, expired, signed with another secret, minted for
another origin or not logged in gives no user, exactly as in the app: the reader then sees
only what a reader without sign-in sees. The cookie is ``SameSite=Lax``: another site's
page that embeds a public file or frames a page never sends it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from streamlit.auth_util import (
    get_cookie_with_chunks,
    get_origin_from_redirect_uri,
    get_secrets_auth_section,
)
from streamlit.web.server.server_util import get_cookie_secret
from streamlit.web.server.starlette.starlette_app_utils import decode_signed_value
from streamlit.web.server.starlette.starlette_server_config import USER_COOKIE_NAME


def sign_in_configured() -> bool:
    """Whether the deployment's secrets configure sign-in (as the app's account box asks)."""
    try:
        return bool(get_secrets_auth_section())
    except Exception:  # unreadable secrets: Streamlit then has no sign-in either
        return False


def signed_in_user(cookies: Mapping[str, str]) -> str | None:
    """The signed-in reader's e-mail address, or None (no sign-in configured, or none valid).

    Parameters
    ----------
    cookies : mapping
        The request's cookies, name to value (as Starlette parses them).
    """
    if not sign_in_configured():
        return None
    secret = get_cookie_secret()

    def one(name: str) -> bytes | None:
        value = cookies.get(name)
        if value is None:
            return None
        # Cookies travel as ISO-8859-1: encoding back gives the signed bytes.
        return decode_signed_value(secret, name, value.encode("latin-1", "replace"))

    raw = get_cookie_with_chunks(one, USER_COOKIE_NAME)
    if not raw:
        return None
    try:
        claims = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(claims, dict) or claims.get("is_logged_in") is not True:
        return None
    origin = get_origin_from_redirect_uri()
    if origin is None or claims.get("origin") != origin:
        return None
    email = claims.get("email")
    return email if isinstance(email, str) and email else None
