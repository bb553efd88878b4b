"""``python -m web.ops``: one replica of the atlas's server, as a deployment runs it.

* The atlas's data is loaded before the port opens (:func:`warmed`), so the balancer never
  sends a reader to a replica that would make them wait for it.
* Logs are JSON lines (:mod:`web.ops.logs`); uvicorn's own access log, which would write
  query strings, is off.
* Stopping (SIGTERM, as ``docker stop`` sends it): the port closes at once, so the balancer
  sends new connections to another replica; each app connection is closed as soon as its
  run has finished (:func:`web.ops.access.drain`); requests under way are answered; then
  the process ends.
* Secrets come from files (``docker compose`` secrets), never from the image:
  ``MONOQALA_COOKIE_SECRET_FILE`` (the cookie secret every replica shares),
  ``MONOQALA_DATABASE_PASSWORD_FILE`` (read by the dataset store's settings), and sign-in's
  settings, which Streamlit reads from its secrets file (``~/.streamlit/secrets.toml``).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import os
import socket
import sys
from collections.abc import Mapping, MutableMapping
from pathlib import Path

import uvicorn

from web.ops import access, logs, probes

log = logging.getLogger("monoqala.ops")

ENV_HOST, ENV_PORT = "MONOQALA_HOST", "MONOQALA_PORT"
ENV_COOKIE_SECRET_FILE = "MONOQALA_COOKIE_SECRET_FILE"
STREAMLIT_COOKIE_SECRET = "STREAMLIT_SERVER_COOKIE_SECRET"
ENV_DRAIN = "MONOQALA_DRAIN_SECONDS"
DEFAULT_APP = "web.server:app"
DEFAULT_DRAIN_SECONDS = 20.0


class SettingError(Exception):
    """A setting the replica cannot start with; the message names it, never a secret."""


class DrainingServer(uvicorn.Server):
    """uvicorn's server, warmed before it listens and drained before it stops."""

    def __init__(self, config: uvicorn.Config, drain_seconds: float) -> None:
        super().__init__(config)
        self.drain_seconds = drain_seconds

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        log.info("stopping: no new connections; finishing the runs under way")
        for server in self.servers:
            server.close()
        cut = await access.drain(self.drain_seconds)
        log.info("stopping: app connections closed (%d runs cut short)", cut)
        await super().shutdown(sockets)


def warmed(app):
    """``app`` whose start-up ends only once the atlas's data is loaded.

    uvicorn opens the port when the application's start-up is complete: loading the data
    in between (after Streamlit's runtime has started, so that the page's caches are the
    ones filled) keeps the balancer from sending a reader to a replica still reading files.
    """

    async def wrapper(scope, receive, send):
        if scope["type"] != "lifespan":
            return await app(scope, receive, send)

        async def send_when_loaded(message):
            if message["type"] == "lifespan.startup.complete":
                await asyncio.to_thread(probes.load_atlas)
            await send(message)

        return await app(scope, receive, send_when_loaded)

    return wrapper


def secrets_from_files(environ: MutableMapping[str, str]) -> None:
    """Streamlit's cookie secret from ``MONOQALA_COOKIE_SECRET_FILE``, shared by every replica
    (cookies signed by one, the XSRF token's included, are then valid on the others).

    Raises
    ------
    SettingError
        The file cannot be read or is empty.
    """
    path = environ.get(ENV_COOKIE_SECRET_FILE)
    if not path:
        return
    try:
        secret = Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        raise SettingError(f"{ENV_COOKIE_SECRET_FILE}: cannot read {path}") from None
    if not secret:
        raise SettingError(f"{ENV_COOKIE_SECRET_FILE}: {path} is empty")
    environ[STREAMLIT_COOKIE_SECRET] = secret


def load_app(spec: str):
    """The ASGI application named ``module:attribute``.

    Without the public pages' server (``web.server``), the app alone is served with the
    operations routes, from the ``app.py`` beside the installed packages.
    """
    module, _, attribute = spec.partition(":")
    try:
        return getattr(importlib.import_module(module), attribute or "app")
    except ModuleNotFoundError as exc:
        if spec != DEFAULT_APP or exc.name != module:
            raise
    import streamlit as st

    import web
    import web.ops as ops

    script = Path(web.__file__).resolve().parent.parent / "app.py"
    log.warning("no %s: serving %s with the operations routes only", module, script)
    return st.App(script, routes=ops.routes(), middleware=ops.middleware())


def parse_args(argv: list[str] | None, environ: Mapping[str, str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m web.ops", description=__doc__.split("\n")[0])
    parser.add_argument("--host", default=environ.get(ENV_HOST, "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(environ.get(ENV_PORT, "8501")))
    parser.add_argument("--app", default=DEFAULT_APP, help="the ASGI app, module:attribute")
    parser.add_argument(
        "--drain-seconds",
        type=float,
        default=float(environ.get(ENV_DRAIN, DEFAULT_DRAIN_SECONDS)),
        help="how long a stopping replica waits for runs under way",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv, os.environ)
    logs.configure()
    try:
        secrets_from_files(os.environ)
    except SettingError as exc:
        log.error("cannot start: %s", exc)
        return 2
    app = load_app(args.app)
    logs.configure()  # again: importing the app created Streamlit's loggers
    config = uvicorn.Config(
        warmed(app),
        host=args.host,
        port=args.port,
        access_log=False,
        log_config=None,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        timeout_graceful_shutdown=int(args.drain_seconds) + 5,
        # Longer than the balancer keeps an idle connection (50 s): the balancer closes it
        # first, and never sends a request on a connection the replica is closing.
        timeout_keep_alive=65,
        ws_max_size=16 * 1024 * 1024,
    )
    server = DrainingServer(config, args.drain_seconds)
    log.info("replica %s starting on %s:%d", probes.replica(), args.host, args.port)
    server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
