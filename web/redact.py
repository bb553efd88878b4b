"""Log lines without dataset ids or write keys, whoever writes them.

The public routes log no query at all. A server that logs requests itself (uvicorn's access
log, when the deployment turns it on) writes the address with its query: this filter blanks
the values of ``data``, ``write_key`` and ``key`` in every line of the loggers it is put on.
"""

from __future__ import annotations

import logging
import re

_SECRETS = re.compile(r"(?i)(?<![A-Za-z0-9_])(data|write_key|write-key|key)=[^&\s\"']*")
REDACTED = r"\1=…"
# Loggers whose lines can hold a request's address.
LOGGERS = ("uvicorn.access", "uvicorn.error", "monoqala.web", "streamlit")


def redact(text: str) -> str:
    """``text`` with the values of ``data=``, ``write_key=`` and ``key=`` blanked."""
    return _SECRETS.sub(REDACTED, text)


class Redact(logging.Filter):
    """Blank secrets in a record's message and its arguments (before they are joined)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True


def install(names: tuple[str, ...] = LOGGERS) -> None:
    """Put the filter on the loggers ``names`` (once each)."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, Redact) for f in logger.filters):
            logger.addFilter(Redact())
