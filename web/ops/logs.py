"""Log lines as JSON, one object per line, with nothing in them that opens a planner's data.

Every record goes out as ``{"ts", "level", "logger", "msg", ...}``; access records add
``request_id``, ``method``, ``route`` (the route's template, never the path or query
string), ``status`` and ``duration_ms``. Whatever a message says, anything shaped like a
dataset id (32 URL-safe characters) or a write key (43) is replaced by ``[redacted]``
before it is written, tracebacks included: a line that quotes a link cannot leak it.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from datetime import UTC, datetime

# The exact lengths of userdata.store.tokens' ids and keys, as whole words of the URL-safe
# alphabet (a longer run, such as a sha256 digest, is not one).
_SECRET = re.compile(r"(?<![A-Za-z0-9_-])(?:[A-Za-z0-9_-]{43}|[A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])")
REDACTED = "[redacted]"
# Fields an access record carries, in this order, after the common ones.
ACCESS_FIELDS = ("request_id", "method", "route", "status", "duration_ms", "kind")
ENV_REPLICA = "MONOQALA_REPLICA"


def redact(text: str) -> str:
    """``text`` with every dataset id and write key replaced by ``[redacted]``."""
    return _SECRET.sub(REDACTED, text)


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line, redacted (see the module docstring)."""

    def __init__(self, replica: str | None = None) -> None:
        super().__init__()
        self.replica = replica if replica is not None else os.environ.get(ENV_REPLICA, "")

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": redact(record.getMessage()),
        }
        if self.replica:
            line["replica"] = self.replica
        for name in ACCESS_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


def count_errors(record: logging.LogRecord) -> bool:
    """Count the failures the app and Streamlit log (the ``errors`` counter, kind ``app``)."""
    if record.levelno >= logging.ERROR and record.name.split(".")[0] in ("monoqala", "streamlit"):
        from web.ops.metrics import ERRORS

        ERRORS.labels("app").inc()
    return True


def configure(stream=None, level: int = logging.INFO) -> logging.Handler:
    """Send every log record of the process as JSON lines to ``stream`` (stdout by default).

    Streamlit and uvicorn give their loggers handlers of their own; those are removed so that
    each record is written once, by this handler, on the root logger.

    Returns
    -------
    logging.Handler
        The handler now on the root logger.
    """
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(count_errors)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in list(logging.root.manager.loggerDict):
        if name.split(".")[0] in ("uvicorn", "monoqala"):
            logger = logging.getLogger(name)
            for old in list(logger.handlers):
                logger.removeHandler(old)
            logger.propagate = True
    _streamlit_to_root()
    # uvicorn's own access log writes the path with its query string: dataset ids travel
    # there. The access middleware logs requests instead.
    logging.getLogger("uvicorn.access").disabled = True
    return handler


def _to_root(logger: logging.Logger) -> None:
    """Let a Streamlit logger's records reach the root handler instead of its own console."""
    own = getattr(logger, "streamlit_console_handler", None)
    if own is not None:
        logger.removeHandler(own)
        del logger.streamlit_console_handler
    logger.propagate = True


def _streamlit_to_root() -> None:
    """Streamlit gives every logger it creates a plain-text console handler and stops it
    propagating, now and whenever its configuration is reloaded (``setup_formatter``):
    route them all, present and future, to the JSON handler."""
    import streamlit.logger as st_logger

    st_logger.setup_formatter = _to_root
    for logger in list(st_logger._loggers.values()):
        _to_root(logger)
