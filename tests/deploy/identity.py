"""An OpenID Connect provider on loopback for the sign-in check (PyPI ``oidc-provider-mock``).

A real provider as far as the app is concerned: discovery document, authorization code flow
with PKCE, signed ID tokens, userinfo. Its sign-in form takes the user's subject; the users'
claims (their e-mail addresses) are registered first.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.request
import warnings
from contextlib import contextmanager
from urllib.parse import quote

import werkzeug.serving

with warnings.catch_warnings():
    # It imports Authlib modules that Authlib now calls deprecated; nothing to act on here.
    warnings.simplefilter("ignore")
    import oidc_provider_mock

USERS = {
    "alice": "alice@akimat.example",
    "bob": "bob@akimat.example",
    "carol": "carol@example.org",
}


@contextmanager
def identity_provider(port: int):
    """The provider at ``http://127.0.0.1:<port>`` with Alice, Bob and Carol; yields its URL."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    app = oidc_provider_mock.app(require_nonce=False)
    server = werkzeug.serving.make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2})
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        for sub, email in USERS.items():
            body = json.dumps({"email": email, "email_verified": True, "name": sub.title()})
            request = urllib.request.Request(
                f"{url}/users/{quote(sub)}",
                data=body.encode(),
                method="PUT",
                headers={"Content-Type": "application/json"},
            )
            urllib.request.urlopen(request, timeout=10).close()
        yield url
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()
